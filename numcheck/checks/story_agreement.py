"""Kind ``story_agreement``: one figure reported with values that cannot both hold by two articles of a story.

"64 trucks entered" in one report and "sixty-eight trucks entered" in another, published the
same day about the same event.

Identity is the strict test of :func:`numcheck.checks.agreement.same_thing` (same counted or
measured noun, same modifiers, a shared role word, same scope and unit, not a change, plan or
quotation). On top of it:

- the two articles must carry the same date (an undated article takes its story's date);
  a figure that changes between days is an update, which :mod:`.cumulative` judges;
- each article gives that thing only one value (an article that already gives two is telling a
  series, and the pair is ambiguous);
- if both sentences name times, they must name a common one.
"""

from __future__ import annotations

from typing import Iterable, Iterator

from numcheck.checks.agreement import AgreementParams, Measure, conflict, measures, same_thing, \
    sentence_times
from numcheck.checks.base import DocClaims, Finding, Involved, KindSpec
from numcheck.checks.common import describe


class StoryAgreementParams(AgreementParams):
    """Same knobs as :class:`~numcheck.checks.agreement.AgreementParams`."""


def _only_value(group: list[Measure], m: Measure) -> bool:
    """True when ``m``'s document gives this thing no other value."""
    return all(o.claim.value == m.claim.value for o in group if o.doc == m.doc and same_thing(o, m))


def run(documents: Iterable[DocClaims], params: StoryAgreementParams) -> Iterator[Finding]:
    """Yield one finding per pair of same-day articles that give one thing conflicting values."""
    docs = [d for d in documents]
    found = {d.doc: measures(d, params) for d in docs}
    by_doc = {d.doc: d for d in docs}
    reported: set[tuple] = set()
    for i, da in enumerate(docs):
        for db in docs[i + 1:]:
            if da.date is not None and db.date is not None and da.date != db.date:
                continue
            for a in found[da.doc]:
                for b in found[db.doc]:
                    if not same_thing(a, b) or max(a.claim.value, b.claim.value) < params.min_value:
                        continue
                    if not (_only_value(found[da.doc], a) and _only_value(found[db.doc], b)):
                        continue
                    ta, tb = sentence_times(da, a.claim), sentence_times(db, b.claim)
                    if ta and tb and not (ta & tb):
                        continue
                    if not conflict(a, b):
                        continue
                    key = (a.doc, a.claim.value, b.doc, b.claim.value, a.head)
                    if key in reported:
                        continue
                    reported.add(key)
                    yield _finding(a, b, by_doc)


def _finding(a: Measure, b: Measure, by_doc: dict[str, DocClaims]) -> Finding:
    date = by_doc[b.doc].date
    computation = (f"{describe(b.claim)} in {b.doc} and {describe(a.claim)} in {a.doc} both count "
                   f"the {a.head}{' (' + a.dimension + ')' if a.claim.unit else ''}"
                   f"{' on ' + date.isoformat() if date else ''}; the intervals do not meet")
    return Finding(
        primary=Involved(b.doc, b.claim, "figure"),
        evidence=(Involved(a.doc, a.claim, "other article's figure"),),
        values={"stated": b.claim.text, "other": a.claim.text, "other_doc": a.doc,
                "thing": a.head},
        computation=computation,
    )


KIND = KindSpec(
    name="story_agreement",
    params=StoryAgreementParams,
    run=run,
    scope="story",
    description="Two articles of one story give the same figure values that cannot both hold.",
)
