"""`frontdesk stats import`: ticket exports merged into content/stats/*.yml without losing data.

The exports under tests/data/ are small enough to aggregate by hand; each test says how.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import FRONTDESK_COMMAND, ROOT, build_env
from frontdesk import cli
from frontdesk.stats import ticket_exports as stats_import
from frontdesk.stats.ticket_exports import Progress

DATA = ROOT / "tests" / "data"
NOW = "2026-11-23T09:00:00+00:00"


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRONTDESK_NOW", NOW)


def run(project: Path, csv_name: str, kind: str, *extra: str) -> int:
    return cli.main(["stats", "import", str(DATA / csv_name), "--format", kind, "--project", str(project), *extra])


def months(project: Path, service_id: str) -> dict[str, dict[str, Any]]:
    data = yaml.safe_load((project / "content" / "stats" / f"{service_id}.yml").read_text("utf-8"))
    return {record["month"]: record for record in data["months"]}


def snapshot(project: Path) -> dict[str, bytes]:
    folder = project / "content" / "stats"
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_servicenow_export_with_field_names(project, capsys):
    before = months(project, "vpn")
    assert run(project, "servicenow_fields.csv", "servicenow") == 0
    after = months(project, "vpn")
    # VPN, October: INC0010001 (0.5 h to respond, 4 h to resolve, within SLA), INC0010002 (its last row:
    # 2 h, 10 h, within), RITM0010003 (1 h, 24 h, missed), REQ0010008 (still open).
    assert after["2026-10"] == {
        **before["2026-10"],
        "incidents": 2, "requests": 2, "resolved": 3,
        "first_response_hours": 1.0, "resolution_hours": 10.0, "sla_met": 66.7,
    }
    # Fields an import does not compute are kept as they were typed.
    assert after["2026-10"]["availability"] == before["2026-10"]["availability"]
    assert after["2026-10"]["satisfaction"] == before["2026-10"]["satisfaction"]
    # Months the export does not cover are untouched.
    assert {k: v for k, v in after.items() if k != "2026-10"} == {k: v for k, v in before.items() if k != "2026-10"}
    wifi = months(project, "wifi")["2026-09"]
    assert (wifi["incidents"], wifi["requests"], wifi["resolved"]) == (1, 0, 1)
    assert (wifi["first_response_hours"], wifi["resolution_hours"], wifi["sla_met"]) == (1.0, 6.0, 100.0)
    out = capsys.readouterr().out
    assert "Read 9 rows from" in out and "(ServiceNow export): 5 tickets." in out
    assert "Kept the last row of tickets listed more than once; earlier rows 3 were replaced." in out
    assert "Skipped 3 rows:\n" in out
    assert "  row 6: INC0010004: cancelled (state 'Canceled')\n" in out
    assert ("  row 7: INC0010005: service 'Coffee machine' is not a service id or title; "
            "map it to one with --service-map\n") in out
    assert ("  row 8: opened_at: cannot read 'yesterday' as a date and time (expected YYYY-MM-DD HH:MM:SS, "
            "or give the export's own with --date-format, such as '%d/%m/%Y %H:%M:%S')\n") in out
    assert "Wrote content/stats/vpn.yml: 2026-10 updated." in out
    assert "Wrote content/stats/wifi.yml: 2026-09 updated." in out


def test_an_export_in_a_users_own_date_format_reads_with_date_format(project, tmp_path, capsys):
    # The same export as servicenow_fields.csv, written with a dd/MM/yyyy profile.
    iso = re.compile(r"(\d{4})-(\d{2})-(\d{2}) (\d{2}:\d{2}:\d{2})")
    local = tmp_path / "servicenow_uk.csv"
    local.write_text(iso.sub(r"\3/\2/\1 \4", (DATA / "servicenow_fields.csv").read_text("utf-8")), "utf-8")
    assert "02/10/2026 09:00:00" in local.read_text("utf-8")
    expected_project = tmp_path / "expected"
    shutil.copytree(project, expected_project)
    assert run(expected_project, "servicenow_fields.csv", "servicenow") == 0
    capsys.readouterr()

    # Without the format nothing is guessed: every row is skipped, saying how to fix it.
    before = snapshot(project)
    assert cli.main(["stats", "import", str(local), "--format", "servicenow", "--project", str(project)]) == 0
    out = capsys.readouterr().out
    assert "row 2: opened_at: cannot read '02/10/2026 09:00:00' as a date and time" in out
    assert "--date-format" in out
    assert snapshot(project) == before

    assert cli.main(["stats", "import", str(local), "--format", "servicenow", "--project", str(project),
                     "--date-format", "%d/%m/%Y %H:%M:%S"]) == 0
    assert months(project, "vpn") == months(expected_project, "vpn")
    assert months(project, "wifi") == months(expected_project, "wifi")
    out = capsys.readouterr().out
    assert "Wrote content/stats/vpn.yml: 2026-10 updated." in out


def test_servicenow_export_with_label_headers(project, capsys):
    assert run(project, "servicenow_labels.csv", "servicenow") == 0
    october = months(project, "vpn")["2026-10"]
    # The same tickets without a first-response column: that field keeps its old value.
    assert (october["incidents"], october["requests"], october["resolved"]) == (2, 2, 3)
    assert (october["resolution_hours"], october["sla_met"]) == (10.0, 66.7)
    assert "earlier rows 3 were replaced" in capsys.readouterr().out


def test_jira_export_with_repeated_headers(project, capsys):
    assert run(project, "jira.csv", "jira") == 0
    # ITS-2 names two services in its two "Affected services" columns: it counts for both.
    wifi = months(project, "wifi")["2026-10"]
    assert {k: wifi[k] for k in ("incidents", "requests", "resolved", "resolution_hours",
                                 "satisfaction", "survey_responses")} == {
        "incidents": 1, "requests": 1, "resolved": 2, "resolution_hours": 16.0,
        "satisfaction": 4.5, "survey_responses": 2}
    vpn = months(project, "vpn")["2026-10"]
    assert {k: vpn[k] for k in ("incidents", "requests", "resolved", "resolution_hours",
                                "satisfaction", "survey_responses")} == {
        "incidents": 0, "requests": 2, "resolved": 1, "resolution_hours": 24.0,
        "satisfaction": 5.0, "survey_responses": 1}
    out = capsys.readouterr().out
    assert "  row 4: ITS-3: not an incident or a request (type 'change')" in out
    assert "  row 6: ITS-5: Custom field (Satisfaction) must be a score from 1 to 5 (found: '9')" in out


def test_generic_export_with_a_service_map_and_a_new_file(project, capsys):
    assert run(project, "generic.csv", "generic", "--service-map", str(DATA / "generic_map.yml")) == 0
    vpn = months(project, "vpn")["2026-10"]
    assert {k: vpn[k] for k in ("incidents", "requests", "resolved", "first_response_hours",
                                "resolution_hours", "sla_met", "satisfaction", "survey_responses")} == {
        "incidents": 1, "requests": 1, "resolved": 2, "first_response_hours": 0.8, "resolution_hours": 3.0,
        "sla_met": 50.0, "satisfaction": 4.0, "survey_responses": 2}
    created = project / "content" / "stats" / "software-requests.yml"
    assert created.read_text("utf-8") == (
        '# Monthly figures for Software requests. See README.md, "Service stats", for each field.\n'
        "months:\n  - month: 2026-10\n    incidents: 0\n    requests: 1\n    resolved: 1\n"
        "    first_response_hours: 1.0\n    resolution_hours: 24.0\n    sla_met: 100.0\n")
    out = capsys.readouterr().out
    assert "  row 4: T3: the service map leaves out 'Printers'" in out
    assert "  row 5: T4: opened in the future (2026-12-01)" in out
    assert "Wrote content/stats/software-requests.yml: 2026-10 added (new file)." in out


def test_running_the_same_import_again_changes_nothing(project, capsys):
    assert run(project, "servicenow_fields.csv", "servicenow") == 0
    first = snapshot(project)
    capsys.readouterr()
    assert run(project, "servicenow_fields.csv", "servicenow") == 0
    assert snapshot(project) == first
    out = capsys.readouterr().out
    assert "Unchanged content/stats/vpn.yml (2026-10 already up to date)." in out
    assert "Wrote" not in out


def test_dry_run_shows_a_diff_and_writes_nothing(project, capsys):
    before = snapshot(project)
    assert run(project, "generic.csv", "generic", "--service-map", str(DATA / "generic_map.yml"), "--dry-run") == 0
    assert snapshot(project) == before
    out = capsys.readouterr().out
    assert "--- a/content/stats/vpn.yml\n+++ b/content/stats/vpn.yml\n" in out
    assert "+    first_response_hours: 0.8\n" in out
    assert "--- /dev/null\n+++ b/content/stats/software-requests.yml\n" in out
    assert "Would write content/stats/vpn.yml: 2026-10 updated." in out
    assert out.rstrip().endswith("Dry run: nothing was written.")


def test_a_failure_midway_leaves_every_file_as_it_was(project, capsys, monkeypatch):
    before = snapshot(project)
    real_replace = os.replace
    calls = []

    def failing_replace(source: Any, target: Any) -> None:
        if str(target).endswith(".yml"):  # a stats file, not the import's journal
            calls.append(target)
        if len(calls) == 2:  # the first file is already renamed into place
            raise OSError(28, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(stats_import.os, "replace", failing_replace)
    assert run(project, "servicenow_fields.csv", "servicenow") == 1
    assert len(calls) >= 2
    assert snapshot(project) == before  # no changed file, and no temporary file or journal left behind
    assert "could not write the stats files" in capsys.readouterr().err


def test_hand_entered_fields_and_comments_at_the_top_are_kept(project):
    vpn = project / "content" / "stats" / "vpn.yml"
    vpn.write_text("# Availability comes from the monitoring team.\n"
                   "months:\n  - {month: 2026-10, availability: 99.12, satisfaction: 4.9, survey_responses: 3}\n",
                   "utf-8")
    assert run(project, "servicenow_fields.csv", "servicenow") == 0
    text = vpn.read_text("utf-8")
    assert text.startswith("# Availability comes from the monitoring team.\nmonths:\n  - month: 2026-10\n")
    october = months(project, "vpn")["2026-10"]
    assert (october["availability"], october["satisfaction"], october["survey_responses"]) == (99.12, 4.9, 3)
    assert list(october) == ["month", "availability", "incidents", "requests", "resolved",
                             "first_response_hours", "resolution_hours", "sla_met", "satisfaction",
                             "survey_responses"]


def test_a_missing_column_is_an_error_naming_the_file(project, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("number,state,business_service\nINC1,New,VPN\n", "utf-8")
    before = snapshot(project)
    assert cli.main(["stats", "import", str(bad), "--format", "servicenow", "--project", str(project)]) == 1
    assert (f"{bad}:1: opened: has no column in the header; expected one of: opened_at, Opened"
            in capsys.readouterr().err)
    assert snapshot(project) == before


def test_a_service_map_naming_an_unknown_service_is_an_error(project, tmp_path, capsys):
    service_map = tmp_path / "map.yml"
    service_map.write_text("Remote Access: vpm\n", "utf-8")
    assert run(project, "generic.csv", "generic", "--service-map", str(service_map)) == 1
    assert (f"{service_map}:1: Remote Access: must be the id of a service in content/services/ "
            "(or null to leave it out) (found: 'vpm')") in capsys.readouterr().err


def test_progress_bar_is_drawn_for_large_files_only_on_a_terminal():
    stream = io.StringIO()
    lines = list(Progress(stream, total=20).lines(["0123456789", "0123456789"]))
    assert lines == ["0123456789", "0123456789"]
    assert stream.getvalue() == "\rReading [############             ]  50%\rReading [#########################] 100%\n"
    silent = io.StringIO()
    list(Progress(None, total=20).lines(["x"]))
    assert silent.getvalue() == ""
    assert stats_import.progress_stream(10 * 1024 * 1024, io.StringIO()) is None  # not a terminal


def test_the_command_line_help_has_examples():
    result = subprocess.run([FRONTDESK_COMMAND, "stats", "import", "--help"], capture_output=True, text=True,
                            env=build_env(), timeout=60)
    assert result.returncode == 0
    assert "frontdesk stats import exports/incidents.csv --format servicenow" in result.stdout
    assert "--service-map MAP.yml" in result.stdout and "--dry-run" in result.stdout


def test_imported_files_build(project, tmp_path):
    from conftest import run_build

    assert run(project, "jira.csv", "jira") == 0
    build = run_build(project, tmp_path / "site")
    assert build.returncode == 0, build.output
    assert "Wi-Fi" in build.page("stats/")


def test_the_reasons_written_by_hand_are_kept_by_an_import(project):
    vpn = project / "content" / "stats" / "vpn.yml"
    vpn.write_text("months:\n  - month: 2026-10\n    availability: 99.12\n    reasons:\n"
                   "      availability: 'The link \"failed\": #2, café'\n", "utf-8")
    assert run(project, "servicenow_fields.csv", "servicenow") == 0
    october = months(project, "vpn")["2026-10"]
    assert october["reasons"] == {"availability": 'The link "failed": #2, café'}
    assert october["incidents"] is not None  # the import did add its figures
    assert "    reasons:\n      availability: " in vpn.read_text("utf-8")
