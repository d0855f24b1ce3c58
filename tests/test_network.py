"""The networkx view: entities as nodes, literals as attributes, folded or faithful."""

from __future__ import annotations

import networkx as nx
import pytest
from rdflib import Graph
from rdflib.namespace import RDF, RDFS

from kg.namespaces import NAD, NAIF
from kg.network import to_networkx


@pytest.fixture(scope="module")
def folded(graph: Graph) -> nx.MultiDiGraph:
    return to_networkx(graph)


@pytest.fixture(scope="module")
def faithful(graph: Graph) -> nx.MultiDiGraph:
    return to_networkx(graph, fold=False)


def test_literals_are_attributes_never_nodes(faithful: nx.MultiDiGraph) -> None:
    for _, data in faithful.nodes(data=True):
        assert data["iri"].startswith("http"), data
    for _, _, data in faithful.edges(data=True):
        assert data["predicate"] and data["label"]


def test_every_curated_electrolyte_is_a_node_with_its_formula_and_family(
    graph: Graph, folded: nx.MultiDiGraph
) -> None:
    families = set(graph.transitive_subjects(RDFS.subClassOf, NAIF.SolidElectrolyte))
    electrolytes = {
        s
        for f in families
        for s in graph.subjects(RDF.type, f)
        if (s, NAIF.chemicalSystem, NAIF.SodiumSystem) in graph
    }
    assert electrolytes
    for e in electrolytes:
        key = graph.namespace_manager.normalizeUri(e)
        assert folded.nodes[key]["kind"] == "electrolyte", key
        assert folded.nodes[key]["formula"] == str(graph.value(e, NAIF.formula))
        assert folded.nodes[key]["family"], key


def test_folding_turns_measurements_into_attributes_with_units_and_sources(
    graph: Graph, folded: nx.MultiDiGraph, faithful: nx.MultiDiGraph
) -> None:
    m = NAD["m-Na3SbS4-ionic-conductivity-table1"]
    key = "nad:m-Na3SbS4-ionic-conductivity-table1"
    assert key not in folded and key in faithful
    assert (m, NAIF.ofMaterial, NAD["Na3SbS4"]) in graph
    text = folded.nodes["nad:Na3SbS4"]["ionic conductivity"]
    # Table 1: 1.05e-3 S/cm at 25 °C, row references [183, 184]
    assert "0.00105 S/cm at 25 °C" in text and "Wang2016-183" in text
    assert faithful.nodes[key]["value"] == pytest.approx(1.05e-3)
    assert faithful.nodes[key]["unit"] == "siemens per centimetre"
    assert faithful.has_edge(key, "nad:Na3SbS4")


def test_folding_links_an_electrolyte_to_its_products_and_interphase_type(
    folded: nx.MultiDiGraph, faithful: nx.MultiDiGraph
) -> None:
    # review [176]: Na3SbS4 + Na -> Na3Sb + Na2S, a mixed conducting interphase
    for target, predicate in (
        ("nad:Na3Sb", "naif:hasDecompositionProduct"),
        ("nad:Na2S", "naif:hasDecompositionProduct"),
        ("naif:MixedConductingInterphase", "naif:interphaseType"),
    ):
        edges = folded.get_edge_data("nad:Na3SbS4", target)
        assert edges, target
        (data,) = [d for d in edges.values() if d["predicate"] == predicate]
        assert data["citations"] == "[176] Wu2018-176"
        assert data["via"] == "nad:obs-Na-Na3SbS4-176"
    # the faithful view keeps the observation between them
    assert not faithful.has_edge("nad:Na3SbS4", "nad:Na3Sb")
    assert faithful.has_edge("nad:obs-Na-Na3SbS4-176", "nad:Na3Sb")


def test_families_and_remedy_links(folded: nx.MultiDiGraph) -> None:
    assert folded.nodes["naif:SulfideElectrolyte"]["kind"] == "family"
    assert folded.has_edge("nad:Na3SbS4", "naif:SulfideElectrolyte")
    assert folded.has_edge("naif:SulfideElectrolyte", "naif:ChalcogenideElectrolyte")
    assert folded.has_edge("nad:remedy-hydration-Na3SbS4-118", "nad:Na3SbS4")
    assert folded.nodes["nad:remedy-hydration-Na3SbS4-118"]["kind"] == "remedy"
    assert folded.nodes["ref:Tian2019-118"]["kind"] == "reference"


def test_attribute_values_are_plain_strings_or_numbers(faithful: nx.MultiDiGraph) -> None:
    for _, data in faithful.nodes(data=True):
        assert all(isinstance(v, str | int | float) for v in data.values()), data
