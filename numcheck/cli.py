"""The ``numcheck`` command line: ``extract``, ``check`` and ``rules``.

Start-up time matters (pre-commit runs this on every commit), so this module imports only the
standard library at import time; each command imports what it needs.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from typing import Sequence

EXIT_OK, EXIT_ANOMALIES, EXIT_ERROR = 0, 1, 2


#: Report formats and, for corpora and folders, the streamed tables (numcheck.batch.TABLE_FORMATS).
TABLE_FORMATS = ("jsonl", "csv", "parquet")

CHECK_EXAMPLES = """\
examples:
  numcheck check story/                       every article under story/, linked into stories
  numcheck check a.md b.md --date 2025-05-23  two files, with one publication date
  numcheck check story/ --format html -o report.html
                                              a self-contained page for review
  numcheck check articles/ --format sarif -o numcheck.sarif
                                              for GitHub code scanning
  numcheck check news.jsonl --format jsonl -o anomalies.jsonl --jobs 4
                                              a corpus table, one anomaly per output row
  numcheck check articles/ --select NC6 --ignore NC603
                                              only the date rules, without NC603
  numcheck check articles/ --format concise   one path:line:col: CODE message line each
  numcheck check articles/ --statistics       how many anomalies of each code
  numcheck check - < draft.txt                standard input

exit codes: 0 nothing found at or above --fail-on, 1 anomalies, 2 usage, config, rule-pack or
input error (the other files' results are still reported), 130/143 interrupted.
"""


def _parser() -> argparse.ArgumentParser:
    from numcheck import __version__
    from numcheck.model import FAIL_ON_LEVELS  # stdlib-only module: cheap at start-up

    p = argparse.ArgumentParser(
        prog="numcheck",
        description="Find the numbers in prose that cannot all be true.",
    )
    p.add_argument("--version", action="version", version=f"numcheck {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    ex = sub.add_parser("extract", help="list the numeric claims in documents",
                        description="List the numeric claims in documents.")
    ex.add_argument("paths", nargs="+", metavar="PATH",
                    help="files, folders of articles, corpus tables, or - for stdin")
    ex.add_argument("--date", help="document date (YYYY-MM-DD) for relative expressions")
    ex.add_argument("--format", default="table", choices=("table", "json", *TABLE_FORMATS),
                    help="table (default), json, jsonl, csv or parquet")
    ex.add_argument("--output", "-o", help="write to this file (atomically) instead of stdout")
    ex.add_argument("--relations", action="store_true",
                    help="also print how each figure was read (mentions) and the relations between "
                         "them, with their cues and non-relations (with --format json: in the JSON)")
    _corpus_args(ex)
    _limit_args(ex)

    ck = sub.add_parser(
        "check", help="report numbers that cannot all be true",
        description="Report numbers that cannot all be true. Settings come from the nearest "
                    "numcheck.toml or [tool.numcheck] in pyproject.toml; flags override them.",
        epilog=CHECK_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ck.add_argument("paths", nargs="+", metavar="PATH",
                    help="files (.md .txt .html .pdf .docx), folders of them, corpus tables (.jsonl .csv "
                         ".parquet), or - for stdin")
    ck.add_argument("--date", help="document date (YYYY-MM-DD), overriding each document's own")
    ck.add_argument("--rules", action="append", default=None, metavar="PATH",
                    help="an extra rule pack (file or folder); repeatable; replaces the config's")
    ck.add_argument("--no-default-rules", action="store_true", help="do not load the default pack")
    ck.add_argument("--select", default=None, metavar="CODES",
                    help="comma-separated codes or prefixes to run (NC601,NC1); an unknown one "
                         "is an error")
    ck.add_argument("--ignore", default=None, metavar="CODES",
                    help="comma-separated codes or prefixes to skip; an unknown one is an error")
    ck.add_argument("--story", default=None, choices=("auto", "file", "all"),
                    help="how documents are grouped into stories: auto links documents sharing "
                         "names and figures, file keeps each alone, all makes one story "
                         "(default: auto, for every format)")
    ck.add_argument("--fail-on", default=None, choices=FAIL_ON_LEVELS,
                    help="lowest severity that makes the exit code 1 (default: warning)")
    ck.add_argument("--format", default=None, metavar="FORMAT",
                    help="text (default), concise, json, sarif, junit, github, markdown, html; "
                         "or the tables jsonl, csv, parquet (one anomaly per row)")
    ck.add_argument("--output", "-o", help="write to this file (atomically) instead of stdout")
    ck.add_argument("--quiet", "-q", action="store_true",
                    help="print only the anomalies: no stories, summary line or notes "
                         "(errors still go to stderr)")
    ck.add_argument("--statistics", action="store_true",
                    help="print how many anomalies each code raised instead of the anomalies "
                         "(as JSON with --format json)")
    ck.add_argument("--with-claims", action="store_true",
                    help="include every claim and document text in json output")
    ck.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                    help="colour the text output: auto (default) colours a terminal unless "
                         "NO_COLOR is set")
    ck.add_argument("--config", metavar="FILE",
                    help="read settings from this numcheck.toml or pyproject.toml")
    ck.add_argument("--no-config", action="store_true", help="ignore configuration files")
    ck.add_argument("--baseline", metavar="FILE",
                    help="report only anomalies not recorded in this baseline file")
    ck.add_argument("--write-baseline", metavar="FILE",
                    help="record today's anomalies in FILE (they are then not reported)")
    ck.add_argument("--report-unused-ignores", action="store_true",
                    help="report numcheck: ignore comments that silence nothing (code NC000)")
    ck.add_argument("--progress", choices=("auto", "never"), default="auto",
                    help="progress bar on stderr for 5+ documents on a terminal (default: auto)")
    _corpus_args(ck)
    _limit_args(ck)

    sub.add_parser("lsp", help="run the language server (LSP over stdio) for editors",
                   description="Serve diagnostics, hovers and quick fixes to an editor over stdin/"
                               "stdout (the Language Server Protocol); see docs/integrations.md. "
                               "Needs the lsp extra: pip install 'numcheck[lsp]'.")

    ru = sub.add_parser("rules", help="list, show or test the rules",
                        description="List, show or test the rules (the config's packs by default).")
    rsub = ru.add_subparsers(dest="rules_command", metavar="ACTION")
    rl = rsub.add_parser("list", help="list every rule")
    rl.add_argument("--rules", action="append", default=[], metavar="PATH",
                    help="list this pack's rules too (file or folder); repeatable")
    rs = rsub.add_parser("show", help="show one rule: description, examples, pack file")
    rs.add_argument("code", help="the rule's code, e.g. NC601")
    rs.add_argument("--rules", action="append", default=[], metavar="PATH",
                    help="look in this pack too (file or folder); repeatable")
    rt = rsub.add_parser(
        "test", help="run a pack's flag/pass examples",
        description="Run the flag and pass examples of the rules in each PACK (default: the "
                    "config's packs and the default pack) and report each example that does not "
                    "behave as written, as pack.yaml:line. Exit 0 when all pass, 1 when some fail, "
                    "2 when a pack does not load.")
    rt.add_argument("packs", nargs="*", metavar="PACK", help="rule pack files or folders")
    rt.add_argument("--no-default-rules", action="store_true",
                    help="run the examples with the PACK rules only, without the default pack")
    rt.add_argument("--strict", action="store_true",
                    help="a pass example must raise no anomaly from any active rule, not only "
                         "from its own")
    rsub.add_parser("reference", help="print the rule-pack reference (docs/reference.md)",
                    description="Print the rule-pack reference in Markdown: rule keys, kinds with "
                                "their params, and what a when condition can read.")
    ru.set_defaults(rules_parser=ru)
    return p


def _corpus_args(p: argparse.ArgumentParser) -> None:
    # corpus files (.jsonl/.csv/.parquet) are sets of documents; these name their columns
    p.add_argument("--text-field", default="text", metavar="NAME",
                   help="corpus input: the column holding each article's text (default: text)")
    p.add_argument("--date-field", default="date", metavar="NAME",
                   help="corpus input: the column holding its date, YYYY-MM-DD (default: date, "
                        "else published)")
    p.add_argument("--id-field", default="id", metavar="NAME",
                   help="corpus input: the column naming each row in reports, as FILE#ID "
                        "(default: id, else the row number)")
    p.add_argument("--story-field", default="story", metavar="NAME",
                   help="corpus input: the column grouping rows into stories (default: story)")
    p.add_argument("--jobs", "-j", type=int, default=None, metavar="N",
                   help="worker processes for corpus input (default: every core) and for lists "
                        "of files and folders (default: 1, this process)")
    p.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="corpus input: run on local processes or on a Dask cluster")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="with --engine dask: scheduler address (default: a local cluster)")


def _limit_args(p: argparse.ArgumentParser) -> None:
    # exported to the environment by main(), which is how workers and the library see them
    p.add_argument("--max-bytes", default=None, metavar="SIZE",
                   help="refuse files larger than this (e.g. 50MB; default: $NUMCHECK_MAX_BYTES "
                        "or 20MB)")
    p.add_argument("--timeout-per-doc", default=None, metavar="SECONDS",
                   help="time budget per document, 0 for none (default: $NUMCHECK_DOC_TIMEOUT "
                        "or 10)")
    p.add_argument("--timeout-per-story", default=None, metavar="SECONDS",
                   help="most time one story's rule run may take, 0 for no cap (default: "
                        "$NUMCHECK_STORY_TIMEOUT or 60)")


from numcheck.fileio import OutputError as _OutputError  # noqa: E402 - stdlib-only, cheap


class _Terminated(BaseException):
    """SIGTERM, raised in the main thread so that it unwinds (and cleans up) like Ctrl-C."""


def _on_sigterm(signum, frame) -> None:
    raise _Terminated()


def _has_corpus(paths: Sequence[str]) -> bool:
    """Whether some path is a corpus file (.jsonl/.ndjson/.csv/.parquet/.pq)."""
    return any(os.path.splitext(p)[1].lower() in (".jsonl", ".ndjson", ".csv", ".parquet", ".pq")
               for p in paths)


def _split_codes(value: str) -> list[str]:
    return [c.strip() for c in value.split(",") if c.strip()]


def _expand_paths(paths: Sequence[str], errors: list) -> list[str]:
    """Files named directly, plus the articles and reports under folders
    (:data:`numcheck.ingest.paths.ARTICLE_SUFFIXES`)."""
    from numcheck.ingest.paths import expand_paths

    return expand_paths(paths, errors)


def _emit(text: str | bytes, output: str | None) -> None:
    if output:
        from numcheck.render import write_atomic

        write_atomic(output, text)
        return
    if isinstance(text, bytes):
        sys.stdout.buffer.write(text)
    else:
        if not text.isascii():
            # a lone surrogate (a file name that is not UTF-8) cannot be encoded: write its
            # escape rather than lose the whole report to a UnicodeEncodeError
            text = text.encode("utf-8", "backslashreplace").decode("utf-8")
        sys.stdout.write(text)
        if text and not text.endswith("\n"):
            sys.stdout.write("\n")
    sys.stdout.flush()


def _print_problems(problems) -> None:
    from numcheck.render.safe import terminal_safe

    for p in problems:
        print(terminal_safe(f"numcheck: {p.format()}"), file=sys.stderr)


def _outputs_ok(*paths: str | None) -> bool:
    """Whether every output path can be written; prints one line per one that cannot.

    Checked before the run, so that a long check does not end in "no such directory".
    """
    from numcheck.fileio import OutputError, check_output

    ok = True
    for path in paths:
        if not path:
            continue
        try:
            check_output(path)
        except OutputError as exc:
            _print_line(f"numcheck: {exc}")
            ok = False
    return ok


def _shown(text: str) -> str:
    """Plain text for people (no colour codes of numcheck's own): newlines kept, every other
    control and bidi character escaped, and no line a GitHub workflow command (docs/safety.md).
    Rule messages, examples, file names and article text all come from outside."""
    from numcheck.render.safe import no_workflow_commands, safe_text

    return no_workflow_commands(safe_text(text, multiline=True))


def _print_line(line: str) -> None:
    from numcheck.render.safe import terminal_safe

    print(terminal_safe(line), file=sys.stderr)


def cmd_extract(args) -> int:
    """``numcheck extract``: claims per document as a table, JSON, CSV or Parquet."""
    from numcheck import __version__
    from numcheck.report import analyse_document
    from numcheck.model import Claim

    errors: list = []
    if not _outputs_ok(args.output):
        return EXIT_ERROR
    paths = _expand_paths(args.paths, errors)
    date = _parse_date(args.date, errors)
    if args.format == "jsonl" or _has_corpus(paths):
        from numcheck.batch import cli_extract

        return cli_extract(paths, args, errors, date=date)
    from numcheck.report import load_inputs

    docs, rows = [], []
    # read one by one, each under the time budget, so that a slow page is skipped with an
    # error and a document is analysed right after it is read
    for path in paths:
        loaded = load_inputs([("path", path)], errors, date_for=lambda _p: date, limits=args.limits)
        if not loaded:
            continue
        doc = loaded[0]
        dc = analyse_document(doc, errors, args.limits.doc_timeout or 0)
        if dc is None:
            continue
        docs.append({"path": doc.path, "date": dc.date.isoformat() if dc.date else None,
                     "date_source": dc.date_source,
                     **({"notes": list(doc.notes)} if doc.notes else {})})
        if getattr(args, "relations", False):
            docs[-1]["reading"] = dc.reading.describe(dc.claims)
        for c in dc.claims:
            page, line, column = doc.locate(c.start)
            rows.append({"path": doc.path, "page": page, "line": line, "column": column, **c.to_dict()})
    _print_problems(errors)
    if args.format == "json":
        import json

        _emit(json.dumps({"numcheck": __version__, "documents": docs, "claims": rows},
                         indent=2, ensure_ascii=False), args.output)
    elif args.format in ("csv", "parquet"):
        import pandas as pd

        frame = pd.DataFrame(rows, columns=["path", "line", "column", *Claim.field_names()])
        if args.format == "csv":
            _emit(frame.to_csv(index=False), args.output)
        else:
            import io

            buf = io.BytesIO()
            frame.to_parquet(buf, index=False)
            if not args.output and sys.stdout.isatty():
                print("numcheck: refusing to write Parquet to a terminal; use --output FILE",
                      file=sys.stderr)
                return EXIT_ERROR
            _emit(buf.getvalue(), args.output)
    else:
        out = _claims_table(docs, rows, _use_color("auto"))
        if getattr(args, "relations", False):
            out += "\n" + _shown(_reading_text(docs))
        _emit(out, args.output)
    return EXIT_ERROR if errors else EXIT_OK


def _reading_text(docs) -> str:
    """The mentions and relations of each document, one line each."""
    lines = []
    for d in docs:
        reading = d.get("reading") or {}
        lines.append(f"{d['path']}: reading")
        for m in reading.get("mentions", []):
            fields = ", ".join(f"{k}={v}" for k, v in m.items() if k not in ("claim", "text"))
            lines.append(f"  {m['text']!r}: {fields}")
        for r in reading.get("relations", []):
            members = ", ".join(f"{role}={text!r}" for role, _, text in r["members"])
            extra = "".join([" complete" if r.get("complete") else "",
                             f" value={r['value']:g} ({r['bound']})" if "value" in r else "",
                             f" NOT: {r['blocked']}" if r.get("blocked") else ""])
            lines.append(f"  {r['kind']}: {members} [cue: {r['cue']}]{extra}")
    return "\n".join(lines) + "\n"


def _claims_table(docs, rows, color: bool) -> str:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from numcheck.render.safe import no_workflow_commands, safe_text

    def cell(value: str) -> str:
        # escaped before rich lays the table out (one character for one keeps the widths), and
        # taken literally: "[red]" in an article is text, not rich markup
        return escape(safe_text(value))

    console = Console(record=True, force_terminal=color, no_color=not color, width=140,
                      file=open(os.devnull, "w"))
    for d in docs:
        table = Table(title=cell(f"{d['path']}  (date {d['date'] or 'unknown'}, "
                                 f"{d['date_source']})"), title_justify="left")
        for col in ("line:col", "text", "kind", "value", "unit", "qualifier", "scope",
                    "subject", "date"):
            table.add_column(col)
        for r in rows:
            if r["path"] != d["path"]:
                continue
            value = "" if r["value"] is None else f"{r['value']:g}"
            where = f"{r['line']}:{r['column']}" if not r.get("page") else f"p{r['page']} {r['line']}:{r['column']}"
            table.add_row(*map(cell, (where, r["text"], r["kind"], value, r["unit"] or "",
                                      r["qualifier"], r["scope"] or "", r["subject"] or "",
                                      r["date"] or "")))
        console.print(table)
    return no_workflow_commands(console.export_text(styles=color))


def _parse_date(value: str | None, errors: list):
    if not value:
        return None
    import datetime as dt

    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        from numcheck.model import Problem

        errors.append(Problem("--date", f"not a date (YYYY-MM-DD): {value!r}", kind="usage"))
        return None


def _use_color(choice: str) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


#: At least this many documents before a progress bar is worth drawing.
PROGRESS_MIN_DOCUMENTS = 5


def want_progress(documents: int, stream=None, choice: str = "auto") -> bool:
    """Whether to draw a progress bar: ``documents`` ≥ 5 and ``stream`` (stderr) is a terminal.

    ``TERM=dumb`` and ``--progress never`` turn it off; a bar in a CI log or a pipe would only
    leave escape sequences behind.
    """
    if choice == "never" or documents < PROGRESS_MIN_DOCUMENTS:
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    stream = sys.stderr if stream is None else stream
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


class _ProgressBar:
    """A rich progress bar on stderr, driven by the pipeline's ``progress(done, total)`` calls."""

    def __init__(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self._progress = Progress(
            TextColumn("checking"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
            console=Console(stderr=True), transient=True,
        )
        self._task = self._progress.add_task("check", total=total)

    def __enter__(self) -> "_ProgressBar":
        self._progress.start()
        return self

    def __exit__(self, *exc) -> None:
        self._progress.stop()

    def __call__(self, done: int, total: int) -> None:
        self._progress.update(self._task, completed=done, total=total)


def _settings(args, errors: list):
    """Settings from the config file (unless ``--no-config``) with the command's flags applied.

    Returns None after printing the problems when the config file is broken.
    """
    from numcheck.config import ConfigError, Settings, load_config

    try:
        settings = Settings() if args.no_config else load_config(path=args.config)
    except ConfigError as exc:
        _print_problems(exc.problems)
        return None
    return settings.with_flags(
        rules=args.rules,
        default_rules=False if args.no_default_rules else None,
        select=None if args.select is None else _split_codes(args.select.upper()),
        ignore=None if args.ignore is None else _split_codes(args.ignore.upper()),
        story=args.story, fail_on=args.fail_on, format=args.format,
        date=_parse_date(args.date, errors),
    )


def _unknown_format(fmt: str) -> str:
    from numcheck.render import FORMATS

    return (f"numcheck: unknown --format {fmt!r}; choose from "
            f"{', '.join((*FORMATS, *TABLE_FORMATS))}")


def output_text(records: dict, fmt: str, args, color: bool) -> str:
    """What ``numcheck check`` writes for ``records``: the report in ``fmt``, or with
    ``--statistics`` the counts per code (JSON for ``--format json``).

    Errors are printed on stderr; a text or concise report written to stdout leaves them out
    so that each error is printed once, while one written to a file (``-o``) keeps them.
    """
    if getattr(args, "statistics", False):
        from numcheck.render.text import render_statistics, statistics

        if fmt == "json":
            import json

            return json.dumps(statistics(records), indent=2, ensure_ascii=False) + "\n"
        return render_statistics(records)
    from numcheck.render import render

    return render(records, fmt, color=color, quiet=getattr(args, "quiet", False),
                  show_errors=bool(getattr(args, "output", None)))


def cmd_check(args) -> int:
    """``numcheck check``: anomalies, rendered in the chosen format; exit 0, 1 or 2."""
    from numcheck.render import FORMATS

    errors: list = []
    if not _outputs_ok(args.output, args.write_baseline):
        return EXIT_ERROR
    settings = _settings(args, errors)
    if settings is None:
        return EXIT_ERROR
    if settings.format not in (*FORMATS, *TABLE_FORMATS):
        print(_unknown_format(settings.format), file=sys.stderr)
        return EXIT_ERROR
    if args.statistics and settings.format not in ("text", "concise", "json"):
        print("numcheck: --statistics prints text, or JSON with --format json; not "
              f"{settings.format}", file=sys.stderr)
        return EXIT_ERROR
    paths = _expand_paths(args.paths, errors)
    if any(p.kind == "usage" for p in errors):
        _print_problems(errors)
        return EXIT_ERROR
    baseline = None
    if args.baseline:
        from numcheck.baseline import BaselineError, read_baseline

        try:
            baseline = read_baseline(args.baseline)
        except BaselineError as exc:
            _print_problems([exc.problem])
            return EXIT_ERROR

    color = _use_color(args.color) and not args.output
    if settings.format in TABLE_FORMATS or _has_corpus(paths):
        # corpora stream through the batch runner (parallel, constant memory)
        from numcheck.batch import cli_check

        return cli_check(paths, settings, args, errors, baseline=baseline, color=color,
                         render_records=lambda records: output_text(records, settings.format,
                                                                    args, color))
    report = _run(paths, settings, args)
    unused = []
    if args.report_unused_ignores:
        from numcheck.baseline import apply_suppressions

        unused = apply_suppressions(report, active={r.code for r in report.rules})
    report.errors = errors + report.errors
    _print_problems(report.errors)
    detail = "full" if settings.format == "html" or args.with_claims else "anomalies"
    records = report.to_records(detail=detail)
    if unused:
        from numcheck.baseline import recount, unused_ignore_records, unused_ignore_rule

        records["anomalies"].extend(unused_ignore_records(unused))
        records["rules"].append(unused_ignore_rule())
        recount(records)
    if args.write_baseline:
        from numcheck.baseline import baseline_entries, write_baseline

        n = write_baseline(args.write_baseline, records)
        if not args.quiet:
            _print_line(f"numcheck: wrote {n} anomal{'y' if n == 1 else 'ies'} to baseline "
                        f"{args.write_baseline}")
        # what was just accepted is not news: this run reports against its own baseline (taken
        # from the records, not read back: the baseline may have gone to a device or a pipe)
        from collections import Counter

        baseline = Counter(e["fingerprint"] for e in baseline_entries(records))
    if baseline is not None:
        from numcheck.baseline import apply_baseline

        records = apply_baseline(records, baseline)
    records["exit_code"] = settings.exit_code(records)
    _emit(output_text(records, settings.format, args, color), args.output)
    return records["exit_code"]


def _run(paths: list[str], settings, args):
    """The configured check of ``paths``, with a progress bar when :func:`want_progress` says so."""
    from numcheck.config import run

    keep = not args.report_unused_ignores
    if want_progress(len(paths), sys.stderr, args.progress):
        with _ProgressBar(len(paths)) as bar:
            return run(paths=paths, settings=settings, progress=bar, keep_suppressions=keep,
                       jobs=args.jobs or 1)
    return run(paths=paths, settings=settings, keep_suppressions=keep, jobs=args.jobs or 1)


def cmd_rules(args) -> int:
    """``numcheck rules list|show|test``."""
    if args.rules_command is None:
        args.rules_parser.print_usage(sys.stderr)
        print("numcheck rules: error: choose an action: list, show CODE, test [PACK ...] or "
              "reference",
              file=sys.stderr)
        return EXIT_ERROR
    if args.rules_command == "test":
        return cmd_rules_test(args)
    if args.rules_command == "reference":
        from numcheck.engine.reference import render_reference

        sys.stdout.write(render_reference())
        return EXIT_OK
    from numcheck.engine import load_rules

    packs, include_default = list(args.rules), True
    if not packs:
        # without --rules, list what `numcheck check` would run here: the config's packs
        from numcheck.config import ConfigError, load_config

        try:
            settings = load_config()
        except ConfigError as exc:
            _print_problems(exc.problems)
            return EXIT_ERROR
        packs, include_default = list(settings.rules), settings.default_rules
    rules, problems = load_rules(packs, include_default=include_default)
    _print_problems(problems)
    if args.rules_command == "show":
        match = [r for r in rules if r.code == args.code.upper()]
        if not match:
            from numcheck.engine.codes import unknown_code_message

            _print_line(f"numcheck: {unknown_code_message(args.code, {r.code for r in rules})}")
            return EXIT_ERROR
        print(_shown(_describe_rule(match[0])))
    else:
        for r in rules:
            print(_shown(f"{r.code}  {r.severity:<7}  {r.name:<42}  {r.kind}"))
    return EXIT_ERROR if problems else EXIT_OK


def cmd_rules_test(args) -> int:
    """``numcheck rules test [PACK ...]``: every example of the packs' rules; exit 0, 1 or 2."""
    from numcheck.engine import load_rules
    from numcheck.testing import run_examples

    packs = list(args.packs)
    include_default = not args.no_default_rules
    if not packs:
        from numcheck.config import ConfigError, load_config

        try:
            settings = load_config()
        except ConfigError as exc:
            _print_problems(exc.problems)
            return EXIT_ERROR
        packs, include_default = list(settings.rules), settings.default_rules and include_default
        under_test, problems = load_rules(packs, include_default=include_default)
        active = under_test
    else:
        under_test, problems = load_rules(packs, include_default=False)
        active = under_test
        if include_default and not problems:
            active, problems = load_rules(packs, include_default=True)
    if problems:
        _print_problems(problems)
        return EXIT_ERROR
    if not under_test:
        print("numcheck: no rules to test", file=sys.stderr)
        return EXIT_ERROR
    results = run_examples(under_test, active, strict=args.strict)
    failed = [r for r in results if not r.ok]
    for r in failed:
        print(_shown(r.describe()))
    n_rules = len(under_test)
    print(f"{len(results)} example{'' if len(results) == 1 else 's'} of {n_rules} "
          f"rule{'' if n_rules == 1 else 's'}: {len(results) - len(failed)} passed, "
          f"{len(failed)} failed")
    return EXIT_ANOMALIES if failed else EXIT_OK


def _describe_rule(r) -> str:
    lines = [f"{r.code} {r.name}", f"  kind:     {r.kind}", f"  severity: {r.severity}",
             f"  pack:     {getattr(r, 'path', '')}", f"  message:  {r.message}", "",
             "  " + " ".join((r.description or "").split())]
    if getattr(r, "help", None):
        lines += ["", "  help: " + " ".join(r.help.split())]
    for ex in getattr(r, "examples", ()):
        label = "flags" if ex.expect == "flag" else "passes"
        lines.append(f"\n  {label}:" + (f" (date {ex.date})" if getattr(ex, "date", None) else ""))
        lines.append("    " + (ex.text or " / ".join(str(d) for d in (ex.documents or ()))))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``numcheck`` console script; returns the exit code."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 for --help/--version
        return int(exc.code or 0)
    saved_env = {k: os.environ.get(k) for k in ("NUMCHECK_MAX_BYTES", "NUMCHECK_DOC_TIMEOUT",
                                                 "NUMCHECK_STORY_TIMEOUT")}
    if hasattr(args, "max_bytes"):
        from numcheck.limits import LimitError, Limits

        try:
            args.limits = Limits.resolve(args.max_bytes, args.timeout_per_doc,
                                         story_timeout=args.timeout_per_story)
        except LimitError as exc:
            print(f"numcheck: {exc}", file=sys.stderr)
            return EXIT_ERROR
        os.environ.update(args.limits.environ())
    try:
        old_term = signal.signal(signal.SIGTERM, _on_sigterm)
    except ValueError:  # not the main thread: leave SIGTERM alone
        old_term = None
    try:
        if args.command == "extract":
            return cmd_extract(args)
        if args.command == "check":
            return cmd_check(args)
        if args.command == "rules":
            return cmd_rules(args)
        if args.command == "lsp":
            from numcheck.lsp import serve

            return serve()
        parser.print_help()
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except _Terminated:
        return 143
    except BrokenPipeError:
        return EXIT_OK
    except _OutputError as exc:  # an output path that cannot be written: one line, exit 2
        _print_line(f"numcheck: {exc}")
        return EXIT_ERROR
    except Exception as exc:  # noqa: BLE001 - CI logs want one line and exit 2, not a traceback
        if os.environ.get("NUMCHECK_DEBUG"):
            raise
        detail = " ".join(str(exc).split())[:300]
        _print_line(f"numcheck: internal error ({type(exc).__name__}: {detail}); please report "
                    "it (set NUMCHECK_DEBUG=1 for the traceback)")
        return EXIT_ERROR
    finally:
        if old_term is not None:
            signal.signal(signal.SIGTERM, old_term)
        for key, value in saved_env.items():  # main() also runs in-process (tests, plugin)
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


if __name__ == "__main__":
    raise SystemExit(main())
