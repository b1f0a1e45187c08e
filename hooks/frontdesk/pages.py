"""Generated pages: Markdown for MkDocs to convert, with ready-made HTML put in afterwards.

Frontdesk's own HTML (cards, facts, tables) is already escaped and complete, so it does not
go through Markdown: the page's Markdown holds a marker paragraph where each piece goes,
and the pieces are put in after conversion. Markdown only converts what authors wrote, and
headings written in Markdown still reach the table of contents.

A piece may be given as a function that renders it: the Markdown is known at once (MkDocs
needs it first), while the pieces can be rendered later, beside MkDocs' own work (see
background.py); `finish` renders them.

The search index reads each page between `fill` and `fill_for_reading`. It parses every tag
in pure Python, so in that window a piece is there only as the words it holds, between two
comments: headings, paragraph tags and the containers around headings kept, everything else
(links, tables, spans, cards) reduced to its text, and charts and blocks marked
`data-search-exclude` left out. Readers get the whole piece.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar

import jinja2

_MARKER = "FRONTDESK{}SLOT"
# Where a piece's words are, while the search index reads the page: comments, which its parser skips.
_START = "<!--frontdesk-piece {}-->"
_END = "<!--/frontdesk-piece-->"
_FILLED = re.compile(re.escape(_START).replace(r"\{\}", "([0-9]+)") + ".*?" + re.escape(_END), re.S)
# Tags the search index keeps (Material's list) and headings, which start its sections.
_SEARCH_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_SEARCH_KEEPS = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup", *_HEADINGS})
# Containers matter to the index only around a heading: it ends the heading's section where
# the container ends. Others are reduced to a space like any other block.
_CONTAINERS = frozenset({"article", "aside", "details", "div", "footer", "header", "nav", "section"})
_INLINE = frozenset({"a", "abbr", "b", "data", "em", "i", "mark", "small", "span", "strong", "time", "s", "u"})
_EXCLUDED = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)\b[^>]*\bdata-search-exclude\b[^>]*>")
_SPACES = re.compile(r"\s{2,}")
_UNREAD = re.compile(r"<(script|style|svg)\b.*?</\1>", re.S)


Piece = str | Callable[[], str]  # HTML, or a function that renders it
T = TypeVar("T")


@dataclass(frozen=True)
class FinishedPieces:
    """A page's pieces rendered, and each as the search index reads it ('' if left out)."""

    html: tuple[str, ...]
    words: tuple[str, ...]


@dataclass(frozen=True)
class GeneratedPage:
    """A page that exists only in the build: where it goes, its Markdown, its HTML pieces."""

    src_uri: str
    markdown: str
    pieces: tuple[Piece, ...] = ()
    in_nav: bool = True
    url: str | None = None  # set when the address is not derived from src_uri
    unindexed: frozenset[int] = frozenset()  # pieces the search index leaves out (charts, figures)

    def finish(self) -> FinishedPieces:
        """Render the pieces, and the words the search index reads of each."""
        html = tuple(str(piece() if callable(piece) else piece) for piece in self.pieces)
        words = tuple("" if index in self.unindexed else search_words(piece) for index, piece in enumerate(html))
        return FinishedPieces(html, words)

    def fill(self, html: str, finished: FinishedPieces) -> str:
        """The converted page with each marker replaced by its piece as the search index reads it."""
        for index, words in enumerate(finished.words):
            html = html.replace(f"<p>{_MARKER.format(index)}</p>", _START.format(index) + words + _END, 1)
        return html

    def fill_for_reading(self, html: str, finished: FinishedPieces) -> str:
        """The page with every piece whole, once the search index has read it."""
        return _FILLED.sub(lambda words: finished.html[int(words.group(1))], html)


def chunks(items: Sequence[T], size: int) -> list[Sequence[T]]:
    """`items` cut into pages of `size`, in order: one empty page when there are none."""
    return [items[start : start + size] for start in range(0, max(1, len(items)), size)]


def _render(env: jinja2.Environment, template: str, *args: Any, **values: Any) -> str:
    return env.get_template(template).render(*args, **values)


def search_words(html: str) -> str:
    """A piece as the search index needs it: its words, headings and paragraphs, no other markup."""
    html = _UNREAD.sub("", _without_excluded(html))
    around_headings = _containers_around_headings(html)

    def keep_or_drop(tag: re.Match[str]) -> str:
        name = tag.group(1).lower()
        if name in _SEARCH_KEEPS or tag.start() in around_headings:
            return tag.group(0)
        return "" if name in _INLINE else " "

    words = _SEARCH_TAG.sub(keep_or_drop, html)
    return words if "<pre" in words else _SPACES.sub(" ", words)


def _containers_around_headings(html: str) -> set[int]:
    """Where the opening and closing tags are of the containers that hold a heading."""
    open_containers: list[tuple[str, int, bool]] = []  # (name, where, holds a heading)
    kept: set[int] = set()
    for tag in _SEARCH_TAG.finditer(html):
        name, closing = tag.group(1).lower(), tag.group(0).startswith("</")
        if name in _HEADINGS and not closing and open_containers:
            open_containers[-1] = (*open_containers[-1][:2], True)
        elif name in _CONTAINERS and not closing:
            open_containers.append((name, tag.start(), False))
        elif name in _CONTAINERS and open_containers and open_containers[-1][0] == name:
            _, opened, holds_heading = open_containers.pop()
            if holds_heading:
                kept.update((opened, tag.start()))
                if open_containers:  # the container around it holds the heading too
                    open_containers[-1] = (*open_containers[-1][:2], True)
    return kept


def _without_excluded(html: str) -> str:
    """The HTML without the elements marked `data-search-exclude` (and what they hold)."""
    while match := _EXCLUDED.search(html):
        name, depth, position = match.group(1), 1, match.end()
        opening, closing = re.compile(rf"<{name}\b"), f"</{name}>"
        while depth:
            end = html.find(closing, position)
            if end < 0:
                return html[: match.start()]
            depth += len(opening.findall(html, position, end)) - 1
            position = end + len(closing)
        html = html[: match.start()] + html[position:]
    return html


@dataclass
class PageWriter:
    """Builds a generated page from Markdown parts and HTML pieces, in reading order."""

    src_uri: str
    front_matter: str
    in_nav: bool = True
    url: str | None = None
    parts: list[str] = field(default_factory=list)
    pieces: list[Piece] = field(default_factory=list)
    unindexed: set[int] = field(default_factory=set)

    def markdown(self, text: str) -> None:
        """Add Markdown (an author's text, or a heading Frontdesk writes)."""
        self.parts.append(text.strip("\n") + "\n\n")

    def html(self, piece: Piece, indexed: bool = True) -> None:
        """Add a piece of HTML, or a function that renders it (left out of the search index if not `indexed`)."""
        if not indexed:
            self.unindexed.add(len(self.pieces))
        self.parts.append(_MARKER.format(len(self.pieces)) + "\n\n")
        self.pieces.append(piece)

    def render(self, env: jinja2.Environment, template: str, *args: Any, **values: Any) -> None:
        """Add a piece that `template` renders with these values, when the pieces are finished
        (only then is the template loaded and compiled)."""
        self.html(partial(_render, env, template, *args, **values))

    def page(self) -> GeneratedPage:
        """The finished page."""
        return GeneratedPage(self.src_uri, self.front_matter + "".join(self.parts), tuple(self.pieces),
                             self.in_nav, self.url, frozenset(self.unindexed))
