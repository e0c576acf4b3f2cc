"""Tests for the claim-context annotator (numcheck.extract.context)."""

import math

import pytest

from numcheck.extract import split_sentences
from numcheck.extract.context import annotate, lemma
from numcheck.extract.numbers import scan_numbers
from numcheck.model import APPROX_TOLERANCE, Claim


def read(text):
    return annotate(text, scan_numbers(text), split_sentences(text))


def claim(text, fragment):
    hits = [c for c in read(text) if c.text == fragment]
    assert hits, [c.text for c in read(text)]
    return hits[0]


@pytest.mark.parametrize(
    "text,fragment,qualifier,low,high",
    [
        ("Rescuers found about 1,000 survivors.", "1,000", "approx", 1000 * (1 - APPROX_TOLERANCE), 1000 * (1 + APPROX_TOLERANCE)),
        ("Nearly 40 houses burned.", "40", "approx", 36, 40),  # at most 40 (issue 11)
        ("At least 4,757 residents were moved.", "4,757", "at_least", 4757, math.inf),
        ("No fewer than 12 ships sailed.", "12", "at_least", 12, math.inf),
        ("More than 200 soldiers deserted.", "200", "more_than", 200, math.inf),
        ("Over 30 shops closed.", "30", "more_than", 30, math.inf),
        ("At most 9 seats remain.", "9", "at_most", 0, 9),
        ("Fewer than 50 votes separated them.", "50", "less_than", 0, 50),
        ("Up to 300 jobs could go.", "300", "up_to", 0, 300),
        ("As many as 80 boats capsized.", "80", "up_to", 0, 80),
        ("Exactly 15 buses left.", "15", "exact", 15, 15),
    ],
)
def test_qualifier_and_interval(text, fragment, qualifier, low, high):
    c = claim(text, fragment)
    assert c.qualifier == qualifier
    assert c.low == pytest.approx(low)
    assert c.high == pytest.approx(high)


@pytest.mark.parametrize(
    "text,fragment,scope",
    [
        ("They swapped 95 prisoners on each side.", "95", "per_side"),
        ("Both armies lost 40 tanks per side.", "40", "per_side"),
        ("The brothers received 500 dollars each.", "500 dollars", "each"),
        ("Officials counted 1,200 ballots in total.", "1,200", "total"),
        ("Officials counted a total of 1,200 ballots.", "1,200", "total"),
        ("The plant makes 30 cars a month.", "30", "per_month"),
        ("Residents used 140 litres per day.", "140 litres", "per_day"),
        ("Households earn 9,000 euros a year.", "9,000 euros", "per_year"),
        ("Patients waited 6 hours on average.", "6 hours", "average"),
        ("Patients waited an average of 6 hours.", "6 hours", "average"),
        ("The crew of 12 sailors returned home.", "12", None),
    ],
)
def test_scope(text, fragment, scope):
    assert claim(text, fragment).scope == scope


@pytest.mark.parametrize(
    "text,fragment,subject",
    [
        ("Guards released 1,000 detainees on Sunday.", "1,000", "detainee"),
        ("At least 4,757 Ukrainian citizens were evacuated.", "4,757", "citizen"),
        ("There have been 64 exchanges since then.", "64", "exchange"),
        ("More than 200 Ukrainian service members came back.", "200", "member"),
        ("Some 35% of voters stayed away.", "35%", "voter"),
        ("Forty children were rescued.", "Forty", "child"),
    ],
)
def test_subject_is_the_lemma_of_the_head_noun(text, fragment, subject):
    assert claim(text, fragment).subject == subject


def test_sentence_index():
    text = "The first ferry carried 40 people. The second carried 55 people."
    cl = {c.text: c for c in read(text)}
    assert cl["40"].sentence == 0
    assert cl["55"].sentence == 1


def test_range_keeps_its_interval():
    c = claim("Between 200 and 300 people marched.", "200 and 300")
    assert (c.low, c.high, c.value) == (200, 300, 250)


def test_dates_get_sentence_but_no_subject():
    text = "Talks began. In 2019 the deal was signed by 12 states."
    date = Claim(start=15, end=19, text="2019", kind="year", value=2019.0, date="2019")
    out = annotate(text, [date], split_sentences(text))
    assert out[0].sentence == 1 and out[0].subject is None and (out[0].low, out[0].high) == (2019, 2019)


def test_annotate_is_pure():
    text = "About 70 boats sank."
    claims = scan_numbers(text)
    before = list(claims)
    annotate(text, claims, split_sentences(text))
    assert claims == before


@pytest.mark.parametrize("word,expected", [
    ("detainees", "detainee"), ("cities", "city"), ("buses", "bus"), ("people", "person"),
    ("churches", "church"), ("status", "status"), ("news", "news"),
])
def test_lemma(word, expected):
    assert lemma(word) == expected


@pytest.mark.parametrize(
    "text,fragment,scope",
    [
        ("Each side agreed to hand over about 800 captives.", "800", "per_side"),
        ("Both sides will free 250 each.", "250", "per_side"),
        ("Each country released 120 fishermen.", "120", "per_side"),
        ("Some 600 captives are to be handed over by each side.", "600", "per_side"),
        ("Around 600 captives on each side went home.", "600", "per_side"),
        ("They exchanged 1,500 captives in total.", "1,500", "total"),
        # a clause break: the party is not what the number counts for
        ("Each side claimed victory after 70 soldiers died.", "70", None),
        ("Both sides met and 90 observers watched.", "90", None),
    ],
)
def test_per_side_from_the_party_before_the_number(text, fragment, scope):
    assert claim(text, fragment).scope == scope


@pytest.mark.parametrize(
    "text,fragment,subject",
    [
        ("Of the 200 places, 120 went to locals.", "120", "place"),
        ("The motion passed after 51 voted in favour.", "51", None),
        ("Police said 30 gathered outside the court.", "30", None),
        ("Officers counted 25 outside the gates.", "25", None),
        ("Nine died in the crash, 5 in one car.", "5", None),
        ("Reports said 18 lorries carrying fuel crossed.", "18", "lorry"),
        ("About 300 armed men attacked.", "300", "man"),
        ("Just one ferry sailed.", "one", "ferry"),
    ],
)
def test_a_verb_or_adverb_after_a_figure_is_not_its_subject(text, fragment, subject):
    assert claim(text, fragment).subject == subject


@pytest.mark.parametrize("word,expected", [
    ("wolves", "wolf"), ("shelves", "shelf"), ("heroes", "hero"), ("potatoes", "potato"),
    ("shoes", "shoe"), ("viruses", "virus"), ("causes", "cause"), ("prizes", "prize"),
    ("movies", "movie"), ("men", "man"), ("women", "woman"), ("children", "child"),
    ("firemen", "fireman"), ("grandchildren", "grandchild"), ("specimens", "specimen"),
    ("boxes", "box"), ("quizzes", "quiz"), ("archives", "archive"), ("valves", "valve"),
])
def test_lemma_plural_forms(word, expected):
    assert lemma(word) == expected


def test_annotate_handles_claims_out_of_order():
    text = "Early on 10 boats left. Then 20 boats came."
    claims = scan_numbers(text)
    out = annotate(text, list(reversed(claims)), split_sentences(text))
    assert [(c.text, c.sentence) for c in out] == [("20", 1), ("10", 0)]


def test_a_noun_in_ly_is_still_a_subject():
    assert claim("Only one family stayed behind.", "one").subject == "family"
    assert claim("In the end 20 only stayed.", "20").subject is None
