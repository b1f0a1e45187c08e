"""The last good site survives any failure: a build writes into a staging folder beside the
output folder, which replaces the output folder only once the whole build has succeeded.

    staging = Staging.for_output(Path("site"))  # .site.frontdesk-<pid>-XXXX/, next to site/
    ...build into staging.folder...
    staging.publish()                          # or staging.discard() on any failure

`publish` swaps the two folders in one step where the system can (Linux's renameat2 exchange),
else with two renames, under a lock so that two builds never publish at once; then it deletes
the old site. The output folder is never half written. What MkDocs itself keeps when it cleans
the output folder is kept too: hidden entries (`.git`, `.htaccess`), and the folder's own mode,
group and setgid bit, so a web server's access stays as it was set up.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import fcntl
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


class OutputNotAFolder(Exception):
    """The output path exists and is not a folder: a build would replace a file."""


@dataclass(frozen=True)
class Staging:
    """A folder a build writes into, and the output folder it is to replace."""

    folder: Path
    target: Path

    @classmethod
    def for_output(cls, target: Path, keep_existing: bool = False) -> Staging:
        """A new staging folder next to the output folder `target` (its real location, if it is a
        symlink), with the output folder's mode and group; with `keep_existing` it starts as a copy
        of the current output (for `--dirty` builds). Raises OutputNotAFolder for a file."""
        target = target.resolve()
        if target.exists() and not target.is_dir():
            raise OutputNotAFolder(f"{target}: the output folder is a file; remove it or build elsewhere (-d)")
        target.parent.mkdir(parents=True, exist_ok=True)
        _remove_abandoned(target)
        folder = Path(tempfile.mkdtemp(prefix=f"{_prefix(target)}{os.getpid()}-", dir=target.parent))
        _take_access(folder, target)
        if keep_existing and target.is_dir():
            shutil.copytree(target, folder, symlinks=True, dirs_exist_ok=True)
        return cls(folder, target)

    def publish(self) -> None:
        """Put the staged site in the output folder's place, with the old site's hidden entries,
        and delete the old site."""
        with _lock(self.target):
            if not (self.target.exists() or self.target.is_symlink()):
                os.rename(self.folder, self.target)
                return
            _keep_hidden_entries(self.target, self.folder)
            if _exchange(self.folder, self.target):
                old = self.folder  # the exchange left the old site where the staging folder was
            else:
                old = self.target.parent / f"{_prefix(self.target)}{os.getpid()}-old"
                os.rename(self.target, old)
                try:
                    os.rename(self.folder, self.target)
                except OSError:
                    os.rename(old, self.target)  # put the last good site back
                    raise
        _remove(old)

    def discard(self) -> None:
        """Delete the staged site, leaving the output folder as it was."""
        _remove(self.folder)


def _prefix(target: Path) -> str:
    """How Frontdesk's folders beside an output folder start: `.site.frontdesk-`."""
    return f".{target.name}.frontdesk-"


def _take_access(folder: Path, target: Path) -> None:
    """Give the staging folder the output folder's mode and group (a new folder's, if none yet)."""
    if target.is_dir():
        now = target.stat()
        with contextlib.suppress(OSError):  # only the owner or root may change a group
            os.chown(folder, -1, now.st_gid)
        folder.chmod(stat.S_IMODE(now.st_mode))
        return
    umask = os.umask(0)
    os.umask(umask)
    folder.chmod(0o777 & ~umask)  # mkdtemp makes the folder private


def _keep_hidden_entries(target: Path, folder: Path) -> None:
    """Move the old site's hidden entries into the new one, as MkDocs' own clean keeps them."""
    for entry in target.iterdir():
        if entry.name.startswith(".") and not (folder / entry.name).exists():
            os.rename(entry, folder / entry.name)


_ABANDONED = re.compile(r"(?P<pid>[0-9]+)-")  # what follows the prefix: the process id of the build


def _remove_abandoned(target: Path) -> None:
    """Delete staging folders left by builds whose process is gone (killed with no chance to clean up)."""
    prefix = _prefix(target)
    for entry in target.parent.glob(f"{prefix}*"):
        found = _ABANDONED.match(entry.name[len(prefix):])
        if found and not _running(int(found.group("pid"))):
            _remove(entry)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def _lock(target: Path) -> Iterator[None]:
    """Hold a lock on the output folder's parent while publishing: two builds never swap at once
    (the folder itself is locked, so no lock file is left behind)."""
    parent = os.open(target.parent, os.O_RDONLY)
    try:
        fcntl.flock(parent, fcntl.LOCK_EX)
        yield
    finally:
        os.close(parent)  # closing releases the lock


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 with RENAME_EXCHANGE); False where not possible."""
    name = ctypes.util.find_library("c")
    try:
        renameat2 = ctypes.CDLL(name, use_errno=True).renameat2 if name else None
    except (OSError, AttributeError):
        return False
    if renameat2 is None:
        return False
    done = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    return bool(done == 0)


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    elif path.exists():
        shutil.rmtree(path, ignore_errors=True)
