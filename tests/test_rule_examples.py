"""Every rule's own ``examples`` run here: each ``flag`` text must raise that rule exactly
``count`` times (default once) and no other rule, each ``pass``
text must not raise any rule (strict: with every default rule active, so that a pass example also
shows no other rule misfires on it). The machinery is ``numcheck.testing.run_example``, the one
``numcheck rules test`` uses."""

from __future__ import annotations

import pytest

from numcheck.engine import load_rules
from numcheck.testing import run_example

RULES, PROBLEMS = load_rules()


def _cases():
    for rule in RULES:
        for n, ex in enumerate(rule.examples):
            yield pytest.param(rule, ex, id=f"{rule.code}-{ex.expect}-{n}")


def test_default_pack_loads_cleanly():
    assert not PROBLEMS, "\n".join(p.format() for p in PROBLEMS)


@pytest.mark.parametrize("rule, example", list(_cases()))
def test_rule_example(rule, example):
    result = run_example(rule, example, RULES, strict=True)
    assert result.ok, result.describe()
