"""Generated pages: Markdown for MkDocs to convert, with ready-made HTML put in afterwards.

Frontdesk's own HTML (cards, facts, tables) is already escaped and complete, so it does not
go through Markdown: the page's Markdown holds a marker paragraph where each piece goes,
and `fill` swaps the pieces in after conversion. Markdown only converts what authors wrote,
and headings written in Markdown still reach the table of contents.
"""

from __future__ import annotations

from dataclasses import dataclass, field

_MARKER = "FRONTDESK{}SLOT"


@dataclass(frozen=True)
class GeneratedPage:
    """A page that exists only in the build: where it goes, its Markdown, its HTML pieces."""

    src_uri: str
    markdown: str
    pieces: tuple[str, ...] = ()
    in_nav: bool = True
    url: str | None = None  # set when the address is not derived from src_uri

    def fill(self, html: str) -> str:
        """The converted page with each marker replaced by its HTML piece."""
        for index, piece in enumerate(self.pieces):
            html = html.replace(f"<p>{_MARKER.format(index)}</p>", piece, 1)
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

    def markdown(self, text: str) -> None:
        """Add Markdown (an author's text, or a heading Frontdesk writes)."""
        self.parts.append(text.strip("\n") + "\n\n")

    def html(self, piece: str) -> None:
        """Add a finished piece of HTML."""
        self.parts.append(_MARKER.format(len(self.pieces)) + "\n\n")
        self.pieces.append(piece)

    def page(self) -> GeneratedPage:
        """The finished page."""
        return GeneratedPage(self.src_uri, self.front_matter + "".join(self.parts), tuple(self.pieces),
                             self.in_nav, self.url)
