"""What a document's tables say should add up: totals, subtotals, shares, and prose citing them.

Ingest gives each table as cells with their row and column headers, scale hints and notes
(:class:`numcheck.ingest.tables.Table`). This module reads the labels: which row or column is
a total ("Total", "All", "Sum", "Grand total", "Overall"), a subtotal ("Subtotal", "Total
north"), a part that overlaps the others ("of which", "including", "incl."; left out of every
sum), which columns are percentages (a "%" header or cells) and which of those are a
distribution (their total cell reads 100), and what rounding a note below the table states
("Figures may not sum due to rounding", "rounded to the nearest 10"). It returns:

- :class:`TableSum`: a total cell and the cells it should be the sum of, with the half-width
  that each figure's rounding allows (half the last digit written for figures with decimals;
  whole numbers exact, unless a rounding note says they are rounded: then to the largest power
  of ten that every one of them is a multiple of, or the unit the note names);
- :class:`TableShare`: a percentage cell of a distribution column, the count beside it and that
  count column's total (the share should be count ÷ total);
- :class:`TableCitation`: a figure in the prose that cites a table by its label ("£5.4m
  (Table 2)"), with that table's index.

Nothing here adds anything up; the ``table_total`` kind does the arithmetic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["TableSum", "TableShare", "TableCitation", "read_tables"]

_TOTAL_RE = re.compile(r"^(?:grand[ \t]+)?(?:total|totals|all|sum|overall|all[ \t]+(?!other\b|else\b)[\w' -]{1,40}|total[ \t]+\([^)]{0,40}\))[ \t]*:?$", re.I)
_SUBTOTAL_RE = re.compile(r"^(?:sub-?total\b.{0,40}|total[ \t]+(?!\()[\w' -]{1,40})$", re.I)
_OVERLAP_RE = re.compile(r"^(?:of[ \t]+(?:which|whom|these|those)|including|incl\.?|inc\.|within[ \t]+which|among[ \t]+(?:them|whom)|-[ \t]|–[ \t]|—[ \t]|o/w\b)", re.I)
_NOT_ADDITIVE_RE = re.compile(
    r"\b(?:change|chg|growth|rate|ratio|average|avg|mean|median|per|index|rank|ranking|share|"
    r"proportion|margin|difference|diff|var(?:iance)?|yoy|pp|points?|%|per[ \t]?cent|percentage|"
    r"score|position|number[ \t]+of[ \t]+\w+[ \t]+per)\b|%", re.I)
_NEAREST_RE = re.compile(r"\bnearest[ \t]+(?P<unit>\d[\d,]*|ten|hundred|thousand|million|five)\b", re.I)
_UNIT_WORDS = {"ten": 10.0, "hundred": 100.0, "thousand": 1000.0, "million": 1e6, "five": 5.0}
_NUMBER_RE = re.compile(r"\d(?:[\d,\u00a0\u202f ]*\d)?(?:\.(?P<dec>\d+))?")


@dataclass(frozen=True, slots=True)
class TableSum:
    """A total cell of table ``table`` and the cells it totals (``kind``: "column" for a
    Total row summing a column, "row" for a Total column summing a row, "subtotal"), with the
    rounding half-width each allows and the rounding note's text, if any."""

    table: int
    kind: str
    total: object
    parts: tuple
    halfwidths: tuple[float, ...]
    total_halfwidth: float
    note: str = ""


@dataclass(frozen=True, slots=True)
class TableShare:
    """A percentage cell of a distribution column, its row's count and the count's total."""

    table: int
    share: object
    count: object
    total: object
    share_halfwidth: float
    count_halfwidth: float
    total_halfwidth: float


@dataclass(frozen=True, slots=True)
class TableCitation:
    """A prose figure (claim index ``claim``) that cites table ``table`` by its label."""

    table: int
    claim: int
    label: str


@dataclass(frozen=True, slots=True)
class TableRestatement:
    """A prose figure (claim index ``claim``) told of one cell of table ``table`` without
    citing the table: its sentence names the cell's row label and, when the table has more
    than one figure column, the cell's column heading. ``others`` are the claim indices of
    the sentence's other candidate figures (any of which may be the one that restates it)."""

    table: int
    claim: int
    cell: object
    row_label: str
    col_label: str
    others: tuple[int, ...] = ()


def _label(text: str) -> str:
    return " ".join(text.replace("*", "").replace("_", " ").split()).strip()


def _decimals(text: str) -> int | None:
    m = _NUMBER_RE.search(text)
    if m is None:
        return None
    return len(m.group("dec") or "")


def _note_unit(note: str) -> float | None:
    m = _NEAREST_RE.search(note)
    if m is None:
        return None
    u = m.group("unit").lower()
    return _UNIT_WORDS.get(u) or float(u.replace(",", ""))


def _halfwidths(cells, note: str) -> list[float]:
    """Half the rounding unit of each cell: half its last decimal; whole numbers exact, or,
    under a rounding note, rounded to the note's unit or to the largest power of ten that
    divides them all."""
    decs = [_decimals(c.text) or 0 for c in cells]
    out = [0.5 * 10 ** -d if d else 0.0 for d in decs]
    if note:
        unit = _note_unit(note)
        whole = [c for c, d in zip(cells, decs) if not d]
        if unit is None and whole:
            unit = 1.0
            while unit < 1e9 and all(abs(c.value) % (unit * 10) == 0 for c in whole if c.value):
                unit *= 10
            if unit == 1.0:
                unit = None
        if unit is not None:
            out = [max(h, unit / 2) if not d else h for h, d in zip(out, decs)]
        elif whole:
            # "may not sum due to rounding" of whole numbers that show no rounding: a unit each
            out = [max(h, 0.5) if not d else h for h, d in zip(out, decs)]
    return out


def _is_percent(table, cell) -> bool:
    return "%" in cell.text or table.scale_for(cell).percent


def read_tables(doc, tables) -> tuple[tuple[TableSum, ...], tuple[TableShare, ...], tuple[TableCitation, ...]]:
    """The sums, shares and prose citations of ``tables`` (a document's, sorted by start);
    :func:`read_restatements` reads the prose that restates a cell without citing."""
    sums: list[TableSum] = []
    shares: list[TableShare] = []
    for ti, table in enumerate(tables):
        _read_one(ti, table, sums, shares)
    return tuple(sums), tuple(shares), tuple(_citations(doc, tables))


def _read_one(ti: int, table, sums: list, shares: list) -> None:
    note = table.rounding_note.text if table.rounding_note is not None else ""
    hr, hc = table.header_rows, max(1, table.header_cols)
    if any(c.row_span > 1 or c.col_span > 1 for c in table.cells if c.row >= hr):
        return  # merged body cells: which cells a total covers is not plain from the grid
    grid = {(c.row, c.col): c for c in table.cells}
    body_rows = list(range(hr, table.rows))
    labels = {r: _label(" ".join(grid[(r, k)].text for k in range(hc) if (r, k) in grid)) for r in body_rows}
    figure_cols = [k for k in range(hc, table.cols)
                   if sum(1 for r in body_rows if (r, k) in grid and grid[(r, k)].value is not None) >= 2]
    kinds = {}
    for r in body_rows:
        lab = labels[r]
        if _OVERLAP_RE.match(lab):
            kinds[r] = "overlap"
        elif _SUBTOTAL_RE.match(lab) and not _TOTAL_RE.match(lab):
            kinds[r] = "subtotal"
        elif _TOTAL_RE.match(lab):
            kinds[r] = "total"
        else:
            kinds[r] = "part"
    headers = {k: _label(" ".join(c.text for c in table.cells if c.col == k and c.row < hr))
               for k in range(table.cols)}
    last_row = body_rows[-1] if body_rows else -1
    if last_row >= 0 and kinds[last_row] == "subtotal" and \
            sum(1 for q in body_rows if kinds[q] == "subtotal") > 1:
        kinds[last_row] = "total"  # "Total clinical" under "Subtotal nursing", "Subtotal medical"
    # a Total row sums the parts above it (or the subtotals, when there are any)
    for r in body_rows:
        if kinds[r] not in ("total", "subtotal"):
            continue
        above = [q for q in body_rows if q < r]
        if kinds[r] == "subtotal":
            last = max([q for q in above if kinds[q] in ("total", "subtotal")], default=hr - 1)
            members = [q for q in above if q > last and kinds[q] == "part"]
        else:
            subs = [q for q in above if kinds[q] == "subtotal"]
            if any(kinds[q] == "total" for q in above):
                last = max(q for q in above if kinds[q] == "total")
                above = [q for q in above if q > last]
                subs = [q for q in subs if q > last]
            members = subs if subs else [q for q in above if kinds[q] == "part"]
            if subs and any(kinds[q] == "part" and q > max(subs) for q in above):
                continue  # parts after the last subtotal: how the total is made is not plain
        if len(members) < 2:
            continue
        for k in figure_cols:
            total = grid.get((r, k))
            parts = [grid.get((q, k)) for q in members]
            if total is None or total.value is None or any(p is None or p.value is None for p in parts):
                continue
            if _is_percent(table, total):
                if abs(total.value - 100) > 1:
                    continue  # a rate or an average per row, not shares of one whole
            elif _NOT_ADDITIVE_RE.search(headers[k]):
                continue  # "Average rent", "Change", "Rate": the total row is not their sum
            hw = _halfwidths(parts + [total], note)
            sums.append(TableSum(ti, "subtotal" if kinds[r] == "subtotal" else "column", total,
                                 tuple(parts), tuple(hw[:-1]), hw[-1], note))
        _shares(ti, table, grid, r, members, figure_cols, note, shares)
    # a Total column sums the figure columns before it, when they are all additive counts
    header = headers
    for k in figure_cols:
        if not _TOTAL_RE.match(header[k]):
            continue
        cols = [q for q in figure_cols if q < k]
        if len(cols) < 2 or any(_NOT_ADDITIVE_RE.search(header[q]) for q in cols):
            continue
        scales = {(table.col_scales[q].multiplier, table.col_scales[q].currency) if q < len(table.col_scales) else None
                  for q in cols + [k]}
        if len(scales) > 1:
            continue
        for r in body_rows:
            if kinds[r] == "overlap":
                continue
            total = grid.get((r, k))
            parts = [grid.get((r, q)) for q in cols]
            if total is None or total.value is None or any(p is None or p.value is None for p in parts):
                continue
            if any(_is_percent(table, c) for c in parts + [total]):
                continue
            hw = _halfwidths(parts + [total], note)
            sums.append(TableSum(ti, "row", total, tuple(parts), tuple(hw[:-1]), hw[-1], note))


def _shares(ti, table, grid, r, members, figure_cols, note, shares) -> None:
    """Share cells of a distribution column (its total reads 100) against the count column
    before it."""
    for k in figure_cols:
        total = grid.get((r, k))
        if total is None or total.value is None or not _is_percent(table, total) or abs(total.value - 100) > 0.5:
            continue
        counts = [q for q in figure_cols if q < k and grid.get((r, q)) is not None
                  and not _is_percent(table, grid[(r, q)])]
        if not counts:
            continue
        q = counts[-1]
        count_total = grid.get((r, q))
        if count_total is None or count_total.value is None or count_total.value <= 0:
            continue
        for m in members:
            share, count = grid.get((m, k)), grid.get((m, q))
            if share is None or count is None or share.value is None or count.value is None:
                continue
            hs, hcnt, ht = _halfwidths([share, count, count_total], note)
            if not (_decimals(share.text) or 0):
                hs = 0.5  # a whole percentage is good to half a point
            shares.append(TableShare(ti, share, count, count_total, hs, hcnt, ht))


def _citations(doc, tables) -> list[TableCitation]:
    """Prose figures followed, in their sentence, by "(Table 2)" or "(see Table 2)"."""
    labels = {t.label.lower(): i for i, t in enumerate(tables) if t.label}
    if not labels:
        return []
    out = []
    for si in range(len(doc.sentences)):
        s = doc.sentences[si]
        if s.first == s.last or any(t.start <= s.start < t.end for t in tables):
            continue
        toks = doc.sentence(si).tokens
        for j, t in enumerate(toks):
            if t.low != "(":
                continue
            k = j + 1
            if k < len(toks) and toks[k].low in ("see", "cf"):
                k += 1
            if k + 2 < len(toks) and toks[k].low == "table" and toks[k + 2].low == ")":
                label = f"table {doc.text[toks[k + 1].start:toks[k + 1].end]}".lower()
                ti = labels.get(label)
                if ti is None:
                    continue
                # the figure the citation follows: the nearest amount before it in the clause
                for q in range(j - 1, max(-1, j - 8), -1):
                    if toks[q].claim >= 0 and doc.claims[toks[q].claim].kind in ("money", "count", "quantity", "percent"):
                        out.append(TableCitation(ti, toks[q].claim, tables[ti].label))
                        break
                    if toks[q].low in (";", ".", "(", ")"):
                        break
    return out


# A figure right after one of these is a change or a gap, not the level a cell holds.
_CHANGE_BEFORE = frozenset("by up down more less fewer extra additional further another rise "
                           "increase fall cut drop gap difference".split())
#: At most this many words between a row's label and the figure told of it.
_NEAR = 6
_CLAUSE_BREAKS = frozenset(", ; : — – ( ) with while and but whereas compared against".split())
_GENERIC_LABELS = frozenset("total totals all sum overall other others subtotal average mean "
                            "median change note notes source year".split())
_HEAD_CORE_RE = re.compile(r"\s*(?:\([^)]*\)|\[[^\]]*\]|£m|\$m|€m|%|per cent)\s*", re.I)


def _in_sentence(needle: str, hay: str) -> bool:
    return re.search(r"(?<![\w-])" + re.escape(needle) + r"(?![\w-])", hay, re.I) is not None


def read_restatements(doc, tables) -> tuple[TableRestatement, ...]:
    """Prose sentences, outside the tables and citing none, that give a figure for one cell.

    Conservative on purpose: the row label must be a specific one (four letters or more, not
    "Total" or "Other", unique in its table) named as whole words, the column fixed by the
    sentence naming its heading (without the unit in brackets) or by the table having one
    figure column, and the figure the nearest money, count, quantity or percentage at most six
    words from the label in its clause (a label coordinated with another, "very or fairly
    satisfied", is a sum of rows and is left alone), of the cell's kind (a "%" column only with a percentage, a "£m"
    column only with money, a "(km)" column only with a measure), and not right after "by", "up", "more" and other words that make it a change.
    """
    out: list[TableRestatement] = []
    if not tables:
        return ()
    specs = []
    for ti, table in enumerate(tables):
        hr, hc = table.header_rows, max(1, table.header_cols)
        if any(c.row_span > 1 or c.col_span > 1 for c in table.cells if c.row >= hr):
            continue
        grid = {(c.row, c.col): c for c in table.cells}
        body = list(range(hr, table.rows))
        figure_cols = [k for k in range(hc, table.cols)
                       if sum(1 for r in body if (r, k) in grid and grid[(r, k)].value is not None) >= 2]
        if not figure_cols:
            continue
        heads = {k: _HEAD_CORE_RE.sub(" ", _label(" ".join(c.text for c in table.cells if c.col == k and c.row < hr))).strip()
                 for k in figure_cols}
        rows = {}
        seen: dict[str, int] = {}
        for r in body:
            lab = _label(" ".join(grid[(r, k)].text for k in range(hc) if (r, k) in grid))
            if sum(ch.isalpha() for ch in lab) < 4 or lab.lower() in _GENERIC_LABELS or \
                    _TOTAL_RE.match(lab) or _SUBTOTAL_RE.match(lab) or _OVERLAP_RE.match(lab):
                continue
            seen[lab.lower()] = seen.get(lab.lower(), 0) + 1
            rows[r] = lab
        rows = {r: lab for r, lab in rows.items() if seen[lab.lower()] == 1}
        specs.append((ti, table, grid, figure_cols, heads, rows))
    if not specs:
        return ()
    for si in range(len(doc.sentences)):
        s = doc.sentences[si]
        if s.first == s.last or any(t.start <= s.start < t.end for t in tables):
            continue
        text = doc.text[s.start:s.end]
        if re.search(r"\btable\s+\w+", text, re.I):
            continue  # a citation: NC714 checks those
        toks = None
        for ti, table, grid, figure_cols, heads, rows in specs:
            named = [(r, lab) for r, lab in rows.items() if _in_sentence(lab, text)]
            if len(named) != 1:
                continue
            r, lab = named[0]
            if len(figure_cols) == 1:
                cols = figure_cols
            else:
                cols = [k for k in figure_cols if len(heads[k]) >= 4 and _in_sentence(heads[k], text)]
                if len(cols) != 1:
                    continue
            k = cols[0]
            cell = grid.get((r, k))
            if cell is None or cell.value is None:
                continue
            if toks is None:
                toks = doc.sentence(si).tokens
            m_lab = re.search(r"(?<![\w-])" + re.escape(lab) + r"(?![\w-])", text, re.I)
            lab_lo, lab_hi = s.start + m_lab.start(), s.start + m_lab.end()
            lab_toks = [j for j, t in enumerate(toks) if t.start < lab_hi and lab_lo < t.end]
            if not lab_toks:
                continue
            first_tok, last_tok = lab_toks[0], lab_toks[-1]
            if first_tok > 0 and toks[first_tok - 1].low in ("or", "and", "nor", "plus", "&"):
                continue  # "very or fairly satisfied": rows taken together, a sum of cells
            label_at = lab_lo
            scale = table.scale_for(cell)
            percent = scale.percent
            cands = []
            for j, t in enumerate(toks):
                if t.claim < 0:
                    continue
                c = doc.claims[t.claim]
                if c.kind not in ("money", "count", "quantity", "percent") or c.boilerplate:
                    continue
                if (c.kind == "percent") != percent:
                    continue
                # the cell's kind: money in a currency column, a measure in a unit column
                if (scale.currency is not None) != (c.kind == "money"):
                    continue
                if scale.unit is not None and c.kind != "quantity":
                    continue
                if j > 0 and toks[j - 1].low in _CHANGE_BEFORE:
                    continue
                # the figure told of the row: a few words from its label, in the same clause
                between = toks[last_tok + 1:j] if j > last_tok else toks[j + 1:first_tok]
                if len(between) > _NEAR or any(t.low in _CLAUSE_BREAKS for t in between):
                    continue
                cands.append((c.start < label_at, abs(c.start - label_at), t.claim))
            if not cands:
                continue
            cands.sort()
            best = cands[0][2]
            out.append(TableRestatement(ti, best, cell, lab, heads[k] if len(figure_cols) > 1 else "",
                                        tuple(x[2] for x in cands[1:])))
    return tuple(out)
