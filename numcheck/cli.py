"""The ``numcheck`` command line: ``extract``, ``check`` and ``rules``.

Start-up time matters (pre-commit runs this on every commit), so this module imports only the
standard library at import time; each command imports what it needs.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Sequence

EXIT_OK, EXIT_ANOMALIES, EXIT_ERROR = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    from numcheck import __version__

    p = argparse.ArgumentParser(
        prog="numcheck",
        description="Find the numbers in prose that cannot all be true.",
    )
    p.add_argument("--version", action="version", version=f"numcheck {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    ex = sub.add_parser("extract", help="list the numeric claims in documents")
    ex.add_argument("paths", nargs="+", metavar="PATH", help="files, folders or - for stdin")
    ex.add_argument("--date", help="document date (YYYY-MM-DD) for relative expressions")
    ex.add_argument("--format", default="table", choices=("table", "json", "csv", "parquet"))
    ex.add_argument("--output", "-o", help="write to this file (atomically) instead of stdout")
    _corpus_args(ex)

    ck = sub.add_parser("check", help="report numbers that cannot all be true")
    ck.add_argument("paths", nargs="+", metavar="PATH", help="files, folders or - for stdin")
    ck.add_argument("--date", help="document date (YYYY-MM-DD), overriding each document's own")
    ck.add_argument("--rules", action="append", default=[], metavar="PATH",
                    help="an extra rule pack (file or folder); repeatable")
    ck.add_argument("--no-default-rules", action="store_true", help="do not load the default pack")
    ck.add_argument("--select", default="", help="comma-separated codes or prefixes to run")
    ck.add_argument("--ignore", default="", help="comma-separated codes or prefixes to skip")
    ck.add_argument("--story", default="auto", choices=("auto", "file", "all"),
                    help="how documents are grouped into stories (default: auto)")
    ck.add_argument("--fail-on", default="warning", choices=("error", "warning", "info", "never"),
                    help="lowest severity that makes the exit code 1 (default: warning)")
    ck.add_argument("--format", default="text",
                    help="text, json, sarif, junit, github, markdown or html")
    ck.add_argument("--output", "-o", help="write to this file (atomically) instead of stdout")
    ck.add_argument("--with-claims", action="store_true",
                    help="include every claim and document text in json output")
    ck.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    _corpus_args(ck)

    ru = sub.add_parser("rules", help="list or show the rules")
    rsub = ru.add_subparsers(dest="rules_command", metavar="ACTION")
    rl = rsub.add_parser("list", help="list every rule")
    rl.add_argument("--rules", action="append", default=[], metavar="PATH")
    rs = rsub.add_parser("show", help="show one rule: description, examples, pack file")
    rs.add_argument("code")
    rs.add_argument("--rules", action="append", default=[], metavar="PATH")
    return p


def _corpus_args(p: argparse.ArgumentParser) -> None:
    # corpus files (.jsonl/.csv/.parquet) are sets of documents; these name their columns
    p.add_argument("--text-field", default="text")
    p.add_argument("--date-field", default="date")
    p.add_argument("--id-field", default="id")
    p.add_argument("--story-field", default="story")


def _split_codes(value: str) -> list[str]:
    return [c.strip() for c in value.split(",") if c.strip()]


def _expand_paths(paths: Sequence[str], errors: list) -> list[str]:
    """Files named directly, plus the articles (.md .markdown .txt .html .htm) under folders."""
    from numcheck.model import Problem

    out: list[str] = []
    for p in paths:
        if p != "-" and os.path.isdir(p):
            found = []
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in sorted(files):
                    if f.lower().endswith((".md", ".markdown", ".txt", ".html", ".htm")):
                        found.append(os.path.join(root, f))
            if not found:
                errors.append(Problem(p, "folder holds no .md, .txt or .html articles"))
            out.extend(found)
        else:
            out.append(p)
    return out


def _emit(text: str | bytes, output: str | None) -> None:
    if output:
        from numcheck.render import write_atomic

        write_atomic(output, text)
        return
    if isinstance(text, bytes):
        sys.stdout.buffer.write(text)
    else:
        sys.stdout.write(text)
        if text and not text.endswith("\n"):
            sys.stdout.write("\n")
    sys.stdout.flush()


def _print_problems(problems) -> None:
    for p in problems:
        print(f"numcheck: {p.format()}", file=sys.stderr)


def cmd_extract(args) -> int:
    """``numcheck extract``: claims per document as a table, JSON, CSV or Parquet."""
    from numcheck import __version__
    from numcheck.engine import analyse
    from numcheck.ingest import InputError, load_document
    from numcheck.model import Claim

    errors: list = []
    paths = _expand_paths(args.paths, errors)
    date = _parse_date(args.date, errors)
    docs, rows = [], []
    for path in paths:
        try:
            doc = load_document(path, date=date)
        except InputError as exc:
            errors.append(exc.problem)
            continue
        dc = analyse(doc)
        docs.append({"path": doc.path, "date": dc.date.isoformat() if dc.date else None,
                     "date_source": dc.date_source})
        for c in dc.claims:
            line, column = doc.line_col(c.start)
            rows.append({"path": doc.path, "line": line, "column": column, **c.to_dict()})
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
        _emit(_claims_table(docs, rows, _use_color("auto")), args.output)
    return EXIT_ERROR if errors else EXIT_OK


def _claims_table(docs, rows, color: bool) -> str:
    from rich.console import Console
    from rich.table import Table

    console = Console(record=True, force_terminal=color, no_color=not color, width=140,
                      file=open(os.devnull, "w"))
    for d in docs:
        table = Table(title=f"{d['path']}  (date {d['date'] or 'unknown'}, {d['date_source']})",
                      title_justify="left")
        for col in ("line:col", "text", "kind", "value", "unit", "qualifier", "scope",
                    "subject", "date"):
            table.add_column(col)
        for r in rows:
            if r["path"] != d["path"]:
                continue
            value = "" if r["value"] is None else f"{r['value']:g}"
            table.add_row(f"{r['line']}:{r['column']}", r["text"], r["kind"], value,
                          r["unit"] or "", r["qualifier"], r["scope"] or "", r["subject"] or "",
                          r["date"] or "")
        console.print(table)
    return console.export_text(styles=color)


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


def cmd_check(args) -> int:
    """``numcheck check``: anomalies, rendered in the chosen format; exit 0, 1 or 2."""
    from numcheck.render import FORMATS, render
    from numcheck.report import check

    if args.format not in FORMATS:
        print(f"numcheck: unknown --format {args.format!r}; choose from {', '.join(FORMATS)}",
              file=sys.stderr)
        return EXIT_ERROR
    errors: list = []
    paths = _expand_paths(args.paths, errors)
    date = _parse_date(args.date, errors)
    if any(p.kind == "usage" for p in errors):
        _print_problems(errors)
        return EXIT_ERROR
    report = check(paths, date, rules=args.rules, select=_split_codes(args.select),
                   ignore=_split_codes(args.ignore), story=args.story, fail_on=args.fail_on,
                   default_rules=not args.no_default_rules)
    report.errors = errors + report.errors
    _print_problems(report.errors)
    detail = "full" if args.format == "html" or args.with_claims else "anomalies"
    records = report.to_records(detail=detail)
    color = _use_color(args.color) and not args.output
    _emit(render(records, args.format, color=color), args.output)
    return report.exit_code


def cmd_rules(args) -> int:
    """``numcheck rules list|show``."""
    from numcheck.engine import load_rules

    rules, problems = load_rules(args.rules)
    _print_problems(problems)
    if args.rules_command == "show":
        match = [r for r in rules if r.code == args.code.upper()]
        if not match:
            print(f"numcheck: no rule {args.code!r}", file=sys.stderr)
            return EXIT_ERROR
        print(_describe_rule(match[0]))
    else:
        for r in rules:
            print(f"{r.code}  {r.severity:<7}  {r.name:<42}  {r.kind}")
    return EXIT_ERROR if problems else EXIT_OK


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
    try:
        if args.command == "extract":
            return cmd_extract(args)
        if args.command == "check":
            return cmd_check(args)
        if args.command == "rules":
            return cmd_rules(args)
        parser.print_help()
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
