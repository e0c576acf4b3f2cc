"""What reports state beyond single figures: statistical tests, means, match scores, tables.

:func:`read_reports` reads one document (:class:`numcheck.read.document.Text`) for the things a
report states as a structure rather than as a figure with a noun, and returns a
:class:`Reports` value that the reading carries (``Reading.reports``):

- ``tests``: APA-style results (:func:`numcheck.extract.stats.scan_tests`);
- ``means``: means of whole-number data with their n (:func:`numcheck.extract.stats.scan_means`);
- ``pairs``, ``lines``, ``scorers``: match scores with their roles, line scores by period and
  scorers lists (:mod:`numcheck.extract.scores`);
- ``table_sums``, ``table_shares``, ``table_citations``: totals, distribution shares and prose
  citations of the document's tables (:mod:`numcheck.read.tables`);
- ``weighted``: true when the document says its figures are weighted or carry a margin of
  error (a weighted survey's percentages are not whole counts over the base, so the
  granularity checks stay silent).

The recognisers live in the extract layer; this module only gathers them once per document so
the check kinds read them from the reading like every other relation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from numcheck.model import LineScore, ReportedMean, ReportedTest, ScorePair, ScorerList

__all__ = ["Reports", "read_reports"]

_WEIGHTED_RE = re.compile(r"\bweight(?:ed|ing)\b|\bmargin of (?:sampling )?error\b|\bimputed\b|\bgrossed up\b", re.I)


@dataclass(frozen=True, slots=True)
class Reports:
    """The structured statements of one document (see the module docstring)."""

    tests: tuple[ReportedTest, ...] = ()
    means: tuple[ReportedMean, ...] = ()
    pairs: tuple[ScorePair, ...] = ()
    lines: tuple[LineScore, ...] = ()
    scorers: tuple[ScorerList, ...] = ()
    weighted: bool = False
    #: what the document's tables say should add up (see numcheck.read.tables)
    table_sums: tuple = ()
    table_shares: tuple = ()
    table_citations: tuple = ()

    def to_dict(self) -> dict:
        """A JSON-ready dict of every field."""
        from dataclasses import asdict

        return {k: ([asdict(x) for x in v] if isinstance(v, tuple) else v)
                for k, v in ((f, getattr(self, f)) for f in self.__slots__)
                if not k.startswith("table_")}


def read_reports(doc, tables=()) -> Reports:
    """The tests, means, scores, weighting statement and table sums of one document."""
    from numcheck.extract.scores import scan_line_scores, scan_pairs, scan_rugby_prose, scan_scorers
    from numcheck.extract.stats import scan_means, scan_tests
    from numcheck.read.tables import read_tables

    text = doc.text
    starts = doc.sentence_starts
    sums, shares, citations = read_tables(doc, tables) if tables else ((), (), ())
    return Reports(
        tests=tuple(scan_tests(text, starts)),
        means=tuple(scan_means(text, starts)),
        pairs=tuple(scan_pairs(text)),
        lines=tuple(scan_line_scores(text)),
        scorers=tuple(scan_scorers(text)) or tuple(scan_rugby_prose(text)),
        weighted=bool(_WEIGHTED_RE.search(text)),
        table_sums=sums, table_shares=shares, table_citations=citations,
    )
