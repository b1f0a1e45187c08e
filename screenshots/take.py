"""Take the README's screenshots from a fresh build of the example site, in Debian's Chromium.

    .venv/bin/python screenshots/take.py

Builds the example with the clock the example is written for, serves it on 127.0.0.1 under
/it/ (as an intranet server would), and saves each view below as a PNG in this folder.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CLOCK = "2026-11-23T09:00:00+00:00"
# name: (address under the site, width, height, the element to show, or None for the top of the page)
VIEWS = {
    "home": ("", 1280, 900, None),
    "home-phone": ("", 390, 844, None),
    "catalogue": ("services/", 1280, 900, None),
    "service": ("services/vpn/", 1280, 900, None),
    "service-stats": ("services/vpn/", 1280, 900, "#stats"),
    "stats": ("stats/", 1280, 900, None),
    "stats-phone": ("stats/", 390, 844, None),
    "issue": ("newsletter/2026/wifi-upgrade/", 1280, 900, None),
    "catalogue-phone": ("services/", 390, 844, None),
}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def build(folder: Path) -> Path:
    """The example site, built strictly into folder/it."""
    site = folder / "it"
    env = {**os.environ, "FRONTDESK_NOW": CLOCK, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
                   cwd=ROOT, env=env, check=True)
    return site


def main() -> int:
    chromium = shutil.which("chromium")
    if chromium is None:
        print("screenshots: Debian's chromium is needed (sudo apt-get install chromium)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as folder:
        build(Path(folder))
        handler = functools.partial(_Quiet, directory=folder)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/it/"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium)
                for name, (url, width, height, element) in VIEWS.items():
                    page = browser.new_page(viewport={"width": width, "height": height})
                    page.goto(base + url)
                    page.wait_for_load_state("networkidle")
                    if element:
                        page.locator(element).first.evaluate("e => e.scrollIntoView({block: 'start'})")
                        page.evaluate("window.scrollBy(0, -70)")
                        page.wait_for_timeout(800)  # the header's title and "Back to top" settle
                    page.screenshot(path=str(HERE / f"{name}.png"))
                    page.close()
                    print(f"screenshots: {name}.png")
                browser.close()
        finally:
            server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
