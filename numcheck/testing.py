"""Assertions for test suites: ``assert_consistent`` and the :class:`Checker` behind it.

>>> from numcheck.testing import assert_consistent
>>> assert_consistent("The 12 teams each fielded 11 players.")  # doctest: +SKIP

A failing assertion raises :class:`AssertionError` whose message is the plain-text report
(``numcheck check --format text --color never``): each anomaly with its sentence, the figures
marked, and the arithmetic, so the failure reads like one of pytest's assertion diffs.

This module also runs rule packs' own ``flag``/``pass`` examples (:func:`run_examples`), for
``numcheck rules test PACK`` and for numcheck's own test of the default pack.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Sequence

from numcheck.model import FAIL_ON_LEVELS

__all__ = ["Checker", "ExampleResult", "assert_consistent", "example_documents", "failure_message",
           "run_example", "run_examples"]

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
    from numcheck.render.safe import safe_text

    # the headline is pytest's one-line summary: a file name's controls are escaped there too
    head = safe_text(f"numcheck found {' and '.join(parts) or 'nothing'} in {where}")
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

    def check(self, inputs=None, date=None, *, paths=None, texts=None):
        """Check files, folders, texts or Documents, as :func:`numcheck.check` takes them
        (``paths=``/``texts=`` say which is which); ``date`` overrides the checker's and each
        document's. Raises :class:`numcheck.report.CheckError` on an input error, as
        :func:`numcheck.check` does (its ``.report`` holds the results)."""
        from numcheck.report import CheckError

        report = self._report(inputs, date, paths, texts)
        if report.errors:
            raise CheckError(report)
        return report

    def _report(self, inputs, date, paths, texts):
        date = date if date is not None else self.date
        if self._runner is not None:
            return self._runner(inputs, date, paths, texts)
        from numcheck.report import check

        return check(inputs, date, paths=paths, texts=texts, rules=self.rules, select=self.select,
                     ignore=self.ignore, story=self.story, fail_on=self.fail_on,
                     default_rules=self.default_rules, on_error="report")

    def assert_consistent(self, inputs=None, date=None, *, paths=None, texts=None):
        """Raise :class:`AssertionError` listing every anomaly (and input error); else the Report."""
        report = self._report(inputs, date, paths, texts)
        records = report.to_records()
        failed = self._judge(records) if self._judge is not None else _fails(records, self.fail_on)
        if failed:
            # hide this frame from pytest's traceback: the interesting line is the caller's
            __tracebackhide__ = True
            raise AssertionError(failure_message(records))
        return report


def assert_consistent(path_or_text=None, date=None, rules: Sequence[str] | None = None, *,
                      paths=None, texts=None):
    """Assert that articles have no anomaly and read without error.

    Name them with ``paths=`` (files or folders) and ``texts=`` (strings), or with the older
    guessing ``path_or_text`` (a path, text, Document, or a list of them; see
    :func:`numcheck.report.classify_inputs`). ``date`` (a ``datetime.date`` or
    ``"YYYY-MM-DD"``) sets the document date; ``rules`` adds rule packs to the default one.
    Returns the Report when everything is consistent.
    """
    __tracebackhide__ = True
    return Checker(rules=rules or ()).assert_consistent(path_or_text, date, paths=paths, texts=texts)


# ---- rule packs' own examples -----------------------------------------------------------------

@dataclass(frozen=True)
class ExampleResult:
    """The outcome of one ``flag``/``pass`` example of a rule.

    ``ok`` says whether the example behaved as its rule says; ``found`` holds ``(code,
    message)`` of every anomaly the run raised, and ``errors`` any problem it hit.
    """

    rule: Any
    example: Any
    ok: bool
    found: tuple[tuple[str, str], ...] = ()
    errors: tuple[str, ...] = ()

    @property
    def where(self) -> str:
        """``pack.yaml:line`` of the example (of the rule when the example's line is unknown)."""
        line = getattr(self.example, "line", 0) or getattr(self.rule, "line", 0)
        path = getattr(self.rule, "path", "") or self.rule.code
        return f"{path}:{line}" if line else path

    def describe(self) -> str:
        """One line: where the example is, what it expected and what happened."""
        ex = self.example
        text = ex.text if ex.text is not None else " / ".join(d.text for d in ex.documents)
        text = " ".join(text.split())
        shown = text if len(text) <= 70 else text[:69] + "…"
        code = self.rule.code
        if self.errors:
            what = f"{code} {ex.expect} example could not run: {self.errors[0]}"
        elif ex.expect == "flag" and code not in [c for c, _ in self.found]:
            what = f"{code} flag example is not flagged by {code}"
        elif ex.expect == "flag":
            got = ", ".join(c for c, _ in self.found)
            what = f"{code} flag example expects {code} × {ex.count} and nothing else, got {got}"
        else:
            others = "; ".join(f"{c}: {m}" for c, m in self.found)
            what = f"{code} pass example is flagged ({others})"
        return f"{self.where}: {what}: \"{shown}\""


def example_documents(rule, example) -> list:
    """The Documents of one example: its text, or each document of a story example."""
    from numcheck.ingest import document_from_text

    if example.documents:
        return [document_from_text(d.text, path=f"{rule.code}-doc{k + 1}.txt",
                                   date=_as_date(d.date or example.date))
                for k, d in enumerate(example.documents)]
    return [document_from_text(example.text, path=f"{rule.code}.txt", date=_as_date(example.date))]


def _as_date(value):
    if value is None or isinstance(value, _dt.date):
        return value
    return _dt.date.fromisoformat(str(value))


def run_example(rule, example, active: Sequence, *, strict: bool = False) -> ExampleResult:
    """Check one example with the ``active`` rules (the documents of a story example as one story).

    A ``flag`` example passes when ``rule`` raises an anomaly on it (with ``strict``: exactly
    ``example.count`` anomalies, all of ``rule``); a ``pass`` example when ``rule`` does not,
    or, with ``strict``, when no active rule does.
    """
    from numcheck.report import check_documents

    report = check_documents(example_documents(rule, example), active, story="all")
    found = tuple((a.code, a.message) for a in report.anomalies)
    codes = [c for c, _ in found]
    errors = tuple(p.format() for p in report.errors)
    if errors:
        ok = False
    elif example.expect == "flag":
        ok = (codes == [rule.code] * example.count) if strict else rule.code in codes
    else:
        ok = not codes if strict else rule.code not in codes
    if example.expect == "pass" and not strict:
        found = tuple(f for f in found if f[0] == rule.code)
    return ExampleResult(rule, example, ok, found, errors)


def run_examples(rules: Iterable, active: Sequence | None = None, *,
                 strict: bool = False) -> list[ExampleResult]:
    """Every example of every rule in ``rules``, checked with ``active`` (default: ``rules``)."""
    rules = list(rules)
    active = rules if active is None else list(active)
    return [run_example(rule, ex, active, strict=strict) for rule in rules for ex in rule.examples]
