"""/status/ and a status banner in a real browser: readable without JavaScript, nothing fails to load."""

from __future__ import annotations

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails under CI=true) before any test body runs
    expect = None


@pytest.mark.browser
@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_the_status_page_shows_the_state_of_every_service(browser, served_site, javascript):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=javascript)
    try:
        page = context.new_page()
        failures: list[str] = []
        page.on("requestfailed", lambda request: failures.append(request.url))
        page.goto(served_site + "status/")
        expect(page.get_by_role("heading", name="Service status", level=1)).to_be_visible()
        expect(page.locator(".fd-status__as-of")).to_contain_text("Status as of 09:00")
        mfa = page.locator("#service-multi-factor-authentication")
        expect(mfa.locator(".fd-state")).to_have_text("Degraded")
        expect(mfa.get_by_role("img")).to_have_attribute("aria-label", "Last 90 days: 89 days operational, "
                                                                      "1 day degraded")
        strip = page.locator("#service-vpn svg.fd-strip")
        box = strip.bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 10
        # The days table opens with a click (a <details>), no script needed.
        vpn = page.locator("#service-vpn")
        vpn.locator("summary").click()
        expect(vpn.get_by_role("table")).to_be_visible()
        expect(vpn.get_by_role("cell", name="10 November 2026")).to_be_visible()
        assert failures == []
    finally:
        context.close()


@pytest.mark.browser
def test_a_dependent_service_page_says_it_may_be_affected(open_page, served_site):
    watched = open_page(served_site + "services/email-and-calendar/")
    banner = watched.page.get_by_role("region", name="Service status")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("May be affected: needs Multi-factor authentication (MFA)")
    assert watched.errors == [] and watched.failures == [], "\n".join(watched.requests)
    banner.get_by_role("link", name="Status of every service").click()
    expect(watched.page).to_have_url(served_site + "status/")


@pytest.mark.browser
@pytest.mark.parametrize("url", ["status/", "services/vpn/", ""], ids=["status", "service", "home"])
def test_pages_with_feed_autodiscovery_request_nothing_that_fails_or_leaves_the_site(browser, served_site, url):
    # Material fetches sitemap.xml in the folder of every <link rel="alternate">: beside the status feeds it
    # must find status/sitemap.xml, not a 404.
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        requests: list[str] = []
        answers: list[tuple[int, str]] = []
        failures: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.on("response", lambda response: answers.append((response.status, response.url)))
        page.on("requestfailed", lambda request: failures.append(request.url))
        page.goto(served_site + url)
        page.wait_for_load_state("networkidle")
        assert page.locator('link[rel="alternate"][href$="/status/feed.xml"]').count() == 1
        origin = served_site.split("/it/")[0] + "/"
        assert [r for r in requests if not r.startswith(origin)] == []
        assert [(status, u) for status, u in answers if status >= 400] == []
        assert failures == []
        assert (200, served_site + "status/sitemap.xml") in answers
        assert len(answers) == len(requests)  # every request was answered
    finally:
        context.close()


@pytest.fixture(scope="module")
def computed_site(tmp_path_factory):
    """The project of tests/test_status_stats.py (figures computed from incidents, planned outage shown
    apart), built and served on 127.0.0.1."""
    from conftest import run_build, serve_folder
    from test_status_stats import NOW, _project

    folder = tmp_path_factory.mktemp("computed-browser")
    build = run_build(_project(folder / "project"), folder / "site", "--strict", FRONTDESK_NOW=NOW)
    assert build.returncode == 0, build.output
    with serve_folder(build.site) as base:
        yield base


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [(390, 844), (1280, 900)], ids=["phone", "desktop"])
@pytest.mark.parametrize("path", ["services/vpn/", "stats/"])
def test_figures_computed_from_incidents_and_their_key_are_accessible(browser, computed_site, path, viewport, scheme):
    import importlib.util
    from pathlib import Path

    from conftest import _no_browser
    from test_accessibility import blocking_violations, describe

    spec = importlib.util.find_spec("axe_playwright_python")
    if spec is None or spec.origin is None:
        _no_browser("axe-core (the axe-playwright-python package) is not installed")

    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(computed_site + path)
        page.wait_for_load_state("networkidle")
        expect(page.locator(".fd-sources")).to_contain_text("Computed from incidents")
        violations = blocking_violations(page, Path(spec.origin).parent / "axe.min.js")
        assert violations == [], describe(violations)
    finally:
        context.close()
