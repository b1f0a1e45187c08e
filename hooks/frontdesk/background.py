"""Work that can run beside the build: on a second core when there is one, else right away.

MkDocs builds pages on one core. Output that no page needs (the newsletter's feeds and email
editions) is made in a forked child process meanwhile, and collected when the pages are done.
A fork is only used where it is safe and useful: a POSIX system, more than one core, and no
other thread running (so `mkdocs serve`'s rebuilds, which run beside its server threads,
do the work in process). The result is the same either way, byte for byte.
"""

from __future__ import annotations

import os
import pickle
import threading
import traceback
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class BackgroundError(RuntimeError):
    """The work failed in the child process; the message holds its traceback."""


class Background(Generic[T]):
    """The result of `work()`, computed in a child process if possible; `result()` waits for it."""

    def __init__(self, work: Callable[[], T], *, allow_fork: bool = True) -> None:
        self._value: T | None = None
        self._child: tuple[int, int] | None = None  # (pid, read end of the pipe) until collected
        if allow_fork and can_fork():
            self._child = _start(work)
        else:
            self._value = work()
        self.forked = self._child is not None

    def result(self) -> T:
        """The work's result, waiting for the child process if it is still at it."""
        if self._child is not None:
            child, self._child = self._child, None
            self._value = _collect(*child)
        return self._value  # type: ignore[return-value]

    def __del__(self) -> None:
        # Never collected (the build failed first): close the pipe, so the child ends, and reap it.
        if self._child is not None:
            pid, read_end = self._child
            os.close(read_end)
            os.waitpid(pid, 0)


def can_fork() -> bool:
    """Whether a child process may do work beside this one."""
    return hasattr(os, "fork") and (os.cpu_count() or 1) > 1 and threading.active_count() == 1


def _start(work: Callable[[], T]) -> tuple[int, int]:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: do the work, send the outcome, and leave without cleaning up the parent's state
        os.close(read_end)
        status = 0
        try:
            try:
                outcome: tuple[bool, object] = (True, work())
            except BaseException:  # every failure goes back to the parent
                outcome, status = (False, traceback.format_exc()), 1
            with os.fdopen(write_end, "wb") as pipe:
                pickle.dump(outcome, pipe, protocol=pickle.HIGHEST_PROTOCOL)
        finally:
            os._exit(status)
    os.close(write_end)
    return pid, read_end


def _collect(pid: int, read_end: int) -> T:
    # Unpickled as it arrives, so a large result is never held twice.
    with os.fdopen(read_end, "rb") as pipe:
        try:
            ok, value = pickle.load(pipe)  # our own child's output, through our own pipe
        except EOFError:
            ok, value = False, "the background process ended without a result"
    os.waitpid(pid, 0)
    if not ok:
        raise BackgroundError(f"the background work failed:\n{value}")
    return value  # type: ignore[return-value]
