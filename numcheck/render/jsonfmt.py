"""The ``json`` format: the records themselves, pretty-printed.

This is the interchange format every other renderer can be re-run from, so it is written
verbatim: no field is dropped, renamed or reordered.
"""

from __future__ import annotations

import json


def render(records: dict) -> str:
    """``records`` as indented JSON (UTF-8 characters kept as they are), ending in a newline."""
    return json.dumps(records, indent=2, ensure_ascii=False) + "\n"
