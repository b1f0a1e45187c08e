"""`frontdesk new`: start a service, newsletter issue or resource with every field in place.

The new file passes `frontdesk check` as it is, so `mkdocs serve` shows it at once; each
placeholder has a comment saying what to write.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from ..core.clock import build_today
from ..core.files import path_problem
from ..core.schema import ID_MAX_LENGTH
from ..core.settings import Settings
from ..core.urls import slug
from .project import load_settings

KINDS = ("service", "issue", "resource")


def add_new_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `frontdesk new` with the command line."""
    new = commands.add_parser(
        "new", help="start a new service, newsletter issue or resource from a title",
        description="Write a new content file with every required field filled with a placeholder and a "
        "comment, under the right file name. Never overwrites a file.",
        epilog='examples:\n  frontdesk new service "Lab equipment booking"\n'
        '  frontdesk new issue "Winter opening hours"\n  frontdesk new resource "Home working checklist"',
        formatter_class=argparse.RawDescriptionHelpFormatter)
    new.add_argument("kind", choices=KINDS, help="what to create")
    new.add_argument("title", help="its title, in quotes")
    new.add_argument("--project", type=Path, default=Path("."),
                     help="folder holding mkdocs.yml (default: the current folder)")
    new.set_defaults(run=run_new, command="new")


def run_new(args: argparse.Namespace) -> int:
    """Write the new file, or explain why not."""
    settings = load_settings(args.project)
    if settings is None:
        return 1
    title = " ".join(args.title.split())
    name = slug(title)[:ID_MAX_LENGTH].strip("-")
    if not title or name == "tag":
        print("frontdesk new: the title needs at least one letter or digit", file=sys.stderr)
        return 2
    today = build_today(settings.timezone)
    relative, text = new_file(args.kind, title, name, settings, today)
    target = args.project / relative
    if (outside := path_problem(args.project, relative)) is not None:  # never write through a link out of it
        print(f"frontdesk new: {outside}", file=sys.stderr)
        return 1
    if target.exists():
        print(f"frontdesk new: {relative} already exists; choose another title or edit that file",
              file=sys.stderr)
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as stream:  # "x": never overwrite, even in a race
        stream.write(text)
    print(f"frontdesk new: wrote {relative}")
    return 0


def new_file(kind: str, title: str, name: str, settings: Settings, today: date) -> tuple[str, str]:
    """The path and text of a new content file."""
    if kind == "service":
        return f"content/services/{name}.md", service_text(title, settings, today)
    if kind == "issue":
        return f"newsletter/{today.isoformat()}-{name}.md", issue_text(title, today)
    return f"content/resources/{name}.md", resource_text(title, settings)


def _yaml_text(text: str) -> str:
    """A YAML scalar that stays text whatever it contains."""
    return json.dumps(text, ensure_ascii=False)


def service_text(title: str, settings: Settings, today: date) -> str:
    """A new service: valid as it stands, every placeholder marked TODO."""
    categories = ", ".join(c.id for c in settings.categories)
    audiences = ", ".join(a.id for a in settings.audiences)
    return f"""---
title: {_yaml_text(title)}
summary: "TODO: one sentence, at most 160 characters: what it is and who it is for."
category: {settings.categories[0].id}   # one of: {categories}
lifecycle: pipeline   # pipeline (coming soon) | live | retiring | retired
audience: [{settings.audiences[0].id}]   # any of: {audiences}
owner:
  team: {_yaml_text(settings.team)}   # TODO: the team that runs it
  email: {settings.contact_email}   # TODO: its contact address
support:
  hours: "Monday to Friday, 09:00–17:00"   # TODO
  timezone: {settings.timezone}
  channels:
    - label: Service desk   # TODO: portal, phone (tel:), email (mailto:)
      url: mailto:{settings.contact_email}
request:
  approval: none   # none | manager | owner
  how: "TODO: how to get it (or replace with url: the request form's address)"
cost: free   # or a price with its unit, such as "£12 per user per month"
last_reviewed: {today.isoformat()}
# Optional: tags, service_levels (availability, first_response_hours, resolution_hours,
# satisfaction), depends_on, links, feedback_url, retires_on, replaced_by, featured.
---

TODO: describe the service for the people who use it: what it is, who it is for, how to
get it, and what to do when it goes wrong. Use ## headings.
"""


def issue_text(title: str, today: date) -> str:
    """A new newsletter issue, dated today and kept as a draft until you are ready."""
    return f"""---
title: {_yaml_text(title)}
date: {today.isoformat()}   # must match the file name; a future date schedules the issue
summary: "TODO: a sentence or two, at most 300 characters, shown in the archive, feeds and email."
draft: true   # remove this line to publish
# Optional: authors (ids from content/authors.yml), tags, image (under newsletter/),
# services (ids of services the issue features).
---

TODO: write the issue. Link to a service with [Wi-Fi](../services/wifi.md) and add images
with ![what it shows](images/picture.png).
"""


def resource_text(title: str, settings: Settings) -> str:
    """A new free resource."""
    return f"""---
title: {_yaml_text(title)}
summary: "TODO: one sentence: what it is and why it is useful."
kind: guide   # guide | template | software | training | giveaway | checklist
url: https://example.org/   # TODO: where to get it; or file: (a file under content/resources/files/)
# Optional: audience (ids: {", ".join(a.id for a in settings.audiences)}), services, tags,
# available_from and available_until (dates; a giveaway ends on available_until).
---

TODO: describe the resource and how to use it.
"""
