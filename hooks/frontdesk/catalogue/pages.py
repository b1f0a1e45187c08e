"""The catalogue's pages: /services/, one page per category, one per service."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

import jinja2

from ..core.pages import GeneratedPage, PageWriter, Part, TemplateHelpers, chunks, front_matter
from ..core.settings import Category, Settings
from ..core.urls import Urls, tag_slug
from .catalogue import Catalogue
from .services import Service

if TYPE_CHECKING:  # the newsletter, resources and actions build on the catalogue, never the other way
    from ..actions.actions import Action
    from ..newsletter.newsletter import Issue
    from ..resources.resources import Resource

CATALOGUE = "services/index.md"
# Where the catalogue's filters find every service when the page cannot list them all.
CATALOGUE_INDEX = "services/catalogue.json"
# Up to this many services, /services/ lists every card; beyond, a preview per category.
CATALOGUE_FULL_LIMIT = 150
# Cards per category in the preview of a large catalogue.
PREVIEW_CARDS = 6
# Cards on each page of a category.
CATEGORY_PAGE_SIZE = 60


LIFECYCLE_NAMES = {
    "pipeline": "Coming soon",
    "live": "Available",
    "retiring": "Retiring",
    "retired": "Retired",
}
APPROVAL_TEXT = {
    "none": "No approval needed.",
    "manager": "Your line manager approves the request.",
    "owner": "The service owner approves the request.",
}


def service_src(service_id: str) -> str:
    """Where a service's page comes from in the build."""
    return f"services/{service_id}.md"


def is_service_page(src_uri: str, catalogue: Catalogue) -> bool:
    """Whether a page is one of the catalogue's service pages."""
    return src_uri.startswith("services/") and src_uri[len("services/"):-len(".md")] in catalogue.by_id


def category_src(category_id: str, number: int = 1) -> str:
    """Where a category's page comes from in the build (page 2 onwards for long categories)."""
    return f"services/{category_id}.md" if number == 1 else f"services/{category_id}/page-{number}.md"


def catalogue_pages(catalogue: Catalogue, settings: Settings, env: jinja2.Environment, today: date,
                    featured_in: Mapping[str, Sequence[Issue]] | None = None,
                    stats_panels: Mapping[str, Sequence[Part]] | None = None,
                    resources_for: Mapping[str, Sequence[Resource]] | None = None,
                    banners: Mapping[str, Part] | None = None,
                    roadmap: Mapping[str, Part] | None = None,
                    actions_for: Mapping[str, Sequence[Action]] | None = None) -> list[GeneratedPage]:
    """Every page of the catalogue; `featured_in` lists the newsletter issues of each service,
    `stats_panels` the parts under each service's levels (its stats panel, its newest survey scores),
    `resources_for` the free resources naming each service, `banners` the status banner of each,
    `roadmap` the roadmap items naming each, `actions_for` the "You said, we did" actions naming each."""
    pages = [render_catalogue(catalogue, settings, env)]
    for category in settings.categories:
        pages += render_category(category, catalogue.in_category(category.id), env)
    featured_in = featured_in or {}
    resources_for = resources_for or {}
    pages += [render_service(s, catalogue, settings, env, today, featured_in.get(s.id, ()),
                             (stats_panels or {}).get(s.id, ()), resources_for.get(s.id, ()),
                             (banners or {}).get(s.id), (roadmap or {}).get(s.id), (actions_for or {}).get(s.id, ()))
              for s in catalogue.services]
    return pages


def render_catalogue(catalogue: Catalogue, settings: Settings, env: jinja2.Environment) -> GeneratedPage:
    """/services/: the services as cards grouped by category, with filters.

    A large catalogue shows a few cards per category; its filters search every service
    through a JSON index instead of cards on the page, so the page stays light.
    """
    complete = len(catalogue.services) <= CATALOGUE_FULL_LIMIT
    groups = []
    for category in settings.categories:
        members = catalogue.in_category(category.id)
        if members:
            shown = members if complete else [s for s in members if s.lifecycle != "retired"][:PREVIEW_CARDS]
            groups.append((category, shown, len(members)))
    tags = {tag_slug(t): t for s in catalogue.services for t in sorted(s.tags)}
    writer = PageWriter(CATALOGUE, front_matter("Services", description=f"Every service {settings.team} offers.",
                                                hide=["toc"]))
    writer.render(env, "catalogue.html",
        here=CATALOGUE, groups=groups, services=catalogue.services, offered=catalogue.offered,
        offered_categories=len({s.category for s in catalogue.offered}), tags=sorted(tags.items()),
        complete=complete, index_url=None if complete else CATALOGUE_INDEX.rsplit("/", 1)[1])
    return writer.page()


def render_category(category: Category, members: tuple[Service, ...],
                    env: jinja2.Environment) -> list[GeneratedPage]:
    """/services/<category>/ (and /page-2/ onwards): the services of one category, current first."""
    ordered = [s for s in members if s.lifecycle != "retired"] + [s for s in members if s.lifecycle == "retired"]
    parts = chunks(ordered, CATEGORY_PAGE_SIZE)
    count = len(parts)
    pages = []
    for number, chunk in enumerate(parts, start=1):
        here = category_src(category.id, number)
        title = category.title if number == 1 else f"{category.title} (page {number} of {count})"
        writer = PageWriter(here, front_matter(title, description=category.description, hide=["toc"]),
                            in_nav=number == 1)
        writer.render(env, "category.html",
            here=here, category=category, number=number, count=count, total=len(members),
            page_src=[category_src(category.id, n) for n in range(1, count + 1)],
            current=[s for s in chunk if s.lifecycle != "retired"],
            retired=[s for s in chunk if s.lifecycle == "retired"])
        pages.append(writer.page())
    return pages


def catalogue_index(catalogue: Catalogue, settings: Settings, urls: Urls) -> str:
    """Every service as compact JSON for the filters of a large catalogue."""
    entries = [{
        "url": urls.link(CATALOGUE, service_src(s.id)),
        "title": s.title,
        "summary": s.summary,
        "category": s.category,
        "audience": list(s.audience),
        "audienceText": ", ".join(settings.audience_title(a) for a in s.audience),
        "lifecycle": s.lifecycle,
        "tags": [tag_slug(t) for t in s.tags],
        "cost": cost_text(s.cost),
        "text": " ".join([s.title, s.summary, *s.tags, s.id]).lower(),
    } for s in catalogue.services]
    return json.dumps(entries, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def render_service(service: Service, catalogue: Catalogue, settings: Settings,
                   env: jinja2.Environment, today: date, issues: Sequence[Issue] = (),
                   stats_panel: Sequence[Part] = (), resources: Sequence[Resource] = (),
                   banner: Part | None = None, roadmap: Part | None = None,
                   actions: Sequence[Action] = ()) -> GeneratedPage:
    """/services/<id>/: everything about one service, around its own description (and, after it, the
    roadmap items naming the service: for a service still in the pipeline, the plan that brings it)."""
    here = service_src(service.id)
    context = {
        "here": here,
        "service": service,
        "category": settings.category(service.category),
        "replacement": catalogue.by_id.get(service.replaced_by or ""),
        "depends_on": [catalogue.by_id[i] for i in service.depends_on if i in catalogue.by_id],
        "needed_by": [catalogue.by_id[i] for i in catalogue.dependents.get(service.id, ())],
        "review_overdue": today - service.last_reviewed > timedelta(days=settings.review_after_days),
        "feedback_url": service.feedback_url or settings.feedback_url,
        "issues": issues,
        "resources": resources,
        "actions": actions,
    }
    details = "service_details.html"
    writer = PageWriter(here, front_matter(service.title, description=service.summary), in_nav=False,
                        source=service.path)
    writer.render(env, "service_head.html", context)
    if banner is not None:
        writer.html(banner)
    writer.markdown(service.body)
    if roadmap is not None:
        writer.markdown("## On the roadmap")
        writer.html(roadmap)
    sections = [("levels", "Service levels", True), ("help", "Getting help", True),
                ("related", "Related services", bool(context["depends_on"] or context["needed_by"])),
                ("links", "Useful links", bool(service.links)),
                ("newsletter", "In the newsletter", bool(issues)),
                ("resources", "Free resources", bool(resources)),
                ("actions", "You said, we did", bool(actions))]
    for name, title, shown in sections:
        if shown:
            writer.markdown(f"## {title}")
            writer.render(env, details, context, section=name)
        if name == "levels":
            for part in stats_panel:
                writer.html(part)
    writer.render(env, details, context, section="footer")
    return writer.page()


def catalogue_template_helpers() -> TemplateHelpers:
    """What the catalogue's templates need: lifecycle and approval words, costs, hours and numbers.
    (A service card also shows the service's headline figure, `card_figures`, which the stats give.)"""
    return TemplateHelpers(
        globals={"lifecycle_names": LIFECYCLE_NAMES, "approval_text": APPROVAL_TEXT},
        filters={"cost": cost_text, "number": number_text, "hours": hours_text},
    )


def cost_text(cost: str) -> str:
    """How a cost reads on a page."""
    return "Free" if cost == "free" else cost


def number_text(value: float) -> str:
    """A number without a needless '.0'."""
    return f"{value:g}"


def hours_text(value: float) -> str:
    """Hours in words: '4 hours', '1 hour', '3 working days' stays in hours."""
    return f"{value:g} hour" + ("" if value == 1 else "s")
