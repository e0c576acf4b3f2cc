"""Automatic story linking at its thresholds: articles that must link, and articles that must not.

``numcheck.engine.stories`` links two articles when they share ``min_names`` (3) distinctive
names and a figure, or twice that many names, or one or two names with a large figure and the
same subject matter. Each threshold is tested just inside and just outside, on realistic
articles, through the public ``numcheck.check``; the "must not link" cases are the ones a
looser threshold would merge into one story (and then cross-check against each other).
"""

from __future__ import annotations

import datetime as dt

import numcheck

DAY = dt.date(2024, 5, 1)


def _stories(*texts):
    report = numcheck.check(texts=list(texts), date=DAY, story="auto")
    return sorted(len(s.documents) for s in report.stories)


def test_one_shared_name_and_figure_do_not_link():
    # the case: two unrelated articles that share "Lopez" and "400"
    fire = ("Maria Lopez, a nurse at the Harbor clinic in Tacoma, said 400 patients were moved "
            "on Tuesday after a fire broke out in the basement.")
    trees = ("Councillor Lopez said 400 new trees would be planted along the river in Dunmore "
             "next spring, paid for by a grant from the Orchard Trust.")
    assert _stories(fire, trees) == [1, 1]


def test_two_shared_names_and_a_figure_do_not_link():
    a = ("Maria Lopez told the Tacoma council on Monday that 400 households had signed the "
         "petition against the new depot in Fernhill.")
    b = ("In Dunmore, Maria Lopez, a retired teacher, said 400 volunteers had cleared the beach "
         "before the Ocean Festival.")
    assert _stories(a, b) == [1, 1]


def test_three_shared_names_and_a_figure_link():
    a = ("Maria Lopez told the Tacoma council on Monday that 400 households had signed the "
         "petition against the new depot in Fernhill.")
    b = ("The Fernhill petition, started by Maria Lopez, now has 400 signatures, and the Tacoma "
         "council will debate it on Thursday.")
    assert _stories(a, b) == [2]


_FIVE = "Alvarez Brennan Castellano Dunmore Ellery"
_SIX = _FIVE + " Fairweather"


def _names_only(names: str, topic: str) -> str:
    people = names.split()
    return (f"{topic} " + ", ".join(people[:-1]) + f" and {people[-1]} were all there, "
            "officials said.")


def test_five_shared_names_without_a_figure_do_not_link():
    a = _names_only(_FIVE, "At the regional chess final in the old town hall,")
    b = _names_only(_FIVE, "On the charity bicycle ride along the coast road,")
    assert _stories(a, b) == [1, 1]


def test_six_shared_names_without_a_figure_link():
    a = _names_only(_SIX, "At the regional chess final in the old town hall,")
    b = _names_only(_SIX, "On the charity bicycle ride along the coast road,")
    assert _stories(a, b) == [2]


def test_big_figure_with_one_name_needs_shared_subject_matter():
    appeal = ("The Porthmarran lifeboat appeal has raised £340,000 towards a new boathouse, "
              "volunteers said, after months of coffee mornings, raffles and sponsored swims.")
    same = ("Volunteers behind the Porthmarran lifeboat appeal said the £340,000 raised so far "
            "from raffles, coffee mornings and sponsored swims will pay for a new boathouse.")
    other = ("A farm auction near Porthmarran fetched £340,000 for a herd of pedigree cattle "
             "on Saturday.")
    assert _stories(appeal, same) == [2]
    assert _stories(appeal, other) == [1, 1]
