"""An issue's body as standalone HTML, with every link and image made absolute.

Feeds and email editions are read far from the site, so their links must carry the full
address. Links are written relative to newsletter/ (where the issue file is): images such
as `images/cover.png`, services as `../services/vpn.md`, other issues by file name.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import unquote
from xml.etree.ElementTree import Element

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from ..core.urls import Urls, absolute, file_url

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")


class _AbsoluteLinks(Treeprocessor):
    def __init__(self, md: markdown.Markdown, resolve: Callable[[str], str]) -> None:
        super().__init__(md)
        self.resolve = resolve

    def run(self, root: Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None:
                    element.set(attribute, self.resolve(value))


class AbsoluteLinks(Extension):
    """Python-Markdown extension: rewrite every href and src with a function."""

    def __init__(self, resolve: Callable[[str], str]) -> None:
        super().__init__()
        self.resolve = resolve

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_AbsoluteLinks(md, self.resolve), "frontdesk_absolute_links", 0)


def link_resolver(src_dir: str, page_url: str, site_url: str, urls: Urls) -> Callable[[str], str]:
    """Resolves a link written in a file under `src_dir` to an absolute URL."""
    def resolve(link: str) -> str:
        if not link or _SCHEME.match(link):
            return link
        if link.startswith("#"):
            return absolute(site_url, page_url) + link
        if link.startswith("/"):
            return absolute(site_url, link)
        path, _, anchor = link.partition("#")
        target = posixpath.normpath(posixpath.join(src_dir, path))
        url = urls.of(target) if target.endswith(".md") else file_url(unquote(target))
        return absolute(site_url, url) + (f"#{anchor}" if anchor else "")
    return resolve


def render_markdown(text: str, resolve: Callable[[str], str], extensions: list[str],
                    extension_configs: Mapping[str, Mapping[str, Any]]) -> str:
    """Markdown to HTML with the site's extensions, every link passed through `resolve`."""
    converter = markdown.Markdown(extensions=[*extensions, AbsoluteLinks(resolve)],
                                  extension_configs=dict(extension_configs))
    return converter.convert(text)
