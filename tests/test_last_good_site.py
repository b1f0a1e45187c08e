"""The last good site survives every failure, not only bad content.

A build writes into a staging folder beside the output folder, which replaces the output folder
only once the build has succeeded, `--strict` included. These cases fail late, after MkDocs has
started writing: a broken link under --strict, a theme template error, Ctrl-C. The output folder
must be byte-identical afterwards, and no staging folder may be left behind.
"""

from __future__ import annotations

import hashlib
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import build_env, copy_project, run_build


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file of a folder with a hash of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(site: Path) -> list[str]:
    """Staging or old folders of Frontdesk's left beside the output folder."""
    return sorted(p.name for p in site.parent.iterdir() if p.name.startswith(f".{site.name}."))


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A copy of the example and its last good site's digest."""
    base = tmp_path_factory.mktemp("last-good")
    project = copy_project(base / "project")
    build = run_build(project, base / "site")
    assert build.returncode == 0, build.output
    return build.site, tree_digest(build.site)


def a_copy(good: tuple[Path, dict[str, str]], tmp_path: Path) -> tuple[Path, Path]:
    """A fresh project and a copy of the good site to build into."""
    site = tmp_path / "out" / "site"
    shutil.copytree(good[0], site)
    return copy_project(tmp_path / "project"), site


def assert_kept(site: Path, digest: dict[str, str]) -> None:
    assert tree_digest(site) == digest, "the last good site changed"
    assert leftovers(site) == []


def test_a_strict_warning_after_the_pages_are_written_keeps_the_last_good_site(good, tmp_path: Path) -> None:
    project, site = a_copy(good, tmp_path)
    with (project / "docs/about.md").open("a", encoding="utf-8") as page:
        page.write("\nSee [the old page](no-such-page.md).\n")
    build = run_build(project, site, "--strict")
    assert build.returncode != 0
    assert "no-such-page.md" in build.output and "Aborted with 1 warnings in strict mode" in build.output
    assert_kept(site, good[1])


def test_a_theme_template_error_keeps_the_last_good_site(good, tmp_path: Path) -> None:
    project, site = a_copy(good, tmp_path)
    (project / "overrides/main.html").write_text('{% extends "base.html" %}{% block content %}'
                                                 "{{ page.no_such_thing.at_all() }}{% endblock %}", "utf-8")
    build = run_build(project, site)
    assert build.returncode != 0
    assert_kept(site, good[1])


def test_ctrl_c_during_the_build_keeps_the_last_good_site(good, tmp_path: Path) -> None:
    project, site = a_copy(good, tmp_path)
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
        env=build_env(), cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    # Wait until MkDocs has started writing into the staging folder, then interrupt it.
    while time.monotonic() < deadline and not any(
            (site.parent / name / "assets").exists() for name in leftovers(site)):
        time.sleep(0.01)
    process.send_signal(signal.SIGINT)
    _, errors = process.communicate(timeout=60)
    assert process.returncode != 0, errors
    assert_kept(site, good[1])


def test_a_successful_build_replaces_the_site_and_leaves_nothing_beside_it(good, tmp_path: Path) -> None:
    project, site = a_copy(good, tmp_path)
    (site / "stale.html").write_text("from an old build", "utf-8")
    build = run_build(project, site, "--strict")
    assert build.returncode == 0, build.output
    assert tree_digest(site) == good[1]
    assert leftovers(site) == []
    assert site.stat().st_mode & 0o055 == 0o055, "the site must be readable by a web server"


def test_a_dirty_build_keeps_files_it_did_not_make(good, tmp_path: Path) -> None:
    project, site = a_copy(good, tmp_path)
    (site / "kept.txt").write_text("put here by hand", "utf-8")
    build = run_build(project, site, "--dirty")
    assert build.returncode == 0, build.output
    assert (site / "kept.txt").read_text("utf-8") == "put here by hand"
    assert leftovers(site) == []


def test_a_part_that_finds_no_place_is_an_error_naming_the_file() -> None:
    from frontdesk.core.pages import PageWriter, PartsNotPlaced

    writer = PageWriter("services/vpn.md", "", source="content/services/vpn.md")
    writer.markdown("Text")
    writer.html("<section>Service levels</section>")
    page = writer.page()
    assert page.place_parts("<p>Text</p>\n<p>FRONTDESK-PART-0</p>") == "<p>Text</p>\n<section>Service levels</section>"
    with pytest.raises(PartsNotPlaced, match=r"^content/services/vpn.md: body: .*part 1 missing"):
        page.place_parts('<p>Text</p>\n<div>\nFRONTDESK-PART-0\n')
