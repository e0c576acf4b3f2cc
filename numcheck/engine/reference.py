"""The rule-pack reference (docs/reference.md), generated from the code.

Everything on the page is read from the code that enforces it: the keys of a rule from the
loader's schema, every kind with its scope and description from the kinds registry, each
kind's params with their types and defaults from its pydantic model (and the ``#:`` comment
above each field), the values each kind's findings carry, and the names and fields a ``when``
condition can read from :mod:`numcheck.engine.names`. ``numcheck rules reference`` prints it;
a test compares it with docs/reference.md, so the page cannot drift from the code.
"""

from __future__ import annotations

import dataclasses
import inspect
import re
import types
import typing
from typing import Any

__all__ = ["render_reference"]

_HEADER = """\
# Rule-pack reference

This page is generated from the code: `numcheck rules reference > docs/reference.md` rewrites
it, and `tests/test_reference.py` fails when it is out of date. For how rules work, see the
README's "The rules" section; `numcheck rules test PACK` runs a pack's own examples.
"""


def _type_name(tp: Any) -> str:
    """A type annotation as a reader would write it: ``int``, ``"a" | "b"``, ``tuple[...]``."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is typing.Annotated:
        return _type_name(args[0])
    if isinstance(tp, type) and hasattr(tp, "model_fields"):
        keys = [info.alias or name for name, info in tp.model_fields.items()]
        return "mapping of " + ", ".join(keys)
    if origin is typing.Literal:
        return " | ".join(f'"{a}"' if isinstance(a, str) else repr(a) for a in args)
    if origin in (typing.Union, types.UnionType):
        return " | ".join("null" if a is type(None) else _type_name(a) for a in args)
    if origin in (tuple, list):
        name = "list"
        if len(args) == 2 and args[1] is Ellipsis:
            return f"{name} of {_type_name(args[0])}"
        return f"{name} of " + ", ".join(_type_name(a) for a in args) if args else name
    if origin is dict:
        return "mapping"
    if tp is type(None):
        return "null"
    if tp is Any:
        return "any"
    return getattr(tp, "__name__", str(tp))


def _value(value: Any) -> str:
    if isinstance(value, tuple):
        value = list(value)
    if isinstance(value, (list, dict, str, bool, int, float)) or value is None:
        import json

        return json.dumps(value)
    return repr(value)


def _comments(cls: type) -> dict[str, str]:
    """The ``#:`` comment above each field of ``cls`` and its bases (nearest class wins)."""
    out: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        try:
            source = inspect.getsource(klass)
        except (OSError, TypeError):
            continue
        pending: list[str] = []
        for line in source.splitlines():
            stripped = line.strip()
            if stripped.startswith("#:"):
                pending.append(stripped[2:].strip())
                continue
            m = re.match(r"([A-Za-z_]\w*)\s*:", stripped)
            if m and pending:
                out[m.group(1)] = " ".join(pending)
            pending = []
    return out


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _params_table(model: type) -> list[str]:
    from pydantic_core import PydanticUndefined

    notes = _comments(model)
    fields = model.model_fields
    if not fields:
        return ["No params."]
    lines = ["| param | type | default | meaning |", "|---|---|---|---|"]
    for name, info in fields.items():
        default = "required" if info.default is PydanticUndefined and info.default_factory is None \
            else _value(info.get_default(call_default_factory=True))
        meaning = info.description or notes.get(name, "")
        lines.append(f"| `{name}` | {_cell(_type_name(info.annotation))} | {_cell(default)} | "
                     f"{_cell(meaning) or '—'} |")
    return lines


def _claim_field_rows() -> list[str]:
    from numcheck.engine.names import claim_fields
    from numcheck.ingest.document import BLOCK_KINDS
    from numcheck.model import CLAIM_KINDS, QUALIFIERS, Claim

    hints = typing.get_type_hints(Claim)
    closed = {"kind": CLAIM_KINDS, "qualifier": QUALIFIERS, "block": BLOCK_KINDS}
    order = [f.name for f in dataclasses.fields(Claim)]
    names = [n for n in order if n in claim_fields()] + sorted(claim_fields() - set(order))
    lines = ["| field | type | values |", "|---|---|---|"]
    for name in names:
        tp = _type_name(hints[name]) if name in hints else "str"
        values = ", ".join(f"`{v}`" for v in closed.get(name, ()))
        if name == "doc":
            values = "the path of the claim's document"
        lines.append(f"| `{name}` | {_cell(tp)} | {values or '—'} |")
    return lines


def render_reference() -> str:
    """The whole reference page, as Markdown."""
    from numcheck.checks import KINDS
    from numcheck.engine import load_rules
    from numcheck.engine.expr import FUNCTIONS
    from numcheck.engine.names import CLAIM_NAME, EVIDENCE_NAME, kind_values
    from numcheck.engine.pack import CODE_PATTERN, NAME_PATTERN
    from numcheck.engine.schema import RuleModel as _RuleModel
    from numcheck.model import SEVERITIES

    default_rules, _ = load_rules()
    by_kind: dict[str, list[str]] = {}
    for r in default_rules:
        by_kind.setdefault(r.kind, []).append(r.code)

    out = [_HEADER, "## Rule keys", "",
           "Every key of a rule; any other key is an error at its `path:line:col`.", "",
           "| key | type | required |", "|---|---|---|"]
    for name, info in _RuleModel.model_fields.items():
        key = info.alias or name
        out.append(f"| `{key}` | {_cell(_type_name(info.annotation))} | "
                   f"{'yes' if info.is_required() else 'no'} |")
    out += ["", f"`code` matches `{CODE_PATTERN}`, `name` matches `{NAME_PATTERN}`, `severity` is "
                f"one of {', '.join(f'`{s}`' for s in SEVERITIES)}. `examples` holds `flag` and "
                "`pass` lists (at least one each) of texts, or of `{text, date}` / `{documents: "
                "[...]}` mappings. `suggest`, when given, is a template like `message` for what the "
                "primary figure would read if the other figures are right (the anomaly's "
                "`suggestions` in the records).", ""]

    out += ["## Kinds", "",
            "A rule's `kind` names one of these; its `params` are checked against the kind's "
            "table (unknown params are errors). A kind's *values* fill the rule's `message` "
            "and `suggest` placeholders and can be read by its `when` condition.", ""]
    for name in sorted(KINDS):
        spec = KINDS[name]
        values = kind_values(spec)
        out += [f"### `{name}`", "", _cell(spec.description) or "—", "",
                f"Runs once per {'story (all its documents together)' if spec.scope == 'story' else 'document'}."
                + (f" Default rules: {', '.join(by_kind[name])}." if name in by_kind else ""), ""]
        out += _params_table(spec.params)
        out += ["", "Values: " + (", ".join(f"`{v}`" for v in sorted(values)) if values is not None
                                 else "not known from the code (any name is accepted)"), ""]

    out += ["## What a `when` condition can read", "",
            f"`{CLAIM_NAME}` is the finding's primary claim and `{EVIDENCE_NAME}` the list of the "
            f"other claims involved (`{EVIDENCE_NAME}[0].value`); each is a record with the fields "
            "below. The kind's values (listed under each kind) are plain names: `expected`, "
            "`year_text`. A value that a kind sets on some findings only is `null` on the others. "
            "Any other name, or any other field, is an error when the pack loads.", ""]
    out += _claim_field_rows()
    out += ["", "Functions: " + ", ".join(f"`{f}()`" for f in sorted(FUNCTIONS)) + ". Operators: "
            "`and or not`, comparisons (`== != < <= > >= in not in is is not`), "
            "`+ - * / // % **`, `x if c else y`, literals, lists and tuples. Fields are read with "
            "`.name`, list items with `[i]`.", ""]
    return "\n".join(out).rstrip("\n") + "\n"
