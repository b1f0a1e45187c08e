"""HTML blocks in Markdown that are never closed.

Markdown passes a block of HTML through as it is until the block's first tag is closed. A
`<div>` an author leaves open turns everything after it, on the page, into raw text: the headings
and sections the page adds after the author's text included. This finds such blocks the way
Python-Markdown does, so the author hears of it, with the line, before a build:

- fenced code blocks are taken out first, as the site's fence extension (pymdownx.superfences)
  does before any HTML is looked at: a fence, indented or not, holds no tags, even inside an HTML
  block, and a fence that is never closed is no fence;
- then Python-Markdown's own HTML block parser (markdown.htmlparser.HTMLExtractor) reads the
  rest: a block starts with a block-level tag at most three spaces in from the start of a line
  (or right after another block ends on the same line), its tag may go on over several lines,
  tags nest, comments close nothing, and the block ends when its first tag is closed.

The same reading (`markdown_lines`) tells scripts.py which lines are code and which HTML blocks.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from markdown import Markdown
from markdown.htmlparser import HTMLExtractor

from .problems import Problem, shown

_TAB_LENGTH = 4  # Markdown's, and MkDocs'
# A fence's first line, after its indentation: three or more backticks or tildes, then an info
# string (a backtick fence's info string holds no backtick).
_FENCE_START = re.compile(r"(`{3,})(?!.*`)|(~{3,})")
_PLACEHOLDER = "\x02fenced code\x03"  # what the fence extension leaves in a fence's place
_TAG_NAME = re.compile(r"<([^\s/>]+)")


@functools.cache
def _markdown() -> Markdown:
    """A Markdown instance for the HTML block parser to ask which tags are block-level, and to stash
    blocks in (one per process: its stash is emptied for each text)."""
    return Markdown()


class _BlockFinder(HTMLExtractor):
    """Python-Markdown's HTML block parser, noting the lines each block spans."""

    def __init__(self) -> None:
        md = _markdown()
        md.htmlStash.reset()
        super().__init__(md)
        self.opened_at = (0, "")  # line (1-based, in the text fed) and text of the open block's first tag
        self.spans: list[tuple[int, int]] = []  # first and last line (1-based) of each block closed

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        was_raw = self.inraw
        super().handle_starttag(tag, attrs)
        if self.inraw and not was_raw:
            self.opened_at = (self.getpos()[0], self.get_starttag_text() or f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        was_raw = self.inraw
        super().handle_endtag(tag)
        if was_raw and not self.inraw:
            self.spans.append((self.opened_at[0], self.getpos()[0]))


@dataclass(frozen=True)
class MarkdownLines:
    """A Markdown body's lines as the site's Markdown reads its blocks: each fenced code block
    replaced by one placeholder line, and which lines HTML blocks hold (Markdown passes those on
    as they are: nothing in them is code, whatever backticks they hold)."""

    lines: tuple[str, ...]
    numbers: tuple[int, ...]  # the line of the body (0-based) each line comes from
    in_html_block: frozenset[int]  # indexes in `lines`
    unclosed: tuple[int, str] | None  # index in `lines` and text of the first tag of a block never closed

    def line_in_file(self, index: int, first_line: int) -> int:
        """The line in the file of `lines[index]`, for a body starting at `first_line`."""
        return first_line + self.numbers[index]


def markdown_lines(body: str) -> MarkdownLines:
    """A Markdown body read into its lines, fences and HTML blocks."""
    lines, numbers = without_fences(body.replace("\r\n", "\n").replace("\r", "\n").expandtabs(_TAB_LENGTH)
                                     .split("\n"))
    finder = _BlockFinder()
    finder.feed("\n".join(lines) + "\n\n")
    finder.close()
    spans = finder.spans + ([(finder.opened_at[0], len(lines))] if finder.inraw else [])
    in_block = frozenset(index for first, last in spans for index in range(first - 1, min(last, len(lines))))
    unclosed = (finder.opened_at[0] - 1, finder.opened_at[1]) if finder.inraw else None
    return MarkdownLines(tuple(lines), tuple(numbers), in_block, unclosed)


def unclosed_html_blocks(body: str, path: str, first_line: int = 1) -> list[Problem]:
    """A problem for the HTML block in `body` (a Markdown text starting at `first_line` of `path`)
    whose first tag is never closed, if there is one (it takes everything after it)."""
    return unclosed_block_problems(markdown_lines(body), path, first_line)


def unclosed_block_problems(body: MarkdownLines, path: str, first_line: int) -> list[Problem]:
    """A problem for the HTML block of a body read into lines whose first tag is never closed, if any."""
    if body.unclosed is None:
        return []
    index, tag = body.unclosed
    name = (found.group(1) if (found := _TAG_NAME.match(tag)) else tag)
    return [Problem(path, body.line_in_file(index, first_line), "body",
                    f"the HTML block <{name}> is never closed, so everything after it would show as raw "
                    f"text: add </{name}>", shown(tag))]


def without_fences(lines: list[str]) -> tuple[list[str], list[int]]:
    """The lines with each fenced code block replaced by a placeholder line, as pymdownx.superfences
    does, and the index in `lines` each comes from.

    A fence opens with a line of three or more backticks or tildes (indented or not; its info string
    is not checked) and closes with a line of the same fence at the same indentation. A line with
    text indented less abandons it, and so does the end of the text: then its lines stay as they are,
    and the search for the next fence goes on after the line that abandoned it."""
    fences: list[tuple[int, int]] = []  # first and last line of each fence
    first, indent, close = -1, 0, None
    for index, line in enumerate(lines):
        if close is None:
            indent = len(line) - len(line.lstrip(" "))
            if opened := _FENCE_START.match(line, indent):
                first, close = index, re.compile(re.escape(opened.group(1) or opened.group(2)) + r"[ \t]*$")
        elif not line.strip():
            continue
        elif not line.startswith(" " * indent):
            close = None  # indented less than the fence: no fence
        elif close.match(line, indent):
            fences.append((first, index))
            close = None
    kept: list[str] = []
    numbers: list[int] = []
    index = 0
    for first, last in [*fences, (len(lines), len(lines))]:
        kept += lines[index:first]
        numbers += range(index, first)
        if first < len(lines):
            kept.append(lines[first][: len(lines[first]) - len(lines[first].lstrip(" "))] + _PLACEHOLDER)
            numbers.append(first)
        index = last + 1
    return kept, numbers
