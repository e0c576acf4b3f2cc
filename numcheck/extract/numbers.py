"""The numeric scanner: every number in a text that is not a calendar date or clock time.

One compiled regex finds *runs* of number tokens (digit numbers in any of the usual groupings,
number words, and the connectors that join them); :func:`numcheck.extract.words.evaluate` reads
each run into numbers; then a few anchored regexes look right after each number (scale letters
such as "bn", ordinal suffixes, percent signs, unit names from :mod:`.units`, "-year-old") and
right before it (currency symbols, "aged", "minus"). A last pass joins "200-300" and
"between 200 and 300" into ranges. The work per number is a handful of dictionary lookups, so the
scanner runs at several MB/s.

Values are floats parsed with ``float()`` (never ``int()``, which refuses very long strings);
digit runs longer than :data:`MAX_DIGITS` are not read at all and give ``value=None``.
"""

from __future__ import annotations

import re
import unicodedata

from numcheck.extract import units as _units
from numcheck.extract.words import (
    CARDINALS,
    FRACTION_WORDS,
    ORDINALS,
    PLURAL_ORDINALS,
    Number,
    Token,
    evaluate,
    trie_pattern,
    word_pattern,
)
from numcheck.limits import checkpoint
from numcheck.model import Claim

__all__ = ["scan_numbers", "new_claim", "MAX_DIGITS"]

_CLAIM_FIELDS = ("start", "end", "text", "kind", "value", "low", "high", "unit", "qualifier", "scope",
                 "subject", "date", "sentence", "boilerplate", "relative", "block")


def _claim_factory():
    """A constructor for :class:`Claim` that sets the slots directly.

    The frozen dataclass's own ``__init__`` goes through ``object.__setattr__`` once per field,
    about twice the cost of setting the slot descriptors; extraction builds two claims per number,
    so this matters. If the model's fields ever differ from the ones known here, the ordinary
    constructor is used instead, so the shortcut cannot leave a field unset.
    """
    if Claim.field_names() != _CLAIM_FIELDS or hasattr(Claim, "__post_init__"):
        return Claim
    new = object.__new__
    (s_start, s_end, s_text, s_kind, s_value, s_low, s_high, s_unit, s_qualifier, s_scope, s_subject,
     s_date, s_sentence, s_boilerplate, s_relative, s_block) = [getattr(Claim, f).__set__ for f in _CLAIM_FIELDS]

    def make(start, end, text, kind, value, low=None, high=None, unit=None, qualifier="exact", scope=None,
             subject=None, date=None, sentence=0, boilerplate=False, relative=False, block="body"):
        o = new(Claim)
        s_start(o, start)
        s_end(o, end)
        s_text(o, text)
        s_kind(o, kind)
        s_value(o, value)
        s_low(o, low)
        s_high(o, high)
        s_unit(o, unit)
        s_qualifier(o, qualifier)
        s_scope(o, scope)
        s_subject(o, subject)
        s_date(o, date)
        s_sentence(o, sentence)
        s_boilerplate(o, boilerplate)
        s_relative(o, relative)
        s_block(o, block)
        return o

    make.__doc__ = "Build a :class:`Claim` from its fields in declaration order (same signature)."
    return make


#: ``new_claim(start, end, text, kind, value, low, high, unit, qualifier, scope, subject, date,
#: sentence, boilerplate, relative, block)``: a :class:`Claim`, built about twice as fast as by
#: its constructor (same positional signature and defaults).
new_claim = _claim_factory()

#: Longer digit strings are treated as identifiers, not quantities (value None).
MAX_DIGITS = 40

_SPACES = "\u00a0\u202f\u2009\u2007"
_MINUS = "-\u2212"
_VULGAR = "½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅐⅛⅜⅝⅞⅑⅒"

_CUR = "|".join(re.escape(c) for c in _units.CURRENCY_PREFIXES)
# Currency prefixes quantulum3 has no symbol for but news writes: "US $", "U.S. $", "HK $", "c $",
# "USD$", "Mex$".
_CUR_EXTRA = r"(?-i:U\.?S\.?\s?\$|[A-Z]{2,3}\s?\$|Mex\$|[Cc]\s\$)"

_DIGITS = (
    r"\d{1,3}(?:\.\d{3})+,\d+(?![\d]|,\d)"  # 1.111,11 (continental grouping)
    r"|\d+(?:\.\d+){2,}"  # 192.168.1.2: split into its parts later
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?"  # 1,234,567.89
    # 12,34,567.89 (Indian grouping; six pairs reach 10^15, and the bound keeps "1,21,21,..."
    # from being rescanned to its end at every digit)
    r"|\d{1,2}(?:,\d{2}){1,6},\d{3}(?:\.\d+)?"
    rf"|\d{{1,3}}(?:[ {_SPACES}]\d{{3}}(?![\d]))+(?:\.\d+)?"  # 1 234 567 / thin-space groups
    r"|(?<!\d,)\d+,\d{1,2}(?![\d]|,\d)"  # 5,00 / 1,3 (decimal comma)
    r"|\d{1,3}/\d{1,3}(?![\d/])"  # 3/4
    rf"|\d*[{_VULGAR}]"  # ½, 2½
    r"|\d+(?:\.\d+)?|\.\d+"
)
_EXP = r"(?:[eE][+\-]?\d{1,6}(?![\w])|\^[+\-\u2212]{0,2}\d{1,4}|\s?[x×]\s?10(?:\^|\s?)?[+\-\u2212]?\d{1,4}(?![\d]))?"
_WORDS = word_pattern()
_CONN = r"and|&|an?|point|over|out\s+of|in|of\s+an?"

_WORD_TRIE = trie_pattern(_WORDS.split("|"))

_TOKEN = (
    rf"(?:(?:(?<![\w$])(?:{_CUR_EXTRA}|{_CUR})[ {_SPACES}]?|(?<![\w.]))(?:[{_MINUS}](?![ ]))?(?:{_DIGITS}){_EXP}"
    rf"|\b{_WORD_TRIE}\b)"
)
_SEP = rf"(?:[ \t{_SPACES}]*[\-‐][ \t{_SPACES}]*|[ \t{_SPACES}]+)"
_RUN = re.compile(
    # the token pattern appears once (compiling the number-word alternation twice would double
    # import time); a trailing separator or connector is trimmed after tokenising
    rf"(?:\ban?[ \t]+)?(?:{_TOKEN}(?:{_SEP}(?:(?:{_CONN}){_SEP}){{0,2}})?)+",
    re.IGNORECASE,
)
_TOK = re.compile(
    rf"(?P<num>(?:(?:{_CUR_EXTRA}|{_CUR})[ {_SPACES}]?)?(?:[{_MINUS}](?![ ]))?(?:{_DIGITS}){_EXP})"
    rf"|(?P<conn>\b(?:{_CONN})\b)|(?P<word>\b[a-z]+\b)|(?P<hy>[\-‐])",
    re.IGNORECASE,
)
# Where a run may start, searched in the lower-cased text: a digit, a vulgar fraction or the
# first letter of a number word at a word boundary. Only there is the full run regex tried.
# They are two searches, which is twice as fast as one alternation: a pattern that opens with a
# character class lets re skip ahead to the next possible start in C, while an alternation
# opening with \b is tried at every position. A number word is found with the character before
# it (group 1 is the word); that character must then be a non-word character.
_DIGIT_CANDIDATE = re.compile(rf"[\d{_VULGAR}]")
_WORD_CANDIDATE = re.compile(rf"[^a-z0-9_]({_WORD_TRIE})(?![a-z])")
_WORD_AT_START = re.compile(rf"{_WORD_TRIE}(?![a-z])")
_NO_WORD = (1 << 62, 1 << 62)


def _next_word(lowered: str, p: int, search=_WORD_CANDIDATE.search) -> tuple[int, int]:
    """Start and end of the first number word at or after ``p`` (at a word boundary)."""
    if p == 0:
        m = _WORD_AT_START.match(lowered)
        if m is not None:
            return 0, m.end()
    m = search(lowered, p - 1 if p > 0 else 0)
    while m is not None:
        ch = lowered[m.start()]
        if m.start(1) >= p and not (ch.isalnum() or ch == "_"):
            return m.start(1), m.end()
        m = search(lowered, m.start() + 1)
    return _NO_WORD
# A currency prefix, sign or article just before a candidate, which the run then starts at.
_LEAD = re.compile(
    rf"(?:(?<![\w$])(?:{_CUR_EXTRA}|{_CUR})[ {_SPACES}]?(?:[{_MINUS}](?![ ]))?|[{_MINUS}][ ]?|\.|\ban?[ \t]+)$",
    re.IGNORECASE,
)
# Characters a lead can end with; a lead ending in a space needs a letter or symbol before it.
_LEAD_END = frozenset("$€£¥₹₩₽₭₡₾₿元" + _MINUS + "." + _SPACES)
_LEAD_WORDS = frozenset(
    ["a", "A", "an", "An", "US", "U.S.", "HK", "c", "C"]
    + [c for c in _units.CURRENCY_PREFIXES if c[-1].isalpha()]
    + [c.lower() for c in _units.CURRENCY_PREFIXES if c[-1].isalpha()]
)
_NO_LEAD_BEFORE_SPACE = frozenset("0123456789,;:!?)]}\"'\n\t %")
_CUR_HEAD = re.compile(rf"(?:{_CUR_EXTRA}|{_CUR})[ {_SPACES}]?", re.IGNORECASE)

# Scale letters glued to (or one space after) a digit number: "10k", "$2.5bn", "1.2b", "10M".
_SCALE = re.compile(r"[ ]?(bn|bln|mn|mln|tn|tln|mil|MM|k|K|M|B|b|G|T|m)(?![A-Za-z0-9])")
_SCALE_VALUE = {
    "bn": 1e9, "bln": 1e9, "b": 1e9, "B": 1e9, "mn": 1e6, "mln": 1e6, "mil": 1e6, "MM": 1e6,
    "M": 1e6, "m": 1e6, "k": 1e3, "K": 1e3, "G": 1e9, "T": 1e12, "tn": 1e12, "tln": 1e12,
}
_ISO = "USD|EUR|GBP|AUD|CAD|CHF|JPY|CNY|INR|RUB|NZD|HKD|SGD|ZAR|BRL|MXN|KRW|SEK|NOK|DKK"
_WORD_SCALE = {"million": 1e6, "billion": 1e9, "trillion": 1e12}
_ORD_SUFFIX = re.compile(r"(?:st|nd|rd|th)(?![A-Za-z0-9])", re.IGNORECASE)
# Everything that can directly follow a number other than a unit, in one pass: a percent sign
# or word, scaled ISO money ("30 MUSD", "75 USD million", "115USD") and ages ("54-year-old",
# "five years old", "6 weeks of age", "87 yo").
_POST = re.compile(
    r"(?P<pct>[ ]?(?:%|per[ ]?cent(?:age)?s?\b|percent(?:age)?s?\b|pct\b\.?))"
    rf"|(?-i:[ ]?M(?P<mcode>{_ISO})\b|[ ](?P<wcode>{_ISO})[ ](?P<wscale>million|billion|trillion)\b|[ ]?(?P<code>{_ISO})\b)"
    r"|[-‐ ](?P<agec>year|month|week|day)s?[-‐ ]old\b"
    r"|[ ]?(?:(?P<agea>year|month|week|day)s?[ ](?:old|of[ ]age)|yo|yrs?[ ]old)\b",
    re.IGNORECASE,
)
# Up to four words after a number, for the longest unit name that matches.
# (A slash separates words here and never belongs to one, so the words split only one way.)
_UNIT_WORDS = re.compile(
    rf"([-‐]|[ {_SPACES}]?)([^\s\d,;:!?()\[\]{{}}<>\"“”/]+(?:[ /][^\s\d,;:!?()\[\]{{}}<>\"“”/]+){{0,3}})"
)
_BRACKET_UNIT = re.compile(r" ?[(\[{<]([A-Za-zµμ°]{1,4})[)\]}>]")
_AGE_BEFORE = re.compile(r"(?:\baged?|\bage of)[ ]$", re.IGNORECASE)
# "Marsh was 25 when she first conducted": a person (a name or a personal pronoun) "was N"
# followed by "when": an age, whatever else a bare number after a copula might be
_PERSON_WAS = re.compile(r"(?:\b[A-Z][a-z]+|\b(?:[Ss]?[Hh]e|[Tt]hey|I|[Ww]e))[ ](?:was|were)[ ]$")
_WHEN_AFTER = re.compile(r"[ ]when\b")
_POINTS_AFTER = re.compile(r"[ ]points?\b")
_NAME_AGE = re.compile(r"[A-Z][a-z]+, $")
_NEG_WORD = re.compile(r"(?:minus|negative)[ ]+$", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[ ]*(?:[.;:!?)]|$)")
# A figure that is the second term of a dimension or of a feet-and-inches length.
_DIMENSION_BEFORE = re.compile(r"(?:\d[ ]?(?:x|×)|\d[ ]?(?:ft\.?|feet|foot|['′]))[ ]$")
_PRONOUN_ONE = re.compile(
    r"(?:\b(?:the|this|that|which|each|every|any|no|another|one|someone|anyone|little|right|wrong|same|new|old|other|last|next)[ ]+)$",
    re.IGNORECASE,
)
_CORRELATIVE = re.compile(r"[^.;:!?]{0,80}?\b(?:another|the other)\b(?![ ]+(?:one|two|three|\d))", re.IGNORECASE)
_PREP_BEFORE = re.compile(r"\b(?:in|at|on|from|of|for|to|into|with|by)[ ]+$", re.IGNORECASE)
_HALF_CONTEXT = re.compile(r"(?:\b(?:first|second|other|the|this|that|latter|former|back)[ ]+)$", re.IGNORECASE)
_FROM_BEFORE = re.compile(r"\bfrom[ ]+(?:\S+[ ]+)?$", re.IGNORECASE)
# "ranged from -18 °C to -34 °C": a from-to that states a range, not a change
_RANGING_FROM_BEFORE = re.compile(r"\brang(?:e|es|ed|ing)[ ]+from[ ]+(?:\S+[ ]+)?$", re.IGNORECASE)
_BETWEEN_BEFORE = re.compile(r"\bbetween[ ]+(?:\S+[ ]+)?$", re.IGNORECASE)
# "200-300", "200 to 300", and the suspended hyphen of "8- to 16-metre"
_RANGE_GAP = re.compile(
    rf"(?<![ {_SPACES}])[ {_SPACES}]*(?:[\-‐–—]|(?:[\-‐][ {_SPACES}]+)?to)[ {_SPACES}]*$|[\-‐–—]$")
_MONEY_WORDS = frozenset({"dollar", "dollars", "pound", "pounds", "euro", "euros"})

_WORD_INFO: dict[str, tuple[str, float, str]] = {}
for _w, (_v, _c) in CARDINALS.items():
    _WORD_INFO[_w] = ("card", _v, _c)
for _w, (_v, _c) in ORDINALS.items():
    _WORD_INFO[_w] = ("ord", _v, _c)
for _w, _v in PLURAL_ORDINALS.items():
    _WORD_INFO[_w] = ("pord", _v, "pord")
for _w, _v in FRACTION_WORDS.items():
    _WORD_INFO[_w] = ("frac", _v, "frac")

_TIME_UNITS = frozenset({"year", "month", "week", "day", "hour", "minute", "second", "decade", "century",
                         "millisecond", "microsecond", "nanosecond"})
_PLAIN_WORDS = frozenset({"one"})
_BARE_SCALE = ("hundred", "thousand", "million", "billion", "trillion", "dozen", "lakh", "crore")


def _parse_digits(s: str) -> tuple[float | None, str]:
    """Value and shape ("int", "dec", "ratio", "dotted") of one digit token without currency/sign."""
    s = s.translate(_NORMALISE)
    mant, exp = s, None
    m = _EXP_SPLIT.search(s)
    if m:
        mant, exp = s[: m.start()], m
    shape = "int"
    if mant and mant[-1] in _VULGAR:
        whole = float(mant[:-1]) if mant[:-1] else 0.0
        return whole + unicodedata.numeric(mant[-1]), "ratio" if not mant[:-1] else "dec"
    if "/" in mant:
        a, b = mant.split("/")
        if float(b) == 0:
            return None, "ratio"
        return float(a) / float(b), "ratio"
    if mant.count(".") >= 2 and "," not in mant:
        return None, "dotted"
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+,\d+", mant):
        mant = mant.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d+,\d{1,2}", mant):
        mant = mant.replace(",", ".")
    else:
        mant = mant.replace(",", "").replace(" ", "")
    if "." in mant:
        shape = "dec"
    if sum(ch.isdigit() for ch in mant) > MAX_DIGITS:
        return None, shape
    try:
        v = float(mant)
    except ValueError:
        return None, shape
    if exp is not None:
        e = exp.group(0)
        digits = re.sub(r"[^\d\-]", "", e.split("10", 1)[1] if ("x" in e or "×" in e) else e)
        neg = digits.count("-") % 2 == 1
        digits = digits.replace("-", "")
        if not digits:
            return v, shape
        power = float(digits) * (-1 if neg else 1)
        try:
            if "^" in e and not ("x" in e or "×" in e):
                v = v ** power
            else:
                v = v * 10.0 ** power
        except (OverflowError, ZeroDivisionError):
            v = float("inf")
        shape = "dec"
    return v, shape


_NORMALISE = str.maketrans({"\u2212": "-", "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " "})
_EXP_SPLIT = re.compile(r"[eE][+\-]?\d+$|\^.*$|\s?[x×]\s?10.*$")


def _tokens(text: str, start: int, end: int) -> list[tuple[Token, str | None]]:
    """Tokenise one run; each token comes with the currency prefix it carried, if any."""
    out: list[tuple[Token, str | None]] = []
    info = _WORD_INFO.get(text[start:end].lower())
    if info is not None:
        return [(Token(start, end, info[0], info[1], info[2]), None)]  # a single number word
    if _PLAIN_NUMBER.fullmatch(text, start, end):
        # the common case: one digit number with at most thousands commas and a decimal point
        frag = text[start:end]
        if len(frag) <= MAX_DIGITS:
            v = float(frag.replace(",", ""))
            return [(Token(start, end, "num", v, "dec" if "." in frag else "int"), None)]
    hyphen = False
    for m in _TOK.finditer(text, start, end):
        g = m.lastgroup
        if g == "hy":
            hyphen = True
            continue
        s, e = m.start(), m.end()
        if g == "num":
            raw = m.group()
            cur = None
            h = _CUR_HEAD.match(raw)
            body_start = s
            if h and not raw[0].isdigit() and raw[0] not in _MINUS:
                cur = h.group().strip()
                body_start = s + h.end()
            neg = False
            while body_start < e and text[body_start] in _MINUS + " ":
                if text[body_start] in _MINUS:
                    neg = True
                body_start += 1
            v, shape = _parse_digits(text[body_start:e])
            if shape == "dotted":
                # version numbers and addresses: each part is its own number
                pos = body_start
                for part in text[body_start:e].split("."):
                    out.append((Token(pos, pos + len(part), "num", float(part) if len(part) <= MAX_DIGITS else float("nan"), "int"), None))
                    pos += len(part) + 1
                hyphen = False
                continue
            if neg and v is not None:
                prev = text[s - 1] if s > 0 else " "
                k = s - 1
                while k >= 0 and text[k] == " ":
                    k -= 1
                if cur is None and (prev.isalnum() or prev in ")%]" or (k >= 0 and text[k].isdigit())):
                    # "SCP-173", "75 -300mm": a hyphen or range dash, not a sign
                    neg = False
                    s = body_start
                elif text[s:body_start].endswith(" ") and cur is None:
                    # "- 20" only where nothing numeric precedes (not "3 - 2")
                    k = s - 1
                    while k >= 0 and text[k] == " ":
                        k -= 1
                    if k >= 0 and (text[k].isdigit() or text[k] in "%)"):
                        neg = False
                        s = body_start
                if neg:
                    v = -v
            elif cur is None:
                s = body_start
            tok = Token(s, e, "num", v if v is not None else float("nan"), "int" if shape == "int" else shape, hyphen)
            out.append((tok, cur))
        elif g == "word":
            w = m.group().lower()
            info = _WORD_INFO.get(w)
            if info is None:
                hyphen = False
                continue
            kind, v, cls = info
            out.append((Token(s, e, kind, v, cls, hyphen), None))
        else:
            c = re.sub(r"\s+", " ", m.group().lower())
            if c == "an":
                c = "a"
            if c.startswith("of "):
                c = "of a"
            out.append((Token(s, e, "conn", 0.0, c, hyphen), None))
        hyphen = False
    return out


_PLAIN_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")


class _Item:
    """A number being built into a claim (mutable while the suffix and range passes run)."""

    __slots__ = ("start", "end", "value", "kind", "unit", "low", "high", "scaled", "words", "cur_pref", "qualifier")

    def __init__(self, start, end, value, kind, unit=None, scaled=False, words=False):
        self.start, self.end, self.value, self.kind, self.unit = start, end, value, kind, unit
        self.low = self.high = None
        self.scaled, self.words = scaled, words
        self.cur_pref = False
        self.qualifier = "exact"


def _currency_code(symbol: str) -> str:
    sym = symbol.replace(" ", "")
    info = _units.lookup(sym)
    if info is not None and info.currency:
        return info.currency
    up = sym.upper().replace(".", "")
    if up in ("US$", "USD$", "USD"):
        return "USD"
    if up.endswith("$"):
        head = up[:-1]
        if head in ("C", "CA", "CAD"):
            return "CAD"
        if head in ("A", "AU", "AUD"):
            return "AUD"
        if head in ("HK", "HKD"):
            return "HKD"
        if head in ("NZ", "NZD"):
            return "NZD"
        if head in ("MEX", "MXN"):
            return "MXN"
        if head in ("S", "SG", "SGD"):
            return "SGD"
        if len(head) == 3:
            return head
        return "USD"
    return up[:3]


# The first word of every unit surface and symbol (as written and lower-cased), so that most
# numbers, followed by an ordinary noun, leave the unit search after one set lookup.
_UNIT_FIRST = frozenset(
    [k.split(" ")[0] for k in _units.SYMBOLS] + [k.split(" ")[0].lower() for k in _units.SYMBOLS]
    + [k.split(" ")[0] for k in _units.SURFACES]
)
_LOWER_WORD = re.compile(r"[a-z]*")
# Lower-case words that can start something _suffix reads besides a unit name.
_POST_WORDS = frozenset(
    "percent percentage percentages percents per pct year years month months week weeks day days "
    "yo yr yrs k bn bln mn mln m b tn tln mil".split()
)
# The fast path of scan_numbers: a plain digit number (thousands commas, a decimal point) after
# a space, bracket or quote, followed by one lower-case word or by punctuation and a space.
_FAST = re.compile(
    r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:[ ]([A-Za-z]+)\b|(%)|[.,;:!?)\]]+(?=\s|$)|[:–—](?=\d)|['’]s\b|$)"
)
_FAST_PREV = frozenset(" \n\t(\"'“‘[:–—")
# Words after which the number needs the full reader, since the run may go on: number words and
# connectors ("of" only before "a"/"an"), and "x" of "5 x 10^3".
_FAST_BLOCK = frozenset(list(_WORD_INFO) + "and a an point over out in of x".split())
_FAST_AFTER = re.compile(r"[ ]([A-Za-z]+)\b|[.,;:!?)\]]+(?=\s|$)|$")
# Number words the fast path may read alone: cardinals below a hundred (a count) and ordinals
# (but "second", which may be the time unit). Scale words and fractions combine with what
# follows; those take the full path.
_FAST_WORD_INFO = {
    w: ("ordinal" if kind == "ord" else "count", v)
    for w, (kind, v, cls) in _WORD_INFO.items()
    if (kind == "card" and cls in ("unit", "teen", "tens")) or kind == "ord"
}
# What the fast path hands to _suffix: only whether the number was written in words matters there.
_DIGIT_NUMBER = Number(0, 0, 0.0)
_WORD_NUMBER = Number(0, 0, 0.0, has_words=True)
_OF_A = re.compile(r"(?<![ \t])[ \t]+an?\b", re.IGNORECASE)
# Words right before the number that the slow path reads ("minus 5", "aged 40").
_FAST_BEFORE = ("minus ", "negative ", "age ", "aged ", "age of ")
# Words after a space that may start a scale, percent, ISO code or age rather than a unit.
_POST_OR_CODE = _POST_WORDS | frozenset(c.lower() for c in _ISO.split("|"))
# Words after a space that may start anything _suffix reads.
_SUFFIX_WORDS = _POST_OR_CODE | _UNIT_FIRST
# The first two words (lower case) of every unit name of two or more words.
_UNIT_PAIRS = frozenset(
    " ".join(k.lower().split(" ")[:2]) for k in list(_units.SYMBOLS) + list(_units.SURFACES) if " " in k
)
_TRAILING = frozenset(" \t-‐" + _SPACES)
_END_CHARS = frozenset(",;:!?)\n]}\"”’")


def _suffix(text: str, item: _Item, n: int, number: Number) -> None:
    """Extend ``item`` with what follows it: scale letter, ordinal suffix, %, unit, age."""
    pos = item.end
    if pos >= n or (text[pos] in _END_CHARS and (pos + 1 >= n or not text[pos + 1].isalnum())):
        return  # nothing can follow: end of text, or punctuation then a space
    unit_only = False
    if text[pos] == " " and pos + 1 < n and text[pos + 1].islower():
        w = _LOWER_WORD.match(text, pos + 1).group()
        if w not in _POST_OR_CODE:
            if w not in _UNIT_FIRST:
                return  # "2,000 prisoners": an ordinary noun follows, the usual case
            # "12 kilometres": no scale letter, ordinal suffix, percent, code or age can follow
            unit_only = True
    numeric_tail = text[pos - 1].isdigit() if pos > 0 else False
    if unit_only:
        pass
    elif numeric_tail and item.value is not None:
        m = _SCALE.match(text, pos)
        if m:
            letter = m.group(1)
            glued = not m.group(0).startswith(" ")
            # lower-case "m" is a metre unless money comes first ("£5m"); one space is allowed
            # only for unambiguous scale words ("2.33 k", "10 bln") or capital M/G/T/B
            ok = True
            if letter == "m" and not item.cur_pref:
                ok = False
            if letter in ("b", "B", "T", "G") and not glued and letter != "G":
                ok = letter == "B" and item.cur_pref
            if letter == "G" and not glued and not (pos + 2 >= n or text[pos + 2] in " .,;"):
                ok = False
            if letter in ("b", "G", "T", "k", "K", "B") and glued and pos + len(m.group(0)) < n and text[pos + len(m.group(0))] in "/^-":
                ok = False
            if ok:
                item.value *= _SCALE_VALUE[letter]
                item.scaled = True
                item.end = pos = m.end()
        elif not number.has_words:
            m = _ORD_SUFFIX.match(text, pos)
            if m and float(item.value).is_integer():
                item.kind, item.end = "ordinal", m.end()
                return
    m = _POST.match(text, pos) if not unit_only else None
    if m:
        g = m.groupdict()
        item.end = m.end()
        if g["pct"] is not None:
            item.kind, item.unit = "percent", "percent"
            pm = _POINTS_AFTER.match(text, item.end) if m.group().rstrip().lower().endswith("percentage") else None
            if pm:
                # "1 percentage point": a difference in points, the whole phrase is the figure
                item.unit, item.end = "percentage point", pm.end()
        elif g["agec"] or g["agea"] or m.group().strip().lower() in ("yo", "yr old", "yrs old"):
            item.kind, item.unit = "age", (g["agec"] or g["agea"] or "year").lower()
        else:
            # "30 MUSD", "75 USD million", "50 million USD": business shorthand for money
            mult = 1e6 if g["mcode"] else _WORD_SCALE.get((g["wscale"] or "").lower(), 1.0)
            item.kind, item.unit = "money", g["mcode"] or g["wcode"] or g["code"]
            if mult != 1.0:
                item.value *= mult
                item.scaled = True
        return
    if item.kind == "money":
        # "$5 million dollars", "US$ 23 billion dollar": the written currency word adds nothing
        m = _UNIT_WORDS.match(text, pos)
        if m and m.group(2).split(" ")[0].lower().rstrip(".") in ("dollar", "dollars"):
            item.end = m.start(2) + len(m.group(2).split(" ")[0])
        return
    m = _UNIT_WORDS.match(text, pos)
    if not m:
        m2 = _BRACKET_UNIT.match(text, pos)
        if m2 and _units.lookup(m2.group(1)):
            _apply_unit(item, _units.lookup(m2.group(1)), m2.end(), text)
        return
    sep = m.group(1)
    words = m.group(2).split(" ")
    first = words[0]
    if "/" in first and first.count("/") == 1:
        # a quotient of units: "150km/h", "45 km/h", "10 m/s"
        info = _units.lookup(first.rstrip(".'’"))
        tail = m.start(2) + len(first.rstrip(".'’"))
        if info is not None and sep != "-" and not (tail < n and text[tail].isalnum()):
            _apply_unit(item, info, tail, text, first)
            return
    if first not in _UNIT_FIRST and first.lower().rstrip(".'’") not in _UNIT_FIRST:
        return  # "1,000 detainees": no unit name starts with this word
    top = min(len(words), 4)
    if top > 1 and (first + " " + words[1]).lower() not in _UNIT_PAIRS and \
            (first + " " + words[1].rstrip(".'’")).lower() not in _UNIT_PAIRS:
        top = 1  # no unit name of two or more words starts with these two
    for k in range(top, 0, -1):
        cand = " ".join(words[:k])
        stripped = cand.rstrip(".'’")
        for form in (cand, stripped) if stripped != cand else (cand,):
            info = _units.lookup(form)
            if info is None:
                continue
            tail = m.start(2) + len(form)
            if (form in _units.WORDLIKE or form.lower() in _units.WORDLIKE) and not _mixed_case(form):
                if sep == " " or sep == "":
                    # "2 in", "5 a", "10 s": only when nothing but punctuation follows, or glued;
                    # in news a bare "21 in one province" is the preposition. A length written
                    # just before ("6 ft 2 in tall", "30 x 4 in wide") makes the unit reading safe.
                    if sep == " " and not _CLAUSE_END.match(text, tail) and not (
                        info.dimension == "[length]" and _DIMENSION_BEFORE.search(text, max(0, item.start - 12), item.start)
                    ):
                        continue
                    if sep == "" and tail < n and text[tail].isalpha():
                        continue
            if sep == "" and tail < n and text[tail].isalnum():
                continue
            if sep == "-" and info.currency is None and info.dimension == "" :
                continue
            _apply_unit(item, info, tail, text, form)
            return


def _mixed_case(form: str) -> bool:
    """ "GHz", "kW", "dB", "MWh": a capital after the first letter together with a small letter.

    English words are written in small letters, with a capital initial or in capitals, never
    like this, so such a symbol after a number is a unit even where an English word (or a
    frequent token in quantulum3's list of common words, which has "ghz") would not be.
    """
    return not form.islower() and not form.isupper() and not form.istitle() and any(ch.isupper() for ch in form[1:])


def _apply_unit(item: _Item, info, end: int, text: str, form: str = "") -> None:
    if form == "p" and text[item.end:item.end + 1] == "p" and item.value is not None and not item.scaled:
        # "418p", "8.4p a share": pence glued to the figure, as British copy writes prices; a
        # volume in pints is written out ("two pints")
        item.kind, item.unit, item.end = "money", "GBP", end
        item.value = item.value / 100.0
        return
    if info.currency:
        code = info.currency
        low = form.lower()
        if low in ("pound", "pounds"):
            code = "GBP"
        item.kind, item.unit, item.end = "money", code, end
        return
    if form.lower() in ("pound", "pounds") and item.scaled:
        # "361 million pounds" is money; a weight is rarely given in millions of pounds
        item.kind, item.unit, item.end = "money", "GBP", end
        return
    if info.key == "percentage":
        m = _POINTS_AFTER.match(text, end) if form.lower().startswith("percent") else None
        if m:
            # "1 percentage point": a difference in points, the whole phrase is the figure
            item.kind, item.unit, item.end = "percent", "percentage point", m.end()
            return
        item.kind, item.unit, item.end = "percent", "percent", end
        return
    if info.entity == "dimensionless":
        return  # "two pieces", "2.6 times", "four-pack": a count of things, the noun is its subject
    name = info.pint or info.key
    item.unit, item.end = name, end
    item.kind = "duration" if info.pint in _TIME_UNITS else "quantity"


# Race and clock times with seconds: "2:20:51", "1:05:00.4", "3:43.13" (minutes, seconds and
# hundredths). Plain "4:05" is left to the temporal scanner, which reads it as a clock time.
# Matched only at a colon found with str.find, so the regex never walks the whole text.
_CLOCK = re.compile(
    r"(?:(?P<h>\d{1,3}):(?P<m>[0-5]\d):(?P<s>[0-5]\d(?:\.\d{1,3})?)"
    r"|(?P<m2>\d{1,2}):(?P<s2>[0-5]\d\.\d{1,3}))(?![\d:]|\.\d)"
)
# What makes an H:MM:SS a time of day rather than an elapsed time.
_CLOCK_BEFORE = re.compile(r"\b(?:at|from|until|till|since|before|after)[ ]+$", re.IGNORECASE)
_CLOCK_AFTER = re.compile(r"[ ]?(?:[ap]\.?m\b|UTC\b|GMT\b|local\b|[A-Z]{1,3}T\b|hrs\b|h\b)", re.IGNORECASE)
# "a decade", "half a century", "a quarter-century", "a quarter of a century": a duration whose
# number is the article. The value is the count of the unit as written (1, 0.5, 0.25). Tried
# only right before an occurrence of the unit word, found with str.find.
_ARTICLE_UNITS = ("decade", "century", "millennium")
_ARTICLE_BEFORE = re.compile(
    r"(?:\b(?P<half>half)(?:[ -]an?)?[ -]|\b(?:an?[ ])?(?P<quarter>quarter)(?:[ ]of[ ]an?)?[ -]|\ban?[ ](?:(?P<half2>half)-)?)$"
)


def _fixed_items(text: str, lowered: str) -> list[_Item]:
    """Claims whose digits or words the run scanner must not read piecewise: H:MM:SS and
    M:SS.ss times (one claim, never three counts) and article durations ("a decade").

    An elapsed time ("won in 2:20:51") is a ``duration`` in seconds (unit "second"), which
    keeps hundredths exact; one marked as a time of day ("at 10:15:30", "14:30:00 UTC") is a
    ``time`` in hours, the temporal scanner's unit for clock times.
    """
    out: list[_Item] = []
    n = len(text)
    i = text.find(":")
    while 0 < i < n - 3:
        if text[i - 1].isdigit() and text[i + 1:i + 3].isdigit():
            j = i - 1
            while j > 0 and i - j < 3 and text[j - 1].isdigit():
                j -= 1
            m = None if (j > 0 and text[j - 1] in "0123456789:.,") else _CLOCK.match(text, j)
            if m is not None:
                s, e = m.start(), m.end()
                if m.group("h") is not None:
                    h, mi, sec = float(m.group("h")), float(m.group("m")), float(m.group("s"))
                else:
                    h, mi, sec = 0.0, float(m.group("m2")), float(m.group("s2"))
                if m.group("h") is not None and h < 24 and (
                    _CLOCK_BEFORE.search(text, max(0, s - 8), s) or _CLOCK_AFTER.match(text, e)
                ):
                    out.append(_Item(s, e, h + mi / 60.0 + sec / 3600.0, "time", "hour"))
                else:
                    out.append(_Item(s, e, h * 3600.0 + mi * 60.0 + sec, "duration", "second"))
                i = text.find(":", e)
                continue
        i = text.find(":", i + 1)
    for unit in _ARTICLE_UNITS:
        k = lowered.find(unit)
        while k > 0:
            e = k + len(unit)
            if not lowered[e:e + 1].isalnum() and lowered[e:e + 2] not in ("-s", "'s"):
                m = _ARTICLE_BEFORE.search(lowered, max(0, k - 22), k)
                if m is not None:
                    value = 0.5 if (m.group("half") or m.group("half2")) else 0.25 if m.group("quarter") else 1.0
                    out.append(_Item(m.start(), e, value, "duration", unit))
            k = lowered.find(unit, e)
    out.sort(key=lambda it: it.start)
    return out


def scan_numbers(text: str) -> list[Claim]:
    """Every number in ``text`` that is not a calendar date or time, as claims in text order.

    Kinds: count, quantity, money, percent, ordinal, age, duration and range (see the module
    docstring). ``value`` is the number as written, scaled by "million"/"bn"; money ``unit`` is an
    ISO 4217 code, quantity and duration ``unit`` a pint unit name, percent ``unit`` "percent".
    ``low``/``high`` are set for ranges only; :func:`numcheck.extract.context.annotate` fills
    them for every other claim.
    """
    n = len(text)
    items: list[_Item] = []
    lowered = text.lower()
    if len(lowered) != n:
        # a few characters lower-case to two (e.g. "İ"); keep offsets aligned
        lowered = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
    pos = 0
    dsearch = _DIGIT_CANDIDATE.search
    # the next digit candidate and the next number word, each searched again only once the
    # scan has moved past it
    none = _NO_WORD[0]
    dm = dsearch(lowered)
    ds, de = (dm.start(), dm.end()) if dm is not None else _NO_WORD
    ws, we = _next_word(lowered, 0)
    fixed = _fixed_items(text, lowered) if (":" in text or "decade" in lowered or "centur" in lowered
                                             or "millenn" in lowered) else ()
    # the next fixed span, which candidates inside it skip (kept as plain ints: the loop is hot)
    fi, f_start = 0, (fixed[0].start if fixed else n + 1)
    while True:
        checkpoint()
        if ds < pos:
            dm = dsearch(lowered, pos)
            ds, de = (dm.start(), dm.end()) if dm is not None else _NO_WORD
        if ws < pos:
            ws, we = _next_word(lowered, pos)
        if ds < ws:
            cs, ce, is_digit = ds, de, True
        elif ws < none:
            cs, ce, is_digit = ws, we, False
        else:
            break
        if cs >= f_start:
            while fi < len(fixed) and fixed[fi].end <= cs:
                fi += 1
            f_start = fixed[fi].start if fi < len(fixed) else n + 1
            if cs >= f_start:
                pos = fixed[fi].end
                continue
        lead = None
        if cs > 0:
            prev = text[cs - 1]
            if prev in _LEAD_END:
                lead = _LEAD.search(text, max(pos, cs - 10), cs)
            elif prev == " " and cs > 1 and text[cs - 2] not in _NO_LEAD_BEFORE_SPACE:
                # only an article, a currency code or a spaced sign can lead: look at one word
                j = text.rfind(" ", max(0, cs - 12), cs - 1)
                word = text[j + 1:cs - 1]
                if word in _LEAD_WORDS or word[-1:] in _LEAD_END:
                    lead = _LEAD.search(text, max(pos, cs - 10), cs)
        if lead is not None and is_digit and lead.group().rstrip(" \t").lower() in ("a", "an"):
            # "a 16 GB model", "a 93% rise": the run reader reads past the article and drops it
            lead_is_article = True
        else:
            lead_is_article = False
        if (lead is None or lead_is_article) and (cs == 0 or text[cs - 1] in _FAST_PREV):
            # the common case: one number followed by an ordinary word or by punctuation. The
            # run reader and the word evaluator have nothing to add; _suffix still reads a unit,
            # percent or age when the next word may start one
            if is_digit:
                fm = _FAST.match(text, cs)
                info = None
            else:
                info = _FAST_WORD_INFO.get(lowered[cs:ce])
                fm = _FAST_AFTER.match(text, ce) if info is not None else None
            if fm is not None:
                word = fm.group(2) if is_digit else fm.group(1)
                fe = fm.end(1) if is_digit else ce
                lword = word.lower() if word is not None else None
                if (word is None or lword not in _FAST_BLOCK or (lword == "of" and not _OF_A.match(text, fm.end())))\
                        and fe - cs <= MAX_DIGITS:
                    before = lowered[max(0, cs - 12):cs]
                    if not before.endswith(_FAST_BEFORE) and not (
                        before.endswith(", ") and text[fe:fe + 1] == "," and _NAME_AGE.search(text, max(0, cs - 20), cs)
                    ) and not (before.endswith(("was ", "were ")) and _WHEN_AFTER.match(text, fe)):
                        pos = fe
                        if info is None:
                            frag = text[cs:fe]
                            item = _Item(cs, fe, float(frag.replace(",", "")) if "," in frag else float(frag), "count")
                            if fm.group(3) is not None:
                                item.kind = item.unit = "percent"
                                item.end = pos = fe + 1
                            elif word is not None and (word in _SUFFIX_WORDS or not word.islower()):
                                _suffix(text, item, n, _DIGIT_NUMBER)
                                pos = item.end
                            items.append(item)
                            continue
                        if info[0] == "ordinal":
                            if ce - cs == 6 and lowered[cs:ce] == "second" and _is_time_second(text, cs, ce):
                                continue  # "a second", "per second": the time unit
                            items.append(_Item(cs, ce, info[1], "ordinal", words=True))
                            continue
                        item = _Item(cs, ce, info[1], "count", words=True)
                        if word is not None and (word in _SUFFIX_WORDS or not word.islower()):
                            _suffix(text, item, n, _WORD_NUMBER)
                            pos = item.end
                        if ce - cs == 3 and item.kind == "count" and lowered[cs:ce] == "one" and (
                            _PRONOUN_ONE.search(text, max(0, cs - 12), cs)
                            or (_PREP_BEFORE.search(text, max(0, cs - 8), cs) and _CORRELATIVE.match(text, ce, ce + 80))
                        ):
                            continue  # a pronoun or a contrast, as in the full path below
                        items.append(item)
                        continue
        run = None
        if lead is not None:
            run = _RUN.match(text, lead.start())
        if run is None:
            run = _RUN.match(text, cs)
        if run is None or run.end() <= cs:
            pos = ce if ce > cs else cs + 1
            if is_digit and lowered[cs].isdigit():
                # skip the rest of this digit string (it sits inside a word such as "A320")
                while pos < n and text[pos].isdigit():
                    pos += 1
            continue
        rs, re_ = run.start(), run.end()
        while re_ > rs and text[re_ - 1] in _TRAILING:
            re_ -= 1  # the run regex may end on a separator
        toks = _tokens(text, rs, re_)
        while toks and toks[-1][0].kind == "conn":
            toks.pop()
        if not toks:
            pos = max(re_, cs + 1)
            continue
        re_ = toks[-1][0].end
        pos = re_
        curs = {t.start: c for t, c in toks}
        if len(toks) == 1 and toks[0][0].kind == "num" and toks[0][0].cls in ("int", "dec"):
            t0 = toks[0][0]  # one plain digit number: nothing for the word evaluator to do
            numbers = [Number(t0.start, t0.end, t0.value)]
        else:
            numbers = evaluate([t for t, _ in toks], clause_end=bool(_CLAUSE_END.match(text, re_)))
        for num in numbers:
            s, e = num.start, num.end
            frag = text[s:e]
            low = frag.lower()
            if math_isnan(num.value):
                if num.reading != "fraction" and "/" not in frag:
                    items.append(_Item(s, e, None, "count"))
                continue
            if low.startswith(_BARE_SCALE) and num.reading == "cardinal":
                continue  # "hundreds of", "several hundred", "millions": no number is stated
            if low == "half" and s > 0 and _HALF_CONTEXT.search(text, max(0, s - 10), s):
                continue
            if low in ("a", "an"):
                continue
            if num.reading == "ordinal" and low == "second" and _is_time_second(text, s, e):
                continue
            kind = "ordinal" if num.reading == "ordinal" else "count"
            item = _Item(s, e, num.value, kind, scaled=num.scaled, words=num.has_words)
            if num.reading == "vague":
                item.qualifier = "at_least"
            cur = curs.get(s)
            if cur:
                item.kind, item.unit, item.cur_pref = "money", _currency_code(cur), True
            before = lowered[max(0, s - 12):s]
            if before.endswith(("minus ", "negative ")):
                m = _NEG_WORD.search(text, max(0, s - 10), s)
                if m:
                    item.start, item.value = m.start(), -item.value
            if kind != "ordinal":
                _suffix(text, item, n, num)
                if item.kind == "count" and low in _PLAIN_WORDS and (
                    _PRONOUN_ONE.search(text, max(0, s - 12), s)
                    or (_PREP_BEFORE.search(text, max(0, s - 8), s) and _CORRELATIVE.match(text, e, e + 80))
                ):
                    # "the one you mentioned", "which one": a pronoun; "21 in one province and
                    # 19 in another": "one" after a preposition picks a place or group out of a
                    # contrast and counts nothing ("one person died and another ..." still counts)
                    continue
                if item.kind in ("count", "quantity") and before.endswith(("age ", "aged ", "age of ")) and \
                        _AGE_BEFORE.search(text, max(0, s - 12), s):
                    m = _AGE_BEFORE.search(text, max(0, s - 12), s)
                    item.kind, item.unit, item.start = "age", "year", m.start()
                elif item.kind == "count" and 0 < item.value < 130 and float(item.value).is_integer() and \
                        _WHEN_AFTER.match(text, e) and _PERSON_WAS.search(text, max(0, s - 30), s):
                    item.kind, item.unit = "age", "year"
                elif item.kind == "count" and text[e:e + 1] == "," and before.endswith(", ") and \
                        0 < item.value < 130 and float(item.value).is_integer() and \
                        _NAME_AGE.search(text, max(0, s - 20), s):
                    item.kind, item.unit = "age", "year"
            items.append(item)
            if item.end > pos:
                pos = item.end  # a unit or code read after the run is not the lead of the next
    if fixed:
        # a run that began before a fixed span may have reached into it
        spans = [(f.start, f.end) for f in fixed]
        items = [it for it in items if not any(it.start < fe and fs < it.end for fs, fe in spans)] + list(fixed)
        items.sort(key=lambda it: it.start)
    # compounds and ranges join neighbours at most six characters apart; most texts have few
    if any(b.start - a.end <= 6 for a, b in zip(items, items[1:])):
        items = _join_compounds(text, items)
        items = _join_ranges(text, items)
    make = new_claim
    return [make(it.start, it.end, text[it.start:it.end], it.kind, it.value, it.low, it.high, it.unit, it.qualifier)
            for it in items if it.start < it.end]


def math_isnan(v: float) -> bool:
    """True for NaN (the marker for digit strings too long to read)."""
    return v != v


def _is_time_second(text: str, s: int, e: int) -> bool:
    """ "a second", "per second", "30 second" are the time unit, not the ordinal."""
    before = text[max(0, s - 8):s].lower()
    return before.endswith(("a ", "per ", "one ", "split "))


_COMPOUND_GAP = re.compile(r"[ ,]{1,2}(?:and[ ])?$")
_MINOR_UNITS = {"foot": ("inch", 1 / 12), "pound": ("ounce", 1 / 16)}


def _join_compounds(text: str, items: list[_Item]) -> list[_Item]:
    """Join "5 feet 2 inches" and "3 dollars 50 cents" / "15 dollars and 15." into one value."""
    out: list[_Item] = []
    i = 0
    while i < len(items):
        a = items[i]
        # the gap is at most ", and " (6 characters): measure before slicing, since most
        # neighbouring numbers are sentences apart
        if i + 1 < len(items) and items[i + 1].start - a.end <= 6 and a.value is not None \
                and items[i + 1].value is not None:
            b = items[i + 1]
            gap = text[a.end:b.start]
            if _COMPOUND_GAP.fullmatch(gap) and 0 <= b.value < 100 and not a.scaled:
                merged = None
                if a.kind == "quantity" and a.unit in _MINOR_UNITS and b.unit == _MINOR_UNITS[a.unit][0]:
                    merged = a.value + b.value * _MINOR_UNITS[a.unit][1]
                elif a.kind == "money" and not a.cur_pref and a.unit not in ("USX", "GBX") and (
                    b.unit in ("USX", "GBX") or (b.kind == "count" and _CLAUSE_END.match(text, b.end))
                ):
                    # a written-out price: "thirteen dollars and forty-five cents", "15 dollars 50."
                    merged = a.value + b.value / 100.0
                if merged is not None:
                    a.value, a.end = merged, b.end
                    out.append(a)
                    i += 2
                    continue
        out.append(a)
        i += 1
    return out


def _chained(text: str, items: list[_Item], i: int) -> bool:
    """Whether ``items[i]`` and ``items[i + 1]`` are links of a longer dash chain: a third
    figure hangs on by a dash, or a plus or dash stands before the first."""
    a, b = items[i], items[i + 1]
    if i + 2 < len(items):
        c = items[i + 2]
        if c.start - b.end <= 1 and text[b.end:c.start] in ("-", "\u2010", "\u2013"):
            return True
    return a.start > 0 and text[a.start - 1] in "+-\u2010\u2013"


def _join_ranges(text: str, items: list[_Item]) -> list[_Item]:
    """Join "200-300", "3 to 4 L", "between 44 and 50 mg" into range claims (value = midpoint)."""
    out: list[_Item] = []
    i = 0
    while i < len(items):
        a = items[i]
        if i + 1 < len(items) and items[i + 1].start - a.end <= 5:
            b = items[i + 1]
            gap = text[a.end:b.start]
            ok = False
            if (
                a.value is not None
                and b.value is not None
                and a.kind not in ("ordinal", "age")
                and a.qualifier == b.qualifier == "exact"
                and b.kind not in ("ordinal",)
                and len(gap) <= 5
            ):
                if _RANGE_GAP.fullmatch(gap):
                    dash = "to" not in gap
                    lead = max(0, a.start - 30)
                    ok = (not _FROM_BEFORE.search(text, lead, a.start)
                          or bool(_RANGING_FROM_BEFORE.search(text, lead, a.start)))
                    if dash and gap.strip() == "-" and gap != "-":
                        ok = False  # "3 - 2" is a score or a sum, not a range
                    if dash and _chained(text, items, i):
                        ok = False  # "+1-222-2222", "three-nought-four": a number or a score
                elif gap.strip().lower() == "and" and _BETWEEN_BEFORE.search(text, max(0, a.start - 30), a.start):
                    ok = True
                if ok:
                    lo, hi = a.value, b.value
                    if b.scaled and not a.scaled:
                        # "5-10 million": the scale word belongs to both ends
                        for mult in (1e12, 1e9, 1e6, 1e3, 100.0):
                            if hi >= mult and (hi / mult) > lo:
                                lo = lo * mult
                                break
                    if (a.kind != b.kind and "count" not in (a.kind, b.kind)) or (a.unit and b.unit and a.unit != b.unit):
                        ok = False
                    elif not lo < hi:
                        # "ranged from -18 °C to -34 °C" states its ends in either order
                        if hi < lo and _RANGING_FROM_BEFORE.search(text, max(0, a.start - 30), a.start):
                            lo, hi = hi, lo
                        else:
                            ok = False
                if ok:
                    # a range's value is its midpoint (as quantulum3 and most taggers report it);
                    # checks read the whole interval from low/high
                    r = _Item(a.start, b.end, (lo + hi) / 2, "range", b.unit or a.unit)
                    r.low, r.high = lo, hi
                    out.append(r)
                    i += 2
                    continue
        out.append(a)
        i += 1
    return out
