"""``--inferred`` / ``--asserted``: derived statements are included only when asked for, and
kept in a named graph of their own in the quad formats."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from helpers import run_kg, run_kg_bytes
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF

from kg.dump import serialize
from kg.namespaces import INFERRED_GRAPH, NAIF
from kg.rules import infer

ROOT = Path(__file__).resolve().parent.parent
COUNT = "SELECT (COUNT(DISTINCT ?i) AS ?n) WHERE { ?i a naif:Inference }"


def _count(stdout: str) -> int:
    return int(stdout.strip().splitlines()[-1])


def test_query_sees_derived_statements_only_with_inferred(inferred_graph: Graph) -> None:
    expected = len(set(inferred_graph.subjects(RDF.type, NAIF.Inference)))
    assert expected > 0
    asserted = run_kg("query", "-", "--format", "csv", stdin=COUNT)
    inferred = run_kg("query", "-", "--inferred", "--format", "csv", stdin=COUNT)
    assert asserted.returncode == 0 and inferred.returncode == 0, asserted.stderr
    assert _count(asserted.stdout) == 0
    assert _count(inferred.stdout) == expected


def test_a_question_about_verdicts_uses_derived_statements_unless_told_not_to() -> None:
    default = run_kg("query", "cq-48", "--format", "csv")
    asserted = run_kg("query", "cq-48", "--asserted", "--format", "csv")
    assert default.returncode == 0 and asserted.returncode == 0
    assert len(default.stdout.splitlines()) > 1  # header plus rows
    assert len(asserted.stdout.splitlines()) == 1  # header only: nothing derived


def test_inferred_and_asserted_exclude_each_other() -> None:
    proc = run_kg("query", "cq-48", "--inferred", "--asserted")
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "not allowed with" in proc.stderr


def test_ask_refuses_a_verdict_question_with_asserted() -> None:
    proc = run_kg("ask", "--asserted", "which electrolytes satisfy the Monroe criterion")
    assert proc.returncode == 2
    assert "derived" in proc.stderr and "Traceback" not in proc.stderr


# rdflib's own N-Quads parser calls its deprecated Dataset.default_context
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_quad_formats_put_derived_statements_in_their_own_graph(graph: Graph) -> None:
    derived = infer(graph, root=ROOT)
    data = serialize(graph, fmt="nq", derived=derived)
    dataset = Dataset()
    dataset.parse(data=data.decode("utf-8"), format="nquads")
    named = dataset.graph(URIRef(INFERRED_GRAPH))
    assert len(named) == len(derived)
    inference = next(iter(derived.subjects(RDF.type, NAIF.Inference)))
    assert (inference, RDF.type, NAIF.Inference) in named
    default = dataset.default_graph
    assert len(default) == len(graph)
    assert (inference, RDF.type, NAIF.Inference) not in default


def test_dump_without_inferred_is_the_curated_graph_only(tmp_path: Path) -> None:
    plain = run_kg_bytes("dump", "--format", "nt")
    with_derived = run_kg_bytes("dump", "--format", "nt", "--inferred")
    assert plain.returncode == 0 and with_derived.returncode == 0
    judgement = b"<https://w3id.org/naif/rule/"  # inference and rule IRIs are derived only
    assert judgement not in plain.stdout and judgement in with_derived.stdout

    def named(data: bytes) -> set[bytes]:  # blank node labels differ from run to run
        return {line for line in data.splitlines() if b"_:" not in line}

    assert named(plain.stdout) < named(with_derived.stdout)


def test_dump_inferred_leaves_curated_files_unchanged(tmp_path: Path) -> None:
    def digest() -> str:
        h = hashlib.sha256()
        for p in sorted((ROOT / "graph_data").rglob("*")):
            h.update(p.name.encode() + p.read_bytes() if p.is_file() else b"")
        return h.hexdigest()

    before = digest()
    out = tmp_path / "all.trig"
    proc = run_kg("dump", "--inferred", "--format", "trig", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert INFERRED_GRAPH in out.read_text(encoding="utf-8")
    assert digest() == before
