"""What changed on the roadmap, from git history: each item's status and horizon at every commit.

Three git commands, whatever the number of items: one asks whether the history is whole (not a
shallow clone); one `git log` of content/roadmap/ lists the commits that touched each item file, with
their commit dates (following the first parent of merges: the history of the branch built); and one
`git cat-file --batch` reads the files as those commits left them (only the commits in the period
asked for, and the last one before it, which says where each item stood when the period began). The
front matter at each commit is read as the site reads it (safe YAML); a version that cannot be read
changes nothing.

The period ends at the build's clock: a commit dated after it has not happened yet as far as the build
knows, so the same repository and the same clock give the same history. Without history (not a git
repository, git missing, a shallow clone that cut it short) `History.missing` says why.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from ..core.git import git_bytes, git_output, is_shallow
from ..core.source import MAX_FILE_BYTES, parse_yaml, split_front_matter
from .roadmap import HORIZONS, ROADMAP, STATUSES, Roadmap, RoadmapItem

# "Changed in the last 30 days" on the roadmap.
CHANGES_DAYS = 30
NOT_A_REPOSITORY = ("this copy of the site has no git history to read (it is not in a git repository, or git is "
                    "not installed or refuses to read it)")
SHALLOW = ("this copy of the site has only part of its git history (a shallow clone); build from a full clone "
           "(in CI, fetch the whole history)")
UNREADABLE = "git could not read this copy of the site's history"
_COMMIT = "\x01"  # starts each commit in the log
_ITEM_FILE = re.compile(rf"^{re.escape(ROADMAP)}/([a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
_BLOB = re.compile(rb"^(\S+) blob (\d+)$")


@dataclass(frozen=True)
class State:
    """Where an item stood at one commit (None where that version could not be read)."""

    status: str | None
    horizon: str | None


@dataclass(frozen=True)
class Change:
    """A commit that added an item to the roadmap or changed its status or horizon."""

    item_id: str
    at: datetime  # the commit's date, in the site's time zone
    before: State | None  # None: the item was added
    after: State

    @property
    def fields(self) -> tuple[str, ...]:
        """What changed: 'status' and/or 'horizon' (none when the item was added)."""
        if self.before is None:
            return ()
        return tuple(name for name in ("status", "horizon")
                     if getattr(self.before, name) != getattr(self.after, name))


@dataclass(frozen=True)
class History:
    """The roadmap's changes from `since` (exclusive) to `until` (inclusive), newest first."""

    since: datetime
    until: datetime
    missing: str = ""  # why there is no history to read; empty when there is
    changes: tuple[Change, ...] = ()
    committed: frozenset[str] = frozenset()  # items whose file has a commit by `until`

    def of(self, item_id: str) -> tuple[Change, ...]:
        """One item's changes, newest first."""
        return tuple(change for change in self.changes if change.item_id == item_id)


@dataclass(frozen=True)
class _Commit:
    sha: str
    at: datetime
    deleted: bool


@dataclass
class _Reading:
    """The versions of the item files to read, in the order `git cat-file --batch` is asked for them."""

    wanted: list[tuple[str, str]] = field(default_factory=list)  # (sha, path)


def read_history(root: Path, since: datetime, until: datetime, timezone: str) -> History:
    """The roadmap's changes after `since` up to `until` (the build's clock), from git history."""
    shallow = is_shallow(root)
    if shallow is None:
        return History(since, until, NOT_A_REPOSITORY)
    if shallow:
        return History(since, until, SHALLOW)
    # The first-parent line is the history of the branch built: a change merged from another branch
    # counts from its merge, as the merge commit (compared with the branch before it) shows it.
    log = git_output(root, "log", "--first-parent", "-m", "--relative", "--no-renames",
                     f"--format={_COMMIT}%H %ct", "--name-status", "--", ROADMAP)
    if log is None:
        # A repository without a commit yet has nothing committed; anything else is unreadable.
        has_commits = git_output(root, "rev-parse", "--verify", "--quiet", "HEAD") is not None
        return History(since, until, "" if not has_commits else UNREADABLE)
    commits = _commits_by_file(log, ZoneInfo(timezone), until)
    committed = frozenset(_item_id(path) for path, found in commits.items() if not found[-1].deleted)
    reading = _Reading([(c.sha, path) for path, found in commits.items() for c in _to_read(found, since)])
    states = _read_states(root, reading)
    if states is None:
        return History(since, until, UNREADABLE)
    changes = [change for path, found in commits.items() for change in _changes(path, found, since, states)]
    changes.sort(key=lambda c: (c.at, c.item_id), reverse=True)
    return History(since, until, "", tuple(changes), committed)


def recent_history(root: Path, now: datetime, timezone: str) -> History:
    """The changes of the last CHANGES_DAYS days up to the build's clock."""
    return read_history(root, now - timedelta(days=CHANGES_DAYS), now, timezone)


def _item_id(path: str) -> str:
    """The id of an item file's path (one _commits_by_file kept: content/roadmap/<id>.md)."""
    return path.removeprefix(f"{ROADMAP}/").removesuffix(".md")


def _commits_by_file(log: str, zone: ZoneInfo, until: datetime) -> dict[str, list[_Commit]]:
    """Each item file's commits up to `until`, oldest first (files without one left out)."""
    found: dict[str, list[_Commit]] = {}
    for record in log.split(_COMMIT)[1:]:
        head, _, names = record.partition("\n")
        sha, _, stamp = head.partition(" ")
        if not stamp.strip().isdigit():
            continue
        at = datetime.fromtimestamp(int(stamp), zone)
        if at > until:
            continue
        for line in names.splitlines():
            letter, _, path = line.partition("\t")
            if path and _ITEM_FILE.match(path):
                found.setdefault(path, []).append(_Commit(sha, at, letter.startswith("D")))
    return {path: commits[::-1] for path, commits in sorted(found.items())}


def _to_read(commits: Sequence[_Commit], since: datetime) -> list[_Commit]:
    """The versions whose state matters: the last before the period, and those in it (not deletions)."""
    before = [c for c in commits if c.at <= since][-1:]
    return [c for c in [*before, *(c for c in commits if c.at > since)] if not c.deleted]


def _read_states(root: Path, reading: _Reading) -> dict[tuple[str, str], State] | None:
    """The state of each wanted version, read with one `git cat-file --batch`; None if git fails."""
    if not reading.wanted:
        return {}
    asked = "".join(f"{sha}:./{path}\n" for sha, path in reading.wanted).encode()
    output = git_bytes(root, "cat-file", "--batch", stdin=asked)
    if output is None:
        return None
    states: dict[tuple[str, str], State] = {}
    offset = 0
    for key in reading.wanted:
        end = output.find(b"\n", offset)
        if end < 0:
            return None
        header = _BLOB.match(output[offset:end])
        offset = end + 1
        if header is None:  # "<name> missing": the version is not there to read
            states[key] = State(None, None)
            continue
        size = int(header[2])
        states[key] = _state(output[offset:offset + size]) if size <= MAX_FILE_BYTES else State(None, None)
        offset += size + 1
    return states


def _state(raw: bytes) -> State:
    """An item's status and horizon in one version of its file, as far as they can be read."""
    try:
        text = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError:
        return State(None, None)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    front, _, _, problems = split_front_matter(text, "")
    data = parse_yaml(front, "")[0] if not problems else None
    if not isinstance(data, dict):
        return State(None, None)
    status, horizon = data.get("status"), data.get("horizon")
    return State(status if status in STATUSES else None, horizon if horizon in HORIZONS else None)


def _changes(path: str, commits: Sequence[_Commit], since: datetime,
             states: dict[tuple[str, str], State]) -> list[Change]:
    """The changes to one item file in the period: each commit that added it or changed its status or horizon."""
    item_id = _item_id(path)
    previous: State | None = None
    changes = []
    for commit in commits:
        if commit.deleted:
            previous = None
            continue
        read = states.get((commit.sha, path))
        if read is None:  # a version before the last one ahead of the period: not read, not needed
            continue
        # What a version does not say (it could not be read) stays as it was.
        state = read if previous is None else State(read.status or previous.status, read.horizon or previous.horizon)
        if commit.at > since and (previous is None or state != previous):
            changes.append(Change(item_id, commit.at, previous, state))
        previous = state
    return changes


def changed_items(roadmap: Roadmap, history: History, start: datetime,
                  end: datetime) -> tuple[tuple[RoadmapItem, tuple[Change, ...]], ...]:
    """The items (still on the roadmap) that were added or changed status or horizon from `start` (exclusive)
    to `end` (inclusive), each with those changes, newest first; the most recently changed item first.
    `history` must cover the period: read it with read_history(root, start, end, timezone)."""
    by_id = roadmap.by_id
    found: dict[str, list[Change]] = {}
    for change in history.changes:
        if start < change.at <= end and change.item_id in by_id:
            found.setdefault(change.item_id, []).append(change)
    return tuple((by_id[item_id], tuple(changes)) for item_id, changes in found.items())
