"""`frontdesk check`: every problem and warning of a project, without building it."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from pathlib import Path

from ..core.problems import ContentError, Problem, report
from ..newsletter.newsletter import renamed_issue_warnings
from ..resources.resources import current_giveaways
from ..site.site import Site
from ..stats.stats import stale_warnings
from .project import load_project


def add_check_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `frontdesk check` with the command line."""
    check = commands.add_parser("check", help="validate settings and all content without building",
                                description="Validate settings and all content without building. "
                                "Prints every problem as path:line: field: problem (found: value).")
    check.add_argument("--project", type=Path, default=Path("."),
                       help="folder holding mkdocs.yml (default: the current folder)")
    check.add_argument("--format", choices=("text", "json"), default="text",
                       help="text for people (default) or json for tools")
    check.add_argument("--strict", action="store_true", help="also exit non-zero on warnings")
    check.set_defaults(run=run_check, command="check")


def run_check(args: argparse.Namespace) -> int:
    """`frontdesk check`: every problem and warning; non-zero exit on problems (and warnings if --strict)."""
    result = check_project(args.project)
    if args.format == "json":
        print(result.json())
    elif result.problems:
        print(result.text(), file=sys.stderr)
    else:
        print(result.text())
    return 1 if result.problems or (args.strict and result.warnings) else 0


@dataclass(frozen=True)
class CheckReport:
    """What `frontdesk check` found."""

    problems: tuple[Problem, ...] = ()
    warnings: tuple[str, ...] = ()
    counts: dict[str, int] = field(default_factory=dict)

    def text(self) -> str:
        """The report for people: problems first, then warnings, then a one-line summary."""
        lines = [report(list(self.problems))] if self.problems else []
        lines += [f"warning: {w}" for w in self.warnings]
        counted = ", ".join(f"{n} {kind}" for kind, n in self.counts.items())
        verdict = (f"{len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}" if self.problems
                   else "no problems")
        notes = f", {len(self.warnings)} warning{'s' if len(self.warnings) != 1 else ''}" if self.warnings else ""
        lines.append(f"frontdesk check: {verdict}{notes}" + (f" ({counted})" if counted else "") + ".")
        return "\n".join(lines)

    def json(self) -> str:
        """The report for tools."""
        return json.dumps({"ok": not self.problems, "problems": [asdict(p) for p in self.problems],
                           "warnings": list(self.warnings), "counts": self.counts}, indent=2, ensure_ascii=False)


def check_site(site: Site) -> CheckReport:
    """Warnings and counts for content that has no problems."""
    newsletter = site.newsletter
    counts = {
        "services": len(site.catalogue.services),
        "newsletter issues": len(newsletter.published) + len(newsletter.drafts) + len(newsletter.scheduled),
        "stats files": len(site.stats),
        "resources": len(site.resources.listed) + len(site.resources.upcoming) + len(site.resources.ended),
    }
    warnings = [*stale_warnings(site.stats, site.settings, site.today)]
    limit = timedelta(days=site.settings.review_after_days)
    warnings += [f"{s.path}:{s.line('last_reviewed')}: last_reviewed: review overdue, last reviewed more than "
                 f"{site.settings.review_after_days} days ago (found: {s.last_reviewed.isoformat()})"
                 for s in site.catalogue.services if site.today - s.last_reviewed > limit
                 and s.lifecycle != "retired"]
    warnings += renamed_issue_warnings(site.root, newsletter.published, site.today)
    week = site.today + timedelta(days=7)
    warnings += [f"{r.path}:{r.source.line('available_until')}: available_until: giveaway ends this week "
                 f"(found: {r.available_until.isoformat()})"
                 for r in current_giveaways(site.resources.listed, site.today)
                 if r.available_until is not None and r.available_until <= week]
    return CheckReport((), tuple(warnings), counts)


def check_project(project: Path) -> CheckReport:
    """Read and check a project; problems are reported, not raised."""
    try:
        site = load_project(project)
    except ContentError as error:
        return CheckReport(tuple(error.problems))
    return check_site(site)
