"""Whose brief a department's is: until the departments reader exists, its file's `services:` list.

`department_ids` and `department_scope` stand in for the departments reader (content/departments/<id>.md,
PRODUCT.md "Department"): the integrator replaces both with the real reader's departments, passing
`Scope(department.id, department.name, frozenset(department.services))` to `make_brief`.
"""

from __future__ import annotations

from pathlib import Path

from ..core.files import folder_files
from ..core.problems import Problem
from ..core.schema import Checker, Field, Id, ListOf, Record, Text
from ..core.source import read_markdown
from ..status.moments import check_services
from .brief import Scope

DEPARTMENTS = "content/departments"


def department_ids(root: Path) -> set[str]:
    """The department ids: the stems of content/departments/*.md."""
    files, _ = folder_files(root, DEPARTMENTS)
    return {file.stem for file, path in files if path.rsplit("/", 1)[0] == DEPARTMENTS and file.suffix == ".md"
            and file.name != "README.md"}


def department_scope(root: Path, department_id: str, service_ids: set[str]) -> tuple[Scope | None, list[Problem]]:
    """One department's brief scope: its `name` and the `services` its file lists (each a known service
    id), read with the project's front-matter reader; or the problems with that file."""
    path = f"{DEPARTMENTS}/{department_id}.md"
    document, problems = read_markdown(root / path, path)
    if document is None:
        return None, problems
    checker = Checker(document, {}, list(problems))
    fields = {"name": Field(Text(100), required=False), "services": Field(ListOf(Id()), required=False)}
    # Only these two fields are read here; the departments reader checks the whole file.
    values, _ = Record(dict, fields).values({k: v for k, v in document.data.items() if k in fields}, "", checker)
    check_services(checker, service_ids)
    if checker.problems:
        return None, checker.problems
    return Scope(department_id, values.get("name") or department_id, frozenset(values.get("services") or ())), []
