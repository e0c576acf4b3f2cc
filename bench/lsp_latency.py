"""Editor latency: time from a change to its diagnostics in ``numcheck lsp``, beside a CLI run.

Usage::

    python3 bench/lsp_latency.py                # 5,000-word article, 10 edits, ~1 minute
    python3 bench/lsp_latency.py --words 5000 --edits 20 --debounce 0.3

The article is the first articles of the shared news corpus (../shared/corpus/news.jsonl, real
Wikinews text) joined into one Markdown document of at least ``--words`` words, written to a
temporary folder. Measured side by side on that same text:

- **CLI**: ``numcheck check article.md --no-config`` as a fresh process (median of ``--runs``):
  what a save-then-run workflow costs, start-up included;
- **LSP, first check**: open → first diagnostics (includes starting the worker process);
- **LSP, change → diagnostics**: for each edit (one figure in the middle of the article
  changed), the time from sending ``didChange`` to receiving the ``publishDiagnostics`` for
  that version; reported with the server's debounce set to 0 (the check alone) and to
  ``--debounce`` (what a typist sees, debounce included).

Run it on an otherwise idle machine; figures vary with load.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "news.jsonl"


def article(words: int) -> str:
    """At least ``words`` words of real news text as one Markdown article with a date."""
    parts, count = [], 0
    with CORPUS.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            parts.append(f"## {row.get('title') or 'Untitled'}\n\n{row['text'].strip()}\n")
            count += len(row["text"].split())
            if count >= words:
                break
    return "---\ndate: 2019-01-10\ntitle: Bench article\n---\n" + "\n".join(parts)


def cli_runs(path: Path, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "numcheck", "check", str(path), "--no-config",
                        "--color", "never"], capture_output=True, cwd=path.parent)
        out.append(time.perf_counter() - started)
    return out


async def lsp_runs(path: Path, text: str, edits: int, debounce: float) -> tuple[float, list[float]]:
    from lsprotocol import types
    from pygls.lsp.client import LanguageClient
    from pygls.uris import from_fs_path

    client = LanguageClient("bench", "1")
    got: dict[int, float] = {}
    arrived = asyncio.Event()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def published(ls, params):
        if params.version is not None:
            got[params.version] = time.perf_counter()
            arrived.set()

    await client.start_io(sys.executable, "-m", "numcheck", "lsp", cwd=str(path.parent))
    await client.initialize_async(types.InitializeParams(
        capabilities=types.ClientCapabilities(), root_uri=from_fs_path(str(path.parent)),
        initialization_options={"debounce": debounce}))
    client.initialized(types.InitializedParams())
    uri = from_fs_path(str(path))

    async def until(version: int) -> float:
        while version not in got:
            arrived.clear()
            await asyncio.wait_for(arrived.wait(), 300)
        return got[version]

    sent = time.perf_counter()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=text)))
    first = await until(1) - sent
    lines = text.split("\n")
    middle = next(i for i in range(len(lines) // 2, len(lines)) if any(ch.isdigit() for ch in lines[i]))
    latencies = []
    for k in range(edits):
        digit = next(j for j, ch in enumerate(lines[middle]) if ch.isdigit())
        new = str((int(lines[middle][digit]) + 1) % 10)
        lines[middle] = lines[middle][:digit] + new + lines[middle][digit + 1:]
        version = k + 2
        sent = time.perf_counter()
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangePartial(
                range=types.Range(start=types.Position(line=middle, character=digit),
                                  end=types.Position(line=middle, character=digit + 1)), text=new)]))
        latencies.append(await until(version) - sent)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return first, latencies


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--words", type=int, default=5000)
    ap.add_argument("--edits", type=int, default=10)
    ap.add_argument("--runs", type=int, default=5, help="CLI runs")
    ap.add_argument("--debounce", type=float, default=0.3)
    args = ap.parse_args()
    text = article(args.words)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "article.md"
        path.write_text(text, encoding="utf-8")
        words = len(text.split())
        print(f"article: {words:,} words, {len(text.encode('utf-8')) / 1024:.0f} KB (from {CORPUS.name})")
        cli = cli_runs(path, args.runs)
        print(f"CLI   numcheck check article.md        median {statistics.median(cli):.2f} s "
              f"(min {min(cli):.2f}, max {max(cli):.2f}; {args.runs} runs, start-up included)")
        for debounce in (0.0, args.debounce):
            first, lat = asyncio.run(lsp_runs(path, text, args.edits, debounce))
            lat.sort()
            p90 = lat[min(len(lat) - 1, int(0.9 * len(lat)))]
            print(f"LSP   debounce {debounce:.2f} s: open -> diagnostics {first:.2f} s (worker start-up "
                  f"included); change -> diagnostics median {statistics.median(lat):.2f} s, "
                  f"p90 {p90:.2f} s, max {lat[-1]:.2f} s ({args.edits} edits)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
