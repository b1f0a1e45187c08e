"""MkDocs hooks: connect a build to Frontdesk. The work is done in the frontdesk package.

The flow, by MkDocs event (documented events and public attributes only):
- on_config: read and check all content before MkDocs touches the output folder; a `build`
  writes into a staging folder beside the output folder instead (see frontdesk/site/staging.py).
- on_files: add Frontdesk's pages and files (before other plugins, so they see them).
- on_page_content: put Frontdesk's HTML parts into its pages, before other plugins and search.
- on_post_build: write the feeds and email editions.
- on_shutdown: publish the staged site if the build succeeded (`--strict` included), else drop it.

The build's state lives in this module's `_run` (never in config.extra); on_config makes it anew.
"""

from __future__ import annotations

import gc
import logging
import os
import signal
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from frontdesk.catalogue.navigation import expand_nav
from frontdesk.catalogue.pages import CATALOGUE, is_service_page
from frontdesk.core.names import address_taken
from frontdesk.core.pages import HeldBack, PartsNotPlaced
from frontdesk.core.problems import ContentError
from frontdesk.departments.pages import DEPARTMENTS_INDEX, is_department_page
from frontdesk.newsletter.pages import MarkdownSettings
from frontdesk.site.site import WATCHED_FOLDERS, SiteBuild, prepare_build
from frontdesk.site.staging import OutputNotAFolder, Staging
from frontdesk.stats.merging import finish_interrupted_import
from frontdesk.surveys.pages import SURVEYS_INDEX, is_survey_page
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import write_file
from mkdocs.utils.templates import TemplateContext

# MkDocs counts warnings of its own loggers, so `mkdocs build --strict` fails on them.
LOG = logging.getLogger("mkdocs.plugins.frontdesk")
# Collections of the middle generation before a full one, during `mkdocs build` (Python's default
# is 10). A build's heap only grows (content, pages, search entries), so full collections scan it
# all and free next to nothing: measured with gc.callbacks on the 1,500-item benchmark site, its 8
# full collections took 0.44-0.52 s and the tuned build makes none; young objects are collected as
# usual. `mkdocs serve` lives on between builds and keeps Python's defaults.
FULL_COLLECTION_AFTER = 1000


@dataclass
class _Run:
    """What this process was asked to do, and the current build's state."""

    command: str = "build"
    dirty: bool = False  # `mkdocs build --dirty`: only changed files are rebuilt
    build: SiteBuild | None = None
    config: MkDocsConfig | None = None
    staging: Staging | None = None
    output: str | None = None  # the output folder the staging folder replaces
    built: bool = False  # on_post_build was reached, after every other plugin's
    failed: bool = False  # on_build_error was called (an exception, or --strict's abort)
    warnings: _WarningCount | None = None  # under --strict: any warning keeps the last good site
    # Who has each address of the site (a path in it), as a message names them: set in on_files.
    addresses: dict[str, str] = field(default_factory=dict)
    # What each page being built holds back from the search index until it has read the page (on_page_content
    # to on_page_context).
    held: dict[str, HeldBack] = field(default_factory=dict)
    # The top-level page whose tab the page being rendered lights up (on_page_context), dimmed once it is written.
    lit: Page | None = None


class _WarningCount(logging.Handler):
    """Counts the warnings MkDocs' loggers give during a strict build."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


_run = _Run()


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether this process serves a preview or builds the site."""
    _run.command, _run.dirty = command, dirty
    if command == "build":
        gc.set_threshold(*gc.get_threshold()[:2], FULL_COLLECTION_AFTER)
    if command in ("build", "gh-deploy"):
        # A stopped build (a CI timeout, `kill`) ends like Ctrl-C, so on_shutdown drops its staging folder.
        signal.signal(signal.SIGTERM, signal.default_int_handler)


def _is_preview() -> bool:
    return _run.command == "serve" or os.environ.get("FRONTDESK_PREVIEW", "") not in ("", "0")


def _current() -> SiteBuild:
    if _run.build is None:
        raise PluginError("Frontdesk's hooks ran before on_config read the content")
    return _run.build


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Read, check and lay out all content before MkDocs touches the output folder."""
    config_file = Path(config.config_file_path)
    try:
        if notice := finish_interrupted_import(config_file.parent):
            LOG.info("Frontdesk: %s", notice)
        build = prepare_build(config_file.parent, config.extra.get("frontdesk"), config_file.name,
                              directory_urls=config.use_directory_urls, preview=_is_preview(),
                              site_url=config.site_url or "",
                              markdown=MarkdownSettings(tuple(config.markdown_extensions), config.mdx_configs),
                              cache=os.environ.get("FRONTDESK_CACHE", "1") != "0")
    except ContentError as error:
        raise PluginError(str(error)) from None
    for warning in build.warnings:
        LOG.warning(warning)
    config.nav = expand_nav(config.nav, build.site.settings)
    _run.build, _run.config, _run.built, _run.failed, _run.addresses = build, config, False, False, {}
    _run.held = {}
    if _run.command in ("build", "gh-deploy") and _run.staging is None:
        _stage(config)
    return config


def _stage(config: MkDocsConfig) -> None:
    """Build into a staging folder beside the output folder, counting warnings under --strict."""
    try:
        _run.staging = Staging.for_output(Path(config.site_dir), keep_existing=_run.dirty)
    except OutputNotAFolder as error:
        raise PluginError(str(error)) from None
    _run.output = config.site_dir
    config.site_dir = str(_run.staging.folder)
    if config.strict:
        _run.warnings = _WarningCount()
        logging.getLogger("mkdocs").addHandler(_run.warnings)


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Callable[..., Any]) -> None:
    """Rebuild the preview when content outside docs/ changes."""
    root = Path(config.config_file_path).parent
    for folder in WATCHED_FOLDERS:
        if (root / folder).is_dir():
            server.watch(str(root / folder))


@event_priority(50)  # before other plugins, so they see Frontdesk's pages (redirects, for one)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the pages and files Frontdesk generates; none may take the address of another file."""
    build = _current()
    docs = Path(os.path.relpath(config.docs_dir, Path(config.config_file_path).parent)).as_posix()
    # Who has each address so far: the files under docs/ and the theme's.
    taken = {file.dest_uri: _origin(file, config.docs_dir, docs) for file in files}
    # Files authors put in place come before Frontdesk's pages, so an error names them first.
    # newsletter images and files that free resources ship, named by where they are in the project
    made = [(File.generated(config, src_uri, abs_src_path=str(path)),
             os.path.relpath(path, build.site.root).replace(os.sep, "/"))
            for src_uri, path in build.copies.items()]
    for page in build.pages.values():
        if files.get_file_from_path(page.src_uri) is not None:
            raise PluginError(f"{docs}/{page.src_uri}: file: is generated by Frontdesk; "
                              "move or rename the hand-written file")
        inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
        file = File.generated(config, page.src_uri, content=page.markdown, inclusion=inclusion)
        if page.url is not None:
            file.dest_uri = page.url + "index.html" if page.url.endswith("/") else page.url
        made.append((file, page.source or f"Frontdesk's page {page.src_uri}"))
    made += [(File.generated(config, src_uri, content=content), f"Frontdesk's file {src_uri}")
             for src_uri, content in build.files.items()]
    for file, origin in made:
        _claim(taken, file.dest_uri, origin)
        files.append(file)
    _run.addresses = taken
    return files


def _claim(taken: dict[str, str], path: str, origin: str) -> None:
    """Note who has an address of the site; two files at one address is an error naming both."""
    if path in taken:
        raise PluginError(address_taken(origin, taken[path], path))
    taken[path] = origin


def _origin(file: File, docs_dir: str, docs: str) -> str:
    """How a message names a file MkDocs found: docs/<path>, or the theme's <path>."""
    inside = file.abs_src_path and Path(file.abs_src_path).is_relative_to(docs_dir)
    return f"{docs}/{file.src_uri}" if inside else f"the theme's {file.src_uri}"


def on_pre_page(page: Page, config: MkDocsConfig, files: Files) -> Page:
    """Service pages belong to the Services section (its tab and sidebar), though not listed in it;
    department pages and survey rounds, likewise, to the section of /departments/ and /surveys/ (Listening).

    Every page's update date (the sitemap's lastmod, and the time in sitemap.xml.gz) is the
    build's day by Frontdesk's clock, not the computer's: FRONTDESK_NOW fixes it, so the same
    content builds the same bytes even across midnight."""
    build = _current()
    page.update_date = build.site.today.isoformat()
    if page.parent is None and is_service_page(page.file.src_uri, build.site.catalogue):
        catalogue = files.get_file_from_path(CATALOGUE)
        page.parent = catalogue.page.parent if catalogue and catalogue.page else None
    elif page.parent is None and is_department_page(page.file.src_uri, build.site.departments):
        listing = files.get_file_from_path(DEPARTMENTS_INDEX)
        page.parent = listing.page.parent if listing and listing.page else None
    elif page.parent is None and is_survey_page(page.file.src_uri, build.site.surveys):
        listing = files.get_file_from_path(SURVEYS_INDEX)
        page.parent = listing.page.parent if listing and listing.page else None
    return page


@event_priority(100)  # before mkdocs-macros (priority 0) renders the page's Markdown
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Frontdesk's pages are content, not templates: mkdocs-macros leaves them as written."""
    if page.file.src_uri in _current().pages:
        page.meta.setdefault("render_macros", False)
    return markdown


@event_priority(100)  # before other plugins and the search index read the page
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Put Frontdesk's HTML parts into its pages; a part that finds no place is an error."""
    generated = _current().pages.get(page.file.src_uri)
    if generated is None:
        return html
    try:
        held = generated.place_for_search(html)
    except PartsNotPlaced as error:
        raise PluginError(str(error)) from None
    if held.held:
        _run.held[page.file.src_uri] = held
    return held.html


# The page.meta keys mkdocs-git-revision-date-localized-plugin documents for templates.
GIT_DATES = ("git_revision_date_localized", "git_creation_date_localized")


@event_priority(-100)  # after the search index, and git-revision-date-localized (on_page_markdown); before the template
def on_page_context(context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation) -> TemplateContext:
    """Every page can offer the service desk's contacts (when a search finds nothing). The parts the search
    index leaves out go into their pages now that Material's search (priority 0) has read them. A generated
    page has no git history: date it by Frontdesk's clock, in the plugin's format."""
    build = _current()
    held = _run.held.pop(page.file.src_uri, None)
    if held is not None and page.content is not None:
        try:
            page.content = held.restored(page.content)
        except PartsNotPlaced as error:
            raise PluginError(str(error)) from None
    context["frontdesk_help"] = Markup(build.help_html)  # type: ignore[typeddict-unknown-key]  # our own key
    _light_owning_tab(page, nav)
    dating = config.plugins.get("git-revision-date-localized")
    if dating is None or page.file.src_uri not in build.pages or not any(k in page.meta for k in GIT_DATES):
        return context
    stamp = int(build.site.now.timestamp())
    locale = page.meta.get("locale") or dating.config["locale"]
    shown = dating.util.get_date_formats_for_timestamp(stamp, locale=locale, add_spans=True)
    raw = dating.util.get_date_formats_for_timestamp(stamp, locale=locale, add_spans=False)
    kind = dating.config["type"]
    for key in GIT_DATES:
        if key in page.meta:
            page.meta[key] = shown[kind] + (shown["iso_date"] if kind == "timeago" else "")
            page.meta.update({f"{key}_raw_{name}": value for name, value in raw.items()})
    return context


def _light_owning_tab(page: Page, nav: Navigation) -> None:
    """A page the navigation does not list, under a top-level page's folder (a roadmap item under /roadmap/,
    a month's brief under /briefs/, an issue under /newsletter/), lights up that page's tab while it is
    rendered, as a service page does the Services tab (there by belonging to its section, in on_pre_page)."""
    if page.parent is not None or page in nav.pages:
        return
    owners = [item for item in nav.items if isinstance(item, Page) and item.url and page.url.startswith(item.url)]
    if owners:
        _run.lit = max(owners, key=lambda item: len(item.url))
        _run.lit.active = True


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """The tab lit for the page just written goes dark again, so the next page does not inherit it."""
    if _run.lit is not None:
        _run.lit.active = False
        _run.lit = None
    return output


def on_template_context(context: TemplateContext, template_name: str, config: MkDocsConfig) -> TemplateContext:
    """The page-not-found page (the theme's 404.html, overridden) shows how to reach the service desk."""
    if template_name == "404.html" and _run.build is not None:
        context["frontdesk_help"] = Markup(_run.build.help_html)  # type: ignore[typeddict-unknown-key]  # our own key
    return context


@event_priority(-1000)  # after other plugins: the build is done only once they are
def on_post_build(config: MkDocsConfig) -> None:
    """Write the feeds and email editions, where no other file is."""
    outputs = _current().make_feeds()
    for path in outputs:
        _claim(_run.addresses, path, f"Frontdesk's {path}")
    for path, data in outputs.items():
        write_file(data, os.path.join(config.site_dir, path))
    _run.built = True


def on_build_error(error: Exception) -> None:
    """Any failure, `--strict`'s abort included, keeps the last good site."""
    _run.failed = True


def on_shutdown() -> None:
    """Publish the staged site if the build succeeded; otherwise the last good site stays."""
    staging, output, config, warnings = _run.staging, _run.output, _run.config, _run.warnings
    succeeded = _run.built and not _run.failed and not (warnings and warnings.count)
    _run.build = _run.staging = _run.config = _run.output = _run.warnings = None
    _run.addresses = {}
    if warnings is not None:
        logging.getLogger("mkdocs").removeHandler(warnings)
    if staging is None or output is None:
        return
    if succeeded:
        staging.publish()
    else:
        staging.discard()
        LOG.info("Frontdesk: the build failed; the last good site in %s is unchanged", output)
    if config is not None:
        config.site_dir = output
