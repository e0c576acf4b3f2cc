"""What every kind of check is: a function over the claims of a story, plus a params schema.

Rules are data (YAML in ``rules/``) and kinds are code (one module per kind in this package).
A rule names its kind; the engine validates the rule's ``params`` against the kind's pydantic
model, runs the kind over each document (``scope="document"``) or each story
(``scope="story"``), and turns every :class:`Finding` into an :class:`~numcheck.model.Anomaly`
by filling the rule's message template with ``Finding.values``.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Mapping

from numcheck.model import Claim


def __getattr__(name: str):
    # Params needs pydantic (~0.1 s to import); `numcheck extract` uses the values below and
    # never a kind, so the class is built on first use instead of at import
    if name == "Params":
        from numcheck.checks.params import Params

        return Params
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True, slots=True)
class DocClaims:
    """The claims of one document, with what a check needs to know about that document."""

    doc: str
    text: str
    date: _dt.date | None
    claims: tuple[Claim, ...]
    #: Character offsets where each sentence starts (index = ``Claim.sentence``).
    sentence_starts: tuple[int, ...] = ()
    #: Where ``date`` came from (see numcheck.ingest.document.DATE_SOURCES).
    date_source: str = "none"
    #: When the date was taken from another document of the story (or from a claim in this
    #: one), the claim that states it, so that findings can cite it.
    date_evidence: "Involved | None" = None
    #: The document's blocks (title, caption, quote, boilerplate), for the reading layer.
    blocks: tuple = ()
    #: The document's tables (:class:`numcheck.ingest.tables.Table`), for the table checks.
    tables: tuple = ()
    #: The reading (mentions and relations), made on first use by :attr:`reading`.
    _reading: object = None

    @property
    def reading(self):
        """The document's :class:`~numcheck.read.Reading`, read once and kept."""
        if self._reading is None:
            from numcheck.read import read

            object.__setattr__(self, "_reading", read(self.text, self.claims, self.sentence_starts,
                                                      self.date, self.blocks, self.tables))
        return self._reading

    def sentence_text(self, index: int) -> str:
        """The text of sentence ``index``."""
        starts = self.sentence_starts
        if not starts:
            return self.text
        start = starts[index]
        end = starts[index + 1] if index + 1 < len(starts) else len(self.text)
        return self.text[start:end].strip()

    def sentence_span(self, index: int) -> tuple[int, int]:
        """Offsets ``[start, end)`` of sentence ``index``."""
        starts = self.sentence_starts or (0,)
        start = starts[index]
        end = starts[index + 1] if index + 1 < len(starts) else len(self.text)
        return start, end

    def by_sentence(self) -> dict[int, list[Claim]]:
        """The claims grouped by sentence index, in text order."""
        out: dict[int, list[Claim]] = {}
        for c in self.claims:
            out.setdefault(c.sentence, []).append(c)
        return out


@dataclass(frozen=True, slots=True)
class Involved:
    """A claim that a finding rests on, in the document it came from."""

    doc: str
    claim: Claim
    role: str = ""


@dataclass(frozen=True, slots=True)
class Finding:
    """What a kind reports: a primary claim, the other claims involved, and template values.

    ``values`` fills the rule's message template (``{expected}``, ``{stated}``...) and is
    also visible to the rule's ``when`` expression. ``computation`` is the arithmetic written
    out, always appended to the message so that a reader can verify it in seconds.
    """

    primary: Involved
    evidence: tuple[Involved, ...]
    values: Mapping[str, object] = field(default_factory=dict)
    computation: str = ""


@dataclass(frozen=True, slots=True)
class KindSpec:
    """A kind of check: its name, params model, scope and the function that runs it."""

    name: str
    params: type  # a subclass of numcheck.checks.params.Params
    run: Callable[[Iterable[DocClaims], Params], Iterator[Finding]]
    #: "document": run once per document; "story": once per story, with all its documents.
    scope: str = "document"
    description: str = ""
