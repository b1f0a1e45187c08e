"""Writing files so that a failure never leaves half a file behind, and two writers never interleave.

- `write_atomically`: one file, through a temporary file renamed into place.
- `write_together`: several files (text or bytes) of one folder, all or none. Each new file is written to a
  temporary file beside it, then a small journal listing those temporary files is put in the
  folder, then the temporary files are renamed into place and the journal is removed. A process
  killed between two renames leaves the journal behind; `finish_interrupted` completes that
  write on the next run (every temporary file it names was whole before the journal existed).
- `exclusive`: a lock file held with flock, waited for a bounded time.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import tempfile
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

# The length of the random part of mkstemp's names, by which a temporary file is known.
_RANDOM_LENGTH = 8
# How often a writer waiting for a lock tries it again, in seconds.
_LOCK_POLL = 0.1


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, then rename it into place."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())  # on disk before the name points at it: a crash leaves the old file or the new
        # mkstemp makes the file private; give it the permissions a normal new file gets.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# --- several files, all or none ----------------------------------------------------------------


class BadJournal(Exception):
    """A journal left in a folder that cannot be trusted (not written by `write_together`)."""


def write_together(folder: Path, files: Mapping[str, str | bytes], journal: str) -> None:
    """Write files (by name; text is written as UTF-8) into `folder`, all or none, journaled in `folder / journal`.

    An error while renaming puts back the files already renamed, then raises. A kill leaves
    the journal, for `finish_interrupted` to complete the write.
    """
    old = {name: _bytes_or_none(folder / name) for name in files}
    temporaries = {}
    done: list[str] = []
    try:
        for name, data in files.items():
            temporaries[name] = _temporary(folder / name, data)
        _write_journal(folder / journal, {name: t.name for name, t in temporaries.items()})
        for name, temporary in temporaries.items():
            os.replace(temporary, folder / name)
            done.append(name)
        _sync_folder(folder)
    except BaseException:
        for name in reversed(done):
            _put_back(folder / name, old[name])
        raise
    finally:
        for temporary in temporaries.values():
            temporary.unlink(missing_ok=True)
        (folder / journal).unlink(missing_ok=True)


def finish_interrupted(folder: Path, journal: str) -> tuple[list[str], list[str]] | None:
    """Complete a `write_together` that was killed: rename the temporary files its journal names
    into place, then remove the journal. None without a journal; else the names renamed now and
    those already in place. Raises BadJournal when the journal is not one this module wrote."""
    entries = _read_journal(folder / journal)
    if entries is None:
        return None
    renamed, in_place = [], []
    for name, temporary in entries.items():
        if (folder / temporary).is_file() and not (folder / temporary).is_symlink():
            os.replace(folder / temporary, folder / name)
            renamed.append(name)
        else:
            in_place.append(name)
    _sync_folder(folder)
    (folder / journal).unlink()
    _sync_folder(folder)
    return renamed, in_place


def leftover_temporaries(folder: Path) -> list[Path]:
    """Temporary files a writer killed before its journal was written left in `folder`."""
    return sorted(p for p in folder.glob(".*.tmp") if p.is_file() and not p.is_symlink()
                  and _temporary_of(p.name) is not None)


def _temporary(file: Path, data: str | bytes) -> Path:
    """A new file beside `file` holding `data` (text as UTF-8), flushed to disk, with `file`'s permissions."""
    handle, name = tempfile.mkstemp(prefix=f".{file.name}.", suffix=".tmp", dir=file.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data.encode("utf-8") if isinstance(data, str) else data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(name, file.stat().st_mode & 0o777 if file.is_file() else 0o644)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def _bytes_or_none(file: Path) -> bytes | None:
    return file.read_bytes() if file.is_file() else None


def _put_back(file: Path, data: bytes | None) -> None:
    if data is None:
        file.unlink(missing_ok=True)
    else:
        os.replace(_temporary(file, data), file)


def _write_journal(file: Path, entries: Mapping[str, str]) -> None:
    data = json.dumps({"rename": [{"file": name, "temporary": temporary} for name, temporary in entries.items()]},
                      indent=1)
    os.replace(_temporary(file, data + "\n"), file)
    _sync_folder(file.parent)


def _read_journal(file: Path) -> dict[str, str] | None:
    """The journal's renames (file name → temporary file name), each checked to stay in its folder."""
    if not file.exists() and not file.is_symlink():
        return None
    if file.is_symlink() or not file.is_file():
        raise BadJournal("is not a regular file")
    try:
        data = json.loads(file.read_text("utf-8"))
        entries = {str(e["file"]): str(e["temporary"]) for e in data["rename"]}
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise BadJournal(f"cannot be read ({error})") from None
    for name, temporary in entries.items():
        if _temporary_of(temporary) != name or Path(name).name != name or name.startswith("."):
            raise BadJournal(f"names a file it did not write ({temporary!r} for {name!r})")
    return entries


def _temporary_of(temporary: str) -> str | None:
    """The file a temporary file name (.NAME.RANDOM.tmp, as mkstemp makes) was written for."""
    if Path(temporary).name != temporary or not temporary.startswith(".") or not temporary.endswith(".tmp"):
        return None
    name, _, random = temporary[1:-len(".tmp")].rpartition(".")
    return name if name and len(random) == _RANDOM_LENGTH and random.replace("_", "").isalnum() else None


def _sync_folder(folder: Path) -> None:
    """Make the renames in a folder durable (a no-op where folders cannot be opened)."""
    try:
        handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:  # pragma: no cover - platforms without directory handles
        return
    try:
        os.fsync(handle)
    except OSError:  # pragma: no cover - file systems that cannot sync folders
        pass
    finally:
        os.close(handle)


# --- one writer at a time ----------------------------------------------------------------------


class Busy(Exception):
    """Another process held the lock for longer than this one would wait."""


@contextlib.contextmanager
def exclusive(lock_file: Path, wait: float) -> Iterator[None]:
    """Hold `lock_file` (flock, created if missing, never through a link) for the block; wait up
    to `wait` seconds for another holder to let go, then raise Busy. The lock goes with the process."""
    handle = os.open(lock_file, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise Busy(str(lock_file)) from None
                time.sleep(_LOCK_POLL)
        yield
    finally:
        os.close(handle)
