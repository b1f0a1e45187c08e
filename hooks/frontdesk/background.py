"""Work that can run beside the build: on a second core when there is one, else right away.

MkDocs builds pages on one core. Work the pages need only late (the HTML Frontdesk puts into
them, once MkDocs has converted their Markdown) or not at all (the newsletter's feeds and
email editions) is done in a forked child process meanwhile, in stages: each stage's result
is sent as soon as it is ready, and collected when it is needed.

A fork is only used where it is safe and useful: Linux, more than one core, and no other
thread running (so `mkdocs serve`'s rebuilds, which run beside its server threads,
do the work in process). The result is the same either way, byte for byte.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
import traceback
from collections.abc import Callable
from typing import Any, BinaryIO


class BackgroundError(RuntimeError):
    """The work failed in the child process; the message holds its traceback."""


class Background:
    """The results of `stages`, each a function run in order, in a child process if possible.

    `result(n)` is stage n's result, waiting for the child until it has sent it."""

    def __init__(self, *stages: Callable[[], Any], allow_fork: bool = True) -> None:
        self._results: list[Any] = []
        self._count = len(stages)
        self._child: tuple[int, BinaryIO] | None = None  # (pid, read end of the pipe) until all are collected
        if allow_fork and can_fork():
            self._child = _start(stages)
        else:
            self._results = [stage() for stage in stages]
        self.forked = self._child is not None

    def result(self, stage: int = 0) -> Any:
        """Stage `stage`'s result, waiting for the child process if it is still at it."""
        while len(self._results) <= stage < self._count:
            self._results.append(self._receive())
        return self._results[stage]

    def _receive(self) -> Any:
        assert self._child is not None
        pipe = self._child[1]
        try:
            ok, value = pickle.load(pipe)  # unpickled as it arrives: a large result is never held twice
        except EOFError:
            ok, value = False, "the background process ended without a result"
        if not ok or len(self._results) + 1 == self._count:
            self._close()
        if not ok:
            raise BackgroundError(f"the background work failed:\n{value}")
        return value

    def _close(self) -> None:
        if self._child is not None:
            pid, pipe = self._child
            self._child = None
            pipe.close()  # a child still writing gets a broken pipe and ends
            os.waitpid(pid, 0)

    def __del__(self) -> None:
        # Never fully collected (the build failed first): end the child and reap it.
        self._close()


def can_fork() -> bool:
    """Whether a child process may do work beside this one: on Linux (macOS's system libraries
    are not safe to use after a fork without exec), with a second core, and no other thread."""
    return sys.platform.startswith("linux") and (os.cpu_count() or 1) > 1 and threading.active_count() == 1


def _start(stages: tuple[Callable[[], Any], ...]) -> tuple[int, BinaryIO]:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: do the work, send each outcome, and leave without cleaning up the parent's state
        os.close(read_end)
        status = 0
        try:
            with os.fdopen(write_end, "wb") as pipe:
                for stage in stages:
                    try:
                        outcome: tuple[bool, Any] = (True, stage())
                    except BaseException:  # every failure goes back to the parent
                        outcome, status = (False, traceback.format_exc()), 1
                    pickle.dump(outcome, pipe, protocol=pickle.HIGHEST_PROTOCOL)
                    pipe.flush()
                    if status:
                        break
        finally:
            os._exit(status)
    os.close(write_end)
    return pid, os.fdopen(read_end, "rb")
