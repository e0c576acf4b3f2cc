"""The reading layer's word knowledge: parts of speech, verb lemmas and classes of things.

Open-class words come from Brill's tagger lexicon as shipped in textblob (pattern's
``en-lexicon.txt``, MIT licence; Brown corpus and Penn Treebank): each lower-case word with the
coarse part of speech of its most frequent tag. It is *generated* into
``numcheck/data/lexicon.json`` by :func:`build_lexicon` (a test rebuilds it when textblob is
installed and compares), so that reading needs no tagger at run time: a lookup is enough for
what the reading needs (is this word a verb, a noun, an adjective; which verb is it), and it
is deterministic and fast.

Closed-class words, cue words and the small classes of things that news copy uses
interchangeably are written here, once, for every check.
"""

from __future__ import annotations

import functools
import json
import pathlib

__all__ = ["tag", "verb_lemma", "is_verb", "is_noun", "is_adjective", "thing_class", "same_thing",
           "build_lexicon", "LEXICON_PATH"]

LEXICON_PATH = pathlib.Path(__file__).resolve().parent.parent / "data" / "lexicon.json"

#: Brill tag → the coarse class kept in the lexicon.
_COARSE = {"NN": "N", "NNS": "S", "VB": "V", "VBP": "V", "VBZ": "Z", "VBD": "D", "VBN": "P",
           "VBG": "G", "JJ": "J", "JJR": "J", "JJS": "J", "RB": "R", "RBR": "R", "RBS": "R"}


def build_lexicon(source: pathlib.Path | None = None) -> dict:
    """The JSON-ready lexicon from textblob's ``en/en-lexicon.txt`` (or ``source``).

    Only lower-case alphabetic words are kept (capitalised entries are names); each coarse
    class maps to one space-separated string of words, sorted, so the file diffs well.
    """
    if source is None:
        import textblob  # only needed to regenerate the data file

        source = pathlib.Path(textblob.__file__).parent / "en" / "en-lexicon.txt"
    classes: dict[str, list[str]] = {}
    for line in source.read_text(encoding="utf-8").splitlines():
        if line.startswith(";;;"):
            continue
        parts = line.split()
        if len(parts) != 2:
            continue
        word, brill = parts
        if not (word.isalpha() and word.islower() and word.isascii()):
            if not ("-" in word and word.replace("-", "").isalpha() and word.islower()):
                continue
        coarse = _COARSE.get(brill)
        if coarse:
            classes.setdefault(coarse, []).append(word)
    return {
        "source": "Brill tagger lexicon v1.14 via textblob (pattern en-lexicon.txt), MIT licence",
        "classes": {k: " ".join(sorted(set(v))) for k, v in sorted(classes.items())},
    }


@functools.lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    data = json.loads(LEXICON_PATH.read_text(encoding="utf-8"))
    out: dict[str, str] = {}
    for coarse, words in data["classes"].items():
        for w in words.split():
            out[w] = coarse
    out.update(_OVERRIDES)
    return out


# Where the lexicon's most frequent tag is wrong for news copy, or a word is missing.
_OVERRIDES = {
    "fined": "P", "polled": "D", "totalled": "D", "totaled": "D", "totalling": "G", "totaling": "G",
    "topped": "D", "netted": "D", "evacuated": "P", "displaced": "P", "rehoused": "P",
    "balloted": "P", "surveyed": "P", "questioned": "P", "interviewed": "P", "enrolled": "P",
    "reopen": "V", "reopened": "D", "relocated": "P", "redeployed": "P", "furloughed": "P",
    "stretch": "V", "span": "V", "spans": "Z", "employs": "Z", "employ": "V", "cost": "V",
    "costs": "Z", "fetch": "V", "house": "N", "houses": "S", "set": "D", "cut": "D", "hit": "D",
    "put": "D", "shut": "D", "raise": "V", "raised": "D", "hold": "V", "holds": "Z", "held": "D",
    "carry": "V", "carries": "Z", "carried": "D", "seat": "V", "seats": "S", "seated": "P",
    "house": "N", "record": "N", "average": "N", "averaged": "D", "averages": "Z",
}


def tag(word: str) -> str:
    """The coarse class of a lower-case word: N noun, S plural noun, V/Z/D/P/G verb (base,
    3rd person, past, participle, -ing), J adjective, R adverb, or "" when unknown."""
    return _table().get(word, "")


_VERB_TAGS = frozenset("VZDPG")


def is_verb(word: str) -> bool:
    """True when the lexicon's reading of ``word`` is a verb form."""
    return tag(word) in _VERB_TAGS


def is_noun(word: str) -> bool:
    """True when the lexicon's reading of ``word`` is a noun (singular or plural)."""
    return tag(word) in ("N", "S")


def is_adjective(word: str) -> bool:
    """True when the lexicon's reading of ``word`` is an adjective."""
    return tag(word) == "J"


_IRREGULAR = {
    "was": "be", "were": "be", "is": "be", "are": "be", "been": "be", "being": "be", "am": "be",
    "has": "have", "had": "have", "having": "have", "did": "do", "does": "do", "done": "do",
    "went": "go", "gone": "go", "goes": "go", "came": "come", "made": "make", "took": "take",
    "taken": "take", "gave": "give", "given": "give", "got": "get", "gotten": "get", "saw": "see",
    "seen": "see", "said": "say", "says": "say", "told": "tell", "sold": "sell", "bought": "buy",
    "brought": "bring", "built": "build", "paid": "pay", "spent": "spend", "sent": "send",
    "lent": "lend", "lost": "lose", "won": "win", "held": "hold", "kept": "keep", "left": "leave",
    "led": "lead", "met": "meet", "ran": "run", "rose": "rise", "risen": "rise", "fell": "fall",
    "fallen": "fall", "grew": "grow", "grown": "grow", "drew": "draw", "drawn": "draw",
    "threw": "throw", "thrown": "throw", "knew": "know", "known": "know", "flew": "fly",
    "flown": "fly", "began": "begin", "begun": "begin", "became": "become", "stood": "stand",
    "sat": "sit", "struck": "strike", "stricken": "strike", "fought": "fight", "caught": "catch",
    "taught": "teach", "thought": "think", "sought": "seek", "found": "find", "felt": "feel",
    "fed": "feed", "fled": "flee", "hid": "hide", "hidden": "hide", "broke": "break",
    "broken": "break", "spoke": "speak", "spoken": "speak", "chose": "choose", "chosen": "choose",
    "wrote": "write", "written": "write", "drove": "drive", "driven": "drive", "rode": "ride",
    "ate": "eat", "eaten": "eat", "swept": "sweep", "slept": "sleep", "wept": "weep",
    "dealt": "deal", "meant": "mean", "heard": "hear", "wore": "wear", "worn": "wear",
    "tore": "tear", "torn": "tear", "bore": "bear", "borne": "bear", "shot": "shoot",
    "shook": "shake", "shaken": "shake", "sank": "sink", "sunk": "sink", "sang": "sing",
    "swam": "swim", "froze": "freeze", "frozen": "freeze", "stole": "steal", "stolen": "steal",
    "woke": "wake", "withdrew": "withdraw", "withdrawn": "withdraw", "undertook": "undertake",
    "overtook": "overtake", "forgave": "forgive", "forecast": "forecast", "bid": "bid",
    "laid": "lay", "lain": "lie", "lay": "lay", "bled": "bleed", "bred": "breed", "dug": "dig",
    "hung": "hang", "lit": "light", "slid": "slide", "spun": "spin", "stuck": "stick",
    "stung": "sting", "swung": "swing", "understood": "understand", "upheld": "uphold",
    "overran": "overrun", "outran": "outrun", "rebuilt": "rebuild", "retook": "retake",
    "underwent": "undergo", "undergone": "undergo", "shrank": "shrink", "shrunk": "shrink",
}


@functools.lru_cache(maxsize=1 << 14)
def verb_lemma(word: str, force: bool = False) -> str | None:
    """The base form of a verb form ("killed" → "kill", "evacuating" → "evacuate", "fled" →
    "flee"), or None when ``word`` is not read as a verb. With ``force`` (the context says it
    is a verb: "will stretch", "it spans") a noun-tagged form is lemmatised too."""
    w = word.lower()
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    t = tag(w)
    if t == "V":
        return w
    if t not in _VERB_TAGS and not force and not (t in ("N", "S", "J", "") and w.endswith(("ed", "ing"))):
        return None
    table = _table()
    candidates: list[str] = []
    if w.endswith(("ied", "ies")):
        candidates.append(w[:-3] + "y")
    if w.endswith(("ed", "ing")):
        stem = w[:-2] if w.endswith("ed") else w[:-3]
        # an undoubled consonant after one vowel spells a silent -e: "fined", "voted", "cited"
        silent_e = len(stem) > 2 and stem[-1] not in "aeiouwxy" and stem[-2] in "aeiou" \
            and stem[-3] not in "aeiou"
        candidates += [stem + "e", stem] if silent_e else [stem, stem + "e"]
        if w.endswith("ed"):
            candidates.append(w[:-1])
        if len(stem) > 2 and stem[-1] == stem[-2]:
            candidates.append(stem[:-1])
    elif w.endswith("es"):
        candidates += [w[:-1], w[:-2]]
    elif w.endswith("s"):
        candidates.append(w[:-1])
    else:
        return w if force else None
    # ("cutting" → "cut": a base the lexicon lists as a past form is still the base)
    for wanted in (("V",), ("D", "P"), ("N", "J", "S", "R")):
        for base in candidates:
            if len(base) >= 2 and table.get(base) in wanted:
                return base
    return candidates[0] if candidates else None


# ---- things ------------------------------------------------------------------------------------
#: Nouns that news copy uses for one another when it refers back to the same set or object.
#: Kept small and closed: a wrong equivalence lets two unrelated figures be compared.
SYNONYMS = (
    frozenset({"prisoner", "detainee", "captive", "pow", "hostage"}),
    frozenset({"person", "people", "individual"}),
    frozenset({"soldier", "troop", "serviceman", "service member"}),
    frozenset({"death", "dead", "fatality", "killed", "life"}),
    frozenset({"injured", "injury", "wounded", "casualty"}),
    frozenset({"contract", "deal", "agreement", "accord"}),
    frozenset({"plant", "factory", "site", "works", "glassworks", "mill", "facility"}),
    frozenset({"staff", "employee", "worker", "workforce", "personnel", "job", "position", "role"}),
    frozenset({"crowd", "attendance", "spectator", "fan", "gate"}),
    frozenset({"ballot", "ballot paper", "paper", "vote"}),
    frozenset({"vessel", "ship", "ferry", "boat"}),
    frozenset({"pipeline", "line", "link"}),
    frozenset({"fine", "penalty"}),
    frozenset({"home", "house", "household", "property", "dwelling"}),
    frozenset({"dose", "jab", "vaccination", "shot"}),
)
_SYN_OF: dict[str, frozenset[str]] = {}
for _g in SYNONYMS:
    for _w in _g:
        _SYN_OF[_w] = _g

#: Broader classes: a definite "the vehicles" may refer back to "48 lorries", "those enrolled"
#: to "2,340 adults". Used only to find what a reference points back to, never for identity.
CLASSES = {
    "person": """person people individual adult child resident citizen voter respondent
        participant patient pupil student worker employee staff member passenger visitor
        man woman boy girl teenager officer nurse doctor teacher parent tenant household
        customer shopper runner player fan spectator delegate candidate volunteer entrant
        applicant claimant refugee migrant victim survivor inmate prisoner detainee soldier
        driver pilot crew paramedic technician firefighter pensioner adult household family
        supporter evacuee commuter traveller traveler guest diner audience attendee member""",
    "vehicle": "vehicle lorry truck bus coach car van train tram taxi cab minibus tractor fleet",
    "vessel": "vessel ship ferry boat lifeboat yacht tanker trawler",
    "building": "building home house flat property dwelling school hospital shop store office unit",
    "organisation": "organisation organization club group company firm charity bank school",
}
_CLASS_OF: dict[str, str] = {}
for _c, _ws in CLASSES.items():
    for _w in _ws.split():
        _CLASS_OF.setdefault(_w, _c)


def thing_class(noun: str | None) -> str | None:
    """The broad class of a noun lemma ("lorry" → "vehicle"), or None."""
    if not noun:
        return None
    return _CLASS_OF.get(noun) or _CLASS_OF.get(noun.split()[-1])


def same_thing(a: str | None, b: str | None) -> bool:
    """True when two noun lemmas name the same thing (equal, or synonyms)."""
    if not a or not b:
        return False
    if a == b:
        return True
    ga = _SYN_OF.get(a)
    return ga is not None and b in ga


def compatible(a: str | None, b: str | None) -> bool:
    """True when a reference to ``b`` may point back to ``a``: the same thing, or ``b`` names
    the class of ``a`` ("the vehicles" → lorries) or both are in one class."""
    if same_thing(a, b):
        return True
    ca, cb = thing_class(a), thing_class(b)
    if ca is None or cb is None:
        return False
    return ca == cb or b == ca


#: Nouns for a set of people that any person-class noun may be a part of ("37 dead, including
#: 21 children").
_PEOPLE_WHOLES = frozenset("person people dead casualty victim injured wounded resident passenger "
                           "worker employee staff member adult".split())


def could_be_part(whole: str | None, part: str | None) -> bool:
    """True when a figure of ``part`` may be part of a whole of ``whole`` (unknown on either
    side allows it; two different nouns of unknown class do not)."""
    if not whole or not part:
        return True
    if same_thing(whole, part):
        return True
    cw, cp = thing_class(whole), thing_class(part)
    if cw is not None and cw == cp:
        return True
    if (whole in _PEOPLE_WHOLES or cw == "person") and cp == "person":
        return True
    if cw is None and cp is None:
        # "homes" and "buildings", "seats" and "tickets": two unknown nouns; a modifier of the
        # part may be the whole's head ("home stands" of a ground) — allow only equal heads
        return whole.split()[-1] == part.split()[-1]
    return False
