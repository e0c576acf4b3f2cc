"""Kind ``score``: a match score that contradicts what the copy says happened.

The scores come from the reading (``Reading.reports``: ``pairs`` with their roles, ``lines``
by period, ``scorers`` lists; see :mod:`numcheck.extract.scores`). The sides of a score are
often not named next to it, so every check here holds whichever way round the two sides are
read, and fires only when no orientation fits. The document's final score is the one final
that all its final-score statements agree on; a round-up that gives several different finals
has none, and the checks that need one stay silent.

Five checks (param ``check``):

``scorers`` (NC731)
    The scorers listed against the final: goals (an own goal counts for the side it is listed
    under, a penalty is a goal), or points per scoring kind from ``params.points`` (a rugby
    union try 5, conversion 2, penalty goal 3, drop goal 3). Two sides' lists must give the
    final's two scores; one side's list one of them; a list that names no side either one or
    their sum.
``periods`` (NC732)
    A line score's periods must add up to its total ("28 24 25 23 — 104": 100); two sides'
    line totals must be the final.
``half_time`` (NC733)
    A half-time score the final cannot come from (a side cannot lose goals or points), and,
    with a line score of four quarters or two halves, the half-time score must be the sum of
    the first half's periods.
``aggregate`` (NC734)
    Over two legs, the first leg plus the second (the second-leg score, else the match's
    final) must give the stated aggregate.
``sets`` (NC735)
    A match told set by set (tennis, or any sport played in sets, by ``params.set_rule``): the
    sets won must give a stated tally ("2-1 in sets", "two sets to one"), the sets listed a
    stated count ("in four sets"), "straight sets" no set lost, and a match said to be won a
    winner; each set must be one the scoring rule can end on (tennis: first to 6 games by 2,
    a tie-break at 6-6, and a final set that may run on by 2 games or be a match tie-break to
    10). A sentence that says the match stopped early (retirement, rain, "trailing") has its
    last set and its result left alone. Either side may be listed first.
"""

from __future__ import annotations

from typing import Iterable, Iterator, Literal

from numcheck.checks._spans import span_claim
from numcheck.checks.base import DocClaims, Finding, Involved, KindSpec, Params

#: Points per scoring kind: football goals, and rugby union's scoring (World Rugby's laws).
DEFAULT_POINTS = {"goal": 1, "penalty": 1, "own_goal": 1, "try": 5, "conversion": 2,
                  "penalty_goal": 3, "drop_goal": 3}


#: Tennis: sets to 6 games by 2, a tie-break at 6-6, a final set played on by advantage or as a
#: match tie-break to 10 points.
DEFAULT_SET_RULE = {"games": 6, "win_by": 2, "tiebreak_at": 6, "final_games": 0,
                    "final_set_advantage": 1, "match_tiebreak": 10}


class ScoreParams(Params):
    """Which part of a match report a rule checks against the score, and the points rule."""

    check: Literal["scorers", "periods", "half_time", "aggregate", "sets"]
    #: Points each kind of score is worth (a sport's scoring rule).
    points: dict[str, int] = DEFAULT_POINTS
    #: How a set ends (check ``sets``): first to ``games`` by ``win_by``; at ``tiebreak_at``
    #: all (0 for none) one more game wins it; the final set to ``final_games`` (0: as
    #: ``games``), running on by ``win_by`` when ``final_set_advantage`` is 1, or a match
    #: tie-break to ``match_tiebreak`` points (0 for none). Tennis by default; volleyball is
    #: ``{games: 25, win_by: 2, tiebreak_at: 0, final_games: 15, final_set_advantage: 1,
    #: match_tiebreak: 0}``.
    set_rule: dict[str, int] = DEFAULT_SET_RULE


def _final(reports):
    finals = [p for p in reports.pairs if p.role == "final"]
    if not finals:
        return None
    if len({tuple(sorted((p.first, p.second))) for p in finals}) != 1:
        return None
    return finals[0]


def _claim(dc, start, end, value=None):
    return span_claim(dc, start, end, value)


def _scorers(dc: DocClaims, params: ScoreParams) -> Iterator[Finding]:
    reports = dc.reading.reports
    final = _final(reports)
    if final is None or not reports.scorers:
        return
    groups: dict[int, list] = {}
    for lst in reports.scorers:
        groups.setdefault(lst.group, []).append(lst)
    for lists in groups.values():
        totals = []
        for lst in lists:
            total = 0
            for s in lst.scorers:
                if s.kind not in params.points:
                    break
                total += params.points[s.kind] * s.count
            else:
                totals.append(total)
                continue
            break
        else:
            a, b = final.first, final.second
            if len(lists) == 2:
                ok = sorted(totals) == sorted((a, b))
                want = f"{a} and {b}"
            elif len(lists) == 1 and lists[0].side:
                ok = totals[0] in (a, b)
                want = f"{a} or {b}"
            elif len(lists) == 1:
                ok = totals[0] in (a, b, a + b)
                want = f"{a}, {b} or {a + b}"
            else:
                continue
            if ok:
                continue
            listed = "; ".join(
                (f"{lst.side}: " if lst.side else "") + ", ".join(
                    f"{s.name}{' ×' + str(s.count) if s.count > 1 else ''}"
                    + ("" if s.kind == "goal" else f" ({s.kind.replace('_', ' ')})") for s in lst.scorers)
                + f" = {t}" for lst, t in zip(lists, totals))
            yield Finding(
                primary=Involved(dc.doc, _claim(dc, final.start, final.end), "final score"),
                evidence=tuple(Involved(dc.doc, _claim(dc, lst.start, lst.end), "scorers") for lst in lists),
                values={"final": final.text, "scorers": listed},
                computation=f"the scorers listed make {listed}, where the final score needs {want}",
            )


def _periods(dc: DocClaims, params: ScoreParams) -> Iterator[Finding]:
    reports = dc.reading.reports
    flagged = False
    for line in reports.lines:
        total = sum(line.periods)
        if total == line.total:
            continue
        flagged = True
        added = " + ".join(str(x) for x in line.periods)
        yield Finding(
            primary=Involved(dc.doc, _claim(dc, line.total_start, line.total_end, line.total), "total"),
            evidence=(Involved(dc.doc, _claim(dc, line.periods_start, line.periods_end), "periods"),),
            values={"side": line.side, "periods": added, "sum": total, "total": line.total},
            computation=f"{line.side}: {added} = {total}, not {line.total}",
        )
    final = _final(reports)
    if flagged or final is None or len(reports.lines) != 2:
        return
    l1, l2 = reports.lines
    if sorted((l1.total, l2.total)) == sorted((final.first, final.second)):
        return
    yield Finding(
        primary=Involved(dc.doc, _claim(dc, final.start, final.end), "final score"),
        evidence=(Involved(dc.doc, _claim(dc, l1.total_start, l1.total_end, l1.total), "line total"),
                  Involved(dc.doc, _claim(dc, l2.total_start, l2.total_end, l2.total), "line total")),
        values={"side": f"{l1.side} and {l2.side}", "periods": "", "sum": f"{l1.total}-{l2.total}",
                "total": final.text},
        computation=f"the line scores give {l1.side} {l1.total} and {l2.side} {l2.total}, "
                    f"but the final score is {final.text}",
    )


def _fits(first: tuple[int, int], later: tuple[int, int]) -> bool:
    (a, b), (x, y) = first, later
    return (a <= x and b <= y) or (a <= y and b <= x)


def _half_time(dc: DocClaims, params: ScoreParams) -> Iterator[Finding]:
    reports = dc.reading.reports
    final = _final(reports)
    halves = None
    if len(reports.lines) == 2 and len({len(line.periods) for line in reports.lines}) == 1 \
            and len(reports.lines[0].periods) in (2, 4):
        k = len(reports.lines[0].periods) // 2
        halves = [(line, sum(line.periods[:k])) for line in reports.lines]
    for ht in (p for p in reports.pairs if p.role == "half_time"):
        if final is not None and not _fits((ht.first, ht.second), (final.first, final.second)):
            yield Finding(
                primary=Involved(dc.doc, _claim(dc, ht.start, ht.end), "half-time score"),
                evidence=(Involved(dc.doc, _claim(dc, final.start, final.end), "final score"),),
                values={"half_time": ht.text, "final": final.text},
                computation=(f"neither side can score fewer by full time than at half-time, and "
                             f"{ht.text} fits {final.text} neither way round"),
            )
        elif halves is not None and sorted((ht.first, ht.second)) != sorted(h for _, h in halves):
            (l1, h1), (l2, h2) = halves
            yield Finding(
                primary=Involved(dc.doc, _claim(dc, ht.start, ht.end), "half-time score"),
                evidence=tuple(Involved(dc.doc, _claim(dc, line.periods_start, line.periods_end), "periods")
                               for line, _ in halves),
                values={"half_time": ht.text, "final": f"{h1}-{h2}"},
                computation=f"the first-half periods give {l1.side} {h1} and {l2.side} {h2}, not {ht.text}",
            )


def _aggregate(dc: DocClaims, params: ScoreParams) -> Iterator[Finding]:
    reports = dc.reading.reports
    aggs = [p for p in reports.pairs if p.role == "aggregate"]
    firsts = [p for p in reports.pairs if p.role == "first_leg"]
    seconds = [p for p in reports.pairs if p.role == "second_leg"]
    if len(aggs) != 1 or len(firsts) != 1 or len(seconds) > 1:
        return
    second = seconds[0] if seconds else _final(reports)
    if second is None:
        return
    agg, first = aggs[0], firsts[0]
    a, b, c, d = first.first, first.second, second.first, second.second
    possible = {(a + c, b + d), (a + d, b + c)}
    stated = (agg.first, agg.second)
    if stated in possible or stated[::-1] in possible:
        return
    sums = " or ".join(f"{x}-{y}" for x, y in sorted({tuple(sorted(p, reverse=True)) for p in possible}, reverse=True))
    yield Finding(
        primary=Involved(dc.doc, _claim(dc, agg.start, agg.end), "aggregate"),
        evidence=(Involved(dc.doc, _claim(dc, first.start, first.end), "first leg"),
                  Involved(dc.doc, _claim(dc, second.start, second.end), "second leg")),
        values={"aggregate": agg.text, "legs": f"{first.text} and {second.text}"},
        computation=f"legs of {first.text} and {second.text} make {sums} on aggregate, not {agg.text}",
    )


def _set_can_end(a: int, b: int, final: bool, rule: dict[str, int]) -> bool:
    """True when a set can end at ``a``-``b`` (either side ahead) under ``rule``."""
    w, l = max(a, b), min(a, b)
    if w == l:
        return False
    games, by, tb = rule.get("games", 6), rule.get("win_by", 2), rule.get("tiebreak_at", 6)
    if tb and l == tb and w == tb + 1:
        return True  # 7-6 after a tie-break
    if w == games and w - l >= by:
        return True
    if w > games and w - l == by and (not tb or l < tb):
        return True  # 7-5: on past 5-5, by two
    if final:
        fg = rule.get("final_games") or games
        if w == fg and w - l >= by:
            return True
        if rule.get("final_set_advantage", 1) and w > fg and w - l == by:
            return True  # a final set played on by advantage (70-68 at Wimbledon, 2010)
        mt = rule.get("match_tiebreak", 10)
        if mt and ((w == mt and w - l >= by) or (w > mt and w - l == by)):
            return True
    return False


def _sets(dc: DocClaims, params: ScoreParams) -> Iterator[Finding]:
    reports = dc.reading.reports
    rule = {**DEFAULT_SET_RULE, **params.set_rule}
    for match in getattr(reports, "sets", ()):
        sets = match.sets
        first = sum(1 for a, b in sets if a > b)
        second = sum(1 for a, b in sets if b > a)
        listed = ", ".join(f"{a}-{b}" for a, b in sets)
        problem, evidence = "", []
        if match.tally is not None and sorted(match.tally) != sorted((first, second)):
            problem = (f"the sets listed, {listed}, give {max(first, second)}-{min(first, second)} "
                       f"in sets, not {match.tally[0]}-{match.tally[1]}")
            evidence.append(Involved(dc.doc, _claim(dc, match.tally_start, match.tally_end), "set tally"))
        elif match.count is not None and match.count != len(sets) and not match.unfinished:
            problem = f"{len(sets)} sets are listed ({listed}), not {match.count}"
        elif match.straight and min(first, second) > 0:
            lost = next(f"{a}-{b}" for a, b in sets if (a > b) != (first > second))
            problem = f"one side won a set ({lost}), so the match was not won in straight sets"
        elif match.result and not match.unfinished and first == second:
            problem = f"the sets listed, {listed}, are level at {first}-{second}, so no one has won yet"
        else:
            checked = sets[:-1] if match.unfinished else sets
            for i, (a, b) in enumerate(checked):
                if not _set_can_end(a, b, i == len(sets) - 1, rule):
                    g, by, tb = rule["games"], rule["win_by"], rule["tiebreak_at"]
                    how = f"first to {g} games by {by}" + (f", a tie-break at {tb}-{tb}" if tb else "")
                    problem = f"no set ends {a}-{b} ({how})"
                    break
        if not problem:
            continue
        yield Finding(
            primary=Involved(dc.doc, _claim(dc, match.sets_start, match.sets_end), "set scores"),
            evidence=tuple(evidence),
            values={"problem": problem, "sets": listed, "sets_won": f"{first}-{second}"},
            computation=f"{listed}: sets won {first}-{second}",
        )


_CHECKS = {"scorers": _scorers, "periods": _periods, "half_time": _half_time, "aggregate": _aggregate,
           "sets": _sets}


def run(documents: Iterable[DocClaims], params: ScoreParams) -> Iterator[Finding]:
    """Run the score check named by ``params.check`` over each document."""
    check = _CHECKS[params.check]
    for dc in documents:
        if dc.reading.reports is not None:
            yield from check(dc, params)


KIND = KindSpec(
    name="score",
    params=ScoreParams,
    run=run,
    scope="document",
    description="Match scores that the scorers, the periods, the half-time score, the two legs "
                "of a tie or the sets cannot give.",
)
