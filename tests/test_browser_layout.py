"""Layout a reader notices, in Chromium at phone and desktop widths: text squeezed into a strip."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import copy_project, run_build, serve_folder

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails under CI=true) before any test body runs
    expect = None

NEWEST_ISSUE = "newsletter/2026-11-02-wifi-upgrade.md"

# Pages of every kind the site makes.
PAGES = ["", "services/", "services/vpn/", "services/network/", "stats/", "newsletter/",
         "newsletter/2026/wifi-upgrade/", "resources/", "resources/winter-headset-giveaway/", "tags/",
         "tags/network/", "about/", "404.html", "status/", "status/incidents/2026/vpn-outage/",
         "status/maintenance/2026/email-patching/", "roadmap/", "roadmap/password-manager-rollout/", "briefs/",
         "briefs/2026-10/", "departments/finance/", "you-said-we-did/", "surveys/2026-autumn/"]

# Blocks of text of more than 20 words drawn narrower than 30% of their container: the list item,
# card or article they belong to, or else the page's content column.
NARROW_TEXT = """() => {
    const container = block => (block.parentElement.closest('li, article, .md-content__inner')
                                || document.querySelector('.md-content__inner')).getBoundingClientRect().width;
    return [...document.querySelectorAll('.md-content p, .md-content li, .md-content dd')]
        .filter(block => block.checkVisibility() && block.innerText.trim().split(/\\s+/).length > 20)
        .filter(block => ![...block.children].some(child => /^(P|UL|OL|DL|DIV)$/.test(child.tagName)))
        .map(block => ({text: block.innerText.slice(0, 60),
                        share: block.getBoundingClientRect().width / container(block)}))
        .filter(block => block.share < 0.3);
}"""


# Words of a table that scrolls in its box (.fd-table-scroll) which a line break cuts in two ('conversatio / n'):
# the word's range has a box on each line. Hyphens and dashes are places a line may break.
CUT_WORDS = """() => {
    const cut = [];
    for (const table of document.querySelectorAll('.fd-table-scroll table')) {
        const walker = document.createTreeWalker(table, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const match of node.textContent.matchAll(/[^\\s\\-\u2013\u2014]+/g)) {
                const range = document.createRange();
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                if (range.getClientRects().length > 1) cut.push(match[0]);
            }
        }
    }
    return cut;
}"""


@pytest.mark.browser
@pytest.mark.parametrize("url", ["departments/", "departments/finance/", "briefs/2026-10/", "stats/"])
def test_a_table_that_scrolls_in_its_box_never_cuts_a_word_in_two(open_page, served_site, url):
    watched = open_page(served_site + url, width=390)
    assert watched.page.evaluate("document.querySelectorAll('.fd-table-scroll table').length") > 0
    assert watched.page.evaluate(CUT_WORDS) == [], url


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("url", PAGES)
def test_no_long_text_is_squeezed_into_a_narrow_strip(open_page, served_site, url, width, scheme):
    watched = open_page(served_site + url, width=width, scheme=scheme)
    narrow = watched.page.evaluate(NARROW_TEXT)
    assert narrow == [], f"{url or '/'} at {width}px: {narrow}"
    assert watched.page.evaluate("document.documentElement.scrollWidth <= innerWidth"), "the page scrolls sideways"


@pytest.fixture(scope="module")
def site_with_a_text_only_issue(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The example with its newest issue's cover image taken away, served on 127.0.0.1."""
    project = copy_project(tmp_path_factory.mktemp("text-only") / "project")
    issue = project / NEWEST_ISSUE
    issue.write_text("".join(line for line in issue.read_text("utf-8").splitlines(keepends=True)
                             if not line.startswith("image:")), "utf-8")
    build = run_build(project, project.parent / "site", "--strict")
    assert build.returncode == 0, build.output
    with serve_folder(build.site) as url:
        yield url


@pytest.mark.browser
@pytest.mark.parametrize("url", ["", "newsletter/"])
def test_an_issue_without_a_cover_image_uses_the_whole_width(browser, open_page, site_with_a_text_only_issue, url):
    watched = open_page(site_with_a_text_only_issue + url, width=1280)
    shares = watched.page.eval_on_selector_all(
        "li.fd-issue", "items => items.map(li => [!!li.querySelector('img'),"
        " li.querySelector('.fd-issue__text').getBoundingClientRect().width / li.getBoundingClientRect().width])")
    without_image = [share for has_image, share in shares if not has_image]
    assert without_image, "the newest issue is listed without an image"
    assert all(share > 0.9 for share in without_image), shares


# Cards by row (their top edge): how many, and where each one's badge and figure sit.
CARD_ROWS = """cards => {
    const rows = {};
    for (const card of cards.filter(c => c.checkVisibility())) {
        const top = Math.round(card.getBoundingClientRect().top);
        const badge = card.querySelector('.fd-badge').getBoundingClientRect().top;
        (rows[top] = rows[top] || []).push(Math.round(badge));
    }
    return Object.values(rows);
}"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 800, 1024, 1280])
def test_popular_services_leave_no_card_alone_on_a_row(open_page, served_site, width):
    watched = open_page(served_site, width=width)
    rows = watched.page.eval_on_selector_all(".fd-cards--featured > li", CARD_ROWS)
    columns = max(len(row) for row in rows)
    assert columns == 1 or all(len(row) > 1 for row in rows), f"at {width}px the rows hold {rows}"


@pytest.mark.browser
@pytest.mark.parametrize("url", ["", "services/"])
def test_badges_sit_at_one_height_along_a_row_of_cards(open_page, served_site, url):
    watched = open_page(served_site + url, width=1280)
    for row in watched.page.eval_on_selector_all("li.fd-card", CARD_ROWS):
        assert max(row) - min(row) <= 1, f"badges at {row} along one row"


@pytest.mark.browser
@pytest.mark.parametrize("url", ["services/", "resources/"])
def test_on_a_phone_the_filters_fold_behind_a_button_that_counts_them(open_page, served_site, url):
    page = open_page(served_site + url, width=390, height=844).page
    toggle = page.locator(".fd-filters__toggle")
    expect(toggle).to_have_text("Filters")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.locator(".fd-filters__more select").first).to_be_hidden()
    expect(page.locator("#fd-q")).to_be_visible()
    # The first screen shows the first card, not only filters.
    assert page.locator(".fd-card").first.bounding_box()["y"] < 844
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    select = page.locator(".fd-filters__more select").first
    expect(select).to_be_visible()
    select.select_option(index=1)
    expect(toggle).to_have_text("Filters (1 active)")


@pytest.mark.browser
def test_the_count_of_active_filters_follows_the_address(open_page, served_site):
    page = open_page(served_site + "services/?category=network&audience=staff", width=390).page
    expect(page.locator(".fd-filters__toggle")).to_have_text("Filters (2 active)")


@pytest.mark.browser
def test_on_a_wide_screen_every_filter_is_in_view(open_page, served_site):
    page = open_page(served_site + "services/", width=1280).page
    expect(page.locator(".fd-filters__toggle")).to_be_hidden()
    expect(page.locator("#fd-category")).to_be_visible()
