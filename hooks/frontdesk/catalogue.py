"""The service catalogue: every service, read, checked against each other, and indexed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .problems import Problem
from .services import Service, read_service
from .settings import Settings
from .files import content_files


@dataclass(frozen=True)
class Catalogue:
    """All services of the site, sorted by title, with both directions of dependency."""

    services: tuple[Service, ...]
    by_id: dict[str, Service] = field(repr=False)
    dependents: dict[str, tuple[str, ...]] = field(repr=False)

    def in_category(self, category_id: str) -> tuple[Service, ...]:
        """The services of one category, by title."""
        return tuple(s for s in self.services if s.category == category_id)


def read_catalogue(root: Path, settings: Settings, today: date) -> tuple[Catalogue, list[Problem]]:
    """Every service under content/services/, with all problems found in any of them."""
    problems: list[Problem] = []
    services: list[Service] = []
    seen: dict[str, str] = {}
    files, problems = content_files(root, "content/services", "*.md")
    for file, path in files:
        service, found = read_service(file, path, settings, today)
        problems += found
        if file.stem in seen:
            problems.append(Problem(path, 1, "id", f"is already used by {seen[file.stem]}", file.stem))
            continue
        seen[file.stem] = path
        if service is not None:
            services.append(service)
    problems += _reference_problems(services, set(seen), settings)
    return _index(services), problems


def _index(services: list[Service]) -> Catalogue:
    ordered = tuple(sorted(services, key=lambda s: (s.title.casefold(), s.id)))
    dependents: dict[str, list[str]] = {s.id: [] for s in ordered}
    for service in ordered:
        for needed in service.depends_on:
            dependents.setdefault(needed, []).append(service.id)
    return Catalogue(ordered, {s.id: s for s in ordered},
                     {k: tuple(v) for k, v in dependents.items()})


def _reference_problems(services: list[Service], known: set[str], settings: Settings) -> list[Problem]:
    problems: list[Problem] = []
    categories = {c.id for c in settings.categories}
    for service in services:
        if service.id in categories:
            problems.append(Problem(service.path, 1, "id",
                                    "is also a category id; both would live at /services/<id>/",
                                    service.id))
        for index, needed in enumerate(service.depends_on, start=1):
            name = f"depends_on[{index}]"
            if needed == service.id:
                problems.append(Problem(service.path, service.line(name), name,
                                        "a service cannot depend on itself", needed))
            elif needed not in known:
                problems.append(Problem(service.path, service.line(name), name,
                                        "is not a known service id", needed))
        if service.replaced_by is not None and service.replaced_by not in known:
            problems.append(Problem(service.path, service.line("replaced_by"), "replaced_by",
                                    "is not a known service id", service.replaced_by))
    return problems + _cycle_problems(services)


def _cycle_problems(services: list[Service]) -> list[Problem]:
    """One problem per dependency cycle, on the first service of the cycle."""
    by_id = {s.id: s for s in services}
    needs = {s.id: tuple(d for d in s.depends_on if d != s.id and d in by_id) for s in services}
    problems: list[Problem] = []
    for cycle in _cycles(needs):
        first = by_id[min(cycle)]
        turn = cycle.index(first.id)
        ordered = cycle[turn:] + cycle[:turn]
        problems.append(Problem(first.path, first.line("depends_on"), "depends_on",
                                "services depend on each other in a circle",
                                " → ".join([*ordered, first.id])))
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
