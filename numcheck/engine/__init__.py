"""The rule engine: rule packs (data), stories, and running kinds over claims.

``analyse`` turns a Document into the claims a check sees; ``run_story`` runs a rule set over
one story. Nothing here prints or formats for people; see :mod:`numcheck.report`.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Sequence

from numcheck.checks import DocClaims, Involved
from numcheck.extract import extract_with_sentences
from numcheck.model import Anomaly, Problem

__all__ = ["analyse", "run_story", "default_pack_path", "load_rules", "select_rules"]


def default_pack_path() -> Path:
    """The folder of the default rule pack shipped with numcheck."""
    import importlib.resources

    return Path(str(importlib.resources.files("numcheck.rules"))) / "default"


def load_rules(paths: Sequence[str | Path] = (), *, include_default: bool = True,
               select: Sequence[str] = (), ignore: Sequence[str] = ()):
    """Load the default pack (unless excluded) and ``paths``, then apply select/ignore.

    ``select``/``ignore`` take codes or prefixes ("NC6" selects every NC6xx rule), in any case.
    Returns ``(rules, problems)``; problems carry ``path:line:col`` of every pack error, and
    one problem (kind "usage") per select/ignore entry that no loaded rule's code starts with.
    """
    from numcheck.checks import KINDS
    from numcheck.engine.packcache import load_packs_cached

    all_paths = ([default_pack_path()] if include_default else []) + [Path(p) for p in paths]
    # a pack validated before (same bytes, same numcheck) comes from the cache
    rules, problems = load_packs_cached(all_paths, KINDS)
    if problems:
        # a broken pack leaves codes out, so "unknown code" would only add noise
        return select_rules(rules, select, ignore)[0], problems
    rules, code_problems = select_rules(rules, select, ignore)
    return rules, problems + tuple(code_problems)


def select_rules(rules: Sequence, select: Sequence[str] = (), ignore: Sequence[str] = (),
                 where: tuple[str, str] = ("select", "ignore")):
    """``(rules kept, problems)``: ``rules`` narrowed to ``select`` minus ``ignore``, as a
    :class:`~numcheck.engine.codes.RuleSet` that still knows every code of ``rules``.

    Each entry is a code or a prefix; an entry that no rule's code starts with is a problem
    (kind "usage", its path ``where[0]`` or ``where[1]``) naming the nearest real codes.
    """
    from numcheck.engine.codes import RuleSet, covers, is_known, known_codes, unknown_code_message
    from numcheck.model import Problem

    known = known_codes(rules)
    problems = [Problem(name, unknown_code_message(code, known), kind="usage")
                for name, codes in zip(where, (select, ignore)) for code in codes
                if not is_known(code, known)]
    if select:
        rules = tuple(r for r in rules if any(covers(s, r.code) for s in select))
    if ignore:
        rules = tuple(r for r in rules if not any(covers(s, r.code) for s in ignore))
    # the kept rules remember every loaded code: ignore comments may name the others
    return RuleSet(rules, known), problems


def analyse(doc, date: _dt.date | None = None, date_source: str | None = None,
            date_evidence: Involved | None = None) -> DocClaims:
    """Extract a document's claims, resolved against ``date`` (default: the document's own)."""
    if date is not None:
        doc = doc.with_date(date, date_source or "story")
    claims, sentence_starts = extract_with_sentences(doc.text, doc.date, doc.blocks)
    return DocClaims(
        doc=doc.path,
        text=doc.text,
        date=doc.date,
        claims=tuple(claims),
        sentence_starts=tuple(sentence_starts),
        date_source=doc.date_source,
        date_evidence=date_evidence,
        blocks=tuple(doc.blocks or ()),
        tables=tuple(getattr(doc, "tables", ()) or ()),
    )


def date_claim(dc: DocClaims) -> Involved | None:
    """The claim in ``dc`` that states its document date (a caption or dateline), if any."""
    if dc.date is None:
        return None
    iso = dc.date.isoformat()
    candidates = [c for c in dc.claims if c.kind == "date" and c.date == iso and not c.relative]
    if not candidates:
        return None
    # a caption or dateline is what ingest read the date from; prefer those blocks
    candidates.sort(key=lambda c: (c.block not in ("caption", "title"), c.start))
    return Involved(dc.doc, candidates[0], "document date")


def run_story(rules: Sequence, documents: Sequence[DocClaims],
              progress=None) -> tuple[list[Anomaly], list[Problem]]:
    """Run ``rules`` over the documents of one story; ``progress``, a
    :class:`~numcheck.engine.runner.RuleRun`, keeps what was found if the run is cut short."""
    from numcheck.engine.runner import run_rules

    return run_rules(rules, documents, progress)
