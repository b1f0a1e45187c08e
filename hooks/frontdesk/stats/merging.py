"""Merging monthly figures into the stats files (content/stats/<id>.yml), showing the changes, and
writing them.

Merging never loses data: months the export does not cover stay as they are, fields it does
not compute (availability, or satisfaction typed in by hand) are kept, and every file is
written to a temporary file in the same folder and renamed over the old one only once all of
them are ready. Merging the same figures twice changes nothing. A dry run shows the changes as
a unified diff instead.
"""

from __future__ import annotations

import difflib
import io
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..catalogue.catalogue import Catalogue
from ..core.files import path_problem
from ..core.problems import ContentError, Problem
from ..core.source import read_text, read_yaml
from .stats import MONTH_FIELDS, STATS_FOLDER, month_key, parse_stats

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
            lines.append(f"{'  - ' if index == 0 else '    '}{name}: {_scalar(value)}")
    return "\n".join(lines) + "\n"


def _scalar(value: object) -> str:
    if isinstance(value, bool):  # pragma: no cover - the schema refuses booleans
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return repr(value)
    return str(value)


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


def write_changes(changes: Sequence[Change]) -> None:
    """Write every changed file, or none: all temporary files first, then the renames.

    If a rename fails, the files already renamed are put back as they were.
    """
    ready: list[tuple[Path, Change]] = []
    done: list[Change] = []
    try:
        for change in changes:
            ready.append((_temporary(change.file, change.new), change))
        for temporary, change in ready:
            os.replace(temporary, change.file)
            done.append(change)
    except BaseException:
        for change in reversed(done):
            _restore(change)
        for temporary, _ in ready:
            temporary.unlink(missing_ok=True)
        raise


def _temporary(file: Path, text: str) -> Path:
    """A new file beside `file` holding `text`, flushed to disk."""
    file.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{file.name}.", suffix=".tmp", dir=file.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(name, file.stat().st_mode & 0o777 if file.exists() else 0o644)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def _restore(change: Change) -> None:
    if change.old is None:
        change.file.unlink(missing_ok=True)
    else:
        os.replace(_temporary(change.file, change.old), change.file)


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
