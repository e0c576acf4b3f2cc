"""Running a check end to end, and the :class:`Report` with its one versioned records shape.

``check()`` is the pipeline: ingest → Document → extract → claims → stories → engine →
anomalies → :class:`Report`. ``Report.to_records()`` is the only thing renderers see (the shape
is documented in docs/records.md).
"""

from __future__ import annotations

import bisect
import datetime as _dt
import hashlib
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Collection, Iterable, Sequence

from numcheck import RECORDS_VERSION, __version__
from numcheck.checks import DocClaims
from numcheck.engine import analyse, date_claim, default_pack_path, load_rules, run_story, select_rules
from numcheck.engine.codes import is_known, known_codes, unknown_code_message
from numcheck.engine.stories import Story, StoryInput, group_stories
from numcheck.ingest.document import Document
from numcheck.limits import BudgetExceeded, Limits, time_budget
from numcheck.model import FAIL_ON_LEVELS, SEVERITIES, Anomaly, Claim, Problem

__all__ = ["analyse_document", "check", "check_documents", "classify_inputs", "load_inputs",
           "CheckError", "Report", "FAIL_ON", "fingerprint"]

#: ``--fail-on`` levels (kept under this name for the public API).
FAIL_ON = FAIL_ON_LEVELS

_SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


@dataclass
class CheckedDocument:
    """A document as checked: the Document, its claims, and the story it ended up in."""

    document: Document
    claims: DocClaims
    story: str | None = None


@dataclass
class Report:
    """The finished result of a check: documents, stories, anomalies, errors and active rules."""

    documents: list[CheckedDocument] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    anomalies: list[Anomaly] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    rules: Sequence = ()
    fail_on: str = "warning"
    suppressed: int = 0
    baseline_matched: int = 0

    # ---- outcome -------------------------------------------------------------------------
    @property
    def exit_code(self) -> int:
        """2 on any input or rule error, 1 on anomalies at or above ``fail_on``, else 0."""
        if self.errors:
            return 2
        if self.fail_on == "never":
            return 0
        threshold = _SEVERITY_RANK[self.fail_on]
        if any(_SEVERITY_RANK[a.severity] >= threshold for a in self.anomalies):
            return 1
        return 0

    def document(self, path: str) -> CheckedDocument | None:
        """The checked document with this path, if any."""
        for d in self.documents:
            if d.document.path == path:
                return d
        return None

    # ---- records -------------------------------------------------------------------------
    def to_records(self, detail: str = "anomalies") -> dict:
        """The versioned records shape (docs/records.md).

        ``detail="full"`` adds each document's text and every claim (for the HTML report and
        ``--with-claims``).
        """
        by_path = {d.document.path: d for d in self.documents}
        full = detail == "full"
        documents = []
        for d in self.documents:
            doc = d.document
            rec = {
                "path": doc.path,
                "format": doc.fmt,
                "pages": len(doc.pages) or None,
                "title": doc.title,
                "date": d.claims.date.isoformat() if d.claims.date else None,
                "date_source": d.claims.date_source,
                "story": d.story,
                "claims": len(d.claims.claims),
                "url": doc.url,
            }
            if doc.notes:
                rec["notes"] = list(doc.notes)
            if full:
                rec["text"] = doc.text
                rec["first_line"] = doc.first_line
                if doc.pages:
                    rec["page_starts"] = list(doc.pages)
                rec["blocks"] = [{"start": b.start, "end": b.end, "kind": b.kind}
                                 for b in doc.blocks if b.kind != "body"]
                # how the figures were read: mentions (non-default fields) and relations
                rec["reading"] = d.claims.reading.describe(d.claims.claims)
            documents.append(rec)
        stories = [
            {"id": s.id, "documents": list(s.documents), "linked_by": list(s.linked_by),
             "date": s.date.isoformat() if s.date else None, "date_from": s.date_from}
            for s in self.stories
        ]
        anomalies = [anomaly_record(a, by_path) for a in self.anomalies]
        by_sev = {s: 0 for s in SEVERITIES}
        for a in self.anomalies:
            by_sev[a.severity] += 1
        records = {
            "numcheck": __version__,
            "records": RECORDS_VERSION,
            "documents": documents,
            "stories": stories,
            "anomalies": anomalies,
            "errors": [problem_record(p) for p in self.errors],
            "rules": [rule_record(r) for r in self.rules],
            "summary": {
                "documents": len(self.documents),
                "anomalies": len(self.anomalies),
                "errors": len(self.errors),
                "by_severity": by_sev,
                "suppressed": self.suppressed,
                "baseline_matched": self.baseline_matched,
            },
            "exit_code": self.exit_code,
        }
        if full:
            records["claims"] = [claim_record(c, d) for d in self.documents for c in d.claims.claims]
        return records

    # ---- tables --------------------------------------------------------------------------
    def claims_frame(self):
        """Every claim as a pandas DataFrame, one row per claim, with path/line/column."""
        import pandas as pd

        rows = [claim_record(c, d) for d in self.documents for c in d.claims.claims]
        columns = ["path", "page", "line", "column"] + list(Claim.field_names())
        return pd.DataFrame(rows, columns=columns)

    def anomalies_frame(self):
        """Every anomaly as a pandas DataFrame (evidence kept as a list of dicts per row)."""
        import pandas as pd

        records = self.to_records()["anomalies"]
        columns = ["code", "name", "kind", "severity", "path", "line", "column", "end_line",
                   "end_column", "start", "end", "text", "sentence", "message", "evidence",
                   "fingerprint"]
        return pd.DataFrame(records, columns=columns)


# ---- record builders (shared with the corpus runner) --------------------------------------

def _sentence_of(dc: DocClaims, offset: int) -> str:
    starts = dc.sentence_starts or (0,)
    index = max(0, bisect.bisect_right(starts, offset) - 1)
    return dc.sentence_text(index)


def _location(cd: CheckedDocument | None, start: int, end: int) -> dict:
    if cd is None:
        return {"page": None, "line": 0, "column": 0, "end_line": 0, "end_column": 0}
    page, line, column = cd.document.locate(start)
    end_line, end_column = cd.document.line_col(end)
    return {"page": page, "line": line, "column": column, "end_line": end_line, "end_column": end_column}


def fingerprint(code: str, path: str, text: str, sentence: str, evidence_texts: Iterable[str]) -> str:
    """A location-free identity for an anomaly that survives edits elsewhere in the file."""
    norm = re.sub(r"\s+", " ", sentence).strip().lower()
    h = hashlib.sha256()
    for part in (code, path.replace(os.sep, "/"), text, norm, *sorted(evidence_texts)):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()[:16]


def anomaly_record(a: Anomaly, by_path: dict[str, CheckedDocument]) -> dict:
    """One anomaly in the records shape."""
    cd = by_path.get(a.doc)
    sentence = _sentence_of(cd.claims, a.start) if cd else ""
    evidence = []
    for e in a.evidence:
        ecd = by_path.get(e.doc)
        evidence.append({
            "path": e.doc, **_location(ecd, e.start, e.end), "start": e.start, "end": e.end,
            "text": e.text, "role": e.role,
            "sentence": _sentence_of(ecd.claims, e.start) if ecd else "",
        })
    suggestions = []
    if a.suggested:
        suggestions.append({"path": a.doc, **_location(cd, a.start, a.end), "start": a.start,
                            "end": a.end, "text": a.text, "suggested": a.suggested})
    return {
        "code": a.code, "name": a.name, "kind": a.kind, "severity": a.severity,
        "path": a.doc, **_location(cd, a.start, a.end), "start": a.start, "end": a.end,
        "text": a.text, "sentence": sentence, "message": a.message,
        "summary": a.summary or None, "computation": a.computation or None,
        "suggestions": suggestions, "evidence": evidence,
        "fingerprint": fingerprint(a.code, a.doc, a.text, sentence, [e.text for e in a.evidence]),
    }


def claim_record(c: Claim, cd: CheckedDocument) -> dict:
    """One claim in the records shape (every Claim field plus path/page/line/column)."""
    page, line, column = cd.document.locate(c.start)
    rec = {"path": cd.document.path, "page": page, "line": line, "column": column, **c.to_dict()}
    for key in ("value", "low", "high"):
        # "1e999999" reads as infinity, which JSON cannot carry (json.dumps would write the
        # non-standard token Infinity and strict readers reject the whole report)
        if isinstance(rec[key], float) and not math.isfinite(rec[key]):
            rec[key] = None
    return rec


def problem_record(p: Problem) -> dict:
    """One error in the records shape."""
    return {"path": p.path, "line": p.line, "column": p.column, "kind": p.kind,
            "message": p.message, "text": p.text}


def pack_display_path(path) -> str:
    """Where a rule came from, as records show it: ``rules/default/NC101.yaml`` for the shipped
    pack (wherever numcheck is installed), a path relative to the working directory for packs
    under it, else the path as given. Records must not depend on the install location."""
    if not path:
        return ""
    p = Path(path)
    try:
        return "rules/default/" + p.resolve().relative_to(default_pack_path().resolve()).as_posix()
    except (ValueError, OSError):
        pass
    try:
        return p.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except (ValueError, OSError):
        return str(p)


def rule_record(r) -> dict:
    """One active rule in the records shape."""
    return {
        "code": r.code, "name": r.name, "kind": r.kind, "severity": r.severity,
        "description": r.description, "pack": pack_display_path(getattr(r, "path", "")),
        "message": r.message, "help": getattr(r, "help", None) or r.description,
    }


# ---- the pipeline -------------------------------------------------------------------------

def _as_date(value) -> _dt.date | None:
    if value is None or isinstance(value, _dt.date):
        return value
    return _dt.date.fromisoformat(str(value)[:10])


#: The ways :func:`check` can be told what an input is.
INPUT_KINDS = ("path", "text", "document")


class CheckError(Exception):
    """Raised by :func:`check` when the run had errors (a missing file, a folder without
    articles, an unknown rule code, a broken rule pack, a document over its limits ...).

    Nothing is lost: :attr:`report` is the whole :class:`Report`, with the anomalies of every
    input that could be read and :attr:`problems` (= ``report.errors``), whose ``exit_code``
    is 2. Pass ``on_error="report"`` to :func:`check` to get that Report returned instead.
    """

    def __init__(self, report: "Report") -> None:
        self.report = report
        self.problems = list(report.errors)
        n = len(self.problems)
        shown = [p.format() for p in self.problems[:10]]
        if n > len(shown):
            shown.append(f"... and {n - len(shown)} more (see .report.errors)")
        super().__init__(f"numcheck: {n} error{'' if n == 1 else 's'}:\n  " + "\n  ".join(shown))


def classify_inputs(inputs=None, *, paths=None, texts=None) -> list[tuple[str, object]]:
    """``(kind, item)`` for every input, kind one of :data:`INPUT_KINDS`, in the order given:
    ``inputs`` first, then ``paths``, then ``texts``.

    ``paths`` are always read as files or folders and ``texts`` always checked as text, so they
    are never mistaken for each other. ``inputs`` is the older, guessing form: a
    :class:`~pathlib.Path` (any ``os.PathLike``) is a path and a :class:`Document` a document;
    a ``str`` is a path when it is ``"-"`` or, being one line under 4,096 characters, names an
    existing file or folder, ends in ``/`` or ends in ``.txt``/``.md``/``.markdown``/``.html``/
    ``.htm``/``.pdf``/``.docx``; any other ``str`` is text. Each of the three may be one item or
    a sequence of them.
    """
    out: list[tuple[str, object]] = []
    for item in _items(inputs):
        if isinstance(item, Document):
            out.append(("document", item))
        elif isinstance(item, os.PathLike):
            out.append(("path", item))
        elif isinstance(item, str):
            out.append(("path" if _looks_like_path(item) else "text", item))
        else:
            raise TypeError(f"numcheck.check() inputs are paths, texts or Documents, not "
                            f"{type(item).__name__}")
    for item in _items(paths):
        if not isinstance(item, (str, os.PathLike)):
            raise TypeError(f"paths= takes str or os.PathLike items, not {type(item).__name__}")
        out.append(("path", item))
    for item in _items(texts):
        if not isinstance(item, str):
            raise TypeError(f"texts= takes str items, not {type(item).__name__}")
        out.append(("text", item))
    return out


def _items(value) -> list:
    if value is None:
        return []
    if isinstance(value, (str, os.PathLike, Document)):
        return [value]
    return list(value)


def _looks_like_path(item: str) -> bool:
    return "\n" not in item and len(item) < 4096 and (
        item == "-" or item.endswith(("/", os.sep)) or os.path.exists(item)
        or re.search(r"\.(txt|md|markdown|html?|pdf|docx)$", item) is not None)


def load_inputs(items: Sequence[tuple[str, object]], errors: list[Problem], *,
                date_for=lambda _path: None, limits: Limits | None = None,
                keep_suppressions: bool = True) -> list[Document]:
    """The Documents of ``items`` (from :func:`classify_inputs`), as ``numcheck check`` reads them.

    A folder stands for the articles and reports under it (``.md .markdown .txt .html .htm
    .pdf .docx``, recursively; one without any is an error); a corpus table (``.jsonl``,
    ``.csv``, ``.parquet``) for its rows; ``-`` for standard input. ``date_for(path)`` gives
    the date that overrides a document's own (None: keep it). Every unreadable input becomes a
    Problem in ``errors`` and the others are still read. With ``keep_suppressions=False`` inline ``numcheck: ignore``
    comments are left for the caller to apply.
    """
    from dataclasses import replace

    from numcheck.ingest import InputError, document_from_text, iter_corpus, load_document
    from numcheck.ingest.corpus import CORPUS_EXTENSIONS
    from numcheck.ingest.paths import expand_paths

    limits = limits or Limits.resolve()
    docs: list[Document] = []

    def add(doc: Document) -> None:
        if not keep_suppressions:
            doc = replace(doc, suppressions=(), file_suppressions=())
        docs.append(doc)

    for k, (kind, item) in enumerate(items):
        if kind == "document":
            day = date_for(item.path)
            add(item.with_date(day, "flag") if day is not None else item)
            continue
        if kind == "text":
            name = f"<text{k + 1}>" if k else "<text>"
            files = [name]
        else:
            files = expand_paths([item], errors)
        for name in files:
            is_path = kind == "path"
            if is_path and os.path.splitext(name)[1].lower() in CORPUS_EXTENSIONS:
                day = date_for(name)
                for row in iter_corpus(name):
                    if isinstance(row, Problem):
                        errors.append(row)
                    else:
                        add(row.with_date(day, "flag") if day is not None else row)
                continue
            if is_path and os.path.splitext(name)[1].lower() in (".html", ".htm", ".xhtml"):
                _warm_up(html=True)
            try:
                # reading (HTML extraction, block finding) is part of a document's time budget
                with time_budget(limits.doc_timeout, "reading") as budget:
                    if is_path:
                        doc = load_document(name, date=date_for(name), max_bytes=limits.max_bytes)
                    else:
                        doc = document_from_text(str(item), path=name, date=date_for(name))
                    budget.check()
                add(doc)
            except InputError as exc:
                errors.append(exc.problem)
            except BudgetExceeded as exc:
                errors.append(_limit_problem(str(name), exc, "reading"))
            except ValueError:
                raise  # a bad ``date`` argument is the caller's mistake, not the document's
            except Exception as exc:  # noqa: BLE001 - one unreadable document must not end the run
                errors.append(_internal_problem(str(name), "reading", exc))
    return docs


def check(inputs=None, date=None, *, paths=None, texts=None, rules: Sequence[str | Path] = (),
          select: Sequence[str] = (), ignore: Sequence[str] = (), story: str | None = None,
          fail_on: str = "warning", default_rules: bool = True, progress=None,
          max_bytes: int | str | None = None, timeout_per_doc: float | str | None = None,
          timeout_per_story: float | str | None = None, on_error: str = "raise") -> Report:
    """Check files, folders, texts or Documents for numbers that cannot all be true.

    Say what each input is with ``paths=`` (files, folders of articles, corpus tables, ``-``;
    str or :class:`~pathlib.Path`) and ``texts=`` (strings checked as text); each takes one
    item or a sequence. The positional ``inputs`` is the older form that guesses (see
    :func:`classify_inputs`: a ``Path`` or a ``str`` naming an existing file is a path, other
    strings are text). ``date`` overrides every document's own date. ``story`` is how
    documents are grouped (see :func:`numcheck.engine.stories.group_stories`); by default
    ``auto``, except that rows of corpus tables are grouped by their story column (``file``),
    as ``numcheck check`` does.

    Every input error (a missing file, a folder without articles, an unknown code in
    ``select``/``ignore`` or in an ignore comment, a broken rule pack, a document over the
    limits) raises :class:`CheckError` once the run is over; its ``.report`` holds the results of
    everything that could be read. With ``on_error="report"`` the Report is returned instead,
    its ``errors`` listing the problems and its ``exit_code`` 2, as ``numcheck check`` exits.

    ``max_bytes`` (files larger are refused), ``timeout_per_doc`` (seconds; ``0`` for no
    budget) and ``timeout_per_story`` (seconds for one story's rule run; ``0`` for no cap)
    default to ``NUMCHECK_MAX_BYTES``/``NUMCHECK_DOC_TIMEOUT``/``NUMCHECK_STORY_TIMEOUT`` or
    else 20 MB, 10 s and 60 s (:mod:`numcheck.limits`); a file or document over either is an
    error. The budgets hold in any thread (docs/safety.md).
    """
    if on_error not in ("raise", "report"):
        raise ValueError(f"on_error must be 'raise' or 'report', not {on_error!r}")
    limits = Limits.resolve(max_bytes, timeout_per_doc, story_timeout=timeout_per_story)
    errors: list[Problem] = []
    items = classify_inputs(inputs, paths=paths, texts=texts)
    all_rules, rule_problems = load_rules(rules, include_default=default_rules)
    rule_set, code_problems = select_rules(all_rules, select, ignore) if not rule_problems else (
        all_rules, [])
    if rule_problems or code_problems:
        report = Report(errors=list(rule_problems) + list(code_problems), rules=rule_set,
                        fail_on=fail_on)
    else:
        day = _as_date(date)
        if story is None:
            from numcheck.ingest.corpus import CORPUS_EXTENSIONS

            corpus = any(kind == "path" and os.path.splitext(os.fspath(item))[1].lower()
                         in CORPUS_EXTENSIONS for kind, item in items)
            story = "file" if corpus else "auto"
        docs = load_inputs(items, errors, date_for=lambda _p: day, limits=limits)
        report = check_documents(docs, rule_set, story=story, fail_on=fail_on, progress=progress,
                                 timeout_per_doc=0 if limits.doc_timeout is None else limits.doc_timeout,
                                 timeout_per_story=0 if limits.story_timeout is None else limits.story_timeout,
                                 known_codes=known_codes(all_rules))
        report.errors = errors + report.errors
    if report.errors and on_error == "raise":
        raise CheckError(report)
    return report


def _limit_problem(path: str, exc: BudgetExceeded, what: str) -> Problem:
    return Problem(path, f"{what} took longer than the {exc.seconds:g} s per-document time "
                         "budget; skipped (raise it with --timeout-per-doc or NUMCHECK_DOC_TIMEOUT)",
                   kind="limit")


def _internal_problem(path: str, what: str, exc: BaseException) -> Problem:
    detail = " ".join(str(exc).split())
    if len(detail) > 200:
        detail = detail[:197] + "..."
    return Problem(path, f"internal error in {what} ({type(exc).__name__}"
                         f"{': ' + detail if detail else ''}); skipped, please report it",
                   kind="internal")


def _guarded(path: str, what: str, seconds: float | None, errors: list[Problem], work, *args):
    """``work(*args)`` under the time budget; on overrun or a crash, a Problem and None.

    One document's trouble must cost only that document: a budget overrun or an exception from
    extraction or a rule becomes an error naming the document, and the run goes on. Interrupts
    (Ctrl-C, SIGTERM) are BaseExceptions and pass through.
    """
    try:
        with time_budget(seconds, what) as budget:
            result = work(*args)
            # where no signal could interrupt the work (a worker thread), the deadline is
            # enforced here, so the outcome does not depend on the thread
            budget.check()
        return result
    except BudgetExceeded as exc:
        errors.append(_limit_problem(path, exc, what))
    except Exception as exc:  # noqa: BLE001 - see docstring
        errors.append(_internal_problem(path, what, exc))
    return None


def analyse_document(doc: Document, errors: list[Problem],
                     timeout_per_doc: float | str | None = None) -> DocClaims | None:
    """``analyse(doc)`` under the per-document time budget, as :func:`check_documents` runs it.

    Returns None, after appending the error to ``errors``, when the analysis overruns the
    budget (``timeout_per_doc`` seconds; None: ``NUMCHECK_DOC_TIMEOUT`` or 10 s; 0: none) or
    fails; ``numcheck extract`` uses it so that one document cannot stall or end a run.
    """
    seconds = Limits.resolve(doc_timeout=timeout_per_doc).doc_timeout
    return _guarded(doc.path, "analysis", seconds, errors, analyse, doc)


def check_documents(docs: Sequence[Document], rules: Sequence, *, story: str = "auto",
                    fail_on: str = "warning", progress=None,
                    timeout_per_doc: float | str | None = None,
                    timeout_per_story: float | str | None = None,
                    known_codes: Collection[str] | None = None, jobs: int = 1) -> Report:
    """Run ``rules`` over already-loaded documents, grouped into stories by ``story`` mode.

    With ``jobs`` above 1 (and more than one document, on a system with ``fork``), documents
    are analysed and stories' rules run by that many worker processes; the report is the one a
    single process makes, in the same order. The workers are gone when this returns or raises
    (Ctrl-C included).

    ``progress(done, total)``, if given, is called after each document is analysed.

    Each code in a document's ``numcheck: ignore`` comments must be a code, or a prefix of a
    code, in ``known_codes`` (default: the codes of ``rules``; pass every loaded rule's codes
    when ``rules`` was narrowed by select/ignore, as a comment may name a rule that did not
    run); an unknown one is an input error at the comment, and the document is still checked.

    Each document's analysis runs under the time budget ``timeout_per_doc`` (seconds; None:
    ``NUMCHECK_DOC_TIMEOUT`` or 10 s; 0: none), and each story's rule run under that budget
    times its number of documents, but at most ``timeout_per_story`` (None:
    ``NUMCHECK_STORY_TIMEOUT`` or 60 s; 0: no cap). A document whose analysis overruns or fails
    is left out with an error (kind "limit" or "internal"). A story whose rule run overruns
    keeps the anomalies found before the cut, with an error naming its documents and saying
    which rules did not finish. Either way the other documents' results stand.
    """
    limits = Limits.resolve(doc_timeout=timeout_per_doc, story_timeout=timeout_per_story)
    _warm_up()
    errors: list[Problem] = []
    known = _known(rules) if known_codes is None else known_codes
    for d in docs:
        errors.extend(suppression_code_problems(d, known))
    with _Workers(jobs if len(docs) > 1 else 1, rules) as workers:
        return _check_documents(docs, rules, story, fail_on, progress, limits, errors, workers)


def _check_documents(docs, rules, story, fail_on, progress, limits, errors, workers) -> Report:
    seconds = limits.doc_timeout
    kept: list[Document] = []
    analysed: list[DocClaims] = []
    for n, (d, (dc, problems)) in enumerate(zip(docs, workers.map(_analyse_task, docs, seconds)), 1):
        errors.extend(problems)
        if dc is not None:
            kept.append(d)
            analysed.append(dc)
        if progress is not None:
            progress(n, len(docs))
    docs = kept
    inputs = [StoryInput(d.path, d.text, dc.claims, d.story, d.date, d.date_source)
              for d, dc in zip(docs, analysed)]
    try:
        stories = group_stories(inputs, mode=story)
    except Exception as exc:  # noqa: BLE001 - grouping is a convenience; checking goes on
        errors.append(_internal_problem("<stories>", f"story grouping ({story})", exc))
        stories = group_stories(inputs, mode="file")
    index = {d.path: i for i, d in enumerate(docs)}
    checked: list[CheckedDocument | None] = [None] * len(docs)
    anomalies: list[Anomaly] = []
    runs = []  # (story, its DocClaims, errors before its rule run) in story order
    for s in stories:
        members = [index[p] for p in s.documents]
        source_evidence = None
        if s.date_from is not None:
            source_evidence = date_claim(analysed[index[s.date_from]])
        story_dcs = []
        story_errors: list[Problem] = []
        for i in members:
            dc = analysed[i]
            if dc.date is None and s.date is not None:
                # an undated document takes its story's date; relative dates resolve against it
                dc = _guarded(docs[i].path, "analysis", seconds, story_errors,
                              analyse, docs[i], s.date, "story", source_evidence)
                if dc is None:
                    continue
            elif dc.date_source in ("caption", "dateline"):
                dc = DocClaims(dc.doc, dc.text, dc.date, dc.claims, dc.sentence_starts,
                               dc.date_source, date_claim(dc), dc.blocks, dc.tables)
            checked[i] = CheckedDocument(docs[i], dc, s.id)
            story_dcs.append(dc)
        runs.append((s, story_dcs, story_errors))
    todo = [(s, dcs, limits.story_budget(len(dcs))) for s, dcs, _ in runs if dcs]
    for _, dcs, _ in todo:
        _warm_up_statistics(dcs)  # before any budget starts (and before workers fork)
    done = iter(workers.map(_rule_task, todo, workers.rules))
    for s, story_dcs, story_errors in runs:
        errors.extend(story_errors)
        if not story_dcs:
            continue
        found, problems = next(done)
        anomalies.extend(found)
        errors.extend(problems)
    report = Report(
        documents=[c for c in checked if c is not None], stories=stories, errors=errors,
        rules=rules, fail_on=fail_on,
    )
    report.anomalies, report.suppressed = _apply_suppressions(anomalies, report)
    return report


def _analyse_task(doc: Document, seconds: float | None) -> tuple[DocClaims | None, list[Problem]]:
    errors: list[Problem] = []
    return _guarded(doc.path, "analysis", seconds, errors, analyse, doc), errors


def _rule_task(task, rules) -> tuple[list[Anomaly], list[Problem]]:
    s, dcs, seconds = task
    errors: list[Problem] = []
    found, problems = _rule_run(s, dcs, _WORKER_RULES if rules is None else rules, seconds, errors)
    return found, errors + list(problems)


#: The rule pack in a worker process, set by :func:`_start_worker` from the forked parent's
#: copy (fork hands it over without pickling).
_WORKER_RULES: Sequence = ()


def _start_worker(rules: Sequence) -> None:
    global _WORKER_RULES
    import signal

    _WORKER_RULES = rules
    # Ctrl-C reaches the whole process group: the main process stops the workers, which must
    # not each print a KeyboardInterrupt traceback of their own
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class _Workers:
    """``map`` in this process, or over ``jobs`` forked worker processes, in order.

    The rule pack reaches the workers through the fork, not by pickling it into every task:
    pass :attr:`rules` as ``extra`` (None with workers, who have their own copy). Leaving the ``with`` block, by a return, an error or Ctrl-C,
    ends every worker: on an exception the workers are terminated rather than waited for.
    """

    def __init__(self, jobs: int, rules: Sequence) -> None:
        self.jobs = max(1, int(jobs or 1))
        self._rules = rules
        self._pool = None
        if self.jobs > 1:
            import multiprocessing  # not on a one-process run's start-up path

            if "fork" not in multiprocessing.get_all_start_methods():
                self.jobs = 1  # without fork every worker would import and load the pack again

    def __enter__(self) -> "_Workers":
        return self

    @property
    def rules(self) -> Sequence | None:
        """The rules to pass to a task: None when workers run it (they have them already)."""
        return self._rules if self.jobs == 1 else None

    def map(self, fn, items: Sequence, extra) -> Iterable:
        """``fn(item, extra)`` for each item, in order, as they finish (by the workers, if any)."""
        if self.jobs == 1 or len(items) < 2:
            return [fn(item, extra) for item in items]
        if self._pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(max_workers=self.jobs, initializer=_start_worker,
                                             initargs=(self._rules,),
                                             mp_context=multiprocessing.get_context("fork"))
        # a few chunks per worker: fewer round trips, and a long document delays only its chunk
        chunk = max(1, len(items) // (self.jobs * 8))
        return self._pool.map(fn, items, [extra] * len(items), chunksize=chunk)

    def __exit__(self, exc_type, exc, tb) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if exc_type is not None:
            # do not wait for work nobody will read: stop the workers now
            for proc in list(getattr(pool, "_processes", {}).values()):
                proc.terminate()
        pool.shutdown(wait=True, cancel_futures=True)


def _known(rules: Sequence) -> frozenset[str]:
    return known_codes(rules)


def suppression_code_problems(doc: Document, known: Collection[str]) -> list[Problem]:
    """One input error per code of ``doc``'s ignore comments that names no known rule."""
    out = []
    for c in doc.suppression_comments:
        kind = "ignore-file" if c.target_line == 0 else "ignore"
        for code in c.codes:
            if not is_known(code, known):
                out.append(Problem(doc.path, unknown_code_message(code, known, f"numcheck: {kind} comment"),
                                   c.line, c.column, "input"))
    return out


def _warm_up(html: bool = False) -> None:
    """Import what the budgeted work imports on first use (the kind registry, the reading
    layer; trafilatura for HTML), so that a one-time cost of about a second is not charged to
    whichever document happens to come first."""
    global _WARM
    if not (_WARM & 1):
        from numcheck.checks import KINDS  # noqa: F401 - built on first use
        import numcheck.read  # noqa: F401

        _WARM |= 1
    if html and not (_WARM & 2):
        try:
            import trafilatura  # noqa: F401
        except ImportError:
            pass  # reading the page reports it
        _WARM |= 2


_WARM = 0
#: A reported p-value ("p < .05", "p = 0.03"): the statistics checks will need scipy.
_P_VALUE = re.compile(r"\bp\s{0,3}[<=>≤≥]")


def _warm_statistics(rules: Sequence, dcs: Sequence[DocClaims]) -> None:
    """Import scipy before the rule budget starts when a statistics rule will recompute a
    p-value: its first import takes seconds on a loaded machine, a one-time cost that must not
    be charged to (and cut short) the first story that reports a test."""
    global _WARM
    if _WARM & 4 or not any(r.kind == "statistics" for r in rules):
        return
    if any(_P_VALUE.search(dc.text) for dc in dcs):
        try:
            import scipy.stats  # noqa: F401
        except ImportError:
            pass  # the rule reports it
        _WARM |= 4


_P_HINT = re.compile(r"\b(?:p|ps|P)[ \t]*+(?:[<=>\u2264\u2265]|n\.?s\b)|\bn\.s\.")


def _warm_up_statistics(dcs) -> None:
    """Import scipy's distributions before the rule run of the first story whose text may report a
    test ("p = .04", "p < .001", "ns").

    The statistics kinds need them, and their first import takes a second or more: charged to a
    rule run's budget it could cut the run, and a budget that stops an import half-way leaves
    scipy broken for every later document. Stories without reported tests never import it."""
    global _WARM
    if _WARM & 4:
        return
    for dc in dcs:
        # a cheap look at the text, not the reading (which belongs to the rule run's budget)
        if _P_HINT.search(dc.text) is not None:
            try:
                import scipy.stats  # noqa: F401
            except ImportError:
                pass  # the statistics kinds report it
            _WARM |= 4
            return


def _rule_run(s: Story, dcs: Sequence[DocClaims], rules: Sequence, seconds: float | None,
              errors: list[Problem]) -> tuple[list[Anomaly], list[Problem]]:
    """Run ``rules`` over one story under ``seconds``; what was found before an overrun is kept.

    An overrun is an error of kind "limit" that names the story, says how many anomalies were
    kept and which rules did not finish, so a cut run is never mistaken for a clean one.
    """
    from numcheck.engine.runner import RuleRun

    what = _rule_run_name(s, dcs)
    progress = RuleRun()
    _warm_statistics(rules, dcs)
    try:
        with time_budget(seconds, what) as budget:
            result = run_story(rules, dcs, progress)
            budget.check()
        return result
    except BudgetExceeded as exc:
        found, problems = progress.result()
        left = [r.code for r in rules][progress.finished:]
        shown = ", ".join(left[:5]) + (f" and {len(left) - 5} more" if len(left) > 5 else "")
        kept = f"{len(found)} anomal{'y' if len(found) == 1 else 'ies'} found before the cut kept"
        errors.append(Problem(dcs[0].doc, f"{what} took longer than its {exc.seconds:g} s time "
                                          f"budget; stopped: {kept}, rules not finished: "
                                          f"{shown or 'none'} (raise it with --timeout-per-doc "
                                          "or --timeout-per-story)", kind="limit"))
        return found, problems
    except Exception as exc:  # noqa: BLE001 - one story's trouble must not end the run
        errors.append(_internal_problem(dcs[0].doc, what, exc))
        return [], []


def _rule_run_name(s: Story, dcs: Sequence[DocClaims]) -> str:
    """How an error about a story's rule run names it: the rule run, plus the story's members."""
    if len(dcs) == 1:
        return "the rule run"
    names = ", ".join(dc.doc for dc in dcs[:3]) + (", ..." if len(dcs) > 3 else "")
    return f"the rule run of story {s.id} ({len(dcs)} documents: {names})"


def _apply_suppressions(anomalies: list[Anomaly], report: Report) -> tuple[list[Anomaly], int]:
    """Drop anomalies silenced by inline or whole-file ``numcheck: ignore`` comments."""
    kept = []
    dropped = 0
    for a in anomalies:
        cd = report.document(a.doc)
        if cd is not None and _is_suppressed(a, cd.document):
            dropped += 1
            continue
        kept.append(a)
    return kept, dropped


def _is_suppressed(a: Anomaly, doc: Document) -> bool:
    def matches(codes) -> bool:
        return not codes or any(a.code.startswith(c) for c in codes)

    if doc.file_suppressions is not None and len(doc.file_suppressions) and matches(
            [c for c in doc.file_suppressions if c != "*"]):
        return True
    line, _ = doc.line_col(a.start)
    return any(sline == line and matches(codes) for sline, codes in doc.suppressions)
