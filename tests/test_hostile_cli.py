"""A hostile user at the command line: `frontdesk brief` and `frontdesk surveys import` given folders a build
publishes, terminal escapes, digits of other scripts, a name that is markup, and exports as Excel saves them.
Each test runs the command as a user would and checks what they see: the exit code, the message, the files.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pypdf
import pytest
from conftest import FIXED_NOW, FRONTDESK_COMMAND, ROOT, build_env, copy_project

GENERIC = ROOT / "tests/data/survey_generic.csv"
# A department whose name is markup, with quotes, an ampersand and a bidi override pasted in.
FINANCE = """---
name: "R&D <b>Finance</b> \\"Q\\" \\u202e"
relationship_manager: tom-okafor
services: [vpn, email-and-calendar]
---
Finance runs the payroll and the accounts.
"""


def frontdesk(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([FRONTDESK_COMMAND, *args, "--project", str(project)], capture_output=True, text=True,
                          env=build_env(FRONTDESK_NOW=FIXED_NOW, FRONTDESK_DEBUG="0"), cwd=project, timeout=300)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    (folder / "content/departments/finance.md").write_text(FINANCE, "utf-8")
    return folder


def files_outside_briefs(project: Path) -> list[Path]:
    return sorted(p for p in project.rglob("*") if "briefs" not in p.parts and ".git" not in p.parts)


@pytest.mark.parametrize(("args", "message"), [
    (("--out", "overrides/brief"), "frontdesk brief: --out: must not be in overrides/, which a build publishes, "
                                   "replaces or reads (found: overrides/brief)\n"),
    (("--out", "briefs/../overrides/partials/x"), "frontdesk brief: --out: must not be in overrides/"),
    (("--department", "\x1b]0;owned\x07\u202e"), "frontdesk brief: --department: not a department (known: estates, "
                                                  "finance, human-resources, life-sciences) "
                                                  "(found: \\x1b]0;owned\\x07\\u202e)\n"),
    (("--out", "briefs/\x1b[2J"), None),
], ids=["theme-custom-dir", "custom-dir-through-dots", "department-escapes", "out-escapes"])
def test_brief_refuses_the_theme_folder_and_never_prints_a_terminal_escape(project: Path, args: tuple[str, ...],
                                                                          message: str | None) -> None:
    """The theme's custom_dir is copied into the site by a build: a brief there (a draft, or a department's)
    would be published. A name typed in is printed escaped, whatever it holds."""
    before = files_outside_briefs(project)
    result = frontdesk(project, "brief", "--month", "2026-10", "--no-pdf", *args)
    assert "\x1b" not in result.stdout + result.stderr and "\u202e" not in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    if message is None:  # a folder of that name is fine, and said escaped
        assert result.returncode == 0, result.stderr
        assert "briefs/\\x1b[2J/brief.eml" in result.stdout
        return
    assert result.returncode == 1
    assert result.stderr.startswith(message), result.stderr
    assert files_outside_briefs(project) == before


def test_brief_takes_a_month_in_ascii_digits_only(project: Path) -> None:
    result = frontdesk(project, "brief", "--month", "\u0662\u0660\u0662\u0666-\u0661\u0660", "--no-pdf")
    assert result.returncode == 1
    assert result.stderr == ("frontdesk brief: --month: must be a month written YYYY-MM, like 2026-11 "
                             "(found: \u0662\u0660\u0662\u0666-\u0661\u0660)\n")


def test_a_department_named_in_markup_reads_as_written_on_every_page_of_the_pdf(project: Path, pdf_engine: None,
                                                                               ) -> None:
    """The footer of each page (a CSS string) once showed 'R&amp;D &lt;b&gt;...' and the bidi override turned
    the rest of the footer around."""
    result = frontdesk(project, "brief", "--month", "2026-10", "--department", "finance", "--out", "briefs/r-and-d")
    assert result.returncode == 0, result.stderr
    pages = pypdf.PdfReader(project / "briefs/r-and-d/brief.pdf").pages
    footer = 'Fernhill IT: R&D <b>Finance</b> "Q": monthly brief, October 2026'
    for number, page in enumerate(pages, start=1):
        text = " ".join(page.extract_text().split())
        assert f"{footer} Page {number} of {len(pages)}" in text, text[-300:]
        assert "&amp;" not in text and "&lt;" not in text and "&#39;" not in text and "\u202e" not in text


def survey_import(project: Path, export: Path, survey: str) -> subprocess.CompletedProcess[str]:
    return frontdesk(project, "surveys", "import", str(export), "--survey", survey, "--format", "generic",
                     "--title", "Hostile round", "--closed", "2026-11-13")


def test_excel_unicode_text_imports_as_its_utf8_csv(project: Path, tmp_path: Path) -> None:
    """Excel's 'Unicode Text' is UTF-16 with a byte order mark, tab separated: the same responses."""
    text = GENERIC.read_text("utf-8-sig")
    excel = tmp_path / "unicode.txt"
    excel.write_bytes(text.replace(",", "\t").replace("\n", "\r\n").encode("utf-16"))
    assert survey_import(project, GENERIC, "hostile-utf8").returncode == 0
    result = survey_import(project, excel, "hostile-utf16")
    assert result.returncode == 0, result.stderr
    surveys = project / "content/surveys"
    assert (surveys / "hostile-utf16.yml").read_bytes() == (surveys / "hostile-utf8.yml").read_bytes()


def test_scores_written_as_decimals_fractions_or_padded_are_read(project: Path, tmp_path: Path) -> None:
    export = tmp_path / "scores.csv"
    cells = ["5.0", " 4 ", "4/5", "3 / 5", "2.00", "5", "4.5", "6/5", "\u0664"]
    export.write_text("id,department,vpn:satisfaction\n"
                      + "".join(f'R{i},finance,"{cell}"\n' for i, cell in enumerate(cells)), "utf-8")
    result = survey_import(project, export, "hostile-scores")
    assert result.returncode == 0, result.stderr
    assert "Read 9 rows" in result.stdout and "6 responses used" in result.stdout
    for line, cell in ((8, "4.5"), (9, "6/5"), (10, "\u0664")):  # not a whole score from 1 to 5
        assert f"line {line}: 'vpn:satisfaction': cannot read '{cell}'" in result.stdout
    yml = (project / "content/surveys/hostile-scores.yml").read_text("utf-8")
    assert "satisfaction: {count: 6, mean: 3.83}" in yml  # 5, 4, 4, 3, 2, 5


def test_a_round_imported_again_with_one_late_response_is_refused(project: Path, tmp_path: Path) -> None:
    """The spring round was published from tests/data/survey_generic.csv. One more response imported into it
    would tell that person's department (its count up by one) and scores (each mean's change)."""
    spring = project / "content/surveys/2026-spring.yml"
    before = spring.read_bytes()
    late = tmp_path / "late.csv"
    late.write_text(GENERIC.read_text("utf-8-sig") + "R20,life-sciences,1,5,1,5,1,\n", "utf-8")
    result = frontdesk(project, "surveys", "import", str(late), "--survey", "2026-spring", "--format", "generic")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert ("content/surveys/2026-spring.yml:1: responses: would change from 17 to 18 people: the difference, 1, "
            "is fewer than min_group_size (5), and the published figures before and after would reveal their "
            "answers. Import this round again once at least 5 more responses have come in (not as a new round "
            "beside this one: the two would tell the same)") in lines
    for field in ("departments.life-sciences", "services.vpn.satisfaction", "services.wifi.by_department"
                  ".life-sciences.importance"):
        assert any(line.startswith(f"content/surveys/2026-spring.yml:1: {field}: would change from")
                   for line in lines), field
    assert spring.read_bytes() == before


def test_a_round_imported_again_with_enough_new_responses_is_replaced(project: Path, tmp_path: Path) -> None:
    spring = project / "content/surveys/2026-spring.yml"
    more = tmp_path / "more.csv"
    more.write_text(GENERIC.read_text("utf-8-sig") + "".join(f"N{i},life-sciences,4,4,4,4,4,\n" for i in range(5)),
                    "utf-8")
    again = frontdesk(project, "surveys", "import", str(GENERIC), "--survey", "2026-spring", "--format", "generic")
    assert again.returncode == 0 and "Unchanged content/surveys/2026-spring.yml" in again.stdout
    result = frontdesk(project, "surveys", "import", str(more), "--survey", "2026-spring", "--format", "generic")
    assert result.returncode == 0, result.stderr
    assert "responses: 22\n" in spring.read_text("utf-8") and "life-sciences: 12\n" in spring.read_text("utf-8")


def test_a_hidden_department_that_skipped_a_service_is_still_listed_as_suppressed(project: Path,
                                                                                  tmp_path: Path) -> None:
    """Finance 9 people, Estates 3, Human Resources 2, Life Sciences 1, who answered about Wi-Fi only. Leaving
    Life Sciences out of the VPN's table said it gave no VPN score; with the totals (15 responses, VPN 13 of
    them, Finance 8 of those) Estates and Human Resources then hold at least 5, so Life Sciences was 1 person."""
    rows = ([("finance", "4", "4")] * 8 + [("finance", "", "3")] + [("estates", "2", "5")] * 3
            + [("human-resources", "3", "2")] * 2 + [("life-sciences", "", "1")])
    export = tmp_path / "small.csv"
    export.write_text("id,department,vpn:satisfaction,wifi:satisfaction\n"
                      + "".join(f"R{i},{d},{vpn},{wifi}\n" for i, (d, vpn, wifi) in enumerate(rows)), "utf-8")
    result = survey_import(project, export, "hostile-small")
    assert result.returncode == 0, result.stderr
    survey = project / "content/surveys/hostile-small.yml"
    text = survey.read_text("utf-8")
    vpn = text.split("  vpn:\n", 1)[1].split("  wifi:\n", 1)[0]
    assert "departments:\n  estates: suppressed\n  finance: 9\n  human-resources: suppressed\n" \
           "  life-sciences: suppressed\n" in text
    assert "      life-sciences:\n        satisfaction: suppressed\n" in vpn
    # Taken out by hand, the check refuses it.
    survey.write_text(text.replace("  vpn:\n" + vpn, "  vpn:\n" + vpn.replace(
        "      life-sciences:\n        satisfaction: suppressed\n", "", 1)), "utf-8")
    check = frontdesk(project, "check")
    survey.unlink()
    assert check.returncode == 1
    assert ("services.vpn.by_department.life-sciences.satisfaction: is missing, but the department's responses "
            "are 'suppressed': write 'satisfaction: suppressed'") in check.stderr + check.stdout
