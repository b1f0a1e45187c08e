"""The rules of RSS 2.0 and Atom 1.0 (RFC 4287) that the W3C feed validator checks and that matter for
Frontdesk's feeds, applied to the XML as lxml parses it.

The W3C validator itself (the `feedvalidator` code) has no package to install: none on PyPI, and Debian's
python-feedvalidator was Python 2 and left Debian after buster. No package ships RFC 4287's RELAX NG
schema either. So these are the validator's errors and warnings that a generated feed could break, each
named as the validator names it, checked one by one.
"""

from __future__ import annotations

import re
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from lxml import etree, html

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
# RFC 3339 date-time, as Atom requires: a full date, a time and a zone.
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
# RFC 822 (as RSS 2.0 profiles it): optional day name, day, month, four-digit year, time, zone.
RFC822 = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
                    r"\d{4} \d{2}:\d{2}(:\d{2})? ([+-]\d{4}|GMT|UT|Z)$")
LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def _absolute(url: str | None) -> bool:
    parts = urlsplit(url or "")
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _html_links(markup: str) -> list[str]:
    """Every href and src in an HTML fragment (escaped HTML, as RSS descriptions and Atom html carry it)."""
    if not markup.strip():
        return []
    fragment = html.fragment_fromstring(markup, create_parent="div")
    return [value for element in fragment.iter() for name, value in element.items() if name in ("href", "src")]


def _relative_links(where: str, markup: str) -> list[str]:
    return [f"{where}: relative URL in HTML content (found: {url!r})" for url in _html_links(markup)
            if not _absolute(url) and not url.startswith(("mailto:", "#"))]


def _text(element: etree._Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""


def rss_problems(data: bytes, address: str) -> list[str]:
    """What the W3C validator would report about an RSS 2.0 feed served at `address`."""
    root = etree.fromstring(data)
    problems: list[str] = []
    if root.tag != "rss" or root.get("version") != "2.0":
        return [f"root: not RSS 2.0 (found: {root.tag} {root.get('version')})"]
    channels = root.findall("channel")
    if len(channels) != 1:
        return [f"rss: must hold one channel (found: {len(channels)})"]
    channel = channels[0]
    for name in ("title", "link", "description"):
        if not _text(channel.find(name)):
            problems.append(f"channel: Missing channel element: {name}")
    if not _absolute(_text(channel.find("link"))):
        problems.append(f"channel: link must be a full URL (found: {_text(channel.find('link'))!r})")
    selves = [link for link in channel.findall(f"{ATOM}link") if link.get("rel") == "self"]
    if len(selves) != 1 or selves[0].get("href") != address or selves[0].get("type") != "application/rss+xml":
        problems.append(f"channel: Missing atom:link with rel=\"self\" naming {address}")
    language = _text(channel.find("language"))
    if language and not LANGUAGE.match(language):
        problems.append(f"channel: language must be a language code (found: {language!r})")
    for name in ("lastBuildDate", "pubDate"):
        value = _text(channel.find(name))
        if value and not RFC822.match(value):
            problems.append(f"channel: {name} must be an RFC-822 date-time (found: {value!r})")
    guids: set[str] = set()
    for number, item in enumerate(channel.findall("item"), start=1):
        where = f"item {number}"
        if not _text(item.find("title")) and not _text(item.find("description")):
            problems.append(f"{where}: item must contain either title or description")
        link = _text(item.find("link"))
        if link and not _absolute(link):
            problems.append(f"{where}: link must be a full URL (found: {link!r})")
        guid = item.find("guid")
        if guid is None:
            problems.append(f"{where}: item should contain a guid element")
        else:
            value = _text(guid)
            if value in guids:
                problems.append(f"{where}: guid values must not be duplicated within a feed (found: {value!r})")
            guids.add(value)
            if guid.get("isPermaLink", "true") == "true" and not _absolute(value):
                problems.append(f"{where}: guid must be a full URL, unless isPermaLink is false (found: {value!r})")
        date = _text(item.find("pubDate"))
        if not date:
            problems.append(f"{where}: item should contain a pubDate element")
        elif not RFC822.match(date):
            problems.append(f"{where}: pubDate must be an RFC-822 date-time (found: {date!r})")
        else:
            parsedate_to_datetime(date)  # raises on an impossible date (31 February)
        for name in ("description", f"{CONTENT}encoded"):
            problems += _relative_links(where, _text(item.find(name)))
    return problems


def _date_problem(where: str, element: etree._Element | None, name: str) -> list[str]:
    value = _text(element)
    if not value:
        return [f"{where}: Missing {name} element: updated"] if name == "updated" else []
    if not RFC3339.match(value):
        return [f"{where}: {name} must be an RFC-3339 date-time (found: {value!r})"]
    datetime.fromisoformat(value)  # raises on an impossible date
    return []


def atom_problems(data: bytes, address: str) -> list[str]:
    """What the W3C validator would report about an Atom 1.0 feed served at `address` (RFC 4287)."""
    root = etree.fromstring(data)
    if root.tag != f"{ATOM}feed":
        return [f"root: not an Atom feed (found: {root.tag})"]
    problems: list[str] = []
    for name in ("id", "title", "updated"):
        found = root.findall(f"{ATOM}{name}")
        if len(found) != 1:
            problems.append(f"feed: must hold exactly one {name} (found: {len(found)})")
    if not _absolute(_text(root.find(f"{ATOM}id"))):
        problems.append(f"feed: id must be a full and valid URL (found: {_text(root.find(f'{ATOM}id'))!r})")
    problems += _date_problem("feed", root.find(f"{ATOM}updated"), "updated")
    problems += _link_problems("feed", root)
    if not any(link.get("rel") == "self" and link.get("href") == address for link in root.findall(f"{ATOM}link")):
        problems.append(f"feed: Missing atom:link with rel=\"self\" naming {address}")
    feed_author = root.find(f"{ATOM}author") is not None
    ids: set[str] = set()
    for number, entry in enumerate(root.findall(f"{ATOM}entry"), start=1):
        where = f"entry {number}"
        for name in ("id", "title", "updated"):
            if len(entry.findall(f"{ATOM}{name}")) != 1:
                problems.append(f"{where}: must hold exactly one {name}")
        entry_id = _text(entry.find(f"{ATOM}id"))
        if not _absolute(entry_id):
            problems.append(f"{where}: id must be a full and valid URL (found: {entry_id!r})")
        if entry_id in ids:
            problems.append(f"{where}: Duplicate entry id (found: {entry_id!r})")
        ids.add(entry_id)
        problems += _date_problem(where, entry.find(f"{ATOM}updated"), "updated")
        problems += _date_problem(where, entry.find(f"{ATOM}published"), "published")
        if not feed_author and entry.find(f"{ATOM}author") is None:
            problems.append(f"{where}: Missing entry element: author")
        problems += _link_problems(where, entry)
        content = entry.find(f"{ATOM}content")
        alternate = [link for link in entry.findall(f"{ATOM}link") if link.get("rel", "alternate") == "alternate"]
        if content is None and not alternate:
            problems.append(f"{where}: Missing entry element: content or a link rel=\"alternate\"")
        for element in (content, entry.find(f"{ATOM}summary")):
            if element is None:
                continue
            kind = element.get("type", "text")
            if kind not in ("text", "html", "xhtml"):
                problems.append(f"{where}: type must be text, html or xhtml (found: {kind!r})")
            if kind == "html":
                problems += _relative_links(where, element.text or "")
    return problems


def _link_problems(where: str, parent: etree._Element) -> list[str]:
    problems = []
    alternates: set[tuple[str | None, str | None]] = set()
    for link in parent.findall(f"{ATOM}link"):
        if not _absolute(link.get("href")):
            problems.append(f"{where}: link href must be a full URL (found: {link.get('href')!r})")
        if link.get("rel", "alternate") == "alternate":
            key = (link.get("type"), link.get("hreflang"))
            if key in alternates:
                problems.append(f"{where}: Duplicate alternate links with the same type and hreflang")
            alternates.add(key)
    return problems
