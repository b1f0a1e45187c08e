"""The home page and the tag index, built from the content."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import Build, run_build


def soup(build: Build, url: str) -> BeautifulSoup:
    return BeautifulSoup(build.page(url), "html.parser")


def test_home_page_shows_offer_numbers_featured_services_and_news(example_build: Build) -> None:
    page = soup(example_build, "")
    hero = page.select_one(".fd-hero")
    assert hero.select_one("h1").get_text() == "Fernhill IT"
    assert hero.select_one(".fd-hero__lead").get_text().startswith("Accounts, devices, networks")
    search = hero.select_one("form.fd-hero__search")
    # The site's search (Material opens it for ?q=): services, resources and newsletter issues alike.
    assert search["action"] == "./" and search.select_one("input")["name"] == "q"
    assert search.select_one("label").get_text() == "Search services, resources and news"
    actions = {a.get_text(): a["href"] for a in hero.select(".fd-hero__actions a")}
    assert actions == {"Browse all 17 services": "services/", "Ask for help": "#fd-home-help",
                       "Give feedback": "https://help.fernhill.example/feedback"}
    numbers = page.select_one(".fd-home__numbers")
    assert numbers.select_one("h2").get_text() == "How we did in October 2026"
    # The figures the team chose (by default four), rounded for reading, each with the month's change.
    shown = [li.get_text(" ", strip=True) for li in numbers.select(".fd-headline")]
    assert shown == ["1,349 tickets handled ↑ up 55 from September",
                     "2.7 hours median first response ↓ down 0.1 hours from September",
                     "99.7% availability across services → same as September",
                     "4.3 out of 5 satisfaction ↑ up 0.1 from September"]
    # Met and missed stay on service pages and /stats/: the home page markets.
    assert page.select(".fd-verdict") == []
    featured = [a.get_text() for a in page.select("#fd-home-featured + ul .fd-card__title a")]
    assert featured == ["Accounts and passwords", "Email and calendar", "Printing, copying and scanning", "Wi-Fi"]
    assert page.select_one(".fd-card__figure").get_text(" ", strip=True).endswith("October 2026")
    latest = page.select_one("section[aria-labelledby=fd-home-news] li.fd-issue h3 a")
    assert latest.get_text() == "Faster Wi-Fi in every building by Christmas"
    assert latest["href"] == "newsletter/2026/wifi-upgrade/"


def test_home_page_never_shows_drafts_or_scheduled_issues(example_build: Build) -> None:
    text = example_build.page("")
    assert "holiday-cover" not in text and "winter-shutdown" not in text


def test_home_page_falls_back_to_live_services_when_none_is_featured(project: Path, tmp_path: Path) -> None:
    for path in (project / "content/services").glob("*.md"):
        path.write_text(path.read_text("utf-8").replace("featured: true\n", ""), "utf-8")
    build = run_build(project, tmp_path / "site")
    assert build.returncode == 0, build.output
    cards = soup(build, "").select("#fd-home-featured + ul li.fd-card")
    assert len(cards) == 6 and all(c["data-lifecycle"] == "live" for c in cards)


def test_tag_index_groups_services_issues_and_resources_by_one_slug(example_build: Build) -> None:
    index = soup(example_build, "tags/")
    links = {a.get_text(): a["href"] for a in index.select(".fd-tag-cloud a")}
    assert links["security"] == "security/"
    page = soup(example_build, "tags/security/")
    assert page.select_one("h1").get_text() == "security"
    services = [a.get_text() for a in page.select("h2#services + ul a")]
    assert "VPN (remote access)" in services
    assert page.select("h2#newsletter + ul a")
    issue = soup(example_build, "newsletter/2026/wifi-upgrade/")
    assert issue.select_one(".fd-tags a")["href"] == "../../../tags/network/"


@pytest.mark.browser
def test_home_page_on_a_phone(served_site: str, open_page) -> None:
    from playwright.sync_api import expect

    watched = open_page(served_site, width=390, height=844)
    page = watched.page
    expect(page.locator(".fd-hero h1")).to_be_visible()
    box = page.locator(".fd-hero__search input").bounding_box()
    assert box and box["y"] + box["height"] <= 844 and box["width"] > 150
    hero = page.locator(".fd-hero").bounding_box()
    button = page.locator(".fd-hero__search button").bounding_box()
    assert hero and button and button["x"] + button["width"] <= hero["x"] + hero["width"], "Find stays in the hero"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "nothing overflows the phone's width"
    # The hero's box searches the whole site: a giveaway is found as readily as a service.
    page.fill(".fd-hero__search input", "headset")
    page.press(".fd-hero__search input", "Enter")
    page.wait_for_url("**/?q=headset")
    expect(page.locator(".md-search-result__item h1").first).to_have_text("Winter headset giveaway")
    expect(page.locator(".md-search-result__meta")).to_contain_text("matching documents")
    assert not watched.errors


@pytest.mark.browser
def test_home_page_on_a_desktop(served_site: str, open_page) -> None:
    watched = open_page(served_site, width=1280, height=900)
    assert watched.page.locator("#fd-home-featured + ul li.fd-card").count() == 4
    assert not watched.errors


def test_the_home_page_and_the_catalogue_count_services_alike(example_build):
    home = BeautifulSoup(example_build.page(""), "html.parser")
    button = home.find("a", string=re.compile(r"^Browse all \d+ services$"))
    home_count = int(re.search(r"\d+", button.get_text()).group())
    lead = BeautifulSoup(example_build.page("services/"), "html.parser").select_one(".fd-lead").get_text(" ")
    assert f"{home_count} services in 8 categories, and 1 retired service listed for reference." in lead


def test_the_home_page_highlights_the_giveaway_that_ends_soonest(example_build):
    offer = soup(example_build, "").select_one("aside.fd-home__offer")
    assert offer.select_one(".fd-home__offer-kicker").get_text() == "Free now · until 18 December 2026"
    link = offer.select_one("h2 a")
    assert (link.get_text(), link["href"]) == ("Winter headset giveaway", "resources/winter-headset-giveaway/")


def test_the_team_chooses_the_home_page_figures_and_targets_on_cards(project: Path, tmp_path: Path) -> None:
    settings = project / "mkdocs.yml"
    settings.write_text(settings.read_text("utf-8").replace(
        "    timezone: Europe/London\n",
        "    timezone: Europe/London\n    home_figures: [satisfaction, sla-met]\n"
        "    targets_on_cards: true\n"), "utf-8")
    build = run_build(project, tmp_path / "site", "--strict")
    assert build.returncode == 0, build.output
    page = soup(build, "")
    assert [li["data-figure"] for li in page.select(".fd-home__numbers .fd-headline")] == ["satisfaction", "sla-met"]
    assert page.select_one('.fd-headline[data-figure="sla-met"] .fd-headline__value').get_text() == "93%"
    assert soup(build, "services/").select(".fd-verdict--missed"), "targets_on_cards shows misses on cards"
