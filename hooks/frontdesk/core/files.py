"""Finding content files, and refusing any that lead outside the project."""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path

from .problems import Problem


def content_files(root: Path, folder: str, pattern: str) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """Files matching `pattern` under `root/folder`, sorted, with their display paths.

    A file or folder that links outside the project, or to nothing, is reported, not read.
    """
    base = root / folder
    if not base.is_dir():
        return [], []
    real_root = root.resolve()
    found: list[tuple[Path, str]] = []
    problems: list[Problem] = []
    for current, folders, names in os.walk(base):
        here = Path(current)
        for name in sorted(folders):
            if (here / name).is_symlink():
                problems += _link_problems(here / name, root, real_root)
        folders[:] = sorted(f for f in folders if not (here / f).is_symlink())
        for name in sorted(fnmatch.filter(names, pattern)):
            file = here / name
            link_problems = _link_problems(file, root, real_root) if file.is_symlink() else []
            problems += link_problems
            if not link_problems:
                found.append((file, file.relative_to(root).as_posix()))
    return sorted(found, key=lambda pair: pair[1]), problems


def _link_problems(link: Path, root: Path, real_root: Path) -> list[Problem]:
    path = link.relative_to(root).as_posix()
    target = link.resolve()
    if not target.exists():
        return [Problem(path, 1, "file", "is a link to something that does not exist", str(os.readlink(link)))]
    if not target.is_relative_to(real_root):
        return [Problem(path, 1, "file", "links to a place outside the project", str(target))]
    if link.is_dir():
        return [Problem(path, 1, "file", "is a linked folder; move the files here instead", str(target))]
    return []
