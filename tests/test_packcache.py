"""Validated rule packs cached by content hash, and what a one-article check imports."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from numcheck.engine import default_pack_path, load_rules
from numcheck.engine import packcache

REPO = Path(__file__).resolve().parents[1]

RULE = """\
code: XX101
name: local-rule
kind: agreement
severity: warning
message: "{{first}} and {{second}} cannot both be the {{thing}}"
description: A local rule.
params: {{min_value: {min_value}}}
examples:
  flag: ["The ferry carried 64 trucks. Later the ferry carried 68 trucks."]
  pass: ["The ferry carried 64 trucks."]
"""


@pytest.fixture
def cache(tmp_path, monkeypatch):
    where = tmp_path / "cache"
    monkeypatch.setenv(packcache.ENV_CACHE_DIR, str(where))
    return where


def _entries(where: Path) -> list[Path]:
    return sorted(where.glob("pack-*.pickle")) if where.exists() else []


def test_a_validated_pack_is_stored_and_read_back_equal(cache, monkeypatch):
    first, problems = load_rules()
    assert problems == () and len(_entries(cache)) == 1
    # a hit must not validate again: make validation impossible and load once more
    import numcheck.engine.pack as pack

    monkeypatch.setattr(pack, "load_packs", lambda *a, **k: pytest.fail("validated again"))
    again, problems = load_rules()
    assert problems == () and tuple(again) == tuple(first)
    assert [r.params for r in again] == [r.params for r in first]


def test_a_changed_pack_is_a_new_key_and_a_broken_one_is_never_stored(cache, tmp_path):
    rule = tmp_path / "local.yaml"
    rule.write_text(RULE.format(min_value=10), encoding="utf-8")
    rules, problems = load_rules([rule])
    assert problems == () and rules[-1].params.min_value == 10
    rule.write_text(RULE.format(min_value=25), encoding="utf-8")
    rules, problems = load_rules([rule])
    assert problems == () and rules[-1].params.min_value == 25
    assert len(_entries(cache)) == 2
    rule.write_text(RULE.format(min_value="'many'"), encoding="utf-8")
    rules, problems = load_rules([rule])
    assert problems and "min_value" in problems[0].message and problems[0].line == 7
    assert len(_entries(cache)) == 2
    # reported again, from validation, on the next run too
    assert load_rules([rule])[1] == problems


def test_a_corrupt_or_planted_entry_is_ignored_and_rebuilt(cache, tmp_path):
    load_rules()
    (entry,) = _entries(cache)
    entry.write_bytes(b"numcheck-pack-cache 1\nnot a pickle")
    rules, problems = load_rules()
    assert problems == () and len(rules) > 20

    class Boom:
        def __reduce__(self):
            return (os.system, ("touch " + str(tmp_path / "pwned"),))

    entry.write_bytes(b"numcheck-pack-cache 1\n" + pickle.dumps(Boom()))
    rules, problems = load_rules()
    assert problems == () and len(rules) > 20
    assert not (tmp_path / "pwned").exists()
    assert entry.read_bytes() != b"numcheck-pack-cache 1\n" + pickle.dumps(Boom())  # rebuilt


def test_the_cache_can_be_switched_off_and_an_unwritable_folder_is_only_slower(tmp_path, monkeypatch):
    monkeypatch.setenv(packcache.ENV_CACHE_DIR, "off")
    assert packcache.cache_dir() is None
    assert load_rules()[1] == ()
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv(packcache.ENV_CACHE_DIR, str(blocker / "sub"))
    rules, problems = load_rules()
    assert problems == () and len(rules) > 20


def test_params_are_frozen_values_that_pickle_and_validate_like_pydantic():
    from numcheck.checks import KINDS

    spec = KINDS["agreement"]
    p = spec.params.model_validate({"min_value": 5})
    assert p == spec.params(min_value=5) and p != spec.params()
    assert pickle.loads(pickle.dumps(p)) == p and hash(p) == hash(spec.params(min_value=5))
    with pytest.raises(AttributeError):
        p.min_value = 3
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        spec.params.model_validate({"min_value": 5, "extra": 1})
    with pytest.raises(ValidationError):
        spec.params.model_validate({"min_value": "many"})


def test_a_one_article_check_imports_no_rich_pydantic_or_pint(tmp_path):
    article = tmp_path / "a.md"
    article.write_text("---\ndate: 2024-05-02\n---\n# Lake\n\nThe lake is 1,200 km (946 miles) long, "
                       "officials said on Tuesday.\n", encoding="utf-8")
    env = dict(os.environ, **{packcache.ENV_CACHE_DIR: str(tmp_path / "cache")})
    code = ("import sys\nfrom numcheck.cli import main\n"
            f"code = main(['check', {str(article)!r}, '--no-config', '--quiet'])\n"
            "print(code, ','.join(m for m in ('rich', 'pydantic', 'pint', 'numpy') if m in sys.modules))\n")
    first = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    # the first run validates the pack (pydantic) and stores it; every later run reads it back
    second = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert first.stdout.splitlines()[-1].startswith("1 ")  # the wrong conversion, both times
    assert "NC301" in first.stdout and "NC301" in second.stdout
    assert second.stdout.splitlines()[-1] == "1 "  # and none of those libraries loaded
    assert default_pack_path().is_dir()
