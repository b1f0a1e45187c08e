"""Where generated pages live, and links between them that work under any sub-path."""

from __future__ import annotations

import functools
import html
import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import quote

from slugify import slugify


@dataclass(frozen=True)
class Urls:
    """Turns page source paths into site URLs, as MkDocs lays them out."""

    directory_urls: bool = True
    # Pages whose address is not derived from their source path (newsletter issues).
    moved: dict[str, str] = field(default_factory=dict)

    def of(self, src_uri: str) -> str:
        """The URL of a page, relative to the site root ('services/vpn/')."""
        if src_uri in self.moved:
            return self.moved[src_uri]
        stem = src_uri[: -len(".md")] if src_uri.endswith(".md") else src_uri
        if stem == "index" or stem.endswith("/index"):
            return stem[: -len("index")] if self.directory_urls else stem + ".html"
        return stem + "/" if self.directory_urls else stem + ".html"

    def page_path(self, url_dir: str) -> str:
        """The URL of a page that lives at a folder-like address ('newsletter/2026/news')."""
        return url_dir + "/" if self.directory_urls else url_dir + ".html"

    def to_url(self, from_src: str, url: str) -> str:
        """A relative link from a page to any URL of the site (a file, or a page's URL)."""
        return relative(self.of(from_src), url)

    def to_file(self, from_src: str, path: str) -> str:
        """A relative link from a page to a file of the site by its path ('resources/files/Guide #1.txt'),
        encoded for a URL."""
        return relative(self.of(from_src), file_url(path))

    def link(self, from_src: str, to_src: str, anchor: str = "") -> str:
        """A relative link from one page to another (and an optional anchor)."""
        return relative(self.of(from_src), self.of(to_src)) + (f"#{anchor}" if anchor else "")


def relative(from_url: str, to_url: str) -> str:
    """`to_url` relative to the page at `from_url`, both relative to the site root."""
    base = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url) + "/"
    target = _relative_path(to_url or ".", base.rstrip("/") or ".")
    if to_url.endswith("/") or not to_url:
        target = "./" if target == "." else target + "/"
    return target


def _relative_path(path: str, start: str) -> str:
    """posixpath.relpath for two paths under the site root, worked out from the strings alone (relpath
    asks the operating system for the working folder on every call: tens of thousands of links a build)."""
    to = [part for part in posixpath.normpath(path).split("/") if part not in ("", ".")]
    here = [part for part in posixpath.normpath(start).split("/") if part not in ("", ".")]
    if ".." in to or ".." in here or path.startswith("/") or start.startswith("/"):
        return posixpath.relpath(path, start)  # above the root or absolute: let relpath decide
    common = 0
    for mine, theirs in zip(here, to, strict=False):
        if mine != theirs:
            break
        common += 1
    return "/".join([".."] * (len(here) - common) + to[common:]) or "."


def file_url(path: str) -> str:
    """A file's path in the site as a URL path: a space, '#', '?', '%' or any other character a URL path
    cannot hold as it is, percent-encoded (as MkDocs names the files it copies)."""
    return quote(path, safe="/")


# A '+' or '#' that ends a word is part of the name, as in C++, C#, F# and A+, so it is spoken:
# 'plus' and 'sharp'. Elsewhere ('365 + Teams', 'Issue #5') it separates words like any punctuation.
_SPOKEN = re.compile(r"(?<=[^\W_])(\++|#)")
# Longest tag address (tags are at most 40 characters, but transliteration can make a name
# several times longer, and a file name in the built site must stay short).
TAG_SLUG_MAX_LENGTH = 100


@functools.lru_cache(maxsize=8192)
def slug(text: str, max_length: int = 0) -> str:
    """A URL-safe form of a name: lowercase ASCII words joined by hyphens ('' if it has no letter or digit).

    Other scripts are transliterated by python-slugify with text-unidecode ('Сеть' → 'set',
    'Café' → 'cafe'); every other run of characters becomes one hyphen, so ASCII names keep the
    slugs they always had ('Remote work' → 'remote-work'), except that C++ and C# now differ
    ('c-plus-plus', 'c-sharp'). `max_length` cuts a long slug at a word boundary.
    """
    spoken = _SPOKEN.sub(_speak, text)
    # A comma between digits would be dropped ('1,000' → '1000'); it separates words, as it always did.
    return slugify(spoken.replace(",", " "), entities=False, decimal=False, hexadecimal=False,
                   max_length=max_length, word_boundary=True, backend="text-unidecode")


def _speak(match: re.Match[str]) -> str:
    return " " + ("sharp" if match[0] == "#" else " ".join(["plus"] * len(match[0]))) + " "


def tag_slug(tag: str) -> str:
    """A tag's address under /tags/ and its value in the filters ('' if it has no letter or digit)."""
    return slug(tag, TAG_SLUG_MAX_LENGTH)


def absolute(site_url: str, url: str) -> str:
    """A site URL (relative to the site root) made absolute against `site_url`."""
    return site_url.rstrip("/") + "/" + url.lstrip("/") if site_url else "/" + url.lstrip("/")


def sitemap(addresses: Sequence[str], day: date) -> bytes:
    """A sitemap (sitemaps.org 0.9) of some pages, by their absolute addresses, each modified on `day` (the
    build's day, as in the site's own sitemap).

    Material's language selector fetches sitemap.xml in the folder of every <link rel="alternate"> on a page,
    feeds included: the build writes one beside each feed outside the site's root folder (status/, each
    department's), so that request finds the pages of that folder rather than a page-not-found."""
    urls = "".join(f"<url><loc>{html.escape(address)}</loc><lastmod>{day.isoformat()}</lastmod></url>\n"
                   for address in addresses)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}</urlset>\n').encode()
