"""Kind ``age_birth``: a person's stated age that cannot follow from their stated birth date.

"Smith, 54, was born in 1950" in an article dated 2020: anyone born in 1950 is 69 or 70 then.

The age and the birth date must be about the same person:

- both in one sentence that holds exactly one age and one birth statement; or
- an appositive age ("Smith, 54,") and a birth statement whose subject is the same name
  ("Smith was born in 1950") elsewhere in the article, with that name given only one age.

Ages are measured at the document date, so a sentence that sets the age at another time is
skipped: one that names a further explicit year or date, or that frames the age in the past
("was 45 when", "at the time", "aged 17 at").

Tolerance: a birth year allows two ages (before and after the birthday), and ``slack_years``
more either side for a reporter's rounding or a date line that is a day off; the age keeps its
own qualifier interval ("about 70", "in his 60s" as a range).
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator

from numcheck.checks.base import DocClaims, Finding, Involved, KindSpec, Params
from numcheck.checks.common import fmt, intersects, interval
from numcheck.checks.duration_since import date_bounds, lead_gap
from numcheck.model import Claim

# "born", "was born in", "born on", "born in Baltimore, Maryland, in", "(born", "b."
_BORN = re.compile(
    r"(?:\b[Bb]orn|\(b\.)\s+(?:(?:in|on)\s+)?(?:(?:[A-Z][\w'.-]*,?\s+){1,5}(?:in|on)\s+)?$"
)
_BORN_SUBJECT = re.compile(r"\b([A-Z][a-z'-]+)\s+(?:was|is)\s+(?:\w+\s+)?$")
_APPOSITIVE_NAME = re.compile(r"\b([A-Z][a-z'-]+),\s*(?:aged\s+|age\s+)?$")
# words between an age and a birth date in one sentence that bring in another person
_OTHER_PERSON = re.compile(
    r"\b(?:whose|his|her|their|father|mother|son|daughter|wife|husband|brother|sister|parents?|"
    r"child(?:ren)?|grand\w+|and)\b",
    re.IGNORECASE,
)
_PAST_AGE = re.compile(
    r"\b(?:when|at\s+the\s+time|then|while|had\s+been|aged\s+\d+\s+at|as\s+a\s+child)\b",
    re.IGNORECASE,
)


class AgeBirthParams(Params):
    """Extra years either side of the birthday window that a stated age may stray."""

    slack_years: int = 0


def _birth_claims(dc: DocClaims) -> list[Claim]:
    out = []
    for c in dc.claims:
        if c.kind not in ("year", "date") or c.relative or date_bounds(c.date) is None:
            continue
        before = lead_gap(dc.text, max(0, c.start - 60), c)
        if _BORN.search(before):
            out.append(c)
    return out


def _born_subject(dc: DocClaims, birth: Claim) -> str | None:
    before = dc.text[max(0, birth.start - 80):birth.start]
    m = _BORN.search(before)
    if m is None:
        return None
    head = before[:m.start()]
    n = _BORN_SUBJECT.search(head)
    return n.group(1) if n else None


def _appositive_name(dc: DocClaims, age: Claim) -> str | None:
    before = dc.text[max(0, age.start - 40):age.start]
    m = _APPOSITIVE_NAME.search(before)
    return m.group(1) if m else None


def _explicit_times(claims: list[Claim], exclude: Claim) -> list[Claim]:
    return [c for c in claims if c is not exclude and c.kind in ("year", "date")
            and not c.relative and date_bounds(c.date) is not None]


def _pairs(dc: DocClaims) -> Iterator[tuple[Claim, Claim]]:
    """(age, birth) pairs about the same person."""
    by_sentence = dc.by_sentence()
    births = [b for b in _birth_claims(dc) if not b.boilerplate]
    ages = [a for a in dc.claims if a.kind == "age" and a.value is not None and not a.boilerplate]
    paired_ages: set[int] = set()
    for birth in births:
        sentence_ages = [a for a in ages if a.sentence == birth.sentence]
        sentence_births = [b for b in births if b.sentence == birth.sentence]
        if len(sentence_ages) == 1 and len(sentence_births) == 1:
            age = sentence_ages[0]
            lo, hi = sorted((age.end, birth.start)) if age.end <= birth.start else (birth.end, age.start)
            if _OTHER_PERSON.search(dc.text[lo:hi]):
                continue
            paired_ages.add(id(age))
            yield age, birth
    # appositive ages matched to "<Name> was born" statements by name
    names: dict[str, list[Claim]] = {}
    for a in ages:
        name = _appositive_name(dc, a)
        if name:
            names.setdefault(name, []).append(a)
    for birth in births:
        subject = _born_subject(dc, birth)
        if subject is None or len(names.get(subject, [])) != 1:
            continue
        if sum(1 for b in births if _born_subject(dc, b) == subject) != 1:
            continue
        age = names[subject][0]
        if id(age) in paired_ages:
            continue
        if len([b for b in by_sentence.get(birth.sentence, []) if b in births]) != 1:
            continue
        yield age, birth


def run(documents: Iterable[DocClaims], params: AgeBirthParams) -> Iterator[Finding]:
    """Yield one finding per stated age that its birth date rules out at the document date."""
    for dc in documents:
        if dc.date is None:
            continue
        by_sentence = dc.by_sentence()
        for age, birth in _pairs(dc):
            age_sentence = dc.sentence_text(age.sentence)
            if _PAST_AGE.search(age_sentence):
                continue
            if _explicit_times(by_sentence.get(age.sentence, []), birth):
                continue
            first, last = date_bounds(birth.date)
            if last > dc.date:
                continue
            # full years completed: born on ``last`` is the youngest, on ``first`` the oldest
            youngest = _completed_years(last, dc.date)
            oldest = _completed_years(first, dc.date)
            allowed = (youngest - params.slack_years, oldest + params.slack_years)
            stated = interval(age)
            if intersects(stated, allowed):
                continue
            computation = (
                f"born {birth.date} and dated {dc.date.isoformat()}: aged "
                f"{fmt(allowed[0])}–{fmt(allowed[1])}, not {fmt(age.value)}"
            )
            evidence = [Involved(dc.doc, birth, "birth date")]
            if dc.date_evidence is not None:
                evidence.append(dc.date_evidence)
            yield Finding(
                primary=Involved(dc.doc, age, "age"),
                evidence=tuple(evidence),
                values={"age_text": age.text, "age": age.value, "birth_text": birth.text,
                        "document_date": dc.date.isoformat(), "expected_low": allowed[0],
                        "expected_high": allowed[1]},
                computation=computation,
            )


def _completed_years(born, on) -> int:
    years = on.year - born.year
    if (on.month, on.day) < (born.month, born.day):
        years -= 1
    return years


KIND = KindSpec(
    name="age_birth",
    params=AgeBirthParams,
    run=run,
    scope="document",
    description="A stated age cannot follow from the stated birth date at the document date.",
)
