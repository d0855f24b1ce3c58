"""The loader builds one graph from ontology, curated Turtle and BibTeX, and refuses bad input."""

from __future__ import annotations

import socket
import time
from pathlib import Path
from typing import Any

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF, XSD

from kg.errors import InputError
from kg.load import LoadedGraph, load, parse_turtle
from kg.namespaces import NAIF, REF


def test_graph_holds_ontology_data_and_references(loaded: LoadedGraph) -> None:
    g = loaded.graph
    assert (NAIF.Measurement, RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")) in g
    assert (URIRef("https://w3id.org/naif/data/Na3SbS4"), RDF.type, NAIF.SulfideElectrolyte) in g
    assert (REF["Wenzel2016-105"], RDF.type, NAIF.Reference) in g


def test_origins_name_the_file_of_each_subject(loaded: LoadedGraph) -> None:
    assert loaded.origin(URIRef("https://w3id.org/naif/data/Na3SbS4")) == "graph_data/materials.ttl"
    assert loaded.origin(REF["Wenzel2016-105"]) == "graph_data/references.bib"


def test_prefixes_are_bound_once(loaded: LoadedGraph) -> None:
    prefixes = dict(loaded.graph.namespaces())
    assert str(prefixes["naif"]) == str(NAIF)
    assert not [p for p in prefixes if p.startswith("naif") and p[4:].isdigit()]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('@prefix ex: <http://e/> .\nex:a ex:b ex:c .\nex:d ex:e "open .\n', 3, "newline found"),
        ("@prefix ex: <http://e/> .\n\nex:a ex:b ex:c ;\n ex:q .\n", 4, "syntax error"),
        ("ex:a ex:b ex:c .\n", 1, "not bound"),
        ("@prefix ex: <http://e/> .\nex:a ex:b <http://x y> .\n", 2, "space"),
        (
            "@prefix ex: <http://e/> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
            'ex:a ex:b "abc"^^xsd:integer .\n',
            3,
            "not a valid",
        ),
    ],
)
def test_malformed_turtle_is_reported_with_file_and_line(
    project_copy: Path, text: str, line: int, words: str
) -> None:
    bad = project_copy / "graph_data" / "zz-broken.ttl"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load(project_copy)
    assert info.value.path == Path("graph_data/zz-broken.ttl")
    assert info.value.line == line
    assert words in str(info.value)
    assert "\n" not in str(info.value)


def test_bad_utf8_is_reported(project_copy: Path) -> None:
    bad = project_copy / "graph_data" / "zz-latin1.ttl"
    bad.write_bytes(b'@prefix ex: <http://e/> .\nex:a ex:b "caf\xe9" .\n')
    with pytest.raises(InputError, match="UTF-8") as info:
        load(project_copy)
    assert info.value.line == 2


def test_missing_folders_are_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no ontology/ folder"):
        load(tmp_path)


PREFIXES = (
    "@prefix ex: <http://example.org/> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
)

# (name, file content, line, words of the message): each must be one InputError naming the file
# and the line, never a traceback, a RecursionError or a hang.
BAD_TURTLE = [
    ("bad UTF-8", b'ex:a ex:b "caf\xe9" .\n', 3, "not valid UTF-8"),
    ("truncated UTF-8", b'ex:a ex:b "\xe2\x82" .\n', 3, "not valid UTF-8"),
    (
        "nested [ 10000 deep",
        b"ex:a ex:b " + b"[ ex:c " * 10_000 + b"1" + b" ]" * 10_000,
        3,
        "nested too deeply",
    ),
    (
        "nested ( 10000 deep",
        b"ex:a ex:b " + b"( " * 10_000 + b") " * 10_000 + b".\n",
        3,
        "nested too deeply",
    ),
    ("unclosed [ 10000 deep", b"\nex:a ex:b " + b"[" * 10_000, 4, "nested too deeply"),
    ("IRI with a space", b"ex:a ex:b <http://x y> .\n", 3, "contains a space"),
    ("IRI with an escaped space", b"ex:a ex:b <http://x\\u0020y> .\n", 3, "contains a space"),
    ("IRI with a control character", b"ex:a ex:b <http://x\\u0001y> .\n", 3, "not allowed"),
    (
        "ill-typed integer",
        b'ex:a ex:b\n  "abc"^^xsd:integer .\n',
        4,
        'literal "abc" is not a valid xsd:integer',
    ),
    (
        "ill-typed boolean",
        b'ex:a ex:b "maybe"^^xsd:boolean .\n',
        3,
        'literal "maybe" is not a valid xsd:boolean',
    ),
    ("ill-typed date", b'ex:a ex:b "2020-13-45"^^xsd:date .\n', 3, '"2020-13-45" is not a valid'),
    ("ill-typed double", b'ex:a ex:b "1.2.3"^^xsd:double .\n', 3, '"1.2.3" is not a valid'),
    (
        "decimal with an exponent",
        b'ex:a ex:b "1e999999999"^^xsd:decimal .\n',
        3,
        "not a valid xsd:decimal",
    ),
    ("integer of 5000 digits", b"ex:a ex:b " + b"9" * 5000 + b" .\n", 3, "more than 4300 digits"),
    ("control character in a literal", b'ex:a ex:b "a\x01b" .\n', 3, "control character U+0001"),
    ("control character between terms", b"ex:a\x07 ex:b ex:c .\n", 3, "control character U+0007"),
    ("NUL byte", b"ex:a ex:b ex:c .\n\x00", 4, "control character U+0000"),
    ("escaped control character", b'ex:a ex:b "a\\u0001b" .\n', 3, "control character"),
    ("escaped lone surrogate", b'ex:a ex:b "\\uD800" .\n', 3, "lone surrogate"),
    ("bad language tag", b'ex:a ex:b "x"@123 .\n', 3, "not a valid language tag"),
    ("N3 variable", b"?x ex:b ex:c .\n", 3, "Turtle syntax error"),
    ("N3 rule", b"{ ?x ex:b ?y } => { ?y ex:b ?x } .\n", 3, "Turtle syntax error"),
    ("TriG graph", b"ex:g { ex:a ex:b ex:c }\n", 3, "Turtle syntax error"),
    (
        "RDF/XML in a .ttl file",
        b'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n',
        3,
        "not allowed in IRIs",
    ),
    ("unterminated string", b'ex:a ex:b "open .\n', 3, "Turtle syntax error"),
]


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [pytest.param(content, line, words, id=name) for name, content, line, words in BAD_TURTLE],
)
def test_bad_turtle_is_one_line_naming_file_and_line(
    tmp_path: Path, content: bytes, line: int, words: str
) -> None:
    path = tmp_path / "graph_data" / "zz-bad.ttl"
    path.parent.mkdir()
    path.write_bytes(PREFIXES.encode() + content)
    start = time.perf_counter()
    with pytest.raises(InputError) as info:
        parse_turtle(path, root=tmp_path)
    assert time.perf_counter() - start < 10
    message = str(info.value)
    assert message.startswith(f"graph_data/zz-bad.ttl:{line}: "), message
    assert words in message
    assert "\n" not in message and "\r" not in message
    assert len(message) < 300


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.ttl"
    path.write_bytes(b"\xef\xbb\xbf<urn:a> <urn:b> 1 .\n")
    assert (URIRef("urn:a"), URIRef("urn:b"), Literal(1)) in parse_turtle(path)


def test_well_typed_literals_keep_their_values(tmp_path: Path) -> None:
    path = tmp_path / "ok.ttl"
    path.write_text(
        PREFIXES + 'ex:a ex:b " 1.50 "^^xsd:decimal, "true"^^xsd:boolean, 1e400, "a\tb" .\n',
        encoding="utf-8",
    )
    values = {o.toPython() for o in parse_turtle(path).objects()}
    assert {True, float("inf"), "a\tb"} <= values
    assert any(o.datatype == XSD.decimal for o in parse_turtle(path).objects())


# (file name, words): only Turtle is read, chosen by the extension, whatever the content
OTHER_FORMATS = [
    ("data.rdf", "RDF/XML is not read"),
    ("data.owl", "RDF/XML is not read"),
    ("data.xml", "RDF/XML is not read"),
    ("data.jsonld", "JSON-LD is not read"),
    ("data.json", "JSON-LD is not read"),
    ("data.nt", "only Turtle is read"),
    ("data.nq", "only Turtle is read"),
    ("data.trig", "only Turtle is read"),
    ("data.n3", "N3 is not read"),
    ("data.txt", "only Turtle files (.ttl) are read"),
    ("data", "only Turtle files (.ttl) are read"),
    ("data.ttl.bak", "only Turtle files (.ttl) are read"),
]

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
        for i in range(1, 10)
    )
    + ']>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">&lol9;</rdf:RDF>\n'
)


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to reach the network fails the test."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.mark.parametrize(("name", "words"), OTHER_FORMATS)
def test_other_formats_are_refused_naming_the_file(
    tmp_path: Path, offline: None, name: str, words: str
) -> None:
    path = tmp_path / name
    content = {
        ".rdf": BILLION_LAUGHS,
        ".jsonld": '{"@context": "http://schema.org/", "@id": "urn:a", "name": "x"}',
    }.get(path.suffix, "<urn:a> <urn:b> 1 .\n")
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        parse_turtle(path, root=tmp_path)
    assert str(info.value) == f"{name}: {info.value.message}"
    assert words in info.value.message
    assert info.value.line is None


@pytest.mark.parametrize("name", ["extra.jsonld", "nested/extra.rdf"])
def test_rdf_in_another_format_among_the_sources_fails_the_load(
    project_copy: Path, name: str
) -> None:
    path = project_copy / "graph_data" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(InputError, match="is not read") as info:
        load(project_copy)
    assert info.value.path == Path("graph_data") / name


def test_owl_imports_is_never_followed(
    project_copy: Path, loaded: LoadedGraph, offline: None
) -> None:
    path = project_copy / "graph_data" / "zz-imports.ttl"
    path.write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "<urn:naif:test> a owl:Ontology ;\n  owl:imports <http://example.org/x> .\n",
        encoding="utf-8",
    )
    part = parse_turtle(path)
    assert set(part) == {
        (URIRef("urn:naif:test"), RDF.type, OWL.Ontology),
        (URIRef("urn:naif:test"), OWL.imports, URIRef("http://example.org/x")),
    }
    graph = load(project_copy).graph
    assert len(graph) == len(loaded.graph) + 2  # the statement itself, nothing imported
    assert not list(graph.triples((None, None, URIRef("http://example.org/x#Thing"))))
