"""Regenerate docs/html-view.png: the HTML view of Na3SbS4's neighbourhood, in headless Chromium.

Run from the project root with the test extras installed and Debian's ``chromium`` and
``chromium-driver`` packages present::

    .venv/bin/python docs/make-screenshots.py

The browser gets no network (a host resolver that resolves nothing and a proxy to a closed
port); the page needs none.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import networkx as nx
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

from kg.html import OFFLINE_CHROMIUM_FLAGS, render_html
from kg.load import load_graph
from kg.network import to_networkx

DOCS = Path(__file__).resolve().parent
FOCUS = "nad:Na3SbS4"
SIZE = (1400, 900)


def main() -> int:
    """Render the page, open it in headless Chromium and save the screenshot."""
    ego = nx.ego_graph(to_networkx(load_graph()), FOCUS, radius=2, undirected=True)
    page = render_html(ego, title="Na3SbS4 and its neighbourhood (radius 2)", focus=FOCUS)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "view.html"
        path.write_text(page, encoding="utf-8")
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for arg in (
            *OFFLINE_CHROMIUM_FLAGS,
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
            f"--window-size={SIZE[0]},{SIZE[1]}",
            f"--user-data-dir={tmp}/profile",
        ):
            options.add_argument(arg)
        driver = webdriver.Chrome(
            service=Service(executable_path="/usr/bin/chromedriver"), options=options
        )
        try:
            # the window size counts the browser's frame; size the page area exactly, before
            # loading the page, since the layout fills the area it finds
            driver.get("about:blank")
            inner = driver.execute_script("return [window.innerWidth, window.innerHeight]")
            driver.set_window_size(2 * SIZE[0] - inner[0], 2 * SIZE[1] - inner[1])
            driver.get(path.as_uri())
            WebDriverWait(driver, 60).until(lambda d: d.execute_script("return window.kgReady"))
            time.sleep(0.5)
            driver.save_screenshot(str(DOCS / "html-view.png"))
        finally:
            driver.quit()
    print(f"wrote {DOCS / 'html-view.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
