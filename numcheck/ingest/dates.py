"""Finding a document's own date in its text (datelines, photo captions) and parsing dates.

Only full dates with a year count: a document date guessed from "Friday" or "May 23" would
silently shift every relative date it anchors. Everything is a handful of compiled regular
expressions run once over the first lines (datelines) or line ends (captions) of the text.
"""

from __future__ import annotations

import datetime as _dt
import re

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tue|Tues|Wed|Thu|Thurs|Fri|Sat|Sun)\.?"

#: A full written date: "May 23, 2025", "Sept. 3 2024", "23 May 2025", or ISO "2025-05-23".
FULL_DATE = (
    rf"(?:(?P<m1>{_MONTH})[ \t\u00a0]+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?[ \t\u00a0]+(?P<y1>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?[ \t\u00a0]+(?P<m2>{_MONTH}),?[ \t\u00a0]+(?P<y2>\d{{4}})"
    rf"|(?P<iso>\d{{4}}-\d{{2}}-\d{{2}}))"
)
_FULL_DATE_RE = re.compile(rf"^\s*{FULL_DATE}\s*$", re.I)

# A dateline opens the article: an optional place ("WASHINGTON", "Lviv, Ukraine"), an optional
# agency tag ("(AP)"), an optional weekday, the date, then a dash or the end of the line. The
# place may not contain digits or sentence punctuation, so an ordinary first sentence that
# merely mentions a date ("Officials said on May 3, 2024 that...") is not a dateline.
_DATELINE_RE = re.compile(
    rf"^[ \t]*(?:[A-Z][A-Za-z.'’\- ]{{0,40}}(?:,[ \t]*[A-Z][A-Za-z.'’\- ]{{0,30}}){{0,2}}"
    rf"(?:[ \t]*\([A-Za-z ]{{1,20}}\)[ \t]*(?:,|[—–-])?|[ \t]*(?:,|[—–-]))[ \t]*)?"
    rf"(?:{_WEEKDAY},?[ \t]+)?{FULL_DATE}[ \t]*(?:\([A-Za-z ]{{1,20}}\)[ \t]*)?(?:[—–-]|$)",
    re.M,
)

# A caption line ends with ", <full date>." ("...in Lviv, Ukraine, May 23, 2025.").
_CAPTION_END_RE = re.compile(rf",[ \t]*{FULL_DATE}\.?[ \t]*$", re.M)

#: A photo credit line: "Pavlo Palamarchuk/REUTERS", "Jane Doe / AP", "(AP Photo/Jane Doe)",
#: "Photo: Jane Doe", "Getty Images".
CREDIT_RE = re.compile(
    r"^[ \t]*(?:"
    r"\(?(?:[A-Z][\w.'’\-]*[ \t]+){0,2}(?:Photo|Image|Photograph|Picture)s?(?:[ \t]+by)?[ \t]*[:/][^\n]{1,80}"
    r"|[A-Z][\w.'’\-]*(?:[ \t]+[A-Z][\w.'’\-]*){0,3}[ \t]*/[ \t]*[A-Z][\w&.'’ \-]{1,40}"
    r"|[A-Z][\w.'’\-]*(?:[ \t]+[A-Z][\w.'’\-]*){0,2}[ \t]+via[ \t]+[A-Z][\w&.' \-]{1,40}"
    r"|(?:Getty[ \t]+Images|AFP|Reuters|REUTERS|AP|EPA|Shutterstock)"
    r")[ \t]*$",
    re.M,
)

# Captions are rarely long; a longer "line" is an ordinary paragraph that ends with a date.
_MAX_CAPTION_CHARS = 500
# Datelines sit in the first few non-blank lines (after a title or a stray chrome line).
_DATELINE_LINES = 4


def _from_match(m: re.Match) -> _dt.date | None:
    if m.group("iso"):
        try:
            return _dt.date.fromisoformat(m.group("iso"))
        except ValueError:
            return None
    month_name = m.group("m1") or m.group("m2")
    day = m.group("d1") or m.group("d2")
    year = m.group("y1") or m.group("y2")
    month = _MONTHS.get(month_name.rstrip(".").lower())
    if month is None:
        return None
    try:
        return _dt.date(int(year), month, int(day))
    except ValueError:
        return None


def parse_date(value: object) -> _dt.date | None:
    """A :class:`datetime.date` from a date, datetime, ISO string or written full date.

    Accepts ``2025-05-23``, ``2025-05-23T09:30:00Z``, ``2025-05-23 09:30``, ``May 23, 2025`` and
    ``23 May 2025``; returns ``None`` for anything else (including empty strings).
    """
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if not isinstance(value, str):
        return None
    s = value.strip()
    if not s:
        return None
    if re.match(r"^\d{4}-\d{2}-\d{2}(?:$|[T ])", s):
        try:
            return _dt.date.fromisoformat(s[:10])
        except ValueError:
            return None
    m = _FULL_DATE_RE.match(s)
    return _from_match(m) if m else None


def find_dateline(text: str, skip=lambda start, end: False) -> tuple[_dt.date, int, int] | None:
    """The date of a dateline among the first non-blank lines, with the line's offsets.

    ``skip(start, end)`` lets the caller pass over lines it knows are not prose (a title, site
    chrome) without them counting towards the few lines a dateline may be preceded by.
    """
    pos, seen = 0, 0
    n = len(text)
    while pos < n and seen < _DATELINE_LINES:
        end = text.find("\n", pos)
        if end == -1:
            end = n
        line = text[pos:end]
        if line.strip() and not skip(pos, end):
            seen += 1
            m = _DATELINE_RE.match(text, pos, end)
            if m:
                d = _from_match(m)
                if d is not None:
                    return d, pos, end
        pos = end + 1
    return None


def find_captions(text: str) -> list[tuple[_dt.date, int, int, int, int]]:
    """Photo captions: ``(date, start, end, credit_start, credit_end)`` for each, in order.

    A caption is a line (at most a few hundred characters, not a dateline-only line) that ends
    with ", <full date>." and is followed - after blank lines - by a credit line such as
    "Name Surname/AGENCY", or that itself names the photo ("(AP Photo/...)", "Photo: ...").
    ``credit_start == credit_end`` when there is no separate credit line.
    """
    from numcheck.limits import checkpoint

    out = []
    for m in _CAPTION_END_RE.finditer(text):
        checkpoint()
        start = text.rfind("\n", 0, m.start()) + 1
        end = m.end()
        if end - start > _MAX_CAPTION_CHARS or m.start() - start < 15:
            continue
        d = _from_match(m)
        if d is None:
            continue
        nxt = end
        while nxt < len(text) and text[nxt] in " \t\n":
            nxt += 1
        nend = text.find("\n", nxt)
        if nend == -1:
            nend = len(text)
        if nxt < nend and CREDIT_RE.match(text, nxt, nend):
            out.append((d, start, end, nxt, nend))
        elif re.search(r"\b(?:Photo|Photograph|pictured)\b", text[start:end], re.I):
            out.append((d, start, end, end, end))
    return out
