"""`frontdesk check` reports what a strict build fails on by the file an author edits, also when the
build's error already names that file (as Frontdesk's own errors do), and only once."""

from __future__ import annotations

import subprocess
from pathlib import Path

from conftest import FRONTDESK_COMMAND, build_env, copy_project
from frontdesk.cli.check import build_problems, logged_messages
from frontdesk.core.problems import Problem

VPN = "content/services/vpn.md"
NOT_PLACED = ("Frontdesk's sections could not be placed after the text (found: part 1, 2 missing); is an HTML "
              "block in the text left open, such as a <div> without its </div>?")
# A hook someone added that wraps a page's text in a box, leaving the box open: a page's sections
# then go missing though the service's own text is fine.
WRAPPING_HOOK = '''
def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri == "services/vpn.md":
        return '<div class="box">\\n' + markdown
    return markdown
'''


def body_line(project: Path, path: str) -> int:
    """The first line after a content file's front matter."""
    return project.joinpath(path).read_text("utf-8").split("\n").index("---", 1) + 2


def problems_in(log: str, project: Path, known: frozenset[str] = frozenset()) -> list[Problem]:
    sources = {"services/vpn.md": VPN}
    return build_problems(logged_messages(log), project, sources, set(known))


def test_a_plugin_error_naming_a_content_file_is_reported_in_that_file_and_once(project: Path) -> None:
    log = ("INFO    -  Building documentation to directory: /tmp/x\n"
           "ERROR   -  Error reading page 'services/vpn.md':\n"
           f"ERROR   -  {VPN}: body: {NOT_PLACED}\n"
           "\n"
           "Aborted with a BuildError!\n")
    assert problems_in(log, project) == [Problem(VPN, body_line(project, VPN), "body", NOT_PLACED)]


def test_a_message_with_file_line_field_and_found_value_keeps_each(project: Path) -> None:
    log = f"ERROR   -  {VPN}:5: lifecycle: must be one of: pipeline, live (found: 'bogus')\n"
    assert problems_in(log, project) == [Problem(VPN, 5, "lifecycle", "must be one of: pipeline, live", "'bogus'")]


def test_every_problem_of_a_content_error_is_reported_without_its_heading(project: Path) -> None:
    log = ("ERROR   -  Frontdesk found 2 problems in the content:\n"
           f"{VPN}:5: lifecycle: must be one of: pipeline, live, retiring, retired (found: 'bogus')\n"
           f"{VPN}:23: cost: must be 'free' or a price with its unit (found: 12)\n"
           "\n"
           "Aborted with a BuildError!\n")
    assert problems_in(log, project) == [
        Problem(VPN, 5, "lifecycle", "must be one of: pipeline, live, retiring, retired", "'bogus'"),
        Problem(VPN, 23, "cost", "must be 'free' or a price with its unit", "12")]


def test_an_error_that_names_no_file_is_reported_in_the_page_mkdocs_named(project: Path) -> None:
    log = ("ERROR   -  Error reading page 'services/vpn.md': the box is too small\n"
           "ERROR   -  Error building page 'about.md':\n"
           "ERROR   -  Template 'x.html' not found\n"
           "ERROR   -  Config value 'theme': Unrecognised theme name: 'nope'.\n")
    assert problems_in(log, project) == [
        Problem(VPN, 1, "build", "the box is too small"),
        Problem("docs/about.md", 1, "build", "Template 'x.html' not found"),
        Problem("mkdocs.yml", 1, "build", "Config value 'theme': Unrecognised theme name: 'nope'.")]


def test_a_message_naming_a_file_that_is_not_in_the_project_is_left_as_it_is(project: Path) -> None:
    log = "WARNING -  content/services/nothing.md: body: something\n"
    assert problems_in(log, project) == [
        Problem("mkdocs.yml", 1, "build", "content/services/nothing.md: body: something")]


def test_known_warnings_are_left_to_check_itself(project: Path) -> None:
    warning = f"{VPN}:24: last_reviewed: review overdue (found: 2025-09-30)"
    assert problems_in(f"WARNING -  {warning}\n", project, frozenset({warning})) == []


def test_frontdesk_check_names_the_service_whose_sections_a_build_could_not_place(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "hooks/wrap_pages.py").write_text(WRAPPING_HOOK, "utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace(
        "  - hooks/frontdesk_hooks.py\n", "  - hooks/frontdesk_hooks.py\n  - hooks/wrap_pages.py\n"), "utf-8")
    result = subprocess.run([FRONTDESK_COMMAND, "check", "--project", str(project)],
                            capture_output=True, text=True, env=build_env(), timeout=600)
    assert result.returncode == 1, result.stdout + result.stderr
    problems = [line for line in result.stderr.splitlines() if not line.startswith(("Frontdesk found", "warning:",
                                                                                      "frontdesk check:"))]
    assert len(problems) == 1, result.stderr
    assert problems[0].startswith(f"{VPN}:{body_line(project, VPN)}: body: Frontdesk's sections could not be "
                                  "placed after the text (found: part 1, "), result.stderr
