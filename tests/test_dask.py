"""numcheck.dask and ``--engine dask`` on a two-process LocalCluster, against the serial run."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import _ci  # noqa: E402

dd = _ci.importorskip("dask.dataframe")
distributed = _ci.importorskip("distributed")

import numcheck.dask as ncd  # noqa: E402
from numcheck import batch  # noqa: E402
from numcheck.cli import main  # noqa: E402

from test_batch import EXPECTED, ROWS, many_rows, write_jsonl  # noqa: E402


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                       dashboard_address=":0")
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


def serial_anomalies(corpus, tmp_path) -> pd.DataFrame:
    out = tmp_path / "serial.jsonl"
    batch.run([str(corpus)], jobs=1, output=str(out), fmt="jsonl")
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    for r in rows:
        r["evidence"] = json.dumps(r["evidence"], ensure_ascii=False)
    return _sorted(pd.DataFrame(rows, columns=list(ncd.ANOMALY_COLUMNS)))


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.astype({c: "int64" if c in ("line", "column", "end_line", "end_column", "start", "end")
                          else object for c in frame.columns})
    return frame.sort_values(["path", "start", "end", "code", "message"]).reset_index(drop=True)


def test_dask_anomalies_equal_the_serial_run(client, tmp_path):
    corpus = write_jsonl(tmp_path / "news.jsonl", many_rows(4))
    # several partitions, so the rows of each story start out in different partitions
    ddf = dd.from_pandas(pd.read_json(corpus, lines=True), npartitions=5, sort=False)
    assert ddf.npartitions == 5
    got = _sorted(ncd.anomalies(ddf, source=str(corpus)).compute())
    want = serial_anomalies(corpus, tmp_path)
    assert len(want) == 4 * 4
    pd.testing.assert_frame_equal(got, want)


def test_dask_without_story_column_misses_the_cross_document_anomaly(client, tmp_path):
    corpus = write_jsonl(tmp_path / "news.jsonl", ROWS)
    ddf = dd.read_json(str(corpus), lines=True).drop(columns=["story"])
    got = ncd.anomalies(ddf, source=str(corpus)).compute()
    assert {(a.code, a.path.rpartition("#")[2], a.line) for a in got.itertuples()} == \
        EXPECTED - {("NC101", "r3", 1)}


def test_dask_claims_equal_extract(client, tmp_path):
    corpus = write_jsonl(tmp_path / "news.jsonl", ROWS)
    ddf = dd.read_json(str(corpus), lines=True, blocksize=500)
    got = ncd.claims(ddf, source=str(corpus)).compute().reset_index(drop=True)
    out = tmp_path / "claims.parquet"
    assert main(["extract", str(corpus), "--format", "parquet", "-o", str(out), "--jobs", "1"]) == 0
    want = pd.read_parquet(out)
    key = ["path", "start", "end", "kind"]
    got = got.sort_values(key).reset_index(drop=True)
    want = want.sort_values(key).reset_index(drop=True)
    assert list(got.columns) == list(want.columns) and len(got) == len(want) > 10
    assert got[key + ["line", "text", "value"]].astype(str).equals(want[key + ["line", "text", "value"]].astype(str))


def test_dask_problems_report_bad_rows(client):
    pdf = pd.DataFrame({"id": ["a", "b"], "date": ["2024-01-02", "never"],
                        "text": ["About 5 dogs.", "Fine."]})
    probs = ncd.problems(dd.from_pandas(pdf, npartitions=1), source="mem").compute()
    assert len(probs) == 1 and "not a date" in probs.iloc[0]["message"]


def test_cli_engine_dask_equals_jobs_1(client, tmp_path):
    corpus = write_jsonl(tmp_path / "news.jsonl", many_rows(3))
    outs = []
    for extra in (["--jobs", "1"], ["--engine", "dask", "--scheduler", client.scheduler.address]):
        out = tmp_path / f"o{len(outs)}.jsonl"
        assert main(["check", str(corpus), "--format", "jsonl", "-o", str(out), "--no-config", *extra]) == 1
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]


def test_cli_engine_dask_reports_a_story_that_kills_its_workers(tmp_path, monkeypatch, capsys):
    import dask

    corpus = write_jsonl(tmp_path / "news.jsonl", many_rows(2))
    monkeypatch.setenv(batch.CRASH_ENV, "r4-1")
    out = tmp_path / "a.jsonl"
    # no retries inside Dask, so the test does not wait for a worker restart per attempt; the
    # CLI still retries the chunk alone, then story by story
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        code = main(["check", str(corpus), "--format", "jsonl", "-o", str(out), "--no-config",
                     "--engine", "dask", "--jobs", "2"])
    assert code == 2
    err = capsys.readouterr().err
    assert f"worker process died while checking {corpus}#r4-1;" in err
    ids = {json.loads(line)["path"].rpartition("#")[2] for line in out.read_text().splitlines()}
    assert "r4-1" not in ids and {"r4-0", "r1-1", "r6-1"} <= ids
