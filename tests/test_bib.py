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


def entry(body: str, key: str = "X2024-9", kind: str = "article") -> str:
    """An entry after GOOD, so that it starts on line 6."""
    return GOOD + f"\n@{kind}{{{key},\n{body}}}\n"


# (name, text, line, words): each must be one InputError naming the file, the line and the
# problem; nothing may vanish silently.
BROKEN = [
    (
        "unbalanced braces",
        GOOD + "\n@article{C2022-3,\n  author = {E. F,\n  year = {2022},\n}\n",
        6,
        "'C2022-3' is malformed",
    ),
    ("unbalanced quotes", entry('  author = "E. F,\n  year = {2022},\n'), 6, "is malformed"),
    (
        "unclosed entry",
        GOOD + "\n@article{C2022-3,\n  author = {E. F},\n  year = {2022},\n",
        6,
        "is malformed",
    ),
    (
        "duplicate key",
        GOOD + "\n@article{A2020-1,\n  author = {dup},\n  year = {2020},\n}\n",
        6,
        "duplicate citation key 'A2020-1'",
    ),
    (
        "duplicate key, other type",
        entry("  author = {dup},\n  year = {2020},\n", "A2020-1", "misc"),
        6,
        "duplicate citation key 'A2020-1'",
    ),
    (
        "duplicate field",
        entry("  author = {A},\n  year = {2020},\n  year = {2021},\n"),
        6,
        "entry 'X2024-9' has the field(s) 'year' more than once",
    ),
    (
        "duplicate field, other case",
        entry("  author = {A},\n  year = {2020},\n  Year = {2021},\n"),
        6,
        "entry 'X2024-9' has the field 'year' more than once",
    ),
    (
        "missing comma, next line",
        entry("  author = {C. D}\n  year = {2021},\n"),
        6,
        "field 'author' swallows the next field (missing comma?)",
    ),
    (
        "missing comma, same line",
        entry("  author = {A},\n  title = {A} year = {2020}\n"),
        6,
        "field 'title' swallows the next field (missing comma?)",
    ),
    (
        "missing comma, quoted value",
        entry('  author = {A},\n  title = "A" year = {2020},\n'),
        6,
        "field 'title' swallows the next field",
    ),
    (
        "missing comma, bare number",
        entry("  author = {A},\n  year = 2020 title = {T},\n"),
        6,
        "field 'year' swallows the next field",
    ),
    (
        "missing comma, merged author",
        entry("  author = {X},\n  title = {Y}\n  pages = {1},\n  year = {2020},\n"),
        6,
        "field 'title' swallows the next field",
    ),
    ("missing year", entry("  author = {G. H},\n"), 6, "needs a four-digit year, got ''"),
    ("malformed year", entry("  author = {G. H},\n  year = {20x0},\n"), 6, "got '20x0'"),
    (
        "year in other digits",
        entry("  author = {G. H},\n  year = {²⁰²⁰},\n"),
        6,
        "needs a four-digit year",
    ),
    ("missing author", entry("  year = {2023},\n"), 6, "no author"),
    (
        "citation number in other digits",
        entry("  author = {A},\n  year = {2020},\n  citationnumber = {¹},\n"),
        6,
        "citationnumber '¹' is not a number",
    ),
    (
        "no key",
        GOOD + "\n@article{\n  author = {A},\n  year = {2020},\n}\n",
        6,
        "entry without a citation key",
    ),
    (
        "no key, one line",
        GOOD + "\n@article{author = {A}, year = {2020}}\n",
        6,
        "entry without a citation key",
    ),
    (
        "empty key",
        GOOD + "\n@article{,\n  author = {A},\n  year = {2020},\n}\n",
        6,
        "entry without a citation key",
    ),
    (
        "key with a space",
        GOOD + "\n@article{A B,\n  author = {A},\n  year = {2020},\n}\n",
        6,
        "has characters not allowed in keys",
    ),
    ("no type", entry("  author = {A},\n  year = {2020},\n", kind=""), 6, "has no type"),
    (
        "missing @",
        GOOD + "\narticle{D2023-4,\n  author = {A},\n  year = {2023},\n}\n",
        6,
        "fields outside any entry",
    ),
    (
        "entry closed early",
        GOOD + "\n@article{D2023-4,\n  author = {A}},\n  year = {2023},\n}\n",
        6,
        "needs a four-digit year",
    ),
    (
        "control character",
        entry("  author = {A\x01},\n  year = {2020},\n"),
        7,
        "control character U+0001",
    ),
]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [pytest.param(text, line, words, id=name) for name, text, line, words in BROKEN],
)
def test_broken_entries_are_reported_by_key_and_line(text: str, line: int, words: str) -> None:
    with pytest.raises(InputError) as info:
        parse_bibtex_text(text, path="refs.bib")
    message = str(info.value)
    assert info.value.line == line, message
    assert words in message
    assert message.startswith(f"refs.bib:{line}: ")
    assert "\n" not in message and "\r" not in message


def test_the_first_problem_is_reported_with_the_count_of_the_others() -> None:
    text = entry("  author = {A},\n") + "\n@article{Y2024-10,\n  year = {2024},\n}\n"
    with pytest.raises(InputError, match=r"^refs.bib:6: .* \(and 1 more problem\(s\)\)$"):
        parse_bibtex_text(text, path="refs.bib")


# values that only look odd: an "=" inside a title is no missing comma
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "Na$_{3-x}$SbS$_4$ with x = 0.1"),
        ("title", "{The} {Na}-ion and {Li}-ion cases"),
        ("title", "{Na} metal against {Na3SbS4}"),
        ("note", "E = 1 eV at T = 300 K"),
        ("journal", "J. Am. Chem. Soc."),
    ],
)
def test_odd_but_valid_values_are_kept(field: str, value: str) -> None:
    [parsed] = parse_bibtex_text(
        f"@article{{A2020-1, author={{A}}, year={{2020}}, {field}={{{value}}}}}"
    )
    assert parsed.fields[field] == value


def test_broken_bib_in_project_fails_the_load(project_copy: Path) -> None:
    bib = project_copy / "graph_data" / "references.bib"
    bib.write_text(
        bib.read_text(encoding="utf-8") + "\n@article{Broken2020-999,\n  author = {X\n}\n"
    )
    with pytest.raises(InputError, match="Broken2020-999") as info:
        load(project_copy)
    assert info.value.path == Path("graph_data/references.bib")
