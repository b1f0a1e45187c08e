"""The last good site survives any failure: a build writes into a staging folder beside the
output folder, which replaces the output folder only once the whole build has succeeded.

    staging = Staging.for_output(Path("site"))  # .site.frontdesk-XXXX/, next to site/
    ...build into staging.folder...
    staging.publish()                          # or staging.discard() on any failure

`publish` moves the old site aside and the new one in with two renames on the same file system,
then deletes the old one: at no moment is the output folder half written.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Staging:
    """A folder a build writes into, and the output folder it is to replace."""

    folder: Path
    target: Path

    @classmethod
    def for_output(cls, target: Path, keep_existing: bool = False) -> Staging:
        """A new staging folder next to the output folder `target` (its real location, if it is a symlink); with
        `keep_existing` it starts as a copy of the current output (for `--dirty` builds)."""
        target = target.resolve()
        target.parent.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix=f".{target.name}.frontdesk-", dir=target.parent))
        # mkdtemp makes the folder private; the site gets the permissions a new folder gets.
        umask = os.umask(0)
        os.umask(umask)
        folder.chmod(0o777 & ~umask)
        if keep_existing and target.is_dir():
            shutil.copytree(target, folder, symlinks=True, dirs_exist_ok=True)
        return cls(folder, target)

    def publish(self) -> None:
        """Put the staged site in the output folder's place, and delete the old site."""
        old: Path | None = None
        if self.target.exists() or self.target.is_symlink():
            old = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.old-", dir=self.target.parent))
            os.rmdir(old)
            os.rename(self.target, old)
        try:
            os.rename(self.folder, self.target)
        except OSError:
            if old is not None:
                os.rename(old, self.target)  # put the last good site back
            raise
        if old is not None:
            _remove(old)

    def discard(self) -> None:
        """Delete the staged site, leaving the output folder as it was."""
        _remove(self.folder)


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    elif path.exists():
        shutil.rmtree(path, ignore_errors=True)
