"""Every link and anchor in the built site leads somewhere: a crawl of the output tree."""

from __future__ import annotations

import posixpath
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup
from conftest import Build

SITE_URL = "https://intranet.fernhill.example/it/"
SITE_PATH = "/it/"
SKIPPED_SCHEMES = ("mailto:", "tel:", "data:", "javascript:")


def page_path(site: Path, url_path: str) -> Path | None:
    """The file a site-relative URL path serves, as a static web server would."""
    target = site / unquote(url_path)
    if url_path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


@cache
def anchors(path: Path) -> frozenset[str]:
    page = BeautifulSoup(path.read_text("utf-8"), "html.parser")
    return frozenset(tag["id"] for tag in page.select("[id]")) | frozenset(
        tag["name"] for tag in page.select("a[name]"))


def links_of(page: BeautifulSoup) -> list[str]:
    found = [tag.get("href") for tag in page.select("a[href], link[href]")]
    found += [tag.get("src") for tag in page.select("img[src], script[src], iframe[src]")]
    return [link for link in found if link]


def broken_links(site: Path) -> list[str]:
    broken = []
    for html_file in sorted(site.rglob("*.html")):
        here = html_file.relative_to(site).as_posix()
        base = posixpath.dirname(here)
        page = BeautifulSoup(html_file.read_text("utf-8"), "html.parser")
        for link in links_of(page):
            if link.startswith(SKIPPED_SCHEMES):
                continue
            if link.startswith(SITE_URL):
                link = SITE_PATH + link[len(SITE_URL):]
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                continue  # another host: not this site's to check
            if parts.path.startswith(SITE_PATH):  # absolute paths under the site's sub-path (404.html)
                target_path = parts.path[len(SITE_PATH):]
            elif parts.path.startswith("/"):
                broken.append(f"{here}: {link} (outside the site's sub-path)")
                continue
            else:
                target_path = posixpath.normpath(posixpath.join(base, parts.path)) if parts.path else here
                if parts.path.endswith("/") and not target_path.endswith("/"):
                    target_path += "/"
            if target_path.startswith(".."):
                broken.append(f"{here}: {link} (leaves the site)")
                continue
            target = page_path(site, "" if target_path == "." else target_path)
            if target is None:
                broken.append(f"{here}: {link}")
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in anchors(target):
                broken.append(f"{here}: {link} (no such anchor)")
    return broken


def test_no_broken_internal_links_or_anchors(example_build: Build) -> None:
    assert broken_links(example_build.site) == []


def test_the_checker_finds_a_broken_link(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a/index.html").write_text('<p id="x"><a href="../b/">b</a> <a href="#x">x</a> '
                                           '<a href="#nope">n</a> <img src="missing.png"></p>', "utf-8")
    assert broken_links(tmp_path) == ["a/index.html: ../b/", "a/index.html: #nope (no such anchor)",
                                      "a/index.html: missing.png"]


def feeds_without_a_sitemap(site: Path) -> list[str]:
    """Feeds a page advertises (link rel=alternate) with no sitemap.xml in their folder: Material's language
    selector fetches one beside each, and a 404 is an error in the browser's console on every page."""
    missing = []
    for html_file in sorted(site.rglob("*.html")):
        here = html_file.relative_to(site).as_posix()
        page = BeautifulSoup(html_file.read_text("utf-8"), "html.parser")
        for link in page.select("link[rel=alternate][href]"):
            href = str(link["href"])
            path = href[len(SITE_URL):] if href.startswith(SITE_URL) else urlsplit(href).path
            path = path[len(SITE_PATH):] if path.startswith(SITE_PATH) else posixpath.normpath(
                posixpath.join(posixpath.dirname(here), path))
            sitemap = posixpath.join(posixpath.dirname(path), "sitemap.xml")
            if not (site / sitemap).is_file():
                missing.append(f"{here}: {href} (no {sitemap})")
    return missing


def test_every_advertised_feed_has_a_sitemap_beside_it(example_build: Build) -> None:
    assert feeds_without_a_sitemap(example_build.site) == []


def test_the_checker_finds_a_feed_without_a_sitemap(tmp_path: Path) -> None:
    (tmp_path / "news").mkdir()
    (tmp_path / "sitemap.xml").write_text("<urlset/>", "utf-8")
    (tmp_path / "index.html").write_text('<link rel="alternate" href="/it/feed.xml">'
                                         '<link rel="alternate" href="news/feed.xml">', "utf-8")
    assert feeds_without_a_sitemap(tmp_path) == ["index.html: news/feed.xml (no news/sitemap.xml)"]
