"""Work that can run beside the build: on a second core when there is one, else right away.

MkDocs builds pages on one core. Work the pages need only late (the HTML Frontdesk puts into
them, once MkDocs has converted their Markdown) or not at all (the newsletter's feeds and
email editions) is done in a forked child process meanwhile, in stages: each stage's result
is sent as soon as it is ready, and collected when it is needed. A stage that is a generator
of mappings is sent part by part, so one part can be used while the next is being made.

A list of like items (files to read, pages to convert) can be worked from both ends at once:
this process from the first item on, the child from the last back, until the two meet
(`Meeting`, `BothEnds`). That shares the list evenly whatever each process has to do besides.

A fork is only used where it is safe and useful: Linux, more than one core, and no other
thread running (so `mkdocs serve`'s rebuilds, which run beside its server threads,
do the work in process). The result is the same either way, byte for byte.
"""

from __future__ import annotations

import contextlib
import inspect
import mmap
import os
import pickle
import queue
import signal
import struct
import sys
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
from typing import Any, BinaryIO, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")
# What the child sends: a part of a streamed stage, a stage's whole result, a streamed stage's
# end, or a failure.
_PART, _DONE, _END, _FAILED = "part", "done", "end", "failed"


class BackgroundError(RuntimeError):
    """The work failed in the child process; the message holds its traceback."""


class Background:
    """The results of `stages`, each a function run in order, in a child process if possible.

    `result(n)` is stage n's result, waiting for the child until it has sent it. A stage that
    returns a generator of mappings has their union as its result, and `get(n, key)` gives
    one value as soon as the part holding it has arrived."""

    def __init__(self, *stages: Callable[[], Any], allow_fork: bool = True) -> None:
        self._results: list[Any] = []
        self._partial: dict[Any, Any] = {}  # the parts so far of the stage being received
        self.stages = len(stages)
        self._child: tuple[int, BinaryIO] | None = None  # (pid, read end of the pipe) until all are collected
        if allow_fork and can_fork():
            self._child = _start(stages)
        else:
            self._results = [_whole(stage()) for stage in stages]
        self.forked = self._child is not None

    def result(self, stage: int = 0) -> Any:
        """Stage `stage`'s result, waiting for the child process if it is still at it."""
        while len(self._results) <= stage < self.stages:
            self._receive()
        return self._results[stage]

    def get(self, stage: int, key: Any, default: Any = None) -> Any:
        """The value for `key` in a streamed stage's result, as soon as it has arrived."""
        while len(self._results) < stage or (len(self._results) == stage and key not in self._partial):
            self._receive()
        if len(self._results) == stage:
            return self._partial[key]
        return self._results[stage].get(key, default)

    def _receive(self) -> None:
        assert self._child is not None
        try:
            kind, value = pickle.load(self._child[1])  # unpickled as it arrives: a large result is never held twice
        except (EOFError, pickle.UnpicklingError):
            kind, value = _FAILED, "the background process ended without a result"
        if kind == _PART:
            self._partial.update(value)
            return
        if kind in (_DONE, _END):
            self._results.append(value if kind == _DONE else self._partial)
            self._partial = {}
        if kind == _FAILED or len(self._results) == self.stages:
            self._close()
        if kind == _FAILED:
            raise BackgroundError(f"the background work failed:\n{value}")

    def _close(self) -> None:
        if self._child is not None:
            pid, pipe = self._child
            self._child = None
            pipe.close()
            if len(self._results) < self.stages:  # not needed any more (the build failed): end it now
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)

    def __del__(self) -> None:
        # Never fully collected (the build failed first): end the child and reap it.
        self._close()


def _whole(result: Any) -> Any:
    """A stage's result; a streamed one as the union of its parts."""
    if not inspect.isgenerator(result):
        return result
    whole: dict[Any, Any] = {}
    for part in result:
        whole.update(part)
    return whole


class Meeting:
    """`count` items worked from both ends at once: this process takes them from the front, a
    child process (forked after this is made) from the back, until the two meet. Each item is
    done once, or in a close race by both, where this process keeps its own result."""

    def __init__(self, count: int) -> None:
        self._ends = mmap.mmap(-1, 8)  # anonymous and shared: both processes see both ends
        self._set(_FRONT, 0)
        self._set(_BACK, count)

    def front_takes(self, index: int) -> bool:
        """(This process, going forwards.) Whether item `index` is this process's to do, the
        child not having done it; if so, the child will not start it."""
        if index >= self._get(_BACK):
            return False
        self._set(_FRONT, index + 1)
        return True

    def back_takes(self, index: int) -> bool:
        """(The child, going backwards.) Whether to do item `index`: this process has not reached it."""
        return index >= self._get(_FRONT)

    def back_done(self, index: int) -> None:
        """(The child.) Item `index` is done and its result sent."""
        self._set(_BACK, index)

    def _get(self, end: int) -> int:
        value: int = struct.unpack_from("i", self._ends, end)[0]
        return value

    def _set(self, end: int, value: int) -> None:
        struct.pack_into("i", self._ends, end, value)


_FRONT, _BACK = 0, 4  # where each end is kept


class BothEnds(Generic[T, R]):
    """`work` done on each of `items`: in a child process from the last item back, starting at
    once, and in this process from the first on when `results` is asked for, until the two
    meet (see Meeting). Without a fork the child's part is done at once, and is all of it."""

    def __init__(self, items: Sequence[T], work: Callable[[T], R], allow_fork: bool = True) -> None:
        self._items, self._work = items, work
        self._meeting = Meeting(len(items))
        self._background = Background(self._from_the_back, allow_fork=allow_fork)

    def results(self) -> list[R]:
        """Every item's result, in order: this process does its part first."""
        front = []
        for index, item in enumerate(self._items):
            if not self._meeting.front_takes(index):
                break
            front.append(self._work(item))
        back: dict[int, R] = self._background.result()
        return front + [back[index] for index in range(len(front), len(self._items))]

    def _from_the_back(self) -> dict[int, R]:
        done: dict[int, R] = {}
        for index in reversed(range(len(self._items))):
            if not self._meeting.back_takes(index):
                break
            done[index] = self._work(self._items[index])
            self._meeting.back_done(index)
        return done


def can_fork() -> bool:
    """Whether a child process may do work beside this one: on Linux (macOS's system libraries
    are not safe to use after a fork without exec), with a second core, and no other thread."""
    return sys.platform.startswith("linux") and (os.cpu_count() or 1) > 1 and threading.active_count() == 1


def _outcomes(stage: Callable[[], Any]) -> Iterator[tuple[str, Any]]:
    """What the child sends for one stage: its parts as they are made, then its end."""
    result = stage()
    if inspect.isgenerator(result):
        for part in result:
            yield _PART, part
        yield _END, None
    else:
        yield _DONE, result


def _start(stages: tuple[Callable[[], Any], ...]) -> tuple[int, BinaryIO]:
    read_end, write_end = os.pipe()
    _widen(write_end)
    pid = os.fork()
    if pid == 0:  # the child: do the work, send each outcome, and leave without cleaning up the parent's state
        os.close(read_end)
        status = 0
        try:
            with _Sender(write_end) as send:
                for stage in stages:
                    try:
                        for outcome in _outcomes(stage):
                            send(outcome)
                    except BaseException:  # every failure goes back to the parent
                        status = 1
                        send((_FAILED, traceback.format_exc()))
                        break
        finally:
            os._exit(status)
    os.close(write_end)
    return pid, os.fdopen(read_end, "rb")


# How often (s) the child's work lets its sending thread have a turn.
SWITCH_INTERVAL = 0.0002
# The most a pipe holds that an unprivileged process may ask for (Linux's pipe-max-size).
PIPE_SIZE = 1 << 20


def _widen(pipe: int) -> None:
    """Let the pipe hold more than the usual 64 KB: fewer turns for the child's sending thread,
    which waits its turn with the work for Python's interpreter lock."""
    import fcntl  # only where a child is forked, which is only on Linux

    with contextlib.suppress(AttributeError, OSError):  # F_SETPIPE_SZ: Linux only
        fcntl.fcntl(pipe, fcntl.F_SETPIPE_SZ, PIPE_SIZE)


class _Sender:
    """Sends outcomes down the pipe from a thread of their own, so that the work never waits
    for the parent to read (it reads a stage only when it needs it)."""

    def __init__(self, fd: int) -> None:
        self._pipe = os.fdopen(fd, "wb")
        self._queue: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._write, daemon=True)

    def __enter__(self) -> Callable[[Any], None]:
        # The thread gets its turn sooner (Python's default is 5 ms): the parent may be waiting.
        sys.setswitchinterval(SWITCH_INTERVAL)
        self._thread.start()
        return lambda outcome: self._queue.put(pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL))

    def __exit__(self, *exc: object) -> None:
        self._queue.put(None)
        self._thread.join()

    def _write(self) -> None:
        try:
            while (data := self._queue.get()) is not None:
                self._pipe.write(data)
                self._pipe.flush()
        except BrokenPipeError:  # the parent stopped reading: its build failed
            pass
        finally:
            with contextlib.suppress(BrokenPipeError):
                self._pipe.close()
