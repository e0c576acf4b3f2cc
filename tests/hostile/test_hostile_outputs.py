"""Outputs never replace what they shouldn't, and never carry control characters to people
(issue 16, items 10-11; issue 11, item 6).

Device tests never touch the machine's own /dev/null: as root they make a character device with
the same numbers in ``tmp_path`` (``mknod``), so a regression replaces only that node.
"""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import pytest

from hostile_support import GOOD, cli, check

CHECK = ("check", "good.md", "--no-config", "--progress", "never", "--color", "never")


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    return tmp_path


def _null_device(folder: Path) -> Path:
    """A character device like /dev/null (1, 3), made in ``folder``; skips where not allowed."""
    path = folder / "null"
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (AttributeError, PermissionError, OSError) as exc:
        pytest.skip(f"cannot make a device node here: {exc}")
    return path


# ---- item 10: what an output may replace -------------------------------------------------------

@pytest.mark.parametrize("flag, fmt, code", [("-o", "json", 1), ("-o", "jsonl", 1),
                                             ("--write-baseline", "text", 0)])
def test_output_to_a_device_writes_into_it_and_never_replaces_it(desk: Path, flag: str, fmt: str,
                                                                 code: int) -> None:
    device = _null_device(desk)
    run = cli(desk, *CHECK, "--format", fmt, flag, str(device))
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr, run.stderr
    assert run.code == code, run.stderr  # a baseline just written accepts what it holds
    mode = os.lstat(device).st_mode
    assert stat.S_ISCHR(mode), "the device was replaced by a regular file"
    assert [p.name for p in desk.iterdir() if p.name.startswith(".")] == [], "temporary file left"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_output_to_a_fifo_streams_into_it(desk: Path) -> None:
    fifo = desk / "report.fifo"
    os.mkfifo(fifo)
    got: dict = {}

    def read() -> None:
        with open(fifo, encoding="utf-8") as fh:
            got["text"] = fh.read()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    run = cli(desk, *CHECK, "--format", "json", "-o", str(fifo), timeout=60)
    reader.join(30)
    assert run.code == 1, run.stderr
    assert json.loads(got["text"])["anomalies"][0]["code"] == "NC601"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.mark.skipif(not os.path.exists("/dev/fd"), reason="needs /dev/fd")
@pytest.mark.parametrize("target", ["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1", "link"])
@pytest.mark.parametrize("flag", ["-o", "--write-baseline"])
def test_output_to_standard_output_appends_to_the_callers_file(desk: Path, target: str,
                                                               flag: str) -> None:
    """``-o /dev/stdout >> ci.log`` writes the report after what ci.log holds: the path names
    the caller's stream, which is written through, never renamed over (ci.log used to be
    replaced by the report alone) nor reopened (that would truncate it)."""
    import subprocess
    import sys

    from hostile_support import clean_env

    if target == "link":
        os.symlink("/dev/stdout", desk / "link")
    if target.startswith("/proc/") and not os.path.exists("/proc/self/fd"):
        pytest.skip("needs /proc")
    log = desk / "ci.log"
    log.write_text("earlier step\n", encoding="utf-8")
    before = log.stat().st_ino
    with open(log, "a", encoding="utf-8") as out:
        proc = subprocess.run([sys.executable, "-m", "numcheck", *CHECK, "--format", "concise",
                               flag, target], cwd=desk, stdout=out, stderr=subprocess.PIPE,
                              encoding="utf-8", timeout=120, env=clean_env())
    assert proc.returncode == (1 if flag == "-o" else 0), proc.stderr
    assert "Traceback" not in proc.stderr
    text = log.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n") and log.stat().st_ino == before, text
    assert ("good.md:5:109: NC601" if flag == "-o" else '"baseline": 1') in text, text


@pytest.mark.skipif(not os.path.exists("/dev/fd"), reason="needs /dev/fd")
def test_output_to_another_descriptor(desk: Path) -> None:
    """``-o /dev/fd/N`` writes into descriptor N as the caller opened it; a descriptor that is
    not open is one line and exit 2, before the run."""
    import subprocess
    import sys

    from hostile_support import clean_env

    log = desk / "fd.log"
    log.write_text("kept\n", encoding="utf-8")
    with open(log, "a", encoding="utf-8") as out:
        fd = out.fileno()
        proc = subprocess.run([sys.executable, "-m", "numcheck", *CHECK, "--format", "concise",
                               "-o", f"/dev/fd/{fd}"], cwd=desk, pass_fds=(fd,),
                              capture_output=True, encoding="utf-8", timeout=120, env=clean_env())
    assert proc.returncode == 1 and proc.stdout == "", proc.stdout + proc.stderr
    assert log.read_text(encoding="utf-8").startswith("kept\ngood.md:5:109: NC601")
    run = cli(desk, *CHECK, "-o", "/dev/fd/97")
    assert (run.code, run.error_lines()) == (2, ["numcheck: /dev/fd/97: file descriptor 97 is "
                                                 "not open"])
    # standard input read from the article itself: refused, and the article is left alone
    before = (desk / "good.md").read_bytes()
    with open(desk / "good.md", "rb") as article:
        proc = subprocess.run([sys.executable, "-m", "numcheck", *CHECK, "-o", "/dev/stdin"],
                              cwd=desk, stdin=article, capture_output=True, encoding="utf-8",
                              timeout=120, env=clean_env())
    assert proc.returncode == 2 and proc.stderr == ("numcheck: /dev/stdin: file descriptor 0 is "
                                                    "open for reading only\n"), proc.stderr
    assert (desk / "good.md").read_bytes() == before


def test_dash_is_standard_output(desk: Path) -> None:
    run = cli(desk, *CHECK, "--format", "json", "-o", "-")
    assert run.code == 1 and json.loads(run.stdout)["summary"]["anomalies"] == 1
    assert not (desk / "-").exists()


def test_rewrite_keeps_the_mode_and_the_old_inode_for_hard_links(desk: Path) -> None:
    target = desk / "report.json"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    link = desk / "link.json"
    os.link(target, link)
    run = cli(desk, *CHECK, "--format", "json", "-o", "report.json")
    assert run.code == 1, run.stderr
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["anomalies"] == 1
    # documented: the rename gives the path a new file; another hard link keeps the old one
    assert link.read_text(encoding="utf-8") == "old\n"


def test_symlinked_output_writes_its_target(desk: Path) -> None:
    (desk / "real.json").write_text("old\n", encoding="utf-8")
    os.symlink("real.json", desk / "link.json")
    run = cli(desk, *CHECK, "--format", "json", "-o", "link.json")
    assert run.code == 1, run.stderr
    assert os.path.islink(desk / "link.json")
    assert json.loads((desk / "real.json").read_text(encoding="utf-8"))["summary"]["anomalies"] == 1


@pytest.mark.parametrize("flag", ["-o", "--write-baseline"])
@pytest.mark.parametrize("target, message", [
    ("folder", "folder: is a directory; give a file name"),
    ("folder/", "folder/: is a directory; give a file name"),
    ("nodir/r.txt", "nodir/r.txt: no such directory 'nodir'"),
    ("good.md/x.json", "good.md/x.json: cannot write: a part of the path is not a directory"),
])
def test_outputs_that_cannot_be_written_are_one_line_and_exit_2(desk: Path, flag: str, target: str,
                                                               message: str) -> None:
    (desk / "folder").mkdir()
    (desk / "folder" / "keep.txt").write_text("x", encoding="utf-8")
    run = cli(desk, *CHECK, "--format", "json", flag, target)
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr, run.stderr
    assert (run.code, run.error_lines()) == (2, [f"numcheck: {message}"])
    assert run.stdout == ""  # refused before the run, not after it
    assert sorted(p.name for p in (desk / "folder").iterdir()) == ["keep.txt"]


@pytest.mark.parametrize("command", [("extract", "good.md"),
                                     ("check", "news.jsonl", "--format", "jsonl", "--no-config")])
def test_no_such_directory_on_every_output_path(desk: Path, command: tuple) -> None:
    (desk / "news.jsonl").write_text(json.dumps({"id": "a", "text": "About 5 came."}) + "\n",
                                     encoding="utf-8")
    run = cli(desk, *command, "-o", "nodir/out")
    assert (run.code, run.error_lines()) == (2, ["numcheck: nodir/out: no such directory 'nodir'"])


# ---- item 11: control characters and workflow commands -----------------------------------------

HOSTILE_TEXT = ("---\ndate: 2020-03-20\ntitle: \"Evil \\e]0;pwned\\a title\"\n---\n"
                "Earlier this month, crews pulled 38 hikers off the ridge in a March 2 "
                "operation, the second such airlift in 2019. Photos \x1b[2J\x07by 2 \u202estaff\u202c "
                "members.\n")
PACK = """code: XX601
name: hostile-message
kind: anchored_year
severity: error
message: "\\e[31m{year_text}\\a \\u202e red"
description: A rule whose message carries escapes.
examples:
  flag:
    - text: "Earlier this month, crews pulled 38 hikers off the ridge in a March 2 operation, the second such airlift in 2019."
      date: 2020-03-20
  pass:
    - text: "Earlier this month, crews pulled 38 hikers off the ridge in a March 2 operation, the first in 2020."
      date: 2020-03-20
"""

RAW = ("\x1b", "\x07", "\u202e", "\u202c")


@pytest.mark.parametrize("fmt", ["text", "concise", "markdown", "github", "junit", "html"])
def test_no_raw_control_characters_reach_people(tmp_path: Path, fmt: str) -> None:
    (tmp_path / "evil\x1b[31m.md").write_text(HOSTILE_TEXT, encoding="utf-8")
    (tmp_path / "pack.yaml").write_text(PACK, encoding="utf-8")
    run = cli(tmp_path, "check", ".", "missing\x07.md", "--rules", "pack.yaml", "--no-config",
              "--format", fmt, "--color", "never", "--progress", "never")
    assert run.code == 2, run.stderr
    for ch in RAW:
        assert ch not in run.stdout, (fmt, repr(ch))
        assert ch not in run.stderr, (fmt, repr(ch))
    assert "XX601" in run.stdout and "\u241b" in run.stdout  # shown as the control picture ␛
    assert "missing\u2407.md" in run.stderr


def test_colour_output_keeps_its_own_escapes_only(tmp_path: Path) -> None:
    (tmp_path / "evil.md").write_text(HOSTILE_TEXT, encoding="utf-8")
    run = cli(tmp_path, "check", "evil.md", "--no-config", "--format", "text", "--color", "always")
    assert run.code == 1
    import re

    leftover = re.sub(r"\x1b\[[0-9;]*m", "", run.stdout)  # rich's styles are numcheck's own
    assert not any(ch in leftover for ch in RAW), repr(leftover)


@pytest.mark.skipif(os.name != "posix", reason="needs a newline in a file name")
@pytest.mark.parametrize("fmt", ["text", "markdown", "junit", "html", "json", "sarif"])
def test_no_output_line_is_a_workflow_command(tmp_path: Path, fmt: str) -> None:
    name = "a\n::error file=ci.yml::pwned.md"
    (tmp_path / name).write_text(
        "---\ndate: 2020-03-20\n---\nEarlier this month, crews pulled 38 hikers off the ridge "
        "in a March 2\n::warning::operation, the second such airlift in 2019.\n", encoding="utf-8")
    run = cli(tmp_path, "check", name, "missing\n::error::x.md", "--no-config", "--format", fmt,
              "--color", "never", "--progress", "never")
    assert run.code == 2, run.stderr
    for line in (run.stdout + run.stderr).splitlines():
        assert not line.lstrip().startswith("::"), (fmt, line)


def _no_raw(output: str) -> None:
    for ch in RAW:
        assert ch not in output, (repr(ch), output[:3000])


def test_extract_table_shows_file_names_and_text_safely(tmp_path: Path) -> None:
    """``numcheck extract`` prints a table of claims under each file name: the names and the
    claims' text are escaped, and a name in rich's markup ("x[/b].md") is shown as written
    (it used to end the run with an internal error, and "[red]" vanished from a name)."""
    (tmp_path / "evil\x1b[31m\u202e.md").write_text(HOSTILE_TEXT, encoding="utf-8")
    (tmp_path / "x[").mkdir()
    (tmp_path / "x[" / "b].md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "x[red]y.md").write_text(GOOD, encoding="utf-8")
    run = cli(tmp_path, "extract", "evil\x1b[31m\u202e.md", "x[/b].md", "x[red]y.md",
              "--relations")
    assert run.code == 0 and run.stderr == "", run.stderr
    _no_raw(run.stdout)
    assert "evil\u241b[31m\ufffd.md  (date 2020-03-20" in run.stdout
    assert "x[/b].md  (date 2020-03-20" in run.stdout
    assert "x[red]y.md  (date 2020-03-20" in run.stdout
    assert "evil\u241b[31m\ufffd.md: reading" in run.stdout


@pytest.mark.skipif(os.name != "posix", reason="needs a newline in a file name")
def test_extract_table_never_prints_a_workflow_command(tmp_path: Path) -> None:
    name = "::error file=ci.yml::pwned.md"
    (tmp_path / name).write_text(GOOD, encoding="utf-8")
    run = cli(tmp_path, "extract", name)
    assert run.code == 0, run.stderr
    assert ": :error file=ci.yml::pwned.md  (date 2020-03-20" in run.stdout
    for line in run.stdout.splitlines():
        assert not line.lstrip().startswith("::"), line


def test_rules_commands_escape_pack_text(tmp_path: Path) -> None:
    """``rules show``, ``rules list`` and ``rules test`` print a pack's message, description and
    examples: a hostile pack's escapes are shown, not obeyed."""
    failing = PACK.replace("the first in 2020.", "the second such airlift in 2019. \\e[2J\\u202e")
    (tmp_path / "pack.yaml").write_text(failing.replace(
        "description: A rule whose message carries escapes.",
        'description: "\\e]0;pwned\\a\\n::error::described"'), encoding="utf-8")
    show = cli(tmp_path, "rules", "show", "XX601", "--rules", "pack.yaml")
    assert show.code == 0, show.stderr
    _no_raw(show.stdout)
    assert "message:  \u241b[31m{year_text}\u2407 \ufffd red" in show.stdout
    assert not any(ln.lstrip().startswith("::") for ln in show.stdout.splitlines()), show.stdout
    listed = cli(tmp_path, "rules", "list", "--rules", "pack.yaml")
    assert listed.code == 0 and "XX601" in listed.stdout
    tested = cli(tmp_path, "rules", "test", "pack.yaml")
    assert tested.code == 1, tested.stdout + tested.stderr
    assert "XX601 pass example is flagged" in tested.stdout
    _no_raw(tested.stdout)
    assert "XX601: \u241b[31m\"2019\"\u2407 \ufffd red" in tested.stdout


def test_pytest_plugin_failure_escapes_file_names(tmp_path: Path) -> None:
    """The plugin's one-line failure summary names the file: its controls are escaped too."""
    import subprocess
    import sys

    from hostile_support import clean_env

    (tmp_path / "evil\x1b]0;pwned\x07.md").write_text(HOSTILE_TEXT, encoding="utf-8")
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "pytest", "--numcheck", ".", "-q", "-rf",
                           "-p", "no:cacheprovider", "--color=no"], cwd=tmp_path,
                          capture_output=True, encoding="utf-8", errors="replace", timeout=120,
                          env=clean_env())
    assert proc.returncode == 1, proc.stdout + proc.stderr
    _no_raw(proc.stdout + proc.stderr)
    assert "numcheck found 1 anomaly in evil\u241b]0;pwned\u2407.md" in proc.stdout, proc.stdout


def test_github_format_still_writes_its_commands(tmp_path: Path) -> None:
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    run = cli(tmp_path, *CHECK, "--format", "github")
    assert run.code == 1 and run.stdout.startswith("::error file=good.md,")
