"""Names and collisions: ids, slugs and tags that would land on an address the site uses itself,
different names that meet at one address, names in other scripts, and `frontdesk new` with titles
that make no file name.

A name the site keeps for its own pages (`index`, `files`, `page-2`...) or two names with one address
would replace a page without a word: each is refused with the file, line and field. Names in other
scripts and C++ beside C# are fine, and get addresses of their own.
"""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from breaking import (
    ISSUE,
    RESOURCE,
    VPN,
    Accepted,
    Case,
    GoodSite,
    assert_accepted,
    assert_refused,
    edit,
    replacing,
    writing,
)
from bs4 import BeautifulSoup
from conftest import Build, build_env, copy_project
from frontdesk.core.urls import tag_slug
from hypothesis import given
from hypothesis import strategies as st

WIFI = "content/services/wifi.md"


def copying(source: str, target: str, old: str = "", new: str = "") -> Callable[[Path], None]:
    """A copy of a content file under another name (with one change, such as its date)."""
    def copy(project: Path) -> None:
        text = (project / source).read_text("utf-8")
        (project / target).write_text(text.replace(old, new, 1) if old else text, "utf-8")
    return copy


def tagging(path: str, *tags: str) -> Callable[[Path], None]:
    """Put tags in front of a file's own (every file used here has a flow list of tags)."""
    def tag(project: Path) -> None:
        edit(project, path, "tags: [", "tags: [" + "".join(f"{t}, " for t in tags))
    return tag


def both(*changes: Callable[[Path], None]) -> Callable[[Path], None]:
    def change(project: Path) -> None:
        for one in changes:
            one(project)
    return change


KEPT = "is a name the site uses for its own pages; choose another"

BUILD_CASES = [
    # ids and slugs on an address the site uses for its own pages
    Case("names-service-id-index", "a service named index would replace the catalogue, /services/",
         copying(VPN, "content/services/index.md"),
         (f"content/services/index.md:1: id: 'index' {KEPT}",)),
    Case("names-category-id-index", "a category named index would replace the catalogue, /services/",
         replacing("mkdocs.yml", "      - id: research\n", "      - id: index\n"),
         (f"mkdocs.yml:{{line}}: extra.frontdesk.categories[8].id: 'index' {KEPT}",),
         ("mkdocs.yml", "      - id: index\n")),
    Case("names-resource-id-index", "a resource named index would replace /resources/",
         copying(RESOURCE, "content/resources/index.md"),
         (f"content/resources/index.md:1: id: 'index' {KEPT}",)),
    Case("names-resource-id-files", "a resource named files would sit where resources' files are published",
         copying(RESOURCE, "content/resources/files.md"),
         (f"content/resources/files.md:1: id: 'files' {KEPT}",)),
    Case("names-resource-id-kind", "a resource named kind would sit above the pages of each kind",
         copying(RESOURCE, "content/resources/kind.md"),
         (f"content/resources/kind.md:1: id: 'kind' {KEPT}",)),
    Case("names-issue-slug-page-2", "an issue slugged page-2 would take the second page of its year",
         copying(ISSUE, "newsletter/2026-01-20-page-2.md", "date: 2026-01-19", "date: 2026-01-20"),
         (f"newsletter/2026-01-20-page-2.md:1: file name: 'page-2' {KEPT} (found: '2026-01-20-page-2.md')",)),
    Case("names-issue-slug-index", "an issue slugged index would take its year's archive (without directory URLs)",
         copying(ISSUE, "newsletter/2026-01-20-index.md", "date: 2026-01-19", "date: 2026-01-20"),
         (f"newsletter/2026-01-20-index.md:1: file name: 'index' {KEPT} (found: '2026-01-20-index.md')",)),
    Case("names-tag-index", "a tag Index would replace the list of every tag, /tags/",
         tagging(VPN, "Index"),
         (f"{VPN}:25: tags[1]: 'index' {KEPT} (found: 'Index')",)),
    Case("names-tag-no-letter", "a tag of emoji has no letter or digit to make its address from",
         tagging(RESOURCE, "🔥"),
         (f"{RESOURCE}:7: tags[1]: needs a letter or digit: the tag's address, /tags/<slug>/, is made from them "
          "(found: '🔥')",)),
    # two names, one address
    Case("names-tags-accent-meets-plain", "Café and Cafe are different names with one address, /tags/cafe/",
         both(tagging(VPN, "Café"), tagging(RESOURCE, "Cafe")),
         (f"{VPN}:25: tags[1]: makes the same address, /tags/cafe/, as 'Cafe' in {RESOURCE}:7; write both the "
          "same way, or choose another name (found: 'Café')",)),
    Case("names-tags-cyrillic-meets-latin", "Сеть is written 'set' in Latin letters, as an issue's tag Set is",
         both(tagging(WIFI, "Сеть"), tagging(ISSUE, "Set")),
         (f"{ISSUE}:6: tags[1]: makes the same address, /tags/set/, as 'Сеть' in {WIFI}:26; write both the same "
          "way, or choose another name (found: 'Set')",)),
    Case("names-tags-one-file", "C# and 'C sharp' in one file meet at /tags/c-sharp/",
         replacing(VPN, "tags: [remote-work, security]", "tags:\n  - C#\n  - C sharp\n  - security"),
         (f"{VPN}:27: tags[2]: makes the same address, /tags/c-sharp/, as 'C#' in {VPN}:26; write both the "
          "same way, or choose another name (found: 'C sharp')",)),
    # hand-written pages and files at an address Frontdesk makes
    Case("names-docs-page-at-tags", "a hand-written docs/tags/index.md would replace the list of tags",
         writing("docs/tags/index.md", "# Our tags\n"),
         ("docs/tags/index.md: file: has the address /tags/, as Frontdesk's page tags.md does; "
          "rename or move one of them",)),
    Case("names-docs-page-at-service", "a hand-written page at a service's address",
         writing("docs/services/vpn/index.md", "# VPN\n"),
         (f"docs/services/vpn/index.md: file: has the address /services/vpn/, as {VPN} does; "
          "rename or move one of them",)),
    Case("names-docs-file-at-feed", "a file docs/feed.xml would be overwritten by the RSS feed",
         writing("docs/feed.xml", "<rss/>\n"),
         ("docs/feed.xml: file: has the address /feed.xml, as Frontdesk's feed.xml does; "
          "rename or move one of them",)),
]


def tag_page(build: Build, slug: str) -> BeautifulSoup:
    return BeautifulSoup(build.page(f"tags/{slug}/"), "html.parser")


def linked_titles(page: BeautifulSoup) -> list[str]:
    return sorted(a.get_text(" ", strip=True) for a in page.select("article a[href*='services/'], "
                                                                     "article a[href*='resources/'], "
                                                                     "article a[href*='newsletter/']")
                  if not a.get("href", "").endswith(("services/", "resources/", "newsletter/")))


def shows_cpp_and_csharp_apart(build: Build) -> None:
    cpp, csharp = tag_page(build, "c-plus-plus"), tag_page(build, "c-sharp")
    assert cpp.h1 is not None and cpp.h1.get_text(strip=True).endswith("C++")
    assert csharp.h1 is not None and csharp.h1.get_text(strip=True).endswith("C#")
    assert "VPN (remote access)" in linked_titles(cpp) and "VPN (remote access)" not in linked_titles(csharp)
    assert "Wi-Fi" in linked_titles(csharp) and "Wi-Fi" not in linked_titles(cpp)
    assert not (build.site / "tags/c").exists()
    catalogue = BeautifulSoup(build.page("services/"), "html.parser")
    options = {o["value"]: o.get_text() for o in catalogue.select("#fd-tag option") if o["value"]}
    assert options["c-plus-plus"] == "C++" and options["c-sharp"] == "C#"


def shows_cyrillic_tags(build: Build) -> None:
    assert tag_page(build, "set").h1.get_text(strip=True).endswith("Сеть")  # type: ignore[union-attr]
    assert tag_page(build, "pochta").h1.get_text(strip=True).endswith("Почта")  # type: ignore[union-attr]
    assert not (build.site / "tags/tag").exists()
    index = BeautifulSoup(build.page("tags/"), "html.parser")
    assert {"Сеть", "Почта"} <= {a.get_text(strip=True) for a in index.select(".fd-tag-cloud a")}


def shows_one_cafe(build: Build) -> None:
    page = tag_page(build, "cafe")
    assert {"VPN (remote access)", "Spot the phish: six signs of a fake email"} <= set(linked_titles(page))
    index = BeautifulSoup(build.page("tags/"), "html.parser")
    cafes = [a.get_text(strip=True) for a in index.select(".fd-tag-cloud a") if "caf" in a.get_text().casefold()]
    assert cafes == [unicodedata.normalize("NFC", "Café")]


def shows_service_once(build: Build) -> None:
    assert linked_titles(tag_page(build, "remote-work")).count("VPN (remote access)") == 1


def shows_transliterated_service_page(build: Build) -> None:
    assert (build.site / "services/setevoi-dostup/index.html").is_file()


ACCEPTED = [
    Accepted("names-tags-cpp-and-csharp", "C++ and C# are two tags, at /tags/c-plus-plus/ and /tags/c-sharp/",
             both(tagging(VPN, "C++"), tagging(WIFI, "C#")), shows_cpp_and_csharp_apart),
    Accepted("names-tags-cyrillic", "Cyrillic tags get pages of their own, written in Latin letters",
             both(tagging(VPN, "Сеть"), tagging(WIFI, "Почта")), shows_cyrillic_tags),
    Accepted("names-tags-nfc-and-nfd", "Café composed (NFC) and decomposed (NFD) is one tag",
             both(tagging(VPN, unicodedata.normalize("NFC", "Café")),
                  tagging(RESOURCE, unicodedata.normalize("NFD", "Café"))), shows_one_cafe),
    Accepted("names-tag-written-twice-in-one-file", "one tag written two ways in one file lists the service once",
             tagging(VPN, "Remote work"), shows_service_once),
]


@pytest.mark.parametrize("case", BUILD_CASES, ids=[case.id for case in BUILD_CASES])
def test_a_name_on_an_address_already_used_is_refused(case: Case, good_site: GoodSite, tmp_path: Path) -> None:
    assert_refused(case, good_site, tmp_path)


@pytest.mark.parametrize("case", ACCEPTED, ids=[case.id for case in ACCEPTED])
def test_names_in_any_script_get_addresses_of_their_own(case: Accepted, good_site: GoodSite, tmp_path: Path) -> None:
    assert_accepted(case, good_site, tmp_path)


# --- `frontdesk new` ------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewCase:
    """A `frontdesk new` run: what it says, and the file it writes (None: it must write nothing)."""

    id: str
    description: str
    args: tuple[str | bytes, ...]
    says: str  # the whole of stderr when refused, or the line on stdout when it writes
    writes: str | None = None


NEW_CASES = [
    NewCase("names-new-cyrillic-title", "a Cyrillic title makes a file name in Latin letters",
            ("service", "Сетевой доступ"), "frontdesk new: wrote content/services/setevoi-dostup.md\n",
            "content/services/setevoi-dostup.md"),
    NewCase("names-new-cpp-title", "C++ in a title is spoken, so it does not become 'c'",
            ("resource", "C++ style guide"), "frontdesk new: wrote content/resources/c-plus-plus-style-guide.md\n",
            "content/resources/c-plus-plus-style-guide.md"),
    NewCase("names-new-emoji-title", "a title with no letter or digit asks for --id",
            ("issue", "🎉🎉🎉"),
            "frontdesk new: no file name can be made from the title '🎉🎉🎉': it has no letter or digit that can be "
            "written in Latin letters; give one with --id, like --id team-party\n"),
    NewCase("names-new-emoji-title-with-id", "--id names the file when the title cannot",
            ("issue", "🎉🎉🎉", "--id", "party"), "frontdesk new: wrote newsletter/2026-11-23-party.md\n",
            "newsletter/2026-11-23-party.md"),
    NewCase("names-new-undecodable-title", "a title with a byte that is not UTF-8 (a Latin-1 é from a shell)",
            ("service", b"Caf\xe9 menu"),
            "frontdesk new: the title holds bytes that are not UTF-8 text (is the terminal set to another "
            "encoding?); type it again\n"),
    NewCase("names-new-kept-name", "a title that makes a name the site keeps",
            ("resource", "Files"),
            f"frontdesk new: the title makes the file name 'files': 'files' {KEPT} (give a file name with --id)\n"),
    NewCase("names-new-category-name", "a service title that makes a category's id",
            ("service", "Network"),
            "frontdesk new: the title makes the file name 'network': 'network' is also a category id; both would "
            "live at /services/network/ (give a file name with --id)\n"),
    NewCase("names-new-bad-id", "an --id that is not an id",
            ("service", "Lab booking", "--id", "Lab Booking"),
            "frontdesk new: --id: must be lowercase letters and digits in words joined by hyphens "
            "(like 'file-storage')\n"),
    NewCase("names-new-long-title", "a title longer than check allows",
            ("service", "x" * 101), "frontdesk new: the title is 101 characters long; the limit is 100\n"),
]

CASES: list[Case | NewCase] = [*BUILD_CASES, *NEW_CASES]


def new(project: Path, *args: str | bytes) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "frontdesk.cli", "new", *args, "--project", str(project)],
                          capture_output=True, text=True, env=build_env(), timeout=120)


def content_files(project: Path) -> dict[str, bytes]:
    return {p.relative_to(project).as_posix(): p.read_bytes() for folder in ("content", "newsletter")
            for p in sorted((project / folder).rglob("*")) if p.is_file()}


@pytest.mark.parametrize("case", NEW_CASES, ids=[case.id for case in NEW_CASES])
def test_new_makes_a_file_name_from_any_title_or_says_why_not(case: NewCase, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    before = content_files(project)
    result = new(project, *case.args)
    assert "Traceback" not in result.stderr, result.stderr
    after = content_files(project)
    if case.writes is None:
        assert (result.returncode, result.stderr, result.stdout) == (2, case.says, "")
        assert after == before, "a refused `frontdesk new` left a file behind"
        return
    assert (result.returncode, result.stdout) == (0, case.says), result.stderr
    assert set(after) - set(before) == {case.writes}
    check = subprocess.run([sys.executable, "-m", "frontdesk.cli", "check", "--content-only", "--project",
                            str(project)], capture_output=True, text=True, env=build_env(), timeout=120)
    assert check.returncode == 0, check.stdout + check.stderr


# --- the slug rule keeps every existing address --------------------------------------------------


def old_slug(text: str) -> str:
    """The slug rule before Unicode-aware slugs: what every ASCII tag's address was."""
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=40))
def test_ascii_tags_keep_their_addresses(tag: str) -> None:
    """Only a '+' or '#' that ends a word (C++, C#) changes: it used to vanish."""
    if not re.search(r"[A-Za-z0-9][+#]", tag):
        assert tag_slug(tag) == old_slug(tag)


def test_the_example_sites_tags_keep_their_addresses(example_build: Build) -> None:
    index = BeautifulSoup(example_build.page("tags/"), "html.parser")
    addresses = {a["href"].strip("/").rsplit("/", 1)[-1]: a.get_text(strip=True)
                 for a in index.select(".fd-tag-cloud a")}
    assert len(addresses) > 20
    assert all(address == old_slug(name) for address, name in addresses.items()), addresses
    assert set(addresses) == {p.name for p in (example_build.site / "tags").iterdir() if p.is_dir()}
