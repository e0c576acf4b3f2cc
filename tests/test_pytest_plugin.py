"""The pytest plugin (``--numcheck``, ``numcheck_paths``, the ``numcheck`` fixture) and
``numcheck.testing.assert_consistent``; the plugin is exercised through pytester."""

from __future__ import annotations

import datetime as dt
import re

import pytest

import _ci  # noqa: E402

from numcheck.testing import Checker, assert_consistent

BAD = ("Earlier this month, crews pulled 38 hikers off the ridge in a March 2 operation, the "
       "second such airlift in 2019.")
GOOD = BAD.replace("in 2019", "in 2020")


def md(body: str, *, date: str | None = "2020-03-20", story: str | None = None) -> str:
    """A Markdown article with optional front-matter date and story."""
    front = [f"date: {date}"] if date else []
    if story:
        front.append(f"story: {story}")
    head = "---\n" + "\n".join(front + ["title: Ridge airlift"]) + "\n---\n"
    return head + "# Ridge airlift\n\nThe rangers keep 4 posts on the ridge.\n\n" + body + "\n"


# ---- assert_consistent ----------------------------------------------------------------------

def test_assert_consistent_passes_and_returns_the_report():
    report = assert_consistent(GOOD, date="2020-03-20")
    assert report.anomalies == []


def test_assert_consistent_message_has_sentence_and_arithmetic():
    with pytest.raises(AssertionError) as exc:
        assert_consistent(BAD, date=dt.date(2020, 3, 20))
    msg = str(exc.value)
    assert msg.startswith("numcheck found 1 anomaly in <text>")
    assert "NC601" in msg and "anchored-date-contradicts-year" in msg
    assert "second such" in msg and "2019" in msg and "2020" in msg  # sentence and arithmetic
    assert "^^^^" in msg  # the caret line marks the figure without colour
    assert "\x1b[" not in msg


def test_assert_consistent_on_a_path(tmp_path):
    path = tmp_path / "ridge.md"
    path.write_text(md(BAD), encoding="utf-8")
    with pytest.raises(AssertionError, match=r"ridge\.md:\d+:\d+: ERROR NC601"):
        assert_consistent(str(path))
    # the input error itself, not just the word "error" (which "0 errors" would satisfy)
    with pytest.raises(AssertionError, match=r"missing\.md: input: no such file"):
        assert_consistent(str(tmp_path / "missing.md"))


def test_checker_fail_on_and_select():
    Checker(fail_on="never").assert_consistent(BAD, date="2020-03-20")
    Checker(ignore=["NC6"]).assert_consistent(BAD, date="2020-03-20")
    with pytest.raises(AssertionError):
        Checker(select=["NC601"]).assert_consistent(BAD, date="2020-03-20")
    with pytest.raises(ValueError):
        Checker(fail_on="sometimes")


def test_data_team_asserts_on_frames():
    """How a data team checks a batch: pandas frames of claims and anomalies."""
    _ci.importorskip("pandas", module_level=False)
    report = Checker(fail_on="never").check([GOOD, BAD], date="2020-03-20")
    claims = report.claims_frame()
    assert {"path", "line", "kind", "value", "text"} <= set(claims.columns)
    years = claims[claims.kind == "year"]
    assert sorted(years.value.tolist()) == [2019.0, 2020.0]
    anomalies = report.anomalies_frame()
    errors = anomalies[anomalies.severity == "error"]
    assert errors.code.tolist() == ["NC601"] and errors.text.tolist() == ["2019"]
    assert anomalies.fingerprint.str.fullmatch(r"[0-9a-f]{16}").all()


# ---- the plugin through pytester ------------------------------------------------------------

def test_nothing_is_collected_without_the_flag(pytester):
    pytester.makefile(".md", ridge=md(BAD))
    result = pytester.runpytest("--collect-only", "-q")
    assert "ridge.md" not in result.stdout.str()


def test_numcheck_flag_collects_articles_as_items(pytester):
    arts = pytester.mkdir("articles")
    (arts / "good.md").write_text(md(GOOD), encoding="utf-8")
    (arts / "bad.md").write_text(md(BAD), encoding="utf-8")
    (arts / "notes.txt").write_text("The rangers keep 4 posts.\n", encoding="utf-8")
    (arts / "data.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    result = pytester.runpytest("--numcheck", "articles", "-v", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2, failed=1)
    out = result.stdout.str()
    assert "data.csv" not in out
    result.stdout.fnmatch_lines([
        "*articles/bad.md::numcheck FAILED*",
        "*numcheck found 1 anomaly in articles/bad.md*",
        "*articles/bad.md:9:*ERROR NC601 anchored-date-contradicts-year*",
    ])
    # the failure report is numcheck's own, not a Python traceback
    assert "Traceback" not in out and "def runtest" not in out


def test_reportinfo_points_at_the_first_anomaly(pytester):
    pytester.makefile(".md", bad=md(BAD), good=md(GOOD))
    reprec = pytester.inline_run("--numcheck")
    reports = {r.nodeid: r for r in reprec.getreports("pytest_runtest_logreport") if r.when == "call"}
    bad = reports["bad.md::numcheck"]
    assert bad.failed and bad.location[0] == "bad.md" and bad.location[1] == 8  # line 9, 0-based
    assert bad.location[2] == "numcheck: bad.md"
    assert reports["good.md::numcheck"].passed and reports["good.md::numcheck"].location[1] == 0


def test_articles_of_one_story_form_one_item(pytester):
    arts = pytester.mkdir("desk")
    # the dated article is clean; the undated one is only wrong once it takes the story's date
    (arts / "a_wire.md").write_text(md(GOOD, story="ridge-airlift"), encoding="utf-8")
    (arts / "b_update.md").write_text(md(BAD, date=None, story="ridge-airlift"), encoding="utf-8")
    (arts / "c_other.md").write_text(md(BAD, date=None), encoding="utf-8")
    result = pytester.runpytest("--numcheck", "desk", "-v", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=1)
    out = result.stdout.str()
    assert "desk/a_wire.md::story[ridge-airlift] FAILED" in out
    assert "b_update.md::" not in out  # merged into the story's item
    assert "desk/c_other.md::numcheck PASSED" in out
    assert re.search(r"desk/b_update\.md:\d+:\d+: ERROR NC601", out)


def test_ini_numcheck_paths_adds_articles_to_a_plain_run(pytester):
    pytester.makeini("[pytest]\nnumcheck_paths = articles\ntestpaths = tests\n")
    pytester.mkdir("articles")
    (pytester.path / "articles" / "bad.md").write_text(md(BAD), encoding="utf-8")
    pytester.mkdir("tests")
    (pytester.path / "tests" / "test_x.py").write_text("def test_x():\n    pass\n", encoding="utf-8")
    (pytester.path / "tests" / "golden.txt").write_text("In 2019, earlier this month.\n", encoding="utf-8")
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=1)
    assert "golden.txt" not in result.stdout.str()  # only numcheck_paths are articles
    # naming paths explicitly runs just those
    pytester.runpytest("tests/test_x.py", "-p", "no:cacheprovider").assert_outcomes(passed=1)


def test_items_and_fixture_honour_the_config_file(pytester):
    pytester.makefile(".toml", numcheck='fail-on = "never"\n')
    pytester.makefile(".md", bad=md(BAD))
    pytester.makepyfile(test_fixture=f"""
        import pytest

        BAD = {BAD!r}

        def test_configured(numcheck):
            assert numcheck.fail_on == "never"
            numcheck.assert_consistent(BAD, date="2020-03-20")
            assert len(numcheck.check(BAD, date="2020-03-20").anomalies) == 1

        def test_plain_function_is_strict():
            from numcheck.testing import assert_consistent
            with pytest.raises(AssertionError):
                assert_consistent(BAD, date="2020-03-20")
    """)
    result = pytester.runpytest("--numcheck", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=3)


def test_fixture_failure_reads_like_an_assertion(pytester):
    pytester.makepyfile(test_article=f"""
        def test_article(numcheck):
            numcheck.assert_consistent({BAD!r}, date="2020-03-20")
    """)
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*AssertionError: numcheck found 1 anomaly in <text>*",
                                 "*ERROR NC601*"])


def test_broken_config_fails_items_with_its_location(pytester):
    pytester.makefile(".toml", numcheck='fail-on = "sometimes"\n')
    pytester.makefile(".md", good=md(GOOD))
    result = pytester.runpytest("--numcheck", "-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*numcheck.toml:1:1: fail-on:*"])
