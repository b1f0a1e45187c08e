"""The catalogue's pages: /services/, one page per category, one per service."""

from __future__ import annotations

from datetime import date, timedelta

import jinja2

from .catalogue import Catalogue
from .pages import GeneratedPage, PageWriter
from .render import front_matter
from .services import Service
from .settings import Category, Settings
from .urls import slug


CATALOGUE = "services/index.md"


def service_src(service_id: str) -> str:
    """Where a service's page comes from in the build."""
    return f"services/{service_id}.md"


def is_service_page(src_uri: str, catalogue: Catalogue) -> bool:
    """Whether a page is one of the catalogue's service pages."""
    return src_uri.startswith("services/") and src_uri[len("services/"):-len(".md")] in catalogue.by_id


def category_src(category_id: str) -> str:
    """Where a category's page comes from in the build."""
    return f"services/{category_id}.md"


def catalogue_pages(catalogue: Catalogue, settings: Settings, env: jinja2.Environment,
                    today: date) -> list[GeneratedPage]:
    """Every page of the catalogue."""
    pages = [render_catalogue(catalogue, settings, env)]
    pages += [render_category(c, catalogue, env) for c in settings.categories]
    pages += [render_service(s, catalogue, settings, env, today) for s in catalogue.services]
    return pages


def render_catalogue(catalogue: Catalogue, settings: Settings, env: jinja2.Environment) -> GeneratedPage:
    """/services/: every service as a card, grouped by category, with filters."""
    groups = [(c, catalogue.in_category(c.id)) for c in settings.categories]
    groups = [(c, members) for c, members in groups if members]
    tags = {slug(t): t for s in catalogue.services for t in sorted(s.tags)}
    writer = PageWriter(CATALOGUE, front_matter("Services", description=f"Every service {settings.team} offers.",
                                                hide=["toc"]))
    writer.html(env.get_template("catalogue.html").render(
        here=CATALOGUE, groups=groups, services=catalogue.services, tags=sorted(tags.items())))
    return writer.page()


def render_category(category: Category, catalogue: Catalogue, env: jinja2.Environment) -> GeneratedPage:
    """/services/<category>/: the services of one category."""
    here = category_src(category.id)
    members = catalogue.in_category(category.id)
    writer = PageWriter(here, front_matter(category.title, description=category.description, hide=["toc"]))
    writer.html(env.get_template("category.html").render(
        here=here, category=category,
        current=[s for s in members if s.lifecycle != "retired"],
        retired=[s for s in members if s.lifecycle == "retired"]))
    return writer.page()


def render_service(service: Service, catalogue: Catalogue, settings: Settings,
                   env: jinja2.Environment, today: date) -> GeneratedPage:
    """/services/<id>/: everything about one service, around its own description."""
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
    }
    details = env.get_template("service_details.html")
    writer = PageWriter(here, front_matter(service.title, description=service.summary), in_nav=False)
    writer.html(env.get_template("service_head.html").render(context))
    writer.markdown(service.body)
    sections = [("levels", "Service levels", True), ("help", "Getting help", True),
                ("related", "Related services", bool(context["depends_on"] or context["needed_by"])),
                ("links", "Useful links", bool(service.links))]
    for name, title, shown in sections:
        if shown:
            writer.markdown(f"## {title}")
            writer.html(details.render(context, section=name))
    writer.html(details.render(context, section="footer"))
    return writer.page()
