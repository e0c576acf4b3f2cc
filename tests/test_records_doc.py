"""docs/records.md's example is real output: this runs the command the page names and compares
every key, value and type of the example with what it prints (issue 11, item 15)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DOC = REPO / "docs" / "records.md"


def _strip_comments(text: str) -> str:
    """JSON with ``// ...`` comments outside strings → plain JSON."""
    out, i, in_string = [], 0, False
    while i < len(text):
        c = text[i]
        if in_string:
            out.append(c)
            if c == "\\":
                out.append(text[i + 1])
                i += 1
            elif c == '"':
                in_string = False
        elif c == '"':
            in_string = True
            out.append(c)
        elif text.startswith("//", i):
            while i < len(text) and text[i] != "\n":
                i += 1
            continue
        else:
            out.append(c)
        i += 1
    return "".join(out)


def _example() -> tuple[list[str], dict]:
    page = DOC.read_text(encoding="utf-8")
    command = re.search(r"```bash\n(numcheck check [^\n]+)\n```", page).group(1).split()
    block = re.search(r"```json\n(.*?)\n```", page, re.S).group(1)
    return command, json.loads(_strip_comments(block))


def _elided(doc: str, real: str) -> bool:
    """``"Check the per-unit figure, ..."`` matches any text with those pieces in order."""
    pieces = doc.split("...")
    if not real.startswith(pieces[0]) or not real.endswith(pieces[-1]):
        return False
    pos = len(pieces[0])
    for piece in pieces[1:-1]:
        pos = real.find(piece, pos)
        if pos == -1:
            return False
        pos += len(piece)
    return True


def _compare(doc, real, where: str, problems: list[str]) -> None:
    if isinstance(doc, dict):
        if not isinstance(real, dict):
            problems.append(f"{where}: the page shows an object, the output has {type(real).__name__}")
            return
        for key in sorted(set(doc) - set(real)):
            problems.append(f"{where}.{key}: on the page but not in the output")
        for key in sorted(set(real) - set(doc)):
            problems.append(f"{where}.{key}: in the output but not on the page")
        for key in doc.keys() & real.keys():
            _compare(doc[key], real[key], f"{where}.{key}", problems)
    elif isinstance(doc, list):
        if not isinstance(real, list) or len(real) < len(doc):
            problems.append(f"{where}: the page shows {len(doc)} items, the output has "
                            f"{len(real) if isinstance(real, list) else type(real).__name__}")
            return
        for i, item in enumerate(doc):
            _compare(item, real[i], f"{where}[{i}]", problems)
    elif isinstance(doc, str) and "..." in doc:
        if not (isinstance(real, str) and _elided(doc, real)):
            problems.append(f"{where}: {doc!r} does not cut {real!r}")
    elif doc != real or type(doc) is not type(real):
        problems.append(f"{where}: the page says {doc!r}, the output has {real!r}")


def test_records_example_is_the_real_output():
    command, doc = _example()
    assert command[:2] == ["numcheck", "check"]
    proc = subprocess.run([sys.executable, "-m", "numcheck", *command[1:], "--no-config"], cwd=REPO,
                          capture_output=True, text=True, timeout=300)
    real = json.loads(proc.stdout)
    assert proc.returncode == real["exit_code"]
    problems: list[str] = []
    _compare(doc, real, "records", problems)
    assert problems == [], "docs/records.md differs from the output:\n" + "\n".join(problems)
