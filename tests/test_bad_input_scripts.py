"""Bad input: scripts in Markdown bodies, and broken settings, through `mkdocs build` and every command.

A body may hold HTML, but what would run code in readers' browsers (on the page and in the email
edition) is refused, with the line of the tag or link, unless the site sets `allow_scripts: true`;
code samples in fences or backticks are text and build. A broken mkdocs.yml, or an output folder
that cannot be written, ends every `frontdesk` command with a line naming the file, a non-zero exit,
no traceback, and the project as it was.
"""

from __future__ import annotations

import os
import subprocess
import sys
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
    appending,
    assert_accepted,
    assert_refused,
    replacing,
    writing,
)
from bs4 import BeautifulSoup
from conftest import Build, GoodSite, build_env, tree_digest

# Lines of what `appending` adds after a blank line at the end of each file.
VPN_END, ISSUE_END, RESOURCE_END = 68, 52, 23
ADVICE = "; remove it, or set allow_scripts: true"
RUNS = "runs code in readers' browsers" + ADVICE


def body(path: str, text: str) -> Callable[[Path], None]:
    """Add Markdown at the end of a content file's body, after a blank line."""
    return appending(path, "\n" + text + "\n")


def setting(line: str) -> Callable[[Path], None]:
    """Add a line to the Frontdesk settings in mkdocs.yml."""
    return replacing("mkdocs.yml", "    review_after_days: 365", f"    review_after_days: 365\n    {line}")


def both(*breaks: Callable[[Path], None]) -> Callable[[Path], None]:
    def apply(project: Path) -> None:
        for change in breaks:
            change(project)
    return apply


SCRIPT_CASES = [
    Case("scripts-service-script-tag", "a <script> in a service's description",
         body(VPN, "<script>alert(document.cookie)</script>"),
         (f"{VPN}:{VPN_END}: body: <script> {RUNS} (found: '<script>')",)),
    Case("scripts-issue-img-onerror", "an image with an onerror handler inside a paragraph of an issue",
         body(ISSUE, "See the new desks <img src=x onerror=alert(1)> in room 4."),
         (f"{ISSUE}:{ISSUE_END}: body: the onerror attribute {RUNS} (found: '<img src=x onerror=alert(1)>')",)),
    Case("scripts-resource-markdown-javascript-link", "a Markdown link to javascript:",
         body(RESOURCE, "[Download the checklist](javascript:alert(1))"),
         (f"{RESOURCE}:{RESOURCE_END}: body: a javascript: address {RUNS} (found: 'javascript:alert(1)')",)),
    Case("scripts-service-entity-encoded-javascript", "javascript: written with a character reference",
         body(VPN, '<a href="jav&#x61;script:alert(1)">Connect</a>'),
         (f"{VPN}:{VPN_END}: body: a javascript: address {RUNS}",)),
    Case("scripts-issue-obfuscated-javascript", "javascript: in mixed case after a space, and split by a tab",
         body(ISSUE, "[One]( JaVaScRiPt:alert(1)) and\n<a href=\"java&#9;script:alert(2)\">two</a>"),
         (f"{ISSUE}:{ISSUE_END}: body: a javascript: address {RUNS} (found: 'JaVaScRiPt:alert(1)')",
          f"{ISSUE}:{ISSUE_END + 1}: body: a javascript: address {RUNS}")),
    Case("scripts-service-vbscript", "a vbscript: link",
         body(VPN, "<a href='vbscript:msgbox(1)'>Old client</a>"),
         (f"{VPN}:{VPN_END}: body: a vbscript: address {RUNS}",)),
    Case("scripts-resource-data-html-link", "a link to a data: HTML page",
         body(RESOURCE, "[Preview](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"),
         (f"{RESOURCE}:{RESOURCE_END}: body: a data: address that is not a picture can run code in readers' "
          f"browsers{ADVICE}",)),
    Case("scripts-issue-iframe", "an <iframe> in an issue",
         body(ISSUE, '<iframe src="https://video.example/embed/1"></iframe>'),
         (f"{ISSUE}:{ISSUE_END}: body: <iframe> can run code in readers' browsers{ADVICE}",)),
    Case("scripts-resource-svg-script", "a <script> inside inline SVG, three lines into the block",
         body(RESOURCE, '<svg width="10" height="10">\n  <circle r="4"/>\n  <script>alert(1)</script>\n</svg>'),
         (f"{RESOURCE}:{RESOURCE_END + 2}: body: <script> {RUNS}",)),
    Case("scripts-service-svg-onload", "an SVG onload handler after a slash",
         body(VPN, "A map: <svg/onload=alert(1)>"),
         (f"{VPN}:{VPN_END}: body: the onload attribute {RUNS}",)),
    Case("scripts-issue-meta-refresh-and-base", "<meta http-equiv=refresh> and <base> in an issue",
         body(ISSUE, '<meta http-equiv="Refresh" content="0; url=https://evil.example/">\n\n'
                     '<base href="https://evil.example/">'),
         (f"{ISSUE}:{ISSUE_END}: body: <meta http-equiv=\"refresh\"> sends readers to another address{ADVICE}",
          f"{ISSUE}:{ISSUE_END + 2}: body: <base> makes the page load its scripts and links from elsewhere{ADVICE}")),
    Case("scripts-service-object-and-embed", "<object> and <embed> in a service",
         body(VPN, '<object data="client.swf"></object>\n<embed src="client.swf">'),
         (f"{VPN}:{VPN_END}: body: <object> can run code", f"{VPN}:{VPN_END + 1}: body: <embed> can run code")),
    Case("scripts-resource-form-formaction", "a form posting to javascript: with a button's formaction",
         body(RESOURCE, '<form action="javascript:alert(1)">\n<button formaction="javascript:alert(2)">Go</button>\n'
                        "</form>"),
         (f"{RESOURCE}:{RESOURCE_END}: body: a javascript: address {RUNS} "
          "(found: '<form action=\"javascript:alert(1)\">')",
          f"{RESOURCE}:{RESOURCE_END + 1}: body: a javascript: address {RUNS} "
          "(found: '<button formaction=\"javascript:alert(2)\">')")),
    Case("scripts-service-markdown-reference-and-image", "a link reference and an image that lead to javascript:",
         body(VPN, "See [the guide][guide] and ![map](javascript:alert(2)).\n\n[guide]: javascript:alert(1)"),
         (f"{VPN}:{VPN_END}: body: a javascript: address {RUNS} (found: 'javascript:alert(2)')",
          f"{VPN}:{VPN_END + 2}: body: a javascript: address {RUNS} (found: 'javascript:alert(1)')")),
    Case("scripts-issue-attribute-list-onclick", "an attribute list giving a heading an onclick handler",
         body(ISSUE, '## Questions? {: onclick="alert(1)" }'),
         (f"{ISSUE}:{ISSUE_END}: body: the onclick attribute {RUNS}",)),
    Case("scripts-resource-autolink-and-xlink", "a javascript:// autolink and an SVG xlink:href",
         body(RESOURCE, "Open <javascript://%0Aalert(1)> or\n"
                        '<svg><a xlink:href="javascript:alert(2)"><text>this</text></a></svg>'),
         (f"{RESOURCE}:{RESOURCE_END}: body: a javascript: address {RUNS} (found: 'javascript://%0Aalert(1)')",
          f"{RESOURCE}:{RESOURCE_END + 1}: body: a javascript: address {RUNS}")),
    Case("scripts-service-script-in-backticks-inside-html", "backticks inside an HTML block are not code",
         body(VPN, "<div>`<script>alert(1)</script>`</div>"),
         (f"{VPN}:{VPN_END}: body: <script> {RUNS}",)),
    Case("scripts-settings-allow-scripts-not-a-flag", "allow_scripts set to a word",
         setting("allow_scripts: sometimes"),
         ("mkdocs.yml:{line}: extra.frontdesk.allow_scripts: must be true or false (found: 'sometimes')",),
         ("mkdocs.yml", "allow_scripts: sometimes")),
]


def _shows_code_as_text(build: Build) -> None:
    page = BeautifulSoup(build.page("services/vpn/"), "html.parser")
    assert "<script>alert(1)</script>" in [pre.get_text().strip() for pre in page.select("pre")]
    assert "<img src=x onerror=alert(1)>" in [code.get_text() for code in page.select("p > code")]
    assert not [script for script in page.select("script") if "alert" in script.get_text()]
    assert not page.select("img[onerror]")


def _runs_the_teams_script(build: Build) -> None:
    assert "<script>console.log('poll')</script>" in build.page("newsletter/2026/new-starters/")
    assert "<script>console.log('poll')</script>" in build.page("newsletter/2026/new-starters/email.html")


def _shows_the_picture(build: Build) -> None:
    assert 'src="data:image/png;base64,iVBORw0KGgo="' in build.page("resources/spot-the-phish/")


def _keeps_harmless_html(build: Build) -> None:
    page = build.page("services/vpn/")
    assert "<kbd>Ctrl</kbd>" in page and "<summary>Which client?</summary>" in page
    assert "Never open javascript: links" in page


ACCEPTED = [
    Accepted("scripts-code-samples-are-text", "<script> and onerror shown in a fence and in backticks",
             body(VPN, "Do not paste this:\n\n```html\n<script>alert(1)</script>\n```\n\n"
                       "nor `<img src=x onerror=alert(1)>` into a page."),
             _shows_code_as_text),
    Accepted("scripts-allowed-by-the-setting", "allow_scripts: true lets the team's script through",
             both(setting("allow_scripts: true"), body(ISSUE, "<script>console.log('poll')</script>")),
             _runs_the_teams_script),
    Accepted("scripts-data-picture", "a data: PNG picture is only a picture",
             body(RESOURCE, "![A dot](data:image/png;base64,iVBORw0KGgo=)"), _shows_the_picture),
    Accepted("scripts-harmless-html", "HTML that runs nothing, and prose that names javascript:",
             body(VPN, "<details><summary>Which client?</summary>\n\nPress <kbd>Ctrl</kbd>.\n</details>\n\n"
                       "Never open javascript: links, and ignore onclick=\"...\" in emails."),
             _keeps_harmless_html),
]


# --- every command, on a project whose settings are broken --------------------------------------


@dataclass(frozen=True)
class CommandCase:
    """A `frontdesk` command run on a broken copy of the project: refused in one line naming the file."""

    id: str
    description: str
    breaks: Callable[[Path], None]
    command: tuple[str, ...]  # after `frontdesk`; run in the project's folder, with --project
    expected: str  # a fragment of the error; `{line}` is the line of `anchor` in mkdocs.yml, `{project}` its folder
    anchor: str | None = None


def latin_1_settings(project: Path) -> None:
    file = project / "mkdocs.yml"
    file.write_bytes(file.read_bytes().replace(b"team: Fernhill IT", "team: Fernhill Café".encode("latin-1")))


def settings_folder(project: Path) -> None:
    (project / "mkdocs.yml").unlink()
    (project / "mkdocs.yml").mkdir()


def settings_pipe(project: Path) -> None:
    (project / "mkdocs.yml").unlink()
    os.mkfifo(project / "mkdocs.yml")


def no_settings(project: Path) -> None:
    (project / "mkdocs.yml").unlink()


def unchanged(project: Path) -> None:
    pass


NEW = ("new", "service", "Lab equipment booking")
IMPORT = ("stats", "import", "content/stats/vpn.yml", "--format", "generic")

COMMAND_CASES = [
    CommandCase("scripts-settings-unclosed-quote-new", "frontdesk new with a quote never closed in mkdocs.yml",
                replacing("mkdocs.yml", "    team: Fernhill IT", '    team: "Fernhill IT'), NEW,
                "mkdocs.yml:{line}: YAML: is not valid YAML: a quoted value is not closed with its quote mark",
                'team: "Fernhill IT'),
    CommandCase("scripts-settings-tab-indent-schemas", "frontdesk schemas with a tab indenting a setting",
                replacing("mkdocs.yml", "    team: Fernhill IT", "\tteam: Fernhill IT"), ("schemas",),
                "mkdocs.yml:{line}: YAML: is not valid YAML", "\tteam: Fernhill IT"),
    CommandCase("scripts-settings-not-a-mapping-check", "frontdesk check on a mkdocs.yml that is a list",
                writing("mkdocs.yml", "- site_name: Fernhill IT\n- extra: {}\n"), ("check", "--content-only"),
                "mkdocs.yml:1: YAML: must be a mapping of setting names to values"),
    CommandCase("scripts-settings-empty-new-issue", "frontdesk new issue with an empty mkdocs.yml",
                writing("mkdocs.yml", "# nothing yet\n"), ("new", "issue", "Winter opening hours"),
                "mkdocs.yml:1: YAML: is empty"),
    CommandCase("scripts-settings-missing-email", "frontdesk email where there is no mkdocs.yml",
                no_settings, ("email", "new-starters", "--out", "outbox"), "mkdocs.yml:1: file: is missing"),
    CommandCase("scripts-settings-folder-schemas", "frontdesk schemas where mkdocs.yml is a folder",
                settings_folder, ("schemas",), "mkdocs.yml:1: file: must be a file (found: a folder)"),
    CommandCase("scripts-settings-pipe-new", "frontdesk new where mkdocs.yml is a named pipe (it would hang)",
                settings_pipe, NEW, "mkdocs.yml:1: file: must be a file (found: not a regular file)"),
    CommandCase("scripts-settings-latin-1-stats-import", "frontdesk stats import with mkdocs.yml saved as Latin-1",
                latin_1_settings, IMPORT,
                "mkdocs.yml:{line}: file: is not UTF-8 text; save it as UTF-8 (found: byte 0xe9)",
                "team: Fernhill Caf"),
    CommandCase("scripts-settings-bad-email-new", "frontdesk new with a contact_email that is not an address",
                replacing("mkdocs.yml", "contact_email: it-help@fernhill.example", "contact_email: it-help"), NEW,
                "mkdocs.yml:{line}: extra.frontdesk.contact_email: must be an email address", "contact_email: it-help"),
    CommandCase("scripts-settings-env-mapping-schemas", "frontdesk schemas with !ENV given a mapping",
                replacing("mkdocs.yml", '!ENV [SITE_URL, "https://intranet.fernhill.example/it/"]',
                          "!ENV {SITE_URL: x}"), ("schemas",),
                "mkdocs.yml:{line}: YAML: is not valid YAML: !ENV takes a variable name or a list of them",
                "!ENV {SITE_URL: x}"),
    CommandCase("scripts-settings-huge-number-email", "frontdesk email with a number of 5,000 digits",
                setting("feed_size: " + "9" * 5000), ("email", "new-starters", "--out", "outbox"),
                "mkdocs.yml:1: YAML: cannot be read: a value is too long or nested too deeply"),
    CommandCase("scripts-settings-nested-too-deep-check", "frontdesk check with lists nested 20,000 deep",
                appending("mkdocs.yml", "deep: " + "[" * 20000 + "]" * 20000 + "\n"), ("check", "--content-only"),
                "mkdocs.yml:1: YAML: cannot be read: a value is too long or nested too deeply"),
    CommandCase("scripts-settings-schemas-out-is-a-file", "frontdesk schemas --out naming a file",
                unchanged, ("schemas", "--out", "mkdocs.yml"),
                "frontdesk schemas: {project}/mkdocs.yml: File exists"),
    CommandCase("scripts-settings-email-out-is-a-file", "frontdesk email --out naming a file",
                unchanged, ("email", "new-starters", "--out", "mkdocs.yml"),
                "frontdesk email: mkdocs.yml: File exists"),
]

CASES: list[object] = [*SCRIPT_CASES, *COMMAND_CASES]


@pytest.mark.parametrize("case", SCRIPT_CASES, ids=[case.id for case in SCRIPT_CASES])
def test_a_script_in_a_body_fails_the_build_and_keeps_the_last_good_site(case: Case, good_site: GoodSite,
                                                                          tmp_path: Path) -> None:
    assert_refused(case, good_site, tmp_path)


@pytest.mark.parametrize("case", ACCEPTED, ids=[case.id for case in ACCEPTED])
def test_html_that_runs_nothing_or_is_allowed_builds(case: Accepted, good_site: GoodSite, tmp_path: Path) -> None:
    assert_accepted(case, good_site, tmp_path)


def frontdesk(project: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "frontdesk.cli", *args, "--project", str(project)],
                          capture_output=True, text=True, env=build_env(**env), cwd=project, timeout=120)


def project_digest(project: Path) -> dict[str, str]:
    """Every file of the project and its bytes' hash."""
    return {path: value for path, value in tree_digest(project).items() if "__pycache__" not in path}


@pytest.mark.parametrize("case", COMMAND_CASES, ids=[case.id for case in COMMAND_CASES])
def test_a_broken_project_ends_every_command_with_a_line_naming_the_file(case: CommandCase, good_site: GoodSite,
                                                                         tmp_path: Path) -> None:
    project = good_site.copy_project(tmp_path / "project")
    case.breaks(project)
    before = project_digest(project)
    result = frontdesk(project, *case.command)
    output = result.stdout + result.stderr
    line = 1
    if case.anchor is not None:
        line = (project / "mkdocs.yml").read_bytes().decode("utf-8", "replace").split(case.anchor)[0].count("\n") + 1
    expected = case.expected.format(line=line, project=project)
    assert result.returncode == 1, output
    assert expected in result.stderr, output
    assert "Traceback" not in output and "internal error" not in output, output
    assert project_digest(project) == before, f"{case.description}: the project changed"
    assert not (project / "outbox").exists() and not (project / "schemas").exists()


def test_an_error_in_frontdesk_itself_is_one_line_unless_debugging(monkeypatch: pytest.MonkeyPatch,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    from frontdesk import cli

    def broken(args: object) -> int:
        raise KeyError("a bug\nover two lines")

    monkeypatch.setattr(cli, "add_check_command", lambda commands: commands.add_parser("check").set_defaults(
        run=broken, command="check"))
    monkeypatch.delenv("FRONTDESK_DEBUG", raising=False)
    assert cli.main(["check"]) == cli.INTERNAL_ERROR
    error = capsys.readouterr().err
    assert error == ("frontdesk check: internal error (a bug in Frontdesk; FRONTDESK_DEBUG=1 shows where): "
                     "KeyError: 'a bug\\nover two lines'\n")
    monkeypatch.setenv("FRONTDESK_DEBUG", "1")
    with pytest.raises(KeyError):
        cli.main(["check"])
