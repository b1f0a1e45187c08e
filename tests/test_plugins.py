"""Frontdesk beside other MkDocs plugins: the example builds --strict with each of them in turn.

Each test copies the example project, adds one plugin to mkdocs.yml (after `search`), builds it
with Frontdesk's clock fixed, and checks that every Frontdesk part is still on its pages (the
same parts as the plain example build, page by page, and the same search entries), then what
that plugin is there for:

- mkdocs-redirects: an old address redirects to a service page (and to an issue) Frontdesk generates;
- mkdocs-macros-plugin: hand-written pages are rendered, and author text in a generated page is
  shown as written, even where it looks like Jinja;
- mkdocs-git-revision-date-localized-plugin: generated pages are dated by Frontdesk's clock
  (FRONTDESK_NOW), never by the computer's; hand-written pages by their last commit;
- mkdocs-glightbox: the issue cover image, and the images in an issue's text, open in a lightbox.

Without a plugin installed its tests are skipped with a message on your machine; under CI=true
they fail instead (the plugins are in the `test` extra: pip install -e '.[test]').
"""

from __future__ import annotations

import functools
import importlib.util
import json
import os
import re
import shutil
import subprocess
import textwrap
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from conftest import FIXED_NOW, Build, assert_only_expected_warnings, copy_project, run_build

# The plugins, by the name mkdocs.yml gives them: (their module, their package on PyPI).
PLUGINS = {
    "redirects": ("mkdocs_redirects", "mkdocs-redirects"),
    "macros": ("mkdocs_macros", "mkdocs-macros-plugin"),
    "git-revision-date-localized": ("mkdocs_git_revision_date_localized_plugin",
                                    "mkdocs-git-revision-date-localized-plugin"),
    "glightbox": ("mkdocs_glightbox", "mkdocs-glightbox"),
}
# mkdocs-redirects pulls in ProperDocs, whose banner (printed, not logged) this turns off.
QUIET = {"DISABLE_MKDOCS_2_WARNING": "true"}
# A leftover of the markers Frontdesk puts its parts in by, if one was never filled.
UNFILLED = re.compile(r"FRONTDESK\d+SLOT")
# What the issue's own test pages are: a service page and a newsletter issue, both generated.
SERVICE = "services/vpn/"
ISSUE = "newsletter/2026/wifi-upgrade/"


def _not_available(reason: str, remedy: str) -> None:
    """Skip a plugin test on a developer's machine, but fail it under CI=true (as browser tests do)."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"plugin tests are required under CI=true: {reason}")
    pytest.skip(f"plugin tests skipped: {reason} ({remedy})")


def require_plugin(name: str) -> None:
    module, package = PLUGINS[name]
    if importlib.util.find_spec(module) is None:
        _not_available(f"{package} is not installed", "pip install -e '.[test]' to run them")


def add_plugin(project: Path, plugin_yaml: str) -> None:
    """Add a plugin (a YAML list item) to the project's mkdocs.yml, after `search`."""
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    plugins = "plugins:\n  - search\n"
    assert plugins in text, "the example's mkdocs.yml no longer lists plugins as this test expects"
    config.write_text(text.replace(plugins, plugins + textwrap.indent(textwrap.dedent(plugin_yaml), "  "), 1),
                      "utf-8")


def build_with(project: Path, site: Path, plugin_yaml: str, now: str = FIXED_NOW) -> Build:
    """Build a project with a plugin added, --strict, by Frontdesk's clock at `now`."""
    add_plugin(project, plugin_yaml)
    build = run_build(project, site, "--strict", FRONTDESK_NOW=now, **QUIET)
    assert_only_expected_warnings(build)
    return build


def soup(build: Build, url: str) -> BeautifulSoup:
    return BeautifulSoup(build.page(url), "html.parser")


def _parts(html: str) -> tuple[Counter[str], list[str]] | None:
    """Frontdesk's parts on a page: every fd-* class in its content, and its headings."""
    article = BeautifulSoup(html, "html.parser").select_one("article.md-content__inner")
    if article is None:
        return None
    classes = Counter(name for tag in article.find_all(class_=True) for name in tag["class"]
                      if name.startswith("fd-"))
    headings = [h.get_text(" ", strip=True) for h in article.select("h1, h2, h3")]
    return classes, headings


@functools.cache
def _expected_parts(site: Path) -> dict[str, tuple[Counter[str], list[str]] | None]:
    return {path.relative_to(site).as_posix(): _parts(path.read_text("utf-8")) for path in sorted(site.rglob("*.html"))}


def _search_entries(site: Path) -> dict[str, str]:
    index = json.loads((site / "search/search_index.json").read_text("utf-8"))
    return {doc["location"]: doc["text"] for doc in index["docs"]}


def _hand_written(project: Path) -> set[str]:
    """The URLs of the project's hand-written pages (docs/about.md: 'about/')."""
    docs = project / "docs"
    urls = set()
    for path in docs.rglob("*.md"):
        stem = path.relative_to(docs).with_suffix("").as_posix()
        stem = stem.removesuffix("index").rstrip("/") if path.stem in ("index", "README") else stem
        urls.add(f"{stem}/" if stem else "")
    return urls


def assert_every_frontdesk_part(build: Build, plain: Build) -> None:
    """Every page of the plain example build is built, with the same Frontdesk parts and headings,
    no marker left unfilled, and the same search entries; and the two pages the issue names in full."""
    problems = []
    for url, expected in _expected_parts(plain.site).items():
        path = build.site / url
        if not path.is_file():
            problems.append(f"{url}: not built")
            continue
        html = path.read_text("utf-8")
        if UNFILLED.search(html):
            problems.append(f"{url}: a Frontdesk part was never put in ({UNFILLED.search(html).group()})")
        got = _parts(html)
        if expected is None or got == expected:
            continue
        if got is None:
            problems.append(f"{url}: no page content")
            continue
        missing, extra = expected[0] - got[0], got[0] - expected[0]
        if missing or extra:
            problems.append(f"{url}: Frontdesk parts missing {dict(missing)}, unexpected {dict(extra)}")
        if got[1] != expected[1]:
            problems.append(f"{url}: headings {got[1]} instead of {expected[1]}")
    assert not problems, "\n".join(problems[:40])

    # The search entries of the pages Frontdesk generates (a plugin may change how a hand-written
    # page is indexed: glightbox does, with or without Frontdesk).
    entries, plain_entries = _search_entries(build.site), _search_entries(plain.site)
    written = _hand_written(plain.project)
    differing = [location for location, text in plain_entries.items()
                 if location.partition("#")[0] not in written and entries.get(location) != text]
    assert not differing, f"search entries differ from the plain build: {differing[:20]}"

    service = soup(build, SERVICE).select_one("article.md-content__inner")
    headings = [h.get_text(" ", strip=True).rstrip(" ¶") for h in service.select("h2")]
    assert "Service levels" in headings and "Getting help" in headings, headings
    assert service.select_one("a.fd-request__button")["href"] == "https://help.fernhill.example/catalogue/vpn"
    assert service.select_one(".fd-levels") is not None and service.select_one(".fd-stats") is not None
    assert service.select("svg.fd-chart"), "the service's stats charts are missing"
    assert service.select(".fd-channels a"), "the service's support channels are missing"
    assert "services/vpn/#getting-help" in entries

    issue = soup(build, ISSUE).select_one("article.md-content__inner")
    head = issue.select_one(".fd-issue-page")
    assert head is not None, "the issue's head is missing"
    assert head.select_one("h1").get_text() == "Faster Wi-Fi in every building by Christmas"
    assert "Tom Okafor" in head.select_one(".fd-issue-page__meta").get_text()
    assert head.select_one("img.fd-issue-page__image")["src"] == "../../images/wifi-upgrade.png"


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The example, built as shipped (no other plugin), from a copy, to compare the others with."""
    root = tmp_path_factory.mktemp("plain")
    build = run_build(copy_project(root / "project"), root / "site", "--strict", **QUIET)
    assert_only_expected_warnings(build)
    return build


# --- mkdocs-redirects ---------------------------------------------------------------------------

REDIRECTS = """\
- redirects:
    redirect_maps:
      old-vpn.md: services/vpn.md
      old-news/wifi.md: newsletter/2026-11-02-wifi-upgrade.md
"""


def _redirect_target(build: Build, old_url: str) -> str:
    """Where an old address's page sends the reader, as a path under the site ('services/vpn/')."""
    page = soup(build, old_url)
    refresh = page.select_one('meta[http-equiv="refresh"]')
    assert refresh is not None, f"{old_url} is not a redirect page"
    delay, _, url = refresh["content"].partition("; url=")
    assert delay == "0"
    assert page.select_one('link[rel="canonical"]')["href"] == url
    base = "https://intranet.example/it/"
    target = urljoin(base + old_url, url)
    assert target.startswith(base), target
    return target.removeprefix(base)


def test_redirects_to_generated_pages(project: Path, tmp_path: Path, plain: Build) -> None:
    require_plugin("redirects")
    build = build_with(project, tmp_path / "site", REDIRECTS)
    assert_every_frontdesk_part(build, plain)
    assert _redirect_target(build, "old-vpn/") == SERVICE
    assert _redirect_target(build, "old-news/wifi/") == ISSUE
    for target in (SERVICE, ISSUE):
        assert (build.site / target / "index.html").is_file()


# --- mkdocs-macros-plugin -----------------------------------------------------------------------

MACROS = "- macros\n"


def test_macros_leaves_frontdesk_pages_whole(project: Path, tmp_path: Path, plain: Build) -> None:
    require_plugin("macros")
    # A hand-written page, to show the plugin is at work in this build.
    (project / "docs/macros-check.md").write_text("# Macros\n\nThis is {{ config.site_name }}.\n", "utf-8")
    build = build_with(project, tmp_path / "site", MACROS)
    assert_every_frontdesk_part(build, plain)
    assert "This is Fernhill IT." in soup(build, "macros-check/").select_one("article").get_text()


def test_macros_shows_author_text_in_generated_pages_as_written(project: Path, tmp_path: Path) -> None:
    """A service description is content, not a template: text that looks like Jinja (a mail-merge
    field, a template tag in a code span) is shown as written and does not break the build."""
    require_plugin("macros")
    written = "Mail merges fill in `{{ first_name }}` and `{% if vpn %}` from the address book."
    service = project / "content/services/vpn.md"
    service.write_text(service.read_text("utf-8").rstrip("\n") + "\n\n" + written + "\n", "utf-8")
    build = build_with(project, tmp_path / "site", MACROS)
    codes = [code.get_text() for code in soup(build, SERVICE).select("article p code")]
    assert "{{ first_name }}" in codes and "{% if vpn %}" in codes, codes


# --- mkdocs-git-revision-date-localized-plugin --------------------------------------------------

# The example's content is fresh (stats, reviews) only near FIXED_NOW; the real clock is moved
# off Frontdesk's by a day if it happens to be that day, so the two can be told apart.
COMMITTED = "2026-10-05T10:00:00+00:00"
GIT_DATES = """\
- git-revision-date-localized:
    type: iso_date
    enable_creation_date: true
"""


def _frontdesk_now() -> str:
    today = datetime.now(UTC).date()
    return FIXED_NOW if today != date.fromisoformat(FIXED_NOW[:10]) else "2026-11-24T09:00:00+00:00"


def _commit_everything(project: Path) -> None:
    """Make the project a git repository with one commit, at a fixed date, by a fixed author."""
    if shutil.which("git") is None:
        _not_available("git is not installed", "install git to run them")
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Frontdesk Tests", "GIT_AUTHOR_EMAIL": "tests@fernhill.example",
        "GIT_COMMITTER_NAME": "Frontdesk Tests", "GIT_COMMITTER_EMAIL": "tests@fernhill.example",
        "GIT_AUTHOR_DATE": COMMITTED, "GIT_COMMITTER_DATE": COMMITTED,
    }
    for command in (["git", "init", "--quiet", "--initial-branch=main"], ["git", "add", "--all"],
                    ["git", "commit", "--quiet", "--no-gpg-sign", "-m", "The example"]):
        subprocess.run(command, cwd=project, env=env, check=True, capture_output=True, timeout=60)


def _shown_dates(build: Build, url: str) -> list[str]:
    """The dates Material shows at the foot of a page (last update, then creation)."""
    facts = soup(build, url).select("aside.md-source-file span.git-revision-date-localized-plugin")
    return [fact.get_text(strip=True) for fact in facts]


def test_git_dates_follow_frontdesks_clock(project: Path, tmp_path: Path, plain: Build) -> None:
    require_plugin("git-revision-date-localized")
    _commit_everything(project)
    now = _frontdesk_now()
    build = build_with(project, tmp_path / "site", GIT_DATES, now=now)
    if now == FIXED_NOW:  # the plain build is by the same clock
        assert_every_frontdesk_part(build, plain)
    machine_day = datetime.now(UTC).date().isoformat()
    frontdesk_day = now[:10]
    assert machine_day != frontdesk_day
    # A hand-written page is dated by its last commit.
    assert _shown_dates(build, "about/") == [COMMITTED[:10], COMMITTED[:10]]
    # A generated page has no history: it is dated by Frontdesk's clock, never the computer's.
    wrong = {url: dates for url in ("", "services/", SERVICE, "stats/", "newsletter/", ISSUE, "resources/")
             if (dates := _shown_dates(build, url)) != [frontdesk_day, frontdesk_day]}
    assert not wrong, (f"generated pages should show Frontdesk's day {frontdesk_day} "
                       f"(the computer's is {machine_day}): {wrong}")


# --- mkdocs-glightbox ---------------------------------------------------------------------------

GLIGHTBOX = "- glightbox\n"


def test_glightbox_opens_issue_images(project: Path, tmp_path: Path, plain: Build) -> None:
    require_plugin("glightbox")
    build = build_with(project, tmp_path / "site", GLIGHTBOX)
    assert_every_frontdesk_part(build, plain)
    page = soup(build, ISSUE)
    assert page.select_one("script#init-glightbox") is not None
    # The image in the issue's text, written in its Markdown.
    body = page.find("img", alt="The new access points are the size of a smoke alarm")
    assert body.parent.name == "a" and "glightbox" in body.parent["class"], body.parent
    # The cover image, in the issue's head that Frontdesk makes.
    cover = page.select_one("img.fd-issue-page__image")
    link = cover.parent
    assert link.name == "a" and "glightbox" in link.get("class", []), f"the cover image is not in a lightbox: {link}"
    assert link["href"] == cover["src"] == "../../images/wifi-upgrade.png"
    # A lightbox link is never put inside another link (as in a card that is a link).
    nested = [url for url in _expected_parts(plain.site)
              if (build.site / url).is_file() and BeautifulSoup((build.site / url).read_text("utf-8"),
                                                                  "html.parser").select("a a")]
    assert not nested, f"links inside links: {nested}"
