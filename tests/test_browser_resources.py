"""The free resources' filters in Chromium, on a phone-sized screen."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails under CI=true) before any test body runs
    expect = None

PHONE = (390, 844)
# The example's listed resources (the ended and the upcoming giveaway are not among them).
LISTED = 10


def shown_resources(page: object) -> list[str]:
    """The ids of the resource cards a visitor can see, in page order."""
    return page.eval_on_selector_all(  # type: ignore[attr-defined]
        "li.fd-resource-card",
        """cards => cards
            .filter(card => card.checkVisibility())
            .map(card => new URL(card.querySelector('a').href).pathname.split('/').filter(Boolean).pop())""",
    )


def count_text(n: int) -> str:
    return "1 resource shown" if n == 1 else f"{n} resources shown"


def open_resources(open_page: object, served_site: str, query: str = "") -> object:
    watched = open_page(served_site + "resources/" + query, *PHONE)  # type: ignore[operator]
    page = watched.page
    expect(page.locator("form.fd-filters")).to_be_visible()
    assert watched.errors == [], watched.errors
    return page


@pytest.mark.browser
def test_filters_narrow_the_cards_on_a_phone(open_page, served_site):
    page = open_resources(open_page, served_site)
    expect(page.locator(".fd-count")).to_have_text(count_text(LISTED))
    assert len(shown_resources(page)) == LISTED
    # Nothing is wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE[0]

    page.get_by_role("button", name="Filters").click()  # on a phone the filters fold behind this button
    page.select_option("#fd-kind", "giveaway")
    expect(page.locator(".fd-count")).to_have_text(count_text(1))
    assert shown_resources(page) == ["winter-headset-giveaway"]
    expect(page.locator("section.fd-group:visible")).to_have_count(1)
    expect(page.locator("section.fd-group:visible h2")).to_have_text("Giveaways")
    expect(page.locator("li.fd-resource-card:visible .fd-ends")).to_have_text("Ends in 25 days")
    assert parse_qs(urlsplit(page.url).query) == {"kind": ["giveaway"]}

    # Resources without an audience are for everyone, so they stay for any audience.
    page.select_option("#fd-kind", "")
    page.select_option("#fd-audience", "new-starters")
    expect(page.locator(".fd-count")).to_have_text(count_text(3))
    assert sorted(shown_resources(page)) == ["cyber-security-basics-course", "new-starter-it-checklist",
                                             "spot-the-phish"]

    page.select_option("#fd-audience", "")
    page.select_option("#fd-tag", "security")
    page.fill("#fd-q", "laptop")
    expect(page.locator(".fd-count")).to_have_text(count_text(1))
    assert shown_resources(page) == ["travel-security-checklist"]
    assert parse_qs(urlsplit(page.url).query) == {"tag": ["security"], "find": ["laptop"]}

    page.fill("#fd-q", "no such thing")
    expect(page.locator(".fd-empty")).to_be_visible()
    page.get_by_role("button", name="Clear filters").click()
    expect(page.locator(".fd-count")).to_have_text(count_text(LISTED))
    assert urlsplit(page.url).query == ""


@pytest.mark.browser
def test_filters_are_restored_from_the_url_and_after_going_back(open_page, served_site):
    page = open_resources(open_page, served_site, "?kind=checklist&audience=managers")
    expect(page.locator("#fd-kind")).to_have_value("checklist")
    expect(page.locator("#fd-audience")).to_have_value("managers")
    expect(page.locator(".fd-count")).to_have_text(count_text(1))
    assert shown_resources(page) == ["new-starter-it-checklist"]

    page.get_by_role("link", name="New starter IT checklist", exact=True).click()
    page.wait_for_url(re.compile(r"/it/resources/new-starter-it-checklist/$"))
    download = page.locator("a.fd-download")
    expect(download).to_be_visible()
    expect(download).to_contain_text("PDF")
    box = download.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE[1], "the download button is in the first screen"
    response = page.request.get(download.evaluate("a => a.href"))
    assert response.ok and response.body().startswith(b"%PDF-")

    page.go_back()
    page.wait_for_url(re.compile(r"/it/resources/\?"))
    expect(page.locator("#fd-kind")).to_have_value("checklist")
    expect(page.locator("#fd-audience")).to_have_value("managers")
    expect(page.locator(".fd-count")).to_have_text(count_text(1))
    assert shown_resources(page) == ["new-starter-it-checklist"]


@pytest.mark.browser
def test_without_javascript_every_listed_resource_is_shown(browser, served_site):
    context = browser.new_context(java_script_enabled=False, viewport={"width": PHONE[0], "height": PHONE[1]})
    try:
        page = context.new_page()
        page.goto(served_site + "resources/")
        expect(page.locator("form.fd-filters")).to_be_hidden()
        expect(page.locator("li.fd-resource-card:visible")).to_have_count(LISTED)
    finally:
        context.close()
