"""The pre-commit hook, through the real ``pre-commit try-repo`` against a throwaway git repo.

pre-commit builds a virtualenv and pip-installs this repository (at its committed HEAD) into it,
so the first run takes a while; ``PRE_COMMIT_HOME`` lives in the pytest cache so later runs at
the same commit reuse the environment. Skipped when pre-commit or git is not installed, or when
this checkout is not a git repository with a commit.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import _ci  # noqa: E402
import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))
from _kinds import CASES  # noqa: E402

#: one inconsistent article per kind besides NC601 (which ridge_update.md is), and its fix
OTHER_KINDS = [c for c in CASES if c.code != "NC601"]

CONSISTENT = """\
---
date: 2020-03-20
title: Ridge airlift
---
# Ridge airlift

Earlier this month, crews pulled 38 hikers off the ridge in a March 2 operation, the second such airlift in 2020.

The rangers keep 4 posts on the ridge.
"""

#: The same story with a year that cannot be right: "earlier this month" in a March 2020 article.
INCONSISTENT = CONSISTENT.replace("airlift in 2020", "airlift in 2019")


def test_hook_definition_is_well_formed():
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "numcheck" and hook["entry"] == "numcheck check"
    assert hook["language"] == "python"
    # identify's tags for .md, .html and .txt; "text" would also select source code
    assert set(hook["types_or"]) == {"markdown", "html", "plain-text"}
    identify = _ci.importorskip("identify.identify", module_level=False)
    for name in ("a.md", "a.markdown", "a.html", "a.htm", "a.txt"):
        assert identify.tags_from_filename(name) & set(hook["types_or"]), name
    assert not identify.tags_from_filename("a.py") & set(hook["types_or"])


def _git(*args: str, cwd: Path) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True,
                          text=True).stdout.strip()


@pytest.fixture
def pre_commit_home(request, tmp_path_factory) -> Path:
    """A PRE_COMMIT_HOME that survives between runs (in the pytest cache when there is one)."""
    cache = getattr(request.config, "cache", None)
    if cache is not None:
        return Path(cache.mkdir("numcheck-pre-commit-home"))
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def newsroom(tmp_path, pre_commit_home):
    """``(pre-commit executable, HEAD of this repo, a fresh git repo with articles, env)``."""
    exe = shutil.which("pre-commit")
    if exe is None or shutil.which("git") is None:
        _ci.missing("pre-commit or git")
    try:
        head = _git("rev-parse", "HEAD", cwd=REPO)
    except subprocess.CalledProcessError:
        _ci.missing("a git checkout with a commit")
    if _git("ls-tree", "--name-only", head, ".pre-commit-hooks.yaml", cwd=REPO) == "":
        _ci.missing("a committed .pre-commit-hooks.yaml")
    work = tmp_path / "newsroom"
    work.mkdir()
    _git("init", "-q", cwd=work)
    (work / "ridge.md").write_text(CONSISTENT, encoding="utf-8")
    (work / "ridge_update.md").write_text(INCONSISTENT, encoding="utf-8")
    (work / "notes.py").write_text("x = 'airlift in 2019'\n", encoding="utf-8")
    for case in OTHER_KINDS:
        (work / f"bad_{case.code}.md").write_text(case.article(), encoding="utf-8")
        (work / f"good_{case.code}.md").write_text(case.article(consistent=True), encoding="utf-8")
    env = {**os.environ, "PRE_COMMIT_HOME": str(pre_commit_home), "NO_COLOR": "1"}
    env.pop("PRE_COMMIT", None)
    return exe, head, work, env


def _assert_flags_update(proc: subprocess.CompletedProcess) -> None:
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Failed" in proc.stdout
    line = INCONSISTENT.split("\n").index(next(s for s in INCONSISTENT.split("\n") if "2019" in s)) + 1
    assert f"ridge_update.md:{line}:" in proc.stdout and "NC601" in proc.stdout
    assert "notes.py" not in proc.stdout  # not an article: never passed to the hook
    for case in OTHER_KINDS:
        assert f"bad_{case.code}.md:" in proc.stdout and case.code in proc.stdout, case.code
        assert f"good_{case.code}.md:" not in proc.stdout, case.code


KIND_FILES = [f"{p}_{c.code}.md" for c in OTHER_KINDS for p in ("bad", "good")]


@pytest.mark.timeout(1200)
def test_try_repo_fails_on_the_inconsistent_article(newsroom):
    """``pre-commit try-repo`` (which always builds a fresh environment: slow-ish)."""
    exe, head, work, env = newsroom
    # --ref pins the committed HEAD: uncommitted work in this checkout never leaks in
    proc = subprocess.run([exe, "try-repo", str(REPO), "numcheck", "--ref", head, "--color", "never",
                           "--files", "ridge.md", "ridge_update.md", "notes.py", *KIND_FILES],
                          cwd=work, env=env, capture_output=True, text=True)
    _assert_flags_update(proc)


@pytest.mark.timeout(1200)
def test_installed_hook_passes_staged_clean_article_and_fails_the_other(newsroom):
    """The hook as a project uses it, from a config naming this repo at HEAD.

    Unlike try-repo, ``pre-commit run`` keeps environments in PRE_COMMIT_HOME, so later runs
    at the same commit skip the install.
    """
    exe, head, work, env = newsroom
    config = work / "hooks.yaml"
    config.write_text(yaml.safe_dump({"repos": [
        {"repo": str(REPO), "rev": head, "hooks": [{"id": "numcheck"}]}]}), encoding="utf-8")

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([exe, "run", "--config", str(config), "--color", "never", *args],
                              cwd=work, env=env, capture_output=True, text=True)

    _git("add", "ridge.md", "notes.py", *[f for f in KIND_FILES if f.startswith("good_")], cwd=work)
    ok = run()  # the staged files only
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "numcheck" in ok.stdout and "Passed" in ok.stdout
    _git("add", "ridge_update.md", *[f for f in KIND_FILES if f.startswith("bad_")], cwd=work)
    _assert_flags_update(run())
