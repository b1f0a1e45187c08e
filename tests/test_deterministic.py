"""The same content builds the same bytes: two builds with a fixed clock are identical."""

from __future__ import annotations

import gzip
import hashlib
import re
from datetime import UTC, datetime
from pathlib import Path

from conftest import FIXED_NOW, Build, copy_project, run_build


def digest_tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_builds_of_the_same_content_are_byte_identical(example_build: Build, tmp_path: Path) -> None:
    again = run_build(example_build.project, tmp_path / "again")
    assert again.returncode == 0, again.output
    first, second = digest_tree(example_build.site), digest_tree(again.site)
    assert sorted(first) == sorted(second)
    differing = [name for name in first if first[name] != second[name]]
    assert differing == []


def test_a_build_from_the_cache_gives_the_same_bytes_as_one_without(example_build: Build, tmp_path: Path) -> None:
    # Email editions made before are taken from .cache/frontdesk/; the site must not tell the difference.
    project = copy_project(tmp_path / "project")
    cold = run_build(project, tmp_path / "cold")
    assert cold.returncode == 0, cold.output
    assert any((project / ".cache/frontdesk/email").iterdir())
    warm = run_build(project, tmp_path / "warm")
    uncached = run_build(project, tmp_path / "uncached", FRONTDESK_CACHE="0")
    assert warm.returncode == 0 and uncached.returncode == 0, warm.output + uncached.output
    assert digest_tree(warm.site) == digest_tree(cold.site) == digest_tree(uncached.site)
    # The copy has no git history, so its roadmap pages and the briefs' roadmap sections say so where the
    # example's show its changes.
    copied, example = digest_tree(cold.site), digest_tree(example_build.site)
    assert sorted(copied) == sorted(example)
    assert all(path.startswith(("roadmap/", "briefs/")) for path in copied if copied[path] != example[path])


def test_the_clock_reaches_the_output_only_through_content_dates(example_build: Build, tmp_path: Path) -> None:
    # A day later nothing is published or ended, so nothing may change but what depends on "today".
    later = run_build(example_build.project, tmp_path / "later", FRONTDESK_NOW="2026-11-24T09:00:00+00:00")
    assert later.returncode == 0, later.output
    first, second = digest_tree(example_build.site), digest_tree(later.site)
    assert sorted(first) == sorted(second)
    for feed in ("feed.xml", "atom.xml", "feed.json"):
        assert first[feed] == second[feed], feed


def test_the_sitemap_dates_come_from_the_builds_clock_not_the_computers(example_build: Build) -> None:
    # MkDocs stamps each page with the day of the build (lastmod, and sitemap.xml.gz's header);
    # Frontdesk makes that its own clock's day, so two builds either side of midnight agree.
    sitemap = (example_build.site / "sitemap.xml").read_text("utf-8")
    lastmods = set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap))
    assert lastmods == {FIXED_NOW[:10]}
    with gzip.open(example_build.site / "sitemap.xml.gz") as packed:
        assert packed.read().decode("utf-8") == sitemap
    header_time = int.from_bytes((example_build.site / "sitemap.xml.gz").read_bytes()[4:8], "little")
    assert datetime.fromtimestamp(header_time, UTC).date().isoformat() == FIXED_NOW[:10]
