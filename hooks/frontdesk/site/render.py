"""The one template environment of a build: escaping on, and every helper the templates use.

Each feature keeps its templates in its own `templates/` folder and says what they need in a
`TemplateHelpers` (`catalogue_template_helpers`, `stats_template_helpers`...). `templates` makes
the environment once, from the site's own helpers and those, before any template renders: a
name two parts give is an error, never a silent override.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from ..core.pages import TemplateHelpers, long_date
from ..core.settings import Settings
from ..core.urls import Urls, tag_slug

# The folders templates are found in, by name; a name is used in one folder only.
TEMPLATE_FOLDERS = tuple(Path(__file__).parent.parent / part / "templates" for part in (
    "core", "catalogue", "stats", "newsletter", "resources", "status", "surveys", "roadmap", "actions", "departments",
    "briefs", "site"))


def templates(settings: Settings, urls: Urls, *features: TemplateHelpers) -> jinja2.Environment:
    """A template environment for one build: autoescaping, the site's helpers and each feature's."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_FOLDERS),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        # An environment lives for one build, while templates cannot change: loading each once
        # spares a check of its file's time on every one of thousands of renders.
        auto_reload=False,
    )
    given: set[str] = set()
    for helpers in (site_template_helpers(settings, urls), *features):
        for names, table in ((helpers.globals, env.globals), (helpers.filters, env.filters)):
            if twice := given & set(names):
                raise ValueError(f"template helpers given twice: {', '.join(sorted(twice))}")
            given.update(names)
            table.update(names)
    return env


def site_template_helpers(settings: Settings, urls: Urls) -> TemplateHelpers:
    """What every template may use: links between pages, the settings, dates, tags and audiences."""
    return TemplateHelpers(
        globals={"link": urls.link, "settings": settings},
        filters={"audience_title": settings.audience_title, "long_date": long_date, "tag_slug": tag_slug},
    )
