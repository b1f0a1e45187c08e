"""Bad input about paths: links out of the project (the top folders included), links in a loop, FIFOs and
sockets, content files that would not be read, files published that nothing uses, and file names a URL
must encode.

Refused cases build over a copy of the last good site (see breaking.py). Accepted cases build with
--strict and say what the site must show. Command cases run `frontdesk` itself: each must refuse
cleanly and leave every file, in the project and outside it, as it was.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from breaking import (
    AUTHORS,
    ISSUE,
    VPN,
    VPN_STATS,
    Accepted,
    Case,
    assert_accepted,
    assert_refused,
    edit,
    png_bytes,
    writing,
)
from bs4 import BeautifulSoup
from conftest import ROOT, Build, GoodSite, build_env, run_build, tree_digest

OUTSIDE = "links to a place outside the project"
DRAFT = "newsletter/2026-11-16-holiday-cover.md"
SITE_URL = "https://intranet.fernhill.example/it/"


# --- ways to break a project --------------------------------------------------------------------


def outside_copy(folder: str) -> Callable[[Path], None]:
    """Move a folder of the project out of it, and leave a link to it in its place."""
    def move(project: Path) -> None:
        outside = project.parent / "outside" / folder
        outside.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(project / folder, outside)
        (project / folder).symlink_to(outside, target_is_directory=True)
    return move


def inside_copy(folder: str, to: str) -> Callable[[Path], None]:
    """Move a folder elsewhere in the project, and leave a link to it in its place."""
    def move(project: Path) -> None:
        (project / to).parent.mkdir(parents=True, exist_ok=True)
        shutil.move(project / folder, project / to)
        (project / folder).symlink_to(os.path.relpath(project / to, (project / folder).parent),
                                      target_is_directory=True)
    return move


def link(path: str, target: str) -> Callable[[Path], None]:
    """A link at `path` to `target`, written as is (relative to the link's folder, or absolute)."""
    def make(project: Path) -> None:
        (project / path).unlink(missing_ok=True)
        (project / path).symlink_to(target)
    return make


def fifo(path: str) -> Callable[[Path], None]:
    return lambda project: os.mkfifo(project / path)


def socket_file(path: str) -> Callable[[Path], None]:
    return lambda project: os.mknod(project / path, stat.S_IFSOCK | 0o600)


def renamed(path: str, name: str) -> Callable[[Path], None]:
    def rename(project: Path) -> None:
        (project / path).rename((project / path).with_name(name))
    return rename


def moved(path: str, to: str) -> Callable[[Path], None]:
    def move(project: Path) -> None:
        (project / to).parent.mkdir(parents=True, exist_ok=True)
        (project / path).rename(project / to)
    return move


def all_of(*breaks: Callable[[Path], None]) -> Callable[[Path], None]:
    def run(project: Path) -> None:
        for one in breaks:
            one(project)
    return run


def linked_body_file(project: Path) -> None:
    """An issue's body shows an "image" that is a link to mkdocs.yml."""
    (project / "newsletter/images/settings.png").symlink_to("../../mkdocs.yml")
    with (project / ISSUE).open("a", encoding="utf-8") as file:
        file.write("\n![Our settings](images/settings.png)\n")


@dataclass(frozen=True)
class CommandCase:
    """A `frontdesk` command run on a broken copy of the project: refused, naming the path, nothing written."""

    id: str
    description: str
    breaks: Callable[[Path], None]
    command: tuple[str, ...]
    expected: tuple[str, ...]


# --- refused ------------------------------------------------------------------------------------

CASES: list[Case | CommandCase] = [
    # the top folders themselves, linked out of the project
    Case("paths-newsletter-folder-outside", "newsletter/ is a link to a folder outside the project",
         outside_copy("newsletter"), (f"newsletter:1: file: {OUTSIDE}",)),
    Case("paths-content-folder-outside", "content/ is a link to a folder outside the project",
         outside_copy("content"), (f"content:1: file: {OUTSIDE}",)),
    Case("paths-stats-folder-outside", "content/stats/ is a link to a folder outside the project",
         outside_copy("content/stats"), (f"content/stats:1: file: {OUTSIDE}",)),
    Case("paths-services-folder-outside", "content/services/ is a link to a folder outside the project",
         outside_copy("content/services"), (f"content/services:1: file: {OUTSIDE}",)),
    Case("paths-resource-files-folder-outside", "content/resources/files/ is a link out of the project",
         outside_copy("content/resources/files"),
         (f"content/resources/files:1: file: {OUTSIDE}",
          "content/resources/spot-the-phish.md:5: file: leads outside the project")),
    Case("paths-newsletter-images-outside", "newsletter/images/ is a link to a folder outside the project",
         outside_copy("newsletter/images"),
         (f"newsletter/images:1: file: {OUTSIDE}", f"{ISSUE}:7: image: leads outside newsletter/")),
    Case("paths-authors-link-outside", "content/authors.yml is a link to a file outside the project",
         link(AUTHORS, "/etc/passwd"), (f"{AUTHORS}:1: file: {OUTSIDE} (found: /etc/passwd)",)),
    Case("paths-body-image-links-to-settings", "an issue shows an image that is a link to mkdocs.yml",
         linked_body_file, (f"{ISSUE}:52: body: a link leads outside newsletter/ (found: 'images/settings.png')",)),
    # links that lead nowhere or round in a loop
    Case("paths-service-link-loop", "a service file that is a link to itself",
         link("content/services/loop.md", "loop.md"),
         ("content/services/loop.md:1: file: is a link that leads round in a loop (found: loop.md)",)),
    Case("paths-newsletter-folder-loop", "newsletter/ is a link to itself",
         all_of(lambda project: shutil.rmtree(project / "newsletter"), link("newsletter", "newsletter")),
         ("newsletter:1: file: is a link that leads round in a loop",)),
    Case("paths-folder-link-to-its-parent", "a link in content/services/ to content/services/ itself",
         link("content/services/again", "."),
         ("content/services/again:1: file: is a link to a folder it is in, so it leads round in a loop",)),
    Case("paths-stats-dangling-link", "a stats file that is a link to a file that was deleted",
         link("content/stats/wifi.yml", "../../old/wifi.yml"),
         ("content/stats/wifi.yml:1: file: is a link to something that does not exist (found: ../../old/wifi.yml)",)),
    # neither a file nor a folder: never opened
    Case("paths-service-fifo", "a FIFO named like a service file",
         fifo("content/services/pipe.md"), ("content/services/pipe.md:1: file: is not a regular file (found: FIFO)",)),
    Case("paths-stats-socket", "a socket in content/stats/",
         socket_file("content/stats/vpn.sock"),
         ("content/stats/vpn.sock:1: file: is not a regular file (found: socket)",)),
    Case("paths-authors-fifo", "content/authors.yml is a FIFO",
         all_of(lambda project: (project / AUTHORS).unlink(), fifo(AUTHORS)),
         (f"{AUTHORS}:1: file: is not a regular file (found: FIFO)",)),
    Case("paths-issue-cover-fifo", "an issue's cover image is a FIFO",
         all_of(lambda project: (project / "newsletter/images/new-starters.png").unlink(),
                fifo("newsletter/images/new-starters.png")),
         ("newsletter/images/new-starters.png:1: file: is not a regular file (found: FIFO)",
          f"{ISSUE}:7: image: must name a regular file, not a FIFO")),
    # files that look like content but would not be read
    Case("paths-service-upper-case-ending", "a service file ending in .MD",
         renamed(VPN, "vpn.MD"),
         ("content/services/vpn.MD:1: file: is not read: service files end in .md (lowercase) (found: 'vpn.MD')",)),
    Case("paths-stats-upper-case-ending", "a stats file ending in .YML",
         renamed(VPN_STATS, "vpn.YML"),
         ("content/stats/vpn.YML:1: file: is not read: stats files end in .yml (lowercase) (found: 'vpn.YML')",)),
    Case("paths-stats-yaml-ending", "a stats file ending in .yaml",
         renamed(VPN_STATS, "vpn.yaml"),
         ("content/stats/vpn.yaml:1: file: is not read: stats files end in .yml (lowercase)",)),
    Case("paths-stats-in-a-subfolder", "a stats file in a folder of its own under content/stats/",
         moved(VPN_STATS, "content/stats/2026/vpn.yml"),
         ("content/stats/2026/vpn.yml:1: file: is not read: stats files go directly in content/stats/",)),
    Case("paths-issue-in-a-year-folder", "an issue in newsletter/2026/",
         moved(ISSUE, "newsletter/2026/2026-01-19-new-starters.md"),
         ("newsletter/2026/2026-01-19-new-starters.md:1: file: is not read: issues go directly in newsletter/, "
          "named YYYY-MM-DD-slug.md",)),
    Case("paths-issue-markdown-ending", "an issue ending in .markdown",
         renamed(ISSUE, "2026-01-19-new-starters.markdown"),
         ("newsletter/2026-01-19-new-starters.markdown:1: file: is not read: issue files end in .md (lowercase)",)),
    Case("paths-resource-in-a-subfolder", "a resource in a folder of its own under content/resources/",
         moved("content/resources/spot-the-phish.md", "content/resources/security/spot-the-phish.md"),
         ("content/resources/security/spot-the-phish.md:1: file: is not read: resource files go directly in "
          "content/resources/",)),
    Case("paths-resource-text-file", "a resource written as a .txt file",
         writing("content/resources/printer-tips.txt", "Turn it off and on again.\n"),
         ("content/resources/printer-tips.txt:1: file: is not read: resource files end in .md (lowercase), and "
          "files to download go in content/resources/files/",)),
    Case("paths-authors-yaml-ending", "the authors file saved as authors.yaml",
         renamed(AUTHORS, "authors.yaml"),
         ("content/authors.yaml:1: file: is not read: the authors file is content/authors.yml",)),
]


BUILD_CASES = [case for case in CASES if isinstance(case, Case)]


@pytest.mark.parametrize("case", BUILD_CASES, ids=[case.id for case in BUILD_CASES])
def test_bad_paths_fail_the_build_and_keep_the_last_good_site(case: Case, good_site: GoodSite,
                                                              tmp_path: Path) -> None:
    assert_refused(case, good_site, tmp_path)


# --- accepted -----------------------------------------------------------------------------------


def site_file(build: Build, page_url: str, link: str) -> Path:
    """The file of the built site a link on a page leads to, as a web server would find it."""
    target = urlsplit(urljoin(SITE_URL + page_url, link)).path
    assert target.startswith(urlsplit(SITE_URL).path), link
    return build.site / unquote(target.removeprefix(urlsplit(SITE_URL).path))


def shows_the_content(build: Build) -> None:
    assert (build.site / "services/vpn/index.html").is_file()
    assert (build.site / "stats/index.html").is_file()
    assert (build.site / "resources/files/spot-the-phish.pdf").is_file()


def shows_the_cover(build: Build) -> None:
    page = BeautifulSoup(build.page("newsletter/2026/new-starters/"), "html.parser")
    cover = page.select_one("img.fd-issue-page__image")
    assert cover is not None
    assert site_file(build, "newsletter/2026/new-starters/", str(cover["src"])).read_bytes() == \
        (ROOT / "newsletter/images/new-starters.png").read_bytes()


def odd_resource_file(project: Path) -> None:
    (project / "content/resources/files/Guide #1?.txt").write_text("Step one: breathe.\n", "utf-8")
    edit(project, "content/resources/out-of-office-messages.md", "file: files/out-of-office-messages.txt",
         'file: "files/Guide #1?.txt"')


def downloads_the_odd_file(build: Build) -> None:
    page = BeautifulSoup(build.page("resources/out-of-office-messages/"), "html.parser")
    button = page.select_one("a.fd-download")
    assert button is not None and "%23" in str(button["href"]) and "%3F" in str(button["href"]), button
    assert site_file(build, "resources/out-of-office-messages/", str(button["href"])).read_text("utf-8") == \
        "Step one: breathe.\n"


def odd_cover_name(project: Path) -> None:
    (project / "newsletter/images/new-starters.png").rename(project / "newsletter/images/new starters #1.png")
    edit(project, ISSUE, "image: images/new-starters.png", 'image: "images/new starters #1.png"')
    edit(project, ISSUE, "](images/new-starters.png)", "](images/new%20starters%20%231.png)")  # '#' starts an anchor


def shows_the_odd_cover_everywhere(build: Build) -> None:
    shows_the_cover(build)
    expected = build.site / "newsletter/images/new starters #1.png"
    email = BeautifulSoup((build.site / "newsletter/2026/new-starters/email.html").read_text("utf-8"), "html.parser")
    sources = [str(img["src"]) for img in email.find_all("img") if "new" in str(img["src"])]
    assert sources and all(site_file(build, "", src) == expected for src in sources), sources
    assert "new%20starters%20%231.png" in (build.site / "feed.xml").read_text("utf-8")


def draft_cover_and_notes(project: Path) -> None:
    (project / "newsletter/images/holiday-cover.png").write_bytes(png_bytes())
    edit(project, DRAFT, "draft: true", "draft: true\nimage: images/holiday-cover.png")
    (project / "newsletter/ideas.txt").write_text("A quiz about passwords?\n", "utf-8")
    (project / "newsletter/images/unused.png").write_bytes(png_bytes())


def publishes_only_what_published_issues_use(build: Build) -> None:
    published = {p.relative_to(build.site).as_posix() for p in (build.site / "newsletter").rglob("*")
                 if p.is_file() and "/images/" in f"/{p.relative_to(build.site).as_posix()}"}
    assert published == {f"newsletter/images/{p.name}" for p in (ROOT / "newsletter/images").iterdir()}
    assert not (build.site / "newsletter/ideas.txt").exists()


def agenda_linked_from_a_body(project: Path) -> None:
    (project / "newsletter/files").mkdir()
    (project / "newsletter/files/agenda.pdf").write_bytes(b"%PDF-1.4 agenda")
    (project / "newsletter/files/minutes.pdf").write_bytes(b"%PDF-1.4 minutes")
    with (project / ISSUE).open("a", encoding="utf-8") as file:
        file.write("\nRead the [agenda](files/agenda.pdf) before you come.\n")


def publishes_the_agenda_only(build: Build) -> None:
    page = BeautifulSoup(build.page("newsletter/2026/new-starters/"), "html.parser")
    agenda = page.find("a", string="agenda")
    assert agenda is not None
    assert site_file(build, "newsletter/2026/new-starters/", str(agenda["href"])).read_bytes() == b"%PDF-1.4 agenda"
    assert not (build.site / "newsletter/files/minutes.pdf").exists()


def notes_beside_content(project: Path) -> None:
    for folder in ("content/services", "content/stats", "content/resources", "newsletter"):
        (project / folder / "README.md").write_text("# What goes here\n\nSee the project README.\n", "utf-8")
        (project / folder / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")


def leaves_notes_out(build: Build) -> None:
    assert not list(build.site.rglob("README*")) and not list(build.site.rglob(".DS_Store"))
    shows_the_content(build)


ACCEPTED = [
    Accepted("paths-content-folder-linked-inside", "content/ is a link to a folder inside the project",
             inside_copy("content", "data/content"), shows_the_content),
    Accepted("paths-newsletter-images-linked-inside", "newsletter/images/ is a link to a folder inside the project",
             inside_copy("newsletter/images", "assets/newsletter-images"), shows_the_cover),
    Accepted("paths-resource-file-name-with-hash-and-question-mark", "a resource's file is named 'Guide #1?.txt'",
             odd_resource_file, downloads_the_odd_file),
    Accepted("paths-issue-cover-name-with-space-and-hash", "an issue's cover is named 'new starters #1.png'",
             odd_cover_name, shows_the_odd_cover_everywhere),
    Accepted("paths-draft-cover-and-stray-notes", "a draft's cover image, an unused image and ideas.txt in newsletter/",
             draft_cover_and_notes, publishes_only_what_published_issues_use),
    Accepted("paths-file-linked-from-an-issue-body", "an issue's body links to a PDF in newsletter/files/",
             agenda_linked_from_a_body, publishes_the_agenda_only),
    Accepted("paths-readme-and-hidden-files", "a README.md and a .DS_Store in every content folder",
             notes_beside_content, leaves_notes_out),
]


@pytest.mark.parametrize("case", ACCEPTED, ids=[case.id for case in ACCEPTED])
def test_odd_but_safe_paths_build(case: Accepted, good_site: GoodSite, tmp_path: Path) -> None:
    assert_accepted(case, good_site, tmp_path)


def test_a_link_to_a_file_no_published_issue_uses_still_fails_the_strict_build(good_site: GoodSite,
                                                                                tmp_path: Path) -> None:
    """Only files that published issues use are published, so MkDocs must still catch a link to any other."""
    project = good_site.copy_project(tmp_path / "project")
    (project / "newsletter/images/spare.png").write_bytes(png_bytes())
    with (project / ISSUE).open("a", encoding="utf-8") as file:
        file.write("\n![Not there](images/not-there.png)\n")
    build = run_build(project, tmp_path / "site", "--strict")
    assert build.returncode != 0
    assert "images/not-there.png" in build.output and "Traceback" not in build.output


# --- commands -----------------------------------------------------------------------------------


CASES += [
    CommandCase("paths-check-fifo-does-not-hang", "frontdesk check with a FIFO among the services",
                fifo("content/services/pipe.md"), ("check", "--content-only"),
                ("content/services/pipe.md:1: file: is not a regular file (found: FIFO)",)),
    CommandCase("paths-import-into-stats-folder-outside", "frontdesk stats import with content/stats/ linked out",
                outside_copy("content/stats"),
                ("stats", "import", str(ROOT / "tests/data/generic.csv"), "--format", "generic"),
                (f"content/stats:1: file: {OUTSIDE}",)),
    CommandCase("paths-new-into-services-folder-outside", "frontdesk new with content/services/ linked out",
                outside_copy("content/services"), ("new", "service", "Lab equipment booking"),
                (f"frontdesk new: content/services:1: file: {OUTSIDE}",)),
]
COMMAND_CASES = [case for case in CASES if isinstance(case, CommandCase)]


def frontdesk(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "frontdesk.cli", *args, "--project", str(project)],
                          capture_output=True, text=True, env=build_env(), cwd=project, timeout=60)


@pytest.mark.parametrize("case", COMMAND_CASES, ids=[case.id for case in COMMAND_CASES])
def test_commands_refuse_bad_paths_and_write_nothing(case: CommandCase, good_site: GoodSite, tmp_path: Path) -> None:
    project = good_site.copy_project(tmp_path / "project")
    case.breaks(project)
    before = tree_digest(tmp_path)
    result = frontdesk(project, *case.command)  # a FIFO opened for reading would wait here until the timeout
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"{case.description}: it passed\n{output}"
    for fragment in case.expected:
        assert fragment in output, f"{case.description}: missing {fragment!r}\n{output}"
    assert "Traceback" not in output, output
    assert tree_digest(tmp_path) == before, f"{case.description}: a file changed"
