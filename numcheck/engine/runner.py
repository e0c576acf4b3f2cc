"""Running rules over documents and stories, turning findings into anomalies."""

from __future__ import annotations

import string
from typing import Iterable, Mapping, Sequence

from numcheck.checks import KINDS, DocClaims, Finding
from numcheck.engine.names import finding_names, kind_values
from numcheck.limits import checkpoint
from numcheck.model import Anomaly, Evidence, Problem

__all__ = ["RuleRun", "run_rules", "finding_to_anomaly", "format_number"]


def format_number(value: float | int | None) -> str:
    """A number as a reader would write it: thousands separators, no spurious decimals."""
    if value is None:
        return "?"
    if value in (float("inf"), float("-inf")):
        return "∞" if value > 0 else "-∞"
    if float(value).is_integer() and abs(value) < 1e18:
        return f"{int(value):,}"
    return f"{value:,.6g}" if abs(value) < 1e6 else f"{value:,.0f}"


class _TemplateValues(dict):
    """Template values; numbers are formatted for readers and missing keys shown, not raised."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _fill(template: str, values: Mapping[str, object]) -> str:
    shown = _TemplateValues(
        {k: (format_number(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v)
         for k, v in values.items()}
    )
    # rule packs are validated at load time to use plain field names only; format_map with a
    # dict subclass therefore cannot reach attributes
    return string.Formatter().vformat(template, (), shown)


def finding_to_anomaly(rule, finding: Finding) -> Anomaly:
    """The anomaly a rule reports for one finding of its kind."""
    primary = finding.primary
    summary = _fill(rule.message, finding.values)
    message = summary
    if finding.computation and finding.computation not in summary:
        message = f"{summary} ({finding.computation})"
    suggest = getattr(rule, "suggest", None)
    suggested = ""
    # a suggestion needs every value it names: a kind may leave one out for some findings
    # (no single figure to solve for), and a half-filled suggestion would mislead
    if suggest and all(name in finding.values for _, name, _, _ in string.Formatter().parse(suggest)
                       if name is not None):
        suggested = _fill(suggest, finding.values)
    evidence = tuple(
        Evidence(inv.doc, inv.claim.start, inv.claim.end, inv.claim.text, inv.role)
        for inv in finding.evidence
    )
    return Anomaly(
        code=rule.code,
        name=rule.name,
        kind=rule.kind,
        severity=rule.severity,
        doc=primary.doc,
        start=primary.claim.start,
        end=primary.claim.end,
        text=primary.claim.text,
        message=message,
        evidence=evidence,
        summary=summary,
        computation=finding.computation,
        suggested=suggested,
    )


def _passes_when(rule, finding: Finding) -> bool:
    if not rule.when:
        return True
    # the names come from numcheck.engine.names, which the loader checks conditions against
    return rule.applies(finding_names(finding, kind_values(KINDS[rule.kind])))


class RuleRun:
    """What a rule run has found so far, kept where its caller can see it.

    A run stopped by the time budget leaves its anomalies here: every anomaly in
    :attr:`anomalies` is complete, :attr:`finished` counts the rules that ran to the end and
    :attr:`current` is the code of the rule that was running.
    """

    def __init__(self) -> None:
        self.anomalies: list[Anomaly] = []
        self.problems: list[Problem] = []
        self.finished = 0
        self.current = ""
        self._seen: set[tuple] = set()

    def result(self) -> tuple[list[Anomaly], list[Problem]]:
        """The anomalies (deduplicated and sorted, as a finished run returns them) and problems."""
        return _dedupe(self.anomalies), list(self.problems)


def run_rules(rules: Sequence, documents: Sequence[DocClaims],
              progress: RuleRun | None = None) -> tuple[list[Anomaly], list[Problem]]:
    """Run every rule over one story's documents.

    Document-scope kinds run once per document, story-scope kinds once over all of them. A rule
    that fails is reported as a problem for that rule and does not stop the others. With
    ``progress``, what is found is recorded there as it is found (see :class:`RuleRun`).
    """
    out = progress if progress is not None else RuleRun()
    anomalies, problems, seen = out.anomalies, out.problems, out._seen
    for rule in rules:
        out.current = rule.code
        kind = KINDS[rule.kind]
        batches: Iterable[Sequence[DocClaims]]
        if kind.scope == "story":
            batches = [documents]
        else:
            batches = [[d] for d in documents]
        for batch in batches:
            try:
                for finding in kind.run(batch, rule.params):
                    checkpoint()
                    key = (rule.code, finding.primary.doc, finding.primary.claim.start,
                           finding.primary.claim.end)
                    if key in seen:
                        # _dedupe keeps only the first anomaly per place; a story kind can
                        # yield thousands more for it, each costing a `when` evaluation
                        continue
                    if _passes_when(rule, finding):
                        anomalies.append(finding_to_anomaly(rule, finding))
                        seen.add(key)
            except Exception as exc:  # a bug or a bound hit in one rule must not lose the run
                where = batch[0].doc if batch else ""
                problems.append(Problem(
                    path=getattr(rule, "path", "") or rule.code,
                    line=getattr(rule, "line", 0) or 0,
                    message=f"rule {rule.code} failed on {where}: {type(exc).__name__}: {exc}",
                    kind="rule",
                ))
        out.finished += 1
    out.current = ""
    return out.result()


def _dedupe(anomalies: list[Anomaly]) -> list[Anomaly]:
    """Drop repeats of the same rule at the same place (e.g. found from two evidence paths)."""
    seen = set()
    out = []
    for a in anomalies:
        key = (a.code, a.doc, a.start, a.end)
        if key in seen:
            continue
        seen.add(key)
        out.append(a)
    out.sort(key=lambda a: (a.doc, a.start, a.code))
    return out
