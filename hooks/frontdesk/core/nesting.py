"""Markdown nested deeper than Python-Markdown can render.

Python-Markdown reads lists, quotes, notes (admonitions and details) and HTML blocks inside one
another by recursion, a few Python frames a level: a list about 250 levels deep exhausts Python's
stack, and the build stops with a RecursionError after check passed. Emphasis inside emphasis
recurses too (about 1,000 levels). Real text nests a handful of levels, so a body nested more than
MAX_NESTING deep is refused, with its line, before anything is built. The depth is counted cheaply,
outside fenced code, erring on the deep side:

- blocks: each four spaces a line is indented, and each list marker or `>` it starts with;
- HTML: block elements open inside one another (an end tag HTML lets an author leave out counts as
  written: a second <li> ends the first);
- emphasis: `*` and `_` runs that open and later close inside one another, in one paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from markdown.util import BLOCK_LEVEL_ELEMENTS

from .html_blocks import MarkdownLines
from .problems import Problem

# Far below where Python-Markdown runs out of stack (about 250 levels of list), far above real text.
MAX_NESTING = 50
_TAB_LENGTH = 4  # Markdown's, and MkDocs'
# What starts a nested block on a line: a list item's marker or a quote's '>'.
_MARKER = re.compile(r" {0,3}(?:(?:[-*+]|[0-9]{1,9}[.)])(?: +|$)|> ?)")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?:\s[^>]*)?>")
# Elements Markdown reads as HTML blocks (others, such as <span> or an author's <id>, are text to it),
# less those that hold nothing.
_BLOCKS = frozenset(BLOCK_LEVEL_ELEMENTS) - {"hr"}
# Elements whose end tag HTML lets an author leave out: the next one of its kind ends it.
_ENDED_BY_NEXT = frozenset({"p", "li", "dt", "dd", "tr", "td", "th", "option", "thead", "tbody", "tfoot",
                            "colgroup"})
_EMPHASIS = re.compile(r"\*+|_+")


def too_deep(body: MarkdownLines, path: str, first_line: int = 1) -> list[Problem]:
    """A problem for the first place in `body` (Markdown read into lines, starting at `first_line` of `path`)
    nested more than MAX_NESTING deep, if there is one."""
    for what, depth, index in _depths(body.lines):
        if depth > MAX_NESTING:
            return [Problem(path, body.line_in_file(index, first_line), "body",
                            f"{what} nested more than {MAX_NESTING} deep, deeper than Markdown can render; "
                            "flatten them", f"{depth} levels")]
    return []


def _depths(lines: Sequence[str]) -> Iterator[tuple[str, int, int]]:
    """How deep each kind of nesting goes, and the index of the line where it is deepest."""
    yield ("lists, quotes or notes are", *max(((_block_depth(line), index) for index, line in enumerate(lines)),
                                              default=(0, 0)))
    yield ("HTML elements are", *_html_depth(lines))
    yield ("emphasis marks are", *_emphasis_depth(lines))


def _block_depth(line: str) -> int:
    """The levels of blocks a line sits in: its indentation, then the markers it starts with."""
    text = line.lstrip(" ")
    depth, position = (len(line) - len(text)) // _TAB_LENGTH, 0
    while position < len(text) and (marker := _MARKER.match(text, position)):
        depth, position = depth + 1, marker.end()
    return depth


def _html_depth(lines: Sequence[str]) -> tuple[int, int]:
    """The most HTML elements open at once, and the index of the line that opens the deepest."""
    open_tags: list[str] = []
    deepest = (0, 0)
    for index, line in enumerate(lines):
        for tag in _TAG.finditer(line):
            name = tag.group(2).lower()
            if name not in _BLOCKS or tag.group(0).endswith("/>"):
                continue
            if tag.group(1):  # a closing tag closes what is open inside it too
                _close(open_tags, name)
                continue
            if name in _ENDED_BY_NEXT and name in open_tags and set(open_tags[_last(open_tags, name):]) <= (
                    _ENDED_BY_NEXT):
                _close(open_tags, name)  # <li>one <li>two: the second ends the first
            open_tags.append(name)
            deepest = max(deepest, (len(open_tags), index), key=lambda found: found[0])
    return deepest


def _last(open_tags: list[str], name: str) -> int:
    """Where the innermost open element of this name is."""
    return len(open_tags) - 1 - open_tags[::-1].index(name)


def _close(open_tags: list[str], name: str) -> None:
    """Close the innermost open element of this name, and everything open inside it."""
    if name in open_tags:
        del open_tags[_last(open_tags, name):]


def _emphasis_depth(lines: Sequence[str]) -> tuple[int, int]:
    """The most emphasis spans inside one another in a paragraph, and the index of its first line."""
    deepest = (0, 0)
    start = 0
    for index, line in enumerate([*lines, ""]):
        if line.strip():
            continue
        depth = _paired_depth("\n".join(lines[start:index]))
        deepest = max(deepest, (depth, start), key=lambda found: found[0])
        start = index + 1
    return deepest


def _paired_depth(text: str) -> int:
    """How deep `*` and `_` runs that open (before a word) and later close (after one) nest."""
    runs: list[int] = []  # +1 for a run that opens, -1 for one that closes
    for found in _EMPHASIS.finditer(text):
        before = text[found.start() - 1] if found.start() else " "
        after = text[found.end()] if found.end() < len(text) else " "
        opens, closes = not after.isspace() and not before.isalnum(), not before.isspace() and not after.isalnum()
        if opens != closes:
            runs.append(1 if opens else -1)
    paired = [False] * len(runs)
    waiting: list[int] = []
    for index, step in enumerate(runs):
        if step > 0:
            waiting.append(index)
        elif waiting:
            paired[waiting.pop()] = paired[index] = True
    depth = deepest = 0
    for step, is_paired in zip(runs, paired, strict=True):
        if is_paired:
            depth += step
            deepest = max(deepest, depth)
    return deepest
