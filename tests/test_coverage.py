"""`kg coverage`: cited references, Table 1 cells and families, on hand-made and curated data."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import run_kg
from rdflib import Graph

from kg.coverage import compute_coverage
from kg.load import load_files
from kg.paths import Layout
from kg.query import select

ROOT = Path(__file__).resolve().parent.parent

SMALL = """
@prefix naif: <https://w3id.org/naif/ontology#> .
@prefix nad: <https://w3id.org/naif/data/> .
@prefix ref: <https://w3id.org/naif/ref/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix qudt: <http://qudt.org/schema/qudt/> .
@prefix unit: <http://qudt.org/vocab/unit/> .

ref:A2020-1 a naif:Reference ; naif:citationKey "A2020-1" ; naif:citationNumber 1 .
ref:B2020-2 a naif:Reference ; naif:citationKey "B2020-2" ; naif:citationNumber 2 .
nad:sec a naif:DocumentPart ; rdfs:label "Section" ; naif:coverageRequired true ;
    dcterms:references ref:A2020-1, ref:B2020-2 .
nad:tab a naif:DocumentPart ; rdfs:label "Table" .
nad:e a naif:SulfideElectrolyte .
nad:col-sigma a naif:TableColumn ; naif:columnProperty naif:IonicConductivity .
nad:col-pred a naif:TableColumn ; naif:columnProperty naif:ElectrochemicalStabilityWindow ;
    naif:columnEvidence naif:Computed .
nad:row a naif:TableRow ; naif:inTable nad:tab ; naif:rowNumber 1 ; naif:rowMaterial nad:e ;
    naif:filledColumn nad:col-sigma, nad:col-pred .
nad:m1 a naif:Measurement ; naif:statedIn nad:tab ; naif:ofMaterial nad:e ;
    naif:propertyKind naif:IonicConductivity ; dcterms:source ref:A2020-1 .
nad:m2 a naif:Measurement ; naif:statedIn nad:tab ; naif:ofMaterial nad:e ;
    naif:propertyKind naif:ElectrochemicalStabilityWindow ; naif:evidence naif:Experimental .
"""


def _small(lay: Layout, tmp_path: Path) -> Graph:
    path = tmp_path / "small.ttl"
    path.write_text(SMALL, encoding="utf-8")
    return load_files([*lay.ontology_files(), path], root=lay.root).graph


def test_uncited_reference_of_a_required_section_is_a_gap(lay: Layout, tmp_path: Path) -> None:
    report = compute_coverage(_small(lay, tmp_path))
    assert report.numbered_references == (1, 2)
    (section,) = [s for s in report.sections if s.label == "Section"]
    assert section.required
    assert section.uncovered == ["B2020-2"]
    assert "Section: cites B2020-2 but no fact cites it" in report.gaps


def test_cells_present_missing_and_unexpected(lay: Layout, tmp_path: Path) -> None:
    report = compute_coverage(_small(lay, tmp_path))
    state = {c.column: c.present for c in report.cells}
    assert state == {"nad:col-sigma": True, "nad:col-pred": False}
    # m2 is an experimental window: it matches no filled cell (the column is the predicted one)
    assert [fact for _, fact, _ in report.unexpected_cells] == ["nad:m2"]


def test_curated_graph_counts_all_references(graph: Graph) -> None:
    report = compute_coverage(graph)
    assert report.references_total == 264
    assert report.numbered_references == tuple(range(1, 264))
    assert report.missing_numbers == []
    labels = {s.label for s in report.sections if s.required}
    assert (
        "Interface stability" in labels
        and "Remedies: sodium alloying and other solutions" in labels
    )


def test_review_scope_is_fully_covered(graph: Graph) -> None:
    """Every reference cited from Interface stability through the remedies supports a fact,
    and every printed Table 1 cell has its fact (and no fact sits outside the layout)."""
    report = compute_coverage(graph)
    assert report.gaps == []
    assert len({(c.table, c.row) for c in report.cells}) >= 28


def test_coverage_command_json_and_check() -> None:
    proc = run_kg("coverage", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["references_total"] == 264
    assert {"sections", "table_rows", "table_cells", "facts_per_family", "gaps"} <= set(data)
    check = run_kg("coverage", "--check")
    assert check.returncode == (1 if data["gaps"] else 0)


def test_at_least_one_fact_test_per_ten_curated_facts(graph: Graph) -> None:
    import ast

    rows = select(
        graph,
        "SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE { ?f a/rdfs:subClassOf* ?c . "
        "FILTER (?c IN (naif:Measurement, naif:InterfaceObservation, naif:StabilityLimitFinding, "
        "naif:RemedyApplication, naif:Substitution, naif:Finding)) }",
    )
    facts = int(rows[0]["n"])
    files = [
        *sorted((ROOT / "tests").glob("test_curated_*.py")),
        ROOT / "tests" / "test_seed_facts.py",
    ]
    tests = sum(
        isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
        for path in files
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
    )
    assert facts > 400
    assert tests * 10 >= facts, f"{tests} fact tests for {facts} facts"
