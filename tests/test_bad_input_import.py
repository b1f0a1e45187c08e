"""Bad input to `frontdesk stats import`: broken exports, extreme dates, hostile text.

Each table case runs the real command on a fresh copy of the example project with an export
written for it (`export.csv`, generic format unless the case says). A refused case must exit
non-zero naming the file and line (or the path it refuses), print no traceback, and leave every
file in and beside the project as it was. An accepted case must exit 0, import what it can, name
what it skipped, and print no character that could drive a terminal.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import FRONTDESK_COMMAND, build_env, copy_project

HEADER = "id,type,service,opened,first_response,resolved,within_sla,satisfaction"
STATS = "content/stats"
# What a terminal acts on rather than shows: none of it may reach the output as it is.
TERMINAL_CONTROLS = ("\x1b", "\r", "\x07", "\x9b", "\u202e", "\u2066")


def ticket(number: int, opened: str = "", service: str = "vpn", **cells: str) -> str:
    """A generic export's row for one ticket: an incident on the VPN in October 2026, answered within
    the hour, unless told (a ticket opened at another time has no first response unless told)."""
    day = f"2026-10-{number % 28 + 1:02d}"
    values = {"id": f"T{number}", "type": "incident", "service": service, "opened": opened or f"{day}T08:00:00",
              "first_response": "" if opened else f"{day}T09:00:00", "resolved": "", "within_sla": "yes",
              "satisfaction": "", **cells}
    return ",".join(values[name] for name in HEADER.split(","))


def export(*rows: str, header: str = HEADER, newline: str = "\n") -> bytes:
    return newline.join([header, *rows, ""]).encode("utf-8")


def tickets(count: int, start: int = 1) -> list[str]:
    return [ticket(n) for n in range(start, start + count)]


def months(project: Path, service_id: str = "vpn") -> dict[str, dict[str, Any]]:
    data = yaml.safe_load((project / STATS / f"{service_id}.yml").read_text("utf-8"))
    return {record["month"]: record for record in data["months"]}


def files_in(folder: Path, leave_out: tuple[str, ...] = ()) -> dict[str, str]:
    """Every file under a folder (links as their target, never followed) with a hash of its bytes."""
    found = {}
    for current, _, names in os.walk(folder):
        for name in names:
            file = Path(current, name)
            path = file.relative_to(folder).as_posix()
            if path in leave_out:
                continue
            found[path] = (f"link to {os.readlink(file)}" if file.is_symlink()
                           else hashlib.sha256(file.read_bytes()).hexdigest())
    return found


# --- ways to prepare a project (and the folder beside it, "outside") ---------------------------


def nothing(project: Path) -> None:
    pass


# --- the tables ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportRefused:
    """An import that must be refused cleanly, changing nothing in or beside the project."""

    id: str
    description: str
    export: bytes
    expected: tuple[str, ...]  # fragments of the output: `export.csv:17: row: ...`, or the path refused
    prepare: Callable[[Path], None] = nothing  # changes to the project first


@dataclass(frozen=True)
class ImportAccepted:
    """An odd export that imports: what it can is imported, the rest named, and `imported` checks the files."""

    id: str
    description: str
    export: bytes
    expected: tuple[str, ...]  # fragments of the output
    imported: Callable[[Path], None]
    prepare: Callable[[Path], None] = nothing  # changes to the project first


STRAY_QUOTE = tickets(50)
STRAY_QUOTE[15] = ticket(16, service='"vpn')  # line 17

QUOTE_CLOSED_LATER = tickets(10)
QUOTE_CLOSED_LATER[3] = ticket(4, service='"vpn')  # line 5; the next quote is on line 9
QUOTE_CLOSED_LATER[7] = ticket(8, service='"Wi-Fi"')

CASES = [
    ImportRefused("import-stray-quote-swallows-the-rest", "a quote mark opens a cell that runs to the end of the file",
                  export(*STRAY_QUOTE),
                  ("export.csv:17: row: has a quote mark that is never closed: the cell runs on to the end of the file "
                   "(line 51)", "(found: 'T16,incident,\"vpn,2026-10-17T08:00:00")),
    ImportRefused("import-stray-quote-closed-rows-later", "a stray quote mark swallows rows until the next quote",
                  export(*QUOTE_CLOSED_LATER),
                  ("export.csv:5: row: a quoted cell runs on from here to line 9, where its closing quote mark is not "
                   "followed by the delimiter",)),
    ImportRefused("import-unclosed-quote-in-header", "the header itself has a quote that is never closed",
                  export(*tickets(3), header='id,type,"service,opened,first_response,resolved,within_sla,satisfaction'),
                  ("export.csv:1: header: has a quote mark that is never closed",)),
    ImportRefused("import-row-with-too-few-cells", "a row cut short", export(*tickets(2), "T3,incident,vpn,2026-10-03",
                                                                             *tickets(2, start=4)),
                  ("export.csv:4: row: has 4 cells, the header has 8 (found: 'T3,incident,vpn,2026-10-03')",)),
    ImportRefused("import-row-with-too-many-cells", "a service name with an unquoted comma",
                  export(*tickets(1), ticket(2, service="Printing, scanning")),
                  ("export.csv:3: row: has 9 cells, the header has 8",)),
    ImportRefused("import-nul-byte", "a NUL byte in a row", export(*tickets(3), ticket(4, service="vpn\x00")),
                  ("export.csv:5: row: has a NUL byte in cell 3 (service); export the file as UTF-8 CSV",)),
    ImportRefused("import-row-not-utf8", "one row saved in Windows-1252",
                  export(*tickets(1)) + ticket(2, service="Caf\u00e9").encode("cp1252") + b"\n",
                  ("export.csv:3: row: has bytes that are not UTF-8 text in cell 3 (service)",
                   "(found: 'T2,incident,Caf\ufffd,")),
    ImportRefused("import-utf16-export", "the whole export saved as UTF-16 (Excel's Unicode text)",
                  export(*tickets(2)).decode("utf-8").encode("utf-16"),
                  ("export.csv:1: header: is not UTF-8 text; export the file as UTF-8 CSV",)),
    ImportRefused("import-cell-over-the-limit", "a cell of more than 100,000 characters",
                  export(*tickets(1), ticket(2, service="x" * 100_001)),
                  ("export.csv:3: row: has a cell longer than 100,000 characters",)),
    ImportRefused("import-every-bad-row-at-once", "three different broken rows are all named",
                  export(*tickets(1), "T2,incident", *tickets(2, start=3), ticket(5, service="\x00"),
                         'T6,incident,vpn,"2026-10-01"x,,,,'),
                  ("export.csv:3: row: has 2 cells", "export.csv:6: row: has a NUL byte",
                   "export.csv:7: row: a quoted cell, where its closing quote mark is not followed by the delimiter",
                   "Frontdesk found 3 problems")),
    ImportRefused("import-hundreds-of-bad-rows-counted", "a file with a broken row on every line: 50 named, the rest "
                  "counted", export(*(f"T{n},incident" for n in range(1, 201))),
                  ("export.csv:2: row: has 2 cells", "export.csv:51: row: has 2 cells",
                   "export.csv:52: rows: and 150 more rows with problems like those above, from line 52")),
    ImportRefused("import-line-numbers-count-physical-lines", "a cell spanning three lines moves the rows after it",
                  export(ticket(1, service='"VPN\nremote\naccess"'), "T2,incident", header=HEADER),
                  ("export.csv:5: row: has 2 cells",)),
]


def vpn_october(incidents: int) -> Callable[[Path], None]:
    def check(project: Path) -> None:
        assert months(project)["2026-10"]["incidents"] == incidents
    return check


ACCEPTED = [
    ImportAccepted("import-year-one-with-an-offset", "a ticket dated year 1 with a time zone offset",
                   export(*tickets(3), ticket(4, opened="0001-01-01T00:00:00+05:00")),
                   ("  row 5: opened: '0001-01-01T00:00:00+05:00' is outside the dates stats can show (1970 to today)",
                    "Wrote content/stats/vpn.yml"), vpn_october(3)),
    ImportAccepted("import-year-9999", "tickets opened in the year 9999, with and without an offset",
                   export(*tickets(2), ticket(3, opened="9999-12-31T23:59:59"),
                          ticket(4, opened="9999-12-31T23:00:00-05:00")),
                   ("  row 4: opened: '9999-12-31T23:59:59' is outside the dates stats can show (1970 to today)",
                    "  row 5: opened: '9999-12-31T23:00:00-05:00' is outside the dates stats can show"),
                   vpn_october(2)),
    ImportAccepted("import-resolved-after-today", "tickets resolved after today, one in the last moment of 9999",
                   export(*tickets(2), ticket(3, resolved="2030-01-01T00:00:00"),
                          ticket(4, resolved="9999-12-31T23:59:59+14:00")),
                   ("  row 4: T3: resolved is in the future (2030-01-01)",
                    "  row 5: resolved: '9999-12-31T23:59:59+14:00' is outside the dates stats can show"),
                   vpn_october(2)),
    ImportAccepted("import-control-characters-in-ticket-ids", "ticket ids with ESC, CR, BEL and a C1 control",
                   export(*tickets(2), ticket(3, type="change").replace("T3", '"T3\x1b[2J\x1b]0;pwned\x07\r\x9b"', 1)),
                   ("  row 4: T3\\x1b[2J\\x1b]0;pwned\\x07\\r\\x9b: not an incident or a request",), vpn_october(2)),
    ImportAccepted("import-bidi-override-in-service-name", "a service name with a right-to-left override",
                   export(*tickets(2), ticket(3, service="vpn\u202e\u2066lanretni")),
                   ("  row 4: T3: service 'vpn\\u202e\\u2066lanretni' is not a service id or title",), vpn_october(2)),
    ImportAccepted("import-bom-crlf-and-blank-lines", "a BOM, Windows line endings and blank lines",
                   b"\xef\xbb\xbf" + export(*tickets(2), "", ",,,,,,,", *tickets(2, start=3), newline="\r\n"),
                   ("Read 4 rows from export.csv (generic export): 4 tickets.",), vpn_october(4)),
    ImportAccepted("import-multi-line-cell-and-extra-columns", "a notes column with a quoted cell over three lines",
                   export(*(row + ',"first\nsecond\nthird"' for row in tickets(2)), ticket(3, type="change") + ",",
                          header=HEADER + ",notes"),
                   ("  row 8: T3: not an incident or a request",), vpn_october(2)),
]


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str


def run_import(project: Path, *args: str, export_file: str = "export.csv") -> Run:
    """`frontdesk stats import` as a user runs it, from the folder holding the export. The output
    is read as bytes, so a carriage return printed is seen as one (and the output must be UTF-8)."""
    result = subprocess.run([FRONTDESK_COMMAND, "stats", "import", export_file, "--format", "generic",
                             "--project", str(project), *args],
                            cwd=project.parent, capture_output=True, env=build_env(), timeout=120)
    return Run(result.returncode, result.stdout.decode("utf-8"), result.stderr.decode("utf-8"))


def assert_clean_output(output: str) -> None:
    assert "Traceback" not in output, output
    for control in TERMINAL_CONTROLS:
        assert control not in output, f"{control!r} printed as it is\n{output}"


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_a_broken_export_or_project_is_refused_and_nothing_changes(case: ImportRefused, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    case.prepare(project)
    (tmp_path / "export.csv").write_bytes(case.export)
    before = files_in(tmp_path)
    result = run_import(project)
    output = result.stdout + result.stderr
    assert result.returncode == 1, f"{case.description}: the import passed\n{output}"
    for fragment in case.expected:
        assert fragment in output, f"{case.description}: missing {fragment!r}\n--- output ---\n{output}"
    assert "Wrote" not in output
    assert_clean_output(output)
    assert files_in(tmp_path) == before, f"{case.description}: a file changed"


@pytest.mark.parametrize("case", ACCEPTED, ids=[case.id for case in ACCEPTED])
def test_an_odd_export_imports_what_it_can_and_names_the_rest(case: ImportAccepted, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    case.prepare(project)
    (tmp_path / "export.csv").write_bytes(case.export)
    result = run_import(project)
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"{case.description}: the import failed\n{output}"
    for fragment in case.expected:
        assert fragment in output, f"{case.description}: missing {fragment!r}\n--- output ---\n{output}"
    assert_clean_output(output)
    case.imported(project)
