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


def interruptible() -> None:
    """In the build's process, before MkDocs starts: Ctrl-C interrupts it, as in a terminal, even when the
    tests run where it is ignored (a shell's background job ignores SIGINT, and its children inherit that)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_during_the_build_keeps_the_last_good_site(good, tmp_path: Path) -> None:
    project, site = a_copy(good, tmp_path)
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
        env=build_env(), cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        preexec_fn=interruptible)
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
    import markdown
    from frontdesk.core.pages import PageWriter, PartsNotPlaced

    writer = PageWriter("services/vpn.md", "", source="content/services/vpn.md")
    writer.markdown("Text")
    writer.html("<section>Service levels</section>")
    page = writer.page()
    assert page.place_parts(markdown.markdown(page.markdown)) == "<p>Text</p>\n<section>Service levels</section>"
    with pytest.raises(PartsNotPlaced, match=r"^content/services/vpn.md: body: .*part 1 missing"):
        page.place_parts(markdown.markdown("<div>\n" + page.markdown))


SLOW_PLUGIN = '''
import pathlib, time
from mkdocs.plugins import event_priority

@event_priority(-100)
def on_post_build(config):
    pathlib.Path(config.config_file_path).with_name("post-build-started").touch()
    time.sleep(60)
'''


def start_build(project: Path, site: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d", str(site), *args],
        env=build_env(), cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        preexec_fn=interruptible)


def wait_for(path: Path, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.02)


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_stopping_the_build_while_another_plugin_finishes_keeps_the_last_good_site(
        good, tmp_path: Path, stop: signal.Signals) -> None:
    # Frontdesk's on_post_build runs last; a build stopped before every plugin is done is not published.
    project, site = a_copy(good, tmp_path)
    (project / "hooks/slow_plugin.py").write_text(SLOW_PLUGIN, "utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace(
        "  - hooks/frontdesk_hooks.py\n", "  - hooks/frontdesk_hooks.py\n  - hooks/slow_plugin.py\n"), "utf-8")
    process = start_build(project, site)
    wait_for(project / "post-build-started")
    process.send_signal(stop)
    process.communicate(timeout=60)
    assert process.returncode != 0
    assert_kept(site, good[1])


def test_an_abandoned_staging_folder_is_removed_by_the_next_build(good, tmp_path: Path) -> None:
    project, site = a_copy(good, tmp_path)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    abandoned = site.parent / f".site.frontdesk-{dead.stdout.strip()}-abcd1234"
    (abandoned / "assets").mkdir(parents=True)
    build = run_build(project, site)
    assert build.returncode == 0, build.output
    assert leftovers(site) == []


def test_the_output_folders_hidden_entries_mode_and_group_are_kept(good, tmp_path: Path) -> None:
    # MkDocs' own clean keeps hidden entries (a deploy checkout's .git, an .htaccess); so does publishing.
    project, site = a_copy(good, tmp_path)
    (site / ".git").mkdir()
    (site / ".git/HEAD").write_text("ref: refs/heads/main\n", "utf-8")
    (site / ".htaccess").write_text("Require all granted\n", "utf-8")
    site.chmod(0o2750)
    build = run_build(project, site, "--strict")
    assert build.returncode == 0, build.output
    assert (site / ".git/HEAD").read_text("utf-8") == "ref: refs/heads/main\n"
    assert (site / ".htaccess").read_text("utf-8") == "Require all granted\n"
    assert site.stat().st_mode & 0o7777 == 0o2750
    assert {k: v for k, v in tree_digest(site).items() if not k.startswith(".")} == good[1]
    assert leftovers(site) == []


def test_an_output_path_that_is_a_file_is_refused_and_kept(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    target = tmp_path / "notes.txt"
    target.write_text("mine", "utf-8")
    build = run_build(project, target)
    assert build.returncode != 0
    assert "the output folder is a file" in build.output and "Traceback" not in build.output
    assert target.read_text("utf-8") == "mine"
