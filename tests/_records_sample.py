"""Hand-built records (docs/records.md, version 1) for the renderer tests.

Two reports of one harbour fire form a story: the wire copy says three warehouses burned and 14
workers were treated, the local report says four warehouses and 41 workers, and the two put the
outbreak on different days. Offsets, lines and
columns are computed from the texts below so they are exactly what the records shape promises
(0-based character offsets, 1-based lines/columns, end exclusive), not typed in by hand.
"""

from __future__ import annotations

import copy
import hashlib

WIRE_PATH = "news/harbour_fire_wire.md"
LOCAL_PATH = "news/harbour_fire_local.md"
BAD_PATH = "news/harbour_fire_photos.bin"

WIRE_TEXT = (
    "# Fire guts warehouses at Eastport harbour\n"
    "\n"
    "EASTPORT, March 14 (Wire) - A fire that broke out late on Wednesday destroyed three "
    "warehouses at Eastport harbour, and about 120 firefighters worked through the night to "
    "contain it.\n"
    "\n"
    "Harbour officials said 14 workers were treated for smoke inhalation. The blaze was the "
    "second serious fire at the port since it reopened in 2019.\n"
)

LOCAL_TEXT = (
    "Firefighters spent 11 hours on Thursday fighting the blaze at Eastport harbour, which the "
    "port authority said destroyed four warehouses.\n"
    "\n"
    "Some 41 workers were treated at the scene, the authority added. A smaller fire damaged the "
    "grain terminal in March 2021.\n"
)

TEXTS = {WIRE_PATH: WIRE_TEXT, LOCAL_PATH: LOCAL_TEXT}


def position(path: str, needle: str, nth: int = 0) -> dict:
    """Records position fields of the ``nth`` occurrence of ``needle`` in document ``path``."""
    text = TEXTS[path]
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    end = start + len(needle)

    def line_col(offset: int) -> tuple[int, int]:
        line = text.count("\n", 0, offset) + 1
        col = offset - (text.rfind("\n", 0, offset) + 1) + 1
        return line, col

    line, column = line_col(start)
    end_line, end_column = line_col(end)
    return {"path": path, "line": line, "column": column, "end_line": end_line,
            "end_column": end_column, "start": start, "end": end, "text": needle}


def sentence_of(path: str, needle: str) -> str:
    """The sentence (split on '. ' and newlines, good enough for these texts) holding ``needle``."""
    text = TEXTS[path]
    i = text.index(needle)
    s = max(text.rfind(". ", 0, i) + 2 if text.rfind(". ", 0, i) != -1 else 0, text.rfind("\n", 0, i) + 1)
    e_dot = text.find(". ", i)
    e_nl = text.find("\n", i)
    e = min(x for x in (e_dot + 1 if e_dot != -1 else len(text), e_nl if e_nl != -1 else len(text)))
    return text[s:e]


def fingerprint(code: str, path: str, text: str, sentence: str, evidence: list[str]) -> str:
    """A records-style fingerprint (SHA-256 of the identifying texts, first 16 hex digits)."""
    h = hashlib.sha256("\x1f".join([code, path, text, " ".join(sentence.split()), *evidence]).encode())
    return h.hexdigest()[:16]


def claim(path: str, needle: str, kind: str, value, *, low=None, high=None, unit=None, qualifier="exact",
          subject=None, date=None, relative=False, sentence=0, block="body", nth=0) -> dict:
    """One ``claims`` record for ``needle`` in ``path``."""
    pos = position(path, needle, nth)
    return {
        "path": path, "line": pos["line"], "column": pos["column"], "start": pos["start"], "end": pos["end"],
        "text": needle, "kind": kind, "value": value,
        "low": value if low is None else low, "high": value if high is None else high,
        "unit": unit, "qualifier": qualifier, "scope": None, "subject": subject, "date": date,
        "sentence": sentence, "boilerplate": False, "relative": relative, "block": block,
    }


def anomaly(code, name, kind, severity, path, needle, message, evidence) -> dict:
    """One ``anomalies`` record; ``evidence`` is a list of ``(path, needle, role)``."""
    pos = position(path, needle)
    sentence = sentence_of(path, needle)
    ev_records = []
    for ev_path, ev_needle, role in evidence:
        ev = position(ev_path, ev_needle)
        ev["role"] = role
        ev["sentence"] = sentence_of(ev_path, ev_needle)
        ev_records.append(ev)
    return {
        "code": code, "name": name, "kind": kind, "severity": severity,
        **pos,
        "sentence": sentence,
        "message": message,
        "evidence": ev_records,
        "fingerprint": fingerprint(code, path, needle, sentence, [e["text"] for e in ev_records]),
    }


def sample_records(full: bool = True) -> dict:
    """A complete records dict: two documents in one story, three anomalies, one input error.

    ``full`` adds what ``detail="full"`` runs carry: each document's ``text`` and the ``claims``.
    """
    wire_claims = [
        claim(WIRE_PATH, "March 14", "date", 2025.0, date="2025-03-14"),
        claim(WIRE_PATH, "Wednesday", "date", 2025.0, date="2025-03-12", relative=True),
        claim(WIRE_PATH, "three warehouses", "count", 3.0, subject="warehouse"),
        claim(WIRE_PATH, "about 120 firefighters", "count", 120.0, low=108.0, high=132.0,
              qualifier="approx", subject="firefighter"),
        claim(WIRE_PATH, "14 workers", "count", 14.0, subject="worker", sentence=1),
        claim(WIRE_PATH, "second", "ordinal", 2.0, sentence=2),
        claim(WIRE_PATH, "2019", "year", 2019.0, date="2019", sentence=2),
    ]
    local_claims = [
        claim(LOCAL_PATH, "11 hours", "duration", 11.0, unit="hour"),
        claim(LOCAL_PATH, "Thursday", "date", 2025.0, date="2025-03-13", relative=True),
        claim(LOCAL_PATH, "four warehouses", "count", 4.0, subject="warehouse"),
        claim(LOCAL_PATH, "Some 41 workers", "count", 41.0, low=36.9, high=45.1, qualifier="approx",
              subject="worker", sentence=1),
        claim(LOCAL_PATH, "March 2021", "date", 2021.0, date="2021-03", sentence=2),
    ]
    anomalies = [
        anomaly(
            "NC201", "count-differs-across-story", "count_mismatch", "error",
            LOCAL_PATH, "four warehouses",
            '"four warehouses" (4) disagrees with "three warehouses" (3) in news/harbour_fire_wire.md: '
            "4 ≠ 3 for the same subject in the same story.",
            [(WIRE_PATH, "three warehouses", "contradicts")],
        ),
        anomaly(
            "NC305", "transposed-digits", "digit_transposition", "warning",
            LOCAL_PATH, "Some 41 workers",
            '"Some 41 workers" and "14 workers" (news/harbour_fire_wire.md) are the same digits transposed; '
            "one of them is probably a typo.",
            [(WIRE_PATH, "14 workers", "transposed")],
        ),
        anomaly(
            "NC612", "event-day-differs-across-story", "temporal_day", "info",
            LOCAL_PATH, "Thursday",
            '"Thursday" resolves to 2025-03-13, but "Wednesday" (news/harbour_fire_wire.md) resolves to '
            "2025-03-12 for the start of the same fire; the blaze may simply have spanned both days.",
            [(WIRE_PATH, "Wednesday", "anchor")],
        ),
    ]
    documents = [
        {"path": WIRE_PATH, "title": "Fire guts warehouses at Eastport harbour", "date": "2025-03-14",
         "date_source": "dateline", "story": "s1", "claims": len(wire_claims)},
        {"path": LOCAL_PATH, "title": None, "date": "2025-03-14", "date_source": "story", "story": "s1",
         "claims": len(local_claims)},
    ]
    records = {
        "numcheck": "0.1.0",
        "records": 1,
        "documents": documents,
        "stories": [{"id": "s1", "documents": [WIRE_PATH, LOCAL_PATH],
                     "linked_by": ["names: Eastport", "figures: warehouses"], "date": "2025-03-14"}],
        "anomalies": anomalies,
        "errors": [{"path": BAD_PATH, "line": 0, "column": 0, "kind": "input",
                    "message": "not UTF-8 text (byte 0xff at offset 3)", "text": ""}],
        "rules": [
            {"code": "NC201", "name": "count-differs-across-story", "kind": "count_mismatch", "severity": "error",
             "description": "Two documents of one story give different counts for the same subject. "
                            "At most one of them can be right.",
             "pack": "rules/default/NC201.yaml", "message": '"{text}" disagrees with "{other}"',
             "help": "Check both sources and correct the count that is wrong."},
            {"code": "NC305", "name": "transposed-digits", "kind": "digit_transposition", "severity": "warning",
             "description": "Two figures for the same subject use the same digits in a different order.",
             "pack": "rules/default/NC305.yaml", "message": '"{text}" and "{other}" transpose digits',
             "help": "Look for a typing slip in one of the figures."},
            {"code": "NC612", "name": "event-day-differs-across-story", "kind": "temporal_day", "severity": "info",
             "description": "Two documents of one story date the same event to different days.",
             "pack": "rules/default/NC612.yaml", "message": "", "help": ""},
            {"code": "NC601", "name": "anchored-date-contradicts-year", "kind": "temporal_year", "severity": "error",
             "description": "A relative date resolves to a year other than the one the sentence names.",
             "pack": "rules/default/NC601.yaml", "message": "", "help": ""},
        ],
        "summary": {"documents": 2, "anomalies": 3, "errors": 1,
                    "by_severity": {"error": 1, "warning": 1, "info": 1},
                    "suppressed": 0, "baseline_matched": 0},
        "exit_code": 1,
    }
    if full:
        for doc in documents:
            doc["text"] = TEXTS[doc["path"]]
        records["claims"] = wire_claims + local_claims
    return copy.deepcopy(records)


def clean_records() -> dict:
    """A run with one document and nothing wrong."""
    records = sample_records(full=False)
    records["documents"] = records["documents"][:1]
    records["stories"] = [{"id": "s1", "documents": [WIRE_PATH], "linked_by": [], "date": "2025-03-14"}]
    records["anomalies"] = []
    records["errors"] = []
    records["summary"] = {"documents": 1, "anomalies": 0, "errors": 0,
                          "by_severity": {"error": 0, "warning": 0, "info": 0},
                          "suppressed": 0, "baseline_matched": 0}
    records["exit_code"] = 0
    return records
