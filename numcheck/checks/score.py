"""Kind ``score``: a match score that contradicts what the copy says happened.

The scores come from the reading (``Reading.reports``: ``pairs`` with their roles, ``lines``
by period, ``scorers`` lists; see :mod:`numcheck.extract.scores`). The sides of a score are
often not named next to it, so every check here holds whichever way round the two sides are
read, and fires only when no orientation fits. The document's final score is the one final
that all its final-score statements agree on; a round-up that gives several different finals
has none, and the checks that need one stay silent.

Four checks (param ``check``):

``scorers`` (NC731)
    The scorers listed against the final: goals (an own goal counts for the side it is listed
    under, a penalty is a goal), or points per scoring kind from ``params.points`` (a rugby
    union try 5, conversion 2, penalty goal 3, drop goal 3). Two sides' lists must give the
    final's two scores; one side's list one of them; a list that names no side either one or
    their sum.
``periods`` (NC732)
    A line score's periods must add up to its total ("28 24 25 23 — 104": 100); two sides'
    line totals must be the final.
``half_time`` (NC733)
    A half-time score the final cannot come from (a side cannot lose goals or points), and,
    with a line score of four quarters or two halves, the half-time score must be the sum of
    the first half's periods.
``aggregate`` (NC734)
    Over two legs, the first leg plus the second (the second-leg score, else the match's
    final) must give the stated aggregate.
"""

from __future__ import annotations

from typing import Iterable, Iterator, Literal

from numcheck.checks._spans import span_claim
from numcheck.checks.base import DocClaims, Finding, Involved, KindSpec, Params

#: Points per scoring kind: football goals, and rugby union's scoring (World Rugby's laws).
DEFAULT_POINTS = {"goal": 1, "penalty": 1, "own_goal": 1, "try": 5, "conversion": 2,
                  "penalty_goal": 3, "drop_goal": 3}


class ScoreParams(Params):
    """Which part of a match report a rule checks against the score, and the points rule."""

    check: Literal["scorers", "periods", "half_time", "aggregate"]
    #: Points each kind of score is worth (a sport's scoring rule).
    points: dict[str, int] = DEFAULT_POINTS


def _final(reports):
    finals = [p for p in reports.pairs if p.role == "final"]
    if not finals:
        return None
    if len({tuple(sorted((p.first, p.second))) for p in finals}) != 1:
        return None
    return finals[0]


def _claim(dc, start, end, value=None):
    return span_claim(dc, start, end, value)


def _scorers(dc: DocClaims, params: ScoreParams) -> Iterator[Finding]:
    reports = dc.reading.reports
    final = _final(reports)
    if final is None or not reports.scorers:
        return
    groups: dict[int, list] = {}
    for lst in reports.scorers:
        groups.setdefault(lst.group, []).append(lst)
    for lists in groups.values():
        totals = []
        for lst in lists:
            total = 0
            for s in lst.scorers:
                if s.kind not in params.points:
                    break
                total += params.points[s.kind] * s.count
            else:
                totals.append(total)
                continue
            break
        else:
            a, b = final.first, final.second
            if len(lists) == 2:
                ok = sorted(totals) == sorted((a, b))
                want = f"{a} and {b}"
            elif len(lists) == 1 and lists[0].side:
                ok = totals[0] in (a, b)
                want = f"{a} or {b}"
            elif len(lists) == 1:
                ok = totals[0] in (a, b, a + b)
                want = f"{a}, {b} or {a + b}"
            else:
                continue
            if ok:
                continue
            listed = "; ".join(
                (f"{lst.side}: " if lst.side else "") + ", ".join(
                    f"{s.name}{' ×' + str(s.count) if s.count > 1 else ''}"
                    + ("" if s.kind == "goal" else f" ({s.kind.replace('_', ' ')})") for s in lst.scorers)
                + f" = {t}" for lst, t in zip(lists, totals))
            yield Finding(
                primary=Involved(dc.doc, _claim(dc, final.start, final.end), "final score"),
                evidence=tuple(Involved(dc.doc, _claim(dc, lst.start, lst.end), "scorers") for lst in lists),
                values={"final": final.text, "scorers": listed},
                computation=f"the scorers listed make {listed}, where the final score needs {want}",
            )


def _periods(dc: DocClaims, params: ScoreParams) -> Iterator[Finding]:
    reports = dc.reading.reports
    flagged = False
    for line in reports.lines:
        total = sum(line.periods)
        if total == line.total:
            continue
        flagged = True
        added = " + ".join(str(x) for x in line.periods)
        yield Finding(
            primary=Involved(dc.doc, _claim(dc, line.total_start, line.total_end, line.total), "total"),
            evidence=(Involved(dc.doc, _claim(dc, line.periods_start, line.periods_end), "periods"),),
            values={"side": line.side, "periods": added, "sum": total, "total": line.total},
            computation=f"{line.side}: {added} = {total}, not {line.total}",
        )
    final = _final(reports)
    if flagged or final is None or len(reports.lines) != 2:
        return
    l1, l2 = reports.lines
    if sorted((l1.total, l2.total)) == sorted((final.first, final.second)):
        return
    yield Finding(
        primary=Involved(dc.doc, _claim(dc, final.start, final.end), "final score"),
        evidence=(Involved(dc.doc, _claim(dc, l1.total_start, l1.total_end, l1.total), "line total"),
                  Involved(dc.doc, _claim(dc, l2.total_start, l2.total_end, l2.total), "line total")),
        values={"side": f"{l1.side} and {l2.side}", "periods": "", "sum": f"{l1.total}-{l2.total}",
                "total": final.text},
        computation=f"the line scores give {l1.side} {l1.total} and {l2.side} {l2.total}, "
                    f"but the final score is {final.text}",
    )


def _fits(first: tuple[int, int], later: tuple[int, int]) -> bool:
    (a, b), (x, y) = first, later
    return (a <= x and b <= y) or (a <= y and b <= x)


def _half_time(dc: DocClaims, params: ScoreParams) -> Iterator[Finding]:
    reports = dc.reading.reports
    final = _final(reports)
    halves = None
    if len(reports.lines) == 2 and len({len(line.periods) for line in reports.lines}) == 1 \
            and len(reports.lines[0].periods) in (2, 4):
        k = len(reports.lines[0].periods) // 2
        halves = [(line, sum(line.periods[:k])) for line in reports.lines]
    for ht in (p for p in reports.pairs if p.role == "half_time"):
        if final is not None and not _fits((ht.first, ht.second), (final.first, final.second)):
            yield Finding(
                primary=Involved(dc.doc, _claim(dc, ht.start, ht.end), "half-time score"),
                evidence=(Involved(dc.doc, _claim(dc, final.start, final.end), "final score"),),
                values={"half_time": ht.text, "final": final.text},
                computation=(f"neither side can score fewer by full time than at half-time, and "
                             f"{ht.text} fits {final.text} neither way round"),
            )
        elif halves is not None and sorted((ht.first, ht.second)) != sorted(h for _, h in halves):
            (l1, h1), (l2, h2) = halves
            yield Finding(
                primary=Involved(dc.doc, _claim(dc, ht.start, ht.end), "half-time score"),
                evidence=tuple(Involved(dc.doc, _claim(dc, line.periods_start, line.periods_end), "periods")
                               for line, _ in halves),
                values={"half_time": ht.text, "final": f"{h1}-{h2}"},
                computation=f"the first-half periods give {l1.side} {h1} and {l2.side} {h2}, not {ht.text}",
            )


def _aggregate(dc: DocClaims, params: ScoreParams) -> Iterator[Finding]:
    reports = dc.reading.reports
    aggs = [p for p in reports.pairs if p.role == "aggregate"]
    firsts = [p for p in reports.pairs if p.role == "first_leg"]
    seconds = [p for p in reports.pairs if p.role == "second_leg"]
    if len(aggs) != 1 or len(firsts) != 1 or len(seconds) > 1:
        return
    second = seconds[0] if seconds else _final(reports)
    if second is None:
        return
    agg, first = aggs[0], firsts[0]
    a, b, c, d = first.first, first.second, second.first, second.second
    possible = {(a + c, b + d), (a + d, b + c)}
    stated = (agg.first, agg.second)
    if stated in possible or stated[::-1] in possible:
        return
    sums = " or ".join(f"{x}-{y}" for x, y in sorted({tuple(sorted(p, reverse=True)) for p in possible}, reverse=True))
    yield Finding(
        primary=Involved(dc.doc, _claim(dc, agg.start, agg.end), "aggregate"),
        evidence=(Involved(dc.doc, _claim(dc, first.start, first.end), "first leg"),
                  Involved(dc.doc, _claim(dc, second.start, second.end), "second leg")),
        values={"aggregate": agg.text, "legs": f"{first.text} and {second.text}"},
        computation=f"legs of {first.text} and {second.text} make {sums} on aggregate, not {agg.text}",
    )


_CHECKS = {"scorers": _scorers, "periods": _periods, "half_time": _half_time, "aggregate": _aggregate}


def run(documents: Iterable[DocClaims], params: ScoreParams) -> Iterator[Finding]:
    """Run the score check named by ``params.check`` over each document."""
    check = _CHECKS[params.check]
    for dc in documents:
        if dc.reading.reports is not None:
            yield from check(dc, params)


KIND = KindSpec(
    name="score",
    params=ScoreParams,
    run=run,
    scope="document",
    description="Match scores that the scorers, the periods, the half-time score or the two legs "
                "of a tie cannot give.",
)
