"""Generated pages: Markdown for the engine to convert, and Frontdesk's HTML parts placed once it has.

Frontdesk's own HTML (cards, facts, charts, tables) is escaped and complete, so it does not go
through Markdown. A page's Markdown holds what authors wrote and the headings Frontdesk adds
(so they reach the table of contents), with a marker paragraph where each HTML part goes. Once
the engine has converted the Markdown, `place_parts` puts every part in its marker's place, in
one pass, before other plugins and the search index read the page.

A marker holds a random token made once per process, so no text an author writes can pass for
one; the token never reaches the output (a marker is always replaced), so builds stay
deterministic. A marker must come out of Markdown as a paragraph of its own, once. If it does not
(an HTML block an author left open swallows the Markdown after it, or something repeated the
page's Markdown), the page would show raw Markdown, lose its parts or show one twice:
`place_parts` raises `PartsNotPlaced`, naming the page's source file, instead.

Parts the search index should not read (charts, tables of figures, forms, card lists) carry
Material's `data-search-exclude` attribute in their templates. The index would still parse each of
their elements only to skip it, so Frontdesk holds them back until it has read the page:
`place_for_search` puts an HTML comment (which the index passes over) in the place of each block a
template marks with `LEAVE_OUT_OF_SEARCH` … `END_LEAVE_OUT_OF_SEARCH` (card lists, tables of
figures, a service's stats panel: about half the elements of the site), and `HeldBack.restored`
puts them back once the index has read the page (the hooks do it in `on_page_context`, after
Material's search). The page is the same; a held place that a plugin removed or repeated is a
`PartsNotPlaced` error naming the file.

Each feature keeps its templates in its own `templates/` folder and gives them what they need
as `TemplateHelpers`; site/render.py makes the one template environment of a build from them.
"""

from __future__ import annotations

import html
import json
import re
import secrets
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Any, TypeVar

import jinja2

# What marks a part's place in the Markdown, and how it comes out of conversion. The token makes
# a marker unguessable: an author's "FRONTDESK-PART-5" is text like any other.
_TOKEN = f"FRONTDESK-PART-{secrets.token_hex(8)}-"
_MARKER = _TOKEN + "{}"
_PLACED = re.compile(rf"<p>{_TOKEN}([0-9]+)</p>")
_ANY_MARKER = re.compile(rf"{_TOKEN}([0-9]+)")  # as a paragraph or not
_HELD = "<!--" + _MARKER + "-->"  # where a block left out of search waits for the index to read the page
_HELD_PLACE = re.compile(rf"<!--{_TOKEN}([0-9]+)-->")
# How a template marks a block the search index leaves out whole (it also carries data-search-exclude).
LEAVE_OUT_OF_SEARCH = "<!--leave-out-of-search-->"
END_LEAVE_OUT_OF_SEARCH = "<!--/leave-out-of-search-->"
_LEFT_OUT = re.compile(f"{re.escape(LEAVE_OUT_OF_SEARCH)}(.*?){re.escape(END_LEAVE_OUT_OF_SEARCH)}", re.S)

Part = str | Callable[[], str]  # HTML, or a function that renders it
# Characters YAML reads as line breaks, though JSON does not escape them.
_YAML_LINE_BREAKS = ("\x85", "\u2028", "\u2029")
T = TypeVar("T")


class PartsNotPlaced(Exception):
    """Some of a generated page's HTML parts found no place in the converted page."""

    def __init__(self, source: str, missing: Sequence[int], repeated: Sequence[int] = (), hint: str = "",
                 what: str = "part") -> None:
        self.source = source
        self.missing = tuple(missing)
        self.repeated = tuple(repeated)
        found = [f"{what} {', '.join(str(n + 1) for n in self.missing)} missing"] if self.missing else []
        found += [f"{what} {', '.join(str(n + 1) for n in self.repeated)} more than once"] if self.repeated else []
        hint = hint or ("is an HTML block in the text left open, such as a <div> without its </div>?"
                        if self.missing else "does a plugin or hook repeat the page's text?")
        super().__init__(f"{source}: body: Frontdesk's sections could not be placed after the text (found: "
                         f"{'; '.join(found)}); {hint}")


def _rendered(part: Part) -> str:
    return str(part() if callable(part) else part)


def _missing(found: Counter[int], expected: int) -> list[int]:
    """Which of `expected` places, numbered from 0, were not found."""
    return [n for n in range(expected) if n not in found]


def _repeated(found: Counter[int], expected: int) -> list[int]:
    """Which places were found more than once, or are numbered beyond the `expected` ones."""
    return sorted(n for n, times in found.items() if times > 1 or n >= expected)


@dataclass(frozen=True)
class GeneratedPage:
    """A page that exists only in the build: where it goes, its Markdown, its HTML parts."""

    src_uri: str
    markdown: str
    parts: tuple[Part, ...] = ()
    in_nav: bool = True
    url: str | None = None  # set when the address is not derived from src_uri
    source: str | None = None  # the file authors write the page's text in, for messages

    def rendered_parts(self) -> tuple[str, ...]:
        """Every HTML part, rendered."""
        return tuple(_rendered(part) for part in self.parts)

    def place_parts(self, html: str) -> str:
        """The converted page with each marker replaced by its HTML part; raises PartsNotPlaced unless
        every part's marker is there exactly once, as a paragraph of its own."""
        held = self.place_for_search(html)
        return held.restored(held.html)

    def place_for_search(self, html: str) -> HeldBack:
        """The converted page as the search index should read it: each marker replaced by its HTML part,
        but what the index leaves out whole held back (see the module's notes); raises PartsNotPlaced
        unless every part's marker is there exactly once, as a paragraph of its own."""
        missing = _missing(Counter(int(n) for n in _PLACED.findall(html)), len(self.parts))
        repeated = _repeated(Counter(int(n) for n in _ANY_MARKER.findall(html)), len(self.parts))
        if missing or repeated:
            raise PartsNotPlaced(self.source or self.src_uri, missing, repeated)
        held: list[str] = []

        def hold(block: re.Match[str]) -> str:
            held.append(block.group(1))
            return _HELD.format(len(held) - 1)

        def part_in_place(marker: re.Match[str]) -> str:
            return _LEFT_OUT.sub(hold, _rendered(self.parts[int(marker.group(1))]))

        for_search = _PLACED.sub(part_in_place, html)
        return HeldBack(self.source or self.src_uri, for_search, tuple(held))


@dataclass(frozen=True)
class HeldBack:
    """A generated page as the search index reads it, and the blocks held back from it."""

    source: str
    html: str
    held: tuple[str, ...]

    def restored(self, html: str) -> str:
        """`html` (this page, once the index has read it) with every held block back in its place;
        raises PartsNotPlaced unless each held place is there exactly once."""
        if not self.held:
            return html
        found = Counter(int(n) for n in _HELD_PLACE.findall(html))
        missing, repeated = _missing(found, len(self.held)), _repeated(found, len(self.held))
        if missing or repeated:
            raise PartsNotPlaced(self.source, missing, repeated, what="block left out of search",
                                 hint="does a plugin or hook remove HTML comments from the page, or repeat its text?")
        return _HELD_PLACE.sub(lambda place: self.held[int(place.group(1))], html)


@dataclass(frozen=True)
class TemplateHelpers:
    """What one part of the site gives the templates: names they can use, and filters."""

    globals: Mapping[str, Any] = field(default_factory=dict)
    filters: Mapping[str, Callable[..., Any]] = field(default_factory=dict)


def chunks(items: Sequence[T], size: int) -> list[Sequence[T]]:
    """`items` cut into pages of `size`, in order: one empty page when there are none."""
    return [items[start : start + size] for start in range(0, max(1, len(items)), size)]


def _render(env: jinja2.Environment, template: str, *args: Any, **values: Any) -> str:
    return env.get_template(template).render(*args, **values)


@dataclass
class PageWriter:
    """Builds a generated page from Markdown and HTML parts, in reading order."""

    src_uri: str
    front_matter: str
    in_nav: bool = True
    url: str | None = None
    source: str | None = None
    texts: list[str] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)

    def markdown(self, text: str) -> None:
        """Add Markdown (an author's text, or a heading Frontdesk writes)."""
        self.texts.append(text.strip("\n") + "\n\n")

    def html(self, part: Part) -> None:
        """Add a part of HTML, or a function that renders it."""
        self.texts.append(_MARKER.format(len(self.parts)) + "\n\n")
        self.parts.append(part)

    def render(self, env: jinja2.Environment, template: str, *args: Any, **values: Any) -> None:
        """Add a part that `template` renders with these values, when the page is placed
        (only then is the template loaded and compiled)."""
        self.html(partial(_render, env, template, *args, **values))

    def page(self) -> GeneratedPage:
        """The finished page."""
        return GeneratedPage(self.src_uri, self.front_matter + "".join(self.texts), tuple(self.parts),
                             self.in_nav, self.url, self.source)


def front_matter(title: str, **fields: Any) -> str:
    """A generated page's front matter; text is HTML-escaped because themes print it raw."""
    meta = {"title": html.escape(title), **{k: v for k, v in fields.items() if v is not None}}
    if "description" in meta:
        meta["description"] = html.escape(meta["description"])
    # JSON is YAML, and writing it costs a fiftieth of PyYAML's dump. Characters YAML reads as
    # line breaks, though JSON does not escape them, are escaped here.
    text = json.dumps(meta, ensure_ascii=False, sort_keys=True)
    for line_break in _YAML_LINE_BREAKS:
        text = text.replace(line_break, f"\\u{ord(line_break):04x}")
    return "---\n" + text + "\n---\n\n"


def long_date(day: date) -> str:
    """A date as people write it: 14 September 2026."""
    return f"{day.day} {day:%B %Y}"
