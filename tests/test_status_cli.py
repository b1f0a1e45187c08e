"""`frontdesk incident new|update|resolve` and `frontdesk maintenance new` (issue 13).

Times come from the build's clock (FRONTDESK_NOW); the rest of an incident's file stays as written;
a change that would not build is refused and leaves the file as it was; the result builds --strict.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import yaml
from conftest import build_env, run_build

OPEN = "content/incidents/2026-11-23-mfa-slow.md"
RESOLVED = "content/incidents/2026-11-10-vpn-outage.md"


def frontdesk(project: Path, *args: str, now: str = "2026-11-23T09:30:00+00:00") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "frontdesk.cli", *args, "--project", str(project)],
                          capture_output=True, text=True, env=build_env(FRONTDESK_NOW=now), timeout=120)


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text("utf-8").split("---\n")[1])


def test_an_incident_from_start_to_resolution_keeps_the_file_as_written(project: Path, tmp_path: Path) -> None:
    file = project / OPEN
    before = file.read_text("utf-8")
    update = frontdesk(project, "incident", "update", "2026-11-23-mfa-slow", "--stage", "monitoring",
                       "A fix is in place: approvals arrive in seconds")
    assert update.returncode == 0, update.stderr
    assert update.stdout == f"frontdesk incident update: wrote {OPEN} (2026-11-23 09:30)\n"
    resolve = frontdesk(project, "incident", "resolve", "mfa-slow", "Normal for fifteen minutes",
                        now="2026-11-23T09:45:00+00:00")
    assert resolve.returncode == 0, resolve.stderr
    after = file.read_text("utf-8")
    head, tail = before.split("\n---\n", 1)
    assert after.startswith(head + "\n") and after.endswith("\n---\n" + tail)  # nothing above or below moved
    assert after[len(head):].startswith(
        '\n  - at: 2026-11-23 09:30\n    stage: monitoring\n'
        '    text: "A fix is in place: approvals arrive in seconds"\n'
        '  - at: 2026-11-23 09:45\n    stage: resolved\n    text: "Normal for fifteen minutes"\n'
        "resolved: 2026-11-23 09:45\n---\n")
    build = run_build(project, tmp_path / "site", "--strict", FRONTDESK_NOW="2026-11-23T10:00:00+00:00")
    assert build.returncode == 0, build.output
    assert "No open incidents." in build.page("status/")


def test_a_new_incident_starts_now_and_builds(project: Path, tmp_path: Path) -> None:
    result = frontdesk(project, "incident", "new", "Printers offline in building B", "--services", "printing,wifi",
                       "--impact", "partial-outage", "--text", "Printers in building B do not respond.")
    assert result.returncode == 0, result.stderr
    written = project / "content/incidents/2026-11-23-printers-offline-in-building-b.md"
    data = front_matter(written)
    assert data["started"] == "2026-11-23 09:30" and data["services"] == ["printing", "wifi"]
    assert data["updates"] == [{"at": "2026-11-23 09:30", "stage": "investigating",
                                "text": "Printers in building B do not respond."}]
    build = run_build(project, tmp_path / "site", "--strict", FRONTDESK_NOW="2026-11-23T09:40:00+00:00")
    assert build.returncode == 0, build.output
    assert "Outages now" in build.page("")  # a partial outage reaches the home page
    assert "Printers offline in building B" in build.page("status/incidents/2026/printers-offline-in-building-b/")


def test_commands_refuse_what_would_not_build_and_change_nothing(project: Path) -> None:
    before = {p: p.read_bytes() for p in (project / "content").rglob("*") if p.is_file()}
    cases = [
        (("incident", "new", "Printers", "--services", "printer", "--impact", "degraded"),
         "frontdesk incident new: --services: 'printer' is not a known service id"),
        (("incident", "update", "2026-11-10-vpn-outage", "--stage", "identified", "Late"),
         f"{RESOLVED}:20: updates[5].at: is after the incident was resolved (2026-11-10 10:40)"),
        (("incident", "resolve", "2026-11-10-vpn-outage", "Again"), f"{RESOLVED} is already resolved"),
        (("incident", "update", "no-such-thing", "--stage", "identified", "Text"),
         "no single incident is named 'no-such-thing'"),
        (("maintenance", "new", "Wi-Fi upgrade", "--services", "wifi", "--start", "2026-11-30 18:00", "--end",
          "2026-11-30 17:00", "--impact", "outage"),
         "content/maintenance/2026-11-30-wi-fi-upgrade.md:5: end: must be after start (2026-11-30 18:00)"),
        (("maintenance", "new", "Wi-Fi upgrade", "--services", "wifi", "--start", "2026-11-30 18:00", "--end",
          "2026-11-30 19:00", "--impact", "outage", "--repeat", "FREQ=WEEKLY"),
         "repeat: must end: give COUNT (how many times) or UNTIL (the last date)"),
    ]
    for args, message in cases:
        result = frontdesk(project, *args)
        assert result.returncode == 1, (args, result.stdout)
        assert message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in (project / "content").rglob("*") if p.is_file()} == before


def test_new_maintenance_repeats_and_reaches_the_calendar(project: Path, tmp_path: Path) -> None:
    result = frontdesk(project, "maintenance", "new", "Wi-Fi controller upgrade", "--services", "wifi",
                       "--start", "2026-11-30 18:00", "--end", "2026-11-30 19:00", "--impact", "outage",
                       "--repeat", "FREQ=WEEKLY;COUNT=4")
    assert result.returncode == 0, result.stderr
    assert front_matter(project / "content/maintenance/2026-11-30-wi-fi-controller-upgrade.md")["repeat"] == (
        "FREQ=WEEKLY;COUNT=4")
    again = frontdesk(project, "maintenance", "new", "Wi-Fi controller upgrade", "--services", "wifi",
                      "--start", "2026-11-30 18:00", "--end", "2026-11-30 19:00", "--impact", "outage")
    assert again.returncode == 1 and "already exists" in again.stderr
    build = run_build(project, tmp_path / "site", "--strict")
    assert build.returncode == 0, build.output
    assert b"RRULE:FREQ=WEEKLY;COUNT=4" in (build.site / "services/wifi/maintenance.ics").read_bytes()


def test_the_example_satisfies_the_status_schemas() -> None:
    root = Path(__file__).resolve().parent.parent
    for kind, folder in (("incident", "content/incidents"), ("maintenance", "content/maintenance")):
        schema = json.loads((root / "schemas" / f"{kind}.schema.json").read_text("utf-8"))
        for path in (root / folder).glob("*.md"):
            jsonschema.validate(front_matter(path), schema)
