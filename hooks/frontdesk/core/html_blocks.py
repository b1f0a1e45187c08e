"""HTML blocks in Markdown that are never closed.

Markdown passes a block of HTML through as it is until the block's first tag is closed. A
`<div>` an author leaves open turns everything after it, on the page, into raw text: the headings
and sections the page adds after the author's text included. This finds such blocks the way
Python-Markdown starts and ends them, so the author hears of it, with the line, before a build.
"""

from __future__ import annotations

import re

from markdown.util import BLOCK_LEVEL_ELEMENTS

from .problems import Problem, shown

_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                   "track", "wbr"})
_BLOCKS = frozenset(BLOCK_LEVEL_ELEMENTS) - _VOID
_BLOCK_START = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)(?=[\s/>])[^>]*?(/?)>")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def unclosed_html_blocks(body: str, path: str, first_line: int = 1) -> list[Problem]:
    """A problem for each HTML block in `body` (a Markdown text starting at `first_line` of `path`)
    whose first tag is never closed."""
    lines = body.split("\n")
    problems: list[Problem] = []
    index, fence = 0, ""
    while index < len(lines):
        line = lines[index]
        if fence:
            fence = "" if line.strip().startswith(fence) else fence
        elif opened := _FENCE.match(line):
            fence = opened.group(1)[0] * 3
        elif (start := _BLOCK_START.match(line)) and start.group(1).lower() in _BLOCKS and not start.group(2):
            end = _block_end(lines, index, start.group(1).lower())
            if end is None:
                problems.append(Problem(path, first_line + index, "body",
                                        f"the HTML block <{start.group(1)}> is never closed, so everything "
                                        f"after it would show as raw text: add </{start.group(1)}>",
                                        shown(start.group(0))))
                break
            index = end
        index += 1
    return problems


def _block_end(lines: list[str], first: int, name: str) -> int | None:
    """The line where the block opened by the `name` tag on line `first` closes, or None."""
    tag = re.compile(rf"<(/?){name}(?=[\s/>])[^>]*?(/?)>", re.I)
    depth = 0
    for index in range(first, len(lines)):
        for found in tag.finditer(lines[index]):
            if found.group(1):
                depth -= 1
            elif not found.group(2):
                depth += 1
            if depth == 0:
                return index
    return None
