"""Benchmark: Frontdesk's build of a large synthetic catalogue against plain MkDocs + Material.

    python benchmark/run.py                 # 1,500 services
    python benchmark/run.py --sizes 1500 15000

For each size it writes a synthetic project in Frontdesk's content format, and a "floor":
the same Markdown bodies as plain pages in a bare MkDocs + Material project with the same
theme settings, search on, and a sidebar that lists only the category pages. Both are built
one after the other in child processes of this one; it prints wall time, the ratio
Frontdesk/floor, peak memory, the size of the built site and its search index, and the
largest page.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

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


def write_frontdesk_project(target: Path, total: int) -> None:
    shutil.copytree(ROOT / "docs", target / "docs")
    shutil.copytree(ROOT / "hooks", target / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    if (ROOT / "overrides").is_dir():
        shutil.copytree(ROOT / "overrides", target / "overrides")
    shutil.copy2(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    services = target / "content/services"
    services.mkdir(parents=True)
    rng = random.Random(1)
    for number in range(total):
        meta = service_front_matter(rng, number, total)
        if meta["lifecycle"] not in ("retiring",):
            meta.pop("retires_on")
        text = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n" + body(rng, number)
        (services / f"service-{number:05d}.md").write_text(text, "utf-8")


def write_floor_project(target: Path, frontdesk: Path) -> None:
    """The same Markdown bodies as plain pages; same theme; sidebar lists category pages only."""
    config = yaml.safe_load((frontdesk / "mkdocs.yml").read_text("utf-8").replace("!!python", "#"))
    docs = target / "docs"
    shutil.copytree(frontdesk / "docs", docs)
    (docs / "services").mkdir(exist_ok=True)
    for source in sorted((frontdesk / "content/services").glob("*.md")):
        text = source.read_text("utf-8")
        meta_text, body_text = text[4:].split("\n---\n", 1)
        meta = yaml.safe_load(meta_text)
        (docs / "services" / source.name).write_text(f"# {meta['title']}\n\n{meta['summary']}\n\n{body_text}", "utf-8")
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


def build(project: Path) -> Result:
    """Build a project in a child process; measure wall time and the child's peak memory."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "FRONTDESK_NOW": "2026-11-23"}
    site = project / "site"
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"),
                    "-d", str(site)], check=True, env=env, cwd=project)
    seconds = time.perf_counter() - start
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1500])
    parser.add_argument("--keep", type=Path, help="keep the generated projects in this folder")
    args = parser.parse_args()
    print(f"{'items':>7} {'frontdesk s':>12} {'floor s':>8} {'ratio':>6} {'peak MiB':>9} "
          f"{'site MiB':>9} {'index MiB':>10} {'largest page':>13}")
    for total in args.sizes:
        with tempfile.TemporaryDirectory() as scratch:
            base = args.keep or Path(scratch)
            frontdesk, floor = base / f"frontdesk-{total}", base / f"floor-{total}"
            shutil.rmtree(frontdesk, ignore_errors=True)
            shutil.rmtree(floor, ignore_errors=True)
            write_frontdesk_project(frontdesk, total)
            write_floor_project(floor, frontdesk)
            ours = build(frontdesk)
            plain = build(floor)
            print(f"{total:>7} {ours.seconds:>12.1f} {plain.seconds:>8.1f} {ours.seconds / plain.seconds:>6.2f} "
                  f"{ours.peak_mib:>9.0f} {ours.site_mib:>9.1f} {ours.index_mib:>10.1f} "
                  f"{ours.largest_page_kib:>9.0f} KiB  ({ours.largest_page}; floor: {plain.seconds:.1f}s, "
                  f"{plain.site_mib:.1f} MiB, peak {plain.peak_mib:.0f} MiB)")


if __name__ == "__main__":
    main()
