"""Limits on a query's work: a wall-clock limit that really stops it, and caps on its answer.

Neither engine can be interrupted from Python: rdflib's regular expressions run in C holding
the GIL, and Oxigraph evaluates in Rust. So :func:`run_limited` runs the work in a forked
child process and kills it when the time is up; the parent, which stays responsive, reports
the stop as one line. The child writes its own output, so nothing is copied between the two.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import sys
import time
from collections.abc import Callable

from kg.errors import UsageError

__all__ = ["DEFAULT_MAX_BYTES", "DEFAULT_MAX_ROWS", "DEFAULT_TIMEOUT", "run_limited"]

#: Seconds a query may run (``--timeout``).
DEFAULT_TIMEOUT = 60.0
#: Rows (or triples) of an answer shown before it is cut (``--max-rows``).
DEFAULT_MAX_ROWS = 100_000
#: Bytes of printed answer before it is cut (``--max-bytes``).
DEFAULT_MAX_BYTES = 64 * 1024 * 1024


def _wait(pid: int, timeout: float) -> int | None:
    """The child's wait status, or None if it is still running after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    pidfd = None
    with contextlib.suppress(AttributeError, OSError):  # not Linux >= 5.3: poll instead
        pidfd = os.pidfd_open(pid)
    try:
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                return status
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            if pidfd is not None:
                select.select([pidfd], [], [], left)
            else:
                time.sleep(min(left, 0.01))
    finally:
        if pidfd is not None:
            os.close(pidfd)


def run_limited(work: Callable[[], int], *, timeout: float | None, what: str = "the query") -> int:
    """Run ``work()`` (which prints its answer and returns an exit code) within ``timeout`` s.

    The work runs in a child process (``os.fork``) and is killed when the time is up; its
    exit code is returned. Where ``fork`` is missing, or ``timeout`` is None or not positive,
    the work runs here, without a limit. ``work`` must handle its own errors (print one line
    and return the exit code): an exception escaping it in the child exits with code 2.

    Raises:
        UsageError: when the time is up (the child is stopped first).

    Example:
        >>> run_limited(lambda: 0, timeout=5)
        0
        >>> run_limited(lambda: time.sleep(3) or 0, timeout=0.2)
        Traceback (most recent call last):
        ...
        kg.errors.UsageError: the query was stopped after 0.2 s (raise the limit with --timeout)
    """
    if timeout is None or timeout <= 0 or not hasattr(os, "fork"):
        return work()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: do the work, never return into the caller's stack
        code = 2
        try:
            code = work()
        except BaseException:  # the child must exit, whatever happens
            code = 2
        finally:
            try:
                sys.stdout.flush()
                sys.stderr.flush()
            finally:
                os._exit(code)
    try:
        status = _wait(pid, timeout)
    except BaseException:  # Ctrl-C: stop the child too
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        raise
    if status is None:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        raise UsageError(f"{what} was stopped after {timeout:g} s (raise the limit with --timeout)")
    code = os.waitstatus_to_exitcode(status)
    if code < 0:  # killed by a signal (out of memory, for one)
        raise UsageError(f"{what} was stopped by signal {-code}")
    return code
