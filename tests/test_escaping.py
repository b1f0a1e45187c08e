"""Text from content is escaped everywhere it lands: pages, feeds and the email edition.

A copy of the example puts script payloads in every text field an author writes (services,
issues, resources, authors and the settings; stats files hold only numbers). The built HTML
must carry them as text: no <script> element with a payload, no event-handler attribute,
nothing a browser runs; the feeds and the .eml carry them escaped.
"""

from __future__ import annotations

import email
import email.policy
import html
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import feedparser
import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import Build, copy_project, run_build, serve_folder

# Each sets window.__pwned if a browser runs it (plain assignment in a classic script or handler).
SCRIPT = "<script>__pwned=1</script>"
IMG = '"><img src=x onerror=__pwned=2>'
ATTR = "'onmouseover='__pwned=3'"
PAYLOADS = (SCRIPT, IMG, ATTR)
FULL = SCRIPT + IMG + ATTR
# A web address may carry a quote mark (never '<', '"' or a space): it must stay inside its href.
URL_PAYLOAD = "'onmouseover='__pwned=4'"
HANDLERS = re.compile(r"^on", re.IGNORECASE)


def text(limit: int, prefix: str = "") -> str:
    """The longest mix of payloads that fits a field's length limit."""
    for candidate in (FULL, SCRIPT + IMG, IMG, SCRIPT):
        if len(prefix + candidate) <= limit:
            return prefix + candidate
    raise AssertionError(limit)


def rewrite_front_matter(file: Path, change: Callable[[dict[str, Any]], None]) -> None:
    raw = file.read_text("utf-8")
    _, front, body = raw.split("---\n", 2)
    data = yaml.safe_load(front)
    change(data)
    file.write_text("---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n" + body, "utf-8")


def poison_service(data: dict[str, Any]) -> None:
    data["title"] = text(100)
    data["summary"] = text(160)
    data["owner"]["team"] = text(100)
    data["support"]["hours"] = text(200)
    for channel in data["support"]["channels"]:
        channel["label"] = text(100)
        if str(channel.get("url", "")).startswith("https:"):
            channel["url"] = channel["url"].rstrip("/") + "/" + URL_PAYLOAD
    data["request"]["how"] = text(300)
    if "url" in data["request"]:
        data["request"]["url"] += URL_PAYLOAD
    if data["cost"] != "free":
        data["cost"] = "£5 per " + FULL
    data["tags"] = [*data.get("tags", [])[:1], *PAYLOADS]
    data["links"] = [*data.get("links", []), {"title": text(120), "url": "https://kb.example/" + URL_PAYLOAD}]


def poison_issue(data: dict[str, Any]) -> None:
    data["title"] = text(150)
    data["summary"] = text(300)
    data["tags"] = [*data.get("tags", [])[:1], *PAYLOADS]


def poison_resource(data: dict[str, Any]) -> None:
    data["title"] = text(100)
    data["summary"] = text(200)
    data["tags"] = [*data.get("tags", [])[:1], *PAYLOADS]
    if "url" in data:
        data["url"] = data["url"].rstrip("/") + "/" + URL_PAYLOAD


def poison_settings(project: Path) -> None:
    """Payloads in every text setting under extra.frontdesk (edited as text: mkdocs.yml is MkDocs')."""
    config = project / "mkdocs.yml"
    lines = config.read_text("utf-8").split("\n")
    start = lines.index("  frontdesk:")
    out = []
    for number, line in enumerate(lines):
        match = re.match(r"^(\s+(?:- )?)(organisation|team|tagline|title|description): (.*)$", line)
        if number > start and match and line.startswith("    "):
            key = match[2]
            limit = {"organisation": 120, "team": 120, "tagline": 300, "title": 80, "description": 300}[key]
            line = f"{match[1]}{key}: {json.dumps(text(limit, 'X '))}"
        out.append(line)
    config.write_text("\n".join(out), "utf-8")


def poison(project: Path) -> None:
    for file in sorted((project / "content/services").glob("*.md")):
        rewrite_front_matter(file, poison_service)
    for file in sorted((project / "newsletter").glob("*.md")):
        rewrite_front_matter(file, poison_issue)
    for file in sorted((project / "content/resources").glob("*.md")):
        rewrite_front_matter(file, poison_resource)
    authors = project / "content/authors.yml"
    data = yaml.safe_load(authors.read_text("utf-8"))
    for author in data.values():
        author["name"] = text(100)
        author["role"] = text(100)
    authors.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    poison_settings(project)


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory: pytest.TempPathFactory) -> Build:
    project = copy_project(tmp_path_factory.mktemp("poisoned") / "project")
    poison(project)
    build = run_build(project, project.parent / "site")
    assert build.returncode == 0, build.output
    return build


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


# --- (a) every page, parsed -------------------------------------------------------------------


def test_the_payloads_reach_the_pages_as_text(poisoned: Build) -> None:
    """Guards the test: the payloads are on the pages, as visible text."""
    home = BeautifulSoup(poisoned.page(""), "html.parser")
    assert SCRIPT in home.get_text() and IMG in home.get_text()
    vpn = BeautifulSoup(poisoned.page("services/vpn/"), "html.parser")
    assert FULL in vpn.get_text()
    assert any(URL_PAYLOAD in (a.get("href") or "") for a in vpn.find_all("a"))


def test_no_page_carries_a_live_payload(poisoned: Build) -> None:
    pages = html_files(poisoned.site)
    assert len(pages) > 60
    found = []
    for page in pages:
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        where = page.relative_to(poisoned.site).as_posix()
        for script in soup.find_all("script"):
            if "__pwned" in script.get_text() and "<script>" not in script.get_text():
                found.append(f"{where}: a script element runs a payload: {script}")
        for element in soup.find_all(True):
            for name in element.attrs:
                if HANDLERS.match(name):
                    found.append(f"{where}: <{element.name} {name}=…>")
        found += [f"{where}: the payload made an element: {img}" for img in soup.find_all("img", src="x")]
    assert not found, "\n".join(found[:40])


def test_scripts_that_quote_content_keep_it_as_data(poisoned: Build) -> None:
    """JSON in pages (search data, filters) may hold the text, never a closing </script>."""
    for page in html_files(poisoned.site):
        for script in BeautifulSoup(page.read_text("utf-8"), "html.parser").find_all("script"):
            assert "</script" not in script.get_text().lower(), page


# --- (c) feeds and email ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["feed.xml", "atom.xml"])
def test_feeds_carry_the_payloads_as_text(poisoned: Build, name: str) -> None:
    raw = (poisoned.site / name).read_text("utf-8")
    assert "<script>" not in raw and "<img src=x" not in raw
    titles = re.findall(r"<title>(.*?)</title>", raw, re.DOTALL)
    assert any("&lt;script&gt;__pwned=1&lt;/script&gt;" in t for t in titles)
    feed = feedparser.parse(raw)
    assert not feed.bozo, feed.bozo_exception
    # The feed's own description names the team: escaped in the XML (readers differ on RSS's, so no more).
    assert "News from X &lt;script&gt;__pwned=1&lt;/script&gt;" in raw
    assert feed.entries
    for entry in feed.entries:
        # A reader unescapes once and gets the literal text; were it HTML, the sanitiser would have cut it.
        assert entry.title == FULL
        # Atom's summary is text; RSS's description is HTML, where the text is an escaped paragraph.
        summary = entry.summary if name == "atom.xml" else BeautifulSoup(entry.summary, "html.parser").get_text()
        assert summary == FULL, f"the summary does not reach readers as its text: {entry.summary!r}"
        assert [tag.term for tag in entry.tags][-3:] == list(PAYLOADS)
        assert [author.name for author in entry.authors] == [text(100)] * len(entry.authors)
        content = BeautifulSoup(entry.content[0].value, "html.parser")
        assert not [s for s in content.find_all("script") if "__pwned" in s.get_text()]
        assert not [e for e in content.find_all(True) if any(HANDLERS.match(a) for a in e.attrs)]


def test_the_json_feed_carries_the_literal_text(poisoned: Build) -> None:
    data = json.loads((poisoned.site / "feed.json").read_text("utf-8"))
    assert SCRIPT in data["description"]
    for item in data["items"]:
        assert item["title"] == FULL
        assert item["summary"] == FULL
        content = BeautifulSoup(item["content_html"], "html.parser")
        assert not [s for s in content.find_all("script") if "__pwned" in s.get_text()]
        assert not [e for e in content.find_all(True) if any(HANDLERS.match(a) for a in e.attrs)]


def emails(site: Path) -> Iterator[tuple[Path, email.message.EmailMessage]]:
    for file in sorted(site.glob("newsletter/*/*/*.eml")):
        yield file, email.message_from_bytes(file.read_bytes(), policy=email.policy.default)


def test_the_email_edition_carries_the_payloads_escaped(poisoned: Build) -> None:
    sent = list(emails(poisoned.site))
    assert sent
    for file, message in sent:
        assert message["Subject"] == FULL, file
        html = message.get_body(("html",)).get_content()
        soup = BeautifulSoup(html, "html.parser")
        assert FULL in soup.get_text(), file
        assert not [s for s in soup.find_all("script") if "__pwned" in s.get_text()], file
        assert not [e for e in soup.find_all(True) if any(HANDLERS.match(a) for a in e.attrs)], file
        assert "&lt;script&gt;__pwned=1&lt;/script&gt;" in html
        text = message.get_body(("plain",)).get_content()
        assert FULL in text  # plain text is text: nothing to escape


# --- (b) in a browser ------------------------------------------------------------------------


HOVER_EVERYTHING = """() => { for (const e of document.querySelectorAll('body *'))
    for (const kind of ['mouseover', 'mouseenter', 'focus']) e.dispatchEvent(new Event(kind)); }"""


@pytest.mark.browser
def test_a_browser_runs_no_payload(poisoned: Build, browser: Any) -> None:
    issue = next(poisoned.site.glob("newsletter/2026/*/email.html")).parent.relative_to(poisoned.site).as_posix()
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    errors: list[str] = []
    # Listening before the first page loads, so an alert() during loading is seen too.
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        with serve_folder(poisoned.site) as base:
            for url in ("", "services/", "services/vpn/", "services/network/", "stats/", "newsletter/",
                        f"{issue}/", f"{issue}/email.html", "resources/", "resources/spot-the-phish/", "tags/"):
                page.goto(base + url)
                page.wait_for_load_state("networkidle")
                # Hover over everything, so an attribute that escaped its quotes would fire.
                page.evaluate(HOVER_EVERYTHING)
                page.wait_for_timeout(50)
                assert page.evaluate("typeof window.__pwned") == "undefined", url
            # Search results are drawn from the index, which holds the payloads as text too.
            page.goto(base + "services/vpn/")
            field = page.locator("input.md-search__input")
            field.click()
            field.press_sequentially("onerror")
            page.locator(".md-search-result__item").first.wait_for()
            page.evaluate(HOVER_EVERYTHING)
            page.wait_for_timeout(50)
            assert page.evaluate("typeof window.__pwned") == "undefined", "search results"
    finally:
        context.close()
    assert not dialogs
    assert not [e for e in errors if "__pwned" in e]


@pytest.mark.parametrize("title", [
    "Plain", "Colon: then text", "'quoted' and \"double\"", "# not a comment", "- not a list", "yes", "null",
    "1.5", "émoji 🚀 and ünïcode", "line\u2028separator", "next\x85line", "tab\tand back\\slash", "{braces} [brackets]",
])
def test_generated_front_matter_reads_back_as_written(title: str) -> None:
    from frontdesk.core.pages import front_matter
    from mkdocs.utils.meta import get_data

    _, meta = get_data(front_matter(title, description=title, hide=["toc"], search={"exclude": True}) + "Body\n")
    assert meta == {"title": html.escape(title), "description": html.escape(title), "hide": ["toc"],
                    "search": {"exclude": True}}
