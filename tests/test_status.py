"""Service status (issue 13): /status/, incident and maintenance pages, banners, feeds and calendars.

The example holds a resolved VPN incident with a review, an open degraded MFA incident (email needs
MFA; phishing reporting needs email), a monthly email maintenance (RRULE) and a one-off file storage
outage window. Builds run by the fixed clock, 2026-11-23 09:00 UTC, unless a test moves it.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import icalendar
import pytest
import recurring_ical_events
from bs4 import BeautifulSoup
from conftest import Build, copy_project, run_build

LONDON = ZoneInfo("Europe/London")
SITE = "https://intranet.fernhill.example/it/"


def soup(build: Build, url: str) -> BeautifulSoup:
    return BeautifulSoup(build.page(url), "html.parser")


def text(build: Build, url: str, selector: str = "article") -> str:
    found = soup(build, url).select_one(selector)
    assert found is not None, f"{url}: nothing matches {selector}"
    return " ".join(found.get_text(" ").split())


@pytest.fixture(scope="module")
def during_outage(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The example built while file storage is down for its move (28 November, 19:00)."""
    project = copy_project(tmp_path_factory.mktemp("outage") / "project")
    build = run_build(project, project.parent / "site", "--strict", FRONTDESK_NOW="2026-11-28T19:00:00+00:00")
    assert build.returncode == 0, build.output
    return build


def test_the_status_page_says_what_is_wrong_now_and_what_is_planned(example_build: Build) -> None:
    page = text(example_build, "status/")
    assert "Status as of 09:00 on 23 November 2026" in page
    assert "Sign-in approvals arriving slowly Degraded" in page
    # The latest update of an open incident comes first.
    assert "Identified (Monday 23 November 2026, 08:40): Our authentication provider" in page
    assert "File storage moves to new servers : Saturday 28 November 2026, 18:00–22:00 (unavailable)" in page
    assert "Monthly email server updates : Saturday 5 December 2026, 07:00–09:00" in page
    assert "May be affected: needs Email and calendar, which needs Multi-factor authentication (MFA)." in page
    assert "VPN unavailable for staff working from home (major outage)" in page  # resolved in the last 90 days
    nav = text(example_build, "status/", "nav.md-tabs")
    assert "Status" in nav


def test_each_service_has_a_light_ninety_day_strip_and_a_table_of_its_bad_days(example_build: Build) -> None:
    page = soup(example_build, "status/")
    vpn = page.select_one("#service-vpn")
    assert vpn is not None
    svg = vpn.select_one("svg.fd-strip")
    assert svg is not None and svg.has_attr("data-search-exclude")
    assert [path["class"] for path in svg.select("path")] == [["fd-strip--operational"], ["fd-strip--major-outage"]]
    assert svg["aria-label"] == "Last 90 days: 89 days operational, 1 day major outage"
    rows = [[cell.get_text() for cell in row.select("td")] for row in vpn.select("tbody tr")]
    assert rows == [["10 November 2026", "Major outage"]]
    assert len(page.select("svg.fd-strip")) == len(page.select(".fd-status__service"))
    assert not page.select("article script")


def test_the_history_follows_the_builds_clock(tmp_path: Path) -> None:
    # 100 days later the VPN outage has left the 90-day strip.
    project = copy_project(tmp_path / "project")
    build = run_build(project, tmp_path / "site", FRONTDESK_NOW="2027-03-03T12:00:00+00:00")
    assert build.returncode == 0, build.output
    vpn = soup(build, "status/").select_one("#service-vpn svg")
    assert vpn is not None and vpn["aria-label"] == "Last 90 days: 90 days operational"
    assert "Status as of 12:00 on 3 March 2027" in text(build, "status/")


def test_incident_pages_show_the_timeline_newest_first_and_the_review(example_build: Build) -> None:
    page = text(example_build, "status/incidents/2026/vpn-outage/")
    assert "Resolved Tuesday 10 November 2026, 10:40" in page
    order = [page.index(stage) for stage in ("Resolved ·", "Monitoring ·", "Identified ·", "Investigating ·")]
    assert order == sorted(order)
    assert "Post-incident review" in page and "renew automatically 30 days before" in page
    open_page = text(example_build, "status/incidents/2026/mfa-slow/")
    assert "Open: identified (as of 09:00)" in open_page and "Summary" in open_page


def test_maintenance_pages_list_the_next_windows(example_build: Build) -> None:
    page = text(example_build, "status/maintenance/2026/email-patching/")
    assert "FREQ=MONTHLY;BYDAY=1SA;COUNT=12" in page
    assert "Saturday 5 December 2026, 07:00–09:00 Saturday 2 January 2027, 07:00–09:00" in page
    assert "What you should do" in page


def test_service_pages_carry_banners_with_the_way_to_the_affected_service(example_build: Build) -> None:
    mfa = text(example_build, "services/multi-factor-authentication/", ".fd-status-banner")
    assert "Degraded now Sign-in approvals arriving slowly (degraded; identified at 08:40)" in mfa
    email = text(example_build, "services/email-and-calendar/", ".fd-status-banner")
    assert "May be affected: needs Multi-factor authentication (MFA) (degraded)." in email
    assert "Planned: Monthly email server updates" in email
    phishing = text(example_build, "services/phishing-reporting/", ".fd-status-banner")
    assert "needs Email and calendar, which needs Multi-factor authentication (MFA)" in phishing
    assert not soup(example_build, "services/desk-phones/").select(".fd-status-banner")
    # A degraded service is no outage: the home page stays quiet.
    assert not soup(example_build, "").select(".fd-status-banner")


def test_an_outage_window_reaches_the_home_page_and_leaves_when_it_ends(during_outage: Build,
                                                                        tmp_path: Path) -> None:
    home = text(during_outage, "", ".fd-status-banner")
    assert "Outages now File storage and sharing : under maintenance" in home
    assert "Under maintenance" in text(during_outage, "status/", "#service-file-storage")
    project = copy_project(tmp_path / "project")
    after = run_build(project, tmp_path / "site", FRONTDESK_NOW="2026-11-28T23:00:00+00:00")
    assert after.returncode == 0, after.output
    assert not soup(after, "").select(".fd-status-banner")
    assert not soup(after, "services/file-storage/").select(".fd-status-banner")


def test_maintenance_stays_off_banners_until_its_notice_period(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("    stale_after_days: 45\n",
                                                        "    stale_after_days: 45\n    maintenance_notice_days: 3\n"),
                      "utf-8")
    build = run_build(project, tmp_path / "site", "--strict")
    assert build.returncode == 0, build.output
    assert not soup(build, "services/file-storage/").select(".fd-status-banner")  # five days ahead
    assert "No maintenance planned in the next 3 days." in text(build, "status/")


def test_the_feeds_carry_every_incident_update_and_notice_with_stable_ids(example_build: Build) -> None:
    for name in ("feed.xml", "atom.xml"):
        feed = feedparser.parse((example_build.site / "status" / name).read_bytes())
        assert not feed.bozo, feed.bozo_exception
        ids = [entry.id for entry in feed.entries]
        assert ids[0] == f"{SITE}status/incidents/2026/mfa-slow/#update-202611230840"
        assert f"{SITE}status/incidents/2026/vpn-outage/" in ids
        assert f"{SITE}status/maintenance/2026/file-storage-move/" in ids
        assert f"{SITE}status/maintenance/2026/email-patching/" in ids
        assert len(ids) == len(set(ids)) == 2 + 6 + 2
        assert all(entry.published_parsed for entry in feed.entries)
    home = soup(example_build, "")
    assert home.select_one('link[rel~=alternate][type="application/rss+xml"][href$="status/feed.xml"]') is not None
    assert home.select_one('link[rel~=alternate][type="application/atom+xml"][href$="status/atom.xml"]') is not None
    assert "status/maintenance.ics" in text(example_build, "status/", ".fd-subscribe")


def _calendar(build: Build, path: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical((build.site / path).read_bytes())


def test_the_calendars_expand_to_the_windows_staff_expect(example_build: Build) -> None:
    calendar = _calendar(example_build, "status/maintenance.ics")
    events = calendar.walk("VEVENT")
    assert sorted(str(e["UID"]) for e in events) == [
        "2026-11-28-file-storage-move@intranet.fernhill.example", "2026-12-05-email-patching@intranet.fernhill.example"]
    assert [e["DTSTAMP"].dt for e in events] == [datetime(2026, 11, 23, 9, tzinfo=ZoneInfo("UTC"))] * 2
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/London"
    found = recurring_ical_events.of(calendar).between(datetime(2026, 11, 1, tzinfo=LONDON),
                                                       datetime(2027, 4, 1, tzinfo=LONDON))
    starts = sorted((e["DTSTART"].dt, str(e["SUMMARY"])) for e in found)
    assert [s for s, _ in starts] == [
        datetime(2026, 11, 28, 18, tzinfo=LONDON), datetime(2026, 12, 5, 7, tzinfo=LONDON),
        datetime(2027, 1, 2, 7, tzinfo=LONDON), datetime(2027, 2, 6, 7, tzinfo=LONDON),
        datetime(2027, 3, 6, 7, tzinfo=LONDON)]
    # Summer time: the April window is still at 07:00 in London (06:00 UTC).
    april = recurring_ical_events.of(calendar).at((2027, 4, 3))
    assert [e["DTSTART"].dt.astimezone(ZoneInfo("UTC")).hour for e in april] == [6]
    everything = recurring_ical_events.of(calendar).between(datetime(2026, 1, 1), datetime(2029, 1, 1))
    assert len(everything) == 1 + 12  # COUNT=12 ends the series
    rrule = next(e for e in events if "RRULE" in e)["RRULE"]
    assert rrule.to_ical() == b"FREQ=MONTHLY;COUNT=12;BYDAY=1SA"


def test_each_service_has_its_own_calendar(example_build: Build) -> None:
    email = _calendar(example_build, "services/email-and-calendar/maintenance.ics")
    assert [str(e["SUMMARY"]) for e in email.walk("VEVENT")] == ["Monthly email server updates"]
    quiet = _calendar(example_build, "services/desk-phones/maintenance.ics")
    assert quiet.walk("VEVENT") == []


def test_an_issues_email_edition_lists_the_maintenance_of_the_next_fortnight(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    issue = project / "newsletter/2026-11-16-holiday-cover.md"
    issue.write_text(issue.read_text("utf-8").replace("draft: true\n", ""), "utf-8")
    build = run_build(project, tmp_path / "site")
    assert build.returncode == 0, build.output
    folder = build.site / "newsletter/2026/holiday-cover"
    email = BeautifulSoup((folder / "email.html").read_text("utf-8"), "html.parser")
    text = " ".join(email.get_text(" ").split())
    # 16 to 30 November: the file storage move, not the email updates of 5 December.
    assert "Planned maintenance in the next 14 days File storage moves to new servers " \
           "Saturday 28 November 2026, 18:00–22:00" in text
    assert "Monthly email server updates" not in text
    link = email.find("a", string="File storage moves to new servers")
    assert link is not None and link["href"] == f"{SITE}status/maintenance/2026/file-storage-move/"
    message = (folder / "holiday-cover.eml").read_bytes()
    assert b"Planned maintenance in the next 14 days" in message
    # An older issue's fortnight holds no maintenance, and its edition says nothing of it.
    older = (build.site / "newsletter/2026/wifi-upgrade/email.html").read_text("utf-8")
    assert "Planned maintenance" not in older


NOVEMBER = "  - month: 2026-11\n    incidents: 9\n    requests: 40\n    resolved: 47\n"


def _november_without_availability(project: Path, *service_ids: str) -> None:
    for service_id in service_ids:
        path = project / "content/stats" / f"{service_id}.yml"
        path.write_text(path.read_text("utf-8") + NOVEMBER, "utf-8")


def test_availability_the_stats_do_not_give_is_computed_from_incidents(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    _november_without_availability(project, "vpn", "file-storage")
    build = run_build(project, tmp_path / "site", "--strict", FRONTDESK_NOW="2026-12-02T09:00:00+00:00")
    assert build.returncode == 0, build.output
    # 155 minutes of major outage (10 November, 08:05-10:40) in November's 43,200 minutes.
    panel = text(build, "services/vpn/", ".fd-figure[data-measure=availability]")
    assert "99.64%" in panel and "November 2026" in panel and "computed from incidents" in panel
    row = soup(build, "stats/").find("a", string="VPN (remote access)")
    assert row is not None
    cell = " ".join(row.find_parent("tr").get_text(" ").split())
    assert "99.64% Nov 2026" in cell and "computed from incidents" in cell
    # The file storage outage was planned maintenance: it does not count, by default.
    storage = text(build, "services/file-storage/", ".fd-figure[data-measure=availability]")
    assert "100%" in storage and "computed from incidents" in storage
    # Months the stats file gives keep their figure, unmarked.
    october = soup(build, "stats/").find("a", string="Backups and restores").find_parent("tr")
    assert "computed" not in october.get_text()


def test_maintenance_counts_against_availability_when_the_setting_says_so(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    _november_without_availability(project, "file-storage")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace(
        "    stale_after_days: 45\n", "    stale_after_days: 45\n    maintenance_counts_against_availability: true\n"),
        "utf-8")
    build = run_build(project, tmp_path / "site", "--strict", FRONTDESK_NOW="2026-12-02T09:00:00+00:00")
    assert build.returncode == 0, build.output
    storage = text(build, "services/file-storage/", ".fd-figure[data-measure=availability]")
    assert "99.44%" in storage  # four hours of the month
