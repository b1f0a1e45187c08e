"""RSS 2.0, Atom 1.0 (with feedgen) and JSON Feed 1.1 for the newsletter.

Every date comes from the issues, never the clock, so the same issues give the same bytes.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from feedgen.feed import FeedGenerator

FEED_FILES = {"rss": "feed.xml", "atom": "atom.xml", "json": "feed.json"}
FEED_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml", "json": "application/feed+json"}
# Characters XML 1.0 cannot carry; they arrive when text is pasted from office documents.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class FeedItem:
    """One issue as the feeds carry it: absolute URLs and finished HTML."""

    url: str
    title: str
    published: datetime
    summary: str
    content_html: str
    authors: tuple[str, ...]
    tags: tuple[str, ...]
    image_url: str | None = None


@dataclass(frozen=True)
class FeedInfo:
    """What the feeds say about themselves."""

    title: str
    description: str
    home_url: str  # the newsletter archive
    site_url: str
    language: str = "en"


def clean(text: str) -> str:
    """Text without the control characters XML refuses."""
    return _NOT_XML.sub("", text)


def feed_url(site_url: str, kind: str) -> str:
    """The absolute address of one feed."""
    return site_url.rstrip("/") + "/" + FEED_FILES[kind]


def _generator(info: FeedInfo, items: list[FeedItem], kind: str) -> FeedGenerator:
    generator = FeedGenerator()
    generator.load_extension("dc")
    generator.id(info.home_url)
    generator.title(clean(info.title))
    generator.subtitle(clean(info.description))
    # rel=self first: feedgen uses the first link as the RSS <link> otherwise.
    generator.link(href=feed_url(info.site_url, kind), rel="self", type=FEED_TYPES[kind])
    generator.link(href=info.home_url, rel="alternate")
    generator.language(info.language)
    generator.generator("Frontdesk")
    newest = items[0].published if items else datetime(2000, 1, 1).astimezone()
    generator.updated(newest)
    generator.lastBuildDate(newest)
    for item in items:
        _add_entry(generator, item)
    return generator


def _add_entry(generator: FeedGenerator, item: FeedItem) -> None:
    entry = generator.add_entry(order="append")
    entry.id(item.url)
    entry.guid(item.url, permalink=True)
    entry.title(clean(item.title))
    entry.link(href=item.url, rel="alternate")
    entry.published(item.published)
    entry.updated(item.published)
    entry.summary(clean(item.summary))
    # RSS readers take an item's <description> as HTML, so the plain-text summary goes in as an escaped
    # paragraph: a reader shows '<script>' in it as text. (RSS only; Atom's <summary> is text.)
    entry.description(f"<p>{html.escape(clean(item.summary), quote=False)}</p>")
    entry.content(clean(item.content_html), type="html")
    for name in item.authors:
        entry.author({"name": clean(name)})
        entry.dc.dc_creator(clean(name))
    for tag in item.tags:
        entry.category(term=clean(tag))


def rss(info: FeedInfo, items: list[FeedItem]) -> bytes:
    """The RSS 2.0 feed, newest first."""
    return cast(bytes, _generator(info, items, "rss").rss_str(pretty=True))  # feedgen is untyped


def atom(info: FeedInfo, items: list[FeedItem]) -> bytes:
    """The Atom 1.0 feed, newest first."""
    return cast(bytes, _generator(info, items, "atom").atom_str(pretty=True))  # feedgen is untyped


def json_feed(info: FeedInfo, items: list[FeedItem]) -> bytes:
    """The JSON Feed 1.1, newest first."""
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": clean(info.title),
        "description": clean(info.description),
        "home_page_url": info.home_url,
        "feed_url": feed_url(info.site_url, "json"),
        "language": info.language,
        "items": [_json_item(item) for item in items],
    }
    return (json.dumps(feed, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")


def _json_item(item: FeedItem) -> dict[str, object]:
    entry: dict[str, object] = {
        "id": item.url,
        "url": item.url,
        "title": clean(item.title),
        "summary": clean(item.summary),
        "content_html": clean(item.content_html),
        "date_published": item.published.isoformat(),
    }
    if item.authors:
        entry["authors"] = [{"name": clean(name)} for name in item.authors]
    if item.tags:
        entry["tags"] = [clean(tag) for tag in item.tags]
    if item.image_url:
        entry["image"] = item.image_url
    return entry
