"""`frontdesk check`: every problem and warning of a project, and everything a strict build would fail on.

Content is read and checked first (every problem at once, path:line: field). If it has no
problems, the site is built with `mkdocs build --strict` into a temporary folder, so that
whatever a strict build would fail on (a broken link, a link to a missing anchor, a theme or
plugin error) is reported too, each named by the file an author edits. `--content-only` skips
that build for a quick check while writing.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field, replace
from datetime import timedelta
from pathlib import Path

from ..catalogue.pages import service_src
from ..core.files import folder_files
from ..core.problems import ContentError, Problem, report
from ..core.source import read_text, split_front_matter
from ..newsletter.newsletter import renamed_issue_warnings
from ..newsletter.pages import issue_src
from ..resources.pages import resource_src
from ..resources.resources import current_giveaways
from ..roadmap.roadmap import unplanned_pipeline_warnings
from ..site.site import Site, published_placeholders
from ..stats.merging import finish_interrupted_import
from ..stats.stats import stale_warnings
from .project import add_project_option, load_project


def add_check_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `frontdesk check` with the command line."""
    check = commands.add_parser("check", help="validate settings and all content without building",
                                description="Validate settings and all content without building. "
                                "Prints every problem as path:line: field: problem (found: value).")
    add_project_option(check)
    check.add_argument("--format", choices=("text", "json"), default="text",
                       help="text for people (default) or json for tools")
    check.add_argument("--strict", action="store_true", help="also exit non-zero on warnings")
    check.add_argument("--content-only", action="store_true",
                       help="check the content only, without the strict build that finds broken links")
    check.set_defaults(run=run_check, command="check")


def run_check(args: argparse.Namespace) -> int:
    """`frontdesk check`: every problem and warning; non-zero exit on problems (and warnings if --strict)."""
    result = check_project(args.project, build=not args.content_only)
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
    warnings: tuple[str, ...] | None = ()  # None: problems stopped the content being read, so not checked
    counts: dict[str, int] = field(default_factory=dict)
    notices: tuple[str, ...] = ()  # what check did on the way, such as completing an interrupted import

    def text(self) -> str:
        """The report for people: what check did, problems, then warnings, then a one-line summary."""
        lines = [*self.notices]
        lines += [report(list(self.problems))] if self.problems else []
        lines += [f"warning: {w}" for w in self.warnings or ()]
        counted = ", ".join(f"{n} {kind}" for kind, n in self.counts.items())
        verdict = (f"{len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}" if self.problems
                   else "no problems")
        notes = f", {len(self.warnings)} warning{'s' if len(self.warnings) != 1 else ''}" if self.warnings else ""
        if self.warnings is None:
            notes = "; warnings are checked once the problems are fixed"
        lines.append(f"frontdesk check: {verdict}{notes}" + (f" ({counted})" if counted else "") + ".")
        return "\n".join(lines)

    def json(self) -> str:
        """The report for tools."""
        problems = [{**asdict(p), "found": _found_value(p.found)} for p in self.problems]
        warnings = None if self.warnings is None else list(self.warnings)
        return json.dumps({"ok": not self.problems, "problems": problems, "warnings": warnings,
                           "counts": self.counts, "notices": list(self.notices)}, indent=2,
                          ensure_ascii=False)


def _found_value(found: str | None) -> str | None:
    """The value a problem found, for tools: text without the quotes that mark it as text for people."""
    if found and found[0] in "'\"" and found[-1] == found[0]:
        try:
            value = ast.literal_eval(found)
        except (ValueError, SyntaxError):
            return found
        return value if isinstance(value, str) else found
    return found


# The content files `frontdesk check` counts, by what they hold: the folder and the files' ending.
COUNTED = (("services", "content/services", ".md"), ("newsletter issues", "newsletter", ".md"),
           ("stats files", "content/stats", ".yml"), ("resources", "content/resources", ".md"))


def count_files(project: Path) -> dict[str, int]:
    """How many files of each kind of content there are, read or not (for a report with problems)."""
    return {kind: sum(1 for file, path in folder_files(project, folder)[0]
                      if path.rsplit("/", 1)[0] == folder and file.name.endswith(ending))
            for kind, folder, ending in COUNTED}


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
    warnings += published_placeholders(site)
    warnings += unplanned_pipeline_warnings(site.catalogue.services, site.roadmap)
    week = site.today + timedelta(days=7)
    warnings += [f"{r.path}:{r.source.line('available_until')}: available_until: giveaway ends this week "
                 f"(found: {r.available_until.isoformat()})"
                 for r in current_giveaways(site.resources.listed, site.today)
                 if r.available_until is not None and r.available_until <= week]
    return CheckReport((), tuple(warnings), counts)


def check_project(project: Path, build: bool = False) -> CheckReport:
    """Read and check a project; problems are reported, not raised. With `build`, content that has
    no problems is also built strictly, and what the build fails on is reported as problems.
    An import interrupted between renames is completed first, and the report says so."""
    try:
        notices = tuple(n for n in [finish_interrupted_import(project)] if n)
    except ContentError as error:
        return CheckReport(tuple(error.problems))
    try:
        site = load_project(project)
    except ContentError as error:
        return CheckReport(tuple(error.problems), None, count_files(project), notices=notices)
    found = replace(check_site(site), notices=notices)
    if not build:
        return found
    return replace(found, problems=tuple(strict_build_problems(site, set(found.warnings or ()))))


# MkDocs' messages about links, as `mkdocs build` logs them.
_LINK = re.compile(r"Doc file '(?P<page>[^']+)' contains (?:a|an [a-z ]+) link '(?P<link>[^']+)', (?P<what>.*)")
_MISSING_PAGE = re.compile(r"but the target (?:'[^']*' )?is not found among documentation files\.")
_MISSING_ANCHOR = re.compile(r"but the doc '(?P<doc>[^']+)' does not contain an anchor '(?P<anchor>[^']+)'\.")
_LOGGED = re.compile(r"^(WARNING|ERROR) +- +(?P<message>.*)$")
_OTHER_LOG = re.compile(r"^[A-Z]+ +- ")
# What MkDocs logs before a page's error: on its own for a plugin's error (logged next), else with it.
_PAGE_ERROR = re.compile(r"^Error (?:reading|building) page '(?P<page>[^']+)':(?: (?P<error>.+))?$", re.S)
# A message that names its file, as Frontdesk's own do: path:line: field: problem (found: value),
# or path: field: problem.
_LOCATED = re.compile(r"^(?P<path>[^\s'\"][^:'\"]*\.[A-Za-z0-9]+)(?::(?P<line>[0-9]+))?: (?P<field>[^:()\n]+): "
                      r"(?P<message>.+?)(?: \(found: (?P<found>.*)\))?$", re.S)


def strict_build_problems(site: Site, known: set[str]) -> list[Problem]:
    """What `mkdocs build --strict` logs as a warning or error for this project, as problems
    (leaving out the warnings in `known`, which check reports itself)."""
    with tempfile.TemporaryDirectory(prefix="frontdesk-check-") as scratch:
        done = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(site.root / "mkdocs.yml"),
             "-d", str(Path(scratch) / "site")],
            capture_output=True, text=True, cwd=site.root, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    messages = logged_messages(done.stderr)
    problems = build_problems(messages, site.root, page_sources(site), known)
    # A strict build that stopped only on warnings check reports itself (stale stats, placeholders) is
    # not a problem here: --strict decides about warnings.
    explained = any(message.split("\n", 1)[0] in known for message in messages)
    if done.returncode != 0 and not problems and not explained:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        problems.append(Problem("mkdocs.yml", 1, "build", "mkdocs build --strict failed", last))
    return problems


def logged_messages(output: str) -> list[str]:
    """The warnings and errors in a build's log, each with the lines that go on from it (up to a
    blank line or the next logged line), such as the list of problems in Frontdesk's error."""
    messages: list[str] = []
    going_on = False
    for line in output.splitlines():
        if logged := _LOGGED.match(line):
            messages.append(logged.group("message"))
            going_on = True
        elif going_on and line.strip() and not _OTHER_LOG.match(line):
            messages[-1] += "\n" + line
        else:
            going_on = False
    return messages


def build_problems(messages: list[str], root: Path, sources: dict[str, str], known: set[str]) -> list[Problem]:
    """The build's warnings and errors as problems, each named by the file to edit where it can be."""
    problems: list[Problem] = []
    page = None  # the page MkDocs said the next error is about
    for message in messages:
        first = message.split("\n", 1)[0]
        if first in known or first.startswith("Aborted"):
            continue
        if failed := _PAGE_ERROR.match(message):
            page = failed.group("page")
            if failed.group("error") is None:
                continue  # the error itself comes next
            message = failed.group("error")
        problems += _problems(message, root, sources, page)
        page = None
    return problems


def _problems(message: str, root: Path, sources: dict[str, str], page: str | None) -> list[Problem]:
    """One message of the build as problems: the problems it lists (a heading line, then one
    problem a line, as Frontdesk's content errors), or else the message as one problem."""
    listed = [_located(line, root) for line in message.split("\n")[1:]]
    if listed and all(listed):
        return [problem for problem in listed if problem is not None]
    return [_problem(" ".join(message.split()), root, sources, page)]


def _located(message: str, root: Path) -> Problem | None:
    """A message that starts with the name of a file of the project, as a problem in that file."""
    found = _LOCATED.match(message)
    if found is None or not (root / found.group("path")).is_file():
        return None
    path, field = found.group("path"), found.group("field")
    line = int(found.group("line")) if found.group("line") else _first_line(root / path, field)
    if Path(path).is_absolute() and Path(path).resolve().is_relative_to(root.resolve()):
        path = Path(path).resolve().relative_to(root.resolve()).as_posix()  # as authors see it
    return Problem(path, line, field, " ".join(found.group("message").split()), found.group("found"))


def _first_line(file: Path, field: str) -> int:
    """Where a field without a line starts in its file: the body after the front matter, else line 1."""
    if field != "body":
        return 1
    text, _ = read_text(file, file.name)
    if text is None:
        return 1
    _, _, body_line, problems = split_front_matter(text, file.name)
    return 1 if problems else body_line


def page_sources(site: Site) -> dict[str, str]:
    """The file an author edits for each page Frontdesk makes from content, by the page's source path."""
    sources = {service_src(s.id): s.path for s in site.catalogue.services}
    sources.update({issue_src(i): i.path for i in site.newsletter.visible(preview=True)})
    sources.update({resource_src(r.id): r.path for r in site.resources.with_pages(preview=True)})
    return sources


def _file_of(page: str, sources: dict[str, str]) -> str:
    """The file an author edits for a page: its content file, or the page under docs/."""
    return sources.get(page, f"docs/{page}")


def _problem(message: str, root: Path, sources: dict[str, str], page: str | None = None) -> Problem:
    """One message of the build as a problem, named by the file to edit: for a link, with the
    line of the link; for an error MkDocs said was about `page`, that page's file."""
    if (located := _located(message, root)) is not None:
        return located
    link = _LINK.match(message)
    if link is None:
        path = "mkdocs.yml" if page is None else _file_of(page, sources)
        return Problem(path, 1, "build", message)
    page, target, what = link.group("page"), link.group("link"), link.group("what")
    path = _file_of(page, sources)
    if _MISSING_PAGE.match(what):
        explained = "points to a page that does not exist"
    elif anchor := _MISSING_ANCHOR.match(what):
        explained = f"points to a heading or anchor that {anchor.group('doc')} does not have"
    else:
        explained = what.removeprefix("but ").rstrip(".")
    return Problem(path, _line_of(root / path, target), "link", explained, repr(target))


def _line_of(file: Path, text: str) -> int:
    """The first line of a file that holds `text` (1 if none does, or the file cannot be read)."""
    content, _ = read_text(file, file.name)
    if content is None:
        return 1
    lines = content.split("\n")
    return next((number for number, line in enumerate(lines, start=1) if text in line), 1)
