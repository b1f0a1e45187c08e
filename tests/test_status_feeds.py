"""Status feeds and calendars as subscribers meet them (issue 13): found by autodiscovery as feed readers look
for it, valid by the W3C validator's rules, ids and UIDs that do not change between builds, dates right,
and a monthly window that stays at 07:00 in London across both clock changes.

The example's email maintenance repeats on the first Saturday of each month, 07:00-09:00 London time,
twelve times from 5 December 2026: March 2027's window is before the clocks go forward (28 March), April's
after; October's before they go back (31 October), November's after.
"""

from __future__ import annotations

from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import feedparser
import icalendar
import pytest
import recurring_ical_events
from conftest import Build, copy_project, run_build
from feed_rules import atom_problems, rss_problems
from lxml import etree

SITE = "https://intranet.fernhill.example/it/"
LONDON = ZoneInfo("Europe/London")
UTC = ZoneInfo("UTC")
LATER = "2026-11-30T12:00:00+00:00"
FEED_TYPES = {"application/rss+xml", "application/atom+xml", "application/feed+json"}


@pytest.fixture(scope="module")
def later(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The example built a week on: the file storage move is over, the email updates' notice has begun."""
    folder = tmp_path_factory.mktemp("later")
    build = run_build(copy_project(folder / "project"), folder / "site", "--strict", FRONTDESK_NOW=LATER)
    assert build.returncode == 0, build.output
    return build


class _FeedLinks(HTMLParser):
    """<link> elements as a feed reader reads them from a page: attributes as written."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "link":
            self.links.append({name: value or "" for name, value in attrs})


def discovered(build: Build, url: str) -> dict[str, str]:
    """The feeds a page advertises as the RSS Board's autodiscovery says (rel exactly "alternate", a feed
    type), by title, each resolved against the page's address."""
    reader = _FeedLinks()
    reader.feed(build.page(url))
    return {link["title"]: urljoin(SITE + url, link["href"]) for link in reader.links
            if link.get("rel") == "alternate" and link.get("type") in FEED_TYPES}


def in_site(build: Build, address: str) -> Path:
    assert address.startswith(SITE), address
    return build.site / address.removeprefix(SITE)


@pytest.mark.parametrize("url", ["", "status/", "status/incidents/2026/vpn-outage/", "services/vpn/"])
def test_feed_readers_find_the_status_and_newsletter_feeds(example_build: Build, url: str) -> None:
    feeds = discovered(example_build, url)
    assert feeds["Fernhill IT service status (RSS)"] == SITE + "status/feed.xml"
    assert feeds["Fernhill IT service status (Atom)"] == SITE + "status/atom.xml"
    assert feeds["Fernhill IT newsletter (RSS)"] == SITE + "feed.xml"
    for title, address in feeds.items():
        if title.startswith("Fernhill IT service status"):
            parsed = feedparser.parse(in_site(example_build, address).read_bytes())
            assert not parsed.bozo and parsed.feed.title == "Fernhill IT: service status"


def test_the_status_folder_has_a_sitemap_of_the_status_pages(example_build: Build) -> None:
    # Material looks for sitemap.xml beside each advertised feed; this one is a real sitemap of the section.
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    tree = etree.fromstring((example_build.site / "status/sitemap.xml").read_bytes())
    locations = tree.xpath("//s:url/s:loc/text()", namespaces=namespace)
    assert locations[0] == SITE + "status/"
    assert SITE + "status/incidents/2026/vpn-outage/" in locations
    assert SITE + "status/maintenance/2026/email-patching/" in locations
    assert all(location.startswith(SITE + "status/") for location in locations)
    site_map = etree.fromstring((example_build.site / "sitemap.xml").read_bytes())
    everything = set(site_map.xpath("//s:url/s:loc/text()", namespaces=namespace))
    assert {location for location in everything if location.startswith(SITE + "status/")} == set(locations)
    assert set(tree.xpath("//s:lastmod/text()", namespaces=namespace)) == {"2026-11-23"}


@pytest.mark.parametrize("path", ["status/feed.xml", "feed.xml"])
def test_rss_feeds_pass_the_w3c_validators_rules(example_build: Build, later: Build, path: str) -> None:
    for build in (example_build, later):
        assert rss_problems((build.site / path).read_bytes(), SITE + path) == []


@pytest.mark.parametrize("path", ["status/atom.xml", "atom.xml"])
def test_atom_feeds_pass_the_w3c_validators_rules(example_build: Build, later: Build, path: str) -> None:
    for build in (example_build, later):
        assert atom_problems((build.site / path).read_bytes(), SITE + path) == []


def test_the_rules_catch_what_the_w3c_validator_would_report() -> None:
    rss = b"""<rss version="2.0"><channel><title>T</title><link>/it/</link><description>D</description>
      <item><title>A</title><guid>a</guid><pubDate>23 Nov 26 09:00 GMT</pubDate>
      <description>&lt;a href="../x/"&gt;x&lt;/a&gt;</description></item>
      <item><title>B</title><guid>a</guid></item></channel></rss>"""
    assert rss_problems(rss, SITE + "feed.xml") == [
        "channel: link must be a full URL (found: '/it/')",
        'channel: Missing atom:link with rel="self" naming https://intranet.fernhill.example/it/feed.xml',
        "item 1: guid must be a full URL, unless isPermaLink is false (found: 'a')",
        "item 1: pubDate must be an RFC-822 date-time (found: '23 Nov 26 09:00 GMT')",
        "item 1: relative URL in HTML content (found: '../x/')",
        "item 2: guid values must not be duplicated within a feed (found: 'a')",
        "item 2: guid must be a full URL, unless isPermaLink is false (found: 'a')",
        "item 2: item should contain a pubDate element",
    ]
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><id>x</id><title>T</title>
      <updated>2026-11-23 09:00</updated><entry><id>https://a.example/1</id><title>E</title>
      <updated>2026-11-23T09:00:00Z</updated></entry></feed>"""
    assert atom_problems(atom, SITE + "atom.xml") == [
        "feed: id must be a full and valid URL (found: 'x')",
        "feed: updated must be an RFC-3339 date-time (found: '2026-11-23 09:00')",
        'feed: Missing atom:link with rel="self" naming https://intranet.fernhill.example/it/atom.xml',
        "entry 1: Missing entry element: author",
        'entry 1: Missing entry element: content or a link rel="alternate"',
    ]


def _entries(build: Build, path: str) -> dict[str, feedparser.FeedParserDict]:
    return {entry.id: entry for entry in feedparser.parse((build.site / path).read_bytes()).entries}


@pytest.mark.parametrize("path", ["status/feed.xml", "status/atom.xml"])
def test_status_entries_keep_their_ids_and_dates_from_build_to_build(example_build: Build, later: Build,
                                                                     path: str) -> None:
    before, after = _entries(example_build, path), _entries(later, path)
    assert set(before) <= set(after)  # nothing leaves, a week on
    for entry_id, entry in before.items():
        assert after[entry_id].published_parsed == entry.published_parsed, entry_id
        assert after[entry_id].title == entry.title
    # Dates are when things happened: the MFA incident started at 07:50 London time (GMT in November).
    started = before[SITE + "status/incidents/2026/mfa-slow/"]
    assert datetime(*started.published_parsed[:6], tzinfo=UTC) == datetime(2026, 11, 23, 7, 50, tzinfo=LONDON)
    # A maintenance notice is dated when its notice period began: 14 days before the window.
    notice = after[SITE + "status/maintenance/2026/email-patching/"]
    assert datetime(*notice.published_parsed[:6], tzinfo=UTC) == datetime(2026, 11, 21, 7, tzinfo=LONDON)
    assert SITE + "status/maintenance/2026/email-patching/" in before  # announced 21 November, before either build


def _calendar(build: Build, path: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical((build.site / path).read_bytes())


def _starts(calendar: icalendar.Calendar, after: datetime, before: datetime) -> list[tuple[datetime, datetime]]:
    found = recurring_ical_events.of(calendar).between(after, before)
    return sorted((e["DTSTART"].dt, e["DTEND"].dt) for e in found if "email" in str(e["SUMMARY"]).lower())


@pytest.mark.parametrize("path", ["status/maintenance.ics", "services/email-and-calendar/maintenance.ics"])
def test_a_monthly_window_stays_at_seven_in_london_across_both_clock_changes(example_build: Build,
                                                                              path: str) -> None:
    calendar = _calendar(example_build, path)
    # Late March: clocks go forward on 28 March 2027.
    spring = _starts(calendar, datetime(2027, 3, 1, tzinfo=LONDON), datetime(2027, 4, 30, tzinfo=LONDON))
    assert [(s.astimezone(LONDON).strftime("%d %b %H:%M"), s.astimezone(UTC).strftime("%H:%M UTC"))
            for s, _ in spring] == [("06 Mar 07:00", "07:00 UTC"), ("03 Apr 07:00", "06:00 UTC")]
    # Late October: clocks go back on 31 October 2027; the series' last (twelfth) window is 6 November.
    autumn = _starts(calendar, datetime(2027, 10, 1, tzinfo=LONDON), datetime(2027, 12, 31, tzinfo=LONDON))
    assert [(s.astimezone(LONDON).strftime("%d %b %H:%M"), s.astimezone(UTC).strftime("%H:%M UTC"))
            for s, _ in autumn] == [("02 Oct 07:00", "06:00 UTC"), ("06 Nov 07:00", "07:00 UTC")]
    # Each window lasts its two hours, whatever the clocks do.
    assert {(end - start).total_seconds() for start, end in spring + autumn} == {7200}
    assert str(calendar.walk("VEVENT")[0]["DTSTART"].params["TZID"]) == "Europe/London"


@pytest.mark.parametrize("path", ["status/maintenance.ics", "services/email-and-calendar/maintenance.ics",
                                  "services/file-storage/maintenance.ics"])
def test_calendar_uids_do_not_change_from_build_to_build(example_build: Build, later: Build, path: str) -> None:
    before, after = _calendar(example_build, path), _calendar(later, path)
    uids = sorted(str(e["UID"]) for e in before.walk("VEVENT"))
    assert uids and uids == sorted(str(e["UID"]) for e in after.walk("VEVENT"))
    # The stamp is the build's clock; the events themselves are the same.
    assert {e["DTSTAMP"].dt for e in after.walk("VEVENT")} == {datetime(2026, 11, 30, 12, tzinfo=UTC)}
    assert [e["DTSTART"].dt for e in before.walk("VEVENT")] == [e["DTSTART"].dt for e in after.walk("VEVENT")]


SUMMER_INCIDENT = """---
title: Printing stopped on the second floor
services: [vpn]
impact: partial-outage
started: 2026-07-01 10:00
resolved: 2026-07-01 11:30
updates:
  - at: 2026-07-01 10:15
    stage: investigating
    text: We are looking into it.
---
A print server's disk filled up.
"""


def test_summer_times_reach_the_feeds_as_the_moment_they_were(tmp_path: Path) -> None:
    # 10:15 in London on 1 July is 09:15 UTC (summer time): each feed says that moment, whatever its offset.
    project = copy_project(tmp_path / "project")
    (project / "content/incidents/2026-07-01-printing.md").write_text(SUMMER_INCIDENT, "utf-8")
    build = run_build(project, tmp_path / "site", "--strict")
    assert build.returncode == 0, build.output
    for path in ("status/feed.xml", "status/atom.xml"):
        entries = _entries(build, path)
        update = entries[SITE + "status/incidents/2026/printing/#update-202607011015"]
        assert datetime(*update.published_parsed[:6], tzinfo=UTC) == datetime(2026, 7, 1, 9, 15, tzinfo=UTC)
        started = entries[SITE + "status/incidents/2026/printing/"]
        assert datetime(*started.published_parsed[:6], tzinfo=UTC) == datetime(2026, 7, 1, 9, 0, tzinfo=UTC)
    rss = (build.site / "status/feed.xml").read_bytes()
    assert rss_problems(rss, SITE + "status/feed.xml") == []
