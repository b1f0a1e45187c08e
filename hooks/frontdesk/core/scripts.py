"""Scripts in Markdown bodies: what would run code in readers' browsers.

A body may hold HTML, as any MkDocs page may, and the site's Markdown passes it on as it is: to
the page and to the email edition, where no Content-Security-Policy protects readers. So a body
is read for what runs code or takes readers elsewhere, the way a browser reads it:

- elements that run or embed code: <script> (in SVG too), <iframe>, <frame>, <object>,
  <embed>, <applet>, <portal>; <base>, which moves every relative address of the page, and
  <meta http-equiv="refresh">, which sends readers away;
- event handler attributes (onerror=, onclick=, any on*=);
- javascript:, vbscript: and data: addresses (a data: picture is fine) in attributes that hold
  an address, read as a browser reads them: character references decoded, tabs and line breaks
  dropped, spaces around trimmed, any case;
- the same addresses in Markdown's links, images, link references and autolinks, and event
  handlers or addresses set with attribute lists (`{: onclick="..." }`).

HTML is read with Python's HTML parser over the body's lines as Markdown reads their blocks
(html_blocks.py): fenced code and inline code outside HTML blocks are left out, as they show as
text. Indented code blocks are read like the rest: write code samples in fences or backticks.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from xml.etree.ElementTree import Element

from markdown.blockprocessors import ReferenceProcessor
from markdown.extensions.attr_list import AttrListTreeprocessor, get_attrs_and_remainder
from markdown.inlinepatterns import AUTOLINK_RE, BACKTICK_RE, BacktickInlineProcessor

from .html_blocks import MarkdownLines
from .problems import Problem, shown

_ADVICE = "; remove it, or set allow_scripts: true"
_RUNS_CODE = "runs code in readers' browsers"
# Elements that run code, or load a page or program that may, wherever they are in a body.
_EMBEDDING = frozenset({"iframe", "frame", "frameset", "object", "embed", "applet", "portal"})
# Attributes whose value is an address a browser follows or loads.
_ADDRESS_ATTRIBUTES = frozenset({
    "href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "lowsrc", "dynsrc",
    "codebase", "cite", "longdesc", "ping", "srcset", "to", "from", "values",
})
_SCRIPT_SCHEMES = frozenset({"javascript", "vbscript", "livescript"})
# data: pictures a browser only ever shows (an SVG document can hold scripts).
_PICTURE_DATA = re.compile(r"data:image/(?:png|jpe?g|gif|webp|avif|bmp|x-icon|vnd\.microsoft\.icon)[;,]")
_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):")
_ANY_SCHEME = re.compile(r"(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*):")
_TABS_AND_BREAKS = re.compile(r"[\t\n\r]")
_C0_OR_SPACE = "".join(chr(code) for code in range(0x21))
_CODE_SPANS = BacktickInlineProcessor(BACKTICK_RE)
_INLINE_LINK = re.compile(r"\]\(")
_AUTOLINK = re.compile(AUTOLINK_RE)
_ATTRIBUTE_LIST = re.compile(AttrListTreeprocessor.BASE_RE)
_EVENT_HANDLER = re.compile(r"on[a-z]+")
# Longest part of a Markdown link's address read (the scheme is at its start).
_ADDRESS_READ = 500


@dataclass(frozen=True)
class _Found:
    """One thing in a body that would run code, and where."""

    offset: int  # in the text read
    what: str  # what it is and what it does, in an author's words
    text: str  # as the author wrote it


def script_problems(body: MarkdownLines, path: str, first_line: int) -> list[Problem]:
    """A problem for each thing in a body (read into lines, starting at `first_line` of `path`)
    that would run code in a reader's browser."""
    text = "\n".join(_without_code_spans(body))
    starts = [0, *(match.end() for match in re.finditer("\n", text))]
    problems = []
    for found in (*_in_html(text, starts), *_in_markdown(text)):
        index = bisect.bisect_right(starts, found.offset) - 1
        problems.append(Problem(path, body.line_in_file(index, first_line), "body", found.what + _ADVICE,
                                shown(found.text)))
    return problems


def _without_code_spans(body: MarkdownLines) -> list[str]:
    """The lines with inline code blanked out (its length and lines kept), except in HTML blocks,
    where backticks are only text. A code span does not go on past a blank line."""
    lines = list(body.lines)
    paragraph: list[int] = []
    for index in range(len(lines) + 1):
        if index < len(lines) and lines[index].strip() and index not in body.in_html_block:
            paragraph.append(index)
            continue
        if paragraph:
            text = _blank_code_spans("\n".join(lines[i] for i in paragraph))
            for line_index, line in zip(paragraph, text.split("\n"), strict=True):
                lines[line_index] = line
            paragraph = []
    return lines


def _blank_code_spans(text: str) -> str:
    """A paragraph with its code spans blanked out, found by Python-Markdown's own code span
    processor (which runs before any other inline pattern)."""
    if "`" not in text:
        return text
    kept: list[str] = []
    done = 0
    while (found := _CODE_SPANS.compiled_re.search(text, done)) is not None:
        element, start, end = _CODE_SPANS.handleMatch(found, text)
        end = max(end or 0, found.end(), done + 1)
        if isinstance(element, Element) and start is not None:
            kept += [text[done:start], re.sub(r"[^\n]", " ", text[start:end])]
        else:
            kept.append(text[done:end])
        done = end
    return "".join([*kept, text[done:]])


class _ScriptFinder(HTMLParser):
    """Python's HTML parser, noting each tag and attribute that would run code."""

    def __init__(self, starts: list[int]) -> None:
        super().__init__(convert_charrefs=True)
        self.starts = starts
        self.found: list[_Found] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, column = self.getpos()
        offset = self.starts[line - 1] + column
        text = self.get_starttag_text() or f"<{tag}>"
        self.found += [_Found(offset, what, text) for what in _tag_dangers(tag, attrs)]

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def _in_html(text: str, starts: list[int]) -> list[_Found]:
    if "<" not in text:
        return []
    finder = _ScriptFinder(starts)
    finder.feed(text)
    finder.close()
    return finder.found


def _tag_dangers(tag: str, attrs: list[tuple[str, str | None]]) -> Iterator[str]:
    """What in one start tag would run code (or send readers elsewhere), in words."""
    if tag == "script":
        yield f"<script> {_RUNS_CODE}"
    elif tag in _EMBEDDING:
        yield f"<{tag}> can run code in readers' browsers"
    elif tag == "base":
        yield "<base> makes the page load its scripts and links from elsewhere"
    elif tag == "meta" and any(name == "http-equiv" and (value or "").strip().lower() == "refresh"
                               for name, value in attrs):
        yield "<meta http-equiv=\"refresh\"> sends readers to another address"
    for name, value in attrs:
        if name.startswith("on") and len(name) > 2:
            yield f"the {name} attribute {_RUNS_CODE}"
        elif name in _ADDRESS_ATTRIBUTES and value:
            yield from _address_danger(value, picture=tag == "img" and name in ("src", "srcset"),
                                       several=name in ("srcset", "values"))


def _address_danger(value: str, *, picture: bool = False, several: bool = False) -> Iterator[str]:
    """What an address (as a browser has it, character references decoded) would do, if it runs
    code: at its start, or anywhere in a value holding several (srcset, SVG animation values).
    A `picture` address is an image's, where any data: image only shows."""
    url = _TABS_AND_BREAKS.sub("", value).strip(_C0_OR_SPACE).lower()
    if several:
        schemes = [(found.group(1), url[found.start():]) for found in _ANY_SCHEME.finditer(url)]
    else:
        schemes = [(found.group(1), url)] if (found := _SCHEME.match(url)) else []
    for scheme, address in schemes:
        if scheme in _SCRIPT_SCHEMES:
            yield f"a {scheme}: address {_RUNS_CODE}"
            return
        if scheme == "data" and not (_PICTURE_DATA.match(address) or (picture and address.startswith("data:image/"))):
            yield "a data: address that is not a picture can run code in readers' browsers"
            return


def _in_markdown(text: str) -> list[_Found]:
    """Addresses and attributes Markdown puts on the page: links, images, link references,
    autolinks and attribute lists."""
    found: list[_Found] = []
    for link in _INLINE_LINK.finditer(text):
        address = _inline_address(text, link.end())
        found += [_Found(link.start(), what, address)
                  for what in _address_danger(html.unescape(address))]
    for reference in ReferenceProcessor.RE.finditer(text):
        address = reference.group(2).lstrip("<").rstrip(">")
        found += [_Found(reference.start(2), what, address)
                  for what in _address_danger(html.unescape(address))]
    for autolink in _AUTOLINK.finditer(text):
        found += [_Found(autolink.start(), what, autolink.group(1))
                  for what in _address_danger(html.unescape(autolink.group(1)))]
    for attributes in _ATTRIBUTE_LIST.finditer(text):
        found += [_Found(attributes.start(), what, attributes.group(0))
                  for what in _attribute_list_dangers(attributes.group(1))]
    return found


def _inline_address(text: str, start: int) -> str:
    """The address of a Markdown link or image whose '(' ends at `start`: up to the ')' that
    closes it, a title, or the end of its line (the scheme at its start is what matters)."""
    end = min(len(text), start + _ADDRESS_READ)
    stripped = text[start:end].lstrip(" \n")
    if stripped.startswith("<"):
        return stripped[1:].split(">", 1)[0]
    depth = 0
    for position, character in enumerate(stripped):
        if character == "(":
            depth += 1
        elif character == ")" and depth == 0:
            return stripped[:position]
        elif character == ")":
            depth -= 1
        elif character in " \n":
            return stripped[:position]
    return stripped


def _attribute_list_dangers(content: str) -> Iterator[str]:
    """What the attributes of an attribute list (`{: name="value" }`) would do, if they run code."""
    attributes, _ = get_attrs_and_remainder(content)
    for name, value in attributes:
        if value and _EVENT_HANDLER.fullmatch(name.lower()):
            yield f"the {name.lower()} attribute {_RUNS_CODE}"
        elif value and name.lower() in _ADDRESS_ATTRIBUTES:
            yield from _address_danger(html.unescape(value), several=name.lower() in ("srcset", "values"))
