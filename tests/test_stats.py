"""Reading and checking content/stats/<service-id>.yml: one test per kind of problem, exact messages."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest
from frontdesk.core.problems import ContentError
from frontdesk.core.settings import Settings
from frontdesk.site.site import read_site
from frontdesk.stats.stats import MonthlyStats, ServiceStats, add_months, read_stats, stale_warnings
from test_validation import SETTINGS_YAML, raw_settings, write_service

TODAY = date(2026, 11, 23)
SETTINGS = Settings("Test Institute", "Test IT", "it@test.example", (), ())
KNOWN = {"vpn", "wifi"}


def write_stats(root: Path, name: str, text: str) -> None:
    folder = root / "content" / "stats"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, "utf-8")


def problems_of(root: Path, text: str, name: str = "vpn.yml") -> list[str]:
    write_stats(root, name, text)
    stats, problems = read_stats(root, KNOWN, SETTINGS, TODAY)
    assert problems, "expected problems"
    assert name[:-4] not in stats
    return [str(p) for p in sorted(problems)]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "project"


VALID = """\
months:
  - month: 2026-08
    availability: 99.91
    incidents: 4
    requests: 20
    resolved: 23
    first_response_hours: 2.5
    resolution_hours: 11
    sla_met: 95.5
    satisfaction: 4.4
    survey_responses: 18
  - month: 2026-10
    availability: 100
  - month: 2026-11
    incidents: 1
"""


def test_valid_file_becomes_frozen_records_oldest_first_with_gaps_kept(root):
    write_stats(root, "vpn.yml", VALID)
    stats, problems = read_stats(root, KNOWN, SETTINGS, TODAY)
    assert problems == []
    vpn = stats["vpn"]
    assert isinstance(vpn, ServiceStats) and vpn.path == "content/stats/vpn.yml"
    assert [m.month for m in vpn.months] == [date(2026, 8, 1), date(2026, 10, 1), date(2026, 11, 1)]
    august = vpn.months[0]
    assert august == MonthlyStats(date(2026, 8, 1), 99.91, 4, 20, 23, 2.5, 11, 95.5, 4.4, 18)
    assert august.tickets == 24
    with pytest.raises(dataclasses.FrozenInstanceError):
        august.availability = 1  # type: ignore[misc]
    # September is missing: a gap, never a zero.
    trend = dict(vpn.trend())
    assert len(trend) == 12 and trend[date(2026, 9, 1)] is None
    assert vpn.month(date(2026, 9, 1)) is None
    assert vpn.latest("availability").month == date(2026, 10, 1)
    assert vpn.latest("satisfaction").month == date(2026, 8, 1)


def test_staleness_is_judged_from_the_end_of_the_newest_month(root):
    write_stats(root, "vpn.yml", "months:\n  - month: 2026-09\n    availability: 99\n")
    write_stats(root, "wifi.yml", "months:\n  - month: 2026-10\n    availability: 99\n")
    stats, _ = read_stats(root, KNOWN, SETTINGS, TODAY)
    # September ended 54 days before 23 November; October 23 days before.
    assert stats["vpn"].is_stale(TODAY, 45) and not stats["wifi"].is_stale(TODAY, 45)
    assert stale_warnings(stats, SETTINGS, TODAY) == (
        "content/stats/vpn.yml: stats last updated for September 2026, more than 45 days ago "
        "(stale_after_days); the service page says so",)
    assert stale_warnings(stats, dataclasses.replace(SETTINGS, stale_after_days=60), TODAY) == ()


def test_add_months_crosses_years():
    assert add_months(date(2026, 1, 1), -1) == date(2025, 12, 1)
    assert add_months(date(2025, 11, 1), 14) == date(2027, 1, 1)


CASES = {
    "unknown service id": (
        "vpm.yml", "months:\n  - month: 2026-09\n",
        "content/stats/vpm.yml:1: id: the file name is not a known service id; did you mean 'vpn'? "
        "(found: 'vpm')"),
    "file name not an id": (
        "VPN_stats.yml", "months:\n  - month: 2026-09\n",
        "content/stats/VPN_stats.yml:1: id: the file name must be lowercase letters and digits in words "
        "joined by hyphens (like 'file-storage') (found: 'VPN_stats')"),
    "duplicate month": (
        "vpn.yml", "months:\n  - month: 2026-09\n    incidents: 1\n  - month: 2026-09\n    incidents: 2\n",
        "content/stats/vpn.yml:4: months[2].month: is listed twice (first on line 2) (found: '2026-09')"),
    "month in the future": (
        "vpn.yml", "months:\n  - month: 2026-12\n    incidents: 1\n",
        "content/stats/vpn.yml:2: months[1].month: is in the future (found: '2026-12')"),
    "month not written YYYY-MM": (
        "vpn.yml", "months:\n  - month: 2026-9\n",
        "content/stats/vpn.yml:2: months[1].month: must be a month written YYYY-MM (found: '2026-9')"),
    "month that does not exist": (
        "vpn.yml", "months:\n  - month: 2026-13\n",
        "content/stats/vpn.yml:2: months[1].month: is not a real month (found: '2026-13')"),
    "availability above 100": (
        "vpn.yml", "months:\n  - month: 2026-09\n    availability: 100.5\n",
        "content/stats/vpn.yml:3: months[1].availability: must be at most 100 (found: 100.5)"),
    "availability below 0": (
        "vpn.yml", "months:\n  - month: 2026-09\n    availability: -1\n",
        "content/stats/vpn.yml:3: months[1].availability: must be at least 0 (found: -1)"),
    "negative count": (
        "vpn.yml", "months:\n  - month: 2026-09\n    incidents: -2\n",
        "content/stats/vpn.yml:3: months[1].incidents: must be at least 0 (found: -2)"),
    "count not whole": (
        "vpn.yml", "months:\n  - month: 2026-09\n    requests: 2.5\n",
        "content/stats/vpn.yml:3: months[1].requests: must be a whole number (found: 2.5)"),
    "resolved more than opened": (
        "vpn.yml", "months:\n  - month: 2026-09\n    incidents: 3\n    requests: 4\n    resolved: 9\n",
        "content/stats/vpn.yml:5: months[1].resolved: is more than incidents + requests (7) (found: 9)"),
    "satisfaction above 5": (
        "vpn.yml", "months:\n  - month: 2026-09\n    satisfaction: 6\n    survey_responses: 3\n",
        "content/stats/vpn.yml:3: months[1].satisfaction: must be at most 5 (found: 6)"),
    "satisfaction below 1": (
        "vpn.yml", "months:\n  - month: 2026-09\n    satisfaction: 0.5\n    survey_responses: 3\n",
        "content/stats/vpn.yml:3: months[1].satisfaction: must be at least 1 (found: 0.5)"),
    "satisfaction without survey_responses": (
        "vpn.yml", "months:\n  - month: 2026-09\n    satisfaction: 4.5\n",
        "content/stats/vpn.yml:3: months[1].satisfaction: needs survey_responses: how many people answered "
        "the survey (found: 4.5)"),
    "satisfaction from no responses": (
        "vpn.yml", "months:\n  - month: 2026-09\n    satisfaction: 4.5\n    survey_responses: 0\n",
        "content/stats/vpn.yml:3: months[1].satisfaction: cannot come from 0 survey_responses (found: 4.5)"),
    "non-numeric value": (
        "vpn.yml", "months:\n  - month: 2026-09\n    first_response_hours: n/a\n",
        "content/stats/vpn.yml:3: months[1].first_response_hours: must be a number (found: 'n/a')"),
    "percentage as text": (
        "vpn.yml", "months:\n  - month: 2026-09\n    sla_met: 95%\n",
        "content/stats/vpn.yml:3: months[1].sla_met: must be a number (found: '95%')"),
    "unknown field": (
        "vpn.yml", "months:\n  - month: 2026-09\n    availabilty: 99\n",
        "content/stats/vpn.yml:3: months[1].availabilty: is not a known field; did you mean 'availability'?"),
    "month missing": (
        "vpn.yml", "months:\n  - incidents: 3\n",
        "content/stats/vpn.yml:2: months[1].month: is required but missing"),
    "months missing": (
        "vpn.yml", "month: 2026-09\n",
        "content/stats/vpn.yml:1: month: is not a known field; did you mean 'months'?"),
    "months not a list": (
        "vpn.yml", "months: 2026-09\n",
        "content/stats/vpn.yml:1: months: must be a list of monthly records, each starting with "
        "'- month: YYYY-MM' (found: '2026-09')"),
    "a record that is not a mapping": (
        "vpn.yml", "months:\n  - 2026-09\n",
        "content/stats/vpn.yml:2: months[1]: must be a mapping with the fields: month, availability, incidents, "
        "requests, resolved, first_response_hours, resolution_hours, sla_met, satisfaction, survey_responses, "
        "reasons (found: '2026-09')"),
    "YAML tags": (
        "vpn.yml", "months:\n  - month: !!python/name:os.system\n",
        "content/stats/vpn.yml:2: months[1].month: YAML tags are not allowed (found: !!python/name:os.system)"),
    "wrong extension": (
        "vpn.yaml", "months:\n  - month: 2026-09\n",
        "content/stats/vpn.yaml:1: file: is not read: stats files end in .yml (lowercase) (found: 'vpn.yaml')"),
}


@pytest.mark.parametrize("name, text, expected", CASES.values(), ids=CASES.keys())
def test_each_kind_of_problem_is_reported_exactly(root, name, text, expected):
    assert expected in problems_of(root, text, name)


def test_months_missing_entirely_is_reported(root):
    assert problems_of(root, "{}\n") == ["content/stats/vpn.yml:1: months: is required but missing"]


def test_every_problem_of_a_file_is_listed_at_once(root):
    text = ("months:\n  - month: 2026-09\n    availability: 101\n    incidents: -1\n"
            "  - month: 2027-01\n    satisfaction: 4\n")
    assert problems_of(root, text) == [
        "content/stats/vpn.yml:3: months[1].availability: must be at most 100 (found: 101)",
        "content/stats/vpn.yml:4: months[1].incidents: must be at least 0 (found: -1)",
        "content/stats/vpn.yml:5: months[2].month: is in the future (found: '2027-01')",
        "content/stats/vpn.yml:6: months[2].satisfaction: needs survey_responses: how many people answered "
        "the survey (found: 4)",
    ]


def test_stats_problems_are_collected_with_the_catalogues(root):
    (root / "content" / "services").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(SETTINGS_YAML, "utf-8")
    write_service(root, "vpn.md")
    write_service(root, "wifi.md", {"title": "Wi-Fi"})  # missing most fields
    write_stats(root, "wifi.yml", "months:\n  - month: 2026-09\n    incidents: 2\n")  # wifi.md exists, though broken
    write_stats(root, "vpn.yml", "months:\n  - month: 2026-09\n    incidents: -2\n")
    with pytest.raises(ContentError) as caught:
        read_site(root, raw_settings(), environ={"FRONTDESK_NOW": "2026-11-23"})
    found = [str(p) for p in caught.value.problems]
    assert "content/stats/vpn.yml:3: months[1].incidents: must be at least 0 (found: -2)" in found
    assert "content/services/wifi.md:2: summary: is required but missing" in found
    assert not any("wifi.yml" in p for p in found), found


def test_a_valid_project_carries_its_stats(root):
    (root / "content" / "services").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(SETTINGS_YAML, "utf-8")
    write_service(root, "vpn.md")
    write_stats(root, "vpn.yml", VALID)
    site = read_site(root, raw_settings(), environ={"FRONTDESK_NOW": "2026-11-23"})
    assert list(site.stats) == ["vpn"] and len(site.stats["vpn"].months) == 3
