"""`frontdesk maintenance new`: announce planned maintenance.

Writes content/maintenance/<start date>-<slug>.md, checked as `frontdesk check` checks it
(a repeat rule by icalendar), never over an existing file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..catalogue.catalogue import service_files
from ..core.problems import Problem
from ..core.schema import ID_MAX_LENGTH, Checker, Invalid, Text
from ..core.source import Document
from ..core.urls import slug
from ..status.maintenance import IMPACTS, MAINTENANCE, maintenance_fields, read_one
from ..status.moments import Moment
from .project import add_project_option, load_settings
from .status_files import Refused, checked_write, known_services, yaml_text


def add_maintenance_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `frontdesk maintenance` with the command line."""
    maintenance = commands.add_parser(
        "maintenance", help="announce planned maintenance",
        description="Write a content/maintenance/ file, named by its start date.",
        epilog='example:\n  frontdesk maintenance new "Email server updates" --services email-and-calendar \\\n'
        '      --start "2026-12-05 07:00" --end "2026-12-05 09:00" --impact degraded \\\n'
        '      --repeat "FREQ=MONTHLY;BYDAY=1SA;COUNT=12"',
        formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = maintenance.add_subparsers(title="actions", metavar="ACTION", required=True)
    new = actions.add_parser("new", help="announce a maintenance window")
    new.add_argument("title", help="what is being done, in quotes")
    new.add_argument("--services", action="append", required=True, help="affected service ids (comma-separated)")
    new.add_argument("--start", required=True, help='when it starts, "YYYY-MM-DD HH:MM" in the site\'s time zone')
    new.add_argument("--end", required=True, help='when it ends, "YYYY-MM-DD HH:MM"')
    new.add_argument("--impact", choices=IMPACTS, required=True)
    new.add_argument("--repeat", help="an iCalendar RRULE with COUNT or UNTIL, like FREQ=MONTHLY;BYDAY=1SA;COUNT=12")
    add_project_option(new)
    new.set_defaults(run=run_maintenance, command="maintenance")


def run_maintenance(args: argparse.Namespace) -> int:
    """Write the new file, or say why not."""
    settings = load_settings(args.project)
    if settings is None:
        return 1
    fields = maintenance_fields(settings.timezone)
    known = {file.stem for file, _ in service_files(args.project)[0]}

    def check(file: Path, path: str) -> list[Problem]:
        return read_one(file, path, fields, known, settings.allow_scripts)[1]

    try:
        checker = Checker(Document("", {}, {}))
        title = Text(120).parse(args.title, "title", checker)
        start = Moment(settings.timezone).parse(args.start, "start", checker)
        services = known_services(args.project, args.services)
        name = slug(title, ID_MAX_LENGTH - 11)
        if not name:
            raise Refused(f"no file name can be made from the title {title!r}; use Latin letters or digits in it")
        relative = f"{MAINTENANCE}/{start.date().isoformat()}-{name}.md"
        repeat = f"repeat: {yaml_text(args.repeat)}\n" if args.repeat else ""
        text = (f"---\ntitle: {yaml_text(title)}\nservices: [{', '.join(services)}]\n"
                f"start: {args.start.strip()}\nend: {args.end.strip()}\nimpact: {args.impact}\n{repeat}---\n\n"
                "TODO: what staff should do before and during the work.\n")
        checked_write(args.project, relative, text, check, new=True)
    except Invalid as error:
        print(f"frontdesk maintenance new: {error.args[0]}", file=sys.stderr)
        return 1
    except Refused as error:
        print(f"frontdesk maintenance new: {error}", file=sys.stderr)
        return 1
    print(f"frontdesk maintenance new: wrote {relative}")
    return 0
