"""Reading a ticketing system's CSV export: its formats and columns, its dates, its tickets.

    export CSV → tickets (one per ticket number; the last row of a ticket wins)

The file must be well-formed CSV, read strictly: a quote mark that is never closed, a cell over
CELL_LIMIT characters, a row with more or fewer cells than the header, a NUL byte or bytes that
are not UTF-8 are errors naming the file and the row's line (every one at once), so an import
never reports success over a file it read only part of. A header without the columns a format
needs is an error too. A well-formed row that cannot be used (no service, a date that cannot be
read or that stats cannot show) is skipped with its reason. Large files show a progress bar on
a terminal.
"""

from __future__ import annotations

import csv
import os
import re
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from ..catalogue.catalogue import Catalogue
from ..core.problems import ContentError, Problem, shown
from ..core.schema import id_problem
from ..core.source import read_yaml
from ..core.urls import slug

FORMATS = ("servicenow", "jira", "generic")
FORMAT_NAMES = {"servicenow": "ServiceNow", "jira": "Jira Service Management", "generic": "generic"}
# Files at least this large show a progress bar (on a terminal).
PROGRESS_FROM_BYTES = 1024 * 1024
# The longest cell an export may have, in characters: long descriptions fit, a quote mark that
# swallows the rest of a large file does not.
CELL_LIMIT = 100_000
# Problems with an export's rows listed one by one; the rest are counted.
ROW_PROBLEMS_LISTED = 50
# The first day a ticket may be dated: older dates are slips (a year 0001), and stats cannot show them.
EARLIEST_DAY = date(1970, 1, 1)
# The last calendar year (datetime's) is never read: no time zone can move a date there.
_LAST_YEAR = 9999
# Longest ticket number quoted back in the summary.
_KEY_SHOWN = 40


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


# Characters that say a file is not UTF-8 text: NUL, and bytes that did not decode (surrogate escapes).
_NOT_TEXT = re.compile("[\x00\udc80-\udcff]")
_UNDECODED = re.compile("[\udc80-\udcff]")


@dataclass(frozen=True)
class _Row:
    """One CSV record: the physical line it starts on, its cells and its text as in the file."""

    line: int
    cells: list[str]
    text: str


@dataclass
class _Lines:
    """The physical lines of a file as the CSV reader takes them: counted, and those of the
    record being read kept, so every problem names the line a record starts on."""

    source: Iterator[str]
    number: int = 0
    record: list[str] = field(default_factory=list)

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = next(self.source)
        self.number += 1
        self.record.append(line)
        return line


def _records(lines: Iterable[str], path: str) -> Iterator[_Row | Problem]:
    """The file's CSV records read strictly (quoted cells may span lines), or a problem for each
    record that is not well-formed CSV. The delimiter (comma, semicolon or tab) is the header's."""
    text = iter(lines)
    first = next(text, "")
    try:
        delimiter = csv.Sniffer().sniff(first, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    source = _Lines(_chain(first, text))
    reader = csv.reader(source, delimiter=delimiter, quotechar='"', doublequote=True, strict=True)
    while True:
        source.record = []
        start = source.number + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield Problem(path, start, "row", _csv_problem(str(error), start, source.number),
                          _shown_line(source.record))
            continue
        yield _Row(start, cells, "".join(source.record))


def _csv_problem(error: str, start: int, end: int) -> str:
    """What the csv module's error means to someone who can open the file."""
    runs_on = f"a quoted cell runs on from here to line {end}" if end > start else "a quoted cell"
    if "end of data" in error:
        return (f"has a quote mark that is never closed: the cell runs on to the end of the file (line {end}); "
                'write a quote mark inside a cell as two ("")')
    if "expected after" in error:
        return (f"{runs_on}, where its closing quote mark is not followed by the delimiter; "
                'write a quote mark inside a cell as two ("")')
    if "field limit" in error:
        where = f" (it runs on to line {end}: is a quote mark not closed?)" if end > start else ""
        return f"has a cell longer than {CELL_LIMIT:,} characters{where}"
    return f"is not well-formed CSV ({error})"


def _shown_line(lines: Sequence[str]) -> str:
    """A record's first line as the problem quotes it, bytes that are not UTF-8 shown as �."""
    return shown(_UNDECODED.sub("\ufffd", lines[0].rstrip("\r\n"))) if lines else "nothing"


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def _row_problem(row: _Row, names: Sequence[str], path: str) -> Problem | None:
    """Why a well-formed record is still not a row of this export: its cells, or bytes that are not text."""
    bad = _NOT_TEXT.search(row.text)
    if bad is not None:
        cell = next((i for i, c in enumerate(row.cells) if _NOT_TEXT.search(c)), None)
        where = f" in cell {cell + 1} ({names[cell][:_KEY_SHOWN]})" if cell is not None and cell < len(names) else ""
        what = "a NUL byte" if bad[0] == "\x00" else "bytes that are not UTF-8 text"
        return Problem(path, row.line, "row", f"has {what}{where}; export the file as UTF-8 CSV",
                       _shown_line([row.text]))
    if len(row.cells) != len(names):
        return Problem(path, row.line, "row", f"has {len(row.cells)} cell{'s' if len(row.cells) != 1 else ''}, "
                       f"the header has {len(names)}", _shown_line([row.text]))
    return None


def read_export(handle: Iterable[str], path: str, kind: str, services: ServiceNames, dates: Dates,
                today: date) -> Export:
    """Every ticket of an export, the last row of each ticket winning; raises ContentError listing
    every record that is not well-formed (and a bad header)."""
    previous_limit = csv.field_size_limit(CELL_LIMIT)
    try:
        return _read_export(_records(handle, path), path, kind, services, dates, today)
    finally:
        csv.field_size_limit(previous_limit)


def _read_export(records: Iterator[_Row | Problem], path: str, kind: str, services: ServiceNames,
                 dates: Dates, today: date) -> Export:
    first = next(records, None)
    if first is None:
        raise ContentError([Problem(path, 1, "file", "is empty")])
    if isinstance(first, Problem):
        raise ContentError([replace(first, field="header")])
    if _NOT_TEXT.search(first.text):
        raise ContentError([Problem(path, first.line, "header", "is not UTF-8 text; export the file as UTF-8 CSV",
                                    _shown_line([first.text]))])
    header = _header(first.cells, COLUMNS[kind], path)
    export = Export()
    problems: list[Problem] = []
    more, more_from = 0, 0  # problems past ROW_PROBLEMS_LISTED: how many, and the line of the first
    rows: dict[str, int] = {}
    for record in records:
        if isinstance(record, _Row) and _is_blank(record):
            continue
        problem = record if isinstance(record, Problem) else _row_problem(record, first.cells, path)
        if problem is not None:
            if len(problems) < ROW_PROBLEMS_LISTED:
                problems.append(problem)
            else:
                more, more_from = more + 1, more_from or problem.line
            continue
        if problems or not isinstance(record, _Row):
            continue  # the file is refused: its tickets need not be read
        export.rows += 1
        try:
            ticket = _ticket(record.line, record.cells, header, kind, services, dates, today)
        except _Skip as reason:
            export.skipped.append(Skipped(record.line, str(reason)))
            continue
        if ticket.key in rows:
            export.superseded.append(rows[ticket.key])
        rows[ticket.key] = record.line
        export.tickets[ticket.key] = ticket
    if more:
        problems.append(Problem(path, more_from, "rows", f"and {more} more row{'s' if more != 1 else ''} "
                                f"with problems like those above, from line {more_from}"))
    if problems:
        raise ContentError(problems)
    return export


def _is_blank(row: _Row) -> bool:
    return not any(cell.strip() for cell in row.cells)


def _ticket(row: int, record: Sequence[str], header: _Header, kind: str, services: ServiceNames,
            dates: Dates, today: date) -> Ticket:
    found = header.value(record, "key")
    if not found:
        raise _Skip(f"{header.label('key')} is empty")
    key = found if len(found) <= _KEY_SHOWN else found[: _KEY_SHOWN - 1] + "…"  # as the summary names it
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
        if moment is not None and moment.date() > today:
            raise _Skip(f"{key}: {header.label(name)} is in the future ({moment:%Y-%m-%d})")
    return Ticket(row, found, _kind(header, record, kind, key), _services(header, record, services, key),
                  opened, first_response, resolved, _made_sla(header, record, key),
                  _satisfaction(header, record, key))


def _moment(header: _Header, record: Sequence[str], fact: str, dates: Dates) -> datetime | None:
    """A date and time of the ticket in the site's time zone, from EARLIEST_DAY on."""
    text = header.value(record, fact)
    if not text:
        return None
    moment = parse_moment(text, dates.formats)
    if moment is None:
        expected = " or ".join(repr(f) for f in dates.formats) if dates.formats else (
            "YYYY-MM-DD HH:MM:SS, or give the export's own with --date-format, such as '%d/%m/%Y %H:%M:%S'")
        raise _Skip(f"{header.label(fact)}: cannot read {text!r} as a date and time (expected {expected})")
    # Checked before the time zone moves it: a date at either end of the calendar cannot move.
    local = None
    if EARLIEST_DAY.year <= moment.year < _LAST_YEAR:
        local = moment.replace(tzinfo=dates.zone) if moment.tzinfo is None else moment.astimezone(dates.zone)
    if local is None or local.date() < EARLIEST_DAY:
        raise _Skip(f"{header.label(fact)}: {text!r} is outside the dates stats can show "
                    f"({EARLIEST_DAY.year} to today)")
    return local


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
    """Incident or request, from the type column (or a ServiceNow number's prefix)."""
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


def service_names(catalogue: Catalogue, service_map: Path | None) -> ServiceNames:
    """The names each service goes by: its id, its title, and any name in the service map."""
    names: dict[str, str] = {}
    for service in catalogue.services:
        names[service.id] = service.id
        names[service.title.casefold()] = service.id
    if service_map is not None:
        names.update(read_service_map(service_map, set(catalogue.by_id)))
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


# --- reading the file --------------------------------------------------------------------------


def read_export_file(csv_file: Path, kind: str, names: ServiceNames, dates: Dates, today: date,
                     progress: TextIO | None = None) -> Export:
    """Every ticket of an export file, with a progress bar on `progress`; raises ContentError."""
    try:
        # Bytes that are not UTF-8 are kept as escapes, so the rows holding them can be named.
        with csv_file.open(encoding="utf-8-sig", errors="surrogateescape", newline="") as handle:
            lines = Progress(progress, os.fstat(handle.fileno()).st_size).lines(handle)
            return read_export(lines, str(csv_file), kind, names, dates, today)
    except OSError as error:
        raise ContentError([Problem(str(csv_file), 1, "file", "cannot be read",
                                    error.strerror or str(error))]) from None


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
