"""Spelled-out numbers: the vocabulary and the evaluator of a run of number tokens.

The scanner (:mod:`numcheck.extract.numbers`) finds *runs* of number tokens with one regex: digit
numbers and number words joined by spaces, hyphens and the connectors "and", "&", "a", "point",
"over", "out of", "in" and "of a". :func:`evaluate` turns one run into one or more numbers,
splitting where English grammar says a new number starts ("45 and 50" is two numbers, "one
hundred and six" is one; "4000 3 hundred" is two).

Readings: cardinals ("twenty-one trillion three hundred"), digits mixed with scale words
("3 hundred and 21", "2.12 hundred"), decimals read out ("two hundred point zero three"),
fractions ("two thirds", "a half", "one and a half", "three quarters", "2 1/4"), ratios
("one over three", "1 in twenty-one", "two out of five hundred") and ordinals ("twenty-fifth",
"one hundred twenty fifth", "two hundredth"; "a third" is a fraction, "third" alone an ordinal).
"""

from __future__ import annotations

__all__ = ["CARDINALS", "ORDINALS", "FRACTION_WORDS", "Token", "Number", "evaluate", "word_pattern", "trie_pattern"]

_UNITS = "zero one two three four five six seven eight nine".split()
_TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()

#: cardinal word → (value, class); class is unit/teen/tens/hundred/scale/dozen.
CARDINALS: dict[str, tuple[float, str]] = {}
for _i, _w in enumerate(_UNITS):
    CARDINALS[_w] = (float(_i), "unit")
for _i, _w in enumerate(_TEENS):
    CARDINALS[_w] = (10.0 + _i, "teen")
for _i, _w in enumerate(_TENS):
    CARDINALS[_w] = (20.0 + 10 * _i, "tens")
CARDINALS.update(
    {
        "nought": (0.0, "unit"),
        "naught": (0.0, "unit"),
        "fourty": (40.0, "tens"),
        "hundred": (100.0, "hundred"),
        "thousand": (1e3, "scale"),
        "million": (1e6, "scale"),
        "billion": (1e9, "scale"),
        "trillion": (1e12, "scale"),
        "lakh": (1e5, "scale"),
        "crore": (1e7, "scale"),
        "dozen": (12.0, "dozen"),
        # vague plurals: "hundreds of", "thousands" state only a lower bound (two of the scale)
        "hundreds": (100.0, "vague"),
        "thousands": (1e3, "vague"),
        "millions": (1e6, "vague"),
        "billions": (1e9, "vague"),
        "trillions": (1e12, "vague"),
        "dozens": (12.0, "dozen"),
        "doz": (12.0, "dozen"),
        "dozs": (12.0, "dozen"),
        "dz": (12.0, "dozen"),
        "dzs": (12.0, "dozen"),
    }
)

_ORD_UNITS = "zeroth first second third fourth fifth sixth seventh eighth ninth".split()
_ORD_TEENS = (
    "tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth"
).split()
_ORD_TENS = "twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth".split()

#: ordinal word → (value, class), same classes as :data:`CARDINALS`.
ORDINALS: dict[str, tuple[float, str]] = {}
for _i, _w in enumerate(_ORD_UNITS):
    ORDINALS[_w] = (float(_i), "unit")
for _i, _w in enumerate(_ORD_TEENS):
    ORDINALS[_w] = (10.0 + _i, "teen")
for _i, _w in enumerate(_ORD_TENS):
    ORDINALS[_w] = (20.0 + 10 * _i, "tens")
ORDINALS.update(
    {
        "nineth": (9.0, "unit"),
        "hundredth": (100.0, "hundred"),
        "thousandth": (1e3, "scale"),
        "millionth": (1e6, "scale"),
        "billionth": (1e9, "scale"),
        "trillionth": (1e12, "scale"),
    }
)
#: plural ordinals used as fraction denominators ("fifths", "hundredths").
PLURAL_ORDINALS: dict[str, float] = {w + "s": v for w, (v, _c) in ORDINALS.items() if v >= 3}
PLURAL_ORDINALS.update({"halves": 2.0, "quarters": 4.0, "fourths": 4.0})
#: the fraction words that are not ordinals.
FRACTION_WORDS: dict[str, float] = {"half": 2.0, "quarter": 4.0}


def word_pattern() -> str:
    """A regex alternation (no groups) of every number word, longest first."""
    words = set(CARDINALS) | set(ORDINALS) | set(PLURAL_ORDINALS) | set(FRACTION_WORDS)
    return "|".join(sorted(words, key=lambda w: (-len(w), w)))


def trie_pattern(words) -> str:
    """A regex (no groups) for a list of words or phrases as a character trie.

    Python's re scans a trie far faster than a flat alternation of the same words, since a
    position that starts none of them is rejected after one or two characters. Where several
    words share a prefix the longer is tried first ("seventeen" before "seven").
    """
    import re

    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def walk(node: dict) -> str:
        alts = [re.escape(ch) + walk(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return walk(root)


# Token and Number are internal scratch values made thousands of times per document; plain
# slotted classes are cheaper to define at import and to construct than dataclasses.
class Token:
    """One token of a run: a digit number, a number word or a connector.

    ``kind`` is num/card/ord/pord (plural ordinal)/frac/conn; ``cls`` is the word class, or for
    ``num`` the shape int/dec/ratio, or for ``conn`` the connector itself.
    """

    __slots__ = ("start", "end", "kind", "value", "cls", "hyphen_before")

    def __init__(self, start, end, kind, value, cls="", hyphen_before=False):
        self.start, self.end, self.kind, self.value = start, end, kind, value
        self.cls, self.hyphen_before = cls, hyphen_before

    def __repr__(self) -> str:
        return f"Token({self.start}, {self.end}, {self.kind!r}, {self.value!r}, {self.cls!r})"


class Number:
    """A number read from a run: its span, value and reading (cardinal/ordinal/fraction/vague).

    ``scaled`` says a scale word (million, thousand...) multiplied it.
    """

    __slots__ = ("start", "end", "value", "reading", "has_words", "scaled")

    def __init__(self, start, end, value, reading="cardinal", has_words=False, scaled=False):
        self.start, self.end, self.value, self.reading = start, end, value, reading
        self.has_words, self.scaled = has_words, scaled

    def __repr__(self) -> str:
        return f"Number({self.start}, {self.end}, {self.value!r}, {self.reading!r})"


def _fraction_after(toks: list[Token], k: int) -> tuple[float, int] | None:
    """A fraction starting at ``toks[k]``: "a half", "one half", "three fifths", "a quarter"."""
    n = len(toks)
    if k >= n:
        return None
    t = toks[k]
    numer = None
    j = k
    if t.kind == "conn" and t.cls in ("a", "an"):
        numer, j = 1.0, k + 1
    elif t.kind == "card" and t.cls in ("unit", "teen", "tens"):
        numer, j = t.value, k + 1
        if j < n and toks[j].kind == "card" and toks[j].cls == "unit" and t.cls == "tens":
            numer += toks[j].value
            j += 1
    elif t.kind == "num" and t.cls == "int":
        numer, j = t.value, k + 1
    if numer is None or j >= n:
        return None
    d = toks[j]
    if d.kind == "frac":
        return numer / d.value, j + 1
    if d.kind == "pord":
        return numer / d.value, j + 1
    if d.kind == "ord" and numer == 1 and d.value >= 3:
        return 1.0 / d.value, j + 1
    return None


def _cardinal(toks: list[Token], i: int) -> tuple[float, int, bool, bool, float] | None:
    """Read a cardinal starting at ``toks[i]``.

    Returns (value, next index, has_words, scaled, unit of the last part), where the last
    unit is the scale a trailing fraction refers to ("three million and a half" → 1e6).
    """
    n = len(toks)
    total = 0.0
    current = 0.0
    room = float("inf")  # the largest value that may still be added to ``current``
    last_scale = float("inf")
    seen = False
    words = False
    scaled = False
    k = i
    prev_digit = False
    # where the part added after the last "hundred"/scale word began, to give it back when a
    # second "hundred" shows it starts a new number ("3 hundred and 2 hundred")
    part = None
    while k < n:
        t = toks[k]
        if t.kind == "conn":
            if not seen or t.cls not in ("and", "&"):
                break
            # "and" continues a number only into a smaller part ("one hundred and six")
            if k + 1 < n and toks[k + 1].kind in ("card", "num") and room > 0 and not prev_digit:
                nxt = toks[k + 1]
                # "twenty and three fifths": the part after "and" is a fraction of its own
                after = k + 2
                if after < n and toks[after].kind == "card" and toks[after].cls == "unit" and nxt.cls == "tens":
                    after += 1
                if after < n and toks[after].kind in ("pord", "frac"):
                    break
                if nxt.kind == "card" and nxt.cls in ("unit", "teen", "tens") and 0 < nxt.value <= room:
                    part = (total, current, k, room, last_scale, scaled)
                    k += 1
                    continue
                if nxt.kind == "num" and nxt.cls == "int" and 0 < nxt.value <= room and room < float("inf"):
                    part = (total, current, k, room, last_scale, scaled)
                    k += 1
                    continue
            break
        if t.kind == "num":
            if t.cls == "ratio":
                if seen:
                    break
                return t.value, k + 1, False, False, 1.0
            if seen and (prev_digit or t.value > room or t.cls != "int" or t.value == 0):
                break
            if seen and part is None:
                part = (total, current, k, room, last_scale, scaled)
            current += t.value
            room = 0.0
            seen, prev_digit = True, True
            k += 1
            continue
        if t.kind != "card" or t.cls == "vague":
            break
        v, cls = t.value, t.cls
        if cls in ("unit", "teen", "tens"):
            if seen and (v > room or prev_digit or (room < 10 and cls != "unit") or v == 0):
                break
            if seen and part is None and room < float("inf"):
                part = (total, current, k, room, last_scale, scaled)
            current += v
            room = 9.0 if cls == "tens" else 0.0
        elif cls == "hundred":
            first_digit = prev_digit and k == i + 1
            if current >= 100 and not first_digit:
                if part is not None:
                    total, current, k, room, last_scale, scaled = part
                break
            if seen and current == 0 and total > 0 and last_scale < 1e3:
                break
            current = (current or 1.0) * 100.0
            room = 99.0
            scaled = True
            part = None
        elif cls == "scale":
            if total and v == last_scale:
                if part is not None:
                    total, current, k, room, last_scale, scaled = part
                break
            piece = current if (seen and current) else (0.0 if total else 1.0)
            if total and v > last_scale:
                total = (total + piece) * v
            else:
                total += piece * v
            current = 0.0
            last_scale = v
            room = v - 1
            scaled = True
            part = None
        elif cls == "dozen":
            current = (current or 1.0) * 12.0
            room = 0.0
        seen, prev_digit, words = True, False, True
        k += 1
    if not seen:
        return None
    last_unit = last_scale if (current == 0 and total > 0) else 1.0
    return total + current, k, words, scaled, last_unit


def evaluate(toks: list[Token], clause_end: bool = False) -> list[Number]:
    """Read every number in one run of tokens, splitting where a new number starts.

    ``clause_end`` says the run is followed by the end of a clause; only then is "X over Y" read
    as a ratio, since in running prose "20 over two days" is a count and a duration.
    """
    out: list[Number] = []
    n = len(toks)
    i = 0
    while i < n:
        t = toks[i]
        # bare fractions: "a half", "three quarters", "two thirds", "a third"
        fr = _fraction_after(toks, i)
        if fr is not None and not (t.kind == "card" and i + 2 < n and toks[i + 1].kind == "card"):
            value, j = fr
            value, j, scaled = _scale_after(toks, j, value)
            out.append(Number(t.start, toks[j - 1].end, value, "fraction", True, scaled))
            i = j
            continue
        if t.kind == "frac":
            # "half" alone, "half million", "half a dozen", "quarter million"
            value = 1.0 / t.value
            j = i + 1
            value, j, scaled = _scale_after(toks, j, value)
            out.append(Number(t.start, toks[j - 1].end, value, "fraction", True, scaled))
            i = j
            continue
        if t.kind == "card" and t.cls == "vague":
            out.append(Number(t.start, t.end, 2 * t.value, "vague", True))
            i += 1
            continue
        if t.kind == "ord" or t.kind == "pord":
            out.append(Number(t.start, t.end, t.value, "ordinal", True))
            i += 1
            continue
        lead = t.start
        if t.kind == "conn":
            # "a hundred", "a dozen", "a million": the article is the number one
            if t.cls in ("a", "an") and i + 1 < n and toks[i + 1].kind == "card" and toks[i + 1].cls in ("hundred", "scale", "dozen"):
                i += 1
                t = toks[i]
            else:
                i += 1
                continue
        card = _cardinal(toks, i)
        if card is None:
            i += 1
            continue
        value, j, words, scaled, last_unit = card
        end = toks[j - 1].end
        reading = "cardinal"
        # a cardinal running into an ordinal: "twenty-fifth", "one hundred twenty fifth"
        if j < n and toks[j].kind == "ord" and words and toks[j].value > 0:
            ov, ocls = toks[j].value, toks[j].cls
            prev = toks[j - 1]
            if ocls in ("hundred", "scale"):
                value, reading, end, j = value * ov, "ordinal", toks[j].end, j + 1
            elif prev.kind == "card" and prev.cls in ("tens", "hundred", "scale") and ov < 10 or (
                prev.kind == "card" and prev.cls in ("hundred", "scale")
            ):
                value, reading, end, j = value + ov, "ordinal", toks[j].end, j + 1
        # "twenty-three fifths", "three twenty-firsts"
        elif j < n and toks[j].kind == "pord":
            value, reading, end, j = value / toks[j].value, "fraction", toks[j].end, j + 1
        # "one and a half", "twenty and three fifths", "five and a quarter"
        if reading == "cardinal" and j + 1 < n and toks[j].kind == "conn" and toks[j].cls in ("and", "&"):
            fr = _fraction_after(toks, j + 1)
            if fr is not None:
                fv, j = fr
                fv2, j, more = _scale_after(toks, j, fv)
                # "one billion and a half million" names its scale; "3 million and a half"
                # means half of the last scale word
                if more and last_unit == 1.0 and fv:
                    value = (value + fv) * (fv2 / fv)  # "five and a half million"
                else:
                    value += fv2 if more else fv * last_unit
                end = toks[j - 1].end
                scaled = scaled or more
        # mixed numbers written with digits: "2 1/4", "10 1/2"
        if reading == "cardinal" and j < n and toks[j].kind == "num" and toks[j].cls == "ratio" and (
            toks[j - 1].kind == "num" and toks[j - 1].cls == "int" and 0 < toks[j].value < 1
        ):
            value += toks[j].value if value >= 0 else -toks[j].value
            end = toks[j].end
            j += 1
        # a decimal read out: "two hundred point zero three"
        if reading == "cardinal" and j + 1 < n and toks[j].kind == "conn" and toks[j].cls == "point":
            digits = []
            k = j + 1
            while k < n and toks[k].kind == "card" and toks[k].cls in ("unit", "teen", "tens"):
                if toks[k].cls == "tens" and k + 1 < n and toks[k + 1].kind == "card" and toks[k + 1].cls == "unit" and toks[k + 1].hyphen_before:
                    digits.append(str(int(toks[k].value + toks[k + 1].value)))
                    k += 2
                    continue
                digits.append(str(int(toks[k].value)))
                k += 1
            if digits:
                value = value + float("0." + "".join(digits))
                end = toks[k - 1].end
                j = k
        # ratios: "one over three", "1 in twenty-one", "two out of five hundred"
        if reading == "cardinal" and j + 1 < n and toks[j].kind == "conn" and toks[j].cls in ("over", "in", "out of"):
            den = _cardinal(toks, j + 1)
            if den is not None and den[0] > 0:
                dv, dj = den[0], den[1]
                conn = toks[j].cls
                ok = True
                if conn in ("in", "out of") and value >= dv:
                    ok = False
                if conn == "in" and (toks[j + 1].kind == "num" and 1000 <= dv <= 2100):
                    ok = False
                if ok and conn == "over" and not (clause_end and dj == n):
                    ok = False
                if ok:
                    value, end, j, reading = value / dv, toks[dj - 1].end, dj, "fraction"
        out.append(Number(lead, end, value, reading, words, scaled))
        i = j
    return out


def _scale_after(toks: list[Token], j: int, value: float) -> tuple[float, int, bool]:
    """Apply a scale word after a fraction: "half million", "two thirds of a million"."""
    n = len(toks)
    k = j
    if k + 1 < n and toks[k].kind == "conn" and toks[k].cls == "of a":
        k += 1
    elif k + 1 < n and toks[k].kind == "conn" and toks[k].cls in ("a", "an") and toks[k + 1].cls == "dozen":
        k += 1
    if k < n and toks[k].kind == "card" and toks[k].cls in ("scale", "hundred", "dozen"):
        return value * toks[k].value, k + 1, True
    return value, j, False
