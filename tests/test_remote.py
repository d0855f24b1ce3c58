"""SPARQL servers: kg serve (a real Oxigraph server) queried by SPARQLWrapper and kg query;
fetch_graph and the HTTP layer against live and fake servers."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from conftest import _wait_for
from helpers import run_kg
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from kg.errors import InputError, UsageError
from kg.namespaces import INFERRED_GRAPH
from kg.remote import fetch_graph, free_port, query_endpoint

ROOT = Path(__file__).resolve().parent.parent
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?e a naif:NasiconElectrolyte }"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``kg serve`` on a free port of 127.0.0.1, stopped after the module.

    It runs in a session of its own, and the whole process group is stopped: terminating
    only ``kg serve`` would leave its ``oxigraph`` child running.
    """
    port = free_port()
    env = {**os.environ, "KG_CACHE": str(tmp_path_factory.mktemp("serve-cache"))}
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/query"
    try:
        _wait_for(url, process, seconds=120)
        yield url
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=10)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # whatever is left of the group
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


# --- fake servers: a real HTTP server on 127.0.0.1 that answers what a test tells it to ---

Seen = list[tuple[str, str, bytes]]


def reply(
    handler: BaseHTTPRequestHandler,
    status: int,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
) -> None:
    """Write one whole HTTP answer from a fake server's handler."""
    handler.send_response(status)
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


@contextmanager
def fake_http(respond: Callable[[BaseHTTPRequestHandler], None]) -> Iterator[tuple[str, Seen]]:
    """A fake HTTP server in a thread: ``respond(handler)`` answers every request. Yields its
    base URL and the requests it received as (method, path, body)."""
    seen: Seen = []

    class Handler(BaseHTTPRequestHandler):
        def handle_any(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            seen.append((self.command, self.path, body))
            respond(self)

        do_GET = do_POST = do_PUT = handle_any

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@contextmanager
def silent_port() -> Iterator[str]:
    """A port that accepts connections and never answers: the base URL of a hung server."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(8)
        yield f"http://127.0.0.1:{s.getsockname()[1]}"


def _store_graph(store: Any, graph: Any) -> Graph:
    data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
    return Graph().parse(data=data.decode("utf-8"), format="nt")


def test_fetch_graph_is_the_servers_default_graph(
    oxigraph_servers: dict[str, str], oxigraph_store: Any
) -> None:
    curated = _store_graph(oxigraph_store, ox.DefaultGraph())
    fetched = fetch_graph(oxigraph_servers["plain"], timeout=60)
    assert len(fetched) == len(curated) > 10_000
    assert isomorphic(fetched, curated)
    derived = _store_graph(oxigraph_store, ox.NamedNode(INFERRED_GRAPH))
    both = fetch_graph(oxigraph_servers["plain"], timeout=60, inferred=True)
    assert len(both) == len(curated + derived) > len(curated)
    assert isomorphic(both, curated + derived)


def test_fetch_graph_sends_default_graph_uris(
    oxigraph_servers: dict[str, str], oxigraph_store: Any
) -> None:
    derived = _store_graph(oxigraph_store, ox.NamedNode(INFERRED_GRAPH))
    only = fetch_graph(oxigraph_servers["plain"], timeout=60, default_graphs=[INFERRED_GRAPH])
    assert isomorphic(only, derived)


def test_fetch_graph_adds_statements_in_a_fixed_order() -> None:
    lines = [f"<urn:s{i}> <urn:p> <urn:o> ." for i in range(50)]

    def answer(handler: BaseHTTPRequestHandler) -> None:
        body = "\n".join(reversed(lines) if len(seen) % 2 else lines) + "\n"
        reply(handler, 200, body.encode(), {"Content-Type": "application/n-triples"})

    with fake_http(answer) as (url, seen):
        first, second = fetch_graph(url, timeout=5), fetch_graph(url, timeout=5)
    assert list(first) == list(second) and len(first) == 50


def test_fetch_graph_refuses_an_empty_server_and_a_missing_inferred_graph() -> None:
    def answer(handler: BaseHTTPRequestHandler) -> None:
        if "sparql-results" in handler.headers.get("Accept", ""):
            reply(handler, 200, json.dumps({"boolean": False}).encode())
        else:
            reply(handler, 200, b"", {"Content-Type": "application/n-triples"})

    with fake_http(answer) as (url, seen):
        with pytest.raises(InputError, match="holds no statements"):
            fetch_graph(url + "/query", timeout=5)
        with pytest.raises(InputError, match="no inferred graph"):
            fetch_graph(url + "/query", timeout=5, inferred=True)
        assert len(seen) == 2  # the missing inferred graph is found before any CONSTRUCT


def test_queries_are_not_redirected_to_another_host() -> None:
    def answer(handler: BaseHTTPRequestHandler) -> None:
        reply(handler, 307, headers={"Location": "http://elsewhere.invalid/query"})

    wanted = re.escape("to another host, http://elsewhere.invalid/query: not followed")
    with fake_http(answer) as (url, seen), pytest.raises(InputError, match=wanted):
        query_endpoint(url + "/query", COUNT, timeout=5)
    assert len(seen) == 1


def test_a_hung_endpoint_times_out() -> None:
    with silent_port() as url, pytest.raises(InputError, match=r"did not answer within 0\.5 s"):
        fetch_graph(url + "/query", timeout=0.5)


def test_http_errors_name_the_status_and_the_first_line() -> None:
    def answer(handler: BaseHTTPRequestHandler) -> None:
        reply(handler, 500, b"\n  query exploded  \nstack frame 1\nstack frame 2\n")

    with fake_http(answer) as (url, _), pytest.raises(InputError) as caught:
        query_endpoint(url + "/query", COUNT, timeout=5)
    assert str(caught.value) == f"{url}/query answered HTTP 500: query exploded"


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_kg_serve_stops_its_server_on_sigterm(tmp_path: Path) -> None:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--port", str(port)],
        cwd=ROOT,
        env={**os.environ, "KG_CACHE": str(tmp_path / "cache")},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        _wait_for(f"http://127.0.0.1:{port}/query", process, seconds=120)
        (child,) = _children(process.pid)
        process.send_signal(signal.SIGTERM)  # kg serve alone, as a service manager does
        process.wait(timeout=20)
        deadline = time.monotonic() + 10
        while Path(f"/proc/{child}").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        state = Path(f"/proc/{child}/stat")
        gone = not state.exists() or state.read_text().split()[2] == "Z"
        assert gone, "the oxigraph server outlived kg serve"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
