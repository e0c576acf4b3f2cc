"""The closed set of check kinds. Each kind is one module here exposing ``KIND``.

Rules (YAML data in ``rules/``) name a kind from :data:`KINDS`. Every module of this package
other than ``base`` must define ``KIND``; a meta-test keeps the registry, the modules and the
default rule pack in step (every kind has at least one default rule, every rule a known kind).
"""

from __future__ import annotations

import importlib
import pkgutil

from numcheck.checks.base import DocClaims, Finding, Involved, KindSpec

_NOT_KINDS = frozenset({"base", "common", "params"})


def _load() -> dict[str, KindSpec]:
    kinds: dict[str, KindSpec] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name in _NOT_KINDS or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        spec = getattr(module, "KIND", None)
        if not isinstance(spec, KindSpec):
            raise TypeError(f"numcheck.checks.{info.name} defines no KIND")
        if spec.name in kinds:
            raise TypeError(f"kind {spec.name!r} is defined twice")
        kinds[spec.name] = spec
    return kinds


def __getattr__(name: str):
    # the registry (every kind module, their regexes and pydantic models) is built on first
    # use, so that importing the shared values above stays cheap for `numcheck extract`
    if name == "KINDS":
        kinds = _load()
        globals()["KINDS"] = kinds
        return kinds
    if name == "Params":
        from numcheck.checks.params import Params

        return Params
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["KINDS", "DocClaims", "Finding", "Involved", "KindSpec", "Params"]
