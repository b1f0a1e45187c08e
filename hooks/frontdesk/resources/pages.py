"""The free resources' pages: /resources/ (cards grouped by kind, with filters) and /resources/<id>/."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import jinja2

from ..catalogue.catalogue import Catalogue
from ..catalogue.pages import CATEGORY_PAGE_SIZE, PREVIEW_CARDS
from ..core.pages import GeneratedPage, PageWriter, TemplateHelpers, chunks, front_matter, long_date
from ..core.settings import Settings
from ..core.urls import Urls, tag_slug
from .resources import KIND_TITLES, KINDS, Resource, Resources, days_left_text, resource_files, size_text

LISTING = "resources/index.md"
# Where the filters find every resource, as JSON, when /resources/ cannot show them all.
RESOURCES_INDEX = "resources/resources.json"
# Up to this many listed resources, /resources/ shows every card; beyond, a few per kind and a page per kind.
RESOURCES_FULL_LIMIT = 150
# What the button of a resource with a `url` says, by kind.
ACTION_LABELS = {
    "guide": "Read the guide",
    "template": "Get the template",
    "software": "Get the software",
    "training": "Book your place",
    "giveaway": "Claim yours",
    "checklist": "Open the checklist",
}


def resource_src(resource_id: str) -> str:
    """Where a resource's page comes from in the build."""
    return f"resources/{resource_id}.md"


def kind_src(kind: str, number: int = 1) -> str:
    """Where the page (or page `number`) of one kind of resource comes from, when there are many."""
    return f"resources/kind/{kind}.md" if number == 1 else f"resources/kind/{kind}/page-{number}.md"


@dataclass(frozen=True)
class ResourcesContext:
    """What the resources' pages need from the rest of the site."""

    resources: Resources
    catalogue: Catalogue
    settings: Settings
    today: date
    preview: bool


def resources_pages(context: ResourcesContext, env: jinja2.Environment) -> list[GeneratedPage]:
    """The listing (and, when there are many resources, a page per kind), and one page per resource that has one
    (ended ones too, so links keep working)."""
    pages = [render_listing(context, env)]
    if is_large(context):
        for kind, members in by_kind(context.resources.visible(context.preview)):
            pages += render_kind(kind, members, env)
    pages += [render_resource(r, context, env) for r in context.resources.with_pages(context.preview)]
    return pages


# Giveaways run for a short time and are what staff most want to hear about: their group comes first.
SHOWN_FIRST = ("giveaway",)


def by_kind(resources: Sequence[Resource]) -> list[tuple[str, list[Resource]]]:
    """The resources grouped by kind, giveaways first, then in the kinds' order; kinds without any left out."""
    order = [*SHOWN_FIRST, *(kind for kind in KINDS if kind not in SHOWN_FIRST)]
    return [(kind, members) for kind in order if (members := [r for r in resources if r.kind == kind])]


def is_large(context: ResourcesContext) -> bool:
    """Whether there are too many resources to list on one page."""
    return len(context.resources.visible(context.preview)) > RESOURCES_FULL_LIMIT


def published_files(context: ResourcesContext, root: Path) -> dict[str, Path]:
    """The shipped files the site offers, by path in the site: never those of ended resources."""
    return resource_files(context.resources.visible(context.preview), root)


def resources_by_service(context: ResourcesContext) -> dict[str, tuple[Resource, ...]]:
    """The listed resources that name each service, for the service pages."""
    naming = context.resources.by_service(context.preview)
    return {s.id: naming[s.id] for s in context.catalogue.services if s.id in naming}


def resources_template_helpers(context: ResourcesContext, urls: Urls) -> TemplateHelpers:
    """What templates need to show resources: their pages, status, days left, files and kinds."""
    return TemplateHelpers(
        globals={
            "resource_src": resource_src,
            "kind_src": kind_src,
            "resource_status": context.resources.status_of,
            "days_left": lambda resource: days_left_text(resource, context.today),
            "file_link": lambda here, resource: urls.to_file(here, resource.site_file),
            "kind_titles": KIND_TITLES,
            "action_labels": ACTION_LABELS,
            "every_audience": tuple(a.id for a in context.settings.audiences),
        },
        filters={"file_size": size_text},
    )


def render_listing(context: ResourcesContext, env: jinja2.Environment) -> GeneratedPage:
    """/resources/: the resources as cards grouped by kind, with filters for kind, audience and tag.

    With many resources it shows the first few of each kind, with a link to the kind's pages; its filters
    search every resource in a JSON index."""
    visible = context.resources.visible(context.preview)
    large = is_large(context)
    groups = [(kind, members[:PREVIEW_CARDS] if large else members, len(members))
              for kind, members in by_kind(visible)]
    tags = {tag_slug(t): t for r in visible for t in sorted(r.tags)}
    team = context.settings.team
    writer = PageWriter(LISTING, front_matter("Free resources", description=f"Guides, templates, software, "
                                              f"training, checklists and giveaways from {team}.", hide=["toc"]))
    writer.render(env, "resources.html",
        here=LISTING, groups=groups, count=len(visible), tags=sorted(tags.items()),
        index_url=RESOURCES_INDEX.rsplit("/", 1)[1] if large else None)
    return writer.page()


def render_kind(kind: str, members: list[Resource], env: jinja2.Environment) -> list[GeneratedPage]:
    """/resources/kind/<kind>/ (and /page-2/ onwards): every resource of one kind (there is at least one),
    when there are many resources."""
    parts = chunks(members, CATEGORY_PAGE_SIZE)
    sources = [kind_src(kind, n) for n in range(1, len(parts) + 1)]
    pages = []
    for number, (here, part) in enumerate(zip(sources, parts, strict=True), start=1):
        title = KIND_TITLES[kind] + (f" (page {number} of {len(sources)})" if number > 1 else "")
        writer = PageWriter(here, front_matter(title, hide=["toc"]), in_nav=False)
        writer.render(env, "resource_kind.html",
            here=here, kind=kind, number=number, page_src=sources, total=len(members),
            members=part)
        pages.append(writer.page())
    return pages


def resources_index(context: ResourcesContext, urls: Urls) -> str | None:
    """Every listed resource as compact JSON for the filters, when there are many (None when
    /resources/ shows them all)."""
    if not is_large(context):
        return None
    every = tuple(a.id for a in context.settings.audiences)
    entries = []
    for resource in context.resources.visible(context.preview):
        facts = [["For:", ", ".join(context.settings.audience_title(a) for a in resource.audience) or "Everyone"]]
        if resource.file and resource.file_bytes is not None:
            facts.append(["", f"{size_text(resource.file_bytes)}, {resource.file_type}"])
        if context.resources.status_of(resource) == "upcoming" and resource.available_from:
            facts.append(["", f"Starts {long_date(resource.available_from)}"])
        elif ends := days_left_text(resource, context.today):
            facts.append(["", ends])
        entries.append({
            "url": urls.link(LISTING, resource_src(resource.id)),
            "title": resource.title,
            "summary": resource.summary,
            "kind": resource.kind,
            "kindText": resource.kind.capitalize(),
            "audience": list(resource.audience or every),
            "tags": [tag_slug(t) for t in resource.tags],
            "facts": facts,
            "text": " ".join([resource.title, resource.summary, resource.kind, *resource.tags, resource.id]).lower(),
        })
    return json.dumps(entries, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def render_resource(resource: Resource, context: ResourcesContext, env: jinja2.Environment) -> GeneratedPage:
    """/resources/<id>/: the resource, how to get it, who it is for and the services it is about."""
    here = resource_src(resource.id)
    status = context.resources.status_of(resource)
    values = {
        "here": here, "resource": resource, "status": status,
        "services": [context.catalogue.by_id[s] for s in resource.services if s in context.catalogue.by_id],
    }
    template = "resource.html"
    # An ended resource keeps its page for old links, but search and the sitemap no longer offer it.
    hidden = status == "ended"
    writer = PageWriter(here, front_matter(resource.title, description=resource.summary,
                                           search={"exclude": True} if hidden else None,
                                           sitemap=False if hidden else None), in_nav=False,
                        source=resource.path)
    writer.render(env, template, values, section="head")
    writer.markdown(resource.body)
    if values["services"]:
        writer.markdown("## Related services")
        writer.render(env, template, values, section="services")
    writer.render(env, template, values, section="foot")
    return writer.page()
