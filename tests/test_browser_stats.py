"""The /stats/ dashboard in a real browser: sorting and filtering by mouse and keyboard."""

from __future__ import annotations

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails under CI=true) before any test body runs
    expect = None

# The example site publishes stats for 14 services; two of them are in the network category.
MEASURED = 14


def visible_services(page: object) -> list[str]:
    return page.eval_on_selector_all(  # type: ignore[attr-defined]
        "table.fd-stats-dashboard tbody tr",
        "rows => rows.filter(r => r.checkVisibility()).map(r => r.querySelector('th a').textContent)")


def column_values(page: object, column: int) -> list[float | None]:
    return page.eval_on_selector_all(  # type: ignore[attr-defined]
        "table.fd-stats-dashboard tbody tr",
        f"""rows => rows.filter(r => r.checkVisibility()).map(r => {{
            const value = r.cells[{column}].dataset.sortValue;
            return value === '' ? null : parseFloat(value);
        }})""")


def open_dashboard(open_page: object, served_site: str) -> object:
    watched = open_page(served_site + "stats/")  # type: ignore[operator]
    page = watched.page
    expect(page.locator("form.fd-stats-filter")).to_be_visible()
    assert watched.errors == [] and watched.failures == []
    return page


@pytest.mark.browser
def test_clicking_a_column_header_sorts_the_table(open_page, served_site):
    page = open_dashboard(open_page, served_site)
    header = page.locator("table.fd-stats-dashboard thead th").nth(2)
    button = header.get_by_role("button", name="Availability")
    button.click()
    expect(header).to_have_attribute("aria-sort", "ascending")
    values = column_values(page, 2)
    numbers = [v for v in values if v is not None]
    assert numbers == sorted(numbers) and len(numbers) == MEASURED
    button.click()
    expect(header).to_have_attribute("aria-sort", "descending")
    numbers = column_values(page, 2)
    assert numbers == sorted(numbers, reverse=True)
    # Only one column says how the table is sorted.
    expect(page.locator("table.fd-stats-dashboard thead th[aria-sort]")).to_have_count(1)
    page.get_by_role("button", name="Service").click()
    expect(page.locator("table.fd-stats-dashboard thead th").first).to_have_attribute("aria-sort", "ascending")
    names = visible_services(page)
    assert names == sorted(names, key=str.lower)


@pytest.mark.browser
def test_sorting_and_filtering_work_from_the_keyboard(open_page, served_site):
    page = open_dashboard(open_page, served_site)
    resolution = page.get_by_role("button", name="Resolution (median)")
    resolution.focus()
    page.keyboard.press("Enter")
    header = page.locator("table.fd-stats-dashboard thead th").nth(4)
    expect(header).to_have_attribute("aria-sort", "ascending")
    page.keyboard.press("Space")
    expect(header).to_have_attribute("aria-sort", "descending")
    hours = column_values(page, 4)
    assert hours == sorted(hours, reverse=True)

    select = page.locator("#fd-stats-category")
    select.focus()
    page.keyboard.press("ArrowDown")  # the first category: Accounts and access
    expect(select).to_have_value("accounts")
    expect(page.locator(".fd-stats-count")).to_have_text("2 services shown")
    assert sorted(visible_services(page)) == ["Accounts and passwords", "Multi-factor authentication (MFA)"]


@pytest.mark.browser
def test_category_filter_narrows_the_rows_by_mouse(open_page, served_site):
    page = open_dashboard(open_page, served_site)
    expect(page.locator(".fd-stats-count")).to_have_text(f"{MEASURED} services shown")
    page.select_option("#fd-stats-category", "network")
    expect(page.locator(".fd-stats-count")).to_have_text("2 services shown")
    assert sorted(visible_services(page)) == ["VPN (remote access)", "Wi-Fi"]
    # Sorting keeps the filter.
    page.get_by_role("button", name="Availability").click()
    assert len(visible_services(page)) == 2
    page.select_option("#fd-stats-category", "")
    assert len(visible_services(page)) == MEASURED


@pytest.mark.browser
def test_without_javascript_the_table_is_complete(browser, served_site):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(served_site + "stats/")
        expect(page.locator("form.fd-stats-filter")).to_be_hidden()
        expect(page.locator("table.fd-stats-dashboard tbody tr:visible")).to_have_count(MEASURED)
        expect(page.locator("table.fd-stats-dashboard thead button")).to_have_count(0)
        expect(page.locator("svg.fd-chart")).to_have_count(0)
        page.goto(served_site + "services/vpn/")
        expect(page.locator("svg.fd-chart")).to_have_count(4)
        expect(page.locator("svg.fd-chart").first).to_be_visible()
    finally:
        context.close()


# Every chart's text, measured where the browser draws it: its rendered size, its box, and the
# boxes of the data (each month's dot and the line through them), in CSS pixels.
CHART_GEOMETRY = """svgs => svgs.map(svg => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const box = r => ({left: r.left, right: r.right, top: r.top, bottom: r.bottom});
    const labels = [...svg.querySelectorAll('text')].map(t => ({
        text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale,
        box: box(t.getBoundingClientRect())}));
    const matrix = svg.getScreenCTM();
    const dots = [];
    for (const path of svg.querySelectorAll('.fd-chart__points')) {
        for (const move of path.getAttribute('d').matchAll(/M([\\d.]+) ([\\d.]+)/g)) {
            const point = new DOMPoint(+move[1], +move[2]).matrixTransform(matrix);
            dots.push({x: point.x, y: point.y});
        }
    }
    return {chart: svg.querySelector('title').textContent, labels, dots, radius: 3 * scale};
})"""


def overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_chart_text_is_readable_and_clear_of_other_labels_and_the_data(open_page, served_site, width):
    watched = open_page(served_site + "services/vpn/", width=width)
    charts = watched.page.eval_on_selector_all("svg.fd-chart", CHART_GEOMETRY)
    assert len(charts) == 4
    for chart in charts:
        labels = chart["labels"]
        for label in labels:
            assert label["px"] >= 12, f"{chart['chart']}: {label['text']!r} is drawn at {label['px']:.1f}px"
        for n, first in enumerate(labels):
            for second in labels[n + 1:]:
                assert not overlap(first["box"], second["box"]), (
                    f"{chart['chart']}: {first['text']!r} overlaps {second['text']!r}")
            for dot in chart["dots"]:
                r = chart["radius"]
                around = {"left": dot["x"] - r, "right": dot["x"] + r, "top": dot["y"] - r, "bottom": dot["y"] + r}
                assert not overlap(first["box"], around), f"{chart['chart']}: {first['text']!r} covers a month's dot"


# For a table: words broken across lines, a caption reaching past the screen, cells without a rule
# between rows, and whether the page itself (not the table's box) scrolls sideways.
TABLE_LAYOUT = """table => {
    const broken = [];
    for (const cell of table.querySelectorAll('tbody th, thead th')) {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const match of node.textContent.matchAll(/\\S+/g)) {
                const range = document.createRange();
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
                if (lines.size > 1) broken.push(match[0]);
            }
        }
    }
    const caption = table.caption.getBoundingClientRect();
    const cell = getComputedStyle(table.querySelector('tbody td'));
    const box = table.closest('.fd-table-scroll');
    return {broken, captionRight: caption.right, width: innerWidth,
            rule: parseFloat(cell.borderBottomWidth), scrolls: box.scrollWidth > box.clientWidth,
            shadow: getComputedStyle(box).backgroundImage.includes('gradient'),
            pageWidth: document.documentElement.scrollWidth};
}"""


@pytest.mark.browser
@pytest.mark.parametrize("url", ["stats/", "services/vpn/"])
def test_tables_on_a_phone_keep_words_whole_and_scroll_inside_their_box(open_page, served_site, url):
    watched = open_page(served_site + url, width=390)
    selector = "table.fd-stats-dashboard" if url == "stats/" else "table.fd-stats-table"
    layout = watched.page.eval_on_selector(selector, TABLE_LAYOUT)
    assert layout["broken"] == [], f"words broken across lines: {layout['broken']}"
    assert layout["captionRight"] <= layout["width"], "the caption runs off the screen"
    assert layout["rule"] >= 1, "rows have no rule between them"
    assert layout["pageWidth"] <= layout["width"], "the page scrolls sideways"
    # The table is wider than a phone: it scrolls in its own box, whose edges show a shadow.
    assert layout["scrolls"] and layout["shadow"]
