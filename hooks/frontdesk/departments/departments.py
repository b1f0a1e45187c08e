"""Departments: content/departments/<id>.md, each with its relationship manager (an author).

Issues and resources may name departments (`departments:`); their readers take the department
ids as a set, `department_ids`, the file names here, so every problem shows at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..core.names import DEPARTMENT_IDS, kept_name_problem
from ..core.problems import Problem, shown
from ..core.references import check_known, file_id_problems, markdown_files, markdown_ids
from ..core.schema import Checker, Field, Id, ListOf, Record, Text
from ..core.source import Document, read_markdown

DEPARTMENTS = "content/departments"


@dataclass(frozen=True)
class Department:
    """A part of the organisation the team looks after, and who looks after it."""

    id: str
    path: str
    name: str
    relationship_manager: str  # an author id
    objectives: tuple[str, ...] = ()
    services: tuple[str, ...] = ()  # the ones it relies on most, most important first
    body: str = ""
    source: Document = field(default=Document("", {}, {}), repr=False, compare=False)


DEPARTMENT_FIELDS: dict[str, Field] = {
    "name": Field(Text(100), help="The department's name as staff know it"),
    "relationship_manager": Field(Id(), help="Who looks after it: an author id from content/authors.yml"),
    "objectives": Field(ListOf(Text(300)), required=False, help="What the department aims for this year"),
    "services": Field(ListOf(Id()), required=False, help="Ids of the services it relies on most"),
}


def department_ids(root: Path) -> set[str]:
    """The ids other content may name: the file names in content/departments/."""
    return markdown_ids(root, DEPARTMENTS)


def read_departments(root: Path, author_ids: set[str], service_ids: set[str],
                     allow_scripts: bool = False) -> tuple[list[Department], list[Problem]]:
    """Every department, checked, by name; and every problem."""
    files, problems = markdown_files(root, DEPARTMENTS, "department")
    departments: list[Department] = []
    for file, path in files:
        department, found = read_department(file, path, author_ids, service_ids, allow_scripts)
        problems += found
        if department is not None:
            departments.append(department)
    return by_name(departments), problems


def read_department(file: Path, path: str, author_ids: set[str], service_ids: set[str],
                    allow_scripts: bool = False) -> tuple[Department | None, list[Problem]]:
    """One department file, checked on its own, against the authors and the catalogue."""
    document, problems = read_markdown(file, path, allow_scripts)
    problems += file_id_problems(file.stem, path)
    if kept := kept_name_problem(file.stem, DEPARTMENT_IDS):
        problems.append(Problem(path, 1, "id", kept, shown(file.stem)))
    if document is None:
        return None, problems
    checker = Checker(document, {}, list(problems))
    values, complete = Record(dict, DEPARTMENT_FIELDS).values(document.data, "", checker)
    check_known(checker, "relationship_manager", author_ids, "an author in content/authors.yml")
    check_known(checker, "services", service_ids, "a known service id")
    if not complete or checker.problems:
        return None, checker.problems
    values = {k: v for k, v in values.items() if v is not None}
    return Department(id=file.stem, path=path, body=document.body, source=document, **values), []


def by_name(departments: Iterable[Department]) -> list[Department]:
    """Departments in the order people look for them: by name, then id."""
    return sorted(departments, key=lambda d: (d.name.casefold(), d.id))
