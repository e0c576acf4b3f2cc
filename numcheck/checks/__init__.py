"""The closed set of check kinds. Each kind is one module here exposing ``KIND``.

Rules (YAML data in ``rules/``) name a kind from :data:`KINDS`; a meta-test keeps this registry
in step with the modules in this package and with the default rule pack.
"""

from __future__ import annotations

import importlib

from numcheck.checks.base import DocClaims, Finding, Involved, KindSpec, Params

#: Modules that define a kind, in documentation order.
KIND_MODULES = (
    "anchored_year",
)


def _load() -> dict[str, KindSpec]:
    kinds: dict[str, KindSpec] = {}
    for name in KIND_MODULES:
        spec = importlib.import_module(f"numcheck.checks.{name}").KIND
        kinds[spec.name] = spec
    return kinds


#: Every kind by name.
KINDS: dict[str, KindSpec] = _load()

__all__ = ["KINDS", "KIND_MODULES", "DocClaims", "Finding", "Involved", "KindSpec", "Params"]
