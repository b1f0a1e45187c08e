"""The monthly brief (issue 15): `frontdesk brief` writes brief.html, brief.pdf and brief.eml; the site
publishes /briefs/<YYYY-MM>/ once the month is over, with an archive at /briefs/.

The files are read back as a reader's tools would: the PDF with pypdf, the email with `email`, the HTML
with BeautifulSoup. The build's clock is FIXED_NOW (2026-11-23 09:00 UTC): October 2026 is the newest
month that is over, the month /stats/ shows.
"""

from __future__ import annotations

import re
import subprocess
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

import pypdf
import pytest
from bs4 import BeautifulSoup
from conftest import FIXED_NOW, FRONTDESK_COMMAND, ROOT, Build, build_env, copy_project, without_listening

SITE_URL = "https://intranet.fernhill.example/it/"
HEADINGS = ("Figures against targets", "Targets missed", "Incidents and downtime", "Maintenance in November 2026",
            "What you told us, and what we did", "The roadmap", "Giveaways and free resources")
REASON = "A cooling failure in the data centre on 14 October stopped the cluster for 11 hours"
FINANCE = """---
name: Finance
relationship_manager: tom-okafor
services: [vpn, email-and-calendar]
---
Finance runs the payroll and the accounts.
"""


def brief(project: Path, *args: str, now: str = FIXED_NOW) -> subprocess.CompletedProcess[str]:
    """Run `frontdesk brief` on a project, as a user would."""
    return subprocess.run([FRONTDESK_COMMAND, "brief", *args, "--project", str(project)], capture_output=True,
                          text=True, env=build_env(FRONTDESK_NOW=now, FRONTDESK_DEBUG="0"), cwd=project, timeout=300)


@pytest.fixture(scope="session")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the example whose Finance relies on two services only."""
    folder = copy_project(tmp_path_factory.mktemp("brief") / "project")
    (folder / "content/departments/finance.md").write_text(FINANCE, "utf-8")
    return folder


@pytest.fixture(scope="session")
def october(project: Path, pdf_engine: None) -> Path:
    """The brief of October 2026, written to its default folder."""
    result = brief(project, "--month", "2026-10")
    assert result.returncode == 0, result.stderr
    folder = project / "briefs/2026-10"
    assert result.stdout.strip() == (f"frontdesk brief: wrote {folder}/brief.eml, {folder}/brief.html, "
                                     f"{folder}/brief.pdf")
    return folder


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def words(text: str) -> str:
    return " ".join(text.split())


def pdf_text(path: Path) -> str:
    return words(" ".join(page.extract_text() for page in pypdf.PdfReader(path).pages))


def email(path: Path) -> EmailMessage:
    message = message_from_bytes(path.read_bytes(), policy=default)
    assert isinstance(message, EmailMessage)
    return message


def parts(message: EmailMessage) -> dict[str, str]:
    found = {}
    for part in message.iter_parts():
        assert isinstance(part, EmailMessage)
        found[part.get_content_type()] = part.get_content()
    return found


# --- what the brief says -----------------------------------------------------------------------


def test_the_pdf_has_every_section_the_figures_and_a_missed_target_with_its_reason(october: Path) -> None:
    reader = pypdf.PdfReader(october / "brief.pdf")
    assert 1 <= len(reader.pages) <= 3
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=0.5)  # A4: 210 mm
    assert reader.pages[0].mediabox.height == pytest.approx(841.89, abs=0.5)  # 297 mm
    text = pdf_text(october / "brief.pdf")
    positions = [text.index(heading) for heading in HEADINGS]
    assert positions == sorted(positions), "the sections are out of order"
    assert text.startswith("FERNHILL RESEARCH INSTITUTE · FERNHILL IT Monthly brief: October 2026")
    for figure in ("1,349 tickets handled", "99.73% availability across services", "4.25 out of 5 satisfaction",
                   "up 55 from September", "Targets in October 2026: 40 met, 15 missed"):
        assert figure in text
    assert "Research computing cluster Availability 98.4% 98.5%" in text
    assert REASON in text
    assert f"Page 1 of {len(reader.pages)}" in text
    assert reader.metadata is not None and reader.metadata.title == "Monthly brief: October 2026"


def test_every_missed_target_is_named_with_the_reason_the_stats_file_gives(october: Path) -> None:
    rows = soup(october / "brief.html").select("#missed-targets tbody tr")
    misses = {(row.th.get_text(strip=True), row.find_all("td")[0].get_text(strip=True)): row for row in rows}
    assert len(misses) == 15
    cluster = misses[("Research computing cluster", "Availability")]
    assert words(cluster.find_all("td")[-1].get_text()) == (f"{REASON}; a second chiller is on order.")
    assert "0.1 percentage points below the target" in cluster.get_text()
    assert words(misses[("Wi-Fi", "Satisfaction")].find_all("td")[-1].get_text()) == "No reason given"
    assert "(few responses)" in misses[("Research computing cluster", "Satisfaction")].get_text()


def test_the_figures_are_those_the_stats_page_shows_for_the_month(october: Path, example_build: Build) -> None:
    stats = BeautifulSoup(example_build.page("stats/"), "html.parser")
    assert stats.select_one("#headlines").get_text(strip=True) == "October 2026 at a glance"
    shown = {li["data-figure"]: li.select_one(".fd-headline__value").get_text(strip=True)
             for li in stats.select(".fd-headlines [data-figure]")}
    written = {li["data-figure"]: li.select_one(".fd-brief-figures__value").get_text(strip=True)
               for li in soup(october / "brief.html").select(".fd-brief-figures [data-figure]")}
    assert set(shown) == {"tickets", "first-response", "availability", "satisfaction", "sla-met", "meeting-all"}
    assert written == shown


def test_the_html_is_one_a4_file_that_asks_for_nothing(october: Path) -> None:
    html = (october / "brief.html").read_text("utf-8")
    page = BeautifulSoup(html, "html.parser")
    assert "@page" in html and "size: A4" in html
    assert page.find("script") is None and page.find("link") is None and page.find("img") is None
    assert "url(" not in html and "@import" not in html
    assert page.select_one("h2").get("style"), "the CSS is inlined, as mail clients need"
    links = [a["href"] for a in page.find_all("a")]
    assert links and all(link.startswith((SITE_URL, "mailto:")) for link in links), links
    assert f"{SITE_URL}services/research-computing-cluster/" in links
    assert f"{SITE_URL}briefs/2026-10/" in links


def test_the_email_has_both_parts_the_clock_s_date_and_a_stable_id(october: Path) -> None:
    message = email(october / "brief.eml")
    assert message["Subject"] == "Monthly brief: October 2026"
    assert message["From"].addresses[0].display_name == "Fernhill IT"
    assert message["Date"] == "Mon, 23 Nov 2026 09:00:00 +0000"
    assert message["Message-ID"] == "<brief.2026-10@intranet.fernhill.example>"
    assert message.get_content_type() == "multipart/alternative"
    found = parts(message)
    assert list(found) == ["text/plain", "text/html"]
    text, html = found["text/plain"].replace("\r\n", "\n"), found["text/html"]
    assert html.replace("\r\n", "\n").strip() == (october / "brief.html").read_text("utf-8").strip()
    for heading in HEADINGS:
        assert f"{heading}\n{'-' * len(heading)}" in text
    assert ("Research computing cluster (https://intranet.fernhill.example/it/services/research-computing-cluster/) "
            "| Availability | 98.4% | 98.5%") in text
    assert REASON in words(text)
    for url in re.findall(r"https?://[^\s)\"'<>]+", text + html):
        assert url.startswith(SITE_URL), url


def test_incidents_downtime_and_maintenance_of_a_draft_month(project: Path) -> None:
    out = project / "briefs/november-draft"
    result = brief(project, "--month", "2026-11", "--draft", "--out", str(out), "--no-pdf")
    assert result.returncode == 0, result.stderr
    assert not (out / "brief.pdf").exists()
    page = soup(out / "brief.html")
    assert "Draft: November 2026 is not over yet" in page.get_text()
    incidents = words(page.select_one("#incidents").get_text(" "))
    assert "VPN unavailable for staff working from home : major outage of VPN (remote access)" in incidents
    assert "Sign-in approvals arriving slowly : degraded of Multi-factor authentication (MFA)" in incidents
    assert "still open" in incidents
    assert "Total downtime in November 2026: 2 h 35 min of partial or major outage" in incidents
    maintenance = words(page.select_one("#next-maintenance").get_text(" "))
    assert page.select_one("#next-maintenance h2").get_text() == "Maintenance in December 2026"
    assert "Monthly email server updates : Saturday 5 December 2026, 07:00–09:00" in maintenance
    assert "File storage moves" not in maintenance  # that is November's
    giveaways = words(page.select_one("#giveaways").get_text(" "))
    assert "Winter headset giveaway (26 taken up)" in giveaways


def test_a_department_brief_holds_only_that_department_s_services(project: Path, pdf_engine: None) -> None:
    out = project / "briefs/finance-november"
    result = brief(project, "--month", "2026-11", "--draft", "--department", "finance", "--out", str(out))
    assert result.returncode == 0, result.stderr
    page = soup(out / "brief.html")
    assert page.h1.get_text() == "Finance: monthly brief, November 2026"
    text = words(page.get_text(" "))
    every = [line.split(":", 1)[0].strip() for line in
             (ROOT / "content/services").glob("*.md") for line in [line.read_text("utf-8").split("title:", 1)[1]]]
    named = {title for title in every if title in text}
    assert named <= {"VPN (remote access)", "Email and calendar"}, named
    assert "VPN unavailable for staff working from home" in text
    assert "Sign-in approvals arriving slowly" not in text  # MFA is not one of Finance's services
    assert "Monthly email server updates" in text
    # Only Finance's "You said, we did" actions and roadmap items, and its own survey answers (suppressed in
    # the newest round closed by November's end: Finance's 14 are shown in the autumn round).
    listening = words(page.select_one("#listening").get_text(" "))
    assert "The VPN drops out during month-end close" in listening
    assert "microscopy" not in listening and "cluster queue" not in listening
    assert "Autumn 2026 IT survey" in listening and "14 people answered" in listening
    roadmap = {a.get_text() for a in page.select("#roadmap li a")}
    assert roadmap == {"Password manager for everyone", "Single sign-on for the finance system"}
    services = {a.get_text() for a in page.select("#missed-targets tbody th a")}
    assert services <= {"VPN (remote access)", "Email and calendar"}
    pdf = pdf_text(out / "brief.pdf")
    assert "Finance: monthly brief, November 2026" in pdf and "Research computing cluster" not in pdf
    assert email(out / "brief.eml")["Message-ID"] == "<brief.2026-11-finance@intranet.fernhill.example>"


def test_a_department_s_figures_are_its_services_only(project: Path) -> None:
    out = project / "briefs/finance-october"
    assert brief(project, "--month", "2026-10", "--department", "finance", "--out", str(out),
                 "--no-pdf").returncode == 0
    figures = {li["data-figure"]: words(li.get_text(" ")) for li in
               soup(out / "brief.html").select(".fd-brief-figures [data-figure]")}
    assert "across 2 services" in figures["tickets"]
    assert "of 2 services with targets" in figures["meeting-all"]


# --- the same bytes every time -----------------------------------------------------------------


def test_the_same_content_and_clock_give_the_same_bytes(project: Path, october: Path, tmp_path: Path) -> None:
    again = project / "briefs/again"
    assert brief(project, "--month", "2026-10", "--out", str(again)).returncode == 0
    for name in ("brief.html", "brief.eml", "brief.pdf"):
        assert (again / name).read_bytes() == (october / name).read_bytes(), name
    # What WeasyPrint stamps: its version as Producer, and the dates the document gives, from the clock; no
    # file identifier (/ID) and no time of its own.
    reader = pypdf.PdfReader(october / "brief.pdf")
    assert reader.metadata is not None
    assert reader.metadata["/Producer"].startswith("WeasyPrint ")
    assert reader.metadata["/CreationDate"] == reader.metadata["/ModDate"] == "D:20261123090000+00'00"
    assert "/ID" not in reader.trailer


def test_another_clock_changes_only_what_it_dates(project: Path, october: Path) -> None:
    later = project / "briefs/later"
    assert brief(project, "--month", "2026-10", "--out", str(later), now="2026-11-24T10:30:00+00:00").returncode == 0
    before, after = (october / "brief.html").read_text("utf-8"), (later / "brief.html").read_text("utf-8")
    assert after == (before.replace("2026-11-23T09:00:00+00:00", "2026-11-24T10:30:00+00:00")
                     .replace("published on 23 November 2026", "published on 24 November 2026"))
    assert pypdf.PdfReader(later / "brief.pdf").metadata["/CreationDate"] == "D:20261124103000+00'00"


# --- the command's refusals --------------------------------------------------------------------


@pytest.mark.parametrize(("args", "message"), [
    (("--month", "2026-13"), "frontdesk brief: --month: must be a month written YYYY-MM, like 2026-11 "
                             "(found: 2026-13)"),
    (("--month", "November"), "frontdesk brief: --month: must be a month written YYYY-MM, like 2026-11 "
                              "(found: November)"),
    (("--month", "2026-12"), "frontdesk brief: --month: December 2026 is in the future (the build's clock says "
                             "2026-11-23) (found: 2026-12)"),
    (("--month", "2026-12", "--draft"), "frontdesk brief: --month: December 2026 is in the future"),
    (("--month", "2026-11"), "frontdesk brief: --month: November 2026 is not over yet (the build's clock says "
                             "2026-11-23); add --draft for a draft brief (found: 2026-11)"),
    (("--month", "2026-10", "--department", "finanse"), "frontdesk brief: --department: not a department "
                                                        "(known: estates, finance, human-resources, life-sciences) "
                                                        "(found: finanse)"),
    (("--month", "2026-10", "--out", "/tmp/brief-outside"), "frontdesk brief: --out: must be a folder inside "
                                                            "the project (found: /tmp/brief-outside)"),
    (("--month", "2026-10", "--out", "docs/briefs"), "frontdesk brief: --out: must not be in docs/, which a "
                                                     "build publishes, replaces or reads (found: docs/briefs)"),
    (("--month", "2026-10", "--out", "site/x"), "frontdesk brief: --out: must not be in site/"),
], ids=["month-13", "month-in-words", "future", "future-draft", "not-over", "unknown-department", "outside",
        "docs", "site"])
def test_the_command_refuses_in_one_line_and_writes_nothing(project: Path, args: tuple[str, ...],
                                                            message: str) -> None:
    before = sorted(p for p in project.rglob("*") if "briefs" not in p.parts)
    result = brief(project, *args)
    assert result.returncode == 1
    assert result.stderr.startswith(message), result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert sorted(p for p in project.rglob("*") if "briefs" not in p.parts) == before
    assert not Path("/tmp/brief-outside").exists()


def test_a_project_without_departments_says_so(tmp_path: Path) -> None:
    folder = copy_project(tmp_path / "project")
    without_listening(folder)
    result = brief(folder, "--month", "2026-10", "--department", "finance")
    assert result.returncode == 1
    assert result.stderr == ("frontdesk brief: --department: not a department (there are none in "
                             "content/departments/) (found: finance)\n")


# --- on the site -------------------------------------------------------------------------------


def test_the_site_publishes_each_month_that_is_over(example_build: Build, october: Path) -> None:
    archive = BeautifulSoup(example_build.page("briefs/"), "html.parser")
    months = [li.a.get_text() for li in archive.select(".fd-briefs__list li")]
    assert [a.get_text() for a in archive.select(".fd-briefs__list li")[0].select("a")[1:]] == [
        "Estates and Facilities", "Finance", "Human Resources", "Life Sciences"]
    assert months[0] == "October 2026" and "November 2026" not in months
    assert months[-1] == "May 2025"  # the first month any stats file covers
    assert not (example_build.site / "briefs/2026-11").exists()
    page = BeautifulSoup(example_build.page("briefs/2026-10/"), "html.parser")
    article = page.select_one("article")
    assert [h.get_text() for h in article.select("section h2")] == list(HEADINGS)
    document = soup(october / "brief.html")
    for selector in (".fd-brief-figures", "#missed-targets tbody", "#giveaways p"):
        assert words(article.select_one(selector).get_text(" ")) == words(document.select_one(selector).get_text(" "))
    # Links stay within the site, relative to the page.
    assert article.select_one("#missed-targets tbody a")["href"] == "../../services/accounts-and-passwords/"
    nav = [a.get_text(strip=True) for a in page.select(".md-tabs__link")]
    assert "Briefs" in nav


def test_before_the_first_incident_the_brief_does_not_claim_there_were_none(october: Path) -> None:
    text = words(soup(october / "brief.html").select_one("#incidents").get_text(" "))
    assert text == ("Incidents and downtime No incidents recorded for October 2026: incidents are recorded here "
                    "from November 2026, so downtime is not known from them.")


def test_the_site_makes_a_page_per_department_it_is_given(monkeypatch: pytest.MonkeyPatch) -> None:
    """The departments reader is not in this branch: its departments reach `brief_pages` as scopes."""
    monkeypatch.setenv("FRONTDESK_NOW", FIXED_NOW)
    from frontdesk.briefs.brief import Scope
    from frontdesk.briefs.pages import brief_pages
    from frontdesk.cli.project import load_project
    from frontdesk.core.urls import Urls
    from frontdesk.site.render import templates
    from frontdesk.site.site import brief_content
    from frontdesk.stats.pages import stats_template_helpers

    site = load_project(ROOT)
    content = brief_content(site)
    env = templates(site.settings, Urls(), stats_template_helpers(content.summaries))
    pages = {p.src_uri: p for p in brief_pages(content, env, (Scope("finance", "Finance", frozenset({"vpn"})),))}
    assert {"briefs/index.md", "briefs/2026-10/index.md", "briefs/2026-10/finance.md"} <= set(pages)
    finance = BeautifulSoup(pages["briefs/2026-10/finance.md"].rendered_parts()[0], "html.parser")
    assert finance.h1.get_text() == "Finance: monthly brief, October 2026"
    assert {a.get_text() for a in finance.select("#missed-targets tbody th a")} == {"VPN (remote access)"}
    archive = BeautifulSoup(pages["briefs/index.md"].rendered_parts()[0], "html.parser")
    assert archive.find("a", string="Finance")["href"] == "2026-10/finance/"


def test_without_the_pdf_engine_the_command_says_how_to_install_it(project: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    (broken / "weasyprint").mkdir(parents=True)
    (broken / "weasyprint/__init__.py").write_text(
        "raise OSError(\"cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object file\")\n")
    out = project / "briefs/no-engine"
    result = subprocess.run([FRONTDESK_COMMAND, "brief", "--month", "2026-10", "--out", str(out), "--project",
                             str(project)], capture_output=True, text=True, cwd=project, timeout=300,
                            env=build_env(FRONTDESK_DEBUG="0",
                                          PYTHONPATH=f"{broken}:{build_env().get('PYTHONPATH', '')}"))
    assert result.returncode == 1
    assert result.stderr == (
        "frontdesk brief: brief.pdf: install WeasyPrint (pip install 'frontdesk[pdf]') and the Pango library it "
        "needs (Debian and Ubuntu: apt-get install libpango-1.0-0 libpangoft2-1.0-0), or add --no-pdf (found: "
        "OSError: cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object file)\n")
    assert not out.exists()


def test_a_department_file_naming_an_unknown_service_is_refused_naming_the_line(tmp_path: Path) -> None:
    folder = copy_project(tmp_path / "project")
    (folder / "content/departments/estates.md").write_text(
        "---\nname: Estates and Facilities\nrelationship_manager: tom-okafor\nservices: [vpn, heating]\n---\n", "utf-8")
    result = brief(folder, "--month", "2026-10", "--department", "estates")
    assert result.returncode == 1
    assert result.stderr == ("Frontdesk found 1 problem in the content:\ncontent/departments/estates.md:4: "
                             "services[2]: is not a known service id (found: 'heating')\n"), result.stderr
    assert not (folder / "briefs").exists()


def test_every_brief_page_highlights_the_briefs_tab(example_build: Build) -> None:
    """A month's brief, and a department's, are reached from /briefs/: the Briefs tab stays highlighted there."""
    for url in ("briefs/", "briefs/2026-10/", "briefs/2026-10/finance/", "briefs/2025-05/estates/"):
        page = BeautifulSoup(example_build.page(url), "html.parser")
        assert [" ".join(tab.get_text(" ").split()) for tab in page.select(".md-tabs__item--active")] == ["Briefs"], url


def test_a_department_s_brief_page_says_whose_it_is_in_its_description(example_build: Build) -> None:
    descriptions = {url: BeautifulSoup(example_build.page(url), "html.parser").select_one("meta[name=description]")
                    for url in ("briefs/2026-10/", "briefs/2026-10/finance/")}
    assert {url: meta["content"] if meta else None for url, meta in descriptions.items()} == {
        "briefs/2026-10/": "Figures against targets, missed targets, incidents and what comes next: October 2026.",
        "briefs/2026-10/finance/": "Figures against targets, missed targets, incidents and what comes next, for "
                                   "Finance: October 2026."}


def test_the_brief_files_are_written_all_or_none(project: Path) -> None:
    out = project / "all-or-none"
    (out / "brief.eml").mkdir(parents=True)  # the email cannot take its place: the write fails half way
    (out / "brief.html").write_text("last month's brief", "utf-8")
    result = brief(project, "--month", "2026-10", "--no-pdf", "--out", str(out))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("frontdesk brief: ") and "brief.eml: Is a directory" in result.stderr
    # The HTML, renamed into place before the email failed, was put back; nothing else is left behind.
    assert (out / "brief.html").read_text("utf-8") == "last month's brief"
    assert sorted(p.name for p in out.iterdir()) == ["brief.eml", "brief.html"]
