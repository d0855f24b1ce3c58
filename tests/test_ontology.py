"""Design rules over the ontology modules, the shapes and every Turtle file."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

import kg
from kg.load import parse_turtle
from kg.namespaces import NAIF
from kg.paths import Layout

ROOT = Path(__file__).resolve().parent.parent
ALL_TTL = sorted(
    p for folder in ("ontology", "graph_data", "tests/data") for p in (ROOT / folder).rglob("*.ttl")
)
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


@pytest.fixture(scope="module")
def ontology(lay: Layout) -> Graph:
    graph = Graph()
    for path in lay.ontology_files():
        parse_turtle(path, graph=graph)
    return graph


def _naif_terms(graph: Graph) -> set[URIRef]:
    return {
        s
        for t in TERM_TYPES
        for s in graph.subjects(RDF.type, t)
        if isinstance(s, URIRef) and s.startswith(str(NAIF))
    }


@pytest.mark.parametrize("path", ALL_TTL, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_turtle_file_parses(path: Path) -> None:
    assert len(parse_turtle(path)) > 0


def test_naif_terms_exist(ontology: Graph) -> None:
    terms = _naif_terms(ontology)
    assert NAIF.Measurement in terms and NAIF.hasDecompositionProduct in terms
    assert len(terms) > 80


def test_every_class_and_property_has_label_and_definition(ontology: Graph) -> None:
    missing = [
        t
        for t in _naif_terms(ontology)
        if ontology.value(t, RDFS.label) is None or ontology.value(t, SKOS.definition) is None
    ]
    assert not missing, f"terms without label or definition: {sorted(missing)}"


def test_every_vocabulary_individual_has_label_and_definition(ontology: Graph) -> None:
    missing = [
        s
        for s in ontology.subjects(RDF.type, OWL.NamedIndividual)
        if ontology.value(s, RDFS.label) is None or ontology.value(s, SKOS.definition) is None
    ]
    assert not missing, sorted(missing)


def test_every_shape_targets_an_existing_class(ontology: Graph, shapes: Graph) -> None:
    targets = set(shapes.objects(None, SH.targetClass))
    assert targets, "no sh:targetClass at all"
    declared = set(ontology.subjects(RDF.type, OWL.Class))
    assert not (targets - declared), f"shapes target undeclared classes: {targets - declared}"


def test_every_naif_class_has_a_shape(ontology: Graph, shapes: Graph) -> None:
    """Every node type has a shape: each class is targeted itself or through a superclass."""
    targets = set(shapes.objects(None, SH.targetClass))
    naif_classes = {c for c in _naif_terms(ontology) if (c, RDF.type, OWL.Class) in ontology}
    uncovered = [
        c
        for c in naif_classes
        if not any(sup in targets for sup in ontology.transitive_objects(c, RDFS.subClassOf))
    ]
    assert not uncovered, f"classes with no shape: {sorted(uncovered)}"


def test_package_version_equals_ontology_version(ontology: Graph, shapes: Graph) -> None:
    header = URIRef("https://w3id.org/naif/ontology")
    assert str(ontology.value(header, OWL.versionInfo)) == kg.__version__
    assert str(ontology.value(header, OWL.versionIRI)).endswith("/" + kg.__version__)
    shapes_header = URIRef("https://w3id.org/naif/shapes")
    assert str(shapes.value(shapes_header, OWL.versionInfo)) == kg.__version__


def test_ontology_header_is_complete(ontology: Graph) -> None:
    header = URIRef("https://w3id.org/naif/ontology")
    needed = [
        "http://purl.org/dc/terms/license",
        "http://purl.org/vocab/vann/preferredNamespacePrefix",
    ]
    for prop in needed:
        assert ontology.value(header, URIRef(prop)) is not None, prop


def test_no_owl_imports_anywhere(ontology: Graph, graph: Graph) -> None:
    assert not list(ontology.objects(None, OWL.imports))
    assert not list(graph.objects(None, OWL.imports))


def test_every_family_class_is_below_solid_electrolyte(ontology: Graph) -> None:
    families = {
        NAIF.BetaAlumina,
        NAIF.BetaDoublePrimeAlumina,
        NAIF.NasiconElectrolyte,
        NAIF.SulfideElectrolyte,
        NAIF.SelenideElectrolyte,
        NAIF.MixedChalcogenideElectrolyte,
        NAIF.AluminohydrideElectrolyte,
        NAIF.ClosoBorateElectrolyte,
        NAIF.PerovskiteElectrolyte,
        NAIF.AntiperovskiteElectrolyte,
    }
    for family in families:
        assert NAIF.SolidElectrolyte in set(ontology.transitive_objects(family, RDFS.subClassOf))
