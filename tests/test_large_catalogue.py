"""A catalogue too large to list on one page: a preview, a JSON index for filters, paged categories."""

from __future__ import annotations

import json
import sys

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, Build, run_build

sys.path.insert(0, str(ROOT / "benchmark"))
from run import write_frontdesk_project

SERVICES = 500
PAGE_LIMIT = 150 * 1024


@pytest.fixture(scope="module")
def large_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    project = tmp_path_factory.mktemp("large") / "project"
    write_frontdesk_project(project, SERVICES, services_only=True)
    build = run_build(project, project / "site", "--strict")
    assert build.returncode == 0, build.output
    return build


def test_stats_table_is_split_into_pages(large_build: Build) -> None:
    first = BeautifulSoup(large_build.page("stats/"), "html.parser")
    assert len(first.select("table.fd-stats-dashboard tbody tr")) == 100
    assert first.select_one("nav.fd-pages a[rel=next]")["href"] == "page-2/"
    last = BeautifulSoup(large_build.page("stats/page-5/"), "html.parser")
    assert len(last.select("table.fd-stats-dashboard tbody tr")) == SERVICES - 400
    assert last.select_one(".fd-headlines") is None


def test_no_page_is_heavier_than_150_kb(large_build: Build) -> None:
    heaviest = max(large_build.site.rglob("*.html"), key=lambda p: p.stat().st_size)
    assert heaviest.stat().st_size < PAGE_LIMIT, heaviest


def test_catalogue_previews_each_category_and_links_to_it(large_build: Build) -> None:
    page = BeautifulSoup(large_build.page("services/"), "html.parser")
    catalogue = page.select_one(".fd-catalogue")
    assert catalogue["data-index"] == "catalogue.json"
    groups = page.select("section.fd-group")
    assert len(groups) == 8
    for group in groups:
        assert 0 < len(group.select("li.fd-card")) <= 6
        link = group.select_one(".fd-group__all a")
        assert link["href"] == f"{group['data-category']}/"


def test_index_lists_every_service_with_working_links(large_build: Build) -> None:
    entries = json.loads((large_build.site / "services/catalogue.json").read_text("utf-8"))
    assert len(entries) == SERVICES
    assert {"url", "title", "summary", "category", "audience", "lifecycle", "tags", "cost", "text"} <= set(entries[0])
    for entry in entries:
        assert (large_build.site / "services" / entry["url"] / "index.html").is_file(), entry["url"]


def test_category_pages_hold_sixty_cards_each(large_build: Build) -> None:
    first = BeautifulSoup(large_build.page("services/network/"), "html.parser")
    cards = first.select("li.fd-card")
    assert len(cards) == 60
    pages = first.select("nav.fd-pages a")
    assert [a["href"] for a in pages] == ["page-2/", "page-2/"]
    second = BeautifulSoup(large_build.page("services/network/page-2/"), "html.parser")
    network = sum(1 for number in range(SERVICES) if number % 8 == 1)  # the generator's second category
    assert len(second.select("li.fd-card")) == network - 60
    assert second.select_one("nav.fd-pages a[rel=prev]")["href"] == "../"
    assert all(c["href"].startswith("../../service-") for c in second.select("li.fd-card h3 a"))


@pytest.mark.browser
def test_filters_search_every_service_of_a_large_catalogue(large_build: Build, open_page) -> None:
    from conftest import serve_folder
    from playwright.sync_api import expect

    with serve_folder(large_build.site) as base:
        watched = open_page(base + "services/")
        page = watched.page
        entries = json.loads((large_build.site / "services/catalogue.json").read_text("utf-8"))
        previewed = {a.get_attribute("href") for a in page.locator(".fd-group li.fd-card a").element_handles()}
        target = next(e for e in entries if e["url"] not in previewed and e["lifecycle"] != "retired")
        page.fill("#fd-q", target["title"].lower())
        expect(page.locator(".fd-results li.fd-card a", has_text=target["title"])).to_be_visible()
        expect(page.locator("section.fd-group").first).to_be_hidden()
        page.fill("#fd-q", "")
        page.check("#fd-retired")
        expect(page.locator(".fd-count")).to_have_text(f"{len(entries)} services shown (first 60 listed)")
        page.click(".fd-more button")
        expect(page.locator(".fd-results li.fd-card")).to_have_count(120)
        page.uncheck("#fd-retired")
        expect(page.locator("section.fd-group").first).to_be_visible()
        assert not watched.errors and not watched.failures
