"""What incidents and maintenance share: moments in time as authors write them, file names, services."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from ..core.problems import Problem, shown
from ..core.schema import Checker, FieldType, Invalid, id_problem

# 2026-11-20 09:40, 2026-11-20T09:40, with seconds, or with an offset (+01:00, Z).
_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)?$")
# content/incidents/2026-11-20-vpn-slow.md: the date, then the slug.
_FILE_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-(.+)$")


@dataclass(frozen=True)
class Moment(FieldType[datetime]):
    """A date and time (YYYY-MM-DD HH:MM) in the site's time zone, or with its own offset."""

    timezone: str = "UTC"

    def parse(self, value: Any, name: str, checker: Checker) -> datetime:
        text = str(value).strip() if isinstance(value, (str, date)) else ""
        if not _MOMENT.match(text):
            raise Invalid("must be a date and time written YYYY-MM-DD HH:MM")
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError as error:
            raise Invalid(f"is not a real date and time: {error}") from None
        zone = ZoneInfo(self.timezone)
        return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)

    def json_schema(self, choices: Mapping[str, tuple[str, ...]]) -> dict[str, Any]:
        return {"type": "string", "pattern": _MOMENT.pattern, "description": "YYYY-MM-DD HH:MM"}


@dataclass(frozen=True)
class Named:
    """What a content file's name says: content/incidents/2026-11-20-vpn-slow.md."""

    day: date
    slug: str


def file_name_problems(stem: str, path: str) -> tuple[Named | None, list[Problem]]:
    """The date and slug a file's name gives, or the problem with it."""
    match = _FILE_NAME.match(stem)
    example = "like 2026-11-20-vpn-slow.md"
    if match is None:
        return None, [Problem(path, 1, "file", f"the file name must be the date, then a slug, {example}",
                              shown(stem))]
    try:
        day = date.fromisoformat(match[1])
    except ValueError:
        return None, [Problem(path, 1, "file", f"the file name does not start with a real date, {example}",
                              shown(stem))]
    problem = id_problem(match[2])
    if problem:
        return None, [Problem(path, 1, "file", f"the slug after the date {problem}", shown(match[2]))]
    return Named(day, match[2]), []


def check_services(checker: Checker, service_ids: set[str]) -> None:
    """A problem for each listed service id that names no service."""
    raw = checker.document.data.get("services")
    named = [(f"services[{i}]", v) for i, v in enumerate(raw, start=1)] if isinstance(raw, list) else [
        ("services", raw)]
    for name, service_id in named:
        if isinstance(service_id, str) and not id_problem(service_id) and service_id not in service_ids:
            checker.problem(name, "is not a known service id", service_id)


def moment_text(moment: datetime) -> str:
    """A moment as the problem quotes it: 2026-11-20 09:40."""
    return f"{moment:%Y-%m-%d %H:%M}"


def same_address_problems(items: list[tuple[str, int, str]], folder: str) -> list[Problem]:
    """Two files whose pages would have one address (same year and slug): (path, year, slug) each."""
    seen: dict[tuple[int, str], str] = {}
    problems = []
    for path, year, slug in sorted(items):
        if (year, slug) in seen:
            problems.append(Problem(path, 1, "file", f"has the same address as {seen[(year, slug)]} "
                                    f"({folder}/{year}/{slug}/); change one slug", shown(slug)))
        else:
            seen[(year, slug)] = path
    return problems
