"""`frontdesk incident new|update|resolve`: record an incident as it happens.

`new` writes content/incidents/<today>-<slug>.md, started now; `update` appends a timestamped
update to its timeline; `resolve` adds the `resolved` time and a last update. Times come from the
build's clock (FRONTDESK_NOW when set), to the minute, in the site's time zone. The rest of the
file stays exactly as written: the update goes after the last one, `resolved:` before the end of
the front matter.
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import datetime
from pathlib import Path

from ..catalogue.catalogue import service_files
from ..core.clock import build_now
from ..core.problems import Problem
from ..core.schema import ID_MAX_LENGTH, Checker, Invalid, Text
from ..core.source import Document
from ..core.urls import slug
from ..status.incidents import IMPACTS, INCIDENTS, STAGES, incident_fields, read_incident
from .project import add_project_option, load_settings
from .status_files import Refused, checked_write, existing_file, known_services, yaml_text

_TOP_KEY = re.compile(r"^[A-Za-z_][\w-]*\s*:")


def add_incident_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `frontdesk incident` with the command line."""
    incident = commands.add_parser(
        "incident", help="record an incident: new, update, resolve",
        description="Write and update content/incidents/ files, stamped with the build's clock.",
        epilog='examples:\n  frontdesk incident new "VPN slow" --services vpn --impact degraded\n'
        '  frontdesk incident update 2026-11-23-vpn-slow --stage identified "A faulty link; replacing it"\n'
        '  frontdesk incident resolve 2026-11-23-vpn-slow "Connections are back to normal"',
        formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = incident.add_subparsers(title="actions", metavar="ACTION", required=True)
    new = actions.add_parser("new", help="start an incident, started now")
    new.add_argument("title", help="what went wrong, in quotes")
    new.add_argument("--services", action="append", required=True, help="affected service ids (comma-separated)")
    new.add_argument("--impact", choices=IMPACTS, required=True)
    new.add_argument("--text", help="a first update (stage investigating)")
    update = actions.add_parser("update", help="add an update to an incident's timeline")
    update.add_argument("id", help="the incident's file name without .md (or its slug)")
    update.add_argument("--stage", choices=STAGES[:-1], required=True)
    update.add_argument("text", help="what staff should know, in quotes")
    resolve = actions.add_parser("resolve", help="resolve an incident now, with a last update")
    resolve.add_argument("id", help="the incident's file name without .md (or its slug)")
    resolve.add_argument("text", help="what staff should know, in quotes")
    for parser in (new, update, resolve):
        add_project_option(parser)
    new.set_defaults(run=run_incident, command="incident", action="new")
    update.set_defaults(run=run_incident, command="incident", action="update")
    resolve.set_defaults(run=run_incident, command="incident", action="resolve")


def run_incident(args: argparse.Namespace) -> int:
    """Do the action, or say in one line (or a list of problems) why nothing was written."""
    settings = load_settings(args.project)
    if settings is None:
        return 1
    now = build_now(settings.timezone).replace(second=0, microsecond=0)
    fields = incident_fields(settings.timezone)
    known = {file.stem for file, _ in service_files(args.project)[0]}

    def check(file: Path, path: str) -> list[Problem]:
        return read_incident(file, path, fields, known, now, settings.allow_scripts)[1]

    try:
        if args.action == "new":
            relative, text = new_incident(args, now)
            checked_write(args.project, relative, text, check, new=True)
        else:
            file, relative = existing_file(args.project, INCIDENTS, args.id, "incident")
            written = file.read_text("utf-8")
            if args.action == "update":
                text = with_update(written, now, args.stage, args.text)
            else:
                if re.search(r"(?m)^resolved\s*:", front_matter(written)[0]):
                    raise Refused(f"{relative} is already resolved")
                text = with_resolved(with_update(written, now, "resolved", args.text), now)
            checked_write(args.project, relative, text, check, new=False)
    except Refused as error:
        print(f"frontdesk incident {args.action}: {error}", file=sys.stderr)
        return 1
    print(f"frontdesk incident {args.action}: wrote {relative} ({moment(now)})")
    return 0


def moment(now: datetime) -> str:
    """A time as incident files hold it: 2026-11-23 09:40."""
    return f"{now:%Y-%m-%d %H:%M}"


def _checked_text(value: str, name: str, limit: int) -> str:
    try:
        return Text(limit).parse(value, name, Checker(Document("", {}, {})))
    except Invalid as error:
        raise Refused(f"the {name} {error}") from None


def new_incident(args: argparse.Namespace, now: datetime) -> tuple[str, str]:
    """The path and text of a new incident, started now."""
    title = _checked_text(args.title, "title", 120)
    services = known_services(args.project, args.services)
    name = slug(title, ID_MAX_LENGTH - 11)
    if not name:
        raise Refused(f"no file name can be made from the title {title!r}; use Latin letters or digits in it")
    updates = ""
    if args.text:
        updates = (f"updates:\n  - at: {moment(now)}\n    stage: investigating\n"
                   f"    text: {yaml_text(_checked_text(args.text, 'text', 2000))}\n")
    text = (f"---\ntitle: {yaml_text(title)}\nservices: [{', '.join(services)}]\nimpact: {args.impact}\n"
            f"started: {moment(now)}\n# resolved: YYYY-MM-DD HH:MM (frontdesk incident resolve adds it)\n"
            f"{updates}---\n\nTODO: what staff should know and do while this lasts. Once it is over, "
            "replace this with the post-incident review.\n")
    return f"{INCIDENTS}/{now.date().isoformat()}-{name}.md", text


def front_matter(text: str) -> tuple[str, int, int]:
    """The front matter's text, and where it starts and ends in `text` (the closing '---' line)."""
    match = re.match(r"\A(\ufeff?---[ \t]*\r?\n)(.*?)^---[ \t]*$", text, re.S | re.M)
    if match is None:
        raise Refused("the file has no front matter between '---' lines")
    return match[2], match.start(2), match.end(2)


def with_update(text: str, now: datetime, stage: str, words: str) -> str:
    """The file with one update added after the last, everything else as written."""
    body = _checked_text(words, "text", 2000)
    matter, start, end = front_matter(text)
    lines = matter.splitlines(keepends=True)
    newline = "\r\n" if "\r\n" in matter else "\n"
    at = next((i for i, line in enumerate(lines) if re.match(r"^updates\s*:", line)), None)
    if at is None:
        return text[:end] + f"updates:{newline}" + _item("  ", now, stage, body, newline) + text[end:]
    if lines[at].split(":", 1)[1].strip() not in ("", "[]"):
        raise Refused("'updates:' is written on one line; write it as a list, one '- at:' per update")
    last = at
    for index in range(at + 1, len(lines)):
        if _TOP_KEY.match(lines[index]):
            break
        if lines[index].strip():
            last = index
    items = [line for line in lines[at + 1:last + 1] if line.lstrip().startswith("- ")]
    indent = items[0][: len(items[0]) - len(items[0].lstrip())] if items else "  "
    head = [*lines[:at], lines[at].split(":", 1)[0] + ":" + newline, *lines[at + 1:last + 1]]
    if not head[-1].endswith("\n"):
        head[-1] += newline
    item = _item(indent, now, stage, body, newline)
    return text[:start] + "".join(head) + item + "".join(lines[last + 1:]) + text[end:]


def _item(indent: str, now: datetime, stage: str, body: str, newline: str) -> str:
    pad = indent + "  "
    return f"{indent}- at: {moment(now)}{newline}{pad}stage: {stage}{newline}{pad}text: {yaml_text(body)}{newline}"


def with_resolved(text: str, now: datetime) -> str:
    """The file with `resolved:` now, before the end of the front matter."""
    matter, _, end = front_matter(text)
    newline = "\r\n" if "\r\n" in matter else "\n"
    return text[:end] + f"resolved: {moment(now)}{newline}" + text[end:]
