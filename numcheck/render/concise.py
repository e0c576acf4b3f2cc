"""The ``concise`` format: one ``path:line:col: CODE message`` line per anomaly, as ruff's
``concise`` output, for editors' problem matchers and ``grep``. See
:func:`numcheck.render.text.render_concise`."""

from __future__ import annotations

from numcheck.render.text import render_concise


def render(records: dict, *, quiet: bool = False, show_errors: bool = True) -> str:
    """The concise report of ``records``; ``quiet`` leaves only the anomaly lines."""
    return render_concise(records, quiet=quiet, show_errors=show_errors)
