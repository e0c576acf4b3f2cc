"""Validated rule packs cached by content hash, so that a run need not parse and validate again.

Validating the default pack (YAML with marks, pydantic models for every rule and kind, every
``when`` condition and message placeholder checked) cost about a fifth of a one-article check.
A pack that validated without a problem is stored under a key made of everything the result
depends on: the bytes and paths of every pack file, the kinds it is validated against (names,
params classes and their fields), numcheck's version, the Python version and the sizes and
modification times of numcheck's check and engine modules. A
changed pack, or numcheck, is simply a different key; a pack with problems is never stored, so
every error is still reported at its place.

The cache lives in ``$NUMCHECK_CACHE_DIR`` (``off`` disables it), else
``$XDG_CACHE_HOME/numcheck`` or ``~/.cache/numcheck``. Entries are pickles read back by an
unpickler that builds only numcheck's own rule values and plain data (no other class or
function is ever looked up), so a planted file cannot run code; an unreadable, foreign or
corrupt entry is ignored and rebuilt. Failing to write is never an error.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Mapping, Sequence

__all__ = ["ENV_CACHE_DIR", "cache_dir", "load_packs_cached"]

#: Environment variable naming the cache folder (``off``, ``0`` or ``none``: no cache).
ENV_CACHE_DIR = "NUMCHECK_CACHE_DIR"
_FORMAT = b"numcheck-pack-cache 1\n"
_PACKAGE = Path(__file__).resolve().parents[1]

# what an entry may contain: numcheck's rule values, and nothing callable from elsewhere
_ALLOWED = {
    ("builtins", "tuple"), ("builtins", "list"), ("builtins", "dict"), ("builtins", "set"),
    ("builtins", "frozenset"), ("datetime", "date"),
    ("numcheck.engine.pack", "Rule"), ("numcheck.engine.pack", "Example"),
    ("numcheck.engine.pack", "ExampleDocument"), ("numcheck.checks.params", "_rebuild"),
}


def cache_dir() -> Path | None:
    """The cache folder, or None when the cache is switched off."""
    given = os.environ.get(ENV_CACHE_DIR)
    if given is not None:
        if given.strip().lower() in ("", "0", "off", "none", "false"):
            return None
        return Path(given)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "numcheck"


def _code_stamp() -> bytes:
    """Sizes and modification times of numcheck's modules: a new version of a kind is a new key."""
    h = hashlib.sha256()
    for sub in ("checks", "engine"):
        folder = _PACKAGE / sub
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        for e in entries:
            if e.name.endswith(".py"):
                st = e.stat()
                h.update(f"{sub}/{e.name}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    return h.digest()


def _kinds_stamp(kinds: Mapping[str, object]) -> bytes:
    """The kinds a pack is validated against: names, params classes and their fields."""
    parts = []
    for name in sorted(kinds):
        spec = kinds[name]
        params = getattr(spec, "params", None)
        fields = params.fields() if hasattr(params, "fields") else {}
        # a required field's marker object has no stable repr
        shown = sorted((k, repr(tp), repr(d) if type(d) is not object else "required")
                       for k, (tp, d) in fields.items())
        parts.append(f"{name}:{getattr(spec, 'scope', '')}:{getattr(params, '__module__', '')}."
                     f"{getattr(params, '__qualname__', '')}:{shown}")
    return "\n".join(parts).encode()


def _key(files: Sequence[Path], kinds: Mapping[str, object]) -> str | None:
    """The content key of a pack made of ``files``, or None if one cannot be read."""
    from numcheck import __version__

    h = hashlib.sha256(_FORMAT)
    h.update(f"{__version__}\n{sys.version}\n".encode())
    h.update(_code_stamp())
    h.update(_kinds_stamp(kinds))
    for f in files:
        try:
            data = f.read_bytes()
        except OSError:
            return None
        h.update(f"{f.resolve()}\n{len(data)}\n".encode())
        h.update(data)
    return h.hexdigest()


class _RuleUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if (module, name) in _ALLOWED:
            return super().find_class(module, name)
        if module.startswith("numcheck.checks.") and name.endswith("Params"):
            from numcheck.checks.params import Params

            cls = super().find_class(module, name)
            if isinstance(cls, type) and issubclass(cls, Params):
                return cls
        raise pickle.UnpicklingError(f"not a rule value: {module}.{name}")


def _read(path: Path):
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if not data.startswith(_FORMAT):
        return None
    try:
        rules = _RuleUnpickler(io.BytesIO(data[len(_FORMAT):])).load()
    except Exception:  # noqa: BLE001 - a corrupt or foreign entry is rebuilt
        return None
    from numcheck.engine.pack import Rule

    if not isinstance(rules, tuple) or not all(type(r) is Rule for r in rules):
        return None
    return rules


def _write(path: Path, rules) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".pack-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(_FORMAT)
                pickle.dump(tuple(rules), fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except Exception:  # noqa: BLE001 - a cache that cannot be written is only slower
        pass


def load_packs_cached(paths: Sequence[str | Path], kinds: Mapping[str, object]):
    """:func:`numcheck.engine.pack.load_packs` for ``paths``, from the cache when it has them.

    ``kinds`` is the kind registry the packs are validated against (part of the key).
    Returns ``(rules, problems)`` as ``load_packs`` does.
    """
    from numcheck.engine.pack import _Collector, _pack_files, load_packs

    where = cache_dir()
    key = None
    if where is not None:
        listing = _Collector()
        files = [f for p in paths for f in _pack_files(Path(p), listing)]
        if not listing.problems:
            key = _key(files, kinds)
    entry = where / f"pack-{key}.pickle" if key is not None else None
    if entry is not None:
        rules = _read(entry)
        if rules is not None:
            return rules, ()
    rules, problems = load_packs(paths, kinds)
    if entry is not None and not problems:
        _write(entry, rules)
    return rules, problems
