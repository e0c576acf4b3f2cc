"""Mutation testing of the checks, the reading layer, story linking and the default rules.

Code mutants come from cosmic-ray (its core operators: arithmetic, comparison, boolean and
number replacements, removed ``not``, ``break``/``continue`` swaps...) over
``numcheck/checks/``, ``numcheck/read/`` and ``numcheck/engine/stories.py``. Rule-pack mutants
are generated here, one per change a careless edit of a rule file could make: its ``when``
dropped, each numeric parameter scaled by 4 and by 1/4, each switch flipped.

Each mutant is applied to a private copy of the checkout (with ``../shared`` beside it, as the
tests expect), the tests that exercise those layers run against it, and a failing run means
the mutant was killed. A full cosmic-ray session is several thousand mutants, hours on two
cores, so by default a seeded random sample of them is run (``--sample``); every rule-pack
mutant is always run. The result is written as JSON (``--out``) and summarised on stdout,
survivors listed with their diffs, for ``bench/README.md``.

    python bench/mutation.py                       # 60 sampled code mutants + every rule mutant
    python bench/mutation.py --sample 0            # rule-pack mutants only
    python bench/mutation.py --sample all          # every code mutant (hours)

Needs ``pip install cosmic-ray``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MODULES = ["numcheck/checks", "numcheck/read", "numcheck/engine/stories.py"]
#: The tests that exercise the mutated layers, fastest-killing first (``-x`` stops at the first
#: failure, so a killed mutant costs seconds; a survivor costs the whole list).
TESTS = [
    "tests/test_rule_examples.py", "tests/test_rule_boundaries.py", "tests/test_checks_arith.py",
    "tests/test_checks_story.py", "tests/test_expected_readings.py", "tests/test_story_linking.py",
    "tests/test_reading.py", "tests/test_seed_claims.py", "tests/test_seeds.py", "tests/test_tables.py",
    "tests/test_stats_paragraphs.py", "tests/test_report_checks.py", "tests/test_golden.py",
]
#: Speed and corpus-wide tests of the extraction layer: they cannot see a mutant in the
#: layers under test and cost most of a survivor's run.
DESELECT = "not speed and not pathological and not keyed_scan and not whole_corpus and not never_raises"
#: The boundary and guard meta-tests kill most rule mutants within seconds, so they go first.
RULE_TESTS = ["tests/test_rule_boundaries.py", "tests/test_rule_examples.py"]
#: Parameters that select what a rule checks rather than how loosely (not scaled).
SELECTORS = {"check", "points", "modes"}


def _pytest(tests: list[str], deselect: str | None = None) -> list[str]:
    cmd = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "--timeout", "600", *tests]
    if deselect:
        cmd += ["-k", deselect]
    return cmd


def make_copy(work: Path) -> Path:
    """A copy of the checkout's tracked files (as they are on disk) at ``work/repo``, with
    ``work/shared`` pointing at the real ``../shared``."""
    files = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True,
                           text=True).stdout.split("\0")
    dst = work / "repo"
    for name in filter(None, files):
        src = REPO / name
        if src.is_file():
            target = dst / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, target)
    shared = REPO.parent / "shared"
    if shared.is_dir():
        (work / "shared").symlink_to(shared)
    # the package maps numcheck.rules to rules/ (pyproject's package-dir); an editable install
    # would resolve it to the original checkout, so the copy carries it inside its package
    (dst / "numcheck" / "rules").symlink_to(dst / "rules", target_is_directory=True)
    probe = subprocess.run(
        [sys.executable, "-c", "import numcheck; from numcheck.engine import default_pack_path; "
         "print(numcheck.__file__); print(default_pack_path().resolve())"],
        cwd=dst, capture_output=True, text=True, check=True).stdout.split()
    if not all(p.startswith(str(dst.resolve())) or p.startswith(str(dst)) for p in probe):
        raise SystemExit(f"the copy imports numcheck or its rules from elsewhere: {probe}")
    return dst


# ---- rule-pack mutants ---------------------------------------------------------------------------

def rule_mutants(rules_dir: Path) -> list[tuple[str, Path, str]]:
    """``(description, file, mutated text)`` for every rule-pack mutant."""
    import yaml

    out = []
    for path in sorted(rules_dir.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        code = data["code"]
        if "when" in data:
            mutated = re.sub(r"(?m)^when:.*\n", "", text, count=1)
            out.append((f"{code}: `when` dropped", path, mutated))
        for name, value in (data.get("params") or {}).items():
            if name in SELECTORS:
                continue
            line = re.compile(rf"(?m)^(  {re.escape(name)}:[ ]*)(\S+)[ ]*$")
            if line.search(text) is None:
                continue
            if isinstance(value, bool):
                changes = [("flipped", str(not value).lower())]
            elif isinstance(value, (int, float)):
                if value == 0:
                    changes = [("+1", "1"), ("-1", "-1")]
                elif isinstance(value, int):
                    changes = [("x4", str(value * 4)), ("/4", str(max(value // 4, 0)))]
                else:
                    changes = [("x4", repr(value * 4)), ("/4", repr(value / 4))]
            else:
                continue
            for label, new in changes:
                mutated = line.sub(lambda m, new=new: m.group(1) + new, text, count=1)
                out.append((f"{code}: {name} {value} -> {new} ({label})", path, mutated))
    return out


def run_rule_mutants(repo: Path) -> list[dict]:
    results = []
    for desc, path, mutated in rule_mutants(repo / "rules" / "default"):
        original = path.read_text(encoding="utf-8")
        path.write_text(mutated, encoding="utf-8")
        try:
            started = time.monotonic()
            proc = subprocess.run(_pytest(RULE_TESTS), cwd=repo, capture_output=True, text=True)
            killed = proc.returncode != 0
            failed = [ln.split()[1] for ln in proc.stdout.splitlines() if ln.startswith("FAILED")]
            results.append({"mutant": desc, "file": str(path.relative_to(repo)), "killed": killed,
                            "by": failed[:1], "seconds": round(time.monotonic() - started, 1)})
            print(f"{'killed ' if killed else 'SURVIVED'} {desc}", flush=True)
        finally:
            path.write_text(original, encoding="utf-8")
    return results


# ---- code mutants (cosmic-ray) ---------------------------------------------------------------------

def run_code_mutants(repo: Path, sample: int | None, seed: int) -> tuple[list[dict], int]:
    """Run cosmic-ray over ``MODULES`` (a seeded sample of ``sample`` mutants, or all); return
    the results and the number of mutants the full session has."""
    from cosmic_ray.work_db import WorkDB, use_db

    cmd = " ".join(_quote(a) for a in _pytest(TESTS, DESELECT))
    config = repo / "cosmic-ray.toml"
    config.write_text(
        "[cosmic-ray]\n"
        f"module-path = {json.dumps(MODULES)}\n"
        "timeout = 900.0\n"
        "excluded-modules = []\n"
        f"test-command = {json.dumps(cmd)}\n\n"
        "[cosmic-ray.distributor]\nname = \"local\"\n", encoding="utf-8")
    session = repo / "session.sqlite"
    cr = [sys.executable, "-m", "cosmic_ray.cli"]
    subprocess.run([*cr, "init", str(config), str(session)], cwd=repo, check=True)
    with use_db(str(session), WorkDB.Mode.open) as db:
        items = list(db.pending_work_items)
        total = len(items)
        if sample is not None and sample < total:
            keep = random.Random(seed).sample(items, sample)
            db.clear()
            db.add_work_items(keep)
    baseline = subprocess.run(_pytest(TESTS, DESELECT), cwd=repo, capture_output=True, text=True)
    if baseline.returncode != 0:
        raise SystemExit("the tests fail on the unmutated copy:\n" + baseline.stdout[-3000:])
    # the session file sits outside the copy's clean-up until the end: a run cut short can be
    # summarised with --report SESSION
    print(f"cosmic-ray session: {session}", flush=True)
    subprocess.run([*cr, "exec", str(config), str(session)], cwd=repo, check=True)
    return session_results(session), total


def session_results(session: Path) -> list[dict]:
    """The finished mutants of a cosmic-ray session file (also of a run cut short)."""
    from cosmic_ray.work_db import WorkDB, use_db

    results = []
    with use_db(str(session), WorkDB.Mode.open) as db:
        for item, result in db.completed_work_items:
            m = item.mutations[0]
            results.append({
                "mutant": f"{m.module_path}:{m.start_pos[0]} {m.operator_name} #{m.occurrence}",
                "killed": bool(result.is_killed),
                "outcome": str(result.test_outcome), "worker": str(result.worker_outcome),
                "diff": result.diff if not result.is_killed else None,
            })
    return results


def _quote(arg: str) -> str:
    return arg if re.fullmatch(r"[\w./:=+-]+", arg) else json.dumps(arg)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sample", default="60", help="code mutants to run: a number, 0, or 'all'")
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--out", default=str(REPO / "bench" / "mutation-results.json"))
    ap.add_argument("--keep", action="store_true", help="keep the working copy")
    ap.add_argument("--report", metavar="SESSION", help="only summarise the code mutants of an "
                    "existing cosmic-ray session file (a run cut short included)")
    args = ap.parse_args(argv)
    if args.report:
        rows = session_results(Path(args.report))
        killed = sum(r["killed"] for r in rows)
        print(json.dumps({"mutants": len(rows), "killed": killed,
                          "score": round(killed / len(rows), 3) if rows else None}))
        for r in rows:
            if not r["killed"]:
                print(f"SURVIVED {r['mutant']}\n  " + "\n  ".join((r["diff"] or "").splitlines()[2:12]))
        return 0
    sample = None if args.sample == "all" else int(args.sample)
    # a SIGTERM unwinds like Ctrl-C, so the working copy is removed either way
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    work = Path(tempfile.mkdtemp(prefix="numcheck-mutation-"))
    try:
        repo = make_copy(work)
        started = time.monotonic()
        rules = run_rule_mutants(repo)
        code, total = run_code_mutants(repo, sample, args.seed) if sample != 0 else ([], 0)
        summary = {}
        for name, rows in (("rules", rules), ("code", code)):
            killed = sum(r["killed"] for r in rows)
            summary[name] = {"mutants": len(rows), "killed": killed,
                             "score": round(killed / len(rows), 3) if rows else None}
        allrows = rules + code
        summary["all"] = {"mutants": len(allrows), "killed": sum(r["killed"] for r in allrows),
                          "score": round(sum(r["killed"] for r in allrows) / len(allrows), 3)}
        summary["code_session_size"] = total
        summary["sample"] = args.sample
        summary["seed"] = args.seed
        summary["minutes"] = round((time.monotonic() - started) / 60, 1)
        Path(args.out).write_text(json.dumps({"summary": summary, "rules": rules, "code": code},
                                             indent=1) + "\n", encoding="utf-8")
        print(json.dumps(summary, indent=1))
        for r in allrows:
            if not r["killed"]:
                print(f"SURVIVED {r['mutant']}")
                if r.get("diff"):
                    print("  " + "\n  ".join(r["diff"].splitlines()[2:12]))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"working copy kept at {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
