"""Bad input and faults, table-driven: each gets one clear line, its exit code, and no change.

Every case runs the real ``kg`` command on a throw-away copy of the project. It asserts the
exit code, words of the one-line message (no traceback), and that ``graph_data/`` is byte
for byte what it was before the command (after the case's own setup, if any).
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from helpers import run_kg

PREFIXES = (
    "@prefix naif: <https://w3id.org/naif/ontology#> .\n"
    "@prefix nad: <https://w3id.org/naif/data/> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
)
PAPER = Path(__file__).parent / "data" / "paper"


@dataclass(frozen=True)
class Case:
    """One bad input: files to plant, the command, and what must come back."""

    args: tuple[str, ...]
    code: int
    words: tuple[str, ...]
    stdin: str | None = None
    files: dict[str, bytes] = field(default_factory=dict)  # relative to the project copy


def _ttl(body: str) -> dict[str, bytes]:
    return {"graph_data/zz-bad.ttl": (PREFIXES + body).encode("utf-8")}


def _bib(text: str) -> dict[str, bytes]:
    return {"graph_data/zz-bad.bib": text.encode("utf-8")}


REGEX_BOMB = (
    'SELECT ?x WHERE { BIND ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!" AS ?x)'
    ' FILTER (REGEX(?x, "^(a+)+$")) }'
)
CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"

CASES: dict[str, Case] = {
    # --- loading: Turtle -------------------------------------------------------------
    "turtle-missing-dot": Case(
        ("validate",), 2, ("zz-bad.ttl:5", "Turtle"), files=_ttl('nad:a rdfs:label "a"\n')
    ),
    "turtle-bad-utf8": Case(
        ("validate",),
        2,
        ("zz-bad.ttl:5", "UTF-8"),
        files={"graph_data/zz-bad.ttl": PREFIXES.encode() + b'nad:a rdfs:label "\xff\xfe" .\n'},
    ),
    "turtle-deep-nesting": Case(
        ("validate",), 2, ("zz-bad.ttl",), files=_ttl("nad:a rdfs:seeAlso " + "[ naif:x " * 10000)
    ),
    "turtle-iri-with-space": Case(
        ("validate",),
        2,
        ("zz-bad.ttl:5",),
        files=_ttl("<https://w3id.org/naif/data/a b> a naif:Finding .\n"),
    ),
    "turtle-ill-typed-literal": Case(
        ("validate",),
        2,
        ("zz-bad.ttl:5", "xsd:integer"),
        files=_ttl('nad:a naif:x "abc"^^xsd:integer .\n'),
    ),
    "turtle-undefined-prefix": Case(
        ("validate",), 2, ("zz-bad.ttl:5", "nope"), files=_ttl("nope:a a naif:Finding .\n")
    ),
    "turtle-control-character": Case(
        ("validate",), 2, ("zz-bad.ttl:5",), files=_ttl('nad:a rdfs:label "bell\\u0007" .\n')
    ),
    "rdfxml-refused": Case(
        ("validate",),
        2,
        ("zz-bad.rdf",),
        files={"graph_data/zz-bad.rdf": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "a">]><r/>'},
    ),
    "jsonld-remote-context-refused": Case(
        ("validate",),
        2,
        ("zz-bad.jsonld",),
        files={
            "graph_data/zz-bad.jsonld": b'{"@context": "http://example.org/ctx.jsonld", "@id": "x"}'
        },
    ),
    # the compiled store (kg query's default engine) refuses what kg validate refuses
    "store-ill-typed-literal": Case(
        ("query", "cq-03"),
        2,
        ("zz-bad.ttl:5", "xsd:integer"),
        files=_ttl('nad:a naif:x "abc"^^xsd:integer .\n'),
    ),
    "store-decimal-with-exponent": Case(
        ("query", "cq-03"),
        2,
        ("zz-bad.ttl:5", "xsd:decimal"),
        files=_ttl('nad:a naif:x "1e999999999"^^xsd:decimal .\n'),
    ),
    "store-control-character": Case(
        ("query", "cq-03"), 2, ("zz-bad.ttl:5",), files=_ttl('nad:a rdfs:label "bell\\u0007" .\n')
    ),
    "store-jsonld": Case(
        ("query", "cq-03"),
        2,
        ("zz-bad.jsonld", "JSON-LD"),
        files={"graph_data/zz-bad.jsonld": b"{}"},
    ),
    # --- loading: BibTeX ---------------------------------------------------------------
    "bibtex-unclosed-entry": Case(
        ("validate",),
        2,
        ("zz-bad.bib", "Bad2026"),
        files=_bib("@article{Bad2026,\n  author = {A},\n"),
    ),
    "bibtex-duplicate-key": Case(
        ("validate",),
        2,
        ("zz-bad.bib", "Dup2026"),
        files=_bib(
            "@article{Dup2026,\n  year = {2026},\n}\n@article{Dup2026,\n  year = {2026},\n}\n"
        ),
    ),
    "bibtex-missing-comma": Case(
        ("validate",),
        2,
        ("zz-bad.bib:1", "missing comma"),
        files=_bib("@article{Comma2026,\n  author = {A}\n  title = {B},\n  year = {2026},\n}\n"),
    ),
    "bibtex-missing-year": Case(
        ("validate",),
        2,
        ("zz-bad.bib:1", "year"),
        files=_bib("@article{NoYear2026,\n  author = {A},\n}\n"),
    ),
    "bibtex-duplicate-field": Case(
        ("validate",),
        2,
        ("zz-bad.bib", "title"),
        files=_bib("@article{Twice2026,\n  title = {A},\n  title = {B},\n  year = {2026},\n}\n"),
    ),
    # --- SPARQL: refused before evaluation ---------------------------------------------
    "sparql-service": Case(
        ("query", "-"),
        2,
        ("SERVICE is refused",),
        stdin="SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    ),
    "sparql-service-in-exists": Case(
        ("query", "-"),
        2,
        ("SERVICE is refused",),
        stdin="SELECT * WHERE { FILTER EXISTS { SERVICE SILENT <http://x/> { ?s ?p ?o } } }",
    ),
    "sparql-service-in-subquery": Case(
        ("query", "-", "--engine", "rdflib"),
        2,
        ("SERVICE is refused",),
        stdin="SELECT * WHERE { { SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } } } }",
    ),
    # rdflib expands \u escapes before parsing, Oxigraph does not: the engine must run the
    # text that was checked, or a SERVICE could hide in what rdflib reads as a string
    "sparql-escape-hides-service": Case(
        ("query", "-", "--format", "csv"),
        0,  # runs as rdflib reads it: the SERVICE part is inside a string, never called
        ('SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } # "',),
        stdin='SELECT * WHERE { BIND ("a\\u005C" AS ?y) SERVICE <http://127.0.0.1:9/> '
        '{ ?s ?p ?o } # " AS ?y)\n}\n',
    ),
    "sparql-escaped-service-keyword": Case(
        ("query", "-"),
        2,
        ("SERVICE is refused",),
        stdin="SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    ),
    "sparql-from-file": Case(
        ("query", "-"),
        2,
        ("FROM and FROM NAMED are refused",),
        stdin="SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
    ),
    "sparql-from-named": Case(
        ("query", "-"),
        2,
        ("FROM and FROM NAMED are refused",),
        stdin="SELECT * FROM NAMED <http://x/> WHERE { GRAPH ?g { ?s ?p ?o } }",
    ),
    "sparql-insert": Case(
        ("query", "-"),
        2,
        ("update operations are refused",),
        stdin="INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    ),
    "sparql-load": Case(
        ("query", "-"), 2, ("update operations are refused",), stdin="LOAD <file:///etc/passwd>"
    ),
    "sparql-drop": Case(("query", "-"), 2, ("update operations are refused",), stdin="DROP ALL"),
    "sparql-syntax": Case(
        ("query", "-"), 2, ("SPARQL syntax error",), stdin="SELECT ?x WHERE { ?x"
    ),
    "sparql-regex-bomb-rdflib": Case(
        ("query", "-", "--engine", "rdflib", "--timeout", "2"),
        2,
        ("stopped after 2 s",),
        stdin=REGEX_BOMB,
    ),
    "sparql-runaway-oxigraph": Case(
        ("query", "-", "--timeout", "2"), 2, ("stopped after 2 s",), stdin=CROSS_JOIN
    ),
    "sparql-bad-timeout": Case(
        ("query", "cq-03", "--timeout", "-1"), 2, ("--timeout", "must be above 0")
    ),
    "param-injection": Case(
        ("query", "cq-03", "--param", "electrolyte=x> } ; DROP ALL ; { <y"), 2, ("electrolyte",)
    ),
    # --- ask ---------------------------------------------------------------------------
    "ask-injection": Case(("ask", '"} ; DROP ALL ; { ?s ?p ?o'), 1, ("cannot answer",)),
    "ask-service-words": Case(
        ("ask", "SERVICE <http://example.org/> { ?s ?p ?o }"), 1, ("cannot answer",)
    ),
    "ask-control-characters": Case(
        ("ask", "which remedies\x1b[31m address\x7f MCI"), 0, ("Interpretation",)
    ),
    # --- export ------------------------------------------------------------------------
    "export-unknown-focus": Case(("export", "--focus", "nad:NoSuchThing"), 2, ("NoSuchThing",)),
    "export-missing-folder": Case(
        ("export", "--focus", "nad:Na3SbS4", "--format", "ttl", "-o", "no/such/folder/out.ttl"),
        2,
        ("folder does not exist",),
    ),
    "export-query-runaway": Case(
        ("export", "--query", "zz-bomb.rq", "--format", "ttl", "--timeout", "2"),
        2,
        ("stopped after 2 s",),
        files={"zz-bomb.rq": REGEX_BOMB.encode()},
    ),
    "export-query-update": Case(
        ("export", "--query", "zz-drop.rq", "--format", "ttl"),
        2,
        ("update operations are refused",),
        files={"zz-drop.rq": b"DROP ALL"},
    ),
    # --- add ---------------------------------------------------------------------------
    "add-broken-bibtex": Case(
        ("add", str(PAPER / "Smith2026.ttl"), "zz-paper.bib"),
        2,
        ("zz-paper.bib:1", "Broken2026"),
        files={"zz-paper.bib": b"@article{Broken2026,\n  author = {A}\n  year = 2026\n"},
    ),
    "add-rdfxml": Case(
        ("add", "zz-paper.rdf"),
        2,
        ("only a Turtle facts file",),
        files={"zz-paper.rdf": b"<rdf:RDF/>"},
    ),
}


def _snapshot(root: Path) -> dict[str, bytes]:
    data = root / "graph_data"
    return {p.relative_to(data).as_posix(): p.read_bytes() for p in data.rglob("*") if p.is_file()}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input(name: str, project_copy: Path, tmp_path: Path) -> None:
    case = CASES[name]
    for rel, data in case.files.items():
        (project_copy / rel).write_bytes(data)
    before = _snapshot(project_copy)
    args = [str(project_copy / a) if a.startswith("zz-") else a for a in case.args]
    if "-o" in args:
        args[args.index("-o") + 1] = str(tmp_path / args[args.index("-o") + 1])
    proc = run_kg(
        *args,
        "--root",
        str(project_copy),
        stdin=case.stdin,
        env={"KG_CACHE": str(tmp_path / "cache")},
    )
    assert proc.returncode == case.code, proc.stdout[-2000:] + proc.stderr
    assert "Traceback" not in proc.stderr
    assert "\x1b" not in proc.stdout + proc.stderr  # no terminal escapes echoed back
    lines = proc.stderr.strip().splitlines()
    message = proc.stderr if case.code == 2 else proc.stdout + proc.stderr
    if case.code == 2:
        assert len(lines) == 1, proc.stderr
    for words in case.words:
        assert words in message, message
    assert _snapshot(project_copy) == before


def test_at_least_thirty_cases() -> None:
    assert len(CASES) >= 30


def test_labels_cannot_break_out_of_the_html_page(project_copy: Path, tmp_path: Path) -> None:
    evil = "</script><script>alert(1)</script> & <b>"
    (project_copy / "graph_data" / "zz-evil.ttl").write_text(
        PREFIXES + f'nad:Evil a naif:Finding ; rdfs:label "{evil}" ; rdfs:seeAlso nad:Na3SbS4 .\n',
        encoding="utf-8",
    )
    out = tmp_path / "page.html"
    args = ["export", "--focus", "nad:Evil", "--format", "html", "-o", str(out)]
    proc = run_kg(*args, "--root", str(project_copy), env={"KG_CACHE": str(tmp_path / "cache")})
    assert proc.returncode == 0, proc.stderr
    page = out.read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page
    assert page.count("</script>") == page.count("<script")  # only the page's own scripts


class _Hanging(http.server.BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        threading.Event().wait(30)

    do_GET = do_POST
    do_PUT = do_POST

    def log_message(self, *args: object) -> None:
        pass


class _Failing(http.server.BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        # read the request first: a server that answers before reading a large body makes
        # the client's send fail with a broken pipe instead (a known limit, see the notes)
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = (
            b"<html><body><h1>Internal error</h1><pre>Traceback at /srv/app.py</pre></body></html>"
        )
        self.send_response(500)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST
    do_PUT = do_POST

    def log_message(self, *args: object) -> None:
        pass


class _Redirecting(http.server.BaseHTTPRequestHandler):
    """Sends every request to another host (the network guard fails the test if followed)."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(307)
        self.send_header("Location", "http://example.org/sparql")
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_POST
    do_PUT = do_POST

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def stub_server(request: pytest.FixtureRequest) -> Iterator[str]:
    handler: Callable[..., http.server.BaseHTTPRequestHandler] = request.param
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    yield f"http://{host}:{port}/sparql"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    ("stub_server", "command", "words"),
    [
        (_Hanging, ("query", "cq-03", "--timeout", "1"), "did not answer within 1 s"),
        (_Hanging, ("push", "--timeout", "1"), "did not answer within 1 s"),
        (_Failing, ("query", "cq-03"), "500"),
        (_Failing, ("push",), "500"),
        (_Redirecting, ("query", "cq-03"), "example.org"),
        (_Redirecting, ("push",), "example.org"),
    ],
    indirect=["stub_server"],
    ids=["query-hangs", "push-hangs", "query-500", "push-500", "query-redirect", "push-redirect"],
)
def test_a_bad_server_gives_one_line(
    stub_server: str, command: tuple[str, ...], words: str, tmp_path: Path
) -> None:
    proc = run_kg(*command, "--endpoint", stub_server, env={"KG_CACHE": str(tmp_path / "cache")})
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], proc.stderr
    assert "<html" not in proc.stderr and "Traceback" not in proc.stderr
