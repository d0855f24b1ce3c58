"""kg export: subgraph selection, and every format read back with the tool that reads it."""

from __future__ import annotations

import io
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from helpers import run_kg
from rdflib import Graph

from kg.errors import InputError, UsageError
from kg.export import by_family, by_query, export
from kg.namespaces import NAD, NAIF
from kg.network import to_networkx
from kg.query import run
from kg.traverse import neighbors


@pytest.fixture(scope="module")
def g(graph: Graph) -> nx.MultiDiGraph:
    return to_networkx(graph)


@pytest.fixture(scope="module")
def sub(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    return neighbors(g, "nad:Na3SbS4", depth=2)


def _same(a: nx.MultiDiGraph, b: nx.MultiDiGraph) -> None:
    assert set(a) == set(b)
    for n, data in a.nodes(data=True):
        got = {k: v for k, v in b.nodes[n].items() if k not in ("id",)}
        for key, value in data.items():
            if isinstance(value, float):
                assert float(got[key]) == pytest.approx(value), (n, key)
            else:
                assert str(got[key]) == str(value), (n, key)
    edges = sorted((u, v, d["predicate"], d["citations"]) for u, v, d in a.edges(data=True))
    back = sorted((u, v, d["predicate"], d["citations"]) for u, v, d in b.edges(data=True))
    assert edges == back


def test_graphml_round_trip(sub: nx.MultiDiGraph) -> None:
    back = nx.read_graphml(io.BytesIO(export(sub, fmt="graphml")), force_multigraph=True)
    _same(sub, back)


def test_gexf_round_trip(sub: nx.MultiDiGraph) -> None:
    back = nx.read_gexf(io.BytesIO(export(sub, fmt="gexf")))
    # GEXF keeps the node label in its own slot and the key as the id
    for n, d in back.nodes(data=True):
        assert d["label"] == sub.nodes[n]["label"]
    _same(sub, nx.MultiDiGraph(back))


def test_cytoscape_json_round_trip(sub: nx.MultiDiGraph) -> None:
    data = json.loads(export(sub, fmt="cyjs"))
    back = nx.cytoscape_graph(data)
    _same(sub, back)


def test_dot_names_every_node_and_relation(sub: nx.MultiDiGraph) -> None:
    dot = export(sub, fmt="dot").decode("utf-8")
    assert dot.startswith("digraph ")
    for n in sub:
        assert f'"{n}" [label=' in dot
    assert dot.count(" -> ") == sub.number_of_edges()


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_dot_renders_with_graphviz(sub: nx.MultiDiGraph) -> None:
    svg = ET.fromstring(export(sub, fmt="svg"))
    titles = {t.text for t in svg.iter("{http://www.w3.org/2000/svg}title")}
    assert set(sub) <= titles
    assert export(sub, fmt="png").startswith(b"\x89PNG")


@pytest.mark.parametrize("fmt", ["ttl", "jsonld"])
def test_rdf_formats_carry_the_statements_behind_the_subgraph(
    graph: Graph, sub: nx.MultiDiGraph, fmt: str
) -> None:
    back = Graph().parse(
        data=export(sub, fmt=fmt, graph=graph), format={"ttl": "turtle", "jsonld": "json-ld"}[fmt]
    )
    m = NAD["m-Na3SbS4-ionic-conductivity-table1"]
    assert (m, NAIF.ofMaterial, NAD["Na3SbS4"]) in back
    for _, predicate, _ in graph.triples((m, None, None)):
        assert any(back.triples((m, predicate, None))), predicate
    assert (NAD["obs-Na-Na3SbS4-176"], NAIF.hasDecompositionProduct, NAD["Na3Sb"]) in back


def test_family_selection(g: nx.MultiDiGraph) -> None:
    sub = by_family(g, "naif:SelenideElectrolyte", depth=0)
    members = {n for n, d in sub.nodes(data=True) if d["kind"] == "electrolyte"}
    assert {"nad:Na3PSe4", "nad:Na3SbSe4", "nad:Na11Sn2PSe12"} <= members
    assert "nad:Na3PS4" not in members
    with pytest.raises(InputError, match="not an electrolyte family"):
        by_family(g, "nad:Na3SbS4")


def test_query_selection(g: nx.MultiDiGraph, graph: Graph) -> None:
    result = run(graph, "SELECT ?e WHERE { ?e a naif:NasiconElectrolyte }")
    sub = by_query(g, None, [t for row in result.rows for t in row])
    assert set(sub) == {graph.namespace_manager.normalizeUri(r[0]) for r in result.rows}
    with pytest.raises(InputError, match="names no entity"):
        by_query(g, None, [])


def test_unknown_format_is_a_usage_error(sub: nx.MultiDiGraph) -> None:
    with pytest.raises(UsageError, match="unknown format"):
        export(sub, fmt="xlsx")


def test_cli_export_writes_each_format(tmp_path: Path) -> None:
    for fmt in ("graphml", "gexf", "cyjs", "dot", "ttl", "jsonld"):
        out = tmp_path / f"x.{fmt}"
        proc = run_kg(
            "export", "--focus", "Na3SbS4", "--depth", "1", "--format", fmt, "-o", str(out)
        )
        assert proc.returncode == 0, proc.stderr
        assert out.stat().st_size > 500, fmt
    back = nx.read_graphml(tmp_path / "x.graphml", force_multigraph=True)
    assert "nad:Na3Sb" in back and back.nodes["nad:Na3SbS4"]["kind"] == "electrolyte"
    proc = run_kg("export", "--family", "selenides", "--depth", "0", "--format", "cyjs")
    assert proc.returncode == 0 and "Na3PSe4" in proc.stdout
    proc = run_kg(
        "export",
        "--query",
        "cq-05",
        "--param",
        "family=naif:NasiconElectrolyte",
        "--format",
        "cyjs",
    )
    assert proc.returncode == 0 and "Na3Zr2Si2PO12" in proc.stdout, proc.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "graphml"], "exactly one of --focus, --family, --query"),
        (["--focus", "Na3SbS4", "--family", "NASICON"], "exactly one of"),
        (["--focus", "Na3SbS5"], "no entity named 'Na3SbS5'"),
        (["--family", "Na3SbS4"], "not an electrolyte family"),
        (["--focus", "Na3SbS4", "--format", "png"], "give -o FILE"),
        (["--query", "cq-99"], "no competency question 'cq-99'"),
    ],
)
def test_cli_export_errors_leave_the_output_alone(
    tmp_path: Path, args: list[str], message: str
) -> None:
    out = tmp_path / "keep.graphml"
    out.write_text("old")
    extra = [] if "png" in args else ["-o", str(out)]
    proc = run_kg("export", *args, *extra)
    assert proc.returncode == 2
    assert message in proc.stderr and proc.stderr.count("\n") == 1, proc.stderr
    assert out.read_text() == "old"


def test_progress_bar_draws_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from kg.export import progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    monkeypatch.setattr("sys.stderr", screen)
    assert list(progress(range(4), label="export", total=4)) == [0, 1, 2, 3]
    assert "export [" in screen.getvalue() and "4/4" in screen.getvalue()
    piped = io.StringIO()
    monkeypatch.setattr("sys.stderr", piped)
    assert list(progress(range(2), label="export", total=2)) == [0, 1]
    assert piped.getvalue() == ""


def test_a_construct_query_chooses_the_subgraph(tmp_path: Path) -> None:
    query = tmp_path / "products.rq"
    query.write_text(
        "CONSTRUCT { ?e naif:hasDecompositionProduct ?p } WHERE {\n"
        "  ?o naif:ofInterface/naif:hasElectrolyte ?e ; naif:hasDecompositionProduct ?p }\n"
    )
    proc = run_kg("export", "--query", str(query), "--format", "cyjs")
    assert proc.returncode == 0, proc.stderr
    names = {n["data"]["id"] for n in json.loads(proc.stdout)["elements"]["nodes"]}
    assert {"nad:Na3SbS4", "nad:Na3Sb", "nad:Na3PS4", "nad:Na3P"} <= names
    assert "nad:beta-Al2O3" not in names  # no reaction products


def test_inferred_export_carries_the_verdicts(graph: Graph) -> None:
    from kg.rules import with_inferred

    g = to_networkx(with_inferred(graph))
    verdicts = [n for n, d in g.nodes(data=True) if d["kind"] == "inference"]
    assert verdicts
    (monroe,) = [
        n
        for n in verdicts
        if n.startswith("rule:monroe-criterion/") and g.has_edge(n, "nad:beta-Al2O3")
    ]
    # Table 1: beta-Al2O3 shear modulus 35 GPa [154], above 2 x 3.3 GPa
    assert g.nodes[monroe]["outcome"] == "satisfied"
    assert g.nodes[monroe]["label"] == "Monroe criterion: satisfied"
    assert "35 GPa" in g.nodes[monroe]["description"]
