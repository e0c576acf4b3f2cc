"""The numcheck pytest plugin (registered through the ``pytest11`` entry point).

It adds:

- ``pytest --numcheck [PATHS]``: every article (``.md``, ``.markdown``, ``.txt``, ``.html``,
  ``.htm``) under the collected paths becomes a test item that fails with the numcheck report;
- the ini key ``numcheck_paths``: folders (or files) whose articles are always collected, as if
  they had been named with ``--numcheck`` (unless paths were given on the command line);
- the ``numcheck`` fixture: a :class:`numcheck.testing.Checker` configured from the project's
  ``numcheck.toml`` / ``[tool.numcheck]``, with ``.check(...)`` and ``.assert_consistent(...)``.

Each article is its own item, except that articles whose front matter names the same
``story:`` are checked together as one item (a contradiction between two articles of a story
is then found). Without ``--numcheck`` or ``numcheck_paths`` the plugin collects nothing, and
it imports nothing heavy until an article is checked.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ARTICLE_SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm")


def pytest_addoption(parser: pytest.Parser) -> None:
    """Register ``--numcheck`` and the ``numcheck_paths`` ini key."""
    group = parser.getgroup("numcheck", "numcheck: numbers in prose that cannot all be true")
    group.addoption(
        "--numcheck", action="store_true", default=False,
        help="collect articles (.md .txt .html) under the given paths as numcheck test items",
    )
    parser.addini(
        "numcheck_paths", type="paths", default=[],
        help="folders or files whose articles numcheck checks as test items",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``numcheck`` marker; add ``numcheck_paths`` unless paths were named."""
    config.addinivalue_line("markers", "numcheck: a numcheck check of an article (or story)")
    extra = [p for p in config.getini("numcheck_paths") if p.exists()]
    if not extra or config.args_source == pytest.Config.ArgsSource.ARGS:
        return
    have = {Path(a).resolve() for a in config.args}
    for p in extra:
        if not any(p == h or h in p.parents for h in have):
            config.args.append(str(p))


def _collects(config: pytest.Config, file_path: Path) -> bool:
    if file_path.suffix.lower() not in ARTICLE_SUFFIXES:
        return False
    roots = config.getini("numcheck_paths")
    if roots:
        resolved = file_path.resolve()
        if any(resolved == r.resolve() or r.resolve() in resolved.parents for r in roots):
            return True
    return bool(config.getoption("numcheck"))


def pytest_collect_file(file_path: Path, parent: pytest.Collector):
    """Collect an article when ``--numcheck`` or ``numcheck_paths`` asks for it."""
    if _collects(parent.config, file_path):
        return ArticleFile.from_parent(parent, path=file_path)
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list) -> None:
    """Merge the items of articles that share a front-matter ``story:`` into the first one.

    Runs first so that ``-k`` and other selections see the merged items.
    """
    first: dict[str, ArticleItem] = {}
    keep = []
    for item in items:
        if isinstance(item, ArticleItem) and item.story:
            lead = first.get(item.story)
            if lead is not None:
                lead.paths.append(item.path)
                continue
            first[item.story] = item
        keep.append(item)
    items[:] = keep


class NumcheckFailure(Exception):
    """Raised by an article item that has anomalies; carries the records of the run."""

    def __init__(self, records: dict) -> None:
        super().__init__("numcheck found anomalies")
        self.records = records


class ArticleFile(pytest.File):
    """An article file; it yields one :class:`ArticleItem`."""

    def collect(self):
        """One item, named after the article's story when its front matter declares one."""
        story = _story_of(self.path)
        name = f"story[{story}]" if story else "numcheck"
        yield ArticleItem.from_parent(self, name=name, story=story)


def _story_of(path: Path) -> str | None:
    from numcheck.ingest import InputError, load_document

    try:
        return load_document(str(path)).story
    except (InputError, ValueError, OSError):
        # unreadable articles still become items, so the failure is reported when they run
        return None


class ArticleItem(pytest.Item):
    """The numcheck check of one article, or of every article of one story."""

    def __init__(self, *, story: str | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.story = story
        self.paths: list[Path] = [self.path]
        self._result: tuple[dict | None, BaseException | None] | None = None
        self.add_marker("numcheck")

    def _run(self) -> tuple[dict | None, BaseException | None]:
        # reportinfo needs the first anomaly's line before runtest runs, so both share one run
        if self._result is None:
            try:
                settings = _settings(self.config)
                report = _run_configured(settings, [_shown(p) for p in self.paths], None)
                records = report.to_records()
                records["exit_code"] = settings.exit_code(records)
                self._result = (records, None)
            except Exception as exc:  # re-raised by runtest, with its traceback
                self._result = (None, exc)
        return self._result

    def runtest(self) -> None:
        """Check the article(s); raise :class:`NumcheckFailure` when the run would exit non-zero."""
        records, exc = self._run()
        if exc is not None:
            raise exc
        assert records is not None
        if records["exit_code"] != 0:
            raise NumcheckFailure(records)

    def repr_failure(self, excinfo, style=None):
        """The plain-text numcheck report for anomalies; pytest's own repr for crashes."""
        if isinstance(excinfo.value, NumcheckFailure):
            from numcheck.testing import failure_message

            return failure_message(excinfo.value.records)
        if isinstance(excinfo.value, _ConfigProblem):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self):
        """``(path, line - 1, label)``: the line is that of the first anomaly, if any."""
        records, _ = self._run()
        line = 0
        if records:
            mine = [a for a in records.get("anomalies") or ()
                    if Path(a.get("path", "")).resolve() == self.path.resolve()]
            if mine:
                line = max(0, min(a.get("line") or 1 for a in mine) - 1)
        label = f"numcheck: {self.name}" if self.story else f"numcheck: {self.path.name}"
        return self.path, line, label


def _shown(path: Path) -> str:
    """``path`` relative to the working directory when below it, as the CLI would name it.

    Reports read better that way, and baselines' fingerprints (which include the path) match
    those of ``numcheck check`` run from the same folder.
    """
    import os

    rel = os.path.relpath(path)
    return path.as_posix() if rel.startswith("..") else rel


class _ConfigProblem(Exception):
    """A broken numcheck configuration, reported once per item as ``path:line:col: message``."""


def _settings(config: pytest.Config):
    """The project's numcheck settings, read once per session from the invocation folder."""
    from numcheck.config import ConfigError, load_config

    key = "_numcheck_settings"
    cached = getattr(config, key, None)
    if cached is None:
        try:
            cached = load_config(start=config.invocation_params.dir)
        except ConfigError as exc:
            cached = exc
        setattr(config, key, cached)
    if isinstance(cached, Exception):
        raise _ConfigProblem(str(cached))
    return cached


def _run_configured(settings, inputs, date):
    from numcheck.config import run

    if date is not None:
        import datetime as dt

        if not isinstance(date, dt.date):
            date = dt.date.fromisoformat(str(date))
        settings = settings.with_flags(date=date)
    return run(inputs, settings)


@pytest.fixture
def numcheck(request: pytest.FixtureRequest):
    """A :class:`numcheck.testing.Checker` honouring the project's numcheck configuration.

    ``numcheck.check(path_or_text, date=None)`` returns the Report;
    ``numcheck.assert_consistent(path_or_text, date=None)`` fails the test with the report.
    """
    from numcheck.testing import Checker

    settings = _settings(request.config)
    return Checker(
        rules=settings.rules, select=settings.select, ignore=settings.ignore,
        story=settings.story, fail_on=settings.fail_on, default_rules=settings.default_rules,
        date=settings.date, runner=lambda inputs, date: _run_configured(settings, inputs, date),
        judge=lambda records: settings.exit_code(records) != 0,
    )

