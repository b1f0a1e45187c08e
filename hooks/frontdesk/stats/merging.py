"""Merging monthly figures into the stats files (content/stats/<id>.yml), showing the changes, and
writing them.

Merging never loses data: months the export does not cover stay as they are, fields it does
not compute (availability, or satisfaction typed in by hand) are kept, and every file is
written to a temporary file in the same folder and renamed over the old one only once all of
them are ready. Merging the same figures twice changes nothing. A dry run shows the changes as
a unified diff instead.

One import at a time: an import holds content/.stats.lock from reading the stats files to
writing them, so a second one waits and merges on top of the first (or, after LOCK_WAIT
seconds, refuses). An import killed between two renames leaves its journal in content/stats/;
the next import, `frontdesk check` or build completes it (core/writing.py) and says so.
Nothing is written outside the project's own content/stats/ folder, whatever links say.
"""

from __future__ import annotations

import contextlib
import difflib
import io
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ..catalogue.catalogue import Catalogue
from ..core.files import path_problem
from ..core.problems import ContentError, Problem, shown
from ..core.source import read_text, read_yaml
from ..core.writing import BadJournal, Busy, exclusive, finish_interrupted, leftover_temporaries, write_together
from .stats import MONTH_FIELDS, STATS_FOLDER, month_key, parse_stats

# The lock an import holds while it reads and writes content/stats/, beside that folder.
STATS_LOCK = "content/.stats.lock"
# The journal of an import's renames, in content/stats/ while they happen.
IMPORT_JOURNAL = ".import-journal.json"
# How long an import (or a check or build finding a journal) waits for another import, in seconds.
LOCK_WAIT = 10.0

_NEW_FILE_HEADER = "# Monthly figures for {title}. See README.md, \"Service stats\", for each field.\n"


@dataclass(frozen=True)
class Change:
    """One stats file before and after an import."""

    file: Path
    path: str
    old: str | None  # None: a new file
    new: str
    added: tuple[str, ...]
    updated: tuple[str, ...]
    unchanged: tuple[str, ...]
    lost_comments: bool = False

    @property
    def changed(self) -> bool:
        """Whether the file's data changes."""
        return bool(self.added or self.updated)


def merge_months(existing: Sequence[Mapping[str, Any]], computed: Mapping[date, Mapping[str, float]]
                 ) -> tuple[list[dict[str, Any]], list[str], list[str], list[str]]:
    """The months of a file after an import, and which months were added, updated or unchanged."""
    months = {str(record["month"]): dict(record) for record in existing}
    added: list[str] = []
    updated: list[str] = []
    unchanged: list[str] = []
    for month, values in computed.items():
        key = month_key(month)
        before = months.get(key)
        after = {**(before or {"month": key}), **values}
        months[key] = after
        target = added if before is None else unchanged if before == after else updated
        target.append(key)
    ordered = [_ordered(months[key]) for key in sorted(months)]
    return ordered, added, updated, unchanged


def _ordered(record: Mapping[str, Any]) -> dict[str, Any]:
    """A month's fields in the schema's order, so files diff well."""
    return {name: record[name] for name in MONTH_FIELDS if name in record and record[name] is not None}


def dump_stats(months: Sequence[Mapping[str, Any]], header: str = "") -> str:
    """A stats file's text: block style, one field per line, fields in the schema's order."""
    lines = [header.rstrip("\n")] if header.strip() else []
    lines.append("months:")
    for record in months:
        for index, (name, value) in enumerate(_ordered(record).items()):
            lead = '  - ' if index == 0 else '    '
            if isinstance(value, Mapping):  # reasons: one line of text per measure, kept as written
                lines.append(f"{lead}{name}:")
                lines += [f"      {key}: {_quoted(text)}" for key, text in value.items()]
            else:
                lines.append(f"{lead}{name}: {_scalar(value)}")
    return "\n".join(lines) + "\n"


def _scalar(value: object) -> str:
    if isinstance(value, bool):  # pragma: no cover - the schema refuses booleans
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return repr(value)
    return str(value)


def _quoted(text: object) -> str:
    """A text as one double-quoted YAML scalar (reasons), however it is written."""
    return yaml.safe_dump(str(text), default_style='"', allow_unicode=True, width=1_000_000).rstrip("\n")


def _leading_comments(text: str) -> str:
    kept: list[str] = []
    for line in text.split("\n"):
        if line.startswith("#") or (not line.strip() and kept):
            kept.append(line)
        else:
            break
    return "\n".join(kept).rstrip("\n") + "\n" if kept else ""


def plan_changes(root: Path, catalogue: Catalogue, today: date,
                 computed: Mapping[str, Mapping[date, Mapping[str, float]]]) -> list[Change]:
    """Each stats file's new text, checked like any stats file; raises ContentError."""
    changes, problems = [], []
    for service_id, months in computed.items():
        path = f"{STATS_FOLDER}/{service_id}.yml"
        file = root / path
        if (outside := path_problem(root, path)) is not None:  # never write through a link out of the project
            problems.append(outside)
            continue
        old = None
        existing: list[dict[str, Any]] = []
        if problem := _not_a_plain_file(file, path):
            problems.append(problem)
            continue
        if file.exists():
            old, found = read_text(file, path)
            document, more = read_yaml(file, path)
            problems += found + more
            if document is None or old is None:
                continue
            existing = list(document.data.get("months") or [])
        merged, added, updated, unchanged = merge_months(existing, months)
        header = _leading_comments(old) if old is not None else _NEW_FILE_HEADER.format(
            title=catalogue.by_id[service_id].title)
        new = dump_stats(merged, header)
        problems += _check_text(new, path, service_id, today)
        body = old[len(header):] if old is not None else ""
        changes.append(Change(file, path, old, new, tuple(added), tuple(updated), tuple(unchanged),
                              lost_comments=bool(added or updated) and "#" in body))
    if problems:
        raise ContentError(problems)
    return changes


def _check_text(text: str, path: str, service_id: str, today: date) -> list[Problem]:
    """The problems a file with this text would have: an import never writes an invalid file."""
    with tempfile.TemporaryDirectory() as folder:
        probe = Path(folder) / f"{service_id}.yml"
        probe.write_text(text, "utf-8")
        document, problems = read_yaml(probe, path)
    if document is None:
        return problems
    return problems + parse_stats(document, service_id, today)[1]


def _not_a_plain_file(file: Path, path: str) -> Problem | None:
    """A problem when a stats file the import would rewrite is a link or not a regular file."""
    if file.is_symlink():
        return Problem(path, 1, "file", "is a link; an import rewrites only regular files in content/stats/",
                       shown(os.readlink(file)))
    if file.exists() and not file.is_file():
        return Problem(path, 1, "file", "is not a regular file; an import cannot rewrite it")
    return None


# --- writing, one import at a time -------------------------------------------------------------


def stats_folder(root: Path) -> Path:
    """The project's own content/stats/ folder; ContentError when content/ or it is a link."""
    real_root = root.resolve()
    for path in ("content", STATS_FOLDER):
        real = (root / path).resolve()
        if real != real_root / path:
            where = "outside the project" if not real.is_relative_to(real_root) else "elsewhere in the project"
            raise ContentError([Problem(path, 1, "folder", f"is a link to a place {where}; "
                                        "an import writes only into the project's own content/stats/", str(real))])
    return root / STATS_FOLDER


@contextlib.contextmanager
def stats_lock(root: Path, wait: float = LOCK_WAIT) -> Iterator[None]:
    """Hold content/.stats.lock: raises Busy after `wait` seconds, ContentError if it cannot be made."""
    folder = stats_folder(root)
    folder.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as held:
        try:
            held.enter_context(exclusive(folder.parent / Path(STATS_LOCK).name, wait))
        except Busy:
            raise Busy(f"{STATS_LOCK}: {_busy(wait)}") from None
        except OSError as error:
            lock = root / STATS_LOCK
            raise ContentError([
                Problem(STATS_LOCK, 1, "lock", "is a link; remove it (an import locks content/stats/ with a "
                        "file of its own there)", shown(os.readlink(lock))) if lock.is_symlink() else
                Problem(STATS_LOCK, 1, "lock", "cannot be opened", error.strerror or str(error))]) from None
        yield


def _busy(wait: float) -> str:
    return (f"another import is writing {STATS_FOLDER}/; waited {wait:g} seconds for it to finish. "
            "Try again when it has.")


def write_changes(root: Path, changes: Sequence[Change]) -> None:
    """Write every changed file, or none (core/writing.py: write_together). Hold stats_lock."""
    write_together(stats_folder(root), {c.file.name: c.new for c in changes}, IMPORT_JOURNAL)


def tidy_stats_folder(root: Path) -> list[str]:
    """Complete an import that was killed between renames, and remove temporary files an import
    killed earlier left; one line saying so for each. Hold stats_lock."""
    folder = stats_folder(root)
    notices = [n for n in [_finish(folder)] if n]
    leftovers = leftover_temporaries(folder)
    for leftover in leftovers:
        leftover.unlink()
    if leftovers:
        notices.append(f"{STATS_FOLDER}: removed {len(leftovers)} temporary file{'s' if len(leftovers) != 1 else ''}"
                       " left by an import that was stopped before it changed any file.")
    return notices


def finish_interrupted_import(root: Path) -> str | None:
    """For `frontdesk check` and builds: complete an import that was killed between renames, if its
    journal is in content/stats/, and say so; ContentError when that cannot be done."""
    journal = root / STATS_FOLDER / IMPORT_JOURNAL
    if not journal.exists() and not journal.is_symlink():
        return None
    try:
        with stats_lock(root):
            return _finish(stats_folder(root))
    except Busy:
        raise ContentError([Problem(STATS_LOCK, 1, "lock", _busy(LOCK_WAIT))]) from None
    except OSError as error:
        raise ContentError([Problem(f"{STATS_FOLDER}/{IMPORT_JOURNAL}", 1, "journal", "an import was interrupted "
                                    "and cannot be completed", error.strerror or str(error))]) from None


def _finish(folder: Path) -> str | None:
    """Complete an interrupted import (stats_lock held); the line saying so, or None if there was none."""
    path = f"{STATS_FOLDER}/{IMPORT_JOURNAL}"
    try:
        finished = finish_interrupted(folder, IMPORT_JOURNAL)
    except BadJournal as error:
        raise ContentError([Problem(path, 1, "journal", f"{error}; an import writes it while it renames the stats "
                                    "files; delete it if you did not run an import")]) from None
    if finished is None:
        return None
    renamed, in_place = finished
    return (f"{STATS_FOLDER}: completed an import that was interrupted (renamed into place now: "
            f"{', '.join(renamed) or 'none'}; already in place: {', '.join(in_place) or 'none'}).")


def diff(changes: Iterable[Change]) -> str:
    """A unified diff of every file the import would change."""
    out = io.StringIO()
    for change in changes:
        if change.changed:
            out.writelines(difflib.unified_diff(
                (change.old or "").splitlines(keepends=True), change.new.splitlines(keepends=True),
                fromfile=f"a/{change.path}" if change.old is not None else "/dev/null",
                tofile=f"b/{change.path}"))
    return out.getvalue()
