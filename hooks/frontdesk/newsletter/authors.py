"""Newsletter authors: content/authors.yml, a mapping of author id to name, role and contact."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core.files import folder_names, not_read, project_file
from ..core.problems import Problem
from ..core.schema import Checker, Email, Field, Record, Text, Url, id_problem, parse_value
from ..core.source import read_yaml

AUTHORS_FILE = "content/authors.yml"


@dataclass(frozen=True)
class Author:
    """Someone who writes the newsletter."""

    id: str
    name: str
    role: str | None = None
    email: str | None = None
    booking_url: str | None = None  # where a department books a conversation with them

    @property
    def initials(self) -> str:
        """Up to two initials, for a badge when there is no picture."""
        return "".join(word[0] for word in self.name.split()[:2]).upper()


AUTHOR_FIELDS: dict[str, Field] = {
    "name": Field(Text(100), help="The author's name as it appears on issues"),
    "role": Field(Text(100), required=False, help="Their role in the team"),
    "email": Field(Email(), required=False, help="Their email address"),
    "booking_url": Field(Url(), required=False,
                         help="Where to book a conversation with them (a calendar's booking page), "
                              "shown on the department pages they look after"),
}


def read_authors(root: Path) -> tuple[dict[str, Author], list[Problem]]:
    """Every author by id; an absent file means no authors."""
    file, problems = project_file(root, AUTHORS_FILE)
    problems += _misnamed(root)
    if file is None:
        return {}, problems
    document, found = read_yaml(file, AUTHORS_FILE)
    if document is None:
        return {}, problems + found
    checker = Checker(document, problems=problems + found)
    authors: dict[str, Author] = {}
    for author_id, value in document.data.items():
        problem = id_problem(author_id)
        if problem:
            checker.problem(author_id, f"the author id {problem}", author_id)
            continue
        record = Record(lambda _id=author_id, **v: Author(id=_id, **{k: x for k, x in v.items() if x is not None}),
                        AUTHOR_FIELDS)
        author = parse_value(record, value, author_id, checker)
        if author is not None:
            authors[author_id] = author
    return authors, checker.problems


def _misnamed(root: Path) -> list[Problem]:
    """Files beside content/authors.yml named like it in another case or ending: they are not read."""
    folder, name = AUTHORS_FILE.rsplit("/", 1)
    return [not_read(f"{folder}/{other}", f"the authors file is {AUTHORS_FILE}") for other in folder_names(root, folder)
            if other != name and other.lower() in (name, name.replace(".yml", ".yaml"))]
