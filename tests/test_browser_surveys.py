"""A survey round's page in a real browser: axe-core finds nothing serious at phone and desktop widths,
the chart is drawn beside (or above) its table, and nothing fails to load."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from test_accessibility import blocking_violations, describe

VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}


@pytest.fixture(scope="module")
def axe() -> Path:
    spec = importlib.util.find_spec("axe_playwright_python")
    assert spec is not None and spec.origin is not None, "axe-playwright-python is not installed"
    return Path(spec.origin).parent / "axe.min.js"


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("path", ["surveys/", "surveys/2026-autumn/"])
def test_survey_pages_have_no_serious_accessibility_violations(browser, served_site, axe, path, viewport, scheme):
    width, height = VIEWPORTS[viewport]
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
    try:
        page = context.new_page()
        failures: list[str] = []
        page.on("requestfailed", lambda request: failures.append(request.url))
        page.goto(served_site + path)
        page.wait_for_load_state("networkidle")
        violations = blocking_violations(page, axe)
        assert violations == [], f"/{path} ({viewport}, {scheme}):\n" + describe(violations)
        assert failures == []
        if path != "surveys/":
            chart = page.locator("svg.fd-survey-chart").bounding_box()
            assert chart is not None and chart["width"] >= 250 and chart["width"] <= width
            # The page does not scroll sideways on a phone.
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    finally:
        context.close()
