"""Work beside the build: the same result from a child process as in process, failures reported.

Each case runs in a fresh Python process, as `mkdocs build` does: the test process itself
has other threads (the browser tests'), where Frontdesk rightly never forks.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest
from conftest import ROOT

needs_fork = pytest.mark.skipif(not sys.platform.startswith("linux") or (os.cpu_count() or 1) < 2,
                                reason="Frontdesk forks only on Linux with two cores or more")

PRELUDE = """
import json, os, sys, threading
sys.path.insert(0, {hooks!r})
from frontdesk.background import Background, BackgroundError, can_fork

def feeds():
    return {{f"newsletter/{{n}}/email.html": (f"<p>Issue {{n}} from process {{os.getpid()}}</p>" * 5000).encode()
            for n in range(20)}}
"""


def run(code: str) -> dict:
    """Run `code` after the prelude in a fresh process; it prints one JSON object."""
    script = PRELUDE.format(hooks=str(ROOT / "hooks")) + textwrap.dedent(code)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@needs_fork
def test_a_child_process_gives_the_same_large_result() -> None:
    found = run("""
        background = Background(feeds)
        result = background.result()
        print(json.dumps({"forked": background.forked, "count": len(result),
                          "sizes": sorted({len(data) for data in result.values()}),
                          "same": background.result() is result,
                          "in_parent": any(f"process {os.getpid()}<" in d.decode() for d in result.values())}))
    """)
    assert found["forked"] and found["count"] == 20 and found["same"]
    assert min(found["sizes"]) > 100_000
    assert not found["in_parent"]  # another process made it


def test_without_fork_the_work_runs_at_once() -> None:
    found = run("""
        background = Background(feeds, allow_fork=False)
        result = background.result()
        print(json.dumps({"forked": background.forked,
                          "in_parent": f"process {os.getpid()}<" in result["newsletter/0/email.html"].decode()}))
    """)
    assert found == {"forked": False, "in_parent": True}


@needs_fork
def test_a_failure_in_the_child_is_reported_with_its_traceback() -> None:
    found = run("""
        def broken():
            raise ValueError("no such issue: holiday-cover")
        try:
            Background(broken).result()
            print(json.dumps({"error": None}))
        except BackgroundError as error:
            print(json.dumps({"error": str(error)}))
    """)
    assert "Traceback" in found["error"] and "ValueError: no such issue: holiday-cover" in found["error"]


@needs_fork
def test_a_child_that_dies_without_a_result_is_reported() -> None:
    found = run("""
        try:
            Background(lambda: os._exit(3)).result()
            print(json.dumps({"error": None}))
        except BackgroundError as error:
            print(json.dumps({"error": str(error)}))
    """)
    assert "ended without a result" in found["error"]


def test_no_fork_while_another_thread_runs() -> None:
    found = run("""
        stop = threading.Event()
        thread = threading.Thread(target=stop.wait)
        thread.start()
        answer = {"can_fork": can_fork(), "forked": Background(feeds).forked}
        stop.set()
        thread.join()
        print(json.dumps(answer))
    """)
    assert found == {"can_fork": False, "forked": False}


@needs_fork
def test_an_uncollected_child_is_reaped() -> None:
    found = run("""
        background = Background(feeds)
        pid = background._child[0]
        del background
        try:
            os.waitpid(pid, os.WNOHANG)
            print(json.dumps({"reaped": False}))
        except ChildProcessError:
            print(json.dumps({"reaped": True}))
    """)
    assert found == {"reaped": True}


@needs_fork
def test_each_stage_is_collected_as_soon_as_it_is_ready() -> None:
    found = run("""
        import time
        def slow():
            time.sleep(3)
            raise ValueError("the feeds broke")
        start = time.perf_counter()
        background = Background(lambda: {"pieces": "ready"}, slow)
        first = background.result(0)
        waited = time.perf_counter() - start
        try:
            background.result(1)
            error = None
        except BackgroundError as problem:
            error = str(problem)
        print(json.dumps({"first": first, "waited": waited, "error": error}))
    """)
    assert found["first"] == {"pieces": "ready"}
    assert found["waited"] < 2  # not held up by the slow second stage
    assert "ValueError: the feeds broke" in found["error"]


@needs_fork
def test_a_streamed_stage_gives_each_part_as_soon_as_it_is_sent() -> None:
    found = run("""
        import time
        def pieces():
            yield {"services/vpn.md": "vpn pieces"}
            time.sleep(3)
            yield {"services/wifi.md": "wifi pieces"}
        start = time.perf_counter()
        background = Background(pieces, lambda: "feeds")
        first = background.get(0, "services/vpn.md")
        waited = time.perf_counter() - start
        print(json.dumps({"first": first, "waited": waited, "whole": background.result(0),
                          "missing": background.get(0, "services/printing.md"), "next": background.result(1)}))
    """)
    assert found["first"] == "vpn pieces" and found["waited"] < 2
    assert found["whole"] == {"services/vpn.md": "vpn pieces", "services/wifi.md": "wifi pieces"}
    assert found["missing"] is None and found["next"] == "feeds"


def test_a_streamed_stage_in_process_is_the_union_of_its_parts() -> None:
    found = run("""
        def pieces():
            yield {"a": 1}
            yield {"b": 2}
        background = Background(pieces, allow_fork=False)
        print(json.dumps({"whole": background.result(0), "b": background.get(0, "b")}))
    """)
    assert found == {"whole": {"a": 1, "b": 2}, "b": 2}


@needs_fork
def test_work_from_both_ends_does_every_item_and_meets_in_between() -> None:
    found = run("""
        import time
        from frontdesk.background import BothEnds
        def work(n):
            time.sleep(0.002)
            return (n * n, os.getpid())
        items = list(range(400))
        both = BothEnds(items, work)
        time.sleep(0.2)  # this process's other work, while the child starts from the back
        results = both.results()
        here = [i for i, (_, pid) in enumerate(results) if pid == os.getpid()]
        there = [i for i, (_, pid) in enumerate(results) if pid != os.getpid()]
        print(json.dumps({"squares": [r for r, _ in results] == [n * n for n in items],
                          "here": here, "there": there}))
    """)
    assert found["squares"]
    here, there = found["here"], found["there"]
    assert here and there  # both did a share, this process the front and the child the back
    assert here == list(range(len(here))) and there == list(range(len(here), 400))


def test_work_from_both_ends_without_a_fork_is_all_done_in_process() -> None:
    found = run("""
        from frontdesk.background import BothEnds
        both = BothEnds(["a", "b", "c"], str.upper, allow_fork=False)
        print(json.dumps(both.results()))
    """)
    assert found == ["A", "B", "C"]


@needs_fork
def test_a_child_no_longer_needed_is_ended_at_once() -> None:
    found = run("""
        import time
        def slow():
            time.sleep(30)
            return "feeds"
        background = Background(lambda: "pieces", slow)
        background.result(0)
        start = time.perf_counter()
        del background  # the build failed before it needed the feeds
        print(json.dumps({"seconds": time.perf_counter() - start}))
    """)
    assert found["seconds"] < 5
