"""A whole site too large to list on one page: every page stays light, resources preview by kind,
and a tag carried by thousands of items spans several pages."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, Build, run_build

sys.path.insert(0, str(ROOT / "benchmark"))
from run import split, write_frontdesk_project

ITEMS = 2100  # 1,260 services, 525 issues, 315 resources
PAGE_LIMIT = 150 * 1024
KINDS = ("guide", "template", "software", "training", "checklist")  # the generator's kinds


@pytest.fixture(scope="module")
def large_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    project = tmp_path_factory.mktemp("large-site") / "project"
    write_frontdesk_project(project, ITEMS)
    build = run_build(project, project / "site", "--strict")
    assert build.returncode == 0, build.output
    return build


def index(build: Build) -> list[dict]:
    return json.loads((build.site / "resources/resources.json").read_text("utf-8"))


def test_no_page_of_the_whole_site_is_heavier_than_150_kb(large_site: Build) -> None:
    heavy = [(p.stat().st_size, str(p.relative_to(large_site.site))) for p in large_site.site.rglob("*.html")
             if p.stat().st_size >= PAGE_LIMIT]
    assert heavy == []


def test_resources_page_previews_each_kind_and_links_to_all_of_it(large_site: Build) -> None:
    page = BeautifulSoup(large_site.page("resources/"), "html.parser")
    shelf = page.select_one(".fd-resources")
    assert shelf["data-index"] == "resources.json"
    counts = {kind: sum(1 for e in index(large_site) if e["kind"] == kind) for kind in KINDS}
    groups = page.select("section.fd-group")
    assert [g["data-kind"] for g in groups] == [k for k in ("guide", "template", "software", "training",
                                                             "checklist") if counts[k]]
    for group in groups:
        assert len(group.select("li.fd-card")) == 6
        link = group.select_one(".fd-group__all a")
        assert link["href"] == f"kind/{group['data-kind']}/"
        assert link.get_text().startswith(f"All {counts[group['data-kind']]} ")


def test_resources_index_lists_every_resource_with_its_facts_and_working_links(large_site: Build) -> None:
    entries = index(large_site)
    assert len(entries) == split(ITEMS, False)[2]
    for entry in entries:
        assert (large_site.site / "resources" / entry["url"] / "index.html").is_file(), entry["url"]
        assert entry["kind"] in KINDS and entry["kindText"] == entry["kind"].capitalize()
        assert ["For:", "Everyone"] in entry["facts"]
        assert entry["title"].lower() in entry["text"]


def test_each_kind_has_pages_of_sixty_cards(large_site: Build) -> None:
    counts = {kind: sum(1 for e in index(large_site) if e["kind"] == kind) for kind in KINDS}
    kind = max(counts, key=counts.get)
    assert counts[kind] > 60, counts  # the generator's 315 resources give one kind more than a page
    first = BeautifulSoup(large_site.page(f"resources/kind/{kind}/"), "html.parser")
    assert len(first.select("li.fd-card")) == 60
    assert first.select_one("nav.fd-pages a[rel=next]")["href"] == "page-2/"
    assert first.select_one(".fd-count").get_text().startswith(f"{counts[kind]} ")
    second = BeautifulSoup(large_site.page(f"resources/kind/{kind}/page-2/"), "html.parser")
    assert len(second.select("li.fd-card")) == min(60, counts[kind] - 60)
    assert second.select_one("nav.fd-pages a[rel=prev]")["href"] == "../"
    links = [a["href"] for a in second.select("li.fd-card h3 a")]
    assert all((large_site.site / "resources/kind" / kind / "page-2" / href / "index.html").resolve().is_file()
               for href in links)


def test_a_tag_carried_by_many_items_spans_pages() -> None:
    from frontdesk.core.urls import Urls
    from frontdesk.site.home import TAG_PAGE_SIZE, TagEntry, tags_pages
    from frontdesk.site.render import templates
    from test_resources import example_settings

    env = templates(example_settings(), Urls(True))
    services = tuple(Listed(f"s-{n}", f"Service {n}") for n in range(TAG_PAGE_SIZE + 10))
    resources = tuple(Listed(f"r-{n}", f"Resource {n}") for n in range(5))
    pages = {p.src_uri: p for p in tags_pages([TagEntry("Printing", "printing", services, (), resources)], env)}
    assert set(pages) == {"tags.md", "tags/printing.md", "tags/printing/page-2.md"}
    first = BeautifulSoup("".join(pages["tags/printing.md"].rendered_parts()), "html.parser")
    assert len(first.select("h2#services + ul li")) == TAG_PAGE_SIZE
    assert first.select_one("h2#resources") is None
    assert first.select_one("nav.fd-pages a[rel=next]")["href"] == "page-2/"
    assert f"{TAG_PAGE_SIZE + 15} items carry this tag" in first.get_text()
    second = BeautifulSoup("".join(pages["tags/printing/page-2.md"].rendered_parts()), "html.parser")
    assert [a.get_text() for a in second.select("h2#services + ul li a")] == [
        f"Service {n}" for n in range(TAG_PAGE_SIZE, TAG_PAGE_SIZE + 10)]
    assert len(second.select("h2#resources + ul li")) == 5
    assert second.select_one("nav.fd-pages a[rel=prev]")["href"] == "../"


@dataclass(frozen=True)
class Listed:
    """What a tag page shows of a service or resource."""

    id: str
    title: str
    summary: str = "A summary."


@pytest.mark.browser
def test_filters_search_every_resource_of_a_large_shelf(large_site: Build, open_page) -> None:
    from conftest import serve_folder
    from playwright.sync_api import expect

    with serve_folder(large_site.site) as base:
        watched = open_page(base + "resources/")
        page = watched.page
        entries = index(large_site)
        previewed = {a.get_attribute("href") for a in page.locator(".fd-group li.fd-card a").element_handles()}
        target = next(e for e in entries if e["url"] not in previewed)
        page.fill("#fd-q", target["title"].lower())
        card = page.locator(".fd-results li.fd-card", has_text=target["title"])
        expect(card).to_be_visible()
        expect(card.locator(".fd-badge--kind")).to_have_text(target["kindText"])
        expect(card.locator(".fd-card__fact")).to_have_text("For: Everyone")
        expect(page.locator("section.fd-group").first).to_be_hidden()
        page.fill("#fd-q", "")
        page.select_option("#fd-kind", "guide")
        guides = sum(1 for e in entries if e["kind"] == "guide")
        expect(page.locator(".fd-count")).to_have_text(
            f"{guides} resources shown" + (" (first 60 listed)" if guides > 60 else ""))
        assert "kind=guide" in page.url
        page.select_option("#fd-kind", "")
        expect(page.locator("section.fd-group").first).to_be_visible()
        assert not watched.errors and not watched.failures
