"""Ways to break a copy of the example project, and the check that a broken build is refused cleanly.

Shared by the `test_bad_input*.py` tables. Every case breaks a fresh copy of the example project in
one way and builds it into a copy of the last good site. A refused case must fail with a message
that names file, line and field, print no traceback, and leave the last good site byte-identical.
An accepted case must build, and its own check says what the build must show.
"""

from __future__ import annotations

import shutil
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from conftest import Build, GoodSite, run_build, tree_digest

VPN = "content/services/vpn.md"
VPN_STATS = "content/stats/vpn.yml"
AUTHORS = "content/authors.yml"
ISSUE = "newsletter/2026-01-19-new-starters.md"
RESOURCE = "content/resources/spot-the-phish.md"
MARKER = "frontdesk-pwned-marker"


# --- ways to break a project --------------------------------------------------------------------


def edit(project: Path, path: str, old: str, new: str) -> None:
    file = project / path
    text = file.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    file.write_text(text.replace(old, new, 1), "utf-8")


def replacing(path: str, old: str, new: str) -> Callable[[Path], None]:
    return lambda project: edit(project, path, old, new)


def appending(path: str, text: str) -> Callable[[Path], None]:
    def append(project: Path) -> None:
        with (project / path).open("a", encoding="utf-8") as file:
            file.write(text)
    return append


def writing(path: str, data: str | bytes) -> Callable[[Path], None]:
    def write(project: Path) -> None:
        file = project / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return write


def reencoding(path: str, encoding: str, old: str, new: str) -> Callable[[Path], None]:
    """Save a file in another encoding, with a character that encoding writes differently."""
    def save(project: Path) -> None:
        file = project / path
        file.write_bytes(file.read_text("utf-8").replace(old, new, 1).encode(encoding))
    return save


def png_bytes() -> bytes:
    """A real one-pixel PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0\0"))
            + chunk(b"IEND", b""))


def huge_service(project: Path) -> None:
    text = (project / VPN).read_text("utf-8")
    (project / "content/services/huge.md").write_text(text + ("A long description. " * 60_000), "utf-8")


def link_to_passwd(project: Path) -> None:
    (project / "content/services/passwords.md").symlink_to("/etc/passwd")


def linked_folder_outside(project: Path) -> None:
    outside = project.parent / "outside"
    outside.mkdir()
    shutil.copy2(project / VPN, outside / "vpn-copy.md")
    (project / "content/services/more").symlink_to(outside, target_is_directory=True)


def python_tag(project: Path) -> None:
    marker = project.parent / MARKER
    edit(project, VPN_STATS, "months:", f"label: !!python/object/apply:os.system ['touch {marker}']\nmonths:")


def duplicate_issue_slug(project: Path) -> None:
    text = (project / ISSUE).read_text("utf-8").replace("date: 2026-01-19", "date: 2026-03-02", 1)
    (project / "newsletter/2026-03-02-new-starters.md").write_text(text, "utf-8")


def issue_with_bad_file_date(project: Path) -> None:
    (project / ISSUE).rename(project / "newsletter/2026-13-45-new-starters.md")


def resource_file(value: str) -> Callable[[Path], None]:
    return replacing(RESOURCE, "file: files/spot-the-phish.pdf", f"file: {value}")


@dataclass(frozen=True)
class Case:
    id: str
    description: str
    breaks: Callable[[Path], None]
    expected: tuple[str, ...]  # fragments of the build's output: `path:line: field: problem`
    # For files whose lines move (mkdocs.yml): (path, text); `{line}` in `expected` is where the text is.
    anchor: tuple[str, str] | None = None

    def messages(self, project: Path) -> tuple[str, ...]:
        if self.anchor is None:
            return self.expected
        path, text = self.anchor
        before = (project / path).read_text("utf-8").split(text)[0]
        return tuple(fragment.format(line=before.count("\n") + 1) for fragment in self.expected)


def assert_refused(case: Case, good_site: GoodSite, tmp_path: Path) -> Build:
    """Break a copy of the project as the case says, build it over the last good site: a clean refusal."""
    project = good_site.copy_project(tmp_path / "project")
    case.breaks(project)
    site = tmp_path / "site"
    shutil.copytree(good_site.site, site, symlinks=True)
    build = run_build(project, site)
    assert build.returncode != 0, f"{case.description}: the build passed\n{build.output}"
    for fragment in case.messages(project):
        assert fragment in build.output, f"{case.description}: missing {fragment!r}\n--- output ---\n{build.output}"
    assert "Traceback" not in build.output, build.output
    assert tree_digest(site) == good_site.digest, f"{case.description}: the last good site changed"
    assert not (tmp_path / MARKER).exists(), "a YAML tag ran a command"
    return build


@dataclass(frozen=True)
class Accepted:
    """Input that looks odd but is fine: it builds, and `shows` checks what the built site shows."""

    id: str
    description: str
    breaks: Callable[[Path], None]
    shows: Callable[[Build], None]


def assert_accepted(case: Accepted, good_site: GoodSite, tmp_path: Path) -> Build:
    """Change a copy of the project as the case says: it builds, without a traceback, and shows what it should."""
    project = good_site.copy_project(tmp_path / "project")
    case.breaks(project)
    build = run_build(project, tmp_path / "site", "--strict")
    assert build.returncode == 0, f"{case.description}: the build failed\n{build.output}"
    assert "Traceback" not in build.output, build.output
    case.shows(build)
    return build
