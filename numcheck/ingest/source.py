"""Reading bytes from a path or stdin and decoding them to text, with every failure explained.

Each failure becomes an :class:`~numcheck.ingest.errors.InputError` whose message says what is
wrong in words a user can act on (which byte, which line, which limit); nothing here lets an
``OSError`` or ``UnicodeDecodeError`` escape as a traceback.
"""

from __future__ import annotations

import errno
import os
import sys

from numcheck.ingest.errors import input_error

#: Files larger than this are refused unless the caller raises the limit (20 MB).
DEFAULT_MAX_BYTES = 20 * 1024 * 1024

# Byte-order marks, longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def _human(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}".replace(".0 ", " ")
        n /= 1024  # type: ignore[assignment]
    return str(n)  # pragma: no cover - loop always returns


def _os_error(path: str, exc: OSError):
    code = exc.errno
    if code == errno.ENOENT:
        if os.path.islink(path):
            return input_error(path, f"broken symlink (points to {os.readlink(path)!r}, which does not exist)")
        return input_error(path, "no such file")
    if code == errno.ELOOP:
        return input_error(path, "symlink loop (the link resolves back to itself)")
    if code in (errno.EACCES, errno.EPERM):
        return input_error(path, "permission denied (cannot read the file)")
    if code == errno.EISDIR:
        return input_error(path, "is a directory, not a file")
    if code == errno.ENOTDIR:
        return input_error(path, "no such file (a part of the path is not a directory)")
    return input_error(path, f"cannot read: {exc.strerror or exc}")


def read_bytes(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The raw bytes of ``path`` (``-`` is stdin), refusing directories and over-large input.

    Only a regular file is read: a FIFO (which could block forever), a device (``/dev/zero``
    never ends) or a socket is refused before anything is read from it. Standard input (``-``)
    is the one stream accepted, read up to the limit.
    """
    from numcheck.fileio import NotRegularFile, TooLarge, read_regular

    if path == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise input_error(path, f"input is over the {_human(max_bytes)} limit (max_bytes={max_bytes})")
        return data
    try:
        return read_regular(path, max_bytes)
    except NotRegularFile as exc:
        if exc.kind == "a directory":
            raise input_error(path, "is a directory, not a file") from None
        raise input_error(path, f"is {exc.kind}, not a regular file; not read") from None
    except TooLarge as exc:
        if exc.size is not None:
            raise input_error(
                path, f"file is {_human(exc.size)}, over the {_human(max_bytes)} limit "
                      f"(max_bytes={max_bytes})") from None
        raise input_error(path, f"file is over the {_human(max_bytes)} limit (max_bytes={max_bytes})") from None
    except OSError as exc:
        raise _os_error(path, exc) from None


def decode(data: bytes, path: str) -> str:
    """Decode file bytes to text with newlines normalised to ``\\n``.

    UTF-8 (with or without BOM) and UTF-16/32 with a BOM are accepted. NUL bytes in BOM-less input
    mean a binary file; invalid UTF-8 is reported with its byte offset, line and column.
    Windows (``\\r\\n``) and old Mac (``\\r``) line ends become ``\\n``, which keeps every line
    and column number the same as an editor shows them.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(encoding)
            except UnicodeDecodeError as exc:
                raise input_error(
                    path, f"not valid {encoding.upper()} text despite its byte-order mark "
                    f"(bad bytes at offset {exc.start + len(bom)})",
                ) from None
            return _normalise_newlines(text)
    nul = data.find(b"\x00")
    if nul != -1:
        raise input_error(path, f"binary file (NUL byte at offset {nul}), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        column = len(data[line_start:exc.start].decode("utf-8", errors="replace")) + 1
        raise input_error(
            path,
            f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}, line {line})",
            line=line, column=column,
        ) from None
    return _normalise_newlines(text)


_SURROGATE = None


def replace_surrogates(value: str) -> tuple[str, int]:
    """``value`` with each lone surrogate (U+D800-U+DFFF) replaced by U+FFFD, and how many.

    JSON's ``"\\ud800"`` escape and Python strings can hold these halves of a UTF-16 pair, which
    no UTF-8 output can encode; replacing them one for one keeps every offset.
    """
    global _SURROGATE
    if value.isascii():
        return value, 0
    if _SURROGATE is None:
        import re

        _SURROGATE = re.compile("[\ud800-\udfff]")
    out, n = _SURROGATE.subn("\ufffd", value)
    return out, n


def surrogate_note(counts: dict[str, int]) -> str | None:
    """The Document note for lone surrogates replaced, per field (None if there were none)."""
    fields = [f"{k} ({n})" for k, n in counts.items() if n]
    if not fields:
        return None
    total = sum(counts.values())
    return (f"{total} lone surrogate{'s' if total != 1 else ''} (half of a UTF-16 pair, not text) "
            f"replaced by U+FFFD in {', '.join(fields)}")


def _normalise_newlines(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text
