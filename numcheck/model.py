"""Immutable values that flow through the numcheck pipeline.

Everything here is a frozen, slotted dataclass made only of builtins, so values pickle cheaply
and carry no references to registries, rule packs or unit tables (Dask ships them between
processes). All positions are character offsets into a document's text, end exclusive; line and
column numbers are computed only at the edges (see :class:`numcheck.ingest.document.LineIndex`).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, fields

#: The closed set of claim kinds.
CLAIM_KINDS = (
    "count",
    "quantity",
    "money",
    "percent",
    "ordinal",
    "year",
    "date",
    "duration",
    "time",
    "age",
    "range",
)

#: The closed set of qualifiers; each maps a stated value to an interval (see ``interval``).
QUALIFIERS = ("exact", "approx", "at_least", "more_than", "at_most", "less_than", "up_to")

SEVERITIES = ("error", "warning", "info")

#: ``--fail-on`` levels: a severity, or "never" (exit 0 whatever is found).
FAIL_ON_LEVELS = SEVERITIES + ("never",)

#: How far "about 1,000" may stray from 1,000, as a fraction of the value. Documented in the README.
APPROX_TOLERANCE = 0.10


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open range ``[start, end)`` of character offsets in one document."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"invalid span {self.start}..{self.end}")

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: "Span") -> bool:
        """True when the two spans share at least one character."""
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True, slots=True)
class Claim:
    """One numeric statement found in a text.

    ``value`` is the number as written (for dates, the year; for durations, the count of
    ``unit``). ``low``/``high`` are the interval the qualifier means: "at least 4,757" is
    ``[4757, inf)``; "about 1,000" is ``[900, 1100]``. ``date`` is ISO 8601 at the text's own
    granularity ("2024", "2022-02", "2025-05-07"), resolved against the document date for
    relative expressions (``relative`` is then true).
    """

    start: int
    end: int
    text: str
    kind: str
    value: float | None
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    qualifier: str = "exact"
    scope: str | None = None
    subject: str | None = None
    date: str | None = None
    sentence: int = 0
    boilerplate: bool = False
    relative: bool = False
    block: str = "body"

    @property
    def span(self) -> Span:
        """The claim's character span."""
        return Span(self.start, self.end)

    def to_dict(self) -> dict:
        """A JSON-ready dict of every field (infinite or NaN numbers become ``None``, so strict
        JSON readers accept it: "1e999999" has no finite value)."""
        out = asdict(self)
        for key in ("value", "low", "high"):
            v = out[key]
            if v is not None and not math.isfinite(v):
                out[key] = None
        return out

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        """The names of all fields, in declaration order (the column order of claim tables)."""
        return tuple(f.name for f in fields(cls))


#: What a figure is doing in its sentence (:attr:`Mention.role`).
MENTION_ROLES = (
    "amount",     # a plain figure
    "per_unit",   # so much for each unit ("£2,500 for each of those days", "£61,000 apiece")
    "average",    # an average per unit ("averaged 28,700 a game")
    "rate",       # per period of time ("400 trips a day")
    "total",      # a stated total ("a total of £85,000", "in all", "bringing the total to")
    "remainder",  # what is left of a whole ("the remaining 23", "the balance of £63.0m")
    "increment",  # an addition to an earlier figure ("1,850 more people", "a further 52")
    "capacity",   # how many a thing can hold ("4,850-capacity", "room for 400")
    "share",      # a percentage or fraction of a base
    "change",     # the size of a change ("rose 18 per cent", "a fall of 9 per cent")
    "difference", # a margin or gap ("by 212 votes", "a majority of 1,030")
)

#: The closed set of relation kinds (:attr:`Relation.kind`) and the member roles each uses.
RELATION_KINDS = {
    "part_of": ("whole", "part", "remainder"),
    "share_of": ("share", "base", "part"),
    "shares": ("share", "base"),
    "product": ("per_unit", "count", "total"),
    "change": ("before", "after", "change"),
    "conversion": ("value", "converted"),
    "same": ("first", "second"),
    "anchor": ("relative", "explicit", "frame", "corroborates"),
    "elapsed": ("duration", "start", "end"),
    "age": ("age", "birth", "at"),
    "span": ("start", "end", "duration"),
    "weekday": ("weekday", "date"),
}


@dataclass(frozen=True, slots=True)
class Mention:
    """How one claim reads in its text: what it counts or measures, its role and its time.

    Built by the reading layer (:mod:`numcheck.read`) once per document; the checks read these
    fields instead of the text. ``claim`` is the index of the claim in the document's claims.
    ``thing`` is the lemma of what is counted, measured or priced ("home", "ferry", "contract");
    ``owner`` the entity the figure is a property of ("ferry" for its length or its passenger
    capacity); ``attribute`` what about it ("count", "length", "capacity", "cost", or the verb
    of an event count: "kill", "evacuate"); ``predicate`` the governing verb's lemma;
    ``holder`` the person or organisation it belongs to (a lower-case surname or name key);
    ``time`` the ISO date or period at which it holds, with ``time_from`` saying where that came
    from ("clause", "sentence", "paragraph", "document" or ""); ``per`` the unit of a per-unit,
    average or rate figure ("day", "game"); ``phase`` "before"/"after" for the two ends of a
    change; ``modality`` "actual", "estimate", "plan", "forecast" or "condition"; ``source`` who
    the figure is attributed to; ``quoted`` whether it sits in quoted speech; ``definite``
    whether it refers back to something already known ("the 15 people", "all 380 beds");
    ``entity`` a coreference id shared by mentions of one thing (-1 when unknown); ``cue`` the
    words that set the role.
    """

    claim: int
    start: int
    end: int
    sentence: int
    paragraph: int
    thing: str | None = None
    owner: str | None = None
    attribute: str | None = None
    predicate: str | None = None
    holder: str | None = None
    time: str | None = None
    time_from: str = ""
    role: str = "amount"
    per: str | None = None
    phase: str = ""
    modality: str = "actual"
    source: str | None = None
    quoted: bool = False
    definite: bool = False
    entity: int = -1
    cue: str = ""
    modifiers: tuple[str, ...] = ()
    #: +1 for a rise, -1 for a fall, when the figure states the size of a change; else 0.
    direction: int = 0
    #: True when the figure is a running total ("has now raised", "so far", "since January").
    running: bool = False
    #: What the figure measures, as a key that two statements of one quantity share
    #: ("count|person|carry|ferry"); "" when the figure is not a settled amount of a known thing.
    key: str = ""

    def to_dict(self) -> dict:
        """A JSON-ready dict of every field."""
        out = asdict(self)
        out["modifiers"] = list(self.modifiers)
        return out


@dataclass(frozen=True, slots=True)
class Relation:
    """A relation the text states between mentions, with the cue that licensed it.

    ``members`` pairs each mention (by index into the reading's mentions) with its role in the
    relation (see :data:`RELATION_KINDS`). ``cue``/``start``/``end`` quote and locate the words
    that tie them ("including", "of whom", "a total of", "from … to", brackets). ``complete``
    says the text gives the breakdown or list as exhaustive ("the remaining", "split three
    ways", "no other candidates"); ``value`` carries a factor stated in words, not as a claim
    ("doubled" → 2.0), with ``bound`` its hedge ("more_than" for "more than doubled").
    ``blocked`` is non-empty for an explicit *non*-relation: the text relates these mentions in
    a way that rules the check out ("nested_base", "overlap", "multi_answer", "attributed",
    "update", "different_time"), so that checks stay silent and a reader can see why.
    ``doc`` members of a story relation are ``(role, mention)`` with ``docs`` naming each
    member's document (empty within one document).
    """

    kind: str
    members: tuple[tuple[str, int], ...]
    cue: str = ""
    start: int = 0
    end: int = 0
    complete: bool = False
    value: float | None = None
    bound: str = "exact"
    blocked: str = ""
    docs: tuple[str, ...] = ()

    def of(self, role: str) -> list[int]:
        """The mention indices that play ``role``, in order."""
        return [m for r, m in self.members if r == role]

    def to_dict(self) -> dict:
        """A JSON-ready dict of every field."""
        out = asdict(self)
        out["members"] = [list(m) for m in self.members]
        out["docs"] = list(self.docs)
        return out


@dataclass(frozen=True, slots=True)
class Evidence:
    """Another claim (possibly in another document) that an anomaly rests on."""

    doc: str
    start: int
    end: int
    text: str
    role: str = ""


@dataclass(frozen=True, slots=True)
class Anomaly:
    """A set of claims that cannot all be true, attributed to one rule.

    ``doc``/``start``/``end``/``text`` locate the primary claim; ``evidence`` lists every other
    claim involved. ``message`` already has the computation written out. ``summary`` is the same
    finding as one plain sentence (the rule's message template filled in, without the
    arithmetic), ``computation`` the arithmetic alone; either is empty when not known.
    ``suggested`` is what the primary claim would read if the other claims are right (the
    rule's ``suggest`` template filled in), or empty when no figure can be solved for.
    """

    code: str
    name: str
    kind: str
    severity: str
    doc: str
    start: int
    end: int
    text: str
    message: str
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)
    summary: str = ""
    computation: str = ""
    suggested: str = ""

    @property
    def span(self) -> Span:
        """The primary claim's character span."""
        return Span(self.start, self.end)


@dataclass(frozen=True, slots=True)
class Problem:
    """An input, rule-pack or runtime error tied to a place (``line``/``column`` 1-based, 0 if none)."""

    path: str
    message: str
    line: int = 0
    column: int = 0
    kind: str = "input"
    text: str = ""

    def format(self) -> str:
        """``path:line:col: message`` with the offending text, as printed to stderr."""
        where = self.path
        if self.line:
            where += f":{self.line}:{self.column or 1}"
        out = f"{where}: {self.message}"
        if self.text:
            out += f" [{self.text}]"
        return out
