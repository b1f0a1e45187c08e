"""A cache of made files, keyed by what they are made from, so a rebuild skips work it has done.

Entries live in `.cache/frontdesk/` in the project (outside the folders a preview watches) and are
named by a digest of their inputs and of Frontdesk's own code and templates, so a changed input or
a new Frontdesk never serves a stale entry. An entry is written atomically; a cache that cannot be
read or written is skipped, never an error: the build then makes everything itself.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

from .writing import write_atomically

CACHE_FOLDER = ".cache/frontdesk"
_PACKAGE = Path(__file__).parent.parent  # the whole frontdesk package


@cache
def code_digest() -> str:
    """A digest of Frontdesk's code and templates: a new version never reads an old entry."""
    digest = hashlib.sha256()
    for path in sorted([*_PACKAGE.rglob("*.py"), *_PACKAGE.rglob("*.html")]):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def key(*inputs: str | bytes) -> str:
    """The cache key of a file made from these inputs (and Frontdesk's code)."""
    digest = hashlib.sha256(code_digest().encode())
    for value in inputs:
        data = value.encode("utf-8") if isinstance(value, str) else value
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


class FileCache:
    """Files made before, by kind and key, under a project's cache folder (None: no caching)."""

    def __init__(self, root: Path | None) -> None:
        self.folder = root / CACHE_FOLDER if root is not None else None

    def get_or_make(self, kind: str, entry_key: str, names: Iterable[str],
                    make: Callable[[], tuple[bytes, ...]]) -> tuple[bytes, ...]:
        """The files `names` of one entry: from the cache if made before, else made and kept."""
        names = tuple(names)
        if self.folder is None:
            return make()
        entry = self.folder / kind / entry_key
        try:
            return tuple((entry / name).read_bytes() for name in names)
        except OSError:
            pass
        files = make()
        self._keep(entry, names, files)
        return files

    @staticmethod
    def _keep(entry: Path, names: tuple[str, ...], files: tuple[bytes, ...]) -> None:
        try:
            entry.mkdir(parents=True, exist_ok=True)
            for name, data in zip(names, files, strict=True):
                write_atomically(entry / name, data)
        except OSError:
            pass  # a read-only or full disk only costs the next build the work
