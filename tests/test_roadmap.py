"""The roadmap as built: /roadmap/ by horizon, its filter pages (no JavaScript needed), item pages,
and the links between a service in the pipeline and the item that brings it. The clock is FIXED_NOW.

What changed in the last 30 days comes from git history: see test_roadmap_history.py.
"""

from __future__ import annotations

import posixpath
import subprocess
from datetime import date
from pathlib import Path

from bs4 import BeautifulSoup, Tag
from conftest import FRONTDESK_COMMAND, Build, build_env, copy_project, run_build, uncite
from frontdesk.departments.departments import department_ids
from frontdesk.roadmap.roadmap import (
    Quarter,
    items_due,
    items_due_in_quarters,
    items_for_department,
    read_roadmap,
)

ROOT = Path(__file__).resolve().parent.parent
FINANCE_ITEMS = {"Password manager for everyone", "Single sign-on for the finance system",
                 "Replace desk phones with calling on laptops"}


def soup(build: Build, url: str) -> BeautifulSoup:
    return BeautifulSoup(build.page(url), "html.parser")


def article(build: Build, url: str) -> Tag:
    found = soup(build, url).select_one("article")
    assert found is not None
    return found


def groups(page: Tag) -> list[tuple[str, list[str]]]:
    """Each section of a roadmap page: its heading and the titles of its cards, in order."""
    return [(section.h2.get_text(strip=True), [a.get_text(strip=True) for a in section.select(".fd-card__title a")])
            for section in page.select("section.fd-group")]


def follow(build: Build, here: str, link: Tag) -> str:
    """The site URL a relative link on page `here` leads to (it must be a built page)."""
    href = str(link["href"])
    target = posixpath.normpath(posixpath.join(here, href.split("?")[0].split("#")[0])) + "/"
    assert (build.site / target / "index.html").is_file(), f"{href} from {here} leads nowhere"
    return target


def filter_link(page: Tag, text: str) -> Tag:
    nav = page.select_one("nav.fd-roadmap-links")
    assert nav is not None
    found = nav.find("a", string=text)
    assert isinstance(found, Tag), f"no link {text!r} in {nav.get_text(' ', strip=True)}"
    return found


def test_the_roadmap_groups_open_items_by_horizon_and_lists_done_and_dropped_last(example_build: Build) -> None:
    page = article(example_build, "roadmap/")
    assert page.h1 is not None and page.h1.get_text(strip=True) == "Roadmap"
    assert groups(page) == [
        # Within a horizon: in progress, then approved, then proposed; then the soonest quarter.
        ("Now", ["Password manager for everyone", "Single sign-on for the finance system"]),
        ("Next", ["Faster Wi-Fi in the laboratory buildings", "Accounts ready on a new starter's first day"]),
        ("Later", ["Video calling in every meeting room", "Long-term archive for research data"]),
        ("Done and dropped", ["Replace desk phones with calling on laptops", "Print release with ID cards"]),
    ]
    card = page.select_one('li.fd-card[data-status="in-progress"]')
    assert card is not None
    assert card["data-departments"] == "finance human-resources life-sciences"
    facts = card.select_one(".fd-card__facts")
    assert facts is not None and "In progress" in facts.get_text(" ", strip=True)
    assert "Target: Q1 2027 (January to March)" in facts.get_text(" ", strip=True)
    # A closed item says which horizon it was in.
    dropped = page.select_one('li.fd-card[data-status="dropped"]')
    assert dropped is not None and "Horizon: Later" in dropped.get_text(" ", strip=True)


def test_the_roadmap_is_a_tab_of_the_site(example_build: Build) -> None:
    tabs = [a.get_text(strip=True) for a in soup(example_build, "").select(".md-tabs__link")]
    assert tabs.index("Roadmap") == tabs.index("Listening") + 1


def test_filters_work_without_javascript_through_links_to_filtered_pages(example_build: Build) -> None:
    page = article(example_build, "roadmap/")
    # The in-place filters are a form that only JavaScript shows; the links are there for everyone.
    form = page.select_one("form.fd-filters")
    assert form is not None and form.has_attr("hidden")
    assert [s["name"] for s in form.select("select")] == ["department", "status"]
    finance = follow(example_build, "roadmap/", filter_link(page, "Finance (3)"))
    assert finance == "roadmap/department/finance/"
    finance_page = article(example_build, finance)
    assert finance_page.h1 is not None and finance_page.h1.get_text(strip=True) == "Roadmap: Finance"
    assert {t for _, titles in groups(finance_page) for t in titles} == FINANCE_ITEMS
    # From a department's page, a status keeps the department; a status without items is no link.
    approved = follow(example_build, finance, filter_link(finance_page, "Approved (1)"))
    assert approved == "roadmap/department/finance/approved/"
    both = article(example_build, approved)
    assert groups(both) == [("Now", ["Single sign-on for the finance system"])]
    nav = finance_page.select_one("nav.fd-roadmap-links")
    assert nav is not None and nav.find("a", string="Proposed (0)") is None
    assert "Proposed (0)" in nav.get_text(" ", strip=True)
    assert not (example_build.site / "roadmap/department/finance/proposed").exists()
    # And back: "All departments" keeps the status.
    status = follow(example_build, approved, filter_link(both, "All departments (3)"))
    assert status == "roadmap/status/approved/"
    assert [t for _, titles in groups(article(example_build, status)) for t in titles] == [
        "Single sign-on for the finance system", "Faster Wi-Fi in the laboratory buildings",
        "Video calling in every meeting room"]
    current = both.select_one("nav.fd-roadmap-links [aria-current=page]")
    assert current is not None and current.get_text(strip=True) == "Finance (1)"


def test_every_department_and_status_has_a_page_even_when_empty(example_build: Build) -> None:
    for department in ("finance", "human-resources", "estates", "life-sciences"):
        assert (example_build.site / "roadmap/department" / department / "index.html").is_file()
    done = article(example_build, "roadmap/status/done/")
    assert groups(done) == [("Done and dropped", ["Replace desk phones with calling on laptops"])]


def test_an_item_page_shows_everything_about_the_item(example_build: Build) -> None:
    page = article(example_build, "roadmap/password-manager-rollout/")
    assert page.h1 is not None and page.h1.get_text(strip=True) == "Password manager for everyone"
    facts = {div.dt.get_text(strip=True): div.dd.get_text(" ", strip=True) for div in page.select(".fd-facts > div")}
    assert facts == {"Status": "In progress", "Horizon": "Now", "Target quarter": "Q1 2027 (January to March)",
                     "Sponsor": "Director of Operations",
                     "Departments": "Finance , Human Resources , Life Sciences",
                     "Services": "Password manager (pilot)"}
    headings = [h.get_text(strip=True).rstrip("¶") for h in page.select("h2")]
    assert headings == ["Expected benefits", "Details", "Changes in the last 30 days"]
    benefits = [li.get_text(strip=True) for li in page.select("ul.fd-roadmap-benefits li")]
    assert benefits[0] == "No more passwords kept in spreadsheets, notebooks or shared documents"
    assert "browser extension on shared lab PCs" in page.get_text(" ")
    department = page.find("a", string="Human Resources")
    assert isinstance(department, Tag)
    assert follow(example_build, "roadmap/password-manager-rollout/", department) == (
        "roadmap/department/human-resources/")
    # Whatever git history this copy has, the changes section says something.
    assert page.select_one(".fd-roadmap-recent-changes") is not None


def test_a_pipeline_service_and_its_roadmap_item_link_to_each_other(example_build: Build) -> None:
    item = article(example_build, "roadmap/password-manager-rollout/")
    service_link = item.find("a", string="Password manager (pilot)")
    assert isinstance(service_link, Tag)
    assert follow(example_build, "roadmap/password-manager-rollout/", service_link) == "services/password-manager/"
    service = article(example_build, "services/password-manager/")
    heading = service.find("h2", id="on-the-roadmap")
    assert isinstance(heading, Tag)
    listed = service.select("ul.fd-service-roadmap li a")
    assert [a.get_text(strip=True) for a in listed] == ["Password manager for everyone"]
    assert follow(example_build, "services/password-manager/", listed[0]) == "roadmap/password-manager-rollout/"
    # A live service an item names lists it too; one no item names has no such section.
    assert article(example_build, "services/wifi/").find("h2", id="on-the-roadmap") is not None
    assert article(example_build, "services/vpn/").find("h2", id="on-the-roadmap") is None


def test_a_pipeline_service_no_item_names_is_a_warning_strict_builds_fail_on(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    item = project / "content/roadmap/password-manager-rollout.md"
    item.write_text(item.read_text("utf-8").replace("services: [password-manager]\n", ""), "utf-8")
    warning = ("content/services/password-manager.md:5: lifecycle: the service is in the pipeline, but no roadmap "
               "item names it; add 'password-manager' to the services of the item that brings it (found: 'pipeline')")
    build = run_build(project, tmp_path / "site", "--strict")
    assert build.returncode != 0 and warning in build.output, build.output
    check = subprocess.run([FRONTDESK_COMMAND, "check", "--strict", "--content-only", "--project", str(project)],
                           capture_output=True, text=True, env=build_env(), timeout=120)
    assert check.returncode == 1 and f"warning: {warning}" in check.stdout, check.stdout + check.stderr
    # A site without a roadmap is not nagged about its pipeline services.
    for path in (project / "content/roadmap").glob("*.md"):
        path.unlink()
    uncite(project, "roadmap")  # the example's actions cite roadmap items
    check = subprocess.run([FRONTDESK_COMMAND, "check", "--strict", "--content-only", "--project", str(project)],
                           capture_output=True, text=True, env=build_env(), timeout=120)
    assert check.returncode == 0, check.stdout + check.stderr


def example_roadmap():  # type: ignore[no-untyped-def]
    roadmap, problems = read_roadmap(ROOT, {p.stem for p in (ROOT / "content/services").glob("*.md")},
                                     department_ids(ROOT))
    assert problems == []
    return roadmap


def test_other_features_can_ask_for_a_departments_items_and_what_is_due() -> None:
    roadmap = example_roadmap()
    assert department_ids(ROOT) == {"finance", "human-resources", "estates", "life-sciences"}
    finance = items_for_department(roadmap, "finance")
    # Open items first, in roadmap order, then closed ones.
    assert [i.id for i in finance] == ["password-manager-rollout", "finance-system-single-sign-on",
                                       "desk-phone-replacement"]
    assert items_for_department(roadmap, "nobody") == ()
    # The 90 days from 23 November 2026 reach 20 February 2027: Q4 2026 (done, so left out) and Q1 2027.
    assert [i.id for i in items_due(roadmap, date(2026, 11, 23), 90)] == [
        "password-manager-rollout", "finance-system-single-sign-on"]
    assert [i.id for i in items_due(roadmap, date(2027, 3, 1), 60)] == [
        "password-manager-rollout", "finance-system-single-sign-on", "lab-wifi-upgrade"]
    assert [i.id for i in items_due_in_quarters(roadmap, date(2027, 2, 1), 2)] == [
        "password-manager-rollout", "finance-system-single-sign-on", "lab-wifi-upgrade"]
    assert Quarter(2027, 4).first_day == date(2027, 10, 1) and Quarter(2027, 4).last_day == date(2027, 12, 31)
    assert Quarter(2028, 1).last_day == date(2028, 3, 31)


def test_every_roadmap_page_highlights_the_roadmap_tab(example_build: Build) -> None:
    """An item's page and a filtered roadmap are reached from /roadmap/: the Roadmap tab stays highlighted there,
    and only there (the next page built does not inherit it)."""
    for url in ("roadmap/", "roadmap/password-manager-rollout/", "roadmap/status/done/",
                "roadmap/department/finance/approved/"):
        tabs = soup(example_build, url).select(".md-tabs__item--active")
        assert [" ".join(tab.get_text(" ").split()) for tab in tabs] == ["Roadmap"], url
    for url in ("", "about/", "services/", "stats/"):
        tabs = soup(example_build, url).select(".md-tabs__item--active")
        assert "Roadmap" not in [" ".join(tab.get_text(" ").split()) for tab in tabs], url


def test_a_filtered_roadmap_describes_itself_in_a_sentence(example_build: Build) -> None:
    """The meta description (what a search result shows) reads as English, not 'The roadmap items of Done.'"""
    wanted = {"roadmap/status/done/": "Roadmap items that are done.",
              "roadmap/status/in-progress/": "Roadmap items that are in progress.",
              "roadmap/department/finance/": "Roadmap items for Finance.",
              "roadmap/department/finance/approved/": "Roadmap items for Finance that are approved."}
    for url, sentence in wanted.items():
        meta = soup(example_build, url).select_one("meta[name=description]")
        assert meta is not None and meta["content"] == sentence, url
