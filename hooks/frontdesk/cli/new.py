"""`frontdesk new`: start a service, newsletter issue or resource with every field in place.

The new file passes `frontdesk check` as it is, so `mkdocs serve` shows it at once; each
placeholder has a comment saying what to write.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from datetime import date
from pathlib import Path

from ..catalogue.services import SERVICE_FIELDS
from ..core.clock import build_today
from ..core.files import path_problem
from ..core.names import ISSUE_SLUGS, RESOURCE_IDS, SERVICE_IDS, kept_name_problem
from ..core.schema import ID_MAX_LENGTH, Checker, FieldType, Invalid, id_problem
from ..core.settings import Settings
from ..core.source import Document
from ..core.urls import slug
from ..newsletter.newsletter import issue_fields
from ..resources.resources import resource_fields
from .project import add_project_option, load_settings

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
    new.add_argument("--id", dest="name", metavar="ID",
                     help="the file name to use (lowercase words joined by hyphens) instead of one made "
                     "from the title, which is written in Latin letters ('Сеть' → set)")
    add_project_option(new)
    new.set_defaults(run=run_new, command="new")


# Where each kind's name becomes an address, so it may not be one the site keeps for its own pages.
FOLDERS = {"service": SERVICE_IDS, "issue": ISSUE_SLUGS, "resource": RESOURCE_IDS}


class Refused(Exception):
    """Why no file is written: one line for the author."""


def run_new(args: argparse.Namespace) -> int:
    """Write the new file, or explain in one line why not; a failure never leaves a file behind."""
    settings = load_settings(args.project)
    if settings is None:
        return 1
    try:
        title = checked_title(args.title, title_type(args.kind, args.project, settings))
        name = checked_name(args.name, title, args.kind, settings)
    except Refused as error:
        print(f"frontdesk new: {error}", file=sys.stderr)
        return 2
    today = build_today(settings.timezone)
    relative, text = new_file(args.kind, title, name, settings, today)
    if (outside := path_problem(args.project, relative)) is not None:  # never write through a link out of it
        print(f"frontdesk new: {outside}", file=sys.stderr)
        return 1
    try:
        write_new(args.project / relative, text.encode("utf-8"))
    except FileExistsError:
        print(f"frontdesk new: {relative} already exists; choose another title or edit that file",
              file=sys.stderr)
        return 1
    except OSError as error:
        print(f"frontdesk new: {relative} cannot be written: {error.strerror or error}", file=sys.stderr)
        return 1
    print(f"frontdesk new: wrote {relative}")
    return 0


def title_type(kind: str, project: Path, settings: Settings) -> FieldType[object]:
    """How `frontdesk check` checks the title of this kind of content."""
    fields = {"service": SERVICE_FIELDS, "issue": issue_fields(project, settings.timezone),
              "resource": resource_fields(project)}[kind]
    return fields["title"].type


def checked_title(raw: str, checked: FieldType[object]) -> str:
    """The title as the new file will hold it, checked as `frontdesk check` will check it."""
    if any("\udc80" <= character <= "\udcff" for character in raw):
        # Bytes the terminal's encoding could not decode reach Python as lone surrogates.
        raise Refused("the title holds bytes that are not UTF-8 text (is the terminal set to another "
                      "encoding?); type it again")
    title = unicodedata.normalize("NFC", raw)  # as content is read
    try:
        return str(checked.parse(title, "title", Checker(Document("", {}, {}))))
    except Invalid as error:
        raise Refused(f"the title {error}") from None


def checked_name(given: str | None, title: str, kind: str, settings: Settings) -> str:
    """The file name: `--id` if given, else made from the title in Latin letters; either one
    `frontdesk check` accepts."""
    name = slug(title, ID_MAX_LENGTH) if given is None else given
    if not name:
        raise Refused(f"no file name can be made from the title {title!r}: it has no letter or digit that can "
                      "be written in Latin letters; give one with --id, like --id team-party")
    problem = id_problem(name) or kept_name_problem(name, FOLDERS[kind])
    if problem is None and kind == "service" and name in {c.id for c in settings.categories}:
        problem = f"'{name}' is also a category id; both would live at /services/{name}/"
    if problem and given is not None:
        raise Refused(f"--id: {problem}")
    if problem:
        raise Refused(f"the title makes the file name '{name}': {problem} (give a file name with --id)")
    return name


def write_new(target: Path, data: bytes) -> None:
    """Write a new file, never over an existing one; on any failure, no file is left behind."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("xb") as stream:  # "x": never overwrite, even in a race
        try:
            stream.write(data)
        except BaseException:
            target.unlink(missing_ok=True)
            raise


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

TODO: write the issue. Link to a service with `[Wi-Fi](../services/wifi.md)`; save a picture
in newsletter/images/ and show it with `![what it shows](images/your-picture.png)`.
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
