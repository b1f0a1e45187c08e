"""The "You said, we did" page, /you-said-we-did/, and what other pages need to show actions."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from itertools import groupby

import jinja2
from markupsafe import Markup

from ..catalogue.catalogue import Catalogue
from ..core.pages import GeneratedPage, PageWriter, TemplateHelpers, front_matter
from ..core.settings import Settings
from ..newsletter.issue_html import render_markdown
from ..newsletter.newsletter import Issue
from .actions import STATUS_TITLES, Action

YOU_SAID = "you-said-we-did/index.md"
# How a card words what the team did, by status.
DID_WORDS = {"done": "We did", "in-progress": "We are doing", "planned": "We will"}


def actions_template_helpers(department_names: Mapping[str, str], issues: Sequence[Issue]) -> TemplateHelpers:
    """What templates need to show actions: words for statuses, department names, and the issue that
    announced each (only once that issue is shown: `issues` are the visible ones). Service titles come
    from the status helpers' `service_title`."""
    by_stem = {issue.path.rsplit("/", 1)[-1].removesuffix(".md"): issue for issue in issues}
    return TemplateHelpers(globals={
        "action_status_titles": STATUS_TITLES,
        "action_did_words": DID_WORDS,
        "action_issue": lambda action: by_stem.get(action.issue or ""),
        "department_name": lambda i: department_names.get(i, i),
        "department_src": department_src,
    })


def department_src(department_id: str) -> str:
    """Where a department's page comes from in the build: departments/<id>.md."""
    return f"departments/{department_id}.md"


def actions_page(actions: Sequence[Action], catalogue: Catalogue, department_names: Mapping[str, str],
                 settings: Settings, env: jinja2.Environment,
                 body_html: Callable[[str], str] | None = None) -> GeneratedPage:
    """/you-said-we-did/: every action in listing order, grouped by status, filterable by department and
    service; `body_html` turns an action's Markdown body into HTML (the site's Markdown extensions)."""
    groups = [(status, list(members)) for status, members in groupby(actions, key=lambda a: a.status)]
    named_departments = {d for a in actions for d in a.departments}
    named_services = {s for a in actions for s in a.services}
    convert = body_html or (lambda text: render_markdown(text, lambda link: link, [], {}))
    writer = PageWriter(YOU_SAID, front_matter(
        "You said, we did", description=f"What people told {settings.team}, and what we did about it.",
        hide=["toc"]))
    writer.render(env, "actions.html", here=YOU_SAID, actions=actions, groups=groups,
                  departments=sorted(({"id": i, "name": department_names.get(i, i)} for i in named_departments),
                                     key=lambda d: (d["name"].casefold(), d["id"])),
                  services=[s for s in catalogue.services if s.id in named_services],
                  bodies={a.id: Markup(convert(a.body)) for a in actions if a.body.strip()})
    return writer.page()
