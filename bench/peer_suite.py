#!/usr/bin/env python3
"""Run the shared reference scorer (``../shared/tools/peer_suite.py``) from the project.

``python3 bench/peer_suite.py`` scores numcheck; ``--peer quantulum3`` (or ``recognizers``) scores
a peer instead; ``--json`` is passed through. The reference file is executed as it is (via
:mod:`runpy`, with the argv it expects), so the figures are exactly the reference figures. When
the shared folder is not beside the repository the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import pathlib
import runpy
import sys

REPO = pathlib.Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
REFERENCE = SHARED / "tools" / "peer_suite.py"


def main(argv: list[str] | None = None) -> int:
    """Parse our flags, then hand over to the reference scorer with the equivalent argv."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--peer", default="numcheck", help="numcheck (default), quantulum3 or recognizers")
    ap.add_argument("--shared", default=str(SHARED), help="the shared folder (default: ../shared)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    a = ap.parse_args(argv)
    shared = pathlib.Path(a.shared)
    reference = shared / "tools" / "peer_suite.py"
    if not reference.exists():
        print(f"skipped: reference scorer not found at {reference}")
        return 0
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))  # score this checkout even when it is not installed
    old = sys.argv
    sys.argv = [str(reference), "--extractor", a.peer, "--shared", str(shared)] + (["--json"] if a.json else [])
    try:
        runpy.run_path(str(reference), run_name="__main__")
    finally:
        sys.argv = old
    return 0


if __name__ == "__main__":
    sys.exit(main())
