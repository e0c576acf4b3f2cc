"""Statistical results as papers report them: APA-style tests and means of whole-number data.

:func:`scan_tests` finds reported tests ("t(28) = 2.20, p = .036", "F(2, 57) = 4.56, p < .05",
"χ²(1, N = 96) = 4.12, p = .042", "r(48) = −.31, p = .03", "z = 2.31, p = .021", "Q(12) = 24.5,
p = .017", "t(40) = 1.20, ns") and returns them as :class:`~numcheck.model.ReportedTest`
values; :func:`scan_means` finds means of whole-number answers with their n ("a mean score of
3.47 on a 1–5 scale (n = 28)") as :class:`~numcheck.model.ReportedMean` values. Nothing here
computes a p-value or judges a result: that is the checks' arithmetic.

What is recognised (documented for users in docs/statistics.md):

- the test names t/T, F, r, χ²/χ2/X2/chi-square (with or without "N = …"), z/Z and Q, with the
  degrees of freedom in round or square brackets, any spacing, and "=" before the statistic;
- signs written with a hyphen, the Unicode minus (U+2212) or an en/em dash;
- the statistic and the p-value with or without a leading zero; p (or P, or ps) with =, <, >,
  ≤, ≥, <=, >=, and "ns"/"n.s."/"not significant" in place of a p;
- a statistic the next item of which is not p ("F(1, 38) = 5.12, MSE = 2.34, p = .03"); a
  Cohen's d before or after p, and the design ("independent-samples", "paired") in the sentence;
- "one-tailed", "one-sided", "1-tailed" or "directional" in the sentence;
- degrees of freedom that do not fit the test ("t(2, 28)", "F(28)"), and statistics outside
  their range (r beyond ±1, negative F or χ²), kept as malformed instead of skipped.
"""

from __future__ import annotations

import bisect
import re

from numcheck.model import ReportedMean, ReportedTest

__all__ = ["scan_tests", "scan_means", "paragraph_starts"]

_MINUS = "-\u2212\u2013\u2014"
_NUM = r"(?:\d++(?:\.\d++)?|\.\d++)"

# the test name and its degrees of freedom, up to the "=" before the statistic
_HEAD_RE = re.compile(
    r"(?<![A-Za-z0-9_\u0370-\u03ff])"
    r"(?P<name>t|T|F|r|z|Z|Q|(?:\u03c7|\u03a7|X|x|[Cc]hi)(?:[ \t]?+(?:\u00b2|\^2|2)|-squared?|[ \t]square(?:d)?))"
    r"[ \t]*+(?:(?P<open>[(\[])(?P<df>[^()\[\]\n]{1,40})[)\]])?"
    r"[ \t]*+=[ \t]*+"
    r"(?P<sign>[" + _MINUS + r"])?[ \t]?+(?P<stat>" + _NUM + r")(?![\d.]*+[A-Za-z%])"
)
# one more "name = value" item between the statistic and p ("MSE = 2.34", "d = 0.45")
_ITEM_RE = re.compile(
    r"[ \t]*+[,;][ \t]*+(?P<key>MSE|SE|SD|d|g|\u03b7[p\u209a]?[\u00b22]|\u03b7[\u00b2]?[p\u209a]?|"
    r"\u03c9[\u00b2]|R[\u00b2]|partial \u03b7[\u00b2]|Cohen['’]s d|B|b|\u03b2)"
    r"[ \t]*+=[ \t]*+(?P<sign>[" + _MINUS + r"])?(?P<value>" + _NUM + r")"
)
_P_RE = re.compile(
    r"[ \t]*+[,;]?[ \t]*+(?:p|P|ps)[ \t]*+(?P<cmp><=|>=|=|<|>|\u2264|\u2265)[ \t]*+(?P<p>" + _NUM + r")"
    r"(?![\d.]*+[A-Za-z%])"
)
_NS_RE = re.compile(
    r"[ \t]*+[,;]?[ \t]*+(?:(?:p|P)[ \t]*+=?[ \t]*+)?(?:n\.s\.|ns\b|n\.s\b|not significant\b)"
)
# a confidence interval right after a d: ", 95% CI [0.12, 0.78]", "(95% CI: 0.12 to 0.78)"
_SIGNED = r"[" + _MINUS + r"]?[ \t]?+" + _NUM
_CI_RE = re.compile(
    r"[ \t]*+(?:[,;][ \t]*+)?(?P<lead>\()?[ \t]*+(?:(?P<level>90|95|99)[ \t]?%[ \t]?+)?CI[ \t]*+[=:]?[ \t]*+"
    r"(?P<open>[\[(])?[ \t]*+(?P<lo>" + _SIGNED + r")[ \t]*+(?:,|;|to|\u2013|\u2014)[ \t]*+(?P<hi>" + _SIGNED + r")"
    r"[ \t]*+(?(open)[\])])(?(lead)[ \t]*+\))"
)
_N_IN_DF = re.compile(r"^[ \t]*+[Nn][ \t]*+=[ \t]*+(?P<n>\d[\d,]*+)[ \t]*+$")
_DF_NUMBER = re.compile(r"^[ \t]*+(?P<v>\d++(?:\.\d++)?)[ \t]*+$")
_ONE_TAILED = re.compile(r"\b(?:one|1)[- ](?:tailed|sided)\b|\bdirectional (?:test|hypothes)", re.I)
_INDEPENDENT = re.compile(r"\bindependent[- ]samples?\b|\bbetween[- ](?:groups?|subjects)\b|\btwo[- ]sample\b|"
                          r"\bindependent t\b|\bwelch", re.I)
_PAIRED = re.compile(r"\bpaired\b|\bwithin[- ]subjects?\b|\brepeated[- ]measures\b|\bdependent[- ]samples?\b"
                     r"|\bone[- ]sample\b", re.I)
#: What a sentence may hold around one test for the one-tailed and design cues to count.
_SENTENCE_WINDOW = 400

_CMP = {"\u2264": "<=", "\u2265": ">="}


def _number(text: str, sign: str | None = None) -> float:
    v = float(text)
    return -v if sign else v


def _signed(text: str) -> float:
    """ "−0.12", "- .12", "0.78": a figure whose sign may be any of the minus signs."""
    t = text.replace(" ", "").replace("\t", "")
    return -float(t[1:]) if t[0] in _MINUS else float(t)


def _interval(text: str, pos: int):
    """The confidence interval that starts at ``pos``, or None: ``(match, low, high, level)``."""
    m = _CI_RE.match(text, pos)
    if m is None:
        return None
    return m, _signed(m.group("lo")), _signed(m.group("hi")), int(m.group("level") or 95)


def _test_name(raw: str) -> str:
    if raw in ("t", "T"):
        return "t"
    if raw in ("z", "Z"):
        return "z"
    if raw in ("F", "r", "Q"):
        return raw
    return "chi2"


def paragraph_starts(text: str) -> list[int]:
    """Offsets where the paragraphs of ``text`` start (after each blank line)."""
    out = [0]
    for m in re.finditer(r"\n[ \t\r]*+\n", text):
        out.append(m.end())
    return out


def _sentence_bounds(text: str, starts: list[int], pos: int) -> tuple[int, int]:
    if not starts:
        return max(0, pos - _SENTENCE_WINDOW), min(len(text), pos + _SENTENCE_WINDOW)
    i = bisect.bisect_right(starts, pos) - 1
    lo = starts[max(i, 0)]
    hi = starts[i + 1] if i + 1 < len(starts) else len(text)
    return max(lo, pos - _SENTENCE_WINDOW), min(hi, pos + _SENTENCE_WINDOW)


def _df(test: str, raw: str | None) -> tuple[tuple[float, ...], int | None, str]:
    """The dfs of a bracket's content, the N it states, and what is malformed about them."""
    if raw is None:
        if test == "z":
            return (), None, ""
        return (), None, f"{_SHOWN[test]} needs its degrees of freedom"
    # "N = 1,204": a comma before three digits is a thousands separator, not a new df
    parts = re.split(r",(?!\d{3}(?!\d))", raw)
    dfs: list[float] = []
    n = None
    for part in parts:
        m = _N_IN_DF.match(part)
        if m:
            n = int(m.group("n").replace(",", ""))
            continue
        m = _DF_NUMBER.match(part)
        if m is None:
            return tuple(dfs), n, f"cannot read the degrees of freedom \"{raw.strip()}\""
        dfs.append(float(m.group("v")))
    want = {"t": 1, "r": 1, "chi2": 1, "Q": 1, "F": 2, "z": 0}[test]
    if test == "chi2" and n is None and len(dfs) == 2 and dfs[1].is_integer():
        # "χ²(1, 96)": the second figure can only be the sample size
        n = int(dfs.pop())
    if test == "z":
        return (), n, ""
    if len(dfs) != want:
        have = len(dfs)
        return tuple(dfs), n, (f"{_SHOWN[test]} takes {want} degree{'s' if want > 1 else ''} of freedom, "
                               f"not {have} (\"{raw.strip()}\")")
    if any(d <= 0 for d in dfs):
        return tuple(dfs), n, "degrees of freedom must be positive"
    if test in ("F", "chi2", "Q", "r") and any(not d.is_integer() for d in dfs) and test != "F":
        return tuple(dfs), n, f"{_SHOWN[test]} takes whole degrees of freedom"
    return tuple(dfs), n, ""


_SHOWN = {"t": "t", "F": "F", "r": "r", "chi2": "χ²", "z": "z", "Q": "Q"}


def scan_tests(text: str, sentence_starts=()) -> list[ReportedTest]:
    """Every APA-style test result in ``text`` that states its p (or "ns"), in order."""
    if "=" not in text:
        return []
    starts = list(sentence_starts)
    out: list[ReportedTest] = []
    for m in _HEAD_RE.finditer(text):
        test = _test_name(m.group("name"))
        if m.group("name") in ("T", "Z") and m.group("open") is None and test == "t":
            continue  # "T = 4" is too often a temperature or a label
        pos = m.end()
        d = d_text = None
        ci = None
        for _ in range(3):
            item = _ITEM_RE.match(text, pos)
            if item is None:
                break
            pos = item.end()
            if item.group("key") in ("d", "g", "Cohen's d", "Cohen’s d"):
                d_text = item.group("value")
                d = _number(d_text, item.group("sign"))
                ci = _interval(text, pos)
                if ci is not None:
                    pos = ci[0].end()
        pm = _P_RE.match(text, pos)
        if pm is not None:
            comparison = _CMP.get(pm.group("cmp"), pm.group("cmp"))
            p_text = pm.group("p")
            p = float(p_text)
            end = pm.end()
        else:
            ns = _NS_RE.match(text, pos)
            if ns is None:
                continue
            comparison, p_text, p, end = "ns", "ns", None, ns.end()
        if d is None:
            for _ in range(2):
                item = _ITEM_RE.match(text, end)
                if item is None:
                    break
                if item.group("key") in ("d", "g", "Cohen's d", "Cohen’s d"):
                    d_text = item.group("value")
                    d = _number(d_text, item.group("sign"))
                    end = item.end()
                    ci = _interval(text, end)
                    if ci is not None:
                        end = ci[0].end()
                    break
                end = item.end()
        stat_text = m.group("stat")
        statistic = _number(stat_text, m.group("sign"))
        dfs, n, malformed = _df(test, m.group("df"))
        if not malformed:
            if test == "r" and abs(statistic) > 1:
                malformed = f"r must lie between -1 and 1, not {stat_text}"
            elif test in ("F", "chi2", "Q") and statistic < 0:
                malformed = f"{_SHOWN[test]} cannot be negative"
            elif p is not None and p > 1:
                malformed = f"a p-value cannot exceed 1 ({p_text})"
        lo, hi = _sentence_bounds(text, starts, m.start())
        sentence = text[lo:hi]
        design = ""
        if _PAIRED.search(sentence):
            design = "paired"
        elif _INDEPENDENT.search(sentence):
            design = "independent"
        out.append(ReportedTest(
            start=m.start(), end=end, text=text[m.start():end], test=test, df=dfs,
            statistic=statistic, statistic_text=stat_text, comparison=comparison, p=p,
            p_text=p_text, n=n, one_tailed=bool(_ONE_TAILED.search(sentence)),
            malformed=malformed, d=d, d_text=d_text or "", design=design,
            ci=None if ci is None else (ci[1], ci[2]),
            ci_text="" if ci is None else f"[{ci[0].group('lo')}, {ci[0].group('hi')}]",
            ci_level=0 if ci is None else ci[3],
        ))
    return out


# ---- means of whole-number data ----------------------------------------------------------------

_WORD_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20}
_SMALL = r"(?:\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)"
# "mean score 3.47", "a mean rating of 4.12", "averaged 3.9", "(M = 3.47, SD = 0.81)"
_MEAN_RE = re.compile(
    r"\b(?:(?P<word>mean|average)(?:[ \t]++(?P<what>[a-z]{2,20})){0,2}?[ \t]++(?:(?:of|was|were|is|=|:)[ \t]++)?"
    r"|\bM[ \t]*+=[ \t]*+|\baveraged[ \t]++)"
    r"(?P<value>\d{1,3}\.\d{1,4})(?![\d.]*+[%A-Za-z])"
)
_N_RE = re.compile(
    r"\b[Nn][ \t]*+=[ \t]*+(?P<n>\d{1,3}(?:,\d{3})?|\d{1,6})(?![\d.])"
    r"|\b(?P<n2>\d{1,3}(?:,\d{3})?|\d{1,6})[ \t]++(?:[a-z]+[ \t]++)?"
    r"(?:participants|respondents|pupils|students|children|patients|adults|people|nurses|teachers|"
    r"employees|staff|volunteers|subjects|raters|parents|workers|members)\b"
)
# "on a 1–5 scale", "scale from 1 to 7", "1-to-5", "five-point", "7-point Likert"
_SCALE_RE = re.compile(
    r"\b(?P<lo>\d{1,2})[ \t]?+(?:[-\u2013\u2014]|to)[ \t]?+(?P<hi>\d{1,2})[ \t]?+(?:-[ \t]?)?(?:point[ \t]++)?scale\b"
    r"|\bscale[ \t]++(?:of|from)[ \t]++(?P<lo2>\d{1,2})[ \t]++(?:\([^()\n]{0,40}\)[ \t]++)?to[ \t]++(?P<hi2>\d{1,2})\b"
    r"|\bfrom[ \t]++(?P<lo3>\d{1,2})[ \t]++\([^()\n]{1,40}\)[ \t]++to[ \t]++(?P<hi3>\d{1,2})[ \t]++\("
    r"|\b(?P<points>" + _SMALL + r")[- ]point\b"
    r"|\bmean number of\b|\baverage number of\b"
)
_ITEMS_RE = re.compile(r"\b(?P<k>" + _SMALL + r")[- ]item\b", re.I)
# a composite whose item count the text does not give: GRIM cannot be applied
_COMPOSITE_RE = re.compile(r"\b(?:items|subscales?|composite|averaged (?:across|over)|index|weighted)\b", re.I)


def _small(s: str) -> int:
    return int(s) if s.isdigit() else _WORD_NUMBERS[s.lower()]


def scan_means(text: str, sentence_starts=()) -> list[ReportedMean]:
    """Means of whole-number answers in ``text`` whose n is stated in the same sentence and
    whose answers the paragraph says are whole numbers (a rating scale, a "mean number of")."""
    if "mean" not in text and "average" not in text and "M =" not in text:
        return []
    starts = list(sentence_starts) or [0]
    paras = paragraph_starts(text)
    out: list[ReportedMean] = []
    for m in _MEAN_RE.finditer(text):
        if m.group("what") in ("age", "aged", "time", "duration", "income", "salary", "weight",
                               "height", "temperature", "length", "price", "cost", "bmi"):
            continue
        i = bisect.bisect_right(starts, m.start()) - 1
        s_lo = starts[max(i, 0)]
        s_hi = starts[i + 1] if i + 1 < len(starts) else len(text)
        sentence = text[s_lo:s_hi]
        if re.search(r"\bage[ds]?\b|\byears?\b|\bminutes\b|\bhours\b|\bdays\b|%|£|\$|€", sentence[m.start() - s_lo:m.end() - s_lo + 30]):
            continue
        ns = list(_N_RE.finditer(sentence))
        if len(ns) != 1:
            continue  # no n, or several groups' ns: which one is this mean's cannot be told
        nm = ns[0]
        n_text = nm.group("n") or nm.group("n2")
        n = int(n_text.replace(",", ""))
        if n <= 0:
            continue
        p = bisect.bisect_right(paras, m.start()) - 1
        p_lo = paras[p]
        p_hi = paras[p + 1] if p + 1 < len(paras) else len(text)
        paragraph = text[p_lo:p_hi]
        scale = _SCALE_RE.search(paragraph)
        if scale is None:
            continue
        items = 1
        im = _ITEMS_RE.search(paragraph)
        if im is not None:
            items = _small(im.group("k"))
        elif _COMPOSITE_RE.search(paragraph):
            continue
        low = high = None
        lo_s = scale.group("lo") or scale.group("lo2") or scale.group("lo3")
        hi_s = scale.group("hi") or scale.group("hi2") or scale.group("hi3")
        if lo_s and hi_s:
            low, high = float(lo_s), float(hi_s)
        elif scale.group("points"):
            low, high = None, float(_small(scale.group("points")))
        value = float(m.group("value"))
        if high is not None and value > high:
            continue
        n_group = "n" if nm.group("n") else "n2"
        out.append(ReportedMean(
            start=m.start("value"), end=m.end("value"), text=m.group("value"), value=value,
            value_text=m.group("value"), n=n, n_start=s_lo + nm.start(n_group),
            n_end=s_lo + nm.end(n_group), items=items, low=low, high=high,
        ))
    return out
