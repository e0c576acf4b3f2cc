"""Tests for the temporal scanner (numcheck.extract.temporal).

Every sentence here was written for these tests; none is taken from the shared seeds.
"""

from __future__ import annotations

import datetime as dt
import json
import pickle
import time

import pytest

from numcheck.extract import temporal_calendar as cal
from numcheck.extract.temporal import _scan_exhaustive, scan_temporal
from numcheck.extract.temporal_words import spelled_year

REF = dt.date(2025, 5, 23)  # a Friday


def found(text: str, ref: dt.date | None = REF) -> list[tuple[str, str, str | None]]:
    """(text, kind, date) of every claim, checking offsets on the way."""
    out = []
    for c in scan_temporal(text, ref):
        assert text[c.start:c.end] == c.text
        out.append((c.text, c.kind, c.date))
    return out


def one(text: str, needle: str, ref: dt.date | None = REF):
    """The single claim whose text is ``needle``."""
    hits = [c for c in scan_temporal(text, ref) if c.text == needle]
    assert len(hits) == 1, (needle, [(c.text, c.date) for c in scan_temporal(text, ref)])
    return hits[0]


# --- the motivating sentence -------------------------------------------------------------------

def test_swap_sentence_resolves_month_day_and_year():
    text = ("Earlier this month, 205 detainees went home in a May 7 exchange, "
            "the fifth such swap since the one in 2024.")
    c = one(text, "Earlier this month")
    assert (c.kind, c.date, c.relative, c.value) == ("date", "2025-05", True, 2025.0)
    c = one(text, "May 7")
    assert (c.kind, c.date, c.relative, c.unit) == ("date", "2025-05-07", True, None)
    c = one(text, "2024")
    assert (c.kind, c.date, c.relative, c.value) == ("year", "2024", False, 2024.0)
    assert not any(t == "205" for t, _, _ in found(text))


# --- explicit dates ----------------------------------------------------------------------------

@pytest.mark.parametrize("text,needle,iso", [
    ("The plant reopened on 7 May 2025 after repairs.", "7 May 2025", "2025-05-07"),
    ("The plant reopened on May 7, 2025, after repairs.", "May 7, 2025", "2025-05-07"),
    ("The log file is dated 2025-05-07 in the archive.", "2025-05-07", "2025-05-07"),
    ("Fighting began in February 2022 along the border.", "February 2022", "2022-02"),
    ("The vote took place on Monday, April 8, 2025 in the capital.", "Monday, April 8, 2025", "2025-04-08"),
    ("The ship left port on Dec. 31, 1994 with a full crew.", "Dec. 31, 1994", "1994-12-31"),
    ("Her passport expired on 3/14/2019 without notice.", "3/14/2019", "2019-03-14"),
    ("The fair opens on the fourth of July, 1995 as usual.", "the fourth of July, 1995", "1995-07-04"),
    ("He arrived on 05-Aug-2016 at the border.", "05-Aug-2016", "2016-08-05"),
    ("The council met in May of 2022 to vote.", "May of 2022", "2022-05"),
    ("Thousands marched at Christmas 2019 in the square.", "Christmas 2019", "2019-12-25"),
    ("Easter 2018 fell early that year.", "Easter 2018", "2018-04-01"),
])
def test_explicit_dates_are_not_relative(text, needle, iso):
    c = one(text, needle)
    assert c.kind == "date" and c.date == iso and c.relative is False
    assert c.value == float(iso[:4])


def test_impossible_dates_do_not_raise_and_are_not_claimed():
    text = ("Officials cited February 30, 2025, the 45th of May, 2/29/2019, 2025-13-40 "
            "and the year 0 or 99999 in the report.")
    got = found(text)
    assert all(d is None or d[:4] in ("2025", "2019") for _, _, d in got)
    assert not any(d and d.startswith(("2025-02-30", "2019-02-29")) for _, _, d in got)
    # a real leap day is fine
    assert one("The leap-day rally on February 29, 2024 drew crowds.", "February 29, 2024").date == "2024-02-29"


def test_month_day_range_gives_two_dates():
    got = found("Talks ran from March 3–5, 2025 in Geneva.")
    assert ("March 3", "date", "2025-03-03") in got
    assert ("5, 2025", "date", "2025-03-05") in got


# --- partial dates resolved against the document date -------------------------------------------

def test_month_day_without_year_takes_nearest_past_occurrence():
    assert one("The convoy was attacked on May 7 near the river.", "May 7").date == "2025-05-07"
    # a day a few days ahead is the coming one, not last year's
    c = one("A deadline of June 1 looms for the talks.", "June 1")
    assert c.date == "2025-06-01" and c.relative


def test_year_boundaries_in_both_directions():
    january = dt.date(2025, 1, 9)
    assert one("Flooding began on December 28 across the valley.", "December 28", january).date == "2024-12-28"
    assert one("The strike started in November, union leaders said.", "November", january).date == "2024-11"
    december = dt.date(2024, 12, 20)
    c = one("The new law takes effect on January 3, the ministry will announce.", "January 3", december)
    assert c.date == "2025-01-03"
    assert one("Hearings will resume in February.", "February", december).date == "2025-02"


def test_future_cue_picks_the_coming_month():
    ref = dt.date(2009, 6, 5)
    assert one("The sale should be completed in October, the firm said.", "October", ref).date == "2009-10"
    assert one("The sale closed in October, the firm said.", "October", dt.date(2009, 12, 1)).date == "2009-10"


def test_due_and_expected_are_future_cues():
    assert one("Her memoir is due out in May.", "May", dt.date(2019, 1, 22)).date == "2019-05"
    assert one("A ruling is expected in March.", "March", dt.date(2019, 1, 22)).date == "2019-03"
    assert one("A ruling came in March.", "March", dt.date(2019, 1, 22)).date == "2018-03"


def test_editorial_bracketed_year_after_a_month():
    got = found("I ran it from October [2018] to March [2019] alone.", dt.date(2020, 7, 6))
    assert ("October [2018]", "date", "2018-10") in got
    assert ("March [2019]", "date", "2019-03") in got


def test_without_reference_date_claims_stay_but_are_unresolved():
    c = one("The convoy was attacked on May 7 near the river.", "May 7", None)
    assert c.kind == "date" and c.date is None and c.relative and c.value is None
    c = one("The convoy was attacked on May 7, 2025 near the river.", "May 7, 2025", None)
    assert c.date == "2025-05-07" and not c.relative
    c = one("Crowds gathered on Friday outside the court.", "Friday", None)
    assert c.date is None and c.relative
    assert one("Prices fell sharply in 2024.", "2024", None).date == "2024"


# --- weekdays ----------------------------------------------------------------------------------

def test_weekday_resolves_to_latest_on_or_before_reference():
    tuesday = dt.date(2025, 5, 20)
    assert one("Police said on Monday that two men were held.", "Monday", tuesday).date == "2025-05-19"
    assert one("The storm hit on Tuesday, officials said.", "Tuesday", tuesday).date == "2025-05-20"
    assert one("The market closed early on Friday.", "Friday", tuesday).date == "2025-05-16"
    assert one("Monday's vote was delayed.", "Monday", tuesday).date == "2025-05-19"


def test_weekday_with_future_cue_resolves_forward():
    tuesday = dt.date(2025, 5, 20)
    assert one("The trial is set to open on Thursday in Leeds.", "Thursday", tuesday).date == "2025-05-22"
    assert one("Schools will stay shut until Monday.", "Monday", tuesday).date == "2025-05-26"


@pytest.mark.parametrize("phrase,iso", [
    ("last Wednesday", "2025-05-14"),
    ("next Wednesday", "2025-05-28"),
    ("this Wednesday", "2025-05-21"),
    ("this past Wednesday", "2025-05-21"),
    ("this coming Wednesday", "2025-05-28"),
    ("Wednesday of next week", "2025-05-28"),
    ("next week on Monday", "2025-05-26"),
])
def test_weekday_modifiers(phrase, iso):
    c = one(f"Ministers are to meet {phrase} to discuss it.", phrase, dt.date(2025, 5, 22))
    assert c.date == iso and c.relative


def test_weekday_words_that_are_not_days():
    assert found("The Sunday Times ran the story first.") == []
    assert [t for t, _, _ in found("They sat down and wed in June.")] == ["June"]


# --- relative phrases --------------------------------------------------------------------------

@pytest.mark.parametrize("phrase,iso", [
    ("yesterday", "2025-05-22"),
    ("today", "2025-05-23"),
    ("tomorrow", "2025-05-24"),
    ("earlier today", "2025-05-23"),
    ("the day before yesterday", "2025-05-21"),
    ("last week", "2025-W20"),
    ("this week", "2025-W21"),
    ("next month", "2025-06"),
    ("last month", "2025-04"),
    ("later this month", "2025-05"),
    ("this year", "2025"),
    ("last year", "2024"),
    ("next year", "2026"),
    ("the end of last year", "2024"),
    ("two years ago", "2023-05-23"),
    ("a week ago", "2025-05-16"),
    ("three days from now", "2025-05-26"),
])
def test_relative_phrases(phrase, iso):
    c = one(f"The agency said {phrase} that output had risen.", phrase)
    assert c.kind == "date" and c.date == iso and c.relative


def test_in_n_units_is_a_date_unless_it_is_a_duration():
    c = one("The bridge will reopen in three weeks, engineers said.", "in three weeks")
    assert c.date == "2025-06-13"
    assert found("Turnout was the highest in 20 years.") == []
    assert found("It was the first rise in three months.") == []


def test_vague_and_narrative_anchors_are_not_claimed():
    assert found("Dozens have fled in recent days.") == []
    assert found("The ship sank; three weeks later the wreck was found.") == []
    assert found("Prices have risen over the past year.") == []


def test_month_with_relative_year_gives_two_claims():
    got = found("Franchises ending after October of next year will be reviewed.", dt.date(2009, 5, 15))
    assert ("October", "date", "2010-10") in got
    assert ("next year", "date", "2010") in got


def test_holidays_resolve_and_honour_modifiers():
    ref = dt.date(2019, 6, 12)
    assert one("Sales slumped after last Easter.", "last Easter", ref).date == "2019-04-21"
    assert one("Shops expect a rush at Christmas.", "Christmas", dt.date(2019, 12, 10)).date == "2019-12-25"
    assert one("Turnout rose on Thanksgiving 2020.", "Thanksgiving 2020", ref).date == "2020-11-26"


def test_next_last_this_before_a_month_and_day():
    ref = dt.date(2019, 5, 20)
    assert one("The fair returns next 6th of April.", "next 6th of April", ref).date == "2020-04-06"
    assert one("The fair returns next May 7.", "next May 7", ref).date == "2020-05-07"
    assert one("Payments resume this 5/12.", "this 5/12", ref).date == "2019-05-12"
    assert found("Rents rose this 2.5 percent.", ref) == []


def test_weekday_with_day_of_month_finds_the_matching_month():
    c = one("Are you free on Monday 21?", "Monday 21", dt.date(2019, 1, 25))
    assert c.date == "2019-01-21"
    # a count after a weekday is not a day of the month
    got = found("On Monday 21 people were hurt.", dt.date(2019, 1, 25))
    assert ("Monday", "date", "2019-01-21") in got
    assert not any(t.startswith("Monday 21") for t, _, _ in got)


def test_offset_from_an_anchor_date():
    c = one("It closed 3 days after January 12th, 2017.", "3 days after January 12th, 2017")
    assert c.date == "2017-01-15" and not c.relative
    c = one("Rations ran out 2 weeks before Christmas.", "2 weeks before Christmas")
    assert c.date == "2024-12-11" and c.relative


# --- years and counts --------------------------------------------------------------------------

@pytest.mark.parametrize("text,needle", [
    ("The reserve has been closed since 2019.", "2019"),
    ("The 2022 invasion displaced millions.", "2022"),
    ("Output doubled in fiscal 2023, the report says.", "2023"),
    ("Unemployment hit a peak in mid-2020.", "2020"),
    ("The index fell to levels not seen since '82.", "'82"),
    ("She was born in 1950 in a coastal town.", "1950"),
])
def test_years(text, needle):
    c = one(text, needle)
    assert c.kind == "year" and c.value == float(c.date) and c.relative is False


@pytest.mark.parametrize("text", [
    "More than 2,000 prisoners were freed.",
    "About 2000 people joined the march.",
    "The motion passed with 2024 votes against 1800.",
    "The pipeline runs 1500 km to the coast.",
    "A 2000-strong crowd gathered outside.",
])
def test_counts_are_not_years(text):
    assert [k for _, k, _ in found(text) if k == "year"] == []


def test_decades_are_periods_and_military_times_are_not_years():
    # a decade is one claim over its ten years (issue 11), never the single year 1990
    assert found("Crime fell through the 1990s.") == [("1990s", "year", "199X")]
    got = found("The quake struck at 4:42 local time (1142 UTC) on Saturday.", dt.date(2019, 7, 15))
    assert ("1142", "time", None) in got
    assert one("Troops moved at 0600 hours.", "0600").value == pytest.approx(6.0)


def test_holiday_names_inside_place_names_are_not_dates():
    assert found("Statues stand all over Easter Island.") == []
    assert one("Shops shut on Christmas Eve.", "Christmas Eve", dt.date(2019, 12, 1)).date == "2019-12-24"


def test_year_ranges_give_one_claim_per_year():
    got = found("The 2012–13 season and the 1990-1995 drought were both severe.")
    assert ("2012", "year", "2012") in got and ("13", "year", "2013") in got
    assert ("1990", "year", "1990") in got and ("1995", "year", "1995") in got


# --- clock times -------------------------------------------------------------------------------

@pytest.mark.parametrize("text,needle,hours", [
    ("The blast happened at 6am as residents slept.", "6am", 6.0),
    ("Polls close at 10 p.m. local time.", "10 p.m.", 22.0),
    ("The train left at 10:30 sharp.", "10:30", 10.5),
    ("Talks broke up at noon.", "noon", 12.0),
    ("The curfew starts at midnight.", "midnight", 0.0),
    ("A protest began at 1 p.m. outside parliament.", "1 p.m.", 13.0),
    ("The summit opened at 16:15 UTC.", "16:15", 16.25),
])
def test_times(text, needle, hours):
    c = one(text, needle)
    assert c.kind == "time" and c.value == pytest.approx(hours) and c.unit == "hour"


def test_time_takes_the_adjacent_date():
    c = one("Voting ends on Friday at 8 p.m. in most districts.", "8 p.m.", dt.date(2025, 5, 21))
    assert c.date == "2025-05-16" and c.relative
    c = one("Voting ends at 8 p.m. today.", "8 p.m.")
    assert c.date == "2025-05-23"
    c = one("The verdict came at 12:20 p.m. local time on Wednesday.", "12:20 p.m.")
    assert c.date == "2025-05-21" and c.value == pytest.approx(12 + 1 / 3)
    assert one("The train left at 10:30 sharp.", "10:30").date is None


def test_scores_and_ratios_are_not_times():
    assert found("The motion passed 3:1 in committee.") == []


# --- calendar helpers --------------------------------------------------------------------------

def test_calendar_helpers():
    assert cal.easter(2024) == dt.date(2024, 3, 31)
    assert cal.holiday("thanksgiving", 2024) == dt.date(2024, 11, 28)
    assert cal.holiday("memorial day", 2025) == dt.date(2025, 5, 26)
    assert cal.safe_date(2025, 2, 30) is None and cal.safe_date(0, 1, 1) is None
    assert cal.add_months(dt.date(2025, 1, 31), 1) == dt.date(2025, 2, 28)
    assert cal.resolve_month_day(dt.date(2017, 3, 22), 2, 29) == dt.date(2016, 2, 29)
    assert cal.two_digit_year(7, dt.date(2007, 7, 9)) == 2007
    assert cal.two_digit_year(82, dt.date(2008, 10, 27)) == 1982
    assert spelled_year("nineteen eighty six") == 1986
    assert spelled_year("two thousand and thirty two") == 2032
    assert spelled_year("seventeen hundred thirty three") == 1733
    assert spelled_year("banana") is None


def test_claims_are_frozen_and_picklable():
    claims = scan_temporal("On May 7, 2025 at noon the 2022 accord lapsed.", REF)
    assert pickle.loads(pickle.dumps(claims)) == claims


# --- robustness, corpus and speed ---------------------------------------------------------------

def test_pathological_inputs_finish_quickly():
    nasty = [
        "May " * 20000,
        "1" * 50000,
        "12/12/12/12/12/" * 5000,
        "the " * 20000 + "day",
        "last next this " * 10000 + "week",
        "Monday Tuesday " * 10000,
        "in in in 3 3 3 " * 10000,
        "2019-20-21-22-" * 5000,
        "İstanbul May 7 " * 2000,  # lower-casing changes this text's length
    ]
    for text in nasty:
        t = time.perf_counter()
        for c in scan_temporal(text, REF):
            assert text[c.start:c.end] == c.text
        assert time.perf_counter() - t < 5.0


@pytest.mark.parametrize("ref", [dt.date(1, 1, 1), dt.date(1, 1, 3), dt.date(9999, 12, 31), dt.date(9999, 1, 1)])
def test_reference_dates_at_the_calendar_edges(ref):
    text = ("Tomorrow, next week, in 3 years, two years ago, the day after tomorrow, next Friday, "
            "Friday, next year, Christmas, May 7, in October, on the 18th. Monday 21 and "
            "2 weeks before Christmas, next May 7, last Easter, yesterday, next month.")
    for c in scan_temporal(text, ref):
        assert text[c.start:c.end] == c.text
        if c.date is not None and c.kind == "date" and "W" not in c.date:
            assert 1 <= int(c.date[:4]) <= 9999 and len(c.date) in (4, 7, 10)


def test_offsets_survive_text_whose_lowercase_changes_length():
    text = "İzmir officials said on May 7, 2025 that the port reopened."
    assert ("May 7, 2025", "date", "2025-05-07") in found(text)


def _corpus(shared_dir):
    path = shared_dir / "corpus" / "news.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_whole_corpus_scans_cleanly(shared_dir):
    docs = _corpus(shared_dir)
    total = 0
    for d in docs:
        text = d["text"]
        ref = dt.date.fromisoformat(d["published"])
        claims = scan_temporal(text, ref)
        last_end = 0
        for c in claims:
            assert text[c.start:c.end] == c.text
            assert c.start >= last_end, (d["id"], c)
            last_end = c.end
            assert c.kind in ("date", "year", "time")
            if c.date is not None and c.kind != "time":
                # a decade "198X" starts at its value
                assert c.date[:4].replace("X", "0") == f"{int(c.value):04d}"
        total += len(claims)
    assert total > 1000


def test_keyed_scan_agrees_with_exhaustive_scan(shared_dir):
    docs = _corpus(shared_dir)
    missing = extra = 0
    for d in docs:
        ref = dt.date.fromisoformat(d["published"])
        a = {(c.start, c.end, c.date) for c in _scan_exhaustive(d["text"], ref)}
        b = {(c.start, c.end, c.date) for c in scan_temporal(d["text"], ref)}
        missing += len(a - b)
        extra += len(b - a)
    # the exhaustive scan also starts after odd characters inside URLs; allow a handful
    assert missing <= 3 and extra <= 3, (missing, extra)


def test_corpus_speed(shared_dir):
    docs = [(d["text"], dt.date.fromisoformat(d["published"])) for d in _corpus(shared_dir)]
    nbytes = sum(len(t.encode()) for t, _ in docs)
    best = float("inf")
    for _ in range(3):
        t = time.process_time()
        for text, ref in docs:
            scan_temporal(text, ref)
        best = min(best, time.process_time() - t)
    # the target is 8 MB/s on an idle core; shared CI machines are noisier, so the test only
    # guards against a collapse (e.g. a regex that starts backtracking)
    assert nbytes / best > 3e6, f"{nbytes / best / 1e6:.1f} MB/s"


# --- property test: any mix of date-like tokens, any reference date ------------------------------

from hypothesis import given, settings, strategies as st  # noqa: E402

_TOKENS = [
    "May", "may", "7", "7th", "2025", "'82", "Friday", "Fri", "last", "next", "this", "week", "year",
    "years", "ago", "in", "the", "of", "on", "day", "yesterday", "tomorrow", "Christmas", "Easter",
    "12/31", "2/29/2019", "2025-13-40", "10:30", "p.m.", "noon", "0600", "UTC", "–", "-", "/", ",",
    ".", " ", "\n", "45th", "February", "30", "99999", "0", "İ", "’", "(", ")", "earlier", "two",
    "people", "votes", "Day", "New", "Year", "[2019]", "from", "now", "before", "after", "at",
]


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.sampled_from(_TOKENS), max_size=25),
    seps=st.lists(st.sampled_from([" ", "", ", ", "\n"]), min_size=25, max_size=25),
    ref=st.one_of(st.none(), st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))),
)
def test_never_raises_and_offsets_hold(words, seps, ref):
    text = "".join(w + s for w, s in zip(words, seps))
    last = 0
    for c in scan_temporal(text, ref):
        assert text[c.start:c.end] == c.text
        assert c.start >= last
        last = c.end


def test_race_time_is_one_duration_not_a_clock_time():
    from numcheck import extract

    claims = extract("She took the 800 metres in 1:43.21 on Sunday.", date="2020-01-01")
    race = [c for c in claims if "1:43" in c.text]
    assert len(race) == 1 and race[0].text == "1:43.21" and race[0].kind == "duration"
