"""Bad input to `frontdesk stats import`: broken exports, extreme dates, hostile text, links out of the
project, a leftover journal, two imports at once.

Each table case runs the real command on a fresh copy of the example project with an export
written for it (`export.csv`, generic format unless the case says). A refused case must exit
non-zero naming the file and line (or the path it refuses), print no traceback, and leave every
file in and beside the project as it was. An accepted case must exit 0, import what it can, name
what it skipped, and print no character that could drive a terminal.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import FRONTDESK_COMMAND, build_env, copy_project, run_build

HEADER = "id,type,service,opened,first_response,resolved,within_sla,satisfaction"
STATS = "content/stats"
LOCK = "content/.stats.lock"
JOURNAL = "content/stats/.import-journal.json"
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


def outside(project: Path) -> Path:
    folder = project.parent / "outside"
    folder.mkdir(exist_ok=True)
    return folder


def stats_folder_linked_outside(project: Path) -> None:
    target = outside(project) / "stats"
    shutil.move(project / STATS, target)
    (project / STATS).symlink_to(target, target_is_directory=True)


def content_folder_linked_outside(project: Path) -> None:
    target = outside(project) / "content"
    shutil.move(project / "content", target)
    (project / "content").symlink_to(target, target_is_directory=True)


def stats_file_linked_outside(project: Path) -> None:
    target = outside(project) / "vpn.yml"
    shutil.move(project / STATS / "vpn.yml", target)
    (project / STATS / "vpn.yml").symlink_to(target)


def stats_file_linked_inside(project: Path) -> None:
    target = project / "docs" / "vpn-figures.yml"
    shutil.move(project / STATS / "vpn.yml", target)
    (project / STATS / "vpn.yml").symlink_to(Path("../../docs/vpn-figures.yml"))


def lock_linked_outside(project: Path) -> None:
    (project / LOCK).symlink_to(outside(project) / "lock")


def writing_journal(data: str) -> Callable[[Path], None]:
    return lambda project: (project / JOURNAL).write_text(data, "utf-8")


def interrupted_import(project: Path) -> None:
    """What a kill between the renames of an import into vpn.yml and wifi.yml leaves: the journal,
    vpn.yml already renamed into place, wifi.yml's new text still in its temporary file."""
    stats = project / STATS
    vpn = stats / "vpn.yml"
    october = "  - month: 2026-10\n    availability: 99.71\n    incidents: "
    assert october in vpn.read_text("utf-8")
    vpn.write_text(vpn.read_text("utf-8").replace(october + "22", october + "41"), "utf-8")
    wifi = stats / "wifi.yml"
    (stats / ".wifi.yml.k2x9q7ab.tmp").write_text(wifi.read_text("utf-8") + "  - month: 2026-11\n    incidents: 7\n",
                                                  "utf-8")
    (stats / ".import-journal.json").write_text(json.dumps({"rename": [
        {"file": "vpn.yml", "temporary": ".vpn.yml.p0d3m1xz.tmp"},
        {"file": "wifi.yml", "temporary": ".wifi.yml.k2x9q7ab.tmp"}]}), "utf-8")


def stopped_before_renaming(project: Path) -> None:
    """What a kill while an import wrote its temporary files leaves: one, and no journal."""
    (project / STATS / ".vpn.yml.a1b2c3d4.tmp").write_text("months: [half a fi", "utf-8")


def stale_lock_file(project: Path) -> None:
    (project / LOCK).write_text("", "utf-8")


# --- the tables ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportRefused:
    """An import that must be refused cleanly, changing nothing in or beside the project."""

    id: str
    description: str
    export: bytes
    expected: tuple[str, ...]  # fragments of the output: `export.csv:17: row: ...`, or the path refused
    prepare: Callable[[Path], None] = nothing


@dataclass(frozen=True)
class ImportAccepted:
    """An odd export that imports: what it can is imported, the rest named, and `imported` checks the files."""

    id: str
    description: str
    export: bytes
    expected: tuple[str, ...]  # fragments of the output
    imported: Callable[[Path], None]
    prepare: Callable[[Path], None] = nothing


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
    ImportRefused("import-stats-folder-links-outside", "content/stats is a link to a folder outside the project",
                  export(*tickets(3)), ("content/stats", "outside the project"), stats_folder_linked_outside),
    ImportRefused("import-content-folder-links-outside", "content/ is a link to a folder outside the project",
                  export(*tickets(3)), ("content", "outside the project"), content_folder_linked_outside),
    ImportRefused("import-stats-file-links-outside", "content/stats/vpn.yml is a link to a file outside the project",
                  export(*tickets(3)), ("content/stats/vpn.yml", "outside the project"), stats_file_linked_outside),
    ImportRefused("import-stats-file-links-inside", "content/stats/vpn.yml is a link to a file elsewhere in the "
                  "project", export(*tickets(3)), ("content/stats/vpn.yml:1: file:", "is a link"),
                  stats_file_linked_inside),
    ImportRefused("import-lock-file-links-outside", "content/.stats.lock is a link leading outside the project",
                  export(*tickets(3)), ("content/.stats.lock:1: lock: is a link",), lock_linked_outside),
    ImportRefused("import-journal-naming-other-files", "a journal left in content/stats names a file outside it",
                  export(*tickets(3)),
                  ("content/stats/.import-journal.json:1: journal: names a file it did not write",),
                  writing_journal(json.dumps({"rename": [{"file": "../../mkdocs.yml",
                                                          "temporary": "../../docs/about.md"}]}))),
    ImportRefused("import-journal-unreadable", "a journal left in content/stats is not JSON",
                  export(*tickets(3)), ("content/stats/.import-journal.json:1: journal: cannot be read",
                                        "delete it if you did not run an import"),
                  writing_journal("{not json")),
]


def vpn_october(incidents: int) -> Callable[[Path], None]:
    def check(project: Path) -> None:
        assert months(project)["2026-10"]["incidents"] == incidents
    return check


def interrupted_import_completed(project: Path) -> None:
    assert not (project / JOURNAL).exists()
    assert not list((project / STATS).glob(".*.tmp"))
    assert months(project, "wifi")["2026-11"]["incidents"] == 7  # renamed into place by the recovery
    assert months(project)["2026-10"]["incidents"] == 3  # then the import itself


def leftover_removed(project: Path) -> None:
    assert not list((project / STATS).glob(".*.tmp"))
    vpn_october(3)(project)


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
    ImportAccepted("import-stale-lock-file", "a lock file left behind by an earlier import (not held)",
                   export(*tickets(3)), ("Wrote content/stats/vpn.yml",), vpn_october(3), stale_lock_file),
    ImportAccepted("import-after-an-interrupted-import", "an earlier import was killed between its renames",
                   export(*tickets(3)),
                   ("content/stats: completed an import that was interrupted (renamed into place now: wifi.yml; "
                    "already in place: vpn.yml).", "Wrote content/stats/vpn.yml"),
                   interrupted_import_completed, interrupted_import),
    ImportAccepted("import-after-an-import-stopped-before-renaming", "an earlier import was killed while writing "
                   "its temporary files", export(*tickets(3)),
                   ("content/stats: removed 1 temporary file left by an import that was stopped before it changed "
                    "any file.",), leftover_removed, stopped_before_renaming),
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
    before = files_in(tmp_path, leave_out=("project/" + LOCK,))
    result = run_import(project)
    output = result.stdout + result.stderr
    assert result.returncode == 1, f"{case.description}: the import passed\n{output}"
    for fragment in case.expected:
        assert fragment in output, f"{case.description}: missing {fragment!r}\n--- output ---\n{output}"
    assert "Wrote" not in output
    assert_clean_output(output)
    assert files_in(tmp_path, leave_out=("project/" + LOCK,)) == before, f"{case.description}: a file changed"


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


# --- two imports at once -------------------------------------------------------------------------


def hold_lock(project: Path) -> int:
    """Take the import lock as another import would; closing the returned handle lets go."""
    handle = os.open(project / LOCK, os.O_RDWR | os.O_CREAT)
    fcntl.flock(handle, fcntl.LOCK_EX)
    return handle


def start_import(project: Path, export_file: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([FRONTDESK_COMMAND, "stats", "import", export_file, "--format", "generic",
                             "--project", str(project), *args], cwd=project.parent, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, env=build_env())


def two_exports(tmp_path: Path) -> None:
    """November's tickets (a month vpn.yml does not have yet), and September's (a month it has)."""
    (tmp_path / "november.csv").write_bytes(export(*(ticket(n, opened=f"2026-11-{n:02d}T08:00:00")
                                                     for n in range(1, 6))))
    (tmp_path / "september.csv").write_bytes(export(*(ticket(n, opened=f"2026-09-{n:02d}T08:00:00")
                                                      for n in range(1, 4))))


def assert_both_imported(project: Path, outputs: list[str]) -> None:
    for output in outputs:
        assert "Wrote content/stats/vpn.yml" in output, output
        assert "Traceback" not in output, output
    found = months(project)
    assert found["2026-11"]["incidents"] == 5
    assert found["2026-09"]["incidents"] == 3
    assert found["2026-09"]["availability"] == 99.22  # typed by hand: kept


def test_two_imports_at_once_both_land_one_on_top_of_the_other(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    two_exports(tmp_path)
    # Both start while a third import holds the lock, so both are ready to write at the same moment.
    held = hold_lock(project)
    try:
        running = [start_import(project, "november.csv"), start_import(project, "september.csv")]
        time.sleep(2)
        assert all(process.poll() is None for process in running), "an import did not wait for the lock"
    finally:
        os.close(held)
    outputs = [process.communicate(timeout=120)[0] for process in running]
    assert [process.returncode for process in running] == [0, 0], outputs
    assert_both_imported(project, outputs)


def test_two_imports_started_together_lose_nothing(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    two_exports(tmp_path)
    running = [start_import(project, "november.csv"), start_import(project, "september.csv")]
    outputs = [process.communicate(timeout=120)[0] for process in running]
    assert [process.returncode for process in running] == [0, 0], outputs
    assert_both_imported(project, outputs)


def test_an_import_that_waits_too_long_is_refused_naming_the_lock(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (tmp_path / "export.csv").write_bytes(export(*tickets(3)))
    before = files_in(project / STATS)
    held = hold_lock(project)
    try:
        result = run_import(project, "--wait", "0.5")
    finally:
        os.close(held)
    assert result.returncode == 1
    assert result.stderr.strip() == ("frontdesk stats import: content/.stats.lock: another import is writing "
                                     "content/stats/; waited 0.5 seconds for it to finish. Try again when it has.")
    assert files_in(project / STATS) == before


# --- an import killed between its renames ------------------------------------------------------

# Runs an import in this process and kills the process (no clean-up of any kind runs) once the
# first stats file is renamed into place, as a power cut or `kill -9` would.
KILLED_BETWEEN_RENAMES = """
import os, sys
from frontdesk import cli
real_replace = os.replace
renamed = []
def replace(source, target):
    real_replace(source, target)
    if str(target).endswith(".yml"):
        renamed.append(target)
        if len(renamed) == 1:
            os._exit(9)
os.replace = replace
sys.exit(cli.main(sys.argv[1:]))
"""


def killed_between_renames(project: Path, tmp_path: Path) -> None:
    """Run an import of November for vpn and wifi, killed after the first file is renamed."""
    (tmp_path / "export.csv").write_bytes(export(*(ticket(n, opened=f"2026-11-{n:02d}T08:00:00",
                                                          service="vpn" if n % 2 else "wifi") for n in range(1, 7))))
    result = subprocess.run([sys.executable, "-c", KILLED_BETWEEN_RENAMES, "stats", "import", "export.csv",
                             "--format", "generic", "--project", str(project)],
                            cwd=tmp_path, capture_output=True, text=True, env=build_env(), timeout=120)
    assert result.returncode == 9, result.stdout + result.stderr
    assert (project / JOURNAL).exists()
    assert "2026-11" in (project / STATS / "vpn.yml").read_text("utf-8")
    assert "2026-11" not in (project / STATS / "wifi.yml").read_text("utf-8")  # half the import is in place


def test_check_completes_an_import_killed_between_renames_and_says_so(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    killed_between_renames(project, tmp_path)
    result = subprocess.run([FRONTDESK_COMMAND, "check", "--content-only", "--project", str(project)],
                            capture_output=True, text=True, env=build_env(), timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[0] == ("content/stats: completed an import that was interrupted (renamed into "
                                             "place now: wifi.yml; already in place: vpn.yml).")
    assert months(project, "vpn")["2026-11"]["incidents"] == 3
    assert months(project, "wifi")["2026-11"]["incidents"] == 3
    assert not (project / JOURNAL).exists() and not list((project / STATS).glob(".*"))


def test_a_build_completes_an_interrupted_import_before_reading_the_stats(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    interrupted_import(project)
    build = run_build(project, tmp_path / "site")
    assert build.returncode == 0, build.output
    assert ("Frontdesk: content/stats: completed an import that was interrupted (renamed into place now: wifi.yml; "
            "already in place: vpn.yml).") in build.output
    assert months(project, "wifi")["2026-11"]["incidents"] == 7
    assert not (project / JOURNAL).exists()
