"""Bad input in incidents and planned maintenance (content/incidents/, content/maintenance/).

Refused cases build over a copy of the last good site (see breaking.py): a clean refusal naming
`path:line: field`, every problem at once, the last good site untouched. Accepted cases build with
--strict and say what the status page must show. The build's clock is FIXED_NOW (2026-11-23 09:00 UTC).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from breaking import Accepted, Case, assert_accepted, assert_refused, replacing, writing
from bs4 import BeautifulSoup
from conftest import Build, GoodSite

OPEN = "content/incidents/2026-11-23-mfa-slow.md"
RESOLVED = "content/incidents/2026-11-10-vpn-outage.md"
MONTHLY = "content/maintenance/2026-12-05-email-patching.md"
ONE_OFF = "content/maintenance/2026-11-28-file-storage-move.md"


def incident(name: str, front: str, body: str = "What happened.") -> Callable[[Path], None]:
    """A new incident file with this front matter."""
    return writing(f"content/incidents/{name}.md", f"---\n{front.strip()}\n---\n{body}\n")


def maintenance(name: str, front: str) -> Callable[[Path], None]:
    """A new maintenance file with this front matter."""
    return writing(f"content/maintenance/{name}.md", f"---\n{front.strip()}\n---\nSave your work first.\n")


def both(*breaks: Callable[[Path], None]) -> Callable[[Path], None]:
    def apply(project: Path) -> None:
        for one in breaks:
            one(project)
    return apply


WIFI_INCIDENT = """
title: Wi-Fi drops in the library
services: [wifi]
impact: partial-outage
started: 2026-11-20 10:00
"""
WIFI_WORK = """
title: New Wi-Fi access points
services: [wifi]
start: 2026-11-25 18:00
end: 2026-11-25 20:00
impact: outage
"""

CASES = [
    Case("status-incident-in-the-future", "an incident that starts after the build's clock",
         replacing(OPEN, "started: 2026-11-23 07:50", "started: 2026-11-23 10:50"),
         (f"{OPEN}:5: started: is in the future (the build's clock says 2026-11-23 09:00)",)),
    Case("status-resolved-before-started", "resolved before it started",
         replacing(RESOLVED, "resolved: 2026-11-10 10:40", "resolved: 2026-11-10 07:40"),
         (f"{RESOLVED}:6: resolved: is before started (2026-11-10 08:05) (found: '2026-11-10 07:40')",)),
    Case("status-updates-out-of-order", "an update older than the one above it",
         replacing(RESOLVED, "at: 2026-11-10 09:10", "at: 2026-11-10 08:10"),
         (f"{RESOLVED}:11: updates[2].at: is before the update above it (2026-11-10 08:20); updates go oldest "
          "first",)),
    Case("status-update-after-resolved", "an update after the incident was resolved",
         replacing(RESOLVED, "resolved: 2026-11-10 10:40", "resolved: 2026-11-10 10:30"),
         (f"{RESOLVED}:17: updates[4].at: is after the incident was resolved (2026-11-10 10:30)",)),
    Case("status-update-in-the-future", "an update of an open incident dated after the build's clock",
         replacing(OPEN, "at: 2026-11-23 08:40", "at: 2026-11-23 09:40"),
         (f"{OPEN}:10: updates[2].at: is in the future",)),
    Case("status-unknown-service-and-impact", "every problem at once: an unknown service and impact",
         both(replacing(OPEN, "services: [multi-factor-authentication]", "services: [multi-factor, vpn]"),
              replacing(OPEN, "impact: degraded", "impact: slow")),
         (f"{OPEN}:3: services[1]: is not a known service id (found: 'multi-factor')",
          f"{OPEN}:4: impact: must be one of: degraded, partial-outage, major-outage (found: 'slow')")),
    Case("status-resolved-stage-while-open", "an update says resolved, the incident has no resolved time",
         replacing(OPEN, "stage: identified", "stage: resolved"),
         (f"{OPEN}:11: updates[2].stage: says resolved, but the incident has no 'resolved' time",)),
    Case("status-incident-no-time", "a start without a time of day",
         replacing(OPEN, "started: 2026-11-23 07:50", "started: 2026-11-23"),
         (f"{OPEN}:5: started: must be a date and time written YYYY-MM-DD HH:MM (found: '2026-11-23')",)),
    Case("status-incident-bad-file-name", "an incident file not named by date and slug",
         incident("wifi-drops", WIFI_INCIDENT),
         ("content/incidents/wifi-drops.md:1: file: the file name must be the date, then a slug",)),
    Case("status-incident-same-address", "two incidents of one year with one slug",
         incident("2026-03-02-vpn-outage", WIFI_INCIDENT),
         ("content/incidents/2026-11-10-vpn-outage.md:1: file: has the same address as "
          "content/incidents/2026-03-02-vpn-outage.md (/status/incidents/2026/vpn-outage/)",)),
    Case("status-maintenance-end-before-start", "a window that ends before it starts",
         replacing(ONE_OFF, "end: 2026-11-28 22:00", "end: 2026-11-28 16:00"),
         (f"{ONE_OFF}:5: end: must be after start (2026-11-28 18:00) (found: '2026-11-28 16:00')",)),
    Case("status-repeat-without-end", "a repeat rule with neither COUNT nor UNTIL",
         replacing(MONTHLY, "repeat: FREQ=MONTHLY;BYDAY=1SA;COUNT=12", "repeat: FREQ=MONTHLY;BYDAY=1SA"),
         (f"{MONTHLY}:7: repeat: must end: give COUNT (how many times) or UNTIL (the last date)",)),
    Case("status-repeat-not-rrule", "a repeat rule icalendar cannot parse",
         replacing(MONTHLY, "FREQ=MONTHLY;BYDAY=1SA", "FREQ=MONTHLY;BYDAY=FIRST-SATURDAY"),
         (f"{MONTHLY}:7: repeat: is not an iCalendar repeat rule (RFC 5545)",)),
    Case("status-repeat-too-often", "a window repeating every minute",
         replacing(MONTHLY, "FREQ=MONTHLY;BYDAY=1SA;COUNT=12", "FREQ=MINUTELY;COUNT=1000"),
         (f"{MONTHLY}:7: repeat: must repeat at most daily",)),
    Case("status-repeat-until-before-start", "a repeat rule that ends before the first window",
         replacing(MONTHLY, "BYDAY=1SA;COUNT=12", "BYDAY=1SA;UNTIL=20261101T000000Z"),
         (f"{MONTHLY}:7: repeat: ends (UNTIL) before the first window starts",)),
    Case("status-repeat-unknown-part", "a repeat rule with a part RFC 5545 does not have",
         replacing(MONTHLY, "BYDAY=1SA;COUNT=12", "BYDAY=1SA;COUNT=12;EVERY=SATURDAY"),
         (f"{MONTHLY}:7: repeat: has a part RFC 5545 does not know: EVERY",)),
    Case("status-repeat-backwards", "a repeat rule with a negative interval",
         replacing(MONTHLY, "BYDAY=1SA;COUNT=12", "BYDAY=1SA;COUNT=12;INTERVAL=-1"),
         (f"{MONTHLY}:7: repeat: INTERVAL must be from 1 to 1000",)),
    Case("status-repeat-cannot-expand", "a repeat rule icalendar reads but cannot expand",
         replacing(MONTHLY, "BYDAY=1SA;COUNT=12", "BYMONTHDAY=31;COUNT=3;BYSETPOS=400"),
         (f"{MONTHLY}:7: repeat: cannot be expanded into windows:",)),
    Case("status-maintenance-unknown-impact", "a maintenance impact from the incident list, and a missing end",
         maintenance("2026-11-25-wifi", WIFI_WORK.replace("impact: outage", "impact: major-outage")
                     .replace("end: 2026-11-25 20:00\n", "")),
         ("content/maintenance/2026-11-25-wifi.md:2: end: is required but missing",
          "content/maintenance/2026-11-25-wifi.md:5: impact: must be one of: none, degraded, outage; "
          "did you mean 'outage'? (found: 'major-outage')")),
]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_status_content_fails_the_build_and_keeps_the_last_good_site(case: Case, good_site: GoodSite,
                                                                         tmp_path: Path) -> None:
    assert_refused(case, good_site, tmp_path)


def status_text(build: Build, selector: str = "article") -> str:
    found = BeautifulSoup(build.page("status/"), "html.parser").select_one(selector)
    assert found is not None
    return " ".join(found.get_text(" ").split())


def shows_on_status(*fragments: str, selector: str = "article") -> Callable[[Build], None]:
    def check(build: Build) -> None:
        text = status_text(build, selector)
        for fragment in fragments:
            assert fragment in text, f"missing {fragment!r} in {text}"
    return check


def escapes_markup(build: Build) -> None:
    page = build.page("status/incidents/2026/wifi-drops/")
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>wifi</b>" not in build.page("status/")


def keeps_summer_time(build: Build) -> None:
    page = build.page("status/maintenance/2026/wifi-offset/")
    assert "Wednesday 25 November 2026, 19:00" in page  # 18:00 at UTC-1 is 19:00 in London (UTC in winter)


ACCEPTED = [
    Accepted("status-incident-with-offset", "a start written with its own offset is shown in the site's time zone",
             incident("2026-11-20-wifi-drops", WIFI_INCIDENT.replace("2026-11-20 10:00", "2026-11-20T10:00+01:00")),
             shows_on_status("Wi-Fi drops in the library Partial outage", "Started Friday 20 November 2026, 09:00")),
    Accepted("status-incident-markup-in-text", "HTML in a title and an update is text, not markup",
             incident("2026-11-20-wifi-drops", WIFI_INCIDENT.replace("Wi-Fi drops in the library",
                                                                     '"<script>alert(1)</script>"') +
                      "updates:\n  - at: 2026-11-20 10:05\n    stage: investigating\n    text: <b>wifi</b> down\n"),
             escapes_markup),
    Accepted("status-maintenance-offset", "a maintenance start with an offset lands at the right local time",
             maintenance("2026-11-25-wifi-offset", WIFI_WORK.replace("2026-11-25 18:00", "2026-11-25T18:00-01:00")
                         .replace("2026-11-25 20:00", "2026-11-25T20:00-01:00")),
             keeps_summer_time),
    Accepted("status-maintenance-until", "a repeat rule ending with UNTIL, and an update on the minute it started",
             both(replacing(MONTHLY, "BYDAY=1SA;COUNT=12", "BYDAY=1SA;UNTIL=20270301T000000Z"),
                  replacing(OPEN, "at: 2026-11-23 08:05", "at: 2026-11-23 07:50")),
             shows_on_status("Monthly email server updates")),
    Accepted("status-no-status-content", "no incidents or maintenance at all: every service operational",
             lambda project: [path.unlink() for folder in ("incidents", "maintenance")
                              for path in (project / "content" / folder).glob("*.md")],
             shows_on_status("Every service is working as it should.", "No open incidents.",
                             "No maintenance planned in the next 14 days.")),
]


@pytest.mark.parametrize("case", ACCEPTED, ids=[case.id for case in ACCEPTED])
def test_odd_but_fine_status_content_builds(case: Accepted, good_site: GoodSite, tmp_path: Path) -> None:
    assert_accepted(case, good_site, tmp_path)
