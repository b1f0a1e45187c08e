"""Incidents: content/incidents/<YYYY-MM-DD>-<slug>.md, checked against the catalogue and the build's clock.

An incident is open until it has a `resolved` time. Its updates are a timeline in time order, none
before it started or after it was resolved. Nothing in an incident may lie after the build's
clock: status says what is true at the time of the build, so an incident from the future is refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..core.problems import Problem
from ..core.references import markdown_files
from ..core.schema import Checker, Choice, Field, Id, ListOf, Record, Text
from ..core.settings import Settings
from ..core.source import Document, read_markdown
from .moments import Moment, check_services, file_name_problems, moment_text, same_address_problems

INCIDENTS = "content/incidents"
IMPACTS = ("degraded", "partial-outage", "major-outage")
IMPACT_TITLES = {"degraded": "Degraded", "partial-outage": "Partial outage", "major-outage": "Major outage"}
STAGES = ("investigating", "identified", "monitoring", "resolved")


@dataclass(frozen=True)
class Update:
    """One entry of an incident's timeline."""

    at: datetime
    stage: str
    text: str


@dataclass(frozen=True)
class Incident:
    """Something went wrong with one or more services."""

    day: date  # from the file name
    slug: str
    path: str
    title: str
    services: tuple[str, ...]
    impact: str
    started: datetime
    resolved: datetime | None = None
    updates: tuple[Update, ...] = ()
    body: str = ""
    source: Document = field(default=Document("", {}, {}), repr=False, compare=False)

    @property
    def id(self) -> str:
        """The file name without .md: 2026-11-20-vpn-slow (what the CLI takes)."""
        return f"{self.day.isoformat()}-{self.slug}"

    @property
    def is_open(self) -> bool:
        """Whether it is still going on (it has no resolved time)."""
        return self.resolved is None

    @property
    def latest(self) -> Update | None:
        """The newest update, if any."""
        return self.updates[-1] if self.updates else None

    @property
    def stage(self) -> str:
        """Where the work stands: the newest update's stage (resolved once resolved)."""
        if self.resolved is not None:
            return "resolved"
        return self.latest.stage if self.latest else "investigating"

    def until(self, now: datetime) -> datetime:
        """When it ended, or now while open."""
        return self.resolved or now


def incident_fields(timezone: str) -> dict[str, Field]:
    """The front matter of an incident."""
    moment = Moment(timezone)
    return {
        "title": Field(Text(120), help="What went wrong, in a line"),
        "services": Field(ListOf(Id(), min_items=1), help="Ids of the services affected"),
        "impact": Field(Choice(IMPACTS), help="degraded, partial-outage or major-outage"),
        "started": Field(moment, help="When it started (YYYY-MM-DD HH:MM, in the site's time zone)"),
        "resolved": Field(moment, required=False, help="When it was over; open while absent"),
        "updates": Field(ListOf(Record(Update, {
            "at": Field(moment, help="When (YYYY-MM-DD HH:MM)"),
            "stage": Field(Choice(STAGES), help="investigating, identified, monitoring or resolved"),
            "text": Field(Text(2000), help="What staff should know"),
        }), unique=False), required=False, help="The timeline, oldest first"),
    }


def read_incidents(root: Path, settings: Settings, service_ids: set[str],
                   now: datetime) -> tuple[list[Incident], list[Problem]]:
    """Every incident file, checked, newest first; and every problem found."""
    files, problems = markdown_files(root, INCIDENTS, "incident")
    fields = incident_fields(settings.timezone)
    incidents: list[Incident] = []
    for file, path in files:
        incident, found = read_incident(file, path, fields, service_ids, now, settings.allow_scripts)
        problems += found
        if incident is not None:
            incidents.append(incident)
    problems += same_address_problems([(i.path, i.day.year, i.slug) for i in incidents], "/status/incidents")
    incidents.sort(key=lambda i: (i.started, i.slug), reverse=True)
    return incidents, problems


def read_incident(file: Path, path: str, fields: dict[str, Field], service_ids: set[str], now: datetime,
                  allow_scripts: bool = False) -> tuple[Incident | None, list[Problem]]:
    """One incident file, checked on its own, against the catalogue and against the clock."""
    named, problems = file_name_problems(file.stem, path)
    document, found = read_markdown(file, path, allow_scripts)
    problems += found
    if document is None:
        return None, problems
    checker = Checker(document, {}, list(problems))
    values, complete = Record(dict, fields).values(document.data, "", checker)
    check_services(checker, service_ids)
    _check_times(values, checker, now)
    if not complete or checker.problems or named is None:
        return None, checker.problems
    values = {k: v for k, v in values.items() if v is not None}
    return Incident(day=named.day, slug=named.slug, path=path, body=document.body, source=document,
                    **values), []


def _check_times(values: dict[str, Any], checker: Checker, now: datetime) -> None:
    """Nothing after the build's clock; resolved after started; updates in order, within the incident."""
    started: datetime | None = values.get("started")
    resolved: datetime | None = values.get("resolved")
    for name, moment in (("started", started), ("resolved", resolved)):
        if moment is not None and moment > now:
            checker.problem(name, f"is in the future (the build's clock says {moment_text(now)}); "
                            "status says what is true now", moment_text(moment))
    if started is not None and resolved is not None and resolved < started:
        checker.problem("resolved", f"is before started ({moment_text(started)})", moment_text(resolved))
    updates = [u for u in values.get("updates") or () if u is not None]
    raw = checker.document.data.get("updates")
    names = [f"updates[{i}].at" for i in range(1, len(raw) + 1)] if isinstance(raw, list) else []
    if len(names) != len(updates):
        return  # some update is wrong in itself, and already reported
    before: datetime | None = None
    for name, update in zip(names, updates, strict=True):
        if update.at > now:
            checker.problem(name, f"is in the future (the build's clock says {moment_text(now)})",
                            moment_text(update.at))
        elif before is not None and update.at < before:
            checker.problem(name, f"is before the update above it ({moment_text(before)}); updates go "
                            "oldest first", moment_text(update.at))
        elif started is not None and update.at < started:
            checker.problem(name, f"is before the incident started ({moment_text(started)})", moment_text(update.at))
        elif resolved is not None and update.at > resolved:
            checker.problem(name, f"is after the incident was resolved ({moment_text(resolved)})",
                            moment_text(update.at))
        if update.stage == "resolved" and resolved is None:
            checker.problem(name.replace(".at", ".stage"), "says resolved, but the incident has no "
                            "'resolved' time; add one (frontdesk incident resolve does)", update.stage)
        before = update.at
