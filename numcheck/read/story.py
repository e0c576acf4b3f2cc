"""Relations across the documents of one story: the same quantity reported twice.

Two mentions in different documents are the same quantity when their keys agree (the key says
what a figure measures: thing, attribute, owner; see :func:`numcheck.read.relations.key_of`)
and each document gives that quantity one value only. :func:`link` returns ``same`` relations
whose ``docs`` name the two documents; a pair attributed to different sources, or to different
holders, is a non-relation (``blocked``) so the checks stay silent and a reader can see why.
"""

from __future__ import annotations

from numcheck.limits import checkpoint
from numcheck.model import Relation
from numcheck.read.relations import compatible, estimate

__all__ = ["link"]


def link(documents) -> list[Relation]:
    """``same`` relations between the documents of one story (``documents`` are objects with
    ``doc``, ``date``, ``claims`` and ``reading``, as the checks' DocClaims are).

    Near-linear in documents: for each key only documents that give it one value take part,
    one representative a value a day is paired (``cue`` "same day"), figures of one dated event
    told on different days are paired (``cue`` "same event"), and running totals are
    paired with the highest earlier running total of the key (``cue`` "running"), so a story of
    hundreds of articles does not compare every pair."""
    by_key: dict[str, list[tuple[int, int]]] = {}
    for di, dc in enumerate(documents):
        for k, m in enumerate(dc.reading.mentions):
            if m.key and not dc.claims[k].boilerplate:
                by_key.setdefault(m.key, []).append((di, k))
    out: list[Relation] = []
    for key, items in by_key.items():
        checkpoint()
        if len({di for di, _ in items}) < 2:
            continue
        values: dict[int, set] = {}
        running: dict[int, list[int]] = {}
        for di, k in items:
            values.setdefault(di, set()).add(documents[di].claims[k].value)
            if documents[di].reading.mentions[k].running:
                running.setdefault(di, []).append(k)
        # same day: one representative per (date, value) among single-valued documents
        reps: dict[tuple, tuple[int, int]] = {}
        for di, k in items:
            if len(values[di]) > 1:
                continue
            reps.setdefault((documents[di].date, documents[di].claims[k].value), (di, k))
        by_date: dict[object, list[tuple[int, int]]] = {}
        for (date, _), rep in reps.items():
            by_date.setdefault(date, []).append(rep)
        for date, group in by_date.items():
            first = group[0]
            for other in group[1:]:
                _pair(documents, first, other, key, "same day", out)
        # a figure of one dated event ("was sentenced Monday to nine years"), told in articles of
        # different days: one representative per (event day, value)
        events: dict[str, dict[object, tuple[int, int]]] = {}
        for di, k in items:
            m = documents[di].reading.mentions[k]
            if len(values[di]) > 1 or m.running or m.time_from != "clause" or len(m.time or "") != 10:
                continue
            events.setdefault(m.time, {}).setdefault(documents[di].claims[k].value, (di, k))
        for day, reps_of_day in events.items():
            firsts = list(reps_of_day.values())
            for other in firsts[1:]:
                if documents[firsts[0][0]].date != documents[other[0]].date:
                    _pair(documents, firsts[0], other, key, "same event", out)
        # running totals: each against the highest earlier one
        # a document's running total is its largest running figure of the key: the others are
        # its parts ("raised £412,000, boosted by a £50,000 donation")
        runs = [(documents[di].date, di, max(ks, key=lambda k, d=documents[di]: d.claims[k].value))
                for di, ks in running.items() if documents[di].date is not None]
        runs.sort(key=lambda r: r[0])
        best = None
        for date, di, k in runs:
            if best is not None and best[0] < date:
                _pair(documents, (best[1], best[2]), (di, k), key, "running", out)
            value = documents[di].claims[k].value
            if best is None or value >= documents[best[1]].claims[best[2]].value:
                best = (date, di, k)
    return out


def _pair(documents, a, b, key, cue, out) -> None:
    (da, ka), (db, kb) = a, b
    A, B = documents[da], documents[db]
    ma, mb = A.reading.mentions[ka], B.reading.mentions[kb]
    if not compatible(ma, mb):
        return
    blocked = ""
    if ma.source and mb.source and ma.source != mb.source and (
            estimate(A.claims[ka], ma) or estimate(B.claims[kb], mb)):
        blocked = "attributed"
    elif ma.holder and mb.holder and ma.holder != mb.holder and not (_pronoun(ma.holder) or _pronoun(mb.holder)):
        blocked = "different_holder"
    out.append(Relation("same", (("first", ka), ("second", kb)), cue, blocked=blocked,
                        docs=(A.doc, B.doc)))


def _pronoun(word: str) -> bool:
    return word in ("he", "she", "it", "they", "we", "him", "her", "them", "its", "their", "his")


def link_products(documents) -> list[Relation]:
    """Per-side figures whose total is in another article ("roughly 400 detainees on each side"
    here, "1,200 detainees in total" there): ``product`` relations with ``docs`` naming the
    per-side figure's document and the total's. The factor is 2 when any article of the story
    speaks of exactly two parties."""
    from numcheck.read import lexicon
    from numcheck.read.relations import parties

    counts = [parties(dc.text) for dc in documents]
    if 3 in counts or 2 not in counts:
        return []
    out: list[Relation] = []
    for da, A in enumerate(documents):
        for rel in A.reading.relations:
            if rel.kind != "product" or rel.of("total") or not rel.of("per_unit"):
                continue
            u = rel.of("per_unit")[0]
            mu, cu = A.reading.mentions[u], A.claims[u]
            for db, B in enumerate(documents):
                if db == da:
                    continue
                for k, m in enumerate(B.reading.mentions):
                    c = B.claims[k]
                    if m.role != "total" or c.kind != cu.kind or c.unit != cu.unit or c.value is None:
                        continue
                    if not (mu.thing and m.thing and lexicon.same_thing(mu.thing, m.thing)):
                        continue
                    out.append(Relation("product", (("per_unit", u), ("total", k)), "both sides",
                                        value=2.0, docs=(A.doc, B.doc)))
    return out
