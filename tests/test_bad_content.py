"""A copy of the example site broken in many ways at once: the build says all of it, and stops."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from conftest import build_env, run_build


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file of a folder with a hash of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def edit(file: Path, old: str, new: str) -> None:
    text = file.read_text("utf-8")
    assert old in text, f"{old!r} not in {file}"
    file.write_text(text.replace(old, new, 1), "utf-8")


def break_content(project: Path) -> list[str]:
    """Break the example content in several ways; return the messages the build must print."""
    services = project / "content/services"
    edit(services / "vpn.md", "category: network", "category: netwrok")
    edit(services / "vpn.md", "  email: network@fernhill.example", "  email: network@@fernhill")
    edit(services / "vpn.md", "last_reviewed: 2026-09-14", "last_reviewed: 2026-02-30\nsumary: typo")
    edit(services / "vpn.md", "depends_on: [accounts-and-passwords, multi-factor-authentication]",
         "depends_on: [accounts-and-passwords, multi-factor-authentcation, printing]")
    edit(services / "printing.md", "cost:", "depends_on: [vpn]\ncost:")
    (services / "Old_Fax.md").write_text("---\ntitle: [unclosed\n---\n", "utf-8")
    (services / "notes.md").write_text("Just some notes, no front matter.\n", "utf-8")
    (services / "evil.md").write_text(
        "---\ntitle: !!python/object/apply:os.system ['touch pwned']\n---\n", "utf-8")
    (services / "latin.md").write_bytes("---\ntitle: Caf\xe9\n---\n".encode("latin-1"))
    return [
        "content/services/Old_Fax.md:1: id: the file name must be lowercase letters and digits "
        "in words joined by hyphens (like 'file-storage') (found: 'Old_Fax')",
        "content/services/Old_Fax.md:2: YAML: is not valid YAML: a list opened with '[' is not closed with ']'",
        "content/services/evil.md:2: title: YAML tags are not allowed "
        "(found: !!python/object/apply:os.system)",
        "content/services/evil.md:2: summary: is required but missing",
        "content/services/latin.md:2: file: is not UTF-8 text; save it as UTF-8 (found: byte 0xe9)",
        "content/services/notes.md:1: front matter: is missing: the file must start with a '---' "
        "line, then the fields, then another '---' line",
        "content/services/vpn.md:4: category: must be one of: accounts, network, devices, "
        "communication, storage, software, security, research; did you mean 'network'? "
        "(found: 'netwrok')",
        "content/services/vpn.md:9: owner.email: must be an email address like team@example.org "
        "(found: 'network@@fernhill')",
        "content/services/vpn.md:24: last_reviewed: is not a real date: day is out of range for "
        "month (found: '2026-02-30')",
        "content/services/vpn.md:25: sumary: is not a known field; did you mean 'summary'?",
        "content/services/printing.md:23: depends_on: services depend on each other in a circle "
        "(found: printing → vpn → printing)",
        "content/services/printing.md:33: depends_on: is given twice",
        "content/services/vpn.md:32: depends_on[2]: is not a known service id; did you mean "
        "'multi-factor-authentication'? (found: 'multi-factor-authentcation')",
    ]


def test_broken_content_fails_the_build_with_every_problem_and_no_traceback(project: Path, tmp_path: Path) -> None:
    expected = break_content(project)
    build = run_build(project, tmp_path / "site")
    assert build.returncode != 0
    for message in expected:
        assert message in build.output, f"missing: {message}\n--- output ---\n{build.output}"
    assert "Traceback" not in build.output
    assert not (project / "pwned").exists() and not (tmp_path / "pwned").exists()


def test_a_bad_commit_leaves_the_last_good_site_untouched(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert run_build(project, site).returncode == 0
    before = tree_digest(site)
    break_content(project)
    build = run_build(project, site)
    assert build.returncode != 0
    assert tree_digest(site) == before


def test_frontdesk_check_reports_the_same_problems_without_building(project: Path, tmp_path: Path) -> None:
    expected = break_content(project)
    result = subprocess.run([sys.executable, "-m", "frontdesk.cli", "check", "--project", str(project)],
                            capture_output=True, text=True, env=build_env(), timeout=120)
    assert result.returncode == 1
    for message in expected:
        assert message in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not (project / "site").exists()


def test_frontdesk_check_passes_on_the_example_site(project: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "frontdesk.cli", "check", "--project", str(project)],
                            capture_output=True, text=True, env=build_env(), timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == (
        "frontdesk check: no problems (18 services, 12 newsletter issues, 14 stats files, "
        "12 resources).")
