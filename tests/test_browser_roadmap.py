"""/roadmap/ in a real browser (axe-core checks its kinds of page in test_accessibility.py): the filters
keep their state in the address (a reload keeps them), and without JavaScript the filter links work."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import test_accessibility
from test_accessibility import VIEWPORTS, blocking_violations, describe

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails under CI=true) before any test body runs
    expect = None

# axe-core's browser build: the accessibility tests' fixture, offered here under its name.
axe_script = test_accessibility.axe_script


def shown_titles(page) -> list[str]:
    return [t.strip() for t in page.locator("li.fd-roadmap-card:visible .fd-card__title").all_inner_texts()]


@pytest.mark.browser
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_filters_keep_their_state_in_the_address_and_a_reload_keeps_it(open_page, served_site, axe_script,
                                                                           viewport):
    width, height = VIEWPORTS[viewport]
    watched = open_page(served_site + "roadmap/", width, height)
    page = watched.page
    # With JavaScript the form replaces the links to filtered pages.
    expect(page.locator("form.fd-filters")).to_be_visible()
    expect(page.locator("nav.fd-roadmap-links")).to_be_hidden()
    assert len(shown_titles(page)) == 8
    page.get_by_label("Department").select_option("finance")
    page.get_by_label("Status").select_option("approved")
    assert parse_qs(urlsplit(page.url).query) == {"department": ["finance"], "status": ["approved"]}
    assert shown_titles(page) == ["Single sign-on for the finance system"]
    expect(page.locator(".fd-count")).to_have_text("1 roadmap item shown")
    # Only the Now section has a match: the others are hidden.
    expect(page.get_by_role("heading", name="Now", level=2)).to_be_visible()
    expect(page.get_by_role("heading", name="Later", level=2)).to_be_hidden()
    violations = blocking_violations(page, axe_script)
    assert violations == [], describe(violations)
    page.reload()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_label("Department")).to_have_value("finance")
    expect(page.get_by_label("Status")).to_have_value("approved")
    assert shown_titles(page) == ["Single sign-on for the finance system"]
    page.get_by_label("Status").select_option("proposed")
    expect(page.locator(".fd-empty")).to_be_visible()
    page.get_by_role("button", name="Clear filters").click()
    expect(page.locator(".fd-count")).to_have_text("8 roadmap items shown")
    assert urlsplit(page.url).query == ""
    assert watched.errors == [] and watched.failures == []


@pytest.mark.browser
def test_without_javascript_the_filter_links_lead_to_filtered_pages(browser, served_site):
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(served_site + "roadmap/")
        expect(page.locator("form.fd-filters")).to_be_hidden()
        page.get_by_role("link", name="Life sciences (4)").click()
        expect(page).to_have_url(served_site + "roadmap/department/life-sciences/")
        expect(page.get_by_role("heading", name="Roadmap: Life sciences", level=1)).to_be_visible()
        page.get_by_role("link", name="Proposed (1)").click()
        expect(page).to_have_url(served_site + "roadmap/department/life-sciences/proposed/")
        assert shown_titles(page) == ["Long-term archive for research data"]
    finally:
        context.close()
