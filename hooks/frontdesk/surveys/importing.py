"""Writing a survey round's results from an export: content/surveys/<id>.yml, checked, atomically.

    export → responses (responses.py) → aggregates, small groups suppressed (results.py)
           → checked as any survey file (surveys.py) → written, or shown as a diff

An import replaces the round's file as a whole (a round is one export); the same export imported
again writes the same bytes, so it changes nothing. The file is written to a temporary file beside
it and renamed into place, under content/.surveys.lock, so two imports never interleave. Nothing is
written outside the project's own content/surveys/, whatever links say. The new text is checked
exactly as a build would check it: an import never writes a file the build would refuse.
"""

from __future__ import annotations

import contextlib
import difflib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

from ..core.files import path_problem
from ..core.problems import ContentError, Problem, shown
from ..core.schema import id_problem
from ..core.source import Document, parse_yaml, read_text
from ..core.writing import Busy, exclusive, write_atomically
from .responses import FORMAT_NAMES, MEASURES, Export, names_of, read_survey_export
from .results import Round, survey_text
from .surveys import SURVEY_IDS, SURVEYS, Rules, Survey, parse_survey

_T = TypeVar("_T")
SURVEYS_LOCK = "content/.surveys.lock"
LOCK_WAIT = 10.0
# Skipped rows listed one by one in the summary; the rest are counted.
SKIPPED_LISTED = 50


@dataclass(frozen=True)
class Project:
    """What an import checks against: the project, its ids and names, the smallest group shown, today."""

    root: Path
    services: Mapping[str, str]  # id → title
    departments: Mapping[str, str]  # id → name
    min_group_size: int
    today: date
    surveys: Mapping[str, Survey]  # the rounds already written, by id


@dataclass(frozen=True)
class SurveyImport:
    """What an import read, and the file before and after."""

    export: Export
    path: str
    old: str | None  # None: a new file
    new: str

    @property
    def changed(self) -> bool:
        return self.old != self.new

    def diff(self) -> str:
        """A unified diff of the change (empty when there is none)."""
        return "".join(difflib.unified_diff(
            (self.old or "").splitlines(keepends=True), self.new.splitlines(keepends=True),
            fromfile=f"a/{self.path}" if self.old is not None else "/dev/null", tofile=f"b/{self.path}"))


def import_survey(project: Project, csv_file: Path, kind: str, survey_id: str, *, title: str | None = None,
                  closed: date | None = None, dry_run: bool = False, wait: float = LOCK_WAIT) -> SurveyImport:
    """Read an export and write the round's survey file (unless a dry run); raises ContentError, or Busy
    when another import holds content/surveys/ for longer than `wait` seconds."""
    path = f"{SURVEYS}/{survey_id}.yml"
    _check_id(survey_id, path)
    export = read_survey_export(csv_file, kind, names_of(project.services), names_of(project.departments))
    before = project.surveys.get(survey_id)
    round_ = Round(_given(title, before.title if before else None, "--title", path),
                   _given(closed, before.closed if before else None, "--closed", path), kind, export.comments)
    if len(export.responses) < project.min_group_size:
        raise ContentError([Problem(str(csv_file), 1, "responses", f"{len(export.responses)} responses can be used, "
                                    f"fewer than min_group_size ({project.min_group_size}): results this small are "
                                    "never published")])
    text = survey_text(round_, export.responses, project.min_group_size)
    survey = _check_text(text, path, survey_id, project)
    if before is not None and (problems := differencing_problems(before, survey, path, project.min_group_size)):
        raise ContentError(problems)
    with surveys_lock(project.root, wait):
        file = _target(project.root, path)
        old, problems = read_text(file, path) if file.exists() else (None, [])
        if problems:
            raise ContentError(problems)
        result = SurveyImport(export, path, old, text)
        if result.changed and not dry_run:
            write_atomically(file, text.encode("utf-8"))
    return result


def _check_id(survey_id: str, path: str) -> None:
    problem = id_problem(survey_id) or (f"'{survey_id}' is a name the site uses for its own pages"
                                        if SURVEY_IDS.keeps(survey_id) else None)
    if problem:
        raise ContentError([Problem(path, 1, "--survey", problem, shown(survey_id))])


def _given(value: _T | None, before: _T | None, option: str, path: str) -> _T:
    if value is not None:
        return value
    if before is not None:
        return before
    raise ContentError([Problem(path, 1, option, f"is needed for a new survey round ({path} does not exist yet)")])


def _check_text(text: str, path: str, survey_id: str, project: Project) -> Survey:
    """The survey the text says; refuses to write text the build would refuse."""
    data, lines, problems = parse_yaml(text, path)
    survey = None
    if not problems and isinstance(data, dict):
        rules = Rules(set(project.services), set(project.departments), project.min_group_size, project.today)
        survey, problems = parse_survey(Document(path, data, lines), survey_id, rules)
    if problems or survey is None:
        raise ContentError(problems)
    return survey


def shown_counts(survey: Survey) -> dict[str, int]:
    """Every group size a survey file shows, by its field's name: the responses, each department's, and
    each service's satisfaction and importance counts, overall and by department."""
    counts = {"responses": survey.responses}
    counts |= {f"departments.{d}": size for d, size in survey.departments.items() if size is not None}
    for service in survey.services:
        for department, scores in (("", service.overall), *service.by_department.items()):
            where = f"services.{service.service_id}" + (f".by_department.{department}" if department else "")
            for measure in MEASURES:
                if (count := getattr(scores, measure).count) is not None:
                    counts[f"{where}.{measure}"] = count
    return counts


def differencing_problems(before: Survey, after: Survey, path: str, minimum: int) -> list[Problem]:
    """Re-importing a round replaces figures people have seen. Where a group shown in both changes by
    fewer than `minimum` people, the old and new figures together tell those few people's answers (one
    late response: its department, and its scores from the change in each mean), so that is refused."""
    old, new = shown_counts(before), shown_counts(after)
    return [Problem(path, 1, name, f"would change from {old[name]} to {new[name]} people: the difference, "
                    f"{abs(new[name] - old[name])}, is fewer than min_group_size ({minimum}), and the published "
                    "figures before and after would reveal their answers. Import this round again once at "
                    f"least {minimum} more responses have come in (not as a new round beside this one: the two "
                    "would tell the same)")
            for name in sorted(old.keys() & new.keys(), key=list(new).index)
            if 0 < abs(new[name] - old[name]) < minimum]


def _target(root: Path, path: str) -> Path:
    """The survey file to write: inside the project's own content/surveys/, and not a link."""
    file = root / path
    if (problem := path_problem(root, path)) is not None:
        raise ContentError([problem])
    if file.is_symlink() or (file.exists() and not file.is_file()):
        raise ContentError([Problem(path, 1, "file", "is a link or not a regular file; an import rewrites only "
                                    f"regular files in {SURVEYS}/")])
    return file


def surveys_folder(root: Path) -> Path:
    """The project's own content/surveys/ folder; ContentError when content/ or it is a link."""
    real_root = root.resolve()
    for path in ("content", SURVEYS):
        if (root / path).resolve() != real_root / path:
            raise ContentError([Problem(path, 1, "folder", "is a link; an import writes only into the project's "
                                        f"own {SURVEYS}/", str((root / path).resolve()))])
    return root / SURVEYS


@contextlib.contextmanager
def surveys_lock(root: Path, wait: float = LOCK_WAIT) -> Iterator[None]:
    """Hold content/.surveys.lock: raises Busy after `wait` seconds."""
    folder = surveys_folder(root)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with exclusive(folder.parent / Path(SURVEYS_LOCK).name, wait):
            yield
    except Busy:
        raise Busy(f"{SURVEYS_LOCK}: another import is writing {SURVEYS}/; waited {wait:g} seconds for it. "
                   "Try again when it has finished.") from None


def summary(result: SurveyImport, csv_file: Path, kind: str, minimum: int, dry_run: bool) -> str:
    """What the import read, skipped and wrote, in words. It quotes no answer of any free-text column."""
    export = result.export
    lines = [f"Read {export.rows} row{'s' if export.rows != 1 else ''} from {csv_file} ({FORMAT_NAMES[kind]} "
             f"export): {len(export.responses)} response{'s' if len(export.responses) != 1 else ''} used."]
    if export.skipped:
        lines.append(f"Skipped {len(export.skipped)} row{'s' if len(export.skipped) != 1 else ''}:")
        lines += [f"  line {s.line}: {s.reason}" for s in export.skipped[:SKIPPED_LISTED]]
        if len(export.skipped) > SKIPPED_LISTED:
            lines.append(f"  … and {len(export.skipped) - SKIPPED_LISTED} more")
    suppressed = result.new.count(": suppressed")
    if suppressed:
        lines.append(f"Suppressed {suppressed} figure{'s' if suppressed != 1 else ''}: groups of fewer than "
                     f"{minimum} people (min_group_size), and those that would reveal one.")
    if export.comment_columns:
        columns = ", ".join(repr(c) for c in export.comment_columns)
        lines.append(f"{export.comments} comment{'s' if export.comments != 1 else ''} in {columns}: read them in "
                     f"{csv_file}. Comments are never written to the site, only how many there were.")
    if export.unused_columns:
        lines.append("Not read: " + ", ".join(repr(c) for c in export.unused_columns) + ".")
    verb = "Would write" if dry_run else "Wrote"
    if result.changed:
        lines.append(f"{verb} {result.path}{' (new file)' if result.old is None else ''}.")
    else:
        lines.append(f"Unchanged {result.path}: already up to date.")
    if dry_run:
        lines.append("Dry run: nothing was written.")
    return "\n".join(lines)
