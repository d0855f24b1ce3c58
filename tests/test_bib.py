"""references.bib becomes reference nodes; broken BibTeX never vanishes silently."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib.namespace import RDF

from kg.bib import entries_to_graph, parse_bibtex, parse_bibtex_text, reference_iri
from kg.errors import InputError
from kg.load import load
from kg.namespaces import BIBO, NAIF
from kg.paths import Layout

GOOD = "@article{A2020-1,\n  author = {A. B},\n  year = {2020},\n}\n"


def test_all_review_references_and_the_review_are_present(lay: Layout) -> None:
    entries = parse_bibtex(lay.bib)
    numbers = sorted(
        int(e.fields["citationnumber"]) for e in entries if "citationnumber" in e.fields
    )
    assert numbers == list(range(1, 264))
    assert "Tang2020-review" in {e.key for e in entries}


def test_entry_becomes_a_typed_reference_node() -> None:
    entries = parse_bibtex_text(
        "@patent{Kim2016-260,\n  author = {J.Y. Kim and others},\n  title = {Metallization},\n"
        "  year = {2016},\n  citationnumber = {260},\n}\n"
    )
    g = entries_to_graph(entries)
    node = reference_iri("Kim2016-260")
    assert (node, RDF.type, BIBO.Patent) in g
    assert (node, RDF.type, NAIF.Reference) in g
    assert int(g.value(node, NAIF.citationNumber)) == 260
    assert str(g.value(node, NAIF.citationKey)) == "Kim2016-260"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (
            GOOD + "\n@article{C2022-3,\n  author = {E. F,\n  year = {2022},\n}\n",
            6,
            "'C2022-3' is malformed",
        ),
        (
            GOOD + "\n@article{A2020-1,\n  author = {dup},\n  year = {2020},\n}\n",
            6,
            "duplicate citation key 'A2020-1'",
        ),
        (
            GOOD + "\n@article{B2021-2,\n  author = {C. D}\n  year = {2021},\n}\n",
            6,
            "missing comma",
        ),
        (GOOD + "\n@article{D2023-4,\n  author = {G. H},\n}\n", 6, "four-digit year"),
        (GOOD + "\n@article{E2023-5,\n  year = {2023},\n}\n", 6, "no author"),
    ],
)
def test_broken_entries_are_reported_by_key_and_line(text: str, line: int, words: str) -> None:
    with pytest.raises(InputError) as info:
        parse_bibtex_text(text, path="refs.bib")
    assert info.value.line == line
    assert words in str(info.value)
    assert str(info.value).startswith(f"refs.bib:{line}: ")


def test_broken_bib_in_project_fails_the_load(project_copy: Path) -> None:
    bib = project_copy / "graph_data" / "references.bib"
    bib.write_text(
        bib.read_text(encoding="utf-8") + "\n@article{Broken2020-999,\n  author = {X\n}\n"
    )
    with pytest.raises(InputError, match="Broken2020-999") as info:
        load(project_copy)
    assert info.value.path == Path("graph_data/references.bib")
