"""The newsletter in Chromium: a reader follows the autodiscovery link to a feed that parses."""

from __future__ import annotations

import feedparser
import pytest


@pytest.mark.browser
def test_autodiscovery_link_leads_to_a_valid_feed(served_site: str, open_page) -> None:
    watched = open_page(served_site)
    page = watched.page
    # The first RSS link is the page's default feed (HTML's feed autodiscovery): the newsletter's; the status
    # feed's follows it.
    href = page.locator('link[rel="alternate"][type="application/rss+xml"]').first.get_attribute("href")
    feed_url = page.evaluate("href => new URL(href, document.baseURI).href", href)
    assert feed_url == served_site + "feed.xml"
    response = page.request.get(feed_url)
    assert response.ok
    feed = feedparser.parse(response.body())
    assert not feed.bozo and feed.entries
    assert feed.entries[0].link.startswith("https://intranet.fernhill.example/it/newsletter/")


@pytest.mark.browser
def test_issue_page_and_email_edition_load_without_errors(served_site: str, open_page) -> None:
    watched = open_page(served_site + "newsletter/")
    watched.page.locator("li.fd-issue h3 a").first.click()
    watched.page.wait_for_load_state("networkidle")
    assert watched.page.locator("h1").inner_text()
    watched.page.get_by_role("link", name="View the email edition").click()
    watched.page.wait_for_load_state("networkidle")
    assert watched.page.locator("table.sheet").count() == 1
    # The email edition's images use absolute intranet addresses (mail clients need them);
    # that host does not exist on this machine, and a browser asks any page for /favicon.ico.
    unexpected = [u for u in watched.failures
                  if not u.startswith("https://intranet.fernhill.example/") and not u.endswith("/favicon.ico")]
    assert not unexpected
    assert all(u.startswith(("http://127.0.0.1", "https://intranet.fernhill.example/", "data:"))
               for u in watched.requests), watched.requests
