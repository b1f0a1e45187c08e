"""MkDocs' own page work, shared with Frontdesk's child process (see frontdesk/background.py).

MkDocs converts every page's Markdown, then renders every page and reads it for the search
index, all on one core. Where Frontdesk's later work runs in a child process, the child also
takes the later part of the generated pages that are not in the sidebar (services, issues,
resources: the bulk of a large site). It converts their Markdown with MkDocs' own
`Page.render` while this process converts the other pages, and once their pieces are made it
reads them for the search index with Material's own `SearchIndex`. This process takes the
child's results as it comes to each page, and the built site is the same, byte for byte:

- a page's result is used only if the child converted exactly the Markdown this process
  would have, else the page is converted here;
- what the child logs while converting a page (a broken link, say) is logged here at that
  page, so `mkdocs build --strict` counts it;
- it is only done when nothing but Frontdesk's hooks and Material's search acts on pages,
  since the child cannot do another plugin's work for this process.

This module holds what depends on MkDocs and Material; the frontdesk package does not.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from frontdesk.background import Background, Meeting, can_fork
from frontdesk.pages import FinishedPieces, chunks
from frontdesk.site import SiteBuild
from material.plugins.search.plugin import SearchIndex, SearchPlugin
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents

_LOG = logging.getLogger("mkdocs.plugins.frontdesk")
_SHARING = "frontdesk_sharing"  # where in config.extra a build's sharing is kept
# Pages whose conversions or search entries are sent together.
PART = 25
# The events that act on a page before it is rendered; only Frontdesk's hooks and Material's
# search may be among their handlers for the child to share the work.
_PAGE_EVENTS = ("pre_page", "page_read_source", "page_markdown", "page_content", "page_context")


@dataclass(frozen=True)
class Converted:
    """A page's Markdown as the child converted it, and what MkDocs learnt from it."""

    markdown: bytes  # a digest of what was converted
    content: str
    toc: TableOfContents
    title: str | None
    anchors: set[str] | None
    links: dict[str, dict[str, str]] | None  # links to anchors, by the linked page's src_uri
    records: tuple[logging.LogRecord, ...]  # what was logged meanwhile


class SharedPage(Page):
    """A generated page whose Markdown the child process may have converted."""

    converted_beside: Callable[[SharedPage], Converted | None] | None = None

    def render(self, config: MkDocsConfig, files: Files) -> None:
        converted = self.converted_beside(self) if self.converted_beside else None
        if converted is None:
            super().render(config, files)
            return
        for record in converted.records:
            logging.getLogger(record.name).handle(record)
        self.content = converted.content
        self.toc = converted.toc
        self._title_from_render = converted.title
        self.present_anchor_ids = converted.anchors
        if converted.links is not None:
            self.links_to_anchors = {file: links for uri, links in converted.links.items()
                                     if (file := files.get_file_from_path(uri)) is not None}


def can_share(config: MkDocsConfig, hooks_module: str) -> bool:
    """Whether only Frontdesk's hooks (`hooks_module`) and Material's search act on pages."""
    for event in _PAGE_EVENTS:
        for handler in config.plugins.events[event]:
            ours = getattr(handler, "__module__", None) == hooks_module
            search = event == "page_context" and isinstance(getattr(handler, "__self__", None), SearchPlugin)
            if not (ours or search):
                return False
    return True


def share_pages(build: SiteBuild, config: MkDocsConfig, files: Files, hooks_module: str) -> None:
    """Let the child take the generated pages that are not in the sidebar, where it can."""
    if not build.beside:
        return
    if not can_fork():
        _LOG.debug("Frontdesk: MkDocs' page work stays in this process (no second core, or other threads)")
    elif not can_share(config, hooks_module):
        _LOG.debug("Frontdesk: MkDocs' page work stays in this process (another plugin acts on pages)")
    else:
        listed = set(_nav_paths(config.nav or []))  # a page the sidebar names keeps the name it is given
        for page in build.pages.values():
            if not page.in_nav and page.src_uri not in listed and (file := files.get_file_from_path(page.src_uri)):
                SharedPage(None, file, config)


def _nav_paths(nav: Any) -> Iterator[str]:
    """Every path named in mkdocs.yml's nav."""
    if isinstance(nav, str):
        yield nav
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from _nav_paths(value)
    elif isinstance(nav, list):
        for item in nav:
            yield from _nav_paths(item)


def begin_sharing(build: SiteBuild, config: MkDocsConfig, files: Files) -> SiteBuild:
    """Start the build's later work, with a share of MkDocs' page work for the child."""
    pages = [file.page for file in files.documentation_pages(inclusion=InclusionLevel.is_included)]
    shared = [page for page in pages if isinstance(page, SharedPage)]
    if not shared:
        return build.begin()
    search = _search_plugin(config)
    sharing = _Sharing(config, files, build, tuple(shared), search)
    config.extra[_SHARING] = sharing
    # The child first makes the pieces of the pages before the first shared one (the catalogue's
    # own pages, which this process renders first), then converts from the back.
    order = {src_uri: position for position, src_uri in enumerate(build.pages)}
    head = min(order[page.file.src_uri] for page in shared)
    begun = build.begin(before=[sharing.convert], after=[sharing.index] if search else [], head=head,
                        on_pieces=sharing.keep_pieces)
    sharing.later = begun.later
    sharing.convert_stage, sharing.index_stage = begun.pieces_stages[0] + 1, begun.pieces_stages[1] + 1
    for page in shared:
        page.converted_beside = sharing.take
    if search:
        search.search_index = _SharedIndex(search.search_index, sharing.entries)
    return begun


def report_sharing(config: MkDocsConfig) -> None:
    """Log (for `mkdocs build -v`) how much of MkDocs' page work the child did."""
    if (sharing := config.extra.get(_SHARING)) is not None:
        _LOG.debug(f"Frontdesk: the child process converted {len(sharing.taken)} of {len(sharing.shared)} "
                   f"shared pages beside the build and passed on {sharing.passed_on} log messages")


def _search_plugin(config: MkDocsConfig) -> SearchPlugin | None:
    """Material's search plugin, if it indexes this build with its own index."""
    for plugin in config.plugins.values():
        if isinstance(plugin, SearchPlugin) and plugin.config.enabled and type(plugin.search_index) is SearchIndex:
            return plugin
    return None


class _SharedIndex(SearchIndex):
    """Material's search index, taking the child's entries for the pages it read."""

    def __init__(self, index: SearchIndex, entries_for: Callable[[Page], list[dict[str, Any]] | None]) -> None:
        super().__init__(**index.config)
        self.entries = index.entries
        self._entries_for = entries_for

    def add_entry_from_context(self, page: Page) -> None:
        entries = self._entries_for(page)
        if entries is None:
            super().add_entry_from_context(page)
        else:
            self.entries.extend(entries)


@dataclass
class _Sharing:
    """MkDocs' page work on the shared pages, done from both ends (see background.Meeting):
    this process converts from the first page on, the child from the last page back, until
    they meet. The child then reads the pages it converted for the search index.

    Each side keeps its own state (after the fork, in its own memory): the child what it
    converted and the pieces it made; this process which pages it took from the child."""

    config: MkDocsConfig
    files: Files
    build: SiteBuild
    shared: tuple[SharedPage, ...]
    search: SearchPlugin | None
    later: Background | None = None
    convert_stage: int = 0  # later's stages: the child's conversions and search entries
    index_stage: int = 0
    meeting: Meeting = field(init=False)
    position: dict[str, int] = field(init=False)
    converted: dict[str, Converted] = field(default_factory=dict)  # by the child
    pieces: dict[str, FinishedPieces] = field(default_factory=dict)  # by the child
    taken: set[str] = field(default_factory=set)  # by this process: pages the child converted
    passed_on: int = 0  # by this process: how many of the child's log messages it logged

    def __post_init__(self) -> None:
        self.meeting = Meeting(len(self.shared))
        self.position = {page.file.src_uri: index for index, page in enumerate(self.shared)}

    # This process

    def take(self, page: SharedPage) -> Converted | None:
        """The child's conversion of `page`, if it did it (of this very Markdown); else None,
        and the page is this process's to convert."""
        if self.meeting.front_takes(self.position[page.file.src_uri]):
            return None
        assert self.later is not None
        converted: Converted | None = self.later.get(self.convert_stage, page.file.src_uri)
        if converted is None or page.markdown is None or converted.markdown != _digest(page.markdown):
            return None
        self.taken.add(page.file.src_uri)
        self.passed_on += len(converted.records)
        return converted

    def entries(self, page: Page) -> list[dict[str, Any]] | None:
        """The search entries the child made for a page it converted (None for the others)."""
        if page.file.src_uri not in self.taken:
            return None
        assert self.later is not None
        found: list[dict[str, Any]] | None = self.later.get(self.index_stage, page.file.src_uri)
        return found

    # The child

    def convert(self) -> Iterator[dict[str, Converted]]:
        """Convert the shared pages from the last back, as MkDocs' build does, until this
        process has reached the page. They are sent a part at a time (this process needs them
        only once it has reached them), and each part is sent before this process may use it."""
        part: dict[str, Converted] = {}
        for index in reversed(range(len(self.shared))):
            if not self.meeting.back_takes(index):
                break
            page = self.shared[index]
            if (converted := self._convert(page)) is not None:
                part[page.file.src_uri] = self.converted[page.file.src_uri] = converted
            if len(part) == PART or index == 0:
                yield part
                part = {}
                self.meeting.back_done(index)
        if part:
            yield part
            self.meeting.back_done(index + 1)

    def keep_pieces(self, part: dict[str, FinishedPieces]) -> None:
        """Keep the pieces of the pages the child converted, for `index`."""
        self.pieces.update((uri, pieces) for uri, pieces in part.items() if uri in self.converted)

    def index(self) -> Iterator[dict[str, list[dict[str, Any]]]]:
        """Read the pages the child converted for the search index as Material does, once
        their pieces are made: in build order, a part at a time."""
        assert self.search is not None
        converted = [page for page in self.shared if page.file.src_uri in self.converted]
        for part in chunks(converted, PART):
            done = {}
            for page in part:
                uri = page.file.src_uri
                page.content = self.build.pages[uri].fill(self.converted[uri].content, self.pieces[uri])
                index = SearchIndex(**self.search.search_index.config)
                index.add_entry_from_context(page)
                done[uri] = index.entries
            yield done

    def _convert(self, page: Page) -> Converted | None:
        """One page, as MkDocs' `_populate_page` does up to `render` (None if that fails:
        this process then converts it, and reports the failure)."""
        config, files = self.config, self.files
        config._current_page = page
        try:
            page = config.plugins.on_pre_page(page, config=config, files=files)
            page.read_source(config)
            assert page.markdown is not None
            page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
            with _logged() as records:  # only what render logs: this process runs the events itself
                Page.render(page, config, files)
        except Exception:
            return None
        finally:
            config._current_page = None
        assert page.markdown is not None and page.content is not None and page.toc is not None
        links = None if page.links_to_anchors is None else {
            file.src_uri: dict(found) for file, found in page.links_to_anchors.items()}
        return Converted(_digest(page.markdown), page.content, page.toc, page._title_from_render,
                         page.present_anchor_ids, links, tuple(records))


def _digest(markdown: str) -> bytes:
    """A short digest of a page's Markdown, for checking it is the same in both processes."""
    return hashlib.blake2b(markdown.encode("utf-8"), digest_size=16).digest()


class _Keep(logging.Handler):
    """Keeps log records, ready to be sent to another process."""

    def __init__(self, records: list[logging.LogRecord]) -> None:
        super().__init__(logging.NOTSET)
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args = record.getMessage(), None
        if record.exc_info:  # the traceback goes along as text
            record.msg += "\n" + logging.Formatter().formatException(record.exc_info)
        record.exc_info = record.exc_text = record.stack_info = None
        self.records.append(record)


@contextmanager
def _logged() -> Iterator[list[logging.LogRecord]]:
    """What is logged meanwhile, kept instead of shown (in the child, for this process to log)."""
    records: list[logging.LogRecord] = []
    root, mkdocs = logging.getLogger(), logging.getLogger("mkdocs")
    saved = root.handlers, mkdocs.handlers, mkdocs.propagate
    root.handlers, mkdocs.handlers, mkdocs.propagate = [_Keep(records)], [], True
    try:
        yield records
    finally:
        root.handlers, mkdocs.handlers, mkdocs.propagate = saved
