"""Bad input, all at once: many kinds of broken content, each on its own, through `mkdocs build`.

Every case breaks a fresh copy of the example project in one way and builds it into a copy
of the last good site. The build must fail with a message that names file, line and field,
print no traceback, and leave the last good site exactly as it was. The other
`test_bad_input_*.py` modules add tables of their own; `breaking.py` holds what they share.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from breaking import (
    AUTHORS,
    ISSUE,
    RESOURCE,
    VPN,
    VPN_STATS,
    Case,
    GoodSite,
    appending,
    assert_refused,
    duplicate_issue_slug,
    huge_service,
    issue_with_bad_file_date,
    link_to_passwd,
    linked_folder_outside,
    png_bytes,
    python_tag,
    reencoding,
    replacing,
    resource_file,
    tree_digest,
    writing,
)
from conftest import Build, run_build

CASES = [
    # malformed YAML
    Case("service-unclosed-bracket", "a list opened with [ is never closed",
         replacing(VPN, "audience: [staff, researchers, contractors]", "audience: [staff, researchers, contractors"),
         (f"{VPN}:6: YAML: is not valid YAML: a list opened with '[' is not closed with ']'",)),
    Case("service-bad-indentation", "a field indented deeper than its neighbours",
         replacing(VPN, "  email: network@fernhill.example", "     email: network@fernhill.example"),
         (f"{VPN}:9: YAML: is not valid YAML",)),
    Case("service-tab-indentation", "a tab used to indent a field",
         replacing(VPN, "  team: Network Services", "\tteam: Network Services"),
         (f"{VPN}:8: YAML: is not valid YAML",)),
    Case("authors-malformed-yaml", "authors.yml with an unclosed quote",
         replacing(AUTHORS, "name: Tom Okafor", 'name: "Tom Okafor'),
         (f"{AUTHORS}:7: YAML: is not valid YAML: a quoted value is not closed with its quote mark",)),
    Case("stats-malformed-yaml", "a stats file with an unclosed mapping",
         replacing(VPN_STATS, "  - month: 2025-09", "  - {month: 2025-09"),
         (f"{VPN_STATS}:3: YAML: is not valid YAML: a mapping opened with '{{' is not closed with '}}'",)),
    # front matter
    Case("resource-missing-front-matter", "a resource without front matter",
         writing("content/resources/notes.md", "Just notes, no front matter.\n"),
         ("content/resources/notes.md:1: front matter: is missing",)),
    Case("issue-unclosed-front-matter", "an issue whose front matter is never closed",
         replacing(ISSUE, "services: [accounts-and-passwords, laptops, multi-factor-authentication]\n---",
                   "services: [accounts-and-passwords, laptops, multi-factor-authentication]\n"),
         (f"{ISSUE}:1: front matter: is not closed",)),
    # wrong types
    Case("service-list-where-text", "a list where the title is text",
         replacing(VPN, "title: VPN (remote access)", "title: [VPN, remote access]"),
         (f"{VPN}:2: title: must be text",)),
    Case("service-text-where-number", "text where a service level is a number",
         replacing(VPN, "  availability: 99.5", "  availability: very high"),
         (f"{VPN}:27: service_levels.availability: must be a number", "(found: 'very high')")),
    Case("service-mapping-where-list", "a mapping where the audience is a list",
         replacing(VPN, "audience: [staff, researchers, contractors]", "audience: {staff: yes}"),
         (f"{VPN}:6: audience: must be one of:", "(found: {'staff': True})")),
    Case("stats-text-where-number", "text where a stats count is a number",
         replacing(VPN_STATS, "    incidents: 11", "    incidents: eleven"),
         (f"{VPN_STATS}:5: months[1].incidents: must be a", "(found: 'eleven')")),
    Case("authors-list-where-text", "a list where an author's name is text",
         replacing(AUTHORS, "name: Tom Okafor", "name: [Tom, Okafor]"),
         (f"{AUTHORS}:7: tom-okafor.name: must be text",)),
    Case("settings-text-where-number", "text where the staleness limit is a number",
         replacing("mkdocs.yml", "    stale_after_days: 45", "    stale_after_days: many"),
         ("mkdocs.yml:{line}: extra.frontdesk.stale_after_days: must be a whole number (found: 'many')",),
         ("mkdocs.yml", "stale_after_days: many")),
    Case("settings-bad-phone", "a service desk phone number with letters in it",
         replacing("mkdocs.yml", "phone: 020 7946 0123", "phone: call Fernhill 0123"),
         ("mkdocs.yml:{line}: extra.frontdesk.service_desk.phone: must be a telephone number",),
         ("mkdocs.yml", "phone: call")),
    # unknown fields
    Case("service-unknown-field", "a misspelt field, with a suggestion",
         replacing(VPN, "summary:", "sumary:"),
         (f"{VPN}:3: sumary: is not a known field; did you mean 'summary'?",)),
    Case("stats-unknown-field", "a misspelt stats measurement, with a suggestion",
         replacing(VPN_STATS, "    availability: 99.55", "    availabilty: 99.55"),
         (f"{VPN_STATS}:4: months[1].availabilty: is not a known field; did you mean 'availability'?",)),
    Case("settings-unknown-field", "a misspelt setting, with a suggestion",
         replacing("mkdocs.yml", "    review_after_days: 365", "    reveiw_after_days: 365"),
         ("mkdocs.yml:{line}: extra.frontdesk.reveiw_after_days: is not a known field; "
          "did you mean 'review_after_days'?",), ("mkdocs.yml", "reveiw_after_days")),
    Case("issue-unknown-field", "a misspelt issue field, with a suggestion",
         replacing(ISSUE, "tags:", "tgas:"),
         (f"{ISSUE}:6: tgas: is not a known field; did you mean 'tags'?",)),
    # bad references
    Case("service-unknown-category", "a category the settings do not have",
         replacing(VPN, "category: network", "category: netwrok"),
         (f"{VPN}:4: category: must be one of:", "did you mean 'network'? (found: 'netwrok')")),
    Case("service-unknown-audience", "an audience the settings do not have",
         replacing(VPN, "audience: [staff, researchers, contractors]", "audience: [staff, researcher]"),
         (f"{VPN}:6: audience[2]: must be one of:", "(found: 'researcher')")),
    Case("service-unknown-dependency", "depends_on names a service that does not exist",
         replacing(VPN, "depends_on: [accounts-and-passwords, multi-factor-authentication]",
                   "depends_on: [accounts-and-passwords, multi-factor-authentcation]"),
         (f"{VPN}:31: depends_on[2]: is not a known service id; did you mean 'multi-factor-authentication'?",)),
    Case("issue-unknown-author", "an issue by an author not in authors.yml",
         replacing(ISSUE, "authors: [tom-okafor]", "authors: [tom-okafur]"),
         (f"{ISSUE}:5: authors[1]: is not an author in content/authors.yml (found: 'tom-okafur')",)),
    Case("issue-unknown-featured-service", "an issue featuring a service that does not exist",
         replacing(ISSUE, "services: [accounts-and-passwords, laptops,", "services: [accounts-and-passwords, laptop,"),
         (f"{ISSUE}:8: services[2]: is not a known service id (found: 'laptop')",)),
    Case("resource-unknown-service", "a resource about a service that does not exist",
         replacing(RESOURCE, "services: [phishing-reporting,", "services: [phish-reporting,"),
         (f"{RESOURCE}:6: services[1]: is not a known service id (found: 'phish-reporting')",)),
    # bad dates
    Case("issue-date-not-real", "an issue dated 30 February",
         replacing(ISSUE, "date: 2026-01-19", "date: 2026-02-30"),
         (f"{ISSUE}:3: date: is not a real date",)),
    Case("service-date-day-first", "last_reviewed written day first",
         replacing(VPN, "last_reviewed: 2026-09-14", "last_reviewed: 14/09/2026"),
         (f"{VPN}:24: last_reviewed: must be a date written YYYY-MM-DD", "(found: '14/09/2026')")),
    Case("service-review-in-future", "last_reviewed after today",
         replacing(VPN, "last_reviewed: 2026-09-14", "last_reviewed: 2027-01-14"),
         (f"{VPN}:24: last_reviewed: is in the future",)),
    Case("stats-month-in-future", "a stats month after the current month",
         appending(VPN_STATS, "  - month: 2027-01\n    incidents: 3\n"),
         (f"{VPN_STATS}:133: months[14].month: is in the future (found: '2027-01')",)),
    Case("issue-file-name-bad-date", "an issue file named with 13/45 as its date",
         issue_with_bad_file_date,
         ("newsletter/2026-13-45-new-starters.md:1: file name: must be YYYY-MM-DD-slug.md",)),
    # duplicates
    Case("authors-duplicate-key", "the same author id twice in authors.yml",
         appending(AUTHORS, "tom-okafor:\n  name: Tom Okafor again\n"),
         (f"{AUTHORS}:18: tom-okafor: is given twice",)),
    Case("service-duplicate-key", "the same field twice in a service",
         replacing(VPN, "cost: free", "cost: free\ncost: £5 per month"),
         (f"{VPN}:24: cost: is given twice",)),
    Case("stats-duplicate-month", "the same month twice in a stats file",
         appending(VPN_STATS, "  - month: 2025-09\n    incidents: 3\n"),
         (f"{VPN_STATS}:133: months[14].month: is listed twice (first on line 3) (found: '2025-09')",)),
    Case("issue-duplicate-slug", "two issues with the same slug in one year",
         duplicate_issue_slug,
         ("newsletter/2026-03-02-new-starters.md:1: file name: gives the same address "
          "/newsletter/2026/new-starters/ as newsletter/2026-01-19-new-starters.md",)),
    Case("settings-duplicate-category", "two categories with one id",
         replacing("mkdocs.yml", "      - id: devices", "      - id: network"),
         ("mkdocs.yml:{line}: extra.frontdesk.categories[3].id: is used twice (found: 'network')",),
         ("mkdocs.yml", "      - id: network\n        title: Devices")),
    # files that are not what they claim
    Case("service-huge-file", "a service file over 1 MiB",
         huge_service, ("content/services/huge.md:1: file: is larger than 1024 KiB",)),
    Case("issue-binary-file", "PNG bytes saved as an issue",
         writing("newsletter/2026-04-01-picture.md", png_bytes()),
         ("newsletter/2026-04-01-picture.md:3: file: is not a text file (it contains NUL bytes)",)),
    Case("resource-latin-1", "a resource saved as Latin-1",
         reencoding(RESOURCE, "latin-1", "A one-page guide", "A café guide"),
         (f"{RESOURCE}:3: file: is not UTF-8 text; save it as UTF-8 (found: byte 0xe9)",)),
    Case("stats-utf-16", "a stats file saved as UTF-16",
         reencoding(VPN_STATS, "utf-16", "months:", "months:"),
         (f"{VPN_STATS}:1: file: is UTF-16 text",)),
    # links and tags that reach outside
    Case("service-symlink-to-passwd", "a service file that is a link to /etc/passwd",
         link_to_passwd, ("content/services/passwords.md:1: file: links to a place outside the project",)),
    Case("service-symlinked-folder-outside", "a folder in content/services linking outside the project",
         linked_folder_outside, ("content/services/more:1: file: links to a place outside the project",)),
    Case("stats-python-tag", "a YAML tag that would run a command",
         python_tag, (f"{VPN_STATS}:2: label: YAML tags are not allowed (found: !!python/object/apply:os.system)",)),
    Case("issue-image-outside", "an issue image reaching out with ../",
         replacing(ISSUE, "image: images/new-starters.png", "image: ../../etc/passwd"),
         (f"{ISSUE}:7: image: must be a path inside newsletter/, without '..' or a leading '/'",)),
    Case("resource-file-dot-dot", "a resource file reaching out with ../",
         resource_file("files/../../../mkdocs.yml"),
         (f"{RESOURCE}:5: file: must be a path inside content/resources/files/",)),
    Case("resource-file-absolute", "a resource file given as an absolute path",
         resource_file("/etc/passwd"),
         (f"{RESOURCE}:5: file: must be a path inside content/resources/files/",)),
    # HTML an author leaves open would swallow the sections a page adds after the text
    Case("service-unclosed-div", "a <div> in a service's description is never closed",
         appending(VPN, '\n<div class="note">\n\nUnfinished thought\n'),
         (f"{VPN}:68: body: the HTML block <div> is never closed",)),
    Case("issue-unclosed-details", "a <details> in an issue is never closed",
         appending(ISSUE, "\n<details>\n<summary>More</summary>\n\nText\n"),
         (f"{ISSUE}:52: body: the HTML block <details> is never closed",)),
    # ids that would become paths
    Case("service-bad-id", "a service file name that is not an id",
         writing("content/services/Bad Name.md", "---\ntitle: x\n---\n"),
         ("content/services/Bad Name.md:1: id: the file name must be lowercase letters",)),
]



@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input_fails_the_build_and_keeps_the_last_good_site(case: Case, good_site: GoodSite,
                                                                tmp_path: Path) -> None:
    assert_refused(case, good_site, tmp_path)


def all_tables() -> list[object]:
    """The cases of every bad-input table: this module's and the `test_bad_input_*.py` modules'."""
    cases: list[object] = []
    for module_file in sorted(Path(__file__).parent.glob("test_bad_input*.py")):
        module = importlib.import_module(module_file.stem)
        listed = getattr(module, "CASES", []) + getattr(module, "ACCEPTED", [])
        cases += listed + [case for case in getattr(module, "COMMAND_CASES", []) if case not in listed]
    return cases


def test_the_tables_cover_every_kind_of_content() -> None:
    cases = all_tables()
    ids = [case.id for case in cases]  # type: ignore[attr-defined]
    assert len(ids) >= 100  # the hostile-input issue asks for at least 100 kinds
    assert len(set(ids)) == len(ids), "two cases share an id"
    touched = " ".join(ids)
    for kind in ("service", "stats", "issue", "authors", "resource", "settings"):
        assert f"{kind}-" in touched, kind


def test_a_bom_and_windows_line_endings_are_not_an_error(good_site: GoodSite, tmp_path: Path) -> None:
    """The control case: a file saved by Notepad (BOM, CRLF) builds like any other."""
    project = good_site.copy_project(tmp_path / "project")
    for path in (VPN, VPN_STATS, AUTHORS, ISSUE, RESOURCE):
        file = project / path
        file.write_bytes(b"\xef\xbb\xbf" + file.read_bytes().replace(b"\n", b"\r\n"))
    build: Build = run_build(project, tmp_path / "site")
    assert build.returncode == 0, build.output
    assert "problem" not in build.output
    assert tree_digest(build.site) == good_site.digest

