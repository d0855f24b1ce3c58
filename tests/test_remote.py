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
import urllib.parse
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


# --- remote client hygiene: incomplete answers, hung and failing servers, redirects ---

_SELECT_JSON = json.dumps(
    {
        "head": {"vars": ["n"]},
        "results": {"bindings": [{"n": {"type": "literal", "value": "7"}}]},
    }
).encode()

#: What Virtuoso sends with an "anytime" answer cut at its time limit.
_ANYTIME = {
    "X-SQL-State": "S1TAT",
    "X-SQL-Message": "RC...: Returning incomplete results, query interrupted by result timeout."
    "  Activity: 1R rnd  0R seq",
}


def test_virtuoso_anytime_answers_are_reported_incomplete(
    capsys: pytest.CaptureFixture[str],
) -> None:
    def answer(handler: BaseHTTPRequestHandler) -> None:
        if "n-triples" in handler.headers.get("Accept", ""):
            reply(handler, 200, b"<urn:s> <urn:p> <urn:o> .\n", _ANYTIME)
        else:
            reply(handler, 200, _SELECT_JSON, {"Content-Type": "application/json", **_ANYTIME})

    with fake_http(answer) as (url, _):
        result = query_endpoint(url + "/sparql", COUNT, timeout=5)
        assert result.incomplete and [str(r[0]) for r in result.rows] == ["7"]
        warning = capsys.readouterr().err
        assert warning.count("\n") == 1 and warning.startswith(
            f"kg: warning: {url}/sparql sent an incomplete answer: the server stopped the "
            "query at its time limit (RC...: Returning incomplete results"
        )
        assert len(fetch_graph(url + "/sparql", timeout=5)) == 1
        assert "incomplete answer" in capsys.readouterr().err
        proc = run_kg("query", "-", "--endpoint", url + "/sparql", "--format", "csv", stdin=COUNT)
    assert proc.returncode == 0 and proc.stdout.splitlines() == ["n", "7"]
    assert proc.stderr.count("\n") == 1 and "incomplete answer" in proc.stderr
    assert url in proc.stderr


def test_a_206_partial_answer_is_reported_incomplete(capsys: pytest.CaptureFixture[str]) -> None:
    """Virtuoso with MaxQueryExecutionTime set answers an anytime query with 206."""

    def answer(handler: BaseHTTPRequestHandler) -> None:
        reply(handler, 206, _SELECT_JSON)

    with fake_http(answer) as (url, _):
        assert query_endpoint(url + "/sparql", COUNT, timeout=5).incomplete
    assert "sent an incomplete answer: the server stopped the query" in capsys.readouterr().err


def test_a_complete_answer_has_no_warning(capsys: pytest.CaptureFixture[str]) -> None:
    def answer(handler: BaseHTTPRequestHandler) -> None:
        reply(handler, 200, _SELECT_JSON, {"X-SQL-State": "00000"})

    with fake_http(answer) as (url, _):
        assert not query_endpoint(url + "/sparql", COUNT, timeout=5).incomplete
    assert capsys.readouterr().err == ""


def test_a_hung_endpoint_gives_up_after_the_timeout() -> None:
    with silent_port() as url:
        started = time.monotonic()
        with pytest.raises(InputError, match=r"did not answer within 0\.5 s"):
            query_endpoint(url + "/query", COUNT, timeout=0.5)
        assert time.monotonic() - started < 5
        proc = run_kg("query", "-", "--endpoint", url + "/query", "--timeout", "1", stdin=COUNT)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr == f"kg: error: {url}/query did not answer within 1 s\n"


def test_a_server_that_trickles_its_answer_is_given_up_on() -> None:
    """A byte now and then keeps every single read within the timeout: the whole answer
    must still arrive within it."""

    def answer(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/sparql-results+json")
        handler.end_headers()
        with contextlib.suppress(OSError):
            for _ in range(100):
                handler.wfile.write(b" ")
                handler.wfile.flush()
                time.sleep(0.2)

    with fake_http(answer) as (url, _):
        started = time.monotonic()
        with pytest.raises(InputError, match=r"did not answer within 1 s"):
            query_endpoint(url + "/query", COUNT, timeout=1)
        assert time.monotonic() - started < 3


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        (
            b"<!DOCTYPE html>\n<html><head><title>500 Internal Server Error</title></head>"
            b"<body><h1>Oops</h1><pre>Traceback (most recent call last):\n  File "
            b'"/srv/app.py", line 3</pre></body></html>',
            "text/html; charset=utf-8",
            ": Internal Server Error",
        ),
        (b"<html><body><h1>Proxy Error</h1></body></html>", "text/html", ""),
        (b"\x1b[2J\x1b]0;pwned\x07engine \x1b[31mdown\r\nline 2", "text/plain", ": engine down"),
    ],
)
def test_error_pages_become_one_line(body: bytes, content_type: str, expected: str) -> None:
    def answer(handler: BaseHTTPRequestHandler) -> None:
        reply(handler, 500, body, {"Content-Type": content_type})

    with fake_http(answer) as (url, _), pytest.raises(InputError) as caught:
        query_endpoint(url + "/query", COUNT, timeout=5)
    message = str(caught.value)
    assert message.startswith(f"{url}/query answered HTTP 500{expected}")
    assert "<" not in message and "\x1b" not in message and "\n" not in message
    assert "Traceback" not in message


def test_a_server_error_page_on_the_command_line_is_one_line() -> None:
    page = b"<html><head><title>502 Bad Gateway</title></head><body><hr>nginx</body></html>"

    def answer(handler: BaseHTTPRequestHandler) -> None:
        reply(handler, 502, page, {"Content-Type": "text/html"})

    with fake_http(answer) as (url, _):
        proc = run_kg("query", "cq-05", "--endpoint", url + "/query")
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr == f"kg: error: {url}/query answered HTTP 502: Bad Gateway\n"


@pytest.mark.parametrize("code", [301, 302, 303, 307, 308])
def test_no_redirect_to_another_host_is_followed(code: int) -> None:
    def answer(handler: BaseHTTPRequestHandler) -> None:
        reply(handler, code, headers={"Location": "http://127.0.0.2:9/query"})

    with fake_http(answer) as (url, seen), pytest.raises(InputError, match="another host"):
        query_endpoint(url + "/query", COUNT, timeout=5)
    assert len(seen) == 1


def test_an_oversized_answer_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kg.remote.MAX_ANSWER_BYTES", 1000)

    def answer(handler: BaseHTTPRequestHandler) -> None:
        reply(handler, 200, b"<urn:s> <urn:p> <urn:o> .\n" * 100)

    with fake_http(answer) as (url, _), pytest.raises(InputError, match="sent more than"):
        fetch_graph(url + "/query", timeout=5)


def test_an_escape_cannot_hide_service_from_the_client() -> None:
    hidden = (
        'SELECT * WHERE { BIND("a\\u005C" AS ?y) SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } '
        'BIND(" AS ?x) } #" AS ?z) }'
    )

    def answer(handler: BaseHTTPRequestHandler) -> None:
        reply(handler, 200, _SELECT_JSON)

    with fake_http(answer) as (url, seen):
        query_endpoint(url + "/query", hidden, timeout=5)
        with pytest.raises(UsageError, match="expands to another escape"):
            query_endpoint(url + "/query", 'ASK { BIND("\\u005Cu0041" AS ?x) }', timeout=5)
    sent = urllib.parse.parse_qs(seen[0][2].decode())["query"][0]
    assert '"a\\" AS ?y) SERVICE' in sent and "\\u005C" not in sent  # what rdflib checked
    assert len(seen) == 1


@pytest.fixture(scope="module")
def bare_virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Virtuoso with no data loaded (its system graphs hold a few thousand statements) on
    free ports of 127.0.0.1; its SPARQL URL. Skipped without ``virtuoso-t``."""
    import shutil

    from conftest import _VIRTUOSO_INI, _stop_group

    program = shutil.which("virtuoso-t")
    if program is None:
        if os.environ.get("KG_REQUIRE_VIRTUOSO") == "1":
            pytest.fail("virtuoso-t is not installed, and KG_REQUIRE_VIRTUOSO=1")
        pytest.skip("virtuoso-t is not installed (Debian package virtuoso-opensource)")
    db = tmp_path_factory.mktemp("bare-virtuoso")
    sql_port, http_port = free_port(), free_port()
    while http_port == sql_port:
        http_port = free_port()
    ini = _VIRTUOSO_INI.format(db=db, data=db, sql_port=sql_port, http_port=http_port)
    (db / "virtuoso.ini").write_text(ini, encoding="utf-8")
    log = db / "console.log"
    with log.open("wb") as console:
        process = subprocess.Popen(
            [program, "-f", "-c", "virtuoso.ini"],
            cwd=db,
            stdin=subprocess.DEVNULL,
            stdout=console,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{http_port}/sparql"
    try:
        _wait_for(url, process, seconds=120, log=log)
        yield url
    finally:
        _stop_group(process)


def test_a_real_virtuoso_anytime_answer_is_reported_incomplete(
    bare_virtuoso: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Virtuoso's ``timeout`` parameter (milliseconds) makes an "anytime" query: at the limit
    it answers 200 with what it has, and says so only in its headers; when it has nothing
    to give yet, it answers an error, which is reported in one line."""
    anytime = bare_virtuoso + "?timeout=2000"
    cross = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    try:
        result = query_endpoint(anytime, cross, timeout=60)
    except InputError as exc:  # "Virtuoso S1TAT Error Query did not complete ..."
        assert "answered HTTP 5" in str(exc) and "S1TAT" in str(exc) and "\n" not in str(exc)
    else:
        assert result.incomplete
        assert capsys.readouterr().err == (
            f"kg: warning: {anytime} sent an incomplete answer: the server stopped the query "
            "at its time limit (RC...: Returning incomplete results, query interrupted by "
            "result timeout.)\n"
        )
    small = query_endpoint(bare_virtuoso, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert not small.incomplete and int(str(small.rows[0][0])) > 100
    assert capsys.readouterr().err == ""
