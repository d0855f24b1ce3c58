"""`kg.table`: Table 1 regenerated from the graph, checked cell by cell against the curated facts.

The expectations come from SPARQL over the graph (the layout and the measurements stated in
Table 1), not from the function under test; the rendered text is parsed back into numbers.
"""

from __future__ import annotations

import csv
import io
import math
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.term import URIRef

from kg.errors import UsageError
from kg.namespaces import NAD, NAIF, QUDT, XSD
from kg.query import select
from kg.table import Cell, Column, Row, Table, build_table, render

ROOT = Path(__file__).resolve().parent.parent

LAYOUT_ROWS = """
SELECT ?row ?number ?material WHERE {
  ?row a naif:TableRow ; naif:inTable nad:Table1 ; naif:rowNumber ?number ;
       naif:rowMaterial ?material .
} ORDER BY ?number
"""
LAYOUT_COLUMNS = """
SELECT ?column ?number ?label ?property ?evidence WHERE {
  ?column a naif:TableColumn ; naif:inTable nad:Table1 ; naif:columnNumber ?number ;
          rdfs:label ?label ; naif:columnProperty ?property .
  OPTIONAL { ?column naif:columnEvidence ?evidence }
} ORDER BY ?number
"""
# Every value stated in Table 1, with what a reader must see in its cell.
STATED = """
SELECT ?m ?material ?property ?evidence ?value ?lower ?upper ?grade ?printed ?t WHERE {
  ?m a naif:Measurement ; naif:statedIn nad:Table1 ; naif:ofMaterial ?material ;
     naif:propertyKind ?property ; naif:evidence ?evidence .
  OPTIONAL { ?m qudt:numericValue ?value }
  OPTIONAL { ?m naif:lowerBound ?lower ; naif:upperBound ?upper }
  OPTIONAL { ?m naif:qualitativeValue/skos:altLabel ?grade }
  OPTIONAL { ?m naif:printedAs ?printed }
  OPTIONAL { ?m naif:atTemperature/qudt:numericValue ?t }
}
"""
ROW_REFERENCES = """
SELECT ?number ?n WHERE {
  ?row a naif:TableRow ; naif:inTable nad:Table1 ; naif:rowNumber ?number ;
       dcterms:references/naif:citationNumber ?n .
}
"""
FAMILY_ROWS = """
SELECT ?number WHERE {
  ?row a naif:TableRow ; naif:inTable nad:Table1 ; naif:rowNumber ?number ; naif:rowMaterial ?m .
  ?m a/rdfs:subClassOf* ?family .
} ORDER BY ?number
"""

_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
_NUMBER = re.compile(r"(\d+(?:\.\d+)?)(?: × 10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+))?")


def numbers_in(text: str) -> list[float]:
    """Every number written in a cell, reading ``1.4 × 10⁻²`` as 0.014."""
    found = []
    for mantissa, power in _NUMBER.findall(text):
        value = float(mantissa)
        if power:
            value *= 10.0 ** int(power.translate(_SUPERSCRIPT))
        found.append(value)
    return found


def shows(text: str, value: float) -> bool:
    return any(math.isclose(n, value, rel_tol=1e-9) for n in numbers_in(text))


@pytest.fixture(scope="module")
def table(graph: Graph) -> Table:
    return build_table(graph)


@pytest.fixture(scope="module")
def layout_rows(graph: Graph) -> list[dict[str, object]]:
    return select(graph, LAYOUT_ROWS)


@pytest.fixture(scope="module")
def layout_columns(graph: Graph) -> list[dict[str, object]]:
    return select(graph, LAYOUT_COLUMNS)


@pytest.fixture(scope="module")
def csv_cells(table: Table) -> list[list[str]]:
    return list(csv.reader(io.StringIO(render(table, fmt="csv"), newline="")))


def test_every_layout_row_appears_in_printed_order(table, layout_rows):
    assert len(layout_rows) == 30
    assert [(r.number, r.material) for r in table.rows] == [
        (int(r["number"]), r["material"]) for r in layout_rows
    ]


def test_every_layout_column_appears_in_printed_order(table, layout_columns):
    assert [c.iri for c in table.columns] == [r["column"] for r in layout_columns]
    for column, r in zip(table.columns, layout_columns, strict=True):
        assert column.header.startswith(str(r["label"]).split(" (")[0])


def test_every_table1_value_is_shown_in_its_cell(graph, table, layout_rows, layout_columns):
    """For each measurement stated in Table 1: the rendered cell at its row and column shows it."""
    stated = select(graph, STATED)
    assert len(stated) == 108  # the curation log counts 108 printed cells
    row_of = {r["material"]: i for i, r in enumerate(layout_rows)}
    rendered = table.records()
    offset = 2  # rendered columns: family, material, then the property columns
    expected: dict[tuple[int, int], set[object]] = {}
    for fact in stated:
        columns = [
            j
            for j, c in enumerate(layout_columns)
            if c["property"] == fact["property"]
            and (c["evidence"] is None or c["evidence"] == fact["evidence"])
        ]
        assert len(columns) == 1, fact["m"]
        i, j = row_of[fact["material"]], columns[0]
        text = rendered[i][offset + j]
        assert fact["m"] in table.rows[i].cells[j].measurements
        where = f"{fact['m']} -> row {i + 1}, {table.columns[j].label}: {text!r}"
        if fact["printed"] is not None:
            assert str(fact["printed"]) in text, where
        elif fact["value"] is not None:
            assert shows(text, float(fact["value"].toPython())), where
        if fact["lower"] is not None:
            assert shows(text, float(fact["lower"].toPython())), where
            assert shows(text, float(fact["upper"].toPython())), where
            assert "–" in text, where
        if fact["grade"] is not None:
            assert text == str(fact["grade"]), where
        if fact["t"] is not None:
            assert f"({fact['t']} °C)" in text, where
        expected.setdefault((i, j), set()).add(fact["m"])
    # and no cell shows a value that belongs elsewhere
    for i, row in enumerate(table.rows):
        for j, cell in enumerate(row.cells):
            assert set(cell.measurements) == expected.get((i, j), set()), (i + 1, j)


def test_cells_without_a_table1_value_are_empty(graph, table):
    stated = {r["m"] for r in select(graph, STATED)}
    shown = {m for row in table.rows for cell in row.cells for m in cell.measurements}
    assert shown == stated
    for row in table.rows:
        for cell in row.cells:
            assert bool(cell.text) == bool(cell.measurements)


def test_filled_columns_of_the_layout_are_the_non_empty_cells(graph, table):
    filled = {
        (int(r["number"]), r["column"])
        for r in select(
            graph,
            "SELECT ?number ?column WHERE { ?row naif:inTable nad:Table1 ; "
            "naif:rowNumber ?number ; naif:filledColumn ?column }",
        )
    }
    non_empty = {
        (row.number, column.iri)
        for row in table.rows
        for column, cell in zip(table.columns, row.cells, strict=True)
        if cell.text
    }
    assert non_empty == filled


def test_spot_cells_read_as_printed(table):
    row = {r.number: r for r in table.rows}
    col = {c.label: k for k, c in enumerate(table.columns)}
    assert row[1].printed_family == "β-Alumina"
    assert row[1].cells[col["Ionic Conductivity"]].text == "1.4 × 10⁻² (25 °C)"
    assert row[1].cells[col["Wettability"]].text == "×"
    assert row[2].cells[col["Ea"]].text == "0.20"  # decimal digits kept
    assert row[3].cells[col["Predicted Window"]].text == "1.1–3.5"
    assert row[3].cells[col["Interfacial Resistance"]].text == "14.25 kΩ"  # printedAs
    assert row[5].cells[col["Ionic Conductivity"]].text == "1.10 × 10⁻³ (25 °C)"
    assert row[7].cells[col["Shear Modulus"]].text == "5–10"
    assert row[7].cells[col["Wettability"]].text == "✓"
    assert row[10].cells[col["Interfacial Resistance"]].text == "40 Ω·cm²"
    assert row[19].cells[col["Interfacial Resistance"]].text == "2 × 10⁶"
    assert row[21].cells[col["Ionic Conductivity"]].text == "1 × 10⁻² (110 °C)"


def test_headers_carry_units_from_the_data(table):
    headers = {c.label: c.header for c in table.columns}
    assert headers["Ionic Conductivity"] == "Ionic Conductivity (S/cm)"
    assert headers["Ea"] == "Ea (eV)"
    assert headers["Electrochemical Window"] == "Electrochemical Window (V)"
    assert headers["Young's Modulus"] == "Young's Modulus (GPa)"
    assert headers["Wettability"] == "Wettability"
    # Ω in five rows, Ω·cm² in one: the header names Ω, the odd cell carries its unit
    assert headers["Interfacial Resistance"] == "Interfacial Resistance (Ω; other units marked)"


def test_sources_hold_each_rows_citation_numbers(graph, table):
    expected: dict[int, set[int]] = {}
    for r in select(graph, ROW_REFERENCES):
        expected.setdefault(int(r["number"]), set()).add(int(r["n"]))
    for row in table.rows:
        assert expected[row.number] <= set(row.sources)
    assert {r.number: r.sources_text for r in table.rows}[10] == "[183]"
    assert {r.number: r.sources_text for r in table.rows}[3] == "[209, 210]"


def test_a_changed_value_changes_its_cell(graph):
    """The table is read from the facts: edit one value and its cell follows."""
    copy = Graph()
    copy += graph
    m = NAD["m-Na3SbS4-ionic-conductivity-table1"]
    copy.set((m, QUDT.numericValue, Literal("2.5e-3", datatype=XSD.double)))
    row = next(r for r in build_table(copy).rows if r.number == 10)
    assert row.cells[0].text == "2.5 × 10⁻³ (25 °C)"


def test_csv_parses_back_to_the_same_cells(table, csv_cells):
    assert csv_cells[0] == table.headers
    assert csv_cells[1:] == table.records()
    assert len(csv_cells) == 31
    assert render(table, fmt="csv").endswith("\r\n")


class _Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.in_cell = False
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.in_cell = True
            self.rows[-1].append("")

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.in_cell = False

    def handle_data(self, data):
        if self.in_cell:
            self.rows[-1][-1] += data


def test_html_is_a_page_with_the_same_rows(table):
    page = render(table, fmt="html")
    assert page.startswith("<!DOCTYPE html>")
    parser = _Cells()
    parser.feed(page)
    assert {"html", "head", "body", "table", "thead", "tbody"} <= set(parser.tags)
    assert not {"script", "link", "img"} & set(parser.tags)
    assert parser.rows[0] == table.headers
    assert parser.rows[1:] == table.records()
    assert len(parser.rows) == len(table.rows) + 1


def test_html_escapes_text():
    row = Row(
        iri=URIRef("urn:r"),
        number=1,
        material=URIRef("urn:m"),
        material_label="<b>A&B</b>",
        printed_family="",
        family=None,
        cells=(Cell("x < 1 | y"),),
        sources=(1,),
    )
    column = Column(iri=URIRef("urn:c"), number=3, label="P", kind=URIRef("urn:p"))
    tiny = Table(columns=[column], rows=[row])
    page = render(tiny, fmt="html")
    assert "<b>" not in page and "&lt;b&gt;A&amp;B&lt;/b&gt;" in page
    parser = _Cells()
    parser.feed(page)
    assert parser.rows[1] == ["", "<b>A&B</b>", "x < 1 | y", "[1]"]
    markdown = render(tiny, fmt="markdown").splitlines()
    assert markdown[2] == "|  | <b>A&B</b> | x < 1 \\| y | [1] |"


def test_markdown_has_one_line_per_row(table):
    lines = render(table, fmt="markdown").splitlines()
    assert len(lines) == 2 + len(table.rows)
    assert lines[1].startswith("| --- |")
    for line, row in zip(lines[2:], table.rows, strict=True):
        assert line.startswith("| ") and line.endswith(" |")
        assert f"| {row.material_label} |" in line
        assert line.count(" | ") == len(table.headers) - 1


@pytest.mark.parametrize(
    ("family", "numbers"),
    [
        (NAIF.ChalcogenideElectrolyte, list(range(7, 19))),
        (NAIF.SelenideElectrolyte, [13, 14, 17]),
        (NAIF.ComplexHydrideElectrolyte, [19, 20, 21, 22, 23]),
        (NAIF.PerovskiteElectrolyte, [24, 25]),
    ],
)
def test_family_filter_keeps_the_family_and_its_subclasses(graph, family, numbers):
    expected = [int(r["number"]) for r in select(graph, FAMILY_ROWS, bindings={"family": family})]
    assert expected == numbers
    filtered = build_table(graph, family=family)
    assert [r.number for r in filtered.rows] == expected
    assert len(filtered.columns) == 9


def test_family_filter_refuses_a_class_that_is_not_a_family(graph):
    with pytest.raises(UsageError, match="naif:Measurement is not an electrolyte family"):
        build_table(graph, family=NAIF.Measurement)


def test_unknown_format_is_a_one_line_usage_error(table):
    with pytest.raises(UsageError) as caught:
        render(table, fmt="xlsx")
    assert "\n" not in str(caught.value) and "xlsx" in str(caught.value)
