"""The `frontdesk` command: the author's tools, none of which builds the site.

    frontdesk check [--format json] [--strict]   # validate settings and every content file
    frontdesk new service|issue|resource "Title"  # start a content file
    frontdesk email ISSUE                         # write an issue's email edition
    frontdesk schemas                             # JSON Schemas for editors
    frontdesk stats import incidents.csv --format servicenow [--service-map map.yml] [--dry-run]
    frontdesk incident new|update|resolve ...    # record an incident, stamped with the build's clock
    frontdesk maintenance new "Title" ...        # announce planned maintenance
    frontdesk surveys import responses.csv --survey ID --format forms|generic [--dry-run]
    frontdesk brief --month 2026-11 [--department finance]  # the monthly brief: .html, .pdf, .eml

Each command is a module of its own (check.py, new.py, email.py, schemas.py, stats_import.py);
project.py reads a project for them, as a build would.

Whatever goes wrong ends in a message, never a traceback: problems in the settings or content as
`path:line: field: problem (found: value)`, a file that cannot be read or written as one line
naming it. An error in Frontdesk itself is one line saying so; FRONTDESK_DEBUG=1 shows its traceback.
"""

from __future__ import annotations

import argparse
import os
import sys

from ..core.problems import ContentError
from .brief import add_brief_command
from .check import add_check_command
from .email import add_email_command
from .incident import add_incident_command
from .maintenance import add_maintenance_command
from .new import add_new_command
from .schemas import add_schemas_command
from .stats_import import add_stats_command
from .surveys import add_surveys_command

# Set (to anything but 0) to see the traceback of an error in Frontdesk itself.
DEBUG_VARIABLE = "FRONTDESK_DEBUG"
# The exit status of an error in Frontdesk itself (sysexits.h's EX_SOFTWARE).
INTERNAL_ERROR = 70


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
    except OSError as error:
        print(f"frontdesk {args.command}: {_file_error(error)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"frontdesk {args.command}: stopped", file=sys.stderr)
        return 130
    except Exception as error:  # an error in Frontdesk itself: one line, unless asked for the traceback
        if os.environ.get(DEBUG_VARIABLE, "") not in ("", "0"):
            raise
        print(f"frontdesk {args.command}: internal error (a bug in Frontdesk; {DEBUG_VARIABLE}=1 shows where): "
              f"{' '.join(f'{type(error).__name__}: {error}'.split())}", file=sys.stderr)
        return INTERNAL_ERROR


def _file_error(error: OSError) -> str:
    """An operating system's error in one line, naming the file."""
    names = [str(name) for name in (error.filename, error.filename2) if name is not None]
    reason = error.strerror or str(error)
    return f"{' → '.join(names)}: {reason}" if names else " ".join(reason.split())


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
            "  frontdesk schemas                            JSON Schemas for your editor\n"
            '  frontdesk incident new "VPN slow" --services vpn --impact degraded\n'
            '  frontdesk maintenance new "Email updates" --services email --start "2026-12-05 07:00" ...\n'
            "  frontdesk surveys import responses.csv --survey 2026-autumn --format forms --dry-run\n"
            "  frontdesk brief --month 2026-11                the monthly brief: .html, .pdf and .eml"),
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    add_check_command(commands)
    add_new_command(commands)
    add_schemas_command(commands)
    add_email_command(commands)
    add_stats_command(commands)
    add_incident_command(commands)
    add_maintenance_command(commands)
    add_surveys_command(commands)
    add_brief_command(commands)
    return parser
