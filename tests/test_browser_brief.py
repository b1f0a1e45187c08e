"""/briefs/ and a month's brief in a real browser (axe-core checks them in test_accessibility.py): the brief
fits the phone's width, on the site and as the standalone brief.html a leader gets by email."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import FRONTDESK_COMMAND, build_env, copy_project
from test_accessibility import SCHEMES, VIEWPORTS, open_as

__all__ = ["open_as"]  # a fixture, used by name


@pytest.mark.browser
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("path", ["briefs/", "briefs/2026-10/"])
def test_the_briefs_fit_the_screen(open_as, served_site, path, viewport, scheme):
    page = open_as(served_site + path, viewport, scheme)
    # Nothing wider than the screen but the table of missed targets, which scrolls in its own region.
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"/{path} scrolls sideways at {viewport}"
    if path != "briefs/":
        assert page.get_by_role("heading", name="Targets missed", level=2).is_visible()
        assert page.get_by_role("region", name="Targets missed").is_visible()


@pytest.fixture(scope="module")
def standalone_brief(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """brief.html for October 2026 as `frontdesk brief --no-pdf` writes it (what a leader gets by email)."""
    project = copy_project(tmp_path_factory.mktemp("phone") / "project")
    result = subprocess.run([FRONTDESK_COMMAND, "brief", "--month", "2026-10", "--no-pdf", "--project", str(project)],
                            capture_output=True, text=True, env=build_env(FRONTDESK_DEBUG="0"), cwd=project,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    return project / "briefs/2026-10/brief.html"


WIDER_THAN_THE_SCREEN = """() => [...document.body.querySelectorAll('*')]
    .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1
                 && !e.closest('.fd-table-scroll'))
    .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))"""


@pytest.mark.browser
@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_emailed_brief_reads_on_a_phone_without_sideways_scrolling(browser, standalone_brief, scheme):
    """Leaders read email on phones: at 390px the page never scrolls sideways (the table of missed targets
    scrolls in its own box), and each headline figure has the screen's width to itself."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme=scheme)
    try:
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(standalone_brief.as_uri())
        assert requests == [standalone_brief.as_uri()]  # nothing fetched
        assert page.evaluate(WIDER_THAN_THE_SCREEN) == []
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"brief.html scrolls sideways by {overflow}px at 390px"
        widths = page.eval_on_selector_all(".fd-brief-figures li", "items => items.map(i => i.offsetWidth)")
        text = page.evaluate("() => document.querySelector('main').offsetWidth")
        assert widths and all(width >= text * 0.9 for width in widths), (widths, text)
        assert page.get_by_role("region", name="Targets missed").is_visible()
        assert page.evaluate(BROKEN_WORDS) == []  # the table scrolls rather than cut its words in two
    finally:
        context.close()


MARKERS = """() => [...document.querySelectorAll('.fd-brief-figures li')]
    .map(item => getComputedStyle(item).listStyleType).filter(marker => marker !== 'none')"""


@pytest.mark.browser
@pytest.mark.parametrize("media", ["screen", "print"])
def test_the_headline_figures_are_boxes_without_stray_bullets(open_as, served_site, media):
    """Each figure is a box with a bar down its left; no list bullet hangs in the margin beside it."""
    page = open_as(served_site + "briefs/2026-10/")
    page.emulate_media(media=media)
    assert page.locator(".fd-brief-figures li").count() >= 4
    assert page.evaluate(MARKERS) == []


# Words of the table that a line break cuts in two: a word's range then has a box on each line.
BROKEN_WORDS = """() => {
    const broken = [];
    const walker = document.createTreeWalker(document.querySelector('.fd-brief-table'), NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const match of node.textContent.matchAll(/\\S+/g)) {
            const range = document.createRange();
            range.setStart(node, match.index);
            range.setEnd(node, match.index + match[0].length);
            if (range.getClientRects().length > 1) broken.push(match[0]);
        }
    }
    return broken;
}"""


@pytest.mark.browser
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_missed_targets_table_keeps_its_columns_readable(open_as, served_site, viewport):
    """On a phone the table scrolls in its own box rather than squeezing a column to a letter or two a line
    ('Resear / ch / compu / ting'); its headers line up with their cells, on the left."""
    page = open_as(served_site + "briefs/2026-10/", viewport)
    assert page.evaluate(BROKEN_WORDS) == []
    aligned = page.eval_on_selector_all(".fd-brief-table th", "cells => cells.map(c => getComputedStyle(c).textAlign)")
    assert set(aligned) <= {"left", "start"}, aligned
