"""Roadmap items: content/roadmap/<id>.md, checked against the catalogue and the departments.

An item is something the team plans or does for the organisation: where it sits (`horizon`: now,
next, later), how far it has got (`status`), who asked for it, which departments and services it
concerns, what it should bring, and the quarter it aims for. Done and dropped items are closed:
they stay on the roadmap, apart from the open ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from ..catalogue.services import Service
from ..core.names import ROADMAP_IDS, kept_name_problem
from ..core.problems import Problem, shown
from ..core.references import content_files
from ..core.schema import (
    EARLIEST_DAY,
    LATEST_DAY,
    Checker,
    Choice,
    Field,
    FieldType,
    Id,
    Invalid,
    ListOf,
    Record,
    Text,
    id_problem,
)
from ..core.source import Document, read_markdown

ROADMAP = "content/roadmap"
# Until the departments have a reader of their own, a department id is the name of a file there.
DEPARTMENTS = "content/departments"
HORIZONS = ("now", "next", "later")
HORIZON_TITLES = {"now": "Now", "next": "Next", "later": "Later"}
STATUSES = ("proposed", "approved", "in-progress", "done", "dropped")
STATUS_TITLES = {"proposed": "Proposed", "approved": "Approved", "in-progress": "In progress", "done": "Done",
                 "dropped": "Dropped"}
# Statuses of items no longer planned or under way: listed apart from the horizons.
CLOSED = ("done", "dropped")
# Within a horizon, the work furthest along comes first.
_STATUS_ORDER = {"in-progress": 0, "approved": 1, "proposed": 2, "done": 3, "dropped": 4}
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_QUARTER_MONTHS = {1: "January to March", 2: "April to June", 3: "July to September", 4: "October to December"}


@dataclass(frozen=True, order=True)
class Quarter:
    """A quarter of a calendar year, written 2027-Q1."""

    year: int
    number: int

    def __str__(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def first_day(self) -> date:
        """The quarter's first day."""
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> date:
        """The quarter's last day."""
        following = date(self.year + 1, 1, 1) if self.number == 4 else date(self.year, 3 * self.number + 1, 1)
        return following - timedelta(days=1)

    @property
    def text(self) -> str:
        """How people read it: 'Q1 2027 (January to March)'."""
        return f"Q{self.number} {self.year} ({_QUARTER_MONTHS[self.number]})"


@dataclass(frozen=True)
class QuarterField(FieldType[Quarter]):
    """A target quarter written YYYY-Qn, like 2027-Q1."""

    def parse(self, value: Any, name: str, checker: Checker) -> Quarter:
        match = _QUARTER.match(value.strip()) if isinstance(value, str) else None
        if match is None:
            raise Invalid("must be a quarter written YYYY-Qn, like 2027-Q1 (Q1 to Q4)")
        year = int(match[1])
        if not EARLIEST_DAY.year <= year <= LATEST_DAY.year:
            raise Invalid(f"must be a quarter from {EARLIEST_DAY.year}-Q1 to {LATEST_DAY.year}-Q4")
        return Quarter(year, int(match[2]))

    def json_schema(self, choices: Mapping[str, tuple[str, ...]]) -> dict[str, Any]:
        return {"type": "string", "pattern": _QUARTER.pattern, "description": "YYYY-Qn"}


@dataclass(frozen=True)
class RoadmapItem:
    """One item of the roadmap."""

    id: str
    path: str
    title: str
    summary: str
    horizon: str
    status: str
    sponsor: str | None = None
    departments: tuple[str, ...] = ()
    services: tuple[str, ...] = ()
    benefits: tuple[str, ...] = ()
    quarter: Quarter | None = None
    body: str = ""
    source: Document = field(default=Document("", {}, {}), repr=False, compare=False)

    @property
    def is_open(self) -> bool:
        """Whether it is still planned or under way (neither done nor dropped)."""
        return self.status not in CLOSED


def _roadmap_order(item: RoadmapItem) -> tuple[int, int, Quarter, str, str]:
    """Horizon, then the work furthest along, then the soonest quarter (none last), then title."""
    return (HORIZONS.index(item.horizon), _STATUS_ORDER[item.status], item.quarter or Quarter(10_000, 4),
            item.title.casefold(), item.id)


@dataclass(frozen=True)
class Roadmap:
    """Every roadmap item, in roadmap order."""

    items: tuple[RoadmapItem, ...] = ()

    @property
    def by_id(self) -> dict[str, RoadmapItem]:
        """The items by id."""
        return {item.id: item for item in self.items}

    @property
    def open_items(self) -> tuple[RoadmapItem, ...]:
        """The items neither done nor dropped."""
        return tuple(item for item in self.items if item.is_open)

    @property
    def closed_items(self) -> tuple[RoadmapItem, ...]:
        """The done items, then the dropped ones, each by horizon and title."""
        return tuple(item for status in CLOSED for item in self.items if item.status == status)

    def in_horizon(self, horizon: str) -> tuple[RoadmapItem, ...]:
        """The open items of one horizon."""
        return tuple(item for item in self.open_items if item.horizon == horizon)

    def with_status(self, status: str) -> tuple[RoadmapItem, ...]:
        """The items of one status."""
        return tuple(item for item in self.items if item.status == status)

    def for_service(self, service_id: str) -> tuple[RoadmapItem, ...]:
        """The items that name a service, open ones first."""
        return _open_first(item for item in self.items if service_id in item.services)


def _open_first(items: Iterable[RoadmapItem]) -> tuple[RoadmapItem, ...]:
    listed = list(items)
    return tuple([i for i in listed if i.is_open] + [i for i in listed if not i.is_open])


def items_for_department(roadmap: Roadmap, department_id: str) -> tuple[RoadmapItem, ...]:
    """The items that name a department (for its page): open ones in roadmap order, then closed ones."""
    return _open_first(item for item in roadmap.items if department_id in item.departments)


def items_due(roadmap: Roadmap, start: date, days: int = 90) -> tuple[RoadmapItem, ...]:
    """The open items whose target quarter overlaps the `days` from `start` on (start included), by quarter:
    what comes next (for the brief). Items without a quarter have no date to be due by."""
    end = start + timedelta(days=days - 1)
    due = [item for item in roadmap.open_items
           if item.quarter is not None and item.quarter.first_day <= end and item.quarter.last_day >= start]
    return tuple(sorted(due, key=lambda item: (item.quarter or Quarter(0, 1), _roadmap_order(item))))


def items_due_in_quarters(roadmap: Roadmap, today: date, quarters: int = 1) -> tuple[RoadmapItem, ...]:
    """The open items aimed at the quarter `today` is in or the `quarters - 1` after it, by quarter."""
    first = Quarter(today.year, (today.month - 1) // 3 + 1)
    count = first.year * 4 + first.number - 1 + quarters - 1
    last = Quarter(count // 4, count % 4 + 1)
    due = [item for item in roadmap.open_items if item.quarter is not None and first <= item.quarter <= last]
    return tuple(sorted(due, key=lambda item: (item.quarter or first, _roadmap_order(item))))


def roadmap_fields() -> dict[str, Field]:
    """The front matter of a roadmap item."""
    return {
        "title": Field(Text(120), help="What the team will do, in a few words"),
        "summary": Field(Text(300), help="One or two sentences: what it is and why"),
        "horizon": Field(Choice(HORIZONS), help="now (under way or next up), next (the coming months) or later"),
        "status": Field(Choice(STATUSES), help="proposed, approved, in-progress, done or dropped"),
        "sponsor": Field(Text(120), required=False, help="Who asked for it or backs it: a person or a role"),
        "departments": Field(ListOf(Id()), required=False,
                             help=f"Ids of the departments it concerns (files in {DEPARTMENTS}/)"),
        "services": Field(ListOf(Id()), required=False, help="Ids of the services it changes or brings"),
        "benefits": Field(ListOf(Text(300)), required=False, help="What it should bring, one line each"),
        "quarter": Field(QuarterField(), required=False, help="The quarter it aims to be done in, like 2027-Q1"),
    }


def roadmap_sources(root: Path) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """The item files, content/roadmap/<id>.md; and problems for anything else there, which is not read."""
    return content_files(root, ROADMAP, "roadmap items", ".md")


def read_roadmap(root: Path, service_ids: set[str], departments: set[str],
                 allow_scripts: bool = False) -> tuple[Roadmap, list[Problem]]:
    """Every roadmap item, checked, in roadmap order; and every problem found. `departments` are the
    department ids items may name."""
    files, problems = roadmap_sources(root)
    fields = roadmap_fields()
    items: list[RoadmapItem] = []
    for file, path in files:
        item, found = read_item(file, path, fields, service_ids, departments, allow_scripts)
        problems += found
        if item is not None:
            items.append(item)
    return Roadmap(tuple(sorted(items, key=_roadmap_order))), problems


def read_item(file: Path, path: str, fields: dict[str, Field], service_ids: set[str], departments: set[str],
              allow_scripts: bool = False) -> tuple[RoadmapItem | None, list[Problem]]:
    """One roadmap item, checked on its own and against the services and departments."""
    document, problems = read_markdown(file, path, allow_scripts)
    problems += _id_problems(file.stem, path)
    if document is None:
        return None, problems
    checker = Checker(document, {}, list(problems))
    values, complete = Record(dict, fields).values(document.data, "", checker)
    _check_known(checker, "services", service_ids, "is not a known service id")
    _check_known(checker, "departments", departments,
                 f"is not a known department id (a department is a file in {DEPARTMENTS}/)")
    if not complete or checker.problems:
        return None, checker.problems
    values = {k: v for k, v in values.items() if v is not None}
    return RoadmapItem(id=file.stem, path=path, body=document.body, source=document, **values), []


def _id_problems(stem: str, path: str) -> list[Problem]:
    problem = id_problem(stem)
    if problem:
        return [Problem(path, 1, "id", f"the file name {problem}", shown(stem))]
    kept = kept_name_problem(stem, ROADMAP_IDS)
    return [Problem(path, 1, "id", kept)] if kept else []


def _check_known(checker: Checker, name: str, known: set[str], message: str) -> None:
    """A problem for each well-formed id in a list field that names nothing known."""
    raw = checker.document.data.get(name)
    named = [(f"{name}[{i}]", v) for i, v in enumerate(raw, start=1)] if isinstance(raw, list) else [(name, raw)]
    for field_name, value in named:
        if isinstance(value, str) and not id_problem(value) and value not in known:
            checker.problem(field_name, message, value)


def unplanned_pipeline_warnings(services: Iterable[Service], roadmap: Roadmap) -> list[str]:
    """A warning for each service in the pipeline that no roadmap item names, once the site has a roadmap:
    a service on its way should say which plan brings it (and its page then links to it)."""
    if not roadmap.items:
        return []
    named = {service_id for item in roadmap.items for service_id in item.services}
    return [f"{s.path}:{s.line('lifecycle')}: lifecycle: the service is in the pipeline, but no roadmap item "
            f"names it; add '{s.id}' to the services of the item that brings it (found: 'pipeline')"
            for s in services if s.lifecycle == "pipeline" and s.id not in named]
