"""Frontdesk's sections go where its markers are, and nothing an author writes can pass for a marker."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
from conftest import Build, copy_project, run_build
from frontdesk.core.pages import END_LEAVE_OUT_OF_SEARCH, LEAVE_OUT_OF_SEARCH, PageWriter, PartsNotPlaced

VPN = "content/services/vpn.md"
# What markers looked like, and what a guess at today's might look like.
MARKER_LOOKALIKES = ("FRONTDESK-PART-5", "FRONTDESK-PART-0123456789abcdef-1")


def article(html: str) -> str:
    found = re.search(r'<article class="md-content__inner md-typeset">.*?</article>', html, re.S)
    assert found, html
    return found.group(0)


def test_text_that_looks_like_a_marker_shows_as_written_and_moves_no_section(example_build: Build,
                                                                              tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    with (project / VPN).open("a", encoding="utf-8") as file:
        file.write("".join(f"\n{text}\n" for text in MARKER_LOOKALIKES))
    build = run_build(project, tmp_path / "site", "--strict")
    assert build.returncode == 0, build.output
    page = article(build.page("services/vpn/"))
    written = "".join(f"<p>{text}</p>\n" for text in MARKER_LOOKALIKES)
    assert written in page
    # Everything else, every section in its place, is as on the page without the text.
    assert page.replace(written, "", 1) == article(example_build.page("services/vpn/"))


def writer_with_two_parts() -> PageWriter:
    writer = PageWriter("services/vpn.md", "", source=VPN)
    writer.markdown("Text")
    writer.html("<section>Service levels</section>")
    writer.markdown("## Getting help")
    writer.html(lambda: "<section>Help</section>")
    return writer


def test_each_part_goes_where_its_marker_is() -> None:
    page = writer_with_two_parts().page()
    assert page.place_parts(markdown.markdown(page.markdown)) == (
        "<p>Text</p>\n<section>Service levels</section>\n<h2>Getting help</h2>\n<section>Help</section>")


def test_an_old_style_marker_in_the_converted_page_is_left_as_text() -> None:
    page = writer_with_two_parts().page()
    converted = markdown.markdown("FRONTDESK-PART-1\n\n" + page.markdown)
    assert page.place_parts(converted).startswith("<p>FRONTDESK-PART-1</p>\n<p>Text</p>\n<section>Service levels")


def test_a_marker_that_appears_twice_is_an_error_naming_the_file() -> None:
    page = writer_with_two_parts().page()
    with pytest.raises(PartsNotPlaced, match=rf"^{VPN}: body: .*\(found: part 1, 2 more than once\)"):
        page.place_parts(markdown.markdown(page.markdown + "\n\n" + page.markdown))


def test_a_marker_left_in_raw_html_is_an_error_naming_the_file() -> None:
    page = writer_with_two_parts().page()
    # The second marker stays, as text, inside a block of HTML an author left open.
    text = page.markdown.replace("## Getting help", "<div>\n## Getting help")
    with pytest.raises(PartsNotPlaced, match=rf"^{VPN}: body: .*\(found: part 2 missing\)"):
        page.place_parts(markdown.markdown(text))


def test_markers_are_not_the_guessable_numbers_and_never_reach_the_page() -> None:
    page = writer_with_two_parts().page()
    # Each marker carries the process's random token (16 hex digits) before its number.
    markers = re.findall(r"^FRONTDESK-PART-(.*)$", page.markdown, re.M)
    assert len(markers) == 2 and all(re.fullmatch(r"[0-9a-f]{16}-[0-9]+", m) for m in markers), markers
    assert "FRONTDESK-PART" not in page.place_parts(markdown.markdown(page.markdown))


def writer_with_blocks_left_out_of_search() -> PageWriter:
    writer = writer_with_two_parts()
    writer.html(f"<p>Figures:</p>{LEAVE_OUT_OF_SEARCH}<table data-search-exclude><tr><td>1</td></tr></table>"
                f"{END_LEAVE_OUT_OF_SEARCH}<p>More</p>")
    writer.html(lambda: f"{LEAVE_OUT_OF_SEARCH}<section data-search-exclude><h3>Charts</h3></section>"
                        f"{END_LEAVE_OUT_OF_SEARCH}")
    return writer


def test_what_search_leaves_out_waits_in_comments_until_the_index_has_read_the_page() -> None:
    page = writer_with_blocks_left_out_of_search().page()
    held = page.place_for_search(markdown.markdown(page.markdown))
    # What the search index reads: the other parts, and comments (which it skips) holding the places.
    assert "<table" not in held.html and "<h3>" not in held.html
    assert re.fullmatch(r"<!--FRONTDESK-PART-[0-9a-f]{16}-[01]-->", held.html.split("</p>")[-1].strip())
    whole = ("<p>Text</p>\n<section>Service levels</section>\n<h2>Getting help</h2>\n<section>Help</section>\n"
             "<p>Figures:</p><table data-search-exclude><tr><td>1</td></tr></table><p>More</p>\n"
             "<section data-search-exclude><h3>Charts</h3></section>")
    assert held.restored(held.html) == whole == page.place_parts(markdown.markdown(page.markdown))


def test_a_held_place_lost_or_repeated_is_an_error_naming_the_file() -> None:
    page = writer_with_blocks_left_out_of_search().page()
    held = page.place_for_search(markdown.markdown(page.markdown))
    without_comments = re.sub(r"<!--.*?-->", "", held.html)
    with pytest.raises(PartsNotPlaced, match=rf"^{VPN}: body: .*\(found: block left out of search 1, 2 missing\); "
                                             "does a plugin"):
        held.restored(without_comments)
    with pytest.raises(PartsNotPlaced, match=r"\(found: block left out of search 1, 2 more than once\)"):
        held.restored(held.html + held.html)
