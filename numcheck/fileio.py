"""Reading and writing files that may not be what their names say.

Every file numcheck opens on a user's behalf (articles, rule packs, configs, baselines) may be
a FIFO that never delivers, a device that never ends (``/dev/zero``), a socket, or a file far
larger than any article. Every file it writes (``--output``, ``--write-baseline``) may name a
device, a FIFO, a directory, or a path whose folder does not exist. This module handles both
ends in one place:

* :func:`read_regular` opens without blocking, checks with ``fstat`` on the open descriptor
  (so a file swapped between a check and the open cannot slip through) that it is a regular
  file, and reads at most ``max_bytes + 1`` bytes;
* :class:`Output` writes a regular file (or a new path) atomically: to a temporary sibling,
  fsynced, then renamed over the target, keeping the old file's permission bits. A device,
  FIFO or ``-`` is written directly, never replaced: replacing ``/dev/null`` with a regular
  file (as a rename would, run as root) breaks every later redirection on the machine. A
  directory, a socket, a block device and a path in a missing folder are refused with an
  :class:`OutputError` that says which.

Standard library only: this sits at the bottom of the layer contract with :mod:`numcheck.limits`.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
import tempfile

__all__ = ["NotRegularFile", "Output", "OutputError", "TooLarge", "check_output", "file_kind",
           "read_regular", "write_output"]


def file_kind(mode: int) -> str:
    """What a ``st_mode`` is, in words: "a regular file", "a FIFO", "a directory", ..."""
    for test, name in ((stat.S_ISREG, "a regular file"), (stat.S_ISDIR, "a directory"),
                       (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a regular file"


class NotRegularFile(OSError):
    """A path that is a FIFO, device, socket or directory, where a regular file was needed."""

    def __init__(self, path: str, kind: str) -> None:
        super().__init__(errno.EINVAL, f"{kind}, not a regular file", path)
        self.kind = kind


class TooLarge(OSError):
    """A file longer than the limit it was read under; ``size`` is None when not known."""

    def __init__(self, path: str, limit: int, size: int | None) -> None:
        super().__init__(errno.EFBIG, "file too large", path)
        self.limit = limit
        self.size = size


def read_regular(path: str | os.PathLike, max_bytes: int) -> bytes:
    """The bytes of the regular file at ``path``, refusing anything else or anything longer.

    Raises :class:`NotRegularFile` for a FIFO, device, socket or directory (checked on the
    opened descriptor; opening does not block on a FIFO), :class:`TooLarge` for a file over
    ``max_bytes``, and :class:`OSError` for everything the system refuses.
    """
    path = os.fspath(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) \
        | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except IsADirectoryError:
        raise NotRegularFile(path, "a directory") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFile(path, file_kind(st.st_mode))
        if st.st_size > max_bytes:
            raise TooLarge(path, max_bytes, st.st_size)
        # one byte past the limit: a file that grows while it is read has no honest st_size
        chunks, want = [], max_bytes + 1
        while want > 0:
            chunk = os.read(fd, min(want, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            want -= len(chunk)
        data = b"".join(chunks)
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        raise TooLarge(path, max_bytes, None)
    return data


# ---- output --------------------------------------------------------------------------------

class OutputError(Exception):
    """An output path that cannot be written; the message is one line naming the path."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.reason = message


def descriptor_of(path: str) -> int | None:
    """The number of this process's open file descriptor that ``path`` names, if it names one:
    ``/dev/stdout``, ``/dev/stderr``, ``/dev/fd/N``, ``/proc/self/fd/N`` (or a symlink to one).

    Such a path is the caller's stream, which may be a regular file opened for appending
    (``numcheck check -o /dev/stdout >> ci.log``): it is written through the descriptor, never
    reopened (that would truncate it) or renamed over (that would replace ``ci.log``).
    """
    names = {"/dev/stdin": 0, "/dev/stdout": 1, "/dev/stderr": 2}
    fd_dirs = ("/dev/fd/", "/proc/self/fd/", f"/proc/{os.getpid()}/fd/")
    current = os.path.abspath(path)
    for _ in range(40):  # as many links as the kernel follows
        if current in names:
            return names[current]
        for folder in fd_dirs:
            rest = current[len(folder):] if current.startswith(folder) else ""
            if rest.isdigit() and rest.isascii():
                return int(rest)
        try:
            link = os.readlink(current)
        except OSError:  # not a symlink (or gone): an ordinary path
            return None
        current = os.path.normpath(os.path.join(os.path.dirname(current), link))
    return None


def _target(path: str) -> tuple[str, os.stat_result | None]:
    """The file a write to ``path`` lands in (symlinks followed) and its stat, if it exists."""
    real = os.path.realpath(path) if os.path.islink(path) else path
    try:
        return real, os.stat(real)
    except FileNotFoundError:
        return real, None
    except NotADirectoryError:
        raise OutputError(path, "cannot write: a part of the path is not a directory") from None
    except OSError as exc:
        raise OutputError(path, f"cannot write: {exc.strerror or exc}") from None


def check_output(path: str | os.PathLike) -> None:
    """Raise :class:`OutputError` now if writing to ``path`` later is bound to fail.

    Run before the work, so that an hour-long check does not end in "no such directory".
    ``-`` (standard output) is always fine.
    """
    path = os.fspath(path)
    if path == "-":
        return
    if path.endswith(("/", os.sep)) or (os.altsep and path.endswith(os.altsep)):
        if os.path.isdir(path):
            raise OutputError(path, "is a directory; give a file name")
        raise OutputError(path, f"no such directory {path.rstrip('/' + os.sep)!r}")
    fd = descriptor_of(path)
    if fd is not None:
        try:
            os.fstat(fd)
        except OSError:
            raise OutputError(path, f"file descriptor {fd} is not open") from None
        try:
            import fcntl

            writable = fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE in (os.O_WRONLY, os.O_RDWR)
        except (ImportError, OSError):
            writable = True  # cannot tell here: the write will say
        if not writable:
            raise OutputError(path, f"file descriptor {fd} is open for reading only")
        return
    real, st = _target(path)
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise OutputError(path, "is a directory; give a file name")
        if stat.S_ISSOCK(st.st_mode) or stat.S_ISBLK(st.st_mode):
            raise OutputError(path, f"is {file_kind(st.st_mode)}; refusing to write to it")
        return
    folder = os.path.dirname(os.path.abspath(real))
    if not os.path.isdir(folder):
        shown = os.path.dirname(path) or folder
        raise OutputError(path, f"no such directory {shown!r}")


class Output:
    """A file being written: :attr:`fh` takes the data, :meth:`commit` puts it in place.

    ``path`` None or ``-`` is standard output. A regular file or a new path is written to a
    temporary file in the same folder and renamed over the target on :meth:`commit`, so
    readers see the old file or the whole new one, never half of one; the old file's
    permission bits (and, where allowed, owner) are kept, and a hard link to the old file keeps
    the old content (the rename gives the path a new inode). A character device or FIFO is
    opened and written directly, and a path naming an open descriptor (``/dev/stdout``,
    ``/dev/fd/3``) is written through that descriptor (see :func:`descriptor_of`). :meth:`abort` drops a temporary file and leaves the target
    untouched.
    """

    def __init__(self, path: str | os.PathLike | None, binary: bool = False) -> None:
        self.path = None if path is None or os.fspath(path) == "-" else os.fspath(path)
        self.binary = binary
        self._tmp: str | None = None
        self._final: str | None = None
        self._mode: int | None = None
        self._owner: tuple[int, int] | None = None
        self._direct = False
        text_args = {} if binary else {"encoding": "utf-8", "newline": "",
                                       # a lone surrogate (from a file name that is not UTF-8)
                                       # is written as its \\udcxx escape, never a crash
                                       "errors": "backslashreplace"}
        if self.path is None:
            self.fh = sys.stdout.buffer if binary else sys.stdout
            return
        check_output(self.path)
        fd = descriptor_of(self.path)
        if fd is not None:
            # the caller's own stream (-o /dev/stdout >> log): write through a duplicate of the
            # descriptor, at its offset and with its append mode, after what is already buffered
            self._direct = True
            for stream in (sys.stdout, sys.stderr):
                try:
                    stream.flush()
                except (OSError, ValueError):
                    pass
            self.fh = os.fdopen(os.dup(fd), "wb" if binary else "w", **text_args)
            return
        real, st = _target(self.path)
        if st is not None and not stat.S_ISREG(st.st_mode):
            # /dev/null, /dev/stdout, a FIFO: write into it; never rename over it
            self._direct = True
            fd = os.open(real, os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
            self.fh = os.fdopen(fd, "wb" if binary else "w", **text_args)
            return
        if st is not None:
            self._mode = stat.S_IMODE(st.st_mode)
            self._owner = (st.st_uid, st.st_gid)
        self._final = real
        folder = os.path.dirname(os.path.abspath(real))
        try:
            fd, self._tmp = tempfile.mkstemp(prefix=f".{os.path.basename(real)}.", suffix=".tmp",
                                             dir=folder)
        except OSError as exc:
            raise OutputError(self.path, f"cannot write: {exc.strerror or exc}") from None
        self.fh = os.fdopen(fd, "wb" if binary else "w", **text_args)

    def commit(self) -> None:
        """Flush, and for a regular file fsync and rename it into place."""
        if self.path is None:
            self.fh.flush()
            return
        if self._direct:
            try:
                self.fh.close()
            except BrokenPipeError:  # a FIFO whose reader went away
                pass
            return
        if self._tmp is None:
            return
        self.fh.flush()
        os.fsync(self.fh.fileno())
        self.fh.close()
        if self._mode is None:
            # mkstemp creates the file 0600; a new report gets the usual umask-derived mode
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(self._tmp, 0o666 & ~umask)
        else:
            os.chmod(self._tmp, self._mode)
            if self._owner is not None and hasattr(os, "chown"):
                try:
                    os.chown(self._tmp, *self._owner)
                except OSError:
                    pass  # only root may give a file away; the mode is kept either way
        os.replace(self._tmp, self._final)
        self._tmp = None
        _sync_folder(os.path.dirname(os.path.abspath(self._final)))

    def abort(self) -> None:
        """Drop a half-written temporary file; the target, if it existed, is left as it was."""
        if self.path is None:
            return
        try:
            self.fh.close()
        except Exception:  # noqa: BLE001 - the data is being discarded anyway
            pass
        if self._tmp is not None:
            try:
                os.unlink(self._tmp)
            except OSError:
                pass
            self._tmp = None


def _sync_folder(folder: str) -> None:
    # make the rename itself durable; not every platform lets a directory be opened
    try:
        dfd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dfd)
    except OSError:
        pass
    finally:
        os.close(dfd)


def write_output(path: str | os.PathLike | None, data: str | bytes) -> None:
    """Write ``data`` to ``path`` as :class:`Output` does (atomically for regular files).

    Text is written as UTF-8 with ``\\n`` line ends on every platform.
    """
    out = Output(path, binary=isinstance(data, bytes))
    try:
        out.fh.write(data)
        out.commit()
    except BaseException:
        out.abort()
        raise
