"""Benchmark: Frontdesk's build of a large synthetic catalogue against plain MkDocs + Material.

    python benchmark/run.py                 # 1,500 services
    python benchmark/run.py --sizes 1500 15000

For each size it writes a synthetic project in Frontdesk's content format, and a "floor":
the same Markdown bodies as plain pages in a bare MkDocs + Material project with the same
theme settings, search on, and a sidebar that lists only the category pages. Both are built
in turn in child processes of this one, three times each (--repeat); it prints the fastest
wall time of each, the ratio Frontdesk/floor, peak memory, the size of the built site and
its search index, and the largest page.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

import yaml
from frontdesk.cli import project_config

ROOT = Path(__file__).resolve().parent.parent
CATEGORIES = ["accounts", "network", "devices", "communication", "storage", "software", "security", "research"]
AUDIENCES = ["staff", "researchers", "contractors", "visitors", "managers", "new-starters"]
WORDS = ("service request access account network printer laptop storage backup licence security "
         "research cluster email calendar meeting password portal support team approval device "
         "policy data recovery training update install configure review").split()


@dataclass(frozen=True)
class Result:
    """One build's measurements."""

    seconds: float
    peak_mib: float
    site_mib: float
    index_mib: float
    largest_page_kib: float
    largest_page: str


def sentence(rng: random.Random, length: int = 14) -> str:
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


# Runs one build in its own process and reports that build's peak memory (KiB) on stdout.
_MEASURED_BUILD = (
    "import resource, subprocess, sys\n"
    "subprocess.run([sys.executable, '-m', 'mkdocs', 'build', '-q', '-f', sys.argv[1], '-d', sys.argv[2]],"
    " check=True)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def build(project: Path) -> Result:
    """Build a project in a child process; measure wall time and that build's peak memory."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "FRONTDESK_NOW": "2026-11-23"}
    site = project / "site"
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _MEASURED_BUILD, str(project / "mkdocs.yml"), str(site)],
                          check=True, env=env, cwd=project, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    peak = int(done.stdout.split()[-1]) / 1024
    pages = list(site.rglob("*.html"))
    largest = max(pages, key=lambda p: p.stat().st_size)
    return Result(
        seconds=seconds,
        peak_mib=peak,
        site_mib=sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 2**20,
        index_mib=(site / "search/search_index.json").stat().st_size / 2**20,
        largest_page_kib=largest.stat().st_size / 1024,
        largest_page=largest.relative_to(site).as_posix(),
    )


def fastest_pair(frontdesk: Path, floor: Path, repeat: int) -> tuple[Result, Result]:
    """Build the two projects in turn `repeat` times; the fastest build of each (a shared machine
    only ever slows a build down), with the highest peak memory seen."""
    ours: list[Result] = []
    plain: list[Result] = []
    for _ in range(repeat):
        ours.append(build(frontdesk))
        plain.append(build(floor))
    return (replace(min(ours, key=lambda r: r.seconds), peak_mib=max(r.peak_mib for r in ours)),
            replace(min(plain, key=lambda r: r.seconds), peak_mib=max(r.peak_mib for r in plain)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1500])
    parser.add_argument("--keep", type=Path, help="keep the generated projects in this folder")
    parser.add_argument("--services-only", action="store_true", help="only services (the catalogue alone)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="builds of each project, taken in turn; the fastest of each counts (default 3)")
    args = parser.parse_args()
    print(f"{'items':>7} {'frontdesk s':>12} {'floor s':>8} {'ratio':>6} {'peak MiB':>9} "
          f"{'site MiB':>9} {'index MiB':>10} {'largest page':>13}")
    for total in args.sizes:
        with tempfile.TemporaryDirectory() as scratch:
            base = args.keep or Path(scratch)
            frontdesk, floor = base / f"frontdesk-{total}", base / f"floor-{total}"
            shutil.rmtree(frontdesk, ignore_errors=True)
            shutil.rmtree(floor, ignore_errors=True)
            write_frontdesk_project(frontdesk, total, args.services_only)
            write_floor_project(floor, frontdesk)
            ours, plain = fastest_pair(frontdesk, floor, max(1, args.repeat))
            print(f"{total:>7} {ours.seconds:>12.1f} {plain.seconds:>8.1f} {ours.seconds / plain.seconds:>6.2f} "
                  f"{ours.peak_mib:>9.0f} {ours.site_mib:>9.1f} {ours.index_mib:>10.1f} "
                  f"{ours.largest_page_kib:>9.0f} KiB  ({ours.largest_page}; floor: {plain.seconds:.1f}s, "
                  f"{plain.site_mib:.1f} MiB, peak {plain.peak_mib:.0f} MiB)")


if __name__ == "__main__":
    main()
