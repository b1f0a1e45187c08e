"""Finding content files, and refusing any that lead outside the project."""

from __future__ import annotations

from pathlib import Path

from .problems import Problem


def content_files(root: Path, folder: str, pattern: str) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """Files matching `pattern` under `root/folder`, sorted, with their display paths.

    A file or folder that is a link to somewhere outside the project is reported, not read.
    """
    base = root / folder
    if not base.is_dir():
        return [], []
    real_root = root.resolve()
    found: list[tuple[Path, str]] = []
    problems: list[Problem] = []
    for file in sorted(base.rglob(pattern)):
        path = file.relative_to(root).as_posix()
        if not file.resolve().is_relative_to(real_root):
            problems.append(Problem(path, 1, "file", "links to a place outside the project",
                                    str(file.resolve())))
        elif file.is_file():
            found.append((file, path))
    return found, problems
