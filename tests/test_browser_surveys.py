"""A survey round's page in a real browser (axe-core checks it in test_accessibility.py): the chart is drawn
beside (or above) its table, and nothing fails to load."""

from __future__ import annotations

import pytest

VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("path", ["surveys/", "surveys/2026-autumn/"])
def test_survey_pages_load_and_fit_the_screen(browser, served_site, path, viewport, scheme):
    width, height = VIEWPORTS[viewport]
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
    try:
        page = context.new_page()
        failures: list[str] = []
        page.on("requestfailed", lambda request: failures.append(request.url))
        page.goto(served_site + path)
        page.wait_for_load_state("networkidle")
        assert failures == []
        if path != "surveys/":
            chart = page.locator("svg.fd-survey-chart").bounding_box()
            assert chart is not None and chart["width"] >= 250 and chart["width"] <= width
            # The page does not scroll sideways on a phone.
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    finally:
        context.close()
