"""Where generated pages live, and links between them that work under any sub-path."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from urllib.parse import quote


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
    target = posixpath.relpath(to_url or ".", base.rstrip("/") or ".")
    if to_url.endswith("/") or not to_url:
        target = "./" if target == "." else target + "/"
    return target


def file_url(path: str) -> str:
    """A file's path in the site as a URL path: a space, '#', '?', '%' or any other character a URL path
    cannot hold as it is, percent-encoded (as MkDocs names the files it copies)."""
    return quote(path, safe="/")


def slug(text: str) -> str:
    """A URL-safe form of a tag or heading: lowercase words joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "tag"


def absolute(site_url: str, url: str) -> str:
    """A site URL (relative to the site root) made absolute against `site_url`."""
    return site_url.rstrip("/") + "/" + url.lstrip("/") if site_url else "/" + url.lstrip("/")
