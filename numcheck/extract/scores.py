"""Match scores in sports copy: score pairs and their roles, line scores and scorers lists.

Three scanners, each returning values of :mod:`numcheck.model` and judging nothing:

- :func:`scan_pairs` — two-sided scores ("3-1", "104–97") with the role the words around them
  give: ``final`` ("beat Dunmore 3-1", "a 104-97 win", "drew 2-2"), ``half_time`` ("led 52-49
  at halftime", "HT 1-0"), ``aggregate`` ("a 3-1 aggregate victory", "4-2 on aggregate"),
  ``first_leg``/``second_leg`` (the score nearest "first leg" in its sentence). Shoot-out
  scores ("won 4-2 on penalties"), team records ("(27-14)") and scores after a stated period
  ("77-70 after three quarters") get no role and are not returned.
- :func:`scan_line_scores` — a side's score by periods on a line of its own, or after "Score by
  quarters:" ("Pinecrest 28 24 25 23 — 104", "Harbor City 24-27-18-21 — 92"). Period figures
  with a leading zero (baseball's "010 200") are not read as scores.
- :func:`scan_rugby_prose` — a rugby union side's scores told in a sentence ("Carrick scored
  three tries …, with Rees converting two and kicking four penalties"; "Dunraven replied with
  tries from Kitto and Blake, one of which was converted, and two penalties"), read only when
  both sides' sentences are found.
- :func:`scan_scorers` — a scorers list ("Scorers: Kelsford - Adebayo 12, Marsh 58. Dunmore -
  Quinn 77."): each side's scorers with their goals (one per minute listed, "og" for own goals,
  "pen" for penalties), or a rugby list with typed parts ("Tries: Evans 2, Lloyd; Cons: Price 2;
  Pens: Price 3"), where a figure after a name is a count.
"""

from __future__ import annotations

import re

from numcheck.model import LineScore, ScorePair, Scorer, ScorerList

__all__ = ["scan_pairs", "scan_line_scores", "scan_scorers", "scan_rugby_prose"]

_PAIR_RE = re.compile(
    r"(?<![\w.,/:+\u2212-])(?P<a>\d{1,3})[ \t]?+[-\u2013\u2014][ \t]?+(?P<b>\d{1,3})"
    r"(?![\w%/]|[.,]\d|[ \t]?+[-\u2013\u2014][ \t]?+\d)"
)
_SENTENCE_END_RE = re.compile(r"[.!?](?=[ \t]++[A-Z\"“])|\n")
_BEFORE_CHARS = 60
_AFTER_CHARS = 40

_SHOOTOUT_AFTER = re.compile(r"^[ \t]*+(?:\)[ \t]*+)?(?:(?:win|victory|defeat|loss|success|triumph)[ \t]++)?(?:on|in)[ \t]++(?:penalties|pens|spot[- ]kicks|a[ \t]++(?:penalty[ \t]++)?shoot-?out)", re.I)
_SHOOTOUT_BEFORE = re.compile(r"(?:shoot-?out|penalties|spot-kicks|pens)[ \t]*+(?:\(|:)?[ \t]*+$", re.I)
_AGG_AFTER = re.compile(r"^[ \t]*+(?:\)[ \t]*+)?(?:on[ \t]++)?agg(?:regate)?\b", re.I)
_AGG_BEFORE = re.compile(r"\baggregate(?:[ \t]++(?:score|win|victory|lead))?(?:[ \t]++(?:of|was|is|at))?[ \t]*+:?[ \t]*+$|\bagg[ \t]*+$", re.I)
_OVER_MEETINGS = re.compile(r"\bover[ \t]++(?:their|the|its|our)[ \t]++(?:last|past|previous|\w+[ \t]++)", re.I)
_HT_AFTER = re.compile(
    r"^[ \t]*+(?:(?:up|down|ahead|behind|in front)[ \t]++)?(?:at|by|going into|heading into|into)[ \t]++"
    r"(?:half-?time|the[ \t]++(?:break|interval|half|halfway point))\b", re.I)
_HT_BEFORE = re.compile(r"(?:\bhalf-?time|\bHT|\binterval|\bthe break)[ \t]*+(?:score[ \t]++(?:was|of)[ \t]++|lead[ \t]++of[ \t]++|:|\()?[ \t]*+$", re.I)
_PERIOD_AFTER = re.compile(
    r"^[ \t]*+(?:after|through|at the end of|going into|heading into|into|in the)[ \t]++"
    r"(?:one|two|three|four|the first|the second|the third|the fourth|[1-4](?:st|nd|rd|th))\b", re.I)
_FINAL_AFTER = re.compile(
    r"^[ \t]*+(?:\)[ \t]*+)?(?:home[ \t]++|away[ \t]++|road[ \t]++|comeback[ \t]++|opening[ \t]++|first-round[ \t]++)?"
    r"(?:win|victory|defeat|loss|draw|triumph|success|thrashing|rout|drubbing|scoreline|final score|full-?time)\b", re.I)
_FINAL_BEFORE = re.compile(
    r"(?:\b(?:beat|beating|beats|defeated|defeating|thrashed|thrashing|edged|edging|won|winning|wins|lost|losing|loses|"
    r"drew|drawing|draws|downed|routed|overcame|hammered|crushed|final[ \t]++score[ \t]++(?:was|of)|full-?time[ \t]*+:?|FT[ \t]*+:?|"
    r"finished|ended|ending|to[ \t]++(?:win|lose|draw))"
    r"(?:[ \t]++(?:the[ \t]++)?[A-Z][\w.'’&]*+){0,4}[ \t]++$)"
)
_LEG_RE = re.compile(r"\b(?P<which>first|second|1st|2nd|opening|return)[- ]leg\b", re.I)


def _sentence_span(text: str, pos: int) -> tuple[int, int]:
    lo = max(0, pos - 400)
    start = lo
    for m in _SENTENCE_END_RE.finditer(text, lo, pos):
        start = m.end()
    m = _SENTENCE_END_RE.search(text, pos, min(len(text), pos + 400))
    end = m.start() if m else min(len(text), pos + 400)
    return start, end


def scan_pairs(text: str) -> list[ScorePair]:
    """The two-sided scores of ``text`` that the words around them give a role, in order."""
    if not any(ch in text for ch in "-\u2013\u2014"):
        return []
    found: list[tuple[int, int, int, int, str, str]] = []
    legs: dict[tuple[int, int], list[int]] = {}
    for m in _PAIR_RE.finditer(text):
        a, b = int(m.group("a")), int(m.group("b"))
        s, e = m.start(), m.end()
        sent_lo, sent_hi = _sentence_span(text, s)
        before = text[max(sent_lo, s - _BEFORE_CHARS):s]
        after = text[e:min(sent_hi, e + _AFTER_CHARS)]
        if before.rstrip().endswith("(") and not _HT_BEFORE.search(before) and not _AGG_BEFORE.search(before):
            continue  # "(27-14)": a record, a seeding, an aside
        role, cue = "", ""
        if _SHOOTOUT_AFTER.search(after) or _SHOOTOUT_BEFORE.search(before):
            continue
        if _AGG_AFTER.search(after) or _AGG_BEFORE.search(before):
            if _OVER_MEETINGS.search(text, e, sent_hi):
                continue  # "14-3 on aggregate over their last four meetings": not one tie
            role, cue = "aggregate", "aggregate"
        elif _HT_AFTER.search(after) or _HT_BEFORE.search(before):
            role, cue = "half_time", "half-time"
        elif _PERIOD_AFTER.search(after):
            continue
        elif _FINAL_AFTER.search(after) or _FINAL_BEFORE.search(before):
            hit = _FINAL_AFTER.search(after)
            role, cue = "final", (hit.group(0).strip() if hit else _FINAL_BEFORE.search(before).group(0).split()[0])
        if role in ("", "final"):
            sentence = text[sent_lo:sent_hi]
            if _LEG_RE.search(sentence):
                legs.setdefault((sent_lo, sent_hi), []).append(len(found))
        if role:
            found.append((s, e, a, b, role, cue))
        elif (sent_lo, sent_hi) in legs or _LEG_RE.search(text[sent_lo:sent_hi]):
            found.append((s, e, a, b, "", ""))
            legs.setdefault((sent_lo, sent_hi), []).append(len(found) - 1)
    # in a sentence that names a leg, the score nearest each "first leg" / "second leg" is that leg's
    for (lo, hi), idxs in legs.items():
        idxs = sorted(set(idxs))
        for lm in _LEG_RE.finditer(text, lo, hi):
            which = lm.group("which").lower()
            role = "first_leg" if which in ("first", "1st", "opening") else "second_leg"
            best = min(idxs, key=lambda i: min(abs(found[i][0] - lm.end()), abs(found[i][1] - lm.start())))
            s, e, a, b, _, _ = found[best]
            found[best] = (s, e, a, b, role, lm.group(0))
    return [ScorePair(s, e, text[s:e], a, b, role, cue) for s, e, a, b, role, cue in found if role]


# ---- line scores ------------------------------------------------------------------------------

_SIDE = r"[A-Z][A-Za-z.'’&]*+(?:[ \t][A-Z][A-Za-z.'’&]*+){0,3}"
_PERIOD = r"(?:0|[1-9]\d{0,2})"
_LINE_RE = re.compile(
    r"(?P<side>" + _SIDE + r")(?:[ \t]*+:)?[ \t]++"
    r"(?P<periods>" + _PERIOD + r"(?:(?:[ \t]++|-)" + _PERIOD + r"){1,9})"
    r"(?:[ \t]*+[\u2014\u2013=][ \t]*+|[ \t]++-[ \t]++|[ \t]*+\|[ \t]*+)(?P<total>" + _PERIOD + r")"
    r"(?!\d|[.,]\d|[ \t]*+\d)"
)
_LINE_LEAD_RE = re.compile(r"^[ \t>*_-]*+(?:[A-Za-z ]{0,40}:[ \t]*+)?$")


def scan_line_scores(text: str) -> list[LineScore]:
    """Each side's score by periods, where it stands on a line of its own or after a label."""
    out: list[LineScore] = []
    for m in _LINE_RE.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        lead = text[line_start:m.start()]
        if not (_LINE_LEAD_RE.match(lead) or lead.rstrip().endswith(";")):
            continue
        tail_end = text.find("\n", m.end())
        tail = text[m.end():len(text) if tail_end == -1 else tail_end].strip()
        if tail and tail[0] not in ";.,|" and not tail.startswith(("(OT", "(ot")):
            continue
        raw = m.group("periods")
        seps = re.findall(r"[ \t]++|-", raw)
        if len(set("-" if s == "-" else " " for s in seps)) != 1:
            continue
        periods = tuple(int(x) for x in re.split(r"[ \t]++|-", raw))
        out.append(LineScore(
            start=m.start(), end=m.end(), text=m.group(0), side=m.group("side"), periods=periods,
            periods_start=m.start("periods"), periods_end=m.end("periods"), total=int(m.group("total")),
            total_start=m.start("total"), total_end=m.end("total"),
        ))
    return out


# ---- scorers lists ----------------------------------------------------------------------------

_SCORERS_HEAD_RE = re.compile(
    r"^[ \t>*_]*+(?:(?:Goal)?[Ss]corers?|Goals|GOALS|SCORERS)[ \t*_]*+:[ \t*_]*+(?P<body>[^\n]{1,800})", re.M)
_RUGBY_LINE_RE = re.compile(r"^[ \t>*_]*+(?P<body>[^\n]{0,80}\b(?:Tries|Try)[ \t]*+:[^\n]{1,800})", re.M)
#: "Ashworth: Okoro 12, 67, Danes 41. Pelling: Marsh 54." — a footer of scorers by side with no
#: "Scorers:" head; read only when the side is named at the top of the copy.
_SIDE_LINE_RE = re.compile(r"^[ \t>*_]*+(?P<body>(?P<side>" + _SIDE + r")[ \t]*+:[ \t]*+[A-Z][^\n:]{0,40}?\d[^\n]{0,760})", re.M)
_SIDE_PREFIX_RE = re.compile(r"^[ \t]*+(?P<side>" + _SIDE + r")[ \t]*+(?:[-\u2013\u2014:]|\((?=[^)]*\)[ \t]*+:))[ \t]*+")
_ENTRY_RE = re.compile(
    r"^[ \t]*+(?P<name>[A-Z\u00c0-\u024f][\w'’.\u00c0-\u024f-]*+(?:[ \t]++(?:de|van|da|di|von|le|[A-Z\u00c0-\u024f])[\w'’.\u00c0-\u024f-]*+){0,3})?"
    r"(?P<rest>[^,]*+)$"
)
_MINUTE_RE = re.compile(r"(?<![\w.])(?P<m>\d{1,3})(?:\+\d{1,2})?['’]?(?![\w.])")
_OG_RE = re.compile(r"\b(?:og|o\.g\.|own[ \t]goal)(?![\w])", re.I)
_PEN_RE = re.compile(r"\b(?:pen|p|penalty)\b", re.I)
_RUGBY_KIND = {"tries": "try", "try": "try", "cons": "conversion", "con": "conversion",
               "conversions": "conversion", "conversion": "conversion", "pens": "penalty_goal",
               "pen": "penalty_goal", "penalties": "penalty_goal", "penalty": "penalty_goal",
               "drop goals": "drop_goal", "drop goal": "drop_goal", "drops": "drop_goal",
               "drop": "drop_goal", "dg": "drop_goal", "dgs": "drop_goal"}
_RUGBY_LABEL_RE = re.compile(r"^[ \t]*+(?P<label>Tries|Try|Cons|Con|Conversions?|Pens|Pen|Penalties|Penalty|Drop goals?|Drops?|DGs?)[ \t]*+:[ \t]*+", re.I)
_STOP_LABEL_RE = re.compile(r"^[ \t]*+[A-Z][A-Za-z ]{1,30}:")


def _split_outside_brackets(s: str, sep: str) -> list[tuple[int, int]]:
    out, depth, start = [], 0, 0
    for i, ch in enumerate(s):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif ch == sep and depth == 0:
            out.append((start, i))
            start = i + 1
    out.append((start, len(s)))
    return out


def _segments(body: str) -> list[tuple[int, int]]:
    """``body`` cut at ";" and at ". " before a capital, with offsets into ``body``."""
    out = []
    for a, b in _split_outside_brackets(body, ";"):
        part = body[a:b]
        last = 0
        for m in re.finditer(r"\.[ \t]++(?=[A-Z])", part):
            out.append((a + last, a + m.start()))
            last = m.end()
        out.append((a + last, b))
    return [(a, b) for a, b in out if body[a:b].strip(" \t.")]


def _entries(seg: str, offset: int, rugby_kind: str | None) -> list[Scorer]:
    scorers: list[Scorer] = []
    for a, b in _split_outside_brackets(seg, ","):
        item = seg[a:b].rstrip(" \t.")
        m = _ENTRY_RE.match(item)
        if m is None:
            return []
        name = (m.group("name") or "").strip()
        rest = m.group("rest")
        if name.lower() in ("og", "pen"):
            rest, name = name + rest, ""
        minutes = [int(x.group("m")) for x in _MINUTE_RE.finditer(rest)]
        if rugby_kind is not None:
            count = minutes[0] if len(minutes) == 1 and "(" not in rest else max(1, len(minutes) if "(" in rest else 1)
            if not name:
                return []
            scorers.append(Scorer(offset + a, offset + b, name, rugby_kind, count))
            continue
        if re.search(r"[A-Za-z]", re.sub(r"\b(?:og|o\.g\.|own goal|pen|p|penalty|min|mins)\b|[()'’+\d\s.]", "", rest, flags=re.I)):
            return []  # words other than markers: not a scorers entry
        kind = "own_goal" if _OG_RE.search(rest) else ("penalty" if _PEN_RE.search(rest) else "goal")
        if name:
            scorers.append(Scorer(offset + a, offset + b, name, kind, max(1, len(minutes))))
        elif scorers and minutes:
            last = scorers[-1]
            scorers[-1] = Scorer(last.start, offset + b, last.name, last.kind, last.count + len(minutes))
        else:
            return []
    return scorers


def scan_scorers(text: str) -> list[ScorerList]:
    """The scorers lists of ``text``: one :class:`ScorerList` per side group."""
    top = text[:240]
    first_line = text.find("\n")
    side_lines = [m for m in _SIDE_LINE_RE.finditer(text)
                  if m.group("side").split()[0] in top and m.start() > first_line >= 0]
    if "corer" not in text and "Goals" not in text and "GOALS" not in text and "Tr" not in text and not side_lines:
        return []
    out: list[ScorerList] = []
    seen: set[int] = set()
    heads = [(m, False) for m in _SCORERS_HEAD_RE.finditer(text)]
    heads += [(m, True) for m in _RUGBY_LINE_RE.finditer(text)]
    heads += [(m, False) for m in side_lines]
    for m, rugby_line in sorted(heads, key=lambda x: x[0].start()):
        line = text.count("\n", 0, m.start())
        if line in seen:
            continue
        seen.add(line)
        body, base = m.group("body"), m.start("body")
        group = len(out)
        side, side_scorers, side_start, side_end = "", [], None, None
        lists: list[ScorerList] = []

        def flush():
            if side_scorers:
                lists.append(ScorerList(side_start, side_end, text[side_start:side_end], side,
                                        tuple(side_scorers), group))

        for a, b in _segments(body):
            seg = body[a:b]
            sp = _SIDE_PREFIX_RE.match(seg)
            label = _RUGBY_LABEL_RE.match(seg)
            if sp is not None and not _RUGBY_LABEL_RE.match(seg) and (
                    seg[sp.end() - 1:sp.end()] != ":" or _RUGBY_LABEL_RE.match(seg[sp.end():]) or not rugby_line):
                flush()
                side, side_scorers = sp.group("side"), []
                side_start, side_end = base + a, base + b
                seg_rest, off = seg[sp.end():], base + a + sp.end()
                label = _RUGBY_LABEL_RE.match(seg_rest)
            elif label is not None:
                seg_rest, off = seg, base + a
                if side_start is None:
                    side_start = base + a
            else:
                if _STOP_LABEL_RE.match(seg):
                    break
                if side_scorers and not rugby_line:
                    # "Adebayo 12, Marsh 58; Quinn 77": a new group without a side named
                    flush()
                    side, side_scorers = "", []
                side_start = base + a if side_start is None or not side_scorers else side_start
                seg_rest, off = seg, base + a
            kind = None
            if label is not None:
                kind = _RUGBY_KIND.get(label.group("label").lower())
                off += label.end()
                seg_rest = seg_rest[label.end():]
            entries = _entries(seg_rest, off, kind)
            if not entries:
                if label is not None and seg_rest.strip(" .").lower() in ("none", "nil", "-", ""):
                    continue
                break
            side_scorers.extend(entries)
            side_end = base + b
        flush()
        if lists:
            out.extend(lists)
    return out


# ---- rugby scoring told in prose --------------------------------------------------------------

_COUNT_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "seven": 7, "eight": 8, "nine": 9, "ten": 10, "both": 2, "single": 1}
_N = r"(?P<n>\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten)"
_TRIES_RE = re.compile(_N + r"[ \t]++tries\b|\b(?P<one>a|one)[ \t]++try\b", re.I)
_TRIES_FROM_RE = re.compile(r"\btries[ \t]++(?:from|by|through)[ \t]++(?P<names>[^,;.]{3,120}?)(?=,[ \t]*+[a-z]|[;.]|,[ \t]*+(?:and[ \t]++)?(?:\d|a |one |two |three |four )|$)", re.M)
_CONV_RE = re.compile(r"\bconvert(?:ing|ed|s)?[ \t]++(?:(?:all|just)[ \t]++)?(?P<n>\d{1,2}|one|two|three|four|five|six|both|all)\b"
                      r"|(?P<n2>\d{1,2}|one|two|three|four|five|six)[ \t]++conversions?\b"
                      r"|\b(?P<which>one|two|three|both|neither|none)[ \t]++of[ \t]++which[ \t]++(?:was|were)[ \t]++converted"
                      r"|\b(?P<zero>neither|none)[ \t]++(?:was|were|of them)[ \t]++converted", re.I)
_PENS_RE = re.compile(_N + r"[ \t]++(?:penalty[ \t]++goals?|penalties)\b|\b(?P<one>a)[ \t]++penalty(?:[ \t]++goal)?\b", re.I)
_DROP_RE = re.compile(_N + r"[ \t]++drop[ -]goals?\b", re.I)
_SENT_RE = re.compile(r"[^.!?\n]+[.!?]?")


def _n(word: str | None) -> int | None:
    if word is None:
        return None
    w = word.lower()
    return int(w) if w.isdigit() else _COUNT_WORDS.get(w)


def scan_rugby_prose(text: str) -> list[ScorerList]:
    """Each side's tries, conversions, penalty goals and drop goals told in one sentence that
    opens with the side's name (a name the headline or first paragraph gives), when both sides'
    sentences are found and each tells its tries and its kicks (conversions or penalties)."""
    if "tries" not in text and " try" not in text:
        return []
    top = text[:400]
    found: dict[str, ScorerList] = {}
    for m in _SENT_RE.finditer(text):
        sent = m.group(0)
        first = re.match(r"[ \t]*+(?P<side>[A-Z][A-Za-z'’-]++)", sent)
        if first is None or first.group("side") not in top or first.group("side") in found:
            continue
        side = first.group("side")
        tries = None
        t = _TRIES_RE.search(sent)
        if t is not None:
            tries = _n(t.group("n") or t.group("one"))
        tf = _TRIES_FROM_RE.search(sent)
        if tf is not None and tries is None:
            names = re.split(r",[ \t]*+|[ \t]++and[ \t]++", tf.group("names").strip())
            tries = len([x for x in names if x[:1].isupper()])
        if not tries:
            continue
        conv = pens = drops = None
        c = _CONV_RE.search(sent)
        if c is not None:
            if c.group("zero"):
                conv = 0
            elif c.group("which"):
                conv = {"neither": 0, "none": 0}.get(c.group("which").lower(), _n(c.group("which")))
            else:
                w = (c.group("n") or c.group("n2") or "").lower()
                conv = tries if w == "all" else _n(w)
        p_ = _PENS_RE.search(sent)
        if p_ is not None:
            pens = _n(p_.group("n") or p_.group("one"))
        d = _DROP_RE.search(sent)
        if d is not None:
            drops = _n(d.group("n"))
        if conv is None:
            continue  # the conversions are not told: the sentence may not give all the points
        start = m.start() + first.start("side")
        parts = [Scorer(start, m.end(), side, "try", tries)]
        for kind, n in (("conversion", conv), ("penalty_goal", pens), ("drop_goal", drops)):
            if n:
                parts.append(Scorer(start, m.end(), side, kind, n))
        found[side] = ScorerList(start, m.end(), sent.strip(), side, tuple(parts), group=1000)
    if len(found) != 2:
        return []
    return list(found.values())
