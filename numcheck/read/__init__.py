"""The reading layer: Claims → Reading (mentions and relations), read once, checked many times.

``extract → Claims → read → Reading → checks``. :func:`read` takes one document's claims and
returns a :class:`Reading`: a :class:`~numcheck.model.Mention` for every claim (what it counts
or measures, its owner and holder, its role, its time) and the :class:`~numcheck.model.Relation`
values between them, each with its cue, including explicit non-relations that tell the checks
to stay silent. The check kinds (:mod:`numcheck.checks`) do arithmetic and calendar logic over
these and never read the text themselves.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from numcheck.model import Mention, Relation

__all__ = ["Reading", "read"]


@dataclass(frozen=True, slots=True)
class Reading:
    """One document's mentions (``mentions[i]`` reads ``claims[i]``) and relations."""

    mentions: tuple[Mention, ...] = ()
    relations: tuple[Relation, ...] = ()
    #: tests, means, match scores: what the text states as a structure (numcheck.read.reports)
    reports: object = None

    def of_kind(self, kind: str, *, blocked: bool = False) -> list[Relation]:
        """The relations of ``kind``; with ``blocked`` the non-relations of that kind instead."""
        return [r for r in self.relations if r.kind == kind and bool(r.blocked) == blocked]

    def to_dict(self) -> dict:
        """A JSON-ready dict: every mention and relation."""
        return {"mentions": [m.to_dict() for m in self.mentions],
                "relations": [r.to_dict() for r in self.relations]}

    def describe(self, claims) -> dict:
        """A readable form for people and golden files: each mention's non-default fields with
        its claim's text, and each relation with its members' texts, cue and non-relation."""
        defaults = {"thing": None, "owner": None, "attribute": None, "predicate": None, "holder": None,
                    "time": None, "time_from": "", "role": "amount", "per": None, "phase": "",
                    "modality": "actual", "source": None, "quoted": False, "definite": False,
                    "entity": -1, "cue": "", "modifiers": [], "direction": 0, "running": False, "key": ""}
        mentions = []
        for m in self.mentions:
            d = m.to_dict()
            row = {"claim": m.claim, "text": claims[m.claim].text}
            row.update({k: v for k, v in d.items() if k in defaults and v != defaults[k]})
            if len(row) > 2:
                mentions.append(row)
        relations = []
        for r in self.relations:
            row = {"kind": r.kind, "members": [[role, k, claims[k].text] for role, k in r.members],
                   "cue": r.cue}
            if r.complete:
                row["complete"] = True
            if r.value is not None:
                row["value"] = r.value
                row["bound"] = r.bound
            if r.blocked:
                row["blocked"] = r.blocked
            relations.append(row)
        return {"mentions": mentions, "relations": relations}


def read(text: str, claims, sentence_starts, date: _dt.date | None = None, blocks=(),
         tables=()) -> Reading:
    """Read one document: a mention for every claim and the relations between them."""
    from numcheck.read.document import Text
    from numcheck.read.mentions import read_mentions, resolve
    from numcheck.read.relations import read_relations
    from numcheck.read.temporal import read_temporal

    doc = Text(text, claims, sentence_starts, date, blocks)
    drafts = read_mentions(doc)
    resolve(doc, drafts)
    relations = read_relations(doc, drafts)
    relations += read_temporal(doc, drafts)
    from numcheck.read.relations import key_of

    keys = []
    for d in drafts:
        k = key_of(d, claims[d.claim]) if not claims[d.claim].boilerplate else None
        keys.append("|".join(str(x) for x in k) if k else "")
    mentions = tuple(
        Mention(d.claim, claims[d.claim].start, claims[d.claim].end, d.sentence, d.paragraph,
                d.thing, d.owner, d.attribute, d.predicate, d.holder, d.time, d.time_from, d.role,
                d.per, d.phase, d.modality, d.source, d.quoted, d.definite, d.entity, d.cue,
                tuple(d.modifiers), d.direction, d.running, key)
        for d, key in zip(drafts, keys)
    )
    from numcheck.read.reports import read_reports

    return Reading(mentions, tuple(relations), read_reports(doc, tables))
