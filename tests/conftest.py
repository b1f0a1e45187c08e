"""Shared fixtures: build the example site (or a copy of it) for real, into temporary folders."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The clock every test build uses, so output does not depend on the day tests run.
FIXED_NOW = "2026-11-23T09:00:00+00:00"
# The installed `frontdesk` command, beside the Python running the tests (a venv need not be activated).
FRONTDESK_COMMAND = str(Path(sys.executable).parent / "frontdesk")
PROJECT_PARTS = ("mkdocs.yml", "docs", "content", "newsletter", "hooks", "overrides")


@dataclass(frozen=True)
class Build:
    """The result of running `mkdocs build` on a project."""

    project: Path
    site: Path
    returncode: int
    output: str

    def page(self, url: str) -> str:
        """The HTML of a built page, by its URL path ('services/vpn/')."""
        path = self.site / url
        return (path / "index.html" if url.endswith("/") or url == "" else path).read_text("utf-8")


def build_env(**extra: str) -> dict[str, str]:
    """The environment for a test build: fixed clock, no MkDocs 2 notice, and the traceback of an error
    in Frontdesk itself (a command otherwise says it in one line), so tests that look for one find it."""
    env = {**os.environ, "FRONTDESK_NOW": FIXED_NOW, "NO_MKDOCS_2_WARNING": "1", "FRONTDESK_DEBUG": "1"}
    env.update(extra)
    return env


def run_build(project: Path, site: Path, *args: str, **env: str) -> Build:
    """Run `mkdocs build` on a project as a user would, capturing its output."""
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d", str(site), *args],
        capture_output=True, text=True, env=build_env(**env), cwd=project, timeout=600,
    )
    return Build(project, site, result.returncode, result.stdout + result.stderr)


def copy_project(target: Path) -> Path:
    """A copy of the example project that a test may break."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, target / part)
    return target


def uncite(project: Path, field: str) -> None:
    """Take a field (`survey`, `roadmap`) out of every "You said, we did" action of a project, for a test that
    removes what the example's actions cite."""
    for path in (project / "content/actions").glob("*.md"):
        lines = path.read_text("utf-8").splitlines(keepends=True)
        path.write_text("".join(line for line in lines if not line.startswith(f"{field}:")), "utf-8")


def without_listening(project: Path) -> None:
    """A project with no departments, survey rounds, actions or roadmap items, and nothing naming a department."""
    for folder in ("departments", "surveys", "actions", "roadmap"):
        for path in (project / "content" / folder).glob("*.*"):
            path.unlink()
    for path in [*(project / "newsletter").glob("*.md"), *(project / "content/resources").glob("*.md")]:
        lines = path.read_text("utf-8").splitlines(keepends=True)
        path.write_text("".join(line for line in lines if not line.startswith("departments:")), "utf-8")


# Warnings the example build may log with the fixed clock: none (it builds with --strict in CI).
EXPECTED_WARNINGS: tuple[str, ...] = ()


def warning_lines(build: Build) -> list[str]:
    """The WARNING lines of a build's output."""
    return [line.strip() for line in build.output.splitlines() if line.startswith("WARNING")]


def assert_only_expected_warnings(build: Build) -> None:
    """A build that succeeded and warned of nothing unexpected, with the whole output on failure."""
    assert build.returncode == 0, build.output
    assert warning_lines(build) == list(EXPECTED_WARNINGS), build.output


@pytest.fixture(scope="session")
def example_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The shipped example site, built once for the whole test session."""
    build = run_build(ROOT, tmp_path_factory.mktemp("example") / "site")
    assert_only_expected_warnings(build)
    return build


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh copy of the example project."""
    return copy_project(tmp_path / "project")


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file of a folder with a hash of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@dataclass(frozen=True)
class GoodSite:
    """The last good build of the example, and a hash of every file in it."""

    project: Path
    site: Path
    digest: dict[str, str]

    def copy_project(self, target: Path) -> Path:
        """A copy of the project the good site was built from (the working tree may change meanwhile)."""
        shutil.copytree(self.project, target, symlinks=True)
        return target


@pytest.fixture(scope="session")
def good_site(tmp_path_factory: pytest.TempPathFactory) -> GoodSite:
    project = copy_project(tmp_path_factory.mktemp("good") / "project")
    build = run_build(project, project.parent / "site")
    assert build.returncode == 0, build.output
    return GoodSite(project, build.site, tree_digest(build.site))



class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve_folder(site: Path, sub_path: str = "it") -> Iterator[str]:
    """A built site served on 127.0.0.1 under a sub-path, as an intranet server would."""
    root = site.parent / f"webroot-{site.name}"
    if not root.exists():
        root.mkdir()
        (root / sub_path).symlink_to(site, target_is_directory=True)
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/{sub_path}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def pdf_engine() -> None:
    """WeasyPrint and the Pango library it loads, which `frontdesk brief` writes its PDF with: a test that
    needs them is skipped on a developer's machine without them, and fails under CI=true."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as error:
        reason = f"the PDF engine cannot be loaded: {type(error).__name__}: {' '.join(str(error).split())}"
        if os.environ.get("CI") == "true":
            pytest.fail(f"PDF tests are required under CI=true: {reason}")
        pytest.skip(f"PDF tests skipped: {reason} (install Pango: sudo apt-get install libpango-1.0-0 "
                    "libpangoft2-1.0-0)")


@pytest.fixture(scope="session")
def served_site(example_build: Build) -> Iterator[str]:
    """The example site served on 127.0.0.1 under /it/."""
    with serve_folder(example_build.site) as base:
        yield base


CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def chromium_path() -> str | None:
    """Debian's Chromium, or the one named by FRONTDESK_CHROMIUM."""
    named = os.environ.get("FRONTDESK_CHROMIUM")
    if named:
        return named
    return next((p for p in CHROMIUM_CANDIDATES if Path(p).exists()), None)


def _no_browser(reason: str, remedy: str = "install Debian's chromium to run them") -> None:
    """Skip a browser test on a developer's machine, but fail it under CI=true."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests are required under CI=true: {reason}")
    pytest.skip(f"browser tests skipped: {reason} ({remedy})")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Debian Chromium driven by Playwright; skipped locally without it, failed in CI."""
    executable = chromium_path()
    if executable is None:
        _no_browser("no Chromium found at " + ", ".join(CHROMIUM_CANDIDATES))
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _no_browser("the playwright package is not installed")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Watched:
    """A browser page, with every request, failure and console error it saw."""

    page: object
    requests: list[str]
    failures: list[str]
    errors: list[str]


@pytest.fixture
def open_page(browser: object) -> Iterator[object]:
    """Opens pages in a fresh context, recording requests, failed requests and console errors."""
    contexts = []

    def opener(url: str, width: int = 1280, height: int = 900, scheme: str = "light") -> Watched:
        context = browser.new_context(viewport={"width": width, "height": height},  # type: ignore[attr-defined]
                                      color_scheme=scheme)
        contexts.append(context)
        page = context.new_page()
        watched = Watched(page, [], [], [])
        page.on("request", lambda request: watched.requests.append(request.url))
        page.on("requestfailed", lambda request: watched.failures.append(request.url))
        page.on("console", lambda message: watched.errors.append(message.text)
                if message.type == "error" else None)
        page.on("pageerror", lambda error: watched.errors.append(str(error)))
        page.goto(url)
        page.wait_for_load_state("networkidle")
        return watched

    yield opener
    for context in contexts:
        context.close()
