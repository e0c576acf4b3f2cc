"""Fuzz numcheck's untrusted inputs for a set time: article text, front matter, corpus rows,
project configs and baselines.

    python bench/fuzz.py --seconds 300                    # the text pipeline; atheris if installed
    python bench/fuzz.py --target all --seconds 600       # every target, time split between them
    python bench/fuzz.py --target front-matter --engine hypothesis --seconds 120

Targets (``--target``):

* ``text``: each input is decoded as UTF-8 (bad bytes become U+FFFD) and checked as plain
  text, Markdown and HTML with the default rule pack, then turned into records and JSON;
* ``front-matter``: a Markdown file's ``---`` block read by the hardened YAML reader; it must
  give a FrontMatter or an InputError naming a line, and nothing else;
* ``corpus-row``: one JSONL line read as a corpus row; it must give a Document or a Problem;
* ``config``: a ``numcheck.toml`` read and, for its override globs, matched against file
  names; it must give Settings or a ConfigError;
* ``baseline``: a ``--baseline`` file; it must give fingerprints or a BaselineError.

Anything else a target raises is a crash; an input that takes longer than
``--timeout-per-input`` seconds is a hang. Either is saved under tests/hostile/regressions/
(the text target at the top level, the others in a folder named after the target; atheris:
``crash-<sha1>``/``timeout-<sha1>``; hypothesis: ``crash-<sha256 prefix>.txt`` after
shrinking), where tests/hostile/test_hostile_inputs.py and tests/hostile/test_fuzz_targets.py
replay every file on each test run. Fix the bug, trim the fixture if it is large, and commit it.

The text pipeline is called *without* the crash isolation of
:func:`numcheck.report.check_documents` (which would turn an exception into an "internal"
error and hide it from the fuzzer).

The hypothesis engine is the fallback where atheris is missing (it needs a libFuzzer-enabled
clang build on some platforms): it draws from strategies that build hostile inputs of each
kind (aliases, tags, deep brackets, base-60 numbers, lone surrogates, long digit runs, glob
metacharacters) as well as random text, without coverage guidance.
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


def check_front_matter(text: str) -> None:
    """Fuzz target: ``text`` as the body of a front-matter block."""
    from numcheck.ingest import InputError
    from numcheck.ingest.markdown import split_front_matter

    source = "---\n" + text.replace("\n---", "\n- --") + "\n---\nAbout 5 people came.\n"
    try:
        fm = split_front_matter(source, "<fuzz>.md")
    except InputError as exc:
        problem = exc.problem
        if "\n" in problem.message or not problem.message:
            raise AssertionError(f"error is not one line: {problem.message!r}") from None
        return
    for value in (fm.title, fm.story):
        if value is not None and not isinstance(value, str):
            raise AssertionError(f"front matter value is {type(value).__name__}, not text")
        if value is not None:
            value.encode("utf-8")  # no lone surrogates left


def check_corpus_row(text: str) -> None:
    """Fuzz target: ``text`` as one JSONL row of a corpus."""
    from numcheck.ingest.corpus import _Fields, _row, parse_row
    from numcheck.model import Problem

    obj = parse_row("<fuzz>.jsonl", 1, text)
    if isinstance(obj, Problem):
        return
    item = _row("<fuzz>.jsonl", 1, obj, _Fields("text", "date", "id", "story", "title"), 1)
    if isinstance(item, Problem):
        item.message.encode("utf-8")
        return
    for value in (item.text, item.path, item.title or "", item.story or ""):
        value.encode("utf-8")  # surrogates replaced at ingest


def check_config(text: str) -> None:
    """Fuzz target: ``text`` as a numcheck.toml; override globs matched against names."""
    from numcheck.config import ConfigError, read_config

    folder = Path(tempfile.mkdtemp(prefix="numcheck-fuzz-config-"))
    try:
        path = folder / "numcheck.toml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            settings = read_config(path)
        except ConfigError as exc:
            for p in exc.problems:
                if "\n" in p.message:
                    raise AssertionError(f"error is not one line: {p.message!r}") from None
            return
        names = ["a" * 200 + ".md", "drafts/x/y.md", "[]", "a/b/c", "", "*", "news/2020-01-01.md"]
        for o in settings.overrides:
            for name in names + [p for p in o.paths]:
                o.matches(name)
    finally:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)


def check_baseline(text: str) -> None:
    """Fuzz target: ``text`` as a --baseline file."""
    from numcheck.baseline import BaselineError, read_baseline

    folder = Path(tempfile.mkdtemp(prefix="numcheck-fuzz-baseline-"))
    try:
        path = folder / "baseline.json"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            counts = read_baseline(path)
        except BaselineError:
            return
        for key, n in counts.items():
            if not isinstance(key, str) or n < 1:
                raise AssertionError(f"bad fingerprint count {key!r}: {n!r}")
    finally:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)


#: Fuzz targets by name: each takes one decoded input.
TARGETS = {"text": check_text, "front-matter": check_front_matter, "corpus-row": check_corpus_row,
           "config": check_config, "baseline": check_baseline}


def regressions_for(target: str) -> Path:
    """Where crashing inputs of ``target`` are kept (the text target's at the top level)."""
    return REGRESSIONS if target == "text" else REGRESSIONS / target


_TARGET = check_text


def _target(data: bytes) -> None:
    _TARGET(data.decode("utf-8", errors="replace"))


# ---- atheris -------------------------------------------------------------------------------

#: Seeds per target beyond :data:`SEEDS`: the hostile inputs of issue 16 and well-formed ones.
TARGET_SEEDS = {
    "front-matter": ['date: 2020-03-20\ntitle: "Ridge airlift"\nstory: ridge',
                     'a: &a ["x"]\nb: [*a, *a]\ntitle: *a', "title: " + "[" * 40,
                     "title: 1:0:0:0", "title: !!python/object/apply:os.system [ls]",
                     'title: "bad \\ud800"', "date: 2020-53-20", "title: no\nstory: 0x1F"],
    "corpus-row": ['{"id": "a", "date": "2020-03-20", "text": "About 5 people came."}',
                   '{"id": "d", "text": "x", "t": ' + "[" * 80 + "]" * 80 + "}",
                   '{"text": "x", "date": ' + "9" * 40 + "}", '{"id": "\\ud800", "text": "\\udfff"}',
                   '[1, 2]', '{"text": 5}'],
    "config": ['fail-on = "never"\n[[overrides]]\npaths = ["*a*a*a*a*b", "[]", "drafts/**"]\n',
               'rules = ["../secret.env", "/"]\n', 'select = ["NC6"]\nstory = "all"\n',
               '[[overrides]]\npaths = ["[!"]\nignore = ["NC601"]\n'],
    "baseline": ['{"numcheck": "0.1.0", "baseline": 1, "anomalies": [{"fingerprint": "ab"}]}',
                 '{"baseline": true, "anomalies": []}', "[" * 200,
                 '{"baseline": 1, "anomalies": [], "review": {}, "fixed": []}'],
}


def run_atheris(seconds: int, per_input: int, out: Path, target: str = "text") -> None:
    """Coverage-guided fuzzing with atheris/libFuzzer; stops at the first crash; does not return.

    (libFuzzer's fork mode, which would go on past a crash, does not work with atheris here.)
    """
    import atheris

    global _TARGET
    with atheris.instrument_imports(include=["numcheck"]):
        import numcheck.baseline  # noqa: F401
        import numcheck.config  # noqa: F401
        import numcheck.engine  # noqa: F401
        import numcheck.extract  # noqa: F401
        import numcheck.ingest  # noqa: F401
        import numcheck.report  # noqa: F401
        import numcheck.yamlsafe  # noqa: F401
    _load_rules()
    _TARGET = TARGETS[target]
    corpus = Path(tempfile.mkdtemp(prefix="numcheck-fuzz-"))
    for i, seed in enumerate(SEEDS if target == "text" else TARGET_SEEDS[target]):
        (corpus / f"seed{i}").write_text(seed, encoding="utf-8")
    out.mkdir(parents=True, exist_ok=True)
    args = [sys.argv[0], f"-max_total_time={seconds}", f"-timeout={per_input}",
            f"-artifact_prefix={out}{os.sep}", "-rss_limit_mb=4096", "-max_len=4096",
            "-print_final_stats=1", str(corpus)]

    print(f"fuzz: atheris on {target} for {seconds} s; crashes go to {out}", file=sys.stderr)
    atheris.Setup(args, _target)
    atheris.Fuzz()


# ---- hypothesis fallback -------------------------------------------------------------------

class _TimeUp(BaseException):
    """Raised inside a test body when the time is up; hypothesis lets BaseExceptions through."""


def strategy(target: str):
    """A hypothesis strategy of hostile and ordinary inputs for ``target``."""
    from hypothesis import strategies as st

    noise = st.text(max_size=200)
    if target == "text":
        sys.path.insert(0, str(REPO / "tests"))
        from test_properties import TEXTS

        return st.one_of(TEXTS, st.binary(max_size=600).map(lambda b: b.decode("utf-8", "replace")))
    seeds = st.sampled_from(TARGET_SEEDS[target])
    if target == "front-matter":
        scalar = st.one_of(
            st.sampled_from(["no", "yes", "~", "null", "1:30", "0x1F", "2020-03-20", "1e999",
                             "!!str x", "!!binary aGk=", "&a x", "*a", '"\\ud800"', "'q''q'",
                             "|", ">-", "[", "{", "]", "}", ",", ":"]),
            st.text(alphabet="0123456789:._-+eE ", max_size=40), noise.map(repr))
        key = st.sampled_from(["title", "date", "story", "tags", "<<", "? x", "a", "- b"])
        line = st.builds(lambda k, v, indent: " " * indent + f"{k}: {v}", key, scalar,
                         st.integers(0, 4))
        block = st.lists(st.one_of(line, scalar, st.just("[" * 50)), max_size=12).map("\n".join)
        return st.one_of(block, seeds, noise)
    if target == "corpus-row":
        json_values = st.recursive(
            st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                      st.text(max_size=30)),
            lambda children: st.one_of(st.lists(children, max_size=4),
                                       st.dictionaries(st.text(max_size=8), children, max_size=4)),
            max_leaves=20)
        row = st.fixed_dictionaries(
            {"text": st.one_of(st.text(max_size=120), json_values)},
            optional={"id": json_values, "date": json_values, "title": json_values,
                      "story": json_values})
        mutated = st.builds(lambda r, cut, junk: (json.dumps(r)[:cut] + junk),
                            row, st.integers(0, 200), st.sampled_from(
                                ["", "}", "[" * 100, "9" * 5000, '"\\ud800"', "\x00", ", "]))
        return st.one_of(row.map(json.dumps), mutated, seeds, noise)
    if target == "config":
        glob = st.text(alphabet="*?[]!-/a.b\\{}", max_size=30)
        value = st.one_of(st.lists(glob, max_size=4).map(json.dumps), st.sampled_from(
            ['"never"', '"warning"', "true", "1", '["NC6"]', '["../x.yaml"]', '["/"]', "2020-01-01"]))
        key = st.sampled_from(["rules", "select", "ignore", "fail-on", "story", "date", "format",
                               "default-rules", "nope"])
        top = st.lists(st.builds(lambda k, v: f"{k} = {v}", key, value), max_size=5)
        override = st.builds(lambda g, rest: "[[overrides]]\npaths = " + json.dumps(g) + "\n"
                             + "\n".join(rest), st.lists(glob, min_size=1, max_size=3),
                             st.lists(st.builds(lambda k, v: f"{k} = {v}", key, value), max_size=3))
        doc = st.builds(lambda t, o: "\n".join(t) + "\n" + "\n".join(o), top,
                        st.lists(override, max_size=3))
        return st.one_of(doc, seeds, noise)
    entry = st.dictionaries(
        st.sampled_from(["fingerprint", "code", "path", "line", "text", "sentence", "status",
                         "note", "other"]),
        st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20)), max_size=6)
    doc = st.fixed_dictionaries(
        {"anomalies": st.lists(entry, max_size=4)},
        optional={"baseline": st.one_of(st.just(1), st.booleans(), st.integers(), st.none()),
                  "numcheck": st.text(max_size=8), "review": entry, "fixed": st.lists(entry, max_size=2),
                  "x": st.integers()})
    return st.one_of(doc.map(json.dumps), seeds, noise,
                     st.integers(0, 300).map(lambda n: "[" * n + "]" * n))


def run_hypothesis(seconds: int, per_input: int, out: Path, target: str = "text") -> int:
    """Property-based fuzzing of ``target`` for ``seconds``; returns 1 after saving a crash, else 0."""
    from hypothesis import HealthCheck, Verbosity, given, settings

    from numcheck.limits import BudgetExceeded, time_budget

    if target == "text":
        _load_rules()
    check = TARGETS[target]
    deadline = time.monotonic() + seconds
    failing: list[str] = []
    ran = [0]

    # quiet: the time-up exception is not a failure, and hypothesis's "reproduce this failure
    # with @seed(...)" line after it misleads; crashes are reported and saved below
    @settings(max_examples=10**9, deadline=None, database=None, verbosity=Verbosity.quiet,
              suppress_health_check=list(HealthCheck))
    @given(strategy(target))
    def body(text: str) -> None:
        # after a failure hypothesis shrinks it; give that a minute past the deadline at most
        if time.monotonic() > deadline + (60 if failing else 0):
            raise _TimeUp()
        ran[0] += 1
        try:
            with time_budget(per_input, "fuzz input"):
                check(text)
        except BudgetExceeded as exc:
            failing.append(text)
            raise AssertionError(f"hang: {exc}") from None
        except Exception as exc:
            failing.append(text)  # the last one recorded is hypothesis's shrunk example
            if len(failing) == 1:
                print(f"fuzz: crash ({type(exc).__name__}: {exc}); shrinking", file=sys.stderr)
            raise

    print(f"fuzz: hypothesis on {target} for {seconds} s", file=sys.stderr)
    try:
        body()
    except _TimeUp:
        if failing:
            saved = save(failing[-1], out)
            print(f"fuzz: crash after {ran[0]} inputs (shrinking cut short); input saved to "
                  f"{saved}", file=sys.stderr)
            return 1
        print(f"fuzz: {target}: {ran[0]} inputs, no crash", file=sys.stderr)
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
    ap.add_argument("--target", choices=(*TARGETS, "all"), default="text",
                    help="what to fuzz (default: text; all splits the time between targets)")
    ap.add_argument("--engine", choices=("auto", "atheris", "hypothesis"), default="auto")
    ap.add_argument("--timeout-per-input", type=int, default=10, metavar="SECONDS",
                    help="an input slower than this is saved as a hang (default 10)")
    ap.add_argument("--out", type=Path, default=None,
                    help="where crashing inputs are saved (default tests/hostile/regressions, "
                         "in a folder per target)")
    args = ap.parse_args(argv)
    engine = args.engine
    if engine == "auto":
        try:
            import atheris  # noqa: F401

            engine = "atheris"
        except ImportError:
            engine = "hypothesis"
    targets = list(TARGETS) if args.target == "all" else [args.target]
    if engine == "atheris":
        if len(targets) > 1:
            raise SystemExit("fuzz: atheris takes one --target at a time (it exits at the end)")
        run_atheris(args.seconds, args.timeout_per_input,
                    args.out or regressions_for(targets[0]), targets[0])
        return 0  # pragma: no cover - atheris exits the process itself
    share = max(1, args.seconds // len(targets))
    code = 0
    for target in targets:
        out = regressions_for(target) if args.out is None else (
            args.out if len(targets) == 1 else args.out / target)
        code |= run_hypothesis(share, args.timeout_per_input, out, target)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
