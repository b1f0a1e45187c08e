"""Everything a build needs, read and checked before anything is written."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from .catalogue import Catalogue, read_catalogue
from .catalogue_pages import CATALOGUE_FULL_LIMIT, CATALOGUE_INDEX, catalogue_index, catalogue_pages
from .clock import build_today
from .pages import GeneratedPage
from .problems import ContentError
from .render import templates
from .settings import Settings, read_settings, settings_document
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


def read_site(root: Path, raw_settings: Any, config_name: str = "mkdocs.yml",
              environ: dict[str, str] | None = None) -> Site:
    """Read and check settings and all content; raise ContentError listing every problem."""
    settings = read_settings(raw_settings, settings_document(str(root / config_name), config_name))
    today = build_today(settings.timezone, environ)
    catalogue, problems = read_catalogue(root, settings, today)
    if problems:
        raise ContentError(problems)
    return Site(root, settings, catalogue, today)


@dataclass(frozen=True)
class SiteBuild:
    """One build's content and the pages Frontdesk adds, by source path."""

    site: Site
    pages: dict[str, GeneratedPage]
    files: dict[str, str]  # other generated files (JSON), by path in the site


def prepare_build(root: Path, raw_settings: Any, config_name: str = "mkdocs.yml", *,
                  directory_urls: bool = True, environ: dict[str, str] | None = None) -> SiteBuild:
    """Read and check everything, then render every generated page; raises ContentError."""
    site = read_site(root, raw_settings, config_name, environ)
    urls = Urls(directory_urls)
    env = templates(site.settings, urls)
    pages = catalogue_pages(site.catalogue, site.settings, env, site.today)
    files = {}
    if len(site.catalogue.services) > CATALOGUE_FULL_LIMIT:
        files[CATALOGUE_INDEX] = catalogue_index(site.catalogue, site.settings, urls)
    return SiteBuild(site, {page.src_uri: page for page in pages}, files)
