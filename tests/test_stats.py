"""The stats queries (queries/stats/*.rq) against counts made independently in Python."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from kg.namespaces import NAIF
from kg.stats import compute_stats


def _instances(graph: Graph, cls: URIRef) -> set[URIRef]:
    classes = set(graph.transitive_subjects(RDFS.subClassOf, cls))
    return {s for c in classes for s in graph.subjects(RDF.type, c)}  # type: ignore[misc]


def test_instances_per_class_match_a_python_count(graph: Graph) -> None:
    stats = compute_stats(graph)
    for cls in (NAIF.SolidElectrolyte, NAIF.Measurement, NAIF.RemedyApplication, NAIF.Reference):
        qname = graph.namespace_manager.normalizeUri(cls)
        assert stats.classes[qname] == len(_instances(graph, cls)), qname
    assert stats.classes["naif:ChemicalElement"] == 118


def test_reference_usage_matches_a_python_count(graph: Graph) -> None:
    stats = compute_stats(graph)
    refs = _instances(graph, NAIF.Reference)
    cited = {r for r in refs if any(graph.subjects(DCTERMS.source, r))}
    assert len(stats.references) == len(refs) == 264
    assert len(stats.cited) == len(cited)


def test_facts_per_family_counts_chalcogenide_facts(graph: Graph) -> None:
    stats = compute_stats(graph)
    chalcogenide = {
        k: v for k, v in stats.families.items() if k[0] == "naif:ChalcogenideElectrolyte"
    }
    members = _instances(graph, NAIF.ChalcogenideElectrolyte)
    facts = {
        m
        for m in graph.subjects(NAIF.ofMaterial, None)
        if graph.value(m, NAIF.ofMaterial) in members
    }
    families = set(graph.transitive_subjects(RDFS.subClassOf, NAIF.ChalcogenideElectrolyte))
    facts |= {f for fam in families for f in graph.subjects(NAIF.ofFamily, fam)}
    facts |= {
        o
        for o in graph.subjects(NAIF.ofInterface, None)
        if graph.value(graph.value(o, NAIF.ofInterface), NAIF.hasElectrolyte) in members
    }
    facts |= {
        f
        for f in graph.subjects(NAIF.ofElectrolyte, None)
        if graph.value(f, NAIF.ofElectrolyte) in members
    }
    facts |= {
        r for r in graph.subjects(NAIF.appliedTo, None) if graph.value(r, NAIF.appliedTo) in members
    }
    facts |= {s for m in members for s in graph.objects(m, NAIF.hasSubstitution)}
    assert sum(chalcogenide.values()) == len(facts)
    assert len(facts) > 10


def test_every_counted_fact_has_a_chemical_system(graph: Graph) -> None:
    stats = compute_stats(graph)
    assert all(system != "-" for (_, system), n in stats.families.items() if n > 0)
