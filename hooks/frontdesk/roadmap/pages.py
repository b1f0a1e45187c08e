"""The roadmap's pages: /roadmap/, its filtered pages, and /roadmap/<id>/ for each item.

/roadmap/ lists the open items by horizon (Now, Next, Later), then the done and dropped ones apart. A
static site cannot filter on the server, so each filter is also a page of its own, reached by links
that work without JavaScript: /roadmap/department/<id>/, /roadmap/status/<status>/, and both at once
/roadmap/department/<id>/<status>/ (made only where some item fits, and linked only there). With
JavaScript, /roadmap/ filters in place like the catalogue (docs/assets/frontdesk.js), keeping
`?department=&status=` in the address, so a filtered view can be shared and survives a reload.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import jinja2

from ..catalogue.catalogue import Catalogue
from ..core.pages import GeneratedPage, PageWriter, Part, TemplateHelpers, front_matter, long_date
from .history import CHANGES_DAYS, Change, History
from .roadmap import HORIZON_TITLES, HORIZONS, STATUS_TITLES, STATUSES, Roadmap, RoadmapItem

ROADMAP_INDEX = "roadmap/index.md"


def item_src(item_id: str) -> str:
    """Where an item's page comes from in the build: roadmap/<id>.md."""
    return f"roadmap/{item_id}.md"


def filtered_src(department: str | None = None, status: str | None = None) -> str:
    """Where the roadmap filtered by a department, a status or both comes from (neither: the roadmap)."""
    if department and status:
        return f"roadmap/department/{department}/{status}.md"
    if department:
        return f"roadmap/department/{department}.md"
    return f"roadmap/status/{status}.md" if status else ROADMAP_INDEX


@dataclass(frozen=True)
class RoadmapContext:
    """What the roadmap's pages need from the rest of the site."""

    roadmap: Roadmap
    history: History
    catalogue: Catalogue
    departments: Mapping[str, str]  # every department id items may name, with its name, in listing order
    # How many items fit each filter: (department or None, status or None).
    counts: Counter[tuple[str | None, str | None]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        counts: Counter[tuple[str | None, str | None]] = Counter()
        for item in self.roadmap.items:
            for department in (None, *dict.fromkeys(item.departments)):
                counts.update([(department, None), (department, item.status)])
        object.__setattr__(self, "counts", counts)


@dataclass(frozen=True)
class Group:
    """A section of a roadmap page: a horizon's open items, or the closed ones."""

    key: str  # now, next, later, closed
    title: str
    items: tuple[RoadmapItem, ...]


@dataclass(frozen=True)
class FilterLink:
    """One link of the filters without JavaScript: what it shows, how many items, and where it leads."""

    value: str
    title: str
    count: int
    src: str | None  # None: no page, as no item fits
    current: bool


def groups(items: Sequence[RoadmapItem]) -> list[Group]:
    """The open items by horizon, then the done and dropped ones; empty sections left out."""
    found = [Group(h, HORIZON_TITLES[h], tuple(i for i in items if i.is_open and i.horizon == h)) for h in HORIZONS]
    # Done before dropped, each in roadmap order (sorted keeps the order of equals).
    found.append(Group("closed", "Done and dropped", tuple(sorted((i for i in items if not i.is_open),
                                                                   key=lambda i: i.status != "done"))))
    return [group for group in found if group.items]


def roadmap_pages(context: RoadmapContext, env: jinja2.Environment) -> list[GeneratedPage]:
    """/roadmap/, the roadmap by department, by status and by both, and a page per item."""
    pages = [filtered_page(context, env, None, None)]
    pages += [filtered_page(context, env, d, None) for d in context.departments]
    pages += [filtered_page(context, env, None, s) for s in STATUSES]
    pages += [filtered_page(context, env, d, s) for d in context.departments for s in STATUSES
              if context.counts[(d, s)]]
    pages += [item_page(item, context, env) for item in context.roadmap.items]
    return pages


def _fitting(roadmap: Roadmap, department: str | None, status: str | None) -> tuple[RoadmapItem, ...]:
    return tuple(item for item in roadmap.items if (department is None or department in item.departments)
                 and (status is None or item.status == status))


def _choices(context: RoadmapContext, department: str | None, status: str | None) -> dict[str, list[FilterLink]]:
    """The links of the filters on a page showing `department` and `status`: each keeps the other filter."""
    counts = context.counts
    by_department = [FilterLink("", "All departments", counts[(None, status)], filtered_src(None, status),
                                department is None)]
    for value, name in context.departments.items():
        count = counts[(value, status)]
        # A department's own page exists even when nothing fits; with a status, only if something does.
        src = filtered_src(value, status) if count or status is None else None
        by_department.append(FilterLink(value, name, count, src, value == department))
    by_status = [FilterLink("", "Any status", counts[(department, None)], filtered_src(department, None),
                            status is None)]
    for value in STATUSES:
        count = counts[(department, value)]
        src = filtered_src(department, value) if count or department is None else None
        by_status.append(FilterLink(value, STATUS_TITLES[value], count, src, value == status))
    return {"department": by_department, "status": by_status}


def _title(context: RoadmapContext, department: str | None, status: str | None) -> str:
    parts = [context.departments[department]] if department else []
    parts += [STATUS_TITLES[status].lower() if department else STATUS_TITLES[status]] if status else []
    return "Roadmap" + (": " + ", ".join(parts) if parts else "")


def _description(context: RoadmapContext, department: str | None, status: str | None) -> str:
    """A filtered roadmap's meta description: 'Roadmap items for Finance that are approved.'"""
    whose = f" for {context.departments[department]}" if department else ""
    which = f" that are {STATUS_TITLES[status].lower()}" if status else ""
    return f"Roadmap items{whose}{which}."


def filtered_page(context: RoadmapContext, env: jinja2.Environment, department: str | None,
                  status: str | None) -> GeneratedPage:
    """/roadmap/, or the roadmap of one department, one status or both."""
    here = filtered_src(department, status)
    items = _fitting(context.roadmap, department, status)
    title = _title(context, department, status)
    ids = {item.id for item in items}
    changes = tuple(c for c in context.history.changes if c.item_id in ids)
    description = ("What the team plans and does for the organisation, now, next and later." if here == ROADMAP_INDEX
                   else _description(context, department, status))
    writer = PageWriter(here, front_matter(title, description=description, hide=["toc"]),
                        in_nav=here == ROADMAP_INDEX)
    writer.render(env, "roadmap.html", here=here, title=title, groups=groups(items), count=len(items),
                  department=department, status=status, choices=_choices(context, department, status),
                  changes=changes, history=context.history, filters=here == ROADMAP_INDEX,
                  departments=context.departments)
    return writer.page()


def item_page(item: RoadmapItem, context: RoadmapContext, env: jinja2.Environment) -> GeneratedPage:
    """/roadmap/<id>/: the item, what it should bring, its text and its recent changes."""
    here = item_src(item.id)
    values = {"here": here, "item": item, "history": context.history, "changes": context.history.of(item.id),
              "departments": context.departments,
              "services": [context.catalogue.by_id[s] for s in item.services if s in context.catalogue.by_id]}
    writer = PageWriter(here, front_matter(item.title, description=item.summary), in_nav=False, source=item.path)
    template = "roadmap_item.html"
    writer.render(env, template, values, section="head")
    if item.benefits:
        writer.markdown("## Expected benefits")
        writer.render(env, template, values, section="benefits")
    if item.body.strip():
        writer.markdown("## Details")
        writer.markdown(item.body)
    writer.markdown(f"## Changes in the last {CHANGES_DAYS} days")
    writer.render(env, template, values, section="changes")
    return writer.page()


def change_text(change: Change) -> str:
    """What a change did, as people read it: 'status changed from Approved to In progress'."""
    after = change.after
    if change.before is None:
        found = [STATUS_TITLES[after.status] if after.status else "",
                 f"horizon {HORIZON_TITLES[after.horizon]}" if after.horizon else ""]
        named = ", ".join(part for part in found if part)
        return "added to the roadmap" + (f" ({named})" if named else "")
    before = change.before
    parts = []
    if "status" in change.fields and before.status and after.status:
        parts.append(f"status changed from {STATUS_TITLES[before.status]} to {STATUS_TITLES[after.status]}")
    if "horizon" in change.fields and before.horizon and after.horizon:
        parts.append(f"moved from {HORIZON_TITLES[before.horizon]} to {HORIZON_TITLES[after.horizon]}")
    return "; ".join(parts)


def roadmap_template_helpers(context: RoadmapContext) -> TemplateHelpers:
    """What the roadmap's templates (and the service pages' roadmap section) need; departments are named by
    the actions' `department_name`."""
    titles = {item.id: item.title for item in context.roadmap.items}
    return TemplateHelpers(
        globals={"roadmap_item_src": item_src, "roadmap_filtered_src": filtered_src,
                 "horizon_titles": HORIZON_TITLES, "roadmap_status_titles": STATUS_TITLES,
                 "changes_days": CHANGES_DAYS,
                 "roadmap_item_title": lambda i: titles.get(i, i)},
        filters={"change_text": change_text, "commit_day": lambda change: long_date(change.at.date())},
    )


def service_roadmap(items: Sequence[RoadmapItem], here: str, env: jinja2.Environment) -> Part:
    """The 'On the roadmap' section of a service's page, as a part rendered when placed."""
    return lambda: env.get_template("_roadmap.html").module.service_items(items, here)  # type: ignore[attr-defined]
