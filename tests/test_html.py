"""The HTML view is one self-contained page: vendored library, data as JSON, no fetches."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from rdflib import Graph

from kg.errors import UsageError
from kg.html import KIND_COLOURS, render_html
from kg.network import to_networkx

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "kg" / "vendor"
FOCUS = "nad:Na3SbS4"
EVIL = "</script><script>window.pwned = 1</script><!-- & </SCRIPT >"


class Page(HTMLParser):
    """Collects what a browser would see: script elements, legend entries, attributes."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.legend: list[str] = []
        self.attributes: list[tuple[str, str, str]] = []
        self.title = ""
        self._in: str | None = None
        self._attrs: dict[str, str | None] = {}
        self._text: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            self.attributes.append((tag, name, value or ""))
        if tag in ("script", "title"):
            self._in, self._attrs, self._text = tag, dict(attrs), []
        if tag == "li" and dict(attrs).get("data-kind") is not None:
            self.legend.append(str(dict(attrs)["data-kind"]))

    def handle_data(self, data: str) -> None:
        if self._in:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in == "script":
            self.scripts.append((self._attrs, "".join(self._text)))
        elif tag == self._in == "title":
            self.title = "".join(self._text)
        if tag == self._in:
            self._in = None

    def data(self) -> dict[str, Any]:
        (text,) = [t for a, t in self.scripts if a.get("id") == "kg-data"]
        return json.loads(text)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def ego(graph: Graph) -> nx.MultiDiGraph:
    return nx.ego_graph(to_networkx(graph), FOCUS, radius=2, undirected=True)


@pytest.fixture(scope="module")
def page(ego: nx.MultiDiGraph) -> str:
    return render_html(ego, title="Na3SbS4, radius 2", focus=FOCUS)


@pytest.fixture
def tricky() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("nad:a", label=EVIL, kind="electrolyte", citations="[1] A2020-1", value=1.5)
    g.add_node("nad:b", label="B & <b>", kind="a kind of our own", iri="https://example.org/b")
    g.add_edge("nad:a", "nad:b", key="naif:p", predicate="naif:p", label=EVIL, citations="")
    g.add_edge("nad:a", "nad:b", key="naif:p|nad:x", predicate="naif:p", label="p", via="nad:x")
    return g


def test_no_external_resource_is_referenced(page: str) -> None:
    assert not re.search(r"""(?:src|href|action)\s*=\s*["']?\s*(?:[a-z]+:)?//""", page, re.I)
    assert not re.search(r"""url\(\s*["']?\s*(?:[a-z]+:)?//""", page, re.I)
    assert not re.search(r"@import|<link\b|<iframe\b|<img\b|<script\s+[^>]*src", page, re.I)
    # http(s) appears only in the data (IRIs) and in the bundled licence comments
    rest = re.sub(
        r'<script type="application/json" id="kg-data">.*?</script>', "", page, flags=re.S
    )
    rest = re.sub(r"/\*[!*].*?\*/", "", rest, flags=re.S)
    assert not re.findall(r"https?://\S{0,40}", rest)


def test_the_page_forbids_every_fetch(page: str) -> None:
    (csp,) = [
        v
        for tag, n, v in Page(page).attributes
        if tag == "meta" and n == "content" and "default-src" in v
    ]
    assert "default-src 'none'" in csp and "connect-src" not in csp


def test_the_vendored_library_and_its_licence_are_inlined(page: str) -> None:
    library = (VENDOR / "cytoscape.min.js").read_text(encoding="utf-8")
    assert library in page
    assert "The Cytoscape Consortium" in (VENDOR / "cytoscape.LICENSE").read_text()
    assert "Permission is hereby granted" in library[:2000]  # the MIT notice travels with it


def test_the_vendor_readme_records_the_files_as_committed() -> None:
    readme = (VENDOR / "README.md").read_text(encoding="utf-8")
    for name in ("cytoscape.min.js", "cytoscape.LICENSE"):
        digest = hashlib.sha256((VENDOR / name).read_bytes()).hexdigest()
        assert f"`{name}` `{digest}`" in readme
    version = re.search(r"cytoscape@(\d+\.\d+\.\d+)", readme)
    library = (VENDOR / "cytoscape.min.js").read_text(encoding="utf-8")
    assert version and f'.version="{version.group(1)}"' in library


def test_the_data_round_trips_to_the_same_graph(page: str, ego: nx.MultiDiGraph) -> None:
    data = Page(page).data()
    nodes = {n["data"]["id"]: n["data"] for n in data["nodes"]}
    assert set(nodes) == set(ego.nodes)
    for key, attrs in ego.nodes(data=True):
        assert nodes[key]["attrs"] == attrs
        assert nodes[key]["kind"] == attrs["kind"] and nodes[key]["label"] == attrs["label"]
    edges = Counter(
        (e["data"]["source"], e["data"]["target"], e["data"]["key"]) for e in data["edges"]
    )
    assert edges == Counter(list(ego.edges(keys=True)))
    assert len({e["data"]["id"] for e in data["edges"]}) == ego.number_of_edges()
    by_key = {
        (e["data"]["source"], e["data"]["target"], e["data"]["key"]): e["data"]
        for e in data["edges"]
    }
    for u, v, k, attrs in ego.edges(keys=True, data=True):
        assert by_key[u, v, k]["attrs"] == attrs
    assert data["focus"] == FOCUS
    assert [n["data"]["id"] for n in data["nodes"] if n["classes"] == "focus"] == [FOCUS]


def test_the_legend_lists_the_kinds_present(page: str, ego: nx.MultiDiGraph) -> None:
    kinds = {d["kind"] for _, d in ego.nodes(data=True)}
    legend = Page(page).legend
    assert sorted(legend) == legend and set(legend) == kinds
    data = Page(page).data()
    assert {k["kind"]: k["color"] for k in data["kinds"]} == {k: KIND_COLOURS[k] for k in kinds}
    assert {k["kind"]: k["count"] for k in data["kinds"]} == Counter(
        d["kind"] for _, d in ego.nodes(data=True)
    )


def test_a_label_cannot_close_the_script_tag(tricky: nx.MultiDiGraph) -> None:
    page = render_html(tricky, title=EVIL)
    parsed = Page(page)
    # exactly the page's three scripts: the data, the library, the view
    assert len(parsed.scripts) == 3
    assert "pwned" not in "".join(t for a, t in parsed.scripts if a.get("id") != "kg-data")
    data = parsed.data()
    assert data["nodes"][0]["data"]["label"] == EVIL and data["title"] == EVIL
    assert data["edges"][0]["data"]["label"] == EVIL
    assert parsed.title == EVIL  # escaped in the markup, read back as text
    assert "<script>window.pwned" not in page
    # an unknown kind still gets a colour and a legend entry
    assert parsed.legend == ["a kind of our own", "electrolyte"]


def test_attributes_keep_their_values(tricky: nx.MultiDiGraph) -> None:
    data = Page(render_html(tricky, title="t")).data()
    a = next(n["data"] for n in data["nodes"] if n["data"]["id"] == "nad:a")
    assert a["attrs"]["value"] == 1.5 and a["attrs"]["citations"] == "[1] A2020-1"
    via = [e["data"] for e in data["edges"] if e["data"]["key"] == "naif:p|nad:x"]
    assert via[0]["attrs"]["via"] == "nad:x"
    assert data["focus"] is None


def test_the_page_is_deterministic(ego: nx.MultiDiGraph, page: str) -> None:
    assert render_html(ego, title="Na3SbS4, radius 2", focus=FOCUS) == page


def test_an_unknown_focus_is_a_usage_error(tricky: nx.MultiDiGraph) -> None:
    with pytest.raises(UsageError, match="nad:nothing"):
        render_html(tricky, title="t", focus="nad:nothing")


def test_an_empty_graph_still_renders() -> None:
    parsed = Page(render_html(nx.MultiDiGraph(), title="empty"))
    assert parsed.data()["nodes"] == [] and parsed.legend == []
