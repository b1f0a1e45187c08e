"""A cache of made files, keyed by what they are made from, so a rebuild skips work it has done.

Entries live in `.cache/frontdesk/` in the project (outside the folders a preview watches) and are
named by a digest of their inputs, of Frontdesk's own code and templates, and of the versions of
the libraries that turn Markdown into HTML, so a changed input, a new Frontdesk or a new Markdown
library never serves a stale entry. Inputs that hold code (a Markdown extension's configuration
with a function in it, a project's own extension) are described by what they are, never by where
they happen to be in memory (`stable_description`, `local_code_digest`), so the same input gives
the same key in every build.

Each entry keeps a checksum of its files, and an entry whose files do not match it (a disk
error, an edit by hand, a write cut short) is made anew. An entry is written atomically; a cache
that cannot be read or written is skipped, never an error: the build then makes everything
itself. After a build, `prune` removes the entries of a kind that the build did not use, so the
cache holds what the last build needs rather than growing with every change.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import re
import shutil
import sys
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from .writing import write_atomically

CACHE_FOLDER = ".cache/frontdesk"
_PACKAGE = Path(__file__).parent.parent  # the whole frontdesk package
# The libraries whose versions change what Markdown becomes (an email edition's HTML).
LIBRARIES = ("markdown", "pymdown-extensions", "mkdocs", "mkdocs-material")
CHECKSUM = "sha256"  # the file in each entry holding the digest of its files
_INSTALLED = frozenset({"site-packages", "dist-packages"})
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
_DEEPEST = 20  # levels of a value described (a value may refer to itself)


@cache
def code_digest() -> str:
    """A digest of Frontdesk's code and templates: a new version never reads an old entry."""
    digest = hashlib.sha256()
    for path in sorted([*_PACKAGE.rglob("*.py"), *_PACKAGE.rglob("*.html")]):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@cache
def library_versions() -> str:
    """The installed versions of LIBRARIES, as `name=version` lines ('none' for one not installed)."""
    found = []
    for name in LIBRARIES:
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}=none")
    return "\n".join(found)


def _digest(parts: Iterable[str | bytes]) -> str:
    """The digest of a sequence of texts, each prefixed by its length (so no two sequences collide)."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def key(*inputs: str | bytes) -> str:
    """The cache key of a file made from these inputs (and Frontdesk's code, and LIBRARIES' versions)."""
    return _digest((code_digest(), library_versions(), *inputs))


def stable_description(value: Any, depth: int = 0) -> str:
    """`value` described the same in every process: a function or class by its module and name,
    a `functools.partial` by its function and arguments, an object by its class and attributes,
    never by its address in memory (which `repr` shows, and which differs from run to run)."""
    if depth > _DEEPEST:
        return "..."
    describe = functools.partial(stable_description, depth=depth + 1)
    if value is None or isinstance(value, (bool, int, float, str, bytes)):
        return repr(value)
    if isinstance(value, Mapping):
        return "{" + ", ".join(sorted(f"{describe(k)}: {describe(v)}" for k, v in value.items())) + "}"
    if isinstance(value, (list, tuple)):
        inside = ", ".join(describe(item) for item in value)
        return f"[{inside}]" if isinstance(value, list) else f"({inside})"
    if isinstance(value, (set, frozenset)):
        return "{" + ", ".join(sorted(describe(item) for item in value)) + "}"
    if isinstance(value, functools.partial):
        return f"partial({describe(value.func)}, {describe(value.args)}, {describe(value.keywords)})"
    if callable(value) and hasattr(value, "__qualname__"):  # a function, method or class
        bound = getattr(value, "__self__", None)
        owner = "" if bound is None or isinstance(bound, type(sys)) else f" of {describe(bound)}"
        return f"{getattr(value, '__module__', None)}.{value.__qualname__}{owner}"
    kind = f"{type(value).__module__}.{type(value).__qualname__}"
    if hasattr(value, "getConfigs"):  # a Markdown extension given as an object
        return f"{kind}({describe(value.getConfigs())})"
    if hasattr(value, "__dict__"):
        return f"{kind}({describe(vars(value))})"
    return f"{kind}({_ADDRESS.sub('', repr(value))})"


def local_code_digest(modules: Iterable[str]) -> str:
    """A digest of the source of each module in `modules` that is a project's own (found outside
    site-packages), such as a Markdown extension kept beside the site; installed modules are
    covered by their versions instead. A module is read once per process: that is the code the
    process runs (Python does not load a module again when its file changes)."""
    return hashlib.sha256("\n".join(_module_digest(name) for name in sorted(set(modules))).encode()).hexdigest()


@cache
def _module_digest(name: str) -> str:
    try:
        spec = importlib.util.find_spec(name)
    except Exception:  # a name that is no module, or a package that fails to import
        spec = None
    if spec is None or spec.origin is None or not Path(spec.origin).is_file():
        return f"{name}: not found"
    origin = Path(spec.origin).resolve()
    if _INSTALLED & set(origin.parts):
        return f"{name}: installed"
    files = sorted(origin.parent.rglob("*.py")) if spec.submodule_search_locations else [origin]
    digest = hashlib.sha256()
    for path in files:
        try:
            data = path.read_bytes()
        except OSError:
            data = b""
        digest.update(path.relative_to(origin.parent).as_posix().encode() + b"\0" + data)
    return f"{name}: {digest.hexdigest()}"


def checksum(names: tuple[str, ...], files: tuple[bytes, ...]) -> str:
    """The digest of an entry's files, with their names."""
    return _digest(part for name, data in zip(names, files, strict=True) for part in (name, data))


def _inside(root: Path, folder: Path) -> Path | None:
    """The cache folder, unless a symlink on its way leads outside the project: then no cache
    (nothing is read or written outside the project, whatever symlinks say)."""
    try:
        return folder if folder.resolve().is_relative_to(root.resolve()) else None
    except (OSError, RuntimeError):  # a symlink loop
        return None


class FileCache:
    """Files made before, by kind and key, under a project's cache folder (None: no caching).

    It remembers the keys of each kind it was asked for, so that `prune` can remove the rest."""

    def __init__(self, root: Path | None) -> None:
        self.folder = _inside(root, root / CACHE_FOLDER) if root is not None else None
        self.used: dict[str, set[str]] = {}

    def get_or_make(self, kind: str, entry_key: str, names: Iterable[str],
                    make: Callable[[], tuple[bytes, ...]]) -> tuple[bytes, ...]:
        """The files `names` of one entry: from the cache if made before and intact, else made and kept."""
        names = tuple(names)
        if self.folder is None:
            return make()
        self.used.setdefault(kind, set()).add(entry_key)
        entry = self.folder / kind / entry_key
        try:
            files = tuple((entry / name).read_bytes() for name in names)
            if (entry / CHECKSUM).read_text("ascii").strip() == checksum(names, files):
                return files
        except (OSError, UnicodeDecodeError):
            pass
        files = make()
        self._keep(entry, names, files)
        return files

    def prune(self, kind: str) -> None:
        """Remove the entries of `kind` this cache was not asked for (by a build that asked for all
        it needs): entries of content that changed or went, and of old code or settings."""
        if self.folder is None:
            return
        used = self.used.get(kind, set())
        try:
            entries = [entry for entry in (self.folder / kind).iterdir() if entry.name not in used]
        except OSError:
            return
        for entry in entries:
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)

    @staticmethod
    def _keep(entry: Path, names: tuple[str, ...], files: tuple[bytes, ...]) -> None:
        try:
            entry.mkdir(parents=True, exist_ok=True)
            (entry / CHECKSUM).unlink(missing_ok=True)  # the entry is not whole until its checksum is
            for name, data in zip(names, files, strict=True):
                write_atomically(entry / name, data)
            write_atomically(entry / CHECKSUM, checksum(names, files).encode("ascii") + b"\n")
        except OSError:
            pass  # a read-only or full disk only costs the next build the work
