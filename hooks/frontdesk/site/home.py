"""The home page and the tag index: built from the content, never from hand-kept lists."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol, TypeVar

import jinja2

from ..actions.actions import Action
from ..catalogue.catalogue import Catalogue
from ..catalogue.services import Service
from ..core.names import Written
from ..core.pages import GeneratedPage, PageWriter, Part, front_matter
from ..core.schema import plain_text
from ..core.settings import Settings
from ..core.source import Document
from ..core.urls import tag_slug
from ..newsletter.newsletter import Issue
from ..resources.resources import Resource
from ..stats.pages import CardFigure, ServiceSummary, headline_figures, home_headlines

HOME = "index.md"
TAGS = "tags.md"
# Links on each page of a tag (a tag carried by thousands of items spans several pages).
TAG_PAGE_SIZE = 250
# Featured services shown when none is marked `featured: true`.
FEATURED_FALLBACK = 6


@dataclass(frozen=True)
class HomeContent:
    """What the home page shows, chosen from the content."""

    catalogue: Catalogue
    summaries: Mapping[str, ServiceSummary]
    issues: Sequence[Issue]  # published (or, in a preview, visible) issues, newest first
    giveaways: Sequence[Resource] = ()  # running giveaways, soonest ending first
    resources: Sequence[Resource] = ()  # newest free resources
    today: date = field(default_factory=date.today)
    actions: Sequence[Action] = ()  # the latest "You said, we did" actions


def featured_services(catalogue: Catalogue) -> list[Service]:
    """Services marked `featured: true`, or else the first live ones, never retired ones."""
    current = [s for s in catalogue.services if s.lifecycle in ("live", "pipeline", "retiring")]
    chosen = [s for s in current if s.featured]
    return chosen or [s for s in current if s.lifecycle == "live"][:FEATURED_FALLBACK]


def home_page(content: HomeContent, settings: Settings, env: jinja2.Environment,
              tagline: str | None, alert: Part | None = None) -> GeneratedPage:
    """/: what the team offers, how it is doing, what is new, and what is free."""
    figures: dict[str, CardFigure] = headline_figures(content.summaries)
    writer = PageWriter(HOME, front_matter("Home", description=tagline or f"What {settings.team} offers.",
                                           hide=["navigation", "toc"]))
    if alert is not None:  # outages now, above everything else
        writer.html(alert)
    writer.render(env, "home.html",
        here=HOME, tagline=tagline, featured=featured_services(content.catalogue), figures=figures,
        headlines=home_headlines(content.summaries, settings, content.today),
        latest=content.issues[:1], recent=content.issues[1:3], giveaways=content.giveaways,
        resources=content.resources, service_count=len(content.catalogue.offered), actions=content.actions)
    return writer.page()


@dataclass(frozen=True)
class TagEntry:
    """Everything that carries one tag."""

    name: str
    slug: str
    services: tuple[Service, ...] = ()
    issues: tuple[Issue, ...] = ()
    resources: tuple[Resource, ...] = ()


class _Tagged(Protocol):
    """Anything that carries tags: a service, an issue or a resource."""

    @property
    def tags(self) -> tuple[str, ...]: ...


class _Sourced(_Tagged, Protocol):
    """Anything that carries tags, read from a content file."""

    @property
    def source(self) -> Document: ...


_T = TypeVar("_T")
_TaggedT = TypeVar("_TaggedT", bound=_Tagged)


def tag_entries(catalogue: Catalogue, issues: Sequence[Issue], resources: Sequence[Resource]) -> list[TagEntry]:
    """Tags by slug across services, issues and resources; 'Remote work' and 'remote-work' are one."""
    names: dict[str, str] = {}  # each tag as first written, services first, then issues, then resources
    services = _by_tag(catalogue.services, names)
    tagged_issues = _by_tag(issues, names)
    tagged_resources = _by_tag(resources, names)
    return [TagEntry(names[key], key, tuple(services.get(key, ())), tuple(tagged_issues.get(key, ())),
                     tuple(tagged_resources.get(key, ())))
            for key in sorted(names)]


def _by_tag(items: Iterable[_TaggedT], names: dict[str, str]) -> dict[str, list[_TaggedT]]:
    """The items carrying each tag, by the tag's slug; notes how each new tag is written in `names`."""
    found: dict[str, list[_TaggedT]] = {}
    for item in items:
        listed: set[str] = set()  # an item with one tag written two ways is listed under it once
        for tag in item.tags:
            key = tag_slug(tag)
            names.setdefault(key, tag)
            if key not in listed:
                listed.add(key)
                found.setdefault(key, []).append(item)
    return found


def written_tags(items: Iterable[_Sourced]) -> list[Written]:
    """Every tag of these items as written, with its file, line and field."""
    written = []
    for item in items:
        raw = item.source.data.get("tags")
        named = [(f"tags[{i}]", v) for i, v in enumerate(raw, start=1)] if isinstance(raw, list) else [("tags", raw)]
        written += [Written(item.source.path, item.source.line(name), name, plain_text(value))
                    for name, value in named if isinstance(value, str) and plain_text(value) in item.tags]
    return written


def tag_src(key: str, number: int = 1) -> str:
    """Where the page (or page `number`) of the tag whose slug is `key` comes from in the build."""
    return f"tags/{key}.md" if number == 1 else f"tags/{key}/page-{number}.md"


def tags_pages(entries: list[TagEntry], env: jinja2.Environment) -> list[GeneratedPage]:
    """/tags/ (every tag, with counts) and /tags/<slug>/ (what carries one tag, TAG_PAGE_SIZE a page)."""
    template = "tags.html"
    writer = PageWriter(TAGS, front_matter("Tags", description="Services, news and resources by topic.",
                                           hide=["toc"]), in_nav=False)
    writer.render(env, template, here=TAGS, entries=entries, entry=None)
    pages = [writer.page()]
    for entry in entries:
        parts = tag_chunks(entry)
        sources = [tag_src(entry.slug, number) for number in range(1, len(parts) + 1)]
        for number, (here, chunk) in enumerate(zip(sources, parts, strict=True), start=1):
            title = f"Tag: {entry.name}" + (f" (page {number} of {len(parts)})" if number > 1 else "")
            writer = PageWriter(here, front_matter(title, hide=["toc"]), in_nav=False)
            writer.render(env, template, here=here, entries=entries, entry=entry, shown=chunk, number=number,
                                        pages=sources)
            pages.append(writer.page())
    return pages


def tag_chunks(entry: TagEntry) -> list[TagEntry]:
    """A tag's services, issues and resources, in that order, cut into pages of TAG_PAGE_SIZE."""
    issues_at = len(entry.services)  # where the issues, then the resources, start in that order
    resources_at = issues_at + len(entry.issues)
    total = resources_at + len(entry.resources)
    # Pages start where chunks() would start them: one empty page when there is nothing.
    return [TagEntry(entry.name, entry.slug, _on_page(entry.services, 0, start),
                     _on_page(entry.issues, issues_at, start), _on_page(entry.resources, resources_at, start))
            for start in range(0, max(1, total), TAG_PAGE_SIZE)]


def _on_page(items: tuple[_T, ...], offset: int, start: int) -> tuple[_T, ...]:
    """Those of `items` (which begin at `offset` in the tag's whole list) on the page beginning at `start`."""
    return items[max(0, start - offset) : max(0, start + TAG_PAGE_SIZE - offset)]
