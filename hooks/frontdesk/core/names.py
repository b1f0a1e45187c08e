"""The names the site keeps for its own pages: no id, slug or tag may take one.

Content names become addresses: a service's or category's id /services/<id>/, a resource's
/resources/<id>/, an issue's slug /newsletter/<year>/<slug>/, a tag /tags/<slug>/. In each of
those folders the site has pages of its own, and a name that landed on one would replace that
page, or be replaced by it, without a word. This is the one list of them; every reader of a
name checks it here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .problems import Problem, shown

# Further pages of a long listing: /newsletter/<year>/page-2/ and on.
_PAGE_NUMBER = re.compile(r"page-[0-9]+")


@dataclass(frozen=True)
class Folder:
    """A folder of the site where content names become addresses, and the names the site keeps there."""

    address: str  # how authors see it: /services/<id>/
    kept: frozenset[str]
    paged: bool = False  # the folder's own listing goes on at page-2, page-3, ...

    def keeps(self, name: str) -> bool:
        """Whether the site uses `name` in this folder for a page of its own."""
        return name in self.kept or (self.paged and _PAGE_NUMBER.fullmatch(name) is not None)

    def of(self, name: str) -> str:
        """The address `name` has in this folder: /tags/<slug>/ → /tags/cafe/."""
        return self.address.rsplit("<", 1)[0] + name + "/"


# /services/ is the catalogue (services/index.md). Categories and services share the folder, so
# a service id may not be a category id either (the catalogue checks that).
SERVICE_IDS = Folder("/services/<id>/", frozenset({"index"}))
# /resources/ is the listing; files/ holds the files resources ship; kind/ the pages of each kind.
RESOURCE_IDS = Folder("/resources/<id>/", frozenset({"index", "files", "kind"}))
# /newsletter/<year>/ is the year's archive, which goes on at page-2/.
ISSUE_SLUGS = Folder("/newsletter/<year>/<slug>/", frozenset({"index"}), paged=True)
# /tags/ lists every tag.
TAG_SLUGS = Folder("/tags/<slug>/", frozenset({"index"}))
# /roadmap/ is the roadmap; department/ and status/ hold its pages filtered by department and by status.
ROADMAP_IDS = Folder("/roadmap/<id>/", frozenset({"index", "department", "status"}))
# /departments/ lists every department.
DEPARTMENT_IDS = Folder("/departments/<id>/", frozenset({"index"}))


def kept_name_problem(name: str, folder: Folder) -> str | None:
    """Why `name` cannot be the name of content in `folder`, or None if it can."""
    if folder.keeps(name):
        return f"'{name}' is a name the site uses for its own pages; choose another"
    return None


@dataclass(frozen=True, order=True)
class Written:
    """A name as an author wrote it, at one field of one file."""

    path: str
    line: int
    field: str
    name: str


def same_address_problems(written: Iterable[Written], address: Callable[[str], str], folder: Folder) -> list[Problem]:
    """Different names that meet at one address, each named with where the first one is written.

    Names that differ only in case, spaces and punctuation are one name written two ways
    ('Remote work', 'remote-work'); 'Café' and 'Cafe', or 'Сеть' and 'Set', are not."""
    first: dict[str, Written] = {}
    problems: list[Problem] = []
    for place in sorted(written):
        key = address(place.name)
        seen = first.setdefault(key, place)
        if _spelling(seen.name) != _spelling(place.name):
            problems.append(Problem(place.path, place.line, place.field,
                                    f"makes the same address, {folder.of(key)}, as {seen.name!r} in "
                                    f"{seen.path}:{seen.line}; write both the same way, or choose another name",
                                    shown(place.name)))
    return problems


def _spelling(name: str) -> str:
    """A name without case, spaces or punctuation: what two ways of writing one name share."""
    return "".join(character for character in name.casefold() if character.isalnum())


def address_taken(made: str, had: str, path: str) -> str:
    """The error for a file that would be written at `path` in the site, where `had` already is.

    Content names are checked against the folders above before anything is built; this is what
    catches the rest, such as a page under docs/ at the address of one Frontdesk makes."""
    address = "/" + path.removesuffix("index.html")
    return f"{had}: file: has the address {address}, as {made} does; rename or move one of them"
