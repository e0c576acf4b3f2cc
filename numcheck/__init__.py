"""numcheck: find the numbers in prose that cannot all be true.

The public API is imported lazily so that ``import numcheck`` (and the CLI's start-up) stays
cheap; heavy dependencies load only when the function that needs them runs.

>>> import numcheck
>>> claims = numcheck.extract("About 1,000 detainees on each side were freed.")
"""

from __future__ import annotations

__version__ = "0.1.0"

#: Version of the JSON records shape (see docs/records.md). Bump on incompatible change.
RECORDS_VERSION = 3

__all__ = [
    "__version__",
    "RECORDS_VERSION",
    "extract",
    "extract_document",
    "check",
    "Claim",
    "Anomaly",
    "Evidence",
    "Span",
    "Document",
    "Report",
    "load_document",
]

_LAZY = {
    "extract": ("numcheck.extract", "extract"),
    "extract_document": ("numcheck.extract", "extract_document"),
    "check": ("numcheck.report", "check"),
    "Report": ("numcheck.report", "Report"),
    "Claim": ("numcheck.model", "Claim"),
    "Anomaly": ("numcheck.model", "Anomaly"),
    "Evidence": ("numcheck.model", "Evidence"),
    "Span": ("numcheck.model", "Span"),
    "Document": ("numcheck.ingest.document", "Document"),
    "load_document": ("numcheck.ingest", "load_document"),
}


def __getattr__(name: str):
    target = _LAZY.get(name)
    if target is None:
        raise AttributeError(f"module 'numcheck' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(target[0]), target[1])
    globals()[name] = value
    return value
