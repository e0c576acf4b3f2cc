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
    "running": ("earlier", "later"),
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


# ---- what reports state beyond single figures (read by numcheck.read.reports) -----------------

#: The closed set of statistical tests a :class:`ReportedTest` can name.
TEST_KINDS = ("t", "F", "r", "chi2", "z", "Q")

#: How a reported p-value is compared (``"ns"``: "not significant", with no value).
P_COMPARISONS = ("=", "<", ">", "<=", ">=", "ns")


@dataclass(frozen=True, slots=True)
class ReportedTest:
    """One statistical result as a paper reports it, APA style: "t(28) = 2.20, p = .036".

    ``test`` is one of :data:`TEST_KINDS`; ``df`` the degrees of freedom as written (one for t,
    r, χ² and Q, two for F, none for z); ``n`` the sample size a χ² states ("χ²(2, N = 120)").
    ``statistic_text``/``p_text`` are the figures as written (their decimals are their rounding);
    ``comparison`` is one of :data:`P_COMPARISONS`. ``one_tailed`` is true when the text says
    the test was one-tailed or one-sided. ``malformed`` names what cannot be read as that test
    ("t takes one df, not 2", "r must lie between -1 and 1"), with every other field as found.
    ``d``/``d_text`` is a Cohen's d reported with the test and ``design`` the design the text
    states for it ("independent", "paired" or "").
    """

    start: int
    end: int
    text: str
    test: str
    df: tuple[float, ...]
    statistic: float
    statistic_text: str
    comparison: str
    p: float | None
    p_text: str
    n: int | None = None
    one_tailed: bool = False
    malformed: str = ""
    d: float | None = None
    d_text: str = ""
    design: str = ""


@dataclass(frozen=True, slots=True)
class ReportedMean:
    """A mean of whole-number data with the number of values behind it ("mean score 3.47 on a
    1–5 scale, n = 28"): the subject of Brown and Heathers' GRIM test.

    ``value_text`` is the mean as written; ``n`` the number of respondents and ``items`` how many
    whole-number answers each gave (1 unless the text says "a 10-item scale"), so the mean is
    some whole total over ``n × items``. ``low``/``high`` are the scale's ends when stated.
    ``n_start``/``n_end`` locate the written n.
    """

    start: int
    end: int
    text: str
    value: float
    value_text: str
    n: int
    n_start: int
    n_end: int
    items: int = 1
    low: float | None = None
    high: float | None = None


#: The closed set of roles a :class:`ScorePair` plays in a match report.
SCORE_ROLES = ("final", "half_time", "aggregate", "first_leg", "second_leg")


@dataclass(frozen=True, slots=True)
class ScorePair:
    """A score of two sides as written ("3-1", "104-97"), with its role in the match (one of
    :data:`SCORE_ROLES`) and the cue that gave it ("win", "at half-time", "on aggregate")."""

    start: int
    end: int
    text: str
    first: int
    second: int
    role: str
    cue: str = ""


@dataclass(frozen=True, slots=True)
class LineScore:
    """One side's line of a score by periods ("Pinecrest 28 24 25 23 — 104"): the side as
    written, the period scores and the total, each with its span."""

    start: int
    end: int
    text: str
    side: str
    periods: tuple[int, ...]
    periods_start: int
    periods_end: int
    total: int
    total_start: int
    total_end: int


@dataclass(frozen=True, slots=True)
class Scorer:
    """One scorer of a scorers list: name, what they scored (``kind``: "goal", "own_goal",
    "penalty", "try", "conversion", "penalty_goal", "drop_goal") and how many times."""

    start: int
    end: int
    name: str
    kind: str
    count: int


@dataclass(frozen=True, slots=True)
class ScorerList:
    """The scorers a report lists for one side ("Kelsford - Adebayo 12, Marsh 58"), or for
    both when the list does not say which side (``side`` empty, ``group`` the list's index)."""

    start: int
    end: int
    text: str
    side: str
    scorers: tuple[Scorer, ...]
    group: int = 0
