"""Strict YAML reading with marks, for rule packs: a re-export of :mod:`numcheck.yamlsafe`.

The reader moved to the bottom layer so that front matter (read by ingest) and rule packs
share one hardened implementation; this name stays for code that imported it from here.
"""

from __future__ import annotations

from numcheck.yamlsafe import (  # noqa: F401 - re-exported names
    ALLOWED_TAGS, MAX_CHARS, MAX_DEPTH, MAX_ERRORS, MAX_NODES, TEXT_LIMIT, Node, YamlProblem,
    compose_documents,
)

__all__ = ["ALLOWED_TAGS", "MAX_CHARS", "MAX_DEPTH", "MAX_ERRORS", "MAX_NODES", "TEXT_LIMIT",
           "Node", "YamlProblem", "compose_documents"]
