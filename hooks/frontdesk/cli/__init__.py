"""The `frontdesk` command: the author's tools, none of which builds the site.

    frontdesk check [--format json] [--strict]   # validate settings and every content file
    frontdesk new service|issue|resource "Title"  # start a content file
    frontdesk email ISSUE                         # write an issue's email edition
    frontdesk schemas                             # JSON Schemas for editors
    frontdesk stats import incidents.csv --format servicenow [--service-map map.yml] [--dry-run]

Each command is a module of its own (check.py, new.py, email.py, schemas.py, stats_import.py);
project.py reads a project for them, as a build would.
"""

from __future__ import annotations

import argparse
import sys

from ..core.problems import ContentError
from .check import add_check_command
from .email import add_email_command
from .new import add_new_command
from .schemas import add_schemas_command
from .stats_import import add_stats_command


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        return int(args.run(args))
    except ContentError as error:  # settings, content or FRONTDESK_NOW a command cannot work with
        print(str(error), file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="frontdesk",
        description="Frontdesk: the IT team's service catalogue, stats and newsletter.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=(
            "examples:\n"
            "  frontdesk check                              validate everything, as a build would\n"
            "  frontdesk check --format json                the same, for tools\n"
            '  frontdesk new service "Lab equipment booking"\n'
            '  frontdesk new issue "Winter opening hours"     dated today, as a draft\n'
            "  frontdesk email wifi-upgrade --out outbox/   an issue's .html and .eml\n"
            "  frontdesk stats import export.csv --format servicenow --dry-run\n"
            "  frontdesk schemas                            JSON Schemas for your editor"),
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    add_check_command(commands)
    add_new_command(commands)
    add_schemas_command(commands)
    add_email_command(commands)
    add_stats_command(commands)
    return parser
