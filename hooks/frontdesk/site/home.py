"""The home page and the tag index: built from the content, never from hand-kept lists."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import jinja2

from ..catalogue.catalogue import Catalogue
from ..core.pages import GeneratedPage, PageWriter, chunks, front_matter
from ..core.settings import Settings
from ..core.urls import slug
from ..newsletter.newsletter import Issue
from ..stats.pages import CardFigure, ServiceSummary, headline_figures, organisation_headlines

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
    giveaways: Sequence[Any] = ()  # running giveaways, soonest ending first
    resources: Sequence[Any] = ()  # newest free resources
    today: date = field(default_factory=date.today)


def featured_services(catalogue: Catalogue) -> list[Any]:
    """Services marked `featured: true`, or else the first live ones, never retired ones."""
    current = [s for s in catalogue.services if s.lifecycle in ("live", "pipeline", "retiring")]
    chosen = [s for s in current if s.featured]
    return chosen or [s for s in current if s.lifecycle == "live"][:FEATURED_FALLBACK]


def home_page(content: HomeContent, settings: Settings, env: jinja2.Environment,
              tagline: str | None) -> GeneratedPage:
    """/: what the team offers, how it is doing, what is new, and what is free."""
    figures: dict[str, CardFigure] = headline_figures(content.summaries)
    writer = PageWriter(HOME, front_matter("Home", description=tagline or f"What {settings.team} offers.",
                                           hide=["navigation", "toc"]))
    writer.render(env, "home.html",
        here=HOME, tagline=tagline, featured=featured_services(content.catalogue), figures=figures,
        headlines=organisation_headlines(content.summaries, settings, content.today),
        latest=content.issues[:1], recent=content.issues[1:3], giveaways=content.giveaways,
        resources=content.resources, service_count=sum(1 for s in content.catalogue.services
                                                       if s.lifecycle != "retired"))
    return writer.page()


@dataclass(frozen=True)
class TagEntry:
    """Everything that carries one tag."""

    name: str
    slug: str
    services: tuple[Any, ...] = ()
    issues: tuple[Issue, ...] = ()
    resources: tuple[Any, ...] = ()


def tag_entries(catalogue: Catalogue, issues: Sequence[Issue], resources: Sequence[Any]) -> list[TagEntry]:
    """Tags by slug across services, issues and resources; 'Remote work' and 'remote-work' are one."""
    names: dict[str, str] = {}
    found: dict[str, dict[str, list[Any]]] = {}
    for kind, items in (("services", catalogue.services), ("issues", issues), ("resources", resources)):
        for item in items:
            for tag in getattr(item, "tags", ()):
                key = slug(tag)
                names.setdefault(key, tag)
                found.setdefault(key, {"services": [], "issues": [], "resources": []})[kind].append(item)
    return [TagEntry(names[key], key, *(tuple(found[key][k]) for k in ("services", "issues", "resources")))
            for key in sorted(found)]


def tag_src(tag_slug: str, number: int = 1) -> str:
    """Where one tag's page (or its page `number`) comes from in the build."""
    return f"tags/{tag_slug}.md" if number == 1 else f"tags/{tag_slug}/page-{number}.md"


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
    items = [("services", s) for s in entry.services] + [("issues", i) for i in entry.issues]
    items += [("resources", r) for r in entry.resources]
    return [TagEntry(entry.name, entry.slug, *(tuple(x for k, x in part if k == kind)
                                                for kind in ("services", "issues", "resources")))
            for part in chunks(items, TAG_PAGE_SIZE)]
