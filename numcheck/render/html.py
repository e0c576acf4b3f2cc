"""The ``html`` format: one self-contained page for people.

For each document the page shows its text (when the records carry it, i.e. ``detail="full"``)
with every claim highlighted and every anomaly marked: an element of class ``anomaly`` whose
``id`` comes from the anomaly's fingerprint and whose ``data-code`` is the rule code. Each
anomaly's card links to the anomaly and to its evidence, also across documents. Without full
text the page falls back to excerpts: the sentences the anomalies and their evidence sit in.
A table lists the claims, and each story gets a timeline of its dated claims as inline SVG.

The page must work offline and leak nothing when opened: CSS, JavaScript and SVG are inline, a
Content-Security-Policy forbids every network fetch, and no external URL appears anywhere.
Templates are Jinja2 with autoescaping on; the only pre-built markup is produced here from
:func:`markupsafe.escape`-d pieces.
"""

from __future__ import annotations

import datetime as dt
import heapq
import re
from dataclasses import dataclass, field

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from numcheck.render._common import (
    counts,
    find_figure,
    item_location,
    location,
    sentence_marks,
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


def _num(v, kind: str | None = None) -> str:
    """A number for people: integral floats without ``.0``, thousands separated (not for years)."""
    if v is None:
        return ""
    if kind in TIMELINE_KINDS and isinstance(v, (int, float)) and float(v).is_integer():
        return str(int(v))
    if isinstance(v, float) and v.is_integer():
        return f"{int(v):,}"
    if isinstance(v, (int, float)):
        return f"{v:,}"
    return str(v)


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


def _timeline(story: dict, claims_by_path: dict[str, list[dict]], docs: list[dict], flagged: dict,
              doc_index: dict) -> dict | None:
    """Layout of one story's timeline (coordinates in SVG user units), or ``None`` if undated."""
    # story order, not a set: the page must be byte-identical from run to run (golden files)
    story_paths = list(dict.fromkeys(story.get("documents") or []))
    paths = set(story_paths)
    events = []
    for c in (c for p in story_paths for c in claims_by_path.get(p, ())):
        if c.get("kind") not in TIMELINE_KINDS:
            continue
        parsed = _parse_iso(c.get("date"))
        if not parsed:
            continue
        key = (c.get("path"), c.get("start"), c.get("end"))
        events.append({"claim": c, "first": parsed[0], "after": parsed[1], "gran": parsed[2],
                       "anomalous": key in flagged, "fingerprints": flagged.get(key, [])})
    if not events:
        return None
    pubs = []
    for d in docs:
        if d.get("path") in paths:
            parsed = _parse_iso(d.get("date"))
            if parsed:
                pubs.append({"doc": d, "day": parsed[0]})
    lo = min([e["first"] for e in events] + [p["day"] for p in pubs])
    hi = max([e["after"] for e in events] + [p["day"] + dt.timedelta(days=1) for p in pubs])
    span = max((hi - lo).days, 30)
    pad = max(1, span // 25)
    lo, hi = lo - dt.timedelta(days=pad), hi + dt.timedelta(days=pad)
    width, left, right = 1000, 30, 30

    def x(day: dt.date) -> float:
        return round(left + (day - lo).days / max(1, (hi - lo).days) * (width - left - right), 1)

    lanes: list[list[tuple[float, float]]] = []
    lane_h = 24
    placed = []
    for e in sorted(events, key=lambda e: (e["first"], e["after"], e["claim"].get("path") or "",
                                           e["claim"].get("start") or 0)):
        x0, x1 = x(e["first"]), x(e["after"])
        label = f"{e['claim'].get('text', '')}" + (" ⚠" if e["anomalous"] else "")
        # Labels are measured roughly (7 units per character at 12px) to stack them in lanes
        # where they do not overlap; exact text metrics would need the browser. A label that
        # would run off the right edge goes on the marker's left instead.
        label_w = 7 * len(label)
        if max(x1, x0 + 4) + 6 + label_w <= width - 4:
            anchor, label_x = "start", round(max(x1, x0 + 4) + 6, 1)
            extent = (x0 - 4, label_x + label_w)
        else:
            anchor, label_x = "end", round(x0 - 8, 1)
            extent = (label_x - label_w, max(x1, x0 + 4) + 4)
        for lane, taken in enumerate(lanes):
            if all(extent[1] <= a or b <= extent[0] for a, b in taken):
                taken.append(extent)
                break
        else:
            lanes.append([extent])
            lane = len(lanes) - 1
        c = e["claim"]
        placed.append({
            "x": x0, "w": max(0.0, round(x1 - x0, 1)), "y": 14 + lane * lane_h, "gran": e["gran"],
            "label": label, "label_x": label_x, "anchor": anchor,
            "anomalous": e["anomalous"],
            "href": "#" + f"c-{doc_index.get(c.get('path'), 0)}-{c.get('start')}-{c.get('end')}",
            "title": f"{c.get('date')} — {location(c.get('path'), c.get('line'), c.get('column'))} "
                     f"({c.get('kind')}{', relative' if c.get('relative') else ''})"
                     + (" — anomalous" if e["anomalous"] else ""),
        })
    axis_y = 14 + max(1, len(lanes)) * lane_h + 6
    return {
        "width": width,
        "height": axis_y + 40,
        "axis_y": axis_y,
        "left": left,
        "right": width - right,
        "events": placed,
        "ticks": [{"x": x(d), "label": lab} for d, lab in _ticks(lo, hi)],
        "pubs": [{"x": x(p["day"]), "label": f"published {p['day'].isoformat()}",
                  "anchor": "end" if x(p["day"]) > width - 90 else ("start" if x(p["day"]) < 90 else "middle"),
                  "title": f"{p['doc'].get('path')} dated {p['day'].isoformat()} ({p['doc'].get('date_source', '?')})"}
                 for p in pubs],
    }


def build_context(records: dict) -> dict:
    """Everything the template needs, computed from ``records`` (no markup decisions left to it)."""
    ids = _Ids()
    documents = list(records.get("documents") or [])
    doc_index = {d.get("path"): i for i, d in enumerate(documents)}
    claims = list(records.get("claims") or [])
    anomalies = sorted_anomalies(records)

    # Per anomaly: its element id and where its evidence lives.
    cards = []
    flagged: dict[tuple, list[str]] = {}
    for n, a in enumerate(anomalies, start=1):
        fp = a.get("fingerprint") or f"n{n}"
        anchor = ids.take("nc-" + _slug(fp))
        cards.append({"a": a, "fp": fp, "anchor": anchor, "card": ids.take("card-" + _slug(fp)), "evidence": []})
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

    claim_ids: dict[tuple, str] = {}
    docs_ctx = []
    for i, d in enumerate(documents):
        path = d.get("path")
        doc_claims = claims_by_path.get(path, [])
        for c in doc_claims:
            key = (path, c.get("start"), c.get("end"))
            if key not in claim_ids:
                claim_ids[key] = ids.take(f"c-{i}-{c.get('start')}-{c.get('end')}")
        doc_cards = cards_by_path.get(path, [])
        seq = 0

        def spans_for(items_anomaly, items_evidence, items_claims, shift=0):
            nonlocal seq
            spans = []
            for card in items_anomaly:
                a, s, e = card["a"], card["s"], card["e"]
                seq += 1
                sev = a.get("severity") or "warning"
                spans.append(_Span(s - shift, -(e - shift), 0, seq, "mark", {
                    "class": f"anomaly sev-{sev}", "id": card["anchor"], "data-code": a.get("code", ""),
                    "data-severity": sev, "data-fingerprint": card["fp"], "data-card": card["card"],
                    "tabindex": "0", "title": f"{a.get('code', '')} {a.get('name', '')}: {a.get('message', '')}",
                }, {"class": f"anomaly-cont sev-{sev}", "data-card": card["card"]}))
            for tgt, s, e in items_evidence:
                seq += 1
                spans.append(_Span(s - shift, -(e - shift), 1, seq, "mark", {
                    "class": "evidence", "id": tgt["id"], "data-of": " ".join(tgt["of"]), "data-role": tgt["role"],
                    "title": f"evidence ({tgt['role']})",
                }, {"class": "evidence-cont", "data-of": " ".join(tgt["of"])}))
            for c in items_claims:
                seq += 1
                key = (path, c.get("start"), c.get("end"))
                cls = f"claim kind-{_slug(c.get('kind') or 'x')}" + (" flagged" if key in flagged else "")
                spans.append(_Span(c["start"] - shift, -(c["end"] - shift), 2, seq, "span", {
                    "class": cls, "id": claim_ids.get(key), "title": _claim_title(c),
                }, {"class": cls + " claim-cont"}))
            return spans

        text = d.get("text")
        body = None
        excerpts = []
        if isinstance(text, str):
            primaries = [dict(card, s=card["a"]["start"], e=card["a"]["end"]) for card in doc_cards
                         if isinstance(card["a"].get("start"), int) and isinstance(card["a"].get("end"), int)]
            evs = [(t, t["ev"]["start"], t["ev"]["end"]) for t in targets_by_path.get(path, [])
                   if isinstance(t["ev"].get("end"), int)]
            cl = [c for c in doc_claims if isinstance(c.get("start"), int) and isinstance(c.get("end"), int)]
            spans = spans_for(primaries, evs, cl)
            # a PDF's pages: each page's text in a span the stylesheet labels "page N"
            starts = [p for p in d.get("page_starts") or [] if isinstance(p, int)]
            for k, p_start in enumerate(starts):
                p_end = starts[k + 1] if k + 1 < len(starts) else len(text)
                seq += 1
                spans.append(_Span(p_start, -max(p_end, p_start + 1), -1, seq, "span", {
                    "class": "page", "id": ids.take(f"doc-{i}-page-{k + 1}"), "data-page": str(k + 1),
                }, {"class": "page-cont"}))
            body = nest(text, spans)
        else:
            # Without the text, show each sentence an anomaly or a piece of evidence sits in.
            sentences: dict[str, dict] = {}
            for card in doc_cards:
                a = card["a"]
                sent = a.get("sentence") or a.get("text") or ""
                entry = sentences.setdefault(sent, {"anomalies": [], "evidence": [], "line": a.get("line") or 0})
                for m in sentence_marks(a, sent):
                    if m.primary:
                        entry["anomalies"].append(dict(card, s=m.start, e=m.end))
                        break
            for t in targets_by_path.get(path, []):
                sent = t["ev"].get("sentence") or t["ev"].get("text") or ""
                entry = sentences.setdefault(sent, {"anomalies": [], "evidence": [], "line": t["ev"].get("line") or 0})
                taken = [(c["s"], c["e"]) for c in entry["anomalies"]]
                hit = find_figure(sent, t["ev"].get("text") or "", taken) or find_figure(sent, t["ev"].get("text") or "")
                if hit:
                    entry["evidence"].append((t, hit[0], hit[1]))
            for sent, entry in sorted(sentences.items(), key=lambda kv: kv[1]["line"]):
                excerpts.append({"line": entry["line"],
                                 "html": nest(sent, spans_for(entry["anomalies"], entry["evidence"], []))})
        docs_ctx.append({
            "doc": d, "index": i, "anchor": f"doc-{i}", "body": body, "excerpts": excerpts,
            "cards": doc_cards,
            "claims": [{"c": c, "id": claim_ids.get((path, c.get("start"), c.get("end"))),
                        "flagged": flagged.get((path, c.get("start"), c.get("end")), [])}
                       for c in sorted(doc_claims, key=lambda c: (c.get("start") or 0, c.get("end") or 0))],
        })

    for card in cards:
        a = card["a"]
        card["sentence_html"] = _highlight_sentence(a, (documents[doc_index[a.get("path")]].get("text")
                                                        if a.get("path") in doc_index else None))
        card["location"] = item_location(a, {d.get("path"): d for d in documents})
        card["doc_anchor"] = f"doc-{doc_index[a.get('path')]}" if a.get("path") in doc_index else None

    ctx_by_path = {dc["doc"].get("path"): dc for dc in docs_ctx}
    ctx_by_story: dict[str, list[dict]] = {}
    for dc in docs_ctx:
        ctx_by_story.setdefault(dc["doc"].get("story"), []).append(dc)
    stories = []
    for s in records.get("stories") or []:
        members = list(ctx_by_story.get(s.get("id"), []))
        listed = {id(dc) for dc in members}
        members += [ctx_by_path[p] for p in s.get("documents") or []
                    if p in ctx_by_path and id(ctx_by_path[p]) not in listed]
        stories.append({
            "story": s,
            "docs": members,
            "timeline": _timeline(s, claims_by_path, documents, flagged, doc_index),
        })
    in_story = {id(dc) for st in stories for dc in st["docs"]}
    loose = [dc for dc in docs_ctx if id(dc) not in in_story]

    c = counts(records)
    return {
        "records": records,
        "version": records.get("numcheck", ""),
        "counts": c,
        "summary": summary_line(records),
        "cards": cards,
        "stories": stories,
        "loose": loose,
        "errors": [dict(e, where=location(e.get("path"), e.get("line"), e.get("column")))
                   for e in records.get("errors") or []],
        "has_claims": "claims" in records,
        "num": _num,
        "location": location,
    }


def render(records: dict) -> str:
    """The HTML report for ``records``: one self-contained UTF-8 page, ending in a newline."""
    page = environment().get_template("report.html.j2").render(**build_context(records))
    return page.rstrip("\n") + "\n"
