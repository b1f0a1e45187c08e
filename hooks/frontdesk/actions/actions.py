"""Actions ("You said, we did"): content/actions/<id>.md, checked against what they name.

An action names services, departments, a survey round, a newsletter issue and a roadmap item by
id. The ids each may name come in as sets (the stems of the files of each kind), so the reader
needs no other reader and every problem shows at once. The issue may be a draft or scheduled:
it must exist, and pages link to it only once it is published.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..core.problems import Problem
from ..core.references import check_known, file_id_problems, markdown_files
from ..core.schema import Checker, Choice, Date, Field, Id, ListOf, Record, Text
from ..core.source import Document, read_markdown

ACTIONS = "content/actions"
STATUSES = ("planned", "in-progress", "done")
STATUS_TITLES = {"done": "Done", "in-progress": "In progress", "planned": "Planned"}
# The listing's order: what is done first, then what is under way, then what is planned.
STATUS_ORDER = ("done", "in-progress", "planned")


@dataclass(frozen=True)
class Known:
    """The ids an action may name, each kind's file names."""

    services: set[str] = field(default_factory=set)
    departments: set[str] = field(default_factory=set)
    surveys: set[str] = field(default_factory=set)  # content/surveys/*.yml
    issues: set[str] = field(default_factory=set)  # newsletter/*.md, like 2026-11-02-wifi-upgrade
    roadmap: set[str] = field(default_factory=set)  # content/roadmap/*.md


@dataclass(frozen=True)
class Action:
    """Something people said, and what the team did (or will do) about it."""

    id: str
    path: str
    said: str
    did: str
    status: str
    date: date
    survey: str | None = None
    services: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    issue: str | None = None  # a newsletter issue's file name without .md
    roadmap: str | None = None
    body: str = ""
    source: Document = field(default=Document("", {}, {}), repr=False, compare=False)

    @property
    def anchor(self) -> str:
        """Its place on /you-said-we-did/: action-<id>."""
        return f"action-{self.id}"


ACTION_FIELDS: dict[str, Field] = {
    "said": Field(Text(300), help="What people told us, short and in plain words"),
    "did": Field(Text(500), help="What we did, are doing or will do about it"),
    "status": Field(Choice(STATUSES), help="planned, in-progress or done"),
    "date": Field(Date(), help="When it was done, or when the plan was made or last changed (YYYY-MM-DD)"),
    "survey": Field(Id(), required=False, help="The survey round it came from: a file name in content/surveys/"),
    "services": Field(ListOf(Id()), required=False, help="Ids of the services it is about"),
    "departments": Field(ListOf(Id()), required=False, help="Ids of the departments it is for"),
    "issue": Field(Id(), required=False,
                   help="The newsletter issue that announced it: its file name without .md"),
    "roadmap": Field(Id(), required=False, help="The roadmap item it became: a file name in content/roadmap/"),
}


def read_actions(root: Path, known: Known, today: date,
                 allow_scripts: bool = False) -> tuple[list[Action], list[Problem]]:
    """Every action directly in content/actions/, checked, in listing order; and every problem."""
    files, problems = markdown_files(root, ACTIONS, "action")
    actions: list[Action] = []
    for file, path in files:
        action, found = read_action(file, path, known, today, allow_scripts)
        problems += found
        if action is not None:
            actions.append(action)
    return listing_order(actions), problems


def read_action(file: Path, path: str, known: Known, today: date,
                allow_scripts: bool = False) -> tuple[Action | None, list[Problem]]:
    """One action file, checked on its own and against the ids it may name."""
    document, problems = read_markdown(file, path, allow_scripts)
    problems += file_id_problems(file.stem, path)
    if document is None:
        return None, problems
    checker = Checker(document, {}, list(problems))
    values, complete = Record(dict, ACTION_FIELDS).values(document.data, "", checker)
    _check_references(checker, known)
    _check_date(values, checker, today)
    if not complete or checker.problems:
        return None, checker.problems
    values = {k: v for k, v in values.items() if v is not None}
    return Action(id=file.stem, path=path, body=document.body, source=document, **values), []


def _check_references(checker: Checker, known: Known) -> None:
    check_known(checker, "services", known.services, "a known service id")
    check_known(checker, "departments", known.departments, "a department in content/departments/")
    check_known(checker, "survey", known.surveys, "a survey round in content/surveys/")
    check_known(checker, "issue", known.issues, "a newsletter issue (a file name in newsletter/ without .md)")
    check_known(checker, "roadmap", known.roadmap, "a roadmap item in content/roadmap/")


def _check_date(values: dict[str, Any], checker: Checker, today: date) -> None:
    """Something done was done by now: a done action dated after the build's day is a mistake."""
    day = values.get("date")
    if values.get("status") == "done" and day is not None and day > today:
        checker.problem("date", f"is after today ({today.isoformat()}); a done action is dated when it "
                        "was done (planned or in-progress if it is still to come)", day.isoformat())


def listing_order(actions: Iterable[Action]) -> list[Action]:
    """Done first, then in progress, then planned; newest first within each; then by id."""
    by_id = sorted(actions, key=lambda a: a.id)
    by_id.sort(key=lambda a: a.date, reverse=True)
    return sorted(by_id, key=lambda a: STATUS_ORDER.index(a.status))


def latest_actions(actions: Iterable[Action], count: int = 3) -> list[Action]:
    """The `count` newest actions whatever their status (for the home page): newest date first."""
    by_id = sorted(actions, key=lambda a: (STATUS_ORDER.index(a.status), a.id))
    return sorted(by_id, key=lambda a: a.date, reverse=True)[:count]


def actions_for_department(actions: Iterable[Action], department_id: str) -> list[Action]:
    """The actions naming a department, in listing order."""
    return [a for a in actions if department_id in a.departments]


def actions_for_service(actions: Iterable[Action], service_id: str) -> list[Action]:
    """The actions naming a service, in listing order."""
    return [a for a in actions if service_id in a.services]


def actions_by_service(actions: Iterable[Action]) -> dict[str, list[Action]]:
    """The actions naming each service, in listing order, by service id (for every service page at once)."""
    naming: dict[str, list[Action]] = {}
    for action in actions:
        for service_id in action.services:
            naming.setdefault(service_id, []).append(action)
    return naming


def actions_citing(actions: Iterable[Action], survey_id: str) -> list[Action]:
    """The actions citing a survey round (for that round's page), in listing order."""
    return [a for a in actions if a.survey == survey_id]
