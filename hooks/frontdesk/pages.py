"""Generated pages: Markdown for MkDocs to convert, with ready-made HTML put in afterwards.

Frontdesk's own HTML (cards, facts, tables) is already escaped and complete, so it does not
go through Markdown: the page's Markdown holds a marker paragraph where each piece goes,
and `fill` swaps the pieces in after conversion. Markdown only converts what authors wrote,
and headings written in Markdown still reach the table of contents.
"""

from __future__ import annotations

from dataclasses import dataclass, field

_MARKER = "FRONTDESK{}SLOT"
_PLACEHOLDER = '<div data-frontdesk-piece="{}"></div>'


@dataclass(frozen=True)
class GeneratedPage:
    """A page that exists only in the build: where it goes, its Markdown, its HTML pieces."""

    src_uri: str
    markdown: str
    pieces: tuple[str, ...] = ()
    in_nav: bool = True
    url: str | None = None  # set when the address is not derived from src_uri
    unindexed: frozenset[int] = frozenset()  # pieces the search index leaves out (charts, figures)

    def fill(self, html: str) -> str:
        """The converted page with each marker replaced by its HTML piece.

        Unindexed pieces get an empty placeholder, for `fill_unindexed` once the search
        index has read the page: charts and tables of numbers are no words to search for,
        and parsing them for the index would cost more than the rest of the page.
        """
        for index, piece in enumerate(self.pieces):
            replacement = _PLACEHOLDER.format(index) if index in self.unindexed else piece
            html = html.replace(f"<p>{_MARKER.format(index)}</p>", replacement, 1)
        return html

    def fill_unindexed(self, html: str) -> str:
        """The page with the unindexed pieces in place."""
        for index in sorted(self.unindexed):
            html = html.replace(_PLACEHOLDER.format(index), self.pieces[index], 1)
        return html


@dataclass
class PageWriter:
    """Builds a generated page from Markdown parts and HTML pieces, in reading order."""

    src_uri: str
    front_matter: str
    in_nav: bool = True
    url: str | None = None
    parts: list[str] = field(default_factory=list)
    pieces: list[str] = field(default_factory=list)
    unindexed: set[int] = field(default_factory=set)

    def markdown(self, text: str) -> None:
        """Add Markdown (an author's text, or a heading Frontdesk writes)."""
        self.parts.append(text.strip("\n") + "\n\n")

    def html(self, piece: str, indexed: bool = True) -> None:
        """Add a finished piece of HTML (left out of the search index if not `indexed`)."""
        if not indexed:
            self.unindexed.add(len(self.pieces))
        self.parts.append(_MARKER.format(len(self.pieces)) + "\n\n")
        self.pieces.append(piece)

    def page(self) -> GeneratedPage:
        """The finished page."""
        return GeneratedPage(self.src_uri, self.front_matter + "".join(self.parts), tuple(self.pieces),
                             self.in_nav, self.url, frozenset(self.unindexed))
