"""Loading rule packs: YAML files of rules, validated strictly, every error reported with its place.

A rule is data (one YAML mapping, Vale style); its ``kind`` names code in
:mod:`numcheck.checks`. A pack is a folder of ``*.yaml``/``*.yml`` files (read recursively, in
sorted order) or a single file; a file holds one rule, a list of rules, or several YAML
documents of either. :func:`load_packs` never stops at the first error: it returns every rule
that is valid and a :class:`~numcheck.model.Problem` (``kind="rules"``) for every error, each
with the file, the 1-based line and column of the offending key or value, and its text.

The schema (extra keys are errors everywhere)::

    code: NC201                 # ^[A-Z]{2,5}\\d{3}$ (the default pack uses NC), unique overall
    name: per-side-times-sides-mismatch     # kebab-case
    kind: product               # a key of the kinds registry
    severity: error             # error | warning | info
    message: "{part} per side × {count} sides = {expected}, but the text says {stated}"
    suggest: "{expected}"       # optional: what the primary claim would read if the rest is right
    description: ...            # non-empty
    params: {tolerance: 0.0}    # validated by the kind's Params model
    when: "not primary.boilerplate"         # optional; see numcheck.engine.expr
    help: ...                   # optional
    examples:                   # at least one of each
      flag: ["text", {text: ..., date: 2025-05-23}, {documents: [..., {text: ..., date: ...}]}]
      pass: ["text"]
"""

from __future__ import annotations

import datetime as _dt
import difflib
import functools
import re
import string
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

from numcheck.checks.base import KindSpec, Params
from numcheck.engine.expr import Expression, ExpressionError
from numcheck.engine.names import kind_values, when_schema
from numcheck.model import Problem

if TYPE_CHECKING:
    from numcheck.yamlsafe import Node

#: Largest rule file read, in bytes.
MAX_FILE_BYTES = 1_000_000
#: File suffixes read from a pack folder.
RULE_SUFFIXES = (".yaml", ".yml")
#: What a rule's ``code`` looks like. The default pack uses ``NC`` + three digits.
CODE_PATTERN = r"^[A-Z]{2,5}\d{3}$"
#: What a rule's ``name`` looks like: kebab-case.
NAME_PATTERN = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"
#: Problems reported per file before the rest of it is skipped.
MAX_FILE_PROBLEMS = 200
#: Widest field width or precision a message placeholder may ask for.
MAX_FORMAT_WIDTH = 100

_PROBLEM_KIND = "rules"
_FIELD_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
# Python's standard format-spec mini-language, with the width and precision captured.
_FORMAT_SPEC = re.compile(
    r"^(?:.?[<>=^])?[+\- ]?z?#?0?(?P<width>\d*)[,_]?(?:\.(?P<precision>\d+))?[bcdeEfFgGnosxX%]?$",
    re.S,
)


# --- values -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ExampleDocument:
    """One document of a multi-document example (a story)."""

    text: str
    date: _dt.date | None = None


@dataclass(frozen=True, slots=True)
class Example:
    """A text a rule must flag (``expect="flag"``) or must leave alone (``expect="pass"``).

    Exactly one of ``text`` (a single document) and ``documents`` (a story) is set. ``date``
    is the document date for ``text`` (each of ``documents`` carries its own). ``line`` is
    where the example starts in the rule file.
    """

    expect: str
    text: str | None
    documents: tuple[ExampleDocument, ...] = ()
    date: _dt.date | None = None
    line: int = 0
    #: For a ``flag`` example, how many times the rule fires on it (and no other rule may).
    count: int = 1
    #: ``"PARAM inside"`` or ``"PARAM outside"``: the example sits just inside or just outside
    #: the boundary that the rule's parameter ``PARAM`` draws (a pair shows the edge holds).
    boundary: str | None = None


@functools.lru_cache(maxsize=4096)
def compile_condition(source: str) -> Expression:
    """The parsed :class:`~numcheck.engine.expr.Expression` for ``source``, cached per process.

    Rules keep only the source of their condition, so they pickle small and re-parse lazily
    (once per process, through this cache) wherever they are evaluated, Dask workers included.
    """
    return Expression(source)


@dataclass(frozen=True, slots=True)
class Rule:
    """One validated rule: what to look for (``kind`` + ``params``), and how to say it.

    ``params`` is an instance of the kind's pydantic Params model. ``when`` is the source of
    the condition (or ``None``); :attr:`condition` is its parsed form. ``path``/``line`` locate
    the rule in its pack.
    """

    code: str
    name: str
    kind: str
    severity: str
    message: str
    description: str
    params: Params
    when: str | None = None
    help: str | None = None
    examples: tuple[Example, ...] = ()
    path: str = ""
    line: int = 0
    #: Template (same placeholders as ``message``) for what the primary claim would read if
    #: the other claims are right; ``None`` when no single figure can be solved for.
    suggest: str | None = None

    @property
    def condition(self) -> Expression | None:
        """The parsed ``when`` expression (cached per process), or ``None`` without one."""
        return compile_condition(self.when) if self.when is not None else None

    def applies(self, names: Mapping[str, object]) -> bool:
        """Whether the rule's ``when`` holds for ``names`` (always true without one).

        Raises :class:`~numcheck.engine.expr.ExpressionError` if the evaluation fails.
        """
        return True if self.when is None else compile_condition(self.when).test(names)

    @property
    def placeholders(self) -> tuple[str, ...]:
        """The field names the message template uses, in order of first use."""
        return message_fields(self.message)

    def location(self) -> str:
        """``path:line`` of the rule, for messages."""
        return f"{self.path}:{self.line}" if self.line else self.path


# --- the message template ---------------------------------------------------------------------


class TemplateError(ValueError):
    """A message template that cannot be filled safely; ``text`` is the offending part."""

    def __init__(self, message: str, text: str = "") -> None:
        super().__init__(message, text)
        self.message = message
        self.text = text

    def __str__(self) -> str:
        return f"{self.message} [{self.text}]" if self.text else self.message


def message_fields(template: str) -> tuple[str, ...]:
    """The placeholder names of a ``str.format`` template, after checking it is safe.

    Only plain named fields are allowed: ``{expected}``, ``{stated:,}``, ``{share:.1%}``,
    ``{name!r}``. Rejected with :class:`TemplateError`: unbalanced braces, positional or
    automatic fields (``{0}``, ``{}``), attribute or index access (``{0.__class__}``,
    ``{a[0]}``), nested placeholders in a format spec, format specs outside Python's standard
    mini-language, and widths or precisions over :data:`MAX_FORMAT_WIDTH` (``{x:>999999999}``
    would allocate a gigabyte).
    """
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise TemplateError(f"message template: {exc}", _shorten(template)) from None
    names: list[str] = []
    for _literal, field, spec, conversion in parts:
        if field is None:
            continue
        shown = "{" + field + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
        if field == "" or field.isdigit():
            raise TemplateError("message placeholders must be named, like {expected}", shown)
        if not _FIELD_NAME.match(field):
            raise TemplateError(
                "message placeholders must be plain names: no attribute or index access", shown
            )
        if conversion not in (None, "s", "r", "a"):
            raise TemplateError(f"unknown conversion !{conversion} in message placeholder", shown)
        if spec:
            if "{" in spec or "}" in spec:
                raise TemplateError("nested placeholders in a format spec are not allowed", shown)
            m = _FORMAT_SPEC.match(spec)
            if m is None:
                raise TemplateError(f"bad format spec {spec!r} in message placeholder", shown)
            for part in ("width", "precision"):
                digits = m.group(part)
                if digits and int(digits) > MAX_FORMAT_WIDTH:
                    raise TemplateError(
                        f"format {part} over {MAX_FORMAT_WIDTH} in message placeholder", shown
                    )
        if field not in names:
            names.append(field)
    return tuple(names)


def _shorten(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- loading ----------------------------------------------------------------------------------


class _Collector:
    """Problems of one load, and the codes seen so far (codes are unique across packs)."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.codes: dict[str, str] = {}

    def add(self, path: str, message: str, line: int = 0, column: int = 0, text: str = "") -> None:
        self.problems.append(Problem(path, message, line, column, _PROBLEM_KIND, text))

    def at(self, path: str, node: Node, message: str, text: str | None = None) -> None:
        self.add(path, message, node.line, node.column, node.text if text is None else text)


def load_packs(
    paths: Sequence[str | Path], kinds: Mapping[str, KindSpec]
) -> tuple[tuple[Rule, ...], tuple[Problem, ...]]:
    """Every valid rule in the packs at ``paths``, and every problem found in them.

    Each path is a rule file or a folder of them (``*.yaml``/``*.yml``, recursively, sorted).
    A rule with any error is left out and each of its errors is reported; the other rules
    still load. ``kinds`` is the registry of check kinds (``numcheck.checks.KINDS``); a rule's
    ``params`` is validated by its kind's Params model. Problems have ``kind="rules"``.
    """
    out = _Collector()
    rules: list[Rule] = []
    seen_files: set[Path] = set()
    for raw in paths:
        for file in _pack_files(Path(raw), out):
            key = file.resolve()
            if key in seen_files:
                continue
            seen_files.add(key)
            start = len(out.problems)
            rules.extend(_load_file(file, kinds, out))
            # Checks run field by field; a reader wants one file's problems in source order.
            out.problems[start:] = sorted(out.problems[start:], key=lambda p: (p.line, p.column))
    return tuple(rules), tuple(out.problems)


def format_problems(problems: Iterable[Problem]) -> str:
    """One ``path:line:col: message [offending text]`` line per problem (see Problem.format)."""
    return "\n".join(p.format() for p in problems)


def _pack_files(path: Path, out: _Collector) -> list[Path]:
    if path.is_dir():
        files = sorted(
            (p for p in path.rglob("*") if p.suffix in RULE_SUFFIXES and p.is_file()),
            key=lambda p: p.relative_to(path).as_posix(),
        )
        if not files:
            out.add(str(path), "rule pack folder holds no *.yaml or *.yml files")
        return files
    if path.exists() and path.suffix.lower() not in RULE_SUFFIXES:
        # only YAML files are packs: a pack path that names secrets.env or /etc/passwd is never
        # read (it would be quoted back in error messages)
        out.add(str(path), "not a rule pack: pack files end in .yaml or .yml; not read")
        return []
    if path.is_file():
        return [path]
    if path.exists():
        from numcheck.fileio import file_kind

        out.add(str(path), f"rule pack is {file_kind(path.stat().st_mode)}, not a regular file; not read")
        return []
    out.add(str(path), "no such rule file or folder")
    return []


def _load_file(file: Path, kinds: Mapping[str, KindSpec], out: _Collector) -> list[Rule]:
    from numcheck.fileio import NotRegularFile, TooLarge, read_regular

    path = str(file)
    try:
        data = read_regular(file, MAX_FILE_BYTES)
    except TooLarge:
        out.add(path, f"rule file larger than {MAX_FILE_BYTES:,} bytes", 1, 1)
        return []
    except NotRegularFile as exc:
        out.add(path, f"rule file is {exc.kind}, not a regular file; not read")
        return []
    except OSError as exc:
        out.add(path, f"cannot read rule file: {exc.strerror or exc}")
        return []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        head = data[: exc.start]
        line = head.count(b"\n") + 1
        column = len(head[head.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
        out.add(path, f"rule file is not UTF-8 ({exc.reason})", line, column)
        return []
    from numcheck.yamlsafe import compose_documents  # PyYAML: only when a pack is validated

    documents, yaml_problems = compose_documents(text)
    # A file that does not even look like a pack (a config, a secrets file that happens to
    # end in .yaml) is not quoted back: its errors give the place, not the text there.
    quote = _looks_like_pack(text)
    for p in yaml_problems:
        out.add(path, p.message, p.line, p.column, p.text if quote else "")
    if not documents and not yaml_problems:
        out.add(path, "rule file holds no rules", 1, 1)
    rules: list[Rule] = []
    start = len(out.problems)
    for doc in documents:
        if doc.kind == "seq":
            candidates: tuple[Node, ...] = doc.value  # type: ignore[assignment]
            if not candidates:
                out.at(path, doc, "empty list of rules")
        else:
            candidates = (doc,)
        for node in candidates:
            if len(out.problems) - start > MAX_FILE_PROBLEMS:
                # A megabyte of "- 1" lines would otherwise be a quarter of a million problems.
                out.add(path, f"more than {MAX_FILE_PROBLEMS} problems; stopped checking this file")
                return rules
            if node.kind != "map":
                what = "a list" if node.kind == "seq" else f"the {type(node.value).__name__} value"
                out.at(path, node, f"a rule must be a mapping of keys to values, not {what}",
                       None if quote else "")
                continue
            rule = _load_rule(node, path, kinds, out)
            if rule is not None:
                rules.append(rule)
    # The rules were still checked so that all errors show, but a file YAML complained about
    # (a duplicate key silently keeps one value, a refused alias became null) loads nothing.
    return [] if yaml_problems else rules


_PACK_KEY = re.compile(r"^[ \t-]*(?:code|kind|severity|message)[ \t]*:", re.M)


def _looks_like_pack(text: str) -> bool:
    """Whether a file has a rule's keys at all; if not, its errors quote none of its text."""
    return _PACK_KEY.search(text) is not None


def _load_rule(node: Node, path: str, kinds: Mapping[str, KindSpec], out: _Collector) -> Rule | None:
    """Validate one rule mapping, reporting every error; the Rule if there were none."""
    before = len(out.problems)
    raw = _normalise(node.to_python())
    from pydantic import ValidationError

    from numcheck.engine.schema import RuleModel

    model: RuleModel | None = None
    bad_fields: set[str] = set()
    try:
        model = RuleModel.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            if err["loc"]:
                bad_fields.add(str(err["loc"][0]))
            _report_validation(err, node, (), path, out)

    # Checks beyond the schema run on the raw values whose type was right, so that a rule with
    # several mistakes has all of them reported at once.
    kind_name = raw.get("kind")
    params_obj: Params | None = None
    spec: KindSpec | None = None
    if "kind" not in bad_fields and isinstance(kind_name, str):
        spec = kinds.get(kind_name)
        if spec is None:
            known = ", ".join(sorted(kinds)) or "none"
            out.at(path, node.get("kind") or node, f"unknown kind {kind_name!r} (known kinds: {known})")
        elif "params" not in bad_fields:
            params_raw = raw.get("params", {})
            try:
                params_obj = spec.params.model_validate(params_raw)
            except ValidationError as exc:
                for err in exc.errors(include_url=False):
                    _report_validation(err, node, ("params",), path, out,
                                       model=spec.params.schema_model())

    for key in ("message", "suggest"):
        template = raw.get(key)
        if key in bad_fields or not isinstance(template, str):
            continue
        try:
            placeholders = message_fields(template)
            values = kind_values(spec) if spec is not None else None
            for name in placeholders:
                if values is not None and name not in values:
                    # a placeholder the kind never fills would print as "{name}" in every report
                    near = difflib.get_close_matches(name, sorted(values), n=1)
                    hint = f"; did you mean {{{near[0]}}}?" if near else ""
                    known = ", ".join(sorted(values)) or "none"
                    raise TemplateError(f"{key} placeholder {{{name}}} is not a value of kind "
                                        f"{spec.name}{hint} (values: {known})", "{" + name)
        except TemplateError as exc:
            where = node.get(key) or node
            at = template.find(exc.text) + 1 if exc.text else 0
            line, column = _column_in_scalar(where, at)
            # a syntax error in the suggest template says which template it is in
            message = exc.message
            if key == "suggest" and not message.startswith("suggest placeholder"):
                message = f"'suggest' {message}"
            out.add(path, message, line, column, exc.text)

    when = raw.get("when")
    if "when" not in bad_fields and isinstance(when, str):
        try:
            condition = compile_condition(when)
            if spec is not None:
                # names and fields are checked against what this kind's findings carry
                schema, closed = when_schema(spec)
                condition.check_names(schema, closed=closed)
        except ExpressionError as exc:
            where = node.get("when") or node
            line, column = _column_in_scalar(where, exc.column)
            out.add(path, f"bad 'when' condition: {exc.message}", line, column, where.text)

    code = raw.get("code")
    if "code" not in bad_fields and isinstance(code, str):
        first = out.codes.get(code)
        code_node = node.get("code") or node
        if first is not None:
            out.at(path, code_node, f"duplicate rule code {code} (first defined at {first})")
        else:
            out.codes[code] = f"{path}:{code_node.line}"

    if len(out.problems) > before or model is None or params_obj is None:
        return None
    return Rule(
        code=model.code,
        name=model.name,
        kind=model.kind,
        severity=model.severity,
        message=model.message,
        description=model.description.strip(),
        params=params_obj,
        when=model.when,
        help=model.help,
        examples=_examples(model.examples, node),
        path=path,
        line=node.line,
        suggest=model.suggest,
    )


def _normalise(raw: object) -> dict:
    """Rule data with the shorthand forms expanded: an example or document given as a string."""
    if not isinstance(raw, dict):
        return {}
    examples = raw.get("examples")
    if isinstance(examples, dict):
        for expect in ("flag", "pass"):
            items = examples.get(expect)
            if isinstance(items, list):
                for i, item in enumerate(items):
                    if isinstance(item, str):
                        items[i] = {"text": item}
                    elif isinstance(item, dict) and isinstance(item.get("documents"), list):
                        docs = item["documents"]
                        for j, doc in enumerate(docs):
                            if isinstance(doc, str):
                                docs[j] = {"text": doc}
    return raw


def _examples(model: "ExamplesModel", node: Node) -> tuple[Example, ...]:
    out: list[Example] = []
    examples_node = node.get("examples")
    for expect, items in (("flag", model.flag), ("pass", model.pass_)):
        list_node = examples_node.get(expect) if examples_node else None
        item_nodes = list_node.value if list_node is not None and list_node.kind == "seq" else ()
        for i, item in enumerate(items):
            line = item_nodes[i].line if i < len(item_nodes) else 0  # type: ignore[index]
            docs = tuple(ExampleDocument(d.text, d.date) for d in item.documents or ())
            out.append(Example(expect, item.text, docs, item.date, line, item.count, item.boundary))
    return tuple(out)


def _locate(node: Node, loc: Sequence[object]) -> tuple[Node, Node | None, int]:
    """The deepest node on the path ``loc``, the key node naming it, and how much of loc matched."""
    key_node: Node | None = None
    for depth, step in enumerate(loc):
        if node.kind == "map" and isinstance(step, str):
            pair = node.pair(step)
            if pair is None:
                return node, key_node, depth
            key_node, node = pair
        elif node.kind == "seq" and isinstance(step, int) and 0 <= step < len(node.value):  # type: ignore[arg-type]
            key_node, node = None, node.value[step]  # type: ignore[index]
        else:
            return node, key_node, depth
    return node, key_node, len(loc)


def _report_validation(
    err: Mapping[str, Any],
    root: Node,
    prefix: tuple[str, ...],
    path: str,
    out: _Collector,
    model: "type[BaseModel] | None" = None,
) -> None:
    """Map one pydantic error to the YAML node it is about."""
    loc = prefix + tuple(err["loc"])
    node, key_node, matched = _locate(root, loc)
    dotted = ".".join(str(p) for p in loc)
    kind = err["type"]
    if kind == "extra_forbidden":
        target = key_node if key_node is not None and matched == len(loc) else node
        allowed = _allowed_keys(loc[:-1], model)
        hint = f" (allowed: {', '.join(allowed)})" if allowed else ""
        label = "param" if prefix else "key"
        out.at(path, target, f"unknown {label} {str(loc[-1])!r} in {_where(loc[:-1])}{hint}", target.text if target is key_node else str(loc[-1]))
    elif kind == "missing":
        # Point at the key that holds the incomplete mapping ("examples:"), else the mapping.
        target = key_node if key_node is not None else node
        out.at(path, target, f"missing required key {str(loc[-1])!r} in {_where(loc[:-1])}")
    else:
        msg = err["msg"]
        out.at(path, node, f"{dotted}: {msg}" if dotted else msg)


def _where(loc: Sequence[object]) -> str:
    return "rule" if not loc else ".".join(str(p) for p in loc)


def _allowed_keys(loc: Sequence[object], model: "type[BaseModel] | None") -> tuple[str, ...]:
    if loc and loc[0] == "params" and model is not None and len(loc) == 1:
        return tuple(model.model_fields)
    if not loc:
        from numcheck.engine.schema import RULE_KEYS

        return RULE_KEYS
    if tuple(loc) == ("examples",):
        return ("flag", "pass")
    if loc[0] == "examples" and len(loc) == 3:
        return ("text", "date", "documents", "count", "boundary")
    if loc[0] == "examples" and len(loc) == 5:
        return ("text", "date")
    return ()


def _column_in_scalar(node: Node, column: int) -> tuple[int, int]:
    """Line and column in the file of 1-based ``column`` inside a one-line scalar's value."""
    # Block scalars and scalars folded over several lines do not map columns one to one.
    if column <= 0 or node.kind != "scalar" or node.style not in ("", '"', "'"):
        return node.line, node.column
    if node.end_line != node.line:
        return node.line, node.column
    quote = 1 if node.style in ('"', "'") else 0
    return node.line, node.column + quote + column - 1
