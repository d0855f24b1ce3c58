"""The loader builds one graph from ontology, curated Turtle and BibTeX, and refuses bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import RDF

from kg.errors import InputError
from kg.load import LoadedGraph, load
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
