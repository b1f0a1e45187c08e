"""End-to-end: the example site built for real, its catalogue pages read as HTML."""

from __future__ import annotations

import json
import re
from pathlib import Path

from bs4 import BeautifulSoup
from conftest import Build, assert_only_expected_warnings, run_build


def soup(build: Build, url: str) -> BeautifulSoup:
    return BeautifulSoup(build.page(url), "html.parser")


def card_titles(page: BeautifulSoup) -> list[str]:
    return [c.select_one(".fd-card__title").get_text(strip=True) for c in page.select("li.fd-card")]


def test_catalogue_lists_every_service_grouped_by_category(example_build: Build) -> None:
    page = soup(example_build, "services/")
    groups = {g["data-category"]: g for g in page.select("section.fd-group")}
    assert list(groups) == ["accounts", "network", "devices", "communication", "storage",
                            "software", "security", "research"]
    cards = page.select("li.fd-card")
    assert len(cards) == len(list((example_build.project / "content/services").glob("*.md")))
    network = [c.get_text(" ", strip=True) for c in groups["network"].select(".fd-card__title")]
    assert network == ["VPN (remote access)", "Wi-Fi"]
    vpn = groups["network"].select_one("li.fd-card")
    assert vpn["data-lifecycle"] == "live"
    assert vpn["data-audience"].split() == ["staff", "researchers", "contractors"]
    assert vpn.select_one(".fd-badge").get_text() == "Available"
    assert "Cost: Free" in vpn.get_text(" ", strip=True)
    assert vpn.select_one("a")["href"] == "vpn/"
    assert vpn.select_one(".fd-card__figure").get_text(" ", strip=True).startswith("99.71% available in October 2026")


def test_catalogue_has_filters_for_every_category_audience_status_and_tag(example_build: Build) -> None:
    form = soup(example_build, "services/").select_one("form.fd-filters")
    assert form.has_attr("hidden"), "filters appear only once JavaScript runs"
    options = {s["name"]: [o["value"] for o in s.select("option") if o["value"]] for s in form.select("select")}
    assert "network" in options["category"] and len(options["category"]) == 8
    assert options["audience"][:2] == ["staff", "researchers"]
    assert options["lifecycle"] == ["pipeline", "live", "retiring", "retired"]
    assert "remote-work" in options["tag"]
    assert form.select_one("input[name=find]") and form.select_one("input[name=retired]")
    labels = {label["for"] for label in form.select("label")}
    assert {field["id"] for field in form.select("input, select")} <= labels


def test_retired_services_are_listed_for_readers_without_javascript(example_build: Build) -> None:
    retired = soup(example_build, "services/").select('li.fd-card[data-lifecycle="retired"]')
    assert [c.select_one("h3").get_text(strip=True) for c in retired] == ["Fax gateway"]


def test_category_page_lists_its_services_and_keeps_retired_ones_apart(example_build: Build) -> None:
    page = soup(example_build, "services/communication/")
    assert page.select_one("h1").get_text() == "Email, calendar and meetings"
    current = page.select(".fd-catalogue > ul.fd-cards > li")
    assert [c["data-lifecycle"] for c in current] == ["retiring", "live", "live"]
    retired = page.select("details.fd-retired li.fd-card")
    assert [c.select_one("a")["href"] for c in retired] == ["../fax-gateway/"]
    assert page.select_one(".fd-breadcrumb a")["href"] == "../"


def test_sidebar_lists_categories_not_services(example_build: Build) -> None:
    nav = soup(example_build, "services/vpn/").select_one("nav.md-nav--primary")
    links = [a.get_text(" ", strip=True) for a in nav.select("a.md-nav__link")]
    assert "Network and remote access" in links
    assert not any("VPN" in text for text in links)


def test_service_page_shows_everything_a_requester_needs(example_build: Build) -> None:
    page = soup(example_build, "services/vpn/")
    assert page.select_one("h1").get_text() == "VPN (remote access)"
    assert page.title.get_text() == "VPN (remote access) - Fernhill IT"
    button = page.select_one("a.fd-request__button")
    assert button["href"] == "https://help.fernhill.example/catalogue/vpn"
    assert button.get_text() == "Request VPN (remote access)"
    assert "Your line manager approves" in page.select_one(".fd-request__approval").get_text()
    facts = {dt.get_text(): dd.get_text(" ", strip=True)
             for dt, dd in zip(page.select(".fd-facts dt"), page.select(".fd-facts dd"), strict=True)}
    assert facts["Who it is for"] == "All staff, Researchers, Contractors"
    assert facts["Cost"] == "Free"
    assert facts["Support hours"].startswith("Monday to Friday, 08:00–18:00")
    assert "Europe/London" in facts["Support hours"]
    assert "network@fernhill.example" in facts["Run by"]
    levels = {th.get_text(): td.get_text() for th, td in
              zip(page.select(".fd-levels tbody th"), page.select(".fd-levels tbody td"), strict=True)}
    assert levels == {"Availability": "99.5% of the time", "First response": "within 4 hours",
                      "Resolution": "within 16 hours", "Satisfaction": "at least 4.2 out of 5"}
    channels = [a["href"] for a in page.select(".fd-channels a")]
    assert "tel:+441615550100" in channels
    related = page.select_one(".fd-related").get_text(" ", strip=True)
    assert "Needs:" in related and "Accounts and passwords" in related
    assert "Needed by:" in related and "Research computing cluster" in related
    assert next(a["href"] for a in page.select(".fd-links a")).startswith("https://help.fernhill.example/kb/")
    assert "Last reviewed 14 September 2026" in page.select_one(".fd-reviewed").get_text()
    assert page.select_one(".fd-reviewed--overdue") is None
    feedback = page.select_one(".fd-service-footer a.md-button")
    assert feedback["href"] == "https://help.fernhill.example/feedback"


def test_service_body_is_rendered_as_markdown(example_build: Build) -> None:
    page = soup(example_build, "services/vpn/")
    content = page.select_one("article")
    assert content.select_one("h2#before-you-start").get_text(strip=True).startswith("Before you start")
    assert content.select_one("table td").get_text() == "\"Portal unreachable\""
    assert content.find("code", string="vpn.fernhill.example")
    toc = [a.get_text(strip=True) for a in page.select("nav.md-nav--secondary a")]
    assert toc[:3] == ["Before you start", "Connecting", "Troubleshooting"]
    assert "Service levels" in toc and "Getting help" in toc


def test_lifecycle_banners(example_build: Build) -> None:
    retiring = soup(example_build, "services/desk-phones/").select_one(".fd-lifecycle-banner")
    assert retiring.select_one(".admonition-title").get_text() == "Retiring on 31 March 2027"
    assert retiring.select_one("a")["href"] == "../video-conferencing/"
    retired = soup(example_build, "services/fax-gateway/")
    assert retired.select_one(".fd-lifecycle-banner .admonition-title").get_text().startswith("Retired")
    assert retired.select_one("a.fd-request__button") is None
    pipeline = soup(example_build, "services/password-manager/").select_one(".fd-lifecycle-banner")
    assert pipeline.select_one(".admonition-title").get_text() == "Coming soon"
    live = soup(example_build, "services/vpn/")
    assert live.select_one(".fd-lifecycle-banner") is None


def test_overdue_review_is_flagged(project: Path, tmp_path: Path) -> None:
    # A review over 365 days before the fixed clock (2026-11-23) is overdue, on the page and in the log.
    printing = project / "content/services/printing.md"
    printing.write_text(printing.read_text("utf-8").replace("last_reviewed: 2026-10-27", "last_reviewed: 2025-11-03"),
                        "utf-8")
    build = run_build(project, tmp_path / "site")
    assert build.returncode == 0, build.output
    flag = soup(build, "services/printing/").select_one(".fd-reviewed--overdue")
    assert flag is not None and "review overdue" in flag.get_text()


def test_search_index_covers_service_descriptions(example_build: Build) -> None:
    index = json.loads((example_build.site / "search/search_index.json").read_text("utf-8"))
    docs = [d for d in index["docs"] if d["location"].startswith("services/research-computing-cluster/")]
    assert any("Slurm" in d["text"] for d in docs)


def test_search_finds_what_pages_say_not_their_lists_and_controls(example_build: Build) -> None:
    docs = json.loads((example_build.site / "search/search_index.json").read_text("utf-8"))["docs"]
    text = {d["location"]: d["title"] + " " + d["text"] for d in docs}
    # A service's own facts and service levels are found, with their sections.
    assert "Support hours Monday to Friday" in " ".join(text["services/vpn/"].split())
    assert "within" in text["services/vpn/#service-levels"]
    # Filter forms, card lists and the empty-result message are not words of the page.
    for location in ("services/", "resources/", "stats/"):
        assert "All categories" not in text[location] and "All kinds" not in text[location]
        assert "matches these filters" not in text[location]
    assert "Available" not in text["services/network/"]  # no card's badge
    # A tag's page lists what carries it; each has its own page, so search finds it there alone.
    tag_pages = [location for location in text if location.startswith("tags/") and location != "tags/"]
    assert tag_pages and all("VPN" not in text[location] for location in tag_pages)
    # Readers get every piece whole: charts and cards are on the pages, no placeholder is left.
    vpn = example_build.page("services/vpn/")
    assert "<svg" in vpn and "frontdesk-piece" not in vpn and "SLOT" not in vpn and "FRONTDESK-PART" not in vpn
    # The stats panel, placed after the index read the page, leaves no empty "How it is doing" entry.
    assert 'id="stats-heading"' in vpn and not any(location.endswith("#stats-heading") for location in text)


def test_pages_load_nothing_from_the_internet(example_build: Build) -> None:
    fetched = {"stylesheet", "preconnect", "preload", "icon", "dns-prefetch", "modulepreload"}
    for html_file in example_build.site.rglob("*.html"):
        page = BeautifulSoup(html_file.read_text("utf-8"), "html.parser")
        urls = [tag["src"] for tag in page.select("script[src], img[src], iframe[src]")]
        urls += [tag["href"] for tag in page.select("link[href]") if fetched & set(tag.get("rel", []))]
        external = [u for u in urls if re.match(r"^([a-z]+:)?//", u) and "//intranet.fernhill.example/" not in u]
        assert not external, (html_file, external)


def test_front_matter_text_is_escaped_everywhere(project, tmp_path) -> None:
    service = project / "content/services/vpn.md"
    text = service.read_text("utf-8")
    text = text.replace("title: VPN (remote access)", "title: '<script>alert(1)</script> VPN'")
    text = text.replace("  team: Network Services", "  team: '\"><img src=x onerror=alert(2)>'")
    text = text.replace("tags: [remote-work, security]", "tags: ['<b>bold</b>', security]")
    service.write_text(text, "utf-8")
    build = run_build(project, tmp_path / "site")
    assert build.returncode == 0, build.output
    for html_file in build.site.rglob("*.html"):
        html = html_file.read_text("utf-8")
        assert "<script>alert(1)" not in html, html_file
        assert "<img src=x" not in html, html_file
        assert "<b>bold</b>" not in html, html_file
    page = soup(build, "services/vpn/")
    assert page.select_one("h1").get_text() == "<script>alert(1)</script> VPN"
    assert page.title.get_text() == "<script>alert(1)</script> VPN - Fernhill IT"
    index = (build.site / "search/search_index.json").read_text("utf-8")
    assert "<script>alert(1)" not in index


def test_site_works_without_directory_urls(project, tmp_path) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "\nuse_directory_urls: false\n", "utf-8")
    build = run_build(project, tmp_path / "site")
    assert_only_expected_warnings(build)
    page = BeautifulSoup((build.site / "services/vpn.html").read_text("utf-8"), "html.parser")
    assert page.select_one(".fd-breadcrumb a")["href"] == "index.html"
    catalogue = BeautifulSoup((build.site / "services/index.html").read_text("utf-8"), "html.parser")
    hrefs = {a["href"] for a in catalogue.select("li.fd-card a")}
    assert "vpn.html" in hrefs
    assert all((build.site / "services" / href).exists() for href in hrefs)
