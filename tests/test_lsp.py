"""``numcheck lsp``, driven as an editor drives it: a real server process over stdio, talked to
by pygls' own LSP client (initialise, open, change, code action, hover, shut down).

Each session starts ``python -m numcheck lsp`` in a temporary workspace. Waits are bounded:
the first check also starts the worker process, which takes a few seconds on a loaded machine.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest

import _ci  # noqa: E402

_ci.importorskip("pygls")

from lsprotocol import types  # noqa: E402
from pygls.lsp.client import LanguageClient  # noqa: E402
from pygls.uris import from_fs_path  # noqa: E402

# one NC601 anomaly: "Earlier this month" and "March 2" date the airlift to 2020, not 2019
RIDGE = ("---\ndate: 2020-03-20\ntitle: Ridge airlift\n---\n# Ridge airlift\n\n"
         "Mountain rescue teams have been called out 14 times since January.\n\n"
         "Earlier this month, crews pulled 38 hikers off the ridge in a March 2 operation, "
         "the second such airlift in 2019.\n")
STORY_A = ("---\nstory: ridge-rescue\n---\nEarlier this month, crews pulled 38 hikers off the ridge "
           "in a March 2 operation, the second such airlift in 2019.\n")
STORY_B = ("---\nstory: ridge-rescue\n---\nRIDGEWAY, March 20, 2020 — Rescue crews said the ridge "
           "path would stay closed until the spring.\n")
RIDGE_TXT = ("RIDGEWAY, March 20, 2020 — Mountain rescue teams have been called out 14 times.\n"
             "Earlier this month, crews pulled 38 hikers off the ridge in a March 2 operation, "
             "the second such airlift in 2019.\n")
WAIT = 90.0


class Session:
    """A running server and the diagnostics it has published, per URI."""

    def __init__(self, root: Path, env: dict | None = None) -> None:
        self.root = root
        self.env = {**os.environ, **(env or {})}
        self.client = LanguageClient("numcheck-test", "1")
        self.diagnostics: dict[str, list[types.Diagnostic]] = {}
        self.arrived: asyncio.Event | None = None
        self.versions: dict[str, int] = {}

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def published(ls, params: types.PublishDiagnosticsParams) -> None:
            self.diagnostics[params.uri] = list(params.diagnostics)
            if self.arrived is not None:
                self.arrived.set()

    async def start(self) -> None:
        self.arrived = asyncio.Event()
        await self.client.start_io(sys.executable, "-m", "numcheck", "lsp", cwd=str(self.root), env=self.env)
        await self.client.initialize_async(types.InitializeParams(
            capabilities=types.ClientCapabilities(), root_uri=from_fs_path(str(self.root)),
            initialization_options={"debounce": 0.05}))
        self.client.initialized(types.InitializedParams())

    async def wait_for(self, uri: str, predicate=lambda diags: True) -> list[types.Diagnostic]:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + WAIT
        while True:
            if uri in self.diagnostics and predicate(self.diagnostics[uri]):
                return self.diagnostics[uri]
            self.arrived.clear()
            left = deadline - loop.time()
            if left <= 0:
                raise AssertionError(f"no matching diagnostics for {uri}: {self.diagnostics.get(uri)}")
            try:
                await asyncio.wait_for(self.arrived.wait(), left)
            except asyncio.TimeoutError:
                pass

    def open(self, name: str, text: str, language: str = "markdown") -> str:
        path = self.root / name
        path.write_text(text, encoding="utf-8")
        uri = from_fs_path(str(path))
        self.versions[uri] = 1
        self.diagnostics.pop(uri, None)
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id=language, version=1, text=text)))
        return uri

    def replace_all(self, uri: str, old: str, new: str) -> None:
        self.versions[uri] += 1
        self.diagnostics.pop(uri, None)
        lines = old.split("\n")
        end = types.Position(line=len(lines) - 1, character=len(lines[-1]))
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]),
            content_changes=[types.TextDocumentContentChangePartial(
                range=types.Range(start=types.Position(line=0, character=0), end=end), text=new)]))

    async def stop(self) -> None:
        await self.client.shutdown_async(None)
        self.client.exit(None)
        await self.client.stop()


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 300))


def test_open_change_hover_code_action_shutdown(tmp_path):
    async def go():
        s = Session(tmp_path)
        await s.start()
        try:
            uri = s.open("ridge.md", RIDGE)
            (d,) = await s.wait_for(uri, lambda ds: len(ds) > 0)
            assert d.code == "NC601" and d.source == "numcheck"
            assert d.severity == types.DiagnosticSeverity.Error
            lines = RIDGE.split("\n")
            line = next(i for i, text in enumerate(lines) if "airlift in 2019" in text)
            col = lines[line].index("2019")
            assert (d.range.start.line, d.range.start.character) == (line, col)
            assert (d.range.end.line, d.range.end.character) == (line, col + 4)
            related = {r.message: r.location for r in d.related_information}
            anchor = related['anchored date: "March 2"']
            assert anchor.uri == uri and anchor.range.start.line == line
            assert anchor.range.start.character == lines[line].index("March 2")

            # hover: how a figure was read, and what it measures
            hover = await s.client.text_document_hover_async(types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                position=types.Position(line=line, character=col + 1)))
            assert hover is not None
            value = hover.contents.value
            assert "**2019** is read as a **year**" in value and "NC601" in value
            hikers = lines[line].index("38 hikers")
            hover = await s.client.text_document_hover_async(types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                position=types.Position(line=line, character=hikers)))
            assert "**38** is read as a **count**" in hover.contents.value
            assert "measures **hiker**" in hover.contents.value
            nothing = await s.client.text_document_hover_async(types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                position=types.Position(line=line, character=lines[line].index("crews"))))
            assert nothing is None

            # the quick fix inserts a suppression comment, and the anomaly goes away once applied
            actions = await s.client.text_document_code_action_async(types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri), range=d.range,
                context=types.CodeActionContext(diagnostics=[d])))
            (action,) = actions
            (edit,) = action.edit.changes[uri]
            assert edit.new_text == "<!-- numcheck: ignore NC601 -->\n" and edit.range.start.line == line
            fixed = "\n".join(lines[:line] + [edit.new_text.rstrip("\n")] + lines[line:])
            s.replace_all(uri, RIDGE, fixed)
            assert await s.wait_for(uri) == []

            # an edit that brings the contradiction back is reported again, on its line
            broken = fixed.replace("<!-- numcheck: ignore NC601 -->\n", "")
            s.replace_all(uri, fixed, broken)
            (again,) = await s.wait_for(uri, lambda ds: len(ds) > 0)
            assert again.code == "NC601" and again.range.start.line == line

            # other open files are the story: the story's date, in another file, is related
            a = s.open("ridge_a.md", STORY_A)
            b = s.open("ridge_b.md", STORY_B)
            (x,) = await s.wait_for(a, lambda ds: any(d.code == "NC601" for d in ds))
            other = [r for r in x.related_information if r.location.uri == b]
            assert other and other[0].message == 'document date: "March 20, 2020"'
            assert other[0].location.range.start.line == 3
            assert other[0].location.range.start.character == STORY_B.split("\n")[3].index("March 20")

            # a plain-text quick fix goes at the end of the line, the only form plain text has
            t = s.open("ridge.txt", RIDGE_TXT, "plaintext")
            (x,) = await s.wait_for(t, lambda ds: len(ds) > 0)
            actions = await s.client.text_document_code_action_async(types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=t), range=x.range,
                context=types.CodeActionContext(diagnostics=[x])))
            (edit,) = actions[0].edit.changes[t]
            last = RIDGE_TXT.split("\n")[1]
            assert edit.new_text == " numcheck: ignore NC601"
            assert (edit.range.start.line, edit.range.start.character) == (1, len(last))
            s.replace_all(t, RIDGE_TXT, RIDGE_TXT.replace(last, last + edit.new_text))
            assert await s.wait_for(t) == []

            # a language the server does not check gets no diagnostics
            py = s.open("script.py", "x = 1000  # 1,000 buses\n", "python")
            await asyncio.sleep(1.0)
            assert py not in s.diagnostics
        finally:
            await s.stop()
        return s.client

    run(go())


def test_time_budget_and_bad_input_give_diagnostics_not_crashes(tmp_path):
    async def go():
        s = Session(tmp_path, env={"NUMCHECK_DOC_TIMEOUT": "0.0001"})
        await s.start()
        try:
            uri = s.open("ridge.md", RIDGE)
            (d,) = await s.wait_for(uri, lambda ds: len(ds) > 0)
            assert "time budget" in d.message and d.code == "numcheck/limit"
            # hostile text: NUL bytes, lone surrogates' replacement, a very long line of digits
            junk = s.open("junk.md", "---\ndate: [\n---\n\x00\x01" + "9" * 200_000 + "\n")
            await s.wait_for(junk, lambda ds: len(ds) > 0)
            hover = await s.client.text_document_hover_async(types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=0, character=0)))
            assert hover is None  # the server still answers
        finally:
            await s.stop()

    run(go())


def test_broken_config_is_reported_once_on_the_config_file(tmp_path):
    (tmp_path / "numcheck.toml").write_text('fail-on = "warning"\nno-such-setting = 3\n', encoding="utf-8")

    async def go():
        s = Session(tmp_path)
        await s.start()
        try:
            config_uri = from_fs_path(str(tmp_path / "numcheck.toml"))
            s.open("ridge.md", RIDGE)
            s.open("other.md", RIDGE.replace("ridge", "crag"))
            diags = await s.wait_for(config_uri, lambda ds: len(ds) > 0)
            assert len(diags) == 1 and "no-such-setting" in diags[0].message
            assert diags[0].range.start.line == 1
            # fixing the file clears it, and the documents are checked again
            (tmp_path / "numcheck.toml").write_text('fail-on = "warning"\n', encoding="utf-8")
            uri = from_fs_path(str(tmp_path / "ridge.md"))
            s.client.text_document_did_save(types.DidSaveTextDocumentParams(
                text_document=types.TextDocumentIdentifier(uri=uri)))
            assert await s.wait_for(config_uri, lambda ds: ds == []) == []
            await s.wait_for(uri, lambda ds: any(x.code == "NC601" for x in ds))
        finally:
            await s.stop()

    run(go())


def test_missing_pygls_is_one_clear_line(tmp_path):
    import subprocess

    blocker = tmp_path / "sitecustomize.py"
    blocker.write_text("import sys\nsys.modules['pygls'] = None\nsys.modules['lsprotocol'] = None\n")
    env = {**os.environ, "PYTHONPATH": str(tmp_path) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    out = subprocess.run([sys.executable, "-m", "numcheck", "lsp"], capture_output=True, text=True,
                         env=env, timeout=120, stdin=subprocess.DEVNULL)
    assert out.returncode == 2
    assert out.stderr.strip().splitlines() == [
        out.stderr.strip()] and "pip install 'numcheck[lsp]'" in out.stderr
    assert "Traceback" not in out.stderr
