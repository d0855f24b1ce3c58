"""``kg validate --changed``: new facts checked against the compiled graph, not the whole graph."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import run_kg

from kg.errors import InputError
from kg.load import load
from kg.validate import validate, validate_changes

ROOT = Path(__file__).resolve().parent.parent

PREFIXES = """\
@prefix naif: <https://w3id.org/naif/ontology#> .
@prefix nad: <https://w3id.org/naif/data/> .
@prefix ref: <https://w3id.org/naif/ref/> .
@prefix qudt: <http://qudt.org/schema/qudt/> .
@prefix unit: <http://qudt.org/vocab/unit/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""

#: A new paper's measurement, complete by the shapes (cites a reference already in the graph).
GOOD = (
    PREFIXES
    + """
nad:m-new-paper-1 a naif:Measurement ;
    naif:ofMaterial nad:Na3SbS4 ;
    naif:propertyKind naif:IonicConductivity ;
    qudt:numericValue 2.0e-3 ;
    qudt:unit unit:S-PER-CentiM ;
    naif:evidence naif:Experimental ;
    naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Wang2016-183 .
"""
)


@pytest.fixture(autouse=True)
def _cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_CACHE", str(tmp_path_factory.getbasetemp() / "kg-cache-changes"))


@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "graph_data").glob("*.ttl")))
def test_every_curated_file_passes_as_a_change(name: str) -> None:
    report = validate_changes([ROOT / "graph_data" / name], root=ROOT)
    assert report.conforms, report.text()


def test_a_complete_new_measurement_conforms(tmp_path: Path) -> None:
    paper = tmp_path / "paper.ttl"
    paper.write_text(GOOD, encoding="utf-8")
    assert validate_changes([paper], root=ROOT).conforms


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        ("    qudt:unit unit:S-PER-CentiM ;\n", "needs a qudt:unit"),
        ("ref:Wang2016-183", "not in references.bib"),
        ("    naif:evidence naif:Experimental ;\n", "naif:evidence"),
        ("nad:Na3SbS4", "naif:ofMaterial"),
    ],
    ids=["no-unit", "missing-reference", "no-evidence", "material-not-a-material"],
)
def test_a_defect_in_the_change_is_found(tmp_path: Path, edit: str, expected: str) -> None:
    replacement = {
        "ref:Wang2016-183": "ref:Nobody2031-999",
        "nad:Na3SbS4": "naif:SodiumSystem",
    }.get(edit, "")
    paper = tmp_path / "paper.ttl"
    paper.write_text(GOOD.replace(edit, replacement, 1), encoding="utf-8")
    report = validate_changes([paper], root=ROOT)
    assert not report.conforms
    text = report.text()
    assert expected in text and "nad:m-new-paper-1" in text, text
    assert all(f.file == paper.as_posix() for f in report.violations)


def test_a_new_reference_reusing_a_citation_number_is_found(tmp_path: Path) -> None:
    bib = tmp_path / "new.bib"
    bib.write_text(
        "@article{Newcomer2031-183,\n  author = {A. Newcomer},\n  journal = {J. Test},\n"
        "  year = {2031},\n  citationnumber = {183},\n}\n",
        encoding="utf-8",
    )
    report = validate_changes([bib], root=ROOT)
    assert not report.conforms
    assert "citation-number-duplicate" in report.text(), report.text()


def test_changed_finds_what_full_validation_finds(project_copy: Path) -> None:
    data = project_copy / "graph_data" / "materials.ttl"
    text = data.read_text(encoding="utf-8")
    broken = text.replace("naif:chemicalSystem naif:SodiumSystem", "naif:chemicalSystem 7", 1)
    assert broken != text
    data.write_text(broken, encoding="utf-8")
    full = {(f.focus, f.message) for f in validate(load(project_copy)).violations}
    changed = {(f.focus, f.message) for f in validate_changes([data], root=project_copy).violations}
    assert full and full == changed


def test_cli_exit_codes_and_one_line_errors(tmp_path: Path) -> None:
    env = {"KG_CACHE": str(tmp_path / "cache")}
    paper = tmp_path / "paper.ttl"
    paper.write_text(GOOD, encoding="utf-8")
    assert run_kg("validate", "--changed", str(paper), env=env).returncode == 0
    paper.write_text(GOOD.replace("    qudt:unit unit:S-PER-CentiM ;\n", ""), encoding="utf-8")
    proc = run_kg("validate", "--changed", str(paper), "--format", "json", env=env)
    assert proc.returncode == 1 and '"conforms": false' in proc.stdout
    paper.write_text(GOOD + "nad:x naif:p .\n", encoding="utf-8")
    proc = run_kg("validate", "--changed", str(paper), env=env)
    lines = GOOD.count("\n") + 1
    assert proc.returncode == 2 and f"paper.ttl:{lines}" in proc.stderr, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    with pytest.raises(InputError, match=r"missing\.ttl"):
        validate_changes([tmp_path / "missing.ttl"], root=ROOT)
