"""SPARQL servers: kg serve (a real Oxigraph server) queried by SPARQLWrapper and kg query."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import _wait_for
from helpers import run_kg
from rdflib import URIRef

from kg.errors import InputError, UsageError
from kg.remote import free_port, query_endpoint

ROOT = Path(__file__).resolve().parent.parent
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?e a naif:NasiconElectrolyte }"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``kg serve`` on a free port of 127.0.0.1, stopped after the module."""
    port = free_port()
    env = {**os.environ, "KG_CACHE": str(tmp_path_factory.mktemp("serve-cache"))}
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}/query"
    try:
        _wait_for(url, process, seconds=120)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_queries_kg_serve(served: str, method: str) -> None:
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(served)
    client.setMethod(method)
    client.setReturnFormat(JSON)
    client.setQuery(
        "PREFIX naif: <https://w3id.org/naif/ontology#>\n"
        "SELECT ?f WHERE { ?e naif:formula ?f ; a naif:NasiconElectrolyte } ORDER BY ?f"
    )
    rows = client.queryAndConvert()["results"]["bindings"]  # type: ignore[index]
    formulas = [r["f"]["value"] for r in rows]
    assert "Na3Zr2Si2PO12" in formulas and formulas == sorted(formulas)


def test_kg_serve_refuses_updates(served: str) -> None:
    from SPARQLWrapper import POST, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    client = SPARQLWrapper(served.replace("/query", "/update"))
    client.setMethod(POST)
    client.setQuery("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    with pytest.raises((SPARQLWrapperException, OSError)):
        client.query()
    after = query_endpoint(served, "ASK { <urn:a> <urn:b> <urn:c> }")
    assert after.boolean is False


def test_kg_query_on_the_endpoint_matches_the_embedded_engine(served: str) -> None:
    remote = run_kg("query", "cq-05", "--endpoint", served, "--format", "csv")
    local = run_kg("query", "cq-05", "--format", "csv", "--engine", "rdflib")
    assert remote.returncode == 0, remote.stderr
    assert sorted(remote.stdout.splitlines()) == sorted(local.stdout.splitlines())


def test_parameters_travel_to_the_endpoint(served: str) -> None:
    result = query_endpoint(
        served,
        "SELECT ?f WHERE { ?e naif:formula ?f }",
        bindings={"e": URIRef("https://w3id.org/naif/data/Na3SbS4")},
    )
    assert [str(r[0]) for r in result.rows] == ["Na3SbS4"]


def test_endpoint_errors_are_one_line() -> None:
    with pytest.raises(InputError, match="cannot reach"):
        query_endpoint(f"http://127.0.0.1:{free_port()}/query", COUNT, timeout=5)
    with pytest.raises(UsageError, match="http"):
        query_endpoint("ftp://example.org/sparql", COUNT)
    with pytest.raises(UsageError, match="read-only"):
        query_endpoint("http://127.0.0.1:9/query", "DELETE WHERE { ?s ?p ?o }")
    proc = run_kg("query", "cq-05", "--endpoint", f"http://127.0.0.1:{free_port()}/query")
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1
    assert "cannot reach" in proc.stderr
    proc = run_kg("query", "cq-48", "--endpoint", "http://127.0.0.1:9/query", "--inferred")
    assert proc.returncode == 2 and "do not apply" in proc.stderr
