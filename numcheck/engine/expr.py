"""The small, safe expression language of a rule's ``when`` condition.

A ``when`` expression is written by whoever wrote the rule pack, which may be a user pack from
anywhere, so it is treated as hostile. The design is an allowlist at two levels:

* at construction (rule-pack load time) the source is parsed once with :func:`ast.parse` and
  every node is checked against a short list of node types, names, attributes and functions.
  Lambdas, comprehensions, f-strings, the walrus, starred arguments, slices, keyword arguments,
  method calls, dunder or underscore names, bytes literals and overly deep or large trees are
  rejected here with an :class:`ExpressionError` that carries the 1-based column; parts that
  read no names are then evaluated once and kept as constants, so ``9**9**9`` or
  ``'a' * 10**9`` fail here too, where the loader can give them a file position;
* at evaluation, the cached tree is walked by a hardened subclass of simpleeval's
  ``EvalWithCompoundTypes`` whose attribute access is a *field lookup* (on mappings and
  dataclass instances only, never ``getattr`` on arbitrary objects), whose arithmetic refuses
  results beyond fixed size bounds (integers of :data:`MAX_INT_BITS` bits, strings of
  :data:`MAX_LENGTH` characters, no list repetition, no ``str % x`` formatting, ``str()`` of
  scalars only), and which counts every node
  it evaluates against :data:`MAX_OPERATIONS`.

Because every single operation is bounded in size and the number of operations is bounded,
an evaluation is bounded in time without signals or timers, which is what works inside Dask
worker threads (``signal.alarm`` only works on the main thread).
"""

from __future__ import annotations

import ast
import dataclasses
import difflib
import math
import operator as op
import threading
from collections.abc import Mapping
from typing import Callable

import simpleeval

#: Longest accepted source, in characters. A condition is one line of logic, not a program.
MAX_SOURCE_LENGTH = 1000
#: Deepest accepted syntax tree. Keeps the recursive evaluator far from Python's recursion limit.
MAX_DEPTH = 32
#: Most syntax-tree nodes accepted in one expression.
MAX_NODES = 400
#: Most node evaluations in one call of :meth:`Expression.evaluate` (a backstop: with no loops
#: in the language, an evaluation visits each node at most once).
MAX_OPERATIONS = 2000
#: Largest integer (in bits) that arithmetic may produce or consume.
MAX_INT_BITS = 4096
#: Longest string, list or tuple that arithmetic may produce.
MAX_LENGTH = 10_000

#: The only operators, by AST operator type.
_BINARY_OPS = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Mod, ast.Pow)
_UNARY_OPS = (ast.Not, ast.USub, ast.UAdd)
_COMPARE_OPS = (ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.In, ast.NotIn, ast.Is, ast.IsNot)
#: Node types that may appear anywhere in a tree (operators are checked separately).
_ALLOWED_NODES = (
    ast.Expression,
    ast.Constant,
    ast.Name,
    ast.Attribute,
    ast.Subscript,
    ast.BoolOp,
    ast.And,
    ast.Or,
    ast.UnaryOp,
    ast.BinOp,
    ast.Compare,
    ast.IfExp,
    ast.Call,
    ast.Tuple,
    ast.List,
    ast.Set,
    ast.Load,
    *_BINARY_OPS,
    *_UNARY_OPS,
    *_COMPARE_OPS,
)
#: Constant types a literal may have (no bytes, no Ellipsis, no complex).
_CONSTANT_TYPES = (bool, int, float, str, type(None))

#: Friendlier names for forbidden node types in error messages.
_NODE_NAMES = {
    "Lambda": "lambda",
    "ListComp": "comprehension",
    "SetComp": "comprehension",
    "DictComp": "comprehension",
    "GeneratorExp": "generator expression",
    "JoinedStr": "f-string",
    "FormattedValue": "f-string",
    "NamedExpr": "assignment expression (:=)",
    "Starred": "starred expression",
    "Slice": "slice",
    "Dict": "dict literal",
    "Await": "await",
    "Yield": "yield",
    "YieldFrom": "yield",
    "BitOr": "operator |",
    "BitAnd": "operator &",
    "BitXor": "operator ^",
    "LShift": "operator <<",
    "RShift": "operator >>",
    "Invert": "operator ~",
    "MatMult": "operator @",
}


class ExpressionError(ValueError):
    """A ``when`` expression that does not parse, uses a forbidden construct, or failed.

    ``column`` is 1-based within the expression source (0 when unknown).
    """

    def __init__(self, message: str, column: int = 0) -> None:
        super().__init__(message, column)
        self.message = message
        self.column = column

    def __str__(self) -> str:
        if self.column:
            return f"{self.message} (column {self.column})"
        return self.message


def _lower(value: object) -> str:
    """``value.lower()`` for strings only (method calls are not part of the language)."""
    if not isinstance(value, str):
        raise TypeError(f"lower() needs a string, not {type(value).__name__}")
    return value.lower()


def _round(value: object, ndigits: object = None) -> object:
    """``round`` with ``ndigits`` kept small (huge negative digits are slow on big ints)."""
    if ndigits is not None and (not isinstance(ndigits, int) or abs(ndigits) > 100):
        raise ValueError("round() digits must be an integer between -100 and 100")
    return round(value, ndigits) if ndigits is not None else round(value)  # type: ignore[call-overload]


def _str(value: object) -> str:
    """``str`` of a scalar only: the text of a container can be far larger than the container."""
    if not isinstance(value, (str, int, float, bool, type(None))):
        raise TypeError(f"str() takes a number or a string, not {type(value).__name__}")
    return str(value)


#: The only callable names. Everything here is total on small inputs and cannot reach objects.
FUNCTIONS: Mapping[str, Callable[..., object]] = {
    "abs": abs,
    "min": min,
    "max": max,
    "round": _round,
    "len": len,
    "float": float,
    "int": int,
    "str": _str,
    "bool": bool,
    "lower": _lower,
}


def _check_int(value: object) -> None:
    if type(value) is int and value.bit_length() > MAX_INT_BITS:
        raise simpleeval.NumberTooHigh(f"integer larger than {MAX_INT_BITS} bits")


def _check_len(value: object) -> None:
    if isinstance(value, (str, list, tuple)) and len(value) > MAX_LENGTH:
        raise simpleeval.IterableTooLong(f"result longer than {MAX_LENGTH} items")


def _is_int(value: object) -> bool:
    return isinstance(value, int)


def _safe_add(a: object, b: object) -> object:
    if hasattr(a, "__len__") and hasattr(b, "__len__") and len(a) + len(b) > MAX_LENGTH:  # type: ignore[arg-type]
        raise simpleeval.IterableTooLong(f"result longer than {MAX_LENGTH} items")
    out = a + b  # type: ignore[operator]
    _check_int(out)
    return out


def _safe_sub(a: object, b: object) -> object:
    out = a - b  # type: ignore[operator]
    _check_int(out)
    return out


def _safe_mult(a: object, b: object) -> object:
    # Repeating a list repeats references: [[1] * 9999] * 9999 is small in memory but a
    # hundred million elements to compare, print or search. Literals bound every list by the
    # size of the source only if lists cannot be repeated.
    if isinstance(a, (list, tuple)) or isinstance(b, (list, tuple)):
        raise simpleeval.FeatureNotAvailable("repeating a list or tuple with * is not allowed")
    # Check the size *before* multiplying: 'a' * 10**9 must never be attempted.
    for seq, n in ((a, b), (b, a)):
        if isinstance(seq, str) and _is_int(n):
            if len(seq) * max(n, 0) > MAX_LENGTH:  # type: ignore[operator]
                raise simpleeval.IterableTooLong(f"result longer than {MAX_LENGTH} items")
    if _is_int(a) and _is_int(b) and a.bit_length() + b.bit_length() > MAX_INT_BITS + 1:  # type: ignore[union-attr]
        raise simpleeval.NumberTooHigh(f"integer larger than {MAX_INT_BITS} bits")
    return a * b  # type: ignore[operator]


def _safe_pow(a: object, b: object) -> object:
    # simpleeval's own safe_power only bounds each operand (4000000 ** 4000000 passes it),
    # so bound the size of the *result* from the operands before computing it.
    if _is_int(a) and _is_int(b) and b > 0 and abs(a) > 1:  # type: ignore[operator]
        if b * math.log2(abs(a)) > MAX_INT_BITS:  # type: ignore[operator, arg-type]
            raise simpleeval.NumberTooHigh(f"{a} ** {b} is larger than {MAX_INT_BITS} bits")
    if _is_int(b) and abs(b) > 10**6:  # type: ignore[arg-type]
        # Exponents this large only make sense for 0, 1 and -1; reject them all for simplicity.
        raise simpleeval.NumberTooHigh(f"exponent {b} is too large")
    return a**b  # type: ignore[operator]


def _safe_mod(a: object, b: object) -> object:
    # str % x is printf-style formatting: '%999999999d' % 1 would allocate a gigabyte.
    if isinstance(a, (str, bytes)):
        raise simpleeval.FeatureNotAvailable("string formatting with % is not allowed")
    return a % b  # type: ignore[operator]


_OPERATORS: dict[type, Callable[..., object]] = {
    ast.Add: _safe_add,
    ast.Sub: _safe_sub,
    ast.Mult: _safe_mult,
    ast.Div: op.truediv,
    ast.FloorDiv: op.floordiv,
    ast.Mod: _safe_mod,
    ast.Pow: _safe_pow,
    ast.Eq: op.eq,
    ast.NotEq: op.ne,
    ast.Gt: op.gt,
    ast.Lt: op.lt,
    ast.GtE: op.ge,
    ast.LtE: op.le,
    ast.Not: op.not_,
    ast.USub: op.neg,
    ast.UAdd: op.pos,
    ast.In: lambda x, y: op.contains(y, x),
    ast.NotIn: lambda x, y: not op.contains(y, x),
    ast.Is: lambda x, y: x is y,
    ast.IsNot: lambda x, y: x is not y,
}


#: Result types that cannot hold a module or a function (simpleeval's own fast path, inlined).
_PRIMITIVE_TYPES = frozenset({int, float, str, bool, type(None)})


class _Budget(Exception):
    """Raised inside the evaluator when :data:`MAX_OPERATIONS` is exceeded."""


def _field(base: object, name: str) -> object:
    """``base.name`` as a field lookup: mapping keys, or declared dataclass fields only."""
    if isinstance(base, Mapping):
        try:
            return base[name]
        except KeyError:
            raise ExpressionError(f"no field {name!r}") from None
    if dataclasses.is_dataclass(base) and not isinstance(base, type):
        if name in {f.name for f in dataclasses.fields(base)}:
            return getattr(base, name)
        raise ExpressionError(f"no field {name!r} on {type(base).__name__}")
    raise ExpressionError(f"cannot read .{name} of a {type(base).__name__} value")


class _Evaluator(simpleeval.EvalWithCompoundTypes):
    """simpleeval's evaluator narrowed to the node types this language allows.

    One instance per thread (see :func:`_evaluator`): simpleeval keeps per-evaluation state
    (``names``, ``expr``) on the instance, so sharing one across Dask worker threads would let
    concurrent evaluations see each other's names.
    """

    def __init__(self) -> None:
        super().__init__(operators=dict(_OPERATORS), functions=dict(FUNCTIONS), names={})
        # Compound-type support also registers comprehensions and dict literals; the parse-time
        # check already forbids them, and removing the handlers makes that a second wall.
        for node_type in (ast.ListComp, ast.GeneratorExp, ast.DictComp, ast.Dict, ast.JoinedStr,
                          ast.FormattedValue, ast.Slice, ast.Assign, ast.AugAssign, ast.Import,
                          ast.Expr, ast.keyword):
            self.nodes.pop(node_type, None)
        self.functions = dict(FUNCTIONS)
        self.ops = 0
        self.failed_at: ast.AST | None = None
        self.busy = False

    def _eval(self, node: ast.AST) -> object:
        self.ops += 1
        if self.ops > MAX_OPERATIONS:
            raise _Budget()
        try:
            handler = self.nodes[type(node)]
        except KeyError:
            raise simpleeval.FeatureNotAvailable(f"{type(node).__name__} is not allowed") from None
        try:
            result = handler(node)
        except BaseException:
            # The innermost failing node is the one to point at; outer frames see it set.
            if self.failed_at is None:
                self.failed_at = node
            raise
        if type(result) not in _PRIMITIVE_TYPES:
            self._check_disallowed_items(result)
        return result

    def _eval_name(self, node: ast.Name) -> object:
        try:
            return self.names[node.id]
        except KeyError:
            raise ExpressionError(f"unknown name {node.id!r}") from None

    def _eval_attribute(self, node: ast.Attribute) -> object:
        return _field(self._eval(node.value), node.attr)

    def _eval_subscript(self, node: ast.Subscript) -> object:
        container = self._eval(node.value)
        key = self._eval(node.slice)
        if isinstance(container, Mapping):
            return container[key]
        if isinstance(container, (list, tuple, str)) and type(key) is int:
            return container[key]
        raise ExpressionError(
            f"cannot index a {type(container).__name__} value with a {type(key).__name__}"
        )

    def _eval_call(self, node: ast.Call) -> object:
        func = self.functions[node.func.id]  # type: ignore[attr-defined]
        out = func(*[self._eval(a) for a in node.args])
        _check_int(out)
        _check_len(out)
        return out

    def _eval_constant(self, node: ast.Constant) -> object:
        return node.value


_local = threading.local()


def _evaluator() -> _Evaluator:
    ev = getattr(_local, "evaluator", None)
    if ev is None or ev.busy:
        # A fresh one when re-entered (a names mapping that itself evaluates expressions).
        ev = _Evaluator()
        if getattr(_local, "evaluator", None) is None:
            _local.evaluator = ev
    return ev


def _node_column(node: ast.AST | None, offset: int) -> int:
    col = getattr(node, "col_offset", None)
    return (col + offset + 1) if col is not None else 0


def _describe(node: ast.AST) -> str:
    name = type(node).__name__
    return _NODE_NAMES.get(name, name)


def _validate(tree: ast.Expression, offset: int) -> frozenset[str]:
    """Check every node against the allowlist; return the free names the expression reads."""
    names: set[str] = set()
    count = 0
    # Operator nodes have no position of their own; they take their parent's.
    stack: list[tuple[ast.AST, int, int]] = [(tree, 0, 0)]
    while stack:
        node, depth, parent_col = stack.pop()
        count += 1
        col = _node_column(node, offset) or parent_col
        if depth > MAX_DEPTH:
            raise ExpressionError(f"expression nested deeper than {MAX_DEPTH} levels", col)
        if count > MAX_NODES:
            raise ExpressionError(f"expression has more than {MAX_NODES} parts", col)
        if not isinstance(node, _ALLOWED_NODES):
            raise ExpressionError(f"{_describe(node)} is not allowed in a condition", col)
        if isinstance(node, ast.Constant):
            if not isinstance(node.value, _CONSTANT_TYPES):
                raise ExpressionError(f"{type(node.value).__name__} literals are not allowed", col)
            if type(node.value) is int and node.value.bit_length() > MAX_INT_BITS:
                raise ExpressionError(f"integer literal larger than {MAX_INT_BITS} bits", col)
        elif isinstance(node, ast.Name):
            if node.id.startswith("_"):
                raise ExpressionError(f"names starting with '_' are not allowed: {node.id}", col)
            if node.id in FUNCTIONS:
                raise ExpressionError(f"{node.id} is a function and can only be called", col)
            names.add(node.id)
        elif isinstance(node, ast.Attribute):
            if node.attr.startswith("_"):
                raise ExpressionError(f"fields starting with '_' are not allowed: .{node.attr}", col)
        elif isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name):
                raise ExpressionError("only plain function calls are allowed, not methods", col)
            if node.func.id not in FUNCTIONS:
                allowed = ", ".join(sorted(FUNCTIONS))
                raise ExpressionError(f"unknown function {node.func.id!r} (allowed: {allowed})", col)
            if node.keywords:
                raise ExpressionError("keyword arguments are not allowed", col)
            # Only the arguments are walked: the callee name is not a value.
            stack.extend((arg, depth + 1, col) for arg in node.args)
            continue
        stack.extend((child, depth + 1, col) for child in ast.iter_child_nodes(node))
    return frozenset(names)


def _parse(source: object) -> tuple[ast.Expression, frozenset[str]]:
    if not isinstance(source, str):
        raise ExpressionError(f"a condition must be a string, not {type(source).__name__}")
    if len(source) > MAX_SOURCE_LENGTH:
        raise ExpressionError(f"condition longer than {MAX_SOURCE_LENGTH} characters")
    if "\x00" in source:
        raise ExpressionError("condition contains a NUL character", source.index("\x00") + 1)
    # Block scalars in YAML carry newlines; one logical line keeps columns meaningful, and
    # replacing character for character keeps every column where it was.
    flat = source.replace("\r", " ").replace("\n", " ")
    body = flat.lstrip()
    offset = len(flat) - len(body)
    if not body.strip():
        raise ExpressionError("empty condition")
    try:
        tree = ast.parse(body, mode="eval")
    except SyntaxError as exc:
        # CPython reports offset 0 when the input ends too early: point just past the end.
        col = exc.offset + offset if exc.offset else len(flat) + 1
        raise ExpressionError(f"syntax error: {exc.msg}", col) from None
    except (RecursionError, MemoryError, ValueError) as exc:
        # CPython's parser gives up on pathological nesting with these rather than SyntaxError.
        raise ExpressionError(f"expression too complex: {type(exc).__name__}") from None
    names = _validate(tree, offset)
    return _fold_constants(tree, offset), names


#: Node types whose value depends only on their children (so all-constant children fold).
_FOLDABLE = (ast.BinOp, ast.UnaryOp, ast.Compare, ast.BoolOp, ast.IfExp, ast.Call, ast.Tuple,
             ast.Subscript)
#: Folded values must be immutable: a folded constant is shared by every evaluation.
_IMMUTABLE = (bool, int, float, str, type(None))


def _is_immutable(value: object) -> bool:
    if isinstance(value, tuple):
        return all(_is_immutable(v) for v in value)
    return isinstance(value, _IMMUTABLE)


def _fold_constants(tree: ast.Expression, offset: int) -> ast.Expression:
    """Evaluate every part that reads no names once, now, and keep the result as a constant.

    This moves errors to load time, where they get a file position: ``9**9**9`` or
    ``'a' * 10**9`` in a rule fail when the pack loads, not on the first matching claim
    thousands of documents later. It also saves work per evaluation (``kind in ("a", "b")``
    stops building its tuple each time), as CPython's own compiler does.
    """
    ev = _Evaluator()

    class _Folder(ast.NodeTransformer):
        def generic_visit(self, node: ast.AST) -> ast.AST:
            super().generic_visit(node)
            if not isinstance(node, _FOLDABLE):
                return node
            children = [c for c in ast.iter_child_nodes(node) if not isinstance(
                c, (ast.expr_context, ast.operator, ast.unaryop, ast.cmpop, ast.boolop))]
            if isinstance(node, ast.Call):
                children = list(node.args)
            if not all(isinstance(c, ast.Constant) for c in children):
                return node
            ev.names, ev.ops, ev.failed_at = {}, 0, None
            try:
                value = ev._eval(node)
            except ExpressionError as exc:
                raise ExpressionError(exc.message, _node_column(ev.failed_at or node, offset)) from None
            except _Budget:
                raise ExpressionError(f"evaluation exceeded {MAX_OPERATIONS} operations") from None
            except (simpleeval.InvalidExpression, ArithmeticError, TypeError, ValueError,
                    LookupError, RecursionError, MemoryError) as exc:
                raise ExpressionError(_error_text(exc), _node_column(node, offset)) from None
            if not _is_immutable(value):
                return node
            return ast.copy_location(ast.Constant(value), node)

    return _Folder().visit(tree)


def _error_text(exc: BaseException) -> str:
    detail = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return f"{type(exc).__name__}: {detail}"


@dataclasses.dataclass(frozen=True)
class NameSpec:
    """What a name in a condition holds, for :meth:`Expression.check_names`: a plain value
    (``fields`` None), a record with ``fields``, or (``items``) a list of such records."""

    fields: frozenset[str] | None = None
    items: bool = False


def _hint(name: str, known) -> str:
    near = difflib.get_close_matches(name, sorted(known), n=3, cutoff=0.6)
    return f"; did you mean {', '.join(repr(n) for n in near)}?" if near else ""


class _NameChecker:
    """Walks a parsed condition and raises :class:`ExpressionError` at the first name or field
    the schema does not have. Types are tracked only as far as the schema says: the result of
    a call or an ``if`` expression is not followed."""

    _VALUE = NameSpec()

    def __init__(self, schema: Mapping[str, NameSpec], closed: bool, offset: int) -> None:
        self.schema, self.closed, self.offset = schema, closed, offset

    def _col(self, node: ast.AST) -> int:
        return _node_column(node, self.offset)

    def _field_col(self, node: ast.Attribute) -> int:
        end = getattr(node, "end_col_offset", None)
        return end - len(node.attr) + self.offset + 1 if end is not None else self._col(node)

    def visit(self, node: ast.AST) -> tuple[str, NameSpec | None] | None:
        """The shape of ``node``'s value: ("record"|"list"|"value", spec) or None (unknown)."""
        if isinstance(node, ast.Name):
            spec = self.schema.get(node.id)
            if spec is None:
                if self.closed:
                    raise ExpressionError(f"unknown name {node.id!r}{_hint(node.id, self.schema)} "
                                          f"(names: {', '.join(sorted(self.schema))})", self._col(node))
                return None
            return self._shape(spec)
        if isinstance(node, ast.Attribute):
            return self._field(self.visit(node.value), node.attr, node, self._field_col(node),
                               _dotted(node.value))
        if isinstance(node, ast.Subscript):
            base = self.visit(node.value)
            self.visit(node.slice)
            if base is None:
                return None
            kind, spec = base
            if kind == "list":
                return ("record", spec)
            key = node.slice
            if kind == "record" and isinstance(key, ast.Constant) and isinstance(key.value, str):
                return self._field(base, key.value, node, self._col(key), _dotted(node.value))
            return None
        if isinstance(node, ast.Call):
            for arg in node.args:
                self.visit(arg)
            return None
        for child in ast.iter_child_nodes(node):
            self.visit(child)
        return None

    def _shape(self, spec: NameSpec) -> tuple[str, NameSpec]:
        if spec.items:
            return ("list", spec)
        return ("record", spec) if spec.fields is not None else ("value", spec)

    def _field(self, base, name: str, node: ast.AST, col: int, shown: str):
        if base is None:
            return None
        kind, spec = base
        if kind == "list":
            raise ExpressionError(f"{shown} is a list: read a field of one of its items, as in "
                                  f"{shown}[0].{name}", col)
        if kind == "value":
            raise ExpressionError(f"{shown} is a value (a number or a text), it has no field "
                                  f"{name!r}", col)
        fields = spec.fields or frozenset()
        if name not in fields:
            raise ExpressionError(f"no field {name!r} on {shown}{_hint(name, fields)} "
                                  f"(fields: {', '.join(sorted(fields))})", col)
        return ("value", self._VALUE)


def _dotted(node: ast.AST) -> str:
    """Source-like text of a name chain, for messages (``primary``, ``evidence[0]``)."""
    try:
        return ast.unparse(node)
    except Exception:  # noqa: BLE001 - only used for a message
        return "it"


class Expression:
    """A parsed, validated ``when`` condition, evaluated many times against names.

    >>> e = Expression("not primary.boilerplate and primary.block != 'quote'")
    >>> e.evaluate({"primary": {"boilerplate": False, "block": "body"}})
    True

    Construction raises :class:`ExpressionError` for syntax errors and forbidden constructs.
    Pickles as its source and re-parses on unpickling, so rules carrying it ship to Dask
    workers.
    """

    __slots__ = ("source", "names", "_tree", "_offset")

    def __init__(self, source: str) -> None:
        tree, names = _parse(source)
        self.source: str = source
        #: The free names the expression reads (the caller must provide them).
        self.names: frozenset[str] = names
        self._tree = tree.body
        flat = source.replace("\r", " ").replace("\n", " ")
        self._offset = len(flat) - len(flat.lstrip())

    def __reduce__(self):
        return (Expression, (self.source,))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Expression) and other.source == self.source

    def __hash__(self) -> int:
        return hash(self.source)

    def __repr__(self) -> str:
        return f"Expression({self.source!r})"

    def check_names(self, schema: Mapping[str, NameSpec], *, closed: bool = True) -> None:
        """Raise :class:`ExpressionError` (with the column) at the first name the condition reads
        that ``schema`` lacks (unless ``closed`` is False), or the first field it reads that the
        name's :class:`NameSpec` lacks; a field of a plain value or of a list is an error too.

        This is what turns ``primary.valeu >= 10`` into a load-time error rather than a failure
        on every document.
        """
        _NameChecker(schema, closed, self._offset).visit(self._tree)

    def evaluate(self, names: Mapping[str, object]) -> object:
        """The value of the expression with ``names`` bound.

        Attribute syntax reads fields: ``primary.block`` is ``names["primary"]["block"]`` for a
        mapping, or a declared field for a dataclass instance. Any failure (unknown name or
        field, type error, division by zero, a size bound or the operation budget) raises
        :class:`ExpressionError` with the column of the failing part.
        """
        ev = _evaluator()
        ev.busy = True
        ev.names = names
        ev.ops = 0
        ev.failed_at = None
        try:
            # simpleeval's eval() only re-parses and stores the source for messages; going
            # straight to the tree walk keeps the cached parse and saves two calls.
            ev.expr = self.source
            return ev._eval(self._tree)
        except ExpressionError as exc:
            raise ExpressionError(exc.message, _node_column(ev.failed_at, self._offset)) from None
        except _Budget:
            raise ExpressionError(f"evaluation exceeded {MAX_OPERATIONS} operations") from None
        except (simpleeval.InvalidExpression, ArithmeticError, TypeError, ValueError,
                LookupError, RecursionError, MemoryError) as exc:
            raise ExpressionError(_error_text(exc), _node_column(ev.failed_at, self._offset)) from None
        finally:
            ev.names = {}
            ev.busy = False

    def test(self, names: Mapping[str, object]) -> bool:
        """``bool(evaluate(names))``: whether a rule's condition holds."""
        return bool(self.evaluate(names))
