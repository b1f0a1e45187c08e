"""Bad input in listening content: actions (content/actions/), departments (content/departments/), and the
`departments` of issues and resources and the `booking_url` of authors.

Refused cases build over a copy of the last good site (see breaking.py): a clean refusal naming
`path:line: field`, every problem at once, the last good site untouched. Accepted cases build with
--strict and say what the pages must show.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from breaking import AUTHORS, Accepted, Case, assert_accepted, assert_refused, replacing, writing
from bs4 import BeautifulSoup
from conftest import Build, GoodSite

VPN_ACTION = "content/actions/finance-vpn-month-end.md"
FINANCE = "content/departments/finance.md"
ISSUE = "newsletter/2026-03-16-printing-changes.md"
RESOURCE = "content/resources/travel-security-checklist.md"

ACTION = """said: The printers on the third floor jam every morning.
did: We replaced them.
status: done
date: 2026-11-20
"""


def action(name: str, front: str, body: str = "") -> Callable[[Path], None]:
    """A new action file with this front matter (its fields start on line 2)."""
    return writing(f"content/actions/{name}.md", f"---\n{front.strip()}\n---\n{body}\n")


def department(name: str, front: str) -> Callable[[Path], None]:
    """A new department file with this front matter (its fields start on line 2)."""
    return writing(f"content/departments/{name}.md", f"---\n{front.strip()}\n---\n")


def both(*breaks: Callable[[Path], None]) -> Callable[[Path], None]:
    def apply(project: Path) -> None:
        for one in breaks:
            one(project)
    return apply


CASES = [
    Case("action-unknown-field", "a misspelt field name",
         action("jams", ACTION.replace("status: done", "stauts: done")),
         ("content/actions/jams.md:4: stauts: is not a known field; did you mean 'status'?",
          "content/actions/jams.md:2: status: is required but missing")),
    Case("action-bad-status", "a status that is not planned, in-progress or done",
         replacing(VPN_ACTION, "status: done", "status: finished"),
         (f"{VPN_ACTION}:4: status: must be one of: planned, in-progress, done (found: 'finished')",)),
    Case("action-missing-said-and-bad-date", "every problem at once: no 'said', a date that is no date",
         action("jams", ACTION.replace("said: The printers on the third floor jam every morning.\n", "")
                .replace("date: 2026-11-20", "date: 20/11/2026")),
         ("content/actions/jams.md:2: said: is required but missing",
          "content/actions/jams.md:4: date: must be a date written YYYY-MM-DD (found: '20/11/2026')")),
    Case("action-done-in-the-future", "a done action dated after the build's day",
         action("jams", ACTION.replace("date: 2026-11-20", "date: 2026-12-20")),
         ("content/actions/jams.md:5: date: is after today (2026-11-23); a done action is dated when it was done",)),
    Case("action-unknown-department-and-service", "a department and a service that do not exist",
         action("jams", ACTION + "departments: [finanse]\nservices: [printers]\n"),
         ("content/actions/jams.md:6: departments[1]: is not a department in content/departments/; did you mean "
          "'finance'? (found: 'finanse')",
          "content/actions/jams.md:7: services[1]: is not a known service id; did you mean 'printing'? (found: "
          "'printers')")),
    Case("action-unknown-issue", "an issue named by its title's slug, not its file name",
         replacing(VPN_ACTION, "departments: [finance]", "departments: [finance]\nissue: wifi-upgrade"),
         (f"{VPN_ACTION}:8: issue: is not a newsletter issue (a file name in newsletter/ without .md)"
          "; did you mean '2026-11-02-wifi-upgrade'? (found: 'wifi-upgrade')",)),
    Case("action-unknown-survey-and-roadmap", "a survey round and a roadmap item that do not exist",
         action("jams", ACTION + "survey: 2025-winter\nroadmap: new-printers\n"),
         ("content/actions/jams.md:6: survey: is not a survey round in content/surveys/ (found: '2025-winter')",
          "content/actions/jams.md:7: roadmap: is not a roadmap item in content/roadmap/ (found: 'new-printers')")),
    Case("action-text-not-text", "'did' given as a list",
         action("jams", ACTION.replace("did: We replaced them.", "did: [replaced, them]")),
         ("content/actions/jams.md:3: did: must be text",)),
    Case("action-bad-file-name", "an action file whose name is not an id",
         action("Printer Jams", ACTION),
         ("content/actions/Printer Jams.md:1: id: the file name must be lowercase letters",)),
    Case("action-not-markdown", "an action saved as .txt",
         writing("content/actions/jams.txt", "---\n" + ACTION + "---\n"),
         ("content/actions/jams.txt:1: file: is not read: action files end in .md (lowercase)",)),
    Case("department-unknown-manager", "a relationship manager who is not an author",
         replacing(FINANCE, "relationship_manager: tom-okafor", "relationship_manager: tom-okafur"),
         (f"{FINANCE}:3: relationship_manager: is not an author in content/authors.yml; did you mean "
          "'tom-okafor'? (found: 'tom-okafur')",)),
    Case("department-missing-name-unknown-service", "every problem at once: no name, an unknown service",
         department("library", "relationship_manager: amira-haddad\nservices: [wifi, catalogue]"),
         ("content/departments/library.md:2: name: is required but missing",
          "content/departments/library.md:3: services[2]: is not a known service id (found: 'catalogue')")),
    Case("department-objectives-not-a-list-of-text", "an objective given as a mapping",
         department("library", "name: Library\nrelationship_manager: amira-haddad\nobjectives:\n  - goal: more study "
                    "space"),
         ("content/departments/library.md:5: objectives[1]: must be text",)),
    Case("department-unknown-field", "a 'manager' field instead of relationship_manager",
         department("library", "name: Library\nmanager: amira-haddad"),
         ("content/departments/library.md:3: manager: is not a known field",
          "content/departments/library.md:2: relationship_manager: is required but missing")),
    Case("department-kept-name", "a department called index, the listing's own address",
         department("index", "name: Index\nrelationship_manager: amira-haddad"),
         ("content/departments/index.md:1: id: 'index' is a name the site uses for its own pages",)),
    Case("department-in-a-subfolder", "a department file in a subfolder",
         department("science/chemistry", "name: Chemistry\nrelationship_manager: ravi-menon"),
         ("content/departments/science/chemistry.md:1: file: is not read: department files go directly in "
          "content/departments/",)),
    Case("issue-unknown-department", "an issue for a department that does not exist",
         replacing(ISSUE, "departments: [finance, estates]", "departments: [finance, estate]"),
         (f"{ISSUE}:9: departments[2]: is not a department in content/departments/; did you mean 'estates'? "
          "(found: 'estate')",)),
    Case("resource-unknown-department", "a resource for a department that does not exist",
         replacing(RESOURCE, "departments: [finance]", "departments: accounts"),
         (f"{RESOURCE}:8: departments: is not a department in content/departments/ (found: 'accounts')",)),
    Case("authors-booking-url-not-a-web-address", "a booking_url that is not an https: address",
         replacing(AUTHORS, "booking_url: https://intranet.fernhill.example/bookings/tom-okafor",
                   "booking_url: bookings/tom-okafor"),
         (f"{AUTHORS}:10: tom-okafor.booking_url: must be an absolute address starting with https: or http:",)),
]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_listening_content_fails_the_build_and_keeps_the_last_good_site(case: Case, good_site: GoodSite,
                                                                            tmp_path: Path) -> None:
    assert_refused(case, good_site, tmp_path)


def page_text(build: Build, url: str) -> str:
    found = BeautifulSoup(build.page(url), "html.parser").select_one("article")
    assert found is not None
    return " ".join(found.get_text(" ").split())


def escapes_markup(build: Build) -> None:
    for url in ("you-said-we-did/", "", "services/printing/", "departments/", "departments/finance/"):
        page = build.page(url)
        assert "<script>alert(1)</script>" not in page, url
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in build.page("you-said-we-did/")
    assert "&lt;b&gt;Finance&lt;/b&gt;" in build.page("departments/")


def nothing_to_list(build: Build) -> None:
    assert "No actions yet." in page_text(build, "you-said-we-did/")
    assert "No departments are listed yet." in page_text(build, "departments/")
    assert "You said, we did" not in page_text(build, "")


def planned_with_a_draft_issue(build: Build) -> None:
    text = page_text(build, "you-said-we-did/")
    assert "Printers everywhere" in text and "In the newsletter" not in text.split("Printers everywhere")[1]


ACCEPTED = [
    Accepted("action-markup-in-text", "HTML in what people said, and in a department's name, is text",
             both(action("jams", ACTION.replace("The printers on the third floor jam every morning.",
                                                '"<script>alert(1)</script>"')
                         + "services: [printing]\ndepartments: [finance]\n"),
                  replacing(FINANCE, "name: Finance", 'name: "<b>Finance</b>"')),
             escapes_markup),
    Accepted("listening-none", "no actions, departments, survey rounds or roadmap items at all",
             lambda project: [path.unlink() for folder in ("actions", "departments", "surveys", "roadmap")
                              for path in (project / "content" / folder).glob("*.*")]
             + [(project / path).write_text((project / path).read_text("utf-8").replace(line, ""), "utf-8")
                for path, line in ((ISSUE, "departments: [finance, estates]\n"),
                                   ("newsletter/2026-05-11-cluster-expansion.md", "departments: [life-sciences]\n"),
                                   ("newsletter/2026-12-07-winter-shutdown.md", "departments: [estates]\n"),
                                   (RESOURCE, "departments: [finance]\n"),
                                   ("content/resources/data-management-plan-template.md",
                                    "departments: [life-sciences]\n"),
                                   ("content/resources/slurm-introduction-workshop.md",
                                    "departments: [life-sciences]\n"),
                                   ("content/resources/new-starter-it-checklist.md",
                                    "departments: [human-resources]\n"))],
             nothing_to_list),
    Accepted("action-citing-a-scheduled-issue", "a planned action citing an issue not out yet builds, unlinked",
             action("printers", ACTION.replace("The printers on the third floor jam every morning.",
                                               "Printers everywhere are slow.").replace("status: done",
                                                                                        "status: planned")
                    + "issue: 2026-12-07-winter-shutdown\n"),
             planned_with_a_draft_issue),
]


@pytest.mark.parametrize("case", ACCEPTED, ids=[case.id for case in ACCEPTED])
def test_odd_but_fine_listening_content_builds(case: Accepted, good_site: GoodSite, tmp_path: Path) -> None:
    assert_accepted(case, good_site, tmp_path)
