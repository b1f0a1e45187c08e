"""The `frontdesk` command: the author's tools, none of which builds the site.

    frontdesk check [--format json] [--strict]   # validate settings and every content file
    frontdesk new service|issue|resource "Title"  # start a content file
    frontdesk email ISSUE                         # write an issue's email edition
    frontdesk schemas                             # JSON Schemas for editors
    frontdesk stats import incidents.csv --format servicenow [--service-map map.yml] [--dry-run]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

import yaml

from ..core.problems import ContentError, Problem
from ..core.settings import Settings, read_settings, settings_document
from ..core.writing import write_atomically
from ..site.site import Site, read_site
from ..stats.stats_import import FORMATS, diff, import_stats, progress_stream, summary
from .authoring import add_new_command
from .checking import check_project
from .email_command import add_email_command
from .schemas import SCHEMA_FOLDER, schema_files


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, leaving MkDocs' own tags (!ENV, !!python/name) as plain values."""


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """MkDocs' !ENV: the first environment variable set, else the last item as default."""
    names = [loader.construct_scalar(node)] if isinstance(node, yaml.ScalarNode) else [
        loader.construct_object(item) for item in node.value]
    for name in names[:-1] if len(names) > 1 else names:
        if isinstance(name, str) and name in os.environ:
            return os.environ[name]
    return names[-1] if len(names) > 1 else None


_ConfigLoader.add_constructor("!ENV", _env_tag)
_ConfigLoader.add_multi_constructor("!", _any_tag)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _any_tag)


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
    _add_stats_command(commands)
    return parser


_STATS_EXAMPLES = """examples:
  frontdesk stats import exports/incidents.csv --format servicenow
  frontdesk stats import exports/jira.csv --format jira --service-map exports/jira-services.yml
  frontdesk stats import tickets.csv --format generic --dry-run    # show the diff, write nothing
  frontdesk stats import uk.csv --format servicenow --date-format "%d/%m/%Y %H:%M:%S"
"""


def _add_stats_command(commands: Any) -> None:
    """Register `frontdesk stats import` with the command line."""
    stats = commands.add_parser("stats", help="import service stats from a ticketing system's CSV export",
                                description="Work with the monthly stats in content/stats/.",
                                epilog=_STATS_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = stats.add_subparsers(title="actions", metavar="ACTION")
    stats.set_defaults(run=lambda _: stats.print_help() or 2, command="stats")
    importer = actions.add_parser(
        "import", help="merge monthly aggregates from a CSV export into content/stats/*.yml",
        description="Read a ticket export (ServiceNow, Jira Service Management or the generic CSV described "
        "in README.md) and merge monthly figures per service into content/stats/<service-id>.yml: "
        "incidents, requests, resolved, median first response and resolution hours, %% within SLA, "
        "satisfaction and its number of responses. Months the export does not cover, and fields it does "
        "not compute (such as availability), are kept. Every file is written atomically, or none is.",
        epilog=_STATS_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    importer.add_argument("file", type=Path, metavar="FILE.csv", help="the exported CSV file")
    importer.add_argument("--format", required=True, choices=FORMATS, help="which system wrote the export")
    importer.add_argument("--service-map", type=Path, metavar="MAP.yml",
                          help="YAML mapping each service name in the export to a service id (null: leave out)")
    importer.add_argument("--date-format", action="append", default=[], dest="date_formats", metavar="FORMAT",
                          help="the export's date and time format in strftime codes, for exports not in ISO 8601 "
                          "(or Jira's 23/Nov/26 9:15 AM), such as '%%d/%%m/%%Y %%H:%%M:%%S'; give it again for "
                          "a second format")
    importer.add_argument("--dry-run", action="store_true", help="show the changes as a diff; write nothing")
    importer.add_argument("--project", type=Path, default=Path("."),
                          help="folder holding mkdocs.yml (default: the current folder)")
    importer.set_defaults(run=run_stats_import, command="stats import")


def project_config(project: Path) -> dict[str, Any]:
    """mkdocs.yml as plain data (MkDocs' own tags kept as text); raises ContentError."""
    config_file = project / "mkdocs.yml"
    try:
        text = config_file.read_text(encoding="utf-8-sig")
        config = yaml.load(text, Loader=_ConfigLoader) or {}
    except OSError as error:
        raise ContentError([Problem(str(config_file), 1, "file", "cannot be read",
                                    error.strerror or str(error))]) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise ContentError([Problem("mkdocs.yml", line, "YAML", f"is not valid YAML: {error}")]) from None
    return config if isinstance(config, dict) else {}


def load_project(project: Path) -> Site:
    """Read and check a project's settings and content, as a build would."""
    extra = project_config(project).get("extra")
    raw = extra.get("frontdesk") if isinstance(extra, dict) else None
    return read_site(project, raw)


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


def load_settings(project: Path) -> Settings | None:
    """The project's validated settings, or None after printing what is wrong."""
    extra = project_config(project).get("extra")
    raw = extra.get("frontdesk") if isinstance(extra, dict) else None
    try:
        return read_settings(raw, settings_document(str(project / "mkdocs.yml"), "mkdocs.yml"))
    except ContentError as error:
        print(str(error), file=sys.stderr)
        return None


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


def run_stats_import(args: argparse.Namespace) -> int:
    """`frontdesk stats import`: merge an export into the stats files and say what happened."""
    try:
        site = load_project(args.project)
        result = import_stats(site, args.file, args.format, args.service_map, dry_run=args.dry_run,
                              progress=progress_stream(args.file.stat().st_size if args.file.is_file() else 0),
                              date_formats=args.date_formats)
    except ContentError as error:
        print(str(error), file=sys.stderr)
        return 1
    except OSError as error:
        print(f"frontdesk stats import: could not write the stats files ({error}); none was changed.",
              file=sys.stderr)
        return 1
    if args.dry_run:
        sys.stdout.write(diff(result.changes))
    print(summary(result, args.file, args.format, args.dry_run))
    return 0

