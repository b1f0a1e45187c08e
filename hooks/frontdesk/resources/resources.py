"""Free resources and giveaways: content/resources/<id>.md, checked, and routed by date.

Routing happens once, in `route`: only `Resources.listed` reaches the listing, service
pages and the home page. An ended resource (its `available_until` has passed) keeps its
page, with a notice, so links to it still work; an upcoming one (its `available_from` is
still to come) exists only in a preview.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..core.files import NOT_CONTENT, folder_files, is_ignored, named_file_problem, not_read
from ..core.names import RESOURCE_IDS, kept_name_problem
from ..core.problems import Problem, shown
from ..core.references import check_known
from ..core.schema import (
    MAX_COUNT,
    Checker,
    Choice,
    Date,
    Field,
    FieldType,
    Id,
    Invalid,
    ListOf,
    Number,
    Record,
    Tag,
    Text,
    Url,
    id_problem,
)
from ..core.settings import Settings
from ..core.source import Document, read_markdown
from ..departments.departments import department_ids as departments_in

RESOURCES = "content/resources"
# Shipped files live here; `file:` is written from content/resources/, like files/checklist.pdf.
FILES = "files"
KINDS = ("guide", "template", "software", "training", "giveaway", "checklist")
KIND_TITLES = {
    "guide": "Guides",
    "template": "Templates",
    "software": "Software",
    "training": "Training",
    "giveaway": "Giveaways",
    "checklist": "Checklists",
}
# Kinds that are something to fetch, so they need a `url` or a `file`; the others may be the page itself.
NEEDS_LINK = ("template", "software", "training")
# File types a resource may ship, and how each is named next to its size.
FILE_TYPES = {
    ".pdf": "PDF",
    ".docx": "DOCX",
    ".xlsx": "XLSX",
    ".pptx": "PPTX",
    ".odt": "ODT",
    ".ods": "ODS",
    ".odp": "ODP",
    ".txt": "TXT",
    ".csv": "CSV",
    ".zip": "ZIP",
    ".png": "PNG",
    ".jpg": "JPEG",
    ".jpeg": "JPEG",
}


@dataclass(frozen=True)
class Resource:
    """One free resource: a guide, template, piece of software, training, giveaway or checklist."""

    id: str
    path: str
    title: str
    summary: str
    kind: str
    url: str | None = None
    file: str | None = None  # relative to content/resources/, always under files/
    file_bytes: int | None = None  # the shipped file's size
    audience: tuple[str, ...] = ()
    services: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()  # the departments it is for; none means everyone
    available_from: date | None = None
    available_until: date | None = None
    tags: tuple[str, ...] = ()
    taken: int | None = None  # how many have been taken up so far, if the team counts
    body: str = ""
    source: Document = field(default=Document("", {}, {}), repr=False, compare=False)

    def status(self, today: date) -> str:
        """listed, upcoming (available_from still to come) or ended (available_until has passed)."""
        if self.available_from is not None and self.available_from > today:
            return "upcoming"
        if self.available_until is not None and self.available_until < today:
            return "ended"
        return "listed"

    @property
    def file_type(self) -> str | None:
        """The shipped file's type as readers know it (PDF, DOCX), or None."""
        return FILE_TYPES.get(Path(self.file).suffix.lower()) if self.file else None

    @property
    def site_file(self) -> str | None:
        """Where the shipped file lives in the site: resources/files/<name>."""
        return f"resources/{self.file}" if self.file else None


@dataclass(frozen=True)
class Resources:
    """Resources routed by date, each list by title."""

    listed: tuple[Resource, ...] = ()
    upcoming: tuple[Resource, ...] = ()
    ended: tuple[Resource, ...] = ()

    def visible(self, preview: bool) -> tuple[Resource, ...]:
        """What listings show: listed resources, and in a preview upcoming ones too, by title."""
        return tuple(sorted(self.listed + self.upcoming, key=_by_title)) if preview else self.listed

    def with_pages(self, preview: bool) -> tuple[Resource, ...]:
        """Every resource that has a page: the listed and ended ones, and in a preview upcoming ones."""
        return tuple(sorted(self.visible(preview) + self.ended, key=_by_title))

    def by_service(self, preview: bool) -> dict[str, tuple[Resource, ...]]:
        """The listed resources that name each service (in listing order), by service id."""
        naming: dict[str, list[Resource]] = {}
        for resource in self.visible(preview):
            for service_id in dict.fromkeys(resource.services):
                naming.setdefault(service_id, []).append(resource)
        return {service_id: tuple(found) for service_id, found in naming.items()}

    def status_of(self, resource: Resource) -> str:
        """The status the build routed a resource to."""
        if resource in self.ended:
            return "ended"
        return "upcoming" if resource in self.upcoming else "listed"


def _by_title(resource: Resource) -> tuple[str, str]:
    return (resource.title.casefold(), resource.id)


def route(resources: Iterable[Resource], today: date) -> Resources:
    """The one place where resources are sorted into listed, upcoming and ended."""
    ordered = sorted(resources, key=_by_title)
    return Resources(
        listed=tuple(r for r in ordered if r.status(today) == "listed"),
        upcoming=tuple(r for r in ordered if r.status(today) == "upcoming"),
        ended=tuple(r for r in ordered if r.status(today) == "ended"),
    )


def current_giveaways(resources: Iterable[Resource], today: date) -> tuple[Resource, ...]:
    """Giveaways running today, soonest ending first (those without an end last): for the home page."""
    running = [r for r in resources if r.kind == "giveaway" and r.status(today) == "listed"]
    return tuple(sorted(running, key=lambda r: (r.available_until or date.max, *_by_title(r))))


def newest_resources(resources: Iterable[Resource], today: date, count: int = 3) -> tuple[Resource, ...]:
    """The `count` newest listed resources: latest `available_from` first, then those without one, by title.

    The content model has no "added" date, so `available_from` is the only date there is.
    """
    listed = [r for r in resources if r.status(today) == "listed"]
    dated = sorted((r for r in listed if r.available_from), key=_by_title)
    dated.sort(key=lambda r: r.available_from or date.min, reverse=True)
    undated = sorted((r for r in listed if not r.available_from), key=_by_title)
    return tuple((dated + undated)[:count])


def days_left_text(resource: Resource, today: date) -> str | None:
    """'Ends today', 'Ends in 1 day', 'Ends in 25 days', 'Ended', or None without an end date."""
    if resource.available_until is None:
        return None
    days = (resource.available_until - today).days
    if days < 0:
        return "Ended"
    if days == 0:
        return "Ends today"
    return f"Ends in {days} day{'' if days == 1 else 's'}"


def size_text(size: int) -> str:
    """A file size as people read it: '512 bytes', '38 KB', '2.4 MB'."""
    if size < 1024:
        return f"{size} byte{'' if size == 1 else 's'}"
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


@dataclass(frozen=True)
class ResourceFile(FieldType[str]):
    """A file under content/resources/files/, written from content/resources/ (files/checklist.pdf)."""

    root: Path = Path(".")

    def parse(self, value: Any, name: str, checker: Checker) -> str:
        if not isinstance(value, str) or not value.strip():
            raise Invalid(f"must be the path of a file under {RESOURCES}/{FILES}/, like {FILES}/checklist.pdf")
        text = value.strip().removeprefix("./")
        if not text.isprintable():  # a NUL or control character: no file has it, and paths cannot hold a NUL
            raise Invalid("must be a path of printable characters")
        problem = file_problem(text, self.root)
        if problem:
            raise Invalid(problem)
        return posixpath.normpath(text)  # as the file's path in the site: no '//'

    def json_schema(self, choices: Mapping[str, tuple[str, ...]]) -> dict[str, Any]:
        """A path under files/ with one of the allowed endings (existence is checked by the build)."""
        endings = "|".join(re.escape(suffix) for suffix in FILE_TYPES)
        return {"type": "string", "pattern": f"^(\\./)?{FILES}/(?!.*\\.\\./)[^\\\\]+({endings})$"}


def file_problem(value: str, root: Path) -> str | None:
    """What is wrong with a `file:` value (a path from content/resources/ to a file under files/), or None."""
    if (value.startswith("/") or "\\" in value or re.match(r"^[a-z]+:", value) or ".." in value.split("/")
            or not value.startswith(f"{FILES}/")):
        return (f"must be a path inside {RESOURCES}/{FILES}/ written like {FILES}/checklist.pdf, "
                "without '..' or a leading '/'")
    if Path(value).suffix.lower() not in FILE_TYPES:
        return f"must end in one of: {', '.join(FILE_TYPES)}"
    return named_file_problem(root, RESOURCES, value, f"{RESOURCES}/{FILES}")


def resource_fields(root: Path) -> dict[str, Field]:
    """The front matter of a resource."""
    return {
        "title": Field(Text(100), help="The resource's name"),
        "summary": Field(Text(200), help="One sentence: what it is and why it is useful"),
        "kind": Field(Choice(KINDS), help="guide, template, software, training, giveaway or checklist"),
        "url": Field(Url(("https", "http", "mailto")), required=False,
                     help="Where to get it (not with file)"),
        "file": Field(ResourceFile(root), required=False,
                      help=f"A file to download, under {RESOURCES}/{FILES}/ (not with url)"),
        "audience": Field(ListOf(Choice(from_settings="audiences")), required=False,
                          help="Who it is for (audience ids from the settings)"),
        "services": Field(ListOf(Id()), required=False, help="Ids of the services it is about"),
        "departments": Field(ListOf(Id()), required=False,
                             help="Ids of the departments it is for (content/departments/); none means everyone"),
        "available_from": Field(Date(), required=False, help="Listed from this date (YYYY-MM-DD)"),
        "available_until": Field(Date(), required=False,
                                 help="Listed until this date; afterwards the page says it has ended"),
        "tags": Field(ListOf(Tag(40)), required=False, help="Words to find it by"),
        "taken": Field(Number(0, MAX_COUNT, integer=True), required=False,
                       help="How many have been taken up so far (items given away, places booked, "
                            "downloads counted): the monthly brief says so"),
    }


def resource_sources(root: Path) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """The resource files, content/resources/<id>.md (each with the path problems name); and problems:
    paths there (files/ included) that lead outside the project or nowhere, and files other than
    resources outside files/, which are not read."""
    files, problems = folder_files(root, RESOURCES)
    listed: list[tuple[Path, str]] = []
    for file, path in files:
        folder = path.rsplit("/", 1)[0]
        if folder == RESOURCES and file.name.endswith(".md") and file.name not in NOT_CONTENT:
            listed.append((file, path))
        elif folder == f"{RESOURCES}/{FILES}" or folder.startswith(f"{RESOURCES}/{FILES}/") or is_ignored(file.name):
            continue
        elif folder != RESOURCES:
            problems.append(not_read(path, f"resource files go directly in {RESOURCES}/, and files to "
                                           f"download in {RESOURCES}/{FILES}/"))
        else:
            problems.append(not_read(path, f"resource files end in .md (lowercase), and files to download "
                                           f"go in {RESOURCES}/{FILES}/"))
    return listed, problems


def read_resources(root: Path, settings: Settings, service_ids: set[str],
                   department_ids: set[str] | None = None) -> tuple[list[Resource], list[Problem]]:
    """Every resource file directly in content/resources/, checked, with all problems found;
    `department_ids` are the departments resources may name (by default, the files in content/departments/)."""
    files, problems = resource_sources(root)
    departments = departments_in(root) if department_ids is None else department_ids
    fields = resource_fields(root)
    audiences = tuple(a.id for a in settings.audiences)
    resources: list[Resource] = []
    for file, path in files:
        resource, found = read_resource(file, path, fields, audiences, service_ids, settings.allow_scripts,
                                        departments)
        problems += found
        if resource is not None:
            resources.append(resource)
    return resources, problems


def read_resource(file: Path, path: str, fields: dict[str, Field], audiences: tuple[str, ...],
                  service_ids: set[str], allow_scripts: bool = False,
                  department_ids: set[str] | frozenset[str] = frozenset()) -> tuple[Resource | None, list[Problem]]:
    """One resource file, checked on its own and against the catalogue."""
    document, problems = read_markdown(file, path, allow_scripts)
    problems += _id_problems(file.stem, path)
    if document is None:
        return None, problems
    checker = Checker(document, {"audiences": audiences}, list(problems))
    values, complete = Record(dict, fields).values(document.data, "", checker)
    # Rules between fields are checked even when other fields are wrong, so all show at once.
    _check_link(values, checker)
    _check_dates(values, checker)
    _check_services(checker, service_ids)
    check_known(checker, "departments", department_ids, "a department in content/departments/")
    if not complete or checker.problems:
        return None, checker.problems
    values = {k: v for k, v in values.items() if v is not None}
    size = (file.parent / values["file"]).stat().st_size if "file" in values else None
    return Resource(id=file.stem, path=path, body=document.body, source=document, file_bytes=size,
                    **values), []


def _id_problems(stem: str, path: str) -> list[Problem]:
    problem = id_problem(stem)
    if problem:
        return [Problem(path, 1, "id", f"the file name {problem}", shown(stem))]
    kept = kept_name_problem(stem, RESOURCE_IDS)
    return [Problem(path, 1, "id", kept)] if kept else []


def _check_link(values: dict[str, Any], checker: Checker) -> None:
    data = checker.document.data
    if data.get("url") is not None and data.get("file") is not None:
        checker.problem("file", "give either 'url' or 'file', not both", data["file"])
    elif data.get("url") is None and data.get("file") is None and values.get("kind") in NEEDS_LINK:
        checker.problem("kind", f"a {values['kind']} needs 'url' (where to get it) or 'file' "
                        f"(a file under {RESOURCES}/{FILES}/)", values["kind"])


def _check_dates(values: dict[str, Any], checker: Checker) -> None:
    start, end = values.get("available_from"), values.get("available_until")
    if start is not None and end is not None and end < start:
        checker.problem("available_until", f"is before available_from ({start.isoformat()})", end.isoformat())


def _check_services(checker: Checker, service_ids: set[str]) -> None:
    raw = checker.document.data.get("services")
    named = [(f"services[{i}]", v) for i, v in enumerate(raw, start=1)] if isinstance(raw, list) else [
        ("services", raw)]
    for name, service_id in named:
        # Malformed ids are reported by the field's own check.
        if isinstance(service_id, str) and not id_problem(service_id) and service_id not in service_ids:
            checker.problem(name, "is not a known service id", service_id)


def resource_files(resources: Iterable[Resource], root: Path) -> dict[str, Path]:
    """The shipped files of these resources, by their path in the site (resources/files/<name>)."""
    return {r.site_file: root / RESOURCES / r.file for r in resources if r.file and r.site_file}
