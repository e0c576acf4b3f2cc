"""The ``html`` format: one self-contained page for reviewing a run.

The page is built for a fact-checker working through the findings, so it is ordered by what
needs attention: the anomaly cards come first (most serious first), each with a plain sentence,
the arithmetic, a suggested value where one figure can be solved for from the others, the
document's title and source URL, and review controls; then the documents that hold anomalies
or their evidence, grouped by story with a timeline; then every other document, collapsed. A
sidebar lists the contents, and the page can be filtered by code, severity, document and review
status, and searched.

An involved document's text is rendered here with every claim highlighted, its blocks (title,
caption, quote, boilerplate) told apart, and every anomaly marked: an element of class
``anomaly`` whose ``id`` comes from the anomaly's fingerprint and whose ``data-code`` is the rule
code. Without full text the page falls back to excerpts: the sentences the anomalies and their
evidence sit in. Claims tables, and the text of documents without anomalies, travel as embedded
JSON (``<script type="application/json">``) and are built by the page's script when opened,
which keeps a 400-article page to a few megabytes.

Review status (unreviewed, confirmed, false alarm, fixed, and a note) is kept in the browser's
local storage by fingerprint, so it carries over to the next report of the same texts, and is
exported as a baseline file that ``numcheck check --baseline`` reads (see docs/records.md).

The page must work offline and leak nothing when opened: CSS, JavaScript and SVG are inline, a
Content-Security-Policy forbids every network fetch, and no attribute points outside the page
(a document's source URL is shown as text, not as a link). Templates are Jinja2 with
autoescaping on; the only pre-built markup is produced here from :func:`markupsafe.escape`-d
pieces, the embedded JSON is written with ``<``, ``>``, ``&`` and ``'`` escaped, and the script
builds elements with ``textContent`` only.
"""

from __future__ import annotations

import datetime as dt
import heapq
import json
import re
from dataclasses import dataclass, field

from jinja2 import Environment, PackageLoader, StrictUndefined
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup, escape

from numcheck.render._common import (
    counts,
    find_figure,
    item_location,
    location,
    sentence_marks,
    severity_rank,
    sorted_anomalies,
    split_marked,
    summary_line,
)

#: Claim kinds drawn on the timeline.
TIMELINE_KINDS = ("date", "year")

_ENV: Environment | None = None


def environment() -> Environment:
    """The Jinja2 environment for the HTML templates (autoescaping always on)."""
    global _ENV
    if _ENV is None:
        _ENV = Environment(
            loader=PackageLoader("numcheck.render", "templates"),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
    return _ENV


def _slug(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", value).strip("-") or "x"


# --------------------------------------------------------------------------- nesting of spans


@dataclass(order=True)
class _Span:
    start: int
    neg_end: int
    rank: int  # outer-first order for identical spans: anomaly, evidence, claim
    seq: int
    tag: str = field(compare=False)
    attrs: dict = field(compare=False)
    cont_attrs: dict = field(compare=False)


def _open(tag: str, attrs: dict) -> str:
    parts = [tag]
    for k, v in attrs.items():
        if v is None or v is False:
            continue
        parts.append(f'{k}="{escape(v)}"')
    return "<" + " ".join(parts) + ">"


def nest(text: str, spans: list[_Span]) -> Markup:
    """``text`` escaped, with each span wrapped in its element, properly nested.

    Spans that cross (one starts inside another and ends after it) are split at the outer
    span's end; the remainder is reopened with ``cont_attrs`` (no ``id``, so ids stay unique).
    """
    n = len(text)
    heap: list[_Span] = []
    for sp in spans:
        s, e = max(0, min(sp.start, n)), max(0, min(-sp.neg_end, n))
        if e > s:
            sp.start, sp.neg_end = s, -e
            heapq.heappush(heap, sp)
    out: list[str] = []
    pos = 0
    stack: list[tuple[int, str]] = []
    while heap or stack:
        next_start = heap[0].start if heap else None
        if stack and (next_start is None or stack[-1][0] <= next_start):
            end, tag = stack.pop()
            out.append(str(escape(text[pos:end])))
            pos = end
            out.append(f"</{tag}>")
            continue
        sp = heapq.heappop(heap)
        out.append(str(escape(text[pos:sp.start])))
        pos = sp.start
        end = -sp.neg_end
        if stack and end > stack[-1][0]:
            cut = stack[-1][0]
            if cut > sp.start:
                heapq.heappush(heap, _Span(cut, sp.neg_end, sp.rank, sp.seq, sp.tag, sp.cont_attrs, sp.cont_attrs))
                end = cut
            else:  # cannot happen for well-formed input; keep the text intact regardless
                continue
        out.append(_open(sp.tag, sp.attrs))
        stack.append((end, sp.tag))
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


# --------------------------------------------------------------------------- page model


class _Ids:
    """Hands out element ids, never the same one twice."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def take(self, wanted: str) -> str:
        candidate, i = wanted, 1
        while candidate in self.used:
            i += 1
            candidate = f"{wanted}-{i}"
        self.used.add(candidate)
        return candidate


def _evidence_key(doc_index: int, ev: dict) -> str:
    return f"ev-{doc_index}-{ev.get('start')}-{ev.get('end')}"


def _num(v, kind: str | None = None) -> str:
    """A number for people: thousands separated (not for years), no float noise, no ``.0``.

    Intervals are computed (``50,000 × 1.1``), so their ends can carry binary noise such as
    ``55,000.00000000001``; twelve significant digits are more than any text states.
    """
    if v is None:
        return ""
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return str(v)
    if v != v:  # NaN
        return ""
    if v in (float("inf"), float("-inf")):
        return "∞" if v > 0 else "−∞"
    if kind in TIMELINE_KINDS and float(v).is_integer():
        return str(int(v))
    r = float(f"{v:.12g}")
    if r.is_integer() and abs(r) < 1e15:
        return f"{int(r):,}"
    if abs(r) >= 1e15 or abs(r) < 1e-6:
        return f"{r:.6g}"
    return f"{r:,.12f}".rstrip("0").rstrip(".")


def _interval(c: dict) -> str:
    low, high, kind = c.get("low"), c.get("high"), c.get("kind")
    if low is None and high is None:
        return ""
    lo = _num(low, kind) if low is not None else "−∞"
    hi = _num(high, kind) if high is not None else "∞"
    return lo if lo == hi else f"{lo} – {hi}"


def _notes(c: dict) -> str:
    # a claim in a boilerplate block is flagged boilerplate too: say it once
    notes = ["relative" if c.get("relative") else "",
             "boilerplate" if c.get("boilerplate") or c.get("block") == "boilerplate" else "",
             c.get("block") if c.get("block") not in (None, "", "body", "boilerplate") else ""]
    return ", ".join(dict.fromkeys(n for n in notes if n))


def _claim_title(c: dict) -> str:
    bits = [c.get("kind") or "claim"]
    # A date's value is just its year; the ISO date below says more.
    if c.get("value") is not None and c.get("kind") not in TIMELINE_KINDS:
        bits.append(_num(c["value"]) + (f" {c['unit']}" if c.get("unit") else ""))
    if c.get("qualifier") and c["qualifier"] != "exact":
        bits.append(c["qualifier"])
    if c.get("date"):
        bits.append(c["date"])
    if c.get("subject"):
        bits.append(f"of {c['subject']}")
    return " · ".join(bits)


def _claim_row(c: dict, flagged: list[str]) -> list:
    """One claim as the page's embedded JSON carries it (see ``CLAIM_COLUMNS`` in report.js):
    display strings computed here, so the script only places them."""
    return [c.get("start"), c.get("end"), f"{c.get('line') or 0}:{c.get('column') or 0}",
            c.get("text") or "", c.get("kind") or "", _num(c.get("value"), c.get("kind")), _interval(c),
            c.get("unit") or "", c.get("qualifier") or "", c.get("subject") or "", c.get("date") or "",
            _notes(c), flagged]


def _highlight_sentence(anomaly: dict, doc_text: str | None) -> Markup:
    sentence = anomaly.get("sentence") or ""
    out = []
    for piece, mark in split_marked(sentence, sentence_marks(anomaly, sentence, doc_text)):
        if mark is None:
            out.append(str(escape(piece)))
        else:
            cls = "fig primary" if mark.primary else "fig evidence-fig"
            out.append(f'<b class="{cls}">{escape(piece)}</b>')
    return Markup("".join(out))


def _parse_iso(value: str | None) -> tuple[dt.date, dt.date, str] | None:
    """``(first day, day after the last, granularity)`` of an ISO year, month or day."""
    if not value or not isinstance(value, str):
        return None
    m = re.fullmatch(r"(-?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value.strip())
    if not m:
        return None
    try:
        year = int(m.group(1))
        if m.group(3):
            d = dt.date(year, int(m.group(2)), int(m.group(3)))
            return d, d + dt.timedelta(days=1), "day"
        if m.group(2):
            month = int(m.group(2))
            first = dt.date(year, month, 1)
            nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
            return first, nxt, "month"
        return dt.date(year, 1, 1), dt.date(year + 1, 1, 1), "year"
    except (ValueError, OverflowError):
        return None


def _ticks(lo: dt.date, hi: dt.date) -> list[tuple[dt.date, str]]:
    span = (hi - lo).days
    ticks: list[tuple[dt.date, str]] = []
    if span > 3 * 366:
        step = max(1, (hi.year - lo.year) // 10 + 1)
        y = lo.year + (0 if lo == dt.date(lo.year, 1, 1) else 1)
        y += (-y) % step
        while y <= hi.year:
            ticks.append((dt.date(y, 1, 1), str(y)))
            y += step
    elif span > 62:
        months = (hi.year - lo.year) * 12 + hi.month - lo.month
        step = max(1, months // 10 + 1)
        y, m = lo.year, lo.month + (0 if lo.day == 1 else 1)
        if m > 12:
            y, m = y + 1, 1
        while dt.date(y, m, 1) <= hi:
            ticks.append((dt.date(y, m, 1), f"{y}-{m:02d}"))
            m += step
            while m > 12:
                y, m = y + 1, m - 12
    else:
        step = max(1, span // 10 + 1)
        d = lo
        while d <= hi:
            ticks.append((d, d.isoformat()))
            d += dt.timedelta(days=step)
    return ticks


#: A claim that names only a weekday ("on Friday", "Thursday night"): resolved against the
#: document date it is a real day, but a story mentions dozens, so the timeline groups them.
WEEKDAY_ONLY = re.compile(
    r"(?:on |last |next |this |since |by |until |from )?(?:mon|tues|wednes|thurs|fri|satur|sun)day"
    r"(?:'s)?(?: (?:morning|afternoon|evening|night))?",
    re.I,
)


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def doc_label(d: dict) -> str:
    """How a document is named to people: its title, else the last part of its path."""
    if d.get("title"):
        return str(d["title"])
    path = str(d.get("path") or "")
    return re.split(r"[/\\#]", path)[-1] or path or "document"


def _timeline(story: dict, claims_by_path: dict[str, list[dict]], docs_by_path: dict[str, dict],
              flagged: dict, doc_index: dict) -> dict | None:
    """Layout of one story's timeline (SVG user units), or ``None`` if no claim is dated.

    One row per document, labelled with it; within a row, claims with the same text and date
    are one event, and claims that name only a weekday are one event per week, so "on Friday"
    said five times is one mark, not five lines. Rows grow extra lanes only where labels would
    overlap.
    """
    # story order, not a set: the page must be byte-identical from run to run (golden files)
    story_paths = list(dict.fromkeys(story.get("documents") or []))
    groups: dict[tuple, dict] = {}
    for path in story_paths:
        for c in claims_by_path.get(path, ()):
            if c.get("kind") not in TIMELINE_KINDS:
                continue
            parsed = _parse_iso(c.get("date"))
            if not parsed:
                continue
            text = " ".join(str(c.get("text") or "").split())
            if WEEKDAY_ONLY.fullmatch(text):
                key = (path, "weekday", parsed[0].isocalendar()[:2])
            else:
                key = (path, "same", text.lower(), c.get("date"))
            g = groups.setdefault(key, {"path": path, "claims": [], "weekday": key[1] == "weekday"})
            g["claims"].append((c, parsed))
    if not groups:
        return None
    pubs = {}
    for path in story_paths:
        parsed = _parse_iso((docs_by_path.get(path) or {}).get("date"))
        if parsed:
            pubs[path] = parsed[0]
    firsts = [p[0] for g in groups.values() for _, p in g["claims"]] + list(pubs.values())
    afters = [p[1] for g in groups.values() for _, p in g["claims"]] + [d + dt.timedelta(days=1) for d in pubs.values()]
    lo, hi = min(firsts), max(afters)
    span = max((hi - lo).days, 30)
    pad = max(1, span // 25)
    lo, hi = lo - dt.timedelta(days=pad), hi + dt.timedelta(days=pad)
    width, left, right = 1000, 190, 20

    def x(day: dt.date) -> float:
        return round(left + (day - lo).days / max(1, (hi - lo).days) * (width - left - right), 1)

    def mid(day: dt.date) -> float:
        return round((x(day) + x(day + dt.timedelta(days=1))) / 2, 1)

    lane_h = 22
    rows = []
    y = 8
    for path in story_paths:
        mine = [g for g in groups.values() if g["path"] == path]
        if not mine and path not in pubs:
            continue
        events = []
        for g in mine:
            claims = sorted(g["claims"], key=lambda cp: (cp[1][0], cp[0].get("start") or 0))
            anchors = [a for c, _ in claims for a in flagged.get((c.get("path"), c.get("start"), c.get("end")), [])]
            if g["weekday"]:
                names: dict[str, int] = {}
                for c, _ in claims:
                    name = " ".join(str(c.get("text")).split())
                    names[name] = names.get(name, 0) + 1
                label = " · ".join(n + (f" ×{k}" if k > 1 else "") for n, k in names.items())
            else:
                label = " ".join(str(claims[0][0].get("text") or "").split())
                if len(claims) > 1:
                    label += f" ×{len(claims)}"
            label = _short(label, 48) + (" ⚠" if anchors else "")
            marks = []
            for parsed in dict.fromkeys(p for _, p in claims):
                x0, x1 = x(parsed[0]), x(parsed[1])
                # a day is a dot in the middle of its stretch of axis, a month or year a bar
                marks.append({"x": x0, "w": max(3.0, round(x1 - x0, 1)), "cx": round((x0 + x1) / 2, 1),
                              "gran": parsed[2]})
            first = claims[0][0]
            events.append({
                "marks": marks,
                "x0": min(m["cx"] - 5 if m["gran"] == "day" else m["x"] for m in marks),
                "x1": max(m["cx"] + 5 if m["gran"] == "day" else m["x"] + m["w"] for m in marks),
                "label": label, "anomalous": bool(anchors), "count": len(claims),
                "gran": claims[0][1][2], "weekday": g["weekday"],
                "href": "#" + f"c-{doc_index.get(path, 0)}-{first.get('start')}-{first.get('end')}",
                "title": "\n".join(
                    f"{c.get('date')} — {item_location(c, docs_by_path)} "
                    f"“{c.get('text')}” ({c.get('kind')}{', relative' if c.get('relative') else ''})"
                    for c, _ in claims[:20]) + (f"\n… and {len(claims) - 20} more" if len(claims) > 20 else "")
                    + (" — anomalous" if anchors else ""),
                "key": (min(p[0] for _, p in claims), label),
            })
        lanes: list[list[tuple[float, float]]] = []
        for e in sorted(events, key=lambda e: e["key"]):
            # Labels are measured roughly (7 units per character at 12px) to stack them in lanes
            # where they do not overlap; exact text metrics would need the browser. A label that
            # would run off the right edge goes on the marker's left instead.
            label_w = 7 * len(e["label"])
            if e["x1"] + 6 + label_w <= width - 4:
                e["anchor"], e["label_x"] = "start", round(e["x1"] + 6, 1)
                extent = (e["x0"] - 4, e["label_x"] + label_w)
            else:
                e["anchor"], e["label_x"] = "end", round(max(left + 4, e["x0"] - 8), 1)
                extent = (e["label_x"] - label_w, e["x1"] + 4)
            for lane, taken in enumerate(lanes):
                if all(extent[1] <= a or b <= extent[0] for a, b in taken):
                    taken.append(extent)
                    break
            else:
                lanes.append([extent])
                lane = len(lanes) - 1
            e["lane"] = lane
        height = max(1, len(lanes)) * lane_h + 8
        for e in events:
            e["y"] = y + 4 + e["lane"] * lane_h + lane_h // 2
            del e["key"]
        d = docs_by_path.get(path) or {"path": path}
        pub = pubs.get(path)
        rows.append({
            "path": path, "label": _short(doc_label(d), 26), "full_label": f"{doc_label(d)} ({path})",
            "href": f"#doc-{doc_index[path]}" if path in doc_index else None,
            "y": y, "height": height, "label_y": y + 4 + lane_h // 2 + 4,
            "events": sorted(events, key=lambda e: (e["lane"], e["x0"])),
            "pub": None if pub is None else {"x": mid(pub), "title": f"{path} dated {pub.isoformat()} "
                                                              f"({d.get('date_source') or '?'})"},
        })
        y += height
    axis_y = y + 6
    pub_days = sorted(set(pubs.values()))
    return {
        "width": width, "height": axis_y + 40, "axis_y": axis_y, "left": left, "right": width - right,
        "rows": rows,
        "ticks": [{"x": x(d), "label": lab} for d, lab in _ticks(lo, hi)],
        # one date for the whole story is labelled on the axis; several are in each row's tooltip
        "pub_label": ({"x": mid(pub_days[0]), "label": f"published {pub_days[0].isoformat()}",
                       "anchor": "end" if mid(pub_days[0]) > width - 90 else "middle"}
                      if len(pub_days) == 1 else None),
    }


def _json_script(value) -> Markup:
    """``value`` as JSON that is safe inside ``<script type="application/json">``: ``<``, ``>``,
    ``&`` and ``'`` are written as ``\\u`` escapes, so no text can close the element."""
    return htmlsafe_json_dumps(value, dumps=_compact_dumps)


def _compact_dumps(value, **kwargs) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _card_order(records: dict) -> list[dict]:
    """Anomalies most serious first, then in reading order (document order, then position)."""
    ordered = sorted_anomalies(records)
    return sorted(ordered, key=lambda a: severity_rank(a.get("severity")))


def build_context(records: dict) -> dict:
    """Everything the template needs, computed from ``records`` (no markup decisions left to it)."""
    ids = _Ids()
    documents = list(records.get("documents") or [])
    doc_index = {d.get("path"): i for i, d in enumerate(documents)}
    docs_by_path = {d.get("path"): d for d in documents}
    claims = list(records.get("claims") or [])
    anomalies = _card_order(records)

    # Per anomaly: its element ids, its review key and where its evidence lives.
    cards = []
    flagged: dict[tuple, list[str]] = {}
    seen_fp: dict[str, int] = {}
    for n, a in enumerate(anomalies, start=1):
        fp = a.get("fingerprint") or f"n{n}"
        seen_fp[fp] = seen_fp.get(fp, 0) + 1
        # the same fingerprint twice (one sentence stating it twice) is two anomalies to review
        # and two baseline entries: the review key tells them apart
        key = fp if seen_fp[fp] == 1 else f"{fp}~{seen_fp[fp]}"
        anchor = ids.take("nc-" + _slug(fp))
        cards.append({"a": a, "fp": fp, "key": key, "anchor": anchor, "card": ids.take("card-" + _slug(fp)),
                      "evidence": [], "placed": False})
        flagged.setdefault((a.get("path"), a.get("start"), a.get("end")), []).append(anchor)
        for ev in a.get("evidence") or []:
            flagged.setdefault((ev.get("path"), ev.get("start"), ev.get("end")), []).append(anchor)

    # Element ids of evidence targets; every evidence location gets exactly one element.
    evidence_targets: dict[tuple, dict] = {}
    for card in cards:
        for ev in card["a"].get("evidence") or []:
            key = (ev.get("path"), ev.get("start"), ev.get("end"))
            di = doc_index.get(ev.get("path"))
            if di is None or not isinstance(ev.get("start"), int):
                card["evidence"].append({"ev": ev, "href": None})
                continue
            if key not in evidence_targets:
                evidence_targets[key] = {"id": ids.take(_evidence_key(di, ev)), "of": [], "role": ev.get("role") or "evidence", "ev": ev}
            evidence_targets[key]["of"].append(card["anchor"])
            card["evidence"].append({"ev": ev, "href": "#" + evidence_targets[key]["id"]})

    # Grouped once up front: a corpus run can have thousands of documents and far more claims.
    claims_by_path: dict[str, list[dict]] = {}
    for c in claims:
        claims_by_path.setdefault(c.get("path"), []).append(c)
    cards_by_path: dict[str, list[dict]] = {}
    for card in cards:
        cards_by_path.setdefault(card["a"].get("path"), []).append(card)
    targets_by_path: dict[str, list[dict]] = {}
    for (p, _s, _e), t in evidence_targets.items():
        targets_by_path.setdefault(p, []).append(t)
    # A document is "involved" when an anomaly or a piece of evidence sits in it: its text is
    # rendered into the page, marked up; every other document's text waits in embedded JSON
    # until the reader opens it (a corpus page would otherwise carry every claim as markup).
    involved = set(cards_by_path) | set(targets_by_path)

    claim_ids: dict[tuple, str] = {}
    docs_ctx = []
    for i, d in enumerate(documents):
        path = d.get("path")
        doc_claims = sorted(claims_by_path.get(path, []), key=lambda c: (c.get("start") or 0, c.get("end") or 0))
        doc_cards = cards_by_path.get(path, [])
        text = d.get("text")
        has_text = isinstance(text, str)
        is_involved = path in involved
        body = None
        excerpts = []
        if is_involved:
            for c in doc_claims:
                key = (path, c.get("start"), c.get("end"))
                if key not in claim_ids:
                    claim_ids[key] = ids.take(f"c-{i}-{c.get('start')}-{c.get('end')}")
            if has_text:
                body = _marked_body(path, text, d, doc_cards, targets_by_path.get(path, []), doc_claims,
                                    flagged, claim_ids,
                                    [ids.take(f"doc-{i}-page-{k + 1}") for k in range(len(_page_starts(d)))])
            else:
                excerpts = _excerpts(doc_cards, targets_by_path.get(path, []))
        data: dict = {}
        if doc_claims:
            data["claims"] = [_claim_row(c, flagged.get((path, c.get("start"), c.get("end")), []))
                              for c in doc_claims]
        if has_text and not is_involved:
            data["text"] = text
            data["blocks"] = [[b.get("start"), b.get("end"), b.get("kind")] for b in d.get("blocks") or []
                              if isinstance(b, dict)]
            if _page_starts(d):
                data["pages"] = _page_starts(d)
        docs_ctx.append({
            "doc": d, "index": i, "anchor": f"doc-{i}", "label": doc_label(d), "body": body,
            "excerpts": excerpts, "cards": doc_cards, "involved": is_involved, "has_text": has_text,
            "claim_count": len(doc_claims), "data": _json_script(data) if data else None,
            "url": d.get("url") if isinstance(d.get("url"), str) else None,
        })

    for card in cards:
        a = card["a"]
        d = docs_by_path.get(a.get("path"))
        card["sentence_html"] = _highlight_sentence(a, d.get("text") if d else None)
        card["location"] = item_location(a, docs_by_path)
        for item in card["evidence"]:
            item["where"] = item_location(item["ev"], docs_by_path)
        card["doc_index"] = doc_index.get(a.get("path"))
        card["doc_anchor"] = f"doc-{card['doc_index']}" if card["doc_index"] is not None else None
        card["doc_label"] = doc_label(d) if d else None
        card["doc"] = d
        card["url"] = d.get("url") if d and isinstance(d.get("url"), str) else None
        # Plain sentence first, then the arithmetic: version-1 records (and rules that give no
        # separate sentence) have only the message, which then stands alone.
        summary = a.get("summary") if isinstance(a.get("summary"), str) and a.get("summary") else None
        card["headline"] = summary or a.get("message") or ""
        card["arithmetic"] = ""
        if summary:
            # the arithmetic alone when the record gives it; else whatever the message adds
            rest = a.get("message") if a.get("message") != summary else ""
            card["arithmetic"] = a.get("computation") or rest or ""
        card["suggestions"] = [s for s in a.get("suggestions") or []
                               if isinstance(s, dict) and s.get("suggested")]

    ctx_by_path = {dc["doc"].get("path"): dc for dc in docs_ctx}
    ctx_by_story: dict[str, list[dict]] = {}
    for dc in docs_ctx:
        ctx_by_story.setdefault(dc["doc"].get("story"), []).append(dc)
    flagged_stories, clean_groups = [], []
    placed: set[int] = set()
    for s in records.get("stories") or []:
        members = list(ctx_by_story.get(s.get("id"), []))
        listed = {id(dc) for dc in members}
        members += [ctx_by_path[p] for p in s.get("documents") or []
                    if p in ctx_by_path and id(ctx_by_path[p]) not in listed]
        members = [dc for dc in members if id(dc) not in placed]
        if not members:
            continue
        placed.update(id(dc) for dc in members)
        hot = any(dc["involved"] for dc in members)
        # documents with a card first, then those holding only evidence, then the rest
        docs = sorted(members, key=lambda dc: (not dc["cards"], not dc["involved"], dc["index"]))
        entry = {"story": s, "anchor": ids.take("story-" + _slug(str(s.get("id")))), "docs": docs}
        # A one-document story that is clean gets no timeline: on a corpus that is hundreds of
        # drawings nobody asked for; its dated claims are in its claims table.
        if hot or len(members) > 1:
            entry["timeline"] = _timeline(s, claims_by_path, docs_by_path, flagged, doc_index)
        else:
            entry["timeline"] = None
        (flagged_stories if hot else clean_groups).append(entry)
    for dc in docs_ctx:
        if id(dc) not in placed:
            entry = {"story": None, "anchor": None, "docs": [dc], "timeline": None}
            (flagged_stories if dc["involved"] else clean_groups).append(entry)
    flagged_stories.sort(key=lambda e: min(dc["index"] for dc in e["docs"]))

    c = counts(records)
    codes: dict[str, dict] = {}
    for card in cards:
        code = card["a"].get("code") or ""
        entry = codes.setdefault(code, {"code": code, "name": card["a"].get("name") or "", "n": 0})
        entry["n"] += 1
    flagged_docs = [dc for e in flagged_stories for dc in e["docs"] if dc["cards"]]
    review = [{"key": card["key"], "fingerprint": card["fp"], "code": card["a"].get("code"),
               "path": card["a"].get("path"), "line": card["a"].get("line"), "text": card["a"].get("text"),
               "sentence": card["a"].get("sentence")} for card in cards]
    return {
        "records": records,
        "version": records.get("numcheck", ""),
        "counts": c,
        "summary": summary_line(records),
        "cards": cards,
        "codes": sorted(codes.values(), key=lambda e: e["code"]),
        "flagged_docs": flagged_docs,
        "involved_docs": [dc for e in flagged_stories for dc in e["docs"] if dc["involved"]],
        "flagged_stories": flagged_stories,
        "clean_groups": clean_groups,
        "clean_count": sum(len(e["docs"]) for e in clean_groups),
        "errors": [dict(e, where=location(e.get("path"), e.get("line"), e.get("column")))
                   for e in records.get("errors") or []],
        "has_claims": "claims" in records,
        "review_data": _json_script({"numcheck": records.get("numcheck", ""), "anomalies": review}),
        "num": _num,
        "location": location,
    }


def _page_starts(d: dict) -> list[int]:
    """Where each page of a PDF document record begins in its text (empty for other formats)."""
    return [p for p in d.get("page_starts") or [] if isinstance(p, int) and not isinstance(p, bool)]


def _marked_body(path: str, text: str, d: dict, doc_cards: list[dict], targets: list[dict],
                 doc_claims: list[dict], flagged: dict, claim_ids: dict, page_ids: list[str]) -> Markup:
    """The document's text, escaped, with its pages, blocks, anomalies, evidence and claims marked."""
    spans: list[_Span] = []
    seq = 0
    # a PDF's pages: each page's text in a span the stylesheet labels "page N", outside all else
    starts = _page_starts(d)
    for k, p_start in enumerate(starts):
        p_end = starts[k + 1] if k + 1 < len(starts) else len(text)
        seq += 1
        spans.append(_Span(p_start, -max(p_end, p_start + 1), -2, seq, "span", {
            "class": "page", "id": page_ids[k] if k < len(page_ids) else None, "data-page": str(k + 1),
        }, {"class": "page page-cont"}))
    for b in d.get("blocks") or []:
        if not isinstance(b, dict) or not isinstance(b.get("start"), int) or not isinstance(b.get("end"), int):
            continue
        seq += 1
        kind = _slug(str(b.get("kind") or "body"))
        spans.append(_Span(b["start"], -b["end"], -1, seq, "span",
                           {"class": f"block block-{kind}", "data-block": kind},
                           {"class": f"block block-{kind} block-cont"}))
    for card in doc_cards:
        a = card["a"]
        if not (isinstance(a.get("start"), int) and isinstance(a.get("end"), int)):
            continue
        seq += 1
        sev = a.get("severity") or "warning"
        card["placed"] = True
        spans.append(_Span(a["start"], -a["end"], 0, seq, "mark", {
            "class": f"anomaly sev-{sev}", "id": card["anchor"], "data-code": a.get("code", ""),
            "data-severity": sev, "data-fingerprint": card["fp"], "data-card": card["card"],
            "tabindex": "0", "title": f"{a.get('code', '')} {a.get('name', '')}: {a.get('message', '')}",
        }, {"class": f"anomaly-cont sev-{sev}", "data-card": card["card"]}))
    for tgt in targets:
        ev = tgt["ev"]
        if not (isinstance(ev.get("start"), int) and isinstance(ev.get("end"), int)):
            continue
        seq += 1
        spans.append(_Span(ev["start"], -ev["end"], 1, seq, "mark", {
            "class": "evidence", "id": tgt["id"], "data-of": " ".join(tgt["of"]), "data-role": tgt["role"],
            "title": f"evidence ({tgt['role']})",
        }, {"class": "evidence-cont", "data-of": " ".join(tgt["of"])}))
    for c in doc_claims:
        if not (isinstance(c.get("start"), int) and isinstance(c.get("end"), int)):
            continue
        seq += 1
        key = (path, c.get("start"), c.get("end"))
        cls = f"claim kind-{_slug(c.get('kind') or 'x')}" + (" flagged" if key in flagged else "")
        spans.append(_Span(c["start"], -c["end"], 2, seq, "span", {
            "class": cls, "id": claim_ids.get(key), "title": _claim_title(c),
        }, {"class": cls + " claim-cont"}))
    return nest(text, spans)


def _excerpts(doc_cards: list[dict], targets: list[dict]) -> list[dict]:
    """Without the text: each sentence an anomaly or a piece of evidence sits in, marked."""
    seq = 0
    sentences: dict[str, dict] = {}
    for card in doc_cards:
        a = card["a"]
        sent = a.get("sentence") or a.get("text") or ""
        entry = sentences.setdefault(sent, {"anomalies": [], "evidence": [], "line": a.get("line") or 0})
        for m in sentence_marks(a, sent):
            if m.primary:
                entry["anomalies"].append((card, m.start, m.end))
                break
    for t in targets:
        sent = t["ev"].get("sentence") or t["ev"].get("text") or ""
        entry = sentences.setdefault(sent, {"anomalies": [], "evidence": [], "line": t["ev"].get("line") or 0})
        taken = [(s, e) for _, s, e in entry["anomalies"]]
        hit = find_figure(sent, t["ev"].get("text") or "", taken) or find_figure(sent, t["ev"].get("text") or "")
        if hit:
            entry["evidence"].append((t, hit[0], hit[1]))
    out = []
    for sent, entry in sorted(sentences.items(), key=lambda kv: kv[1]["line"]):
        spans = []
        for card, s, e in entry["anomalies"]:
            seq += 1
            a = card["a"]
            sev = a.get("severity") or "warning"
            card["placed"] = True
            spans.append(_Span(s, -e, 0, seq, "mark", {
                "class": f"anomaly sev-{sev}", "id": card["anchor"], "data-code": a.get("code", ""),
                "data-severity": sev, "data-fingerprint": card["fp"], "data-card": card["card"],
                "tabindex": "0", "title": f"{a.get('code', '')} {a.get('name', '')}: {a.get('message', '')}",
            }, {"class": f"anomaly-cont sev-{sev}", "data-card": card["card"]}))
        for t, s, e in entry["evidence"]:
            seq += 1
            spans.append(_Span(s, -e, 1, seq, "mark", {
                "class": "evidence", "id": t["id"], "data-of": " ".join(t["of"]), "data-role": t["role"],
                "title": f"evidence ({t['role']})",
            }, {"class": "evidence-cont", "data-of": " ".join(t["of"])}))
        out.append({"line": entry["line"], "html": nest(sent, spans)})
    return out


def render(records: dict) -> str:
    """The HTML report for ``records``: one self-contained UTF-8 page, ending in a newline."""
    page = environment().get_template("report.html.j2").render(**build_context(records))
    return page.rstrip("\n") + "\n"
