"""The ``kg`` command: exit codes, one-line errors, stats, dump; run as a real process."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from helpers import run_kg, run_kg_bytes
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.load import LoadedGraph

ROOT = Path(__file__).resolve().parent.parent


def assert_one_line_error(proc: subprocess.CompletedProcess[str], *words: str) -> None:
    err = proc.stderr.strip()
    assert "Traceback" not in proc.stderr
    assert len(err.splitlines()) == 1, proc.stderr
    for word in words:
        assert word in err, err


def test_validate_passes_on_main() -> None:
    proc = run_kg("validate")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "conforms" in proc.stdout


def test_validate_json_report() -> None:
    proc = run_kg("validate", "--format", "json")
    report = json.loads(proc.stdout)
    assert report["conforms"] is True and report["violations"] == 0


def test_validate_exits_1_on_a_violation(project_copy: Path) -> None:
    extra = project_copy / "graph_data" / "zz-bad.ttl"
    extra.write_text(
        "@prefix naif: <https://w3id.org/naif/ontology#> .\n"
        "@prefix nad: <https://w3id.org/naif/data/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        'nad:NoFormula a naif:SulfideElectrolyte ; rdfs:label "x" .\n',
        encoding="utf-8",
    )
    proc = run_kg("validate", "--root", str(project_copy))
    assert proc.returncode == 1
    assert "graph_data/zz-bad.ttl  nad:NoFormula" in proc.stdout
    assert "naif:formula" in proc.stdout


def test_validate_engines_report_the_same_sparql_findings(
    project_copy: Path, tmp_path: Path
) -> None:
    # a SPARQL constraint (no family class), a SPARQL warning (implausible value) and a
    # check (the measurement's chemical system differs from its material's)
    (project_copy / "graph_data" / "zz-bad.ttl").write_text(
        "@prefix naif: <https://w3id.org/naif/ontology#> .\n"
        "@prefix nad: <https://w3id.org/naif/data/> .\n"
        "@prefix ref: <https://w3id.org/naif/ref/> .\n"
        "@prefix unit: <http://qudt.org/vocab/unit/> .\n"
        "@prefix dcterms: <http://purl.org/dc/terms/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix qudt: <http://qudt.org/schema/qudt/> .\n"
        'nad:Bare a naif:SolidElectrolyte ; rdfs:label "bare" ; naif:formula "Na3PS4" ;\n'
        "    naif:chemicalSystem naif:SodiumSystem ; dcterms:source ref:Su2020-147 .\n"
        "nad:m-bad a naif:Measurement ; naif:ofMaterial nad:Li10GeP2S12 ;\n"
        "    naif:propertyKind naif:IonicConductivity ; qudt:numericValue 1e9 ;\n"
        "    qudt:unit unit:S-PER-CentiM ; naif:evidence naif:Experimental ;\n"
        "    naif:chemicalSystem naif:SodiumSystem ; dcterms:source ref:Su2020-147 .\n",
        encoding="utf-8",
    )
    env = {"KG_CACHE": str(tmp_path / "cache")}
    default = run_kg("validate", "--root", str(project_copy), env=env)
    in_memory = run_kg("validate", "--root", str(project_copy), "--engine", "rdflib", env=env)
    assert default.returncode == in_memory.returncode == 1, default.stdout + default.stderr
    for words in ("needs exactly one family", "implausible value", "chemical system of the fact"):
        assert words in default.stdout, default.stdout
    assert default.stdout == in_memory.stdout


def test_validate_falls_back_to_rdflib_when_no_store_can_be_written(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    env = {"KG_CACHE": str(blocker / "cache")}
    proc = run_kg("validate", env=env)
    assert proc.returncode == 0, proc.stderr
    assert "running the checks with rdflib" in proc.stderr and "conforms" in proc.stdout
    proc = run_kg("validate", "--engine", "oxigraph", env=env)
    assert proc.returncode == 2 and "cannot write the compiled store" in proc.stderr


def test_validate_exits_2_on_malformed_turtle(project_copy: Path) -> None:
    bad = project_copy / "graph_data" / "materials.ttl"
    lines = bad.read_text(encoding="utf-8").splitlines()
    lines[20] = lines[20] + " ;;; <<"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = run_kg("validate", "--root", str(project_copy))
    assert proc.returncode == 2
    assert_one_line_error(proc, "graph_data/materials.ttl:", "Turtle")


def test_validate_exits_2_on_malformed_bibtex(project_copy: Path) -> None:
    bib = project_copy / "graph_data" / "references.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + "\n@article{Bad2020-1,\n  author = {A,\n")
    proc = run_kg("validate", "--root", str(project_copy))
    assert proc.returncode == 2
    assert_one_line_error(proc, "graph_data/references.bib:", "Bad2020-1")


def test_usage_errors_exit_2() -> None:
    proc = run_kg("no-such-command")
    assert proc.returncode == 2
    assert_one_line_error(proc, "kg: error")
    assert run_kg("dump", "--format", "xml").returncode == 2


def test_stats_json_reports_every_top_level_class() -> None:
    proc = run_kg("stats", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    stats = json.loads(proc.stdout)
    classes = stats["instances_per_class"]
    for cls in (
        "naif:SolidElectrolyte",
        "naif:Phase",
        "naif:Metal",
        "naif:Measurement",
        "naif:Interface",
        "naif:InterfaceObservation",
        "naif:StabilityLimitFinding",
        "naif:InterfaceProblem",
        "naif:InterphaseType",
        "naif:RemedyApplication",
        "naif:Method",
        "naif:PropertyKind",
        "naif:Reference",
        "naif:Substitution",
        "naif:ChemicalElement",
        "naif:DocumentPart",
    ):
        assert classes[cls] > 0, cls
    assert stats["references"]["total"] == 264
    assert stats["references"]["cited"] + stats["references"]["uncited"] == 264


def test_dump_nt_parses_into_the_loaded_graph(loaded: LoadedGraph) -> None:
    proc = run_kg_bytes("dump", "--format", "nt")
    assert proc.returncode == 0
    dumped = Graph().parse(data=proc.stdout.decode("utf-8"), format="nt")
    assert len(dumped) == len(loaded.graph)
    assert isomorphic(dumped, loaded.graph)


@pytest.mark.parametrize(("fmt", "parser"), [("ttl", "turtle"), ("jsonld", "json-ld")])
def test_dump_to_file(tmp_path: Path, loaded: LoadedGraph, fmt: str, parser: str) -> None:
    out = tmp_path / f"graph.{fmt}"
    proc = run_kg("dump", "--format", fmt, "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert isomorphic(Graph().parse(out, format=parser), loaded.graph)


def test_failed_dump_leaves_the_target_untouched(project_copy: Path, tmp_path: Path) -> None:
    release = tmp_path / "release"
    release.mkdir()
    out = release / "graph.ttl"
    out.write_text("previous release\n")
    (project_copy / "graph_data" / "zz.ttl").write_text("this is not turtle\n")
    proc = run_kg("dump", "--root", str(project_copy), "-o", str(out))
    assert proc.returncode == 2
    assert out.read_text() == "previous release\n"
    assert [p.name for p in release.iterdir()] == ["graph.ttl"]


def test_dump_into_missing_folder_is_an_input_error(tmp_path: Path) -> None:
    proc = run_kg("dump", "-o", str(tmp_path / "no" / "such" / "dir" / "g.ttl"))
    assert proc.returncode == 2
    assert_one_line_error(proc, "folder does not exist")
