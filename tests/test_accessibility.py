"""Accessibility in a real browser: axe-core finds nothing serious, and the keyboard reaches every control.

axe-core comes from a Python package, axe-playwright-python (pinned in the test extras), which ships
axe-core's browser build; it is injected into each page. Like the other browser tests these are
skipped locally without Chromium, and fail under CI=true.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import _no_browser

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails under CI=true) before any test body runs
    expect = None

PAGES = ["", "services/", "services/vpn/", "stats/", "newsletter/2026/wifi-upgrade/", "resources/",
         "status/", "status/incidents/2026/vpn-outage/", "services/email-and-calendar/",
         "newsletter/", "services/network/", "tags/", "404.html",
         # Listening, the roadmap and the briefs: each kind of page once.
         "surveys/", "surveys/2026-autumn/", "you-said-we-did/", "departments/", "departments/finance/",
         "roadmap/", "roadmap/department/finance/approved/", "roadmap/password-manager-rollout/",
         "briefs/", "briefs/2026-10/", "briefs/2026-10/finance/"]
VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}
# Playwright's colour scheme, and the Material palette it selects (the palette follows the media query).
SCHEMES = {"light": "default", "dark": "slate"}
BLOCKING = ("serious", "critical")


@pytest.fixture(scope="session")
def axe_script() -> Path:
    """axe-core's browser build, as the axe-playwright-python package ships it."""
    spec = importlib.util.find_spec("axe_playwright_python")
    axe = Path(spec.origin).parent / "axe.min.js" if spec and spec.origin else None
    if axe is None or not axe.is_file():
        _no_browser("axe-core (the axe-playwright-python package) is not installed",
                    "install the test extras: pip install -e '.[test]'")
    return axe


@pytest.fixture
def open_as(browser: object) -> Iterator[object]:
    """Opens a page in a fresh context with a viewport and a light or dark colour scheme."""
    contexts = []

    def opener(url: str, viewport: str = "desktop", scheme: str = "light") -> object:
        width, height = VIEWPORTS[viewport]
        context = browser.new_context(  # type: ignore[attr-defined]
            viewport={"width": width, "height": height}, color_scheme=scheme)
        contexts.append(context)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(url)
        page.wait_for_load_state("networkidle")
        assert errors == [], errors
        # Material picked the palette that matches the colour scheme.
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == SCHEMES[scheme]
        return page

    yield opener
    for context in contexts:
        context.close()


def blocking_violations(page: object, axe: Path) -> list[dict]:
    """axe-core's serious and critical violations on the page once it has settled.

    Colours are measured as painted, so a panel still fading in (Material's search overlay, for
    one) would show blended, too-light colours: wait until no transition or animation runs.
    """
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => document.getAnimations().every(animation => animation.playState !== 'running')")
    if not page.evaluate("typeof window.axe !== 'undefined'"):  # type: ignore[attr-defined]
        page.add_script_tag(path=str(axe))  # type: ignore[attr-defined]
    results = page.evaluate(  # type: ignore[attr-defined]
        "() => axe.run(document, {resultTypes: ['violations']})")
    return [v for v in results["violations"] if v["impact"] in BLOCKING]


def describe(violations: list[dict]) -> str:
    """Each violation's rule, help and the nodes that fail it, for the failure message."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} — {violation['helpUrl']}")
        for node in violation["nodes"]:
            summary = node.get("failureSummary", "").replace("\n", " ")
            lines.append(f"    {' '.join(map(str, node['target']))}: {summary}")
    return "\n".join(lines)


@pytest.mark.browser
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("path", PAGES, ids=lambda path: path or "home")
def test_no_serious_accessibility_violations(open_as, served_site, axe_script, path, viewport, scheme):
    page = open_as(served_site + path, viewport, scheme)
    violations = blocking_violations(page, axe_script)
    assert violations == [], f"/{path} ({viewport}, {scheme}):\n" + describe(violations)


@pytest.mark.browser
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_search_dialog_has_no_serious_violations(open_as, served_site, axe_script, viewport, scheme):
    page = open_as(served_site + "services/", viewport, scheme)
    # A phone shows a search button; a wider screen shows the search field itself.
    button = page.locator("label.md-header__button[for='__search']")
    (button if button.is_visible() else page.locator("input.md-search__input")).click()
    dialog = page.locator(".md-search[role='dialog']")
    expect(page.locator("input.md-search__input")).to_be_focused()
    expect(dialog).to_have_accessible_name(re.compile(r"\S"))
    page.locator("input.md-search__input").press_sequentially("vpn")
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    violations = blocking_violations(page, axe_script)
    assert violations == [], f"search dialog ({viewport}, {scheme}):\n" + describe(violations)


# ---- Keyboard ----

# The focused element shows an outline or a shadow; Material's palette toggle is a visually hidden
# radio button that shows its focus on the label after it (the visible button).
FOCUS_INDICATOR = """() => {
    const element = document.activeElement;
    const hidden = element.matches('input.md-option');
    return [element, ...(hidden ? [element.nextElementSibling] : [])].some(shown => {
        const style = getComputedStyle(shown);
        const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
        return outline || style.boxShadow !== 'none';
    });
}"""


def focused(page: object) -> str:
    """A short description of the focused element: its id, or its tag and text."""
    return page.evaluate(  # type: ignore[attr-defined]
        """() => {
            const element = document.activeElement;
            if (!element || element === document.body) return '';
            if (element.id) return '#' + element.id;
            return element.tagName.toLowerCase() + ':' + (element.textContent || '').trim();
        }""")


def tab_to(page: object, target: str, limit: int = 80) -> list[str]:
    """Press Tab until the focused element is `target`; every stop on the way shows where focus is."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")  # type: ignore[attr-defined]
        stop = focused(page)
        stops.append(stop)
        assert page.evaluate(FOCUS_INDICATOR), f"{stop} has no visible focus indicator"  # type: ignore[attr-defined]
        if stop == target:
            return stops
    pytest.fail(f"{target} not reached after {limit} presses of Tab: {stops}")


def query_of(page: object) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)  # type: ignore[attr-defined]


def visible_count(page: object, selector: str) -> int:
    return page.eval_on_selector_all(  # type: ignore[attr-defined]
        selector, "items => items.filter(item => item.checkVisibility()).length")


def expect_visible_count(page: object, selector: str, count: int) -> None:
    """Wait (up to Playwright's timeout) until exactly `count` of these items show: clearing a form filters
    once the form's reset has happened, a moment after the select's value reads empty."""
    page.wait_for_function(  # type: ignore[attr-defined]
        "([selector, count]) => [...document.querySelectorAll(selector)]"
        ".filter(item => item.checkVisibility()).length === count", arg=[selector, count])


@pytest.mark.browser
@pytest.mark.parametrize("scheme", SCHEMES)
def test_catalogue_filters_work_from_the_keyboard(open_as, served_site, scheme):
    page = open_as(served_site + "services/", "desktop", scheme)
    everything = visible_count(page, "li.fd-card")
    tab_to(page, "#fd-q")
    # The filters are the next stops, in order, each with a visible focus indicator.
    order = ["#fd-category", "#fd-audience", "#fd-lifecycle", "#fd-tag", "#fd-retired", "button:Clear filters"]
    for control in order:
        assert tab_to(page, control, limit=1) == [control]

    # Back to the audience select: the keyboard changes it, and the cards and the URL follow.
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert focused(page) == "#fd-audience"
    page.keyboard.press("ArrowDown")
    expect(page.locator("#fd-audience")).to_have_value("staff")
    expect(page.locator(".fd-count")).not_to_have_text(f"{everything} services shown")
    narrowed = visible_count(page, "li.fd-card")
    assert 0 < narrowed < everything
    assert query_of(page) == {"audience": ["staff"]}

    # Space ticks "Show retired services"; Enter on "Clear filters" resets everything.
    tab_to(page, "#fd-retired", limit=3)
    page.keyboard.press("Space")
    expect(page.locator("#fd-retired")).to_be_checked()
    assert query_of(page) == {"audience": ["staff"], "retired": ["1"]}
    tab_to(page, "button:Clear filters", limit=1)
    page.keyboard.press("Enter")
    expect(page.locator("#fd-audience")).to_have_value("")
    expect(page.locator("#fd-retired")).not_to_be_checked()
    expect(page.locator(".fd-count")).to_have_text(f"{everything} services shown")
    assert urlsplit(page.url).query == ""


def dashboard_rows(page: object) -> list[str]:
    return page.eval_on_selector_all(  # type: ignore[attr-defined]
        "table.fd-stats-dashboard tbody tr",
        "rows => rows.filter(r => r.checkVisibility()).map(r => r.querySelector('th').textContent.trim())")


@pytest.mark.browser
@pytest.mark.parametrize("scheme", SCHEMES)
def test_dashboard_sorts_from_the_keyboard(open_as, served_site, scheme):
    page = open_as(served_site + "stats/", "desktop", scheme)
    headers = page.locator("table.fd-stats-dashboard thead th")
    names = page.locator("table.fd-stats-dashboard thead .fd-sort").all_text_contents()
    assert len(names) >= 3, names
    tab_to(page, "#fd-stats-category")
    # Every sortable column header is a Tab stop, in order, after the category filter.
    for name in names:
        tab_to(page, f"button:{name.strip()}", limit=1)
    before = dashboard_rows(page)

    # Back to the first column ("Service"): Enter sorts ascending, Space descending.
    for _ in names[1:]:
        page.keyboard.press("Shift+Tab")
    assert focused(page) == f"button:{names[0].strip()}"
    page.keyboard.press("Enter")
    expect(headers.first).to_have_attribute("aria-sort", "ascending")
    ascending = dashboard_rows(page)
    assert ascending == sorted(before, key=str.lower)
    page.keyboard.press("Space")
    expect(headers.first).to_have_attribute("aria-sort", "descending")
    assert dashboard_rows(page) == list(reversed(ascending))
    assert dashboard_rows(page) != before

    # The next header takes over: only one column says how the table is sorted.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(headers.nth(1)).to_have_attribute("aria-sort", "ascending")
    expect(page.locator("table.fd-stats-dashboard thead th[aria-sort]")).to_have_count(1)


@pytest.mark.browser
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_resource_filters_work_from_the_keyboard(open_as, served_site, viewport):
    page = open_as(served_site + "resources/", viewport)
    everything = visible_count(page, "li.fd-resource-card")
    tab_to(page, "#fd-q")
    if viewport == "phone":  # the filters beside the text box fold behind a button
        assert tab_to(page, "button:Filters", limit=1) == ["button:Filters"]
        page.keyboard.press("Enter")
    for control in ["#fd-kind", "#fd-audience", "#fd-tag", "button:Clear filters"]:
        assert tab_to(page, control, limit=1) == [control]
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert focused(page) == "#fd-kind"
    page.keyboard.press("ArrowDown")
    expect(page.locator("#fd-kind")).not_to_have_value("")
    kind = page.locator("#fd-kind").input_value()
    assert query_of(page) == {"kind": [kind]}
    assert 0 < visible_count(page, "li.fd-resource-card") < everything


@pytest.mark.browser
@pytest.mark.parametrize("scheme", SCHEMES)
def test_action_filters_work_from_the_keyboard(open_as, served_site, scheme):
    page = open_as(served_site + "you-said-we-did/", "desktop", scheme)
    everything = visible_count(page, "li.fd-action")
    tab_to(page, "#fd-department")
    for control in ["#fd-service", "button:Clear filters"]:
        assert tab_to(page, control, limit=1) == [control]
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert focused(page) == "#fd-department"
    page.keyboard.press("ArrowDown")
    department = page.locator("#fd-department").input_value()
    assert department and query_of(page) == {"department": [department]}
    assert 0 < visible_count(page, "li.fd-action") < everything
    tab_to(page, "button:Clear filters", limit=2)
    page.keyboard.press("Enter")
    expect(page.locator("#fd-department")).to_have_value("")
    expect_visible_count(page, "li.fd-action", everything)


@pytest.mark.browser
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_roadmap_filters_work_from_the_keyboard(open_as, served_site, viewport):
    page = open_as(served_site + "roadmap/", viewport)
    everything = visible_count(page, "li.fd-roadmap-card")
    tab_to(page, "#fd-department")
    for control in ["#fd-status", "button:Clear filters"]:
        assert tab_to(page, control, limit=1) == [control]
    page.keyboard.press("Shift+Tab")
    assert focused(page) == "#fd-status"
    page.keyboard.press("ArrowDown")
    status = page.locator("#fd-status").input_value()
    assert status and query_of(page) == {"status": [status]}
    assert 0 < visible_count(page, "li.fd-roadmap-card") < everything
    tab_to(page, "button:Clear filters", limit=1)
    page.keyboard.press("Enter")
    expect(page.locator("#fd-status")).to_have_value("")
    expect_visible_count(page, "li.fd-roadmap-card", everything)
