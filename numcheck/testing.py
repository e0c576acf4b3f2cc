"""Assertions for test suites: ``assert_consistent`` and the :class:`Checker` behind it.

>>> from numcheck.testing import assert_consistent
>>> assert_consistent("The 12 teams each fielded 11 players.")  # doctest: +SKIP

A failing assertion raises :class:`AssertionError` whose message is the plain-text report
(``numcheck check --format text --color never``): each anomaly with its sentence, the figures
marked, and the arithmetic, so the failure reads like one of pytest's assertion diffs.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

from numcheck.model import FAIL_ON_LEVELS

__all__ = ["Checker", "assert_consistent", "failure_message"]

#: ``assert_consistent`` fails on any anomaly at or above this severity by default: a test
#: asserting consistency should not let an info-level contradiction through.
DEFAULT_FAIL_ON = "info"

_SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


def failure_message(records: dict, *, width: int = 100) -> str:
    """The assertion message for a finished run: a headline, then the text report, no colour."""
    from numcheck.render import render

    summary = records.get("summary") or {}
    n = summary.get("anomalies", len(records.get("anomalies") or ()))
    e = summary.get("errors", len(records.get("errors") or ()))
    parts = []
    if n:
        parts.append(f"{n} anomal{'y' if n == 1 else 'ies'}")
    if e:
        parts.append(f"{e} error{'' if e == 1 else 's'}")
    docs = [d.get("path") for d in records.get("documents") or ()]
    where = docs[0] if len(docs) == 1 else f"{len(docs)} documents"
    head = f"numcheck found {' and '.join(parts) or 'nothing'} in {where}"
    body = render(records, "text", color=False, width=width).rstrip("\n")
    return f"{head}\n\n{body}"


def _fails(records: dict, fail_on: str) -> bool:
    if records.get("errors"):
        return True
    if fail_on == "never":
        return False
    threshold = _SEVERITY_RANK[fail_on]
    return any(_SEVERITY_RANK.get(a.get("severity"), 2) >= threshold
               for a in records.get("anomalies") or ())


class Checker:
    """A configured checker: ``.check(...)`` returns a Report, ``.assert_consistent(...)`` asserts.

    The keyword arguments are those of :func:`numcheck.report.check`. ``runner``, when given,
    replaces the plain pipeline: a callable ``runner(inputs, date) -> Report`` (the pytest
    plugin passes one that honours the project's configuration file and its overrides).
    ``judge(records) -> bool``, when given, decides whether a run fails instead of ``fail_on``
    (per-path ``fail-on`` overrides need it).
    """

    def __init__(self, *, rules: Sequence[str] = (), select: Sequence[str] = (),
                 ignore: Sequence[str] = (), story: str = "auto", fail_on: str = DEFAULT_FAIL_ON,
                 default_rules: bool = True, date=None,
                 runner: Callable[[Any, Any], Any] | None = None,
                 judge: Callable[[dict], bool] | None = None) -> None:
        if fail_on not in FAIL_ON_LEVELS:
            raise ValueError(f"fail_on must be error, warning, info or never, not {fail_on!r}")
        self.rules = list(rules)
        self.select = list(select)
        self.ignore = list(ignore)
        self.story = story
        self.fail_on = fail_on
        self.default_rules = default_rules
        self.date = date
        self._runner = runner
        self._judge = judge

    def __repr__(self) -> str:
        return (f"Checker(rules={self.rules!r}, select={self.select!r}, ignore={self.ignore!r}, "
                f"story={self.story!r}, fail_on={self.fail_on!r}, date={self.date!r})")

    def check(self, inputs, date=None):
        """Check files, texts or Documents; ``date`` overrides the checker's and each document's."""
        date = date if date is not None else self.date
        if self._runner is not None:
            return self._runner(inputs, date)
        from numcheck.report import check

        return check(inputs, date, rules=self.rules, select=self.select, ignore=self.ignore,
                     story=self.story, fail_on=self.fail_on, default_rules=self.default_rules)

    def assert_consistent(self, inputs, date=None):
        """Raise :class:`AssertionError` listing every anomaly (and input error); else the Report."""
        report = self.check(inputs, date)
        records = report.to_records()
        failed = self._judge(records) if self._judge is not None else _fails(records, self.fail_on)
        if failed:
            # hide this frame from pytest's traceback: the interesting line is the caller's
            __tracebackhide__ = True
            raise AssertionError(failure_message(records))
        return report


def assert_consistent(path_or_text, date=None, rules: Sequence[str] | None = None):
    """Assert that an article (a path, text, Document, or a list of them) has no anomaly.

    ``date`` (a ``datetime.date`` or ``"YYYY-MM-DD"``) sets the document date; ``rules`` adds
    rule packs to the default one. Returns the Report when the text is consistent.
    """
    __tracebackhide__ = True
    return Checker(rules=rules or ()).assert_consistent(path_or_text, date)
