"""Grouping the documents of one run into stories, and giving undated documents a story date.

Cross-document checks run only within a story. A story comes from, in order:

1. an explicit ``story:`` (front matter or a corpus column): documents naming the same story
   are one story, and are never auto-linked to others;
2. ``mode="file"`` (each document alone) or ``mode="all"`` (one story for the run);
3. ``mode="auto"``: documents are linked when they share enough *distinctive names* (capitalised
   names that the text never writes in lower case, minus calendar words and titles) and
   *figures* (numbers of 100 or more that are not years). Two documents link when they share at
   least ``min_names`` names and at least one figure, or at least twice ``min_names`` names.
   In a run of :data:`COMMON_MIN_RUN` or more documents, a name or figure found in more than
   ``max(2, 2% of the run)`` documents is too common to link anything (in a big archive "Russia" or "1,000" says nothing about the story). Links
   are transitive (union-find).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from typing import Sequence

from numcheck.model import Claim

STORY_MODES = ("auto", "file", "all")
#: Runs of at least this many documents drop names and figures found in more than 2% of them.
COMMON_MIN_RUN = 50
#: A shared figure at least this large, with shared subject matter, links on fewer names.
BIG_FIGURE = 10_000
#: Content words (five letters or more) two documents must share to link on fewer names.
MIN_SHARED_WORDS = 5

# Source trust order for choosing a story's date (lower is better).
_DATE_TRUST = {s: i for i, s in enumerate(
    ("flag", "front_matter", "metadata", "corpus", "dateline", "caption"))}

_NAME = re.compile(r"\b[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)*\b")
_NOT_NAMES = frozenset(
    """January February March April May June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday The This That These Those There
    Their They Then When While After Before During Since Still However But And Or Also Some
    Many More Most Other Both Each Every Neither Either Not No Yes His Her Its Our Your What Which
    Who How Why Where Earlier Later Last Next First Second Third Several Few Mr Mrs Ms Dr
    President Minister Prime Secretary Senator Governor General Officials Official Spokesman
    Spokeswoman Speaking According Share Leave Reply Photo Relatives Media Washington""".split()
)


@dataclass(frozen=True, slots=True)
class StoryInput:
    """What grouping needs to know about one document."""

    path: str
    text: str
    claims: tuple[Claim, ...]
    story: str | None = None
    date: _dt.date | None = None
    date_source: str = "none"


@dataclass(frozen=True, slots=True)
class Story:
    """A group of documents checked together, with why they were linked and the story date."""

    id: str
    documents: tuple[str, ...]
    linked_by: tuple[str, ...] = ()
    date: _dt.date | None = None
    #: The document the story date was taken from.
    date_from: str | None = None


def distinctive_names(text: str) -> frozenset[str]:
    """Capitalised names in ``text`` that never appear in lower case there."""
    lowered = None
    names = set()
    for m in _NAME.finditer(text):
        word = m.group()
        if word.endswith(("'s", "’s")):
            word = word[:-2]  # "Southmoor's" is the name Southmoor
        if word in _NOT_NAMES or len(word) < 3:
            continue
        names.add(word)
    if not names:
        return frozenset()
    lowered = set(re.findall(r"\b[a-z][a-z'-]+\b", text))
    return frozenset(n for n in names if n.lower() not in lowered)


_CONTENT = re.compile(r"\b[a-z]{5,}\b")


_COMMON_WORDS = frozenset("""about above after again against among around because before being
    below between could during every first found given great having their there these thing
    think those three through today under until where which while whose would years since
    people other still again month months weeks million billion thousand hundred percent
    said says after later early since their being might should shall never often
    where whether whole within without another before around again""".split())


def content_words(text: str) -> frozenset[str]:
    """Lower-case words of five letters or more, minus the commonest: what a story is about
    ("lifeboat", "appeal", "launched")."""
    # plurals fold into their singular so "passenger" and "passengers" count as one word
    return frozenset(w[:-1] if w.endswith("s") and not w.endswith("ss") else w
                     for w in _CONTENT.findall(text) if w not in _COMMON_WORDS)


def distinctive_figures(claims: Sequence[Claim]) -> frozenset[str]:
    """Figures worth linking on: counts, quantities and money of 100 or more, not years."""
    out = set()
    for c in claims:
        if c.kind in ("count", "quantity", "money") and c.value is not None and c.value >= 100 \
                and not c.boilerplate:
            out.add(f"{c.value:,.0f}" if float(c.value).is_integer() else f"{c.value:,}")
    return frozenset(out)


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def group_stories(items: Sequence[StoryInput], mode: str = "auto", min_names: int = 3) -> list[Story]:
    """Group ``items`` into stories according to ``mode`` (see the module docstring)."""
    if mode not in STORY_MODES:
        raise ValueError(f"story mode must be one of {', '.join(STORY_MODES)}, not {mode!r}")
    n = len(items)
    uf = _UnionFind(n)
    reasons: dict[int, list[str]] = {}
    explicit = [it.story for it in items]
    if mode == "all":
        for i in range(1, n):
            uf.union(0, i)
        reasons[0] = ["--story all"]
    else:
        by_story: dict[str, int] = {}
        for i, s in enumerate(explicit):
            if s is not None:
                if s in by_story:
                    uf.union(by_story[s], i)
                else:
                    by_story[s] = i
        if mode == "auto":
            _auto_link(items, uf, reasons, min_names)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(uf.find(i), []).append(i)
    stories = []
    used_ids: set[str] = set()
    for k, (root, members) in enumerate(sorted(groups.items())):
        named = next((explicit[i] for i in members if explicit[i]), None)
        sid = named or f"s{k + 1}"
        while sid in used_ids:
            sid += "'"
        used_ids.add(sid)
        linked = []
        if named:
            linked.append(f"story: {named}")
        for i in members:
            linked.extend(reasons.get(i, []))
        date, date_from = _story_date([items[i] for i in members])
        stories.append(Story(sid, tuple(items[i].path for i in members), tuple(linked), date, date_from))
    return stories


def _auto_link(items, uf: _UnionFind, reasons, min_names: int) -> None:
    names = [distinctive_names(it.text) for it in items]
    figures = [distinctive_figures(it.claims) for it in items]
    n = len(items)
    limit = max(2, int(n * 0.02))
    # in a small run a name every article shares is the story itself ("Southmoor" in each of
    # three measles reports); only in a large archive does it say nothing
    if n > limit and n >= COMMON_MIN_RUN:
        names = _drop_common(names, limit)
        figures = _drop_common(figures, limit)
    # candidate pairs come from an inverted index of names: only documents sharing a name are
    # compared, and no name is in more than ``limit`` documents, so this stays near-linear
    postings: dict[str, list[int]] = {}
    for i, ns in enumerate(names):
        if items[i].story is None:
            for name in ns:
                postings.setdefault(name, []).append(i)
    shared_count: dict[tuple[int, int], int] = {}
    for docs in postings.values():
        for a in range(len(docs)):
            for b in range(a + 1, len(docs)):
                pair = (docs[a], docs[b])
                shared_count[pair] = shared_count.get(pair, 0) + 1
    words: dict[int, frozenset[str]] = {}
    for (i, j), count in sorted(shared_count.items()):
        shared_figures = figures[i] & figures[j]
        weak = False
        if count < min_names:
            # one or two names, a large figure both give exactly, and the same subject matter
            # ("Porthmarran", "£340,000", lifeboat appeal): still one story
            big = [f for f in shared_figures if float(f.replace(",", "")) >= BIG_FIGURE]
            if not big:
                continue
            for k in (i, j):
                if k not in words:
                    words[k] = content_words(items[k].text)
            if len(words[i] & words[j]) < MIN_SHARED_WORDS:
                continue
            weak = True
        shared_names = names[i] & names[j]
        if not (shared_figures or weak) and len(shared_names) < 2 * min_names:
            # enough names but no shared figure (a later report gives only new figures): the
            # same subject matter in many words says it is still one story
            for k in (i, j):
                if k not in words:
                    words[k] = content_words(items[k].text)
            weak = len(words[i] & words[j]) >= MIN_SHARED_WORDS
        if shared_figures or len(shared_names) >= 2 * min_names or weak:
            why = f"{items[i].path} ~ {items[j].path}: names {', '.join(sorted(shared_names)[:6])}"
            if len(shared_names) > 6:
                why += f" (+{len(shared_names) - 6})"
            if shared_figures:
                why += f"; figures {', '.join(sorted(shared_figures)[:4])}"
            reasons.setdefault(i, []).append(why)
            uf.union(i, j)


def _drop_common(sets: list[frozenset[str]], limit: int) -> list[frozenset[str]]:
    """Remove the items found in more than ``limit`` of the sets."""
    freq: dict[str, int] = {}
    for items in sets:
        for item in items:
            freq[item] = freq.get(item, 0) + 1
    common = {item for item, f in freq.items() if f > limit}
    return [items - common for items in sets]


def _story_date(members: Sequence[StoryInput]) -> tuple[_dt.date | None, str | None]:
    """The most trusted date among the members (latest on ties) and the document it came from."""
    dated = [m for m in members if m.date is not None and m.date_source in _DATE_TRUST]
    if not dated:
        return None, None
    best = min(dated, key=lambda m: (_DATE_TRUST[m.date_source], -m.date.toordinal()))
    return best.date, best.path
