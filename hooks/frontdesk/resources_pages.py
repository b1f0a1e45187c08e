"""The free resources' pages: /resources/ (cards grouped by kind, with filters) and /resources/<id>/."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import jinja2

from .catalogue import Catalogue
from .pages import GeneratedPage, PageWriter
from .render import front_matter
from .resources import KIND_TITLES, KINDS, Resource, Resources, days_left_text, resource_files, size_text
from .settings import Settings
from .urls import Urls, slug

LISTING = "resources/index.md"
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


@dataclass(frozen=True)
class ResourcesContext:
    """What the resources' pages need from the rest of the site."""

    resources: Resources
    catalogue: Catalogue
    settings: Settings
    today: date
    preview: bool


def resources_pages(context: ResourcesContext, env: jinja2.Environment, urls: Urls) -> list[GeneratedPage]:
    """The listing, and one page per resource that has one (ended ones too, so links keep working)."""
    _template_helpers(env, context, urls)
    pages = [render_listing(context, env)]
    pages += [render_resource(r, context, env) for r in context.resources.with_pages(context.preview)]
    return pages


def published_files(context: ResourcesContext, root: Path) -> dict[str, Path]:
    """The shipped files the site offers, by path in the site: never those of ended resources."""
    return resource_files(context.resources.visible(context.preview), root)


def resources_by_service(context: ResourcesContext) -> dict[str, tuple[Resource, ...]]:
    """The listed resources that name each service, for the service pages."""
    return {s.id: found for s in context.catalogue.services
            if (found := context.resources.naming(s.id, context.preview))}


def _template_helpers(env: jinja2.Environment, context: ResourcesContext, urls: Urls) -> None:
    env.globals.update(
        resource_src=resource_src,
        resource_status=context.resources.status_of,
        days_left=lambda resource: days_left_text(resource, context.today),
        file_link=lambda here, resource: urls.to_url(here, resource.site_file),
        kind_titles=KIND_TITLES,
        action_labels=ACTION_LABELS,
        every_audience=tuple(a.id for a in context.settings.audiences),
    )
    env.filters["file_size"] = size_text


def render_listing(context: ResourcesContext, env: jinja2.Environment) -> GeneratedPage:
    """/resources/: the resources as cards grouped by kind, with filters for kind, audience and tag."""
    visible = context.resources.visible(context.preview)
    groups = [(kind, members) for kind in KINDS if (members := [r for r in visible if r.kind == kind])]
    tags = {slug(t): t for r in visible for t in sorted(r.tags)}
    team = context.settings.team
    writer = PageWriter(LISTING, front_matter("Free resources", description=f"Guides, templates, software, "
                                              f"training, checklists and giveaways from {team}.", hide=["toc"]))
    writer.html(env.get_template("resources.html").render(
        here=LISTING, groups=groups, count=len(visible), tags=sorted(tags.items())))
    return writer.page()


def render_resource(resource: Resource, context: ResourcesContext, env: jinja2.Environment) -> GeneratedPage:
    """/resources/<id>/: the resource, how to get it, who it is for and the services it is about."""
    here = resource_src(resource.id)
    status = context.resources.status_of(resource)
    values = {
        "here": here, "resource": resource, "status": status,
        "services": [context.catalogue.by_id[s] for s in resource.services if s in context.catalogue.by_id],
    }
    template = env.get_template("resource.html")
    # An ended resource keeps its page for old links, but search and the sitemap no longer offer it.
    hidden = status == "ended"
    writer = PageWriter(here, front_matter(resource.title, description=resource.summary,
                                           search={"exclude": True} if hidden else None,
                                           sitemap=False if hidden else None), in_nav=False)
    writer.html(template.render(values, section="head"))
    writer.markdown(resource.body)
    if values["services"]:
        writer.markdown("## Related services")
        writer.html(template.render(values, section="services"))
    writer.html(template.render(values, section="foot"))
    return writer.page()
