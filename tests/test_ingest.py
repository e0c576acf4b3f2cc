"""Tests for numcheck.ingest: files → Documents, errors, dates, blocks, suppressions."""

from __future__ import annotations

import datetime as dt
import io
import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

import pytest

import _ci  # noqa: E402

from numcheck.ingest import (
    ALL_CODES,
    Document,
    InputError,
    document_from_text,
    find_dateline,
    load_document,
)
from numcheck.model import Problem


def _shared() -> Path | None:
    """``../shared`` beside the checkout (never a machine path: a test must not read another
    checkout's files), or None so that the tests needing it skip."""
    cand = Path(__file__).resolve().parents[1].parent / "shared"
    return cand if (cand / "seeds").is_dir() else None


SHARED = _shared()
needs_shared = pytest.mark.skipif(SHARED is None and not _ci.IN_CI, reason="shared material not present")


def kinds(doc: Document) -> list[tuple[str, str]]:
    return [(b.kind, doc.text[b.start:b.end]) for b in doc.blocks]


# --- plain text --------------------------------------------------------------------------------

def test_plain_text_file(tmp_path):
    p = tmp_path / "note.txt"
    p.write_text("The council hired 14 new teachers.\nEnrolment grew by 6%.\n", encoding="utf-8")
    doc = load_document(p)
    assert doc.path == str(p)
    assert doc.text.startswith("The council hired 14")
    assert doc.fmt == "txt"
    assert doc.date is None and doc.date_source == "none"
    off = doc.text.index("6%")
    assert doc.line_col(off) == (2, doc.text.split("\n")[1].index("6%") + 1)


def test_unknown_extension_is_text(tmp_path):
    p = tmp_path / "story.article"
    p.write_text("Forty-two boats left the harbour.", encoding="utf-8")
    assert load_document(p).text == "Forty-two boats left the harbour."


def test_crlf_is_normalised_and_lines_still_match(tmp_path):
    p = tmp_path / "win.txt"
    p.write_bytes(b"First line here.\r\nSecond line has 30 cars.\r\n")
    doc = load_document(p)
    assert "\r" not in doc.text
    assert doc.line_col(doc.text.index("30")) == (2, 17)


def test_empty_file_is_an_empty_document(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    doc = load_document(p)
    assert doc.text == "" and doc.blocks == () and doc.date is None


def test_stdin(monkeypatch):
    fake = io.TextIOWrapper(io.BytesIO("Tuesday, March 5, 2024\n\nThe mill reopened with 80 staff.".encode()))
    monkeypatch.setattr(sys, "stdin", fake)
    doc = load_document("-")
    assert doc.path == "-"
    assert doc.date == dt.date(2024, 3, 5) and doc.date_source == "dateline"


def test_stdin_html_is_sniffed(monkeypatch):
    page = "<!DOCTYPE html><html><head><title>t</title></head><body><article><p>" + \
        "The orchard produced 3,200 crates of apples this autumn, a record for the valley farm." * 3 + \
        "</p></article></body></html>"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(page.encode())))
    doc = load_document("-")
    assert doc.fmt == "html"
    assert "<p>" not in doc.text and "3,200 crates" in doc.text


def test_document_from_text_formats():
    d = document_from_text("---\ndate: 2023-01-02\n---\nBody with 5 pens.\n", fmt="md")
    assert d.date == dt.date(2023, 1, 2) and d.text == "Body with 5 pens.\n"
    d = document_from_text("A plain line.", date="2020-06-01")
    assert d.path == "<text>" and d.date == dt.date(2020, 6, 1) and d.date_source == "flag"
    with pytest.raises(ValueError):
        document_from_text("x", fmt="pdf")


# --- errors -----------------------------------------------------------------------------------

def _problem(path, **kw) -> Problem:
    with pytest.raises(InputError) as info:
        load_document(path, **kw)
    prob = info.value.problem
    assert isinstance(prob, Problem) and prob.kind == "input"
    assert prob.path == str(path)
    return prob


def test_missing_file(tmp_path):
    assert "no such file" in _problem(tmp_path / "absent.txt").message


def test_directory(tmp_path):
    assert "directory" in _problem(tmp_path).message


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_no_read_permission(tmp_path, monkeypatch):
    p = tmp_path / "locked.txt"
    p.write_text("secret 5", encoding="utf-8")
    p.chmod(0)
    if os.geteuid() == 0:
        # root reads a chmod 000 file, so the refusal the OS gives everyone else is given here
        # by hand, at the one place numcheck opens input files
        import errno

        import numcheck.fileio as fileio

        real_open = fileio.os.open

        def refusing_open(path, flags, *args):
            if os.fspath(path) == str(p):
                raise PermissionError(errno.EACCES, "Permission denied", str(p))
            return real_open(path, flags, *args)

        monkeypatch.setattr(fileio.os, "open", refusing_open)
    try:
        assert "permission denied" in _problem(p).message
    finally:
        p.chmod(0o644)


def test_symlink_loop(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.symlink_to(b)
    b.symlink_to(a)
    assert "symlink loop" in _problem(a).message


def test_broken_symlink(tmp_path):
    link = tmp_path / "dangling.md"
    link.symlink_to(tmp_path / "nowhere.md")
    assert "broken symlink" in _problem(link).message


def test_binary_file(tmp_path):
    p = tmp_path / "image.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    prob = _problem(p)
    assert "binary" in prob.message and "offset 8" in prob.message


def test_not_utf8_gives_offset_line_and_column(tmp_path):
    p = tmp_path / "latin.txt"
    p.write_bytes("First line.\nThe caf".encode() + b"\xe9 served 40 meals.\n")
    prob = _problem(p)
    assert "not UTF-8" in prob.message
    assert "0xe9" in prob.message and "offset 19" in prob.message and "line 2" in prob.message
    assert (prob.line, prob.column) == (2, 8)
    assert prob.format().startswith(f"{p}:2:8: ")


def test_too_large(tmp_path):
    p = tmp_path / "big.txt"
    p.write_text("word " * 1000, encoding="utf-8")
    prob = _problem(p, max_bytes=1024)
    assert "limit" in prob.message and "1 KB" in prob.message
    assert load_document(p, max_bytes=10_000).text.startswith("word")


def test_too_large_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"x" * 2000)))
    with pytest.raises(InputError) as info:
        load_document("-", max_bytes=1000)
    assert "limit" in info.value.problem.message


@pytest.mark.parametrize("encoding,bom", [("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")])
def test_byte_order_marks_are_decoded(tmp_path, encoding, bom):
    p = tmp_path / "bom.txt"
    body = "Zürich added 12 trams – “a big step”."
    p.write_bytes(bom + body.encode(encoding))
    assert load_document(p).text == body


def test_input_error_pickles_and_prints():
    err = InputError(Problem("x.txt", "no such file"))
    again = pickle.loads(pickle.dumps(err))
    assert again.problem == err.problem
    assert str(again) == "x.txt: no such file"


# --- Markdown ---------------------------------------------------------------------------------

MD = """---
title: Library extends its hours
date: 2024-09-12
story: libraries-2024
tags: [local, books]
author:
  name: Someone
---
# Library extends its hours

The central library will open for 70 hours a week, up from 52.
"""


def test_markdown_front_matter(tmp_path):
    p = tmp_path / "lib.md"
    p.write_text(MD, encoding="utf-8")
    doc = load_document(p)
    assert doc.fmt == "md"
    assert doc.date == dt.date(2024, 9, 12) and doc.date_source == "front_matter"
    assert doc.title == "Library extends its hours" and doc.story == "libraries-2024"
    assert doc.text.startswith("# Library")
    assert doc.first_line == 9
    assert doc.line_col(doc.text.index("70 hours")) == (11, 35)
    assert ("title", "# Library extends its hours") in kinds(doc)


def test_flag_date_beats_front_matter(tmp_path):
    p = tmp_path / "lib.md"
    p.write_text(MD, encoding="utf-8")
    doc = load_document(p, date="2024-10-01")
    assert doc.date == dt.date(2024, 10, 1) and doc.date_source == "flag"


def test_markdown_heading_title_without_front_matter(tmp_path):
    p = tmp_path / "h.markdown"
    p.write_text("\n# Bridge reopens after 8 months\n\nTraffic resumed on Monday.\n", encoding="utf-8")
    doc = load_document(p)
    assert doc.title == "Bridge reopens after 8 months"
    assert kinds(doc)[0] == ("title", "# Bridge reopens after 8 months")
    assert doc.first_line == 1


def test_markdown_written_date_in_front_matter(tmp_path):
    p = tmp_path / "w.md"
    p.write_text('---\ndate: "March 3, 2021"\n---\nText.\n', encoding="utf-8")
    assert load_document(p).date == dt.date(2021, 3, 3)


def test_markdown_bad_yaml(tmp_path):
    p = tmp_path / "bad.md"
    p.write_text("---\ntitle: ok\ndate: [unclosed\n---\nBody.\n", encoding="utf-8")
    prob = _problem(p)
    assert "front matter" in prob.message and prob.line >= 3


def test_markdown_bad_date(tmp_path):
    p = tmp_path / "bad.md"
    p.write_text("---\ntitle: ok\ndate: sometime soon\n---\nBody.\n", encoding="utf-8")
    prob = _problem(p)
    assert "not a date" in prob.message and prob.line == 3


def test_markdown_thematic_break_is_not_front_matter(tmp_path):
    p = tmp_path / "hr.md"
    p.write_text("---\nJust a rule above 3 paragraphs.\n", encoding="utf-8")
    doc = load_document(p)
    assert doc.first_line == 1 and doc.text.startswith("---")


# --- HTML -------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Valley rail line carries 2 million riders | The Valley Courier</title>
  <meta property="article:published_time" content="2023-11-07T08:15:00+00:00">
  <meta property="og:title" content="Valley rail line carries 2 million riders">
</head>
<body>
  <header class="site-header">
    <nav class="main-nav"><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
      <li><a href="/weather">Weather</a></li><li><a href="/subscribe">Subscribe</a></li></ul></nav>
  </header>
  <main>
    <article>
      <h1>Valley rail line carries 2 million riders</h1>
      <div class="share-buttons"><a href="#">Share on Facebook</a> <a href="#">Share on X</a> <a href="#">Email</a></div>
      <p>The regional rail line carried 2 million passengers in its first year, the transit
      agency said on Monday, well above the 1.5 million it had forecast.</p>
      <p>Trains now run every 15 minutes at peak times, and the agency plans to add
      <b>four</b> stations by 2026.</p>
      <!-- numcheck: ignore NC301 -->
      <p>Fares rose to $3.25 in June, an increase of 8&nbsp;percent.</p>
      <p>&ldquo;Ridership has beaten every estimate,&rdquo; the agency&rsquo;s director said.</p>
      <div class="newsletter-signup"><p>Sign up for our daily newsletter to get the latest news.</p>
      <form><input type="email"><button>Subscribe</button></form></div>
    </article>
  </main>
  <section id="comments">
    <h3>Leave a Reply</h3>
    <form class="comment-form"><label>Comment</label><textarea></textarea><button>Post Comment</button></form>
    <div class="comment"><p>I rode it 400 times last year and it was late every day!</p></div>
  </section>
  <footer><p>Copyright 2023 The Valley Courier. All rights reserved.</p></footer>
</body>
</html>
"""


@pytest.fixture
def page(tmp_path) -> tuple[Path, Document]:
    p = tmp_path / "rail.html"
    p.write_text(PAGE, encoding="utf-8")
    return p, load_document(p)


def test_html_main_text_without_chrome(page):
    _, doc = page
    assert doc.fmt == "html"
    assert "2 million passengers" in doc.text and "$3.25" in doc.text
    for chrome in ("Home", "Weather", "Share on Facebook", "Leave a Reply", "Post Comment",
                   "400 times", "All rights reserved", "Sign up for our daily newsletter"):
        assert chrome not in doc.text, chrome


def test_html_metadata(page):
    _, doc = page
    assert doc.date == dt.date(2023, 11, 7) and doc.date_source == "metadata"
    assert doc.title == "Valley rail line carries 2 million riders"
    assert kinds(doc)[0] == ("title", "Valley rail line carries 2 million riders")


def test_html_positions_point_at_source_lines(page):
    p, doc = page
    src = p.read_text(encoding="utf-8").split("\n")
    for needle in ("1.5 million", "2026", "$3.25", "15 minutes", "Valley rail line carries 2", "percent"):
        line, col = doc.line_col(doc.text.index(needle))
        assert src[line - 1][col - 1:].startswith(needle), (needle, line, col, src[line - 1])
    # across an entity and an inline tag the mapping still lands on the right character
    line, col = doc.line_col(doc.text.index("Ridership"))
    assert src[line - 1][col - 1:].startswith("Ridership")
    line, col = doc.line_col(doc.text.index("four"))
    assert src[line - 1][col - 1:].startswith("four")


def test_html_suppression_targets_source_line(page):
    p, doc = page
    src = p.read_text(encoding="utf-8").split("\n")
    comment_line = next(i for i, s in enumerate(src, 1) if "numcheck: ignore" in s)
    assert doc.suppressions == ((comment_line + 1, ("NC301",)),)
    assert doc.line_col(doc.text.index("$3.25"))[0] == comment_line + 1
    assert doc.suppression_comments[0].line == comment_line


def test_html_document_pickles(page):
    _, doc = page
    again = pickle.loads(pickle.dumps(doc))
    assert again == doc and again.source_map == doc.source_map
    assert again.line_col(10) == doc.line_col(10)


def test_html_fragment_is_not_emptied():
    doc = document_from_text("<p>The shelter took in 9 dogs.</p>\n<p>Then 4 cats.</p>", fmt="html")
    assert doc.text.split("\n") == ["The shelter took in 9 dogs.", "Then 4 cats."]
    assert doc.line_col(doc.text.index("4 cats")) == (2, 9)


def test_html_without_metadata_date_uses_dateline():
    page = ("<html><body><article><p>HELSINKI, February 11, 2016 — The city opened 3 saunas "
            "near the harbour, officials said.</p><p>Each sauna seats 40 people and is heated "
            "with wood, according to the operator.</p></article></body></html>")
    doc = document_from_text(page, fmt="html")
    assert doc.date == dt.date(2016, 2, 11) and doc.date_source == "dateline"


def test_html_rewritten_line_is_mapped_word_by_word():
    from numcheck.ingest.html import map_lines
    from numcheck.ingest.document import Document as D

    source = "<div>\n<p>Alpha beta</p>\n<p>Gamma <i>5</i>delta\nepsilon</p>\n</div>"
    text = "Alpha beta\nGamma 5 delta epsilon"  # not verbatim: a space was added before delta
    doc = D("x.html", text, source_map=map_lines(text, source), fmt="html")
    lines = source.split("\n")
    for word in ("Gamma", "5", "delta", "epsilon", "beta"):
        line, col = doc.line_col(text.index(word))
        assert lines[line - 1][col - 1:].startswith(word), word


def test_empty_html(tmp_path):
    p = tmp_path / "blank.html"
    p.write_text("<html><body></body></html>", encoding="utf-8")
    doc = load_document(p)
    assert doc.text == "" and doc.fmt == "html"


# --- dates ------------------------------------------------------------------------------------

@pytest.mark.parametrize("first,expected", [
    ("LISBON, June 4, 2022 — Harbour workers", dt.date(2022, 6, 4)),
    ("NAIROBI, Kenya, 9 March 2021 - The ministry", dt.date(2021, 3, 9)),
    ("OSLO (AP) Sept. 30, 2020 — A ferry", dt.date(2020, 9, 30)),
    ("Monday, July 8, 2019", dt.date(2019, 7, 8)),
    ("Dec 1, 2018", dt.date(2018, 12, 1)),
])
def test_datelines(first, expected):
    doc = document_from_text(first + "\n\nThe city counted 300 new homes.\n")
    assert (doc.date, doc.date_source) == (expected, "dateline")


@pytest.mark.parametrize("first", [
    "Officials said on May 3, 2024 that 12 schools would close.",  # a sentence, not a dateline
    "LISBON, June 4 — Harbour workers struck.",                    # no year
    "Monday — The workers struck.",                                  # no date at all
])
def test_not_datelines(first):
    doc = document_from_text(first + "\nMore text with 5 items.\n")
    assert doc.date is None and doc.date_source == "none"


def test_dateline_after_title_and_chrome(tmp_path):
    p = tmp_path / "d.md"
    p.write_text("# Dam repairs finished\n\nSubscribe to our newsletter\n\nCAIRO, April 2, 2017 — Engineers said.\n",
                 encoding="utf-8")
    doc = load_document(p)
    assert doc.date == dt.date(2017, 4, 2) and doc.date_source == "dateline"


def test_dateline_far_down_is_ignored():
    body = "\n".join(f"Paragraph {i} talks about 3 things." for i in range(10))
    assert find_dateline(body + "\nMonday, July 8, 2019\n") is None


CAPTION_TEXT = """The volunteers planted 5,000 trees over the weekend.

Two volunteers carry saplings up a slope near the reservoir in Tarragona, Spain, October 14, 2023.

Marta Puig/AFP

Organisers hope to reach 20,000 trees by spring.
"""


def test_caption_date_and_blocks():
    doc = document_from_text(CAPTION_TEXT)
    assert doc.date == dt.date(2023, 10, 14) and doc.date_source == "caption"
    caps = [t for k, t in kinds(doc) if k == "caption"]
    assert caps[0].startswith("Two volunteers") and caps[0].endswith("2023.")
    assert caps[1] == "Marta Puig/AFP"


def test_caption_without_credit_line_needs_photo_words():
    plain = "The treaty was signed by both ministers in Geneva, Switzerland, May 2, 2001.\n\nOther text.\n"
    assert document_from_text(plain).date_source == "none"
    photo = "A crowd gathers in the square in this photo taken in Geneva, Switzerland, May 2, 2001.\n"
    assert document_from_text(photo).date == dt.date(2001, 5, 2)


def test_dateline_beats_caption():
    doc = document_from_text("ROME, January 3, 2020 — Text.\n\n" + CAPTION_TEXT)
    assert doc.date == dt.date(2020, 1, 3) and doc.date_source == "dateline"


def test_metadata_beats_dateline(tmp_path):
    p = tmp_path / "x.html"
    p.write_text(PAGE.replace("<p>The regional", "<p>ROME, January 3, 2020 — The regional"), encoding="utf-8")
    assert load_document(p).date_source == "metadata"


# --- blocks -----------------------------------------------------------------------------------

def test_boilerplate_lines_and_glued_segments():
    text = (
        "Support independent journalism with $5 per month\n"
        "The ward reopened with 40 beds in 2024.support independent journalism with $10 per month\n"
        "Share.\n"
        "Leave A Reply\n"
        "Click here to read the full report.\n"
        "Follow us on Instagram\n"
        "© 2024 Example Media. All rights reserved.\n"
        "Exit mobile version\n"
        "Share | Tweet | Email\n"
    )
    doc = document_from_text(text)
    bp = [t for k, t in kinds(doc) if k == "boilerplate"]
    assert bp == [
        "Support independent journalism with $5 per month",
        "support independent journalism with $10 per month",
        "Share.", "Leave A Reply", "Click here to read the full report.", "Follow us on Instagram",
        "© 2024 Example Media. All rights reserved.", "Exit mobile version", "Share | Tweet | Email",
    ]
    assert doc.block_at(text.index("40 beds")) == "body"
    assert doc.block_at(text.index("$10")) == "boilerplate"


def test_chrome_words_inside_sentences_are_body():
    text = (
        "Investors will share the 3 remaining seats, and readers can subscribe to the plan.\n"
        "She said the group will follow us on the 12-mile route and all rights reserved to the state"
        " would lapse.\n"
        "The owners decided to share.\n"
    )
    doc = document_from_text(text)
    assert [k for k, _ in kinds(doc) if k == "boilerplate"] == []


def test_quotes():
    text = (
        "“We sold 300 tickets,” the manager said, adding that \"at least 50\" were refunds.\n"
        "The screen measures 10\" across and cost $90.\n\n"
        "“The first paragraph of a long quote has 4 points.\n\n"
        "“The second one closes it.”\n"
    )
    doc = document_from_text(text)
    quotes = [t for k, t in kinds(doc) if k == "quote"]
    assert quotes == [
        "“We sold 300 tickets,”", "\"at least 50\"",
        "“The first paragraph of a long quote has 4 points.", "“The second one closes it.”",
    ]
    assert doc.block_at(text.index("$90")) == "body"


def test_quotes_wrap_within_paragraphs_but_not_across_lines_of_wire_copy():
    wrapped = "The mayor said “we will build\n6 bridges” on Friday.\n\nNext paragraph.\n"
    doc = document_from_text(wrapped, fmt="md")
    assert doc.block_at(wrapped.index("6 bridges")) == "quote"
    wire = 'He said "we will build\n6 bridges on Friday, and "later 2 more" too.\n'
    doc = document_from_text(wire)
    assert doc.block_at(wire.index("6 bridges")) == "body"
    assert doc.block_at(wire.index("2 more")) == "quote"


def test_blocks_do_not_overlap_and_are_sorted():
    doc = document_from_text("Share.\n" + CAPTION_TEXT + "“quoted 7” and more.\n")
    ends = 0
    for b in doc.blocks:
        assert b.start >= ends
        ends = b.end


@needs_shared
def test_real_seed_with_caption_and_chrome():
    path = next((SHARED / "seeds").glob("001_*.txt"))
    doc = load_document(path)
    assert doc.date == dt.date(2025, 5, 23) and doc.date_source == "caption"
    bp = [t for k, t in kinds(doc) if k == "boilerplate"]
    assert len(bp) == 4
    assert bp[0].lower().startswith("support independent journalism")
    assert bp[1:] == ["Share.", "Leave A Reply", "Exit mobile version"]
    caps = [t for k, t in kinds(doc) if k == "caption"]
    assert len(caps) == 2 and caps[0].endswith("May 23, 2025.") and "/" in caps[1]
    assert any(k == "quote" for k, _ in kinds(doc))


@needs_shared
def test_real_seed_without_date_or_chrome():
    path = next((SHARED / "seeds").glob("000_*.txt"))
    doc = load_document(path)
    assert doc.date is None and doc.date_source == "none"
    assert [k for k, _ in kinds(doc) if k in ("boilerplate", "caption", "title")] == []
    assert doc.block_at(doc.text.index("4,757")) == "body"


@needs_shared
def test_corpus_articles_have_no_boilerplate_or_captions():
    from numcheck.ingest import iter_corpus

    corpus = SHARED / "corpus" / "news.jsonl"
    if not corpus.exists():
        pytest.skip("no corpus")
    hits = []
    n = 0
    for doc in iter_corpus(corpus):
        assert isinstance(doc, Document), doc
        n += 1
        hits += [(doc.path, b.kind, doc.text[b.start:b.end]) for b in doc.blocks if b.kind != "quote"]
    assert n == 414
    assert hits == []


# --- suppressions -----------------------------------------------------------------------------

def test_markdown_suppressions(tmp_path):
    p = tmp_path / "s.md"
    p.write_text(
        "---\ndate: 2024-01-01\n---\n"          # lines 1-3
        "<!-- numcheck: ignore-file NC101 -->\n"  # 4
        "Intro with 3 figures.\n"                 # 5
        "<!-- numcheck: ignore NC201, NC202 -->\n"  # 6
        "\n"                                      # 7
        "The fleet has 12 ships.\n"               # 8
        "Then 14 ships. <!-- numcheck: ignore -->\n"  # 9
        "<!-- numcheck: ignore NC999 -->\n",      # 10: nothing follows
        encoding="utf-8",
    )
    doc = load_document(p)
    assert doc.file_suppressions == ("NC101",)
    assert dict(doc.suppressions)[8] == ("NC201", "NC202")
    assert dict(doc.suppressions)[9] == ()
    assert [(c.line, c.target_line) for c in doc.suppression_comments][:3] == [(4, 0), (6, 8), (9, 9)]
    # a comment with nothing after it points past the end, so it silences nothing
    last = doc.suppression_comments[3]
    assert last.line == 10 and last.target_line > 10 and last.target_line not in (8, 9)
    assert doc.suppression_comments[2].column == 16
    assert doc.line_col(doc.text.index("12 ships"))[0] == 8
    # the comments themselves are not prose
    assert doc.block_at(doc.text.index("numcheck: ignore NC201")) == "boilerplate"


def test_plain_text_suppressions():
    doc = document_from_text(
        "Line one has 4 cats.  numcheck: ignore NC201,NC202\n"
        "Line two has 5 dogs.\n"
        "numcheck: ignore-file\n"
    )
    assert doc.suppressions == ((1, ("NC201", "NC202")),)
    assert doc.file_suppressions == (ALL_CODES,)
    assert doc.suppression_comments[0].column == 23


def test_no_suppressions():
    doc = document_from_text("A numcheck report found 3 issues.\n")
    assert doc.suppressions == () and doc.file_suppressions == () and doc.suppression_comments == ()


# --- lightness and speed ----------------------------------------------------------------------

def test_import_is_light():
    code = (
        "import sys, numcheck.ingest; "
        "print(','.join(m for m in ('trafilatura', 'pandas', 'pyarrow', 'lxml') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_large_text_is_fast():
    para = ("The port handled 1,200 containers on Monday, up 4% from a year earlier, "
            "and “more are coming,” the manager said.\n\n")
    text = "BERLIN, May 5, 2022 — Opening.\n\n" + para * 8000  # about 1 MB
    t0 = time.perf_counter()
    doc = document_from_text(text)
    assert time.perf_counter() - t0 < 5
    assert doc.date == dt.date(2022, 5, 5)
    assert sum(b.kind == "quote" for b in doc.blocks) == 8000


# --- robustness -------------------------------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = st.sampled_from([
    "Share.", "\n", "\n\n", "“", "”", '"', " ", "May 23, 2025", "WASHINGTON, ", " — ", "Name Surname/AP",
    "<!-- numcheck: ignore NC201 -->", "numcheck: ignore-file", "# Head", "---\n", "date: x\n",
    "support independent journalism", "The 40 boats.", ".", ",", "Photo",
])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=25), st.sampled_from(["txt", "md"]))
def test_any_text_gives_a_document_or_input_error(pieces, fmt):
    text = "".join(pieces)
    try:
        doc = document_from_text(text, fmt=fmt)
    except InputError as err:  # only bad front matter may be refused
        assert "front matter" in err.problem.message
        return
    prev = 0
    for b in doc.blocks:
        assert prev <= b.start < b.end <= len(doc.text)
        prev = b.end
    for off in range(0, len(doc.text) + 1, 7):
        line, col = doc.line_col(off)
        assert line >= 1 and col >= 1


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_give_a_document_or_input_error(tmp_path_factory, data):
    p = tmp_path_factory.mktemp("bytes") / "blob.txt"
    p.write_bytes(data)
    try:
        doc = load_document(p)
    except InputError as err:
        assert err.problem.path == str(p)
    else:
        assert isinstance(doc.text, str)


def test_source_url_from_front_matter_and_html(tmp_path):
    md = tmp_path / "lib.md"
    md.write_text("---\ntitle: Library\nurl: https://courier.example/library-hours\n---\n"
                  "The library will open for 70 hours a week.\n", encoding="utf-8")
    assert load_document(md).url == "https://courier.example/library-hours"
    plain = tmp_path / "lib.txt"
    plain.write_text("The library will open for 70 hours a week.\n", encoding="utf-8")
    assert load_document(plain).url is None
    page = tmp_path / "rail.html"
    page.write_text(PAGE.replace("</head>", '<link rel="canonical" href="https://valleycourier.example/rail">\n</head>'),
                    encoding="utf-8")
    assert load_document(page).url == "https://valleycourier.example/rail"
