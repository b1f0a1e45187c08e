"""Bad values: what check accepts must build, so every field is checked by the rules of the code that uses it.

Each case below once passed `frontdesk check` and then crashed the build, or changed what it showed:
bodies nested deeper than Markdown can render, dates outside what the charts, feeds and sitemap can
hold, numbers no chart can draw or sum can add, email addresses mail systems read differently, web
addresses no browser can follow, YAML escapes that are not characters, a fixed clock past the end of
the sitemap's calendar. Each is now refused before anything is written, naming file, line and field,
and the last good site stays as it was. `ACCEPTED` holds values at the edges that must still build.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from email import message_from_bytes
from email.header import decode_header, make_header
from pathlib import Path

import pytest
from breaking import (
    ISSUE,
    RESOURCE,
    VPN,
    VPN_STATS,
    Accepted,
    Case,
    appending,
    assert_accepted,
    assert_refused,
    replacing,
)
from conftest import FRONTDESK_COMMAND, Build, GoodSite, build_env, run_build, tree_digest

SETTINGS_EMAIL = "    contact_email: it-help@fernhill.example"


def nested_list(depth: int) -> str:
    """A list `depth` levels deep, each item inside the one before."""
    return "\n" + "".join("    " * level + f"- level {level + 1}\n" for level in range(depth))


def issue_dated(day: str, written: str) -> Callable[[Path], None]:
    """Move the new-starters issue to another day: its file name and its `date` field."""
    def move(project: Path) -> None:
        file = project / ISSUE
        file.write_text(file.read_text("utf-8").replace("date: 2026-01-19", f"date: {written}", 1), "utf-8")
        file.rename(project / "newsletter" / f"{day}-new-starters.md")
    return move


def eml_from(build: Build) -> str:
    """The From header of the new-starters issue's ready-to-send message, as a mail client decodes it."""
    raw = (build.site / "newsletter/2026/new-starters/new-starters.eml").read_bytes()
    return str(make_header(decode_header(message_from_bytes(raw)["From"])))


@dataclass(frozen=True)
class NowCase:
    """A fixed clock (FRONTDESK_NOW) no build can be at: the build, check and every command refuse it
    in one line naming the variable."""

    id: str
    description: str
    value: str
    expected: str  # the problem, as `environment:1: FRONTDESK_NOW: ...`


BUILD_CASES = [
    # bodies nested deeper than Python-Markdown can render (it runs out of stack near 250 levels)
    Case("values-service-list-300-deep", "a list nested 300 deep in a service's description",
         appending(VPN, nested_list(300)),
         (f"{VPN}:367: body: lists, quotes or notes are nested more than 50 deep, deeper than Markdown can "
          "render; flatten them (found: 300 levels)",)),
    Case("values-issue-html-60-deep", "HTML blocks with Markdown inside, nested 60 deep, in an issue",
         appending(ISSUE, "\n" + '<div markdown="1">\n\n' * 60 + "Deep.\n\n" + "</div>\n\n" * 60),
         (f"{ISSUE}:170: body: HTML elements are nested more than 50 deep, deeper than Markdown can render; "
          "flatten them (found: 60 levels)",)),
    Case("values-resource-emphasis-1000-deep", "emphasis inside emphasis, 1,000 deep, in a resource",
         appending(RESOURCE, "\n" + "*a " * 1000 + "b" + " c*" * 1000 + "\n"),
         (f"{RESOURCE}:23: body: emphasis marks are nested more than 50 deep", "(found: 1000 levels)")),
    Case("values-issue-one-line-list-600-deep", "a list marker repeated 600 times on one line of an issue",
         appending(ISSUE, "\n" + "- " * 600 + "deep\n"),
         (f"{ISSUE}:52: body: lists, quotes or notes are nested more than 50 deep", "(found: 600 levels)")),
    # dates outside what the charts, feeds and calendars can show
    Case("values-stats-month-year-1", "a stats month in year 1 (the 12-month chart reaches year 0)",
         replacing(VPN_STATS, "  - month: 2025-09", "  - month: 0001-05"),
         (f"{VPN_STATS}:3: months[1].month: must be a month from 1970-01 to 9998-12 (found: '0001-05')",)),
    Case("values-service-reviewed-year-1", "a service last reviewed in year 1",
         replacing(VPN, "last_reviewed: 2026-09-14", "last_reviewed: 0001-01-01"),
         (f"{VPN}:24: last_reviewed: must be a date from 1970-01-01 to 9998-12-31 (found: '0001-01-01')",)),
    Case("values-issue-dated-year-9999", "an issue dated on the last day of year 9999",
         issue_dated("9999-12-31", "9999-12-31 23:59"),
         ("newsletter/9999-12-31-new-starters.md:3: date: must be a date from 1970-01-01 to 9998-12-31 "
          "(found: '9999-12-31 23:59')",)),
    Case("values-resource-until-year-9999", "a resource available until the last day of year 9999",
         replacing(RESOURCE, "kind: guide", "kind: guide\navailable_until: 9999-12-31"),
         (f"{RESOURCE}:5: available_until: must be a date from 1970-01-01 to 9998-12-31",)),
    # numbers no chart can draw and no sum can add
    Case("values-stats-hours-1.7e308", "a median response time of 1.7e+308 hours (the chart drew inf and nan)",
         replacing(VPN_STATS, "    first_response_hours: 2.9", "    first_response_hours: 1.7e+308"),
         (f"{VPN_STATS}:8: months[1].first_response_hours: must be at most 8,784 (found: 1.7e+308)",)),
    Case("values-stats-incidents-400-digits", "a count of incidents 400 digits long (too large for a float)",
         replacing(VPN_STATS, "    incidents: 11", "    incidents: 1" + "0" * 400),
         (f"{VPN_STATS}:5: months[1].incidents: must be at most 10,000,000 (found: 1000",)),
    Case("values-service-target-hours-huge", "a service level target of 1e300 hours",
         replacing(VPN, "  resolution_hours: 16", "  resolution_hours: 1.0e+300"),
         (f"{VPN}:29: service_levels.resolution_hours: must be at most 8,784 (found: 1e+300)",)),
    Case("values-settings-review-days-huge", "review_after_days beyond what a date can count",
         replacing("mkdocs.yml", "    review_after_days: 365", "    review_after_days: 1000000000000"),
         ("mkdocs.yml:{line}: extra.frontdesk.review_after_days: must be at most 3,660 (found: 1000000000000)",),
         ("mkdocs.yml", "review_after_days: 1000000000000")),
    # email addresses as the email edition's From header reads them
    Case("values-settings-contact-double-dot", "a contact address with two dots in a row",
         replacing("mkdocs.yml", SETTINGS_EMAIL, "    contact_email: it..help@fernhill.example"),
         ("mkdocs.yml:{line}: extra.frontdesk.contact_email: is not an address mail systems accept: local-part "
          "is not dot-atom, quoted-string, or obs-local-part (found: 'it..help@fernhill.example')",),
         ("mkdocs.yml", "contact_email: it..help")),
    Case("values-settings-contact-comment", "a contact address with a comment that mail systems drop",
         replacing("mkdocs.yml", SETTINGS_EMAIL, "    contact_email: it(help)@fernhill.example"),
         ("mkdocs.yml:{line}: extra.frontdesk.contact_email: would be read by mail systems as "
          "'it@fernhill.example' (found: 'it(help)@fernhill.example')",),
         ("mkdocs.yml", "contact_email: it(help)")),
    Case("values-settings-team-encoded-word", "a team name mail systems decode as another name in the From header",
         replacing("mkdocs.yml", "    team: Fernhill IT", '    team: "=?utf-8?q?Payroll?="'),
         ("mkdocs.yml:{line}: extra.frontdesk.team: names the sender of the email edition, and would be read by "
          "mail systems as 'Payroll' (found: '=?utf-8?q?Payroll?=')",),
         ("mkdocs.yml", "team: \"=?utf-8")),
    Case("values-service-owner-email-accented", "an owner's address with an accented letter before the @",
         replacing(VPN, "  email: network@fernhill.example", "  email: réseau@fernhill.example"),
         (f"{VPN}:9: owner.email: must be written in ASCII for mail systems",)),
    Case("values-service-mailto-double-dot", "a support channel mailto: address with two dots in a row",
         replacing(VPN, "url: mailto:it-help@fernhill.example", "url: mailto:it..help@fernhill.example"),
         (f"{VPN}:19: support.channels[3].url: must be an absolute address",)),
    # web addresses no browser can follow, and time zones that are folders
    Case("values-service-url-broken-ipv6", "a request address with an IPv6 host never closed",
         replacing(VPN, "  url: https://help.fernhill.example/catalogue/vpn", "  url: https://[2001:db8::1/vpn"),
         (f"{VPN}:21: request.url: must be an absolute address starting with https: or http: "
          "(found: 'https://[2001:db8::1/vpn')",)),
    Case("values-service-url-port-out-of-range", "a link to a port above 65535",
         replacing(VPN, "url: https://help.fernhill.example/kb/vpn-windows",
                   "url: https://help.fernhill.example:99999/kb/vpn-windows"),
         (f"{VPN}:34: links[1].url: must be an absolute address",)),
    Case("values-service-timezone-folder", "a support time zone that names a folder of the time zone database",
         replacing(VPN, "  timezone: Europe/London", "  timezone: Europe"),
         (f"{VPN}:12: support.timezone: must be a time zone name such as Europe/London or UTC (found: 'Europe')",)),
    # paths with a NUL: no file has one, and the operating system cannot look one up
    Case("values-resource-file-nul", "a resource's file path with a NUL character (\\0)",
         replacing(RESOURCE, "file: files/spot-the-phish.pdf", 'file: "files/spot-the-phish\\0.pdf"'),
         (f"{RESOURCE}:5: file: must be a path of printable characters (found: 'files/spot-the-phish\\x00.pdf')",)),
    Case("values-issue-image-nul", "an issue's cover image path with a NUL character (\\0)",
         replacing(ISSUE, "image: images/new-starters.png", 'image: "images/new-starters\\0.png"'),
         (f"{ISSUE}:7: image: must be a path of printable characters",)),
    # YAML escapes that are half a character: no page, feed or email can hold them (LibYAML's parser
    # refuses the escape itself; the pure-Python one reads it, and the reader refuses it)
    Case("values-service-title-half-character", "a title with the YAML escape \\ud800",
         replacing(VPN, "title: VPN (remote access)", 'title: "VPN \\ud800 (remote access)"'),
         (f"{VPN}:2: ", "escape")),
]

NOW_CASES = [
    NowCase("values-now-year-9999", "the clock fixed at the last day of year 9999", "9999-12-31",
            "environment:1: FRONTDESK_NOW: must be a day from 1970-01-01 to 2106-02-07 in the site's time zone "
            "(found: '9999-12-31')"),
    NowCase("values-now-after-2106", "the clock fixed after the sitemap's last day", "2106-02-08T12:00:00+00:00",
            "environment:1: FRONTDESK_NOW: must be a day from 1970-01-01 to 2106-02-07"),
    NowCase("values-now-offset-past-9999", "a moment whose offset moves it past year 9999",
            "9999-12-31T23:00:00-05:00", "environment:1: FRONTDESK_NOW: must be a day from 1970-01-01"),
    NowCase("values-now-before-1970", "the clock fixed before 1970", "1969-07-20",
            "environment:1: FRONTDESK_NOW: must be a day from 1970-01-01 to 2106-02-07"),
    NowCase("values-now-not-a-date", "the clock fixed at words", "next tuesday",
            "environment:1: FRONTDESK_NOW: must be a date or date and time in ISO 8601 form"),
]

CASES: list[Case | NowCase] = [*BUILD_CASES, *NOW_CASES]

ACCEPTED = [
    Accepted("values-service-list-50-deep", "a list nested 50 deep (the limit) builds and shows its deepest item",
             appending(VPN, nested_list(50)),
             lambda build: _assert_in("level 50", build.page("services/vpn/"))),
    Accepted("values-stats-hours-at-limit", "a median response of 8,784 hours (the most allowed) is drawn",
             replacing(VPN_STATS, "    first_response_hours: 4.1", "    first_response_hours: 8784"),
             lambda build: _assert_finite_chart(build.page("services/vpn/"), "8,784 hours")),
    Accepted("values-stats-month-1970", "a stats month in January 1970 (the first allowed) builds; the charts "
             "still end with the newest month",
             replacing(VPN_STATS, "  - month: 2025-09", "  - month: 1970-01"),
             lambda build: _assert_in("Oct 2026", build.page("services/vpn/"))),
    Accepted("values-settings-team-japanese", "a team name in Japanese reaches the email's From header unchanged",
             replacing("mkdocs.yml", "    team: Fernhill IT", "    team: 情報システム部 ヘルプデスク チーム"),
             lambda build: _assert_in("情報システム部 ヘルプデスク チーム <it-help@fernhill.example>",
                                      eml_from(build))),
    Accepted("values-settings-contact-plus", "a contact address with a + tag reaches the From header unchanged",
             replacing("mkdocs.yml", SETTINGS_EMAIL, "    contact_email: it-help+news@fernhill.example"),
             lambda build: _assert_in("<it-help+news@fernhill.example>", eml_from(build))),
]


def _assert_in(expected: str, text: str) -> None:
    assert expected in text, f"{expected!r} is not shown"


def _assert_finite_chart(page: str, shown: str) -> None:
    """The page shows a figure, and its charts draw only numbers."""
    _assert_in(shown, page)
    charts = re.findall(r"<svg.*?</svg>", page, re.S)
    assert charts and not any(re.search(r"\b(?:nan|inf)\b", chart) for chart in charts), "a chart draws nan or inf"


@pytest.mark.parametrize("case", BUILD_CASES, ids=[case.id for case in BUILD_CASES])
def test_bad_values_fail_the_build_and_keep_the_last_good_site(case: Case, good_site: GoodSite,
                                                               tmp_path: Path) -> None:
    assert_refused(case, good_site, tmp_path)


@pytest.mark.parametrize("case", ACCEPTED, ids=[case.id for case in ACCEPTED])
def test_values_at_the_edges_build(case: Accepted, good_site: GoodSite, tmp_path: Path) -> None:
    assert_accepted(case, good_site, tmp_path)


def _frontdesk(project: Path, now: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([FRONTDESK_COMMAND, *args, "--project", str(project)], capture_output=True, text=True,
                          env=build_env(FRONTDESK_NOW=now), cwd=project, timeout=300, check=False)


@pytest.mark.parametrize("case", NOW_CASES, ids=[case.id for case in NOW_CASES])
def test_a_clock_no_build_can_be_at_is_refused_by_every_command(case: NowCase, good_site: GoodSite,
                                                                 tmp_path: Path) -> None:
    project = good_site.copy_project(tmp_path / "project")
    site = tmp_path / "site"
    shutil.copytree(good_site.site, site, symlinks=True)
    build = run_build(project, site, FRONTDESK_NOW=case.value)
    assert build.returncode != 0 and case.expected in build.output, build.output
    assert "Traceback" not in build.output, build.output
    assert tree_digest(site) == good_site.digest, "the last good site changed"
    before = sorted(p.relative_to(project).as_posix() for p in project.rglob("*"))
    export = tmp_path / "export.csv"
    export.write_text("id,service,opened\nT1,vpn,2026-10-01T08:00:00\n", "utf-8")
    for command in (["check"], ["check", "--content-only"], ["new", "service", "Lab booking"],
                    ["email", "new-starters", "--out", str(tmp_path / "out")],
                    ["stats", "import", str(export), "--format", "generic"]):
        done = _frontdesk(project, case.value, *command)
        output = done.stdout + done.stderr
        assert done.returncode == 1, f"frontdesk {' '.join(command)}: {output}"
        assert case.expected in output and "Traceback" not in output, f"frontdesk {' '.join(command)}: {output}"
        assert [line for line in output.splitlines() if "FRONTDESK_NOW" in line] == [
            line for line in output.splitlines() if line.startswith("environment:1: FRONTDESK_NOW: ")], output
    assert sorted(p.relative_to(project).as_posix() for p in project.rglob("*")) == before, "a command wrote a file"
    assert not (tmp_path / "out").exists()


def test_the_build_clock_may_be_fixed_at_the_last_day_the_sitemap_can_date(good_site: GoodSite,
                                                                            tmp_path: Path) -> None:
    """The control case: the last day allowed builds (non-strict: every stats file is stale by then)."""
    project = good_site.copy_project(tmp_path / "project")
    build = run_build(project, tmp_path / "site", FRONTDESK_NOW="2106-02-07T23:59:59+00:00")
    assert build.returncode == 0, build.output
    assert (tmp_path / "site/sitemap.xml.gz").is_file()
    assert "<lastmod>2106-02-07</lastmod>" in (tmp_path / "site/sitemap.xml").read_text("utf-8")

