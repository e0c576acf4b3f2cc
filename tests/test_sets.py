"""Matches told set by set (NC735, issue 12's "tennis sets"): sports copy as wire services and
local papers write it, checked through ``numcheck.check`` and a user's pack for another sport."""

from __future__ import annotations

import pickle
import textwrap

import numcheck
from numcheck.extract.scores import scan_sets

REPORT = textwrap.dedent("""\
    ---
    date: 2025-06-08
    title: Harbour Open, day six
    ---
    Top seed Elena Petrova reached the final of the Harbour Open in straight sets on Saturday,
    beating the Canadian qualifier Mia Laine 6-4, 3-6, 6-2 in an hour and 48 minutes.

    In the other semi-final, Sara Ng needed four sets to see off the defending champion, 6-4,
    6-7 (5-7), 6-3, 7-6 (7-2), and will play for her first title since 2022.

    Earlier, the doubles pair of Hart and Lopez won their quarter-final two sets to one, 6-4,
    3-6, 10-8 in a match tie-break.

    The men's match between Kovac and Silva was halted by rain with Kovac leading 6-3, 4-2.
    """)


def codes(text: str, **kw) -> list[tuple[str, str]]:
    report = numcheck.check(texts=[text], **kw)
    return [(a.code, a.message) for a in report.anomalies]


def test_a_report_with_one_contradiction_in_its_sets():
    found = codes(REPORT)
    assert len(found) == 1
    code, message = found[0]
    assert code == "NC735" and "3-6" in message and "straight sets" in message


def test_each_kind_of_contradiction():
    cases = {
        "Petrova won 2-1 in sets, 6-3, 6-4, to take the title in Doha.": "2-0 in sets, not 2-1",
        "Ng took the title in four sets, 6-4, 6-7 (5-7), 6-3, ending a run of three final defeats.": "3 sets are listed",
        "Kovac beat Laine 6-3, 4-6 to reach the quarter-finals in Rotterdam.": "level at 1-1",
        "Moreau beat Silva in three sets, 6-4, 5-3, 6-2, in the second round of the Lyon Open.": "no set ends 5-3",
        "Hart won the final in three sets, 6–4, 6–8, 6–1, against Lopez in Sydney.": "no set ends 6-8",
    }
    for text, words in cases.items():
        found = codes(text, date="2025-02-01")
        assert [c for c, _ in found] == ["NC735"], text
        assert words in found[0][1], (text, found)


def test_consistent_matches_stay_silent():
    for text in (
        "Lopez lost to Hart 4-6, 3-6 in the first round, her fifth defeat in a row.",
        "Isner beat Mahut 6-4, 3-6, 6-7 (7-9), 7-6 (7-3), 70-68 in the longest match ever played at Wimbledon.",
        "Kovac retired from the match trailing 6-3, 4-2 with a back injury, and Laine goes through.",
        "Halep beat Kerber 7-6(4) 6-2 in the final, her third title of the season.",
        "United won 3-1, 2-0 and 4-1 in their last three games, and the manager said the squad was ready.",
    ):
        assert codes(text, date="2025-02-01") == [], text


def test_sets_are_read_with_their_tally_count_and_result():
    (m,) = scan_sets("Moreau won two sets to one, 6-4, 3-6, 6-3, in Lyon.")
    assert m.sets == ((6, 4), (3, 6), (6, 3)) and m.tally == (2, 1) and m.result
    (m,) = scan_sets("Ng needed four sets, 6-4, 6-7 (5-7), 6-3, 7-6(7-2), to win.")
    assert m.sets == ((6, 4), (6, 7), (6, 3), (7, 6)) and m.count == 4
    assert pickle.loads(pickle.dumps(m)) == m


def test_another_sport_by_its_set_rule(tmp_path):
    # volleyball: sets to 25 by 2 with no cap, the fifth to 15
    pack = tmp_path / "volleyball"
    pack.mkdir()
    (pack / "VB001.yaml").write_text(textwrap.dedent("""\
        code: VB001
        name: volleyball-sets-contradict-result
        kind: score
        severity: error
        message: '{problem}'
        description: A volleyball match whose sets cannot end as written.
        params:
          check: sets
          set_rule: {games: 25, win_by: 2, tiebreak_at: 0, final_games: 15, final_set_advantage: 1, match_tiebreak: 0}
        examples:
          flag:
            - text: "Zenit won in four sets, 25-21, 23-25, 25-24, 27-25, to reach the final."
          pass:
            - text: "Zenit won in four sets, 25-21, 23-25, 25-23, 27-25, to reach the final."
        """), encoding="utf-8")
    bad = "Zenit beat Modena in five sets, 25-21, 23-25, 25-24, 22-25, 15-13, to reach the final."
    good = bad.replace("25-24", "26-24")
    got = codes(bad, rules=[pack], default_rules=False, date="2025-02-01")
    assert [c for c, _ in got] == ["VB001"] and "no set ends 25-24" in got[0][1]
    assert codes(good, rules=[pack], default_rules=False, date="2025-02-01") == []
