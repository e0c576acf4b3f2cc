"""The HTML report in a real headless Chromium: it loads without console messages, its script
runs, the anomaly elements are in the live DOM, and a screenshot is kept as a test artifact
(tests/artifacts/report.png). Skips when no Chromium binary is installed.

Set NUMCHECK_CHROMIUM to a browser binary to use one that is not on PATH.
"""

from __future__ import annotations

import os
import pathlib
import shutil
import struct
import subprocess
import sys
from html.parser import HTMLParser

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import _records_sample as sample  # noqa: E402

from numcheck.render import render, write_atomic  # noqa: E402

ARTIFACTS = pathlib.Path(__file__).parent / "artifacts"
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless_shell")


def _browser() -> str | None:
    override = os.environ.get("NUMCHECK_CHROMIUM")
    if override:
        return override if os.path.exists(override) or shutil.which(override) else None
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


BROWSER = _browser()
pytestmark = pytest.mark.skipif(BROWSER is None, reason="no Chromium binary (apt-get install chromium)")


def _run(tmp_path: pathlib.Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    cmd = [
        BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-default-apps", "--disable-extensions", "--mute-audio", "--hide-scrollbars",
        f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", *args,
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, errors="replace")


def _console_lines(stderr: str) -> list[str]:
    # Chromium logs every console message (errors, uncaught exceptions, CSP violations) as
    # "...:INFO:CONSOLE..." lines; the report logs nothing itself, so any such line is a fault.
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


class _Dom(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> pathlib.Path:
    path = tmp_path_factory.mktemp("html") / "report.html"
    write_atomic(path, render(sample.sample_records(full=True), "html"))
    return path


def test_page_loads_cleanly_and_marks_anomalies(page, tmp_path):
    proc = _run(tmp_path, "--dump-dom", page.as_uri())
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert _console_lines(proc.stderr) == []
    dom = _Dom()
    dom.feed(proc.stdout)
    bodies = [a for t, a in dom.elements if t == "body"]
    # The script sets this as its last statement, so it proves the script ran without throwing.
    assert bodies and bodies[0].get("data-numcheck-ready") == "3", proc.stdout[:500]
    records = sample.sample_records(full=True)
    marks = {a["id"]: a for t, a in dom.elements if t == "mark" and "anomaly" in (a.get("class") or "").split()}
    assert set(marks) == {"nc-" + a["fingerprint"] for a in records["anomalies"]}
    assert {m["data-code"] for m in marks.values()} == {"NC201", "NC305", "NC612"}
    assert any(t == "svg" for t, _ in dom.elements)


def test_console_errors_are_detected(tmp_path):
    """The console check above can fail: a page with a script error is caught."""
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><html><body><script>noSuchFunction();</script></body></html>",
                   encoding="utf-8")
    proc = _run(tmp_path, "--dump-dom", bad.as_uri())
    assert any("noSuchFunction" in line for line in _console_lines(proc.stderr))


def test_screenshot_artifact(page, tmp_path):
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report.png"
    if shot.exists():
        shot.unlink()
    proc = _run(tmp_path, f"--screenshot={shot}", "--window-size=1280,2000", page.as_uri())
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert _console_lines(proc.stderr) == []
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1280, 2000)
    # A blank page compresses to almost nothing; a rendered report does not.
    assert len(data) > 50_000
