"""Kind ``cumulative``: a running total that falls, in a later article of the same story or later in one article.

"At least 4,757 have returned so far" on May 23 and "4,000 have returned so far" on May 30: a
count of everyone who has come home can only grow. Running totals ("so far", "to date",
"since", "has now raised", "his 33rd goal of the season", "the death toll rose to") and the
identity of the quantity come from the reading layer; a later mention whose document states a
correction or revision of it is a non-relation there. A finding needs the later figure's whole
interval to lie below the earlier one's: "more than 4,000" after "at least 4,757" is
consistent, "4,000" is not. Articles are ordered by date only.

With ``within_document`` the totals are those one article tells in order ("4,120 children had
received a dose … a week later the tally stood at 9,870 … by 24 November it had reached
9,410"): the reading layer's ``running`` relations.
"""

from __future__ import annotations

from typing import Iterable, Iterator

from numcheck.checks.agreement import AgreementParams, thing_of
from numcheck.checks.base import DocClaims, Finding, Involved, KindSpec
from numcheck.checks.common import describe, interval


class CumulativeParams(AgreementParams):
    """Same knobs as :class:`~numcheck.checks.agreement.AgreementParams`, and where to look."""

    #: Check the running totals one article tells in order (``running`` relations of the
    #: reading) instead of the later articles of a story.
    within_document: bool = False


def _within(docs, params: CumulativeParams) -> Iterator[Finding]:
    for dc in docs:
        back = {rel.of("later")[0]: rel.of("earlier")[0] for rel in dc.reading.relations
                if rel.kind == "running" and not rel.blocked}
        for rel in dc.reading.relations:
            if rel.kind != "running" or rel.blocked:
                continue
            ka, kb = rel.of("earlier")[0], rel.of("later")[0]
            a, b = dc.claims[ka], dc.claims[kb]
            if a.value is None or b.value is None or max(a.value, b.value) < params.min_value:
                continue
            if interval(b)[1] >= interval(a)[0]:
                continue
            # what the total counts: the first telling that names it ("4,120 children")
            first, hops = ka, 0
            while not dc.reading.mentions[first].thing and first in back and hops < 50:
                first, hops = back[first], hops + 1
            ma = dc.reading.mentions[first]
            thing = ma.thing or (thing_of(ma.key) if ma.key else "count")
            yield Finding(
                primary=Involved(dc.doc, b, "later total"),
                evidence=(Involved(dc.doc, a, "earlier total"),),
                values={"later": b.text, "earlier": a.text, "thing": thing},
                computation=f"{describe(b)} < {describe(a)}",
            )


def run(documents: Iterable[DocClaims], params: CumulativeParams) -> Iterator[Finding]:
    """Yield a finding when a later article's running total is below an earlier one's."""
    from numcheck.read.story import link

    docs = list(documents)
    if params.within_document:
        yield from _within(docs, params)
        return
    if len(docs) < 2:
        return
    by_doc = {d.doc: d for d in docs}
    seen = set()
    for rel in link(docs):
        if rel.blocked or rel.cue != "running":
            continue
        A, B = by_doc[rel.docs[0]], by_doc[rel.docs[1]]
        ka, kb = rel.of("first")[0], rel.of("second")[0]
        if A.date is None or B.date is None or A.date == B.date:
            continue
        if A.date > B.date:
            A, B, ka, kb = B, A, kb, ka
        ma, mb = A.reading.mentions[ka], B.reading.mentions[kb]
        if not (ma.running and mb.running):
            continue
        a, b = A.claims[ka], B.claims[kb]
        if max(a.value, b.value) < params.min_value:
            continue
        if interval(b)[1] >= interval(a)[0]:
            continue
        if (B.doc, kb) in seen:
            continue
        seen.add((B.doc, kb))
        yield Finding(
            primary=Involved(B.doc, b, "later total"),
            evidence=(Involved(A.doc, a, "earlier total"),),
            values={"later": b.text, "later_date": B.date.isoformat(), "earlier": a.text,
                    "earlier_date": A.date.isoformat(), "earlier_doc": A.doc, "thing": thing_of(ma.key)},
            computation=(f"{describe(b)} on {B.date.isoformat()} is below {describe(a)} on "
                         f"{A.date.isoformat()}, and a running total cannot fall"),
        )


KIND = KindSpec(
    name="cumulative",
    params=CumulativeParams,
    run=run,
    scope="story",
    description="A running total falls in a later article of the story, or later in one article.",
)
