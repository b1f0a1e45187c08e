"""Free resources and giveaways: validation, routing by date, and the built pages."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import Build, copy_project, run_build
from frontdesk.catalogue.catalogue import Catalogue
from frontdesk.core.settings import Audience, Category, Settings
from frontdesk.resources.pages import ResourcesContext, published_files
from frontdesk.resources.resources import (
    Resource,
    current_giveaways,
    days_left_text,
    newest_resources,
    read_resources,
    route,
    size_text,
)

TODAY = date(2026, 11, 23)  # the day of conftest.FIXED_NOW
SETTINGS = Settings("Org", "Team", "it@example.org", (Category("network", "Network"),),
                    (Audience("staff", "All staff"), Audience("researchers", "Researchers")))
SERVICES = {"vpn", "laptops"}
# Giveaways first (they run for a short time), then the kinds in the contract's order.
KIND_ORDER = ["giveaway", "guide", "template", "software", "training", "checklist"]
LISTED = ["cyber-security-basics-course", "data-management-plan-template", "microsoft-365-apps",
          "new-starter-it-checklist", "out-of-office-messages", "slurm-introduction-workshop", "spot-the-phish",
          "travel-security-checklist", "winter-headset-giveaway", "working-from-home-guide"]
ENDED = "usb-c-adapter-giveaway"
UPCOMING = "laptop-stand-giveaway"


def resource(resource_id: str, kind: str = "guide", start: str | None = None, end: str | None = None,
             title: str | None = None) -> Resource:
    return Resource(id=resource_id, path=f"content/resources/{resource_id}.md", title=title or resource_id,
                    summary="s", kind=kind, available_from=date.fromisoformat(start) if start else None,
                    available_until=date.fromisoformat(end) if end else None)


# ---- validation ------------------------------------------------------------------------------

def write_resource(root: Path, name: str, front: str) -> None:
    folder = root / "content/resources"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(f"---\n{front.strip()}\n---\n\nBody.\n", "utf-8")


def problems_in(root: Path) -> list[str]:
    _, problems = read_resources(root, SETTINGS, SERVICES)
    return [str(p) for p in problems]


@pytest.mark.parametrize(("front", "expected"), [
    ("title: T\nsummary: S\nkind: template\nurl: https://example.org/t\nfile: files/t.pdf",
     "content/resources/r.md:6: file: give either 'url' or 'file', not both (found: 'files/t.pdf')"),
    ("title: T\nsummary: S\nkind: software",
     "content/resources/r.md:4: kind: a software needs 'url' (where to get it) or 'file' "
     "(a file under content/resources/files/) (found: 'software')"),
    ("title: T\nsummary: S\nkind: checklist\nfile: files/missing.pdf",
     "content/resources/r.md:5: file: names a file that does not exist (found: 'files/missing.pdf')"),
    ("title: T\nsummary: S\nkind: checklist\nfile: files/../../../mkdocs.yml",
     "content/resources/r.md:5: file: must be a path inside content/resources/files/ written like "
     "files/checklist.pdf, without '..' or a leading '/' (found: 'files/../../../mkdocs.yml')"),
    ("title: T\nsummary: S\nkind: checklist\nfile: /etc/passwd.pdf",
     "content/resources/r.md:5: file: must be a path inside content/resources/files/ written like "
     "files/checklist.pdf, without '..' or a leading '/' (found: '/etc/passwd.pdf')"),
    ("title: T\nsummary: S\nkind: checklist\nfile: files/page.html",
     "content/resources/r.md:5: file: must end in one of: .pdf, .docx, .xlsx, .pptx, .odt, .ods, .odp, .txt, "
     ".csv, .zip, .png, .jpg, .jpeg (found: 'files/page.html')"),
    ("title: T\nsummary: S\nkind: giveaway\navailable_from: 2026-12-01\navailable_until: 2026-11-01",
     "content/resources/r.md:6: available_until: is before available_from (2026-12-01) (found: '2026-11-01')"),
    ("title: T\nsummary: S\nkind: freebie",
     "content/resources/r.md:4: kind: must be one of: guide, template, software, training, giveaway, checklist "
     "(found: 'freebie')"),
    ("title: T\nkind: guide",
     "content/resources/r.md:2: summary: is required but missing"),
    ("title: T\nsummary: S\nkind: guide\nservices: [vpn, teleporter]",
     "content/resources/r.md:5: services[2]: is not a known service id (found: 'teleporter')"),
    ("title: T\nsummary: S\nkind: guide\naudience: [staf]",
     "content/resources/r.md:5: audience[1]: must be one of: staff, researchers; did you mean 'staff'? "
     "(found: 'staf')"),
    ("title: T\nsummary: S\nkind: guide\nurl: ftp://example.org/x",
     "content/resources/r.md:5: url: must be an absolute address starting with https: or http: or mailto: "
     "(found: 'ftp://example.org/x')"),
    ("title: T\nsummary: S\nkind: guide\navailable_until: 2026-02-30",
     "content/resources/r.md:5: available_until: is not a real date: day is out of range for month "
     "(found: '2026-02-30')"),
    ("title: T\nsummary: S\nkind: guide\nend_date: 2026-12-01",
     "content/resources/r.md:5: end_date: is not a known field"),
])
def test_each_problem_names_file_line_and_field(tmp_path: Path, front: str, expected: str) -> None:
    write_resource(tmp_path, "r.md", front)
    (tmp_path / "content/resources/files").mkdir()
    (tmp_path / "content/resources/files/t.pdf").write_bytes(b"%PDF-1.4\n")
    assert problems_in(tmp_path) == [expected]


def test_file_names_must_be_ids_and_not_reserved(tmp_path: Path) -> None:
    write_resource(tmp_path, "Bad Name.md", "title: T\nsummary: S\nkind: guide")
    write_resource(tmp_path, "files.md", "title: T\nsummary: S\nkind: guide")
    assert problems_in(tmp_path) == [
        "content/resources/Bad Name.md:1: id: the file name must be lowercase letters and digits in words joined "
        "by hyphens (like 'file-storage') (found: 'Bad Name')",
        "content/resources/files.md:1: id: 'files' is a name the site uses for its own pages; choose another",
    ]


def test_a_good_resource_is_read_with_its_file_size(tmp_path: Path) -> None:
    (tmp_path / "content/resources/files").mkdir(parents=True)
    (tmp_path / "content/resources/files/plan.docx").write_bytes(b"x" * 3000)
    write_resource(tmp_path, "plan.md", "title: Plan\nsummary: S\nkind: template\nfile: ./files/plan.docx\n"
                   "audience: staff\nservices: [vpn]\ntags: [a, b]")
    # Markdown files under files/ are not resources.
    (tmp_path / "content/resources/files/notes.md").write_text("not front matter", "utf-8")
    resources, problems = read_resources(tmp_path, SETTINGS, SERVICES)
    assert problems == []
    [plan] = resources
    assert (plan.id, plan.file, plan.file_bytes, plan.file_type) == ("plan", "files/plan.docx", 3000, "DOCX")
    assert (plan.audience, plan.services, plan.tags, plan.site_file) == (
        ("staff",), ("vpn",), ("a", "b"), "resources/files/plan.docx")


def test_all_problems_fail_the_build_at_once_without_a_traceback(project: Path, tmp_path: Path) -> None:
    write_resource(project, "broken.md", "title: T\nsummary: S\nkind: template")
    write_resource(project, "late.md", "title: T\nsummary: S\nkind: giveaway\nurl: https://example.org/\n"
                   "available_from: 2026-12-01\navailable_until: 2026-11-30")
    build = run_build(project, tmp_path / "site")
    assert build.returncode != 0
    assert "Traceback" not in build.output
    assert ("content/resources/broken.md:4: kind: a template needs 'url' (where to get it) or 'file' "
            "(a file under content/resources/files/) (found: 'template')") in build.output
    assert ("content/resources/late.md:7: available_until: is before available_from (2026-12-01) "
            "(found: '2026-11-30')") in build.output


# ---- routing and timing with a fixed clock -----------------------------------------------------

def test_route_sorts_resources_into_listed_upcoming_and_ended() -> None:
    resources = [resource("always"), resource("running", "giveaway", "2026-11-09", "2026-12-18"),
                 resource("last-day", "giveaway", end="2026-11-23"), resource("first-day", start="2026-11-23"),
                 resource("ended", "giveaway", "2026-10-01", "2026-11-22"),
                 resource("upcoming", "giveaway", "2026-11-24", "2027-01-31")]
    routed = route(resources, TODAY)
    assert [r.id for r in routed.listed] == ["always", "first-day", "last-day", "running"]
    assert [r.id for r in routed.upcoming] == ["upcoming"]
    assert [r.id for r in routed.ended] == ["ended"]
    assert routed.visible(preview=False) == routed.listed
    assert [r.id for r in routed.visible(preview=True)] == ["always", "first-day", "last-day", "running", "upcoming"]
    assert [r.id for r in routed.with_pages(preview=False)] == ["always", "ended", "first-day", "last-day", "running"]
    # The next morning the last-day giveaway has ended and the upcoming one is still to come.
    tomorrow = route(resources, date(2026, 11, 24))
    assert [r.id for r in tomorrow.ended] == ["ended", "last-day"]
    assert "upcoming" in [r.id for r in tomorrow.listed]


@pytest.mark.parametrize(("end", "text"), [
    ("2026-12-18", "Ends in 25 days"), ("2026-11-24", "Ends in 1 day"), ("2026-11-23", "Ends today"),
    ("2026-11-22", "Ended"), (None, None)])
def test_days_left(end: str | None, text: str | None) -> None:
    assert days_left_text(resource("g", "giveaway", end=end), TODAY) == text


def test_current_giveaways_soonest_ending_first_and_newest_resources() -> None:
    resources = [resource("later", "giveaway", "2026-11-01", "2027-01-10"),
                 resource("sooner", "giveaway", "2026-11-20", "2026-12-01"),
                 resource("open-ended", "giveaway", "2026-09-01"),
                 resource("ended", "giveaway", "2026-10-01", "2026-10-31"),
                 resource("upcoming", "giveaway", "2026-12-01", "2026-12-31"),
                 resource("guide"), resource("new-guide", start="2026-11-22")]
    assert [r.id for r in current_giveaways(resources, TODAY)] == ["sooner", "later", "open-ended"]
    assert [r.id for r in newest_resources(resources, TODAY, 4)] == ["new-guide", "sooner", "later", "open-ended"]
    assert [r.id for r in newest_resources(resources, TODAY, 10)][-1] == "guide"


def test_files_of_ended_and_upcoming_resources_are_not_published(tmp_path: Path) -> None:
    def with_file(resource_id: str, start: str | None = None, end: str | None = None) -> Resource:
        return Resource(id=resource_id, path="p", title=resource_id, summary="s", kind="giveaway",
                        file=f"files/{resource_id}.pdf", file_bytes=1, available_from=date.fromisoformat(start)
                        if start else None, available_until=date.fromisoformat(end) if end else None)

    routed = route([with_file("now"), with_file("ended", end="2026-11-01"), with_file("soon", "2026-12-01")], TODAY)
    catalogue = Catalogue((), {}, {})
    published = published_files(ResourcesContext(routed, catalogue, SETTINGS, TODAY, False), tmp_path)
    assert published == {"resources/files/now.pdf": tmp_path / "content/resources/files/now.pdf"}
    preview = published_files(ResourcesContext(routed, catalogue, SETTINGS, TODAY, True), tmp_path)
    assert sorted(preview) == ["resources/files/now.pdf", "resources/files/soon.pdf"]


@pytest.mark.parametrize(("size", "text"), [(1, "1 byte"), (512, "512 bytes"), (3316, "3 KB"),
                                            (38 * 1024, "38 KB"), (int(2.4 * 1024 * 1024), "2.4 MB")])
def test_file_sizes_read_as_people_read_them(size: int, text: str) -> None:
    assert size_text(size) == text


# ---- the built example site -----------------------------------------------------------------

def soup(build: Build, url: str) -> BeautifulSoup:
    return BeautifulSoup(build.page(url), "html.parser")


def card_ids(page: BeautifulSoup) -> list[str]:
    return [a["href"].strip("/") for a in page.select("li.fd-resource-card h3 a")]


def test_example_content_covers_every_kind_with_real_files() -> None:
    from conftest import ROOT

    resources, problems = read_resources(ROOT, example_settings(), example_service_ids())
    assert problems == []
    assert len(resources) >= 8 and {r.kind for r in resources} == set(KIND_ORDER)
    files = ROOT / "content/resources/files"
    assert (files / "new-starter-it-checklist.pdf").read_bytes().startswith(b"%PDF-1.")
    assert (files / "new-starter-it-checklist.pdf").read_bytes().rstrip().endswith(b"%%EOF")
    import zipfile

    with zipfile.ZipFile(files / "data-management-plan-template.docx") as docx:
        assert "word/document.xml" in docx.namelist() and "[Content_Types].xml" in docx.namelist()
    assert all(f.stat().st_size < 20_000 for f in files.iterdir())


def example_settings() -> Settings:
    from conftest import ROOT
    from frontdesk.core.settings import read_settings, settings_document

    return read_settings(example_settings_raw(ROOT), settings_document(str(ROOT / "mkdocs.yml"), "mkdocs.yml"))


def example_service_ids() -> set[str]:
    from conftest import ROOT

    return {p.stem for p in (ROOT / "content/services").glob("*.md")}


def test_listing_groups_cards_by_kind_without_ended_or_upcoming(example_build: Build) -> None:
    page = soup(example_build, "resources/")
    assert page.select_one(".fd-resources h1").get_text() == "Free resources"
    assert [s["data-kind"] for s in page.select("section.fd-group")] == KIND_ORDER
    assert sorted(card_ids(page)) == LISTED
    for group in page.select("section.fd-group"):
        assert {c["data-kind"] for c in group.select("li.fd-card")} == {group["data-kind"]}
    giveaways = page.select_one('section[data-kind="giveaway"]')
    assert card_ids(giveaways) == ["winter-headset-giveaway"]
    assert giveaways.select_one(".fd-ends").get_text() == "Ends in 25 days"
    assert giveaways.select_one(".fd-ends time")["datetime"] == "2026-12-18"
    assert ENDED not in str(page) and UPCOMING not in str(page)


def test_listing_cards_carry_what_the_filters_need(example_build: Build) -> None:
    page = soup(example_build, "resources/")
    form = page.select_one("form.fd-filters")
    assert form.has_attr("hidden"), "filters appear only once JavaScript runs"
    options = {s["name"]: [o["value"] for o in s.select("option") if o["value"]] for s in form.select("select")}
    assert options["kind"] == KIND_ORDER
    assert "new-starters" in options["audience"] and "security" in options["tag"]
    checklist = page.select_one('li.fd-card a[href="new-starter-it-checklist/"]').find_parent("li")
    assert checklist["data-audience"].split() == ["new-starters", "managers"]
    assert checklist.select_one(".fd-file-facts").get_text() == "3 KB, PDF"
    # A resource without an audience is for everyone, so every audience filter keeps it.
    phish = page.select_one('li.fd-card a[href="spot-the-phish/"]').find_parent("li")
    assert len(phish["data-audience"].split()) == len(options["audience"])
    assert "For: Everyone" in phish.get_text(" ", strip=True)


def test_resource_page_has_download_button_with_type_and_size(example_build: Build) -> None:
    page = soup(example_build, "resources/new-starter-it-checklist/")
    source = example_build.project / "content/resources/files/new-starter-it-checklist.pdf"
    button = page.select_one("a.fd-download")
    assert button.get_text(" ", strip=True) == f"Download ({size_text(source.stat().st_size)}, PDF)"
    assert button["href"] == "../files/new-starter-it-checklist.pdf" and button.has_attr("download")
    shipped = example_build.site / "resources/files/new-starter-it-checklist.pdf"
    assert shipped.read_bytes() == source.read_bytes()
    docx = soup(example_build, "resources/data-management-plan-template/").select_one("a.fd-download")
    assert re.fullmatch(r"Download \(\d KB, DOCX\)", docx.get_text(" ", strip=True))
    assert (example_build.site / "resources/files/data-management-plan-template.docx").is_file()
    facts = {dt.get_text(): dd.get_text(" ", strip=True)
             for dt, dd in zip(page.select(".fd-facts dt"), page.select(".fd-facts dd"), strict=True)}
    assert facts["Who it is for"] == "New starters, Line managers"
    assert facts["Kind"] == "Checklist"
    related = [a["href"] for a in page.select("article ul.fd-cards li.fd-card h3 a")]
    assert related == ["../../services/accounts-and-passwords/", "../../services/laptops/",
                       "../../services/multi-factor-authentication/"]
    assert page.select_one("article h2#what-is-on-it")


def test_running_giveaway_page_says_when_it_ends(example_build: Build) -> None:
    page = soup(example_build, "resources/winter-headset-giveaway/")
    assert page.select_one(".fd-ended-banner") is None
    claim = page.select_one("a.fd-get__button")
    assert claim.get_text() == "Claim yours"
    assert claim["href"] == "https://help.fernhill.example/giveaways/winter-headsets"
    assert page.select_one(".fd-get .fd-ends").get_text(" ", strip=True) == (
        "Ends in 25 days : available until 18 December 2026 .")


def test_ended_giveaway_keeps_its_page_with_a_notice_but_leaves_everything_else(example_build: Build) -> None:
    page = soup(example_build, f"resources/{ENDED}/")
    banner = page.select_one(".fd-ended-banner")
    assert banner.select_one(".admonition-title").get_text() == "This giveaway has ended"
    assert "It ended on 31 October 2026 and can no longer be claimed." in banner.get_text()
    assert page.select_one("a.fd-get__button") is None and page.select_one("a.fd-download") is None
    index = json.loads((example_build.site / "search/search_index.json").read_text("utf-8"))
    assert not [d for d in index["docs"] if ENDED in d["location"]]
    assert ENDED not in (example_build.site / "sitemap.xml").read_text("utf-8")
    assert "winter-headset-giveaway" in (example_build.site / "sitemap.xml").read_text("utf-8")
    laptops = soup(example_build, "services/laptops/")
    assert ENDED not in str(laptops.select_one("article"))


def test_upcoming_giveaway_is_nowhere_in_a_normal_build(example_build: Build) -> None:
    for path in example_build.site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".xml", ".json"}:
            text = path.read_text("utf-8", errors="replace")
            assert UPCOMING not in text and "Laptop stand giveaway" not in text, path


def test_service_pages_list_the_resources_that_name_them(example_build: Build) -> None:
    page = soup(example_build, "services/laptops/")
    heading = page.select_one("article h2#free-resources")
    assert heading is not None and heading.get_text(strip=True).startswith("Free resources")
    links = [a["href"] for a in page.select(".fd-service-resources a")]
    assert links == ["../../resources/new-starter-it-checklist/", "../../resources/travel-security-checklist/"]
    video = [a["href"] for a in soup(example_build, "services/video-conferencing/").select(".fd-service-resources a")]
    assert "../../resources/winter-headset-giveaway/" in video
    assert soup(example_build, "services/printing/").select_one(".fd-service-resources") is None


def test_every_resource_link_on_the_site_leads_to_a_built_page(example_build: Build) -> None:
    for html_file in (example_build.site / "resources").rglob("index.html"):
        page = BeautifulSoup(html_file.read_text("utf-8"), "html.parser")
        for link in page.select("article a[href]"):
            href = link["href"].split("#")[0].split("?")[0]
            if not href or re.match(r"^[a-z]+:", href):
                continue
            target = (html_file.parent / href).resolve()
            assert target.is_file() or (target / "index.html").is_file(), (html_file, href)


# ---- preview and escaping ---------------------------------------------------------------------

def test_a_preview_lists_upcoming_resources_with_a_banner(tmp_path: Path) -> None:
    build = run_build(copy_project(tmp_path / "project"), tmp_path / "site", FRONTDESK_PREVIEW="1")
    assert build.returncode == 0, build.output
    page = soup(build, f"resources/{UPCOMING}/")
    assert page.select_one(".fd-preview-banner .admonition-title").get_text() == "Available from 11 January 2027"
    listing = soup(build, "resources/")
    card = listing.select_one(f'li.fd-card a[href="{UPCOMING}/"]').find_parent("li")
    assert card.select_one(".fd-badge--draft").get_text() == "Starts 11 January 2027"
    assert ENDED not in card_ids(listing)


def test_front_matter_text_is_escaped(project: Path, tmp_path: Path) -> None:
    write_resource(project, "tricky.md", "title: '<script>alert(1)</script> Guide'\n"
                   "summary: '\"><img src=x onerror=alert(2)>'\nkind: guide\ntags: ['<b>bold</b>']")
    build = run_build(project, tmp_path / "site")
    assert build.returncode == 0, build.output
    for url in ("resources/", "resources/tricky/"):
        html = build.page(url)
        assert "<script>alert(1)" not in html and "<img src=x" not in html and "<b>bold</b>" not in html, url
    assert soup(build, "resources/tricky/").select_one("h1").get_text() == "<script>alert(1)</script> Guide"


def test_resource_files_work_without_directory_urls(project: Path, tmp_path: Path) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "\nuse_directory_urls: false\n", "utf-8")
    build = run_build(project, tmp_path / "site")
    assert build.returncode == 0, build.output
    page = BeautifulSoup((build.site / "resources/new-starter-it-checklist.html").read_text("utf-8"), "html.parser")
    href = page.select_one("a.fd-download")["href"]
    assert href == "files/new-starter-it-checklist.pdf"
    assert (build.site / "resources" / href).is_file()


def test_a_broken_service_does_not_make_its_resources_wrong_too(project: Path) -> None:
    from conftest import FIXED_NOW
    from frontdesk.core.problems import ContentError
    from frontdesk.site.site import read_site

    (project / "content/services/vpn.md").write_text("---\ntitle: VPN\n---\n", "utf-8")
    with pytest.raises(ContentError) as caught:
        read_site(project, example_settings_raw(project), environ={"FRONTDESK_NOW": FIXED_NOW})
    paths = {p.path for p in caught.value.problems}
    assert "content/services/vpn.md" in paths
    assert not [p for p in paths if p.startswith("content/resources/")]


def example_settings_raw(project: Path) -> dict:
    from frontdesk.cli.project import project_config

    return project_config(project)["extra"]["frontdesk"]
