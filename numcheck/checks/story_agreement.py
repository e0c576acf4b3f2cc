"""Kind ``story_agreement``: one figure reported with values that cannot both hold by two articles of a story.

"64 trucks entered" in one report and "sixty-eight trucks entered" in another, published the
same day about the same event. The pairs are the reading layer's story relations
(:func:`numcheck.read.story.link`); here the articles must carry the same date (a figure that
changes between days is an update, which :mod:`.cumulative` judges), or both tell the figure of
one dated event ("was sentenced on Monday 13 October to nine years"), and the intervals must
not meet.
"""

from __future__ import annotations

from typing import Iterable, Iterator

from numcheck.checks.agreement import AgreementParams, conflict, thing_of
from numcheck.checks.base import DocClaims, Finding, Involved, KindSpec
from numcheck.checks.common import describe


class StoryAgreementParams(AgreementParams):
    """Same knobs as :class:`~numcheck.checks.agreement.AgreementParams`."""


def run(documents: Iterable[DocClaims], params: StoryAgreementParams) -> Iterator[Finding]:
    """Yield one finding per pair of same-day articles that give one thing conflicting values."""
    from numcheck.read.story import link

    docs = list(documents)
    if len(docs) < 2:
        return
    by_doc = {d.doc: d for d in docs}
    for rel in link(docs):
        if rel.blocked or rel.cue not in ("same day", "same event"):
            continue
        A, B = by_doc[rel.docs[0]], by_doc[rel.docs[1]]
        if A.date != B.date and rel.cue != "same event":
            continue
        ka, kb = rel.of("first")[0], rel.of("second")[0]
        ma, mb = A.reading.mentions[ka], B.reading.mentions[kb]
        if ma.running or mb.running or ma.time != mb.time and ma.time and mb.time:
            continue
        a, b = A.claims[ka], B.claims[kb]
        if (a.kind not in ("duration", "age") and max(a.value, b.value) < params.min_value) or not conflict(a, b):
            continue
        thing = thing_of(ma.key)
        yield Finding(
            primary=Involved(B.doc, b, "value here"),
            evidence=(Involved(A.doc, a, "value in the other article"),),
            values={"stated": b.text, "other": a.text, "other_doc": A.doc, "thing": thing},
            computation=(f"{describe(b)} in one article and {describe(a)} in the other, published the same day"
                         if rel.cue == "same day" else
                         f"{describe(b)} in one article and {describe(a)} in the other, both told of {ma.time}"),
        )


KIND = KindSpec(
    name="story_agreement",
    params=StoryAgreementParams,
    run=run,
    scope="story",
    description="Two same-day articles of a story give one figure two values.",
)
