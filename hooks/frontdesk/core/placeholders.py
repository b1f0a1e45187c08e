"""Placeholders left in published content: `frontdesk new` marks every one with TODO.

A placeholder that reaches a page, a feed or an email edition looks unfinished, so a published
item that still has one is a warning (which `--strict` turns into a failure). Drafts and
scheduled items may keep theirs. YAML comments are not content, and neither is code in a fence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from .problems import shown
from .source import Document

PLACEHOLDER = re.compile(r"\bTODO\b")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def placeholder_warnings(document: Document) -> list[str]:
    """One warning per field, and one for the body, that still holds a placeholder."""
    warnings = [f"{document.path}:{document.line(name)}: {name}: still has a placeholder marked TODO; "
                f"write the real text before publishing (found: {shown(value)})"
                for name, value in _text_fields(document.data, "") if PLACEHOLDER.search(value)]
    line = _body_placeholder_line(document.body)
    if line is not None:
        warnings.append(f"{document.path}:{document.body_line + line}: body: still has a placeholder marked "
                        "TODO; write the real text before publishing")
    return warnings


def _text_fields(value: Any, name: str) -> Iterator[tuple[str, str]]:
    """Every text value of a document's fields, with its name as problems give it ('support.hours')."""
    if isinstance(value, str):
        yield name, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _text_fields(item, f"{name}.{key}" if name else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value, start=1):
            yield from _text_fields(item, f"{name}[{index}]")


def _body_placeholder_line(body: str) -> int | None:
    """The line (counted from the body's first, 0) of the first placeholder outside fenced code."""
    fence: str | None = None
    for number, line in enumerate(body.splitlines()):
        opening = _FENCE.match(line)
        if fence is None and opening:
            fence = opening.group(1)[0] * 3
        elif fence is not None and line.strip().startswith(fence):
            fence = None
        elif fence is None and PLACEHOLDER.search(line):
            return number
    return None
