"""Hardened YAML reading that keeps the line and column of every node.

Rule packs and Markdown front matter may come from anywhere, so both are read here, with the
same limits. (This module sits at the bottom of the layer contract so that ingest, which reads
front matter, and the engine, which reads packs, share it; ``numcheck.engine.yamlmarks``
re-exports it.) The YAML is read as an event stream from libyaml
(``yaml.CSafeLoader`` when PyYAML was built with it, else the pure-Python ``SafeLoader``) and
composed here, iteratively, into :class:`Node` values that remember where they came from. Doing
the composition ourselves (rather than ``yaml.compose`` + a constructor) puts every hostile case
in one place and lets the reader stop early, before libyaml spends time on it:

* aliases and anchors are rejected outright (no billion-laughs expansion can happen, and no
  graph can be cyclic);
* explicit tags other than the plain core-schema ones (``!!str``, ``!!int``, ``!!float``,
  ``!!bool``, ``!!null``, ``!!seq``, ``!!map``) are rejected, so ``!!python/object/apply`` never
  reaches a constructor;
* more than :data:`MAX_NODES` nodes, or nesting deeper than :data:`MAX_DEPTH`, stops the read (libyaml's cost grows with the square
  of the flow depth: 20,000 nested ``[`` take seconds);
* duplicate keys are errors that name both lines; non-scalar keys are errors;
* syntax errors (tabs used as indentation among them) are reported at libyaml's mark;
* no YAML 1.1 sexagesimal numbers: ``1:30`` (or ``1:0:0:...`` a megabyte long, which PyYAML
  converts in quadratic time) is the string it looks like, as YAML 1.2 reads it;
* with ``implicit=False`` (front matter) plain scalars stay strings, except the null forms:
  ``title: no`` is "no", not False, and ``story: 0x1F`` is "0x1F", not 31.

Errors are collected, not raised, so that one read reports everything wrong in a file up to
the first syntax error (after which YAML cannot be read further).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

import yaml
import yaml.constructor
import yaml.resolver

#: Deepest nesting of mappings and sequences accepted (a rule needs about five levels).
MAX_DEPTH = 32
#: Largest accepted document, in characters (the loader also caps files at this many bytes).
MAX_CHARS = 1_000_000
#: Most nodes read from one file (a rule takes about 30; a pack file of 500 rules fits).
MAX_NODES = 20_000
#: Errors reported per file before giving up on it (an alias bomb has thousands of aliases).
MAX_ERRORS = 50
#: How much of the offending source text an error quotes.
TEXT_LIMIT = 80

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_CORE = "tag:yaml.org,2002:"
#: Explicit tags that only restate what plain YAML already means.
ALLOWED_TAGS = frozenset(
    {_CORE + t for t in ("str", "int", "float", "bool", "null", "seq", "map")} | {"!"}
)


@dataclass(frozen=True, slots=True)
class YamlProblem:
    """An error found while reading YAML: 1-based ``line``/``column`` and the text there."""

    message: str
    line: int
    column: int
    text: str = ""


@dataclass(frozen=True, slots=True)
class Node:
    """A composed YAML node with its place in the source.

    ``kind`` is ``"scalar"``, ``"seq"`` or ``"map"``. For a scalar, ``value`` is the constructed
    Python value (str, int, float, bool, None, date or datetime); for a sequence, a tuple of
    nodes; for a mapping, a tuple of ``(key, value)`` node pairs in source order. ``line`` and
    ``column`` are 1-based and mark where the node starts; ``text`` is the source text it spans
    (its first line, shortened); ``style`` is the scalar style (``""`` plain, ``'"'``, ``"'"``,
    ``"|"``, ``">"``) or ``None``. ``end_line``/``end_column`` mark where the node ends
    (exclusive column).
    """

    kind: str
    value: object
    line: int
    column: int
    text: str = ""
    style: str | None = None
    end_line: int = 0
    end_column: int = 0

    def get(self, key: str) -> "Node | None":
        """The value node stored under ``key`` in a mapping node (``None`` if absent)."""
        pair = self.pair(key)
        return pair[1] if pair else None

    def pair(self, key: object) -> "tuple[Node, Node] | None":
        """The ``(key node, value node)`` pair for ``key`` in a mapping node, if present."""
        if self.kind != "map":
            return None
        for k, v in self.value:  # type: ignore[attr-defined]
            if k.value == key and type(k.value) is type(key):
                return k, v
        return None

    def to_python(self) -> object:
        """The plain Python value: dicts, lists and scalars (depth is bounded by the reader)."""
        if self.kind == "scalar":
            return self.value
        if self.kind == "seq":
            return [item.to_python() for item in self.value]  # type: ignore[attr-defined]
        return {k.value: v.to_python() for k, v in self.value}  # type: ignore[attr-defined]


class _Source:
    """The document's lines, for quoting the text at a mark."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines() or [""]

    def span(self, start: yaml.Mark, end: yaml.Mark) -> str:
        if start.line >= len(self.lines):
            return ""
        line = self.lines[start.line]
        piece = line[start.column:end.column] if end.line == start.line else line[start.column:]
        return _shorten(piece.strip())

    def at(self, mark: yaml.Mark) -> str:
        if mark.line >= len(self.lines):
            return ""
        return _shorten(self.lines[mark.line].strip())


def _shorten(text: str) -> str:
    return text if len(text) <= TEXT_LIMIT else text[: TEXT_LIMIT - 1] + "…"


class _Scalars:
    """Resolves and constructs plain scalars as ``yaml.safe_load`` would, minus sexagesimals.

    With ``implicit=False`` a plain scalar is its text (None for the null forms).
    """

    def __init__(self, implicit: bool = True) -> None:
        self.resolver = yaml.resolver.Resolver()
        self.constructor = yaml.constructor.SafeConstructor()
        self.implicit = implicit

    def build(self, event: yaml.ScalarEvent) -> object:
        tag = event.tag
        if tag is None or tag == "!":
            if tag == "!":
                return event.value
            tag = self.resolver.resolve(yaml.ScalarNode, event.value, event.implicit)
            if tag in (_CORE + "int", _CORE + "float") and ":" in event.value:
                # YAML 1.1 base-60 ("1:30" is 90); 1.2 dropped it, and PyYAML's conversion of a
                # long one is quadratic (and its str() can then exceed Python's digit limit)
                return event.value
            if not self.implicit and tag != _CORE + "null":
                return event.value
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        construct = self.constructor.yaml_constructors.get(tag)
        if tag in (_CORE + "str", _CORE + "merge", _CORE + "value") or construct is None:
            # "<<" and "=" only mean something with aliases, which are refused anyway.
            return event.value
        return construct(self.constructor, node)


class _Frame:
    """A mapping or sequence being composed."""

    __slots__ = ("kind", "start", "items", "key", "seen")

    def __init__(self, kind: str, start: yaml.Event) -> None:
        self.kind = kind
        self.start = start
        self.items: list = []
        self.key: Node | None = None
        self.seen: dict[object, int] = {}


def compose_documents(text: str, *, what: str = "rule files",
                      implicit: bool = True) -> tuple[tuple[Node, ...], tuple[YamlProblem, ...]]:
    """Every document in ``text`` as a :class:`Node`, and every problem found reading them.

    A document that had an error may still be returned (with the bad part replaced by a null
    scalar) so that the caller can report its other errors too; after a syntax error or a
    nesting-depth error reading stops. ``what`` names the input in messages ("anchors are not
    allowed in front matter"); ``implicit=False`` keeps plain scalars as strings.
    """
    problems: list[YamlProblem] = []
    documents: list[Node] = []
    if len(text) > MAX_CHARS:
        return (), (YamlProblem(f"document larger than {MAX_CHARS:,} characters", 1, 1),)
    source = _Source(text)
    scalars = _Scalars(implicit)
    deep = _flow_too_deep(text)
    if deep is not None:
        # Checked before libyaml sees the text: its scanner reads flow collections ahead of the
        # events we count, and PyYAML releases differ in whether (and with what message) they
        # stop deep flow nesting themselves. The outcome must not depend on the version.
        line = text.count("\n", 0, deep)
        column = deep - (text.rfind("\n", 0, deep) + 1)
        return (), (YamlProblem(f"nested deeper than {MAX_DEPTH} levels; stopped reading this file",
                                line + 1, column + 1, source.lines[line][column:column + TEXT_LIMIT]
                                if line < len(source.lines) else ""),)

    def report(message: str, mark: yaml.Mark, quote: str | None = None) -> None:
        problems.append(
            YamlProblem(message, mark.line + 1, mark.column + 1, quote if quote is not None else source.at(mark))
        )

    def node_at(kind: str, value: object, start: yaml.Event, end: yaml.Event, style=None) -> Node:
        return Node(kind, value, start.start_mark.line + 1, start.start_mark.column + 1,
                    source.span(start.start_mark, end.end_mark), style,
                    end.end_mark.line + 1, end.end_mark.column + 1)

    stack: list[_Frame] = []
    count = 0
    try:
        for event in _events(text):
            if isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent, yaml.CollectionStartEvent)):
                count += 1
            if count > MAX_NODES:
                report(f"more than {MAX_NODES:,} YAML nodes; stopped reading this file",
                       event.start_mark, "")
                break
            if len(problems) >= MAX_ERRORS:
                report(f"more than {MAX_ERRORS} errors; stopped reading this file", event.start_mark, "")
                break
            if isinstance(event, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentStartEvent)):
                continue
            if isinstance(event, yaml.DocumentEndEvent):
                continue
            anchor = getattr(event, "anchor", None)
            if anchor is not None and not isinstance(event, yaml.AliasEvent):
                report(f"anchors are not allowed in {what} (&{anchor})", event.start_mark, f"&{anchor}")
            tag = getattr(event, "tag", None)
            bad_tag = tag is not None and tag not in ALLOWED_TAGS
            if bad_tag:
                report(f"tag {_short_tag(tag)} is not allowed in {what}", event.start_mark, _short_tag(tag))
            node: Node | None = None
            if isinstance(event, yaml.AliasEvent):
                report(f"aliases are not allowed in {what} (*{event.anchor})", event.start_mark,
                       f"*{event.anchor}")
                node = Node("scalar", None, event.start_mark.line + 1, event.start_mark.column + 1,
                            source.span(event.start_mark, event.end_mark))
            elif isinstance(event, yaml.ScalarEvent):
                if bad_tag or (tag is not None and tag in ALLOWED_TAGS and tag.endswith(("seq", "map"))):
                    value: object = event.value
                else:
                    try:
                        value = scalars.build(event)
                    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
                        report(f"bad {_short_tag(tag or '')} value: {exc}", event.start_mark)
                        value = None
                node = node_at("scalar", value, event, event, event.style or "")
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if len(stack) >= MAX_DEPTH:
                    report(f"nested deeper than {MAX_DEPTH} levels; stopped reading this file",
                           event.start_mark)
                    stack.clear()
                    break
                stack.append(_Frame("map" if isinstance(event, yaml.MappingStartEvent) else "seq", event))
                continue
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                frame = stack.pop()
                node = node_at(frame.kind, tuple(frame.items), frame.start, event)
            if node is None:
                continue
            if not stack:
                documents.append(node)
                continue
            parent = stack[-1]
            if parent.kind == "seq":
                parent.items.append(node)
            elif parent.key is None:
                if node.kind != "scalar":
                    problems.append(YamlProblem("mapping keys must be plain scalars", node.line, node.column, node.text))
                    node = Node("scalar", object(), node.line, node.column, node.text)
                else:
                    try:
                        first = parent.seen.get(node.value)
                    except TypeError:
                        first = None
                    if first is not None:
                        problems.append(YamlProblem(
                            f"duplicate key {node.value!r} (first at line {first})",
                            node.line, node.column, node.text,
                        ))
                    else:
                        try:
                            parent.seen[node.value] = node.line
                        except TypeError:
                            pass
                parent.key = node
            else:
                parent.items.append((parent.key, node))
                parent.key = None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problems.append(_syntax_problem(exc, mark, source))
    except yaml.YAMLError as exc:
        # ReaderError (bad characters) carries a character position, not a mark.
        position = getattr(exc, "position", 0) or 0
        line = text.count("\n", 0, position)
        column = position - (text.rfind("\n", 0, position) + 1)
        character = getattr(exc, "character", None)
        if isinstance(character, str):
            character = ord(character)
        if isinstance(character, int) and getattr(exc, "reason", None):
            # one line, never PyYAML's two-line 'in "<unicode string>", position N'
            message = f"cannot read YAML: character U+{character:04X} is not allowed ({exc.reason})"
        else:
            message = "cannot read YAML: " + " ".join(str(exc).split())
        problems.append(YamlProblem(message, line + 1, column + 1))
    return tuple(documents), tuple(problems)


_FLOW_TOKEN = re.compile(r"[\[\]{}]|\"(?:[^\"\\\n]|\\.)*+\"?|'(?:[^'\n]|'')*+'?|(?:^|(?<=[ \t]))#[^\n]*+", re.M)


def _flow_too_deep(text: str) -> int | None:
    """The offset of the first ``[``/``{`` nested deeper than :data:`MAX_DEPTH`, if any.

    A linear scan over brackets outside quoted scalars and comments. It may over-count a bracket
    inside a plain scalar, which only matters past 32 unclosed ones; no rule file has those.
    """
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return None
    depth = 0
    for m in _FLOW_TOKEN.finditer(text):
        ch = m.group(0)[0]
        if ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return m.start()
        elif ch in "]}":
            depth = max(0, depth - 1)
    return None


def _events(text: str) -> Iterator[yaml.Event]:
    loader = _LOADER(text)
    try:
        while loader.check_event():
            yield loader.get_event()
    finally:
        loader.dispose()


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_CORE):] if tag.startswith(_CORE) else tag


def _syntax_problem(exc: yaml.MarkedYAMLError, mark: yaml.Mark | None, source: _Source) -> YamlProblem:
    problem = exc.problem or "syntax error"
    if "nesting" in problem and "depth" in problem:
        # a libyaml of its own limit (PyYAML >= 6.0.4) reached before our count; same outcome
        line = mark.line if mark else 0
        return YamlProblem(f"nested deeper than {MAX_DEPTH} levels; stopped reading this file",
                           line + 1, (mark.column if mark else 0) + 1,
                           _shorten(source.lines[line].strip()) if line < len(source.lines) else "")
    if exc.context:
        problem = f"{exc.context}: {problem}"
    line = mark.line if mark else 0
    column = mark.column if mark else 0
    text = source.lines[line] if line < len(source.lines) else ""
    if "\t" in text[: column + 1] and not text[:column].strip(" \t"):
        # libyaml's wording ("found character that cannot start any token") hides the cause.
        problem = f"tab character used for indentation ({problem})"
    return YamlProblem(f"YAML syntax error: {problem}", line + 1, column + 1, _shorten(text.strip()))
