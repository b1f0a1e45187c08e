"""Planned maintenance: content/maintenance/<YYYY-MM-DD>-<slug>.md, one window or a repeating one.

A repeat rule is an RFC 5545 RRULE (FREQ=MONTHLY;BYDAY=1SA;COUNT=12), parsed by `icalendar` and
expanded by `recurring_ical_events`, never by hand: it must end (COUNT or UNTIL) and repeat at
most daily, so no calendar is endless and no page lists thousands of windows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import recurring_ical_events
from icalendar import Calendar, Event, vRecur

from ..core.problems import Problem
from ..core.references import markdown_files
from ..core.schema import Checker, Choice, Field, FieldType, Id, Invalid, ListOf, Record, Text
from ..core.settings import Settings
from ..core.source import Document, read_markdown
from .moments import Moment, check_services, file_name_problems, moment_text, same_address_problems

MAINTENANCE = "content/maintenance"
IMPACTS = ("none", "degraded", "outage")
IMPACT_TITLES = {"none": "No interruption expected", "degraded": "Slower or limited", "outage": "Unavailable"}
# Finer repeats would make a window list without end within days.
_TOO_OFTEN = ("SECONDLY", "MINUTELY", "HOURLY")
# The parts of an RRULE (RFC 5545, 3.3.10).
_RULE_PARTS = ("FREQ", "UNTIL", "COUNT", "INTERVAL", "BYSECOND", "BYMINUTE", "BYHOUR", "BYDAY", "BYMONTHDAY",
               "BYYEARDAY", "BYWEEKNO", "BYMONTH", "BYSETPOS", "WKST")
# A window longer than this is not maintenance but a change of service.
LONGEST_WINDOW = timedelta(days=14)


@dataclass(frozen=True, order=True)
class Window:
    """One occurrence of a maintenance: from start to end."""

    start: datetime
    end: datetime

    def contains(self, moment: datetime) -> bool:
        """Whether `moment` falls within the window."""
        return self.start <= moment < self.end


@dataclass(frozen=True)
class Maintenance:
    """Planned work on one or more services."""

    day: date  # from the file name
    slug: str
    path: str
    title: str
    services: tuple[str, ...]
    start: datetime
    end: datetime
    impact: str
    repeat: str | None = None  # the RRULE as written, checked
    body: str = ""
    source: Document = field(default=Document("", {}, {}), repr=False, compare=False)

    @property
    def id(self) -> str:
        """The file name without .md."""
        return f"{self.day.isoformat()}-{self.slug}"

    def event(self) -> Event:
        """The maintenance as one iCalendar event (with its RRULE), without a UID or stamp."""
        event = Event()
        event.add("dtstart", self.start)
        event.add("dtend", self.end)
        if self.repeat:
            event.add("rrule", vRecur.from_ical(self.repeat))
        return event

    def windows(self, after: datetime, before: datetime) -> tuple[Window, ...]:
        """Its windows that overlap the time from `after` to `before`, in order."""
        if not self.repeat:
            one = Window(self.start, self.end)
            return (one,) if one.end > after and one.start < before else ()
        calendar = Calendar()
        calendar.add_component(self.event())
        found = recurring_ical_events.of(calendar).between(after - (self.end - self.start), before)
        windows = {Window(e["DTSTART"].dt, e["DTEND"].dt) for e in found}
        return tuple(sorted(w for w in windows if w.end > after and w.start < before))


@dataclass(frozen=True)
class RepeatRule(FieldType[str]):
    """An RFC 5545 RRULE that ends (COUNT or UNTIL) and repeats at most daily."""

    def parse(self, value: Any, name: str, checker: Checker) -> str:
        if not isinstance(value, str) or not value.strip():
            raise Invalid("must be an iCalendar repeat rule like FREQ=MONTHLY;BYDAY=1SA;COUNT=12")
        text = value.strip().removeprefix("RRULE:")
        try:
            rule = vRecur.from_ical(text)
        except (ValueError, TypeError, KeyError) as error:
            raise Invalid(f"is not an iCalendar repeat rule (RFC 5545): {error}") from None
        unknown = [part for part in rule if part not in _RULE_PARTS]
        if unknown:
            raise Invalid(f"has a part RFC 5545 does not know: {', '.join(unknown)}")
        frequency = rule.get("FREQ", [None])[0]
        if frequency is None:
            raise Invalid("needs FREQ, like FREQ=MONTHLY;BYDAY=1SA;COUNT=12")
        if frequency in _TOO_OFTEN:
            raise Invalid("must repeat at most daily (FREQ=DAILY, WEEKLY, MONTHLY or YEARLY)")
        if ("COUNT" in rule) == ("UNTIL" in rule):
            raise Invalid("must end: give COUNT (how many times) or UNTIL (the last date), one of them")
        if "COUNT" in rule and not 1 <= int(rule["COUNT"][0]) <= 1000:
            raise Invalid("COUNT must be from 1 to 1000")
        if "INTERVAL" in rule and not 1 <= int(rule["INTERVAL"][0]) <= 1000:
            raise Invalid("INTERVAL must be from 1 to 1000")
        return text

    def json_schema(self, choices: Any) -> dict[str, Any]:
        return {"type": "string", "pattern": "^(RRULE:)?FREQ=", "examples": ["FREQ=MONTHLY;BYDAY=1SA;COUNT=12"]}


def maintenance_fields(timezone: str) -> dict[str, Field]:
    """The front matter of a maintenance notice."""
    moment = Moment(timezone)
    return {
        "title": Field(Text(120), help="What is being done, in a line"),
        "services": Field(ListOf(Id(), min_items=1), help="Ids of the services affected"),
        "start": Field(moment, help="When it starts (YYYY-MM-DD HH:MM, in the site's time zone)"),
        "end": Field(moment, help="When it ends"),
        "impact": Field(Choice(IMPACTS), help="none, degraded or outage"),
        "repeat": Field(RepeatRule(), required=False,
                        help="An iCalendar RRULE with COUNT or UNTIL, like FREQ=MONTHLY;BYDAY=1SA;COUNT=12"),
    }


def read_maintenance(root: Path, settings: Settings,
                     service_ids: set[str]) -> tuple[list[Maintenance], list[Problem]]:
    """Every maintenance file, checked, by start; and every problem found."""
    files, problems = markdown_files(root, MAINTENANCE, "maintenance")
    fields = maintenance_fields(settings.timezone)
    found_all: list[Maintenance] = []
    for file, path in files:
        item, found = read_one(file, path, fields, service_ids, settings.allow_scripts)
        problems += found
        if item is not None:
            found_all.append(item)
    problems += same_address_problems([(m.path, m.day.year, m.slug) for m in found_all], "/status/maintenance")
    found_all.sort(key=lambda m: (m.start, m.slug))
    return found_all, problems


def read_one(file: Path, path: str, fields: dict[str, Field], service_ids: set[str],
             allow_scripts: bool = False) -> tuple[Maintenance | None, list[Problem]]:
    """One maintenance file, checked on its own and against the catalogue."""
    named, problems = file_name_problems(file.stem, path)
    document, found = read_markdown(file, path, allow_scripts)
    problems += found
    if document is None:
        return None, problems
    checker = Checker(document, {}, list(problems))
    values, complete = Record(dict, fields).values(document.data, "", checker)
    check_services(checker, service_ids)
    _check_window(values, checker)
    if not complete or checker.problems or named is None:
        return None, checker.problems
    values = {k: v for k, v in values.items() if v is not None}
    return Maintenance(day=named.day, slug=named.slug, path=path, body=document.body, source=document,
                       **values), []


def _check_expansion(start: datetime, end: datetime, repeat: str, checker: Checker) -> None:
    """A problem unless the rule gives windows: recurring_ical_events expands it as the pages will."""
    trial = Maintenance(start.date(), "trial", "", "", (), start, end, "none", repeat)
    try:
        windows = trial.windows(start, start + timedelta(days=366 * 3))
    except Exception as error:  # the library's own words: it refuses a rule in many ways
        checker.problem("repeat", f"cannot be expanded into windows: {' '.join(str(error).split())}", repeat)
        return
    if not windows:
        checker.problem("repeat", "gives no window in the three years from start", repeat)


def _check_window(values: dict[str, Any], checker: Checker) -> None:
    start: datetime | None = values.get("start")
    end: datetime | None = values.get("end")
    if start is None or end is None:
        return
    if end <= start:
        checker.problem("end", f"must be after start ({moment_text(start)})", moment_text(end))
    elif end - start > LONGEST_WINDOW:
        checker.problem("end", f"makes a window longer than {LONGEST_WINDOW.days} days; split the work "
                        "into windows", moment_text(end))
    repeat = values.get("repeat")
    if repeat:
        _check_expansion(start, end, repeat, checker)
        rule = vRecur.from_ical(repeat)
        until = rule.get("UNTIL", [None])[0]
        if until is not None:
            limit = until if isinstance(until, datetime) else datetime.combine(until, datetime.max.time())
            if (limit.replace(tzinfo=start.tzinfo) if limit.tzinfo is None else limit) < start:
                checker.problem("repeat", f"ends (UNTIL) before the first window starts ({moment_text(start)})",
                                repeat)
