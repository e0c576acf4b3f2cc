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
    claim involved. ``message`` already has the computation written out.
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
