"""kg serve as a real process on 127.0.0.1: the SPARQL protocol in every form, what it refuses
before the store sees a query, its time, row and memory limits, CORS only when asked, and
error answers of one line without tracebacks or file paths."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import _wait_for
from helpers import run_kg

from kg.remote import free_port, query_endpoint

ROOT = Path(__file__).resolve().parent.parent
FORM = "application/x-www-form-urlencoded"
JSON = "application/sparql-results+json"
MAX_ROWS = 50
TIMEOUT = 2  # seconds; the front restarts Oxigraph 2 s later at the latest
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
NASICON = "SELECT ?e WHERE { ?e a naif:NasiconElectrolyte } ORDER BY ?e"


@dataclass(frozen=True)
class Served:
    """A running ``kg serve``: its base URL and the file its stderr goes to."""

    base: str
    log: Path

    @property
    def url(self) -> str:
        return self.base + "/query"


@contextlib.contextmanager
def kg_serve(cache: Path, *options: str) -> Iterator[Served]:
    """``kg serve`` on a free port of 127.0.0.1, in a session of its own, stopped after.

    Its stderr goes to a file (a pipe nobody reads could fill up and stall the server).
    """
    port = free_port()
    log = cache / f"serve-{port}.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "kg", "serve", "--port", str(port), *options],
            cwd=ROOT,
            env={**os.environ, "KG_CACHE": str(cache)},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=sink,
            start_new_session=True,
        )
    served = Served(f"http://127.0.0.1:{port}", log)
    try:
        _wait_for(served.url, process, seconds=120, log=log)
        yield served
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=15)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # whatever is left of the group
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("serve-cache")


@pytest.fixture(scope="module")
def served(cache: Path) -> Iterator[Served]:
    """kg serve with small limits, so that the tests reach them quickly."""
    options = ("--timeout", str(TIMEOUT), "--max-rows", str(MAX_ROWS), "--max-memory", "512")
    with kg_serve(cache, *options) as server:
        yield server


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def request(
    url: str,
    *,
    method: str = "GET",
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 60,
) -> Reply:
    """One HTTP request with http.client: any status comes back as a Reply."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request(method, target, body=body, headers=headers or {})
        response = connection.getresponse()
        names = {k.lower(): v for k, v in response.getheaders()}
        return Reply(response.status, names, response.read())
    finally:
        connection.close()


def get(url: str, query: str, **params: str) -> Reply:
    return request(url + "?" + urllib.parse.urlencode({"query": query, **params}))


def post(url: str, fields: dict[str, str], *, accept: str = JSON, timeout: float = 60) -> Reply:
    body = urllib.parse.urlencode(fields).encode()
    return request(
        url,
        method="POST",
        body=body,
        headers={"Content-Type": FORM, "Accept": accept},
        timeout=timeout,
    )


_PATHLIKE = re.compile(r"(?<![\w:/])/(?:[\w.-]+/)+")


def assert_one_line(reply: Reply, status: int, *words: str) -> None:
    """An error answer: the status, one line of plain text, no traceback, no file path."""
    assert reply.status == status, (reply.status, reply.body)
    assert reply.headers["content-type"].startswith("text/plain")
    text = reply.text
    assert text.endswith("\n") and text.count("\n") == 1, text
    assert "Traceback" not in text and 'File "' not in text
    assert not _PATHLIKE.search(text), text
    assert str(ROOT) not in text
    for word in words:
        assert word in text, text


def rows(reply: Reply) -> list[dict[str, dict[str, str]]]:
    assert reply.status == 200, reply.body
    data = json.loads(reply.body)
    assert set(data) == {"head", "results"}  # valid SPARQL JSON results, nothing more
    return list(data["results"]["bindings"])


# --- the protocol ---


@pytest.mark.parametrize("path", ["/query", "/sparql"])
def test_get_post_form_and_post_query_give_the_same_rows(served: Served, path: str) -> None:
    url = served.base + path
    by_get = rows(get(url, NASICON))
    by_form = rows(post(url, {"query": NASICON}))
    by_body = rows(
        request(
            url,
            method="POST",
            body=NASICON.encode(),
            headers={"Content-Type": "application/sparql-query", "Accept": JSON},
        )
    )
    assert by_get == by_form == by_body
    assert 0 < len(by_get) < MAX_ROWS  # the project's prefixes are known to the server


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_in_xml_and_csv(served: Served, method: str) -> None:
    from SPARQLWrapper import CSV, XML, SPARQLWrapper

    client = SPARQLWrapper(served.url)
    client.setMethod(method)
    client.setQuery("PREFIX naif: <https://w3id.org/naif/ontology#>\n" + NASICON)
    client.setReturnFormat(XML)
    document = client.queryAndConvert()
    found = [n.firstChild.data for n in document.getElementsByTagName("uri")]  # type: ignore[union-attr]
    client.setReturnFormat(CSV)
    text = client.queryAndConvert().decode()  # type: ignore[union-attr]
    assert found and text.split("\r\n")[1:-1] == found


def test_the_accept_header_chooses_the_format(served: Served) -> None:
    ask = post(served.url, {"query": "ASK { ?s ?p ?o }"}, accept="text/csv")
    assert ask.status == 200 and ask.text == "_askResult\r\ntrue\r\n"
    tsv = post(served.url, {"query": NASICON}, accept="text/tab-separated-values")
    assert tsv.headers["content-type"].startswith("text/tab-separated-values")
    assert tsv.text.startswith("?e\n<https://w3id.org/naif/data/")
    construct = "CONSTRUCT WHERE { nad:Na3SbS4 naif:formula ?f }"
    turtle = post(served.url, {"query": construct}, accept="text/turtle")
    assert turtle.headers["content-type"].startswith("text/turtle")
    assert 'nad:Na3SbS4 naif:formula "Na3SbS4"' in turtle.text
    triples = post(served.url, {"query": construct}, accept="*/*")
    assert triples.headers["content-type"] == "application/n-triples"
    assert triples.text == (
        "<https://w3id.org/naif/data/Na3SbS4> <https://w3id.org/naif/ontology#formula> "
        '"Na3SbS4" .\n'
    )
    assert_one_line(post(served.url, {"query": NASICON}, accept="image/png"), 406, "ask for")


# --- refused before the store sees the query ---


def test_updates_are_refused(served: Served) -> None:
    insert = "INSERT DATA { <urn:kg:a> <urn:kg:b> <urn:kg:c> }"
    sparql_update = {"Content-Type": "application/sparql-update"}
    for path in ("/update", "/query"):
        answer = request(
            served.base + path, method="POST", body=insert.encode(), headers=sparql_update
        )
        assert_one_line(answer, 403, "read-only")
    assert_one_line(post(served.base + "/update", {"update": insert}), 403, "read-only")
    assert_one_line(post(served.url, {"update": insert}), 403, "read-only")
    assert_one_line(post(served.url, {"query": insert}), 400, "update operations are refused")
    for load in ("LOAD <file:///etc/passwd>", "LOAD <http://127.0.0.1:9/x.ttl> INTO GRAPH <urn:g>"):
        assert_one_line(post(served.url, {"query": load}), 400, "refused")
    assert_one_line(request(served.base + "/store?default", method="PUT", body=b""), 405)
    assert_one_line(request(served.base + "/store?default", method="DELETE"), 405)
    assert rows(get(served.url, "SELECT * WHERE { <urn:kg:a> ?p ?o }")) == []


@contextlib.contextmanager
def listener() -> Iterator[tuple[str, socket.socket]]:
    """A socket on 127.0.0.1 that would see any connection a refused query makes."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        sock.settimeout(0.5)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/sparql", sock


def _nobody_called(sock: socket.socket) -> bool:
    try:
        connection, _ = sock.accept()
    except TimeoutError:
        return True
    connection.close()
    return False


@pytest.mark.parametrize(
    ("query", "word"),
    [
        ("SELECT * WHERE { SERVICE <{there}> { ?s ?p ?o } }", "SERVICE is refused"),
        (
            "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE SILENT <{there}> { ?s ?q ?x } } }",
            "SERVICE",
        ),
        ("ASK { FILTER EXISTS { SERVICE <{there}> { ?s ?p ?o } } }", "SERVICE is refused"),
        ("SELECT * WHERE { { SELECT ?s WHERE { SERVICE <{there}> { ?s ?p ?o } } } }", "SERVICE"),
        ("SELECT * FROM <{there}> WHERE { ?s ?p ?o }", "FROM and FROM NAMED are refused"),
        ("SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }", "FROM"),
        ("CONSTRUCT { ?s ?p ?o } FROM <file:///etc/hosts> WHERE { ?s ?p ?o }", "FROM"),
        ("SELECT * WHERE { \\u0053ERVICE <{there}> { ?s ?p ?o } }", "SERVICE is refused"),
        ('ASK { BIND("\\u005Cu0041" AS ?x) }', "escape that expands to another escape"),
    ],
)
def test_service_and_from_are_refused(served: Served, query: str, word: str) -> None:
    with listener() as (there, sock):
        answer = post(served.url, {"query": query.replace("{there}", there)})
        assert_one_line(answer, 400, word)
        assert _nobody_called(sock)


def test_an_escape_cannot_hide_service_from_the_check(served: Served) -> None:
    """rdflib expands \\u escapes before parsing, Oxigraph does not: in "a\\u005C" Oxigraph
    reads a string that ends in a backslash, rdflib a string that goes on, over SERVICE. The
    server evaluates the text rdflib checked, so SERVICE stays inside the string."""
    with listener() as (there, sock):
        hidden = (
            f'SELECT * WHERE {{ BIND("a\\u005C" AS ?y) SERVICE <{there}> {{ ?s ?p ?o }} '
            'BIND(" AS ?x) } #" AS ?z) }'
        )
        values = [r["x"]["value"] for r in rows(post(served.url, {"query": hidden}))]
        assert _nobody_called(sock)
    assert values == [f'a" AS ?y) SERVICE <{there}> {{ ?s ?p ?o }} BIND(']


@pytest.mark.parametrize("name", ["default-graph-uri", "named-graph-uri"])
def test_protocol_datasets_are_refused(served: Served, name: str) -> None:
    answer = post(served.url, {"query": "ASK { ?s ?p ?o }", name: "file:///etc/passwd"})
    assert_one_line(answer, 400, "refused")


# --- limits ---


def test_answers_are_cut_at_the_row_limit_with_a_notice(served: Served) -> None:
    everything = post(served.url, {"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert len(rows(everything)) == MAX_ROWS
    assert everything.headers["x-kg-truncated"] == "true"
    graph = post(
        served.url, {"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, accept="application/n-triples"
    )
    assert graph.status == 200 and graph.text.count("\n") == MAX_ROWS
    assert graph.headers["x-kg-truncated"] == "true"
    few = post(served.url, {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 3"})
    assert len(rows(few)) == 3 and "x-kg-truncated" not in few.headers


def test_the_client_reports_a_cut_answer(
    served: Served, capsys: pytest.CaptureFixture[str]
) -> None:
    result = query_endpoint(served.url, "SELECT * WHERE { ?s ?p ?o }", timeout=30)
    assert len(result.rows) == MAX_ROWS and result.incomplete
    warning = capsys.readouterr().err
    assert warning == (
        f"kg: warning: {served.url} sent an incomplete answer: the server cut it at its row limit\n"
    )
    assert not query_endpoint(served.url, "ASK { ?s ?p ?o }", timeout=30).incomplete


@pytest.mark.parametrize(
    "runaway",
    [
        RUNAWAY,  # counted as a stream: Oxigraph's own time limit may not stop it
        "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?i ?c",  # sorts in memory
    ],
)
def test_a_runaway_query_is_stopped_and_the_server_goes_on(served: Served, runaway: str) -> None:
    started = time.monotonic()
    answer = post(served.url, {"query": runaway}, timeout=60)
    took = time.monotonic() - started
    assert_one_line(answer, 503, "query stopped")
    assert took < TIMEOUT + 2 + 10, took  # the limit, the grace, and a loaded machine
    assert rows(get(served.url, NASICON))  # the next query is answered
    assert "Traceback" not in served.log.read_text()


def test_bodies_are_bounded(served: Served) -> None:
    """A body larger than 1 MiB is refused from its Content-Length, before it is read."""
    parts = urllib.parse.urlsplit(served.url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.putrequest("POST", parts.path)
        connection.putheader("Content-Type", FORM)
        connection.putheader("Content-Length", str(2**20 + 1))
        connection.endheaders()  # and no body: the answer comes without it
        response = connection.getresponse()
        headers = {k.lower(): v for k, v in response.getheaders()}
        answer = Reply(response.status, headers, response.read())
    finally:
        connection.close()
    assert_one_line(answer, 413, "larger than 1048576 bytes")
    chunked = request(
        served.url,
        method="POST",
        body=iter([b"query=ASK%20%7B%7D"]),
        headers={"Content-Type": FORM, "Transfer-Encoding": "chunked"},
    )
    assert_one_line(chunked, 411, "Content-Length")


# --- errors and CORS ---


def _bad_requests(served: Served) -> list[Reply]:
    raw = request(served.url, method="POST", body=b"", headers={"Content-Type": "text/plain"})
    return [
        get(served.url, "SELECT * WHERE { ?s ?p }"),  # syntax error
        get(served.url, 'SELECT * WHERE { ?s ?p ?o FILTER(?o = "unterminated) }'),
        request(served.url + "?query=%FF%FE"),  # not UTF-8
        request(served.url + "?query=" + urllib.parse.quote('ASK { BIND("\\uD800" AS ?x) }')),
        request(served.url),  # no query
        request(served.url + "?query=a&query=b"),  # two queries
        request(served.base + "/secret/../../etc/passwd"),
        request(served.base + "/query", method="OPTIONS"),
        request(served.base + "/query", method="HEAD"),
        request(
            served.url, method="POST", body=b"query=ASK%20%7B%7D"
        ),  # no Content-Type: text/plain
        raw,
        post(served.url, {"query": NASICON}, accept="application/x-nothing"),
    ]


def test_errors_are_one_line_without_tracebacks_or_paths(served: Served) -> None:
    for answer in _bad_requests(served):
        if answer.headers.get("content-length") == "0" or not answer.body:  # HEAD
            assert answer.status >= 400
            continue
        assert answer.status >= 400, answer
        assert_one_line(answer, answer.status)
    with socket.create_connection(("127.0.0.1", int(served.base.rsplit(":", 1)[1])), 10) as raw:
        raw.sendall(b"NOT HTTP AT ALL\r\n\r\n")
        reply = raw.recv(4096).decode()
    body = reply.rpartition("\r\n\r\n")[2]  # not HTTP/1.x: the answer has no status line
    assert body == "Bad request version ('ALL')\n"
    assert "Traceback" not in served.log.read_text()


def test_no_cors_unless_asked(served: Served, cache: Path) -> None:
    for answer in [get(served.url, NASICON), *_bad_requests(served)]:
        assert "access-control-allow-origin" not in answer.headers
    with kg_serve(cache, "--cors") as open_server:
        answer = get(open_server.url, NASICON)
        assert answer.status == 200 and answer.headers["access-control-allow-origin"] == "*"
        refused = post(open_server.url, {"update": "CLEAR ALL"})
        assert refused.status == 403 and refused.headers["access-control-allow-origin"] == "*"
        preflight = request(
            open_server.url,
            method="OPTIONS",
            headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST"},
        )
        assert preflight.status == 204
        assert "POST" in preflight.headers["access-control-allow-methods"]


def test_yasgui_page_is_served(served: Served) -> None:
    page = request(served.base + "/")
    assert page.status == 200 and b"yasgui" in page.body.lower()


# --- the command line ---


@pytest.mark.parametrize(
    ("options", "words"),
    [
        (("--max-rows", "0"), ["--max-rows must be at least 1"]),
        (("--timeout", "-1"), ["--timeout must be"]),
        (("--max-memory", "-5"), ["--max-memory"]),
        (("--port", "70000"), ["--port must be"]),
    ],
)
def test_bad_options_exit_2_in_one_line(
    tmp_path: Path, options: tuple[str, ...], words: list[str]
) -> None:
    proc = run_kg("serve", *options, env={"KG_CACHE": str(tmp_path / "cache")})
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1, proc.stderr
    assert proc.stderr.startswith("kg: error: ") and all(w in proc.stderr for w in words)


def test_a_busy_port_is_one_line(served: Served, cache: Path) -> None:
    port = served.base.rsplit(":", 1)[1]
    proc = run_kg("serve", "--port", port, env={"KG_CACHE": str(cache)})
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1, proc.stderr
    assert f"cannot listen on 127.0.0.1:{port}" in proc.stderr
