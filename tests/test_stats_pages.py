"""End-to-end: stats panels, SVG charts and the /stats/ dashboard in real builds.

`stats_build` is a copy of the example project whose stats are replaced by a few files with
round numbers, so the dashboard's weighted figures can be checked against sums done by hand.
"""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import jinja2
import pytest
from bs4 import BeautifulSoup
from conftest import Build, copy_project, run_build, warning_lines
from frontdesk.site.render import TEMPLATE_FOLDERS as TEMPLATES
from frontdesk.stats.charts import Series, line_chart, segments
from frontdesk.stats.pages import CardFigure, weighted_mean, weighted_median

SVG = "{http://www.w3.org/2000/svg}"

# October 2026 is the newest complete month on the test clock (23 November 2026).
STATS = {
    # 40 tickets; targets: availability 99.5, response 4, resolution 16, satisfaction 4.2
    "vpn": """\
months:
  - month: 2026-07
    availability: 99.8
  - month: 2026-08
    availability: 99.7
  - month: 2026-10
    availability: 99.0
    incidents: 10
    requests: 30
    resolved: 38
    first_response_hours: 2
    resolution_hours: 10
    sla_met: 90
    satisfaction: 4.0
    survey_responses: 30
""",
    # 100 tickets; targets: availability 99.8, response 4, resolution 24, satisfaction 4.1
    "wifi": """\
months:
  - month: 2026-10
    availability: 100
    incidents: 50
    requests: 50
    resolved: 95
    first_response_hours: 6
    resolution_hours: 20
    sla_met: 80
    satisfaction: 5
    survey_responses: 10
  - month: 2026-11
    incidents: 5
    requests: 5
    resolved: 2
""",
    # 10 tickets, satisfaction from 2 responses; targets: 99.95, 4, 24, 4.6
    "backups": """\
months:
  - month: 2026-10
    availability: 99.97
    incidents: 0
    requests: 10
    resolved: 10
    first_response_hours: 1
    resolution_hours: 20
    sla_met: 100
    satisfaction: 4.8
    survey_responses: 2
""",
    # Stale: the newest month ended long before the test clock.
    "printing": """\
months:
  - month: 2026-05
    availability: 99.2
  - month: 2026-06
    availability: 99.4
""",
}


@pytest.fixture(scope="module")
def stats_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    project = copy_project(tmp_path_factory.mktemp("stats") / "project")
    shutil.rmtree(project / "content" / "stats")
    (project / "content" / "stats").mkdir()
    for service_id, text in STATS.items():
        (project / "content" / "stats" / f"{service_id}.yml").write_text(text, "utf-8")
    build = run_build(project, project / "site")
    assert build.returncode == 0, build.output
    return build


def soup(build: Build, url: str) -> BeautifulSoup:
    return BeautifulSoup(build.page(url), "html.parser")


def figures(page: BeautifulSoup) -> dict[str, str]:
    return {li["data-measure"]: li.get_text(" ", strip=True) for li in page.select(".fd-stats .fd-figure")}


def svgs(build: Build, url: str) -> list[ET.Element]:
    """The inline charts of a page, parsed as XML (they must be well-formed SVG)."""
    return [ET.fromstring(raw) for raw in re.findall(r'<svg class="fd-chart".*?</svg>', build.page(url), re.S)]


def axis_labels(chart: ET.Element) -> list[str]:
    """The value axis's labels of a chart: top, bottom, then the target."""
    return [text.text or "" for text in chart.iter(f"{SVG}text") if "fd-chart__label--end" in text.get("class", "")
            and float(text.get("x", 0)) < 60]


# --- the service page's panel ------------------------------------------------------------------


def test_panel_shows_each_newest_figure_with_its_month_against_its_target(stats_build):
    page = soup(stats_build, "services/vpn/")
    found = figures(page)
    assert found["availability"] == ("Availability 99% October 2026 Target missed target 99.5%; "
                                     "0.5 percentage points below the target")
    assert found["first_response_hours"] == ("First response (median) 2 hours October 2026 Target met "
                                             "target 4 hours; 2 hours under the target")
    assert found["resolution_hours"].endswith("Target met target 16 hours; 6 hours under the target")
    assert found["satisfaction"] == ("Satisfaction 4 out of 5 October 2026 Target missed target 4.2 out of 5; "
                                     "0.2 below the target from 30 survey responses")
    assert found["sla_met"] == "Tickets within target time 90% October 2026"
    assert page.select_one(".fd-stats__tickets").get_text(" ", strip=True) == (
        "In October 2026: 10 incidents and 30 requests opened, 38 of them resolved.")
    assert page.select_one(".fd-stats__stale") is None
    assert page.select_one(".fd-stats-pending") is None


def test_each_figure_keeps_its_own_month(stats_build):
    # wifi's November record has tickets only: availability still comes from October.
    found = figures(soup(stats_build, "services/wifi/"))
    assert "October 2026" in found["availability"]
    assert "November 2026 (so far)" not in found["availability"]


def test_satisfaction_from_few_responses_is_marked_low_confidence(stats_build):
    page = soup(stats_build, "services/backups/")
    item = page.select_one('.fd-figure[data-measure="satisfaction"]')
    assert "fd-figure--low" in item["class"]
    assert item.select_one(".fd-figure__responses").get_text(" ", strip=True) == (
        "from 2 survey responses — low confidence : fewer than 10 responses")


def test_charts_are_inline_svg_with_a_text_alternative_gaps_and_a_target(stats_build):
    charts = svgs(stats_build, "services/vpn/")
    titles = [chart.find(f"{SVG}title").text for chart in charts]
    assert titles == [
        "Availability, November 2025 to October 2026",
        "First response (median), November 2025 to October 2026",
        "Resolution (median), November 2025 to October 2026",
        "Satisfaction, November 2025 to October 2026",
    ]
    availability = charts[0]
    assert availability.get("role") == "img"
    assert availability.get("viewBox") == "0 0 320 156"
    assert availability.get("width") is None and availability.get("style") is None
    assert availability.get("aria-labelledby") == "chart-vpn-availability-title chart-vpn-availability-desc"
    assert availability.find(f"{SVG}desc").text == (
        "Latest: 99% in October 2026. Lowest 99%, highest 99.8%. Target 99.5%; missed in 1 of 3 months. "
        "No figure for 9 months.")
    # July and August are joined; September is a gap, so October stands alone as a point.
    assert len(availability.findall(f"{SVG}path[@class='fd-chart__line']")) == 1
    # The months' points: one path per state, a dot (a move and a line of no length) per month.
    points = {p.get("class").split()[-1]: p.get("d").count("h0")
              for p in availability.findall(f"{SVG}path") if "fd-chart__points" in p.get("class")}
    assert points == {"fd-chart__points--met": 2, "fd-chart__points--missed": 1}
    assert availability.find(f"{SVG}path[@class='fd-chart__target']") is not None
    # The value axis: a round range a reader expects (99% is not drawn as an outage), the target in
    # the gutter rather than on the data; durations start from zero.
    assert axis_labels(availability) == ["100%", "98%", "99.5%"]
    assert axis_labels(charts[1]) == ["5 h", "0 h", "4 h"]
    assert axis_labels(charts[3]) == ["4.5", "3.5", "4.2"]
    # Small: about a dozen elements whatever the number of months (every page is read again by search).
    assert len(list(availability.iter())) <= 16
    # Nothing is drawn with a fixed colour: the stylesheet's classes decide, light or dark.
    for element in availability.iter():
        assert element.get("fill") is None and element.get("stroke") is None


def test_numbers_are_also_a_table_with_gaps_named(stats_build):
    table = soup(stats_build, "services/vpn/").select_one("table.fd-stats-table")
    assert table.caption.get_text() == "VPN (remote access): monthly figures, November 2025 to October 2026"
    rows = {tr.th.get_text(): [td.get_text() for td in tr.select("td")] for tr in table.select("tbody tr")}
    assert len(rows) == 12
    assert rows["Oct 2026"] == ["99%", "10", "30", "38", "2 hours", "10 hours", "90%", "4 out of 5 (30 responses)"]
    assert rows["Sep 2026"] == ["No figures for this month"]
    assert rows["Aug 2026"][:2] == ["99.7%", "—"]


def test_stale_stats_are_flagged_on_the_page_and_in_the_build_log(stats_build):
    banner = soup(stats_build, "services/printing/").select_one(".fd-stats__stale")
    assert banner.select_one(".admonition-title").get_text() == "Stats last updated June 2026"
    assert warning_lines(stats_build) == [
        "WARNING -  content/stats/printing.yml: stats last updated for June 2026, more than 45 days ago "
        "(stale_after_days); the service page says so"]


def test_stale_stats_fail_a_strict_build(stats_build, tmp_path):
    strict = run_build(stats_build.project, tmp_path / "strict", "--strict")
    assert strict.returncode != 0
    assert "content/stats/printing.yml: stats last updated for June 2026" in strict.output


def test_a_service_without_stats_says_so_plainly(stats_build):
    panel = soup(stats_build, "services/email-and-calendar/").select_one("section.fd-stats")
    assert panel.get_text(" ", strip=True) == (
        "How it is doing No monthly figures are published for Email and calendar yet, "
        "so there is nothing to measure against these targets.")
    assert panel.select("svg, table") == []


# --- the dashboard -----------------------------------------------------------------------------


def headlines(build: Build) -> dict[str, str]:
    page = soup(build, "stats/")
    return {li["data-figure"]: li.get_text(" ", strip=True) for li in page.select(".fd-headline")}


def test_dashboard_headlines_are_weighted_by_tickets_and_responses(stats_build):
    found = headlines(stats_build)
    # October only (November is not complete): 40 + 100 + 10 tickets; 38 + 95 + 10 resolved.
    assert found["tickets"] == ("150 tickets handled October 2026 incidents and requests opened across "
                                "3 services; 143 of them resolved")
    # Medians 1 h (10 tickets), 2 h (40), 6 h (100): the 75th of 150 tickets falls in the 6 h service.
    # (An average of averages would say 3 hours; a median of medians 2 hours.)
    assert found["first-response"].startswith("6 hours median first response October 2026")
    # Each service measured all month counts once: (99 + 100 + 99.97) / 3 = 99.6567.
    assert found["availability"].startswith("99.66% availability across services October 2026")
    # By responses: (4 × 30 + 5 × 10 + 4.8 × 2) / 42 = 179.6 / 42 = 4.276 (not (4 + 5 + 4.8) / 3 = 4.6).
    assert found["satisfaction"] == ("4.28 out of 5 satisfaction October 2026 from 42 survey responses, "
                                     "each counted once")
    # By tickets: (90 × 40 + 80 × 100 + 100 × 10) / 150 = 84 (not 90).
    assert found["sla-met"].startswith("84% tickets within target time October 2026")
    # vpn misses availability, wifi misses first response; backups meets all four.
    assert found["meeting-all"] == ("33% of services met all their targets October 2026 1 of 3 services "
                                    "with targets and figures that month")


def test_dashboard_table_lists_every_measured_service_readable_without_javascript(stats_build):
    page = soup(stats_build, "stats/")
    table = page.select_one("table.fd-stats-dashboard")
    headers = [th.get_text() for th in table.select("thead th")]
    assert headers == ["Service", "Category", "Availability", "First response (median)",
                       "Resolution (median)", "Satisfaction", "Targets"]
    rows = {tr.th.a.get_text(): tr for tr in table.select("tbody tr")}
    assert list(rows) == ["Backups and restores", "Printing, copying and scanning", "VPN (remote access)", "Wi-Fi"]
    vpn = [td.get_text(" ", strip=True) for td in rows["VPN (remote access)"].select("td")]
    assert vpn == ["Network and remote access", "99% Oct 2026 missed", "2 hours Oct 2026 met",
                   "10 hours Oct 2026 met", "4 out of 5 Oct 2026 missed", "2 missed , 2 met"]
    assert rows["VPN (remote access)"]["data-category"] == "network"
    assert rows["VPN (remote access)"].th.a["href"] == "../services/vpn/"
    printing = rows["Printing, copying and scanning"]
    assert "stats last updated Jun 2026" in printing.th.get_text(" ", strip=True)
    assert [td.get("data-sort-value") for td in printing.select("td")][2:5] == ["", "", ""]
    assert "few responses" in rows["Backups and restores"].get_text()
    # The category filter is shown by JavaScript; without it the whole table is there.
    form = page.select_one("form.fd-stats-filter")
    assert form.has_attr("hidden")
    assert [o["value"] for o in form.select("option")] == ["", "network", "devices", "storage"]
    unmeasured = page.select_one(".fd-unmeasured")
    assert unmeasured.get_text(" ", strip=True).startswith("12 available services publish no figures yet:")
    named = [a.get_text() for a in unmeasured.select("a")]
    assert len(named) == 12 and named[0] == "Accounts and passwords" and "VPN (remote access)" not in named


def test_dashboard_is_in_the_nav_and_replaces_the_placeholder(stats_build):
    page = soup(stats_build, "stats/")
    assert page.select_one("h1").get_text() == "Service stats"
    tabs = [a.get_text(strip=True) for a in page.select("nav.md-tabs a")]
    assert "Stats" in tabs
    assert not (stats_build.project / "docs" / "stats" / "index.md").exists()


# --- the shipped example -------------------------------------------------------------------------


def test_example_site_has_stats_for_most_live_services(example_build):
    page = soup(example_build, "stats/")
    assert len(page.select("table.fd-stats-dashboard tbody tr")) == 14
    assert "October 2026 at a glance" in page.get_text()
    panel = soup(example_build, "services/research-computing-cluster/").select_one(".fd-stats")
    assert panel.select_one(".fd-low-confidence") is not None
    training = soup(example_build, "services/security-awareness-training/")
    availability = training.select_one('.fd-figure[data-measure="availability"]')
    assert "No target set" in availability.get_text()
    assert soup(example_build, "services/printing/").select_one(".fd-stats__stale") is None
    assert "No monthly figures" in soup(example_build, "services/software-requests/").select_one(
        ".fd-stats").get_text()


def test_stats_text_is_escaped_in_svg_and_html(project, tmp_path):
    vpn = project / "content" / "services" / "vpn.md"
    vpn.write_text(vpn.read_text("utf-8").replace("title: VPN (remote access)",
                                                  "title: '<script>alert(1)</script> & VPN'"), "utf-8")
    build = run_build(project, tmp_path / "site")
    assert build.returncode == 0, build.output
    for url in ("services/vpn/", "stats/"):
        html = build.page(url)
        assert "<script>alert(1)" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; VPN" in html


# --- units: charts and weighting ---------------------------------------------------------------


def test_segments_break_at_gaps():
    months = [date(2026, m, 1) for m in range(1, 8)]
    values = [1.0, 2.0, None, 3.0, None, 4.0, 5.0]
    assert segments(list(zip(months, values, strict=True))) == [[0, 1], [3], [5, 6]]


def test_chart_text_is_escaped():
    chart = line_chart(Series("c1", "<b>Avail</b> & more", [(date(2026, 1, 1), 1.0), (date(2026, 2, 1), None)],
                              format=lambda v: f"{v:g}<%>"))
    root = ET.fromstring(str(chart))
    assert root.find(f"{SVG}title").text == "<b>Avail</b> & more, January 2026 to February 2026"
    assert "<b>" not in str(chart)


def test_a_chart_without_any_value_is_still_valid():
    chart = line_chart(Series("c2", "Availability", [(date(2026, 1, 1), None)], format=str))
    assert ET.fromstring(str(chart)).find(f"{SVG}desc").text == "No availability figures in these months."


def test_weighted_median_and_mean():
    assert weighted_median([(1.0, 10), (2.0, 40), (6.0, 100)]) == 6.0
    assert weighted_median([(1.0, 1), (3.0, 1)]) == 2.0
    assert weighted_median([(5.0, 3), (1.0, 1)]) == 5.0
    assert weighted_median([]) is None
    assert weighted_mean([(4.0, 30), (5.0, 10)]) == 4.25
    assert weighted_mean([(4.0, 0)]) is None


def test_card_can_show_a_headline_figure():
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)
    env.filters.update(audience_title=str, cost=str, tag_slug=str)
    env.globals.update(link=lambda here, to: to, lifecycle_names={"live": "Available"}, card_figures={},
                       settings=SimpleNamespace(targets_on_cards=True))

    class Service:
        id, title, summary, category, lifecycle = "vpn", "VPN", "Remote access", "network", "live"
        audience, tags, cost = ("staff",), (), "free"

    card = env.get_template("_cards.html").module.card  # type: ignore[attr-defined]
    with_figure = BeautifulSoup(str(card(Service, "services/index.md",
                                         CardFigure("99.9% available", "October 2026", False))), "html.parser")
    assert with_figure.select_one(".fd-card__figure").get_text(" ", strip=True) == (
        "99.9% available in October 2026 target missed")
    without = BeautifulSoup(str(card(Service, "services/index.md")), "html.parser")
    assert without.select_one(".fd-card__figure") is None
    # By default (targets_on_cards: false) a card markets: the figure, no verdict.
    plain_card = env.get_template("_cards.html").make_module(  # type: ignore[attr-defined]
        {"settings": SimpleNamespace(targets_on_cards=False)}).card
    missed = CardFigure("99.9% available", "October 2026", False)
    plain = BeautifulSoup(str(plain_card(Service, "services/index.md", missed)), "html.parser")
    assert plain.select_one(".fd-card__figure").get_text(" ", strip=True) == "99.9% available in October 2026"


def test_example_stats_files_are_valid_and_end_in_october_2026(example_build):
    for file in sorted(Path(example_build.project / "content" / "stats").glob("*.yml")):
        text = file.read_text("utf-8")
        last = re.findall(r"month: (\d{4}-\d{2})", text)[-1]
        assert last == "2026-10", file


def test_home_figures_round_for_reading_and_say_the_change_in_words():
    from frontdesk.core.settings import HOME_FIGURES
    from frontdesk.stats.pages import HEADLINE_KINDS, Headlines, home_figures

    assert tuple(HEADLINE_KINDS) == HOME_FIGURES  # every figure the settings may name can be shown
    october = Headlines(date(2026, 10, 1), 1349, 1317, 14, 2.74, 99.7312, 14, 4.249, 418, 93.26, 5, 14)
    september = Headlines(date(2026, 9, 1), 1400, 1380, 14, 2.74, 99.9, 14, 4.25, 400, 90.0, 7, 14)
    shown = {f.key: (f.value, f.change, f.direction) for f in home_figures(october, september, HOME_FIGURES)}
    assert shown == {
        "tickets": ("1,349", "down 51 from September", "down"),
        "first-response": ("2.7 hours", "same as September", "same"),
        "availability": ("99.7%", "down 0.2 points from September", "down"),
        "satisfaction": ("4.2 out of 5", "same as September", "same"),  # 4.249 and 4.25 both read 4.2
        "sla-met": ("93%", "up 3 points from September", "up"),
        "meeting-all": ("36%", "down 14 points from September", "down"),
    }
    # Without the month before, a figure has no change to show.
    assert {f.change for f in home_figures(october, None, HOME_FIGURES)} == {None}
