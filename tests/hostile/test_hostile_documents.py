"""Hostile PDF and DOCX files: each ends in one clear line naming the file, exit 2, in bounded
time, and good.md's anomaly is still reported.

The files are made here: reportlab for the encrypted and image-only PDFs, a few lines of PDF
syntax written by hand for the enormous and compression-bomb ones, zipfile for the DOCX
archives. They run through the real command line (``run_check`` from test_hostile_inputs), so
a traceback would show on stderr.
"""

from __future__ import annotations

import io
import sys
import re
import zipfile
import zlib
from pathlib import Path

import pytest

from test_hostile_inputs import assert_sane, desk, run_check  # noqa: F401 - desk is a fixture


def _raw_pdf(content: bytes, *, compress: bool = True, pages: int = 1) -> bytes:
    """A valid PDF whose ``pages`` pages all draw ``content`` (Helvetica as /F1)."""
    stream = zlib.compress(content, 9) if compress else content
    filt = b"/Filter /FlateDecode " if compress else b""
    first_page = 5
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % (first_page + i) for i in range(pages))
        + b"] /Count %d >>" % pages,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d " % len(stream) + filt + b">>\nstream\n" + stream + b"\nendstream",
    ]
    for _ in range(pages):
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                    b"/Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objs, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % n + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref))
    return out.getvalue()


def _line(text: str, y: int) -> bytes:
    return b"BT /F1 10 Tf 72 %d Td (%s) Tj ET\n" % (y, text.encode("latin-1"))


def test_raw_pdf_helper_reads(desk: Path) -> None:
    # the hand-written PDF is a real PDF: its text is read and checked like any report
    (desk / "memo.pdf").write_bytes(_raw_pdf(
        _line("The council spent 4,200 pounds on 12 new benches, or 300 pounds a bench.", 700)))
    run = run_check(desk, "memo.pdf", "good.md")
    assert run.code == 1, run.stderr
    assert_sane(run)
    assert any(c["text"] == "4,200 pounds" or c["text"].startswith("4,200") for c in run.claims("memo.pdf"))


def _encrypted(d: Path) -> str:
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(d / "locked.pdf"), encrypt=StandardEncryption("s3cret", canPrint=0))
    c.drawString(72, 700, "The council spent £4.2 million on roads.")
    c.save()
    return "locked.pdf"


def _scan(d: Path) -> str:
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    img = Image.new("L", (600, 200), 255)
    ImageDraw.Draw(img).text((20, 80), "The council spent 4.2 million on roads.", fill=0)
    c = canvas.Canvas(str(d / "scan.pdf"))
    for _ in range(2):
        c.drawImage(ImageReader(img), 72, 500, width=450, height=150)
        c.showPage()
    c.save()
    return "scan.pdf"


def _write(name: str, data: bytes):
    def make(d: Path) -> str:
        (d / name).write_bytes(data)
        return name
    return make


def _truncated(d: Path) -> str:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from _documents import report_pdf

    full = report_pdf(d / "full.pdf").read_bytes()
    (d / "full.pdf").unlink()
    (d / "cut.pdf").write_bytes(full[: len(full) // 3])
    return "cut.pdf"


def _enormous(d: Path) -> str:
    # one page drawing 400,000 lines of text: a few hundred KB on disk, minutes of parsing
    content = b"".join(_line(f"Line {i}: 1,000 people attended.", 700 - (i % 60) * 11) for i in range(400_000))
    (d / "enormous.pdf").write_bytes(_raw_pdf(content))
    return "enormous.pdf"


def _flate_bomb(d: Path) -> str:
    # 40 MB of spaces in one content stream, 40 KB compressed
    (d / "bomb.pdf").write_bytes(_raw_pdf(b" " * (40 * 1024 * 1024)))
    return "bomb.pdf"


def _zip(name: str, members: dict[str, bytes], level: int = 9):
    def make(d: Path) -> str:
        with zipfile.ZipFile(d / name, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
            for member, data in members.items():
                z.writestr(member, data)
        return name
    return make


def _zip_bomb(d: Path) -> str:
    with zipfile.ZipFile(d / "bomb.docx", "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as fh:
            chunk = b" " * (1 << 20)
            for _ in range(48):
                fh.write(chunk)
    return "bomb.docx"


def _many_parts(d: Path) -> str:
    with zipfile.ZipFile(d / "parts.docx", "w", zipfile.ZIP_STORED) as z:
        z.writestr("word/document.xml", "<w:document/>")
        for i in range(10_001):
            z.writestr(f"word/media/p{i}.bin", b"")
    return "parts.docx"


DOCX_XML = ('<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
            'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>1,000</w:t></w:r></w:p>')

CASES = {
    "encrypted-pdf": (_encrypted, (), r"locked\.pdf: encrypted PDF: it needs a password to open, which "
                                      r"numcheck does not take; save an unencrypted copy"),
    "truncated-pdf": (_truncated, (), r"cut\.pdf: not a readable PDF \(damaged or truncated: .+\)"),
    "garbage-pdf": (_write("junk.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 64), (),
                    r"junk\.pdf: not a readable PDF \(damaged or truncated: .+\)"),
    "not-a-pdf": (_write("notes.pdf", b"Minutes of the meeting: 1,000 people attended.\n"), (),
                  r"notes\.pdf: not a PDF file \(no %PDF- header in its first 1024 bytes\)"),
    "image-only-pdf": (_scan, (), r"scan\.pdf: no text layer: the PDF's 2 pages hold only images "
                                  r"\(a scan\?\); run OCR on it first"),
    "enormous-pdf": (_enormous, ("--timeout-per-doc", "3"),
                     r"enormous\.pdf: reading took longer than the 3 s per-document time budget; "
                     r"skipped \(raise it with --timeout-per-doc or NUMCHECK_DOC_TIMEOUT\)"),
    "flate-bomb-pdf": (_flate_bomb, ("--max-bytes", "2MB"),
                       r"bomb\.pdf: PDF refused: a compressed stream expands past 16 MB \(a compression "
                       r"bomb\?\); the limit is 8 x max_bytes"),
    "zip-bomb-docx": (_zip_bomb, ("--max-bytes", "2MB"),
                      r"bomb\.docx: DOCX refused: its parts unpack to 48 MB, over the 16 MB limit "
                      r"\(8 x max_bytes; a ZIP bomb\?\)"),
    "many-parts-docx": (_many_parts, (), r"parts\.docx: DOCX refused: its archive holds 10,002 parts, "
                                         r"over the 10,000-part limit \(a ZIP bomb\?\)"),
    "not-a-zip-docx": (_write("letter.docx", b"Dear editor, the 1,000 figure is wrong.\n"), (),
                       r"letter\.docx: not a DOCX file \(not a ZIP archive\)"),
    "zip-without-document": (_zip("sheet.docx", {"xl/workbook.xml": b"<workbook/>"}), (),
                             r"sheet\.docx: not a Word document \(the archive has no word/document\.xml\)"),
    "broken-xml-docx": (_zip("broken.docx", {
        "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                               b'package/2006/content-types"><Override PartName="/word/document.xml" '
                               b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
                               b'document.main+xml"/></Types>',
        "_rels/.rels": b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                       b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
                       b'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
                       b'Target="word/document.xml"/></Relationships>',
        "word/document.xml": DOCX_XML.encode(),  # cut off: no closing tags
    }), (), r"broken\.docx: not a readable DOCX \(.+\)"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_document(name: str, desk: Path) -> None:
    make, flags, error = CASES[name]
    bad = make(desk)
    run = run_check(desk, *flags, bad, "good.md")
    assert run.code == 2, (run.code, run.stderr)
    lines = run.error_lines()
    assert len(lines) == 1, run.stderr
    assert re.fullmatch(r"numcheck: " + error, lines[0]), lines[0]
    assert_sane(run)
    # other files' results are kept, and the bad file is not among the documents
    assert run.document(bad) is None
    assert run.seconds < 60, run.seconds


def test_enormous_pdf_stops_at_the_budget(desk: Path) -> None:
    bad = _enormous(desk)
    run = run_check(desk, "--timeout-per-doc", "2", bad)
    assert run.code == 2 and "2 s per-document time budget" in run.stderr
    # start-up (a second or two) plus the 2 s budget, with room for a loaded machine
    assert run.seconds < 20, run.seconds


def test_owner_password_only_pdf_is_read(desk: Path) -> None:
    # restrictions without a user password (the common case for published reports) open fine
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(desk / "restricted.pdf"),
                      encrypt=StandardEncryption("", ownerPassword="owner", canPrint=0, canCopy=0))
    c.drawString(72, 700, "The council spent 4,200 pounds on 12 new benches, or 300 pounds a bench.")
    c.save()
    run = run_check(desk, "restricted.pdf", "good.md")
    assert run.code == 1, run.stderr
    assert_sane(run)
    assert run.document("restricted.pdf")["format"] == "pdf"
