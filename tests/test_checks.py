"""Each ``queries/checks/*-violation.rq`` returns no rows on main and rows on a broken graph."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from kg.namespaces import bind_prefixes
from kg.paths import Layout
from kg.query import read_query, select

ROOT = Path(__file__).resolve().parent.parent
CHECKS = sorted((ROOT / "queries" / "checks").glob("*-violation.rq"))

PREFIXES = """
@prefix naif: <https://w3id.org/naif/ontology#> .
@prefix nad: <https://w3id.org/naif/data/> .
@prefix ref: <https://w3id.org/naif/ref/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
"""

#: For each check: a small graph that breaks it, and the focus nodes it must report.
BROKEN = {
    "cited-reference-missing-violation.rq": (
        "ref:Known a naif:Reference . nad:f1 dcterms:source ref:Known, ref:Unknown .",
        {"https://w3id.org/naif/data/f1"},
    ),
    "evidence-method-mismatch-violation.rq": (
        "naif:DFT a naif:ComputationalMethod . naif:XPS a naif:ExperimentalTechnique ."
        "nad:f1 naif:evidence naif:Experimental ; naif:method naif:DFT ."
        "nad:f2 naif:evidence naif:Computed ; naif:observedBy naif:XPS ."
        "nad:ok naif:evidence naif:Computed ; naif:method naif:DFT .",
        {"https://w3id.org/naif/data/f1", "https://w3id.org/naif/data/f2"},
    ),
    "chemical-system-mismatch-violation.rq": (
        "nad:e naif:chemicalSystem naif:SodiumSystem ."
        "nad:f1 naif:ofMaterial nad:e ; naif:chemicalSystem naif:LithiumSystem ."
        "nad:ok naif:ofMaterial nad:e ; naif:chemicalSystem naif:SodiumSystem .",
        {"https://w3id.org/naif/data/f1"},
    ),
    "reaction-contradiction-violation.rq": (
        "nad:f1 naif:reactionObserved false ; naif:hasDecompositionProduct nad:Na2S ."
        "nad:ok1 naif:reactionObserved false ."
        "nad:ok2 naif:reactionObserved true ; naif:hasDecompositionProduct nad:Na2S .",
        {"https://w3id.org/naif/data/f1"},
    ),
    "citation-number-duplicate-violation.rq": (
        "ref:a naif:citationNumber 5 . ref:b naif:citationNumber 5 . ref:c naif:citationNumber 6 .",
        {"https://w3id.org/naif/ref/a"},
    ),
}


def test_every_check_has_a_broken_example() -> None:
    assert {p.name for p in CHECKS} == set(BROKEN)


@pytest.mark.parametrize("check", CHECKS, ids=lambda p: p.stem)
def test_check_returns_no_rows_on_main(check: Path, graph: Graph) -> None:
    assert select(graph, read_query(check)) == []


@pytest.mark.parametrize("check", CHECKS, ids=lambda p: p.stem)
def test_check_reports_the_broken_nodes(check: Path, lay: Layout) -> None:
    data, expected = BROKEN[check.name]
    g = bind_prefixes(Graph()).parse(data=PREFIXES + data, format="turtle")
    rows = select(g, read_query(check))
    focus = {str(next(iter(row.values()))) for row in rows}
    assert focus == expected
