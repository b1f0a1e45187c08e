"""The service catalogue: every service, read, checked against each other, and indexed."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..core.files import NOT_CONTENT, folder_files, is_ignored, not_read
from ..core.mail import AddressChecks
from ..core.problems import Problem, shown
from ..core.schema import id_problem
from ..core.settings import Settings
from ..core.source import Document
from .services import Service, read_service


@dataclass(frozen=True)
class Catalogue:
    """All services of the site, sorted by title, with both directions of dependency."""

    services: tuple[Service, ...]
    by_id: dict[str, Service] = field(repr=False)
    dependents: dict[str, tuple[str, ...]] = field(repr=False)

    @property
    def offered(self) -> tuple[Service, ...]:
        """The services staff can use or ask for: every one but the retired."""
        return tuple(s for s in self.services if s.lifecycle != "retired")

    def in_category(self, category_id: str) -> tuple[Service, ...]:
        """The services of one category, by title."""
        return tuple(s for s in self.services if s.category == category_id)


SERVICES = "content/services"


def service_files(root: Path) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """The service files under content/services/ (subfolders too), each with its path as authors see it;
    and problems: paths there that lead outside the project or nowhere, and other files, which are not read."""
    files, problems = folder_files(root, SERVICES)
    problems += [not_read(path, "service files end in .md (lowercase)")
                 for file, path in files if not file.name.endswith(".md") and not is_ignored(file.name)]
    return [(file, path) for file, path in files
            if file.name.endswith(".md") and file.name not in NOT_CONTENT], problems


def read_catalogue(root: Path, settings: Settings, today: date) -> tuple[Catalogue, list[Problem]]:
    """Every service under content/services/, with all problems found in any of them."""
    services: list[Service] = []
    documents: dict[str, Document] = {}
    first_paths: dict[str, str] = {}
    files, problems = service_files(root)
    addresses = AddressChecks()
    for file, path in files:
        service, document, found = read_service(file, path, settings, today, addresses)
        problems += found
        if file.stem in first_paths:
            problems.append(Problem(path, 1, "id", f"is already used by {first_paths[file.stem]}",
                                    shown(file.stem)))
            continue
        first_paths[file.stem] = path
        if document is not None:
            documents[file.stem] = document
        if service is not None:
            services.append(service)
    problems += _reference_problems(documents, {f.stem for f, _ in files}, settings)
    return _index(services), problems


def _index(services: list[Service]) -> Catalogue:
    ordered = tuple(sorted(services, key=lambda s: (s.title.casefold(), s.id)))
    dependents: dict[str, list[str]] = {s.id: [] for s in ordered}
    for service in ordered:
        for needed in service.depends_on:
            dependents.setdefault(needed, []).append(service.id)
    return Catalogue(ordered, {s.id: s for s in ordered},
                     {k: tuple(v) for k, v in dependents.items()})


def _references(document: Document, name: str) -> list[tuple[str, str]]:
    """The well-formed service ids a field names, each with its field name."""
    value = document.data.get(name)
    if isinstance(value, list):
        named = [(f"{name}[{i}]", v) for i, v in enumerate(value, start=1)]
    else:
        named = [(name, value)]
    return [(field_name, v) for field_name, v in named if isinstance(v, str) and not id_problem(v)]


def _reference_problems(documents: dict[str, Document], known: set[str],
                        settings: Settings) -> list[Problem]:
    problems: list[Problem] = []
    categories = {c.id for c in settings.categories}
    for service_id, document in documents.items():
        if service_id in categories:
            problems.append(Problem(document.path, 1, "id",
                                    "is also a category id; both would live at /services/<id>/",
                                    shown(service_id)))
        for name, other in _references(document, "depends_on") + _references(document, "replaced_by"):
            if other == service_id:
                problems.append(Problem(document.path, document.line(name), name,
                                        "must name another service, not this one", shown(other)))
            elif other not in known:
                problems.append(Problem(document.path, document.line(name), name,
                                        "is not a known service id" + _closest(other, known),
                                        shown(other)))
    return problems + _cycle_problems(documents)


def _closest(word: str, known: set[str]) -> str:
    match = difflib.get_close_matches(word, sorted(known), n=1, cutoff=0.75)
    return f"; did you mean '{match[0]}'?" if match else ""


def _cycle_problems(documents: dict[str, Document]) -> list[Problem]:
    """One problem per dependency cycle, on the first service of the cycle."""
    needs = {
        service_id: tuple(other for _, other in _references(document, "depends_on")
                          if other != service_id and other in documents)
        for service_id, document in documents.items()
    }
    problems: list[Problem] = []
    for cycle in _cycles(needs):
        first = min(cycle)
        turn = cycle.index(first)
        ordered = cycle[turn:] + cycle[:turn]
        document = documents[first]
        problems.append(Problem(document.path, document.line("depends_on"), "depends_on",
                                "services depend on each other in a circle",
                                " → ".join([*ordered, first])))
    return problems


def _cycles(needs: dict[str, tuple[str, ...]]) -> list[list[str]]:
    """Dependency cycles found by one depth-first walk of the whole graph (linear time)."""
    done: set[str] = set()
    cycles: list[list[str]] = []
    for root in sorted(needs):
        if root in done:
            continue
        trail: list[str] = [root]
        position = {root: 0}
        stack = [iter(needs[root])]
        while stack:
            step = next(stack[-1], None)
            if step is None:
                stack.pop()
                finished = trail.pop()
                del position[finished]
                done.add(finished)
            elif step in position:
                cycles.append(trail[position[step]:])
            elif step not in done:
                position[step] = len(trail)
                trail.append(step)
                stack.append(iter(needs[step]))
    return cycles
