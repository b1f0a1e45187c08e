"""Email editions from the cache are the ones a build without it makes: after a project's own
Markdown extension changes, with a function in an extension's options, and when an entry is damaged;
and the cache holds what the last build used, not every edition ever made."""

from __future__ import annotations

import hashlib
from pathlib import Path

from conftest import copy_project, run_build

CACHE = ".cache/frontdesk/email"
# A project's own Markdown extension, kept beside the hooks: it marks the end of each text it converts.
EXTENSION = '''
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor


class Stamp(Postprocessor):
    def run(self, text):
        return text + "\\n<p>Converted by stamp {version}</p>"


class StampExtension(Extension):
    def extendMarkdown(self, md):
        md.postprocessors.register(Stamp(md), "stamp", 0)


def makeExtension(**kwargs):
    return StampExtension(**kwargs)
'''


def digest_tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def entries(project: Path) -> set[str]:
    return {entry.name for entry in (project / CACHE).iterdir()}


def edit_config(project: Path, old: str, new: str) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert old in text
    config.write_text(text.replace(old, new, 1), "utf-8")


def test_a_changed_project_extension_is_not_served_from_the_cache(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    extension = project / "hooks/stamp.py"
    extension.write_text(EXTENSION.format(version="one"), "utf-8")
    edit_config(project, "  - pymdownx.superfences\n", "  - pymdownx.superfences\n  - stamp\n")
    path = str(project / "hooks")  # where the build finds the extension
    first = run_build(project, tmp_path / "first", PYTHONPATH=path)
    assert first.returncode == 0, first.output
    extension.write_text(EXTENSION.format(version="two"), "utf-8")
    cached = run_build(project, tmp_path / "cached", PYTHONPATH=path)
    uncached = run_build(project, tmp_path / "uncached", PYTHONPATH=path, FRONTDESK_CACHE="0")
    assert cached.returncode == 0 and uncached.returncode == 0, cached.output + uncached.output
    editions = sorted(cached.site.glob("newsletter/*/*/email.html"))
    assert editions and all("Converted by stamp two" in e.read_text("utf-8") for e in editions)
    assert digest_tree(cached.site) == digest_tree(uncached.site)


def test_a_function_in_an_extensions_options_does_not_make_the_cache_grow(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    edit_config(project, "      permalink: true\n", "      permalink: true\n      slugify: !!python/object/apply:"
                "pymdownx.slugs.slugify {kwds: {case: lower}}\n")
    first = run_build(project, tmp_path / "first")
    assert first.returncode == 0, first.output
    made = entries(project)
    assert len(made) == len(list(first.site.glob("newsletter/*/*/email.html")))
    again = run_build(project, tmp_path / "again")
    assert again.returncode == 0, again.output
    assert entries(project) == made
    assert digest_tree(again.site) == digest_tree(first.site)


def test_editions_of_content_that_changed_leave_the_cache(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    first = run_build(project, tmp_path / "first")
    assert first.returncode == 0, first.output
    made = entries(project)
    issue = project / "newsletter/2026-11-02-wifi-upgrade.md"
    issue.write_text(issue.read_text("utf-8") + "\nOne more thing.\n", "utf-8")
    again = run_build(project, tmp_path / "again")
    assert again.returncode == 0, again.output
    assert len(entries(project)) == len(made) and len(entries(project) - made) == 1
    assert "One more thing." in (again.site / "newsletter/2026/wifi-upgrade/email.html").read_text("utf-8")


def test_a_damaged_entry_is_made_again(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    first = run_build(project, tmp_path / "first")
    assert first.returncode == 0, first.output
    damaged = [next((project / CACHE).glob("*/email.html")), next((project / CACHE).glob("*/*.eml"))]
    damaged[0].write_bytes(damaged[0].read_bytes()[:100])
    damaged[1].write_bytes(damaged[1].read_bytes().replace(b"Fernhill", b"Fernhall"))
    cached = run_build(project, tmp_path / "cached")
    uncached = run_build(project, tmp_path / "uncached", FRONTDESK_CACHE="0")
    assert cached.returncode == 0 and uncached.returncode == 0, cached.output + uncached.output
    assert digest_tree(cached.site) == digest_tree(uncached.site)


def test_a_cache_folder_that_leads_outside_the_project_is_not_used(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    outside = tmp_path / "outside"
    outside.mkdir()
    (project / ".cache").symlink_to(outside, target_is_directory=True)
    build = run_build(project, tmp_path / "site")
    assert build.returncode == 0, build.output
    assert list(outside.iterdir()) == []
    assert (build.site / "newsletter/2026/wifi-upgrade/email.html").is_file()
