"""Bad input in roadmap items (content/roadmap/<id>.md).

Refused cases build over a copy of the last good site (see breaking.py): a clean refusal naming
`path:line: field`, every problem at once, the last good site untouched. Accepted cases build with
--strict and say what the roadmap must show.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from breaking import Accepted, Case, assert_accepted, assert_refused, replacing, writing
from bs4 import BeautifulSoup
from conftest import Build, GoodSite, uncite

WIFI = "content/roadmap/lab-wifi-upgrade.md"
ARCHIVE = "content/roadmap/research-data-archive.md"
MINIMAL = """---
title: Chat with the service desk
summary: Ask the service desk a question in a chat window on the intranet.
horizon: later
status: proposed
"""


def item(name: str, front: str = MINIMAL, body: str = "More to follow.") -> Callable[[Path], None]:
    """A new roadmap item with this front matter (and its closing line)."""
    return writing(f"content/roadmap/{name}", f"{front.rstrip()}\n---\n{body}\n")


def both(*breaks: Callable[[Path], None]) -> Callable[[Path], None]:
    def apply(project: Path) -> None:
        for one in breaks:
            one(project)
    return apply


CASES = [
    Case("roadmap-missing-required", "an item with none of the required fields: each named",
         item("empty-item.md", "---\nsponsor: Head of Finance\n"),
         ("content/roadmap/empty-item.md:2: title: is required but missing",
          "content/roadmap/empty-item.md:2: summary: is required but missing",
          "content/roadmap/empty-item.md:2: horizon: is required but missing",
          "content/roadmap/empty-item.md:2: status: is required but missing")),
    Case("roadmap-unknown-horizon", "a horizon that is not now, next or later",
         replacing(WIFI, "horizon: next", "horizon: soon"),
         (f"{WIFI}:4: horizon: must be one of: now, next, later (found: 'soon')",)),
    Case("roadmap-status-with-a-space", "'in progress' written with a space: the closest status suggested",
         replacing(WIFI, "status: approved", "status: in progress"),
         (f"{WIFI}:5: status: must be one of: proposed, approved, in-progress, done, dropped; did you mean "
          "'in-progress'? (found: 'in progress')",)),
    Case("roadmap-unknown-department", "a department id that is no file in content/departments/",
         replacing(WIFI, "departments: [life-sciences, estates]", "departments: [life-sciences, estate]"),
         (f"{WIFI}:7: departments[2]: is not a known department id (a department is a file in "
          "content/departments/) (found: 'estate')",)),
    Case("roadmap-department-by-name", "a department written by its name, not its id",
         replacing(WIFI, "departments: [life-sciences, estates]", "departments: Life Sciences"),
         (f"{WIFI}:7: departments: must be lowercase letters and digits in words joined by hyphens",)),
    Case("roadmap-unknown-service", "a service id the catalogue does not have",
         replacing(WIFI, "services: [wifi]", "services: [wifi, wi-fi]"),
         (f"{WIFI}:8: services[2]: is not a known service id (found: 'wi-fi')",)),
    Case("roadmap-quarter-five", "a fifth quarter",
         replacing(WIFI, "quarter: 2027-Q2", "quarter: 2027-Q5"),
         (f"{WIFI}:12: quarter: must be a quarter written YYYY-Qn, like 2027-Q1 (Q1 to Q4) (found: '2027-Q5')",)),
    Case("roadmap-quarter-words", "a quarter written the other way round",
         replacing(WIFI, "quarter: 2027-Q2", "quarter: Q2 2027"),
         (f"{WIFI}:12: quarter: must be a quarter written YYYY-Qn, like 2027-Q1 (Q1 to Q4) (found: 'Q2 2027')",)),
    Case("roadmap-quarter-a-date", "a date where a quarter goes",
         replacing(WIFI, "quarter: 2027-Q2", "quarter: 2027-04-01"),
         (f"{WIFI}:12: quarter: must be a quarter written YYYY-Qn",)),
    Case("roadmap-benefits-not-text", "a benefit that is a mapping, not a line of text",
         replacing(WIFI, "  - Coverage in the cold rooms and basement labs", "  - cold rooms: covered"),
         (f"{WIFI}:11: benefits[2]: must be text (put it in quotes)",)),
    Case("roadmap-unknown-field", "a misspelt field, and a sponsor that is a number, at once",
         replacing(WIFI, "sponsor: Head of Estates and Facilities", "sponser: Head of Estates\nsponsor: 42"),
         (f"{WIFI}:6: sponser: is not a known field; did you mean 'sponsor'?",
          f"{WIFI}:7: sponsor: must be text (put it in quotes) (found: 42)")),
    Case("roadmap-kept-name", "an item called 'department', the address of the department pages",
         item("department.md"),
         ("content/roadmap/department.md:1: id: 'department' is a name the site uses for its own pages",)),
    Case("roadmap-bad-file-name", "a file name with capitals and a space",
         item("Chat Window.md"),
         ("content/roadmap/Chat Window.md:1: id: the file name must be lowercase letters",)),
    Case("roadmap-file-in-a-subfolder", "an item in a subfolder, which is not read",
         item("2027/chat.md"),
         ("content/roadmap/2027/chat.md:1: file: is not read: roadmap items go directly in content/roadmap/",)),
    Case("roadmap-file-not-markdown", "an item saved as .txt, which is not read",
         item("chat.txt"),
         ("content/roadmap/chat.txt:1: file: is not read: roadmap items end in .md (lowercase)",)),
    Case("roadmap-front-matter-not-closed", "front matter without its closing line",
         writing("content/roadmap/chat.md", MINIMAL),
         ("content/roadmap/chat.md:1: front matter: is not closed",)),
]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_roadmap_content_fails_the_build_and_keeps_the_last_good_site(case: Case, good_site: GoodSite,
                                                                          tmp_path: Path) -> None:
    assert_refused(case, good_site, tmp_path)


def shows_on_roadmap(*texts: str, url: str = "roadmap/") -> Callable[[Build], None]:
    def check(build: Build) -> None:
        page = BeautifulSoup(build.page(url), "html.parser").select_one("article")
        assert page is not None
        text = " ".join(page.get_text(" ", strip=True).split())
        for expected in texts:
            assert expected in text, f"{expected!r} not in {text}"
    return check


def escapes_markup(build: Build) -> None:
    page = build.page("roadmap/")
    assert "<b>now</b>" not in page and "&lt;b&gt;now&lt;/b&gt;" in page
    item_page = build.page("roadmap/chat/")
    assert "<script>" not in item_page.split("</h1>")[0].split("<article")[1]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in item_page


ACCEPTED = [
    Accepted("roadmap-markup-in-text", "HTML in a title, summary, sponsor and benefit is text, not markup",
             item("chat.md", MINIMAL.replace("title: Chat with the service desk", 'title: "<script>alert(1)</script>"')
                  .replace("summary: Ask", "summary: <b>now</b> ask") + "sponsor: <i>Head</i>\nbenefits: [<u>x</u>]\n"),
             escapes_markup),
    Accepted("roadmap-only-required-fields", "an item with only the required fields, a quoted quarter elsewhere",
             both(item("chat.md"), replacing(ARCHIVE, "services: [research-data-storage, backups]",
                                             "services: [research-data-storage, backups]\nquarter: '2028-Q1'")),
             shows_on_roadmap("Chat with the service desk", "Target: Q1 2028 (January to March)")),
    Accepted("roadmap-no-items", "no roadmap at all: the page says so, and pipeline services are not nagged",
             lambda project: [path.unlink() for path in (project / "content/roadmap").glob("*.md")]
             + [uncite(project, "roadmap")],
             shows_on_roadmap("Roadmap", "There are no roadmap items here yet.")),
]


@pytest.mark.parametrize("case", ACCEPTED, ids=[case.id for case in ACCEPTED])
def test_odd_but_fine_roadmap_content_builds(case: Accepted, good_site: GoodSite, tmp_path: Path) -> None:
    assert_accepted(case, good_site, tmp_path)
