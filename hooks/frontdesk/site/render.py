"""HTML from content: Jinja templates with escaping on, and the filters they share."""

from __future__ import annotations

from pathlib import Path

import jinja2

from ..catalogue.pages import APPROVAL_TEXT, LIFECYCLE_NAMES, cost_text
from ..core.settings import Settings
from ..core.urls import Urls, slug
from ..core.words import hours_text, long_date, number_text

TEMPLATES = Path(__file__).parent.parent / "templates"

def templates(settings: Settings, urls: Urls) -> jinja2.Environment:
    """A template environment for one build: autoescaping, with Frontdesk's filters."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        audience_title=settings.audience_title,
        cost=cost_text,
        long_date=long_date,
        number=number_text,
        hours=hours_text,
        tag_slug=slug,
    )
    env.globals.update(
        link=urls.link,
        settings=settings,
        lifecycle_names=LIFECYCLE_NAMES,
        approval_text=APPROVAL_TEXT,
        card_figures={},  # each service's headline figure, set once the stats are read
    )
    return env
