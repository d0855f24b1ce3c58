"""kg neighbors / path / hubs: resolution by name, neighbourhoods, cited chains, centrality."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from helpers import run_kg
from rdflib import Graph

from kg.errors import InputError, UsageError
from kg.network import to_networkx
from kg.traverse import hubs, neighbors, paths, resolve


@pytest.fixture(scope="module")
def g(graph: Graph) -> nx.MultiDiGraph:
    return to_networkx(graph)


@pytest.mark.parametrize(
    ("term", "key"),
    [
        ("Na3SbS4", "nad:Na3SbS4"),
        ("Na₃SbS₄", "nad:Na3SbS4"),
        ("NZSP", "nad:Na3Zr2Si2PO12"),
        ("nad:Na3PS4", "nad:Na3PS4"),
        ("<https://w3id.org/naif/data/Na3PS4>", "nad:Na3PS4"),
        ("sulfides", "naif:SulfideElectrolyte"),
        ("Partial hydration of the Na3SbS4 surface", "nad:remedy-hydration-Na3SbS4-118"),
        ("Wu2018-176", "ref:Wu2018-176"),
    ],
)
def test_terms_resolve_like_kg_ask(g: nx.MultiDiGraph, graph: Graph, term: str, key: str) -> None:
    assert resolve(g, term, graph=graph) == key


@pytest.mark.parametrize("term", ["", "Na3SbS5", "zzzz-nothing"])
def test_unknown_terms_are_refused_by_name(g: nx.MultiDiGraph, graph: Graph, term: str) -> None:
    with pytest.raises(InputError, match=r"names nothing|no entity named"):
        resolve(g, term, graph=graph)


def test_neighbourhood_of_na3sbs4(g: nx.MultiDiGraph) -> None:
    # review: Na3SbS4 reacts to Na3Sb and Na2S (MCI) [176]; hydration [118] and CPEO [252]
    sub = neighbors(g, "nad:Na3SbS4", kinds=["phase", "remedy", "interphase type"])
    assert set(sub) == {
        "nad:Na3SbS4",
        "nad:Na3Sb",
        "nad:Na2S",
        "naif:MixedConductingInterphase",
        "nad:remedy-hydration-Na3SbS4-118",
        "nad:remedy-CPEO-interlayer-Na3SbS4-252",
    }
    assert set(neighbors(g, "nad:Na3SbS4", depth=0)) == {"nad:Na3SbS4"}
    deeper = neighbors(g, "nad:Na3SbS4", depth=2)
    assert set(neighbors(g, "nad:Na3SbS4", depth=1)) < set(deeper)


def test_neighbors_refuses_bad_options(g: nx.MultiDiGraph) -> None:
    with pytest.raises(UsageError, match="depth"):
        neighbors(g, "nad:Na3SbS4", depth=-1)
    with pytest.raises(UsageError, match="unknown node kind 'phases'"):
        neighbors(g, "nad:Na3SbS4", kinds=["phases"])


def test_a_path_is_a_chain_of_cited_statements(g: nx.MultiDiGraph) -> None:
    chains = paths(g, "nad:Na3P", "nad:remedy-hydration-Na3SbS4-118")
    assert chains and all(len(c) == len(chains[0]) for c in chains[:1])
    assert [len(c) for c in chains] == sorted(len(c) for c in chains)
    for chain in chains:
        nodes = [chain[0].source if chain[0].forward else chain[0].target]
        for step in chain:
            here = step.source if step.forward else step.target
            there = step.target if step.forward else step.source
            assert here == nodes[-1]
            nodes.append(there)
            assert g.has_edge(step.source, step.target)
            assert step.citations, step
        assert nodes[0] == "nad:Na3P" and nodes[-1] == "nad:remedy-hydration-Na3SbS4-118"
        # no hop through a shared reference, technique or property kind
        assert not any(g.nodes[n]["kind"] in ("reference", "method") for n in nodes)


def test_no_path_is_an_input_error(g: nx.MultiDiGraph) -> None:
    lonely = nx.MultiDiGraph(g)
    lonely.add_node("x:alone", label="alone", kind="phase", iri="urn:x")
    with pytest.raises(InputError, match="no chain"):
        paths(lonely, "nad:Na3SbS4", "x:alone")


def test_hubs_rank_by_centrality(g: nx.MultiDiGraph) -> None:
    ranked = hubs(g, kinds=["electrolyte"], top=5)
    degrees = {n: g.degree(n) for n, d in g.nodes(data=True) if d["kind"] == "electrolyte"}
    best = max(degrees.values())
    assert g.degree(ranked[0][0]) == best
    assert [s for _, s in ranked] == sorted((s for _, s in ranked), reverse=True)
    refs = hubs(g, kinds=["reference"], top=1, measure="closeness")
    assert g.nodes[refs[0][0]]["kind"] == "reference"
    with pytest.raises(UsageError):
        hubs(g, measure="pagerank")


def test_cli_neighbors_path_hubs() -> None:
    proc = run_kg("neighbors", "Na3SbS4", "--types", "phase", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    payload = json.loads(proc.stdout)
    assert {n["id"] for n in payload["nodes"]} == {"nad:Na3SbS4", "nad:Na3Sb", "nad:Na2S"}
    proc = run_kg("path", "Na3SbS4", "Na3Sb")
    assert proc.returncode == 0 and "has decomposition product" in proc.stdout
    assert "Wu2018-176" in proc.stdout
    proc = run_kg("hubs", "--types", "electrolyte", "--top", "3", "--format", "json")
    assert proc.returncode == 0 and len(json.loads(proc.stdout)) == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["neighbors", "Na3SbS5"], "no entity named 'Na3SbS5'"),
        (["neighbors", "Na3SbS4", "--depth", "-2"], "--depth must be 0 or more"),
        (["path", "Na3SbS4"], "the following arguments are required"),
        (["hubs", "--top", "0"], "--top must be 1 or more"),
    ],
)
def test_cli_errors_are_one_line(args: list[str], message: str) -> None:
    proc = run_kg(*args)
    assert proc.returncode == 2
    assert message in proc.stderr and proc.stderr.count("\n") == 1, proc.stderr
