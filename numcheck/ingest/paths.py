"""Which files a path stands for: a file is itself, a folder is the articles and reports under it.

The command line, :func:`numcheck.check` and the pytest plugin all expand folders here, so
``numcheck check articles/`` and ``numcheck.check(paths=["articles/"])`` read the same files.
"""

from __future__ import annotations

import os
from typing import Iterable

from numcheck.model import Problem

__all__ = ["ARTICLE_SUFFIXES", "article_files", "expand_paths"]

#: File name endings read when a folder is named: articles and PDF/Word reports (corpus tables
#: are named directly).
ARTICLE_SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm", ".pdf", ".docx")


def article_files(folder: str | os.PathLike) -> list[str]:
    """The articles and reports under ``folder``, recursively, in sorted order; hidden folders
    and Word's ``~$`` lock files are skipped."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for f in sorted(files):
            if f.lower().endswith(ARTICLE_SUFFIXES) and not f.startswith("~$"):
                found.append(os.path.join(root, f))
    return found


def expand_paths(paths: Iterable[str | os.PathLike], errors: list[Problem]) -> list[str]:
    """Files named directly (kept even when missing, so reading them reports why), plus the
    articles under each folder; a folder without articles is a Problem appended to ``errors``."""
    out: list[str] = []
    for p in paths:
        p = os.fspath(p)
        if p != "-" and os.path.isdir(p):
            found = article_files(p)
            if not found:
                errors.append(Problem(p, "folder holds no .md, .txt, .html, .pdf or .docx files"))
            out.extend(found)
        else:
            out.append(p)
    return out
