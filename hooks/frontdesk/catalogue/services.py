"""Services: the catalogue's entries, read from content/services/<id>.md."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..core.mail import AddressChecks
from ..core.names import SERVICE_IDS, kept_name_problem
from ..core.problems import Problem, shown
from ..core.schema import (
    MAX_HOURS,
    Checker,
    Choice,
    Cost,
    Date,
    Email,
    Field,
    Flag,
    Id,
    ListOf,
    Number,
    Record,
    Tag,
    Text,
    Timezone,
    Url,
    id_problem,
)
from ..core.settings import Settings
from ..core.source import Document, read_markdown

LIFECYCLES = ("pipeline", "live", "retiring", "retired")
APPROVALS = ("none", "manager", "owner")


@dataclass(frozen=True)
class Owner:
    """The team that runs a service."""

    team: str
    email: str


@dataclass(frozen=True)
class Channel:
    """One way to reach support: a portal, a phone number, an address."""

    label: str
    url: str | None = None


@dataclass(frozen=True)
class Support:
    """When and how a service is supported."""

    hours: str
    timezone: str
    channels: tuple[Channel, ...]


@dataclass(frozen=True)
class Request:
    """How to ask for a service, and whose approval it needs."""

    approval: str
    url: str | None = None
    how: str | None = None


@dataclass(frozen=True)
class ServiceLevels:
    """The targets a service promises."""

    availability: float | None = None
    first_response_hours: float | None = None
    resolution_hours: float | None = None
    satisfaction: float | None = None


@dataclass(frozen=True)
class Link:
    """A related page elsewhere."""

    title: str
    url: str


@dataclass(frozen=True)
class Service:
    """One entry of the service catalogue."""

    id: str
    path: str
    title: str
    summary: str
    category: str
    lifecycle: str
    audience: tuple[str, ...]
    owner: Owner
    support: Support
    request: Request
    cost: str
    last_reviewed: date
    tags: tuple[str, ...] = ()
    service_levels: ServiceLevels | None = None
    depends_on: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    feedback_url: str | None = None
    retires_on: date | None = None
    replaced_by: str | None = None
    featured: bool = False
    body: str = ""
    source: Document = field(default=Document("", {}, {}), repr=False, compare=False)

    def line(self, name: str) -> int:
        """The line of one of this service's fields in its file."""
        return self.source.line(name)


SERVICE_FIELDS: dict[str, Field] = {
    "title": Field(Text(100), help="The service's name as staff know it"),
    "summary": Field(Text(160), help="One sentence: what it is and who it is for"),
    "category": Field(Choice(from_settings="categories"), help="One of the site's categories"),
    "lifecycle": Field(Choice(LIFECYCLES), help="pipeline, live, retiring or retired"),
    "audience": Field(ListOf(Choice(from_settings="audiences"), min_items=1),
                      help="Who can use it (audience ids from the settings)"),
    "owner": Field(Record(Owner, {
        "team": Field(Text(100)),
        "email": Field(Email()),
    }), help="The team that runs it and its contact email"),
    "support": Field(Record(Support, {
        "hours": Field(Text(200)),
        "timezone": Field(Timezone()),
        "channels": Field(ListOf(Record(Channel, {
            "label": Field(Text(100)),
            "url": Field(Url(("https", "http", "mailto", "tel")), required=False),
        }), min_items=1)),
    }), help="Support hours, time zone and channels"),
    "request": Field(Record(Request, {
        "approval": Field(Choice(APPROVALS)),
        "url": Field(Url(), required=False),
        "how": Field(Text(300), required=False),
    }), help="Where to request it (url) or how to get it (how), and the approval needed"),
    "cost": Field(Cost(), help="'free' or a price with its unit"),
    "last_reviewed": Field(Date(), help="When the entry was last checked (YYYY-MM-DD)"),
    "tags": Field(ListOf(Tag(40)), required=False, help="Words to find and group it by"),
    "service_levels": Field(Record(ServiceLevels, {
        "availability": Field(Number(0, 100), required=False),
        "first_response_hours": Field(Number(None, MAX_HOURS, above=0), required=False),
        "resolution_hours": Field(Number(None, MAX_HOURS, above=0), required=False),
        "satisfaction": Field(Number(1, 5), required=False),
    }), required=False, help="Targets: availability %, response and resolution hours, satisfaction /5"),
    "depends_on": Field(ListOf(Id()), required=False, help="Ids of services this one needs"),
    "links": Field(ListOf(Record(Link, {
        "title": Field(Text(120)),
        "url": Field(Url()),
    })), required=False, help="Related pages"),
    "feedback_url": Field(Url(("https", "http", "mailto")), required=False,
                          help="Where to give feedback (defaults to the site's)"),
    "retires_on": Field(Date(), required=False, help="When a retiring service ends"),
    "replaced_by": Field(Id(), required=False, help="The service that replaces a retiring one"),
    "featured": Field(Flag(), required=False, help="Show it on the home page"),
}

SERVICE = Record(Service, SERVICE_FIELDS)


def read_service(file: Path, path: str, settings: Settings, today: date,
                 addresses: AddressChecks | None = None) -> tuple[Service | None, Document | None, list[Problem]]:
    """One service file, checked on its own (references are checked by the catalogue); `addresses` are those
    already checked while reading the other services."""
    document, problems = read_markdown(file, path, settings.allow_scripts)
    problem = id_problem(file.stem)
    if problem:
        problems.append(Problem(path, 1, "id", f"the file name {problem}", shown(file.stem)))
    elif kept := kept_name_problem(file.stem, SERVICE_IDS):
        problems.append(Problem(path, 1, "id", kept))
    if document is None:
        return None, None, problems
    checker = Checker(document, {
        "categories": tuple(c.id for c in settings.categories),
        "audiences": tuple(a.id for a in settings.audiences),
    }, list(problems), AddressChecks() if addresses is None else addresses)
    values, complete = SERVICE.values(document.data, "", checker)
    # Rules between fields are checked even when other fields are wrong, so all show at once.
    _check_dates_and_lifecycle(values, checker, today)
    _check_request(values, checker)
    if not complete:
        return None, document, checker.problems
    values = {k: v for k, v in values.items() if v is not None}
    service = Service(id=file.stem, path=path, body=document.body, source=document, **values)
    return service, document, checker.problems


def _check_dates_and_lifecycle(values: dict[str, Any], checker: Checker, today: date) -> None:
    reviewed, lifecycle = values.get("last_reviewed"), values.get("lifecycle")
    if reviewed is not None and reviewed > today:
        checker.problem("last_reviewed", "is in the future", reviewed.isoformat())
    if lifecycle == "retiring" and values.get("retires_on") is None and "retires_on" not in checker.document.data:
        checker.problem("retires_on", "is required when lifecycle is 'retiring' (the date it ends)",
                        line=checker.document.line("lifecycle"))
    for name in ("retires_on", "replaced_by"):
        if values.get(name) is not None and lifecycle in ("pipeline", "live"):
            checker.problem(name, "is only for services that are 'retiring' or 'retired'",
                            f"lifecycle {lifecycle}")


def _check_request(values: dict[str, Any], checker: Checker) -> None:
    request = checker.document.data.get("request")
    if isinstance(request, dict) and request.get("url") is None and request.get("how") is None:
        checker.problem("request", "needs a 'url' to request the service, or 'how' to say how to get it")
