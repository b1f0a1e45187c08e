"""An HTML block an author leaves open is found before a build, by the line of its opening tag,
the way Python-Markdown reads HTML blocks; what Markdown does not read as an open block is not."""

from __future__ import annotations

import subprocess
from pathlib import Path

import markdown
import pytest
import yaml
from conftest import FRONTDESK_COMMAND, ROOT, build_env, copy_project
from frontdesk.core.html_blocks import unclosed_html_blocks
from frontdesk.core.problems import Problem

PATH = "content/services/vpn.md"
FIRST_LINE = 40  # where the body starts in its file


def never_closed(line: int, name: str, found: str) -> list[Problem]:
    return [Problem(PATH, line, "body", f"the HTML block <{name}> is never closed, so everything after it "
                                        f"would show as raw text: add </{name}>", found)]


# A body, and the line (counted from the body's first) and tag of the block that is never closed.
OPEN = {
    "indented one space": ("Intro.\n\n <div>\nText\n", 3, "div", "'<div>'"),
    "indented three spaces": ("Intro.\n\n   <div>\nText\n", 3, "div", "'<div>'"),
    "attributes on the next line": ('Intro.\n\n<div\n  class="note">\nText\n', 3, "div", "'<div class=\"note\">'"),
    "nested tags over lines": ("<div><div>\nText\n</div>\n\nMore\n", 1, "div", "'<div>'"),
    "closing tag in a fence inside the block": ("<div>\n\n```\n</div>\n```\n\nText\n", 1, "div", "'<div>'"),
    "closing tag in an indented fence inside the block": ("<div>\n  ~~~\n  </div>\n  ~~~\nText\n", 1, "div",
                                                          "'<div>'"),
    "closing tag in a comment": ("Intro.\n\n<section>\n<!-- </section> -->\nText\n", 3, "section", "'<section>'"),
    "a tag opened after a block closed on the same line": ("<div>x</div><div>\nText\n", 1, "div", "'<div>'"),
    "a fence never closed is no fence": ("```\n<DIV class=x>\n\nText\n", 2, "DIV", "'<DIV class=x>'"),
    "another tag closed inside": ("<details>\n<summary>More</summary>\n\nText\n", 1, "details", "'<details>'"),
}


@pytest.mark.parametrize("body, line, name, found", OPEN.values(), ids=OPEN.keys())
def test_an_html_block_never_closed_is_reported_at_its_opening_tag(body: str, line: int, name: str,
                                                                   found: str) -> None:
    assert unclosed_html_blocks(body, PATH, FIRST_LINE) == never_closed(FIRST_LINE + line - 1, name, found)


NOT_OPEN = {
    "closed": "<div>\nText\n</div>\n",
    "closed over lines, nested": '<div\n  class="note"><div>\nText\n</div>\n</div>\n',
    "closed after a fence holding a closing tag": "<div>\n```\n</div>\n```\n</div>\n",
    "closed after a comment holding a closing tag": "<div>\n<!-- </div> -->\n</div>\n",
    "in a fenced code block": "```html\n<div>\n```\n\nText\n",
    "in an indented fenced code block": "  ~~~\n  <div>\n  ~~~\n\nText\n",
    "in inline code": "Use `<div>` for a box.\n\n`<div>`\n",
    "in an indented code block": "Example:\n\n    <div>\n\nText\n",
    "indented four spaces in a list": "- item\n\n    <div>\n    text\n",
    "in a quote": "> <div>\n> text\n",
    "within a paragraph": "Some text <div>\nmore\n",
    "not a block tag": "<span>\ntext\n",
    "an empty tag": "<hr>\n<div/>\ntext\n",
}


@pytest.mark.parametrize("body", NOT_OPEN.values(), ids=NOT_OPEN.keys())
def test_html_that_markdown_does_not_read_as_an_open_block_is_not_reported(body: str) -> None:
    assert unclosed_html_blocks(body, PATH, FIRST_LINE) == []


@pytest.mark.parametrize("body", [case[0] for case in OPEN.values()] + list(NOT_OPEN.values()),
                         ids=[*OPEN.keys(), *NOT_OPEN.keys()])
def test_a_block_is_reported_exactly_when_the_sites_markdown_would_swallow_what_follows(body: str) -> None:
    # What the page adds after the author's text, converted by the site's own Markdown extensions.
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8").replace("!ENV", ""))
    extensions = [next(iter(e)) if isinstance(e, dict) else e for e in config["markdown_extensions"]]
    html = markdown.markdown(body.strip("\n") + "\n\nAdded by Frontdesk\n", extensions=extensions)
    swallowed = "<p>Added by Frontdesk</p>" not in html
    assert bool(unclosed_html_blocks(body, PATH)) == swallowed, html


def test_frontdesk_check_content_only_names_the_line_of_a_block_left_open(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    service = project / PATH
    text = service.read_text("utf-8") + '\nAn aside:\n\n  <div\n    class="aside">\n\n```\n</div>\n```\n\nMore.\n'
    service.write_text(text, "utf-8")
    line = text.split("\n").index("  <div") + 1
    result = subprocess.run([FRONTDESK_COMMAND, "check", "--content-only", "--project", str(project)],
                            capture_output=True, text=True, env=build_env(), timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    assert (f"{PATH}:{line}: body: the HTML block <div> is never closed, so everything after it would show as "
            "raw text: add </div> (found: '<div class=\"aside\">')") in result.stderr.splitlines()
