"""HTML from content: Jinja templates with escaping on, and the filters they share."""

from __future__ import annotations

import html
import json
from datetime import date
from pathlib import Path
from typing import Any

import jinja2

from .settings import Settings
from .urls import Urls, slug

TEMPLATES = Path(__file__).parent / "templates"
_YAML_LINE_BREAKS = ("\x85", "\u2028", "\u2029")

LIFECYCLE_NAMES = {
    "pipeline": "Coming soon",
    "live": "Available",
    "retiring": "Retiring",
    "retired": "Retired",
}
APPROVAL_TEXT = {
    "none": "No approval needed.",
    "manager": "Your line manager approves the request.",
    "owner": "The service owner approves the request.",
}


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


def long_date(day: date) -> str:
    """A date as people write it: 14 September 2026."""
    return f"{day.day} {day:%B %Y}"


def number_text(value: float) -> str:
    """A number without a needless '.0'."""
    return f"{value:g}"


def hours_text(value: float) -> str:
    """Hours in words: '4 hours', '1 hour', '3 working days' stays in hours."""
    return f"{value:g} hour" + ("" if value == 1 else "s")


def cost_text(cost: str) -> str:
    """How a cost reads on a page."""
    return "Free" if cost == "free" else cost


def front_matter(title: str, **fields: Any) -> str:
    """A generated page's front matter; text is HTML-escaped because themes print it raw."""
    meta = {"title": html.escape(title), **{k: v for k, v in fields.items() if v is not None}}
    if "description" in meta:
        meta["description"] = html.escape(meta["description"])
    # JSON is YAML, and writing it costs a fiftieth of PyYAML's dump. Characters YAML reads as
    # line breaks, though JSON does not escape them, are escaped here.
    text = json.dumps(meta, ensure_ascii=False, sort_keys=True)
    for line_break in _YAML_LINE_BREAKS:
        text = text.replace(line_break, f"\\u{ord(line_break):04x}")
    return "---\n" + text + "\n---\n\n"
