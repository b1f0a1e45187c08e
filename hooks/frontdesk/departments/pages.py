"""The departments' pages: /departments/, /departments/<id>/ and each department's newsletter feed.

A department's page is what its relationship manager prints before a meeting: the manager first,
then the department's objectives, the services it relies on (status now, newest figures against
targets), what it told the team and what was done, and the news and resources written for it.

Two sections come from other features and have their place kept here (`DepartmentsContext`):
`survey_results` (after the services) and `roadmap` (after the actions). A department with no
entry in them has no such section: the page never shows an empty heading or placeholder text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import jinja2

from ..actions.actions import Action, actions_for_department
from ..actions.pages import YOU_SAID, department_src
from ..catalogue.catalogue import Catalogue
from ..catalogue.services import Service
from ..core.pages import GeneratedPage, PageWriter, Part, TemplateHelpers, front_matter
from ..core.settings import Settings
from ..core.urls import Urls, absolute
from ..newsletter import feeds
from ..newsletter.authors import Author
from ..newsletter.newsletter import Issue
from ..resources.resources import Resource
from ..stats.pages import ServiceSummary
from ..status.status import StatusBoard
from .departments import Department

DEPARTMENTS_INDEX = "departments/index.md"


def department_folder(department_id: str) -> str:
    """The folder of a department's address and its feed: departments/<id>."""
    return f"departments/{department_id}"


def department_sitemap(department_id: str) -> str:
    """Where the sitemap beside a department's feed is in the site (see core/urls.py, sitemap)."""
    return f"{department_folder(department_id)}/sitemap.xml"


def department_feed(department_id: str) -> str:
    """Where a department's newsletter feed is in the site: departments/<id>/feed.xml."""
    return f"{department_folder(department_id)}/{feeds.FEED_FILES['rss']}"


def is_department_page(src_uri: str, departments: Sequence[Department]) -> bool:
    """Whether a page is one of the departments' own pages (they belong to the Listening section)."""
    return any(src_uri == department_src(d.id) for d in departments)


@dataclass(frozen=True)
class DepartmentSection:
    """A section another feature adds to a department's page: its heading (plain text Frontdesk writes,
    such as "What you told us"; it becomes a Markdown heading, so the table of contents lists it) and its
    HTML (or a function rendering it when the page is placed)."""

    title: str
    html: Part


@dataclass(frozen=True)
class ServiceRow:
    """A service a department relies on, as its page shows it: its state now and its newest figures."""

    service: Service
    state: str | None  # one of status.STATES; None for a service not on the status board (retired)
    summary: ServiceSummary | None


@dataclass(frozen=True)
class DepartmentsContext:
    """What the department pages need from the rest of the site."""

    departments: Sequence[Department]  # by name
    authors: Mapping[str, Author]
    catalogue: Catalogue
    board: StatusBoard
    summaries: Mapping[str, ServiceSummary]
    actions: Sequence[Action]  # in listing order
    issues: Sequence[Issue]  # the issues pages show (published, or in a preview visible), newest first
    resources: Sequence[Resource]  # the resources listings show
    settings: Settings
    site_url: str
    # The places kept for other features, by department id (see the module's docstring): survey results
    # go after the services the department relies on, roadmap items after its actions.
    survey_results: Mapping[str, DepartmentSection] = field(default_factory=dict)
    roadmap: Mapping[str, DepartmentSection] = field(default_factory=dict)


def naming(items: Iterable[Issue], department_id: str) -> list[Issue]:
    """The issues that name a department, in their order."""
    return [i for i in items if department_id in i.departments]


def for_department_or_everyone(issues: Iterable[Issue], department_id: str) -> list[Issue]:
    """The issues a department's feed carries: those naming it, and those naming no department."""
    return [i for i in issues if not i.departments or department_id in i.departments]


def service_rows(department: Department, context: DepartmentsContext) -> list[ServiceRow]:
    """The services a department relies on, in its order, with their state and newest figures."""
    states = context.board.by_id
    return [ServiceRow(context.catalogue.by_id[i], states[i].state if i in states else None,
                       context.summaries.get(i))
            for i in department.services if i in context.catalogue.by_id]


def departments_template_helpers(context: DepartmentsContext) -> TemplateHelpers:
    """What the department templates need: the authors, and each department's feed address."""
    return TemplateHelpers(globals={
        "department_authors": context.authors,
        "department_feed_url": lambda i: absolute(context.site_url, department_feed(i)),
    })


def departments_pages(context: DepartmentsContext, env: jinja2.Environment, urls: Urls) -> list[GeneratedPage]:
    """/departments/ and a page for every department."""
    writer = PageWriter(DEPARTMENTS_INDEX, front_matter(
        "Departments", description=f"Every department {context.settings.team} looks after, and who to talk to.",
        hide=["toc"]))
    writer.render(env, "departments.html", here=DEPARTMENTS_INDEX, departments=context.departments)
    return [writer.page(), *(department_page(d, context, env, urls) for d in context.departments)]


def department_page(department: Department, context: DepartmentsContext, env: jinja2.Environment,
                    urls: Urls) -> GeneratedPage:
    """/departments/<id>/: the manager first, then objectives, services, survey results, actions, roadmap
    and news; the page names its feed (`feed` in its front matter) for autodiscovery."""
    here = department_src(department.id)
    values = {
        "here": here, "department": department, "manager": context.authors.get(department.relationship_manager),
        "rows": service_rows(department, context), "actions": actions_for_department(context.actions, department.id),
        "issues": naming(context.issues, department.id),
        "resources": [r for r in context.resources if department.id in r.departments],
        "feed_url": absolute(context.site_url, department_feed(department.id)),
        "all_actions": urls.link(here, YOU_SAID) + f"?department={department.id}",
    }
    writer = PageWriter(here, front_matter(
        department.name, description=f"{department.name} and {context.settings.team}: who to talk to, "
        "objectives, services, and what was done.", feed=department_feed(department.id)),
        in_nav=False, source=department.path)
    template = "department.html"
    writer.render(env, template, values, section="head")
    for name, title, shown in _sections(department, values):
        if name == "survey_results" or name == "roadmap":
            slot: Mapping[str, DepartmentSection] = getattr(context, name)
            if department.id in slot:
                writer.markdown(f"## {slot[department.id].title}")
                writer.html(slot[department.id].html)
        elif name == "body":
            writer.markdown(f"## {title}")
            writer.markdown(department.body)
        elif shown:
            writer.markdown(f"## {title}")
            writer.render(env, template, values, section=name)
    return writer.page()


def _sections(department: Department, values: Mapping[str, object]) -> list[tuple[str, str, bool]]:
    """The page's sections after the manager, in order: name, heading, whether it shows."""
    return [
        ("objectives", "Objectives", bool(department.objectives)),
        ("body", "About the department", bool(department.body.strip())),
        ("services", "Services they rely on", bool(values["rows"])),
        ("survey_results", "", False),  # the surveys' place (DepartmentsContext.survey_results)
        ("actions", "You said, we did", bool(values["actions"])),
        ("roadmap", "", False),  # the roadmap's place (DepartmentsContext.roadmap)
        ("news", "News and resources", True),
    ]


def department_feed_files(context: DepartmentsContext, published: Sequence[Issue],
                          item: Callable[[Issue], feeds.FeedItem], urls: Urls) -> dict[str, bytes]:
    """Each department's RSS 2.0 feed: the published issues for it or for everyone, newest first, at most
    `feed_size`; `item` makes an issue's feed item (the same as in the site's feed)."""
    files: dict[str, bytes] = {}
    made: dict[str, feeds.FeedItem] = {}  # an issue in several departments' feeds is rendered once
    for department in context.departments:
        chosen = for_department_or_everyone(published, department.id)[: context.settings.feed_size]
        for issue in chosen:
            if issue.path not in made:
                made[issue.path] = item(issue)
        items = [made[i.path] for i in chosen]
        info = feeds.FeedInfo(
            title=f"{context.settings.team} newsletter for {department.name}",
            description=f"News from {context.settings.team} for {department.name}, and for everyone at "
                        f"{context.settings.organisation}.",
            home_url=absolute(context.site_url, urls.of(department_src(department.id))),
            # The folder the feed is in: its rel=self address is this and feed.xml.
            site_url=absolute(context.site_url, department_folder(department.id)))
        files[department_feed(department.id)] = feeds.rss(info, items)
    return files
