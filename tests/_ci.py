"""What a missing tool means: a skip on a developer's machine, a failure in CI.

``.ci/run`` installs everything the suite needs (the ``test`` extra with dask and pre-commit,
Debian's chromium, git) and runs with ``CI=true``; there a test that cannot find its tool must
fail, or CI would go green while skipping the very thing it was meant to check. Outside CI the
same test skips with the reason, so that a developer without Chromium can still run the rest.
"""

from __future__ import annotations

import importlib
import os

import pytest

#: True when running in CI (``CI=true``, as .ci/run and most CI services set it).
IN_CI = os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def missing(what: str, *, module_level: bool = False) -> None:
    """Skip (outside CI) or fail (in CI) because ``what`` is not available."""
    __tracebackhide__ = True
    if IN_CI:
        pytest.fail(f"CI=true but {what} is missing: .ci/run must install it", pytrace=False)
    pytest.skip(f"{what} is not available", allow_module_level=module_level)


def require(ok: bool, what: str, *, module_level: bool = False) -> None:
    """:func:`missing` unless ``ok``."""
    __tracebackhide__ = True
    if not ok:
        missing(what, module_level=module_level)


def importorskip(name: str, *, module_level: bool = True):
    """The module ``name``; without it a skip, or in CI a failure."""
    __tracebackhide__ = True
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        missing(f"the Python module {name!r} ({exc})", module_level=module_level)
