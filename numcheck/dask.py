"""numcheck on Dask DataFrames: claims and anomalies of a corpus, computed on a cluster.

>>> import dask.dataframe as dd, numcheck.dask as ncd          # doctest: +SKIP
>>> ddf = dd.read_json("news-*.jsonl", lines=True, blocksize="32MB")
>>> found = ncd.anomalies(ddf, date_field="published")           # a lazy dask DataFrame
>>> found.to_parquet("anomalies/")                               # runs on the current Client

Each row is one document: ``text`` (required), ``date``, ``id``, ``story`` and ``title`` columns,
renamed with the ``*_field`` arguments. A document's path is ``"<source>#<id>"`` (the row's
index + 1 when it has no id; give an id column for stable paths).

What crosses the wire: the rule set is loaded once on the client and enters the graph as a
single delayed value, so every worker deserialises it once and keeps it (custom packs need not
exist on the workers); documents travel as DataFrame rows; the unit lexicon and extractors are
imported once per worker process from the installed package. No task rebuilds heavy state.

Stories: rows sharing a ``story`` value are moved to the same partition with Dask's hash
shuffle (:meth:`dask.dataframe.DataFrame.shuffle`), so cross-document rules see whole stories;
rows without one are each their own story. ``story="auto"`` first computes every row's linking
names and figures (small), links them on the client, then shuffles by the linked story.
``story="all"`` puts the whole corpus in one partition (only for small corpora).

A worker that dies is handled by Dask: the task is retried on another worker up to the
scheduler's ``distributed.scheduler.allowed-failures`` times, after which computing the result
raises :class:`distributed.scheduler.KilledWorker` naming the task: partitions are never
silently dropped.
"""

from __future__ import annotations

import json
from typing import Sequence

__all__ = ["ANOMALY_COLUMNS", "PROBLEM_COLUMNS", "anomalies", "claims", "documents_of", "problems"]

#: Columns of :func:`anomalies` (``evidence`` is a JSON list, as text).
ANOMALY_COLUMNS = ("code", "name", "kind", "severity", "path", "line", "column", "end_line",
                   "end_column", "start", "end", "text", "sentence", "message", "evidence",
                   "fingerprint")

#: Columns of :func:`problems`.
PROBLEM_COLUMNS = ("path", "line", "column", "kind", "message", "text")

_INT_COLUMNS = {"line", "column", "end_line", "end_column", "start", "end"}
_STORY_KEY = "__numcheck_story"


def _fields(text_field, date_field, id_field, story_field, title_field):
    from numcheck.ingest.corpus import _Fields

    return _Fields(text_field, date_field, id_field, story_field, title_field)


def _clean(value):
    # pandas hands missing cells over as NaN/NaT/NA; the row reader expects None
    try:
        import pandas as pd

        if value is not None and not isinstance(value, (str, bytes, list, dict)) and pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def documents_of(pdf, fields, source: str, story: str | None = None) -> list:
    """Documents and Problems for the rows of a pandas DataFrame, in row order.

    Rows are read exactly as :func:`numcheck.ingest.iter_corpus` reads a corpus file's rows, so
    a Dask run and a serial run of the same rows check the same Documents. ``story`` forces one
    story on every document.
    """
    from dataclasses import replace

    from numcheck.ingest.corpus import _row

    columns = [c for c in pdf.columns if c != _STORY_KEY]
    keys = list(pdf[_STORY_KEY]) if _STORY_KEY in pdf.columns else [None] * len(pdf)
    out = []
    for index, key, row in zip(pdf.index, keys, pdf[columns].to_dict("records")):
        row = {k: _clean(v) for k, v in row.items()}
        item = _row(source, _row_number(index), row, fields, 0, columns)
        if not _is_problem(item):
            # a linked story (story="auto") arrives as the shuffle key; "\0..." keys are lone rows
            forced = story if story is not None else (
                key if isinstance(key, str) and not key.startswith("\0") else None)
            if forced is not None and forced != item.story:
                item = replace(item, story=forced)
        out.append(item)
    return out


def _row_number(index) -> int:
    # the fallback id of a row without one; dask partitions carry their source row index
    try:
        return int(index) + 1
    except (TypeError, ValueError):
        return 0


def _is_problem(item) -> bool:
    from numcheck.model import Problem

    return isinstance(item, Problem)


def _anomaly_frame(rows: list[dict]):
    import pandas as pd

    frame = pd.DataFrame(rows, columns=list(ANOMALY_COLUMNS))
    for c in ANOMALY_COLUMNS:
        # a real string dtype (not object): Parquet writers infer their schema from the meta
        frame[c] = frame[c].astype("int64" if c in _INT_COLUMNS else "string")
    return frame


def _anomalies_partition(pdf, rules, fields, source: str, force_story: str | None):
    from numcheck.report import check_documents

    docs = [d for d in documents_of(pdf, fields, source, force_story) if not _is_problem(d)]
    if not docs:
        return _anomaly_frame([])
    report = check_documents(docs, rules, story="file")
    order = {d.path: i for i, d in enumerate(docs)}
    recs = sorted(report.to_records()["anomalies"], key=lambda a: (
        order.get(a["path"], len(order)), a["start"], a["end"], a["code"], a["message"]))
    for a in recs:
        a["evidence"] = json.dumps(a["evidence"], ensure_ascii=False)
    return _anomaly_frame(recs)


def _claim_columns() -> list[str]:
    from numcheck.model import Claim

    return ["path", "line", "column", *Claim.field_names()]


def _claims_partition(pdf, fields, source: str):
    import dataclasses

    import pandas as pd

    from numcheck.model import Claim
    from numcheck.report import analyse_document

    rows = []
    for doc in documents_of(pdf, fields, source):
        if _is_problem(doc):
            continue
        # under the per-document time budget, enforced in this worker thread by checkpoints;
        # a document over it gives no claims rather than stalling the partition
        dc = analyse_document(doc, [])
        if dc is None:
            continue
        for c in dc.claims:
            line, column = doc.line_col(c.start)
            rows.append({"path": doc.path, "line": line, "column": column, **c.to_dict()})
    frame = pd.DataFrame(rows, columns=_claim_columns())
    kinds = {"int": "int64", "float": "float64", "bool": "bool"}
    frame["path"] = frame["path"].astype("string")
    for f in dataclasses.fields(Claim):
        frame[f.name] = frame[f.name].astype(kinds.get(str(f.type).split("|")[0].strip(), "string"))
    frame[["line", "column"]] = frame[["line", "column"]].astype("int64")
    return frame


def _problems_partition(pdf, fields, source: str):
    import pandas as pd

    rows = [{"path": p.path, "line": p.line, "column": p.column, "kind": p.kind,
             "message": p.message, "text": p.text}
            for p in documents_of(pdf, fields, source) if _is_problem(p)]
    frame = pd.DataFrame(rows, columns=list(PROBLEM_COLUMNS))
    return frame.astype({c: "int64" if c in ("line", "column") else "string" for c in PROBLEM_COLUMNS})


def _link_partition(pdf, fields, source: str) -> list:
    from numcheck.engine.stories import StoryInput, distinctive_names
    from numcheck.report import analyse_document

    out = []
    for doc in documents_of(pdf, fields, source):
        if _is_problem(doc):
            continue
        dc = analyse_document(doc, [])
        if dc is None:
            continue
        claims = dc.claims
        # only what story grouping reads: names (as text) and big figures, not the whole text
        figures = tuple(c for c in claims if c.kind in ("count", "quantity", "money")
                        and c.value is not None and c.value >= 100 and not c.boilerplate)
        out.append(StoryInput(doc.path, " ".join(sorted(distinctive_names(doc.text))), figures,
                              doc.story, doc.date, doc.date_source))
    return out


def _story_keys(pdf, fields, source: str, linked: dict | None):
    """The shuffle key per row: its story (given or linked), else a key unique to the row."""
    keys = []
    ids = pdf[fields.id] if fields.id in pdf.columns else None
    stories = pdf[fields.story] if fields.story in pdf.columns else None
    for k, index in enumerate(pdf.index):
        ident = _clean(ids.iloc[k]) if ids is not None else None
        ident = str(_row_number(index)) if ident in (None, "") else str(ident)
        path = f"{source}#{ident}"
        value = _clean(stories.iloc[k]) if stories is not None else None
        if linked is not None and path in linked:
            keys.append(linked[path])
        elif value not in (None, ""):
            keys.append(str(value))
        else:
            keys.append("\0" + path)
    out = pdf.copy()
    out[_STORY_KEY] = keys
    return out


def claims(ddf, *, text_field: str = "text", date_field: str = "date", id_field: str = "id",
           story_field: str = "story", title_field: str = "title", source: str = "corpus"):
    """Every claim of every row, as a lazy dask DataFrame (claim-table columns: path, line,
    column and each :class:`numcheck.model.Claim` field). Malformed rows are skipped; see
    :func:`problems`."""
    fields = _fields(text_field, date_field, id_field, story_field, title_field)
    import pandas as pd

    meta = _claims_partition(pd.DataFrame({text_field: pd.Series([], dtype=object)}), fields, source)
    return ddf.map_partitions(_claims_partition, fields, source, meta=meta)


def problems(ddf, *, text_field: str = "text", date_field: str = "date", id_field: str = "id",
             story_field: str = "story", title_field: str = "title", source: str = "corpus"):
    """The malformed rows (no text, text not a string, a date that does not parse), one
    :data:`PROBLEM_COLUMNS` row each, as a lazy dask DataFrame."""
    fields = _fields(text_field, date_field, id_field, story_field, title_field)
    import pandas as pd

    meta = pd.DataFrame({c: pd.Series([], dtype="int64" if c in ("line", "column") else "string")
                         for c in PROBLEM_COLUMNS})
    return ddf.map_partitions(_problems_partition, fields, source, meta=meta)


def anomalies(ddf, *, rules: Sequence[str] = (), default_rules: bool = True,
              select: Sequence[str] = (), ignore: Sequence[str] = (), story: str = "file",
              text_field: str = "text", date_field: str = "date", id_field: str = "id",
              story_field: str = "story", title_field: str = "title", source: str = "corpus",
              npartitions: int | None = None):
    """Anomalies of every row, as a lazy dask DataFrame with :data:`ANOMALY_COLUMNS`.

    ``rules`` are extra pack paths (read here, on the client); ``select``/``ignore`` take codes
    or prefixes. ``story`` is ``"file"`` (rows sharing a story value form a story; others stand
    alone), ``"auto"`` (link rows by shared names and figures; computes a linking pass now) or
    ``"all"``. Raises ValueError for a broken rule pack or an unknown story mode.
    """
    import dask

    from numcheck.engine import load_rules

    if story not in ("file", "auto", "all"):
        raise ValueError(f"story must be file, auto or all, not {story!r}")
    rule_set, rule_problems = load_rules(list(rules), include_default=default_rules,
                                         select=list(select), ignore=list(ignore))
    if rule_problems:
        raise ValueError("rule pack errors:\n" + "\n".join(p.format() for p in rule_problems))
    fields = _fields(text_field, date_field, id_field, story_field, title_field)
    # one graph key holding the rules: each worker deserialises it once, not once per task
    shared_rules = dask.delayed(rule_set, pure=True)
    meta = _anomaly_frame([])
    if story == "all":
        one = ddf.repartition(npartitions=1)
        return one.map_partitions(_anomalies_partition, shared_rules, fields, source, "all", meta=meta)
    linked = None
    if story == "auto":
        from numcheck.engine.stories import group_stories

        parts = [dask.delayed(_link_partition)(p, fields, source) for p in ddf.to_delayed()]
        inputs = [x for part in dask.compute(*parts) for x in part]
        linked = {path: s.id for s in group_stories(inputs, mode="auto") for path in s.documents}
    elif story_field not in ddf.columns:
        return ddf.map_partitions(_anomalies_partition, shared_rules, fields, source, None, meta=meta)
    keyed_meta = ddf._meta.assign(**{_STORY_KEY: ddf._meta.index.astype(str)[:0].astype(object)})
    keyed = ddf.map_partitions(_story_keys, fields, source, linked, meta=keyed_meta)
    shuffled = keyed.shuffle(on=_STORY_KEY, npartitions=npartitions or ddf.npartitions)
    return shuffled.map_partitions(_anomalies_partition, shared_rules, fields, source, None, meta=meta)
