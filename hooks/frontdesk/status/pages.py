"""The status pages: /status/, one page per incident and per maintenance, and the banners.

/status/ is built like the stats dashboard: a generated page whose HTML parts render when the
engine places them. Each service's 90-day strip is one small SVG with one path per state (not
one element per day), because Material's search reads every page's HTML; the strip is excluded
from search, and a table beside it lists the days that were not operational.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import jinja2

from ..catalogue.catalogue import Catalogue
from ..core.pages import GeneratedPage, PageWriter, Part, TemplateHelpers, chunks, front_matter, long_date
from ..core.settings import Settings
from .incidents import IMPACT_TITLES as INCIDENT_IMPACTS
from .incidents import Incident
from .maintenance import IMPACT_TITLES as MAINTENANCE_IMPACTS
from .maintenance import Maintenance
from .status import OUTAGES, STATE_TITLES, STATES, Needs, Planned, ServiceStatus, StatusBoard

STATUS = "status/index.md"
# Services a page on /status/ and its further pages (/status/page-2/ on): a large catalogue's list
# of every service and its 90 days stays a light page.
STATUS_PAGE_SIZE = 40


def status_src(number: int) -> str:
    """Where a page of /status/'s list of services comes from in the build."""
    return STATUS if number == 1 else f"status/page-{number}.md"
STAGE_TITLES = {"investigating": "Investigating", "identified": "Identified", "monitoring": "Monitoring",
                "resolved": "Resolved"}
# One mark a day in the strip: its width and the gap after it, in SVG units.
_MARK, _GAP, _HEIGHT = 4, 1, 20
# Upcoming windows a repeating maintenance's page lists.
WINDOWS_LISTED = 6


def incident_src(incident: Incident) -> str:
    """Where an incident's page comes from: status/incidents/<YYYY>/<slug>.md."""
    return f"status/incidents/{incident.day.year}/{incident.slug}.md"


def maintenance_src(maintenance: Maintenance) -> str:
    """Where a maintenance notice's page comes from: status/maintenance/<YYYY>/<slug>.md."""
    return f"status/maintenance/{maintenance.day.year}/{maintenance.slug}.md"


@dataclass(frozen=True)
class Strip:
    """A service's history strip as SVG paths, one per state that occurs, and the days to list."""

    paths: tuple[tuple[str, str], ...]  # (state, SVG path data)
    width: int
    label: str
    bad_days: tuple[tuple[str, str], ...]  # (date, state title) of days that were not operational


def strip(status: ServiceStatus) -> Strip:
    """The 90-day strip of one service."""
    marks: dict[str, list[str]] = {}
    for index, (_, state) in enumerate(status.days):
        marks.setdefault(state, []).append(f"M{index * (_MARK + _GAP)} 0h{_MARK}v{_HEIGHT}h-{_MARK}z")
    counts = {state: len(found) for state, found in marks.items()}
    label = f"Last {len(status.days)} days: " + ", ".join(
        f"{counts[s]} day{'' if counts[s] == 1 else 's'} {STATE_TITLES[s].lower()}" for s in STATES if s in counts)
    paths = tuple((state, "".join(marks[state])) for state in STATES if state in marks)
    bad = tuple((long_date(day), STATE_TITLES[state]) for day, state in reversed(status.days)
                if state != "operational")
    return Strip(paths, len(status.days) * (_MARK + _GAP) - _GAP, label, bad)


def when(moment: datetime) -> str:
    """A moment as people read it: Monday 23 November 2026, 09:40."""
    return f"{moment:%A} {long_date(moment.date())}, {moment:%H:%M}"


def window_text(planned: Planned) -> str:
    """A window as people read it: Saturday 28 November 2026, 18:00–22:00 (the end's day if it differs)."""
    start, end = planned.window.start, planned.window.end
    if start.date() == end.date():
        return f"{when(start)}–{end:%H:%M}"
    return f"{when(start)} to {when(end)}"


def needs_text(needs: Needs, catalogue: Catalogue) -> str:
    """'needs VPN', or 'needs Email and calendar, which needs Multi-factor authentication'."""
    titles = [catalogue.by_id[i].title if i in catalogue.by_id else i for i in needs.path[1:]]
    return "needs " + ", which needs ".join(titles)


def status_template_helpers(board: StatusBoard, catalogue: Catalogue) -> TemplateHelpers:
    """What the status templates need."""
    return TemplateHelpers(
        globals={"status_board": board, "state_titles": STATE_TITLES, "incident_impacts": INCIDENT_IMPACTS,
                 "maintenance_impacts": MAINTENANCE_IMPACTS, "stage_titles": STAGE_TITLES,
                 "incident_src": incident_src, "maintenance_src": maintenance_src, "outage_states": OUTAGES,
                 "service_title": lambda i: catalogue.by_id[i].title if i in catalogue.by_id else i},
        filters={"when": when, "window_text": window_text, "strip": strip,
                 "needs_text": lambda needs: needs_text(needs, catalogue)},
    )


def status_pages(board: StatusBoard, incidents: Sequence[Incident], maintenance: Sequence[Maintenance],
                 settings: Settings, env: jinja2.Environment,
                 subscribe: dict[str, str] | None = None) -> list[GeneratedPage]:
    """/status/, and a page for every incident and every maintenance notice; `subscribe` has the
    absolute addresses of the feeds and the calendar (rss, atom, ics), shown to copy."""
    writer = PageWriter(STATUS, front_matter(
        "Service status", description=f"Whether {settings.team}'s services are working now, what is planned, "
                                      "and how each has done over the last 90 days.", hide=["toc"]))
    parts = chunks(board.services, STATUS_PAGE_SIZE)
    sources = [status_src(number) for number in range(1, len(parts) + 1)]
    writer.render(env, "status.html", here=STATUS, board=board, subscribe=subscribe or {}, services=parts[0],
                  pages=sources)
    pages = [writer.page()]
    for number, (here, services) in enumerate(zip(sources, parts, strict=True), start=1):
        if number > 1:
            further = PageWriter(here, front_matter(f"Service status: every service (page {number} of {len(parts)})",
                                                    hide=["toc"]), in_nav=False)
            further.render(env, "status_services.html", here=here, board=board, services=services,
                           pages=sources, number=number)
            pages.append(further.page())
    pages += [incident_page(i, board, env) for i in incidents]
    pages += [maintenance_page(m, board, env) for m in maintenance]
    return pages


def incident_page(incident: Incident, board: StatusBoard, env: jinja2.Environment) -> GeneratedPage:
    """/status/incidents/<YYYY>/<slug>/: what happened, the timeline, and the summary or review."""
    here = incident_src(incident)
    writer = PageWriter(here, front_matter(incident.title, description=f"{INCIDENT_IMPACTS[incident.impact]} "
                                           f"from {when(incident.started)}."), in_nav=False, source=incident.path)
    writer.render(env, "incident.html", here=here, incident=incident, now=board.now)
    if incident.body.strip():
        writer.markdown("## Post-incident review" if incident.resolved else "## Summary")
        writer.markdown(incident.body)
    return writer.page()


def maintenance_page(maintenance: Maintenance, board: StatusBoard, env: jinja2.Environment) -> GeneratedPage:
    """/status/maintenance/<YYYY>/<slug>/: when, what is affected, and what staff should do."""
    here = maintenance_src(maintenance)
    coming = maintenance.windows(board.now, board.now + timedelta(days=731))[:WINDOWS_LISTED]
    writer = PageWriter(here, front_matter(maintenance.title, description=f"Planned maintenance: "
                                           f"{MAINTENANCE_IMPACTS[maintenance.impact].lower()}."),
                        in_nav=False, source=maintenance.path)
    writer.render(env, "maintenance.html", here=here, maintenance=maintenance, now=board.now,
                  coming=[Planned(maintenance, w) for w in coming])
    if maintenance.body.strip():
        writer.markdown("## What you should do")
        writer.markdown(maintenance.body)
    return writer.page()


def service_banner(status: ServiceStatus, here: str, env: jinja2.Environment) -> Part:
    """The banner on a service's page, as a part rendered when placed."""
    return lambda: env.get_template("_status.html").module.service_banner(status, here)  # type: ignore[attr-defined]


def home_alert(board: StatusBoard, here: str, env: jinja2.Environment) -> Part:
    """The home page's alert about outages, as a part rendered when placed."""
    return lambda: env.get_template("_status.html").module.home_alert(board, here)  # type: ignore[attr-defined]
