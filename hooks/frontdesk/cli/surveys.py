"""`frontdesk surveys import`: write a survey round's results from an export, aggregates only.

    export CSV → responses (surveys/responses.py) → suppressed aggregates (surveys/results.py)
               → content/surveys/<id>.yml, or shown as a diff (surveys/importing.py)

Everything printed passes through core/terminal.py: an export's text cannot drive the terminal.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from ..core.problems import ContentError
from ..core.terminal import printable
from ..core.writing import Busy
from ..surveys.importing import LOCK_WAIT, Project, import_survey, summary
from ..surveys.responses import FORMATS
from .project import add_import_options, command_group, load_project

_EXAMPLES = """examples:
  frontdesk surveys import exports/autumn.csv --survey 2026-autumn --format forms \\
      --title "Autumn 2026 IT survey" --closed 2026-11-13
  frontdesk surveys import responses.csv --survey 2026-autumn --format generic --dry-run
"""


def add_surveys_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `frontdesk surveys import` with the command line."""
    actions = command_group(commands, "surveys", help="import a survey round's results from a CSV export",
                            description="Work with survey results in content/surveys/.", epilog=_EXAMPLES)
    importer = actions.add_parser(
        "import", help="write content/surveys/<id>.yml from a survey export (aggregates only)",
        description="Read a survey export (Microsoft Forms' responses saved as CSV UTF-8, or the generic CSV "
        "described in README.md) and write content/surveys/<id>.yml: responses per department, and per service "
        "the count and mean of satisfaction and importance, overall and per department. Free text is never "
        "written, only counted. Groups of fewer than min_group_size people are suppressed, and so are groups "
        "that would reveal one. The file is replaced as a whole, atomically.",
        epilog=_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    importer.add_argument("file", type=Path, metavar="FILE.csv", help="the exported responses")
    importer.add_argument("--survey", required=True, metavar="ID", help="the round's id: content/surveys/<ID>.yml")
    importer.add_argument("--format", required=True, choices=FORMATS, help="forms (Microsoft Forms) or generic")
    importer.add_argument("--title", help="the round's title (needed for a new round; else the file's is kept)")
    importer.add_argument("--closed", type=_day, metavar="YYYY-MM-DD",
                          help="the day the survey closed (needed for a new round; else the file's is kept)")
    add_import_options(importer, LOCK_WAIT, "how long to wait for another import to finish")
    importer.set_defaults(run=run_surveys_import, command="surveys import")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a date written YYYY-MM-DD (found: {text!r})") from None


def run_surveys_import(args: argparse.Namespace) -> int:
    """`frontdesk surveys import`: write the round's results and say what happened."""
    try:
        site = load_project(args.project)
        project = Project(args.project, {s.id: s.title for s in site.catalogue.services}, dict(site.department_names),
                          site.settings.min_group_size, site.today, {s.id: s for s in site.surveys})
        result = import_survey(project, args.file, args.format, args.survey, title=args.title, closed=args.closed,
                               dry_run=args.dry_run, wait=args.wait)
    except ContentError as error:
        print(printable(str(error)), file=sys.stderr)
        return 1
    except Busy as error:
        print(printable(f"frontdesk surveys import: {error}"), file=sys.stderr)
        return 1
    except OSError as error:
        print(printable(f"frontdesk surveys import: could not write the survey file ({error}); it was not "
                        "changed."), file=sys.stderr)
        return 1
    if args.dry_run:
        sys.stdout.write(printable(result.diff()))
    print(printable(summary(result, args.file, args.format, site.settings.min_group_size, args.dry_run)))
    return 0
