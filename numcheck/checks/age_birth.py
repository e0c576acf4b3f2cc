"""Kind ``age_birth``: a person's stated age that cannot follow from their stated birth date.

"Ferreira, 47" and "born in 1950" for the same person in a 2020 article: anyone born in 1950 is
69 or 70 then. Who is who (by name, surname, pronoun and relative clause) and at what time an
age holds ("joined as a 16-year-old in 1964"; the document date otherwise) come from the
reading layer (``age`` relations, :mod:`numcheck.read.temporal`); ages at another, unstated time
("was 25 when") are non-relations there.

Tolerance: a birth year allows two ages (before and after the birthday), a full date one;
``slack_years`` more either side; the age keeps its own qualifier interval.
"""

from __future__ import annotations

from typing import Iterable, Iterator

from numcheck.checks._calendar import age_range, date_bounds, readable
from numcheck.checks.base import DocClaims, Finding, Involved, KindSpec, Params
from numcheck.checks.common import intersects, interval


class AgeBirthParams(Params):
    """Extra years either side of the birthday window that a stated age may stray."""

    slack_years: int = 0


def run(documents: Iterable[DocClaims], params: AgeBirthParams) -> Iterator[Finding]:
    """Yield one finding per age that its birth date cannot give."""
    for dc in documents:
        done: set[int] = set()
        # a headline repeats its lede: judge body mentions first, one finding per birth date
        rels = sorted((r for r in dc.reading.relations if r.kind == "age" and not r.blocked),
                      key=lambda r: dc.claims[r.of("age")[0]].block == "title")
        for rel in rels:
            if rel.of("birth")[0] in done:
                continue
            age = dc.claims[rel.of("age")[0]]
            birth = dc.claims[rel.of("birth")[0]]
            at_ks = rel.of("at")
            at_claim = dc.claims[at_ks[0]] if at_ks else None
            if at_claim is not None:
                at = date_bounds(at_claim.date)
                at_text = at_claim.text
            elif dc.date is not None:
                at = (dc.date, dc.date)
                at_text = dc.date.isoformat()
            else:
                continue
            bb = date_bounds(birth.date)
            if bb is None or at is None or bb[0] > at[1]:
                continue
            lo, hi = age_range(bb, at)
            lo -= params.slack_years
            hi += params.slack_years
            if intersects(interval(age), (lo, hi)):
                continue
            evidence = [Involved(dc.doc, birth, "birth date")]
            if at_claim is not None:
                evidence.append(Involved(dc.doc, at_claim, "when the age holds"))
            elif dc.date_evidence is not None:
                evidence.append(dc.date_evidence)
            done.add(rel.of("birth")[0])
            span = f"{lo}" if lo == hi else f"{lo}–{hi}"
            yield Finding(
                primary=Involved(dc.doc, age, "age"),
                evidence=tuple(evidence),
                values={"age_text": f"\"{age.text}\"", "birth_text": f"\"{birth.text}\"",
                        "document_date": at_text, "expected_low": lo, "expected_high": hi,
                        "expected_age": span},
                computation=f"born {readable(birth.date)}, at {at_text} the person is {span}, not {age.text}",
            )


KIND = KindSpec(
    name="age_birth",
    params=AgeBirthParams,
    run=run,
    scope="document",
    description="A person's age disagrees with their birth date.",
)
