"""The status feeds (RSS 2.0 and Atom 1.0, with feedgen) and maintenance calendars (iCalendar).

Feeds carry every incident, every update of one, and every maintenance notice once its notice
period has begun, newest first. Ids are the pages' addresses (an update's with its time), so
they never change. Calendars carry each maintenance as one event, a repeating one with its RRULE
as written; the UID is the maintenance's id at the site's host, DTSTAMP the build's clock, times
in the site's time zone with its VTIMEZONE.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from feedgen.feed import FeedGenerator
from icalendar import Calendar

from ..core.settings import Settings
from ..newsletter.feeds import clean
from .incidents import IMPACT_TITLES as INCIDENT_IMPACTS
from .incidents import Incident
from .maintenance import IMPACT_TITLES as MAINTENANCE_IMPACTS
from .maintenance import Maintenance
from .pages import STAGE_TITLES, when

STATUS_FEEDS = {"rss": "status/feed.xml", "atom": "status/atom.xml"}
STATUS_CALENDAR = "status/maintenance.ics"
# The status section's own sitemap. Material's language selector (integrations/alternate) fetches
# `sitemap.xml` in the folder of every <link rel="alternate"> on a page, feeds included; beside the status
# feeds it finds this one, a real sitemap of the status pages, instead of a 404.
STATUS_SITEMAP = "status/sitemap.xml"
FEED_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml"}


def service_calendar(service_id: str) -> str:
    """Where a service's maintenance calendar lives in the site."""
    return f"services/{service_id}/maintenance.ics"


def update_anchor(at: datetime) -> str:
    """The id of an update on its incident's page: update-202611100820."""
    return f"update-{at:%Y%m%d%H%M}"


@dataclass(frozen=True)
class StatusEntry:
    """One entry of the status feeds."""

    id: str
    url: str
    title: str
    published: datetime
    text: str


def status_entries(incidents: Sequence[Incident], maintenance: Sequence[Maintenance], now: datetime,
                   notice_days: int, url_of: Callable[[Incident | Maintenance], str]) -> list[StatusEntry]:
    """Every entry, newest first: incidents, their updates, and maintenance whose notice has begun."""
    entries = []
    for incident in incidents:
        url = url_of(incident)
        affects = ", ".join(incident.services)
        entries.append(StatusEntry(url, url, f"{INCIDENT_IMPACTS[incident.impact]}: {incident.title}",
                                   incident.started, f"Started {when(incident.started)}; affects {affects}."))
        for update in incident.updates:
            anchor = f"{url}#{update_anchor(update.at)}"
            entries.append(StatusEntry(anchor, anchor, f"{STAGE_TITLES[update.stage]}: {incident.title}",
                                       update.at, update.text))
    for item in maintenance:
        announced = item.start - timedelta(days=notice_days)
        if announced > now:
            continue
        url = url_of(item)
        repeats = " It repeats." if item.repeat else ""
        entries.append(StatusEntry(url, url, f"Planned maintenance: {item.title}", announced,
                                   f"From {when(item.start)} to {when(item.end)}: "
                                   f"{MAINTENANCE_IMPACTS[item.impact].lower()}.{repeats}"))
    entries.sort(key=lambda e: (e.published, e.id), reverse=True)
    return entries


def status_feed(kind: str, entries: Sequence[StatusEntry], settings: Settings, site_url: str,
                status_url: str) -> bytes:
    """The RSS 2.0 or Atom 1.0 status feed."""
    generator = FeedGenerator()
    generator.id(status_url)
    generator.title(clean(f"{settings.team}: service status"))
    generator.subtitle(clean(f"Incidents and planned maintenance of {settings.team}'s services."))
    generator.link(href=site_url.rstrip("/") + "/" + STATUS_FEEDS[kind], rel="self", type=FEED_TYPES[kind])
    generator.link(href=status_url, rel="alternate")
    generator.language("en")
    generator.generator("Frontdesk")
    # Atom needs an author for every entry: the team, for the whole feed.
    generator.author({"name": clean(settings.team), "email": settings.contact_email})
    newest = entries[0].published if entries else datetime(2000, 1, 1, tzinfo=ZoneInfo("UTC"))
    generator.updated(newest)
    generator.lastBuildDate(newest)
    for item in entries:
        entry = generator.add_entry(order="append")
        entry.id(item.id)
        entry.guid(item.id, permalink=True)
        entry.title(clean(item.title))
        entry.link(href=item.url, rel="alternate")
        entry.published(item.published)
        entry.updated(item.published)
        entry.summary(clean(item.text))
        paragraph = f"<p>{html.escape(clean(item.text), quote=False)}</p>"
        entry.description(paragraph)
        entry.content(paragraph, type="html")
    made = generator.rss_str(pretty=True) if kind == "rss" else generator.atom_str(pretty=True)
    return cast(bytes, made)  # feedgen is untyped


def maintenance_calendar(name: str, maintenance: Sequence[Maintenance], settings: Settings, now: datetime,
                         site_url: str, url_of: Callable[[Maintenance], str]) -> bytes:
    """An iCalendar file of maintenance windows, repeating ones with their RRULE."""
    host = urlsplit(site_url).hostname or "frontdesk.invalid"
    calendar = Calendar()
    calendar.add("prodid", "-//Frontdesk//Service status//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", clean(name))
    calendar.add("x-wr-timezone", settings.timezone)
    stamp = now.astimezone(ZoneInfo("UTC"))
    for item in maintenance:
        event = item.event()
        event.add("uid", f"{item.id}@{host}")
        event.add("dtstamp", stamp)
        event.add("summary", clean(item.title))
        event.add("description", clean(f"{MAINTENANCE_IMPACTS[item.impact]}. {item.body.strip()}"))
        event.add("url", url_of(item))
        event.add("categories", ["Maintenance"])
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())
