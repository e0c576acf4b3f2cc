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
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Collection, Sequence

from numcheck.model import FAIL_ON_LEVELS, Problem

__all__ = [
    "CONFIG_FILES", "ConfigError", "Override", "PathSettings", "Settings", "find_config",
    "load_config", "read_config", "run",
]

#: File names searched for, in order of preference within one folder.
CONFIG_FILES = ("numcheck.toml", "pyproject.toml")
#: Largest config file read (a config is a few hundred bytes; a pyproject.toml a few KB).
MAX_CONFIG_BYTES = 1_000_000

STORY_MODES = ("auto", "file", "all")
_SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


class ConfigError(Exception):
    """A configuration file that cannot be used; ``problems`` says where and why."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(p.format() for p in self.problems))


# ---- settings ------------------------------------------------------------------------------

_STAR = ("*",)
_ANY = ("?",)
_DOUBLE_STAR = ("**",)


def _segment_tokens(segment: str) -> tuple:
    """One path segment of a glob as tokens: ``*``, ``?``, ``("lit", c)``, ``("set", neg, items)``.

    A ``[`` without a closing ``]`` is a literal ``[``; a ``]`` right after ``[`` (or ``[!``) is
    a member, as in :mod:`fnmatch`.
    """
    out: list[tuple] = []
    i, n = 0, len(segment)
    while i < n:
        c = segment[i]
        if c == "*":
            while i + 1 < n and segment[i + 1] == "*":
                i += 1  # "a**b" inside one segment is "a*b"
            if not out or out[-1] is not _STAR:
                out.append(_STAR)
            i += 1
        elif c == "?":
            out.append(_ANY)
            i += 1
        elif c == "[":
            j = i + 1
            negate = j < n and segment[j] == "!"
            if negate:
                j += 1
            start = j
            if j < n and segment[j] == "]":
                j += 1
            close = segment.find("]", j)
            if close == -1:
                out.append(("lit", "["))
                i += 1
                continue
            body = segment[start:close]
            items: list[tuple[str, str]] = []
            k = 0
            while k < len(body):
                if k + 2 < len(body) and body[k + 1] == "-":
                    items.append((body[k], body[k + 2]))
                    k += 3
                else:
                    items.append((body[k], body[k]))
                    k += 1
            out.append(("set", negate, tuple(items)))
            i = close + 1
        else:
            out.append(("lit", c))
            i += 1
    return tuple(out)


def _token_matches(token: tuple, ch: str) -> bool:
    if token is _ANY:
        return True
    if token[0] == "lit":
        return token[1] == ch
    hit = any(lo <= ch <= hi for lo, hi in token[2])
    return hit != token[1]


def _wildcard(pattern: tuple, items, star, matches) -> bool:
    """Whether ``items`` match ``pattern``, where ``star`` matches any run of items.

    The greedy algorithm with one remembered restart point (as in Russ Cox's "Glob Matching
    Can Be Simple And Fast Too"): at most len(pattern) × len(items) steps, never the
    exponential backtracking of a regex such as fnmatch's translation on ``*a*a*a*a*b``.
    """
    px = nx = 0
    restart_px, restart_nx = -1, -1
    while px < len(pattern) or nx < len(items):
        if px < len(pattern):
            token = pattern[px]
            if token is star:
                restart_px, restart_nx = px, nx + 1
                px += 1
                continue
            if nx < len(items) and matches(token, items[nx]):
                px += 1
                nx += 1
                continue
        if 0 < restart_nx <= len(items):
            px, nx = restart_px, restart_nx
            continue
        return False
    return True


class Glob:
    """A path glob (``*``, ``?``, ``[...]``, ``**``) matched in linear time, without regexes.

    ``*`` and ``?`` stay within one path segment, ``**`` as a whole segment spans any number
    of segments, and a pattern also covers everything below what it names ("drafts" and
    "drafts/" cover "drafts/a/b.md"), as in .gitignore.
    """

    __slots__ = ("pattern", "_segments")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        parts = [p for p in pattern.rstrip("/").split("/")]
        segments = [_DOUBLE_STAR if p == "**" else _segment_tokens(p) for p in parts]
        segments.append(_DOUBLE_STAR)  # ... and everything below it
        collapsed: list = []
        for seg in segments:
            if seg is _DOUBLE_STAR and collapsed and collapsed[-1] is _DOUBLE_STAR:
                continue
            collapsed.append(seg)
        self._segments = tuple(collapsed)

    def match(self, path: str) -> bool:
        """Whether ``path`` (``/``-separated) is covered by the glob."""
        return _wildcard(self._segments, path.split("/"), _DOUBLE_STAR,
                         lambda seg, name: _wildcard(seg, name, _STAR, _token_matches))

    def __repr__(self) -> str:
        return f"Glob({self.pattern!r})"


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
        object.__setattr__(self, "_regexes", tuple(Glob(p[2:] if p.startswith("./") else p)
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
    #: The keys the config file set (not defaulted), by their Settings names.
    configured: frozenset[str] = frozenset()

    def story_for(self, corpus: bool) -> str:
        """The story mode of a run: ``--story`` or the config's ``story`` if given; otherwise
        ``auto``, except for corpus tables, whose rows are linked by their story column
        (``file``), in every output format."""
        if corpus and "story" not in self.pinned and "story" not in self.configured:
            return "file"
        return self.story

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

    def code_problems(self, known: Collection[str], flag: str = "--{}") -> list[Problem]:
        """One Problem per select/ignore entry (top level or in an override) that no code in
        ``known`` starts with, naming the nearest real codes.

        An entry given on the command line is reported as the flag (``flag`` formatted with
        ``select``/``ignore``: ``--select``; kind "usage"); one from the config file at its
        ``path:line:col`` (kind "config").
        """
        from numcheck.engine.codes import is_known, unknown_code_message

        out: list[Problem] = []
        for key in ("select", "ignore"):
            for code in getattr(self, key):
                if is_known(code, known):
                    continue
                if key in self.pinned or self.source is None:
                    out.append(Problem(flag.format(key), unknown_code_message(code, known), kind="usage"))
                else:
                    out.append(self._config_problem((key,), code, unknown_code_message(code, known, key)))
        for i, o in enumerate(self.overrides):
            for key in ("select", "ignore"):
                for code in getattr(o, key) or ():
                    if not is_known(code, known):
                        where = f"overrides[{i}].{key}"
                        out.append(self._config_problem(("overrides", i, key), code,
                                                        unknown_code_message(code, known, where)))
        return out

    def _config_problem(self, loc: tuple, code: str, message: str) -> Problem:
        """A Problem at the place in :attr:`source` where ``code`` is written under ``loc``."""
        shown = str(self.source) if self.source is not None else "config"
        try:
            text = self.source.read_text(encoding="utf-8") if self.source is not None else ""
        except (OSError, UnicodeDecodeError):
            text = ""
        prefix = ("tool", "numcheck") if self.source is not None and self.source.name == "pyproject.toml" else ()
        line, col = _locate(text, prefix, loc) if text else (0, 0)
        if line:
            # point at the entry itself when it is on the key's line or the lines after it
            rx = re.compile(r"""["']""" + re.escape(code) + r"""["']""", re.I)
            lines = text.split("\n")
            for n in range(line - 1, min(len(lines), line + 20)):
                m = rx.search(lines[n])
                if m:
                    line, col = n + 1, m.start() + 1
                    break
        return Problem(shown, message, line, col, kind="config")

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
    from numcheck.fileio import read_regular

    try:
        text = read_regular(pyproject, MAX_CONFIG_BYTES).decode("utf-8")
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


def _links_out_of(folder: Path, root: Path) -> list[str]:
    """The pack files under ``folder`` (as the pack loader finds them) that resolve outside
    ``root``, relative to ``folder``."""
    out = []
    for file in sorted(folder.rglob("*")):
        if file.suffix not in (".yaml", ".yml"):
            continue
        try:
            real = file.resolve()
        except (OSError, RuntimeError):  # a symlink loop: the loader reports it
            continue
        if root not in real.parents:
            out.append(file.relative_to(folder).as_posix())
    return out


def read_config(path: str | os.PathLike) -> Settings:
    """Read and validate one ``numcheck.toml`` or ``pyproject.toml``."""
    import tomllib

    from numcheck.fileio import NotRegularFile, TooLarge, read_regular

    path = Path(path)
    shown = str(path)
    try:
        text = read_regular(path, MAX_CONFIG_BYTES).decode("utf-8")
    except NotRegularFile as exc:
        raise ConfigError([Problem(shown, f"config is {exc.kind}, not a regular file; not read",
                                   kind="config")]) from None
    except TooLarge:
        raise ConfigError([Problem(shown, f"config file larger than {MAX_CONFIG_BYTES:,} bytes; not read",
                                   kind="config")]) from None
    except UnicodeDecodeError as exc:
        raise ConfigError([Problem(shown, f"config is not UTF-8 (byte at offset {exc.start})",
                                   kind="config")]) from None
    except OSError as exc:
        raise ConfigError([Problem(shown, f"cannot read config: {exc.strerror or exc}",
                                   kind="config")]) from None
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
        line, col = _locate(text, prefix, ("rules", i))
        # a config found by walking up from the working folder may come from a cloned
        # repository: its packs must be inside that project (symlinks resolved), or it could
        # make numcheck read, and quote, any file on the machine
        try:
            real = resolved.resolve()
        except (OSError, RuntimeError):
            real = resolved
        if real != root and root not in real.parents:
            problems.append(Problem(str(path), f"rules: {pack!r} is outside the project folder "
                                    f"{str(root)!r}; a config may only name packs inside it "
                                    "(give other packs with --rules)", line, col, kind="config"))
        elif not resolved.exists():
            problems.append(Problem(str(path), f"rules: no such pack {pack!r} (looked in {resolved})",
                                    line, col, kind="config"))
        elif resolved.is_file() and resolved.suffix.lower() not in (".yaml", ".yml"):
            problems.append(Problem(str(path), f"rules: {pack!r} is not a rule pack (pack files end "
                                    "in .yaml or .yml); not read", line, col, kind="config"))
        elif resolved.is_dir():
            # a pack folder is read file by file: a symlink in it must not lead outside either
            for name in _links_out_of(resolved, root):
                problems.append(Problem(str(path), f"rules: {name!r} in pack folder {pack!r} links "
                                        f"outside the project folder {str(root)!r}; not read",
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
        configured=frozenset(model.model_fields_set),
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

    # which codes exist is known only once the packs are loaded (Settings.code_problems), where
    # an unknown one is reported with the nearest real codes
    Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
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

def run(inputs=None, settings: Settings | None = None, *,
        progress: Callable[[int, int], None] | None = None, keep_suppressions: bool = True,
        paths=None, texts=None, flag: str = "--{}", jobs: int = 1):
    """Check ``inputs`` as ``settings`` say (default: none); return the Report.

    Inputs are read as :func:`numcheck.report.load_inputs` reads them: ``paths`` are files,
    folders (their articles) or corpus tables, ``texts`` strings, and ``inputs`` the guessing
    form (see :func:`numcheck.report.classify_inputs`). Per-path dates and code filters from
    overrides are applied here. A broken rule pack, or a select/ignore entry that names no
    loaded rule (reported where it was written: a flag, or the config file's line), stops the
    run before any document is read; the Report then holds only those errors. With
    ``keep_suppressions=False`` inline ``numcheck: ignore`` comments are left for the caller
    to apply (the unused-ignore report needs every anomaly they would hide). Errors never
    raise here: they are in ``report.errors`` and make ``exit_code`` 2. ``flag`` names the
    options that set select/ignore in those errors (the pytest plugin's are ``--numcheck-{}``).
    ``jobs`` worker processes analyse and check the documents (see
    :func:`numcheck.report.check_documents`); the report does not depend on it.
    """
    from numcheck.engine import load_rules, select_rules
    from numcheck.engine.codes import known_codes
    from numcheck.limits import Limits
    from numcheck.report import Report, check_documents, classify_inputs, load_inputs

    settings = settings or Settings()
    # --max-bytes and --timeout-per-doc reach here through the environment (the CLI sets it)
    limits = Limits.resolve()
    all_rules, problems = load_rules(list(settings.rules), include_default=settings.default_rules)
    known = known_codes(all_rules)
    if not problems:
        problems = tuple(settings.code_problems(known, flag))
    if problems:
        return Report(errors=list(problems), rules=all_rules, fail_on=settings.fail_on)
    per_path = settings.filters_per_path
    # with per-path code filters every rule must run; filtering happens below
    rules = all_rules if per_path else select_rules(all_rules, settings.select, settings.ignore)[0]
    errors: list[Problem] = []
    items = classify_inputs(inputs, paths=paths, texts=texts)
    from numcheck.ingest.corpus import CORPUS_EXTENSIONS

    corpus = any(kind == "path" and os.path.splitext(os.fspath(item))[1].lower() in CORPUS_EXTENSIONS
                 for kind, item in items)
    docs = load_inputs(items, errors, date_for=lambda p: settings.for_path(p).date, limits=limits,
                       keep_suppressions=keep_suppressions)
    report = check_documents(docs, rules, story=settings.story_for(corpus), fail_on=settings.fail_on,
                             progress=progress, known_codes=known, jobs=jobs,
                             timeout_per_doc=0 if limits.doc_timeout is None else limits.doc_timeout,
                             timeout_per_story=0 if limits.story_timeout is None else limits.story_timeout)
    report.errors = errors + report.errors
    if per_path:
        report.anomalies = [a for a in report.anomalies if settings.for_path(a.doc).wants(a.code)]
    return report
