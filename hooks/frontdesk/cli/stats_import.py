"""`frontdesk stats import`: merge a ticketing system's CSV export into the stats files.

    export CSV → tickets (stats/ticket_exports.py) → monthly figures per service (stats/counting.py)
               → merged into content/stats/<id>.yml, or shown as a diff (stats/merging.py)

Everything printed passes through core/terminal.py: an export's text cannot drive the terminal.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from ..core.problems import ContentError
from ..core.terminal import printable
from ..core.writing import Busy
from ..site.site import Site
from ..stats.counting import aggregate
from ..stats.merging import (
    LOCK_WAIT,
    Change,
    diff,
    plan_changes,
    stats_lock,
    tidy_stats_folder,
    write_changes,
)
from ..stats.ticket_exports import (
    FORMAT_NAMES,
    FORMATS,
    Dates,
    Export,
    progress_stream,
    read_export_file,
    service_names,
)
from .project import add_import_options, command_group, load_project

# Skipped rows listed one by one in the summary; the rest are counted.
SKIPPED_LISTED = 50


_STATS_EXAMPLES = """examples:
  frontdesk stats import exports/incidents.csv --format servicenow
  frontdesk stats import exports/jira.csv --format jira --service-map exports/jira-services.yml
  frontdesk stats import tickets.csv --format generic --dry-run    # show the diff, write nothing
  frontdesk stats import uk.csv --format servicenow --date-format "%d/%m/%Y %H:%M:%S"
"""


def add_stats_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `frontdesk stats import` with the command line."""
    actions = command_group(commands, "stats", help="import service stats from a ticketing system's CSV export",
                            description="Work with the monthly stats in content/stats/.", epilog=_STATS_EXAMPLES)
    importer = actions.add_parser(
        "import", help="merge monthly aggregates from a CSV export into content/stats/*.yml",
        description="Read a ticket export (ServiceNow, Jira Service Management or the generic CSV described "
        "in README.md) and merge monthly figures per service into content/stats/<service-id>.yml: "
        "incidents, requests, resolved, median first response and resolution hours, %% within SLA, "
        "satisfaction and its number of responses. Months the export does not cover, and fields it does "
        "not compute (such as availability), are kept. Every file is written atomically, or none is, and only "
        "into the project's own content/stats/; one import runs at a time (a second waits for the first).",
        epilog=_STATS_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    importer.add_argument("file", type=Path, metavar="FILE.csv", help="the exported CSV file")
    importer.add_argument("--format", required=True, choices=FORMATS, help="which system wrote the export")
    importer.add_argument("--service-map", type=Path, metavar="MAP.yml",
                          help="YAML mapping each service name in the export to a service id (null: leave out)")
    importer.add_argument("--date-format", action="append", default=[], dest="date_formats", metavar="FORMAT",
                          help="the export's date and time format in strftime codes, for exports not in ISO 8601 "
                          "(or Jira's 23/Nov/26 9:15 AM), such as '%%d/%%m/%%Y %%H:%%M:%%S'; give it again for "
                          "a second format")
    add_import_options(importer, LOCK_WAIT, "how long to wait for another import into the same project to finish "
                       "before giving up")
    importer.set_defaults(run=run_stats_import, command="stats import")


def run_stats_import(args: argparse.Namespace) -> int:
    """`frontdesk stats import`: merge an export into the stats files and say what happened."""
    try:
        site = load_project(args.project)
        result = import_stats(site, args.file, args.format, args.service_map, dry_run=args.dry_run,
                              progress=progress_stream(args.file.stat().st_size if args.file.is_file() else 0),
                              date_formats=args.date_formats, wait=args.wait)
    except ContentError as error:
        print(printable(str(error)), file=sys.stderr)
        return 1
    except Busy as error:
        print(printable(f"frontdesk stats import: {error}"), file=sys.stderr)
        return 1
    except OSError as error:
        print(printable(f"frontdesk stats import: could not write the stats files ({error}); none was changed."),
              file=sys.stderr)
        return 1
    if args.dry_run:
        sys.stdout.write(printable(diff(result.changes)))
    print(printable(summary(result, args.file, args.format, args.dry_run)))
    return 0


@dataclass(frozen=True)
class ImportResult:
    """What an import read, skipped and (would have) written."""

    export: Export
    changes: tuple[Change, ...]
    notices: tuple[str, ...] = ()  # an interrupted import completed, leftovers removed


def import_stats(site: Site, csv_file: Path, kind: str, service_map: Path | None = None, *,
                 dry_run: bool = False, progress: TextIO | None = None,
                 date_formats: Sequence[str] = (), wait: float = LOCK_WAIT) -> ImportResult:
    """Read an export and merge it into the stats files (unless a dry run); raises ContentError,
    or Busy when another import holds the stats files for longer than `wait` seconds.

    `date_formats` (strftime codes) replace the usual ISO 8601 and Jira forms when given. The
    stats files are read and written under one lock, so a concurrent import merges on top."""
    names = service_names(site.catalogue, service_map)
    dates = Dates(ZoneInfo(site.settings.timezone), tuple(date_formats))
    export = read_export_file(csv_file, kind, names, dates, site.today, progress)
    computed = aggregate(export.tickets.values())
    with stats_lock(site.root, wait):
        notices = tidy_stats_folder(site.root)
        changes = plan_changes(site.root, site.catalogue, site.today, computed)
        changed = [c for c in changes if c.changed]
        if changed and not dry_run:
            write_changes(site.root, changed)
    return ImportResult(export, tuple(changes), tuple(notices))


def summary(result: ImportResult, csv_file: Path, kind: str, dry_run: bool) -> str:
    """What the import read, skipped and wrote, in words."""
    export = result.export
    tickets = export.tickets.values()
    lines = [*result.notices, f"Read {export.rows} row{'s' if export.rows != 1 else ''} from {csv_file} "
             f"({FORMAT_NAMES[kind]} export): {len(export.tickets)} ticket{'s' if len(export.tickets) != 1 else ''}."]
    if export.superseded:
        rows = ", ".join(str(r) for r in sorted(export.superseded))
        lines.append(f"Kept the last row of tickets listed more than once; earlier rows {rows} were replaced.")
    if tickets:
        first, last = min(t.opened for t in tickets), max(t.opened for t in tickets)
        lines.append(f"Tickets opened from {first:%Y-%m-%d} to {last:%Y-%m-%d}.")
    if export.skipped:
        lines.append(f"Skipped {len(export.skipped)} row{'s' if len(export.skipped) != 1 else ''}:")
        lines += [f"  row {s.row}: {s.reason}" for s in export.skipped[:SKIPPED_LISTED]]
        if len(export.skipped) > SKIPPED_LISTED:
            lines.append(f"  … and {len(export.skipped) - SKIPPED_LISTED} more")
    verb = "Would write" if dry_run else "Wrote"
    for change in result.changes:
        if change.changed:
            done = [f"{', '.join(months)} {what}" for months, what in
                    ((change.added, "added"), (change.updated, "updated")) if months]
            lines.append(f"{verb} {change.path}: {'; '.join(done)}"
                         f"{' (new file)' if change.old is None else ''}.")
            if change.lost_comments:
                lines.append(f"  note: comments inside {change.path} below its first lines are not kept.")
        else:
            lines.append(f"Unchanged {change.path} ({', '.join(change.unchanged)} already up to date).")
    if not result.changes:
        lines.append("No stats file to write: no ticket could be used.")
    if dry_run:
        lines.append("Dry run: nothing was written.")
    return "\n".join(lines)
