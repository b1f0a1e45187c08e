"""Everything a build needs, read and checked before anything is written."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from functools import partial
from pathlib import Path

from jinja2 import Environment

from ..actions.actions import Action, Known, actions_by_service, latest_actions, read_actions
from ..actions.pages import actions_page, actions_template_helpers, department_src
from ..briefs.brief import BriefContent, department_scope
from ..briefs.pages import brief_pages
from ..catalogue.catalogue import Catalogue, read_catalogue, service_files
from ..catalogue.pages import (
    CATALOGUE_FULL_LIMIT,
    CATALOGUE_INDEX,
    catalogue_index,
    catalogue_pages,
    catalogue_template_helpers,
    service_src,
)
from ..core.cache import FileCache
from ..core.clock import build_now
from ..core.names import TAG_SLUGS, same_address_problems
from ..core.pages import GeneratedPage, Part
from ..core.placeholders import placeholder_warnings
from ..core.problems import ContentError
from ..core.references import markdown_ids
from ..core.settings import Settings, read_settings, settings_document
from ..core.urls import Urls, absolute, sitemap, tag_slug
from ..departments.departments import Department, department_ids, read_departments
from ..departments.pages import (
    DepartmentsContext,
    department_feed_files,
    department_sitemap,
    departments_pages,
    departments_template_helpers,
)
from ..newsletter.authors import Author, read_authors
from ..newsletter.issue_html import render_markdown
from ..newsletter.newsletter import (
    Issue,
    Newsletter,
    issue_ids,
    newsletter_assets,
    read_issues,
    renamed_issue_warnings,
    route,
)
from ..newsletter.pages import (
    MarkdownSettings,
    NewsletterContext,
    issue_feed_item,
    issue_urls,
    newsletter_files,
    newsletter_pages,
    newsletter_template_helpers,
)
from ..resources.pages import (
    RESOURCES_INDEX,
    ResourcesContext,
    published_files,
    resources_by_service,
    resources_index,
    resources_pages,
    resources_template_helpers,
)
from ..resources.resources import Resources, current_giveaways, newest_resources, read_resources
from ..resources.resources import route as route_resources
from ..roadmap.history import read_history, recent_history
from ..roadmap.pages import (
    RoadmapContext,
    roadmap_pages,
    roadmap_template_helpers,
    service_roadmap,
)
from ..roadmap.roadmap import Roadmap, read_roadmap, unplanned_pipeline_warnings
from ..stats.pages import ServiceSummary, render_stats_panel, stats_dashboard, stats_template_helpers, summarise
from ..stats.stats import ServiceStats, read_stats_files, stale_warnings, stats_files
from ..status.availability import with_computed_availability
from ..status.feeds import (
    STATUS_CALENDAR,
    STATUS_FEEDS,
    STATUS_SITEMAP,
    maintenance_calendar,
    service_calendar,
    status_entries,
    status_feed,
)
from ..status.incidents import Incident, read_incidents
from ..status.maintenance import Maintenance, read_maintenance
from ..status.pages import (
    STATUS,
    home_alert,
    incident_src,
    maintenance_src,
    service_banner,
    status_pages,
    status_template_helpers,
    window_text,
)
from ..status.status import Planned, status_board
from ..surveys.pages import service_survey_parts, surveys_pages, surveys_template_helpers
from ..surveys.surveys import Survey, read_surveys, survey_ids
from .home import HomeContent, home_page, tag_entries, tags_pages, written_tags
from .listening import department_roadmap_sections, department_survey_sections, survey_actions
from .render import templates

# Folders outside docs/ that hold content; a preview rebuilds when they change.
WATCHED_FOLDERS = ("content", "newsletter")
# Where listening content other features write lives: actions may name survey rounds and roadmap items
# by file name (content/surveys/<id>.yml, content/roadmap/<id>.md).
SURVEYS = "content/surveys"
ROADMAP = "content/roadmap"


@dataclass(frozen=True)
class Site:
    """The site's settings and content, valid and ready to render."""

    root: Path
    settings: Settings
    catalogue: Catalogue
    today: date
    now: datetime
    authors: Mapping[str, Author]
    newsletter: Newsletter
    stats: Mapping[str, ServiceStats] = field(default_factory=dict)  # by service id
    resources: Resources = field(default_factory=Resources)
    incidents: tuple[Incident, ...] = ()  # newest first
    maintenance: tuple[Maintenance, ...] = ()  # by start
    surveys: tuple[Survey, ...] = ()  # newest first
    roadmap: Roadmap = field(default_factory=Roadmap)
    actions: tuple[Action, ...] = ()  # done first, newest first
    departments: tuple[Department, ...] = ()  # by name

    @property
    def department_names(self) -> dict[str, str]:
        """Each department's name by its id, in the order of `departments`."""
        return {d.id: d.name for d in self.departments}


def read_site(root: Path, raw_settings: object, config_name: str = "mkdocs.yml",
              environ: dict[str, str] | None = None) -> Site:
    """Read and check settings and all content; raise ContentError listing every problem."""
    settings = read_settings(raw_settings, settings_document(str(root / config_name), config_name))
    now = build_now(settings.timezone, environ)
    today = now.date()
    # Every service file counts as known, so a service with its own problems does not make more.
    service_ids = {file.stem for file, _ in service_files(root)[0]}
    catalogue, problems = read_catalogue(root, settings, today)
    authors, found = read_authors(root)
    problems += found
    departments_named = department_ids(root)
    issues, found = read_issues(root, settings.timezone, set(authors), service_ids, settings.allow_scripts,
                                departments_named)
    problems += found
    resources, found = read_resources(root, settings, service_ids, departments_named)
    problems += found
    departments, found = read_departments(root, set(authors), service_ids, settings.allow_scripts)
    problems += found
    known = Known(service_ids, departments_named, survey_ids(root), issue_ids(root), markdown_ids(root, ROADMAP))
    actions, found = read_actions(root, known, today, settings.allow_scripts)
    problems += found
    listed, found = stats_files(root)
    problems += found
    stats, found = read_stats_files(listed, service_ids, today)
    problems += found
    incidents, found = read_incidents(root, settings, service_ids, now)
    problems += found
    maintenance, found = read_maintenance(root, settings, service_ids)
    problems += found
    surveys, found = read_surveys(root, service_ids, departments_named, settings.min_group_size, today)
    problems += found
    roadmap, found = read_roadmap(root, service_ids, departments_named, settings.allow_scripts)
    problems += found
    problems += same_address_problems(written_tags([*catalogue.services, *issues, *resources]), tag_slug, TAG_SLUGS)
    if problems:
        raise ContentError(problems)
    stats = with_computed_availability(stats, incidents, maintenance, now,
                                       settings.maintenance_counts_against_availability)
    return Site(root, settings, catalogue, today, now, authors, route(issues, now), stats,
                route_resources(resources, today), tuple(incidents), tuple(maintenance), tuple(surveys), roadmap,
                tuple(actions), tuple(departments))


@dataclass(frozen=True)
class SiteBuild:
    """One build's content and what Frontdesk adds to the site: pages by source path, and files."""

    site: Site
    pages: dict[str, GeneratedPage]
    files: dict[str, str | bytes]  # other generated files (JSON indexes), by path in the site
    make_feeds: Callable[[], dict[str, bytes]]  # the feeds and email editions, by path in the site
    warnings: tuple[str, ...] = ()  # for the build log, such as stale stats
    # Files copied as they are (newsletter images, resource downloads), by path in the site: only those
    # that what the build shows uses.
    copies: dict[str, Path] = field(default_factory=dict)
    # How to reach the service desk, as HTML, for pages the theme makes (page not found).
    help_html: str = ""


def published_placeholders(site: Site) -> tuple[str, ...]:
    """Placeholders (TODO) left in published services, issues and resources: drafts may keep theirs."""
    documents = [*(s.source for s in site.catalogue.services), *(i.source for i in site.newsletter.published),
                 *(r.source for r in site.resources.listed)]
    return tuple(warning for document in documents for warning in placeholder_warnings(document))


def status_files(site: Site, board_services: list[str], urls: Urls, site_url: str) -> dict[str, str | bytes]:
    """The status feeds, the calendar of all maintenance, and each offered service's calendar."""
    def url_of(item: Incident | Maintenance) -> str:
        src = incident_src(item) if isinstance(item, Incident) else maintenance_src(item)
        return absolute(site_url, urls.of(src))

    settings, now = site.settings, site.now
    entries = status_entries(site.incidents, site.maintenance, now, settings.maintenance_notice_days, url_of)
    status_url = absolute(site_url, urls.of(STATUS))
    files: dict[str, str | bytes] = {path: status_feed(kind, entries, settings, site_url, status_url)
                                     for kind, path in STATUS_FEEDS.items()}
    files[STATUS_CALENDAR] = maintenance_calendar(f"{settings.team}: planned maintenance", site.maintenance,
                                                  settings, now, site_url, url_of)
    for service_id in board_services:
        title = site.catalogue.by_id[service_id].title
        files[service_calendar(service_id)] = maintenance_calendar(
            f"{title}: planned maintenance", [m for m in site.maintenance if service_id in m.services],
            settings, now, site_url, url_of)
    return files


def brief_content(site: Site, summaries: Mapping[str, ServiceSummary] | None = None) -> BriefContent:
    """What the monthly brief reads (see briefs/brief.py): the site's content, as read and checked, and the
    roadmap's whole history in git up to the build's clock (one read, whatever the number of months)."""
    history = read_history(site.root, datetime.fromtimestamp(0, site.now.tzinfo), site.now, site.settings.timezone)
    return BriefContent(site.settings, site.catalogue, site.stats, site.incidents, site.maintenance, site.resources,
                        site.now, summaries or {}, site.surveys, site.actions, site.roadmap, history)


def coming_maintenance(site: Site, urls: Urls, site_url: str, after: datetime) -> tuple[tuple[str, str, str], ...]:
    """The maintenance windows starting in the `maintenance_notice_days` after a moment, by start:
    title, when, and the absolute address of its page (for a newsletter issue's email edition)."""
    until = after + timedelta(days=site.settings.maintenance_notice_days)
    found = sorted((Planned(m, w) for m in site.maintenance for w in m.windows(after, until) if w.start >= after),
                   key=lambda p: (p.window.start, p.maintenance.slug))
    return tuple((p.maintenance.title, window_text(p), absolute(site_url, urls.of(maintenance_src(p.maintenance))))
                 for p in found)


def body_html(markdown: MarkdownSettings, text: str) -> str:
    """A body written outside docs/ (an action's) as HTML, with the site's Markdown extensions."""
    extensions, configs = markdown.for_export()
    return render_markdown(text, lambda link: link, extensions, configs)


def feed_files(newsletter: NewsletterContext, departments: DepartmentsContext, env: Environment, urls: Urls,
               markdown: MarkdownSettings, cache: FileCache) -> dict[str, bytes]:
    """The newsletter's feeds and email editions, and each department's feed."""
    files = newsletter_files(newsletter, env, urls, markdown, cache)
    files |= department_feed_files(departments, newsletter.newsletter.published,
                                   partial(issue_feed_item, context=newsletter, urls=urls, markdown=markdown), urls)
    return files


def prepare_build(root: Path, raw_settings: object, config_name: str = "mkdocs.yml", *,
                  directory_urls: bool = True, environ: dict[str, str] | None = None, preview: bool = False,
                  site_url: str = "", markdown: MarkdownSettings | None = None,
                  cache: bool = True) -> SiteBuild:
    """Read and check everything, then lay out every generated page and file; raises ContentError.

    A preview (mkdocs serve) also shows draft and scheduled issues and upcoming resources, each with a banner.
    Pages' HTML parts are rendered when the engine places them; the feeds and email editions when
    `make_feeds` is called (email editions made before come from the project's cache, unless not `cache`).
    """
    site = read_site(root, raw_settings, config_name, environ)
    visible = site.newsletter.visible(preview)
    urls = Urls(directory_urls, issue_urls(visible, directory_urls))
    featured_in: dict[str, list[Issue]] = {}
    for issue in visible:
        for service_id in issue.services:
            featured_in.setdefault(service_id, []).append(issue)
    summaries = summarise(site.catalogue, site.stats, site.settings, site.today)
    resources = ResourcesContext(site.resources, site.catalogue, site.settings, site.today, preview)
    board = status_board(site.catalogue, site.incidents, site.maintenance, site.now,
                         site.settings.maintenance_notice_days)
    newsletter = NewsletterContext(site.newsletter, site.authors, site.catalogue, site.settings, preview, site_url,
                                   partial(coming_maintenance, site, urls, site_url))
    roadmap = RoadmapContext(site.roadmap, recent_history(root, site.now, site.settings.timezone), site.catalogue,
                             dict(sorted(site.department_names.items())))
    departments = DepartmentsContext(site.departments, site.authors, site.catalogue, board, summaries,
                                     site.actions, visible, site.resources.visible(preview), site.settings,
                                     site_url)
    # Every template helper is in place before any template renders.
    env = templates(site.settings, urls, catalogue_template_helpers(), stats_template_helpers(summaries),
                    newsletter_template_helpers(newsletter, urls), resources_template_helpers(resources, urls),
                    status_template_helpers(board, site.catalogue),
                    surveys_template_helpers(site.catalogue, site.department_names, site.settings, site.surveys),
                    roadmap_template_helpers(roadmap),
                    actions_template_helpers(site.department_names, visible),
                    departments_template_helpers(departments))
    panels: dict[str, tuple[Part, ...]] = {k: (partial(render_stats_panel, summary, site.settings, env, site.today),)
                                           for k, summary in summaries.items()}
    for service_id, part in service_survey_parts(site.surveys, list(site.catalogue.by_id), env).items():
        panels[service_id] = (*panels.get(service_id, ()), part)  # the newest survey round's scores
    banners = {s.service.id: service_banner(s, f"services/{s.service.id}.md", env)
               for s in board.services if s.has_news}
    planned = {s.id: service_roadmap(items, service_src(s.id), env) for s in site.catalogue.services
               if (items := site.roadmap.for_service(s.id))}
    pages = catalogue_pages(site.catalogue, site.settings, env, site.today, featured_in, panels,
                            resources_by_service(resources), banners, planned, actions_by_service(site.actions))
    pages += stats_dashboard(summaries, site.settings, env, site.today)
    pages += newsletter_pages(newsletter, env, urls)
    pages += resources_pages(resources, env)
    subscribe = {kind: absolute(site_url, path) for kind, path in (*STATUS_FEEDS.items(), ("ics", STATUS_CALENDAR))}
    status = status_pages(board, site.incidents, site.maintenance, site.settings, env, subscribe)
    pages += status
    pages += surveys_pages(site.surveys, site.settings, env, survey_actions(site.surveys, site.actions, env))
    markdown_settings = markdown or MarkdownSettings((), {})
    pages.append(actions_page(site.actions, site.catalogue, site.department_names, site.settings,
                              env, partial(body_html, markdown_settings)))
    departments = replace(departments,
                          survey_results=department_survey_sections(site.departments, site.surveys, env),
                          roadmap=department_roadmap_sections(site.departments, site.roadmap, env))
    pages += departments_pages(departments, env, urls)
    pages += brief_pages(brief_content(site, summaries), env,
                         departments=tuple(department_scope(d) for d in site.departments))
    files: dict[str, str | bytes] = {}
    if len(site.catalogue.services) > CATALOGUE_FULL_LIMIT:
        files[CATALOGUE_INDEX] = catalogue_index(site.catalogue, site.settings, urls)
    if (index := resources_index(resources, urls)) is not None:
        files[RESOURCES_INDEX] = index
    files |= status_files(site, board_services=[s.id for s in site.catalogue.offered], urls=urls,
                          site_url=site_url)
    files[STATUS_SITEMAP] = sitemap([absolute(site_url, urls.of(p.src_uri)) for p in status], site.today)
    for department in site.departments:  # beside each department's feed (see core/urls.py, sitemap)
        files[department_sitemap(department.id)] = sitemap(
            [absolute(site_url, urls.of(department_src(department.id)))], site.today)
    listed = site.resources.listed
    giveaways = current_giveaways(listed, site.today)
    newest = tuple(r for r in newest_resources(listed, site.today, 4) if r not in giveaways)[:3]
    pages.append(home_page(HomeContent(site.catalogue, summaries, visible, giveaways, newest, site.today,
                                       latest_actions(site.actions, 3)),
                           site.settings, env, site.settings.tagline,
                           home_alert(board, "index.md", env) if board.outages else None))
    pages += roadmap_pages(roadmap, env)
    pages += tags_pages(tag_entries(site.catalogue, visible, site.resources.visible(preview)), env)
    warnings = stale_warnings(site.stats, site.settings, site.today)
    warnings += tuple(renamed_issue_warnings(root, site.newsletter.published, site.today))
    warnings += published_placeholders(site)
    warnings += tuple(unplanned_pipeline_warnings(site.catalogue.services, site.roadmap))
    return SiteBuild(site, {page.src_uri: page for page in pages}, files,
                     partial(feed_files, newsletter, departments, env, urls, markdown_settings,
                             FileCache(root if cache else None)),
                     warnings, {**newsletter_assets(root, visible), **published_files(resources, root)},
                     str(env.get_template("_help.html").module.help_contacts(site.settings)))  # type: ignore[attr-defined]
