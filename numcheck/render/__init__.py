"""Renderers: turn a finished records dict (``docs/records.md``) into text for people or tools.

Every renderer reads only the records dict, so a saved ``--format json`` run can be re-rendered
later in any other format. Renderers never print and never touch the engine: each returns a
string ending in a newline (or an empty string when there is nothing to say, as with GitHub
annotations for a clean run). Writing it out is the caller's job; :func:`write_atomic` helps
with ``--output``.

>>> from numcheck.render import FORMATS, render
>>> "sarif" in FORMATS
True
"""

from __future__ import annotations

import importlib
import os
from typing import Callable

#: Output format names, in the order ``--format`` lists them.
FORMATS: tuple[str, ...] = ("text", "concise", "json", "sarif", "junit", "github", "markdown", "html")

# Renderer modules are imported on demand: the HTML one pulls in Jinja2 and the text one rich,
# and a CI run asking for SARIF should pay for neither.
_MODULES = {
    "text": "numcheck.render.text",
    "concise": "numcheck.render.concise",
    "json": "numcheck.render.jsonfmt",
    "sarif": "numcheck.render.sarif",
    "junit": "numcheck.render.junit",
    "github": "numcheck.render.github",
    "markdown": "numcheck.render.markdown",
    "html": "numcheck.render.html",
}

#: File name extensions conventionally used for each format (for ``--output`` defaults).
EXTENSIONS = {
    "text": ".txt",
    "concise": ".txt",
    "json": ".json",
    "sarif": ".sarif",
    "junit": ".xml",
    "github": ".txt",
    "markdown": ".md",
    "html": ".html",
}


def renderer(fmt: str) -> Callable[..., str]:
    """The render function of format ``fmt``; raises ``ValueError`` naming the valid formats."""
    try:
        module = _MODULES[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}") from None
    return importlib.import_module(module).render


def render(records: dict, fmt: str, *, color: bool | None = None, width: int | None = None,
           quiet: bool = False, show_errors: bool = True) -> str:
    """Render ``records`` (the dict of ``docs/records.md``) in format ``fmt``.

    ``color`` and ``width`` only affect ``text``: ``color=None`` colours the output when standard
    output is a terminal and ``NO_COLOR`` is unset; ``True``/``False`` force it either way (an
    explicit choice overrides ``NO_COLOR``, as no-color.org recommends for command-line flags).
    ``width`` is the column to wrap at (default: the terminal's width, or 100). ``quiet``
    (only the anomalies) and ``show_errors=False`` (no errors block, for when errors are
    printed elsewhere) affect ``text`` and ``concise``.

    Raises ``ValueError`` for an unknown format or records of an unsupported shape version.
    """
    check_version(records)
    fn = renderer(fmt)
    if fmt in HUMAN_FORMATS:
        # article text, file names and rule messages are untrusted: no raw control characters
        # or bidi overrides reach a terminal, a Markdown page or a CI log (see render.safe)
        from numcheck.render.safe import safe_records

        records = safe_records(records)
    if fmt == "text":
        out = fn(records, color=color, width=width, quiet=quiet, show_errors=show_errors)
    elif fmt == "concise":
        out = fn(records, quiet=quiet, show_errors=show_errors)
    else:
        out = fn(records)
    if fmt != "github":
        from numcheck.render.safe import no_workflow_commands

        # printed in a GitHub Actions step, a line starting with "::" would be run as a
        # workflow command; only the github format means to write those
        out = no_workflow_commands(out)
    return out


#: Formats people read, whose strings are escaped by :func:`numcheck.render.safe.safe_records`.
HUMAN_FORMATS = ("text", "concise", "markdown", "github", "html", "junit")


#: The records shape versions these renderers understand (version 1 lacks only fields that
#: version 2 added: pages and formats, URLs, blocks, summaries and suggestions; every renderer
#: treats those as absent).
SUPPORTED_RECORDS = (1, 2, 3)


def check_version(records: dict) -> None:
    """Raise ``ValueError`` unless ``records`` is a dict of a records version we can read."""
    if not isinstance(records, dict):
        raise ValueError(f"records must be a dict, not {type(records).__name__}")
    version = records.get("records", 1)
    if version not in SUPPORTED_RECORDS:
        raise ValueError(
            f"records version {version!r} is not supported by this numcheck "
            f"(supported: {', '.join(map(str, SUPPORTED_RECORDS))})"
        )


def write_atomic(path: str | os.PathLike, data: str | bytes) -> None:
    """Write ``data`` to ``path`` so readers see either the old file or the whole new one.

    A regular file (or a new path) gets the data through a temporary file in the same folder,
    flushed, fsynced and renamed over it, keeping the old file's mode; a device or FIFO
    (``/dev/null``, ``/dev/stdout``) is written directly and never replaced; a directory or a
    path in a missing folder raises :class:`numcheck.fileio.OutputError`. Text is written as
    UTF-8 with ``\\n`` line endings on every platform. See :class:`numcheck.fileio.Output`.
    """
    from numcheck.fileio import write_output

    write_output(os.fspath(path), data)


__all__ = ["FORMATS", "EXTENSIONS", "SUPPORTED_RECORDS", "render", "renderer", "check_version", "write_atomic"]
