"""Temporal relations (filled in by the temporal reading; see issue on temporal checks)."""

from __future__ import annotations

__all__ = ["read_temporal"]


def read_temporal(doc, drafts) -> list:
    """The temporal relations of one document."""
    return []
