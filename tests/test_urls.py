"""Links between pages are worked out from the strings alone, exactly as posixpath.relpath would."""

from __future__ import annotations

import posixpath

from frontdesk.core.urls import relative
from hypothesis import given, settings
from hypothesis import strategies as st

SEGMENTS = st.sampled_from(["services", "vpn", "stats", "page-2", "index.html", "Guide%20%231.txt", "é", ".", ""])
URLS = st.lists(SEGMENTS, max_size=5).map("/".join)


def relpath_link(from_url: str, to_url: str) -> str:
    """The link as Frontdesk made it with posixpath.relpath."""
    base = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url) + "/"
    target = posixpath.relpath(to_url or ".", base.rstrip("/") or ".")
    if to_url.endswith("/") or not to_url:
        target = "./" if target == "." else target + "/"
    return target


def test_links_between_known_pages() -> None:
    assert relative("services/vpn/", "services/") == "../"
    assert relative("services/vpn/", "services/vpn/") == "./"
    assert relative("", "stats/page-2/") == "stats/page-2/"
    assert relative("services/vpn.html", "assets/frontdesk.css") == "../assets/frontdesk.css"
    assert relative("newsletter/2026/news/", "") == "../../../"


@settings(max_examples=3000, deadline=None)
@given(URLS, URLS)
def test_every_link_is_the_one_relpath_gives(from_url: str, to_url: str) -> None:
    assert relative(from_url, to_url) == relpath_link(from_url, to_url)
