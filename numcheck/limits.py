"""Input limits and the per-document time budget.

Two limits keep one hostile or pathological document from stalling a run:

* a **size limit** (``max_bytes``, default 20 MB): larger files are refused when they are read;
* a **time budget** (``doc_timeout``, default 10 s): a document whose analysis, or a story whose
  rule run, takes longer is abandoned and reported as an error; the run goes on with the rest.

Both come from, in order of precedence: an explicit argument (the CLI's ``--max-bytes`` and
``--timeout-per-doc``), the environment (``NUMCHECK_MAX_BYTES``, ``NUMCHECK_DOC_TIMEOUT``), the
defaults here. The environment is also how the CLI hands its flags to worker processes.

How the budget interrupts work
------------------------------
In the main thread of a POSIX process :func:`time_budget` arms ``signal.setitimer(ITIMER_REAL)``;
its SIGALRM handler raises a private :class:`BaseException` subclass, which Python delivers
between two bytecodes of whatever is running. That stops pure-Python loops anywhere, and it
cannot be swallowed by an ``except Exception`` inside the code being timed. A C call (one
``re`` search, say) is not interrupted mid-call; the project's regexes are linear-time (see
tests/test_regex_linear.py), so such calls are short and the signal lands right after. An outer
timer already armed (pytest-timeout's, for instance) is kept: ours is set to whichever fires
first, and the outer one is re-armed with its remaining time on the way out (or its handler is
called, if it was the one due).

Everywhere (worker threads, Dask workers, platforms without ``setitimer``) the budget is also
a *deadline* kept per thread: :func:`checkpoint` raises once the innermost budget of the
calling thread is spent. The loops that can run long (reading HTML, finding blocks, extracting
claims sentence by sentence, running each rule over each finding) call it, so an overrun is
stopped within one loop step whatever thread runs it. :meth:`Budget.check` does the same test
between stages. A checkpoint costs one thread-local lookup and one clock read.

This module imports only the standard library: it sits at the bottom of the layer contract,
beside :mod:`numcheck.model`, so ingest, report and the CLI can all use it.
"""

from __future__ import annotations

import math
import os
import re
import signal
import threading
import time
from dataclasses import dataclass
from typing import Mapping

__all__ = [
    "DEFAULT_DOC_TIMEOUT", "DEFAULT_MAX_BYTES", "DEFAULT_STORY_TIMEOUT", "ENV_DOC_TIMEOUT",
    "MAX_HTML_ELEMENTS",
    "ENV_MAX_BYTES", "ENV_STORY_TIMEOUT", "Budget", "BudgetExceeded", "Limits", "LimitError",
    "checkpoint", "format_bytes", "overrun", "parse_bytes", "parse_seconds", "remaining",
    "signals_interrupt", "time_budget",
]

#: Files larger than this are refused unless the limit is raised (20 MB, as in ingest).
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
#: Seconds one document's reading or analysis (or one story's rule run, per document) may take.
DEFAULT_DOC_TIMEOUT = 10.0
#: Seconds the rule run of one story may take however many documents it has: a story of 300
#: documents gets this, not 300 times the per-document budget.
DEFAULT_STORY_TIMEOUT = 60.0

#: Most elements (start tags) an HTML page may have. Reading one costs about 2 KB of memory per
#: element in lxml and trafilatura, and time to match; news pages have a few thousand, a
#: long Wikipedia page under 100,000. This bounds the memory of reading HTML (about 400 MB).
MAX_HTML_ELEMENTS = 200_000

ENV_MAX_BYTES = "NUMCHECK_MAX_BYTES"
ENV_DOC_TIMEOUT = "NUMCHECK_DOC_TIMEOUT"
ENV_STORY_TIMEOUT = "NUMCHECK_STORY_TIMEOUT"

_UNITS = {"": 1, "b": 1, "k": 1024, "kb": 1024, "kib": 1024, "m": 1024 ** 2, "mb": 1024 ** 2,
          "mib": 1024 ** 2, "g": 1024 ** 3, "gb": 1024 ** 3, "gib": 1024 ** 3}
_SIZE = re.compile(r"\s*(\d{1,15}(?:\.\d{1,6})?)\s*([a-z]{0,3})\s*", re.IGNORECASE)
_OFF = ("0", "none", "off", "never", "inf", "")


class LimitError(ValueError):
    """A limit value (flag or environment variable) that cannot be used; the message says why."""


def parse_bytes(value: str | int, name: str = "--max-bytes") -> int:
    """A size such as ``20971520``, ``20MB``, ``50M`` or ``1.5GB`` (binary units) in bytes.

    Raises :class:`LimitError` naming ``name`` for anything else, or for a size below 1 byte.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        n = value
    else:
        m = _SIZE.fullmatch(str(value))
        unit = m.group(2).lower() if m else None
        if m is None or unit not in _UNITS:
            raise LimitError(f"{name}: not a size: {value!r} (use bytes, or a number with KB, MB or GB)")
        n = int(float(m.group(1)) * _UNITS[unit])
    if n < 1:
        raise LimitError(f"{name}: must be at least 1 byte, not {value!r}")
    return n


def parse_seconds(value: str | float | None, name: str = "--timeout-per-doc") -> float | None:
    """Seconds as a positive number; ``0``, ``none`` or ``off`` mean no budget (None).

    Raises :class:`LimitError` naming ``name`` for a negative or non-numeric value.
    """
    if value is None:
        return None
    given = value
    if isinstance(value, str):
        if value.strip().lower() in _OFF:
            return None
        try:
            value = float(value)
        except ValueError:
            raise LimitError(f"{name}: not a number of seconds: {given!r}") from None
    seconds = float(value)
    if math.isnan(seconds) or seconds < 0:
        raise LimitError(f"{name}: must be 0 (no limit) or a positive number of seconds, not {given!r}")
    if seconds == 0 or math.isinf(seconds):
        return None
    return seconds


def format_bytes(n: int) -> str:
    """``n`` bytes for people: ``20 MB``, ``1.5 KB``, ``512 bytes``."""
    size = float(n)
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{n} bytes" if unit == "bytes" else f"{size:.1f} {unit}".replace(".0 ", " ")
        size /= 1024
    raise AssertionError("unreachable")  # pragma: no cover


@dataclass(frozen=True)
class Limits:
    """The limits a run works under; a timeout of None means no such budget."""

    max_bytes: int = DEFAULT_MAX_BYTES
    doc_timeout: float | None = DEFAULT_DOC_TIMEOUT
    story_timeout: float | None = DEFAULT_STORY_TIMEOUT

    @classmethod
    def resolve(cls, max_bytes: str | int | None = None, doc_timeout: str | float | None = None,
                environ: Mapping[str, str] | None = None,
                story_timeout: str | float | None = None) -> "Limits":
        """Explicit values first, then ``NUMCHECK_MAX_BYTES``/``NUMCHECK_DOC_TIMEOUT``/
        ``NUMCHECK_STORY_TIMEOUT``, then defaults.

        A timeout of ``0`` (or ``"off"``) given explicitly turns that budget off even when
        the environment sets one. Raises :class:`LimitError` for an unusable value.
        """
        env = os.environ if environ is None else environ
        if max_bytes is None and env.get(ENV_MAX_BYTES, "").strip():
            max_bytes = env[ENV_MAX_BYTES]
            size = parse_bytes(max_bytes, ENV_MAX_BYTES)
        else:
            size = DEFAULT_MAX_BYTES if max_bytes is None else parse_bytes(max_bytes)
        budget = _timeout(doc_timeout, "--timeout-per-doc", env, ENV_DOC_TIMEOUT, DEFAULT_DOC_TIMEOUT)
        story = _timeout(story_timeout, "--timeout-per-story", env, ENV_STORY_TIMEOUT,
                         DEFAULT_STORY_TIMEOUT)
        return cls(size, budget, story)

    def story_budget(self, documents: int) -> float | None:
        """Seconds for the rule run of a story of ``documents``: the per-document budget times
        the documents, capped by the story budget (None: no budget)."""
        per = None if self.doc_timeout is None else self.doc_timeout * max(1, documents)
        if per is None:
            return self.story_timeout
        return per if self.story_timeout is None else min(per, self.story_timeout)

    def environ(self) -> dict[str, str]:
        """These limits as environment variables (for child processes)."""
        return {ENV_MAX_BYTES: str(self.max_bytes),
                ENV_DOC_TIMEOUT: "0" if self.doc_timeout is None else repr(self.doc_timeout),
                ENV_STORY_TIMEOUT: "0" if self.story_timeout is None else repr(self.story_timeout)}


def _timeout(value, flag: str, env: Mapping[str, str], key: str, default: float) -> float | None:
    if value is not None:
        return parse_seconds(value, flag)
    if key in env:
        return parse_seconds(env[key], key)
    return default


# ---- the time budget ------------------------------------------------------------------------

class BudgetExceeded(Exception):
    """Work that ran past its time budget; ``seconds`` is the budget, ``stage`` what was running."""

    def __init__(self, seconds: float, stage: str = "") -> None:
        self.seconds = seconds
        self.stage = stage
        super().__init__(f"took longer than the {seconds:g} s time budget"
                         + (f" ({stage})" if stage else ""))


class _Alarm(BaseException):
    # BaseException: an ``except Exception`` in the timed code must not swallow the interruption
    def __init__(self, owner: "time_budget | None" = None) -> None:
        super().__init__()
        self.owner = owner


# Per thread: the budgets entered and not yet left, innermost last, and the earliest deadline
# among them (what checkpoint() compares the clock with).
_LOCAL = threading.local()


def checkpoint() -> None:
    """Raise the budget interruption if the calling thread's innermost budget is spent.

    Call it in loops that can run long; it is a no-op outside a :class:`time_budget`. What it
    raises is not an :class:`Exception` (so no ``except Exception`` in between can swallow
    it); the enclosing ``time_budget`` turns it into :class:`BudgetExceeded`.
    """
    deadline = getattr(_LOCAL, "deadline", None)
    if deadline is not None and time.monotonic() >= deadline:
        raise _Alarm(_LOCAL.owner)


def remaining() -> float | None:
    """Seconds left in the calling thread's innermost budget (None: no budget running)."""
    deadline = getattr(_LOCAL, "deadline", None)
    return None if deadline is None else deadline - time.monotonic()


def overrun() -> None:
    """Interrupt the calling thread's budget now (work timed out elsewhere, in a child process).

    Raises what :func:`checkpoint` raises; outside a budget it raises
    :class:`BudgetExceeded` directly.
    """
    owner = getattr(_LOCAL, "owner", None)
    if owner is None:
        raise BudgetExceeded(0.0, "")
    raise _Alarm(owner)


def signals_interrupt() -> bool:
    """Whether a :class:`time_budget` entered here is enforced by a signal as well (the main
    thread of a POSIX process), so that code without checkpoints is stopped too."""
    owner = getattr(_LOCAL, "owner", None)
    return owner is not None and owner._active


class Budget:
    """A running time budget: ``check()`` raises :class:`BudgetExceeded` once it is spent.

    With signals (main thread) the budget also interrupts work by itself; elsewhere the
    :func:`checkpoint` calls in numcheck's loops and ``check()`` between stages enforce it.
    """

    def __init__(self, seconds: float | None, stage: str = "") -> None:
        self.seconds = seconds
        self.stage = stage
        self.deadline = None if seconds is None else time.monotonic() + seconds
        self.uses_signal = False

    def remaining(self) -> float | None:
        """Seconds left, or None for no budget."""
        return None if self.deadline is None else self.deadline - time.monotonic()

    def check(self, stage: str | None = None) -> None:
        """Raise :class:`BudgetExceeded` if the budget is spent; ``stage`` names what just ran."""
        if stage is not None:
            self.stage = stage
        if self.deadline is not None and time.monotonic() >= self.deadline:
            raise BudgetExceeded(self.seconds or 0.0, self.stage)


def _can_signal() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


#: After the budget is spent the alarm repeats this often (seconds) until the body stops: an
#: interruption raised where Python can only print it ("Exception ignored in ...") is retried.
_REPEAT = 0.05


class time_budget:  # noqa: N801 - used like a function: ``with time_budget(10) as budget:``
    """Run a ``with`` body under a budget of ``seconds`` (None: unlimited).

    ``with time_budget(10, "analysis") as budget:`` raises :class:`BudgetExceeded` when the body
    runs past the budget: interrupted by SIGALRM in the main thread, and in every thread at
    the body's next :func:`checkpoint` or :meth:`Budget.check`. Budgets nest: the earliest
    deadline applies, and an interruption due to an outer budget is left for that budget to
    report. The timer and the SIGALRM handler are restored on the way out, whatever happens in
    the body.
    """

    def __init__(self, seconds: float | None, stage: str = "") -> None:
        self.budget = Budget(seconds, stage)
        self._active = False
        self._outer = (0.0, 0.0)
        self._outer_handler = None
        self._started = 0.0
        self._saved: tuple | None = None

    def __enter__(self) -> Budget:
        seconds = self.budget.seconds
        if seconds is None:
            return self.budget
        self.budget = Budget(seconds, self.budget.stage)  # the clock starts now
        outer = getattr(_LOCAL, "deadline", None)
        self._saved = (outer, getattr(_LOCAL, "owner", None))
        if outer is None or self.budget.deadline < outer:
            _LOCAL.deadline, _LOCAL.owner = self.budget.deadline, self
        if not _can_signal():
            return self.budget
        try:
            self._outer_handler = signal.signal(signal.SIGALRM, self._on_alarm)
        except (ValueError, OSError):  # signals not allowed here after all (embedded interpreter)
            return self.budget
        self._started = time.monotonic()
        self._outer = signal.getitimer(signal.ITIMER_REAL)
        self._active = True
        self.budget.uses_signal = True
        delay = min(seconds, self._outer[0]) if self._outer[0] else seconds
        signal.setitimer(signal.ITIMER_REAL, delay, _REPEAT)
        return self.budget

    def _on_alarm(self, signum, frame) -> None:
        if not self._active:
            return
        if frame is not None and frame.f_code.co_filename == __file__:
            # never interrupt this module's own bookkeeping; the repeat fires again shortly
            return
        elapsed = time.monotonic() - self._started
        outer_delay = self._outer[0]
        if outer_delay and outer_delay < (self.budget.seconds or 0) and elapsed < (self.budget.seconds or 0):
            # the outer timer fell due before ours: hand its signal over, keep our budget running
            self._outer = (0.0, self._outer[1])
            signal.setitimer(signal.ITIMER_REAL, max((self.budget.seconds or 0) - elapsed, 1e-3), _REPEAT)
            handler = self._outer_handler
            if callable(handler):
                handler(signum, frame)
            elif handler == signal.SIG_DFL:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, signal.SIG_DFL)
                signal.raise_signal(signal.SIGALRM)
            return
        raise _Alarm(self)

    def __exit__(self, exc_type, exc, tb) -> bool:
        if self._saved is not None:
            _LOCAL.deadline, _LOCAL.owner = self._saved
            self._saved = None
        if self._active:
            self._active = False
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._outer_handler)
            outer_delay, outer_interval = self._outer
            if outer_delay:
                left = outer_delay - (time.monotonic() - self._started)
                signal.setitimer(signal.ITIMER_REAL, max(left, 1e-3), outer_interval)
        if exc_type is _Alarm:
            owner = getattr(exc, "owner", None)
            if owner is not None and owner is not self and owner._saved is not None:
                return False  # an outer budget ran out first: it reports the overrun
            raise BudgetExceeded(self.budget.seconds or 0.0, self.budget.stage) from None
        return False
