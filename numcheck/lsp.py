"""``numcheck lsp``: a Language Server Protocol server over stdio, built on pygls.

Editors (VS Code with a generic LSP client, Neovim's ``vim.lsp.start``; see
docs/integrations.md) start it as a child process. It:

- publishes diagnostics when a Markdown, plain-text or HTML document is opened, saved, or
  changed (changes are debounced: a check runs once typing pauses for ``debounce`` seconds,
  0.3 by default, set by the ``debounce`` initialization option);
- checks with the same rules, configuration (the nearest numcheck.toml or
  ``[tool.numcheck]``), suppressions and story linking as ``numcheck check``, with every open
  document of the workspace as the set of documents the stories are formed from;
- gives each diagnostic the evidence (in this document or another open one) as related
  information, and a code action that inserts a ``numcheck: ignore`` comment for its code;
- shows on hover how a figure was read: kind, value, interval, unit, qualifier, scope and what
  it measures (the subject).

Robustness: checks run in a worker process under the per-document time budget; a document
that overruns it gets one diagnostic saying so, and a worker that dies or hangs is replaced.
A broken configuration or rule pack is reported once, as diagnostics on that file. Every
handler catches its own failures and logs them, so no input can bring the server down.

pygls is an optional dependency (``pip install 'numcheck[lsp]'``); the worker side of this
module (:func:`check_texts`) does not need it.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import multiprocessing
import os
from typing import Any

__all__ = ["check_texts", "make_server", "serve", "LANGUAGES", "suppression_edit"]

log = logging.getLogger("numcheck.lsp")

#: LSP language ids the server checks, and the format each is read as.
LANGUAGES = {"markdown": "md", "plaintext": "txt", "text": "txt", "html": "html"}
_EXTENSIONS = {".md": "md", ".markdown": "md", ".txt": "txt", ".html": "html", ".htm": "html"}
#: Seconds of quiet after a change before the check runs.
DEFAULT_DEBOUNCE = 0.3


# ---- the worker side (no pygls) --------------------------------------------------------------

def check_texts(items: list[tuple[str, str, str]], start: str | None) -> dict:
    """Check open documents as ``numcheck check`` would check the files they are.

    ``items`` are ``(path, text, fmt)``; ``start`` is where the configuration is looked for.
    Returns ``{"records": ...}`` (full detail: claims included, for hover) or
    ``{"config_problems": [...]}`` when the configuration cannot be read.
    """
    from numcheck.config import ConfigError, load_config, run
    from numcheck.ingest import document_from_text
    from numcheck.report import problem_record

    try:
        settings = load_config(start=start)
    except ConfigError as exc:
        return {"config_problems": [problem_record(p) for p in exc.problems]}
    docs = []
    problems = []
    for path, text, fmt in items:
        try:
            date = settings.for_path(path).date
            docs.append(document_from_text(text, path=path, fmt=fmt, date=date))
        except Exception as exc:  # noqa: BLE001 - a document that cannot be read is one error
            from numcheck.model import Problem

            problems.append(Problem(path, f"cannot read: {exc}", kind="input"))
    report = run(docs, settings)
    report.errors = problems + report.errors
    return {"records": report.to_records(detail="full")}


def suppression_edit(line_text: str, line: int, code: str, fmt: str) -> tuple[int, int, str]:
    """Where and what to insert to silence ``code`` on 0-based ``line``: ``(line, char, text)``.

    Markdown and HTML get ``<!-- numcheck: ignore CODE -->`` on a line of its own above (it
    silences the next non-blank line), or at the end of a table row, where a new line would
    break the table; plain text gets ``numcheck: ignore CODE`` at the end of the line, the only
    form it has.
    """
    if fmt in ("md", "html") and not line_text.lstrip().startswith("|"):
        indent = line_text[: len(line_text) - len(line_text.lstrip())]
        return line, 0, f"{indent}<!-- numcheck: ignore {code} -->\n"
    comment = f"<!-- numcheck: ignore {code} -->" if fmt in ("md", "html") else f"numcheck: ignore {code}"
    sep = "" if not line_text or line_text.endswith(" ") else " "
    return line, len(line_text), sep + comment


# ---- the server ------------------------------------------------------------------------------

def _fmt_of(uri: str, language_id: str | None) -> str | None:
    if language_id and language_id in LANGUAGES:
        return LANGUAGES[language_id]
    ext = os.path.splitext(uri.split("?", 1)[0])[1].lower()
    return _EXTENSIONS.get(ext)


def make_server():
    """The pygls server with numcheck's handlers registered (pygls imported here)."""
    from lsprotocol import types
    from pygls.lsp.server import LanguageServer
    from pygls.uris import from_fs_path, to_fs_path

    from numcheck import __version__
    from numcheck.limits import Limits

    SEVERITY = {"error": types.DiagnosticSeverity.Error, "warning": types.DiagnosticSeverity.Warning,
                "info": types.DiagnosticSeverity.Information}

    class NumcheckServer(LanguageServer):
        def __init__(self) -> None:
            super().__init__("numcheck", __version__,
                             text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
            self.debounce = float(os.environ.get("NUMCHECK_LSP_DEBOUNCE", DEFAULT_DEBOUNCE))
            self.pool: concurrent.futures.ProcessPoolExecutor | None = None
            self.timer: asyncio.TimerHandle | None = None
            self.running = False
            self.again = False
            self.records: dict | None = None
            self.snapshots: dict[str, tuple[str, str, str, int | None]] = {}  # uri -> path, text, fmt, version
            self.published: set[str] = set()
            self.config_uris: set[str] = set()

        # -- workers --------------------------------------------------------------------
        def executor(self) -> concurrent.futures.ProcessPoolExecutor:
            if self.pool is None:
                # a fresh interpreter (not a fork of this one with its event loop and threads);
                # it stays up between checks, so rules and modules load once
                self.pool = concurrent.futures.ProcessPoolExecutor(
                    max_workers=1, mp_context=multiprocessing.get_context("spawn"))
            return self.pool

        def drop_pool(self) -> None:
            pool, self.pool = self.pool, None
            if pool is not None:
                for proc in list(getattr(pool, "_processes", {}).values()):
                    try:
                        proc.kill()
                    except Exception:  # noqa: BLE001 - already gone
                        pass
                pool.shutdown(wait=False, cancel_futures=True)

        # -- scheduling -----------------------------------------------------------------
        def schedule(self, delay: float | None = None) -> None:
            loop = asyncio.get_running_loop()
            if self.timer is not None:
                self.timer.cancel()
            wait = self.debounce if delay is None else delay
            self.timer = loop.call_later(wait, lambda: asyncio.ensure_future(self.check_now()))

        async def check_now(self) -> None:
            if self.running:
                self.again = True
                return
            self.running = True
            try:
                while True:
                    self.again = False
                    await self._check_once()
                    if not self.again:
                        break
            except Exception as exc:  # noqa: BLE001 - the server must outlive any check
                log.exception("numcheck check failed")
                self.log(f"numcheck: check failed: {type(exc).__name__}: {exc}")
            finally:
                self.running = False

        def log(self, message: str) -> None:
            try:
                self.window_log_message(types.LogMessageParams(type=types.MessageType.Warning, message=message))
            except Exception:  # noqa: BLE001
                pass

        def open_items(self) -> list[tuple[str, str, str]]:
            self.snapshots = {}
            for uri, doc in list(self.workspace.text_documents.items()):
                fmt = _fmt_of(uri, getattr(doc, "language_id", None))
                if fmt is None:
                    continue
                path = to_fs_path(uri) or uri
                self.snapshots[uri] = (path, doc.source, fmt, doc.version)
            return [(p, t, f) for p, t, f, _ in self.snapshots.values()]

        def config_start(self) -> str | None:
            for path, _, _, _ in self.snapshots.values():
                if os.path.isabs(path):
                    return os.path.dirname(path)
            root = self.workspace.root_path
            return root or None

        async def _check_once(self) -> None:
            items = self.open_items()
            if not items:
                return
            seconds = Limits.resolve().doc_timeout
            # the worker enforces the per-document budget itself; this is the backstop for a
            # worker stuck in C code: the whole set's budget, plus room to start up
            backstop = None if seconds is None else seconds * len(items) + 30
            loop = asyncio.get_running_loop()
            try:
                future = loop.run_in_executor(self.executor(), check_texts, items, self.config_start())
                result = await asyncio.wait_for(future, backstop)
            except asyncio.TimeoutError:
                self.drop_pool()
                self.publish_failure(f"numcheck: the check took longer than {backstop:g} s and was stopped")
                return
            except concurrent.futures.process.BrokenProcessPool:
                self.drop_pool()
                self.publish_failure("numcheck: the checking process died; it has been restarted")
                return
            if "config_problems" in result:
                self.publish_config(result["config_problems"])
                return
            records = result["records"]
            rule_problems = [e for e in records["errors"] if e.get("kind") in ("rules", "config")]
            self.publish_config(rule_problems)
            self.records = records
            self.publish_documents(records)

        # -- publishing ---------------------------------------------------------------------
        def lines_of(self, uri: str) -> list[str]:
            snap = self.snapshots.get(uri)
            return (snap[1] if snap else "").split("\n")

        def position(self, uri: str, line: int, column: int) -> types.Position:
            """A 1-based line/column in code points as the client's 0-based position."""
            lines = self.lines_of(uri)
            line0 = max(0, (line or 1) - 1)
            char = max(0, (column or 1) - 1)
            if line0 < len(lines):
                char = min(char, len(lines[line0]))
            return self.workspace.position_codec.position_to_client_units(
                lines, types.Position(line=line0, character=char))

        def range_of(self, uri: str, item: dict) -> types.Range:
            start = self.position(uri, item.get("line") or 1, item.get("column") or 1)
            end_line = item.get("end_line") or item.get("line") or 1
            end_col = item.get("end_column") or ((item.get("column") or 1) + len(item.get("text") or ""))
            end = self.position(uri, end_line, end_col)
            return types.Range(start=start, end=end)

        def uri_of(self, path: str) -> str:
            for uri, (p, _, _, _) in self.snapshots.items():
                if p == path:
                    return uri
            return from_fs_path(path) if os.path.isabs(path) else path

        def publish_documents(self, records: dict) -> None:
            by_uri: dict[str, list[types.Diagnostic]] = {uri: [] for uri in self.snapshots}
            for a in records.get("anomalies") or []:
                uri = self.uri_of(a["path"])
                if uri not in by_uri:
                    continue
                related = []
                for ev in a.get("evidence") or []:
                    ev_uri = self.uri_of(ev["path"])
                    rng = (self.range_of(ev_uri, ev) if ev_uri in self.snapshots
                           else types.Range(start=types.Position(line=max(0, (ev.get("line") or 1) - 1), character=0),
                                            end=types.Position(line=max(0, (ev.get("line") or 1) - 1), character=0)))
                    related.append(types.DiagnosticRelatedInformation(
                        location=types.Location(uri=ev_uri, range=rng),
                        message=f'{ev.get("role") or "evidence"}: "{ev.get("text", "")}"'))
                by_uri[uri].append(types.Diagnostic(
                    range=self.range_of(uri, a), message=a.get("message") or a.get("name") or "",
                    severity=SEVERITY.get(a.get("severity"), types.DiagnosticSeverity.Warning),
                    code=a.get("code"), source="numcheck", related_information=related or None,
                    data={"code": a.get("code"), "fingerprint": a.get("fingerprint")},
                ))
            for e in records.get("errors") or []:
                uri = self.uri_of(e.get("path") or "")
                if uri in by_uri:
                    top = types.Range(start=types.Position(line=0, character=0),
                                      end=types.Position(line=0, character=0))
                    if e.get("line"):
                        top = self.range_of(uri, {"line": e["line"], "column": e.get("column") or 1,
                                                  "text": e.get("text") or " "})
                    by_uri[uri].append(types.Diagnostic(
                        range=top, message=f"numcheck: {e.get('message')}", severity=types.DiagnosticSeverity.Error,
                        code=f"numcheck/{e.get('kind') or 'input'}", source="numcheck"))
            for uri in self.published - set(by_uri):
                self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
            for uri, diags in by_uri.items():
                self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
                    uri=uri, diagnostics=diags, version=self.snapshots[uri][3]))
            self.published = set(by_uri)

        def publish_config(self, problems: list[dict]) -> None:
            by_uri: dict[str, list[types.Diagnostic]] = {}
            for p in problems:
                path = p.get("path") or ""
                uri = from_fs_path(os.path.abspath(path)) if path and not path.startswith("<") else path
                line = max(0, (p.get("line") or 1) - 1)
                col = max(0, (p.get("column") or 1) - 1)
                by_uri.setdefault(uri, []).append(types.Diagnostic(
                    range=types.Range(start=types.Position(line=line, character=col),
                                      end=types.Position(line=line, character=col + 1)),
                    message=f"numcheck: {p.get('message')}", severity=types.DiagnosticSeverity.Error,
                    code=f"numcheck/{p.get('kind') or 'config'}", source="numcheck"))
            for uri in self.config_uris - set(by_uri):
                self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
            for uri, diags in by_uri.items():
                self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=diags))
            self.config_uris = set(by_uri)

        def publish_failure(self, message: str) -> None:
            for uri in self.snapshots:
                self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[
                    types.Diagnostic(range=types.Range(start=types.Position(line=0, character=0),
                                                       end=types.Position(line=0, character=0)),
                                     message=message, severity=types.DiagnosticSeverity.Error,
                                     code="numcheck/limit", source="numcheck")]))
            self.published = set(self.snapshots)

        # -- hover ----------------------------------------------------------------------
        def claim_at(self, uri: str, pos: types.Position) -> dict | None:
            if self.records is None or uri not in self.snapshots:
                return None
            path = self.snapshots[uri][0]
            lines = self.lines_of(uri)
            server_pos = self.workspace.position_codec.position_from_client_units(lines, pos)
            line, char = server_pos.line + 1, server_pos.character + 1
            for c in self.records.get("claims") or []:
                if c.get("path") != path or c.get("line") != line:
                    continue
                if (c.get("column") or 0) <= char < (c.get("column") or 0) + len(c.get("text") or ""):
                    return c
            return None

    server = NumcheckServer()

    @server.feature(types.INITIALIZE)
    def initialize(ls: NumcheckServer, params: types.InitializeParams) -> None:
        options = params.initialization_options or {}
        if isinstance(options, dict) and isinstance(options.get("debounce"), (int, float)):
            ls.debounce = max(0.0, float(options["debounce"]))

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: NumcheckServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.schedule(0.0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: NumcheckServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule()

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: NumcheckServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.schedule(0.0)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: NumcheckServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.schedule(0.0)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: NumcheckServer, params: types.HoverParams) -> types.Hover | None:
        try:
            uri = params.text_document.uri
            c = ls.claim_at(uri, params.position)
            if c is None:
                return None
            text = describe_claim(c)
            for a in ls.records.get("anomalies") or []:
                spans = [(a["path"], a["start"], a["end"])] + [
                    (e["path"], e["start"], e["end"]) for e in a.get("evidence") or []]
                if any(p == c["path"] and s < c["end"] and c["start"] < e for p, s, e in spans):
                    text += f"\n\n{a['code']} {a['name']}: {a['message']}"
            return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text),
                               range=ls.range_of(uri, {"line": c["line"], "column": c["column"], "text": c["text"]}))
        except Exception:  # noqa: BLE001
            log.exception("hover failed")
            return None

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
    def code_action(ls: NumcheckServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        try:
            uri = params.text_document.uri
            snap = ls.snapshots.get(uri)
            fmt = snap[2] if snap else _fmt_of(uri, None) or "txt"
            doc = ls.workspace.get_text_document(uri)
            lines = doc.source.split("\n")
            actions = []
            for d in params.context.diagnostics:
                if d.source != "numcheck" or not isinstance(d.code, str) or not d.code.startswith("NC"):
                    continue
                line = d.range.start.line
                text = lines[line] if line < len(lines) else ""
                at_line, at_char, insert = suppression_edit(text, line, d.code, fmt)
                at_char = ls.workspace.position_codec.position_to_client_units(
                    lines, types.Position(line=at_line, character=at_char)).character
                pos = types.Position(line=at_line, character=at_char)
                actions.append(types.CodeAction(
                    title=f"Ignore {d.code} here (numcheck: ignore {d.code})",
                    kind=types.CodeActionKind.QuickFix, diagnostics=[d],
                    edit=types.WorkspaceEdit(changes={uri: [types.TextEdit(
                        range=types.Range(start=pos, end=pos), new_text=insert)]})))
            return actions or None
        except Exception:  # noqa: BLE001
            log.exception("code action failed")
            return None

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: NumcheckServer, params: Any) -> None:
        if ls.timer is not None:
            ls.timer.cancel()
        ls.drop_pool()

    return server


def describe_claim(c: dict) -> str:
    """The hover text for a claim record: how numcheck read the figure."""
    def num(v) -> str:
        if v is None:
            return "∞"
        if isinstance(v, float) and v.is_integer():
            return f"{int(v):,}"
        return f"{v:,}" if isinstance(v, (int, float)) else str(v)

    lines = [f"**{c.get('text')}** is read as a **{c.get('kind')}**"]
    facts = []
    if c.get("value") is not None:
        facts.append(f"value {num(c['value'])}" + (f" {c['unit']}" if c.get("unit") else ""))
    if c.get("low") is not None or c.get("high") is not None:
        low = "−∞" if c.get("low") is None else num(c["low"])
        facts.append(f"interval [{low}, {num(c.get('high'))}]")
    if c.get("qualifier") and c["qualifier"] != "exact":
        facts.append(f"qualifier {c['qualifier']}")
    if facts:
        lines.append(" · ".join(facts))
    what = []
    if c.get("subject"):
        what.append(f"measures **{c['subject']}**")
    if c.get("scope"):
        what.append(f"scope {c['scope']}")
    if c.get("date"):
        what.append(f"date {c['date']}" + (" (relative)" if c.get("relative") else ""))
    if c.get("block") and c["block"] != "body":
        what.append(f"in a {c['block']} block")
    if what:
        lines.append(" · ".join(what))
    return "\n\n".join(lines)


def serve() -> int:
    """Run the server on stdin/stdout until the client says exit; returns the exit code."""
    try:
        server = make_server()
    except ImportError as exc:
        import sys

        print(f"numcheck: `numcheck lsp` needs pygls ({exc}); install it with "
              "pip install 'numcheck[lsp]'", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.WARNING)
    server.start_io()
    return 0
