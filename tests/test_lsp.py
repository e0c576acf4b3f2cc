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

pytest.importorskip("pygls")

from lsprotocol import types  # noqa: E402
from pygls.lsp.client import LanguageClient  # noqa: E402
from pygls.uris import from_fs_path  # noqa: E402

BRIDGE = ("---\ndate: 2023-08-14\n---\n# Estuary crossing\n\n"
          "The council approved the 800-metre bridge on Monday.\n\n"
          "Engineers said the bridge will span 950 metres across the estuary.\n")
STORY_HEAD = "---\ndate: 2024-06-07\nstory: pilgrim-convoy\n---\n"
BUSES_A = STORY_HEAD + "A convoy of 120 buses carrying pilgrims crossed the border on Friday, police said.\n"
BUSES_B = STORY_HEAD + "Some 150 buses crossed the border on Friday carrying pilgrims, officials said.\n"
BRIDGE_TXT = ("The council approved the 800-metre bridge on Monday.\n\n"
              "Engineers said the bridge will span 950 metres across the estuary.\n")
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
            uri = s.open("bridge.md", BRIDGE)
            (d,) = await s.wait_for(uri, lambda ds: len(ds) > 0)
            assert d.code == "NC401" and d.source == "numcheck"
            assert d.severity == types.DiagnosticSeverity.Warning
            lines = BRIDGE.split("\n")
            line = next(i for i, text in enumerate(lines) if "950 metres" in text)
            assert (d.range.start.line, d.range.start.character) == (line, lines[line].index("950 metres"))
            assert d.range.end.character == lines[line].index("950 metres") + len("950 metres")
            (rel,) = d.related_information
            first = next(i for i, text in enumerate(lines) if "800-metre" in text)
            assert rel.location.uri == uri and rel.location.range.start.line == first
            assert '"800-metre"' in rel.message

            # hover: how the figure was read
            hover = await s.client.text_document_hover_async(types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                position=types.Position(line=line, character=lines[line].index("950") + 1)))
            assert hover is not None
            value = hover.contents.value
            assert "950 metres" in value and "quantity" in value and "interval [950, 950]" in value
            assert "NC401" in value  # the anomaly the figure is part of
            hover = await s.client.text_document_hover_async(types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                position=types.Position(line=first, character=lines[first].index("800-metre"))))
            assert "measures **bridge**" in hover.contents.value
            nothing = await s.client.text_document_hover_async(types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=line, character=2)))
            assert nothing is None

            # the quick fix inserts a suppression comment, and the anomaly goes away once applied
            actions = await s.client.text_document_code_action_async(types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri), range=d.range,
                context=types.CodeActionContext(diagnostics=[d])))
            (action,) = actions
            (edit,) = action.edit.changes[uri]
            assert edit.new_text == "<!-- numcheck: ignore NC401 -->\n" and edit.range.start.line == line
            fixed_lines = lines[:line] + [edit.new_text.rstrip("\n")] + lines[line:]
            fixed = "\n".join(fixed_lines)
            s.replace_all(uri, BRIDGE, fixed)
            assert await s.wait_for(uri) == []

            # an edit that brings the contradiction back is reported again, on the new line
            broken = fixed.replace("<!-- numcheck: ignore NC401 -->\n", "")
            s.replace_all(uri, fixed, broken)
            (again,) = await s.wait_for(uri, lambda ds: len(ds) > 0)
            assert again.code == "NC401" and again.range.start.line == line

            # other open files are the story: evidence in another file is related information
            a = s.open("convoy_a.md", BUSES_A)
            b = s.open("convoy_b.md", BUSES_B)
            (x,) = await s.wait_for(b, lambda ds: any(d.code == "NC402" for d in ds))
            assert x.code == "NC402" and x.range.start.line == 4
            (r,) = x.related_information
            assert r.location.uri == a and r.location.range.start.line == 4 and '"120"' in r.message

            # a plain-text quick fix goes at the end of the line, the only form plain text has
            t = s.open("bridge.txt", BRIDGE_TXT, "plaintext")
            (x,) = await s.wait_for(t, lambda ds: len(ds) > 0)
            actions = await s.client.text_document_code_action_async(types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=t), range=x.range,
                context=types.CodeActionContext(diagnostics=[x])))
            (edit,) = actions[0].edit.changes[t]
            last = BRIDGE_TXT.split("\n")[2]
            assert edit.new_text == " numcheck: ignore NC401"
            assert (edit.range.start.line, edit.range.start.character) == (2, len(last))
            s.replace_all(t, BRIDGE_TXT, BRIDGE_TXT.replace(last, last + edit.new_text))
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
            uri = s.open("bridge.md", BRIDGE)
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
            s.open("bridge.md", BRIDGE)
            s.open("other.md", BRIDGE.replace("bridge", "tunnel"))
            diags = await s.wait_for(config_uri, lambda ds: len(ds) > 0)
            assert len(diags) == 1 and "no-such-setting" in diags[0].message
            assert diags[0].range.start.line == 1
            # fixing the file clears it, and the documents are checked again
            (tmp_path / "numcheck.toml").write_text('fail-on = "warning"\n', encoding="utf-8")
            uri = from_fs_path(str(tmp_path / "bridge.md"))
            s.client.text_document_did_save(types.DidSaveTextDocumentParams(
                text_document=types.TextDocumentIdentifier(uri=uri)))
            assert await s.wait_for(config_uri, lambda ds: ds == []) == []
            await s.wait_for(uri, lambda ds: any(x.code == "NC401" for x in ds))
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
