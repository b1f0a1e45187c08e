"""The author's command line: check (text and JSON), new, schemas."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import build_env, run_build


def frontdesk(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "frontdesk.cli", *args, "--project", str(project)],
                          capture_output=True, text=True, env=build_env(), timeout=120)


def front_matter(path: Path) -> dict:
    text = path.read_text("utf-8")
    return yaml.safe_load(text.split("---\n")[1])


def test_the_example_passes_check_strict_with_its_clock(project: Path) -> None:
    """A team copying the example into CI starts green: no problem and no warning on its dates."""
    result = frontdesk(project, "check", "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        "frontdesk check: no problems (18 services, 12 newsletter issues, 14 stats files, 12 resources)."]


def test_check_lists_warnings_and_a_one_line_summary(project: Path) -> None:
    for name, reviewed in (("desk-phones", "2026-09-30"), ("printing", "2026-10-27")):
        service = project / f"content/services/{name}.md"
        service.write_text(service.read_text("utf-8").replace(f"last_reviewed: {reviewed}",
                                                              "last_reviewed: 2025-09-30"), "utf-8")
    result = frontdesk(project, "check")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:2] == [
        "warning: content/services/desk-phones.md:22: last_reviewed: review overdue, last reviewed more than "
        "365 days ago (found: 2025-09-30)",
        "warning: content/services/printing.md:24: last_reviewed: review overdue, last reviewed more than "
        "365 days ago (found: 2025-09-30)",
    ]
    assert lines[-1].startswith("frontdesk check: no problems, 2 warnings (18 services")
    assert frontdesk(project, "check", "--strict").returncode == 1


def test_check_json_for_tools(project: Path) -> None:
    (project / "content/services/vpn.md").write_text("---\ntitle: VPN\n---\n", "utf-8")
    result = frontdesk(project, "check", "--format", "json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    first = report["problems"][0]
    assert first == {"path": "content/services/vpn.md", "line": 2, "field": "audience",
                     "message": "is required but missing", "found": None}
    # With problems the files are still counted; warnings are not checked, and say so.
    assert report["counts"] == {"services": 18, "newsletter issues": 12, "stats files": 14, "resources": 12}
    assert report["warnings"] is None
    # A value found is given as it is, without the quotes that mark text for people.
    (project / "content/services/vpn.md").write_text(
        (Path(__file__).resolve().parent.parent / "content/services/vpn.md").read_text("utf-8")
        .replace("category: network", "category: netwrok"), "utf-8")
    found = json.loads(frontdesk(project, "check", "--format", "json").stdout)["problems"]
    assert [p["found"] for p in found if p["field"] == "category"] == ["netwrok"]
    ok = json.loads(frontdesk(Path(__file__).resolve().parent.parent, "check", "--format", "json").stdout)
    assert ok["ok"] is True and ok["counts"]["services"] == 18 and ok["warnings"] == []


def test_check_reports_what_a_strict_build_would_fail_on_by_the_file_to_edit(project: Path) -> None:
    with (project / "docs/about.md").open("a", encoding="utf-8") as page:
        page.write("\nSee [the old page](no-such-page.md) and [the catalogue](services/index.md#no-such-heading).\n")
    with (project / "content/services/vpn.md").open("a", encoding="utf-8") as service:
        service.write("\nSee [the old portal](../portal.md).\n")
    about_line = (project / "docs/about.md").read_text("utf-8").splitlines().index(
        "See [the old page](no-such-page.md) and [the catalogue](services/index.md#no-such-heading).") + 1
    vpn_line = len((project / "content/services/vpn.md").read_text("utf-8").splitlines())
    result = frontdesk(project, "check", "--format", "json")
    assert result.returncode == 1
    problems = json.loads(result.stdout)["problems"]
    assert problems == [
        {"path": "docs/about.md", "line": about_line, "field": "link",
         "message": "points to a page that does not exist", "found": "no-such-page.md"},
        {"path": "content/services/vpn.md", "line": vpn_line, "field": "link",
         "message": "points to a page that does not exist", "found": "../portal.md"},
        {"path": "docs/about.md", "line": about_line, "field": "link",
         "message": "points to a heading or anchor that services/index.md does not have",
         "found": "services/index.md#no-such-heading"},
    ]
    # The same project fails a strict build, and passes the quick check of the content alone.
    assert run_build(project, project.parent / "site", "--strict").returncode != 0
    assert frontdesk(project, "check", "--content-only").returncode == 0


@pytest.mark.parametrize(("kind", "expected"), [
    ("service", "content/services/lab-equipment-booking.md"),
    ("issue", "newsletter/2026-11-23-lab-equipment-booking.md"),
])
def test_new_writes_a_file_that_passes_check_and_builds(project: Path, tmp_path: Path, kind: str,
                                                          expected: str) -> None:
    result = frontdesk(project, "new", kind, "Lab equipment  booking")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"frontdesk new: wrote {expected}\n"
    created = project / expected
    meta = front_matter(created)
    assert meta["title"] == "Lab equipment booking"
    assert "TODO" in created.read_text("utf-8")
    assert frontdesk(project, "check").returncode == 0
    build = run_build(project, tmp_path / "site")
    assert build.returncode == 0, build.output
    strict = frontdesk(project, "check", "--strict")
    if kind == "service":
        assert (build.site / "services/lab-equipment-booking/index.html").is_file()
        # Published with its placeholders: a warning for each, and --strict fails on them.
        assert f"warning: {expected}:3: summary: still has a placeholder marked TODO" in strict.stdout
        assert strict.returncode == 1
    else:
        assert meta["draft"] is True and str(meta["date"]) == "2026-11-23"
        assert not (build.site / "newsletter/2026/lab-equipment-booking").exists()
        assert strict.returncode == 0, strict.stdout + strict.stderr  # a draft may keep its placeholders
        # Once the author writes it and publishes it, it builds strictly: the template links nothing missing.
        text = "".join(line for line in created.read_text("utf-8").splitlines(keepends=True)
                       if not line.startswith("draft:"))
        created.write_text(text.replace("TODO", "Note").replace("TODO: ", ""), "utf-8")
        published = run_build(project, tmp_path / "published", "--strict")
        assert published.returncode == 0, published.output
        assert (published.site / "newsletter/2026/lab-equipment-booking/index.html").is_file()


def test_new_never_overwrites(project: Path) -> None:
    target = project / "content/services/vpn.md"
    before = target.read_bytes()
    result = frontdesk(project, "new", "service", "VPN")
    assert result.returncode == 1
    assert "content/services/vpn.md already exists" in result.stderr
    assert target.read_bytes() == before


def test_new_refuses_a_title_without_letters_unless_given_an_id(project: Path) -> None:
    result = frontdesk(project, "new", "service", "!!!")
    assert result.returncode == 2
    assert result.stderr == ("frontdesk new: no file name can be made from the title '!!!': it has no letter or digit "
                             "that can be written in Latin letters; give one with --id, like --id team-party\n")
    assert frontdesk(project, "new", "service", "!!!", "--id", "exclaim").returncode == 0
    assert front_matter(project / "content/services/exclaim.md")["title"] == "!!!"


def test_help_lists_every_command_with_examples() -> None:
    result = subprocess.run([sys.executable, "-m", "frontdesk.cli", "--help"], capture_output=True, text=True)
    for command in ("check", "new", "email", "stats", "schemas"):
        assert f"    {command}" in result.stdout
    assert 'frontdesk new service "Lab equipment booking"' in result.stdout


# ---- JSON Schemas ------------------------------------------------------------------------------

def test_schemas_in_the_repository_are_up_to_date(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parent.parent
    result = frontdesk(root, "schemas", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    for written in tmp_path.glob("*.json"):
        assert (root / "schemas" / written.name).read_bytes() == written.read_bytes(), (
            f"schemas/{written.name} is out of date: run `frontdesk schemas`")


def load_schema(name: str) -> dict:
    return json.loads((Path(__file__).resolve().parent.parent / "schemas" / name).read_text("utf-8"))


def test_example_content_satisfies_the_schemas() -> None:
    root = Path(__file__).resolve().parent.parent
    service = load_schema("service.schema.json")
    for path in (root / "content/services").glob("*.md"):
        jsonschema.validate(front_matter(path) | _dates_as_text(front_matter(path)), service)
    issue = load_schema("issue.schema.json")
    for path in (root / "newsletter").glob("*.md"):
        jsonschema.validate(_dates_as_text(front_matter(path)), issue)
    stats = load_schema("stats.schema.json")
    for path in (root / "content/stats").glob("*.yml"):
        jsonschema.validate(_dates_as_text(yaml.safe_load(path.read_text("utf-8"))), stats)
    resource = load_schema("resource.schema.json")
    for path in (root / "content/resources").glob("*.md"):
        jsonschema.validate(_dates_as_text(front_matter(path)), resource)
    jsonschema.validate(yaml.safe_load((root / "content/authors.yml").read_text("utf-8")),
                        load_schema("authors.schema.json"))
    survey = load_schema("survey.schema.json")
    for path in (root / "content/surveys").glob("*.yml"):
        jsonschema.validate(_dates_as_text(yaml.safe_load(path.read_text("utf-8"))), survey)
    for kind, folder in (("action", "content/actions"), ("department", "content/departments")):
        schema = load_schema(f"{kind}.schema.json")
        for path in (root / folder).glob("*.md"):
            jsonschema.validate(_dates_as_text(front_matter(path)), schema)


def _dates_as_text(value: object) -> object:
    """YAML editors read dates as text (YAML 1.2); PyYAML makes them dates."""
    if isinstance(value, dict):
        return {k: _dates_as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_as_text(v) for v in value]
    return value.isoformat() if hasattr(value, "isoformat") else value


def test_schemas_reject_what_the_validator_rejects() -> None:
    service = load_schema("service.schema.json")
    good = front_matter(Path(__file__).resolve().parent.parent / "content/services/vpn.md")
    good = _dates_as_text(good)
    for bad in ({**good, "colour": "blue"}, {**good, "category": "netwrok"}, {**good, "lifecycle": "alive"},
                {k: v for k, v in good.items() if k != "owner"}, {**good, "summary": "x" * 161}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, service)
