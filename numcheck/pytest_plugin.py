"""The numcheck pytest plugin (registered through the ``pytest11`` entry point).

It adds:

- ``pytest --numcheck [PATHS]``: every article (``.md``, ``.markdown``, ``.txt``, ``.html``,
  ``.htm``) under the collected paths becomes a test item that fails with the numcheck report;
- the ini key ``numcheck_paths``: folders (or files) whose articles are always collected, as if
  they had been named with ``--numcheck`` (unless paths were given on the command line);
- the ``numcheck`` fixture: a :class:`numcheck.testing.Checker` configured from the project's
  ``numcheck.toml`` / ``[tool.numcheck]``, with ``.check(...)`` and ``.assert_consistent(...)``.

The collected articles are checked together in one run, exactly as ``numcheck check`` checks
the same paths: stories are linked the same way (``--story auto`` by default, so an undated
article takes the date of the article it is linked to, and a contradiction between two
articles is found), and the same settings apply (the config file, then the
``--numcheck-*`` options, which mirror ``numcheck check``'s flags). Each item then reports
the anomalies located in its own file, and the errors of its file or of the whole run (a
broken rule pack, an unknown code). Articles whose front matter names the same ``story:``
form one item. Without ``--numcheck`` or ``numcheck_paths`` the plugin collects nothing, and
it imports nothing heavy until an article is checked.
"""

from __future__ import annotations

from pathlib import Path

import pytest

# the suffixes numcheck.ingest.paths reads from folders (importing it here would load numcheck's
# ingest layer into every pytest run, numcheck or not)
ARTICLE_SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm")


def pytest_addoption(parser: pytest.Parser) -> None:
    """Register ``--numcheck`` and the ``numcheck_paths`` ini key."""
    group = parser.getgroup("numcheck", "numcheck: numbers in prose that cannot all be true")
    group.addoption(
        "--numcheck", action="store_true", default=False,
        help="collect articles (.md .txt .html) under the given paths as numcheck test items",
    )
    # the same settings as `numcheck check`'s flags, which they mirror; each overrides the config
    group.addoption("--numcheck-story", choices=("auto", "file", "all"), default=None,
                    help="how articles are grouped into stories (default: the config's, else auto)")
    group.addoption("--numcheck-select", default=None, metavar="CODES",
                    help="comma-separated codes or prefixes to run")
    group.addoption("--numcheck-ignore", default=None, metavar="CODES",
                    help="comma-separated codes or prefixes to skip")
    group.addoption("--numcheck-fail-on", choices=("error", "warning", "info", "never"), default=None,
                    help="lowest severity that fails an item (default: the config's, else warning)")
    group.addoption("--numcheck-rules", action="append", default=None, metavar="PATH",
                    help="an extra rule pack; repeatable; replaces the config's")
    group.addoption("--numcheck-no-default-rules", action="store_true", default=False,
                    help="do not load the default rule pack")
    group.addoption("--numcheck-date", default=None, metavar="YYYY-MM-DD",
                    help="document date for every article, overriding each one's own")
    group.addoption("--numcheck-config", default=None, metavar="FILE",
                    help="read numcheck settings from this numcheck.toml or pyproject.toml")
    group.addoption("--numcheck-no-config", action="store_true", default=False,
                    help="ignore numcheck configuration files")
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
        node = ArticleFile.from_parent(parent, path=file_path)
        shown = _safe(node.nodeid)
        if shown != node.nodeid:
            # pytest prints node ids in its summary: an article's file name is not to drive the
            # terminal (ESC, BEL, bidi overrides; docs/safety.md)
            node = ArticleFile.from_parent(parent, path=file_path, nodeid=shown)
        return node
    return None


def _safe(text: str) -> str:
    from numcheck.render.safe import terminal_safe

    return terminal_safe(text)


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


def pytest_collection_finish(session: pytest.Session) -> None:
    """Remember every article left after selection: they are checked together, in one run."""
    paths: list[Path] = []
    for item in session.items:
        if isinstance(item, ArticleItem):
            paths.extend(item.paths)
    session.config._numcheck_paths = paths  # type: ignore[attr-defined]


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
        name = _safe(f"story[{story}]") if story else "numcheck"
        yield ArticleItem.from_parent(self, name=name, story=story)


def _story_of(path: Path) -> str | None:
    """The front matter's ``story:`` of a Markdown article (only Markdown declares one).

    Collection reads just the front matter, with the same hardened reader and limits as a
    check; a file it cannot read still becomes an item, whose run reports the problem (a
    hostile file must not stop collection for the others).
    """
    if path.suffix.lower() not in (".md", ".markdown"):
        return None
    from numcheck.ingest.markdown import split_front_matter
    from numcheck.ingest.source import decode, read_bytes
    from numcheck.limits import BudgetExceeded, Limits, time_budget

    limits = Limits.resolve()
    try:
        with time_budget(limits.doc_timeout, "reading front matter"):
            return split_front_matter(decode(read_bytes(str(path), limits.max_bytes), str(path)),
                                      str(path)).story
    except (Exception, BudgetExceeded):  # noqa: BLE001 - reported when the item runs
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
                records, shown = _session_run(self.config, settings, self.paths)
                mine = _records_for(records, {_shown(p) for p in self.paths}, shown)
                mine["exit_code"] = settings.exit_code(mine)
                self._result = (mine, None)
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
            from numcheck.render.safe import terminal_safe

            return terminal_safe(str(excinfo.value))
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
        label = _safe(f"numcheck: {self.name}" if self.story else f"numcheck: {self.path.name}")
        return self.path, line, label


def _shown(path: Path) -> str:
    """``path`` relative to the working directory when below it, as the CLI would name it.

    Reports read better that way, and baselines' fingerprints (which include the path) match
    those of ``numcheck check`` run from the same folder.
    """
    import os

    rel = os.path.relpath(path)
    return path.as_posix() if rel.startswith("..") else rel


def _session_run(config: pytest.Config, settings, fallback: list[Path]) -> tuple[dict, set[str]]:
    """The records of one run over every collected article (cached for the session), and the
    paths it was given. Outside a normal collection (no list of articles) the item's own."""
    cached = getattr(config, "_numcheck_run", None)
    if cached is None:
        paths = getattr(config, "_numcheck_paths", None) or list(fallback)
        shown = [_shown(p) for p in paths]
        try:
            records = _run_configured(settings, None, None, shown, None).to_records()
            cached = (records, set(shown))
        except Exception as exc:  # noqa: BLE001 - every item re-raises it
            cached = exc
        config._numcheck_run = cached  # type: ignore[attr-defined]
    if isinstance(cached, Exception):
        raise cached
    return cached


def _records_for(records: dict, mine: set[str], checked: set[str]) -> dict:
    """The part of a session's records that belongs to one item: its documents, the anomalies
    located in them, the stories they are in, and the errors of its files or of no article
    (a broken pack or an unknown code concerns every item)."""
    from numcheck.baseline import recount

    out = dict(records)
    out["documents"] = [d for d in records.get("documents") or () if d.get("path") in mine]
    out["stories"] = [s for s in records.get("stories") or () if mine & set(s.get("documents") or ())]
    out["anomalies"] = [a for a in records.get("anomalies") or () if a.get("path") in mine]
    out["errors"] = [e for e in records.get("errors") or ()
                     if e.get("path") in mine or not _names_article(e.get("path") or "", checked)]
    summary = {k: v for k, v in (records.get("summary") or {}).items()
               if k not in ("suppressed", "baseline_matched")}
    summary["documents"] = len(out["documents"])
    out["summary"] = summary
    return recount(out)


def _names_article(path: str, checked: set[str]) -> bool:
    # a corpus row is "file#id"; any other path is an article's or not
    return path in checked or path.split("#", 1)[0] in checked


class _ConfigProblem(Exception):
    """A broken numcheck configuration, reported once per item as ``path:line:col: message``."""


def _settings(config: pytest.Config):
    """The project's numcheck settings with the ``--numcheck-*`` options applied, read once per
    session from the invocation folder (or ``--numcheck-config``)."""
    from numcheck.config import ConfigError, Settings, load_config

    key = "_numcheck_settings"
    cached = getattr(config, key, None)
    if cached is None:
        opt = config.getoption
        try:
            if opt("numcheck_no_config"):
                base = Settings()
            else:
                base = load_config(start=config.invocation_params.dir, path=opt("numcheck_config"))
            cached = base.with_flags(
                rules=opt("numcheck_rules"),
                default_rules=False if opt("numcheck_no_default_rules") else None,
                select=_codes(opt("numcheck_select")), ignore=_codes(opt("numcheck_ignore")),
                story=opt("numcheck_story"), fail_on=opt("numcheck_fail_on"),
                date=_date(opt("numcheck_date")),
            )
        except ConfigError as exc:
            cached = exc
        except ValueError as exc:
            cached = _ConfigProblem(f"--numcheck-date: {exc}")
        setattr(config, key, cached)
    if isinstance(cached, ConfigError):
        raise _ConfigProblem(str(cached))
    if isinstance(cached, Exception):
        raise cached
    return cached


def _codes(value: str | None) -> list[str] | None:
    return None if value is None else [c.strip().upper() for c in value.split(",") if c.strip()]


def _date(value):
    if value is None:
        return None
    import datetime as dt

    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _run_configured(settings, inputs, date, paths=None, texts=None):
    from numcheck.config import run

    if date is not None:
        settings = settings.with_flags(date=_date(date))
    return run(inputs, settings, paths=paths, texts=texts, flag="--numcheck-{}")


@pytest.fixture
def numcheck(request: pytest.FixtureRequest):
    """A :class:`numcheck.testing.Checker` honouring the project's numcheck configuration.

    ``numcheck.check(paths=..., texts=..., date=None)`` returns the Report (and raises
    :class:`numcheck.report.CheckError` on an input error); ``numcheck.assert_consistent(...)``
    fails the test with the report. Both also take the older guessing positional form.
    """
    from numcheck.testing import Checker

    settings = _settings(request.config)
    return Checker(
        rules=settings.rules, select=settings.select, ignore=settings.ignore,
        story=settings.story, fail_on=settings.fail_on, default_rules=settings.default_rules,
        date=settings.date,
        runner=lambda inputs, date, paths, texts: _run_configured(settings, inputs, date, paths, texts),
        judge=lambda records: settings.exit_code(records) != 0,
    )

