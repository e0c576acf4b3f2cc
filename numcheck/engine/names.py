"""The names a rule's ``when`` condition can read, built in one place for the run and the loader.

At run time :func:`finding_names` binds, for one finding:

- ``primary``: the primary claim as a record (:func:`claim_record`: every field of
  :meth:`numcheck.model.Claim.to_dict`, plus ``doc``, the document's path);
- ``evidence``: the list of the other claims involved, each such a record;
- every value the kind put in the finding (``expected``, ``stated``, ``year`` ...); a value a
  kind sets on some findings only reads as ``None`` on the others.

At load time :func:`when_schema` gives the same names for a kind, derived from the code rather
than listed by hand: the claim fields from :func:`claim_record` itself, and a kind's values
from the ``values={...}`` it passes to :class:`~numcheck.checks.base.Finding` in its module
(or from a ``values`` attribute of its :class:`~numcheck.checks.base.KindSpec`, when a kind
declares them). The loader rejects any other name or field at ``path:line:col``.
"""

from __future__ import annotations

import ast
import functools
import inspect
import sys

from numcheck.engine.expr import NameSpec
from numcheck.model import Claim

__all__ = ["CLAIM_NAME", "EVIDENCE_NAME", "claim_fields", "claim_record", "finding_names",
           "kind_values", "when_schema"]

#: The name of the primary claim in a ``when`` condition.
CLAIM_NAME = "primary"
#: The name of the list of evidence claims.
EVIDENCE_NAME = "evidence"


def claim_record(claim: Claim, doc: str) -> dict:
    """A claim as a ``when`` condition sees it: its fields, and ``doc``, its document's path."""
    names = claim.to_dict()
    names["doc"] = doc
    return names


@functools.lru_cache(maxsize=1)
def claim_fields() -> frozenset[str]:
    """The fields of :func:`claim_record`: exactly the keys it produces."""
    return frozenset(claim_record(Claim(0, 0, "", "count", None), ""))


def finding_names(finding, values: frozenset[str] | None = None) -> dict:
    """The names bound for one finding; ``values`` (a kind's value names) read as None when the
    finding does not set them."""
    names: dict = dict.fromkeys(values or ())
    names.update(finding.values)
    names[CLAIM_NAME] = claim_record(finding.primary.claim, finding.primary.doc)
    names[EVIDENCE_NAME] = [claim_record(i.claim, i.doc) for i in finding.evidence]
    return names


def kind_values(spec) -> frozenset[str] | None:
    """The names of the values a kind's findings carry, or None when they cannot be known.

    A kind may declare them (a ``values`` attribute on its KindSpec); otherwise they are read
    from its module's source: the string keys of every ``values={...}`` dict literal passed to
    ``Finding``. If some ``Finding`` gets its values any other way, or the module builds none,
    the names are unknown.
    """
    declared = getattr(spec, "values", None)
    if declared is not None:
        return frozenset(declared)
    return _scan_values(getattr(spec.run, "__module__", ""))


@functools.lru_cache(maxsize=None)
def _scan_values(module_name: str) -> frozenset[str] | None:
    module = sys.modules.get(module_name)
    if module is None:
        return None
    try:
        tree = ast.parse(inspect.getsource(module))
    except (OSError, TypeError, SyntaxError):
        return None
    names: set[str] = set()
    calls = 0
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and _called(node) == "Finding"):
            continue
        calls += 1
        given = [k.value for k in node.keywords if k.arg == "values"]
        if len(node.args) >= 3:
            given.append(node.args[2])
        if any(k.arg is None for k in node.keywords):
            return None  # Finding(**kwargs): cannot tell
        for value in given:
            if not isinstance(value, ast.Dict):
                return None
            for key in value.keys:
                if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
                    return None
                names.add(key.value)
    # a module that builds no Finding itself gets them built elsewhere: unknown
    return frozenset(names) if calls else None


def _called(node: ast.Call) -> str:
    f = node.func
    if isinstance(f, ast.Name):
        return f.id
    if isinstance(f, ast.Attribute):
        return f.attr
    return ""


def when_schema(spec) -> tuple[dict[str, NameSpec], bool]:
    """What a ``when`` condition of a rule of kind ``spec`` may read, for
    :meth:`numcheck.engine.expr.Expression.check_names`: the schema, and whether it is complete
    (False when the kind's values cannot be known; other names are then let through)."""
    values = kind_values(spec)
    schema: dict[str, NameSpec] = {name: NameSpec() for name in values or ()}
    schema[CLAIM_NAME] = NameSpec(fields=claim_fields())
    schema[EVIDENCE_NAME] = NameSpec(fields=claim_fields(), items=True)
    return schema, values is not None
