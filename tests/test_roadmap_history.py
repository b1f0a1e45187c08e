"""'Changed in the last 30 days' on the roadmap, from git history.

Each test makes a real git repository of the example project and commits changes with fixed author
and commit dates (GIT_AUTHOR_DATE, GIT_COMMITTER_DATE); the build's clock is FIXED_NOW, 23 November
2026 09:00 UTC, so the 30 days run from 24 October 2026 09:00.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from conftest import Build, copy_project, run_build
from frontdesk.departments.departments import department_ids
from frontdesk.roadmap.history import SHALLOW, Change, State, changed_items, read_history
from frontdesk.roadmap.roadmap import read_roadmap

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
WIFI = "content/roadmap/lab-wifi-upgrade.md"
VIDEO = "content/roadmap/meeting-room-video.md"
ARCHIVE = "content/roadmap/research-data-archive.md"
NEW = "content/roadmap/service-desk-chat.md"
NEW_ITEM = """---
title: Chat with the service desk
summary: Ask the service desk a question in a chat window on the intranet.
horizon: later
status: proposed
---
"""

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(project: Path, *args: str, when: str | None = None) -> str:
    """Run git in the project with a fixed identity (and, for a commit, fixed dates)."""
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    if when:
        env |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    result = subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org",
                             "-c", "commit.gpgsign=false", *args], cwd=project, env=env, capture_output=True,
                            text=True, check=True)
    return result.stdout


def edit(project: Path, path: str, old: str, new: str) -> None:
    file = project / path
    text = file.read_text("utf-8")
    assert old in text, (path, old)
    file.write_text(text.replace(old, new), "utf-8")


def commit(project: Path, when: str, message: str) -> None:
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", message, when=when)


def repository(tmp_path: Path) -> Path:
    """The example project in a git repository, its content committed on 1 October 2026."""
    project = copy_project(tmp_path / "project")
    git(project, "init", "-q")
    commit(project, "2026-10-01T10:00:00+00:00", "The example")
    return project


def history_repository(tmp_path: Path) -> Path:
    """A repository with changes before, in and after the 30 days to the clock."""
    project = repository(tmp_path)
    # Before the 30 days: not listed.
    edit(project, ARCHIVE, "horizon: later", "horizon: next")
    commit(project, "2026-10-20T10:00:00+00:00", "Archive next")
    # In them: a status change, a new item, a change of horizon, and a change of title only (not listed).
    edit(project, WIFI, "status: approved", "status: in-progress")
    commit(project, "2026-11-10T14:30:00+00:00", "Wi-Fi under way")
    (project / NEW).write_text(NEW_ITEM, "utf-8")
    commit(project, "2026-11-15T09:00:00+00:00", "Chat proposed")
    edit(project, VIDEO, "horizon: later", "horizon: next")
    commit(project, "2026-11-20T16:00:00+00:00", "Video sooner")
    edit(project, WIFI, "title: Faster Wi-Fi in the laboratory buildings", "title: Faster Wi-Fi in the labs")
    commit(project, "2026-11-21T10:00:00+00:00", "Shorter title")
    # After the build's clock: not happened yet, as far as the build knows.
    edit(project, VIDEO, "status: approved", "status: in-progress")
    commit(project, "2026-11-25T10:00:00+00:00", "Video under way")
    return project


@pytest.fixture(scope="module")
def history_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    tmp_path = tmp_path_factory.mktemp("history")
    project = history_repository(tmp_path)
    build = run_build(project, tmp_path / "site", "--strict")
    assert build.returncode == 0, build.output
    return build


def changes_on(build: Build, url: str) -> list[str]:
    page = BeautifulSoup(build.page(url), "html.parser")
    section = page.select_one(".fd-roadmap-recent-changes")
    assert section is not None
    return [" ".join(li.get_text(" ", strip=True).split()) for li in section.select("li")] or [
        section.get_text(" ", strip=True)]


def test_the_roadmap_lists_what_changed_in_the_last_30_days_newest_first(history_build: Build) -> None:
    assert changes_on(history_build, "roadmap/") == [
        "20 November 2026 : Video calling in every meeting room , moved from Later to Next",
        "15 November 2026 : Chat with the service desk , added to the roadmap (Proposed, horizon Later)",
        "10 November 2026 : Faster Wi-Fi in the labs , status changed from Approved to In progress",
    ]
    page = BeautifulSoup(history_build.page("roadmap/"), "html.parser")
    times = [t["datetime"] for t in page.select(".fd-roadmap-recent-changes time")]
    assert times == ["2026-11-20T16:00:00+00:00", "2026-11-15T09:00:00+00:00", "2026-11-10T14:30:00+00:00"]
    link = page.select_one(".fd-roadmap-recent-changes a")
    assert isinstance(link, Tag) and link["href"] == "meeting-room-video/"
    # A filtered page lists the changes of its items only.
    assert changes_on(history_build, "roadmap/department/estates/") == [
        "20 November 2026 : Video calling in every meeting room , moved from Later to Next",
        "10 November 2026 : Faster Wi-Fi in the labs , status changed from Approved to In progress",
    ]


def test_an_item_page_lists_its_own_changes_or_says_there_were_none(history_build: Build) -> None:
    assert changes_on(history_build, "roadmap/lab-wifi-upgrade/") == [
        "10 November 2026 : status changed from Approved to In progress"]
    assert changes_on(history_build, "roadmap/research-data-archive/") == [
        "Its status and horizon have not changed in the 30 days to 23 November 2026."]


def test_no_history_is_said_plainly(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")  # not a git repository
    build = run_build(project, tmp_path / "site", "--strict")
    assert build.returncode == 0, build.output
    message = ("Changes cannot be shown: this copy of the site has no git history to read (it is not in a git "
               "repository, or git is not installed or refuses to read it).")
    assert changes_on(build, "roadmap/") == [message]
    assert changes_on(build, "roadmap/lab-wifi-upgrade/") == [message]


def test_an_item_not_committed_yet_says_so(tmp_path: Path) -> None:
    project = repository(tmp_path)
    (project / NEW).write_text(NEW_ITEM, "utf-8")
    build = run_build(project, tmp_path / "site", "--strict")
    assert build.returncode == 0, build.output
    assert changes_on(build, "roadmap/service-desk-chat/") == [
        "No history yet: content/roadmap/service-desk-chat.md has no commit in git on or before 23 November 2026."]
    # The example's own commit (1 October) is before the 30 days.
    assert changes_on(build, "roadmap/") == [
        "No item was added to the roadmap or changed status or horizon in the 30 days to 23 November 2026."]


def test_a_shallow_clone_says_its_history_is_cut_short(tmp_path: Path) -> None:
    project = history_repository(tmp_path)
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{project}", str(clone))
    history = read_history(clone, datetime(2026, 10, 24, 9, tzinfo=UTC), NOW, "Europe/London")
    assert history.missing == SHALLOW and history.changes == ()
    build = run_build(clone, tmp_path / "site", "--strict")
    assert build.returncode == 0, build.output
    assert changes_on(build, "roadmap/") == [f"Changes cannot be shown: {SHALLOW}."]


def test_the_same_repository_and_clock_build_the_same_pages(history_build: Build, tmp_path: Path) -> None:
    again = run_build(history_build.project, tmp_path / "again", "--strict")
    assert again.returncode == 0, again.output
    for page in sorted((history_build.site / "roadmap").rglob("*.html")):
        relative = page.relative_to(history_build.site)
        assert (again.site / relative).read_bytes() == page.read_bytes(), relative


def test_the_brief_can_ask_for_the_changes_of_any_period(tmp_path: Path) -> None:
    project = history_repository(tmp_path)
    services = {p.stem for p in (project / "content/services").glob("*.md")}
    roadmap, problems = read_roadmap(project, services, department_ids(project))
    assert problems == []
    start, end = datetime(2026, 10, 2, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC)  # after the first commit
    history = read_history(project, start, NOW, "UTC")
    october = changed_items(roadmap, history, start, end)
    assert [(item.id, [(c.at.isoformat(), c.before, c.after) for c in changes]) for item, changes in october] == [
        ("research-data-archive", [("2026-10-20T10:00:00+00:00", State("proposed", "later"),
                                    State("proposed", "next"))])]
    november = changed_items(roadmap, history, end, NOW)
    assert [item.id for item, _ in november] == ["meeting-room-video", "service-desk-chat", "lab-wifi-upgrade"]
    added = november[1][1][0]
    assert added == Change("service-desk-chat", datetime(2026, 11, 15, 9, tzinfo=UTC), None,
                           State("proposed", "later"))
    # The whole history from before the first commit: every item added on 1 October, once.
    everything = read_history(project, datetime(2026, 9, 1, tzinfo=UTC), NOW, "UTC")
    first = [c for c in everything.changes if c.at == datetime(2026, 10, 1, 10, tzinfo=UTC)]
    assert len(first) == 8 and all(c.before is None for c in first)


def test_a_change_made_on_a_branch_counts_from_its_merge(tmp_path: Path) -> None:
    project = repository(tmp_path)
    git(project, "branch", "-M", "main")
    git(project, "checkout", "-q", "-b", "wifi")
    edit(project, WIFI, "status: approved", "status: in-progress")
    commit(project, "2026-10-10T10:00:00+00:00", "Wi-Fi under way, on a branch")
    git(project, "checkout", "-q", "main")
    edit(project, VIDEO, "horizon: later", "horizon: next")
    commit(project, "2026-10-12T10:00:00+00:00", "Video sooner, on main")
    git(project, "merge", "-q", "--no-ff", "-m", "Merge wifi", "wifi", when="2026-11-12T10:00:00+00:00")
    history = read_history(project, datetime(2026, 10, 24, 9, tzinfo=UTC), NOW, "UTC")
    assert history.changes == (Change("lab-wifi-upgrade", datetime(2026, 11, 12, 10, tzinfo=UTC),
                                      State("approved", "next"), State("in-progress", "next")),)


def test_a_project_in_a_folder_of_a_larger_repository_reads_its_own_history(tmp_path: Path) -> None:
    outer = tmp_path / "outer"
    project = copy_project(outer / "intranet")
    git(outer, "init", "-q")
    commit(outer, "2026-10-01T10:00:00+00:00", "The intranet, in a folder")
    edit(project, ARCHIVE, "status: proposed", "status: approved")
    commit(outer, "2026-11-02T08:00:00+00:00", "Archive approved")
    history = read_history(project, datetime(2026, 10, 24, 9, tzinfo=UTC), NOW, "Europe/London")
    assert history.missing == "" and "research-data-archive" in history.committed
    assert history.changes == (Change("research-data-archive", datetime(2026, 11, 2, 8, tzinfo=UTC),
                                      State("proposed", "later"), State("approved", "later")),)
