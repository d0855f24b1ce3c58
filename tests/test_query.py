"""`kg query`: competency questions, files and stdin; W3C result formats; read-only; bindings."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from helpers import run_kg, run_kg_bytes
from rdflib import Graph, URIRef

from kg.errors import InputError, UsageError
from kg.query import prepare, run

ROOT = Path(__file__).resolve().parent.parent


def test_list_shows_every_question_with_its_parameters() -> None:
    proc = run_kg("query", "--list")
    assert proc.returncode == 0
    lines = [line for line in proc.stdout.splitlines() if line.startswith("cq-")]
    assert len(lines) == len(list((ROOT / "queries").glob("cq-*.rq")))
    assert any(line.startswith("cq-02-remedies-for-problem: Which remedies") for line in lines)
    assert "problem=naif:MixedConductingInterphase" in proc.stdout


def test_json_follows_the_w3c_results_format() -> None:
    proc = run_kg(
        "query", "cq-05", "--param", "family=naif:ClosoBorateElectrolyte", "--format", "json"
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["head"]["vars"][:3] == ["electrolyte", "label", "formula"]
    iris = {b["electrolyte"]["value"] for b in data["results"]["bindings"]}
    assert "https://w3id.org/naif/data/Na2B10H10" in iris
    first = data["results"]["bindings"][0]
    assert first["electrolyte"]["type"] == "uri"
    assert first["formula"]["type"] == "literal"


def test_csv_and_tsv_follow_the_w3c_results_formats() -> None:
    raw = run_kg_bytes(
        "query", "cq-05", "--param", "family=closo-borates", "--format", "csv"
    ).stdout
    assert raw.startswith(b"electrolyte,label,formula,familyClass,system\r\n")  # CRLF per the spec
    out = raw.decode("utf-8")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[1][:3] == ["https://w3id.org/naif/data/Na2B10H10", "Na2B10H10", "Na2B10H10"] or any(
        r[0] == "https://w3id.org/naif/data/Na2B10H10" for r in rows[1:]
    )
    tsv = run_kg("query", "cq-05", "--param", "family=closo-borates", "--format", "tsv").stdout
    lines = tsv.splitlines()
    assert lines[0] == "?electrolyte\t?label\t?formula\t?familyClass\t?system"
    assert "<https://w3id.org/naif/data/Na2B10H10>" in tsv
    assert '"Na2B10H10"' in tsv


def test_parameters_accept_names_synonyms_and_iris() -> None:
    by_name = run_kg("query", "cq-03", "--param", "electrolyte=Na₃SbS₄", "--format", "csv").stdout
    by_iri = run_kg(
        "query", "cq-03", "--param", "electrolyte=nad:Na3SbS4", "--format", "csv"
    ).stdout
    assert by_name == by_iri
    assert "https://w3id.org/naif/data/Na3Sb," in by_name


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["query", "cq-03", "--param", "nosuch=1"], "has no parameter 'nosuch'"),
        (["query", "cq-03", "--param", "electrolyte"], "--param takes name=value"),
        (
            ["query", "cq-03", "--param", "electrolyte=NoSuchCompound42"],
            "needs an IRI or a known name",
        ),
        (["query", "cq-04", "--param", "minimum=lots"], "needs a number"),
        (["query", "cq-999"], "no competency question"),
        (["query"], "name a competency question"),
    ],
)
def test_usage_errors_are_one_line_with_exit_2(args: list[str], words: str) -> None:
    proc = run_kg(*args)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and words in proc.stderr


@pytest.mark.parametrize(
    ("sparql", "words"),
    [
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "update operations are refused"),
        ("DELETE WHERE { ?s ?p ?o }", "update operations are refused"),
        ("DROP ALL", "update operations are refused"),
        ("LOAD <http://example.org/x.ttl>", "update operations are refused"),
        (
            "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
            "SERVICE is refused",
        ),
        (
            "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
            "FROM and FROM NAMED are refused",
        ),
        ("SELECT * FROM NAMED <http://example.org/g> WHERE { ?s ?p ?o }", "FROM and FROM NAMED"),
        ("SELECT * WHERE { ?s ?p }", "SPARQL syntax error"),
    ],
)
def test_stdin_queries_are_read_only_and_checked_before_running(sparql: str, words: str) -> None:
    proc = run_kg("query", "-", stdin=sparql)
    assert proc.returncode == 2
    assert words in proc.stderr and "Traceback" not in proc.stderr


def test_stdin_select_and_ask() -> None:
    proc = run_kg(
        "query", "-", "--format", "json", stdin="ASK { nad:Na3SbS4 a naif:SulfideElectrolyte }"
    )
    assert json.loads(proc.stdout) == {"head": {}, "boolean": True}
    proc = run_kg("query", "-", stdin="SELECT ?f WHERE { nad:Na3SbS4 naif:formula ?f }")
    assert proc.returncode == 0 and "Na3SbS4" in proc.stdout and "(1 row)" in proc.stdout


def test_bindings_are_values_not_text(graph: Graph) -> None:
    hostile = '"} ; DROP ALL ; SELECT * WHERE { ?s ?p ?o'
    from rdflib import Literal

    result = run(
        graph,
        "SELECT ?f WHERE { ?e naif:formula ?f . FILTER (?f = ?wanted) }",
        bindings={"wanted": Literal(hostile)},
    )
    assert result.rows == ()
    result = run(
        graph,
        "SELECT ?f WHERE { ?e naif:formula ?f }",
        bindings={"e": URIRef("https://w3id.org/naif/data/Na3SbS4")},
    )
    assert [str(r[0]) for r in result.rows] == ["Na3SbS4"]


def test_library_functions_raise_the_package_errors() -> None:
    with pytest.raises(UsageError):
        prepare("CLEAR ALL")
    with pytest.raises(InputError):
        prepare("SELECT ?x WHERE {")


def test_boolean_parameters_are_typed() -> None:
    with_unstated = run_kg("query", "cq-04", "--param", "unstated=true", "--format", "csv").stdout
    without = run_kg("query", "cq-04", "--param", "unstated=false", "--format", "csv").stdout
    assert len(without.splitlines()) < len(with_unstated.splitlines())
    assert run_kg("query", "cq-04", "--param", "unstated=maybe").returncode == 2
