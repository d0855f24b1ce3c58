"""kg push into a live writable Oxigraph server, --endpoint on infer/export/neighbors, and the
one-line errors of servers that fail (fake HTTP servers on 127.0.0.1)."""

from __future__ import annotations

import contextlib
import json
import re
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from conftest import _wait_for
from helpers import run_kg
from rdflib import BNode, Graph, Literal
from rdflib.compare import isomorphic
from test_remote import fake_http, reply, silent_port

from kg.namespaces import INFERRED_GRAPH, NAD, NAIF
from kg.remote import fetch_graph, free_port, query_endpoint, send

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A compiled-store cache of this module's own, for the ``kg`` processes it runs."""
    return {"KG_CACHE": str(tmp_path_factory.mktemp("push-cache"))}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A writable Oxigraph server on a free port of 127.0.0.1 (its query URL), stopped after."""
    from kg.remote import server_command

    port = free_port()
    location = tmp_path_factory.mktemp("writable-store")
    command = server_command(location, host="127.0.0.1", port=port)
    command[command.index("serve-read-only")] = "serve"
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/query"
    try:
        _wait_for(url, process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _update(server: str, text: str) -> None:
    send(
        server.replace("/query", "/update"),
        text.encode(),
        method="POST",
        content_type="application/sparql-update",
        timeout=30,
    )


def _count(server: str, graph: str | None = None) -> int:
    pattern = "?s ?p ?o" if graph is None else f"GRAPH <{graph}> {{ ?s ?p ?o }}"
    result = query_endpoint(server, f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")
    return int(result.rows[0][0])  # type: ignore[arg-type]


def _store_graph(store: Any, graph: str | None = None) -> Graph:
    source = ox.DefaultGraph() if graph is None else ox.NamedNode(graph)
    data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=source)
    return Graph().parse(data=data.decode("utf-8"), format="nt")


def _server_graph(server: str, graph: str) -> Graph:
    result = query_endpoint(
        server, f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    )
    assert result.graph is not None
    return result.graph


def _push(server: str, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    proc = run_kg("push", "--endpoint", server, *args, env=env)
    assert proc.returncode == 0, proc.stderr
    return proc


def assert_one_line_error(proc: subprocess.CompletedProcess[str], *words: str) -> None:
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert proc.stdout == ""
    assert proc.stderr.startswith("kg: error: ") and proc.stderr.count("\n") == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    for word in words:
        assert word in proc.stderr, proc.stderr


# --- pushing into a live server ---


@pytest.mark.parametrize("protocol", ["gsp", "update"])
def test_push_replaces_the_default_graph(
    server: str, env: dict[str, str], oxigraph_store: Any, protocol: str
) -> None:
    _update(server, 'INSERT DATA { <urn:stale> <urn:p> "left from before" }')
    proc = _push(server, env, "--protocol", protocol)
    curated = _store_graph(oxigraph_store)
    where = "/store?default" if protocol == "gsp" else "/update"
    assert proc.stdout.startswith(f"pushed {len(curated)} triples to the default graph at ")
    assert f"{where} ({protocol}, " in proc.stdout and proc.stdout.count("\n") == 1
    assert _count(server) == len(curated) > 10_000
    assert query_endpoint(server, "ASK { <urn:stale> ?p ?o }").boolean is False
    assert isomorphic(fetch_graph(server, timeout=60), curated)
    formula = query_endpoint(server, f"SELECT ?f WHERE {{ <{NAD.Na3SbS4}> naif:formula ?f }}")
    assert [str(row[0]) for row in formula.rows] == ["Na3SbS4"]


@pytest.mark.parametrize("protocol", ["gsp", "update"])
def test_pushing_twice_leaves_the_same_data(
    server: str, env: dict[str, str], protocol: str
) -> None:
    graph = f"urn:naif:test:twice-{protocol}"
    _push(server, env, "--graph", graph, "--protocol", protocol)
    first = _server_graph(server, graph)
    _push(server, env, "--graph", graph, "--protocol", protocol)
    second = _server_graph(server, graph)
    assert len(first) == len(second) == _count(server, graph) > 10_000
    assert isomorphic(first, second)


def test_a_named_graph_push_leaves_the_default_graph_alone(
    server: str, env: dict[str, str], oxigraph_store: Any
) -> None:
    graph = "urn:naif:test:named"
    _update(server, f'INSERT DATA {{ GRAPH <{graph}> {{ <urn:stale> <urn:p> "old" }} }}')
    _update(server, 'INSERT DATA { <urn:untouched> <urn:p> "default" }')
    before = _count(server)
    proc = _push(server, env, "--graph", graph, "--protocol", "update")
    assert f"to <{graph}> at " in proc.stdout
    assert _count(server, graph) == len(_store_graph(oxigraph_store))
    assert (
        query_endpoint(server, f"ASK {{ GRAPH <{graph}> {{ <urn:stale> ?p ?o }} }}").boolean
        is False
    )
    assert _count(server) == before
    assert query_endpoint(server, "ASK { <urn:untouched> ?p ?o }").boolean is True


@pytest.mark.parametrize("protocol", ["gsp", "update"])
def test_inferred_puts_the_derived_statements_in_their_graph(
    server: str, env: dict[str, str], oxigraph_store: Any, protocol: str
) -> None:
    _update(server, f'INSERT DATA {{ GRAPH <{INFERRED_GRAPH}> {{ <urn:stale> <urn:p> "x" }} }}')
    proc = _push(server, env, "--inferred", "--protocol", protocol, "--format", "json")
    report = json.loads(proc.stdout)
    derived = _store_graph(oxigraph_store, INFERRED_GRAPH)
    assert [(g["graph"], g["triples"]) for g in report["graphs"]] == [
        (None, len(_store_graph(oxigraph_store))),
        (INFERRED_GRAPH, len(derived)),
    ]
    on_server = _server_graph(server, INFERRED_GRAPH)
    assert len(on_server) == len(derived) > 100
    assert set(on_server) == set(derived)  # no blank nodes: the very same statements
    assert (None, NAIF.byRule, None) in on_server


def test_a_competency_question_on_the_pushed_data(server: str, env: dict[str, str]) -> None:
    _push(server, env)
    remote = run_kg("query", "cq-05", "--endpoint", server, "--format", "csv", env=env)
    local = run_kg("query", "cq-05", "--format", "csv", env=env)
    assert remote.returncode == 0, remote.stderr
    assert sorted(remote.stdout.splitlines()) == sorted(local.stdout.splitlines())
    assert len(local.stdout.splitlines()) > 3


# --- infer, export and neighbors on the server's graph ---

# Oxigraph writes decimals canonically (0.30 as 0.3, 5.0 as 5); the sources keep their text.
_DECIMAL = re.compile(r"\b(\d+)\.(\d*?)0+\b")


def _numbers(text: str) -> str:
    return _DECIMAL.sub(lambda m: m[1] + (f".{m[2]}" if m[2] else ""), text)


def _fragments(text: str) -> list[str]:
    """A rule's reason as a sorted list of its parts: the products in a reason come in the
    order the rule's GROUP_CONCAT meets them, which changes from one process to the next."""
    return sorted(re.split(r"[,;]\s*|\bproducts ", _numbers(text)))


def _canonical_json(value: Any) -> Any:
    """Lists as sorted multisets, numbers in canonical form: what does not depend on order."""
    if isinstance(value, dict):
        return {k: _canonical_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return sorted(
            (_canonical_json(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True)
        )
    return _fragments(value) if isinstance(value, str) else value


def _statements(turtle: str) -> Counter[tuple[str, ...]]:
    def term(t: Any) -> str:
        if isinstance(t, BNode):
            return "_"
        return _numbers(t.n3()) if isinstance(t, Literal) and t.datatype else str(t.n3())

    return Counter(
        tuple(term(t) for t in triple) for triple in Graph().parse(data=turtle, format="turtle")
    )


@pytest.fixture(scope="module")
def pushed(server: str, env: dict[str, str]) -> str:
    """The server holding the curated graph and the derived statements."""
    _push(server, env, "--inferred")
    return server


def _both(pushed: str, env: dict[str, str], *args: str) -> tuple[str, str]:
    local = run_kg(*args, env=env)
    remote = run_kg(*args, "--endpoint", pushed, "--timeout", "60", env=env)
    assert local.returncode == 0, local.stderr
    assert remote.returncode == 0, remote.stderr
    return local.stdout, remote.stdout


def test_infer_on_the_endpoint_gives_the_same_verdicts(pushed: str, env: dict[str, str]) -> None:
    local, remote = _both(pushed, env, "infer")
    assert local == remote and local.count("\n") > 20
    local, remote = _both(pushed, env, "infer", "--format", "json")
    keep = ("rule", "title", "subjects", "families")
    as_local = [{k: r[k] for k in keep} for r in json.loads(local)]
    assert as_local == [{k: r[k] for k in keep} for r in json.loads(remote)]
    assert _canonical_json(json.loads(local)) == _canonical_json(json.loads(remote))


@pytest.mark.parametrize(
    "args",
    [
        ("neighbors", "Na3SbS4"),
        ("neighbors", "Na3SbS4", "--inferred", "--depth", "2"),
        ("path", "nad:Na3SbS4", "nad:Na3PS4", "--limit", "5"),
        ("hubs", "--types", "electrolyte"),
        ("export", "--query", "cq-05", "--format", "dot"),
    ],
)
def test_views_on_the_endpoint_are_the_same(
    pushed: str, env: dict[str, str], args: tuple[str, ...]
) -> None:
    local, remote = _both(pushed, env, *args)
    assert local == remote and local.strip()


def test_export_on_the_endpoint_has_the_same_statements(pushed: str, env: dict[str, str]) -> None:
    local, remote = _both(pushed, env, "export", "--focus", "nad:Na3SbS4", "--format", "ttl")
    assert _statements(local) == _statements(remote)
    assert sum(_statements(local).values()) > 50


def test_inferred_on_the_endpoint_runs_the_rules_on_the_servers_graph(
    pushed: str, env: dict[str, str]
) -> None:
    _update(pushed, f"DROP SILENT GRAPH <{INFERRED_GRAPH}>")  # not needed, not read
    try:
        args = ("export", "--family", "naif:ChalcogenideElectrolyte", "--format", "cyjs")
        local, remote = _both(pushed, env, *args, "--inferred")
        assert _canonical_json(json.loads(local)) == _canonical_json(json.loads(remote))
        kinds = Counter(n["data"]["kind"] for n in json.loads(remote)["elements"]["nodes"])
        assert kinds["inference"] > 10
    finally:
        _push(pushed, env, "--inferred")  # leave the server as the `pushed` fixture says


def test_the_data_comes_from_the_endpoint(pushed: str, env: dict[str, str]) -> None:
    na3sbs4 = f"<{NAD.Na3SbS4}>"
    _update(
        pushed,
        f"DELETE WHERE {{ {na3sbs4} <{NAIF.formula}> ?f }} ; "
        f'INSERT DATA {{ {na3sbs4} <http://www.w3.org/2004/02/skos/core#altLabel> "only-here" }}',
    )
    try:
        remote = run_kg("neighbors", "only-here", "--endpoint", pushed, env=env)
        assert remote.returncode == 0, remote.stderr
        assert remote.stdout.startswith("Na3SbS4 (nad:Na3SbS4):")
        assert run_kg("neighbors", "only-here", env=env).returncode == 2
        local, remote_infer = _both(pushed, env, "infer")
        assert local != remote_infer  # no formula on the server: no elements, other verdicts
    finally:
        _push(pushed, env, "--inferred")


# --- failures: one line, exit 2, nothing sent where it should not go ---


def test_a_server_error_is_one_line(env: dict[str, str]) -> None:
    def answer(handler: BaseHTTPRequestHandler) -> None:
        reply(handler, 500, b"disk full\nat storage.rs:12\nat main.rs:40\n")

    with fake_http(answer) as (url, seen):
        proc = run_kg("push", "--endpoint", url + "/query", env=env)
    assert_one_line_error(proc, f"{url}/store?default answered HTTP 500: disk full")
    assert [(m, p) for m, p, _ in seen] == [("PUT", "/store?default")]
    assert seen[0][2].count(b"\n") > 10_000  # the whole graph went in that one request


def test_a_hung_server_times_out(env: dict[str, str]) -> None:
    with silent_port() as url:
        proc = run_kg(
            "push", "--endpoint", url + "/update", "--protocol", "update", "--timeout", "1", env=env
        )
    assert_one_line_error(proc, f"{url}/update did not answer within 1 s")


def test_an_html_error_page_is_one_line(env: dict[str, str]) -> None:
    page = (
        b"<!DOCTYPE html><html><head><title>500 Internal Server Error</title></head><body>"
        b"<h1>Internal Server Error</h1><pre>Traceback (most recent call last):\n"
        b'  File "/opt/store/app.py", line 12, in put</pre></body></html>'
    )

    def answer(handler: BaseHTTPRequestHandler) -> None:
        reply(handler, 500, page, {"Content-Type": "text/html; charset=utf-8"})

    with fake_http(answer) as (url, seen):
        proc = run_kg("push", "--endpoint", url + "/query", env=env)
    assert_one_line_error(proc, f"{url}/store?default answered HTTP 500: Internal Server Error")
    assert "<" not in proc.stderr and "app.py" not in proc.stderr
    assert len(seen) == 1


def test_a_server_that_trickles_its_answer_times_out(env: dict[str, str]) -> None:
    """Each byte comes within the timeout, the whole answer does not: the push gives up."""

    def answer(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/plain")
        handler.end_headers()
        with contextlib.suppress(OSError):
            for _ in range(100):
                handler.wfile.write(b".")
                handler.wfile.flush()
                time.sleep(0.2)

    with fake_http(answer) as (url, _):
        started = time.monotonic()
        proc = run_kg("push", "--endpoint", url + "/query", "--timeout", "1", env=env)
        took = time.monotonic() - started
    assert_one_line_error(proc, f"{url}/store?default did not answer within 1 s")
    assert took < 15  # starting kg and reading the store, then one second


def test_a_closed_port_is_one_line(env: dict[str, str]) -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    assert_one_line_error(run_kg("push", "--endpoint", url, env=env), "cannot reach")
    assert_one_line_error(run_kg("infer", "--endpoint", url, env=env), "cannot reach")


def test_a_redirect_to_another_host_is_not_followed(env: dict[str, str]) -> None:
    def answer(handler: BaseHTTPRequestHandler) -> None:
        reply(handler, 307, headers={"Location": "http://elsewhere.invalid/store?default"})

    with fake_http(answer) as (url, seen):
        proc = run_kg("push", "--endpoint", url + "/store", env=env)
        assert_one_line_error(proc, "to another host, http://elsewhere.invalid/store?default")
        proc = run_kg("export", "--focus", "Na3SbS4", "--endpoint", url + "/query", env=env)
        assert_one_line_error(proc, "to another host")
    assert len(seen) == 2


def test_a_redirect_on_the_same_server_is_followed_with_the_data(env: dict[str, str]) -> None:
    def answer(handler: BaseHTTPRequestHandler) -> None:
        if handler.path.startswith("/old/"):
            reply(handler, 308, headers={"Location": handler.path.replace("/old/", "/new/")})
        else:
            reply(handler, 204)

    with fake_http(answer) as (url, seen):
        proc = run_kg("push", "--endpoint", url + "/old/update", "--protocol", "update", env=env)
    assert proc.returncode == 0, proc.stderr
    assert [(m, p) for m, p, _ in seen] == [("POST", "/old/update"), ("POST", "/new/update")]
    assert seen[0][2] == seen[1][2] and seen[1][2].startswith(b"DROP SILENT DEFAULT ;")


def test_a_redirect_that_would_drop_the_data_is_refused(env: dict[str, str]) -> None:
    def answer(handler: BaseHTTPRequestHandler) -> None:
        reply(handler, 303, headers={"Location": "/elsewhere"})

    with fake_http(answer) as (url, seen):
        proc = run_kg("push", "--endpoint", url + "/store", env=env)
    assert_one_line_error(proc, f"redirects (HTTP 303) to {url}/elsewhere: not followed")
    assert len(seen) == 1


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--endpoint", "ftp://example.org/sparql"), ["http(s) URL"]),
        (("--endpoint", "http://127.0.0.1:9/query", "--graph", "not an iri"), ["absolute IRI"]),
        (
            ("--endpoint", "http://127.0.0.1:9/query", "--graph", INFERRED_GRAPH, "--inferred"),
            ["choose another --graph"],
        ),
        (("--endpoint", "http://127.0.0.1:9/store?graph=urn:x"), ["--graph or --default"]),
        (
            ("--endpoint", "http://127.0.0.1:9/query", "--graph", "urn:a", "--default"),
            ["not allowed"],
        ),
        (("--endpoint", "http://127.0.0.1:9/query", "--protocol", "post"), ["invalid choice"]),
    ],
)
def test_usage_errors_exit_2_before_anything_is_sent(
    tmp_path: Path, args: tuple[str, ...], words: list[str]
) -> None:
    proc = run_kg("push", *args, env={"KG_CACHE": str(tmp_path / "cache")})
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1, proc.stderr
    assert all(w in proc.stderr for w in words), proc.stderr
    assert not (tmp_path / "cache").exists()  # refused before the store was built


def test_push_urls() -> None:
    from kg.push import push_url

    assert push_url("http://h:7878/store", protocol="update") == "http://h:7878/update"
    assert push_url("https://h/ds/update#x", protocol="gsp") == "https://h/ds/store"
    assert push_url("https://h/repositories/naif/statements", protocol="update") == (
        "https://h/repositories/naif/statements"
    )
