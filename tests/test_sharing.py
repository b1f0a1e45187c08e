"""MkDocs' page work shared with the child process (hooks/frontdesk_sharing.py): the site, the
search index and every warning come out as they would from one process, and another plugin that
acts on pages turns the sharing off."""

from __future__ import annotations

import hashlib
import os
import re
import sys
from pathlib import Path

import pytest
from conftest import ROOT, Build, copy_project, run_build, warning_lines

sys.path.insert(0, str(ROOT / "benchmark"))
from run import split, write_frontdesk_project

ITEMS = 600  # 360 services, 150 issues, 90 resources: enough for the child to take a good share
# Every author-written body gets a link to a page that does not exist and one to a missing anchor.
BROKEN = "\n\nSee [the old guide](old-guide.md) and [who we are](../about.md#no-such-part).\n"

needs_fork = pytest.mark.skipif(not sys.platform.startswith("linux") or (os.cpu_count() or 1) < 2,
                                reason="Frontdesk forks only on Linux with two cores or more")


def digest_tree(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def broken_links_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("sharing") / "project"
    write_frontdesk_project(project, ITEMS)
    for folder in ("content/services", "newsletter", "content/resources"):
        for page in (project / folder).glob("*.md"):
            page.write_text(page.read_text("utf-8") + BROKEN, "utf-8")
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("\nvalidation:\n  anchors: warn\n")
    return project


@pytest.fixture(scope="module")
def shared_and_alone(broken_links_project: Path) -> tuple[Build, Build]:
    # Not --verbose: MkDocs checks links to anchors only when it does not log debug messages.
    project = broken_links_project
    shared = run_build(project, project / "site-shared", "--strict")
    alone = run_build(project, project / "site-alone", "--strict", FRONTDESK_ONE_PROCESS="1")
    return shared, alone


@needs_fork
def test_the_child_converts_a_share_of_the_pages(broken_links_project: Path) -> None:
    build = run_build(broken_links_project, broken_links_project / "site-verbose", "--verbose")
    found = re.search(r"the child process converted (\d+) of (\d+) shared pages beside the build "
                      r"and passed on (\d+) log messages", build.output)
    assert found, build.output[-3000:]
    converted, pages, passed_on = map(int, found.groups())
    assert pages >= ITEMS and 100 < converted < pages  # past the tag pages at the back, into the bodies
    assert passed_on > 0  # the broken links of the pages it converted, logged here
    alone = run_build(broken_links_project, broken_links_project / "site-alone-verbose", "--verbose",
                      FRONTDESK_ONE_PROCESS="1")
    assert "the child process converted" not in alone.output


@needs_fork
def test_every_warning_is_logged_once_in_the_same_order_and_fails_strict(
        shared_and_alone: tuple[Build, Build]) -> None:
    shared, alone = shared_and_alone
    pages = sum(split(ITEMS, False))
    missing = [w for w in warning_lines(shared) if "'old-guide.md', but the target" in w]
    anchors = [w for w in warning_lines(shared) if "does not contain an anchor '#no-such-part'" in w]
    assert len(missing) == len(set(missing)) == pages
    assert len(anchors) == len(set(anchors)) == pages
    assert warning_lines(shared) == warning_lines(alone)
    for build in (shared, alone):
        assert build.returncode == 1
        assert f"Aborted with {2 * pages} warnings in strict mode!" in build.output


@needs_fork
def test_the_site_and_search_index_are_the_same_bytes_as_from_one_process(
        shared_and_alone: tuple[Build, Build]) -> None:
    shared, alone = shared_and_alone
    assert digest_tree(shared.site) == digest_tree(alone.site)
    assert (shared.site / "search/search_index.json").stat().st_size > 1_000_000


def test_another_plugin_acting_on_pages_keeps_the_work_in_one_process(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "hooks/stamp.py").write_text(
        "def on_page_markdown(markdown, page, config, files):\n"
        "    return markdown + '\\n\\nChecked by the stamp hook.\\n'\n", "utf-8")
    config = (project / "mkdocs.yml").read_text("utf-8")
    config = config.replace("  - hooks/frontdesk_hooks.py\n", "  - hooks/frontdesk_hooks.py\n  - hooks/stamp.py\n")
    (project / "mkdocs.yml").write_text(config, "utf-8")
    build = run_build(project, tmp_path / "site", "--strict", "--verbose")
    assert build.returncode == 0, build.output[-3000:]
    if sys.platform.startswith("linux") and (os.cpu_count() or 1) > 1:
        assert "page work stays in this process (another plugin acts on pages)" in build.output
    assert "the child process converted" not in build.output
    for service in ("vpn", "wifi"):
        assert "Checked by the stamp hook." in build.page(f"services/{service}/")


def test_a_generated_page_named_in_the_nav_keeps_its_label(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    config = (project / "mkdocs.yml").read_text("utf-8")
    config = config.replace("  - About: about.md\n", "  - About: about.md\n  - Remote working: services/vpn.md\n")
    (project / "mkdocs.yml").write_text(config, "utf-8")
    build = run_build(project, tmp_path / "site", "--strict")
    assert build.returncode == 0, build.output[-3000:]
    assert "Remote working" in build.page("")
