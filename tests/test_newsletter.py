"""Newsletter: routing by status, validation, pages, feeds (read by feedparser) and email editions."""

from __future__ import annotations

import email
import json
import re
import subprocess
from datetime import datetime
from email import policy
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import FIXED_NOW, FRONTDESK_COMMAND, Build, build_env, copy_project, run_build
from frontdesk.core.problems import ContentError
from frontdesk.newsletter.newsletter import Issue, route
from frontdesk.site.site import read_site

LONDON = ZoneInfo("Europe/London")
SITE = "https://intranet.fernhill.example/it/"
DRAFT_MARKER = "DRAFTMARKER-holly"
SCHEDULED_MARKER = "SCHEDULEDMARKER-frost"


def issue(slug: str, day: str, draft: bool = False) -> Issue:
    return Issue(slug=slug, path=f"newsletter/{day}-{slug}.md", title=slug, summary="s",
                 date=datetime.fromisoformat(day).replace(tzinfo=LONDON), draft=draft)


# ---- routing -------------------------------------------------------------------------------

def test_route_sorts_issues_into_published_draft_and_scheduled_newest_first() -> None:
    now = datetime(2026, 11, 23, 9, tzinfo=LONDON)
    issues = [issue("old", "2026-01-05"), issue("new", "2026-11-02"), issue("today", "2026-11-23"),
              issue("draft", "2026-11-10", draft=True), issue("future", "2026-12-07"),
              issue("future-draft", "2026-12-20", draft=True)]
    routed = route(issues, now)
    assert [i.slug for i in routed.published] == ["today", "new", "old"]
    assert [i.slug for i in routed.drafts] == ["future-draft", "draft"]
    assert [i.slug for i in routed.scheduled] == ["future"]
    assert routed.visible(preview=False) == routed.published
    assert [i.slug for i in routed.visible(preview=True)] == [
        "future-draft", "future", "today", "draft", "new", "old"]


def test_an_issue_dated_tomorrow_is_scheduled_until_midnight_in_the_site_time_zone() -> None:
    tomorrow = [issue("tomorrow", "2026-11-24")]
    assert route(tomorrow, datetime(2026, 11, 23, 23, 59, tzinfo=LONDON)).scheduled
    assert route(tomorrow, datetime(2026, 11, 24, 0, 0, tzinfo=LONDON)).published


# ---- validation ----------------------------------------------------------------------------

def write_issue(project: Path, name: str, **fields: object) -> Path:
    front = {"title": "A title", "date": name[:10], "summary": "A summary.", **fields}
    lines = ["---", *(f"{k}: {json.dumps(v)}" for k, v in front.items()), "---", "", "Body text.", ""]
    path = project / "newsletter" / name
    path.write_text("\n".join(lines), "utf-8")
    return path


def problems(project: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        read_site(project, _settings(project), environ={"FRONTDESK_NOW": FIXED_NOW})
    return [str(p) for p in caught.value.problems]


def _settings(project: Path) -> dict:
    from frontdesk.cli.project import project_config

    return project_config(project)["extra"]["frontdesk"]


def test_issue_problems_name_file_line_and_field(project: Path) -> None:
    write_issue(project, "2026-03-01-mismatch.md", date="2026-03-02")
    write_issue(project, "2026-03-05-people.md", authors=["nobody"], services=["teleporter"])
    write_issue(project, "2026-03-09-picture.md", image="images/missing.png")
    write_issue(project, "2026-03-10-escape.md", image="../content/authors.yml")
    write_issue(project, "2026-03-11-long.md", summary="x" * 301)
    write_issue(project, "2026-13-01-bad-date.md")
    write_issue(project, "2026-04-01-wifi-upgrade.md")
    (project / "newsletter/Notes.md").write_text("---\ntitle: x\n---\n", "utf-8")
    found = problems(project)
    expected = [
        "newsletter/2026-03-01-mismatch.md:3: date: does not match the date in the file name (2026-03-01) "
        "(found: '2026-03-02')",
        "newsletter/2026-03-05-people.md:5: authors[1]: is not an author in content/authors.yml (found: 'nobody')",
        "newsletter/2026-03-05-people.md:6: services[1]: is not a known service id (found: 'teleporter')",
        "newsletter/2026-03-09-picture.md:5: image: names a file that does not exist (found: 'images/missing.png')",
        "newsletter/2026-03-10-escape.md:5: image: must be a path inside newsletter/, without '..' or a leading '/' "
        "(found: '../content/authors.yml')",
        "newsletter/2026-03-11-long.md:4: summary: is 301 characters long; the limit is 300 "
        "(found: '" + "x" * 79 + "…')",
        "newsletter/2026-11-02-wifi-upgrade.md:1: file name: gives the same address /newsletter/2026/wifi-upgrade/ "
        "as newsletter/2026-04-01-wifi-upgrade.md (found: 'wifi-upgrade')",
        "newsletter/2026-13-01-bad-date.md:1: file name: must be YYYY-MM-DD-slug.md, with a real date and a slug "
        "of lowercase words joined by hyphens (found: '2026-13-01-bad-date.md')",
        "newsletter/Notes.md:1: file name: must be YYYY-MM-DD-slug.md, with a real date and a slug of lowercase "
        "words joined by hyphens (found: 'Notes.md')",
    ]
    for message in expected:
        assert message in found, f"missing {message!r} in {found}"


def test_author_file_problems(project: Path) -> None:
    (project / "content/authors.yml").write_text("amira-haddad:\n  name: Amira\n  rank: boss\nBad Id:\n  name: X\n",
                                                 "utf-8")
    found = problems(project)
    assert "content/authors.yml:3: amira-haddad.rank: is not a known field" in found
    assert any(m.startswith("content/authors.yml:4: Bad Id: the author id must be lowercase") for m in found)


# ---- the built site ------------------------------------------------------------------------

def every_text_file(site: Path) -> dict[str, str]:
    texts = {}
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".xml", ".json", ".eml", ".txt", ".gz"} | {""}:
            data = path.read_bytes()
            if path.suffix == ".gz":
                import gzip
                data = gzip.decompress(data)
            texts[path.relative_to(site).as_posix()] = data.decode("utf-8", errors="replace")
    return texts


def test_drafts_and_scheduled_issues_appear_nowhere_in_a_normal_build(example_build: Build) -> None:
    for path, text in every_text_file(example_build.site).items():
        assert DRAFT_MARKER not in text, path
        assert SCHEDULED_MARKER not in text, path
        assert "holiday-cover" not in text and "winter-shutdown" not in text, path
    assert not list(example_build.site.glob("newsletter/*/holiday-cover*"))
    assert not list(example_build.site.glob("newsletter/*/winter-shutdown*"))


def test_a_preview_shows_drafts_and_scheduled_issues_with_a_banner(tmp_path: Path) -> None:
    build = run_build(copy_project(tmp_path / "project"), tmp_path / "site", FRONTDESK_PREVIEW="1")
    assert build.returncode == 0, build.output
    draft = BeautifulSoup(build.page("newsletter/2026/holiday-cover/"), "html.parser")
    assert draft.select_one(".fd-preview-banner .admonition-title").get_text() == "Draft"
    assert DRAFT_MARKER in draft.get_text()
    scheduled = BeautifulSoup(build.page("newsletter/2026/winter-shutdown/"), "html.parser")
    assert scheduled.select_one(".fd-preview-banner .admonition-title").get_text() == "Scheduled for 7 December 2026"
    feed = (build.site / "feed.xml").read_text("utf-8")
    assert DRAFT_MARKER not in feed and SCHEDULED_MARKER not in feed


def test_archive_lists_issues_newest_first_by_year_with_a_subscribe_box(example_build: Build) -> None:
    page = BeautifulSoup(example_build.page("newsletter/"), "html.parser")
    years = [h.get_text(strip=True) for h in page.select("section.fd-year h2")]
    assert years == sorted(years, reverse=True) and len(years) >= 2
    dates = [t["datetime"] for t in page.select(".fd-issue__date time")]
    assert dates == sorted(dates, reverse=True)
    feeds = {a.get_text(): a["href"] for a in page.select(".fd-subscribe .fd-feeds a")}
    assert feeds == {"RSS feed": "../feed.xml", "Atom feed": "../atom.xml", "JSON Feed": "../feed.json"}
    assert "Outlook" in page.select_one(".fd-subscribe").get_text()
    first = page.select_one("li.fd-issue")
    assert first.select_one("img.fd-issue__image")["src"].startswith("images/")
    assert first.select_one(".fd-issue__meta").get_text().startswith("By ")


def test_issue_page_has_everything_a_reader_expects(example_build: Build) -> None:
    page = BeautifulSoup(example_build.page("newsletter/2026/wifi-upgrade/"), "html.parser")
    assert page.select_one("h1").get_text() == "Faster Wi-Fi in every building by Christmas"
    meta = page.select_one(".fd-issue-page__meta").get_text(" ", strip=True)
    assert "2 November 2026" in meta and "Tom Okafor" in meta and "min read" in meta
    assert [t.get_text() for t in page.select(".fd-tags .fd-tag")] == ["network", "changes"]
    cards = [a["href"] for a in page.select("li.fd-card h3 a")]
    assert cards == ["../../../services/wifi/", "../../../services/vpn/"]
    body_link = page.find("a", string="Wi-Fi service page")
    assert body_link["href"] == "../../../services/wifi/"
    assert page.select_one(".fd-issue-page__image")["src"] == "../../images/wifi-upgrade.png"
    assert (example_build.site / "newsletter/images/wifi-upgrade.png").is_file()
    foot = page.select_one(".fd-issue-page__foot")
    assert foot.find("a", string="View the email edition")["href"] == "email.html"
    assert foot.select("nav.fd-prevnext a")


def test_service_pages_list_the_issues_that_featured_them(example_build: Build) -> None:
    page = BeautifulSoup(example_build.page("services/wifi/"), "html.parser")
    links = [a["href"] for a in page.select(".fd-service-issues a")]
    assert "../../newsletter/2026/wifi-upgrade/" in links


def test_every_page_links_to_the_feeds_for_autodiscovery(example_build: Build) -> None:
    for url in ("", "services/", "services/vpn/", "newsletter/", "newsletter/2026/wifi-upgrade/"):
        page = BeautifulSoup(example_build.page(url), "html.parser")
        types = {link["type"] for link in page.select('link[rel="alternate"]')}
        assert {"application/rss+xml", "application/atom+xml", "application/feed+json"} <= types, url


# ---- feeds -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["feed.xml", "atom.xml"])
def test_xml_feeds_parse_cleanly_newest_first_with_absolute_links(example_build: Build, name: str) -> None:
    feed = feedparser.parse((example_build.site / name).read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == "Fernhill IT newsletter"
    assert any(link.rel == "self" and link.href == SITE + name for link in feed.feed.links)
    dates = [entry.published_parsed for entry in feed.entries]
    assert dates == sorted(dates, reverse=True) and len(dates) >= 8
    for entry in feed.entries:
        assert entry.id == entry.link and entry.link.startswith(SITE + "newsletter/")
        assert entry.get("author")
        assert entry.tags
        html = entry.content[0].value
        assert entry.content[0].type == "text/html"
        urls = re.findall(r'(?:href|src)="([^"]*)"', html)
        assert urls and all(u.startswith(("https://", "http://", "mailto:")) for u in urls), urls


def test_rss_dates_are_rfc_822_with_a_time_zone_and_come_from_the_issues(example_build: Build) -> None:
    text = (example_build.site / "feed.xml").read_text("utf-8")
    dates = re.findall(r"<pubDate>([^<]+)</pubDate>", text)
    assert dates and all(re.fullmatch(r"\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}", d) for d in dates)
    last_build = re.search(r"<lastBuildDate>([^<]+)</lastBuildDate>", text)[1]
    assert last_build == dates[0]
    assert "dc:creator" in text


def test_json_feed_is_version_1_1_with_full_items(example_build: Build) -> None:
    feed = json.loads((example_build.site / "feed.json").read_text("utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == SITE + "feed.json"
    items = feed["items"]
    assert [i["date_published"] for i in items] == sorted((i["date_published"] for i in items), reverse=True)
    for item in items:
        assert item["id"] == item["url"] and item["url"].startswith(SITE)
        assert item["content_html"] and item["summary"] and item["title"]
        datetime.fromisoformat(item["date_published"])


def test_identical_content_gives_identical_feeds_and_ids(example_build: Build, tmp_path: Path) -> None:
    again = run_build(example_build.project, tmp_path / "again")
    assert again.returncode == 0, again.output
    for name in ("feed.xml", "atom.xml", "feed.json", "newsletter/2026/wifi-upgrade/wifi-upgrade.eml",
                 "newsletter/2026/wifi-upgrade/email.html"):
        assert (again.site / name).read_bytes() == (example_build.site / name).read_bytes(), name


def test_control_characters_pasted_from_office_documents_are_dropped(project: Path, tmp_path: Path) -> None:
    path = project / "newsletter/2026-11-02-wifi-upgrade.md"
    text = path.read_text("utf-8").replace("Over the next six weeks", "Over the next\x0b six\x0c weeks\x1f")
    path.write_text(text, "utf-8")
    build = run_build(project, tmp_path / "site")
    assert build.returncode == 0, build.output
    feed = feedparser.parse((build.site / "feed.xml").read_bytes())
    assert not feed.bozo
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", (build.site / "feed.xml").read_text("utf-8"))


def build_with_setting(project: Path, site: Path, setting: str) -> Build:
    """The example built with one more line in extra.frontdesk (`feed_size: 3`)."""
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("    timezone: Europe/London",
                                                        f"    timezone: Europe/London\n    {setting}"), "utf-8")
    build = run_build(project, site)
    assert build.returncode == 0, build.output
    return build


def test_feed_size_setting_bounds_the_feeds(project: Path, tmp_path: Path) -> None:
    build = build_with_setting(project, tmp_path / "site", "feed_size: 3")
    assert len(feedparser.parse((build.site / "atom.xml").read_bytes()).entries) == 3
    assert len(json.loads((build.site / "feed.json").read_text("utf-8"))["items"]) == 3


def test_email_editions_are_made_for_the_newest_issues_only(project: Path, tmp_path: Path) -> None:
    build = build_with_setting(project, tmp_path / "site", "email_editions: 2")
    with_edition = sorted(p.parent.relative_to(build.site).as_posix() for p in build.site.rglob("email.html"))
    newest = [item["url"].split("/it/", 1)[1].rstrip("/")
              for item in json.loads((build.site / "feed.json").read_text("utf-8"))["items"][:2]]
    assert with_edition == sorted(newest)
    assert len(list(build.site.rglob("*.eml"))) == 2
    for issue in build.site.glob("newsletter/*/*/index.html"):
        page = BeautifulSoup(issue.read_text("utf-8"), "html.parser")
        link = page.find("a", string="View the email edition")
        # An issue links to its email edition exactly when the site has one.
        assert (link is not None) == (issue.parent / "email.html").exists(), issue


# ---- email edition ---------------------------------------------------------------------------

def test_eml_is_multipart_alternative_with_text_and_html(example_build: Build) -> None:
    raw = (example_build.site / "newsletter/2026/wifi-upgrade/wifi-upgrade.eml").read_bytes()
    message = email.message_from_bytes(raw, policy=policy.default)
    assert message["Subject"] == "Faster Wi-Fi in every building by Christmas"
    assert message["Date"].datetime == datetime(2026, 11, 2, tzinfo=LONDON)
    assert message["From"].addresses[0].addr_spec == "it-help@fernhill.example"
    assert message.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]
    text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert "Read it on the intranet: " + SITE + "newsletter/2026/wifi-upgrade/" in text
    assert "Wi-Fi service page\n(" + SITE + "services/wifi/)" in text.replace(" (", "\n(")
    html = message.get_body(("html",)).get_content()
    assert 'width="600"' in html


def test_email_html_is_a_600px_table_with_inlined_css_and_a_preheader(example_build: Build) -> None:
    page = BeautifulSoup((example_build.site / "newsletter/2026/wifi-upgrade/email.html").read_text("utf-8"),
                         "html.parser")
    sheet = page.select_one("table.sheet")
    assert sheet["width"] == "600" and "width: 600px" in sheet["style"]
    assert page.select_one(".preheader").get_text().startswith("We are replacing the access points")
    assert page.find("a", string="View it on the intranet")["href"] == SITE + "newsletter/2026/wifi-upgrade/"
    assert "color:" in page.select_one("td.content")["style"]
    assert "prefers-color-scheme: dark" in page.style.get_text()
    urls = [tag.get("href") or tag.get("src") for tag in page.select("a[href], img[src]")]
    assert all(u.startswith(("https://", "mailto:")) for u in urls), urls


def test_frontdesk_email_writes_an_edition_on_demand_even_for_a_draft(tmp_path: Path) -> None:
    from conftest import ROOT

    result = subprocess.run([FRONTDESK_COMMAND, "email", "holiday-cover", "--out", str(tmp_path)],
                            capture_output=True, text=True, cwd=ROOT, env=build_env(), timeout=120)
    assert result.returncode == 0, result.stderr
    message = email.message_from_bytes((tmp_path / "holiday-cover.eml").read_bytes(), policy=policy.default)
    assert DRAFT_MARKER in message.get_body(("plain",)).get_content()
    assert (tmp_path / "holiday-cover.html").is_file()
    missing = subprocess.run([FRONTDESK_COMMAND, "email", "no-such-issue", "--out", str(tmp_path)],
                             capture_output=True, text=True, cwd=ROOT, env=build_env(), timeout=120)
    assert missing.returncode == 1 and "no issue named 'no-such-issue'" in missing.stderr


# ---- stable addresses ------------------------------------------------------------------------

def test_renaming_a_published_issue_is_reported(project: Path, tmp_path: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=project, check=True, capture_output=True,
                       env={**build_env(), "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                            "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"})

    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "content")
    git("mv", "newsletter/2026-11-02-wifi-upgrade.md", "newsletter/2026-11-02-faster-wifi.md")
    git("commit", "-qm", "rename")
    build = run_build(project, tmp_path / "site")
    assert build.returncode == 0
    assert ("newsletter/2026-11-02-faster-wifi.md:1: file name: was renamed from "
            "newsletter/2026-11-02-wifi-upgrade.md; if that issue was published, its address and feed id changed "
            "from /newsletter/2026/wifi-upgrade/ to /newsletter/2026/faster-wifi/") in build.output
    strict = run_build(project, tmp_path / "strict", "--strict")
    assert strict.returncode != 0


def test_a_busy_year_is_split_into_pages_and_page_slugs_are_kept_for_them(project: Path, tmp_path: Path) -> None:
    for day in range(1, 61):
        write_issue(project, f"2025-{(day - 1) // 28 + 1:02d}-{(day - 1) % 28 + 1:02d}-note-{day}.md")
    build = run_build(project, tmp_path / "site")
    assert build.returncode == 0, build.output
    first = BeautifulSoup(build.page("newsletter/2025/"), "html.parser")
    assert len(first.select("li.fd-issue")) == 50
    assert first.select_one("nav.fd-pages a[rel=next]")["href"] == "page-2/"
    second = BeautifulSoup(build.page("newsletter/2025/page-2/"), "html.parser")
    assert len(second.select("li.fd-issue")) == 60 + 2 - 50  # the two example issues of 2025 too
    write_issue(project, "2026-04-01-page-2.md")
    assert ("newsletter/2026-04-01-page-2.md:1: file name: 'page-2' is a name the site uses for its own pages; "
            "choose another (found: '2026-04-01-page-2.md')") in problems(project)


def test_a_broken_service_does_not_make_the_issues_featuring_it_wrong_too(project: Path) -> None:
    path = project / "content/services/vpn.md"
    path.write_text(path.read_text("utf-8").replace("category: network", "category: netwrok"), "utf-8")
    found = problems(project)
    assert len(found) == 1 and found[0].startswith("content/services/vpn.md:4: category:")


def test_the_subscribe_box_works_on_an_intranet(example_build: Build) -> None:
    box = BeautifulSoup(example_build.page("newsletter/"), "html.parser").select_one("aside.fd-subscribe")
    email = box.select_one(".fd-subscribe__email a")
    assert (email.get_text(), email["href"]) == (
        "Subscribe by email", "mailto:it-news-subscribe@fernhill.example?subject=Subscribe")
    how = box.select_one("details").get_text(" ", strip=True)
    assert "Classic Outlook (Windows)" in how and "Add a New RSS Feed…" in how
    # Cloud readers cannot reach an intranet: they are named only to say so.
    assert "Online readers such as Feedly cannot reach the intranet" in how
    assert "ask the team" not in how


def test_a_long_team_name_with_commas_reaches_the_email_from_header_as_written(project: Path, tmp_path: Path) -> None:
    team = "IT Services & Digital Transformation Office of the Fernhill Research Institute, Cambridge"
    settings = project / "mkdocs.yml"
    text = settings.read_text("utf-8")
    settings.write_text(text.replace("    team: Fernhill IT\n", f'    team: "{team}"\n'), "utf-8")
    build = run_build(project, tmp_path / "site", "--strict")
    assert build.returncode == 0, build.output
    raw = (build.site / "newsletter/2026/wifi-upgrade/wifi-upgrade.eml").read_bytes()
    sender = email.message_from_bytes(raw, policy=policy.default)["From"]
    assert [(a.display_name, a.addr_spec) for a in sender.addresses] == [(team, "it-help@fernhill.example")]
    assert not sender.defects
