"""The site navigation: categories under Services, never one entry per service."""

from __future__ import annotations

import html
from collections.abc import Sequence

from ..core.settings import Settings
from .pages import CATALOGUE, category_src


def services_section(settings: Settings) -> list[str | dict[str, str]]:
    """The Services tab: the catalogue, then one page per category."""
    # Themes print navigation titles as HTML, so text from the settings is escaped.
    return [CATALOGUE, *({html.escape(c.title): category_src(c.id)} for c in settings.categories)]


def expand_nav(nav: Sequence[object] | None, settings: Settings) -> list[object]:
    """The navigation with the catalogue entry turned into the Services section."""
    if nav is None:
        return [{"Home": "index.md"}, {"Services": services_section(settings)}]
    return [_expand(item, settings) for item in nav]


def _expand(item: object, settings: Settings) -> object:
    if item == CATALOGUE:
        return {"Services": services_section(settings)}
    if isinstance(item, dict) and len(item) == 1:
        (title, value), = item.items()
        if value == CATALOGUE:
            return {title: services_section(settings)}
        if isinstance(value, list):
            return {title: [_expand(child, settings) for child in value]}
    return item
