"""Kind ``table_total``: tables that don't add up, and prose that misquotes the table it cites.

The structure comes from ingest (:class:`numcheck.ingest.tables.Table`: cells with row and
column headers, scale hints, notes) and its reading from :mod:`numcheck.read.tables`
(``Reading.reports.table_sums``, ``table_shares``, ``table_citations``): which cells a total
covers, which rows overlap and are left out, what each figure's rounding allows. This module
only adds up.

A sum is wrong when the parts, each anywhere inside its rounding, cannot reach the total inside
its own: whole numbers are exact unless a note below the table says the figures are rounded;
figures with decimals are good to half their last digit, so seven figures in £m to one decimal
may miss their total by up to 0.35 + 0.05.

Five checks (param ``check``):

``total`` (NC711)
    a Total, All or Sum row or column, or a subtotal, against the cells it totals (counts,
    money and other additive columns);
``percent_sum`` (NC712)
    a percentage column whose total reads 100% against the sum of its cells;
``share`` (NC713)
    a share in such a column against its row's count divided by the count column's total;
``prose`` (NC714)
    a figure in the prose that cites a table ("£5.4m (Table 2)") and matches none of that
    table's figures, each taken at the scale its headers state ("£m", "(000s)");
``restated`` (NC715)
    a figure in the prose that, without citing the table, names a cell's row and (where the
    table has several figure columns) its column heading, and gives another value ("Housing
    spending reached £11.6m in 2024-25" beside a table whose Housing, 2024-25 cell is 10.6 in
    £m); any figure of the sentence that matches the cell clears it.
"""

from __future__ import annotations

from typing import Iterable, Iterator, Literal

from numcheck.checks._spans import span_claim
from numcheck.checks.base import DocClaims, Finding, Involved, KindSpec, Params
from numcheck.checks.common import fmt, interval


class TableTotalParams(Params):
    """Which table arithmetic a rule checks."""

    check: Literal["total", "percent_sum", "share", "prose", "restated"]


def _cell_claim(dc: DocClaims, cell):
    """The claim extraction found in a cell (the figure inside ``**6,030**``), else one for it."""
    inside = [c for c in dc.claims if cell.start <= c.start and c.end <= cell.end]
    if len(inside) == 1:
        return inside[0]
    return span_claim(dc, cell.start, cell.end, cell.value)


def _is_percent(dc, s) -> bool:
    table = dc.tables[s.table]
    return "%" in s.total.text or table.scale_for(s.total).percent


def _shown(x: float) -> str:
    return fmt(round(x, 6))


def _sums(dc: DocClaims, percent: bool) -> Iterator[Finding]:
    reports = dc.reading.reports
    for s in reports.table_sums:
        if _is_percent(dc, s) != percent:
            continue
        lo = sum(p.value - h for p, h in zip(s.parts, s.halfwidths))
        hi = sum(p.value + h for p, h in zip(s.parts, s.halfwidths))
        t_lo, t_hi = s.total.value - s.total_halfwidth, s.total.value + s.total_halfwidth
        eps = 1e-9 * max(1.0, abs(s.total.value))
        if lo <= t_hi + eps and t_lo <= hi + eps:
            continue
        exact = sum(p.value for p in s.parts)
        added = " + ".join(p.text.replace("*", "") for p in s.parts)
        slack = hi - exact
        where = (s.total.col_header if s.kind != "row" else s.total.row_header) or "the column"
        how = f"{added} = {_shown(exact)}, not {s.total.text.replace('*', '')}"
        if slack > 0:
            how += f" (rounding allows {_shown(lo)}–{_shown(hi)})"
        if s.note:
            how += f"; the note says \"{s.note}\""
        yield Finding(
            primary=Involved(dc.doc, _cell_claim(dc, s.total), "total"),
            evidence=tuple(Involved(dc.doc, _cell_claim(dc, p), "cell") for p in s.parts),
            values={"total": s.total.text.replace("*", ""), "sum": _shown(exact), "where": where,
                    "cell": " / ".join(x for x in (s.total.row_header, s.total.col_header) if x) or "the total"},
            computation=how,
        )


def _total(dc: DocClaims, params: TableTotalParams) -> Iterator[Finding]:
    yield from _sums(dc, percent=False)


def _percent_sum(dc: DocClaims, params: TableTotalParams) -> Iterator[Finding]:
    yield from _sums(dc, percent=True)


def _share(dc: DocClaims, params: TableTotalParams) -> Iterator[Finding]:
    for s in dc.reading.reports.table_shares:
        c_lo, c_hi = s.count.value - s.count_halfwidth, s.count.value + s.count_halfwidth
        t_lo, t_hi = s.total.value - s.total_halfwidth, s.total.value + s.total_halfwidth
        if t_lo <= 0:
            continue
        lo, hi = 100 * max(0.0, c_lo) / t_hi, 100 * c_hi / t_lo
        p_lo, p_hi = s.share.value - s.share_halfwidth, s.share.value + s.share_halfwidth
        if lo <= p_hi + 1e-9 and p_lo <= hi + 1e-9:
            continue
        exact = 100 * s.count.value / s.total.value
        count, total, share = (x.text.replace("*", "") for x in (s.count, s.total, s.share))
        yield Finding(
            primary=Involved(dc.doc, _cell_claim(dc, s.share), "share"),
            evidence=(Involved(dc.doc, _cell_claim(dc, s.count), "count"),
                      Involved(dc.doc, _cell_claim(dc, s.total), "total")),
            values={"share": share, "count": count, "total": total, "computed": f"{exact:.1f}%",
                    "label": s.share.row_header or "the row"},
            computation=f"{count} / {total} = {exact:.2f}%, not {share}",
        )


def _prose(dc: DocClaims, params: TableTotalParams) -> Iterator[Finding]:
    for cite in dc.reading.reports.table_citations:
        claim = dc.claims[cite.claim]
        if claim.value is None or claim.qualifier not in ("exact", "approx"):
            continue
        table = dc.tables[cite.table]
        lo, hi = interval(claim)
        cells = [c for c in table.cells if not c.header and c.value is not None]
        if not cells:
            continue
        matched = False
        for c in cells:
            scale = table.scale_for(c).multiplier or 1.0
            digits = c.text.split(".", 1)[1] if "." in c.text else ""
            decimals = len([ch for ch in digits if ch.isdigit()])
            half = 0.5 * 10 ** -decimals if decimals else 0.0
            for k in {scale, 1.0}:
                v_lo, v_hi = (c.value - half) * k, (c.value + half) * k
                eps = 1e-9 * max(1.0, abs(v_hi))
                if v_lo <= hi + eps and lo <= v_hi + eps:
                    matched = True
        if matched:
            continue
        yield Finding(
            primary=Involved(dc.doc, claim, "cited figure"),
            evidence=(),
            values={"stated": claim.text, "label": cite.label},
            computation=f"{cite.label} has no figure that is {claim.text}, at its stated scale or as printed",
        )


def _cell_range(table, cell) -> list[tuple[float, float]]:
    scale = table.scale_for(cell).multiplier or 1.0
    digits = cell.text.split(".", 1)[1] if "." in cell.text else ""
    decimals = len([ch for ch in digits if ch.isdigit()])
    half = 0.5 * 10 ** -decimals if decimals else 0.0
    return [((cell.value - half) * k, (cell.value + half) * k) for k in {scale, 1.0}]


def _agrees(claim, ranges) -> bool:
    if claim.value is None:
        return True
    lo, hi = interval(claim)
    for v_lo, v_hi in ranges:
        eps = 1e-9 * max(1.0, abs(v_hi))
        if v_lo <= hi + eps and lo <= v_hi + eps:
            return True
    return False


def _restated(dc: DocClaims, params: TableTotalParams) -> Iterator[Finding]:
    for rs in getattr(dc.reading.reports, "table_restatements", ()):
        claim = dc.claims[rs.claim]
        if claim.value is None or claim.qualifier not in ("exact", "approx"):
            continue
        table = dc.tables[rs.table]
        ranges = _cell_range(table, rs.cell)
        # any candidate figure of the sentence may be the one that restates the cell
        if any(_agrees(dc.claims[k], ranges) for k in (rs.claim,) + tuple(rs.others)):
            continue
        where = rs.row_label + (f", {rs.col_label}" if rs.col_label else "")
        shown = rs.cell.text + (f" ({table.scale_for(rs.cell).text})" if table.scale_for(rs.cell).text else "")
        cell_claim = span_claim(dc, rs.cell.start, rs.cell.end, rs.cell.value)
        yield Finding(
            primary=Involved(dc.doc, claim, "restated figure"),
            evidence=(Involved(dc.doc, cell_claim, "table cell"),),
            values={"stated": claim.text, "cell": shown, "where": where,
                    "label": table.label or "the table"},
            computation=f"{claim.text} is not {shown} within their rounding, at the table's scale or as printed",
        )


_CHECKS = {"total": _total, "percent_sum": _percent_sum, "share": _share, "prose": _prose,
           "restated": _restated}


def run(documents: Iterable[DocClaims], params: TableTotalParams) -> Iterator[Finding]:
    """Run the table check named by ``params.check`` over each document with tables."""
    check = _CHECKS[params.check]
    for dc in documents:
        if dc.tables and dc.reading.reports is not None:
            yield from check(dc, params)


KIND = KindSpec(
    name="table_total",
    params=TableTotalParams,
    run=run,
    scope="document",
    description="Table totals, subtotals, percentage columns and shares that the cells cannot give, "
                "and prose figures that the table they cite does not hold.",
)
