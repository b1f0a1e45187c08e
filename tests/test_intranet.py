"""Every page of the example site in Chromium: no request leaves the local server, nothing fails."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import ROOT, Build, _QuietHandler, run_build


@pytest.fixture(scope="module")
def local_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Build]]:
    """The example built for the address it is served from, so even absolute links stay local."""
    root = tmp_path_factory.mktemp("intranet")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root)))
    base = f"http://127.0.0.1:{server.server_port}/it/"
    build = run_build(ROOT, root / "it", SITE_URL=base)
    assert build.returncode == 0, build.output
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base, build
    server.shutdown()
    server.server_close()


def every_page(site: Path) -> list[str]:
    pages = []
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        pages.append(relative[: -len("index.html")] if relative.endswith("index.html") else relative)
    return pages


@pytest.mark.browser
def test_every_page_stays_on_the_local_server_without_errors(local_site, browser) -> None:
    base, build = local_site
    host = urlsplit(base).netloc
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    elsewhere: list[str] = []
    failed: list[str] = []
    errors: list[str] = []
    current = {"url": ""}
    page.on("request", lambda r: elsewhere.append(f"{current['url']} -> {r.url}")
            if urlsplit(r.url).scheme in ("http", "https", "ws", "wss") and urlsplit(r.url).netloc != host else None)
    page.on("requestfailed", lambda r: failed.append(f"{current['url']} -> {r.url} ({r.failure})"))
    page.on("response", lambda r: failed.append(f"{current['url']} -> {r.url} ({r.status})")
            if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)
    page.on("console", lambda m: errors.append(f"{current['url']}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"{current['url']}: {e}"))
    pages = every_page(build.site)
    assert len(pages) > 80
    for url in pages:
        if url == "404.html":
            continue  # served for missing pages; its own requests are checked by the link test
        current["url"] = url
        page.goto(base + url)
        page.wait_for_load_state("networkidle")
    context.close()
    assert elsewhere == []
    assert failed == []
    assert errors == []
