"""Survey results (issue 14): `frontdesk surveys import` for both formats, suppression, and the pages.

The aggregates are computed here again by hand from the test exports' rows, with a scale of our own,
so the import is checked against an independent reading of the same file.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import ROOT, Build, build_env, uncite
from frontdesk.core.source import Document, parse_yaml
from frontdesk.surveys.importing import surveys_lock
from frontdesk.surveys.responses import Response, names_of, read_survey_export
from frontdesk.surveys.results import Round, survey_text
from frontdesk.surveys.surveys import Rules, department_results, parse_survey, where_to_act

FORMS_CSV = ROOT / "tests/data/survey_forms.csv"
GENERIC_CSV = ROOT / "tests/data/survey_generic.csv"
AUTUMN = "content/surveys/2026-autumn.yml"
SPRING = "content/surveys/2026-spring.yml"
WORDS = {"very dissatisfied": 1, "dissatisfied": 2, "neither satisfied nor dissatisfied": 3, "satisfied": 4,
         "very satisfied": 5, "not at all important": 1, "slightly important": 2, "moderately important": 3,
         "very important": 4, "extremely important": 5}
DEPARTMENTS = {"finance": "finance", "human resources": "human-resources", "estates and facilities": "estates",
               "life sciences": "life-sciences", "estates": "estates", "life-sciences": "life-sciences"}
FORMS_SERVICES = {"VPN (remote access)": "vpn", "Email and calendar": "email-and-calendar", "Wi-Fi": "wifi",
                  "the Research computing cluster": "research-computing-cluster",
                  "Printing, copying and scanning": "printing"}


def frontdesk(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "frontdesk.cli", *args, "--project", str(project)],
                          capture_output=True, text=True, env=build_env(), timeout=120)


def rows_of(file: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(file.read_text("utf-8-sig"), newline="")))


def by_hand(rows: list[dict[str, str]], department: str, columns: dict[str, tuple[str, str]]) -> dict:
    """Responses per department and every (service, measure, department or None) → scores, from rows an
    import must use: a known department, every score readable, an id not seen before."""
    seen: set[str] = set()
    sizes: dict[str, int] = defaultdict(int)
    scores: dict[tuple[str, str, str | None], list[int]] = defaultdict(list)
    for row in rows:
        key = row.get("ID") or row.get("id") or ""
        dept = DEPARTMENTS.get(row[department].strip().casefold())
        answers = {c: row[c].strip().casefold() for c in columns}
        readable = all(a in WORDS or a in {"1", "2", "3", "4", "5", "", "i don't use this service"}
                       for a in answers.values())
        if key in seen or dept is None or not readable:
            continue
        seen.add(key)
        sizes[dept] += 1
        for column, answer in answers.items():
            if answer in WORDS or answer.isdigit():
                value = WORDS.get(answer) or int(answer)
                service, measure = columns[column]
                scores[(service, measure, None)].append(value)
                scores[(service, measure, dept)].append(value)
    return {"sizes": dict(sizes), "scores": scores}


def figure(values: list[int]) -> dict:
    return {"count": len(values), "mean": round(sum(values) / len(values), 2)}


def forms_columns() -> dict[str, tuple[str, str]]:
    columns = {}
    for title, service in FORMS_SERVICES.items():
        columns[f"How satisfied are you with {title}?"] = (service, "satisfaction")
        columns[f"How important is {title} to your work?"] = (service, "importance")
    return columns


def assert_matches(data: dict, expected: dict) -> None:
    """Every shown figure is the hand-computed one; every group under 5 is suppressed."""
    assert data["responses"] == sum(expected["sizes"].values())
    for dept, size in expected["sizes"].items():
        shown = data["departments"][dept]
        assert shown == size or shown == "suppressed"
        if size < 5:
            assert shown == "suppressed"
    for (service, measure, dept), values in expected["scores"].items():
        entry = data["services"][service]
        written = entry[measure] if dept is None else entry["by_department"][dept][measure]
        if len(values) < 5:
            assert written == "suppressed", (service, measure, dept)
        elif written != "suppressed":
            assert written == figure(values), (service, measure, dept)


def test_a_forms_export_becomes_the_example_round_with_figures_computed_by_hand(project: Path) -> None:
    (project / AUTUMN).unlink()
    uncite(project, "survey")  # the example's actions cite its rounds
    result = frontdesk(project, "surveys", "import", str(FORMS_CSV), "--survey", "2026-autumn", "--format", "forms",
                       "--title", "Autumn 2026 IT survey", "--closed", "2026-11-13")
    assert result.returncode == 0, result.stderr
    written = (project / AUTUMN).read_text("utf-8")
    assert written == (ROOT / AUTUMN).read_text("utf-8"), "the example round is this import's output"
    data = yaml.safe_load(written)
    expected = by_hand(rows_of(FORMS_CSV), "Which department do you work in?", forms_columns())
    assert_matches(data, expected)
    assert data["responses"] == 45 and data["departments"]["finance"] == 14
    assert data["departments"]["estates"] == "suppressed"  # 4 people
    assert data["departments"]["human-resources"] == "suppressed"  # 9: the next smallest, or 45 - 14 - 18 = 4
    comments = [r["Any other comments or suggestions?"] for r in rows_of(FORMS_CSV)]
    assert data["comments"] == 22 <= sum(1 for c in comments if c.strip())
    out = result.stdout
    assert "Skipped 4 rows:" in out
    for reason in ("no department given", "department 'Catering' is not a department's id or name",
                   "cannot read 'Maybe' as a score from 1 to 5", "ID '5' is listed twice (first on line 6)"):
        assert re.search(rf"  line \d+: .*{re.escape(reason)}", out), reason
    assert "22 comments in 'Any other comments or suggestions?'" in out
    assert "Not read: 'What is the one thing we should improve?'." in out
    assert f"Wrote {AUTUMN} (new file)." in out


def test_a_generic_export_with_figures_computed_by_hand(project: Path) -> None:
    (project / SPRING).unlink()
    uncite(project, "survey")
    result = frontdesk(project, "surveys", "import", str(GENERIC_CSV), "--survey", "2026-spring", "--format",
                       "generic", "--title", "Spring 2026 IT survey", "--closed", "2026-04-30")
    assert result.returncode == 0, result.stderr
    assert (project / SPRING).read_bytes() == (ROOT / SPRING).read_bytes()
    columns = {f"{s}:{m}": (s, m) for s in ("vpn", "wifi") for m in ("satisfaction", "importance")}
    columns["printing:satisfaction"] = ("printing", "satisfaction")
    data = yaml.safe_load((project / SPRING).read_text("utf-8"))
    assert_matches(data, by_hand(rows_of(GENERIC_CSV), "department", columns))
    assert data["departments"] == {"estates": "suppressed", "finance": "suppressed", "life-sciences": 7}
    assert "importance" not in data["services"]["printing"]  # nobody was asked
    assert "line 19: 'vpn:satisfaction': cannot read '6'" in result.stdout
    assert "line 20: no department given" in result.stdout


def test_importing_the_same_export_again_changes_nothing(project: Path) -> None:
    before = (project / AUTUMN).read_bytes()
    result = frontdesk(project, "surveys", "import", str(FORMS_CSV), "--survey", "2026-autumn", "--format", "forms")
    assert result.returncode == 0, result.stderr
    assert f"Unchanged {AUTUMN}: already up to date." in result.stdout
    assert (project / AUTUMN).read_bytes() == before


def test_a_dry_run_shows_the_diff_and_writes_nothing(project: Path) -> None:
    files = sorted(p.name for p in (project / "content/surveys").iterdir())
    result = frontdesk(project, "surveys", "import", str(FORMS_CSV), "--survey", "2026-winter", "--format", "forms",
                       "--title", "Winter pulse", "--closed", "2026-11-20", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("--- /dev/null\n+++ b/content/surveys/2026-winter.yml\n")
    assert '+title: "Winter pulse"' in result.stdout
    assert "Would write content/surveys/2026-winter.yml (new file).\nDry run: nothing was written." in result.stdout
    assert sorted(p.name for p in (project / "content/surveys").iterdir()) == files


def test_a_new_round_needs_a_title_and_a_bad_export_is_refused_by_line(project: Path, tmp_path: Path) -> None:
    result = frontdesk(project, "surveys", "import", str(FORMS_CSV), "--survey", "2027-spring", "--format", "forms")
    assert result.returncode == 1
    assert "content/surveys/2027-spring.yml:1: --title: is needed for a new survey round" in result.stderr
    bad = tmp_path / "bad.csv"
    bad.write_text("department,vpn:satisfaction,wfi:importance,colour\nfinance,4\n", "utf-8")
    result = frontdesk(project, "surveys", "import", str(bad), "--survey", "2026-autumn", "--format", "generic")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{bad}:1: header: column 3 names no service" in result.stderr
    assert f"{bad}:1: header: column 4 is not a column of the generic format" in result.stderr
    assert not (project / "content/surveys/2027-spring.yml").exists()


def responses(groups: dict[str, list[int]]) -> list[Response]:
    """Responses with one satisfaction score each for the VPN, by department."""
    return [Response(line, dept, {"vpn": (score, 3)}) for dept, scores in groups.items()
            for line, score in enumerate(scores, start=2)]


def written(groups: dict[str, list[int]], minimum: int = 5) -> dict:
    text = survey_text(Round("Pulse", date(2026, 11, 1), "generic", 0), responses(groups), minimum)
    return yaml.safe_load(text)


def test_a_group_of_four_cannot_be_worked_out_from_the_total() -> None:
    groups = {"estates": [1, 1, 1, 1], "finance": [5] * 20, "life-sciences": [3] * 30, "human-resources": [4] * 9}
    data = written(groups)
    total = data["responses"]
    shown = {d: v for d, v in data["departments"].items() if v != "suppressed"}
    hidden = [d for d, v in data["departments"].items() if v == "suppressed"]
    assert "estates" in hidden and len(hidden) >= 2
    # What anyone can work out: the total minus the shown groups is the suppressed groups together.
    assert total - sum(shown.values()) != len(groups["estates"])
    assert total - sum(shown.values()) >= 5
    vpn = data["services"]["vpn"]
    cells = vpn["by_department"]
    shown_cells = {d: c["satisfaction"] for d, c in cells.items() if c["satisfaction"] != "suppressed"}
    assert cells["estates"]["satisfaction"] == "suppressed" and len(cells) - len(shown_cells) >= 2
    rest_count = vpn["satisfaction"]["count"] - sum(c["count"] for c in shown_cells.values())
    rest_sum = vpn["satisfaction"]["count"] * vpn["satisfaction"]["mean"] - sum(
        c["count"] * c["mean"] for c in shown_cells.values())
    assert rest_count != 4 and rest_count >= 5
    assert round(rest_sum / rest_count, 2) != 1.0  # the estates mean is not the rest's mean


def test_suppression_goes_on_until_the_hidden_groups_hold_enough_people() -> None:
    data = written({"a": [4] * 2, "b": [4] * 2, "c": [4] * 7, "d": [4] * 30})
    assert data["departments"] == {"a": "suppressed", "b": "suppressed", "c": "suppressed", "d": 30}


def test_a_hand_edited_file_that_would_reveal_a_group_is_refused() -> None:
    text = ("title: Pulse\nclosed: 2026-11-01\nresponses: 20\ndepartments:\n  finance: 16\n  estates: suppressed\n")
    data, lines, problems = parse_yaml(text, "content/surveys/pulse.yml")
    rules = Rules({"vpn"}, {"finance", "estates"}, 5, date(2026, 11, 23))
    survey, problems = parse_survey(Document("content/surveys/pulse.yml", data, lines), "pulse", rules)
    assert survey is None
    assert [str(p) for p in problems] == [
        "content/surveys/pulse.yml:4: departments: only one group is 'suppressed', so the total (20) minus the "
        "others reveals it; suppress the next smallest group too"]


def test_results_for_a_department_and_where_to_act() -> None:
    text = survey_text(Round("Pulse", date(2026, 11, 1), "generic", 0), [
        *(Response(n, "finance", {"vpn": (2, 5), "wifi": (4, 4)}) for n in range(6)),
        *(Response(n, "estates", {"vpn": (3, 5), "wifi": (4, 4)}) for n in range(6)),
        *(Response(n, "life-sciences", {"vpn": (3, 4)}) for n in range(3))], 5)
    data, lines, _ = parse_yaml(text, "content/surveys/pulse.yml")
    rules = Rules({"vpn", "wifi"}, {"finance", "estates", "life-sciences"}, 5, date(2026, 11, 23))
    survey, problems = parse_survey(Document("content/surveys/pulse.yml", data, lines), "pulse", rules)
    assert problems == [] and survey is not None
    assert [s.service_id for s in where_to_act(survey)] == ["vpn"]
    assert department_results(survey, "life-sciences") is None  # 3 people
    # Estates (6, the smaller name of the two next smallest) is suppressed too, or 15 - 6 - 6 = 3 would show.
    assert department_results(survey, "estates") is None
    finance = department_results(survey, "finance")
    assert finance is not None and finance.responses == 6
    # Its Wi-Fi scores are suppressed: with estates' hidden, the total would reveal them.
    assert [(service, scores.satisfaction.mean) for service, scores in finance.services] == [("vpn", 2.0)]
    assert department_results(survey, "human-resources") is None  # no responses


@pytest.fixture(scope="module")
def survey_pages(example_build: Build) -> tuple[BeautifulSoup, BeautifulSoup]:
    return (BeautifulSoup(example_build.page("surveys/"), "html.parser"),
            BeautifulSoup(example_build.page("surveys/2026-autumn/"), "html.parser"))


def test_the_surveys_page_lists_rounds_newest_first(survey_pages) -> None:
    listing, _ = survey_pages
    items = [li.get_text(" ", strip=True) for li in listing.select(".fd-surveys__rounds li")]
    assert items == ["Autumn 2026 IT survey : closed 13 November 2026, 45 responses",
                     "Spring 2026 IT survey : closed 30 April 2026, 17 responses"]
    nav = [a.get_text(strip=True) for a in listing.select(".md-tabs a")]
    assert "Listening" in nav


def test_a_round_shows_where_to_act_first_then_the_chart_and_table(survey_pages) -> None:
    _, page = survey_pages
    headings = [h.get_text(strip=True) for h in page.select("article h2")]
    assert headings[:3] == ["Where to act", "Satisfaction and importance", "Responses by department"]
    act = [li.get_text(" ", strip=True) for li in page.select(".fd-survey__act li")]
    assert act == ["Research computing cluster : importance 4.16, satisfaction 2.64 (a gap of 1.52)",
                   "VPN (remote access) : importance 4.36, satisfaction 3.22 (a gap of 1.14)"]
    figures = page.select_one(".fd-survey__figures")
    assert figures is not None and figures.has_attr("data-search-exclude")
    chart = figures.select_one("svg[role=img]")
    assert "satisfaction against importance for 5 services; 2 in the where-to-act area" in chart["aria-label"]
    assert len(chart.select("circle")) == 5
    rows = [[c.get_text(" ", strip=True) for c in tr.select("th, td")] for tr in figures.select("tbody tr")]
    assert rows[0] == ["1", "Research computing cluster where to act", "2.64 (25 answers)", "4.16 (25 answers)",
                       "1.52"]
    assert [r[1] for r in rows[2:]] == ["Wi-Fi", "Email and calendar", "Printing, copying and scanning"]
    departments = {tr.th.get_text(strip=True): tr.td.get_text(strip=True)
                   for tr in page.select(".fd-survey__departments tbody tr")}
    assert departments == {"Estates and Facilities": "not shown", "Finance": "14", "Human Resources": "not shown",
                           "Life Sciences": "18", "Everyone": "45"}


def test_no_comment_ever_reaches_the_content_or_the_site(example_build: Build) -> None:
    texts = set()
    for file, columns in ((FORMS_CSV, ("What is the one thing we should improve?",
                                       "Any other comments or suggestions?")), (GENERIC_CSV, ("comment",))):
        texts |= {row[c].strip() for row in rows_of(file) for c in columns if row[c].strip()}
    assert len(texts) >= 8
    places = [p for p in (ROOT / "content").rglob("*") if p.is_file()]
    places += [p for p in example_build.site.rglob("*") if p.is_file() and p.suffix in {".html", ".json", ".xml"}]
    for place in places:
        content = place.read_bytes().decode("utf-8", "replace")
        for text in texts:
            assert text not in content and text.replace("'", "&#39;") not in content, (text, place)


def test_a_service_page_shows_its_newest_survey_result(example_build: Build) -> None:
    vpn = BeautifulSoup(example_build.page("services/vpn/"), "html.parser").select_one("#survey")
    assert vpn is not None
    assert vpn.get_text(" ", strip=True) == (
        "What staff said In the Autumn 2026 IT survey (closed 13 November 2026): satisfaction 3.22 out of 5 "
        "(45 answers), importance 4.36 out of 5 (45 answers). One of the places where we act first : staff rate "
        "it important, and their satisfaction is a point or more below that.")
    assert vpn.a["href"] == "../../surveys/2026-autumn/"
    laptops = BeautifulSoup(example_build.page("services/laptops/"), "html.parser")
    assert laptops.select_one("#survey") is None  # no round asked about it


def test_forms_likert_statements_named_after_services_take_their_measure_from_the_words(tmp_path: Path) -> None:
    export = tmp_path / "likert.csv"
    rows = ["ID,Start time,Completion time,Email,Name,Department,VPN (remote access),Wi-Fi,VPN (remote access),Wi-Fi"]
    rows += [f"{n},11/3/26 9:00:00,11/3/26 9:04:00,anonymous,,Finance,Satisfied,Very satisfied,Very important,"
             "Slightly important" for n in range(1, 7)]
    rows.append("7,11/3/26 9:00:00,11/3/26 9:04:00,anonymous,,Finance,4,,,")
    rows.append("8,11/3/26 9:00:00,11/3/26 9:04:00,anonymous,,Finance,Satisfied,,Dissatisfied,")
    export.write_bytes(("\ufeff" + "\r\n".join(rows) + "\r\n").encode("utf-8"))
    read = read_survey_export(export, "forms", names_of({"vpn": "VPN (remote access)", "wifi": "Wi-Fi"}),
                              names_of({"finance": "Finance"}))
    assert [r.scores for r in read.responses] == [{"vpn": (4, 4), "wifi": (5, 2)}] * 6
    assert [(s.line, s.reason.split(":")[0]) for s in read.skipped] == [(8, "'VPN (remote access)'"),
                                                                        (9, "'VPN (remote access)'")]
    assert "cannot tell satisfaction from importance in '4'" in read.skipped[0].reason
    assert "gives the satisfaction of vpn a second time" in read.skipped[1].reason


def test_a_second_import_waits_for_the_first_then_gives_up_saying_so(project: Path) -> None:
    before = (project / AUTUMN).read_bytes()
    with surveys_lock(project):
        result = frontdesk(project, "surveys", "import", str(FORMS_CSV), "--survey", "2026-autumn", "--format",
                           "forms", "--title", "Changed", "--wait", "0.2")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "content/.surveys.lock: another import is writing content/surveys/; waited 0.2 seconds" in result.stderr
    assert (project / AUTUMN).read_bytes() == before
