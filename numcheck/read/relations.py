"""Relations between mentions, each with the cue that licensed it, and explicit non-relations.

Every reader here works on the tokens and mentions of :class:`numcheck.read.document.Text` and
:mod:`numcheck.read.mentions`; none looks at raw text with a pattern of its own. A phrasing is
taught here once (a cue word, a list shape, a reference), and every check that consumes the
relation gains it.

Readers:

- :func:`lists` — figures in a coordinated list ("210 in Millbrook, 95 in Ashford and 60 in the
  outlying villages"); elided items take the head of the list or of its whole.
- :func:`breakdowns` — ``part_of``: a whole and its parts (after "including", "of whom", a
  colon, "split three ways"; "Of the W, A … and B …"; in the next sentences with "of these",
  "the rest", "the balance", "alone", "accounted for"; "A more, on top of B, bringing the
  total to W").
- :func:`shares` — ``share_of`` (a count out of a base and its percentage or fraction) and
  ``shares`` (a list of shares of one whole).
- :func:`products` — ``product``: per unit × count = total, average × count = total.
- :func:`changes` — ``change``: from one value to another, with the change stated.
- :func:`conversions` — ``conversion``: a figure given again in another unit.
- :func:`sames` — ``same``: one thing stated twice (same thing, attribute, owner and time).
"""

from __future__ import annotations

import math
import re

from numcheck.extract.context import lemma
from numcheck.limits import checkpoint
from numcheck.model import Relation
from numcheck.read import lexicon
from numcheck.read.document import Text
from numcheck.read.mentions import Draft, clause_bounds
from numcheck.read.tokens import AMOUNT_KINDS, Token

__all__ = ["Relations", "read_relations"]

_SEPARATORS = frozenset({",", "and", "while", "whereas", "with", "plus", ";", "or", "against"})
_LIST_FILLERS = frozenset({"the", "a", "an", "remaining", "rest", "other", "another", "further",
                           "some", "about", "around", "nearly", "almost", "roughly", "just",
                           "over", "more", "than", "at", "least", "up", "to", "only", "final",
                           "last", "balance", "of"})
#: Words after a whole that open its breakdown.
_PART_CUES = ("including", "includes", "included", "of whom", "of which", "of them", "among them",
              "among whom", "comprising", "comprised", "consisting of", "made up of", "split between",
              "split among", "split into", "split", "divided between", "divided among", "divided into",
              "broken down", "spread across", "spread between", ":", "—", "–")
#: The cues by their first word, each with its words, in the order of _PART_CUES (a longer cue
#: is listed before its prefix: "split between" before "split"): a whole's next dozen tokens are
#: looked up, not compared with every cue.
_CUES_BY_FIRST: dict[str, tuple[tuple[str, list[str]], ...]] = {}
for _cue in _PART_CUES:
    _CUES_BY_FIRST[_cue.split()[0]] = _CUES_BY_FIRST.get(_cue.split()[0], ()) + ((_cue, _cue.split()),)
_COMPLETE_CUES = ("split", "divided", "broken down", "made up of", "comprising", "consisting of",
                  "comprised")
#: A breakdown in a later sentence: cue words that make a figure a part of an earlier whole.
_LATER_PART_CUES = frozenset({"alone", "accounted", "contributed", "contributing", "came",
                              "coming", "balance", "rest", "remaining", "remainder"})
#: Words that say a share list has one answer each, or is a whole split by its nature.
_PARTITION_WORDS = frozenset("""vote votes voted ballot ballots polled candidate candidates spending
    budget allocated split supplied supplies generated generation sources remaining remainder
    undecided unsure""".split())
_PARTITION_PHRASES = ("single most", "most important", "top priority", "main reason", "first choice",
                      "one answer", "only one", "of the vote", "goes to", "go to", "came from",
                      "comes from", "energy mix", "don't know", "did not know", "the rest", "no opinion")
_SUPPORT = frozenset("back support favour favor approve endorse".split())
_MULTI_ANSWER = ("more than one", "multiple", "could choose", "could give", "could pick",
                 "could select", "could name", "could cite", "all that apply", "several answers",
                 "more than one answer", "more than one reason")
_COMPARE_WORDS = frozenset({"compared", "versus", "vs", "against", "than", "from", "up", "down"})
_TIME_BEFORE_CUES = ("a year earlier", "a year ago", "the year before", "last year",
                     "the previous year", "a year before", "in the same period", "last time",
                     "the same quarter last year", "the same period last year")
_RATIO_WORDS = {"doubled": 2.0, "double": 2.0, "doubling": 2.0, "tripled": 3.0, "trebled": 3.0,
                "triple": 3.0, "quadrupled": 4.0, "halved": 0.5, "halving": 0.5}
_FRACTION_WORDS = ("half", "third", "quarter", "fifth", "sixth", "seventh", "eighth", "ninth",
                   "tenth", "thirds", "quarters", "fifths", " in ", "two-thirds", "three-quarters")


class Relations:
    """The relations found in one document, added by each reader in turn."""

    def __init__(self, doc: Text, drafts: list[Draft]) -> None:
        self.doc = doc
        self.m = drafts
        self.out: list[Relation] = []
        self._seen: set = set()
        #: how many parties the document speaks of (see :func:`parties`), read on first use
        self.parties: int | None = None

    def add(self, kind: str, members, cue: str = "", start: int = 0, end: int = 0, **kw) -> None:
        """Record a relation (once per kind and member set)."""
        members = tuple(members)
        key = (kind, members, kw.get("blocked", ""))
        if key in self._seen:
            return
        self._seen.add(key)
        self.out.append(Relation(kind, members, cue, start, end, **kw))

    # ---- helpers ------------------------------------------------------------------------------
    def claim(self, k: int):
        return self.doc.claims[k]

    def in_table(self, k: int) -> bool:
        """True when the claim sits on a pipe-table row (tables are read as tables)."""
        c = self.doc.claims[k]
        text = self.doc.text
        ls = text.rfind("\n", 0, c.start) + 1
        return text[ls:ls + 1] == "|"

    def amount(self, k: int) -> bool:
        c = self.doc.claims[k]
        if self.in_table(k):
            return False
        if c.kind == "count" and c.value is not None and not float(c.value).is_integer() and not any(
                w in c.text.lower() for w in ("million", "billion", "thousand", "bn", "m", "k")):
            return False  # "magnitude 4.5", "a 6.4 quake": a measure, not a count of things
        return c.kind in ("count", "money", "quantity", "range") and c.value is not None and \
            math.isfinite(c.value) and not c.boilerplate and not _fraction(c) and \
            self.m[k].role not in ("label", "score", "multiplier", "age")

    def share(self, k: int) -> bool:
        c = self.doc.claims[k]
        if self.in_table(k) or c.value == 100:
            return False  # a table cell, or the whole itself ("do not sum to 100%")
        return (c.kind == "percent" and not _points(self.doc, c) or _fraction(c)) and c.value is not None \
            and not c.boilerplate and self.m[k].role not in ("label", "score")

    def same_measure(self, a: int, b: int) -> bool:
        ca, cb = self.doc.claims[a], self.doc.claims[b]
        if not (self.amount(a) and self.amount(b)):
            return False
        if (ca.kind == "range" and ca.unit) or (cb.kind == "range" and cb.unit):
            return ca.kind == cb.kind == "range" and ca.unit == cb.unit
        ka = "count" if ca.kind == "range" else ca.kind
        kb = "count" if cb.kind == "range" else cb.kind
        if ka != kb:
            return False
        if ka == "money":
            return ca.unit == cb.unit
        if ka == "quantity":
            return ca.unit == cb.unit or (self.m[a].attribute is not None and self.m[a].attribute == self.m[b].attribute)
        return True


def _points(doc: Text, c) -> bool:
    """A percentage written in percentage points (a difference, not a share)."""
    if "point" in c.text.lower():
        return True
    nxt = doc.text[c.end:c.end + 12].lower().lstrip()
    return nxt.startswith(("point", "pts", "pp ", "percentage point"))


def _fraction(c) -> bool:
    """A count read from fraction words ("one in five", "a third", "half")."""
    if c.kind != "count" or c.value is None or not (0 < c.value < 1):
        return False
    t = c.text.lower()
    return any(w in t for w in _FRACTION_WORDS)


def share_value(c) -> float:
    """A share as a percentage (fractions in words become their percentage)."""
    return c.value if c.kind == "percent" else c.value * 100


def read_relations(doc: Text, drafts: list[Draft]) -> list[Relation]:
    """Every relation and non-relation of one document."""
    r = Relations(doc, drafts)
    for s in doc.sentences:
        checkpoint()
        if s.first == s.last or doc.text[s.start:s.start + 1] == "|":
            continue  # a table row is read as a table, not as prose
        if not any(r.amount(k) or r.share(k) for k in range(s.first, s.last)):
            continue
        sent = doc.sentence(s.index)
        _lists_and_breakdowns(r, sent)
        _bringing(r, sent)
        _shares_in_sentence(r, sent)
        _changes(r, sent)
        _conversions(r, sent)
        _products(r, sent)
    for s in doc.sentences:
        if s.first < s.last or True:
            _ratio_changes(r, doc.sentence(s.index)) if _has_ratio_word(doc, s) else None
    _lede_changes(r)
    _compared_later(r)
    _later_breakdowns(r)
    _remainders_of_lists(r)
    _shares_of_later_parts(r)
    _restated_shares(r)
    _share_lists(r)
    _sames(r)
    _same_ages(r)
    _tallies(r)
    _custodial_sentences(r)
    return r.out


# ---- lists -----------------------------------------------------------------------------------

def figure_list(r: Relations, sent, j: int, measure: int | None = None, shares: bool = False) -> list[int]:
    """Token positions of the figures in a coordinated list starting at token ``j``."""
    toks = sent.tokens
    items = [j]
    k = j + 1
    n = len(toks)
    while k < n:
        # find the next figure token within the clause-group
        m = k
        while m < n and m - items[-1] <= (26 if shares else 16):
            t = toks[m]
            if t.low in (".", "!", "?", ":") or (t.tag == "SUB" and t.low in ("which", "who", "that", "because", "although")):
                return items
            if t.claim >= 0 and (r.share(t.claim) if shares else r.amount(t.claim)):
                break
            m += 1
        else:
            return items
        if m >= n:
            return items
        # the tokens right before the next figure must be a separator (+ fillers)
        q = m - 1
        while q > items[-1] and (toks[q].low in _LIST_FILLERS or toks[q].tag == "GAP"
                                 or (shares and toks[q].low in ("on", "with", "at", "(", ")"))):
            q -= 1  # "…, ahead of Mark Tidy, on 38.9 per cent", "third with 11.4 per cent"
        if q > items[-1] and toks[q].tag in ("NOUN", "NAME", "ADJ", "ORD"):
            # "Hardware sales contributed £198.4m and software licences and subscriptions
            # £120.6m": a coordinated subject before the figure, its verb elided
            q2 = q
            while q2 > items[-1] + 1 and (toks[q2].tag in ("NOUN", "NAME", "ADJ", "DET", "ORD") or toks[q2].low in ("and", "above", "of", "on", ",", ")")) \
                    and q - q2 < 9:
                q2 -= 1
            while q2 < q and toks[q2].low == ")":
                q2 += 1
            if toks[q2].low in (",", "and", ";") and q2 > items[-1] and not any(
                    x.tag == "VERB" for x in toks[q2:m]):
                q = q2
        if shares and q > items[-1] and toks[q].tag == "VERB" and toks[q].lex == "G":
            # "…, with solar panels on farm sheds and the school roof contributing 19%"
            q2 = q - 1
            while q2 > items[-1] and toks[q2].low not in ("with", ",", ";") and q - q2 < 12:
                q2 -= 1
            if q2 > items[-1] and toks[q2].low == "with":
                q = q2
        sep_ok = q > items[-1] and toks[q].low in _SEPARATORS
        if not sep_ok and shares and toks[m - 1].low == "to" and m - 1 > items[-1] and not any(
                x.low in ("from", "rose", "fell", "up", "down", "increased", "decreased") for x in toks[max(0, items[0] - 6):m]):
            sep_ok = True  # "leads Ferraro 47% to 44%"
        if not sep_ok:
            return items
        cand = toks[m].claim
        ref = toks[items[0]].claim if measure is None else measure
        if not shares and not r.same_measure(ref, cand):
            return items
        if any(toks[x].low in (".",) for x in range(items[-1], m)):
            return items
        items.append(m)
        k = m + 1
    return items


def _tail_type(sent, pos: int, hi: int) -> str:
    """What a list item says of its figure: "place" ("210 in Millbrook"), "verb" ("79 opposed
    it"), "state" ("80 were women"), "noun" (a noun of its own), "for" ("150 for sponsors")."""
    toks = sent.tokens
    k = pos + 1
    if k >= len(toks):
        return ""
    t = toks[k]
    if t.tag == "PREP" and t.low in ("in", "at", "from", "on", "across", "near", "inside", "outside"):
        return "place"
    if t.low == "for":
        return "for"
    if t.tag == "AUX":
        nx = toks[k + 1] if k + 1 < len(toks) else None
        if nx is not None and nx.tag == "VERB":
            return "verb"
        return "state"
    if t.tag == "VERB":
        return "verb"
    if t.tag in ("NOUN", "ADJ"):
        return "noun"
    return ""


# ---- breakdowns ------------------------------------------------------------------------------

def _cue_after(toks: list[Token], w: int, limit: int) -> tuple[str, int] | None:
    """A breakdown cue within a few words after the whole at ``w``: (cue, token after it)."""
    k = w + 1
    words = 0
    # a colon may come after an attribution ("340 homes across the county, emergency officials
    # said on Saturday: 210 in …"), other cues right after the whole's phrase
    while k < len(toks) and words <= 12:
        t = toks[k]
        if t.claim >= 0 and t.tag == "NUM":
            return None
        for cue, parts in _CUES_BY_FIRST.get(t.low, ()):
            if (words <= 8 or cue == ":") and (len(parts) == 1 or [x.low for x in toks[k:k + len(parts)]] == parts):
                if cue == ":" and (toks[k - 1].tag == "NUM" or (toks[k - 1].tag == "TIME" and toks[k - 1].low.isdigit())):
                    break  # "(2023: £378.0 million)": a label, not a breakdown
                return cue, k + len(parts)
        if t.low in (".", ";") or (t.tag == "SUB" and t.low not in ("that",)):
            return None
        if t.tag not in ("PUNCT",):
            words += 1
        k += 1
    return None


#: Nouns that count the parts of a split ("divided into three pots", "split into four lots").
_PIECES = frozenset("""pot part group category way section area phase stage tranche strand stream lot
    block portion share chunk piece round instalment installment""".split())


def _lists_and_breakdowns(r: Relations, sent) -> None:
    toks = sent.tokens
    doc = r.doc
    nums = [j for j, t in enumerate(toks) if t.claim >= 0 and r.amount(t.claim)]
    used_as_part: set[int] = set()
    for w in nums:
        wk = toks[w].claim
        wd = r.m[wk]
        cue = _cue_after(toks, w, len(toks))
        start = None
        complete = False
        if cue is not None:
            name, after = cue
            # the first figure after the cue opens the list of parts
            reach = 12 if name.startswith(("split", "divided", "broken")) else (3 if name.startswith("includ") else 6)
            for m in range(after, min(len(toks), after + reach)):
                if toks[m].claim >= 0 and name.endswith(("into", "in")) and m + 1 < len(toks) \
                        and lemma(toks[m + 1].low) in _PIECES:
                    continue  # "divided into three pots: …": how many parts, not a part
                if toks[m].claim >= 0 and r.amount(toks[m].claim) and r.same_measure(wk, toks[m].claim):
                    start = m
                    break
                if toks[m].tag == "VERB" and name not in (":", "—", "–") and reach == 6:
                    break
                if toks[m].low in (".", ";"):
                    break
            complete = any(name.startswith(c) for c in _COMPLETE_CUES)
            cue_text = name
        elif _partitive_whole(toks, w):
            # "Of the 120 workers laid off at the plant, 80 were women and 60 were over 50"
            for m in range(w + 1, min(len(toks), w + 14)):
                if toks[m].low == "," and m + 1 < len(toks):
                    for q in range(m + 1, min(len(toks), m + 4)):
                        if toks[q].claim >= 0 and r.amount(toks[q].claim) and r.same_measure(wk, toks[q].claim):
                            start = q
                            break
                    break
            cue_text = "of the"
        else:
            # "37 people were killed, 21 in one province and 19 in another": figures by place
            own_place = any(toks[q].low in ("in", "at", "from", "across") and q + 1 < len(toks) and toks[q + 1].cap
                            for q in range(w + 1, min(len(toks), w + 8)) if not any(t.low == "," for t in toks[w + 1:q]))
            for m in range(w + 1, min(len(toks), w + 10)):
                if own_place:
                    break  # "14 damaged schools in Lanark County, 22 in Renfrew": parallel places
                if toks[m].claim >= 0:
                    if r.amount(toks[m].claim) and r.same_measure(wk, toks[m].claim) and toks[m - 1].low == "," \
                            and r.m[toks[m].claim].elided and _tail_type(sent, m, len(toks)) == "place":
                        items = figure_list(r, sent, m, measure=wk)
                        if len(items) >= 2 and all(r.m[toks[i].claim].elided and
                                                   _tail_type(sent, i, len(toks)) == "place" for i in items):
                            start, cue_text = m, "by place"
                    break
                if toks[m].low in (";", ":", ".") or toks[m].tag == "SUB":
                    break
        if start is None:
            continue
        if not r.claim(wk).value or r.claim(wk).value <= 0:
            continue
        items = figure_list(r, sent, start, measure=wk)
        # a figure of another kind of thing ends the breakdown ("22 fire engines …, including
        # eight from neighbouring counties, along with about 120 firefighters")
        keep = []
        for i in items:
            pd = r.m[toks[i].claim]
            nxt_words = [t.low for t in toks[i + 1:i + 5]]
            if any(w in nxt_words for w in ("needed", "required", "necessary", "must", "would", "could")):
                break  # "two qualifying polls, of which four are needed": a requirement
            if pd.predicate and wd.predicate and pd.predicate != wd.predicate and _event_class(pd.predicate) \
                    and _event_class(wd.predicate) and not _same_event(pd.predicate, wd.predicate):
                break  # "Seven people are killed, …, two children are injured": another count
            if keep and name_is_including(cue) and not pd.elided and pd.thing and pd.thing == wd.thing:
                break  # "six people, including two children, … and 30 people … injured"
            if pd.role == "increment" and keep:
                break  # "… including two children, are killed, and five more are injured"
            if keep and not pd.elided and pd.thing and pd.thing == wd.thing and \
                    _tail_type(sent, i, len(toks)) in ("verb", "state"):
                break  # "six people, including two children, have been killed and 30 people … injured"
            if pd.thing_from in ("noun", "of", "partitive", "compound", "") and \
                    not lexicon.could_be_part(wd.thing, pd.thing):
                break
            if i > 0 and toks[i - 1].cap and toks[i - 1].tag in ("NAME", "NOUN") and toks[i - 1].claim < 0:
                break  # "the Standard & Poor's 500", "the FTSE 100": a figure in a name
            if pd.elided and wd.thing and _located_in(toks, i, wd.thing):
                break  # "1,400 homes across four counties, including 610 in Carver County": homes
            keep.append(i)
        items = keep
        if not items:
            continue
        parts = [toks[i].claim for i in items]
        if wk in parts:
            continue
        if r.m[parts[0]].elided and any(
                q < w and toks[q].claim >= 0 and r.m[toks[q].claim].lo == wd.lo and r.same_measure(toks[q].claim, wk)
                and r.m[toks[q].claim].thing and wd.thing and r.m[toks[q].claim].thing != wd.thing for q in nums):
            # "50,000 protesters across 150 locations, including 30,000 outside the Diet": the
            # parts name no thing and either figure could be their whole
            continue
        # "split three ways" with three parts
        if cue is not None and cue[0] in ("—", "–") and len(items) < 2:
            continue  # "just two objects — not three": a dash is a breakdown only before a list
        if cue is not None and cue[0] == "split":
            for t in toks[w:start]:
                if t.claim >= 0 and doc.claims[t.claim].kind == "count" and doc.claims[t.claim].value == len(parts):
                    complete = True
        _add_breakdown(r, sent, wk, items, cue_text, complete)
        used_as_part.update(parts)


def _located_in(toks, i: int, thing: str) -> bool:
    """True when the figure at ``i`` is placed in one of ``thing`` ("610 in Carver County" for
    counties): then it counts something else, found in that place."""
    for q in range(i + 1, min(len(toks), i + 3)):
        if toks[q].low in ("in", "at", "across"):
            return any(lemma(t.low) == thing for t in toks[q + 1:q + 5] if t.tag in ("NOUN", "NAME"))
    return False


_ON_TOP = ("on top of", "in addition to", "as well as", "besides", "after", "plus", "following")


def _bringing(r: Relations, sent) -> None:
    """"A more …, on top of B …, bringing the total to W": the figures that brought a total
    there are its parts; with the earlier figure named ("on top of B") the list is complete."""
    toks = sent.tokens
    for j, t in enumerate(toks):
        if t.claim < 0 or not r.amount(t.claim) or r.m[t.claim].cue != "bringing the total to":
            continue
        w = t.claim
        parts = []
        complete = False
        for k in range(j - 1, -1, -1):
            tk = toks[k]
            if tk.low in (";", ".") or (tk.tag == "SUB" and tk.low in ("which", "who", "because")):
                break
            if tk.claim >= 0 and r.amount(tk.claim) and r.same_measure(w, tk.claim) and not _vague(r.claim(tk.claim)):
                parts.insert(0, tk.claim)
                before = " ".join(x.low for x in toks[max(0, k - 4):k])
                if any(before.endswith(cue) or (cue + " ") in before for cue in _ON_TOP):
                    complete = True
        if not parts:
            continue
        for p in parts:
            _inherit(r, w, p)
        c0 = r.claim(parts[0])
        r.add("part_of", [("whole", w)] + [("part", p) for p in parts], "bringing the total to",
              c0.start, t.end, complete=complete)


def _vague(c) -> bool:
    """"Thousands", "hundreds", "dozens": a vague plural, not a figure to add."""
    return c.text.lower().rstrip("s").endswith(("thousand", "hundred", "dozen", "million", "billion"))


_EVENT_CLASSES = (
    frozenset("kill die"), frozenset("injure wound hurt treat hospitalise hospitalize"),
    frozenset("evacuate move relocate rehouse displace flee shelter"), frozenset("arrest detain hold"),
    frozenset("cut lose shed axe"), frozenset("damage destroy flood"),
)


def name_is_including(cue) -> bool:
    """True for a breakdown opened by "including" (parts are named categories)."""
    return cue is not None and cue[0].startswith("includ")


def _event_class(verb: str) -> frozenset | None:
    return next((g for g in _EVENT_CLASSES if verb in g), None)


def _same_event(a: str, b: str) -> bool:
    """True when two verbs can count the same people or things ("evacuated", "moved out")."""
    return a == b or any(a in g and b in g for g in _EVENT_CLASSES)


def _partitive_whole(toks, w: int) -> bool:
    """"Of the W …," / "Out of W …,": the whole opens its clause with a partitive."""
    k = w - 1
    while k >= 0 and (toks[k].tag in ("DET", "ADV") or toks[k].low in ("remaining", "other")
                      or (toks[k].low.endswith(("'s", "’s")) and k > 0 and toks[k - 1].tag == "DET")) \
            and toks[k].low not in ("of",):
        k -= 1
    if k < 0 or toks[k].low not in ("of", "among", "from"):
        return False
    if k > 0 and toks[k - 1].low == "out":
        k -= 1
    # ("… show that of 1,412 trials listed, 388 …": a that-clause opens with it too)
    return k == 0 or toks[k - 1].low in (",", ";", ":", "—", "–", "that") or toks[k - 1].tag == "GAP"


def _add_breakdown(r: Relations, sent, whole: int, items: list[int], cue: str, complete: bool) -> None:
    toks = sent.tokens
    if not r.claim(whole).value or r.claim(whole).value <= 0:
        return
    parts = [toks[i].claim for i in items]
    roles = []
    remainder = False
    for p in parts:
        role = "remainder" if r.m[p].role == "remainder" else "part"
        remainder = remainder or role == "remainder"
        roles.append((role, p))
        _inherit(r, whole, p)
    complete = complete or remainder
    members = [("whole", whole)] + roles
    start, end = toks[items[0]].start, toks[items[-1]].end
    # a breakdown given as complete says its parts do not overlap
    blocked = "" if complete else _overlap(r, sent, whole, items)
    r.add("part_of", members, cue, start, end, complete=complete, blocked=blocked)


def _inherit(r: Relations, source: int, target: int) -> None:
    """An elided figure counts what its whole or list head counts ("210 in Millbrook": homes)."""
    t, s = r.m[target], r.m[source]
    if t.thing is None and t.elided:
        t.thing = s.thing
        if t.attribute is None:
            t.attribute = s.attribute


def _overlap(r: Relations, sent, whole: int, items: list[int]) -> str:
    """Why the parts of a breakdown may not be added ("overlap"), or "" when they may be."""
    toks = sent.tokens
    parts = [toks[i].claim for i in items]
    if len(parts) < 2:
        return ""
    if any(r.m[p].role == "remainder" for p in parts):
        return ""
    w = r.m[whole]
    types = set()
    own = 0  # parts that name a category of their own
    for i, p in zip(items, parts):
        d = r.m[p]
        if d.thing is not None and not d.elided and d.thing_from in ("noun", "of", "partitive", "compound", "") \
                and not lexicon.same_thing(d.thing, w.thing) and d.thing != w.thing:
            own += 1
        types.add(_tail_type(sent, i, len(toks)))
    if own >= 2 or (own == 1 and len(parts) == 2):
        # "including 21 children and 19 women": categories of their own; one noun that the other
        # parts elide ("742 children were offered their first preference, 281 their second and
        # 96 their third") is the list's own noun
        return "overlap"
    if "state" in types and len(types) == 1:
        # "80 were women and 60 were over 50": states of one kind only add up when they are
        # alternatives of one attribute, which the text does not say
        cats = set()
        for i in items:
            nx = toks[i + 2] if i + 2 < len(toks) else None
            cats.add("number" if nx is None or nx.tag in ("NUM", "PREP", "AGE") or nx.low in ("over", "under", "aged") else nx.tag)
        if len(cats) > 1:
            return "overlap"
    if len(types - {""}) > 1:
        return "overlap"
    return ""


def _later_breakdowns(r: Relations) -> None:
    """Parts given in the sentences after their whole ("… 5,100 people were evacuated. … In
    Lower Brennick alone, about 3,400 … accounted for roughly 2,900 more, with the rest …")."""
    doc = r.doc
    claims = doc.claims
    for s in doc.sentences:
        if s.first == s.last:
            continue
        sent = doc.sentence(s.index)
        toks = sent.tokens
        opener = [t.low for t in toks[:3]]
        of_these = opener[:2] in (["of", "these"], ["of", "them"], ["of", "those"], ["among", "them"],
                                  ["among", "these"]) or (opener[:2] == ["of", "the"] and len(toks) > 2
                                                          and toks[2].tag not in ("NUM",))
        amounts = [j for j, t in enumerate(toks) if t.claim >= 0 and r.amount(t.claim)]
        if not amounts:
            continue
        cue_pos = None
        for j in amounts:
            if _part_cue(r, toks, j):
                cue_pos = j
                break
        # "… 18,500 had been in the North Stand and 12,300 at the Quay End. The remainder –
        # 9,100 – were in the main stand": the rest told next makes this a breakdown
        rest_next = _rest_opens(doc, s.index + 1, s.paragraph) and len(amounts) >= 2
        # "The money will be spent as follows: £1.8m on …; £950,000 on …": a whole told before,
        # set out in full
        low = doc.text[s.start:s.end].lower()
        follows = len(amounts) >= 2 and toks[0].low in ("the", "this", "that", "it") and (
            "as follows:" in low or re.search(r"\b(?:split|divided|broken down|breaks down|allocated|shared)\b[^:]{0,40}:", low))
        if not of_these and cue_pos is None and not rest_next and not follows:
            continue
        if any(rel.kind == "part_of" and toks[cue_pos if cue_pos is not None else amounts[0]].claim in
               [k for _, k in rel.members] for rel in r.out):
            continue  # already read as a breakdown within its sentence
        first = amounts[0]
        # the parts: the list containing the cue figure, or the one after "Of these,"
        start = first
        items = figure_list(r, sent, start)
        # "Of the remaining 104, 71 … and 33 …": the remainder is the earlier whole's last part;
        # the figures after the comma are its own parts (read in the sentence)
        remaining_whole = of_these and len(toks) > 3 and toks[2].low in ("remaining", "other") \
            and toks[3].claim >= 0 and r.amount(toks[3].claim)
        if remaining_whole:
            items = [3]
        if follows:
            # the items that open each segment of the list after the colon
            colon = next((q for q, t in enumerate(toks) if t.low == ":"), None)
            segs = [j for j in amounts if colon is not None and j > colon and (
                toks[j - 1].low in (":", ";", ",") or (toks[j - 1].low == "and" and toks[j - 2].low in (";", ",")))]
            if len(segs) < 2 or len({r.claim(toks[j].claim).kind for j in segs}) != 1:
                continue
            items = segs
        # "Most of the remaining 340 …, while 52 …": what follows a "most of" is a part of it
        for n_i, i in enumerate(items):
            lead = [t.low for t in toks[max(0, i - 4):i]]
            if any(w in lead for w in ("most", "many", "some", "all")) and "of" in lead:
                items = items[:n_i + 1]
                break
        # also the amounts in the following sentence of the paragraph when they continue the
        # breakdown ("… 3,400 … The riverside estates accounted for roughly 2,900 more")
        whole = _whole_before(r, s.index, toks[items[0]].claim)
        fd = r.m[toks[items[0]].claim]
        if fd.thing and fd.thing_from == "" and fd.base_claim < 0 and doc.text[claims[toks[items[0]].claim].end:
                                                                             claims[toks[items[0]].claim].end + 8].lower().startswith(" of the"):
            # "$1.5 million of the penalty would go to …": the whole is the penalty
            named = _whole_named(r, s.index, toks[items[0]].claim, fd.thing)
            whole = named
        if whole is None:
            continue
        parts = [toks[i].claim for i in items]
        members_sent = [(s.index, items)]
        nxt = s.index + 1
        if nxt < len(doc.sentences) and doc.sentences[nxt].paragraph == s.paragraph:
            ns = doc.sentence(nxt)
            more = [j for j, t in enumerate(ns.tokens) if t.claim >= 0 and r.amount(t.claim)
                    and r.same_measure(whole, t.claim)]
            nt = ns.tokens
            if len(nt) > 3 and [t.low for t in nt[:3]] in (["of", "the", "remaining"], ["of", "the", "other"]) \
                    and nt[3].claim >= 0 and nt[3].claim in [ns.tokens[j].claim for j in more]:
                # "Of the remaining 104, 71 … and 33 …": only the remainder continues the list
                members_sent.append((nxt, [3]))
            elif more and (any(_part_cue(r, ns.tokens, j) for j in more) or rest_next):
                members_sent.append((nxt, figure_list(r, ns, more[0], measure=whole)))
        all_parts = []
        complete = False
        for si, its in members_sent:
            ss = doc.sentence(si)
            for i in its:
                p = ss.tokens[i].claim
                if p == whole or not r.same_measure(whole, p):
                    continue
                all_parts.append(p)
            if any(t.low in ("rest", "remainder", "balance", "remaining") for t in ss.tokens):
                complete = complete or any(r.m[ss.tokens[i].claim].role == "remainder" for i in its)
        if not all_parts or not r.claim(whole).value or r.claim(whole).value <= 0:
            continue
        for p in all_parts:
            _inherit(r, whole, p)
        rest = set()
        if rest_next and len(members_sent) > 1:
            # "The remainder – 9,100 –": the first figure of the sentence that opens with the rest
            ns = doc.sentence(members_sent[1][0])
            rest = {ns.tokens[members_sent[1][1][0]].claim} if members_sent[1][1] else set()
        roles = [("remainder" if r.m[p].role == "remainder" or p in rest else "part", p) for p in all_parts]
        # ("The largest allocations are as follows:": only some of the whole's parts)
        partial = bool(follows) and bool(re.search(r"\b(?:largest|biggest|main|major|key|principal|top|some|"
                                                   r"chief|including|includes|include|among|notable)\b", low))
        complete = complete or any(role == "remainder" for role, _ in roles) or (bool(follows) and not partial)
        blocked = ""
        if not of_these and not _compatible_whole(r, whole, all_parts):
            continue
        if len(members_sent) == 1:
            blocked = _overlap(r, sent, whole, items)
        # the whole's breakdown begun in an earlier sentence goes on here ("Of the 1,120 …, 780
        # have been repaired. … the remaining 340 …")
        for rel in list(r.out):
            if rel.kind == "part_of" and rel.of("whole") == [whole] and not rel.blocked:
                earlier = [(role, k) for role, k in rel.members if role != "whole" and k not in all_parts]
                roles = earlier + roles
                r.out.remove(rel)
                break
        c0, c1 = claims[all_parts[0]], claims[all_parts[-1]]
        r.add("part_of", [("whole", whole)] + roles, "of these" if of_these else "later breakdown",
              c0.start, c1.end, complete=complete, blocked=blocked)


_PART_VERBS = frozenset("contribute account come make represent provide supply generate".split())


def _rest_opens(doc: Text, si: int, paragraph: int) -> bool:
    """Sentence ``si`` of the same paragraph opens with the rest ("The remainder – 9,100 –",
    "The rest", "The remaining 45")."""
    if si >= len(doc.sentences) or doc.sentences[si].paragraph != paragraph:
        return False
    s = doc.sentences[si]
    return doc.text[s.start:s.start + 16].lower().startswith(("the remainder", "the rest", "the remaining", "the balance"))


def _part_cue(r: Relations, toks, j: int) -> bool:
    """True when the figure at ``j`` is stated as a part of something larger: "the rest", "the
    balance of", "In Lower Brennick alone, 3,400", "accounted for 2,900", "contributed £198.4m",
    "52 came from"."""
    k = toks[j].claim
    if r.m[k].role == "remainder":
        return True
    before = [t for t in toks[max(0, j - 4):j] if t.tag not in ("ADV",) and t.low not in ("about", "some", "roughly", "nearly", "around")]
    if any(t.low == "alone" for t in toks[max(0, j - 4):j]):
        return True
    if before and before[-1].tag == "VERB" and lexicon.verb_lemma(before[-1].low) in _PART_VERBS and not (
            before[-1].low.endswith("ing") and len(before) >= 2 and before[-2].low == ","):
        # ", representing about 14,100 people" restates the figure before it in other units
        return True
    if len(before) >= 2 and before[-1].low == "for" and lexicon.verb_lemma(before[-2].low) == "account":
        return True
    after = toks[j + 1:j + 4]
    if len(after) >= 2 and after[0].tag == "VERB" and lexicon.verb_lemma(after[0].low) == "come" and after[1].low == "from":
        return True
    return False


def _compatible_whole(r: Relations, whole: int, parts: list[int]) -> bool:
    w = r.m[whole]
    if r.claim(whole).kind == "money":
        return True  # segments of revenue, sources of funding: one currency is one measure
    for p in parts:
        d = r.m[p]
        if d.thing and w.thing and not lexicon.compatible(w.thing, d.thing) and not lexicon.compatible(d.thing, w.thing):
            return False
    return True


def _whole_named(r: Relations, si: int, first_part: int, thing: str) -> int | None:
    """The earlier figure of the same measure whose thing the part names ("of the penalty")."""
    for k in range(first_part - 1, -1, -1):
        if r.m[k].sentence < si - 4:
            break
        if r.same_measure(k, first_part) and r.m[k].thing and lexicon.same_thing(r.m[k].thing, thing):
            return k
    return None


def _whole_before(r: Relations, si: int, first_part: int) -> int | None:
    """The whole an opening "Of these," or a later part refers back to: the last amount of the
    same measure in the previous sentences of the paragraph (or the lede paragraph)."""
    doc = r.doc
    para = doc.sentences[si].paragraph
    candidates = []
    for sj in range(si - 1, max(-1, si - 4), -1):
        s = doc.sentences[sj]
        if s.paragraph < para - 2:
            break
        ks = [k for k in range(s.first, s.last) if r.same_measure(k, first_part)]
        if ks:
            candidates.append(ks)
            if s.paragraph == para:
                # the nearest sentence of the same paragraph decides
                pass
    # the nearest sentence with a plain amount or total larger than the part decides: its
    # largest such figure is the whole
    part_value = r.claim(first_part).value or 0
    for ks in candidates:
        ks = [k for k in ks if r.m[k].role in ("amount", "total", "capacity") and (r.claim(k).value or 0) > part_value]
        if ks:
            return max(ks, key=lambda k: r.claim(k).value)
    return None


# ---- shares ----------------------------------------------------------------------------------

def _shares_in_sentence(r: Relations, sent) -> None:
    """``share_of``: a count, its base and the share stated for it, in one sentence."""
    toks = sent.tokens
    for j, t in enumerate(toks):
        if t.claim < 0 or not r.share(t.claim):
            continue
        p = t.claim
        pd = r.m[p]
        if pd.role == "change":
            continue
        part = _share_part(r, sent, j)
        base = _share_base(r, sent, j, part)
        if base is None:
            continue
        # without a count the relation still ties the share to its base ("59.8 per cent of
        # the 138 pupils"), which is what a granularity check needs
        members = [("share", p), ("base", base)] + ([("part", part)] if part is not None else [])
        c = r.claim(p)
        # "38.5 percent of all participants": the share names the whole set it is of, so a base
        # found in another sentence is that set's count ("share of all")
        toks_after = [x.low for x in toks[j + 1:j + 3]]
        cue = "share"
        if toks_after[:2] == ["of", "all"] and r.m[base].sentence != r.m[p].sentence and part is None:
            # only when the base is the largest count of that class told before: the whole set
            klass = lexicon.thing_class(r.m[base].thing)
            before = [q for q in range(p) if r.amount(q) and r.claim(q).kind == "count" and r.m[q].thing
                      and lexicon.thing_class(r.m[q].thing) == klass]
            if before and max(before, key=lambda q: r.claim(q).value) == base:
                cue = "share of all"
        r.add("share_of", members, cue, c.start, c.end)


def _share_part(r: Relations, sent, j: int) -> int | None:
    """The count a share describes: the figure it stands in apposition to ("410 – roughly 45 per
    cent –", "868 … (70%)", "340 positions, or 12%", "A third of them, 21 sites,")."""
    toks = sent.tokens
    level = sent.level[j] if sent.level else -1
    if level >= 0:
        a, b = sent.inserts[level]
        # the figure right before the insertion, skipping its noun phrase
        for k in range(a - 1, max(-1, a - 12), -1):
            tk = toks[k]
            if tk.claim >= 0 and r.amount(tk.claim):
                # "868 of the borough's 1,240 entrants - 62 per cent -": the partitive's head
                for q in range(max(0, k - 6), k):
                    if toks[q].claim >= 0 and r.m[toks[q].claim].base_claim == tk.claim:
                        return toks[q].claim
                return tk.claim
            if tk.low in (";", ".") or tk.tag == "VERB":
                break
        return None
    # ", or P%" / ", or about P%"
    k = j - 1
    while k >= 0 and toks[k].tag in ("ADV",) or (k >= 0 and toks[k].low in ("about", "nearly", "some", "around", "roughly", "almost", "just", "over")):
        k -= 1
    if k >= 1 and toks[k].low == "or" and toks[k - 1].low == ",":
        for q in range(k - 2, max(-1, k - 10), -1):
            if toks[q].claim >= 0 and r.amount(toks[q].claim):
                return toks[q].claim
            if toks[q].tag == "VERB" or toks[q].low in (";", ":"):
                break
    # "412 participants, about 21 per cent of those enrolled,": the count before the comma is
    # the part of another base ("of them" would make it the base itself)
    if k >= 1 and toks[k].low == "," and j + 2 < len(toks) and toks[j + 1].low == "of" \
            and toks[j + 2].low in ("those", "all", "the"):
        q = k - 1
        while q >= 0 and toks[q].tag in ("NOUN", "ADJ"):
            q -= 1
        if q >= 0 and q < k - 1 and toks[q].claim >= 0 and r.amount(toks[q].claim) \
                and r.claim(toks[q].claim).kind == "count":
            return toks[q].claim
    # "A third of them, 21 sites," — an apposition after the share's own phrase
    m = j + 1
    while m < len(toks) and m < j + 5 and toks[m].low != ",":
        m += 1
    if m + 1 < len(toks) and toks[m].low == ",":
        q = m + 1
        if toks[q].claim >= 0 and r.amount(toks[q].claim) and q + 2 < len(toks):
            end = q + 1
            while end < len(toks) and toks[end].tag in ("NOUN", "ADJ"):
                end += 1
            if end < len(toks) and toks[end].low == ",":
                return toks[q].claim
    return None


def _share_base(r: Relations, sent, j: int, part: int | None) -> int | None:
    """The base of the share at token ``j``: its own "of" phrase, the part's partitive, an
    opening "Of the W,", or what "of those enrolled" refers back to."""
    doc = r.doc
    p = sent.tokens[j].claim
    pd = r.m[p]
    if pd.base_claim >= 0:
        return pd.base_claim
    if part is not None:
        d = r.m[part]
        if d.base_claim >= 0:
            return d.base_claim
        if d.refers:
            found = _refer_back(r, part, d.refers)
            if found is not None:
                return found
    # "Of the 1,250 nurses balloted by the union, 410 – roughly 45 per cent –"
    toks = sent.tokens
    for k, t in enumerate(toks[:j]):
        if t.claim >= 0 and r.amount(t.claim) and _partitive_whole(toks, k) and (part is None or part != t.claim):
            if any(x.claim >= 0 and r.share(x.claim) for x in toks[k + 1:j]):
                break  # "Of the seven schools, 50% met the state's 65% benchmark": the first share's
            return t.claim
    refers = pd.refers
    m = j + 1
    if not refers and m + 1 < len(toks) and toks[m].low == "of" and toks[m + 1].low in ("those", "them", "these", "all"):
        # "27 per cent of those enrolled" — the share's own "of those …"
        refers = " ".join(x.low for x in toks[m + 1:m + 3])
    if refers:
        found = _refer_back(r, part if part is not None else p, refers)
        if found is not None and found != part and (part is None or r.claim(found).value > r.claim(part).value):
            return found
    return None


#: Subjects that refer back to the running total told just before ("the tally stood at …").
_TALLY_WORDS = frozenset("tally total figure number count toll it".split())
_LATER_CUES = ("later", "by ", "now", "since then", "after ", "weeks in", "days in", "months in")
_EARLIER_CUES = ("earlier", "before", "previously", "last year", "ago", "revised", "corrected",
                 "recount", "recounted", "downgraded", "lowered")


def _tallies(r: Relations) -> None:
    """``running`` (earlier, later): one running total told again later in the same article, in
    the order things happened ("By the end of the first week, 4,120 children had received a
    dose. A week later the tally stood at 9,870, and by 24 November … it had reached 9,410").

    The later figure is a running total whose clause moves time on ("a week later", "by 24
    November", "now") and that names the same thing, or refers back to the total just told
    ("the tally", "the total", "it"). A clause that goes back in time or revises the count
    ("earlier", "revised", "after a recount") is not read so."""
    doc = r.doc
    claims = doc.claims
    last = None  # the running total told last: claim index
    for s in doc.sentences:
        if s.first == s.last:
            continue
        sent = None
        for k in range(s.first, s.last):
            c = claims[k]
            d = r.m[k]
            if c.kind not in ("count", "money") or not r.amount(k) or d.role not in ("amount", "total") \
                    or d.modality != "actual" or r.in_table(k):
                continue
            if sent is None:
                sent = doc.sentence(s.index)
            j = sent.at.get(k)
            if j is None:
                continue
            lo, hi = clause_bounds(sent.tokens, j, sent.inserts)
            seg_lo = doc.text[sent.tokens[lo].start:c.start].lower() if lo < len(sent.tokens) else ""
            words = " " + " ".join(t.low for t in sent.tokens[lo:hi]) + " "
            opening = " " + doc.text[max(s.start, c.start - 80):c.start].lower()
            running = d.running or (" had " in words and opening.lstrip().startswith("by ")) or (
                "by the end of" in opening)
            if not running:
                continue
            gap = s.index - claims[last].sentence if last is not None else -1
            if last is not None and k != last and 0 <= gap <= 2 and claims[last].kind == c.kind \
                    and claims[last].unit == c.unit:
                # told again in a later sentence: it may name the same thing and its time cue may
                # open the sentence; within one sentence it must refer back ("and by … it had")
                lm = r.m[last]
                refers = any(f" {w} " in " " + seg_lo + " " for w in _TALLY_WORDS) and not d.thing
                same = gap > 0 and d.thing and lm.thing and _syn(d.thing) == _syn(lm.thing)
                near = opening[-60:] if gap > 0 else ""
                later = any(cue in near or cue in words for cue in _LATER_CUES) or (
                    gap == 0 and " and by " in opening[-40:])
                back = any(cue in words or cue in near for cue in _EARLIER_CUES)
                if (refers or same) and later and not back:
                    r.add("running", [("earlier", last), ("later", k)], "told again later", claims[last].start, c.end)
            last = k


_SENTENCE_VERBS = frozenset("sentence jail imprison".split())
#: Words that make a term something other than the one imposed ("sought 14 years", "faces up to").
_NOT_IMPOSED = frozenset("""sought seek seeks seeking asked ask asks requested recommended faces face
    facing could would maximum max up suspended reduced cut appeal appealed previous previously
    earlier already served serve serving eligible parole minimum possible""".split())


def _custodial_sentences(r: Relations) -> None:
    """``same``: the prison term a court imposed, told twice ("was sentenced Tuesday to 11 years
    in federal prison" … "accepts the nine-year sentence"). Each telling is read as the term's
    value (the mention's thing becomes ``sentence``), so that other articles of the story can
    be compared too.

    Terms that were sought, faced, suspended, reduced or served, and articles that sentence
    more than one person, are left alone."""
    doc = r.doc
    claims = doc.claims
    terms = []
    people = 0
    names: set[str] = set()
    indefinite = 0
    for s in doc.sentences:
        low = doc.text[s.start:s.end].lower()
        if "sentenc" not in low and "jail" not in low and "prison" not in low and "term" not in low:
            continue
        sent = doc.sentence(s.index)
        toks = sent.tokens
        imposed_here = 0
        for k in range(s.first, s.last):
            c = claims[k]
            j = sent.at.get(k)
            if c.kind != "duration" or j is None or (c.unit or "").rstrip("s") not in ("year", "month"):
                continue
            before = [t.low for t in toks[max(0, j - 8):j]]
            after = [t.low for t in toks[j + 1:j + 4]]
            verbs = {lexicon.verb_lemma(w, force=True) for w in before if w.endswith(("ed", "ing", "s")) or w in ("jail",)}
            imposed = (before[-1:] in (["to"], ["for"]) and verbs & _SENTENCE_VERBS) or (
                after[:1] in (["sentence"], ["term"], ["jail"], ["prison"]) and before[-1:] in (["the"], ["a"], ["his"], ["her"])
                and c.text.lower().endswith(("-year", "-month")))
            if not imposed or set(before[-4:]) & _NOT_IMPOSED or "if" in before:
                continue
            terms.append(k)
            imposed_here += 1
            who = _sentenced_person(toks, j)
            if who == "a":
                indefinite += 1  # "A cargo ship captain is sentenced to six years": someone new
            elif who:
                names.add(who)
        people = max(people, imposed_here)
    if not terms or people > 1 or len(names) + indefinite > 1:
        return
    for k in terms:
        r.m[k].thing = "sentence"
        if not r.m[k].time:
            # the day the term was imposed ("A judge on Monday sentenced …"): the sentence's one date
            s = doc.sentences[r.m[k].sentence]
            days = [q for q in range(s.first, s.last) if claims[q].kind == "date" and len(claims[q].date or "") == 10]
            if len(days) == 1:
                r.m[k].time, r.m[k].time_from = claims[days[0]].date, "clause"
    first = terms[0]
    for second in terms[1:]:
        a, b = claims[first], claims[second]
        if a.unit != b.unit or a.value == b.value or r.m[first].sentence == r.m[second].sentence:
            continue
        r.add("same", [("first", first), ("second", second)], "the sentence imposed", a.start, b.end)
        break


def _sentenced_person(toks, j: int) -> str:
    """Who the term at token ``j`` is imposed on: a surname ("sentenced former Mayor Carl
    Ostrander to nine years", "Ostrander, 63, was sentenced"), "a" for someone introduced
    indefinitely ("A cargo ship captain is sentenced"), or "" for a reference back ("his", "the
    nine-year sentence", "he")."""
    q = j - 1
    while q >= 0 and toks[q].low not in ("to", "for"):
        q -= 1
    v = q - 1
    while v >= 0 and not (toks[v].tag in ("VERB", "NOUN") and toks[v].low.startswith(("sentenc", "jail", "impris"))):
        v -= 1
    if v < 0:
        return ""
    between = toks[v + 1:q]
    if between and not (v > 0 and toks[v - 1].tag == "AUX"):
        # active: the object between the verb and "to"
        named = [t.low for t in between if t.tag == "NAME" and t.low not in ("mr", "mrs", "ms", "dr")]
        if named:
            return named[-1].removesuffix("'s")
        return "a" if between[0].low in ("a", "an") else ""
    # passive: the clause's subject before "was sentenced"
    lo = v
    while lo > 0 and toks[lo - 1].tag not in ("SUB", "CONJ") and toks[lo - 1].low not in (";", ":"):
        lo -= 1
    subject = toks[lo:v]
    if subject and subject[0].low in ("a", "an"):
        return "a"
    for t in subject:
        if t.tag == "NAME":
            return t.low.removesuffix("'s")
        if t.low == ",":
            break
    return ""


def _remainders_of_lists(r: Relations) -> None:
    """"Of those, 742 … were offered their first preference, 281 their second and 96 their
    third. The remaining 45 …": a remainder read against one part of a list is the list's own
    last part (the rest of the whole, not of its first part)."""
    lists = {}
    for rel in r.out:
        if rel.kind == "part_of" and not rel.blocked and len(rel.of("part")) >= 2 and not rel.of("remainder"):
            for p in rel.of("part"):
                lists[p] = rel
    if not lists:
        return
    for rel in list(r.out):
        if rel.kind != "part_of" or rel.blocked or rel.of("part") or len(rel.of("remainder")) != 1:
            continue
        whole = rel.of("whole")[0]
        outer = lists.get(whole)
        if outer is None or outer not in r.out:
            continue
        rem = rel.of("remainder")[0]
        if r.m[rem].sentence != r.m[whole].sentence + 1:
            continue
        r.out.remove(rel)
        r._seen.discard((rel.kind, rel.members, rel.blocked))
        r.out.remove(outer)
        r._seen.discard((outer.kind, outer.members, outer.blocked))
        r.add("part_of", list(outer.members) + [("remainder", rem)], outer.cue + "; the rest", outer.start,
              r.claim(rem).end, complete=True)
        for p in outer.of("part"):
            lists.pop(p, None)


def _shares_of_later_parts(r: Relations) -> None:
    """``share_of`` for a share in apposition to a part whose whole an earlier sentence gave
    ("… interviews with 3,100 households. Of those, 1,240 households (46 per cent) said …"):
    the whole is the share's base."""
    wholes = {}
    for rel in r.out:
        if rel.kind == "part_of" and not rel.blocked and len(rel.of("part")) == 1:
            wholes[rel.of("part")[0]] = rel.of("whole")[0]
    if not wholes:
        return
    have = {rel.of("share")[0] for rel in r.out if rel.kind == "share_of"}
    doc = r.doc
    for part, whole in wholes.items():
        si = r.m[part].sentence
        s = doc.sentences[si]
        sent = doc.sentence(si)
        for k in range(s.first, s.last):
            if k in have or not r.share(k) or r.m[k].role == "change" or k not in sent.at:
                continue
            if _share_part(r, sent, sent.at[k]) != part or r.claim(part).value >= r.claim(whole).value:
                continue
            c = r.claim(k)
            r.add("share_of", [("share", k), ("base", whole), ("part", part)], "share of a later part",
                  c.start, c.end)


_RESTATE = ("that means", "this means", "that is", "in other words", "that's", "which means")


def _restated_shares(r: Relations) -> None:
    """``share_of`` across sentences: a share that restates the sentence before as a rate
    ("Of 1,412 trials listed in 2024, 388 did not go ahead. That means nearly 40 per cent of
    trials …"): its base is that sentence's partitive whole, its part the count the whole opens.

    Only a sentence that opens with a restatement ("That means", "In other words") and a share
    of the whole's own thing (or of no thing) is read so."""
    doc = r.doc
    have = {k for rel in r.out if rel.kind == "share_of" for _, k in rel.members}
    for s in doc.sentences:
        if s.index == 0 or s.first == s.last:
            continue
        opening = doc.text[s.start:s.start + 20].lower()
        if not opening.startswith(_RESTATE):
            continue
        shares = [k for k in range(s.first, s.last) if r.share(k) and k not in have and r.m[k].role != "change"]
        if len(shares) != 1:
            continue
        prev = doc.sentence(s.index - 1)
        toks = prev.tokens
        whole = part = None
        for q, t in enumerate(toks):
            if t.claim >= 0 and r.amount(t.claim) and r.claim(t.claim).kind == "count" and _partitive_whole(toks, q):
                whole = t.claim
                for w in range(q + 1, len(toks)):
                    if toks[w].low == ",":
                        nxt = toks[w + 1] if w + 1 < len(toks) else None
                        if nxt is not None and nxt.claim >= 0 and r.amount(nxt.claim) \
                                and r.claim(nxt.claim).kind == "count":
                            part = nxt.claim
                        break
                break
        if whole is None or part is None or r.claim(part).value >= r.claim(whole).value:
            continue
        p = shares[0]
        thing = r.m[p].thing
        if thing and r.m[whole].thing and _syn(thing) != _syn(r.m[whole].thing):
            continue
        c = r.claim(p)
        r.add("share_of", [("share", p), ("base", whole), ("part", part)], "restates", c.start, c.end)


def _refer_back(r: Relations, k: int, refers: str) -> int | None:
    """The count that "them", "those enrolled", "these" points back to: the nearest earlier
    count of a set (a thing of its own), in the sentence or the three before it."""
    doc = r.doc
    people = any(w in refers for w in ("enrolled", "questioned", "surveyed", "polled", "interviewed",
                                       "asked", "respond", "taking", "who"))
    si = r.m[k].sentence
    for sj in range(si, max(-1, si - 6), -1):
        s = doc.sentences[sj]
        ks = [q for q in range(s.first, s.last) if q < k and r.amount(q) and r.claim(q).kind == "count"
              and r.m[q].thing]
        if people:
            ks = [q for q in ks if lexicon.thing_class(r.m[q].thing) == "person"]
        part_value = r.claim(k).value or 0
        ks = [q for q in ks if q != k and r.claim(q).value > part_value]
        if ks:
            return ks[-1] if sj == si else max(ks, key=lambda q: r.claim(q).value)
    return None


def _share_lists(r: Relations) -> None:
    """``shares``: the shares of one whole listed together ("41% chose the economy, 27%
    immigration, 19% health care"), with the sentences and paragraph after when they go on with
    the same whole ("Four percent were unsure", "The remaining 12 percent covers …", the next
    candidates of one result)."""
    doc = r.doc
    groups: list[tuple[int, list[int]]] = []
    for s in doc.sentences:
        if s.first == s.last or not any(r.share(k) for k in range(s.first, s.last)):
            continue
        if doc.text[s.start:s.start + 1] == "|":
            continue
        sent = doc.sentence(s.index)
        toks = sent.tokens
        done: set[int] = set()
        for j, t in enumerate(toks):
            if t.claim < 0 or not r.share(t.claim) or t.claim in done:
                continue
            if r.m[t.claim].role == "change" or (sent.level and sent.level[j] >= 0 and not _bracketed_item(sent, j)):
                continue
            if r.m[t.claim].refers:
                continue  # a share "of those": never the start of a list of its own
            items = figure_list(r, sent, j, shares=True)
            ks = [toks[i].claim for i in items]
            done.update(ks)
            nested = [k for k in ks if r.m[k].refers]
            if nested and len(ks) > 1:
                # "55% backed the plan, 60% of those wanted it sooner": a share of a share
                r.add("shares", [("share", k) for k in ks], "of " + r.m[nested[0]].refers,
                      r.claim(ks[0]).start, r.claim(ks[-1]).end, blocked="nested_base")
                ks = ks[:ks.index(nested[0])]
            ks = [k for k in ks if r.m[k].role != "change"]
            if ks:
                groups.append((s.paragraph, ks))
    if groups:
        _close_share_groups(r, groups)


def _label_line(r: Relations, g: list[int]) -> bool:
    """A paragraph that is one labelled share of a list set out line by line ("Ruth Okafor
    (Labour): 38%", "Don't know – 14%")."""
    if len(g) != 1:
        return False
    doc = r.doc
    c = r.claim(g[0])
    para = doc.paragraph_of(c.start)
    start = doc.paragraph_starts[para]
    end = doc.paragraph_starts[para + 1] if para + 1 < len(doc.paragraph_starts) else len(doc.text)
    label = doc.text[start:c.start].rstrip()
    rest = doc.text[c.end:end].strip()
    return 0 < len(label) <= 60 and label.endswith((":", "–", "—", "-")) and len(rest) <= 2


def _turnout(r: Relations, k: int) -> bool:
    """A share that is a turnout or response rate ("a turnout of 71 per cent", "71% turnout")."""
    c = r.claim(k)
    near = r.doc.text[max(0, c.start - 24):c.end + 12].lower()
    return any(w in near for w in ("turnout", "response rate", "turn-out"))


def _bracketed_item(sent, j: int) -> bool:
    """"transport (17 per cent), the NHS (15 per cent)": a bracket holding only a share."""
    a, b = sent.inserts[sent.level[j]]
    inside = [t for t in sent.tokens[a + 1:b] if t.tag not in ("ADV",)]
    return len(inside) == 1 and sent.tokens[a].low == "("


def _close_share_groups(r: Relations, groups: list[tuple[int, list[int]]]) -> None:
    doc = r.doc
    text = doc.text
    # merge a list with the shares in the next sentences (or the next paragraph) that go on with
    # it: a remainder, a last answer, or a share with a new holder each (one candidate a sentence)
    merged: list[tuple[list[int], list[int]]] = []  # (paragraphs, shares)
    for para, g in groups:
        if merged and para - merged[-1][0][-1] <= 1 and (
                _continues(r, merged[-1][1], g) or (_label_line(r, g) and _label_line(r, merged[-1][1][-1:]))):
            merged[-1][1].extend(g)
            if para not in merged[-1][0]:
                merged[-1][0].append(para)
        else:
            merged.append(([para], list(g)))
    for paras, g in merged:
        if len(g) < 2 or _comparison(r, g):
            continue
        turnout = [k for k in g if _turnout(r, k)]
        if turnout:
            # "On a turnout of 71 per cent, 87 per cent voted for strike action": the turnout is a
            # share of those balloted, the vote a share of those who voted
            r.add("shares", [("share", k) for k in g], "turnout", r.claim(g[0]).start, r.claim(g[-1]).end,
                  blocked="different_bases")
            continue
        first = max(0, paras[0] - 1)
        p0 = doc.paragraph_starts[first]
        last = paras[-1]
        p1 = doc.paragraph_starts[last + 1] if last + 1 < len(doc.paragraph_starts) else len(text)
        # the paragraphs (and the one before, for "Asked to name the single …") say how to read it
        low = text[p0:p1].lower()
        words = set(low.replace(",", " ").replace(".", " ").replace(":", " ").split())
        multi = next((m for m in _MULTI_ANSWER if m in low), "")
        among = sum(1 for k in g if "among" in doc.text[max(0, r.claim(k).start - 60):r.claim(k).start].lower().split())
        if among >= 2:
            # "highest among 18 to 34-year-olds, at 71%, and lowest among the over-65s, at 44%":
            # shares of different groups
            r.add("shares", [("share", k) for k in g], "among", r.claim(g[0]).start, r.claim(g[-1]).end,
                  blocked="different_bases")
            continue
        complete = any(r.m[k].role == "remainder" for k in g) or "no other" in low
        partition = bool(words & _PARTITION_WORDS) or any(ph in low for ph in _PARTITION_PHRASES) or complete
        if any(w in words for w in ("rate", "rates")) or sum(1 for k in g if r.m[k].after.startswith("for ")) >= 2:
            partition = False  # "mortality rates were 49% for …, 53% for …": rates of different groups
        preds = [r.m[k].predicate for k in g if r.m[k].predicate]
        if sum(1 for p_ in preds if p_ in _SUPPORT) >= 2 and len(set(preds)) >= 2:
            r.add("shares", [("share", k) for k in g], "separate questions", r.claim(g[0]).start,
                  r.claim(g[-1]).end, blocked="separate_questions")
            continue
        c0, c1 = r.claim(g[0]), r.claim(g[-1])
        own = doc.paragraph_starts[paras[0]]
        if complete and any(r.share(k) and own <= doc.claims[k].start < c0.start and k not in g
                            and r.m[k].role not in ("change",) for k in range(len(doc.claims))):
            # shares earlier in the paragraph that the list did not take in: it may not be whole
            complete = False
        blocked = "multi_answer" if multi else ("" if partition else "not_partition")
        r.add("shares", [("share", k) for k in g], multi or "list of shares", c0.start, c1.end,
              complete=complete, blocked=blocked)


def _vote_cue(r: Relations, g: list[int]) -> bool:
    """The sentence of a share list speaks of an election result."""
    doc = r.doc
    s = doc.sentences[r.m[g[0]].sentence]
    low = doc.text[s.start:s.end].lower()
    return any(w in low for w in ("vote", "ballot", "polled", "per cent of the", "percent of the", "% of the"))


def _continues(r: Relations, prev: list[int], nxt: list[int]) -> bool:
    a, b = r.m[prev[-1]], r.m[nxt[0]]
    if b.refers:
        return False
    if b.sentence - a.sentence > 2:
        return False
    if any(r.m[k].role == "remainder" for k in nxt):
        return True
    # "Four percent were unsure", "8% were undecided": a last answer of the same question
    # (the answer opens what follows: "48 per cent said their child's teachers did not know
    # about …" is an answer of its own)
    after = " ".join(r.m[nxt[0]].after.split()[:4])
    if len(nxt) == 1 and any(w in after for w in ("unsure", "undecided", "did not know", "don't know",
                                                   "no opinion", "other", "none")):
        return True
    # a list of candidates over two sentences: each share with a holder of its own
    if a.holder and b.holder and a.holder != b.holder and not r.m[nxt[0]].thing and _vote_cue(r, prev):
        return True
    # "… 34 per cent chose housing and 29 per cent the cost of living. Further back came
    # transport (17 per cent), …": a list with no whole of its own goes on with the last one
    if len(prev) >= 2 and len(nxt) >= 2 and not any(r.m[k].thing or r.m[k].refers for k in nxt) \
            and b.paragraph - a.paragraph <= 1:
        return True
    return False


def _comparison(r: Relations, g: list[int]) -> bool:
    """Shares compared with each other, not a list of parts ("61% compared with 50%", "up from
    44%", "47% against 44% in 2021")."""
    doc = r.doc
    for a, b in zip(g, g[1:]):
        words = re.findall(r"[a-z]+", doc.text[r.claim(a).end:r.claim(b).start].lower())
        tail = words[-4:]
        if tail[-1:] in (["versus"], ["vs"], ["against"], ["from"]) or tail[-2:] in (
                ["compared", "with"], ["compared", "to"]) or (tail[-2:-1] in (["higher"], ["lower"]) and tail[-1:] == ["than"]):
            return True
        if r.m[b].phase or r.m[a].phase:
            return True
        if any(w in words for w in ("highest", "lowest", "best", "worst", "largest", "smallest")):
            return True  # "highest, at 79%, and … lowest, at 23%": separate measures ranked
        ta, tb = r.m[a].time, r.m[b].time
        if ta and tb and ta != tb:
            return True
    return False


# ---- changes ---------------------------------------------------------------------------------

def _changes(r: Relations, sent) -> None:
    """``change``: a before and an after figure of one thing, with a stated change if any."""
    toks = sent.tokens
    doc = r.doc
    n = len(toks)
    pairs: list[tuple[int, int, str]] = []  # (before claim, after claim, cue)
    first_range = next((q for q, x in enumerate(toks) if x.claim >= 0 and r.claim(x.claim).kind == "range"), n)
    bases = None  # partitive bases of the sentence, worked out at its first comparison
    for j, t in enumerate(toks):
        if t.claim < 0 or not (r.amount(t.claim) or r.share(t.claim)):
            continue
        k = t.claim
        prev = [x.low for x in toks[max(0, j - 4):j] if x.tag not in ("GAP",)]
        # "from B to A" (not after a new range: "raised its forecast to $4.90 to $5.05 a share,
        # from $4.75 to $4.95 previously" gives the old range, not a change)
        new_range = first_range < j
        if (prev[-1:] == ["from"] or prev[-2:] in (["from", "about"], ["from", "some"], ["from", "around"])) \
                and not new_range:
            for q in range(j + 1, min(n, j + 8)):
                if toks[q].low == "to" and q + 1 < n:
                    for m in range(q + 1, min(n, q + 4)):
                        if toks[m].claim >= 0 and _comparable(r, k, toks[m].claim):
                            pairs.append((k, toks[m].claim, "from … to"))
                            break
                    break
            # "to A from B": A before the "from"
            for q in range(j - 2, max(-1, j - 10), -1):
                if toks[q].claim >= 0 and _comparable(r, k, toks[q].claim) and q + 1 < n:
                    seg = toks[q + 1:j]
                    # "to £46.3m in the year to 1 February, from £42.1m": a "to" before a date is
                    # not a second end
                    stray = any(x.low == "to" and not (m + 1 < len(seg) and seg[m + 1].tag == "TIME")
                                for m, x in enumerate(seg))
                    if not stray and any(x.low == "to" for x in toks[max(0, q - 3):q]):
                        pairs.append((k, toks[q].claim, "to … from"))
                    break
        # "A, up/down from B" / "A compared with B" / "A, against B"
        cue = None
        if prev[-2:] in (["up", "from"], ["down", "from"], ["compared", "with"], ["compared", "to"],
                         ["against"]) or prev[-1:] == ["against"] or prev[-3:-1] in (["up", "from"], ["down", "from"], ["compared", "with"]):
            cue = " ".join(prev[-2:])
        if cue:
            after_b = [x for x in toks[j + 1:j + 6]]
            other_holder = any(after_b[m].low in ("by", "at", "for") and m + 1 < len(after_b) and after_b[m + 1].tag == "NAME"
                               for m in range(len(after_b)))
            if bases is None:
                bases = {r.m[x.claim].base_claim for x in toks if x.claim >= 0 and r.m[x.claim].base_claim >= 0}
            for q in range(j - 2, max(-1, j - 22), -1):
                tq = toks[q]
                if other_holder:
                    break  # "142,285 units, compared to 141,951 units sold by GM": two sellers
                if tq.claim in bases and k not in bases:
                    continue  # "15 of 24 patients …, compared with 6 of 23": parts pair, not a base
                if tq.claim >= 0 and _comparable(r, k, tq.claim) and r.m[tq.claim].role not in ("change",):
                    pairs.append((k, tq.claim, cue))
                    break
                if tq.low in (";", ":", "."):
                    break
        # "(2023: £378.0 million)": the figure in brackets after a year and a colon
        if prev[-1:] == [":"] and len(prev) >= 2 and j >= 2 and toks[j - 2].tag == "TIME" and sent.level and sent.level[j] >= 0:
            a, b = sent.inserts[sent.level[j]]
            for q in range(a - 1, max(-1, a - 10), -1):
                tq = toks[q]
                if tq.claim >= 0 and _comparable(r, k, tq.claim):
                    pairs.append((k, tq.claim, "(year: figure)"))
                    break
    for before, after, cue in pairs:
        r.m[before].phase = r.m[before].phase or "before"
        r.m[after].phase = r.m[after].phase or "after"
        change = _stated_change(r, sent, before, after)
        members = [("before", before), ("after", after)]
        value = None
        bound = "exact"
        if change is not None and isinstance(change, int):
            members.append(("change", change))
        elif change is not None:
            value, bound = change
        cb, ca = r.claim(before), r.claim(after)
        # "15 of 24 patients …, compared with 6 of 23 in the placebo group": two groups of
        # their own sizes side by side, not one figure changing
        groups = r.m[before].base_claim >= 0 and r.m[after].base_claim >= 0 \
            and r.m[before].base_claim != r.m[after].base_claim
        r.add("change", members, cue, min(cb.start, ca.start), max(cb.end, ca.end), value=value, bound=bound,
              blocked="different_bases" if groups else "")


def _has_ratio_word(doc: Text, s) -> bool:
    seg = doc.text[s.start:s.end].lower()
    return any(w in seg for w in ("doubl", "tripl", "trebl", "quadrupl", "halv"))


def _comparable(r: Relations, a: int, b: int) -> bool:
    if a == b:
        return False
    ca, cb = r.claim(a), r.claim(b)
    if r.share(a) and r.share(b):
        return ca.kind == cb.kind == "percent"
    return r.same_measure(a, b)


def _stated_change(r: Relations, sent, before: int, after: int):
    """The change stated for a before/after pair in its sentence: a change mention's index, or
    (factor, bound) for "doubled", "halved"."""
    toks = sent.tokens
    best = None
    spans = [(r.m[x].lo, r.m[x].hi) for x in (before, after) if x >= 0 and r.m[x].sentence == sent.index]
    for j, t in enumerate(toks):
        if spans and not any(lo <= j < hi for lo, hi in spans):
            continue
        if t.claim >= 0 and t.claim not in (before, after) and r.m[t.claim].role == "change":
            near = min((x for x in (before, after) if x >= 0 and x in sent.at), key=lambda x: abs(sent.at[x] - j), default=None)
            if near is not None and _other_change_verb(toks, j, sent.at[near]):
                continue
            cb = r.claim(before)
            ct = r.claim(t.claim)
            if ct.kind == "percent" or r.same_measure(before, t.claim):
                if best is None or abs(ct.start - cb.start) < abs(r.claim(best).start - cb.start):
                    best = t.claim
    if best is not None:
        return best
    for j, t in enumerate(toks):
        if t.low in _RATIO_WORDS:
            bound = "exact"
            prev = [x.low for x in toks[max(0, j - 3):j]]
            if prev[-2:] == ["more", "than"]:
                bound = "more_than"
            elif prev[-1:] in (["almost"], ["nearly"]):
                bound = "almost"
            elif prev[-1:] == ["roughly"] or prev[-1:] == ["about"]:
                bound = "approx"
            return _RATIO_WORDS[t.low], bound
    return None


_GENERIC = frozenset("""year month week day time figure figures number people person official
    report data statistic statistics rate total level per cent percent point points area""".split())


def _clause_nouns(r: Relations, k: int) -> set[str]:
    """Content nouns of a mention's clause (with synonyms folded), and its thing."""
    d = r.m[k]
    sent = r.doc.sentence(d.sentence)
    j = sent.at.get(k)
    if j is None:
        return set()
    from numcheck.read.mentions import clause_bounds

    lo, hi = clause_bounds(sent.tokens, j, sent.inserts)
    nouns = {lemma(t.low) for t in sent.tokens[lo:hi] if t.tag == "NOUN"}
    if d.thing:
        nouns.add(d.thing)
    return {_syn(n) for n in nouns if n not in _GENERIC}


def _lede_changes(r: Relations) -> None:
    """A change stated with no figures ("House prices … rose 7.5 per cent in the year to
    February") and its before and after told in the next sentences ("The average home … now
    sells for £284,000, up from £251,000"): the change is that pair's."""
    doc = r.doc
    members = {k for rel in r.out if rel.kind == "change" for _, k in rel.members}
    for k, d in enumerate(r.m):
        if d.role != "change" or k in members or not (doc.claims[k].kind == "percent" or _fraction(doc.claims[k])) \
                or r.in_table(k):
            continue
        if any(rel.kind == "change" and r.m[rel.members[0][1]].sentence == d.sentence for rel in r.out):
            continue  # its own sentence gives a pair
        nouns = _clause_nouns(r, k)
        if not nouns:
            continue
        for rel in list(r.out):
            if rel.kind != "change" or rel.blocked or rel.value is not None or any(
                    role == "change" for role, m in rel.members):
                continue
            b = rel.of("before")[0]
            if not (0 < r.m[b].sentence - d.sentence <= 3):
                continue
            if r.m[rel.of("after")[0]].modality != d.modality:
                continue  # "rose 8 per cent" … "expected to pass 10 million, compared with 9.4 million"
            bs = doc.sentences[r.m[b].sentence]
            if any(_fraction(doc.claims[q]) and r.m[q].predicate == r.m[b].predicate
                   for q in range(bs.first, bs.last)):
                continue  # "fell almost a fifth, to US$88 from US$109": the pair states its own change
            if nouns & (_clause_nouns(r, b) | _clause_nouns(r, rel.of("after")[0])):
                r.out.remove(rel)
                r._seen.discard((rel.kind, rel.members, rel.blocked))
                r.add("change", list(rel.members) + [("change", k)], f"{rel.cue}; stated earlier",
                      rel.start, rel.end)
                break


_COMPARE_CUES = (("compares", "with"), ("compared", "with"), ("compared", "to"), ("compares", "to"))
_STATE_VERBS = frozenset("total totaled totalled was were stood had been".split())
_EARLIER_WORDS = (("current", "year"), ("a", "year", "earlier"), ("the", "year", "before"), ("previous",),
                  ("prior",), ("last", "year"), ("year", "earlier"), ("a", "year", "ago"))


def _compared_later(r: Relations) -> None:
    """A change stated with its new figure ("handled a record 3.41 million passengers last
    year, an increase of 12 per cent") and the old figure given in a later sentence ("The
    figure compares with 3.18 million in 2023", "when the budget totaled $80.2 million"): the
    three are one change."""
    doc = r.doc
    claims = doc.claims
    members = {k for rel in r.out if rel.kind == "change" for _, k in rel.members}
    for k, d in enumerate(r.m):
        if d.role != "change" or d.direction == 0 or k in members or r.in_table(k) or not (
                claims[k].kind == "percent" or _fraction(claims[k])) or _points(doc, claims[k]):
            continue
        s = doc.sentences[d.sentence]
        # the new figure: the amount in the change's clause nearest to it
        afters = [q for q in range(s.first, s.last) if q != k and claims[q].kind in ("count", "money", "quantity")
                  and r.amount(q) and r.m[q].lo == d.lo
                  and r.m[q].role in ("amount", "total") and not r.m[q].phase]
        if len(afters) != 1:
            continue
        a = afters[0]
        found = None
        crossed = False  # past another change: only a figure naming the same thing still links
        for sj in range(d.sentence + 1, min(len(doc.sentences), d.sentence + 5)):
            s2 = doc.sentences[sj]
            if s2.paragraph > s.paragraph + 3:
                break
            sent = doc.sentence(sj)
            toks = sent.tokens
            words = [t.low for t in toks]
            earlier = any(tuple(words[i:i + len(p)]) == p for p in _EARLIER_WORDS for i in range(len(words)))
            for q in range(s2.first, s2.last):
                if q in members or not r.same_measure(a, q) or r.m[q].role not in ("amount", "total"):
                    continue
                j = sent.at.get(q)
                if j is None:
                    continue
                prev = tuple(w for w in words[max(0, j - 5):j])
                cued = any(prev[i:i + 2] == c for c in _COMPARE_CUES for i in range(len(prev) - 1))
                stated = any(w in _STATE_VERBS for w in prev[-3:]) and (earlier or (
                    r.m[q].time and r.m[a].time and r.m[q].time < r.m[a].time))
                if not (cued or stated):
                    continue
                if r.m[q].thing and r.m[a].thing and not lexicon.same_thing(r.m[q].thing, r.m[a].thing):
                    continue
                if crossed and not (r.m[q].thing and r.m[a].thing):
                    continue
                found = q
                break
            if found is not None:
                break
            crossed = crossed or any(claims[q].kind == "percent" and r.m[q].role == "change"
                                     for q in range(s2.first, s2.last))
        if found is None:
            continue
        r.m[found].phase = r.m[found].phase or "before"
        r.m[a].phase = r.m[a].phase or "after"
        cb, ca = claims[found], claims[a]
        r.add("change", [("before", found), ("after", a), ("change", k)], "compares with, later",
              min(cb.start, ca.start), max(cb.end, ca.end))
        members.update((found, a, k))


def _other_change_verb(toks, a: int, b: int) -> bool:
    """True when a second change verb stands between tokens ``a`` and ``b`` (the change at one
    belongs to another clause: "rose 12% to £84m … and profit increased to £6.3m")."""
    from numcheck.read.mentions import DOWN_VERBS, UP_VERBS

    lo, hi = (a, b) if a < b else (b, a)
    for t in toks[lo + 1:hi]:
        if t.tag == "VERB" and (lexicon.verb_lemma(t.low) in UP_VERBS or lexicon.verb_lemma(t.low) in DOWN_VERBS):
            return True
    return False


#: Nouns that name any counted set ("more than doubled the population", "the number has halved").
_COLLECTIVE = frozenset("population number total count tally".split())


def _ratio_changes(r: Relations, sent) -> None:
    """"The number … has more than doubled" with the two figures in the next sentence
    ("… 388 occupied burrows this summer, compared with 212 in 2019")."""
    toks = sent.tokens
    doc = r.doc
    ratio = None
    for j, t in enumerate(toks):
        if t.low in _RATIO_WORDS:
            ratio = j
    if ratio is None:
        return
    if any(t.claim >= 0 and (r.amount(t.claim) or r.share(t.claim)) for t in toks[:ratio]):
        return
    if any(rel.kind == "change" and r.m[rel.members[0][1]].sentence == sent.index for rel in r.out):
        return
    # the next sentence (same paragraph or the next one) with a before/after pair
    si = sent.index
    # the pair told next, or just before in the same or the previous paragraph (a quote that
    # sums up: "against 410 when restoration began … 'We have more than doubled the population'")
    nouns = {lemma(t.low) for t in toks if t.tag == "NOUN"}
    collective = bool(nouns & _COLLECTIVE)  # "The number of storm petrels … has more than doubled"
    said = {_syn(n) for n in nouns} - _GENERIC
    words = {lemma(t.low) for t in toks if len(t.low) > 4 and t.tag in ("NOUN", "ADJ", "VERB")} - _GENERIC
    cands = []  # (rank, relation): nearest first, then the pair sharing a word with the ratio
    for sj in (si + 1, si + 2, si - 1, si - 2, si - 3):
        if sj >= len(doc.sentences) or sj < 0:
            continue
        if sj < si and doc.sentences[si].paragraph - doc.sentences[sj].paragraph > 2:
            continue
        for rel in r.out:
            if rel.kind != "change" or rel.value is not None or rel.of("change") or rel.blocked:
                continue
            b, a = rel.of("before")[0], rel.of("after")[0]
            if r.m[b].sentence != sj:
                continue
            pair = _clause_nouns(r, b) | _clause_nouns(r, a)
            if said and pair and not said & pair and not collective:
                continue  # "halved the frequency of attacks" … "15 of 24 patients"
            s2 = doc.sentence(sj)
            shared = any(lemma(s2.tokens[q].low) in words for q in range(len(s2.tokens))
                         if s2.tokens[q].claim < 0 and abs(q - s2.at.get(a, q)) <= 2)
            if sj < si and not shared:
                continue  # a pair told before counts only when the ratio speaks of it
            cands.append(((not shared, sj < si, abs(sj - si)), rel))
    if not cands:
        return
    rel = min(cands, key=lambda x: x[0])[1]
    value, bound = _stated_change(r, sent, -1, -1)
    r.out.remove(rel)
    r._seen.discard((rel.kind, rel.members, rel.blocked))
    r.add("change", rel.members, toks[ratio].low, toks[ratio].start, toks[ratio].end, value=value, bound=bound)


# ---- conversions -----------------------------------------------------------------------------

def _conversions(r: Relations, sent) -> None:
    """``conversion``: "150km/h (about 60mph)", "14-mile (35-kilometer)", "41C (116F)", "96
    miles, or 155km": a measure followed by the same measure in another unit."""
    toks = sent.tokens
    doc = r.doc
    for j, t in enumerate(toks):
        if t.claim < 0:
            continue
        c = r.claim(t.claim)
        if c.kind != "quantity" or not c.unit:
            continue
        # the next figure, after "(" or ", or" / "or", with at most a hedge between
        k = j + 1
        opened = False
        while k < len(toks) and k <= j + 4:
            tk = toks[k]
            if tk.low in ("(", "["):
                opened = True
            elif tk.low in ("or",) and not opened:
                opened = True
            elif tk.low in (",",) and not opened:
                pass
            elif tk.claim >= 0:
                break
            elif tk.low in ("about", "around", "roughly", "some", "nearly", "almost", "approximately",
                            "just", "over", "under", "more", "than", "a", "little", "less"):
                pass
            else:
                k = len(toks)
                break
            k += 1
        if not opened or k >= len(toks) or toks[k].claim < 0:
            continue
        c2 = r.claim(toks[k].claim)
        if c2.kind != "quantity" or not c2.unit or c2.unit == c.unit:
            continue
        # the converted figure closes the bracket or the clause
        nx = toks[k + 1].low if k + 1 < len(toks) else "."
        if nx not in (")", "]", ",", ";", ".", "—", "–", "and", ":") and toks[k + 1].tag not in ("PREP", "VERB", "CONJ", "SUB", "NOUN", "ADJ", "AUX", "MOD", "ADV", "DASH"):
            continue
        if nx not in (")", "]") and toks[k - 1].low in ("(", "["):
            continue
        # a compound measurement before the bracket ("5 ft 11 in (1.80 m)")
        firsts = [t.claim]
        q = j - 1
        while q >= 0 and toks[q].claim >= 0 and r.claim(toks[q].claim).kind == "quantity" and \
                r.m[toks[q].claim].attribute == r.m[t.claim].attribute and r.claim(toks[q].claim).unit != c.unit:
            firsts.insert(0, toks[q].claim)
            q -= 1
        members = [("value", f) for f in firsts] + [("converted", toks[k].claim)]
        r.add("conversion", members, "(" if toks[k - 1].low in ("(", "[") else "or", c.start, c2.end)


# ---- products --------------------------------------------------------------------------------

def _products(r: Relations, sent) -> None:
    """``product``: a per-unit or average figure, the count of its units, and the total."""
    doc = r.doc
    toks = sent.tokens
    for j, t in enumerate(toks):
        if t.claim < 0 or not r.amount(t.claim):
            continue
        u = t.claim
        ud = r.m[u]
        if ud.role not in ("per_unit", "average"):
            continue
        counts = _unit_counts(r, sent, j, u)
        factor = None
        if ud.per == "side":
            if r.parties is None:
                r.parties = parties(doc.text)
            factor = 2.0 if r.parties == 2 else None
            if r.parties == 3:
                continue
        totals = _totals(r, sent, j, u, counts)
        if counts and not totals and not factor:
            totals = _consequence_totals(r, sent, u)
        if ud.per == "side" and not totals:
            # the total may be in another article of the story (numcheck.read.story)
            r.add("product", [("per_unit", u)], "per side", r.claim(u).start, r.claim(u).end,
                  value=factor)
            continue
        if not (counts or factor) or not totals:
            continue
        for total in totals:
            members = [("per_unit", u)] + [("count", c) for c in counts] + [("total", total)]
            cu, ct = r.claim(u), r.claim(total)
            r.add("product", members, "both sides" if factor else (ud.cue or ud.role),
                  min(cu.start, ct.start), max(cu.end, ct.end), value=factor)


_CONSEQUENCE = ("that ", "this ", "together ", "between them", "in all", "in total", "altogether")


def _consequence_totals(r: Relations, sent, u: int) -> list[int]:
    """The total a per-unit figure gives, stated as its consequence in the next sentence
    ("Fourteen buses, each seating 52 passengers, … 'That gave us room for 780 people'"): the
    sentence opens with "That", "This", "Together" or "In all", and its one figure of the
    per-unit figure's thing (people for passengers) is a total or capacity."""
    doc = r.doc
    si = sent.index + 1
    if si >= len(doc.sentences):
        return []
    s2 = doc.sentences[si]
    if s2.paragraph - doc.sentences[sent.index].paragraph > 1:
        return []
    opening = doc.text[s2.start:s2.start + 24].lower().lstrip("\"'“‘ ")
    if not opening.startswith(_CONSEQUENCE):
        return []
    thing = r.m[u].thing
    found = []
    for q in range(s2.first, s2.last):
        d = r.m[q]
        if not r.amount(q) or r.claim(q).kind != r.claim(u).kind or d.role not in ("capacity", "total", "amount"):
            continue
        if not thing or not d.thing:
            continue
        if _syn(d.thing) == _syn(thing) or (lexicon.thing_class(d.thing) == "person"
                                            and lexicon.thing_class(thing) == "person"):
            found.append(q)
    return found if len(found) == 1 else []


def _appositive(toks, j: int) -> bool:
    """", an average of 2 goals per game": the figure restates what its clause just said."""
    for k in range(j - 1, max(-1, j - 5), -1):
        if toks[k].low == ",":
            return True
        if toks[k].tag == "VERB":
            return False
    return False


_TWO = re.compile(r"\b(?:both|two|either|neither)\s+(?:of\s+the\s+)?(?:sides?|countries|nations|governments?|"
                  r"parties|party|teams?|armies|army|states?|camps?|militaries|delegations?)\b", re.I)
_MANY = re.compile(r"\b(?:all|three|four|five|several|many|multiple|various|other)\s+(?:sides|parties|teams|"
                   r"countries|nations|governments)\b", re.I)


def parties(text: str) -> int:
    """How many parties a document speaks of, for figures "per side": 2 when it says "both
    sides", "the two countries", "either side" and never "all sides", "three parties"; 3 when it
    speaks of more; 0 when it does not say."""
    if _MANY.search(text):
        return 3
    return 2 if _TWO.search(text) else 0


def _unit_counts(r: Relations, sent, j: int, u: int) -> list[int]:
    """The counts of the units a per-unit figure is stated for (every reading the text allows)."""
    doc = r.doc
    toks = sent.tokens
    ud = r.m[u]
    out: list[int] = []
    # "27 member food banks each distributed …", "Each of the ship's eight lifeboats can hold 45"
    for k, t in enumerate(toks[:j]):
        if t.claim >= 0 and doc.claims[t.claim].kind == "count" and r.amount(t.claim) and t.claim != u:
            after = [x.low for x in toks[k + 1:k + 5]]
            before = [x.low for x in toks[max(0, k - 5):k]]
            if "each" in after[:4] or before[:2] == ["each", "of"] or "each" in before[-4:-1]:
                out.append(t.claim)
    if ud.role == "average" and not out:
        # "averaged 14,860 fans over 17 home games": the units the average is taken over
        for k in range(j + 1, min(len(toks), j + 8)):
            if toks[k].low in (".", ";") or (toks[k].tag == "VERB" and k > j + 1):
                break
            if toks[k].low in ("over", "across", "from") and k + 1 < len(toks):
                q = k + 1
                while q < len(toks) and q < k + 3 and toks[q].claim < 0:
                    q += 1
                if q < len(toks) and toks[q].claim >= 0 and doc.claims[toks[q].claim].kind == "count" \
                        and r.amount(toks[q].claim):
                    out.append(toks[q].claim)
                break
    unit = ud.per
    if unit is None and not out:
        # "the vehicles were expected to fetch around £61,000 apiece": the clause subject
        for k in range(ud.lo, j):
            if toks[k].tag == "NOUN" and toks[k].lex == "S":
                unit = lemma(toks[k].low)
                break
            if toks[k].low == "each" and k + 1 < j and toks[k + 1].tag == "NOUN":
                unit = lemma(toks[k + 1].low)
                break
    if ud.per == "side":
        return out
    if unit is not None and not out:
        # a count of those units: in this sentence, else in the two before it (the nearest
        # sentence that has one decides, every count there of a compatible thing is a reading)
        si = ud.sentence
        for sj in range(si, max(-1, si - 3), -1):
            s = doc.sentences[sj]
            exact, near = [], []
            for q in range(s.first, s.last):
                if q == u or doc.claims[q].kind not in ("count", "duration") or not r.amount(q) and doc.claims[q].kind != "duration":
                    continue
                if r.m[q].role in ("total", "per_unit", "average") or (ud.thing and r.m[q].thing == ud.thing):
                    continue  # "6 firefighters … 60 firefighters in total": the total, not the units
                thing = r.m[q].thing
                if doc.claims[q].kind == "duration":
                    thing = (doc.claims[q].unit or "").rstrip("s")
                if thing and (lexicon.same_thing(thing, unit) or thing == unit):
                    exact.append(q)
                elif thing and lexicon.compatible(thing, unit):
                    near.append(q)
            found = exact or near
            if found:
                out.extend(found)
                break
    return out


def _totals(r: Relations, sent, j: int, u: int, counts: list[int]) -> list[int]:
    """The totals a per-unit figure multiplies out to: a later figure of the same measure in its
    sentence, or one marked as a total nearby."""
    doc = r.doc
    toks = sent.tokens
    ud = r.m[u]
    out = []
    for k in range(j + 1, len(toks)):
        t = toks[k]
        if t.claim >= 0 and t.claim not in counts and r.same_measure(u, t.claim):
            d = r.m[t.claim]
            if d.role in ("per_unit", "change", "increment", "difference", "rate"):
                continue
            if d.phase == "before" or (d.running and not ud.running):
                continue  # "2,900 captives in total have been released since the conflict began"
            if d.thing and ud.thing and d.role != "total" and not lexicon.same_thing(d.thing, ud.thing) \
                    and r.claim(t.claim).kind == "count":
                continue  # "300 detainees on each side …, where 4,500 troops are stationed"
            out.append(t.claim)
            break
    if out:
        return out
    if ud.per == "side":
        # "400 captives per side would cross … In all, 1,000 captives in total are due …"
        nxt = ud.sentence + 1
        if nxt < len(doc.sentences) and doc.sentences[nxt].paragraph == doc.sentences[ud.sentence].paragraph:
            s2 = doc.sentences[nxt]
            for q in range(s2.first, s2.last):
                if r.same_measure(u, q) and r.m[q].role == "total" and not r.m[q].running and (
                        not ud.thing or not r.m[q].thing or lexicon.same_thing(ud.thing, r.m[q].thing)):
                    out.append(q)
            if out:
                return out
    # a total stated before it in the sentence or in the sentence before ("pushed the club's
    # season attendance to a franchise-record 612,000. The Hawks averaged 28,700 a game")
    si = ud.sentence
    for sj in range(si, max(-1, si - 2), -1):
        s = doc.sentences[sj]
        for q in range(s.first, s.last):
            if q == u or q in counts or (sj == si and r.claim(q).start > r.claim(u).start):
                continue
            if not r.same_measure(u, q):
                continue
            d = r.m[q]
            if d.running and not ud.running:
                continue  # "has raised £386,000 since …" is not what the grants add up to
            if d.role == "total" or (d.predicate in ("push", "bring", "take", "lift", "raise", "put") and
                                     r.claim(q).value > r.claim(u).value):
                out.append(q)
            elif sj == si and d.role == "amount" and ud.thing and d.thing == ud.thing and \
                    r.claim(q).value > r.claim(u).value and _appositive(toks, j):
                out.append(q)  # "scored 60 goals in 20 games, an average of 2 goals per game"
    return out


# ---- the same thing twice --------------------------------------------------------------------

#: Verbs whose money object is one settled sum of its holder's ("fined £240,000", "ordered to
#: repay £148,000").
_MONEY_PREDICATES = frozenset("fine repay award compensate".split())
_DEATH = frozenset({"kill", "die", "dead", "death", "fatality", "life", "killed"})


def key_of(d: Draft, c) -> tuple | None:
    """What a figure measures, as a key two mentions of the same quantity share, or None.

    The key is coarse (the thing, or for a measure its owner and dimension); whether two
    mentions with one key are one quantity is then decided pairwise (:func:`compatible`): their
    owners and event verbs must not differ, their times, holders and sources not disagree."""
    if c.kind == "duration" and d.thing == "sentence":
        return ("duration", "sentence", (c.unit or "").rstrip("s"))
    if c.kind not in ("count", "money", "quantity") or d.role in ("per_unit", "average", "rate",
                                                                   "change", "increment",
                                                                   "difference", "share", "remainder"):
        return None
    if d.phase:
        return None
    if c.kind == "quantity":
        owner = d.owner or d.thing
        if not owner or not d.attribute or owner in ("it", "they", "which", "person", "people"):
            return None
        return ("quantity", _syn(owner), d.attribute)
    if c.kind == "money":
        what = d.thing if d.thing_from in ("noun", "of", "compound", "worth") else None
        if what is None and d.predicate in _MONEY_PREDICATES:
            what = d.predicate if d.predicate == "fine" else "@" + d.predicate
        if d.running and (d.predicate in ("raise", "collect", "donate", "give", "receive") or "raised" in d.after
                          or d.cue == "raised"):
            what = "@raise"
        if not what:
            return None
        return ("money", _syn(what), c.unit)
    thing = d.thing
    attr = d.attribute
    if thing in _DEATH or attr in _DEATH:
        return ("count", "death")
    if thing and _syn(thing) == _syn("staff") and not d.predicate in ("cut", "lose", "create", "add", "hire", "recruit", "shed"):
        return ("count", "workforce")
    if attr == "employ" and lexicon.thing_class(thing) == "person":
        return ("count", "workforce")
    if (attr == "carry" or d.predicate in ("carry", "board")) and lexicon.thing_class(thing) == "person" or \
            "aboard" in d.after.split()[:4] or "on board" in d.after or (
                thing == "passenger" and "crew" in d.after.split()[:3]):
        return ("count", "aboard")
    if not thing:
        return None
    if d.role == "capacity" or d.attribute == "capacity" or (thing in ("bed", "seat", "place", "berth") and d.owner):
        return ("count", _syn(thing), "capacity")
    return ("count", _syn(thing))


#: Verbs that count the same things in other words ("given" / "administered" doses).
_SAME_VERBS = (frozenset("give administer deliver vaccinate"), frozenset("employ staff have"),
               frozenset("kill die"), frozenset("raise collect donate"), frozenset("carry take transport"),
               frozenset("sell ship deliver"), frozenset("attend watch"))


def compatible(a, b) -> bool:
    """Two mentions of one key may be the same quantity: owners and event verbs do not differ
    (equal, synonyms, or one of them unknown)."""
    if a.owner and b.owner and _syn(a.owner) != _syn(b.owner) and not (
            lexicon.thing_class(a.owner) and lexicon.thing_class(a.owner) == lexicon.thing_class(b.owner)):
        return False
    va, vb = a.attribute, b.attribute
    if lexicon.thing_class(a.thing) == "person" and a.thing in ("person", "people", "individual") and not (va and vb) \
            and (getattr(a, "key", None) or "count|individual").split("|")[1:2] == ["individual"]:
        return False  # "20 people" and "22 people": people counted for what?
    if va and vb and va != vb and va != "capacity" and vb != "capacity" and \
            not any(va in g and vb in g for g in _SAME_VERBS):
        return False
    return True


def _syn(word: str) -> str:
    """A canonical member of the word's synonym group (or the word)."""
    for g in lexicon.SYNONYMS:
        if word in g:
            return min(g)
    return word


def estimate(claim, mention) -> bool:
    """A figure given as an estimate: hedged ("about 2,500", "more than 9,000") or put, estimated
    or claimed by its source. Sources that disagree on estimates are not contradicting."""
    return claim.qualifier != "exact" or mention.modality == "estimate" or mention.predicate in (
        "estimate", "put", "claim", "believe", "reckon")


_estimate = estimate


def _clause_names(r: Relations, k: int) -> set[str]:
    d = r.m[k]
    sent = r.doc.sentence(d.sentence)
    j = sent.at.get(k)
    if j is None:
        return set()
    from numcheck.read.mentions import clause_bounds

    lo, hi = clause_bounds(sent.tokens, j, sent.inserts)
    # the clause and what it hangs on ("New Hampshire, where he secured all 22 …")
    return {t.low for t in sent.tokens[max(0, lo - 6):hi] if t.tag == "NAME" and len(t.low) > 2}


def _names_differ(r: Relations, a: int, b: int) -> bool:
    """Both clauses name people or places, and none in common: two different events."""
    na, nb = _clause_names(r, a), _clause_names(r, b)
    return bool(na) and bool(nb) and not (na & nb)


_AGE_OTHER_TIME = frozenset("when was were then aged age became turned until since before after".split())


def _same_ages(r: Relations) -> None:
    """``same`` for a person's age stated twice: "Marisa Delgado, 34, …" and later "The
    36-year-old was flown to hospital" (a definite "the N-year-old" refers back to the one person
    whose age the article gave), or the same surname with two ages. An age in a clause about
    another time ("was 25 when") is not a restatement, and with several people aged the
    reference is ambiguous: both are non-relations by absence."""
    doc = r.doc
    claims = doc.claims
    ages = []  # (claim, holder or None, definite)
    for k, d in enumerate(r.m):
        c = claims[k]
        if c.kind != "age" or c.boilerplate or c.value is None:
            continue
        sent = doc.sentence(d.sentence)
        j = sent.at.get(k)
        if j is None:
            continue
        toks = sent.tokens
        words = {t.low for t in toks[d.lo:j]} | ({"when"} & {t.low for t in toks[j + 1:j + 4]})
        if words & _AGE_OTHER_TIME or any(t.claim >= 0 and claims[t.claim].kind == "year" for t in toks[d.lo:j]):
            continue  # "was 25 when …", "In 1998 the 25-year-old …": an age at another time
        appositive = j >= 2 and toks[j - 1].low == "," and toks[j - 2].cap and j + 1 < len(toks) and toks[j + 1].low == ","
        definite = j >= 1 and toks[j - 1].low == "the" and "year-old" in c.text.lower() and (
            j + 1 >= len(toks) or toks[j + 1].tag in ("VERB", "AUX", "MOD", "PUNCT"))
        if appositive:
            ages.append((k, d.holder or toks[j - 2].low.removesuffix("'s"), False))
        elif definite and not d.holder:
            ages.append((k, None, True))
    named = [(k, h) for k, h, _ in ages if h]
    for k, h, definite in ages:
        if definite:
            earlier = [(q, hq) for q, hq in named if q < k]
            if len({hq for _, hq in named}) != 1 or not earlier:
                continue
            first = earlier[-1][0]
        else:
            same = [q for q, hq in named if hq == h and q < k]
            if not same:
                continue
            first = same[-1]
        if claims[first].value == claims[k].value:
            continue
        r.add("same", [("first", first), ("second", k)], "the N-year-old" if definite else "same person",
              claims[k].start, claims[k].end)


def _phrase_mods(r: Relations, k: int) -> set[str]:
    """The adjectives and noun modifiers between a count and its head noun ("264 independent
    homes" → {"independent"}), which narrow the set it counts."""
    d = r.m[k]
    if not d.thing:
        return set()
    sent = r.doc.sentence(d.sentence)
    j = sent.at.get(k)
    if j is None:
        return set()
    out = set()
    for q in range(j + 1, min(len(sent.tokens), j + 5)):
        t = sent.tokens[q]
        if lemma(t.low) == d.thing:
            return out
        if t.tag in ("ADJ", "NOUN", "NAME") or (t.tag == "VERB" and t.lex in ("P", "G")):
            out.add(t.low)
        else:
            return set()
    return set()


def _sames(r: Relations) -> None:
    """``same``: two mentions in one article of one thing, attribute and time, the later one
    referring back definitely; attributed to different sources it is a non-relation."""
    doc = r.doc
    groups: dict[tuple, list[int]] = {}
    # figures that are parts, shares' counts or conversions of others are other quantities
    taken: set[int] = set()
    for rel in r.out:
        if rel.kind == "part_of":
            taken.update(k for role, k in rel.members if role != "whole")
        elif rel.kind in ("share_of", "conversion", "product", "change"):
            taken.update(k for role, k in rel.members if role in ("part", "converted", "value", "count", "before"))
    for k, d in enumerate(r.m):
        c = doc.claims[k]
        if not r.amount(k) or c.boilerplate or k in taken:
            continue
        key = key_of(d, c)
        if key is None:
            continue
        groups.setdefault(key, []).append(k)
    for key, ks in groups.items():
        if len(ks) < 2:
            continue
        first = ks[0]
        for second in ks[1:]:
            a, b = r.m[first], r.m[second]
            if r.claim(first).value == r.claim(second).value or a.sentence == b.sentence:
                continue
            if not compatible(a, b):
                continue
            blocked = ""
            if a.source and b.source and a.source != b.source and (_estimate(r.claim(first), a) or _estimate(r.claim(second), b)):
                blocked = "attributed"
            elif key[0] != "quantity" and (a.time_from == "clause" and b.time_from == "clause" and a.time != b.time
                                           or (a.time and b.time and a.time != b.time and "clause" in (a.time_from, b.time_from))):
                blocked = "different_time"
            elif a.running != b.running:
                blocked = "running_total"
            elif a.holder and b.holder and a.holder != b.holder and a.holder not in ("it", "they") \
                    and b.holder not in ("it", "they", "he", "she"):
                blocked = "different_holder"
            elif a.modality != b.modality and "plan" in (a.modality, b.modality) and key[0] != "quantity" \
                    and key[-1] != "capacity":
                blocked = "plan"
            elif not b.definite and not str(key[1]).startswith("@"):
                blocked = "not_definite"
            elif _names_differ(r, first, second):
                blocked = "different_names"  # "in Iowa … 39 of the state's 40" / "New Hampshire … 22"
            elif key[0] == "count" and min(r.claim(first).value, r.claim(second).value) < 10:
                blocked = "small"
            elif _phrase_mods(r, second) - _phrase_mods(r, first):
                blocked = "different_subset"  # "all 312 registered homes" … "the 264 independent homes"
            cb = r.claim(second)
            r.add("same", [("first", first), ("second", second)], "same thing", cb.start, cb.end,
                  blocked=blocked)
