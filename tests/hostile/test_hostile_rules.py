"""Hostile rule packs: each attack is refused at load time with ``path:line:col`` or bounded at
evaluation with a clear error; none reads a file, imports a module or runs a command, and none
takes long.

Every hostile input is generated here (nothing large is committed). Three independent guards
watch each case:

* a process audit hook (PEP 578) records ``open``, ``import``, ``os.system``, ``subprocess``,
  ``exec`` and ``socket`` events while a case runs; only the case's own pack files may be opened;
* ``builtins.open``/``io.open`` are wrapped to record what is opened, and ``sys.modules`` is
  compared before and after;
* a profile hook counts Python function calls (a deterministic work bound), with a generous
  wall-clock bound as a sanity check only.
"""

from __future__ import annotations

import builtins
import io
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from numcheck.checks.base import KindSpec, Params
from numcheck.engine import expr as expr_mod
from numcheck.engine.expr import Expression, ExpressionError
from numcheck.engine.pack import MAX_FILE_BYTES, format_problems, load_packs


class ToleranceParams(Params):
    """Params of the stand-in kind."""

    tolerance: float = 0.0


def _never(docs, params):
    return iter(())


KINDS = {"product": KindSpec("product", ToleranceParams, _never)}

#: Python function calls one hostile load or evaluation may make (a valid rule takes ~10k).
CALL_BUDGET = 400_000
#: Wall-clock sanity bound, seconds. The real bound is the call budget.
WALL_BUDGET = 5.0

_WATCHED = ("open", "import", "os.system", "os.exec", "os.posix_spawn", "os.spawn",
            "subprocess.Popen", "exec", "socket.connect", "shutil", "os.remove", "os.rename")
_state = threading.local()
_HOOK_INSTALLED = False


def _audit(event: str, args: tuple) -> None:
    log = getattr(_state, "log", None)
    if log is not None and event.startswith(_WATCHED):
        log.append((event, args[0] if args else None))


@contextmanager
def guarded(allowed: tuple[Path, ...] = ()):
    """Run the body under every guard; yields a dict filled with what was observed."""
    global _HOOK_INSTALLED
    if not _HOOK_INSTALLED:
        # Audit hooks cannot be removed; this one only records while a guard is active.
        sys.addaudithook(_audit)
        _HOOK_INSTALLED = True
    seen: dict = {"events": [], "opened": [], "calls": 0}
    real_open, real_io_open = builtins.open, io.open

    def spy_open(file, *args, **kwargs):
        seen["opened"].append(str(file))
        return real_open(file, *args, **kwargs)

    calls = [0]

    def profiler(frame, event, arg):
        if event == "call":
            calls[0] += 1

    modules_before = set(sys.modules)
    builtins.open = io.open = spy_open  # type: ignore[assignment]
    _state.log = seen["events"]
    start = time.perf_counter()
    sys.setprofile(profiler)
    try:
        yield seen
    finally:
        sys.setprofile(None)
        seen["seconds"] = time.perf_counter() - start
        _state.log = None
        builtins.open, io.open = real_open, real_io_open  # type: ignore[assignment]
        seen["calls"] = calls[0]
        seen["new_modules"] = sorted(set(sys.modules) - modules_before)
    allowed_names = {str(p) for p in allowed}
    opened = [e[1] for e in seen["events"] if e[0] == "open"]
    assert all(str(o) in allowed_names for o in opened + seen["opened"]), (opened, seen["opened"])
    others = [e for e in seen["events"] if e[0] != "open"]
    assert others == [], others
    assert seen["new_modules"] == [], seen["new_modules"]
    assert seen["calls"] < CALL_BUDGET, seen["calls"]
    assert seen["seconds"] < WALL_BUDGET, seen["seconds"]


GOOD = """\
code: NC201
name: per-side-times-sides-mismatch
kind: product
severity: error
message: "{part} per side × {count} sides = {expected}, but the text says {stated}"
description: A per-side figure times the sides disagrees with the total.
params: {tolerance: 0.0}
when: "not primary.boilerplate"
examples:
  flag: ["one"]
  pass: ["two"]
"""


@pytest.fixture(autouse=True, scope="module")
def warm_up(tmp_path_factory):
    """Load a valid pack once so that lazy imports happen before any guard is watching."""
    path = tmp_path_factory.mktemp("warm") / "r.yaml"
    path.write_text(GOOD, encoding="utf-8")
    rules, problems = load_packs([path], KINDS)
    assert len(rules) == 1 and problems == ()
    bad = path.with_name("bad.yaml")
    bad.write_text("a: &x [1]\nb: *x\nc: !!binary aGk=\nd:\n\t- 1\n", encoding="utf-8")
    load_packs([bad], KINDS)
    for source in ("x + 1", "1/0", "x.y"):
        try:
            Expression(source).evaluate({"x": 1})
        except ExpressionError:
            pass


def load_guarded(path: Path):
    with guarded(allowed=(path,)) as seen:
        rules, problems = load_packs([path], KINDS)
    return rules, problems, seen


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


# --- YAML attacks --------------------------------------------------------------------------


def test_duplicate_keys_name_both_lines(tmp_path):
    text = GOOD + "kind: product\n"
    path = tmp_path / "dup.yaml"
    path.write_text(text, encoding="utf-8")
    rules, problems, _ = load_guarded(path)
    assert rules == ()
    (p,) = problems
    assert (p.line, p.column) == (12, 1) and "duplicate key 'kind' (first at line 3)" in p.message
    assert format_problems(problems).startswith(f"{path}:12:1: duplicate key")


def test_tab_indentation_is_reported_at_its_mark(tmp_path):
    text = GOOD.replace('  flag: ["one"]', '\tflag: ["one"]')
    path = tmp_path / "tabs.yaml"
    path.write_text(text, encoding="utf-8")
    rules, problems, _ = load_guarded(path)
    assert rules == ()
    (p,) = problems
    assert p.line == 10 and p.column >= 1 and "tab" in p.message


def test_billion_laughs_is_refused_without_expanding(tmp_path):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    path = tmp_path / "lol.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rules, problems, seen = load_guarded(path)
    assert rules == ()
    assert problems[0].message.startswith("anchors are not allowed") and problems[0].line == 1
    assert any(p.message.startswith("aliases are not allowed") and p.line == 2 for p in problems)
    assert any("stopped reading" in p.message for p in problems)
    assert len(problems) < 60


def test_recursive_alias_is_refused(tmp_path):
    path = tmp_path / "loop.yaml"
    path.write_text("a: &a [*a, *a]\n", encoding="utf-8")
    rules, problems, _ = load_guarded(path)
    assert rules == () and {p.line for p in problems} == {1}


@pytest.mark.parametrize(
    "value",
    [
        '!!python/object/apply:os.system ["touch {marker}"]',
        "!!python/object/new:os.system [\"touch {marker}\"]",
        "!!python/name:os.system",
        '!!python/object:builtins.open {{file: "{marker}"}}',
        "!!binary dG91Y2g=",
        "!!set {{a, b}}",
        "!custom 12",
    ],
)
def test_non_standard_tags_never_reach_a_constructor(tmp_path, value):
    marker = tmp_path / "pwned"
    text = GOOD.replace('params: {tolerance: 0.0}', "params: " + value.format(marker=marker))
    path = tmp_path / "tag.yaml"
    path.write_text(text, encoding="utf-8")
    rules, problems, _ = load_guarded(path)
    assert rules == () and not marker.exists()
    tag_problems = [p for p in problems if p.message.startswith("tag ")]
    assert tag_problems and tag_problems[0].line == 7 and tag_problems[0].column == 9


def test_unknown_keys_and_wrong_types(tmp_path):
    text = GOOD.replace("severity: error", "severity: [error]") + "exec: \"os.system('id')\"\n"
    path = tmp_path / "keys.yaml"
    path.write_text(text, encoding="utf-8")
    rules, problems, _ = load_guarded(path)
    assert rules == ()
    assert [(p.line, p.column) for p in problems] == [(4, 11), (12, 1)]
    assert "unknown key 'exec'" in problems[1].message


@pytest.mark.parametrize("depth", [33, 1_001, 100_000])
def test_deep_nesting_stops_early(tmp_path, depth):
    # 1,001 is past libyaml's own flow-depth limit (PyYAML >= 6.0.4), 33 is below it: the
    # outcome must be the same whatever the installed PyYAML stops on by itself.
    path = tmp_path / "deep.yaml"
    path.write_text("a: " + "[" * depth + "]" * depth + "\n", encoding="utf-8")
    rules, problems, seen = load_guarded(path)
    assert rules == ()
    (p,) = problems
    assert p.message == "nested deeper than 32 levels; stopped reading this file"
    assert (p.line, p.column) == (1, 4 + 32)


def test_deep_nesting_in_the_cli_is_one_line_exit_2(tmp_path):
    """Through the real command line: exit 2, one line naming the pack, no traceback."""
    import subprocess

    pack = tmp_path / "deep.yaml"
    pack.write_text("a: " + "{x: " * 5_000 + "}" * 5_000 + "\n", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("Of the 37 dead, 21 were found in the north and 19 in the south.\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "numcheck", "check", "--no-config", "--rules", str(pack), str(article)],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and str(pack) in lines[0] and ":1:" in lines[0], lines
    assert "nested deeper than 32 levels" in lines[0]


def test_block_nesting_stops_early(tmp_path):
    path = tmp_path / "deep_block.yaml"
    path.write_text("".join(" " * i + "- \n" for i in range(1300)), encoding="utf-8")
    rules, problems, _ = load_guarded(path)
    assert rules == () and "deeper than" in problems[0].message


def test_over_one_megabyte_is_refused_unread(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"# " + b"x" * MAX_FILE_BYTES + b"\n")
    rules, problems, _ = load_guarded(path)
    assert rules == () and "larger than" in problems[0].message


def test_a_megabyte_of_non_rules_is_capped(tmp_path):
    path = tmp_path / "many.yaml"
    path.write_text("- 1\n" * 200_000, encoding="utf-8")
    with guarded(allowed=(path,)) as _seen:
        rules, problems = load_packs([path], KINDS)
    assert rules == () and len(problems) < 300
    assert any("stopped" in p.message for p in problems)


def test_control_characters_are_reported(tmp_path):
    path = tmp_path / "ctl.yaml"
    path.write_text("code: NC201\nname: a\x07b\n", encoding="utf-8")
    rules, problems, _ = load_guarded(path)
    assert rules == () and problems[0].line == 2


# --- expression and template attacks ---------------------------------------------------------

HOSTILE_WHEN = [
    "__class__",
    "().__class__.__subclasses__()",
    "().__class__.__bases__[0].__subclasses__()",
    "__import__('os')",
    "__import__('os').system('id')",
    "getattr(x, 'y')",
    "lambda: 1",
    "[x for x in y]",
    "open('/etc/passwd')",
    "open('/etc/passwd').read()",
    "9**9**9",
    "'a'*10**9",
    "(" * 1000 + "1" + ")" * 1000,
    "(" * 300 + "1" + ")" * 300,
    "-" * 500 + "1",
    "x.__init__.__globals__",
    "primary.boilerplate.__class__",
    "str.format",
    "'{0.__class__}'.format(1)",
    "[c for c in ().__class__.__base__.__subclasses__()]",
    "(lambda: 0).__code__",
    "eval('1')",
    "exec('import os')",
    "x if True else __import__('os')",
    "'%999999999d' % 1",
    "round(1.5, -10**9)",
    "max(x, key=len)",
    "f'{x.__class__}'",
    "(y := 1)",
]


@pytest.mark.parametrize("source", HOSTILE_WHEN, ids=range(len(HOSTILE_WHEN)))
def test_hostile_when_is_refused_at_load_with_position(tmp_path, source):
    quoted = '"' + source.replace("\\", "\\\\").replace('"', '\\"') + '"'
    text = GOOD.replace('when: "not primary.boilerplate"', f"when: {quoted}")
    path = tmp_path / "when.yaml"
    path.write_text(text, encoding="utf-8")
    rules, problems, _ = load_guarded(path)
    assert rules == ()
    (p,) = problems
    assert p.message.startswith("bad 'when' condition"), p.message
    assert p.line == 8 and 7 <= p.column <= 7 + len(quoted)
    assert format_problems(problems).startswith(f"{path}:8:{p.column}: bad 'when' condition")


@pytest.mark.parametrize(
    "template",
    ["{0.__class__}", "{x.__class__.__init__.__globals__}", "{x[0]}", "{x:>999999999}",
     "{x:{y}}", "{}", "unbalanced {x"],
)
def test_hostile_message_templates_are_refused(tmp_path, template):
    text = GOOD.replace(
        'message: "{part} per side × {count} sides = {expected}, but the text says {stated}"',
        f'message: "{template}"',
    )
    path = tmp_path / "msg.yaml"
    path.write_text(text, encoding="utf-8")
    rules, problems, _ = load_guarded(path)
    assert rules == ()
    (p,) = problems
    assert p.line == 5 and p.column >= 10 and p.text


@pytest.mark.parametrize(
    "source, names, fragment",
    [
        ("x ** y", {"x": 9, "y": 9**9}, "larger than"),
        ("x ** y", {"x": 4_000_000, "y": 4_000_000}, "larger than"),
        ("s * n", {"s": "a", "n": 10**9}, "longer than"),
        ("s * n", {"s": ["a"], "n": 10**9}, "repeating a list"),
        ("s + s", {"s": "a" * 6000}, "longer than"),
        ("n * n * n", {"n": 2**2000}, "larger than"),
        ("s % n", {"s": "%999999999d", "n": 1}, "formatting"),
        ("[[x] * n] * n == [[x] * n] * n", {"x": 1, "n": 9999}, "repeating a list"),
        ("str(l)", {"l": [1, 2]}, "str() takes"),
        ("int(s)", {"s": "9" * 5000}, "ValueError"),
        ("x.__class__", {"x": 1}, None),
        ("primary.nope", {"primary": {}}, "no field"),
        ("primary.items", {"primary": {}}, "no field"),
        ("m.run", {"m": object()}, "cannot read .run"),
        ("f.x", {"f": open}, "forbidden"),
    ],
)
def test_hostile_values_are_bounded_at_evaluation(source, names, fragment):
    try:
        e = Expression(source)
    except ExpressionError as exc:
        assert fragment is None, exc
        return
    with guarded():
        with pytest.raises(ExpressionError) as info:
            e.evaluate(names)
    assert fragment is not None and fragment in info.value.message
    ev = expr_mod._evaluator()
    assert ev.ops <= expr_mod.MAX_OPERATIONS


def test_module_in_names_is_not_reachable():
    import os

    with guarded():
        with pytest.raises(ExpressionError):
            Expression("m.system").evaluate({"m": os})
        with pytest.raises(ExpressionError):
            Expression("len(m)").evaluate({"m": os})
