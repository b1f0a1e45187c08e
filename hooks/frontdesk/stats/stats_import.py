"""`frontdesk stats import`: monthly stats from a ticketing system's CSV export.

    export CSV → tickets (one per ticket number; the last row of a ticket wins)
               → monthly aggregates per service → merged into content/stats/<id>.yml

Merging never loses data: months the export does not cover stay as they are, fields it
does not compute (availability, or satisfaction typed in by hand) are kept, and every
file is written to a temporary file in the same folder and renamed over the old one only
once all of them are ready. Importing the same export twice changes nothing.
"""

from __future__ import annotations

import csv
import difflib
import io
import os
import statistics
import sys
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from ..core.problems import ContentError, Problem, shown
from ..core.schema import id_problem
from ..core.source import read_text, read_yaml
from ..core.urls import slug
from ..site.site import Site
from .stats import MONTH_FIELDS, STATS_FOLDER, month_key, month_of, parse_stats

FORMATS = ("servicenow", "jira", "generic")
FORMAT_NAMES = {"servicenow": "ServiceNow", "jira": "Jira Service Management", "generic": "generic"}
# The fields an import computes; every other field of a month (availability) is kept as it was.
COMPUTED = ("incidents", "requests", "resolved", "first_response_hours", "resolution_hours",
            "sla_met", "satisfaction", "survey_responses")
# Files at least this large show a progress bar (on a terminal).
PROGRESS_FROM_BYTES = 1024 * 1024
# Skipped rows listed one by one in the summary; the rest are counted.
SKIPPED_LISTED = 50
_NEW_FILE_HEADER = "# Monthly figures for {title}. See README.md, \"Service stats\", for each field.\n"


# --- the columns of each export format ---------------------------------------------------------


@dataclass(frozen=True)
class Columns:
    """The header names (field names and labels) an export format uses for each ticket fact."""

    key: tuple[str, ...]
    kind: tuple[str, ...]
    service: tuple[str, ...]
    opened: tuple[str, ...]
    first_response: tuple[str, ...] = ()
    resolved: tuple[str, ...] = ()
    closed: tuple[str, ...] = ()
    state: tuple[str, ...] = ()
    made_sla: tuple[str, ...] = ()
    satisfaction: tuple[str, ...] = ()


COLUMNS = {
    "servicenow": Columns(
        key=("number", "Number"),
        kind=("sys_class_name", "Task type", "Class"),
        service=("business_service", "Service", "Business service"),
        opened=("opened_at", "Opened"),
        first_response=("u_first_response_at", "first_response_at", "First response"),
        resolved=("resolved_at", "Resolved"),
        closed=("closed_at", "Closed"),
        state=("state", "State"),
        made_sla=("made_sla", "Made SLA"),
        satisfaction=("u_satisfaction", "Satisfaction"),
    ),
    "jira": Columns(
        key=("Issue key",),
        kind=("Issue Type",),
        service=("Custom field (Affected services)", "Affected services"),
        opened=("Created",),
        first_response=("Custom field (Date of First Response)", "Custom field (First response)"),
        resolved=("Resolved",),
        state=("Status",),
        made_sla=("Custom field (Made SLA)",),
        satisfaction=("Custom field (Satisfaction)", "Satisfaction"),
    ),
    "generic": Columns(
        key=("id",),
        kind=("type",),
        service=("service",),
        opened=("opened",),
        first_response=("first_response",),
        resolved=("resolved",),
        made_sla=("within_sla",),
        satisfaction=("satisfaction",),
    ),
}
_REQUIRED = ("key", "service", "opened")
_CANCELLED = {"canceled", "cancelled", "8", "declined", "won't do", "withdrawn", "duplicate"}
_OPEN_STATES = {"new", "in progress", "on hold", "awaiting info", "work in progress", "open", "1", "2", "3",
                "waiting for support", "waiting for customer", "pending", "to do"}
_YES = {"true", "yes", "y", "1", "met"}
_NO = {"false", "no", "n", "0", "missed", "breached"}
_DATE_FORMATS = ("%d/%b/%y %I:%M %p", "%d/%b/%Y %I:%M %p", "%d/%b/%y %H:%M", "%d/%b/%Y %H:%M")


@dataclass(frozen=True)
class Dates:
    """How an export's dates and times are read: the site's time zone for times without one,
    and the author's own formats (strftime codes, from --date-format) tried before the usual ones."""

    zone: ZoneInfo
    formats: tuple[str, ...] = ()


@dataclass(frozen=True)
class Ticket:
    """One ticket as the export last describes it."""

    row: int
    key: str
    kind: str  # incident or request
    services: tuple[str, ...]  # service ids
    opened: datetime
    first_response: datetime | None = None
    resolved: datetime | None = None
    made_sla: bool | None = None
    satisfaction: float | None = None


@dataclass(frozen=True)
class Skipped:
    """A row that was not used, and why."""

    row: int
    reason: str


@dataclass
class Export:
    """What was read from an export: its tickets, and the rows left out."""

    rows: int = 0
    tickets: dict[str, Ticket] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)
    superseded: list[int] = field(default_factory=list)  # earlier rows of a ticket seen again later


class _Skip(Exception):
    """Raised while reading a row that cannot be used."""


# --- reading the export -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Header:
    """Which columns hold each ticket fact (several for a repeated header, as Jira writes)."""

    positions: dict[str, tuple[int, ...]]
    labels: dict[str, str]  # each fact's column name as the export writes it

    def label(self, fact: str) -> str:
        """The export's own name for a column, as the author sees it in the file."""
        return self.labels.get(fact, fact)

    def values(self, row: Sequence[str], fact: str) -> list[str]:
        return [row[i].strip() for i in self.positions.get(fact, ()) if i < len(row) and row[i].strip()]

    def value(self, row: Sequence[str], fact: str) -> str:
        found = self.values(row, fact)
        return found[0] if found else ""


def _header(names: Sequence[str], columns: Columns, path: str) -> _Header:
    folded = [name.strip().casefold() for name in names]
    positions: dict[str, tuple[int, ...]] = {}
    for fact in Columns.__dataclass_fields__:
        wanted = {alias.casefold() for alias in getattr(columns, fact)}
        positions[fact] = tuple(i for i, name in enumerate(folded) if name in wanted)
    missing = [Problem(path, 1, fact, "has no column in the header; expected one of: "
                       + ", ".join(getattr(columns, fact))) for fact in _REQUIRED if not positions[fact]]
    if missing:
        raise ContentError(missing)
    labels = {fact: names[found[0]].strip() for fact, found in positions.items() if found}
    return _Header(positions, labels)


def _records(lines: Iterable[str]) -> Iterator[tuple[int, list[str]]]:
    """CSV records with the line each starts on (quoted cells may span lines)."""
    text = iter(lines)
    first = next(text, "")
    try:
        dialect: Any = csv.Sniffer().sniff(first, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(_chain(first, text), dialect)
    start = 1
    for record in reader:
        yield start, record
        start = reader.line_num + 1


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def read_export(handle: Iterable[str], path: str, kind: str, services: ServiceNames, dates: Dates,
                today: date) -> Export:
    """Every ticket of an export, the last row of each ticket winning; raises ContentError on a bad header."""
    columns = COLUMNS[kind]
    export = Export()
    records = _records(handle)
    first = next(records, None)
    if first is None:
        raise ContentError([Problem(path, 1, "file", "is empty")])
    header = _header(first[1], columns, path)
    rows: dict[str, int] = {}
    for row, record in records:
        if not any(cell.strip() for cell in record):
            continue
        export.rows += 1
        try:
            ticket = _ticket(row, record, header, kind, services, dates, today)
        except _Skip as reason:
            export.skipped.append(Skipped(row, str(reason)))
            continue
        if ticket.key in rows:
            export.superseded.append(rows[ticket.key])
        rows[ticket.key] = row
        export.tickets[ticket.key] = ticket
    return export


def _ticket(row: int, record: Sequence[str], header: _Header, kind: str, services: ServiceNames,
            dates: Dates, today: date) -> Ticket:
    key = header.value(record, "key")
    if not key:
        raise _Skip(f"{header.label('key')} is empty")
    state = header.value(record, "state")
    if state.casefold() in _CANCELLED:
        raise _Skip(f"{key}: cancelled (state {state!r})")
    opened = _moment(header, record, "opened", dates)
    if opened is None:
        raise _Skip(f"{key}: {header.label('opened')} is empty")
    if opened.date() > today:
        raise _Skip(f"{key}: opened in the future ({opened:%Y-%m-%d})")
    resolved = None if state.casefold() in _OPEN_STATES else (
        _moment(header, record, "resolved", dates) or _moment(header, record, "closed", dates))
    first_response = _moment(header, record, "first_response", dates)
    for name, moment in (("resolved", resolved), ("first_response", first_response)):
        if moment is not None and moment < opened:
            raise _Skip(f"{key}: {header.label(name)} is before {header.label('opened')}")
    return Ticket(row, key, _kind(header, record, kind, key), _services(header, record, services, key),
                  opened, first_response, resolved, _made_sla(header, record, key),
                  _satisfaction(header, record, key))


def _moment(header: _Header, record: Sequence[str], fact: str, dates: Dates) -> datetime | None:
    text = header.value(record, fact)
    if not text:
        return None
    moment = parse_moment(text, dates.formats)
    if moment is None:
        expected = " or ".join(repr(f) for f in dates.formats) if dates.formats else (
            "YYYY-MM-DD HH:MM:SS, or give the export's own with --date-format, such as '%d/%m/%Y %H:%M:%S'")
        raise _Skip(f"{header.label(fact)}: cannot read {text!r} as a date and time (expected {expected})")
    zone = dates.zone
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)


def parse_moment(text: str, formats: Sequence[str] = ()) -> datetime | None:
    """A date and time in one of `formats` (strftime codes, tried first), ISO 8601 (as
    ServiceNow and the generic format write by default) or Jira's default form."""
    for form in formats:
        try:
            return datetime.strptime(text, form)
        except ValueError:
            continue
    if formats:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    for form in _DATE_FORMATS:
        try:
            return datetime.strptime(text, form)
        except ValueError:
            continue
    return None


def _kind(header: _Header, record: Sequence[str], kind: str, key: str) -> str:
    text = header.value(record, "kind").casefold()
    if not text and kind == "servicenow":  # the number tells: INC0012345, REQ0012345, RITM0012345
        text = "incident" if key.upper().startswith("INC") else "request" if key.upper().startswith(
            ("REQ", "RITM", "SCTASK")) else ""
    if "incident" in text:
        return "incident"
    if "request" in text or text in ("sc_req_item", "sc_task", "ritm"):
        return "request"
    raise _Skip(f"{key}: not an incident or a request (type {text or 'missing'!r})")


def _services(header: _Header, record: Sequence[str], services: ServiceNames, key: str) -> tuple[str, ...]:
    names = header.values(record, "service")
    if not names:
        raise _Skip(f"{key}: no service named")
    found: list[str] = []
    for name in names:
        service_id = services.resolve(name)
        if service_id is None:
            raise _Skip(f"{key}: service {name!r} is not a service id or title; "
                        "map it to one with --service-map")
        if service_id and service_id not in found:
            found.append(service_id)
    if not found:
        raise _Skip(f"{key}: the service map leaves out {', '.join(repr(n) for n in names)}")
    return tuple(found)


def _made_sla(header: _Header, record: Sequence[str], key: str) -> bool | None:
    text = header.value(record, "made_sla").casefold()
    if not text:
        return None
    if text in _YES or text in _NO:
        return text in _YES
    raise _Skip(f"{key}: {header.label('made_sla')} must be true or false (found: {text!r})")


def _satisfaction(header: _Header, record: Sequence[str], key: str) -> float | None:
    text = header.value(record, "satisfaction")
    if not text:
        return None
    try:
        score = float(text.split()[0])  # Jira may write "4 - Satisfied"
    except ValueError:
        score = 0.0
    if not 1 <= score <= 5:
        raise _Skip(f"{key}: {header.label('satisfaction')} must be a score from 1 to 5 (found: {text!r})")
    return score


# --- services by the names an export uses -----------------------------------------------------


@dataclass(frozen=True)
class ServiceNames:
    """Finds a service id for a name in an export: the service map first, then ids and titles."""

    by_name: Mapping[str, str]  # casefolded names and titles → id ("" means leave out)

    def resolve(self, name: str) -> str | None:
        """The id for a name ("" to leave the ticket's service out), or None when unknown."""
        folded = " ".join(name.split()).casefold()
        if folded in self.by_name:
            return self.by_name[folded]
        return self.by_name.get(slug(name))


def service_names(site: Site, service_map: Path | None) -> ServiceNames:
    """The names each service goes by: its id, its title, and any name in the service map."""
    names: dict[str, str] = {}
    for service in site.catalogue.services:
        names[service.id] = service.id
        names[service.title.casefold()] = service.id
    if service_map is not None:
        names.update(read_service_map(service_map, set(site.catalogue.by_id)))
    return ServiceNames(names)


def read_service_map(file: Path, known: set[str]) -> dict[str, str]:
    """`Name in the ticketing system: service-id` lines (null to leave that name out)."""
    path = str(file)
    document, problems = read_yaml(file, path)
    mapping: dict[str, str] = {}
    for name, value in (document.data.items() if document else ()):
        if value is None:
            mapping[" ".join(name.split()).casefold()] = ""
        elif not isinstance(value, str) or id_problem(value) or value not in known:
            problems.append(Problem(path, document.line(name) if document else 1, name,
                                    "must be the id of a service in content/services/ (or null to leave it out)",
                                    shown(value)))
        else:
            mapping[" ".join(name.split()).casefold()] = value
    if problems:
        raise ContentError(problems)
    return mapping


# --- monthly aggregates -----------------------------------------------------------------------


def _hours(start: datetime, end: datetime) -> float:
    return (end.astimezone(UTC) - start.astimezone(UTC)).total_seconds() / 3600


def aggregate(tickets: Iterable[Ticket]) -> dict[str, dict[date, dict[str, Any]]]:
    """Per service and month opened, the computed fields of that month."""
    groups: dict[str, dict[date, list[Ticket]]] = {}
    for ticket in tickets:
        for service_id in ticket.services:
            groups.setdefault(service_id, {}).setdefault(month_of(ticket.opened.date()), []).append(ticket)
    return {service_id: {month: month_aggregate(found) for month, found in sorted(months.items())}
            for service_id, months in sorted(groups.items())}


def month_aggregate(tickets: Sequence[Ticket]) -> dict[str, Any]:
    """One service's month: counts, medians, share within SLA, satisfaction."""
    values: dict[str, Any] = {
        "incidents": sum(1 for t in tickets if t.kind == "incident"),
        "requests": sum(1 for t in tickets if t.kind == "request"),
        "resolved": sum(1 for t in tickets if t.resolved is not None),
    }
    responses = [_hours(t.opened, t.first_response) for t in tickets if t.first_response is not None]
    resolutions = [_hours(t.opened, t.resolved) for t in tickets if t.resolved is not None]
    sla = [t.made_sla for t in tickets if t.made_sla is not None]
    scores = [t.satisfaction for t in tickets if t.satisfaction is not None]
    if responses:
        values["first_response_hours"] = round(statistics.median(responses), 1)
    if resolutions:
        values["resolution_hours"] = round(statistics.median(resolutions), 1)
    if sla:
        values["sla_met"] = round(100 * sla.count(True) / len(sla), 1)
    if scores:
        values["satisfaction"] = round(statistics.fmean(scores), 2)
        values["survey_responses"] = len(scores)
    return values


# --- merging into the stats files -------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One stats file before and after an import."""

    file: Path
    path: str
    old: str | None  # None: a new file
    new: str
    added: tuple[str, ...]
    updated: tuple[str, ...]
    unchanged: tuple[str, ...]
    lost_comments: bool = False

    @property
    def changed(self) -> bool:
        """Whether the file's data changes."""
        return bool(self.added or self.updated)


def merge_months(existing: Sequence[Mapping[str, Any]], computed: Mapping[date, Mapping[str, Any]]
                 ) -> tuple[list[dict[str, Any]], list[str], list[str], list[str]]:
    """The months of a file after an import, and which months were added, updated or unchanged."""
    months = {str(record["month"]): dict(record) for record in existing}
    added, updated, unchanged = [], [], []
    for month, values in computed.items():
        key = month_key(month)
        before = months.get(key)
        after = {**(before or {"month": key}), **values}
        months[key] = after
        target = added if before is None else unchanged if before == after else updated
        target.append(key)
    ordered = [_ordered(months[key]) for key in sorted(months)]
    return ordered, added, updated, unchanged


def _ordered(record: Mapping[str, Any]) -> dict[str, Any]:
    """A month's fields in the schema's order, so files diff well."""
    return {name: record[name] for name in MONTH_FIELDS if name in record and record[name] is not None}


def dump_stats(months: Sequence[Mapping[str, Any]], header: str = "") -> str:
    """A stats file's text: block style, one field per line, fields in the schema's order."""
    lines = [header.rstrip("\n")] if header.strip() else []
    lines.append("months:")
    for record in months:
        for index, (name, value) in enumerate(_ordered(record).items()):
            lines.append(f"{'  - ' if index == 0 else '    '}{name}: {_scalar(value)}")
    return "\n".join(lines) + "\n"


def _scalar(value: Any) -> str:
    if isinstance(value, bool):  # pragma: no cover - the schema refuses booleans
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return repr(value)
    return str(value)


def _leading_comments(text: str) -> str:
    kept = []
    for line in text.split("\n"):
        if line.startswith("#") or (not line.strip() and kept):
            kept.append(line)
        else:
            break
    return "\n".join(kept).rstrip("\n") + "\n" if kept else ""


def plan_changes(site: Site, computed: Mapping[str, Mapping[date, Mapping[str, Any]]]) -> list[Change]:
    """Each stats file's new text, checked like any stats file; raises ContentError."""
    changes, problems = [], []
    for service_id, months in computed.items():
        path = f"{STATS_FOLDER}/{service_id}.yml"
        file = site.root / path
        old = None
        existing: list[dict[str, Any]] = []
        if file.exists():
            old, found = read_text(file, path)
            document, more = read_yaml(file, path)
            problems += found + more
            if document is None or old is None:
                continue
            existing = list(document.data.get("months") or [])
        merged, added, updated, unchanged = merge_months(existing, months)
        header = _leading_comments(old) if old is not None else _NEW_FILE_HEADER.format(
            title=site.catalogue.by_id[service_id].title)
        new = dump_stats(merged, header)
        problems += _check_text(new, path, service_id, site.today)
        body = old[len(header):] if old is not None else ""
        changes.append(Change(file, path, old, new, tuple(added), tuple(updated), tuple(unchanged),
                              lost_comments=bool(added or updated) and "#" in body))
    if problems:
        raise ContentError(problems)
    return changes


def _check_text(text: str, path: str, service_id: str, today: date) -> list[Problem]:
    """The problems a file with this text would have: an import never writes an invalid file."""
    with tempfile.TemporaryDirectory() as folder:
        probe = Path(folder) / f"{service_id}.yml"
        probe.write_text(text, "utf-8")
        document, problems = read_yaml(probe, path)
    if document is None:
        return problems
    return problems + parse_stats(document, service_id, today)[1]


def write_atomically(changes: Sequence[Change]) -> None:
    """Write every changed file, or none: all temporary files first, then the renames.

    If a rename fails, the files already renamed are put back as they were.
    """
    ready: list[tuple[Path, Change]] = []
    done: list[Change] = []
    try:
        for change in changes:
            ready.append((_temporary(change.file, change.new), change))
        for temporary, change in ready:
            os.replace(temporary, change.file)
            done.append(change)
    except BaseException:
        for change in reversed(done):
            _restore(change)
        for temporary, _ in ready:
            temporary.unlink(missing_ok=True)
        raise


def _temporary(file: Path, text: str) -> Path:
    """A new file beside `file` holding `text`, flushed to disk."""
    file.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{file.name}.", suffix=".tmp", dir=file.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(name, file.stat().st_mode & 0o777 if file.exists() else 0o644)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def _restore(change: Change) -> None:
    if change.old is None:
        change.file.unlink(missing_ok=True)
    else:
        os.replace(_temporary(change.file, change.old), change.file)


# --- the command ------------------------------------------------------------------------------


@dataclass
class Progress:
    """A progress bar on a terminal for large files; silent otherwise."""

    stream: TextIO | None
    total: int
    shown: int = -1

    def lines(self, handle: Iterable[str]) -> Iterator[str]:
        """The lines of a file, updating the bar as they are read."""
        done = 0
        for line in handle:
            done += len(line)
            self.update(done)
            yield line
        self.finish()

    def update(self, done: int) -> None:
        if self.stream is None or not self.total:
            return
        percent = min(100, done * 100 // self.total)
        if percent != self.shown:
            self.shown = percent
            bar = "#" * (percent // 4)
            self.stream.write(f"\rReading [{bar:<25}] {percent:3d}%")
            self.stream.flush()

    def finish(self) -> None:
        if self.stream is not None and self.shown >= 0:
            self.stream.write("\n")
            self.stream.flush()


def progress_stream(size: int, stream: TextIO = sys.stderr) -> TextIO | None:
    """Where to draw the progress bar: a terminal, and only for large files."""
    return stream if size >= PROGRESS_FROM_BYTES and stream.isatty() else None


@dataclass(frozen=True)
class ImportResult:
    """What an import read, skipped and (would have) written."""

    export: Export
    changes: tuple[Change, ...]


def import_stats(site: Site, csv_file: Path, kind: str, service_map: Path | None = None, *,
                 dry_run: bool = False, progress: TextIO | None = None,
                 date_formats: Sequence[str] = ()) -> ImportResult:
    """Read an export and merge it into the stats files (unless a dry run); raises ContentError.

    `date_formats` (strftime codes) replace the usual ISO 8601 and Jira forms when given."""
    names = service_names(site, service_map)
    dates = Dates(ZoneInfo(site.settings.timezone), tuple(date_formats))
    try:
        size = csv_file.stat().st_size
        with csv_file.open(encoding="utf-8-sig", newline="") as handle:
            lines = Progress(progress, size).lines(handle)
            export = read_export(lines, str(csv_file), kind, names, dates, site.today)
    except OSError as error:
        raise ContentError([Problem(str(csv_file), 1, "file", "cannot be read",
                                    error.strerror or str(error))]) from None
    except UnicodeDecodeError:
        raise ContentError([Problem(str(csv_file), 1, "file", "is not UTF-8 text; export it as UTF-8 CSV")]) from None
    changes = plan_changes(site, aggregate(export.tickets.values()))
    if not dry_run:
        write_atomically([c for c in changes if c.changed])
    return ImportResult(export, tuple(changes))


def summary(result: ImportResult, csv_file: Path, kind: str, dry_run: bool) -> str:
    """What the import read, skipped and wrote, in words."""
    export = result.export
    tickets = export.tickets.values()
    lines = [f"Read {export.rows} row{'s' if export.rows != 1 else ''} from {csv_file} "
             f"({FORMAT_NAMES[kind]} export): {len(export.tickets)} ticket{'s' if len(export.tickets) != 1 else ''}."]
    if export.superseded:
        rows = ", ".join(str(r) for r in sorted(export.superseded))
        lines.append(f"Kept the last row of tickets listed more than once; earlier rows {rows} were replaced.")
    if tickets:
        first, last = min(t.opened for t in tickets), max(t.opened for t in tickets)
        lines.append(f"Tickets opened from {first:%Y-%m-%d} to {last:%Y-%m-%d}.")
    if export.skipped:
        lines.append(f"Skipped {len(export.skipped)} row{'s' if len(export.skipped) != 1 else ''}:")
        lines += [f"  row {s.row}: {s.reason}" for s in export.skipped[:SKIPPED_LISTED]]
        if len(export.skipped) > SKIPPED_LISTED:
            lines.append(f"  … and {len(export.skipped) - SKIPPED_LISTED} more")
    verb = "Would write" if dry_run else "Wrote"
    for change in result.changes:
        if change.changed:
            done = [f"{', '.join(months)} {what}" for months, what in
                    ((change.added, "added"), (change.updated, "updated")) if months]
            lines.append(f"{verb} {change.path}: {'; '.join(done)}"
                         f"{' (new file)' if change.old is None else ''}.")
            if change.lost_comments:
                lines.append(f"  note: comments inside {change.path} below its first lines are not kept.")
        else:
            lines.append(f"Unchanged {change.path} ({', '.join(change.unchanged)} already up to date).")
    if not result.changes:
        lines.append("No stats file to write: no ticket could be used.")
    if dry_run:
        lines.append("Dry run: nothing was written.")
    return "\n".join(lines)


def diff(changes: Iterable[Change]) -> str:
    """A unified diff of every file the import would change."""
    out = io.StringIO()
    for change in changes:
        if change.changed:
            out.writelines(difflib.unified_diff(
                (change.old or "").splitlines(keepends=True), change.new.splitlines(keepends=True),
                fromfile=f"a/{change.path}" if change.old is not None else "/dev/null",
                tofile=f"b/{change.path}"))
    return out.getvalue()
