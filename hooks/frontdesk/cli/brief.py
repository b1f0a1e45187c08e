"""`frontdesk brief --month 2026-11 [--department finance] [--out DIR]`: the monthly brief as files.

Writes brief.html (A4, CSS inlined, no outside requests), brief.pdf and brief.eml into
briefs/<YYYY-MM>[-<department>]/ at the project's root unless --out names another folder inside the
project (never docs/, the site folder, content/ or newsletter/: a build would publish, wipe or read it).
A month not over by the build's clock is refused unless --draft; a future month always.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..briefs.brief import EVERYONE, Scope, department_scope, is_over, make_brief
from ..briefs.document import PDF_ENGINE_HELP, BriefFiles, PdfEngineMissing, brief_files
from ..briefs.pages import brief_src
from ..core.files import real_root
from ..core.problems import ContentError
from ..core.terminal import printable
from ..core.urls import Urls, absolute
from ..core.writing import BadJournal, finish_interrupted, write_together
from ..departments.departments import DEPARTMENTS
from ..site.render import templates
from ..site.site import Site, brief_content
from ..stats.pages import stats_template_helpers
from ..stats.stats import month_name, month_of
from .project import add_project_option, load_project, project_config

BRIEFS_FOLDER = "briefs"
_MONTH = re.compile(r"^([0-9]{4})-([0-9]{2})$")
# The brief's files are written together, all or none, through this journal in the folder they go in.
JOURNAL = ".brief-journal.json"
# Folders a brief may not be written into: a build publishes docs/, replaces the site folder, reads content.
_NOT_INTO = ("docs", "content", "newsletter")


class Refused(Exception):
    """Why the brief is not written, in one line."""


def add_brief_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `frontdesk brief` with the command line."""
    brief = commands.add_parser(
        "brief", help="write a month's brief for leaders: brief.html, brief.pdf and brief.eml",
        description="Write the monthly brief for leaders (figures against targets, every missed target with "
        "its reason, incidents and downtime, next month's maintenance, giveaways) as an A4 HTML page, a PDF "
        "and an email to send through your own mail system.",
        epilog="examples:\n  frontdesk brief --month 2026-11\n"
        "  frontdesk brief --month 2026-11 --department finance --out briefs/finance/",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    brief.add_argument("--month", required=True, help="the month, YYYY-MM")
    brief.add_argument("--department", help="a department's id (content/departments/<id>.md): only its services")
    brief.add_argument("--out", type=Path, help="folder inside the project to write into "
                       f"(default: {BRIEFS_FOLDER}/<YYYY-MM>[-<department>]/)")
    brief.add_argument("--draft", action="store_true", help="write the brief of the current month, not over yet")
    brief.add_argument("--no-pdf", action="store_true", help="write brief.html and brief.eml only")
    add_project_option(brief)
    brief.set_defaults(run=run_brief, command="brief")


def run_brief(args: argparse.Namespace) -> int:
    """Write the brief's three files; one line and a non-zero exit when it cannot."""
    try:
        month = parse_month(args.month)
        site = load_project(args.project)
        check_month(month, site, args.draft)
        scope = find_scope(site, args.department)
        out = out_folder(args.project, args.out, month, args.department, site)
        files = make_files(site, args.project, month, scope, not args.no_pdf)
    except ContentError as error:
        print(printable(str(error)), file=sys.stderr)
        return 1
    except Refused as error:
        print(printable(f"frontdesk brief: {error}"), file=sys.stderr)
        return 1
    out.mkdir(parents=True, exist_ok=True)
    written = {"brief.html": files.html.encode("utf-8"), "brief.eml": files.eml}
    if files.pdf is not None:
        written["brief.pdf"] = files.pdf
    try:
        finish_interrupted(out, JOURNAL)  # an earlier brief's writing, killed half way: this one replaces it
        write_together(out, written, JOURNAL)
    except BadJournal as error:
        print(printable(f"frontdesk brief: {out / JOURNAL}: {error}"), file=sys.stderr)
        return 1
    print(printable(f"frontdesk brief: wrote {', '.join(str(out / name) for name in sorted(written))}"))
    return 0


def parse_month(text: str) -> date:
    """The month a user names, YYYY-MM; raises Refused."""
    match = _MONTH.match(text.strip())
    if match is None or not 1 <= int(match[2]) <= 12 or int(match[1]) < 1970:
        raise Refused(f"--month: must be a month written YYYY-MM, like 2026-11 (found: {text})")
    return date(int(match[1]), int(match[2]), 1)


def check_month(month: date, site: Site, draft: bool) -> None:
    """A brief is written once its month is over; --draft allows the current month, never a later one."""
    if month > month_of(site.today):
        raise Refused(f"--month: {month_name(month)} is in the future (the build's clock says "
                      f"{site.today.isoformat()}) (found: {month:%Y-%m})")
    if not is_over(month, site.now) and not draft:
        raise Refused(f"--month: {month_name(month)} is not over yet (the build's clock says "
                      f"{site.today.isoformat()}); add --draft for a draft brief (found: {month:%Y-%m})")


def find_scope(site: Site, department: str | None) -> Scope:
    """The whole organisation's scope, or a known department's (the services it relies on); raises Refused."""
    if department is None:
        return EVERYONE
    found = next((d for d in site.departments if d.id == department), None)
    if found is None:
        known = ", ".join(sorted(d.id for d in site.departments))
        listed = f"known: {known}" if known else f"there are none in {DEPARTMENTS}/"
        raise Refused(f"--department: not a department ({listed}) (found: {department})")
    return department_scope(found)


def out_folder(project: Path, out: Path | None, month: date, department: str | None, site: Site) -> Path:
    """Where the files go: --out, or briefs/<YYYY-MM>[-<department>]/; raises Refused outside the project,
    and inside a folder a build publishes, replaces or reads."""
    folder = out if out is not None else project / BRIEFS_FOLDER / (f"{month:%Y-%m}" + (f"-{department}" if department
                                                                                       else ""))
    root = real_root(project)
    real = Path(os.path.realpath(folder))
    if not real.is_relative_to(root) or real == root:
        raise Refused(f"--out: must be a folder inside the project (found: {folder})")
    for name in (*_NOT_INTO, *_build_folders(project_config(project))):
        if real.is_relative_to(Path(os.path.realpath(project / name))):
            raise Refused(f"--out: must not be in {name}/, which a build publishes, replaces or reads "
                          f"(found: {folder})")
    if real.exists() and not real.is_dir():
        raise Refused(f"--out: must be a folder (found: {folder})")
    return folder


def _build_folders(config: dict[str, Any]) -> tuple[str, ...]:
    """The folders mkdocs.yml names for a build: the site folder it replaces, the docs folder it publishes,
    and the theme's custom_dir, whose files other than templates it copies into the site as they are."""
    theme = config.get("theme")
    custom_dir = theme.get("custom_dir") if isinstance(theme, dict) else None
    named = (config.get("site_dir") or "site", config.get("docs_dir"), custom_dir)
    return tuple(str(name) for name in named if isinstance(name, str) and name)


def make_files(site: Site, project: Path, month: date, scope: Scope, pdf: bool) -> BriefFiles:
    """The brief's files, in memory; raises Refused when the PDF engine is missing."""
    config = project_config(project)
    site_url = str(config.get("site_url") or "")
    urls = Urls(config.get("use_directory_urls", True) is not False)
    content = brief_content(site)
    env = templates(site.settings, urls, stats_template_helpers(content.summaries))
    brief = make_brief(content, month, scope)
    # The site's address for every link (without a site_url, addresses from the web server's root).
    def href(src: str) -> str:
        return absolute(site_url, urls.of(src))

    # The brief's own page, once the site publishes it.
    published = bool(site_url) and brief.month < month_of(site.today)
    web_url = href(brief_src(month, scope.department)) if published else ""
    try:
        return brief_files(brief, site.settings, env, href, web_url, urlsplit(site_url).hostname or "", pdf)
    except PdfEngineMissing as error:
        raise Refused(f"brief.pdf: {PDF_ENGINE_HELP}, or add --no-pdf (found: {error})") from None

