"""The briefs on the site: /briefs/ (the archive) and /briefs/<YYYY-MM>/ for every month that is over.

A month's page shows the same sections as `frontdesk brief` writes, inside the site's page (not the A4
document), with links relative to the page. A department's brief is /briefs/<YYYY-MM>/<department>/:
`brief_pages` makes one per month for each scope in `departments`. The build makes no PDF or email:
those come from `frontdesk brief`, so a build stays quick and needs no PDF engine.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from functools import partial

import jinja2
from markupsafe import Markup

from ..core.pages import GeneratedPage, PageWriter, front_matter
from ..stats.stats import month_name
from .brief import EVERYONE, Brief, BriefContent, Scope, make_brief, published_months
from .document import render_sections

ARCHIVE = "briefs/index.md"


def brief_src(month: date, department: str | None = None) -> str:
    """Where a month's brief comes from in the build: briefs/2026-11/index.md, briefs/2026-11/finance.md."""
    return f"briefs/{month:%Y-%m}/{department}.md" if department else f"briefs/{month:%Y-%m}/index.md"


def brief_pages(content: BriefContent, env: jinja2.Environment,
                departments: Sequence[Scope] = ()) -> list[GeneratedPage]:
    """/briefs/ and a page per month that is over (and per department, for each scope given)."""
    months = published_months(content)
    pages = [archive_page(months, departments, content, env)]
    for month in months:
        pages += [brief_page(make_brief(content, month, scope), env)
                  for scope in (EVERYONE, *departments)]
    return pages


def archive_page(months: Sequence[date], departments: Sequence[Scope], content: BriefContent,
                 env: jinja2.Environment) -> GeneratedPage:
    """/briefs/: every month's brief, newest first."""
    team = content.settings.team
    writer = PageWriter(ARCHIVE, front_matter(
        "Monthly briefs", description=f"{team}'s brief for leaders, month by month: figures against "
                                      "targets, every miss named, incidents and what comes next.", hide=["toc"]))
    writer.render(env, "briefs_archive.html", here=ARCHIVE, months=months, departments=departments,
                  brief_src=brief_src)
    return writer.page()


def brief_page(brief: Brief, env: jinja2.Environment) -> GeneratedPage:
    """/briefs/<YYYY-MM>/ (or /briefs/<YYYY-MM>/<department>/): the brief's sections in the site's page."""
    here = brief_src(brief.month, brief.scope.department)
    whose = f", for {brief.scope.name}" if brief.scope.name else ""
    writer = PageWriter(here, front_matter(brief.title, description=f"Figures against targets, missed targets, "
                                           f"incidents and what comes next{whose}: {month_name(brief.month)}.",
                                           hide=["toc"]), in_nav=False)
    writer.html(partial(_render_page, brief, env, here))
    return writer.page()


def _render_page(brief: Brief, env: jinja2.Environment, here: str) -> str:
    link: Callable[[str, str], str] = env.globals["link"]  # type: ignore[assignment]
    sections: Markup = render_sections(brief, env, lambda src: link(here, src))
    return env.get_template("brief_page.html").render(brief=brief, here=here, sections=sections)
