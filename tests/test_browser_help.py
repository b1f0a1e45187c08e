"""Getting help, in Chromium: wherever a reader is stuck, the service desk's contacts are there.

The contacts come from the settings (`service_desk` in mkdocs.yml): phone, portal, email, hours.
"""

from __future__ import annotations

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails under CI=true) before any test body runs
    expect = None

CONTACTS = {"tel:02079460123": "020 7946 0123",
            "https://help.fernhill.example/": "Log a request on the service desk portal",
            "mailto:it-help@fernhill.example": "it-help@fernhill.example"}


def assert_contacts(help_list: object) -> None:
    """A list of the service desk's ways in: phone, portal and email as links, and its hours."""
    expect(help_list).to_be_visible()
    for href, text in CONTACTS.items():
        expect(help_list.locator(f'a[href="{href}"]')).to_have_text(text)  # type: ignore[attr-defined]
    expect(help_list).to_contain_text("Hours Monday to Friday, 08:00–18:00")


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_the_page_not_found_offers_search_the_main_sections_and_help(open_page, served_site, width):
    watched = open_page(served_site + "404.html", width=width)
    page = watched.page
    expect(page.locator("h1")).to_have_text("Page not found")
    sections = page.locator(".fd-not-found__sections a")
    expect(sections).to_have_text(["Home", "Services", "Stats", "Status", "Newsletter", "Resources", "Listening",
                                    "Roadmap", "Briefs", "About"])
    assert sections.first.get_attribute("href") == "/it/"
    assert_contacts(page.locator(".fd-not-found ul.fd-help"))
    # "Search the site" opens Material's search, by keyboard as by mouse.
    opener = page.get_by_role("button", name="Search the site")
    opener.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".md-search__input")).to_be_focused()
    assert watched.errors == [] and watched.failures == []


@pytest.mark.browser
def test_a_search_that_finds_nothing_offers_the_service_desk(open_page, served_site):
    page = open_page(served_site).page
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.keyboard.type("zqxwvy")  # typed, as a reader does: Material searches on each key
    assert_contacts(page.locator(".md-search-result .fd-search-help ul.fd-help"))
    page.keyboard.press("Control+A")
    page.keyboard.type("vpn")
    expect(page.locator(".md-search-result__list > li").first).to_be_visible()
    expect(page.locator(".md-search-result .fd-search-help")).to_have_count(0)


@pytest.mark.browser
@pytest.mark.parametrize("url", ["services/", "resources/"])
def test_filters_that_match_nothing_offer_the_service_desk(open_page, served_site, url):
    page = open_page(served_site + url + "?find=zqxwvy").page
    assert_contacts(page.locator(".fd-empty ul.fd-help"))


@pytest.mark.browser
def test_ask_for_help_on_the_home_page_leads_to_the_service_desk(open_page, served_site):
    page = open_page(served_site).page
    page.get_by_role("link", name="Ask for help").click()
    assert page.url.endswith("#fd-home-help")
    assert_contacts(page.locator(".fd-home__help ul.fd-help"))
