"""The one place where Frontdesk finds, checks and opens the files of a project.

Every file it reads (content, stats, authors, issue images, resource files, newsletter
assets) and every file it writes into the project must lead, through any symbolic links, to
a regular file whose real path is inside the project; the folders it lists are checked the
same way, the top folders (`content/`, `newsletter/`) included. Anything else is a problem
naming the path: a link outside the project, to nothing or round in a loop, and anything
that is neither a regular file nor a folder (a FIFO, a socket, a device), which is never opened.
Links that stay inside the project are followed.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .problems import Problem, shown

# What a path that is neither a regular file nor a folder is, in the words of `ls` and `file`.
_KINDS = {
    stat.S_IFIFO: "FIFO",
    stat.S_IFSOCK: "socket",
    stat.S_IFCHR: "character device",
    stat.S_IFBLK: "block device",
}
# Names that are never content, though they sit in a content folder: notes for authors.
NOT_CONTENT = frozenset({"README.md"})


def kind_of(mode: int) -> str:
    """What a file of this mode is, in a word: 'file', 'folder', 'FIFO', 'socket', ..."""
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "folder"
    return _KINDS.get(stat.S_IFMT(mode), "special file")


def is_ignored(name: str) -> bool:
    """Whether a file in a content folder is left alone: hidden by convention (.gitkeep, an editor's
    swap file) or a README for authors."""
    return name.startswith(".") or name in NOT_CONTENT


def real_root(root: Path) -> Path:
    """The project's real path, every link resolved: what every path must stay inside."""
    return Path(os.path.realpath(root))


def path_problem(root: Path, path: str) -> Problem | None:
    """What is wrong with where `path` (relative to the project, '/'-separated) leads, or None.

    Each part of the path that is a link must lead to something that exists, inside the
    project. A path that does not exist (yet) has no problem: it is created inside."""
    inside = real_root(root)
    parts = [part for part in path.split("/") if part]
    for count in range(1, len(parts) + 1):
        part = "/".join(parts[:count])
        try:
            mode = os.lstat(root / part).st_mode
        except FileNotFoundError:
            return None
        except OSError as error:
            return Problem(part, 1, "file", "cannot be read", error.strerror or str(error))
        if stat.S_ISLNK(mode) and (problem := _link_problem(root / part, part, inside)):
            return problem
    return None


def _link_problem(link: Path, path: str, inside: Path) -> Problem | None:
    """What is wrong with where a link leads (nowhere, round in a loop, outside the project), or None."""
    target, reason = _follow(link)
    if target is None:
        return Problem(path, 1, "file", reason, _written_target(link))
    if not target.is_relative_to(inside):
        return Problem(path, 1, "file", "links to a place outside the project", str(target))
    return None


def _follow(path: Path) -> tuple[Path | None, str]:
    """The real path a path leads to, or None and why it leads nowhere."""
    try:
        return Path(os.path.realpath(path, strict=True)), ""
    except OSError as error:
        if error.errno == errno.ELOOP:
            return None, "is a link that leads round in a loop"
        if error.errno in (errno.ENOENT, errno.ENOTDIR):
            return None, "is a link to something that does not exist"
        return None, f"cannot be read: {error.strerror or error}"


def _written_target(link: Path) -> str | None:
    try:
        return os.readlink(link)
    except OSError:
        return None


def _not_regular(path: str, mode: int) -> Problem:
    return Problem(path, 1, "file", "is not a regular file", kind_of(mode))


@dataclass
class _Walk:
    """Lists a folder's regular files, following links that stay inside the project."""

    inside: Path
    files: list[tuple[Path, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def folder(self, here: Path, shown: str, real: Path, above: tuple[Path, ...]) -> None:
        try:
            with os.scandir(here) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as error:
            self.problems.append(Problem(shown, 1, "file", "cannot be read", error.strerror or str(error)))
            return
        for entry in entries:
            self.entry(entry, f"{shown}/{entry.name}", (*above, real))

    def entry(self, entry: os.DirEntry[str], shown: str, above: tuple[Path, ...]) -> None:
        path = Path(entry.path)
        try:
            if entry.is_symlink():
                self.link(path, shown, above)
            elif entry.is_dir(follow_symlinks=False):
                self.folder(path, shown, above[-1] / entry.name, above)
            elif entry.is_file(follow_symlinks=False):
                self.files.append((path, shown))
            else:
                self.problems.append(_not_regular(shown, entry.stat(follow_symlinks=False).st_mode))
        except OSError as error:
            self.problems.append(Problem(shown, 1, "file", "cannot be read", error.strerror or str(error)))

    def link(self, path: Path, shown: str, above: tuple[Path, ...]) -> None:
        problem = _link_problem(path, shown, self.inside)
        if problem is not None:
            self.problems.append(problem)
            return
        target = Path(os.path.realpath(path))
        mode = os.stat(target).st_mode
        if stat.S_ISDIR(mode) and target in above:
            self.problems.append(Problem(shown, 1, "file", "is a link to a folder it is in, so it leads round "
                                         "in a loop", _written_target(path)))
        elif stat.S_ISDIR(mode):
            self.folder(path, shown, target, above)
        elif stat.S_ISREG(mode):
            self.files.append((path, shown))
        else:
            self.problems.append(_not_regular(shown, mode))


def folder_files(root: Path, folder: str) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """Every regular file under `root/folder`, with its path as authors see it, sorted by that path;
    and a problem for each path there that leads outside the project, nowhere, or to something that
    is neither a regular file nor a folder. A missing folder has no files."""
    problem = path_problem(root, folder)
    if problem is not None:
        return [], [problem]
    base = root / folder
    try:
        mode = os.stat(base).st_mode
    except FileNotFoundError:
        return [], []
    except OSError as error:
        return [], [Problem(folder, 1, "file", "cannot be read", error.strerror or str(error))]
    if not stat.S_ISDIR(mode):
        return [], [Problem(folder, 1, "file", "must be a folder", kind_of(mode))]
    walk = _Walk(real_root(root))
    walk.folder(base, folder, Path(os.path.realpath(base)), ())
    return sorted(walk.files, key=lambda pair: pair[1]), walk.problems


def project_file(root: Path, path: str) -> tuple[Path | None, list[Problem]]:
    """One file of the project by its path (like content/authors.yml), checked: None if it does not exist."""
    problem = path_problem(root, path)
    if problem is not None:
        return None, [problem]
    file = root / path
    try:
        mode = os.stat(file).st_mode
    except FileNotFoundError:
        return None, []
    except OSError as error:
        return None, [Problem(path, 1, "file", "cannot be read", error.strerror or str(error))]
    if not stat.S_ISREG(mode):
        return None, [_not_regular(path, mode)]
    return file, []


def named_file_problem(root: Path, base: str, value: str, within: str) -> str | None:
    """What is wrong with a file that content names by a path written from `base` (such as an issue's
    `image:`, written from newsletter/), or None. `value` must be a plain relative path (no '..').

    It must be a regular file inside `within` and inside the project. Folders on the way may be
    links that stay inside the project; a file that is itself a link must lead inside `within`
    (its real path), for a link is no way to publish another file of the project, like mkdocs.yml."""
    named = root / base / value
    target, reason = _follow(named)
    if target is None:
        return reason if os.path.lexists(named) else "names a file that does not exist"
    inside = real_root(root)
    if not target.is_relative_to(Path(os.path.realpath(root / within))) and (
            os.path.islink(named) or not target.is_relative_to(inside)):
        return f"leads outside {within}/"
    if not target.is_relative_to(inside):
        return "leads outside the project"
    mode = os.stat(target).st_mode
    if not stat.S_ISREG(mode):
        return f"must name a regular file, not a {kind_of(mode)}"
    return None


def read_file_bytes(file: Path, path: str, limit: int) -> tuple[bytes | None, list[Problem]]:
    """A regular file's bytes, if it has at most `limit` of them. Nothing else is ever opened for
    reading: a FIFO would make the read wait for a writer for ever, and a device may never end."""
    try:
        mode = os.stat(file).st_mode
        if not stat.S_ISREG(mode):
            return None, [_not_regular(path, mode)]
        # Non-blocking, in case something else took its place since: opening a FIFO then returns at once.
        handle = os.open(file, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        return None, [Problem(path, 1, "file", "cannot be read", error.strerror or str(error))]
    with os.fdopen(handle, "rb") as stream:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            return None, [_not_regular(path, info.st_mode)]
        try:
            data = stream.read(limit + 1)
        except OSError as error:
            return None, [Problem(path, 1, "file", "cannot be read", error.strerror or str(error))]
    if len(data) > limit:
        return None, [Problem(path, 1, "file", f"is larger than {limit // 1024} KiB",
                              f"{max(len(data), info.st_size)} bytes")]
    return data, []


def not_read(path: str, rule: str) -> Problem:
    """A file in a content folder that looks like content but is not read, and what it would need to be."""
    return Problem(path, 1, "file", f"is not read: {rule}", shown(path.rsplit("/", 1)[-1]))


def folder_names(root: Path, folder: str) -> list[str]:
    """The names in a folder of the project, sorted; none if it is missing or leads outside the project."""
    if path_problem(root, folder) is not None:
        return []
    try:
        return sorted(os.listdir(root / folder))
    except OSError:
        return []
