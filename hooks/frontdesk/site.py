"""Everything a build needs, read and checked before anything is written."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any

from .authors import Author, read_authors
from .background import Background, BothEnds
from .catalogue import Catalogue, read_catalogue
from .catalogue_pages import (
    CATALOGUE_FULL_LIMIT,
    CATALOGUE_INDEX,
    catalogue_index,
    catalogue_pages,
)
from .clock import build_now
from .files import content_files
from .home import HomeContent, home_page, tag_entries, tags_pages
from .newsletter import Issue, Newsletter, read_issues, renamed_issue_warnings, route
from .newsletter_pages import MarkdownSettings, NewsletterContext, issue_urls, newsletter_files, newsletter_pages
from .pages import FinishedPieces, GeneratedPage, chunks
from .problems import ContentError
from .render import templates
from .resources import Resources, current_giveaways, newest_resources, read_resources
from .resources import route as route_resources
from .resources_pages import (
    RESOURCES_INDEX,
    ResourcesContext,
    add_template_helpers,
    published_files,
    resources_by_service,
    resources_index,
    resources_pages,
)
from .settings import Settings, read_settings, settings_document
from .stats import ServiceStats, gather_stats, read_stats_file, stale_warnings, stats_files
from .stats_pages import headline_figures, render_stats_panel, stats_dashboard, summarise
from .urls import Urls

# Folders outside docs/ that hold content; a preview rebuilds when they change.
WATCHED_FOLDERS = ("content", "newsletter")


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


def read_site(root: Path, raw_settings: Any, config_name: str = "mkdocs.yml",
              environ: dict[str, str] | None = None, beside: bool = False) -> Site:
    """Read and check settings and all content; raise ContentError listing every problem.

    With `beside`, the stats files (the most numerous) are read partly in a child process meanwhile."""
    settings = read_settings(raw_settings, settings_document(str(root / config_name), config_name))
    now = build_now(settings.timezone, environ)
    today = now.date()
    # Every service file counts as known, so a service with its own problems does not make more.
    service_files, _ = content_files(root, "content/services", "*.md")
    service_ids = {file.stem for file, _ in service_files}
    listed, stats_problems = stats_files(root)
    # The stats files, the most numerous, are read from the last in a child process meanwhile,
    # and from the first here once the other content is read, until the two meet.
    stats_read = BothEnds(listed, partial(read_stats_file, known=frozenset(service_ids), today=today),
                          allow_fork=beside)
    catalogue, problems = read_catalogue(root, settings, today)
    authors, found = read_authors(root)
    problems += found
    issues, found = read_issues(root, settings.timezone, set(authors), service_ids)
    problems += found
    resources, resource_problems = read_resources(root, settings, service_ids)
    stats, found = gather_stats(stats_read.results())
    problems += stats_problems + found + resource_problems
    if problems:
        raise ContentError(problems)
    return Site(root, settings, catalogue, today, now, authors, route(issues, now), stats,
                route_resources(resources, today))


@dataclass(frozen=True)
class SiteBuild:
    """One build's content and the pages Frontdesk adds, by source path."""

    site: Site
    pages: dict[str, GeneratedPage]
    files: dict[str, str | bytes]  # other generated files (JSON indexes), by path in the site
    make_feeds: Callable[[], dict[str, bytes]]  # the feeds and email editions, by path in the site
    beside: bool = False  # whether the work MkDocs needs only late may be done in a child process
    warnings: tuple[str, ...] = ()  # for the build log, such as stale stats
    copies: dict[str, Path] = field(default_factory=dict)  # files copied as they are, by path in the site
    # What MkDocs needs only late: the pages' pieces, then the feeds and email editions, made
    # beside its work (see background.py) once `begin` has started them.
    later: Background | None = None
    pieces_stages: tuple[int, int] = (0, 0)  # which of later's stages give the pieces (head, rest)
    head: frozenset[str] = frozenset()  # the pages whose pieces come first

    def begin(self, before: Sequence[Callable[[], Any]] = (), after: Sequence[Callable[[], Any]] = (),
              head: int = 0, on_pieces: Callable[[dict[str, FinishedPieces]], None] | None = None) -> SiteBuild:
        """This build with its later work started, in this order: the first `head` pages'
        pieces, the stages `before` (the engine's own work to share), the other pages' pieces,
        the stages `after`, and last the feeds and email editions. Each part of the pieces is
        also given to `on_pieces`, in the process that makes it."""
        pages = tuple(self.pages.values())
        stages = (partial(finish_pages, pages[:head], on_pieces), *before,
                  partial(finish_pages, pages[head:], on_pieces), *after, self.make_feeds)
        return replace(self, later=Background(*stages, allow_fork=self.beside), pieces_stages=(0, len(before) + 1),
                       head=frozenset(page.src_uri for page in pages[:head]))

    def later_files(self) -> dict[str, bytes]:
        """The feeds and email editions, by path in the site (waits for them if need be)."""
        later = self._later()
        return later.result(later.stages - 1)

    def finished(self, src_uri: str) -> FinishedPieces:
        """A generated page's pieces, rendered (waits for them if need be)."""
        stage = self.pieces_stages[0 if src_uri in self.head else 1]
        pieces: FinishedPieces | None = self._later().get(stage, src_uri)
        if pieces is None:
            raise KeyError(f"no generated page {src_uri}")
        return pieces

    def _later(self) -> Background:
        if self.later is None:
            raise RuntimeError("the build's later work has not begun (SiteBuild.begin)")
        return self.later


# Pages whose pieces are sent to the build together: few enough that the first are soon ready.
PIECES_PART = 25


def finish_pages(pages: Sequence[GeneratedPage], on_part: Callable[[dict[str, FinishedPieces]], None] | None = None,
                 ) -> Iterator[dict[str, FinishedPieces]]:
    """Every generated page's pieces, rendered, by source path, a few pages at a time."""
    for part in chunks(pages, PIECES_PART):
        finished = {page.src_uri: page.finish() for page in part}
        if on_part:
            on_part(finished)
        yield finished


def prepare_build(root: Path, raw_settings: Any, config_name: str = "mkdocs.yml", *,
                  directory_urls: bool = True, environ: dict[str, str] | None = None, preview: bool = False,
                  site_url: str = "", markdown: MarkdownSettings | None = None,
                  beside: bool = False, begin: bool = True) -> SiteBuild:
    """Read and check everything, then render every generated page and file; raises ContentError.

    A preview (mkdocs serve) also shows draft and scheduled issues and upcoming resources, each with a banner.
    The pages' HTML pieces, then the feeds and email editions, are made by `later`: with
    `beside`, in a child process while MkDocs converts the pages (where a fork is safe; see
    background.py), else at once. With `begin` false they wait for `SiteBuild.begin`.
    """
    site = read_site(root, raw_settings, config_name, environ, beside)
    visible = site.newsletter.visible(preview)
    urls = Urls(directory_urls, issue_urls(visible, directory_urls))
    env = templates(site.settings, urls)
    featured_in: dict[str, list[Issue]] = {}
    for issue in visible:
        for service_id in issue.services:
            featured_in.setdefault(service_id, []).append(issue)
    summaries = summarise(site.catalogue, site.stats, site.settings, site.today)
    env.globals["card_figures"] = headline_figures(summaries)
    shelf = ResourcesContext(site.resources, site.catalogue, site.settings, site.today, preview)
    add_template_helpers(env, shelf, urls)
    context = NewsletterContext(site.newsletter, site.authors, site.catalogue, site.settings, preview, site_url)
    issue_pages = newsletter_pages(context, env, urls)
    panels = {k: partial(render_stats_panel, summary, site.settings, env, site.today)
              for k, summary in summaries.items()}
    pages = catalogue_pages(site.catalogue, site.settings, env, site.today, featured_in, panels,
                            resources_by_service(shelf))
    pages += stats_dashboard(summaries, site.settings, env, site.today)
    pages += issue_pages
    pages += resources_pages(shelf, env)
    files: dict[str, str | bytes] = {}
    if len(site.catalogue.services) > CATALOGUE_FULL_LIMIT:
        files[CATALOGUE_INDEX] = catalogue_index(site.catalogue, site.settings, urls)
    if (shelf_index := resources_index(shelf, urls)) is not None:
        files[RESOURCES_INDEX] = shelf_index
    published = site.newsletter.visible(preview)
    listed = site.resources.listed
    giveaways = current_giveaways(listed, site.today)
    newest = tuple(r for r in newest_resources(listed, site.today, 4) if r not in giveaways)[:3]
    pages.append(home_page(HomeContent(site.catalogue, summaries, published, giveaways, newest, site.today),
                           site.settings, env, site.settings.tagline))
    pages += tags_pages(tag_entries(site.catalogue, published, site.resources.visible(preview)), env)
    warnings = stale_warnings(site.stats, site.settings, site.today)
    warnings += tuple(renamed_issue_warnings(root, site.newsletter.published, site.today))
    build = SiteBuild(site, {page.src_uri: page for page in pages}, files,
                      partial(newsletter_files, context, env, urls, markdown or MarkdownSettings((), {})),
                      beside, warnings, published_files(shelf, root))
    return build.begin() if begin else build
