"""Scripts in Markdown bodies are found exactly when the site's own Markdown would put them on the page
live, each at the line of its tag or link; code samples in fences and backticks are text."""

from __future__ import annotations

import re

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import ROOT
from frontdesk.core.html_blocks import markdown_lines
from frontdesk.core.problems import Problem
from frontdesk.core.scripts import script_problems

PATH = "newsletter/2026-01-19-new-starters.md"
FIRST_LINE = 10  # where the body starts in its file

# Bodies whose HTML on the page runs code (or sends readers away), and the line of the body it is on.
LIVE = {
    "script element": ("Intro.\n\n<script>alert(1)</script>\n", 3),
    "script in mixed case, inline": ("Text <ScRiPt>alert(1)</sCrIpT> more\n", 1),
    "event handler inline": ("Look <img src=x onerror=alert(1)> here\n", 1),
    "event handler in an HTML block": ('<div>\n<p onmouseover="alert(1)">x</p>\n</div>\n', 2),
    "SVG script": ("<svg>\n<script>alert(1)</script>\n</svg>\n", 2),
    "SVG onload after a slash": ("x <svg/onload=alert(1)> y\n", 1),
    "SVG xlink:href": ('<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>\n', 1),
    "SVG animation to javascript:": ('<svg><a><animate attributeName="href" values="javascript:alert(1)"/>'
                                     "<text>x</text></a></svg>\n", 1),
    "iframe": ('<iframe src="https://example.org/"></iframe>\n', 1),
    "object": ('<object data="x.swf"></object>\n', 1),
    "embed": ('Text <embed src="x.swf"> text\n', 1),
    "base": ('<base href="https://evil.example/">\n', 1),
    "meta refresh": ('<meta http-equiv="refresh" content="0; url=https://evil.example/">\n', 1),
    "javascript: link in HTML": ('<a href="javascript:alert(1)">x</a>\n', 1),
    "javascript: as a character reference": ('<a href="jav&#x61;script:alert(1)">x</a>\n', 1),
    "javascript: with a named colon": ('<a href="javascript&colon;alert(1)">x</a>\n', 1),
    "javascript: with spaces and case": ('<a href="  JaVaScRiPt:alert(1)">x</a>\n', 1),
    "javascript: split by a tab reference": ('<a href="java&#9;script:alert(1)">x</a>\n', 1),
    "vbscript: link": ("<a href=vbscript:msgbox(1)>x</a>\n", 1),
    "data: HTML link": ('<a href="data:text/html,hello">x</a>\n', 1),
    "form action": ('<form action="javascript:alert(1)"><input type=submit></form>\n', 1),
    "button formaction": ('<button formaction="javascript:alert(1)">x</button>\n', 1),
    "Markdown link": ("Para.\n\n[x](javascript:alert(1))\n", 3),
    "Markdown link with a reference in its address": ("[x](jav&#x61;script:alert(1))\n", 1),
    "Markdown link in angle brackets": ("[x](<javascript:alert(1)>)\n", 1),
    "Markdown link with spaces and case": ("[x](  JaVaScRiPt:alert(1))\n", 1),
    "Markdown link with a title": ('[x](javascript:alert(1) "title")\n', 1),
    "Markdown image": ("![x](javascript:alert(1))\n", 1),
    "Markdown data: link": ("[x](data:text/html,hi)\n", 1),
    "link reference": ("[x][r]\n\n[r]: javascript:alert(1)\n", 3),
    "autolink": ("<javascript://%0Aalert(1)>\n", 1),
    "attribute list on a heading": ('## Title {: onclick="alert(1)" }\n', 1),
    "attribute list on a paragraph": ("Para\n{: onmouseover=alert(1) }\n", 2),
    "attribute list on a link": ('[x](https://example.org/){: href="javascript:alert(1)" }\n', 1),
    "backticks inside an HTML block": ("<div>`<script>alert(1)</script>`</div>\n", 1),
    "after a fence": ("```\n<b>code</b>\n```\n\n<script>alert(1)</script>\n", 5),
    "after a code span that closes": ("`<b>` then <img src=x onerror=alert(1)>\n", 1),
    "in a list": ("- one\n- two <img src=x onerror=alert(1)>\n", 2),
    "in a quote": ("> Quote <img src=x onerror=alert(1)>\n", 1),
    "in a table": ("| a | b |\n| --- | --- |\n| <img src=x onerror=alert(1)> | y |\n", 3),
}

# Bodies whose HTML runs nothing: code, text, pictures, harmless HTML.
NOT_LIVE = {
    "fenced code": "```html\n<script>alert(1)</script>\n```\n",
    "tilde fence in a list": "- item\n\n    ~~~\n    <img src=x onerror=alert(1)>\n    ~~~\n",
    "inline code": "Never write `<script>alert(1)</script>` in a page.\n",
    "inline code over two lines": "Never write `<img src=x\nonerror=alert(1)>` in a page.\n",
    "double backticks": "Write ``<a href=\"javascript:x\">`x`</a>`` with care.\n",
    "code link text": "`[x](javascript:alert(1))` is refused.\n",
    "prose": "Never open javascript: links; onclick handlers and vbscript: are gone.\n",
    "data: picture in HTML": '<img src="data:image/png;base64,iVBORw0KGgo=" alt="dot">\n',
    "data: picture in Markdown": "![dot](data:image/png;base64,iVBORw0KGgo=)\n",
    "SVG picture in an img": '<img src="data:image/svg+xml,%3Csvg%3E%3C/svg%3E" alt="shape">\n',
    "https link with javascript: in its query": "[x](https://example.org/?next=javascript:x)\n",
    "harmless HTML": "<details>\n<summary>More</summary>\n\nPress <kbd>Ctrl</kbd>.\n</details>\n",
    "comment": "<!-- <script>alert(1)</script> -->\n",
    "attribute list with a class": "## Title {: .wide #top }\n",
    "braces in prose": "Write { onboarding } in the form.\n",
    "mailto and tel": "[Mail](mailto:it@example.org) or [call](tel:+441615550100)\n",
}


def site_markdown(body: str) -> BeautifulSoup:
    """The body as the site's Markdown renders it, parsed as a browser would."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8").replace("!ENV", ""))
    extensions = [next(iter(e)) if isinstance(e, dict) else e for e in config["markdown_extensions"]]
    return BeautifulSoup(markdown.markdown(body, extensions=extensions), "html.parser")


def runs_code(page: BeautifulSoup) -> bool:
    """Whether rendered HTML holds an element, handler or address that runs code or sends readers away."""
    for element in page.find_all(True):
        if element.name in ("script", "iframe", "object", "embed", "base") or (
                element.name == "meta" and str(element.get("http-equiv", "")).lower() == "refresh"):
            return True
        for name, value in element.attrs.items():
            if name.startswith("on"):
                return True
            if name in ("href", "src", "action", "formaction", "xlink:href", "values") and isinstance(value, str):
                address = re.sub(r"[\t\n\r]", "", value).strip().lower()
                if re.match(r"(javascript|vbscript):|data:(?!image/)", address):
                    return True
    return False


def found(body: str) -> list[Problem]:
    return script_problems(markdown_lines(body), PATH, FIRST_LINE)


@pytest.mark.parametrize("body, line", LIVE.values(), ids=LIVE.keys())
def test_what_would_run_code_is_reported_at_its_line(body: str, line: int) -> None:
    problems = found(body)
    assert problems, body
    assert {problem.line for problem in problems} == {FIRST_LINE + line - 1}
    assert all(p.path == PATH and p.field == "body" and p.message.endswith("; remove it, or set allow_scripts: true")
               for p in problems)


@pytest.mark.parametrize("body", NOT_LIVE.values(), ids=NOT_LIVE.keys())
def test_code_samples_text_and_pictures_are_not_reported(body: str) -> None:
    assert found(body) == []


@pytest.mark.parametrize("body", [*(b for b, _ in LIVE.values()), *NOT_LIVE.values()],
                         ids=[*LIVE.keys(), *NOT_LIVE.keys()])
def test_a_body_is_reported_exactly_when_the_sites_markdown_makes_it_run_code(body: str) -> None:
    assert bool(found(body)) == runs_code(site_markdown(body)), str(site_markdown(body))


def test_each_script_is_reported_with_what_it_is() -> None:
    body = ("<script>alert(1)</script>\n\n[x](javascript:alert(2))\n\n<img src=x onerror=alert(3)>\n\n"
            '<a href="data:text/html,x">y</a>\n')
    assert [str(p) for p in sorted(found(body))] == [
        f"{PATH}:10: body: <script> runs code in readers' browsers; remove it, or set allow_scripts: true "
        "(found: '<script>')",
        f"{PATH}:12: body: a javascript: address runs code in readers' browsers; remove it, or set "
        "allow_scripts: true (found: 'javascript:alert(2)')",
        f"{PATH}:14: body: the onerror attribute runs code in readers' browsers; remove it, or set "
        "allow_scripts: true (found: '<img src=x onerror=alert(3)>')",
        f"{PATH}:16: body: a data: address that is not a picture can run code in readers' browsers; remove it, "
        "or set allow_scripts: true (found: '<a href=\"data:text/html,x\">')",
    ]
