"""Property: whatever rows a ticket export holds, `frontdesk stats import` ends cleanly.

Hypothesis writes ticket exports in the generic format with hostile cells (quotes, commas, line
breaks, control characters, dates from year 1 to 9999, numbers out of range, text where numbers
go) and runs the import in-process with FRONTDESK_DEBUG=1, so an error in Frontdesk would raise
instead of being summed up in one line. Each run either refuses the export (exit 1, naming the
export file, the stats files untouched) or writes stats that `frontdesk check` accepts; its output
never carries a terminal control character.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from conftest import FIXED_NOW, copy_project
from frontdesk import cli
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st

HEADER = ["id", "type", "service", "opened", "first_response", "resolved", "within_sla", "satisfaction"]
CONTROL = {chr(c) for c in range(32)} - {"\n", "\t"} | {"\x7f", "\x1b", "\u202e"}

hostile_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
times = st.sampled_from(["2026-10-01T08:00:00", "2026-10-02T09:30:00+01:00", "0001-01-01T00:00:00+14:00",
                         "9999-12-31T23:59:59", "1969-12-31T23:59:59Z", "2026-02-30T10:00:00", "2027-01-01T00:00:00",
                         "2026-10-01", ""]) | hostile_text
cells = {
    "id": st.sampled_from(["T1", "T2", "\x1b[31mT3", "T4\r\n"]) | hostile_text,
    "type": st.sampled_from(["incident", "request", "INCIDENT", "", "problem"]) | hostile_text,
    "service": st.sampled_from(["Remote Access", "vpn", "Printers", "wifi", "Unknown", ""]) | hostile_text,
    "opened": times, "first_response": times, "resolved": times,
    "within_sla": st.sampled_from(["yes", "no", "", "maybe"]) | hostile_text,
    "satisfaction": st.sampled_from(["5", "1", "0", "6", "4.5", "nan", "1e308", "-3", ""]) | hostile_text,
}
rows = st.lists(st.fixed_dictionaries(cells), min_size=1, max_size=12)
# How the export is written: by a CSV writer, or by hand with whatever quotes the cells carry.
by_hand = st.booleans()


@contextlib.contextmanager
def a_project() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="frontdesk-import-property-") as folder:
        yield copy_project(Path(folder) / "project")


def export_text(records: list[dict[str, str]], hand: bool) -> str:
    if hand:
        return "\n".join(",".join(row) for row in [HEADER, *([r[k] for k in HEADER] for r in records)]) + "\n"
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows([r[k] for k in HEADER] for r in records)
    return out.getvalue()


def run(*args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(args))
    return code, out.getvalue() + err.getvalue()


def stats_files(project: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((project / "content/stats").glob("*.yml"))}


@settings(max_examples=30, deadline=None, derandomize=True, database=None, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(records=rows, hand=by_hand)
def test_an_import_refuses_an_export_cleanly_or_writes_stats_check_accepts(records, hand):
    saved = {name: os.environ.get(name) for name in ("FRONTDESK_NOW", "FRONTDESK_DEBUG")}
    os.environ.update(FRONTDESK_NOW=FIXED_NOW, FRONTDESK_DEBUG="1")
    try:
        with a_project() as project:
            export = project.parent / "tickets.csv"
            export.write_text(export_text(records, hand), "utf-8", newline="")
            service_map = project.parent / "map.yml"
            service_map.write_text("Remote Access: vpn\nPrinters: null\n", "utf-8")
            before = stats_files(project)
            code, output = run("stats", "import", str(export), "--format", "generic", "--service-map",
                               str(service_map), "--project", str(project), "--wait", "0")
            event(f"exit {code}")
            assert code in (0, 1), output
            assert not CONTROL & set(output), f"a control character reached the terminal: {output!r}"
            if code == 1:
                assert "tickets.csv" in output or "map.yml" in output, output
                assert stats_files(project) == before, "a refused import changed the stats files"
            else:
                checked, report = run("check", "--content-only", "--project", str(project))
                assert checked == 0, f"the import wrote stats that check refuses:\n{report}"
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    shutil.rmtree(project, ignore_errors=True)
