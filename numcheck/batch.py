"""Checking corpora (``.jsonl``, ``.csv``, ``.parquet``) at scale: streaming, in parallel, on Dask.

A corpus is read row by row (:func:`numcheck.ingest.iter_corpus`), rows are grouped into
*units* (one story, or one row when it has no story), units into *chunks* of a few hundred
kilobytes of text, and chunks are checked by a pool of worker processes (``jobs``), by a Dask
cluster (``engine="dask"``) or in this process (``jobs=1``). Results come back per chunk and are
written out in input order as they arrive, so memory stays flat whatever the corpus size and the
output does not depend on how many workers ran.

Stories are kept whole: when rows carry a story field, a cheap first pass counts the rows of each
story, and a story's rows are buffered until the last one has been read. ``story="auto"``
(linking rows by shared names and figures) needs every row's names and figures first, so it
extracts twice: once to link, once to check.

Workers load the rule pack once per process (:func:`rules_for` caches by :class:`RuleSpec`); a
task carries only a spec, Documents and flags. A worker process that dies mid-chunk is not
silently lost: its chunk is retried alone, and if it dies again each story of the chunk is run
alone so that the one that kills the worker is reported as an error naming its documents.
"""

from __future__ import annotations

import io
import json
import multiprocessing
import os
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Iterable, Iterator, Sequence

from numcheck.ingest.corpus import CORPUS_EXTENSIONS, parse_row
from numcheck.model import Problem

__all__ = [
    "ANOMALY_COLUMNS", "TABLE_FORMATS", "BatchResult", "CorpusFields", "RuleSpec",
    "check_chunk", "claim_columns", "cli_check", "cli_extract", "default_jobs", "extract_chunk",
    "is_corpus", "link_chunk", "rules_for", "run",
]

#: Output formats written row by row as chunks finish (constant memory).
TABLE_FORMATS = ("jsonl", "csv", "parquet")

#: Columns of the anomaly table (one row per anomaly; ``evidence`` is JSON text in CSV/Parquet).
ANOMALY_COLUMNS = ("code", "name", "kind", "severity", "path", "line", "column", "end_line",
                   "end_column", "start", "end", "text", "sentence", "message", "evidence",
                   "fingerprint")

#: A chunk is closed once it holds this many documents or this many characters of text.
CHUNK_DOCUMENTS = 64
CHUNK_CHARS = 256_000

#: Test hooks: a worker process (never the main one) exits abruptly on the document with this id;
#: with the second variable set to a file path it does so only while that file does not exist.
CRASH_ENV = "NUMCHECK_TEST_CRASH_ON"
CRASH_ONCE_ENV = "NUMCHECK_TEST_CRASH_ONCE"


def is_corpus(path: str | os.PathLike) -> bool:
    """Whether ``path`` names a corpus file (``.jsonl``/``.ndjson``, ``.csv``, ``.parquet``)."""
    return os.path.splitext(os.fspath(path))[1].lower() in CORPUS_EXTENSIONS


def default_jobs() -> int:
    """Worker processes used when ``--jobs`` is not given: every core."""
    return os.cpu_count() or 1


@dataclass(frozen=True)
class CorpusFields:
    """Which columns of a corpus hold the text, date, id, story and title."""

    text: str = "text"
    date: str = "date"
    id: str = "id"
    story: str = "story"
    title: str = "title"


# ---- rules, loaded once per process ------------------------------------------------------------

@dataclass(frozen=True)
class RuleSpec:
    """What rule set to load: pack paths, the default pack, select/ignore. Hashable, picklable.

    Workers receive this instead of the rules themselves and load it once per process.
    """

    packs: tuple[str, ...] = ()
    default_rules: bool = True
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def load(self):
        """``(rules, problems)`` as :func:`numcheck.engine.load_rules` returns them (uncached)."""
        from numcheck.engine import load_rules

        return load_rules(list(self.packs), include_default=self.default_rules,
                          select=list(self.select), ignore=list(self.ignore))


# One entry per distinct spec seen by this process: the pack files are parsed and validated once,
# not once per chunk.
_RULES: dict[RuleSpec, tuple] = {}


def rules_for(spec: RuleSpec | tuple) -> tuple:
    """The rules of ``spec``, loaded on first use in this process and cached after that.

    A tuple is taken to be the rules themselves (as shipped to Dask workers) and returned as is.
    """
    if isinstance(spec, tuple):
        return spec
    rules = _RULES.get(spec)
    if rules is None:
        rules = spec.load()[0]
        _RULES[spec] = rules
    return rules


def _init_worker(spec: RuleSpec | None) -> None:
    # pool initializer: pay for imports and pack parsing before the first chunk arrives
    import numcheck.report  # noqa: F401  (pulls in the extractors and unit tables)

    if spec is not None:
        rules_for(spec)


def _maybe_crash(path: str) -> None:
    target = os.environ.get(CRASH_ENV)
    if not target or multiprocessing.parent_process() is None:
        return
    if path.rpartition("#")[2] != target:
        return
    flag = os.environ.get(CRASH_ONCE_ENV)
    if flag:
        try:
            os.close(os.open(flag, os.O_CREAT | os.O_EXCL))
        except FileExistsError:
            return
    os._exit(70)


# ---- raw JSONL rows: parsed in the workers -------------------------------------------------------

@dataclass(frozen=True)
class RawRows:
    """Undecoded JSONL lines of one story (or one lone row), turned into Documents by a worker.

    Reading a row into a Document (finding blocks, captions, datelines, suppressions) costs
    about a third of checking it; doing it in the workers keeps the main process, which only
    splits the file into lines, from becoming the bottleneck of a parallel run.
    """

    path: str
    #: (line number in the file, 1-based row number, the raw line)
    rows: tuple[tuple[int, int, bytes], ...]
    fields: CorpusFields
    date: Any = None
    keep_suppressions: bool = True

    def __len__(self) -> int:
        return len(self.rows)

    def size(self) -> int:
        """Bytes of JSON in these rows (for chunk sizing)."""
        return sum(len(r[2]) for r in self.rows)

    def documents(self) -> list:
        """A Document or a Problem per row, exactly as :func:`numcheck.ingest.iter_corpus` reads it."""
        from numcheck.ingest.corpus import _Fields, _row

        f = self.fields
        fields = _Fields(f.text, f.date, f.id, f.story, f.title)
        out = []
        for line_no, number, raw in self.rows:
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                out.append(Problem(self.path, f"line {line_no}: not UTF-8 (byte 0x{raw[exc.start]:02x})",
                                   line_no, exc.start + 1))
                continue
            obj = parse_row(self.path, line_no, line)
            if isinstance(obj, Problem):
                out.append(obj)
                continue
            item = _row(self.path, number, obj, fields, line_no)
            if not isinstance(item, Problem):
                if self.date is not None:
                    item = item.with_date(self.date, "flag")
                if not self.keep_suppressions:
                    item = replace(item, suppressions=(), file_suppressions=())
            out.append(item)
        return out


def _expand(units: Sequence) -> tuple[list, list[Problem]]:
    """The Documents of ``units`` in order, and the Problems of rows that did not parse."""
    docs, problems = [], []
    for unit in units:
        items = unit.documents() if isinstance(unit, RawRows) else unit
        for item in items:
            (problems if isinstance(item, Problem) else docs).append(item)
    return docs, problems


# ---- chunk tasks (run in workers; module level so they pickle by reference) ------------------

@dataclass
class ChunkResult:
    """What one chunk produced, as plain records (picklable, no Documents)."""

    documents: list[dict] = field(default_factory=list)
    stories: list[dict] = field(default_factory=list)
    anomalies: list[dict] = field(default_factory=list)
    claims: list[dict] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    suppressed: int = 0
    links: list = field(default_factory=list)

    def extend(self, other: "ChunkResult") -> None:
        """Append ``other``'s records after this one's."""
        self.documents += other.documents
        self.stories += other.stories
        self.anomalies += other.anomalies
        self.claims += other.claims
        self.errors += other.errors
        self.suppressed += other.suppressed
        self.links += other.links


def check_chunk(spec: RuleSpec, units: Sequence[tuple], detail: str = "anomalies") -> ChunkResult:
    """Check the documents of ``units`` (each unit one story) and return their records.

    Documents with a story field are grouped by it; the others are each their own story.
    Anomalies are sorted by document (input order), offset, code and message.
    """
    from numcheck.report import check_documents

    docs, problems = _expand(units)
    for d in docs:
        _maybe_crash(d.path)
    report = check_documents(docs, rules_for(spec), story="file")
    records = report.to_records(detail=detail)
    order = {d.path: i for i, d in enumerate(docs)}
    anomalies = sorted(records["anomalies"], key=lambda a: (
        order.get(a["path"], len(order)), a["start"], a["end"], a["code"], a["message"]))
    return ChunkResult(records["documents"], records["stories"], anomalies,
                       records.get("claims", []), problems + list(report.errors), report.suppressed)


def extract_chunk(spec: RuleSpec | None, units: Sequence[tuple], detail: str = "claims") -> ChunkResult:
    """The claims of every document of ``units``, as claim-table rows in input order.

    Each analysis runs under the per-document time budget (``NUMCHECK_DOC_TIMEOUT``, which the
    CLI exports); a document that overruns it or fails is an error, and the others go on.
    """
    from numcheck.report import analyse_document

    docs, problems = _expand(units)
    out = ChunkResult(errors=problems)
    for doc in docs:
        _maybe_crash(doc.path)
        dc = analyse_document(doc, out.errors)
        if dc is None:
            continue
        out.documents.append({"path": doc.path, "date": dc.date.isoformat() if dc.date else None,
                              "date_source": dc.date_source,
                              **({"notes": list(doc.notes)} if doc.notes else {})})
        for c in dc.claims:
            line, column = doc.line_col(c.start)
            out.claims.append({"path": doc.path, "line": line, "column": column, **c.to_dict()})
    return out


def link_chunk(spec: RuleSpec | None, units: Sequence[tuple], detail: str = "") -> ChunkResult:
    """Compact story-linking inputs (names and figures, not whole texts) for ``story="auto"``."""
    from numcheck.engine.stories import StoryInput, distinctive_names
    from numcheck.report import analyse_document

    docs, problems = _expand(units)
    out = ChunkResult(errors=problems)
    for doc in docs:
        _maybe_crash(doc.path)
        # errors here are reported by the checking pass, which analyses the document again
        dc = analyse_document(doc, [])
        if dc is None:
            continue
        # grouping reads names from text and figures from claims; keeping just those makes
        # a whole corpus' linking inputs small enough to hold at once
        names = " ".join(sorted(distinctive_names(doc.text)))
        figures = tuple(c for c in dc.claims if c.kind in ("count", "quantity", "money")
                        and c.value is not None and c.value >= 100 and not c.boilerplate)
        out.links.append(StoryInput(doc.path, names, figures, doc.story, doc.date, doc.date_source))
    return out


# ---- reading a corpus into units and chunks ------------------------------------------------------

def _story_counts(path: str, fields: CorpusFields) -> Counter:
    """Rows per story value, from a light pass that reads only the story column."""
    counts: Counter = Counter()
    ext = os.path.splitext(path)[1].lower()
    kind = CORPUS_EXTENSIONS.get(ext)
    try:
        if kind == "jsonl":
            from numcheck.ingest.corpus import iter_lines

            with open(path, "rb") as fh:
                for _, raw in iter_lines(fh):
                    # a row without the story key is skipped without parsing it
                    if raw is None or fields.story.encode() not in raw:
                        continue
                    obj = _loads(raw)
                    if isinstance(obj, dict) and obj.get(fields.story) not in (None, ""):
                        counts[_story_key(obj[fields.story])] += 1
        elif kind == "csv":
            import csv

            with open(path, newline="", encoding="utf-8-sig", errors="replace") as fh:
                reader = csv.reader(fh)
                header = next(reader, [])
                if fields.story not in header:
                    return counts
                k = header.index(fields.story)
                for cells in reader:
                    if len(cells) > k and cells[k] != "":
                        counts[_story_key(cells[k])] += 1
        elif kind == "parquet":
            import pyarrow.parquet as pq

            pf = pq.ParquetFile(path)
            if fields.story not in pf.schema_arrow.names:
                return counts
            for batch in pf.iter_batches(batch_size=10_000, columns=[fields.story]):
                for v in batch.column(0).to_pylist():
                    if v not in (None, ""):
                        counts[_story_key(v)] += 1
    except Exception:  # noqa: BLE001 - unreadable files are reported by the real pass
        return Counter()
    return counts


def _documents(paths: Sequence[str], fields: CorpusFields, date_for: Callable[[str], Any],
               keep_suppressions: bool) -> Iterator[tuple[str, Any]]:
    """``(source, Document | Problem)`` for every row of every path, in order."""
    from numcheck.ingest import InputError, iter_corpus, load_document

    for path in paths:
        date = date_for(path)
        if is_corpus(path):
            items = iter_corpus(path, text_field=fields.text, date_field=fields.date,
                                id_field=fields.id, story_field=fields.story,
                                title_field=fields.title)
        else:
            try:
                items = iter([load_document(path, date=date)])
            except InputError as exc:
                items = iter([exc.problem])
        for item in items:
            if isinstance(item, Problem):
                yield path, item
                continue
            if date is not None and is_corpus(path):
                item = item.with_date(date, "flag")
            if not keep_suppressions:
                item = replace(item, suppressions=(), file_suppressions=())
            yield path, item


def _units(paths: Sequence[str], fields: CorpusFields, story: str, date_for, keep_suppressions: bool,
           assigned: dict[str, str] | None = None) -> Iterator[tuple | Problem]:
    """Units (tuples of Documents forming one story) and Problems, in input order.

    A story is yielded once its last row has been read (rows of a story need not be adjacent);
    stories left incomplete because some of their rows were malformed are yielded at the end.
    """
    if story == "all":
        docs, problems = [], []
        for _, item in _documents(paths, fields, date_for, keep_suppressions):
            (problems if isinstance(item, Problem) else docs).append(item)
        yield from problems
        if docs:
            yield tuple(replace(d, story="all") for d in docs)
        return
    if assigned is None and all(_raw_ok(p) for p in paths):
        for p in paths:
            yield from _raw_units(p, fields, date_for(p), keep_suppressions)
        return
    if assigned is not None:
        counts: Counter = Counter(assigned.values())
    else:
        counts = Counter()
        for p in paths:
            if is_corpus(p) and os.path.isfile(p):
                counts.update(_story_counts(p, fields))
    pending: dict[str, list] = {}
    for _, item in _documents(paths, fields, date_for, keep_suppressions):
        if isinstance(item, Problem):
            yield item
            continue
        if assigned is not None:
            item = replace(item, story=assigned.get(item.path, item.story))
        key = item.story
        if key is None or counts.get(key, 0) <= 1:
            yield (item,)
            continue
        buf = pending.setdefault(key, [])
        buf.append(item)
        if len(buf) >= counts[key]:
            del pending[key]
            yield tuple(buf)
    for buf in pending.values():
        yield tuple(buf)


def _loads(raw: bytes):
    """A JSONL row parsed the way :func:`numcheck.ingest.corpus.parse_row` parses it, or None
    for a row that is not a JSON object (its error is reported when the row is read)."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    obj = parse_row("", 0, line)
    return None if isinstance(obj, Problem) else obj


def _story_key(value) -> str:
    from numcheck.ingest.corpus import shown_value
    from numcheck.ingest.source import replace_surrogates

    # as the row reader names the story (shortened, surrogates replaced), so counts match it
    return replace_surrogates(shown_value(value, 1000))[0]


def _raw_ok(path: str) -> bool:
    # regular JSONL files take the fast path; pipes are read once, so stories there are held
    # until the end by the Document path, as are CSV and Parquet (whose rows span lines/batches)
    return CORPUS_EXTENSIONS.get(os.path.splitext(path)[1].lower()) == "jsonl" and os.path.isfile(path)


def _raw_units(path: str, fields: CorpusFields, date, keep_suppressions: bool) -> Iterator[RawRows | Problem]:
    """A JSONL file as RawRows units: one per story (complete, wherever its rows are) or lone row."""
    counts = _story_counts(path, fields)
    key_bytes = json.dumps(fields.story).encode()
    pending: dict[str, list] = {}
    number = 0

    def unit(rows) -> RawRows:
        return RawRows(path, tuple(rows), fields, date, keep_suppressions)

    try:
        fh = open(path, "rb")
    except OSError:
        from numcheck.ingest import iter_corpus

        # let the ingest layer word the problem exactly as it does for every other input
        yield from (x for x in iter_corpus(path) if isinstance(x, Problem))
        return
    from numcheck.ingest.corpus import iter_lines, long_row

    with fh:
        for line_no, raw in iter_lines(fh):
            if raw is None:
                number += 1
                yield long_row(path, line_no)
                continue
            if line_no == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if not raw.strip():
                continue
            number += 1
            row = (line_no, number, raw)
            key = None
            if counts and key_bytes in raw:
                obj = _loads(raw)
                value = obj.get(fields.story) if isinstance(obj, dict) else None
                key = None if value in (None, "") else _story_key(value)
            if key is None or counts.get(key, 0) <= 1:
                yield unit([row])
                continue
            buf = pending.setdefault(key, [])
            buf.append(row)
            if len(buf) >= counts[key]:
                del pending[key]
                yield unit(buf)
    for buf in pending.values():
        yield unit(buf)


@dataclass
class _Chunk:
    seq: int
    units: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    chars: int = 0
    docs: int = 0


def _chunks(units: Iterable, max_docs: int = CHUNK_DOCUMENTS, max_chars: int = CHUNK_CHARS) -> Iterator[_Chunk]:
    seq = 0
    chunk = _Chunk(seq)
    for u in units:
        if isinstance(u, Problem):
            chunk.problems.append(u)
            continue
        chunk.units.append(u)
        chunk.docs += len(u)
        chunk.chars += u.size() if isinstance(u, RawRows) else sum(len(d.text) for d in u)
        if chunk.docs >= max_docs or chunk.chars >= max_chars:
            yield chunk
            seq += 1
            chunk = _Chunk(seq)
    if chunk.units or chunk.problems:
        yield chunk


# ---- executing chunks: in process, on a process pool, on Dask ------------------------------------

def _unit_names(unit) -> list[str]:
    if not isinstance(unit, RawRows):
        return [d.path for d in unit]
    names = []
    for line_no, number, raw in unit.rows:
        obj = _loads(raw)
        ident = obj.get(unit.fields.id) if isinstance(obj, dict) else None
        names.append(f"{unit.path}#{number if ident in (None, '') else _story_key(ident)}")
    return names


def _died(unit) -> Problem:
    names = _unit_names(unit)
    source = names[0].rpartition("#")[0] or names[0]
    return Problem(source, f"a worker process died while checking {', '.join(names)}; "
                           "these documents were not checked (it died again when retried alone)",
                   kind="worker")


class _Executor:
    """Runs chunk tasks and yields results in chunk order, with bounded work in flight."""

    def __init__(self, jobs: int, engine: str = "local", scheduler: str | None = None,
                 spec: RuleSpec | None = None) -> None:
        self.jobs = max(1, int(jobs))
        self.engine = engine
        self.scheduler = scheduler
        self.spec = spec
        self._pool = None
        self._client = None
        self._cluster = None
        self._shared = None

    # -- pools
    def _local_pool(self, workers: int):
        from concurrent.futures import ProcessPoolExecutor

        # fork shares the parent's already-imported modules; the initializer loads the rules
        ctx = multiprocessing.get_context("fork") if sys.platform != "win32" else None
        return ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker,
                                   initargs=(self.spec,))

    def _dask(self):
        if self._client is None:
            import logging

            from distributed import Client, LocalCluster

            if self.scheduler:
                self._client = Client(self.scheduler)
            else:
                self._cluster = LocalCluster(n_workers=self.jobs, threads_per_worker=1,
                                             # any free port: a fixed one clashes with
                                             # another cluster on the same machine
                                             processes=True, dashboard_address=":0",
                                             silence_logs=logging.ERROR)
                self._client = Client(self._cluster)
        return self._client

    def close(self) -> None:
        """Shut down whatever pool or cluster this executor started."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        if self._client is not None:
            self._shared = None
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def _submit(self, fn, units, detail):
        if self.engine == "dask":
            client = self._dask()
            if self._shared is None and self.spec is not None:
                # the rule values go to every worker once; tasks refer to them by key, and
                # packs need not exist on the workers' file systems
                # (wrapped in a list: scatter would otherwise ship each rule as its own key)
                self._shared = client.scatter([rules_for(self.spec)], broadcast=True, hash=False)[0]
            return client.submit(fn, self._shared, units, detail, pure=False)
        return self._pool.submit(fn, self.spec, units, detail)

    def _is_death(self, exc: BaseException) -> bool:
        from concurrent.futures import CancelledError
        from concurrent.futures.process import BrokenProcessPool

        if isinstance(exc, BrokenProcessPool):
            return True
        if self.engine == "dask":
            from distributed.scheduler import KilledWorker

            if isinstance(exc, (KilledWorker, CancelledError)):
                # a dead worker may take the last copy of the scattered rules with it, which
                # cancels every task needing them ("lost dependencies"): scatter them again
                self._shared = None
                return True
        return False

    @staticmethod
    def _outcome(f):
        """``(result, None)`` or ``(None, exception)`` of a finished future."""
        try:
            exc = f.exception()
        except Exception as raised:  # noqa: BLE001 - a cancelled Dask future raises here
            exc = raised
        return (f.result(), None) if exc is None else (None, exc)

    def _wait(self, futures):
        if self.engine == "dask":
            from distributed import wait

            return wait(list(futures), return_when="FIRST_COMPLETED").done
        from concurrent.futures import FIRST_COMPLETED, wait

        return wait(list(futures), return_when=FIRST_COMPLETED).done

    # -- running
    def map(self, fn, chunks: Iterable[_Chunk], detail: str = "anomalies") -> Iterator[tuple[_Chunk, ChunkResult]]:
        """``(chunk, fn(spec, chunk.units, detail))`` for every chunk, in chunk order."""
        if self.jobs == 1 and self.engine == "local":
            for c in chunks:
                yield c, fn(self.spec, c.units, detail) if c.units else ChunkResult()
            return
        if self.engine == "local" and self._pool is None:
            self._pool = self._local_pool(self.jobs)
        limit = 2 * self.jobs + 2
        pending: dict = {}
        ready: dict[int, ChunkResult] = {}
        held: dict[int, _Chunk] = {}
        next_seq = 0
        source = iter(chunks)
        exhausted = False
        while True:
            while not exhausted and len(pending) < limit:
                c = next(source, None)
                if c is None:
                    exhausted = True
                    break
                held[c.seq] = c
                if c.units:
                    pending[self._submit(fn, c.units, detail)] = c
                else:
                    ready[c.seq] = ChunkResult()
            if not pending and next_seq not in ready:
                break
            if pending:
                lost = []
                for f in self._wait(pending):
                    c = pending.pop(f)
                    value, exc = self._outcome(f)
                    if exc is None:
                        ready[c.seq] = value
                    elif self._is_death(exc):
                        lost.append(c)
                    else:
                        raise exc
                if lost and self.engine == "local":
                    # a broken pool takes every chunk in flight down with it; none is to blame yet
                    lost += list(pending.values())
                    pending.clear()
                    self._pool.shutdown(wait=False, cancel_futures=True)
                    self._pool = self._local_pool(self.jobs)
                for c in sorted(lost, key=lambda c: c.seq):
                    ready[c.seq] = self._retry(fn, c, detail)
            while next_seq in ready:
                yield held.pop(next_seq), ready.pop(next_seq)
                next_seq += 1

    def _retry(self, fn, chunk: _Chunk, detail: str) -> ChunkResult:
        """Run a chunk whose worker died again, alone; then story by story if it dies again."""
        results = self._alone(fn, [chunk.units], detail)
        if results[0] is not None:
            return results[0]
        out = ChunkResult()
        for unit, res in zip(chunk.units, self._alone(fn, [[u] for u in chunk.units], detail)):
            if res is None:
                out.errors.append(_died(unit))
            else:
                out.extend(res)
        return out

    def _alone(self, fn, batches: list, detail: str) -> list[ChunkResult | None]:
        """Each batch of units run by itself, one at a time; None where the worker died."""
        out: list[ChunkResult | None] = []
        pool = None
        try:
            for units in batches:
                if self.engine == "dask":
                    f = self._submit(fn, units, detail)
                else:
                    # one worker, replaced only after a death, so the batches cannot share blame
                    pool = pool or self._local_pool(1)
                    f = pool.submit(fn, self.spec, units, detail)
                value, exc = self._outcome(f)
                if exc is None:
                    out.append(value)
                elif self._is_death(exc):
                    out.append(None)
                    if pool is not None:
                        pool.shutdown(wait=True, cancel_futures=True)
                        pool = None
                else:
                    raise exc
        finally:
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)
        return out


# ---- output ----------------------------------------------------------------------------------

def _Output(path: str | None, binary: bool):
    """The output of a streamed run: stdout, or a file put in place by ``commit()``
    (atomically for a regular file, directly for a device or FIFO; see
    :class:`numcheck.fileio.Output`)."""
    from numcheck.fileio import Output

    return Output(path, binary=binary)


def claim_columns() -> list[str]:
    """Columns of the claim table: path, line, column and every :class:`Claim` field."""
    from numcheck.model import Claim

    return ["path", "line", "column", *Claim.field_names()]


def _arrow_schema(table: str):
    import dataclasses

    import pyarrow as pa

    from numcheck.model import Claim

    if table == "anomalies":
        ints = {"line", "column", "end_line", "end_column", "start", "end"}
        return pa.schema([(c, pa.int64() if c in ints else pa.string()) for c in ANOMALY_COLUMNS])
    types = {"int": pa.int64(), "float": pa.float64(), "str": pa.string(), "bool": pa.bool_()}
    cols = [("path", pa.string()), ("line", pa.int64()), ("column", pa.int64())]
    for f in dataclasses.fields(Claim):
        base = str(f.type).split("|")[0].strip()
        cols.append((f.name, types.get(base, pa.string())))
    return pa.schema(cols)


class _TableSink:
    """Rows of one table appended per chunk as JSON lines, CSV or Parquet row groups."""

    def __init__(self, table: str, fmt: str, output: str | None) -> None:
        self.table, self.fmt = table, fmt
        self.columns = list(ANOMALY_COLUMNS) if table == "anomalies" else claim_columns()
        self.out = _Output(output, binary=fmt == "parquet")
        self._writer = None
        self._wrote_header = False
        if fmt == "parquet":
            import pyarrow.parquet as pq

            self._schema = _arrow_schema(table)
            target = self.out.fh if output else io.BytesIO()
            self._buffer = None if output else target
            self._writer = pq.ParquetWriter(target, self._schema)

    def write(self, rows: list[dict]) -> None:
        """Append ``rows`` (records of this table)."""
        if self.fmt == "jsonl":
            for r in rows:
                self.out.fh.write(json.dumps({c: r.get(c) for c in self.columns}, ensure_ascii=False))
                self.out.fh.write("\n")
            return
        if self.table == "anomalies":
            rows = [{**r, "evidence": json.dumps(r.get("evidence") or [], ensure_ascii=False)} for r in rows]
        if self.fmt == "csv":
            import pandas as pd

            if rows or not self._wrote_header:
                pd.DataFrame(rows, columns=self.columns).to_csv(
                    self.out.fh, header=not self._wrote_header, index=False, lineterminator="\n")
                self._wrote_header = True
            return
        if rows:
            import pyarrow as pa

            self._writer.write_table(pa.Table.from_pylist(
                [{c: r.get(c) for c in self.columns} for r in rows], schema=self._schema))

    def close(self, **_: Any) -> None:
        """Finish the table and put it in place."""
        if self.fmt == "csv" and not self._wrote_header:
            self.write([])
        if self._writer is not None:
            self._writer.close()
            if self._buffer is not None:
                self.out.fh.write(self._buffer.getvalue())
        self.out.commit()

    def abort(self) -> None:
        """Give up: remove the temporary file."""
        if self._writer is not None:
            try:
                self._writer.close()
            except Exception:  # noqa: BLE001 - the file is being discarded anyway
                pass
        self.out.abort()


class _JsonSink:
    """A JSON object whose big lists are spooled to temporary files and joined at the end.

    ``check`` writes the records shape (docs/records.md) without keeping documents or anomalies
    in memory; ``extract`` writes ``{"numcheck", "documents", "claims"}``.
    """

    def __init__(self, lists: Sequence[str], output: str | None) -> None:
        self.lists = list(lists)
        self._spools = {k: tempfile.TemporaryFile("w+", encoding="utf-8", errors="surrogatepass") for k in self.lists}
        self._counts = dict.fromkeys(self.lists, 0)
        self.output = output

    def add(self, key: str, rows: Iterable[dict]) -> None:
        """Append ``rows`` to the list ``key``."""
        fh = self._spools[key]
        for r in rows:
            fh.write(",\n" if self._counts[key] else "\n")
            fh.write("    " + json.dumps(r, ensure_ascii=False))
            self._counts[key] += 1

    def close(self, head: dict, tail: dict) -> None:
        """Write ``head`` keys, the spooled lists, then ``tail`` keys, and put the file in place."""
        out = _Output(self.output, binary=False)
        try:
            fh = out.fh
            fh.write("{\n")
            for k, v in head.items():
                fh.write(f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)},\n")
            for i, k in enumerate(self.lists):
                spool = self._spools[k]
                spool.seek(0)
                fh.write(f"  {json.dumps(k)}: [")
                while True:
                    block = spool.read(1 << 20)
                    if not block:
                        break
                    fh.write(block)
                fh.write("\n  ]" if self._counts[k] else "]")
                fh.write(",\n" if (tail or i < len(self.lists) - 1) else "\n")
            items = list(tail.items())
            for i, (k, v) in enumerate(items):
                body = json.dumps(v, indent=2, ensure_ascii=False).replace("\n", "\n  ")
                fh.write(f"  {json.dumps(k)}: {body}{',' if i < len(items) - 1 else ''}\n")
            fh.write("}\n")
            out.commit()
        except BaseException:
            out.abort()
            raise
        finally:
            self.abort()

    def abort(self) -> None:
        """Drop the spool files."""
        for fh in self._spools.values():
            fh.close()


# ---- the run --------------------------------------------------------------------------------

@dataclass
class BatchResult:
    """The outcome of :func:`run`: counts, errors, the exit code, and (for render formats) records."""

    documents: int = 0
    anomalies: int = 0
    claims: int = 0
    errors: list[Problem] = field(default_factory=list)
    by_severity: dict = field(default_factory=lambda: {"error": 0, "warning": 0, "info": 0})
    suppressed: int = 0
    baseline_matched: int = 0
    failing: bool = False
    records: dict | None = None

    @property
    def exit_code(self) -> int:
        """2 on any error, 1 when an anomaly fails ``fail_on``, else 0 (as ``numcheck check``)."""
        if self.errors:
            return 2
        return 1 if self.failing else 0


def _link(paths, fields, date_for, keep_suppressions,
          executor: _Executor) -> tuple[dict[str, str], dict[str, list[str]]]:
    """``story="auto"`` over a corpus: document path → story id, and story id → why its
    documents were linked (the shared names and figures), from compact linking inputs."""
    from numcheck.engine.stories import group_stories

    units = (u for u in _units(paths, fields, "file", date_for, keep_suppressions)
             if not isinstance(u, Problem))
    links = []
    for _, res in executor.map(link_chunk, _chunks(units), "links"):
        links.extend(res.links)
    stories = group_stories(links, mode="auto")
    return ({path: s.id for s in stories for path in s.documents},
            {s.id: list(s.linked_by) for s in stories})


def run(paths: Sequence[str], *, command: str = "check", spec: RuleSpec = RuleSpec(),
        story: str = "file", fields: CorpusFields = CorpusFields(), jobs: int | None = None,
        engine: str = "local", scheduler: str | None = None, output: str | None = None,
        fmt: str = "jsonl", date_for: Callable[[str], Any] | None = None,
        keep_suppressions: bool = True, baseline: Counter | None = None,
        wants: Callable[[str, str], bool] | None = None,
        fails: Callable[[str, str], bool] | None = None, fail_on: str = "warning",
        detail: str = "anomalies", errors: Sequence[Problem] = (),
        chunk_documents: int = CHUNK_DOCUMENTS, chunk_chars: int = CHUNK_CHARS) -> BatchResult:
    """Check (``command="check"``) or extract from corpus files and write the result to ``output``.

    ``fmt`` is ``jsonl``/``csv``/``parquet`` (the anomaly or claim table, one row each), ``json``
    (the records shape, streamed) or any other renderer name (the records are then built in
    memory and returned in :attr:`BatchResult.records` for the caller to render). ``story`` is
    ``file`` (rows sharing a story field form a story, other rows stand alone), ``auto`` or
    ``all``. ``wants(path, code)`` filters anomalies and ``fails(path, severity)`` decides the
    exit code (default: ``fail_on``). ``baseline`` holds fingerprints (with multiplicity) whose
    anomalies are not reported. ``errors`` found before the run (bad paths) are reported first.
    """
    from numcheck import RECORDS_VERSION, __version__

    date_for = date_for or (lambda _path: None)
    jobs = default_jobs() if jobs is None else jobs
    result = BatchResult(errors=list(errors))
    rule_records: list[dict] = []
    if command == "check":
        from numcheck.report import rule_record

        rules, problems = spec.load()
        if problems:
            result.errors.extend(problems)
            return result
        rule_records = [rule_record(r) for r in rules]
    if fails is None:
        rank = {"info": 0, "warning": 1, "error": 2}

        def fails(_path: str, severity: str) -> bool:
            return fail_on != "never" and rank.get(severity, 2) >= rank[fail_on]
    remaining = Counter(baseline or ())

    table = "anomalies" if command == "check" else "claims"
    if fmt in TABLE_FORMATS:
        sink: Any = _TableSink(table, fmt, output)
    elif fmt == "json":
        lists = ["documents", "stories", "anomalies"] if command == "check" else ["documents", "claims"]
        if command == "check" and detail == "full":
            lists.append("claims")
        sink = _JsonSink(lists, output)
    else:
        sink = None
        result.records = {"numcheck": __version__, "records": RECORDS_VERSION, "documents": [],
                          "stories": [], "anomalies": [], "errors": [], "rules": rule_records}
        if detail == "full":
            result.records["claims"] = []

    executor = _Executor(jobs, engine, scheduler, spec if command == "check" else None)
    story_number = 0
    try:
        assigned, linked_by = (_link(paths, fields, date_for, keep_suppressions, executor)
                               if story == "auto" else (None, {}))
        units = _units(paths, fields, "all" if story == "all" else "file", date_for,
                       keep_suppressions, assigned)
        fn = check_chunk if command == "check" else extract_chunk
        for chunk, res in executor.map(fn, _chunks(units, chunk_documents, chunk_chars), detail):
            result.errors.extend(chunk.problems)
            result.errors.extend(res.errors)
            result.documents += len(res.documents)
            result.suppressed += res.suppressed
            # story ids from a chunk are local ("s1", "s2" ...); named stories keep their name
            renamed = {}
            for s in res.stories:
                if assigned is not None and s["id"] in linked_by:
                    # the chunk saw the story id as a given story; say what linked it instead
                    s["linked_by"] = linked_by[s["id"]]
                if not any(str(w).startswith("story: ") for w in s["linked_by"]):
                    story_number += 1
                    renamed[s["id"]] = f"s{story_number}"
                    s["id"] = renamed[s["id"]]
            for d in res.documents:
                if "story" in d:
                    d["story"] = renamed.get(d["story"], d["story"])
            anomalies = []
            for a in res.anomalies:
                if wants is not None and not wants(a["path"], a["code"]):
                    continue
                if remaining[a["fingerprint"]] > 0:
                    remaining[a["fingerprint"]] -= 1
                    result.baseline_matched += 1
                    continue
                anomalies.append(a)
                result.by_severity[a["severity"]] = result.by_severity.get(a["severity"], 0) + 1
                if fails(a["path"], a["severity"]):
                    result.failing = True
            result.anomalies += len(anomalies)
            result.claims += len(res.claims)
            if isinstance(sink, _TableSink):
                sink.write(anomalies if command == "check" else res.claims)
            elif isinstance(sink, _JsonSink):
                sink.add("documents", res.documents)
                if command == "check":
                    sink.add("stories", res.stories)
                    sink.add("anomalies", anomalies)
                    if detail == "full":
                        sink.add("claims", res.claims)
                else:
                    sink.add("claims", res.claims)
            else:
                recs = result.records
                recs["documents"] += res.documents
                recs["stories"] += res.stories
                recs["anomalies"] += anomalies
                if "claims" in recs:
                    recs["claims"] += res.claims
    except BaseException:
        if sink is not None:
            sink.abort()
        raise
    finally:
        executor.close()

    from numcheck.report import problem_record

    summary = {"documents": result.documents, "anomalies": result.anomalies,
               "errors": len(result.errors), "by_severity": result.by_severity,
               "suppressed": result.suppressed, "baseline_matched": result.baseline_matched}
    if isinstance(sink, _TableSink):
        sink.close()
    elif isinstance(sink, _JsonSink):
        if command == "check":
            sink.close({"numcheck": __version__, "records": RECORDS_VERSION},
                       {"errors": [problem_record(p) for p in result.errors], "rules": rule_records,
                        "summary": summary, "exit_code": result.exit_code})
        else:
            sink.close({"numcheck": __version__}, {})
    else:
        result.records["errors"] = [problem_record(p) for p in result.errors]
        result.records["summary"] = summary
        result.records["exit_code"] = result.exit_code
    return result


# ---- command-line entry points (called by numcheck.cli) -----------------------------------------

def _fields(args) -> CorpusFields:
    return CorpusFields(args.text_field, args.date_field, args.id_field, args.story_field)


def _print_problems(problems) -> None:
    from numcheck.render.safe import terminal_safe

    for p in problems:
        # a row's id or text may carry control characters: escaped as in every report
        print(terminal_safe(f"numcheck: {p.format()}"), file=sys.stderr)


def _jobs(args) -> int | None:
    jobs = getattr(args, "jobs", None)
    return None if jobs is None else max(1, jobs)


def cli_check(paths: Sequence[str], settings, args, errors: list, *, baseline: Counter | None = None,
              color: bool = False, render_records: Callable[[dict], str] | None = None) -> int:
    """``numcheck check`` when some PATH is a corpus or the format is a table; returns the exit code.

    ``settings`` is the run's :class:`numcheck.config.Settings`; stories are grouped as its
    ``story`` says (``--story``, else the config, else ``auto``), as for every other input.
    Table formats and ``json`` are streamed to the output; other formats are rendered from
    records held in memory, by ``render_records(records)`` when given.
    """
    fmt = settings.format
    if getattr(args, "write_baseline", None) or getattr(args, "report_unused_ignores", False):
        print("numcheck: --write-baseline and --report-unused-ignores are not supported for "
              "corpus input (.jsonl/.csv/.parquet)", file=sys.stderr)
        return 2
    from numcheck.render import FORMATS

    statistics = getattr(args, "statistics", False)
    if fmt not in (*TABLE_FORMATS, *FORMATS):
        print(f"numcheck: unknown --format {fmt!r}; choose from "
              f"{', '.join((*FORMATS, *TABLE_FORMATS))}", file=sys.stderr)
        return 2
    if fmt == "parquet" and not args.output and sys.stdout.isatty():
        print("numcheck: refusing to write Parquet to a terminal; use --output FILE", file=sys.stderr)
        return 2
    # an unknown code in --select/--ignore or the config stops the run, named where it was written
    from numcheck.engine.codes import known_codes

    loaded, pack_problems = RuleSpec(tuple(str(p) for p in settings.rules), settings.default_rules).load()
    code_problems = [] if pack_problems else settings.code_problems(known_codes(loaded))
    if code_problems:
        _print_problems(code_problems)
        return 2
    per_path = settings.filters_per_path
    spec = RuleSpec(tuple(str(p) for p in settings.rules), settings.default_rules,
                    () if per_path else tuple(settings.select),
                    () if per_path else tuple(settings.ignore))
    story = settings.story_for(corpus=any(is_corpus(p) for p in paths))
    # --statistics needs the anomalies in memory; so does any report format
    run_fmt = "text" if statistics else fmt
    result = run(
        paths, command="check", spec=spec, story=story, fields=_fields(args), jobs=_jobs(args),
        engine=getattr(args, "engine", "local") or "local", scheduler=getattr(args, "scheduler", None),
        output=args.output, fmt=run_fmt,
        date_for=lambda p: settings.for_path(p).date,
        keep_suppressions=True, baseline=baseline,
        wants=(lambda p, code: settings.for_path(p).wants(code)) if per_path else None,
        fails=lambda p, sev: settings.for_path(p).fails(sev),
        detail="full" if fmt == "html" or getattr(args, "with_claims", False) else "anomalies",
        errors=errors,
    )
    _print_problems(result.errors)
    if result.records is not None:
        from numcheck.render import render, write_atomic

        records = result.records
        text = render_records(records) if render_records is not None else render(records, fmt, color=color)
        if args.output:
            write_atomic(args.output, text)
        else:
            if not text.isascii():
                # a lone surrogate (a corpus file name that is not UTF-8) is written as its
                # escape, never lost with the whole report to a UnicodeEncodeError
                text = text.encode("utf-8", "backslashreplace").decode("utf-8")
            sys.stdout.write(text if text.endswith("\n") else text + "\n")
            sys.stdout.flush()
    return result.exit_code


def cli_extract(paths: Sequence[str], args, errors: list, *, date=None) -> int:
    """``numcheck extract`` when some PATH is a corpus: the claim table; returns the exit code."""
    fmt = args.format
    if fmt == "table":
        print("numcheck: corpus input needs --format json, jsonl, csv or parquet", file=sys.stderr)
        return 2
    if fmt == "parquet" and not args.output and sys.stdout.isatty():
        print("numcheck: refusing to write Parquet to a terminal; use --output FILE", file=sys.stderr)
        return 2
    result = run(paths, command="extract", story="file", fields=_fields(args), jobs=_jobs(args),
                 engine=getattr(args, "engine", "local") or "local",
                 scheduler=getattr(args, "scheduler", None), output=args.output, fmt=fmt,
                 date_for=lambda _p: date, errors=errors)
    _print_problems(result.errors)
    return 2 if result.errors else 0
