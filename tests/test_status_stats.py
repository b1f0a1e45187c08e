"""Availability from incidents on the built pages (issue 13): every computed figure marked in words with a
key saying what that means, the organisation's figure saying how many of its services' figures were
computed, and planned outage shown apart, counted only when the setting says so.

The project is the example, built on 2 December 2026, with a November the VPN's and file storage's stats
files give no availability for: the VPN had a major outage (10 November, 155 minutes) and, in this
project, a planned outage window of 2 hours 30 minutes on 14 November.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup, Tag
from conftest import Build, copy_project, run_build
from frontdesk.stats.pages import Headlines, computed_note, duration_text
from frontdesk.stats.stats import MonthlyStats, ServiceStats
from frontdesk.status.availability import with_computed_availability
from frontdesk.status.maintenance import Maintenance

NOW = "2026-12-02T09:00:00+00:00"
NOVEMBER = "  - month: 2026-11\n    incidents: 9\n    requests: 40\n    resolved: 47\n"
VPN_WORK = """---
title: VPN gateways replaced
services: [vpn]
start: 2026-11-14 22:00
end: 2026-11-15 00:30
impact: outage
---
Remote access is unavailable while the gateways are swapped.
"""
COUNTING = "    stale_after_days: 45\n    maintenance_counts_against_availability: true\n"


def _project(target: Path, counting: bool = False) -> Path:
    project = copy_project(target)
    for service_id in ("vpn", "file-storage"):
        path = project / "content/stats" / f"{service_id}.yml"
        path.write_text(path.read_text("utf-8") + NOVEMBER, "utf-8")
    (project / "content/maintenance/2026-11-14-vpn-gateways.md").write_text(VPN_WORK, "utf-8")
    if counting:
        config = project / "mkdocs.yml"
        config.write_text(config.read_text("utf-8").replace("    stale_after_days: 45\n", COUNTING), "utf-8")
    return project


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Build:
    folder = tmp_path_factory.mktemp("computed")
    build = run_build(_project(folder / "project"), folder / "site", "--strict", FRONTDESK_NOW=NOW)
    assert build.returncode == 0, build.output
    return build


def soup(build: Build, url: str) -> BeautifulSoup:
    return BeautifulSoup(build.page(url), "html.parser")


def words(element: Tag | None) -> str:
    assert element is not None
    return " ".join(element.get_text(" ").split())


def prose(element: Tag | None) -> str:
    """A paragraph's text as read: inline elements run on."""
    assert element is not None
    return " ".join(element.get_text().split())


def dashboard_row(page: BeautifulSoup, title: str) -> Tag:
    link = page.find("a", string=title)
    assert isinstance(link, Tag)
    row = link.find_parent("tr")
    assert row is not None
    return row


def availability_cell(row: Tag) -> str:
    return words(row.select("td")[1])  # after the category


def test_each_computed_figure_says_so_in_words_with_a_key(built: Build) -> None:
    dashboard = soup(built, "stats/")
    vpn = availability_cell(dashboard_row(dashboard, "VPN (remote access)"))
    assert vpn.startswith("99.64% Nov 2026") and "computed from incidents" in vpn
    # A figure the stats file gives is not marked.
    assert "computed" not in availability_cell(dashboard_row(dashboard, "Backups and restores"))
    key = prose(dashboard.select_one(".fd-sources"))
    assert "Computed from incidents: the stats file gives no availability for that month" in key
    assert "without a partial or major outage" in key and "Planned maintenance does not count against it" in key

    panel = soup(built, "services/vpn/")
    figure = words(panel.select_one(".fd-figure[data-measure=availability]"))
    assert "99.64%" in figure and "computed from incidents" in figure
    rows = {words(row.th): words(row) for row in panel.select(".fd-stats-table tbody tr")}
    assert "99.64% computed from incidents" in rows["Nov 2026"]
    assert "computed" not in rows["Oct 2026"]
    assert "Computed from incidents: the stats file gives no availability" in prose(panel.select_one(".fd-sources"))
    # The marks are text, not a tooltip: no title attribute carries them.
    assert not panel.select(".fd-computed[title]") and not dashboard.select(".fd-computed[title]")


def test_the_organisations_availability_says_how_many_figures_were_computed(built: Build) -> None:
    headline = words(soup(built, "stats/").select_one(".fd-headline[data-figure=availability]"))
    assert "availability across services November 2026" in headline
    assert "2 of 2 services' availability computed from incidents" in headline
    home = words(soup(built, "").select_one(".fd-headline[data-figure=availability]"))
    assert home.startswith("99.8% availability across services")
    assert home.endswith("2 of 2 services' availability computed from incidents")


def test_planned_outage_is_shown_apart_and_not_counted(built: Build) -> None:
    panel = soup(built, "services/vpn/")
    figure = words(panel.select_one(".fd-figure[data-measure=availability]"))
    assert "Planned outage: 2 h 30 min, not counted" in figure  # 99.64% is the 155 minutes of incident alone
    rows = {words(row.th): words(row) for row in panel.select(".fd-stats-table tbody tr")}
    assert "Planned outage: 2 h 30 min, not counted" in rows["Nov 2026"]
    assert "Planned outage" not in rows["Oct 2026"]
    key = prose(panel.select_one(".fd-sources"))
    assert "Planned outage: how long planned maintenance made the service unavailable" in key
    assert '"Not counted": a figure computed from incidents leaves it out' in key
    storage = availability_cell(dashboard_row(soup(built, "stats/"), "File storage and sharing"))
    assert storage == "100% Nov 2026 met computed from incidents Planned outage: 4 h, not counted"
    # A service without planned outage shows none, and its page needs no key for it.
    phones = soup(built, "services/desk-phones/")
    assert not phones.select(".fd-planned") and not phones.select(".fd-sources")


def test_planned_outage_counts_when_the_setting_says_so(tmp_path: Path) -> None:
    build = run_build(_project(tmp_path / "project", counting=True), tmp_path / "site", "--strict",
                      FRONTDESK_NOW=NOW)
    assert build.returncode == 0, build.output
    panel = soup(build, "services/vpn/")
    figure = words(panel.select_one(".fd-figure[data-measure=availability]"))
    # 155 minutes of outage and 150 of planned work in November's 43,200 minutes.
    assert "99.29%" in figure and "Planned outage: 2 h 30 min, counted" in figure
    key = prose(panel.select_one(".fd-sources"))
    assert "Planned maintenance counts against it too" in key
    assert '"Counted": a figure computed from incidents includes it' in key


def test_durations_and_the_count_of_computed_figures_read_as_people_write_them() -> None:
    assert [duration_text(m) for m in (45, 60, 150, 240, 1501)] == ["45 min", "1 h", "2 h 30 min", "4 h", "25 h 1 min"]
    one = Headlines(date(2026, 11, 1), 10, 10, 1, 2.0, 99.9, 1, None, 0, None, 0, 0, availability_computed=1)
    assert computed_note(one) == "1 of 1 service's availability computed from incidents"
    many = replace(one, availability_services=14, availability_computed=3)
    assert computed_note(many) == "3 of 14 services' availability computed from incidents"
    assert computed_note(replace(one, availability_computed=0)) == ""


def test_planned_outage_is_split_at_month_ends_and_overlaps_count_once() -> None:
    london = ZoneInfo("Europe/London")
    months = tuple(MonthlyStats(date(2026, m, 1), availability=99.9) for m in (9, 10, 11))
    stats = {"vpn": ServiceStats("vpn", "content/stats/vpn.yml", months, {r.month: r for r in months})}

    def work(start: datetime, end: datetime, impact: str = "outage", repeat: str | None = None) -> Maintenance:
        return Maintenance(start.date(), f"w{start:%m%d%H}", "x.md", "Work", ("vpn",), start, end, impact, repeat)

    maintenance = [
        # 22:00 on 31 October to 02:00 on 1 November: two hours in each month (GMT by then).
        work(datetime(2026, 10, 31, 22, tzinfo=london), datetime(2026, 11, 1, 2, tzinfo=london)),
        # Overlaps the first by an hour: counted once.
        work(datetime(2026, 10, 31, 21, tzinfo=london), datetime(2026, 10, 31, 23, tzinfo=london)),
        # Every Saturday in September, 06:00-06:30, four times; degraded work is no outage.
        work(datetime(2026, 9, 5, 6, tzinfo=london), datetime(2026, 9, 5, 6, 30, tzinfo=london),
             repeat="FREQ=WEEKLY;COUNT=4"),
        work(datetime(2026, 9, 6, 6, tzinfo=london), datetime(2026, 9, 6, 9, tzinfo=london), impact="degraded"),
    ]
    now = datetime(2026, 11, 1, 1, tzinfo=london)  # the November window is half over
    found = with_computed_availability(stats, [], maintenance, now)["vpn"]
    assert [r.planned_outage_minutes for r in found.months] == [120, 180, 60]
    # A figure the stats file gives stays as it is.
    assert [r.availability for r in found.months] == [99.9] * 3 and not any(r.availability_computed
                                                                             for r in found.months)
