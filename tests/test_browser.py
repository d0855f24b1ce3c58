"""The HTML view works in a real browser with no network: headless Chromium via Selenium.

The page is opened from a ``file://`` path; the browser's host resolver resolves nothing and
its proxy points at a closed local port, so any fetch the page tried would fail (and the page's
Content-Security-Policy forbids fetches anyway). Needs Debian's ``chromium`` and
``chromium-driver``; without them the tests are skipped (or fail, when ``KG_REQUIRE_BROWSER=1``,
as in CI).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from helpers import run_kg
from rdflib import Graph

from kg.html import OFFLINE_CHROMIUM_FLAGS
from kg.network import to_networkx

pytestmark = pytest.mark.slow

#: Debian's paths; elsewhere point these variables at a Chromium and its matching driver.
CHROMIUM = Path(os.environ.get("KG_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("KG_CHROMEDRIVER", "/usr/bin/chromedriver"))
FOCUS = "nad:Na3SbS4"
PRODUCT = "nad:Na3Sb"
REMEDY = "nad:remedy-hydration-Na3SbS4-118"
#: Flags that keep Chromium off the network and away from first-run chores.
FLAGS = (*OFFLINE_CHROMIUM_FLAGS, "--window-size=1400,900")


def _missing() -> str | None:
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not (path.is_file() and os.access(path, os.X_OK)):
            return f"no browser: {path} not found (apt-get install {package})"
    return None


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    reason = _missing()
    if reason:
        if os.environ.get("KG_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # an explicit driver path: Selenium Manager never looks for (or downloads) one
    d = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    d.set_page_load_timeout(60)
    try:
        yield d
    finally:
        d.quit()


@pytest.fixture(scope="module")
def ego(graph: Graph) -> nx.MultiDiGraph:
    return nx.ego_graph(to_networkx(graph), FOCUS, radius=2, undirected=True)


@pytest.fixture(scope="module")
def url(ego: nx.MultiDiGraph, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The page exactly as the acceptance command writes it."""
    path = tmp_path_factory.mktemp("html") / "x.html"
    proc = run_kg(
        "export", "--focus", "Na3SbS4", "--depth", "2", "--format", "html", "-o", str(path)
    )
    assert proc.returncode == 0, proc.stderr
    return path.as_uri()


def open_page(driver: Any, url: str) -> None:
    """Load the page and wait for its layout; on a time-out, show the browser's console."""
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(url)
    try:
        WebDriverWait(driver, 60).until(lambda d: d.execute_script("return window.kgReady"))
    except TimeoutException:
        pytest.fail(f"the page never became ready; console: {driver.get_log('browser')}")


def js(driver: Any, script: str, *args: Any) -> Any:
    return driver.execute_script(script, *args)


def panel(driver: Any) -> str:
    return str(driver.find_element("id", "details").text)


def test_the_page_draws_every_node_without_errors(driver: Any, url: str, ego: Any) -> None:
    driver.get_log("browser")  # drop what earlier pages logged
    open_page(driver, url)
    assert js(driver, "return kgGraph.nodes().length") == ego.number_of_nodes()
    assert js(driver, "return kgGraph.edges().length") == ego.number_of_edges()
    drawn = set(js(driver, "return kgGraph.nodes().map(n => n.id())"))
    assert drawn == set(ego.nodes)
    interphase = {n for n, d in ego.nodes(data=True) if d["kind"] == "interphase type"}
    assert interphase and {FOCUS, PRODUCT, REMEDY, *interphase} <= drawn
    # the acceptance view: products [176], both remedies and the references behind them
    assert {
        "nad:Na2S",
        "naif:MixedConductingInterphase",
        "nad:remedy-CPEO-interlayer-Na3SbS4-252",
        "ref:Tian2019-118",
        "ref:Hu2019-252",
        "ref:Wu2018-176",
    } <= drawn
    # every node got a finite place inside the drawing
    box = js(driver, "var b = kgGraph.nodes().boundingBox(); return [b.w, b.h]")
    assert box[0] > 100 and box[1] > 100
    assert js(driver, "return kgGraph.nodes().every(n => isFinite(n.position().x))")
    errors = [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
    assert not errors


def test_the_page_fetched_nothing(driver: Any, url: str) -> None:
    open_page(driver, url)
    assert js(driver, "return performance.getEntriesByType('resource').length") == 0
    assert js(driver, "return location.protocol") == "file:"


def test_the_focus_is_shown_and_a_click_shows_a_nodes_citations(driver: Any, url: str) -> None:
    open_page(driver, url)
    assert js(driver, "return kgGraph.getElementById(arguments[0]).hasClass('focus')", FOCUS)
    # another node first, so the focus's details must come back from the click
    js(driver, "kgGraph.getElementById(arguments[0]).emit('tap')", PRODUCT)
    assert driver.find_element("css selector", "#details h2").text == "Na3Sb"
    assert "Wang2016-183" not in panel(driver)
    # a real mouse click at the node's place on the canvas
    from selenium.webdriver.common.action_chains import ActionChains

    x, y, w, h = js(
        driver,
        "var p = kgGraph.getElementById(arguments[0]).renderedPosition();"
        "return [p.x, p.y, kgGraph.width(), kgGraph.height()]",
        FOCUS,
    )
    stage = driver.find_element("id", "cy")
    ActionChains(driver).move_to_element_with_offset(
        stage, int(x - w / 2), int(y - h / 2)
    ).click().perform()
    time.sleep(0.3)
    text = panel(driver)
    assert driver.find_element("css selector", "#details h2").text == "Na3SbS4"
    assert "Wang2016-183" in text and "[183]" in text
    assert "nad:Na3SbS4" in text and "https://w3id.org/naif/data/Na3SbS4" in text
    assert "ionic conductivity" in text  # a folded measurement
    citations = driver.find_elements("css selector", "#citations li")
    assert [c.text for c in citations][:1] == ["[183] Wang2016-183"]


def test_a_remedy_shows_its_citations(driver: Any, url: str, ego: Any) -> None:
    open_page(driver, url)
    js(driver, "kgGraph.getElementById(arguments[0]).emit('tap')", REMEDY)
    text = panel(driver)
    assert ego.nodes[REMEDY]["label"] in text
    assert "Tian2019-118" in text


def test_clicking_an_edge_shows_its_predicate_and_citations(
    driver: Any, url: str, ego: Any
) -> None:
    open_page(driver, url)
    (u, v, k, attrs), *_ = [
        (u, v, k, d)
        for u, v, k, d in ego.edges(FOCUS, keys=True, data=True)
        if v == PRODUCT and d["citations"]
    ]
    js(driver, "kgGraph.getElementById(arguments[0]).emit('tap')", f"{u}|{v}|{k}")
    text = panel(driver)
    assert driver.find_element("css selector", "#details h2").text == attrs["label"]
    assert attrs["predicate"] in text and "Na3Sb" in text
    first = attrs["citations"].split("; ")[0]
    assert first in [c.text for c in driver.find_elements("css selector", "#citations li")]


def test_search_selects_matching_nodes_and_centres_on_the_best(
    driver: Any, url: str, ego: Any
) -> None:
    from selenium.webdriver.common.keys import Keys

    open_page(driver, url)
    box = driver.find_element("id", "search")
    box.send_keys("na3sb")
    time.sleep(0.5)  # the centring is animated
    selected = set(js(driver, "return kgGraph.$(':selected').map(n => n.id())"))
    # what the box searches: label, key, formula and synonyms, ignoring case
    expected = {
        n
        for n, d in ego.nodes(data=True)
        if "na3sb"
        in " ".join([n, *(str(d.get(a, "")) for a in ("label", "formula", "synonyms"))]).lower()
    }
    assert selected == expected and {FOCUS, PRODUCT} <= selected
    assert driver.find_element("id", "matches").text == f"{len(selected)} matches"
    # the exact label comes first and is centred
    x, y, w, h = js(
        driver,
        "var p = kgGraph.getElementById(arguments[0]).renderedPosition();"
        "return [p.x, p.y, kgGraph.width(), kgGraph.height()]",
        PRODUCT,
    )
    assert abs(x - w / 2) < 20 and abs(y - h / 2) < 20  # its box, label included, is centred
    box.send_keys(Keys.ENTER)
    assert driver.find_element("css selector", "#details h2").text == "Na3Sb"
    box.clear()
    box.send_keys("zzz-no-such-label")
    assert driver.find_element("id", "matches").text == "0 matches"
    assert js(driver, "return kgGraph.$(':selected').length") == 0


def test_the_layout_is_the_same_on_every_load(driver: Any, url: str) -> None:
    where = "return kgGraph.nodes().map(n => [n.id(), n.position('x'), n.position('y')])"
    open_page(driver, url)
    first = js(driver, where)
    open_page(driver, url)
    assert js(driver, where) == first


def test_the_browser_has_no_network(driver: Any, url: str) -> None:
    # a fetch from the page is refused (CSP), and the browser itself cannot reach any host
    open_page(driver, url)
    outcome = driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "fetch('https://example.org/').then(() => done('fetched'), e => done(String(e)));"
    )
    assert outcome != "fetched"
    from selenium.common.exceptions import WebDriverException

    with pytest.raises(WebDriverException, match=r"ERR_PROXY_CONNECTION_FAILED|ERR_NAME_NOT"):
        driver.get("https://example.org/")
    driver.get_log("browser")
