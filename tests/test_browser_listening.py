"""/you-said-we-did/ and a department page in a real browser (axe-core checks them in test_accessibility.py):
the filters work, and the department page prints on at most two A4 pages without navigation.

The print view is Chromium's own PDF output (`page.pdf()` with print media), read back with pypdf.
"""

from __future__ import annotations

import io
import unicodedata

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails under CI=true) before any test body runs
    expect = None


def shown_said(page: object) -> list[str]:
    cards = page.locator("li.fd-action:visible .fd-action__said")  # type: ignore[attr-defined]
    return [" ".join(text.split()) for text in cards.all_inner_texts()]


@pytest.mark.browser
def test_the_filters_narrow_the_actions_and_keep_their_state_in_the_address(open_page, served_site):
    watched = open_page(served_site + "you-said-we-did/")
    page = watched.page
    expect(page.get_by_role("search", name="Filter actions")).to_be_visible()
    assert len(shown_said(page)) == 6
    page.get_by_label("Department", exact=True).select_option("life-sciences")
    expect(page.locator(".fd-count")).to_have_text("2 actions shown")
    assert page.url.endswith("you-said-we-did/?department=life-sciences")
    expect(page.get_by_role("heading", name="Done", exact=True)).to_be_hidden()
    page.get_by_label("Service", exact=True).select_option("backups")
    expect(page.locator(".fd-count")).to_have_text("1 action shown")
    assert shown_said(page) == ["You said: Research data storage quotas are too small for microscopy images."]
    page.get_by_role("button", name="Clear filters").click()
    expect(page.locator(".fd-count")).to_have_text("6 actions shown")
    # A department page's link opens the listing filtered to it.
    other = open_page(served_site + "departments/finance/").page
    other.get_by_role("link", name="Every action for Finance").click()
    expect(other.locator(".fd-count")).to_have_text("2 actions shown")


@pytest.mark.browser
def test_without_javascript_every_action_shows(browser, served_site):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(served_site + "you-said-we-did/?department=finance")
        expect(page.locator("li.fd-action")).to_have_count(6)
        expect(page.get_by_role("search", name="Filter actions")).to_be_hidden()
    finally:
        context.close()


@pytest.mark.browser
def test_a_department_page_prints_on_two_a4_pages_without_navigation(open_page, served_site):
    from pypdf import PdfReader

    page = open_page(served_site + "departments/finance/").page
    page.emulate_media(media="print")
    reader = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    assert 1 <= len(reader.pages) <= 2
    box = reader.pages[0].mediabox
    assert (int(box.width), int(box.height)) == (595, 842)  # A4, 210 × 297 mm, in points
    # NFKC: Chromium's fonts set "fi" as one ligature glyph.
    text = unicodedata.normalize("NFKC", " ".join(" ".join(p.extract_text() for p in reader.pages).split()))
    # What the relationship manager needs is there, the manager first (the kicker is set in capitals) ...
    assert text.index("YOUR RELATIONSHIP MANAGER") < text.index("Objectives") < text.index("Services they rely on")
    for wanted in ("Tom Okafor", "tom.okafor@fernhill.example", "Book a conversation",
                   "(https://intranet.fernhill.example/bookings/tom-okafor)", "Close each month within five",
                   "Multi-factor authentication", "You said", "Printing changes"):
        assert wanted in text, wanted
    # ... and nothing of the site's navigation: tabs, search, footer, skip link.
    for chrome in ("Home Services Stats", "Newsletter Resources", "Search", "Skip to content", "Made with",
                   "Fernhill Research Institute — IT Services", "Back to top", "Listening"):
        assert chrome not in text, chrome


@pytest.mark.browser
def test_the_print_rules_change_department_pages_only(open_page, served_site):
    """In print, a department page's text is 9pt (12px) and its tabs are hidden; a service page keeps its own."""
    def printed(path: str) -> tuple[str, str]:
        page = open_page(served_site + path).page
        page.emulate_media(media="print")
        return (page.evaluate("getComputedStyle(document.querySelector('article.md-typeset')).fontSize"),
                page.evaluate("getComputedStyle(document.querySelector('.md-tabs')).display"))

    assert printed("departments/finance/") == ("12px", "none")
    assert printed("services/vpn/")[0] != "12px"
