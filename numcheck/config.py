"""Project configuration: ``[tool.numcheck]`` in pyproject.toml, or a ``numcheck.toml``.

The nearest configuration wins: starting from the working directory and walking up, the first
folder holding a ``numcheck.toml`` (top-level keys) or a ``pyproject.toml`` with a
``[tool.numcheck]`` table supplies the settings; in one folder ``numcheck.toml`` is preferred.

.. code-block:: toml

    [tool.numcheck]
    rules = ["packs/newsroom"]      # extra rule packs, relative to this file
    default-rules = true           # also load the built-in pack
    select = ["NC6"]               # codes or code prefixes to run (empty: all)
    ignore = ["NC602"]             # codes or prefixes to skip
    fail-on = "warning"            # error | warning | info | never
    story = "auto"                 # auto | file | all
    date = 2020-03-20              # document date for every article (rarely wanted)
    format = "text"                # default --format

    [[tool.numcheck.overrides]]
    paths = ["drafts/**"]          # globs relative to this file
    ignore = ["NC601"]             # added to the ignores for these paths
    fail-on = "never"

Command-line flags override the file. An override's ``select``, ``fail-on`` and ``date`` replace
the top-level value for its paths unless the same flag was given on the command line; its
``ignore`` always adds to the ignores (the way ruff's per-file-ignores do). When several
overrides match a path, later ones win.

Mistakes are reported as :class:`ConfigError`, holding one :class:`~numcheck.model.Problem` per
mistake with the file, line and column (all mistakes at once, not only the first).
"""

from __future__ import annotations

import datetime as _dt
import difflib
import inspect
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Sequence

from numcheck.model import FAIL_ON_LEVELS, Problem

__all__ = [
    "CONFIG_FILES", "ConfigError", "Override", "PathSettings", "Settings", "find_config",
    "load_config", "read_config", "run",
]

#: File names searched for, in order of preference within one folder.
CONFIG_FILES = ("numcheck.toml", "pyproject.toml")

STORY_MODES = ("auto", "file", "all")
_SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


class ConfigError(Exception):
    """A configuration file that cannot be used; ``problems`` says where and why."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(p.format() for p in self.problems))


# ---- settings ------------------------------------------------------------------------------

def _glob_regex(pattern: str) -> re.Pattern:
    """Translate a path glob (``*``, ``?``, ``[...]``, ``**``) into an anchored regex.

    Written out because ``fnmatch`` lets ``*`` cross ``/`` and ``glob.translate`` needs 3.13.
    """
    out, i, n = [], 0, len(pattern)
    while i < n:
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif c == "*":
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            j = pattern.find("]", i + 1)
            if j == -1:
                out.append(re.escape(c))
                i += 1
            else:
                body = pattern[i + 1:j].replace("\\", "\\\\")
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                i = j + 1
        else:
            out.append(re.escape(c))
            i += 1
    # "drafts" and "drafts/" also cover everything below the folder, as in .gitignore
    return re.compile("".join(out).rstrip("/") + "(?:/.*)?\\Z")


@dataclass(frozen=True)
class Override:
    """Settings for the articles whose path (relative to the config file) matches ``paths``.

    A pattern without ``/`` also matches a file's base name anywhere, like ``*.draft.md``.
    """

    paths: tuple[str, ...]
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    fail_on: str | None = None
    date: _dt.date | None = None
    _regexes: tuple = field(default=(), repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_regexes", tuple(_glob_regex(p[2:] if p.startswith("./") else p)
                                                   for p in self.paths))

    def matches(self, relpath: str) -> bool:
        """Whether ``relpath`` (``/``-separated, relative to the config folder) is covered."""
        base = relpath.rsplit("/", 1)[-1]
        for pattern, rx in zip(self.paths, self._regexes):
            if rx.match(relpath) or ("/" not in pattern and rx.match(base)):
                return True
        return False


@dataclass(frozen=True)
class PathSettings:
    """The settings that apply to one article once overrides are taken into account."""

    select: tuple[str, ...]
    ignore: tuple[str, ...]
    fail_on: str
    date: _dt.date | None

    def wants(self, code: str) -> bool:
        """Whether an anomaly of ``code`` should be reported for this article."""
        code = code.upper()
        if self.select and not any(code.startswith(s) for s in self.select):
            return False
        return not any(code.startswith(i) for i in self.ignore)

    def fails(self, severity: str) -> bool:
        """Whether an anomaly of ``severity`` makes the run fail for this article."""
        if self.fail_on == "never":
            return False
        return _SEVERITY_RANK.get(severity, 2) >= _SEVERITY_RANK[self.fail_on]


@dataclass(frozen=True)
class Settings:
    """Everything a check run is configured with: from a config file, flags, or defaults.

    ``rules`` are absolute (or cwd-relative) pack paths. ``root`` is the folder override globs
    are relative to, ``source`` the file the settings came from (None: no file). ``pinned``
    names the keys given on the command line, which overrides may not change.
    """

    rules: tuple[str, ...] = ()
    default_rules: bool = True
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: str = "warning"
    story: str = "auto"
    date: _dt.date | None = None
    format: str = "text"
    overrides: tuple[Override, ...] = ()
    root: Path | None = None
    source: Path | None = None
    pinned: frozenset[str] = frozenset()

    def with_flags(self, **flags: Any) -> "Settings":
        """A copy with command-line values applied; ``None`` means "flag not given"."""
        given = {k: v for k, v in flags.items() if v is not None}
        for key in ("rules", "select", "ignore"):
            if key in given:
                given[key] = tuple(given[key])
        return replace(self, **given, pinned=self.pinned | frozenset(given))

    def relpath(self, path: str) -> str | None:
        """``path`` relative to :attr:`root` with ``/`` separators (None for stdin/texts)."""
        if path == "-" or path.startswith("<"):
            return None
        root = self.root or Path.cwd()
        try:
            rel = os.path.relpath(os.path.abspath(path), root)
        except ValueError:  # another drive on Windows
            return None
        return rel.replace(os.sep, "/")

    def for_path(self, path: str) -> PathSettings:
        """The settings for the article at ``path`` (overrides applied in file order)."""
        select, ignore, fail_on, date = self.select, list(self.ignore), self.fail_on, self.date
        rel = self.relpath(path) if self.overrides else None
        if rel is not None:
            for o in self.overrides:
                if not o.matches(rel):
                    continue
                if o.select is not None and "select" not in self.pinned:
                    select = o.select
                ignore.extend(o.ignore)
                if o.fail_on is not None and "fail_on" not in self.pinned:
                    fail_on = o.fail_on
                if o.date is not None and "date" not in self.pinned:
                    date = o.date
        return PathSettings(tuple(select), tuple(ignore), fail_on, date)

    @property
    def filters_per_path(self) -> bool:
        """Whether some override changes which codes run, so filtering must happen per path."""
        return any(o.select is not None or o.ignore for o in self.overrides)

    def exit_code(self, records: dict) -> int:
        """2 on errors, 1 when an anomaly fails its article's ``fail-on``, else 0."""
        if records.get("errors"):
            return 2
        for a in records.get("anomalies") or ():
            if self.for_path(a.get("path") or "").fails(a.get("severity") or "error"):
                return 1
        return 0


# ---- finding and reading -------------------------------------------------------------------

def find_config(start: str | os.PathLike | None = None) -> Path | None:
    """The nearest config file at or above ``start`` (default: the working directory)."""
    here = Path(start or Path.cwd()).resolve()
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        candidate = folder / "numcheck.toml"
        if candidate.is_file():
            return candidate
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and _mentions_table(candidate):
            return candidate
    return None


def _mentions_table(pyproject: Path) -> bool:
    # a cheap text test first: most pyproject.toml files have no [tool.numcheck], and a
    # broken one that never mentions us is not ours to complain about
    try:
        text = pyproject.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return re.search(r"^\s*\[\[?\s*tool\s*\.\s*numcheck\b", text, re.M) is not None


def load_config(start: str | os.PathLike | None = None, path: str | os.PathLike | None = None) -> Settings:
    """Settings from ``path`` if given, else from the nearest config file, else defaults.

    Raises :class:`ConfigError` when the file is malformed or holds unknown keys or wrong types.
    """
    found = Path(path) if path is not None else find_config(start)
    if found is None:
        return Settings()
    return read_config(found)


def read_config(path: str | os.PathLike) -> Settings:
    """Read and validate one ``numcheck.toml`` or ``pyproject.toml``."""
    import tomllib

    path = Path(path)
    shown = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError([Problem(shown, f"cannot read config: {exc}", kind="config")]) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = re.search(r"\(at line (\d+), column (\d+)\)", msg)
        line, col = (int(m.group(1)), int(m.group(2))) if m else (0, 0)
        msg = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", msg)
        raise ConfigError([Problem(shown, f"invalid TOML: {msg}", line, col, kind="config")]) from None
    prefix: tuple[str, ...] = ()
    if path.name == "pyproject.toml":
        prefix = ("tool", "numcheck")
        table = data.get("tool", {}).get("numcheck", {})
    else:
        table = data
    if not isinstance(table, dict):
        line, col = _locate(text, prefix[:-1], prefix[-1:])
        raise ConfigError([Problem(shown, "[tool.numcheck] must be a table", line, col, kind="config")])
    return _validate(table, text, prefix, path)


def _validate(table: dict, text: str, prefix: tuple[str, ...], path: Path) -> Settings:
    from pydantic import ValidationError

    model_cls = _models()
    problems: list[Problem] = []
    try:
        model = model_cls.model_validate(table)
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(err["loc"])
            line, col = _locate(text, prefix, loc)
            problems.append(Problem(str(path), _describe(err, loc), line, col, kind="config"))
        problems.sort(key=lambda p: (p.line, p.column))
        raise ConfigError(problems) from None
    root = path.parent.resolve()
    rules = []
    for i, pack in enumerate(model.rules):
        resolved = (root / pack) if not os.path.isabs(pack) else Path(pack)
        if not resolved.exists():
            line, col = _locate(text, prefix, ("rules", i))
            problems.append(Problem(str(path), f"rules: no such pack {pack!r} (looked in {resolved})",
                                    line, col, kind="config"))
        rules.append(str(resolved))
    if problems:
        raise ConfigError(problems)
    overrides = tuple(
        Override(tuple(o.paths), None if o.select is None else tuple(s.upper() for s in o.select),
                 tuple(s.upper() for s in o.ignore), o.fail_on, o.date)
        for o in model.overrides
    )
    return Settings(
        rules=tuple(rules), default_rules=model.default_rules,
        select=tuple(s.upper() for s in model.select), ignore=tuple(s.upper() for s in model.ignore),
        fail_on=model.fail_on, story=model.story, date=model.date, format=model.format,
        overrides=overrides, root=root, source=path,
    )


_MODELS = None


def _models():
    """Build the pydantic models on first use, so importing this module stays cheap."""
    global _MODELS
    if _MODELS is not None:
        return _MODELS
    from typing import Annotated, Literal

    from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

    from numcheck.render import FORMATS

    Code = Annotated[str, StringConstraints(pattern=r"^[A-Za-z]+[0-9]*$")]
    FailOn = Literal[FAIL_ON_LEVELS]  # type: ignore[valid-type]

    class _Base(BaseModel):
        model_config = ConfigDict(extra="forbid", populate_by_name=False, strict=False)

    class OverrideModel(_Base):
        paths: list[str] = Field(min_length=1)
        select: list[Code] | None = None
        ignore: list[Code] = []
        fail_on: FailOn | None = Field(None, alias="fail-on")
        date: _dt.date | None = None

        @field_validator("paths")
        @classmethod
        def _relative(cls, v: list[str]) -> list[str]:
            for p in v:
                if not p.strip():
                    raise ValueError("a path glob may not be empty")
            return v

    class ConfigModel(_Base):
        rules: list[str] = []
        default_rules: bool = Field(True, alias="default-rules")
        select: list[Code] = []
        ignore: list[Code] = []
        fail_on: FailOn = Field("warning", alias="fail-on")
        story: Literal[STORY_MODES] = "auto"  # type: ignore[valid-type]
        date: _dt.date | None = None
        format: Literal[FORMATS] = "text"  # type: ignore[valid-type]
        overrides: list[OverrideModel] = []

    _MODELS = ConfigModel
    return ConfigModel


_KNOWN_KEYS = ("rules", "default-rules", "select", "ignore", "fail-on", "story", "date", "format",
               "overrides", "paths")


def _describe(err: dict, loc: tuple) -> str:
    """A one-line message for one pydantic error, naming the key as the user wrote it."""
    where = ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in loc).replace(".[", "[")
    if err["type"] == "extra_forbidden":
        key = str(loc[-1])
        close = difflib.get_close_matches(key, _KNOWN_KEYS, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        parent = where[: -len(key)].rstrip(".")
        return f"unknown key {key!r}" + (f" in {parent}" if parent else "") + hint
    if err["type"] == "missing":
        return f"{where}: required key is missing"
    got = err.get("input")
    shown = f" (got {type(got).__name__} {got!r})" if not isinstance(got, (dict, list)) else ""
    return f"{where}: {err['msg']}{shown}"


_HEADER_RE = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY_RE = re.compile(r"""^(\s*)(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_-]+))\s*=""")


def _split_key(dotted: str) -> tuple[str, ...]:
    return tuple(part.strip().strip("\"'") for part in dotted.split("."))


def _locate(text: str, prefix: tuple[str, ...], loc: tuple) -> tuple[int, int]:
    """1-based (line, column) of the key ``loc`` under table ``prefix`` in TOML ``text``.

    tomllib keeps no positions, so this scans the text: good enough for the tables and
    array-of-tables a config holds; inline tables fall back to the line of their key.
    """
    lines = text.split("\n")
    keys = [p for p in loc if isinstance(p, str)]
    table = prefix
    array_index = None
    # overrides[i].key lives under the i-th [[prefix.overrides]] header
    if len(loc) >= 2 and isinstance(loc[0], str) and isinstance(loc[1], int) and loc[0] == "overrides":
        table = prefix + ("overrides",)
        array_index = loc[1]
        keys = [p for p in loc[2:] if isinstance(p, str)]
    best: tuple[int, int] | None = None
    current: tuple[str, ...] = ()
    seen_arrays = -1
    in_target = not table
    for i, line in enumerate(lines):
        h = _HEADER_RE.match(line)
        if h:
            current = _split_key(h.group(2))
            if current == table:
                if h.group(1) == "[[":
                    seen_arrays += 1
                    in_target = array_index is None or seen_arrays == array_index
                else:
                    in_target = array_index is None
                if in_target and best is None:
                    best = (i + 1, 1)
            else:
                in_target = False
                # an unknown sub-table such as [tool.numcheck.foo]
                if keys and current == table + (keys[0],) and array_index is None:
                    return i + 1, 1
            continue
        if in_target and keys:
            k = _KEY_RE.match(line)
            if k and (k.group(2) or k.group(3) or k.group(4)) == keys[0]:
                return i + 1, len(k.group(1)) + 1
    if best is not None:
        return best
    if array_index is not None:
        # inline array of tables: point at "overrides ="
        return _locate(text, prefix, ("overrides",))
    return 0, 0


# ---- running a configured check ------------------------------------------------------------

def _is_path(item) -> bool:
    if isinstance(item, os.PathLike):
        return True
    return isinstance(item, str) and "\n" not in item and len(item) < 4096 and (
        item == "-" or os.path.exists(item) or re.search(r"\.(txt|md|markdown|html?|pdf|docx)$", item) is not None
    )


def run(inputs, settings: Settings, *, progress: Callable[[int, int], None] | None = None,
        keep_suppressions: bool = True):
    """Check ``inputs`` (paths, texts or Documents) as ``settings`` say; return the Report.

    Per-path dates and code filters from overrides are applied here. With
    ``keep_suppressions=False`` inline ``numcheck: ignore`` comments are left for the caller to
    apply (the unused-ignore report needs every anomaly they would hide).
    """
    from numcheck.ingest import InputError, document_from_text, load_document
    from numcheck.ingest.document import Document
    from numcheck.limits import Limits
    from numcheck.report import check

    # --max-bytes reaches here through NUMCHECK_MAX_BYTES (the CLI sets it for the run)
    max_bytes = Limits.resolve().max_bytes
    if isinstance(inputs, (str, os.PathLike, Document)):
        inputs = [inputs]
    errors: list[Problem] = []
    docs: list = []
    for k, item in enumerate(inputs):
        try:
            if isinstance(item, Document):
                doc = item
                date = settings.for_path(doc.path).date
                if date is not None:
                    doc = doc.with_date(date, "flag")
            elif _is_path(item):
                p = os.fspath(item)
                doc = load_document(p, date=settings.for_path(p).date, max_bytes=max_bytes)
            else:
                doc = document_from_text(str(item), path=f"<text{k + 1}>" if k else "<text>",
                                         date=settings.date)
        except InputError as exc:
            errors.append(exc.problem)
            continue
        if not keep_suppressions:
            doc = replace(doc, suppressions=(), file_suppressions=())
        docs.append(doc)
    per_path = settings.filters_per_path
    kwargs: dict[str, Any] = dict(
        rules=list(settings.rules), story=settings.story, fail_on=settings.fail_on,
        default_rules=settings.default_rules,
        # with per-path code filters every rule must run; filtering happens below
        select=() if per_path else list(settings.select),
        ignore=() if per_path else list(settings.ignore),
    )
    if progress is not None and _accepts(check, "progress"):
        kwargs["progress"] = progress
    report = check(docs, None, **kwargs)
    report.errors = errors + report.errors
    if per_path:
        report.anomalies = [a for a in report.anomalies if settings.for_path(a.doc).wants(a.code)]
    return report


def _accepts(fn: Callable, name: str) -> bool:
    try:
        return name in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False

