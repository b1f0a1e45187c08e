"""Content that names other content by id: folders of Markdown files, and checks that named ids exist.

Listening content (actions, departments, surveys, roadmap items) and the issues and resources that
name departments all refer to each other by file name. A reader takes the ids it may name as a set
(`markdown_ids` of the folder), so each kind is read on its own and every problem shows at once.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from .files import folder_files, is_ignored, not_read
from .problems import Problem, shown
from .schema import Checker, id_problem


def content_files(root: Path, folder: str, things: str, suffix: str) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """The files directly in `folder` whose names end in `suffix` (each with the path problems name);
    problems for anything else there, naming the files as `things` ('stats files'): it is not read.
    Hidden files and READMEs are left alone."""
    files, problems = folder_files(root, folder)
    listed: list[tuple[Path, str]] = []
    for file, path in files:
        if is_ignored(file.name):
            continue
        if path.rsplit("/", 1)[0] != folder:
            problems.append(not_read(path, f"{things} go directly in {folder}/"))
        elif not file.name.endswith(suffix):
            problems.append(not_read(path, f"{things} end in {suffix} (lowercase)"))
        else:
            listed.append((file, path))
    return listed, problems


def markdown_files(root: Path, folder: str, kind: str) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """The Markdown files directly in `folder` (each with the path problems name); problems for
    anything else there: it is not read."""
    return content_files(root, folder, f"{kind} files", ".md")


def markdown_ids(root: Path, folder: str) -> set[str]:
    """The ids (file names without .md) of the Markdown files directly in `folder`: what other content
    may name, whether or not each file has problems of its own (those are reported where it is read)."""
    return {file.stem for file, _ in markdown_files(root, folder, "")[0]}


def file_id_problems(stem: str, path: str) -> list[Problem]:
    """A problem if a file's name (its id) is not a valid id."""
    problem = id_problem(stem)
    return [Problem(path, 1, "id", f"the file name {problem}", shown(stem))] if problem else []


def check_known(checker: Checker, name: str, known: set[str] | frozenset[str], what: str) -> None:
    """A problem for each id named in the field `name` (one id, or a list) that is not in `known`;
    `what` says what it should be ('a department in content/departments/'). Malformed ids are left
    to the field's own check."""
    raw = checker.document.data.get(name)
    named = [(f"{name}[{i}]", v) for i, v in enumerate(raw, start=1)] if isinstance(raw, list) else [(name, raw)]
    for field_name, value in named:
        if isinstance(value, str) and not id_problem(value) and value not in known:
            match = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
            hint = f"; did you mean '{match[0]}'?" if match else ""
            checker.problem(field_name, f"is not {what}{hint}", value)
