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

