"""The closed set of check kinds. Each kind is one module here exposing ``KIND``.

Rules (YAML data in ``rules/``) name a kind from :data:`KINDS`. Every module of this package
other than ``base`` must define ``KIND``; a meta-test keeps the registry, the modules and the
default rule pack in step (every kind has at least one default rule, every rule a known kind).
"""

from __future__ import annotations

import importlib
import pkgutil

from numcheck.checks.base import DocClaims, Finding, Involved, KindSpec, Params

_NOT_KINDS = frozenset({"base", "common"})


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


#: Every kind by name.
KINDS: dict[str, KindSpec] = _load()

__all__ = ["KINDS", "DocClaims", "Finding", "Involved", "KindSpec", "Params"]
