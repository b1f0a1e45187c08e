"""Benchmark: Frontdesk's build of a large synthetic catalogue against plain MkDocs + Material.

    python benchmark/run.py                              # 1,500 items, all cores and one core
    python benchmark/run.py --sizes 1500 15000 --json benchmark/results.json
    python benchmark/run.py --sizes 300 --repeat 1 --no-one-core --no-serve   # a quick look

For each size it writes a synthetic project in Frontdesk's content format, and a "floor":
the same Markdown bodies as plain pages in a bare MkDocs + Material project with the same
theme settings, search on, and a sidebar that lists only the category pages. Then, on all
cores and again pinned to one core (`taskset -c`), --repeat times in turn:

  frontdesk cold   `mkdocs build` of the Frontdesk project, its site/ and .cache/ deleted first
  floor            `mkdocs build` of the floor project, likewise from nothing
  frontdesk warm   the Frontdesk project built again at once, .cache/ kept
  frontdesk check  `frontdesk check` in the Frontdesk project, .cache/ deleted first

Each is run by a small wrapper process that waits for it and reads getrusage(RUSAGE_CHILDREN):
the CPU time (user + sys) of the whole process tree (every child and grandchild waited for)
and the peak resident memory of its largest process. Wall time is the wrapper's clock around
the command. The fastest wall time and the least CPU time of the runs count (a shared machine
only ever slows a run down), with the highest peak memory. Ratios are Frontdesk / floor, both
cold (the warm row is also set against the floor's cold build: the floor keeps no cache).

At the first size (by default when it is 2,000 items or fewer; --serve / --no-serve) it also
times `mkdocs serve`'s rebuild after a sentence is appended to a service's Markdown file, for
both projects, fastest of three edits: the time MkDocs logs ("Documentation built in X
seconds"), the time from its "Building documentation..." line to its "Reloading browsers" line
(MkDocs drops a log message it has printed before, so a rebuild as long as an earlier one logs
no time), and the wall time from the edit to "Reloading browsers" (which adds the file
watcher's polling, every 0.5 s).

A project is written once per size; its hooks/ is a copy of this working tree's, and the builds
and `frontdesk check` use that copy, so edits made meanwhile do not change what is measured.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import queue
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import IO, Any

import yaml

try:  # The one thing taken from Frontdesk (mkdocs.yml as plain data): if it moves, change this line.
    from frontdesk.cli.project import project_config
except ImportError as _error:  # pragma: no cover
    raise SystemExit(f"benchmark/run.py: cannot import Frontdesk's project_config ({_error}); "
                     "update the import near the top of benchmark/run.py") from None

ROOT = Path(__file__).resolve().parent.parent
CATEGORIES = ["accounts", "network", "devices", "communication", "storage", "software", "security", "research"]
AUDIENCES = ["staff", "researchers", "contractors", "visitors", "managers", "new-starters"]
WORDS = ("service request access account network printer laptop storage backup licence security "
         "research cluster email calendar meeting password portal support team approval device "
         "policy data recovery training update install configure review").split()
# Every command runs with these: no MkDocs 2 notice, and Frontdesk's clock fixed.
ENVIRONMENT = {"NO_MKDOCS_2_WARNING": "1", "FRONTDESK_NOW": "2026-11-23"}
CACHE = ".cache"  # Frontdesk's content cache, if it keeps one, inside the project
SITE = "site"
SERVE_EDITS = 3
SERVE_AUTO_LIMIT = 2000  # serve is timed by default only when the first size is no larger
EDITED_SERVICE = "service-00000.md"


class BenchmarkError(RuntimeError):
    """A command the benchmark runs failed; the message says which and ends with its output."""


def sentence(rng: random.Random, length: int = 14) -> str:
    """A capitalised sentence of `length` random words."""
    words = [rng.choice(WORDS) for _ in range(length)]
    return " ".join(words).capitalize() + "."


def body(rng: random.Random, number: int) -> str:
    """A realistic description: headings, paragraphs, a list, a table, links and an image."""
    parts = [" ".join(sentence(rng) for _ in range(4)), "", "## Before you start", ""]
    parts += [f"- {sentence(rng, 8)}" for _ in range(4)]
    parts += ["", "## How it works", "", " ".join(sentence(rng) for _ in range(5)), ""]
    parts += ["| Step | What to do |", "| --- | --- |"]
    parts += [f"| {i} | {sentence(rng, 7)} |" for i in range(1, 5)]
    parts += ["", f"See the [knowledge base](https://help.example.org/kb/{number}) and "
              f"![diagram](https://intranet.example.org/img/{number}.png).", "",
              "## Troubleshooting", "", " ".join(sentence(rng) for _ in range(4)), ""]
    return "\n".join(parts)


def service_front_matter(rng: random.Random, number: int, total: int) -> dict:
    """A service's front matter, depending on up to two services with lower numbers."""
    others = [f"service-{rng.randrange(total):05d}" for _ in range(rng.randrange(3))]
    return {
        "title": f"Service {number:05d} {rng.choice(WORDS)}",
        "summary": sentence(rng, 12)[:150],
        "category": CATEGORIES[number % len(CATEGORIES)],
        "lifecycle": rng.choice(["live"] * 8 + ["pipeline", "retiring", "retired"]),
        "audience": sorted(set(rng.sample(AUDIENCES, 2))),
        "owner": {"team": "Team " + rng.choice(WORDS), "email": "team@example.org"},
        "support": {"hours": "Monday to Friday, 08:00–18:00", "timezone": "Europe/London",
                    "channels": [{"label": "Portal", "url": "https://help.example.org/"}]},
        "request": {"url": f"https://help.example.org/request/{number}", "approval": "manager"},
        "cost": rng.choice(["free", "£12 per user per month"]),
        "last_reviewed": "2026-06-01",
        "tags": sorted(set(rng.sample(WORDS, 3))),
        "service_levels": {"availability": 99.5, "first_response_hours": 4, "resolution_hours": 16},
        "depends_on": sorted({o for o in others if int(o[-5:]) < number}),
        "retires_on": "2027-01-31",
    }


def split(total: int, services_only: bool) -> tuple[int, int, int]:
    """How many services, issues and resources make `total` items (60/25/15)."""
    if services_only:
        return total, 0, 0
    services = total * 60 // 100
    issues = total * 25 // 100
    return services, issues, total - services - issues


def stats_file(rng: random.Random) -> str:
    """Twelve months of realistic figures, ending October 2026."""
    months = []
    for index in range(12):
        month = f"{2025 + (index + 10) // 12}-{(index + 10) % 12 + 1:02d}"
        incidents, requests = rng.randrange(5, 60), rng.randrange(10, 120)
        months.append({"month": month, "availability": round(rng.uniform(98.5, 100), 2), "incidents": incidents,
                       "requests": requests, "resolved": incidents + requests - rng.randrange(0, 5),
                       "first_response_hours": round(rng.uniform(0.5, 6), 1),
                       "resolution_hours": round(rng.uniform(4, 40), 1), "sla_met": round(rng.uniform(80, 99), 1),
                       "satisfaction": round(rng.uniform(3.2, 4.9), 2), "survey_responses": rng.randrange(5, 60)})
    return yaml.safe_dump({"months": months}, sort_keys=False)


def write_frontdesk_project(target: Path, total: int, services_only: bool = False) -> None:
    """A Frontdesk project with `total` items: services (with stats), issues and resources."""
    shutil.copytree(ROOT / "docs", target / "docs")
    shutil.copytree(ROOT / "hooks", target / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    if (ROOT / "overrides").is_dir():
        shutil.copytree(ROOT / "overrides", target / "overrides")
    shutil.copy2(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copy2(ROOT / "content/authors.yml", target / "content-authors.yml")
    n_services, n_issues, n_resources = split(total, services_only)
    rng = random.Random(1)
    for folder in ("content/services", "content/stats", "content/resources/files", "newsletter/images"):
        (target / folder).mkdir(parents=True, exist_ok=True)
    (target / "content-authors.yml").rename(target / "content/authors.yml")
    shutil.copy2(ROOT / "newsletter/images/wifi-upgrade.png", target / "newsletter/images/cover.png")
    for number in range(n_services):
        meta = service_front_matter(rng, number, n_services)
        if meta["lifecycle"] != "retiring":
            meta.pop("retires_on")
        text = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n" + body(rng, number)
        (target / f"content/services/service-{number:05d}.md").write_text(text, "utf-8")
        (target / f"content/stats/service-{number:05d}.yml").write_text(stats_file(rng), "utf-8")
    for number in range(n_issues):
        day = date(2026, 11, 1) - timedelta(days=number)
        meta = {"title": f"Issue {number:05d}: {sentence(rng, 6)}", "date": day.isoformat(),
                "summary": sentence(rng, 20)[:290], "authors": ["tom-okafor"], "tags": sorted(rng.sample(WORDS, 2)),
                "image": "images/cover.png", "services": [f"service-{rng.randrange(n_services):05d}"]}
        text = "---\n" + yaml.safe_dump(meta, sort_keys=False) + "---\n\n" + body(rng, number)
        (target / f"newsletter/{day.isoformat()}-issue-{number:05d}.md").write_text(text, "utf-8")
    for number in range(n_resources):
        meta = {"title": f"Resource {number:05d} {rng.choice(WORDS)}", "summary": sentence(rng, 12)[:150],
                "kind": rng.choice(["guide", "template", "software", "training", "checklist"]),
                "url": f"https://help.example.org/resources/{number}", "tags": sorted(rng.sample(WORDS, 2)),
                "services": [f"service-{rng.randrange(n_services):05d}"]}
        text = "---\n" + yaml.safe_dump(meta, sort_keys=False) + "---\n\n" + body(rng, number)
        (target / f"content/resources/resource-{number:05d}.md").write_text(text, "utf-8")


def write_floor_project(target: Path, frontdesk: Path) -> None:
    """The same Markdown bodies as plain pages; same theme; sidebar lists category pages only."""
    config = project_config(frontdesk)  # mkdocs.yml as plain data, !ENV resolved as MkDocs does
    docs = target / "docs"
    shutil.copytree(frontdesk / "docs", docs)
    for kind, folder in (("services", "content/services"), ("newsletter", "newsletter"),
                         ("resources", "content/resources")):
        (docs / kind).mkdir(exist_ok=True)
        for source in sorted((frontdesk / folder).glob("*.md")):
            text = source.read_text("utf-8")
            meta_text, body_text = text[4:].split("\n---\n", 1)
            meta = yaml.safe_load(meta_text)
            page = f"# {meta['title']}\n\n{meta['summary']}\n\n{body_text}"
            (docs / kind / source.name).write_text(page, "utf-8")
    for name in ("index.md", "stats/index.md", "newsletter/index.md", "resources/index.md"):
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        if not (docs / name).exists():
            (docs / name).write_text(f"# {name}\n", "utf-8")
    for category in CATEGORIES:
        (docs / "services" / f"{category}.md").write_text(f"# {category}\n", "utf-8")
    (docs / "services" / "index.md").write_text("# Services\n", "utf-8")
    config.pop("hooks", None)
    config["extra"] = {"generator": False}
    config["theme"].pop("custom_dir", None)
    config["nav"] = [{"Home": "index.md"},
                     {"Services": ["services/index.md", *(f"services/{c}.md" for c in CATEGORIES)]},
                     {"Stats": "stats/index.md"}, {"Newsletter": "newsletter/index.md"},
                     {"Resources": "resources/index.md"}, {"About": "about.md"}]
    config["validation"] = {"nav": {"omitted_files": "ignore"}}
    (target / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), "utf-8")


# --- Measuring one command ---------------------------------------------------------------

# Runs the command given as its arguments, its output sent to stderr, and prints one JSON line:
# the command's exit status, its wall time, and getrusage(RUSAGE_CHILDREN), which covers every
# descendant that was waited for (the build's own children included).
_MEASURED = """\
import json, resource, subprocess, sys, time
start = time.perf_counter()
status = subprocess.run(sys.argv[1:], stdout=sys.stderr).returncode
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"status": status, "wall": wall, "user": usage.ru_utime, "sys": usage.ru_stime,
                  "peak_kib": usage.ru_maxrss}))
"""


@dataclass(frozen=True)
class Usage:
    """One command's cost: wall and CPU seconds, and its largest process's peak memory."""

    wall: float
    user: float
    sys: float
    peak_mib: float
    status: int = 0

    @property
    def cpu(self) -> float:
        """User + system CPU seconds of the whole process tree."""
        return self.user + self.sys

    def as_json(self) -> dict[str, float | int]:
        """The figures, CPU included, rounded for a JSON file."""
        return {"wall_s": round(self.wall, 3), "cpu_s": round(self.cpu, 3), "user_s": round(self.user, 3),
                "sys_s": round(self.sys, 3), "peak_mib": round(self.peak_mib, 1), "status": self.status}


def best(runs: Sequence[Usage]) -> Usage:
    """The fastest wall time and the least CPU time of `runs` (user and sys from that run), with
    the highest peak memory and the worst exit status."""
    thrifty = min(runs, key=lambda run: run.cpu)
    return Usage(wall=min(run.wall for run in runs), user=thrifty.user, sys=thrifty.sys,
                 peak_mib=max(run.peak_mib for run in runs), status=max(run.status for run in runs))


def environment(**extra: str) -> dict[str, str]:
    """This process's environment with the benchmark's settings (and `extra`)."""
    return {**os.environ, **ENVIRONMENT, **extra}


def tail(text: str, lines: int = 30) -> str:
    """The last `lines` lines of a command's output."""
    return "\n".join(text.rstrip().splitlines()[-lines:])


def measure(command: Sequence[str], cwd: Path, pin: Sequence[str] = (), *, allow_failure: bool = False,
            env: dict[str, str] | None = None) -> Usage:
    """Run `command` (pinned with `pin`, a taskset prefix, if given) in a wrapper process and
    return its cost; raises BenchmarkError if it fails, unless `allow_failure`."""
    done = subprocess.run([*pin, sys.executable, "-c", _MEASURED, *command], cwd=cwd,
                          env=env or environment(), capture_output=True, text=True)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        raise BenchmarkError(f"the wrapper around {' '.join(command)} failed:\n{tail(done.stderr)}")
    figures = json.loads(lines[-1])
    if figures["status"] != 0 and not allow_failure:
        raise BenchmarkError(f"{' '.join(command)} failed (exit status {figures['status']}) in {cwd}:\n"
                             f"{tail(done.stderr)}")
    return Usage(wall=figures["wall"], user=figures["user"], sys=figures["sys"],
                 peak_mib=figures["peak_kib"] / 1024, status=figures["status"])


# --- Builds and checks -------------------------------------------------------------------


def mkdocs_build(project: Path, pin: Sequence[str]) -> Usage:
    """`mkdocs build` of `project` into its site/ folder."""
    return measure([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"),
                    "-d", str(project / SITE)], project, pin)


def forget(project: Path) -> None:
    """Delete a project's built site and its cache, so that the next build starts from nothing."""
    shutil.rmtree(project / SITE, ignore_errors=True)
    shutil.rmtree(project / CACHE, ignore_errors=True)


def cold_build(project: Path, pin: Sequence[str]) -> Usage:
    """A build with no site/ and no .cache/ left from an earlier one."""
    forget(project)
    return mkdocs_build(project, pin)


def frontdesk_check(project: Path, pin: Sequence[str]) -> Usage:
    """`frontdesk check` in `project`, its .cache/ deleted first. It imports the copy of Frontdesk
    in the project's hooks/ (as the build does), not the working tree, which may be mid-edit."""
    shutil.rmtree(project / CACHE, ignore_errors=True)
    command = [str(Path(sys.executable).parent / "frontdesk"), "check"]
    return measure(command, project, pin, allow_failure=True,
                   env=environment(PYTHONPATH=str(project / "hooks")))


@dataclass(frozen=True)
class Output:
    """What a build wrote: the site's size, its search index and its largest page."""

    site_mib: float
    index_mib: float
    largest_page_kib: float
    largest_page: str


def output_of(site: Path) -> Output:
    """Measure a built site."""
    files = [path for path in site.rglob("*") if path.is_file()]
    largest = max((path for path in files if path.suffix == ".html"), key=lambda path: path.stat().st_size)
    return Output(site_mib=sum(path.stat().st_size for path in files) / 2**20,
                  index_mib=(site / "search/search_index.json").stat().st_size / 2**20,
                  largest_page_kib=largest.stat().st_size / 1024,
                  largest_page=largest.relative_to(site).as_posix())


@dataclass(frozen=True)
class Runs:
    """The best of each kind of run, on all cores or pinned to one."""

    cores: int
    frontdesk_cold: Usage
    frontdesk_warm: Usage
    floor: Usage
    check: Usage

    def as_json(self) -> dict[str, Any]:
        """The figures and the ratios Frontdesk / floor."""
        return {"cores": self.cores, "frontdesk_cold": self.frontdesk_cold.as_json(),
                "frontdesk_warm": self.frontdesk_warm.as_json(), "floor": self.floor.as_json(),
                "frontdesk_check": self.check.as_json(),
                "ratio_wall": round(self.frontdesk_cold.wall / self.floor.wall, 3),
                "ratio_cpu": round(self.frontdesk_cold.cpu / self.floor.cpu, 3),
                "warm_ratio_wall": round(self.frontdesk_warm.wall / self.floor.wall, 3),
                "warm_ratio_cpu": round(self.frontdesk_warm.cpu / self.floor.cpu, 3)}


def timed_runs(frontdesk: Path, floor: Path, repeat: int, pin: Sequence[str], cores: int) -> Runs:
    """Run each kind in turn `repeat` times (so that a slow spell hits them alike) and keep the best."""
    kinds: dict[str, list[Usage]] = {"cold": [], "floor": [], "warm": [], "check": []}
    for round_ in range(1, repeat + 1):
        progress(f"{cores} core{'s' if cores > 1 else ''}, round {round_}/{repeat}: builds and check")
        kinds["cold"].append(cold_build(frontdesk, pin))
        kinds["floor"].append(cold_build(floor, pin))
        kinds["warm"].append(mkdocs_build(frontdesk, pin))
        kinds["check"].append(frontdesk_check(frontdesk, pin))
    return Runs(cores=cores, frontdesk_cold=best(kinds["cold"]), frontdesk_warm=best(kinds["warm"]),
                floor=best(kinds["floor"]), check=best(kinds["check"]))


# --- mkdocs serve ----------------------------------------------------------------------

# MkDocs' log lines around a build. MkDocs never logs the same message twice (its DuplicateFilter),
# so a rebuild that takes as long as an earlier one, to the hundredth, logs no "Documentation
# built" line: a rebuild is therefore also timed from "Building documentation..." to "Reloading
# browsers", the lines logged just before and after it.
_BUILT = re.compile(r"Documentation built in ([0-9.]+) seconds")
_BUILDING = re.compile(r"Building documentation\.\.\.")
_RELOADED = re.compile(r"Reloading browsers")
_FAILED = re.compile(r"An error happened during the rebuild")
_SERVING = re.compile(r"Serving on ")
_CHANGES = re.compile(r"Detected file changes")


@dataclass(frozen=True)
class Rebuild:
    """One rebuild after an edit: the time MkDocs logged (None when it left the line out as a
    repeat), the time from its "Building documentation..." line to its "Reloading browsers" line,
    and the wall time from the edit to that last line (the new site being served by then)."""

    logged_s: float | None
    build_s: float
    edit_to_built_s: float

    def as_json(self) -> dict[str, float | None]:
        """The times, rounded for a JSON file."""
        return {name: None if value is None else round(value, 3) for name, value in asdict(self).items()}


class ServerLog:
    """A server's log, read line by line in a thread; each line is stamped as it arrives."""

    def __init__(self, stream: IO[str]) -> None:
        self._lines: queue.Queue[tuple[float, str] | None] = queue.Queue()
        self.recent: deque[str] = deque(maxlen=40)
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            self._lines.put((time.perf_counter(), line.rstrip()))
        self._lines.put(None)

    def next_line(self, timeout: float) -> tuple[float, str] | None:
        """The next line and when it came, or None if none came within `timeout` seconds;
        raises BenchmarkError if the server has ended."""
        try:
            item = self._lines.get(timeout=timeout)
        except queue.Empty:
            return None
        if item is None:
            raise BenchmarkError("mkdocs serve ended:\n" + "\n".join(self.recent))
        self.recent.append(item[1])
        return item

    def wait_for(self, pattern: re.Pattern[str], timeout: float) -> tuple[float, re.Match[str]]:
        """When the next line matching `pattern` came, and the match."""
        deadline = time.perf_counter() + timeout
        while (left := deadline - time.perf_counter()) > 0:
            item = self.next_line(left)
            if item is not None and (match := pattern.search(item[1])):
                return item[0], match
        raise BenchmarkError(f"mkdocs serve logged no {pattern.pattern!r} in {timeout:.0f} s:\n"
                             + "\n".join(self.recent))

    def rebuild(self, since: float, timeout: float) -> Rebuild:
        """Wait for the next rebuild to end, and time it; `since` is when the edit was made."""
        started = logged = None
        deadline = time.perf_counter() + timeout
        while (left := deadline - time.perf_counter()) > 0:
            item = self.next_line(left)
            if item is None:
                break
            stamp, line = item
            if _FAILED.search(line):
                raise BenchmarkError("mkdocs serve's rebuild failed:\n" + "\n".join(self.recent))
            if _BUILDING.search(line):
                started = stamp
            elif match := _BUILT.search(line):
                logged = float(match.group(1))
            elif _RELOADED.search(line) and started is not None:
                return Rebuild(logged_s=logged, build_s=stamp - started, edit_to_built_s=stamp - since)
        raise BenchmarkError(f"mkdocs serve did not rebuild within {timeout:.0f} s:\n" + "\n".join(self.recent))

    def settle(self, quiet: float, timeout: float) -> None:
        """Wait until the log has been quiet for `quiet` seconds, letting any rebuild finish."""
        while (item := self.next_line(quiet)) is not None:
            if _CHANGES.search(item[1]):
                self.rebuild(item[0], timeout)


@dataclass(frozen=True)
class Serving:
    """`mkdocs serve` of one project: its first build and the rebuilds after edits."""

    first_build_s: float
    rebuilds: list[Rebuild] = field(default_factory=list)

    @property
    def fastest(self) -> Rebuild:
        """The least of each time over the rebuilds (logged: over those whose line MkDocs printed)."""
        logged = [r.logged_s for r in self.rebuilds if r.logged_s is not None]
        return Rebuild(logged_s=min(logged) if logged else None, build_s=min(r.build_s for r in self.rebuilds),
                       edit_to_built_s=min(r.edit_to_built_s for r in self.rebuilds))


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on just now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def stop(server: subprocess.Popen[str]) -> None:
    """End the server's process group: Ctrl+C first (so MkDocs deletes its temporary site), then kill."""
    for sig, wait in ((signal.SIGINT, 15), (signal.SIGKILL, 15)):
        try:
            os.killpg(server.pid, sig)
        except ProcessLookupError:
            return
        try:
            server.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def time_serve(project: Path, edited: Path, timeout: float) -> Serving:
    """Start `mkdocs serve` on `project`, wait for its first build, then append a sentence to
    `edited` SERVE_EDITS times, each time timing the rebuild; the file is restored afterwards."""
    command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"),
               "--dev-addr", f"127.0.0.1:{free_port()}"]
    original = edited.read_text("utf-8")
    server = subprocess.Popen(command, cwd=project, env=environment(), stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    rng = random.Random(2)
    try:
        assert server.stdout is not None
        log = ServerLog(server.stdout)
        first = float(log.wait_for(_BUILT, timeout)[1].group(1))
        log.wait_for(_SERVING, timeout)
        log.settle(quiet=2.0, timeout=timeout)  # the file watcher takes its first look meanwhile
        serving = Serving(first_build_s=first)
        for _ in range(SERVE_EDITS):
            edit_time = time.perf_counter()
            with edited.open("a", encoding="utf-8") as file:
                file.write(f"\n{sentence(rng)}\n")
            serving.rebuilds.append(log.rebuild(edit_time, timeout))
            log.settle(quiet=1.5, timeout=timeout)
        return serving
    finally:
        stop(server)
        edited.write_text(original, "utf-8")


# --- The whole run ----------------------------------------------------------------------

_STARTED = time.perf_counter()


def progress(message: str) -> None:
    """A line on stderr saying what the benchmark is doing, with the time since it started."""
    seconds = int(time.perf_counter() - _STARTED)
    print(f"[{seconds // 60:02d}:{seconds % 60:02d}] {message}", file=sys.stderr, flush=True)


def cpu_model() -> str:
    """The processor's name, from /proc/cpuinfo where there is one."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown processor"


def package_version(name: str) -> str:
    """An installed distribution's version, or "not installed"."""
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    usable = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    return {"cpu": cpu_model(), "cores": os.cpu_count(), "usable_cores": len(usable) or os.cpu_count(),
            "python": sys.version.split()[0], "mkdocs": package_version("mkdocs"),
            "material": package_version("mkdocs-material"), "taskset": shutil.which("taskset"),
            "one_core_cpu": usable[0] if usable else 0}


def one_core_pin(info: dict[str, Any]) -> list[str] | None:
    """The taskset prefix that pins a command (and its children) to the first usable core, or
    None when taskset is missing."""
    return None if info["taskset"] is None else [info["taskset"], "-c", str(info["one_core_cpu"])]


@dataclass
class SizeResult:
    """Everything measured at one size."""

    items: int
    runs: dict[str, Runs]
    frontdesk_output: Output
    floor_output: Output
    serve: dict[str, Serving] | None = None

    def as_json(self) -> dict[str, Any]:
        """The figures as plain data."""
        serve = None
        if self.serve:
            serve = {name: {"first_build_s": s.first_build_s, "fastest": s.fastest.as_json(),
                            "rebuilds": [r.as_json() for r in s.rebuilds]} for name, s in self.serve.items()}
            ours, plain = self.serve["frontdesk"].fastest, self.serve["floor"].fastest
            serve["ratio_build"] = round(ours.build_s / plain.build_s, 3)
            serve["ratio_edit_to_built"] = round(ours.edit_to_built_s / plain.edit_to_built_s, 3)
        return {"items": self.items, "runs": {mode: runs.as_json() for mode, runs in self.runs.items()},
                "site": {"frontdesk": asdict(self.frontdesk_output), "floor": asdict(self.floor_output)},
                "serve": serve}


def measure_size(total: int, base: Path, args: argparse.Namespace, pins: dict[str, tuple[list[str], int]],
                 serve: bool) -> SizeResult:
    """Generate both projects for `total` items and measure them in every mode asked for."""
    frontdesk, floor = base / f"frontdesk-{total}", base / f"floor-{total}"
    shutil.rmtree(frontdesk, ignore_errors=True)
    shutil.rmtree(floor, ignore_errors=True)
    progress(f"{total} items: writing the projects in {base}")
    write_frontdesk_project(frontdesk, total, args.services_only)
    write_floor_project(floor, frontdesk)
    runs = {mode: timed_runs(frontdesk, floor, args.repeat, pin, cores) for mode, (pin, cores) in pins.items()}
    # The sites the last round left (Frontdesk's warm build writes what its cold one does).
    result = SizeResult(total, runs, output_of(frontdesk / SITE), output_of(floor / SITE))
    if serve:
        timeout = max(300.0, total * 0.5)
        progress(f"{total} items: mkdocs serve, Frontdesk")
        served = time_serve(frontdesk, frontdesk / "content/services" / EDITED_SERVICE, timeout)
        progress(f"{total} items: mkdocs serve, floor")
        result.serve = {"frontdesk": served,
                        "floor": time_serve(floor, floor / "docs/services" / EDITED_SERVICE, timeout)}
    return result


# --- Printing ----------------------------------------------------------------------------

_HEADER = (f"{'items':>7}  {'cores':>5}  {'run':<16} {'wall s':>8} {'CPU s':>8} {'peak MiB':>9} "
           f"{'wall ×floor':>12} {'CPU ×floor':>11}")


def machine_line(info: dict[str, Any]) -> str:
    """The first line of the report."""
    cores = f"{info['cores']} cores" + (f", {info['usable_cores']} usable" if info["usable_cores"] != info["cores"]
                                        else "")
    return (f"machine: {info['cpu']} ({cores}); Python {info['python']}; MkDocs {info['mkdocs']}; "
            f"Material {info['material']}")


def legend_line(repeat: int, pins: dict[str, tuple[list[str], int]]) -> str:
    """What the rows mean, under the machine line."""
    pinned = f"; cores 1: pinned with {' '.join(pins['one-core'][0])}" if "one-core" in pins else ""
    return (f"fastest of {repeat} (wall and CPU separately); cold: site/ and .cache/ deleted first; "
            f"warm: built again at once, .cache/ kept;\nCPU: user + sys of the process tree; "
            f"×floor: Frontdesk / floor{pinned}")


def usage_row(items: int, cores: int, label: str, usage: Usage, floor: Usage | None) -> str:
    """One line of the table; with `floor`, the ratios to it."""
    ratios = f"{usage.wall / floor.wall:>12.2f} {usage.cpu / floor.cpu:>11.2f}" if floor else ""
    status = f"  (exit status {usage.status})" if usage.status else ""
    return (f"{items:>7}  {cores:>5}  {label:<16} {usage.wall:>8.2f} {usage.cpu:>8.2f} {usage.peak_mib:>9.0f} "
            f"{ratios}".rstrip() + status)


def size_lines(result: SizeResult) -> Iterable[str]:
    """The table's rows for one size, then its site and serve figures."""
    for runs in result.runs.values():
        n, floor = result.items, runs.floor
        yield usage_row(n, runs.cores, "frontdesk cold", runs.frontdesk_cold, floor)
        yield usage_row(n, runs.cores, "floor", floor, None)
        yield usage_row(n, runs.cores, "frontdesk warm", runs.frontdesk_warm, floor)
        yield usage_row(n, runs.cores, "frontdesk check", runs.check, None)
    for name, out in (("frontdesk", result.frontdesk_output), ("floor", result.floor_output)):
        yield (f"{'':>7}  site ({name}): {out.site_mib:.1f} MiB, search index {out.index_mib:.1f} MiB, "
               f"largest page {out.largest_page_kib:.0f} KiB ({out.largest_page})")
    if result.serve:
        yield from serve_lines(result.items, result.serve)


def serve_lines(items: int, serve: dict[str, Serving]) -> Iterable[str]:
    """The serve figures: the fastest of the rebuilds after an edit, and the first build."""
    yield (f"{'':>7}  mkdocs serve at {items} items, fastest of {SERVE_EDITS} edits "
           "(rebuild s: MkDocs' log line / Building… to Reloading browsers; then edit to reloaded s):")
    fastest = {name: serving.fastest for name, serving in serve.items()}
    for name, serving in serve.items():
        quickest = fastest[name]
        logged = "-" if quickest.logged_s is None else f"{quickest.logged_s:.2f}"
        yield (f"{'':>7}    {name:<10} rebuild {logged} / {quickest.build_s:.2f} s, edit to reloaded "
               f"{quickest.edit_to_built_s:.2f} s, first build {serving.first_build_s:.2f} s")
    ours, plain = fastest["frontdesk"], fastest["floor"]
    yield (f"{'':>7}    ×floor     rebuild {ours.build_s / plain.build_s:.2f}, edit to reloaded "
           f"{ours.edit_to_built_s / plain.edit_to_built_s:.2f}")


def write_json(path: Path, info: dict[str, Any], args: argparse.Namespace, results: list[SizeResult]) -> None:
    """All the figures, for the README."""
    document = {"machine": info, "date": date.today().isoformat(),
                "settings": {"repeat": args.repeat, "services_only": args.services_only,
                             "environment": ENVIRONMENT, "serve_edits": SERVE_EDITS},
                "sizes": [result.as_json() for result in results]}
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", "utf-8")


# --- Command line ------------------------------------------------------------------------


def parse_arguments(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1500], help="items per project (default 1500)")
    parser.add_argument("--keep", type=Path, help="keep the generated projects in this folder")
    parser.add_argument("--services-only", action="store_true", help="only services (the catalogue alone)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of each kind, taken in turn; the fastest of each counts (default 3)")
    parser.add_argument("--one-core", action=argparse.BooleanOptionalAction, default=True,
                        help="also run everything pinned to one core with taskset (default: yes; "
                        "--no-one-core for a quick run)")
    parser.add_argument("--serve", action=argparse.BooleanOptionalAction, default=None,
                        help=f"time mkdocs serve's rebuilds at the first size (default: when it is at most "
                        f"{SERVE_AUTO_LIMIT} items)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write every figure to FILE as JSON")
    args = parser.parse_args(argv)
    args.repeat = max(1, args.repeat)
    return args


def modes(info: dict[str, Any], one_core: bool) -> dict[str, tuple[list[str], int]]:
    """The modes to run in, each with its taskset prefix and number of cores."""
    chosen: dict[str, tuple[list[str], int]] = {"all-cores": ([], int(info["usable_cores"] or 1))}
    if one_core:
        pin = one_core_pin(info)
        if pin is None:
            print("taskset was not found (it is in util-linux): the one-core rows are left out.", flush=True)
        else:
            chosen["one-core"] = (pin, 1)
    return chosen


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; returns the exit status."""
    args = parse_arguments(argv)
    info = machine()
    print(machine_line(info), flush=True)
    pins = modes(info, args.one_core)
    print(legend_line(args.repeat, pins), flush=True)
    serve_first = args.serve if args.serve is not None else args.sizes[0] <= SERVE_AUTO_LIMIT
    results: list[SizeResult] = []
    try:
        for position, total in enumerate(args.sizes):
            with tempfile.TemporaryDirectory(prefix="frontdesk-bench-") as scratch:
                base = args.keep or Path(scratch)
                base.mkdir(parents=True, exist_ok=True)
                results.append(measure_size(total, base, args, pins, serve=serve_first and position == 0))
            lines = [_HEADER] if position == 0 else []  # printed once the progress lines for a size are done
            print("\n".join([*lines, *size_lines(results[-1])]), flush=True)
            if args.json:
                write_json(args.json, info, args, results)
    except BenchmarkError as error:
        print(f"benchmark/run.py: {error}", file=sys.stderr)
        return 1
    progress("done")
    return 0


if __name__ == "__main__":
    sys.exit(main())
