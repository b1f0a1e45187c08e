"""The `frontdesk` command: the author's tools, none of which builds the site.

    frontdesk check [--format json] [--strict]   # validate settings and every content file
    frontdesk new service|issue|resource "Title"  # start a content file
    frontdesk email ISSUE                         # write an issue's email edition
    frontdesk schemas                             # JSON Schemas for editors
    frontdesk stats import incidents.csv --format servicenow [--service-map map.yml] [--dry-run]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..core.writing import write_atomically
from .authoring import add_new_command
from .checking import check_project
from .email_command import add_email_command
from .project import load_project, load_settings
from .schemas import SCHEMA_FOLDER, schema_files
from .stats_import import add_stats_command


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    return int(args.run(args))


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
    check = commands.add_parser("check", help="validate settings and all content without building",
                                description="Validate settings and all content without building. "
                                "Prints every problem as path:line: field: problem (found: value).")
    check.add_argument("--project", type=Path, default=Path("."),
                       help="folder holding mkdocs.yml (default: the current folder)")
    check.add_argument("--format", choices=("text", "json"), default="text",
                       help="text for people (default) or json for tools")
    check.add_argument("--strict", action="store_true", help="also exit non-zero on warnings")
    check.set_defaults(run=run_check, command="check")
    add_new_command(commands)
    schemas = commands.add_parser(
        "schemas", help="write JSON Schemas for content files, for editors that check YAML as you type",
        description="Write service, issue, stats and authors JSON Schemas, made from the same definitions "
        "the validator uses, with this site's categories and audiences.")
    schemas.add_argument("--out", type=Path, default=Path(SCHEMA_FOLDER), help="folder (default: schemas)")
    schemas.add_argument("--project", type=Path, default=Path("."),
                         help="folder holding mkdocs.yml (default: the current folder)")
    schemas.set_defaults(run=run_schemas, command="schemas")
    add_email_command(commands)
    add_stats_command(commands)
    return parser


def run_check(args: argparse.Namespace) -> int:
    """`frontdesk check`: every problem and warning; non-zero exit on problems (and warnings if --strict)."""
    result = check_project(load_project, args.project)
    if args.format == "json":
        print(result.json())
    elif result.problems:
        print(result.text(), file=sys.stderr)
    else:
        print(result.text())
    return 1 if result.problems or (args.strict and result.warnings) else 0


def run_schemas(args: argparse.Namespace) -> int:
    """`frontdesk schemas`: write the JSON Schemas of every content kind."""
    settings = load_settings(args.project)
    if settings is None:
        return 1
    out = args.out if args.out.is_absolute() else args.project / args.out
    out.mkdir(parents=True, exist_ok=True)
    for name, data in schema_files(settings, args.project).items():
        write_atomically(out / name, data)
        print(f"frontdesk schemas: wrote {out / name}")
    return 0
