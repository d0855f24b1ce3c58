"""SPARQL-based constraints run set-based give exactly pySHACL's per-focus-node findings."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.namespace import SH

from kg.load import LoadedGraph, load_files
from kg.paths import Layout
from kg.query import select
from kg.sparqlshapes import sparql_constraints, strip
from kg.validate import _shacl_findings, store_runner, validate

DATA = Path(__file__).parent / "data"
FIXTURES = sorted((DATA / "valid").glob("*.ttl")) + sorted((DATA / "invalid").glob("*.ttl"))

EX = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <urn:ex:> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:decl sh:declare [ sh:prefix "ex" ; sh:namespace "urn:ex:"^^xsd:anyURI ] .
"""


def _store(graph: Graph) -> ox.Store:
    store = ox.Store()
    store.load(graph.serialize(format="nt"), format=ox.RdfFormat.N_TRIPLES)
    return store


def _rdflib_runner(graph: Graph):  # type: ignore[no-untyped-def]
    return lambda query, source: select(graph, query, source=source)


def _three_ways(loaded: LoadedGraph, shapes: Graph) -> tuple[Counter, Counter, Counter]:  # type: ignore[type-arg]
    per_node = Counter(_shacl_findings(loaded, shapes))
    on_rdflib = Counter(_shacl_findings(loaded, shapes, run=_rdflib_runner(loaded.graph)))
    on_store = Counter(_shacl_findings(loaded, shapes, run=store_runner(_store(loaded.graph))))
    return per_node, on_rdflib, on_store


def test_every_project_constraint_runs_set_based(shapes: Graph) -> None:
    assert len(sparql_constraints(shapes)) == len(set(shapes.objects(None, SH.sparql)))
    assert not set(strip(shapes, sparql_constraints(shapes)).objects(None, SH.sparql))


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: f"{p.parent.name}-{p.stem}")
def test_fixture_findings_equal_pyshacl(lay: Layout, shapes: Graph, fixture: Path) -> None:
    loaded = load_files([*lay.ontology_files(), fixture], root=lay.root)
    per_node, on_rdflib, on_store = _three_ways(loaded, shapes)
    assert on_rdflib == per_node
    assert on_store == per_node


def test_curated_graph_findings_equal_pyshacl(lay: Layout, shapes: Graph) -> None:
    from kg.load import load

    loaded = load(lay.root)
    # one broken electrolyte (no family, unit not allowed) and one implausible value
    extra = Graph().parse(
        format="turtle",
        data="""
        @prefix naif: <https://w3id.org/naif/ontology#> .
        @prefix qudt: <http://qudt.org/schema/qudt/> .
        @prefix unit: <http://qudt.org/vocab/unit/> .
        <urn:x:e> a naif:SolidElectrolyte ; naif:electronicCharacter naif:Insulating .
        <urn:x:m> a naif:Measurement ; naif:propertyKind naif:IonicConductivity ;
            qudt:unit unit:EV ; qudt:numericValue 1.0e9 .
        """,
    )
    for triple in extra:  # LoadedGraph is frozen; its graph is not
        loaded.graph.add(triple)
    per_node, on_rdflib, on_store = _three_ways(loaded, shapes)
    messages = " | ".join(f.message for f in per_node)
    # the additions trip SPARQL-based constraints, the ones run set-based
    assert "needs exactly one family" in messages and "is not allowed for" in messages, messages
    assert on_rdflib == per_node
    assert on_store == per_node


def _shapes(text: str) -> Graph:
    return Graph().parse(data=EX + text, format="turtle")


NO_Q = "SELECT $this ?x WHERE { BIND (1 AS ?x) FILTER NOT EXISTS { $this ex:q ?y } }"
DATA_GRAPH = """
@prefix ex: <urn:ex:> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:Sub rdfs:subClassOf ex:C .
ex:a a ex:C , ex:Sub .
ex:b a ex:Sub ; ex:p ex:a .
ex:c ex:p ex:b , ex:a .
"""


@pytest.mark.parametrize(
    "target",
    [
        "sh:targetClass ex:C",
        "sh:targetNode ex:a, ex:c",
        "sh:targetSubjectsOf ex:p",
        "sh:targetObjectsOf ex:p",
        "sh:targetClass ex:Sub ; sh:targetNode ex:c",
    ],
)
def test_targets_equal_pyshacl(target: str) -> None:
    shapes = _shapes(
        f"""
        ex:S a sh:NodeShape ; {target} ;
            sh:sparql [ sh:prefixes ex:decl ; sh:message "{{$this}} has no ex:q ({{?x}})" ;
                sh:select "{NO_Q}" ] .
        """
    )
    assert len(sparql_constraints(shapes)) == 1
    graph = Graph().parse(data=DATA_GRAPH, format="turtle")
    loaded = LoadedGraph(graph=graph, origins={}, files=(), root=Path("."))
    per_node, on_rdflib, on_store = _three_ways(loaded, shapes)
    assert per_node
    assert on_rdflib == per_node
    assert on_store == per_node


@pytest.mark.parametrize(
    ("head", "constraint"),
    [
        # a property shape's $PATH
        (
            "a sh:PropertyShape ; sh:targetClass ex:C ; sh:path ex:p",
            '"SELECT $this WHERE { $this $PATH ?v }"',
        ),
        # the query does not project $this
        ("a sh:NodeShape ; sh:targetClass ex:C", '"SELECT ?v WHERE { $this ex:p ?v }"'),
        # no target a set-based query can express
        ("a sh:NodeShape", '"SELECT $this WHERE { $this ex:p ?v }"'),
        # switched off
        ("a sh:NodeShape ; sh:targetClass ex:C", '"SELECT $this WHERE { }" ; sh:deactivated true'),
        # a pre-bound variable other than $this
        ("a sh:NodeShape ; sh:targetClass ex:C", '"SELECT $this WHERE { $currentShape ?p ?o }"'),
    ],
)
def test_what_is_not_translated_is_left_to_pyshacl(head: str, constraint: str) -> None:
    shapes = _shapes(f"ex:S {head} ; sh:sparql [ sh:select {constraint} ] .")
    assert sparql_constraints(shapes) == []
    assert set(strip(shapes, []).objects(None, SH.sparql)) == set(shapes.objects(None, SH.sparql))


def test_validate_on_store_equals_validate_in_memory(lay: Layout, shapes: Graph) -> None:
    fixture = DATA / "invalid" / "MethodShape-generic-method.ttl"
    loaded = load_files([*lay.ontology_files(), fixture], root=lay.root)
    checks = sorted(lay.checks.glob("*-violation.rq"))
    in_memory = validate(loaded, shapes=shapes, checks=checks)
    on_store = validate(loaded, shapes=shapes, checks=checks, store=_store(loaded.graph))
    assert not in_memory.conforms
    assert on_store == in_memory
