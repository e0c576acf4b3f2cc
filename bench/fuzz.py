"""Fuzz the whole text pipeline (ingest → extract → rules → records) for a set time.

    python bench/fuzz.py --seconds 300            # atheris (coverage-guided) when installed
    python bench/fuzz.py --seconds 300 --engine hypothesis

Each input is decoded as UTF-8 (bad bytes become U+FFFD) and checked as plain text, Markdown
and HTML with the default rule pack, then turned into records and JSON. Anything that raises is
a crash; an input that takes longer than ``--timeout-per-input`` seconds is a hang. Either is
saved under tests/hostile/regressions/ (atheris: ``crash-<sha1>``/``timeout-<sha1>``; the
hypothesis engine: ``crash-<sha256 prefix>.txt`` after shrinking), where
tests/hostile/test_hostile_inputs.py replays every file on each test run. Fix the bug, trim the
fixture if it is large, and commit it.

The pipeline is called *without* the crash isolation of :func:`numcheck.report.check_documents`
(which would turn an exception into an "internal" error and hide it from the fuzzer).

The hypothesis engine is the fallback where atheris is missing (it needs a libFuzzer-enabled
clang build on some platforms): it runs the property-test strategies of tests/test_properties.py
for the time given, without coverage guidance.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
REGRESSIONS = REPO / "tests" / "hostile" / "regressions"

#: Starting points for the coverage-guided engine. Saved regressions are not seeds: the tests
#: replay them, and one still open would stop libFuzzer before it explored anything.
SEEDS = [
    "Earlier this month, crews pulled 38 hikers off the ridge in a March 2 operation, the second "
    "such airlift in 2019.",
    "About 1,000 people, or 12.5% of the town's 8,000 residents, came on Monday, May 4, 2020.",
    "---\ndate: 2020-03-20\n---\n# Title\n\nShe was born in 1950 and is 72. Sales rose 15% "
    "to $4.2 billion from $3.5bn.\n",
    "<html><body><p>The 3-day event (June 1–3) drew 40,000 visitors.</p></body></html>",
]

_rules = None


def _load_rules():
    global _rules
    if _rules is None:
        from numcheck.engine import load_rules

        rules, problems = load_rules()
        if problems:
            raise SystemExit("default rule pack has problems: "
                             + "; ".join(p.format() for p in problems))
        _rules = rules
    return _rules


def check_text(text: str) -> None:
    """The fuzz target: ``text`` as txt, md and html through the unguarded pipeline."""
    from numcheck.engine import analyse, run_story
    from numcheck.ingest import document_from_text
    from numcheck.report import CheckedDocument, Report, claim_record

    from numcheck.ingest import InputError

    rules = _load_rules()
    for fmt in ("txt", "md", "html"):
        try:
            doc = document_from_text(text, path=f"<fuzz>.{fmt}", fmt=fmt, date="2020-03-20")
        except InputError:
            continue  # refusing bad input (front matter that does not parse) is the right outcome
        dc = analyse(doc)
        anomalies, problems = run_story(rules, [dc])
        if problems:
            raise AssertionError("rule problems: " + "; ".join(p.format() for p in problems))
        checked = CheckedDocument(doc, dc, "s1")
        report = Report(documents=[checked], anomalies=list(anomalies), rules=rules)
        records = report.to_records(detail="full")
        json.dumps(records, allow_nan=False)
        for c in dc.claims:
            if doc.text[c.start:c.end] != c.text:
                raise AssertionError(f"claim span {c.start}:{c.end} is not its text {c.text!r}")
            claim_record(c, checked)


def _target(data: bytes) -> None:
    check_text(data.decode("utf-8", errors="replace"))


# ---- atheris -------------------------------------------------------------------------------

def run_atheris(seconds: int, per_input: int, out: Path) -> None:
    """Coverage-guided fuzzing with atheris/libFuzzer; stops at the first crash; does not return.

    (libFuzzer's fork mode, which would go on past a crash, does not work with atheris here.)
    """
    import atheris

    with atheris.instrument_imports(include=["numcheck"]):
        import numcheck.engine  # noqa: F401
        import numcheck.extract  # noqa: F401
        import numcheck.ingest  # noqa: F401
        import numcheck.report  # noqa: F401
    _load_rules()
    corpus = Path(tempfile.mkdtemp(prefix="numcheck-fuzz-"))
    for i, seed in enumerate(SEEDS):
        (corpus / f"seed{i}").write_text(seed, encoding="utf-8")
    out.mkdir(parents=True, exist_ok=True)
    args = [sys.argv[0], f"-max_total_time={seconds}", f"-timeout={per_input}",
            f"-artifact_prefix={out}{os.sep}", "-rss_limit_mb=4096", "-max_len=4096",
            "-print_final_stats=1", str(corpus)]

    print(f"fuzz: atheris for {seconds} s; crashes go to {out}", file=sys.stderr)
    atheris.Setup(args, _target)
    atheris.Fuzz()


# ---- hypothesis fallback -------------------------------------------------------------------

class _TimeUp(BaseException):
    """Raised inside a test body when the time is up; hypothesis lets BaseExceptions through."""


def run_hypothesis(seconds: int, per_input: int, out: Path) -> int:
    """Property-based fuzzing for ``seconds``; returns 1 after saving a crash, else 0."""
    sys.path.insert(0, str(REPO / "tests"))
    from hypothesis import HealthCheck, given, settings, strategies as st
    from test_properties import TEXTS

    from numcheck.limits import BudgetExceeded, time_budget

    _load_rules()
    deadline = time.monotonic() + seconds
    failing: list[str] = []
    ran = [0]

    @settings(max_examples=10**9, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(st.one_of(TEXTS, st.binary(max_size=600).map(lambda b: b.decode("utf-8", "replace"))))
    def body(text: str) -> None:
        # after a failure hypothesis shrinks it; give that a minute past the deadline at most
        if time.monotonic() > deadline + (60 if failing else 0):
            raise _TimeUp()
        ran[0] += 1
        try:
            with time_budget(per_input, "fuzz input"):
                check_text(text)
        except BudgetExceeded as exc:
            failing.append(text)
            raise AssertionError(f"hang: {exc}") from None
        except Exception as exc:
            failing.append(text)  # the last one recorded is hypothesis's shrunk example
            if len(failing) == 1:
                print(f"fuzz: crash ({type(exc).__name__}: {exc}); shrinking", file=sys.stderr)
            raise

    print(f"fuzz: hypothesis for {seconds} s", file=sys.stderr)
    try:
        body()
    except _TimeUp:
        if failing:
            saved = save(failing[-1], out)
            print(f"fuzz: crash after {ran[0]} inputs (shrinking cut short); input saved to "
                  f"{saved}", file=sys.stderr)
            return 1
        print(f"fuzz: {ran[0]} inputs, no crash", file=sys.stderr)
        return 0
    except Exception as exc:  # noqa: BLE001 - report and save whatever broke
        if not failing:
            raise
        saved = save(failing[-1], out)
        print(f"fuzz: crash after {ran[0]} inputs: {type(exc).__name__}: {exc}\n"
              f"fuzz: input saved to {saved}", file=sys.stderr)
        return 1
    return 0


def save(text: str, out: Path) -> Path:
    """Write a crashing input to ``out`` as ``crash-<sha256 prefix>.txt``; return its path."""
    data = text.encode("utf-8", errors="replace")
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"crash-{hashlib.sha256(data).hexdigest()[:16]}.txt"
    path.write_bytes(data)
    return path


def main(argv: list[str] | None = None) -> int:
    """Parse the options and fuzz; returns the exit code (1 when a crash was saved)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=int, default=60, help="how long to fuzz (default 60)")
    ap.add_argument("--engine", choices=("auto", "atheris", "hypothesis"), default="auto")
    ap.add_argument("--timeout-per-input", type=int, default=10, metavar="SECONDS",
                    help="an input slower than this is saved as a hang (default 10)")
    ap.add_argument("--out", type=Path, default=REGRESSIONS,
                    help="where crashing inputs are saved (default tests/hostile/regressions)")
    args = ap.parse_args(argv)
    engine = args.engine
    if engine == "auto":
        try:
            import atheris  # noqa: F401

            engine = "atheris"
        except ImportError:
            engine = "hypothesis"
    if engine == "atheris":
        run_atheris(args.seconds, args.timeout_per_input, args.out)
        return 0  # pragma: no cover - atheris exits the process itself
    return run_hypothesis(args.seconds, args.timeout_per_input, args.out)


if __name__ == "__main__":
    raise SystemExit(main())
