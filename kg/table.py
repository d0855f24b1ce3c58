"""Regenerate the review's Table 1 from the graph, and render it as Markdown, CSV or HTML.

The layout comes from the recorded rows and columns (``naif:TableRow``, ``naif:TableColumn``,
in ``graph_data/table1-layout.ttl`` and ``review.ttl``); the values come from the measurements
stated in the table (``naif:statedIn``). A cell holds every measurement of the row's material
with the column's property kind (and the column's evidence type, where it has one).

How a cell is written:

- a number as printed: ``naif:printedAs`` when the curators kept one, else the literal's own
  digits for ``xsd:decimal`` and ``xsd:integer``; an ``xsd:double`` (which rdflib normalises
  when it parses) is written back in the table's style, ``1.4 × 10⁻²``, from its shortest
  decimal form;
- a range or window as ``lo–hi``, a change as ``before → after``;
- a grade by its one-character ``skos:altLabel`` (``✓``, ``×``), else its ``rdfs:label``;
- the temperature, where the value has one, in brackets: ``1.4 × 10⁻² (25 °C)``.

Units go in the column headers, from the ``qudt:symbol`` of the units the column's values
use. A column whose values use several units (interfacial resistance: Ω and Ω·cm²) is not
converted, since an absolute and an area-specific resistance cannot be converted into each
other: the header names the most common unit and says the others are marked, and each cell
in another unit carries its symbol (``40 Ω·cm²``).
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal

from rdflib import Graph
from rdflib.term import Literal, Node, URIRef

from kg.errors import InputError, UsageError
from kg.namespaces import DCTERMS, NAD, NAIF, QUDT, RDF, RDFS, SKOS, XSD

__all__ = [
    "FORMATS",
    "Cell",
    "Column",
    "Row",
    "Table",
    "build_table",
    "number_text",
    "render",
    "subclasses",
]

#: The output formats :func:`render` writes.
FORMATS = ("markdown", "csv", "html")

_SUPERSCRIPT = str.maketrans("0123456789-+", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺")
_TRAILING_UNIT = re.compile(r"\s*\([^()]*\)\s*$")
_FLOATS = {XSD.double, XSD.float}


@dataclass(frozen=True)
class Column:
    """A printed property column.

    Attributes:
        iri: the ``naif:TableColumn``.
        number: its printed position (columns 1-2 are family and material).
        label: its name without a unit (``Ionic Conductivity``).
        kind: the property kind its cells report.
        evidence: the evidence type it is restricted to, or ``None``.
        unit: ``qudt:symbol`` of the most common unit of its values, or ``None``.
        mixed_units: whether some values use another unit (those cells show their symbol).
    """

    iri: URIRef
    number: int
    label: str
    kind: URIRef
    evidence: URIRef | None = None
    unit: str | None = None
    mixed_units: bool = False

    @property
    def header(self) -> str:
        """The column header with its unit: ``Ionic Conductivity (S/cm)``."""
        if self.unit is None:
            return self.label
        if self.mixed_units:
            return f"{self.label} ({self.unit}; other units marked)"
        return f"{self.label} ({self.unit})"


@dataclass(frozen=True)
class Cell:
    """One cell: its text and the measurement(s) it comes from (none for an empty cell)."""

    text: str = ""
    measurements: tuple[URIRef, ...] = ()


@dataclass(frozen=True)
class Row:
    """A printed row.

    Attributes:
        iri: the ``naif:TableRow``.
        number: its printed position.
        material: the row's material.
        material_label: the material's ``rdfs:label``.
        printed_family: the family label printed beside the row (often only on a group's first
            row, and kept where the extraction shifted it), or ``""``.
        family: the family class the material is typed with, or ``None``.
        cells: one cell per column of the table, in column order.
        sources: citation numbers of the row's references and of its cells' sources.
    """

    iri: URIRef
    number: int
    material: URIRef
    material_label: str
    printed_family: str
    family: URIRef | None
    cells: tuple[Cell, ...]
    sources: tuple[int, ...]

    @property
    def sources_text(self) -> str:
        """The sources as the review prints them: ``[183, 184]``."""
        return "[" + ", ".join(str(n) for n in self.sources) + "]" if self.sources else ""


@dataclass(frozen=True)
class Table:
    """A table regenerated from the graph: property columns and rows, in printed order."""

    columns: list[Column]
    rows: list[Row]
    caption: str = ""

    @property
    def headers(self) -> list[str]:
        """All rendered headers: family, material, the property columns, references."""
        return ["Family", "Material", *(c.header for c in self.columns), "References"]

    def records(self) -> list[list[str]]:
        """The rendered cells of each row, aligned with :attr:`headers`."""
        return [
            [r.printed_family, r.material_label, *(c.text for c in r.cells), r.sources_text]
            for r in self.rows
        ]


def _int(node: Node | None) -> int:
    return int(node.toPython()) if isinstance(node, Literal) else 0


def _text(graph: Graph, node: Node | None) -> str:
    if node is None:
        return ""
    label = graph.value(node, RDFS.label)
    if label is not None:
        return str(label)
    if isinstance(node, URIRef):
        return graph.namespace_manager.normalizeUri(node)
    return str(node)


def number_text(literal: Node | None) -> str:
    """Write a number literal with its printed digits, doubles as ``m × 10ⁿ``.

    Example:
        >>> number_text(Literal("0.20", datatype=XSD.decimal))
        '0.20'
        >>> number_text(Literal("1.05e-3", datatype=XSD.double))
        '1.05 × 10⁻³'
        >>> number_text(Literal("2e6", datatype=XSD.double))
        '2 × 10⁶'
    """
    if not isinstance(literal, Literal):
        return "" if literal is None else str(literal)
    if literal.datatype not in _FLOATS:
        return str(literal)
    value = float(literal.toPython())
    if value == 0:
        return "0"
    mantissa, _, exponent = format(Decimal(repr(value)).normalize(), "e").partition("e")
    power = int(exponent)
    if power == 0:
        return mantissa
    return f"{mantissa} × 10{str(power).translate(_SUPERSCRIPT)}"


def _grade(graph: Graph, grade: Node) -> str:
    short = sorted(str(a) for a in graph.objects(grade, SKOS.altLabel) if len(str(a)) <= 2)
    return short[0] if short else _text(graph, grade)


def _symbol(graph: Graph, unit: Node | None) -> str | None:
    if unit is None:
        return None
    symbol = graph.value(unit, QUDT.symbol)
    return str(symbol) if symbol is not None else _text(graph, unit)


def _value_text(graph: Graph, m: URIRef) -> str:
    printed = graph.value(m, NAIF.printedAs)
    if printed is not None:
        return str(printed)
    if (value := graph.value(m, QUDT.numericValue)) is not None:
        return number_text(value)
    lower, upper = graph.value(m, NAIF.lowerBound), graph.value(m, NAIF.upperBound)
    if lower is not None or upper is not None:
        return f"{number_text(lower)}–{number_text(upper)}"
    before, after = graph.value(m, NAIF.valueBefore), graph.value(m, NAIF.valueAfter)
    if before is not None or after is not None:
        return f"{number_text(before)} → {number_text(after)}"
    grade = graph.value(m, NAIF.qualitativeValue)
    return _grade(graph, grade) if grade is not None else ""


def _cell_text(graph: Graph, m: URIRef, column_unit: str | None) -> str:
    text = _value_text(graph, m)
    symbol = _symbol(graph, graph.value(m, QUDT.unit))
    if symbol is not None and symbol != column_unit and graph.value(m, NAIF.printedAs) is None:
        text = f"{text} {symbol}"
    condition = graph.value(m, NAIF.atTemperature)
    if condition is not None:
        degrees = number_text(graph.value(condition, QUDT.numericValue))
        unit = _symbol(graph, graph.value(condition, QUDT.unit)) or ""
        text = f"{text} ({degrees} {unit})".replace(" )", ")")
    return text


def subclasses(graph: Graph, top: URIRef) -> set[URIRef]:
    """``top`` and every class ``rdfs:subClassOf*`` it.

    Example:
        >>> from kg.load import load_graph
        >>> NAIF.SelenideElectrolyte in subclasses(load_graph(), NAIF.ChalcogenideElectrolyte)
        True
    """
    found = graph.transitive_subjects(RDFS.subClassOf, top)
    return {c for c in found if isinstance(c, URIRef)}


def _family_of(graph: Graph, material: URIRef, families: set[URIRef]) -> URIRef | None:
    found = sorted(c for c in graph.objects(material, RDF.type) if isinstance(c, URIRef))
    return next((c for c in found if c in families), None)


def _citations(graph: Graph, refs: set[Node]) -> tuple[int, ...]:
    numbers = {_int(n) for r in refs if (n := graph.value(r, NAIF.citationNumber)) is not None}
    return tuple(sorted(numbers))


def build_table(graph: Graph, *, family: URIRef | None = None, table: URIRef = NAD.Table1) -> Table:
    """Rebuild a recorded table (Table 1 by default) from its layout and its measurements.

    Args:
        graph: the compiled graph (see :func:`kg.load.load_graph`).
        family: keep only rows whose material is typed with this family class or one of its
            subclasses (a class ``rdfs:subClassOf*`` ``naif:SolidElectrolyte``).
        table: the ``naif:DocumentPart`` whose rows and columns are recorded.

    Raises:
        UsageError: if ``family`` is not an electrolyte family class.
        InputError: if the graph records no rows or columns for ``table``.

    Example:
        >>> from kg.load import load_graph
        >>> t = build_table(load_graph())
        >>> len(t.rows), t.columns[0].header
        (30, 'Ionic Conductivity (S/cm)')
        >>> t.rows[9].material_label, t.rows[9].cells[0].text, t.rows[9].sources_text
        ('Na3SbS4', '1.05 × 10⁻³ (25 °C)', '[183]')
    """
    families = subclasses(graph, NAIF.SolidElectrolyte)
    name = graph.namespace_manager.normalizeUri
    if family is not None and family not in families:
        raise UsageError(
            f"{name(family)} is not an electrolyte family (a naif:SolidElectrolyte class)"
        )
    keep = None if family is None else subclasses(graph, family)
    column_nodes = sorted(
        (
            c
            for c in graph.subjects(NAIF.inTable, table)
            if (c, RDF.type, NAIF.TableColumn) in graph
        ),
        key=lambda c: _int(graph.value(c, NAIF.columnNumber)),
    )
    row_nodes = sorted(
        (r for r in graph.subjects(NAIF.inTable, table) if (r, RDF.type, NAIF.TableRow) in graph),
        key=lambda r: _int(graph.value(r, NAIF.rowNumber)),
    )
    if not column_nodes or not row_nodes:
        raise InputError(f"no recorded rows or columns for {name(table)} (naif:inTable)")

    # measurements stated in the table, by (material, property kind)
    stated: dict[tuple[Node, Node], list[URIRef]] = defaultdict(list)
    for m in graph.subjects(NAIF.statedIn, table):
        material, kind = graph.value(m, NAIF.ofMaterial), graph.value(m, NAIF.propertyKind)
        if isinstance(m, URIRef) and material is not None and kind is not None:
            stated[(material, kind)].append(m)

    def matches(material: Node | None, column: Node) -> list[URIRef]:
        kind = graph.value(column, NAIF.columnProperty)
        evidence = graph.value(column, NAIF.columnEvidence)
        found = stated.get((material, kind), []) if material and kind else []
        return sorted(m for m in found if evidence is None or (m, NAIF.evidence, evidence) in graph)

    grid = {
        (r, c): matches(graph.value(r, NAIF.rowMaterial), c)
        for r in row_nodes
        for c in column_nodes
    }
    columns: list[Column] = []
    for c in column_nodes:
        units = Counter(
            s
            for r in row_nodes
            for m in grid[(r, c)]
            if (s := _symbol(graph, graph.value(m, QUDT.unit))) is not None
        )
        ranked = sorted(units.items(), key=lambda kv: (-kv[1], kv[0]))
        kind, evidence = graph.value(c, NAIF.columnProperty), graph.value(c, NAIF.columnEvidence)
        assert isinstance(c, URIRef) and isinstance(kind, URIRef)
        columns.append(
            Column(
                iri=c,
                number=_int(graph.value(c, NAIF.columnNumber)),
                label=_TRAILING_UNIT.sub("", _text(graph, c)),
                kind=kind,
                evidence=evidence if isinstance(evidence, URIRef) else None,
                unit=ranked[0][0] if ranked else None,
                mixed_units=len(ranked) > 1,
            )
        )

    rows: list[Row] = []
    for r in row_nodes:
        material = graph.value(r, NAIF.rowMaterial)
        assert isinstance(r, URIRef) and isinstance(material, URIRef)
        types = set(graph.objects(material, RDF.type))
        if keep is not None and not types & keep:
            continue
        cells = tuple(
            Cell(
                text="; ".join(_cell_text(graph, m, col.unit) for m in grid[(r, c)]),
                measurements=tuple(grid[(r, c)]),
            )
            for c, col in zip(column_nodes, columns, strict=True)
        )
        refs = set(graph.objects(r, DCTERMS.references))
        refs |= {
            s for cell in cells for m in cell.measurements for s in graph.objects(m, DCTERMS.source)
        }
        printed = graph.value(r, NAIF.printedFamilyLabel)
        rows.append(
            Row(
                iri=r,
                number=_int(graph.value(r, NAIF.rowNumber)),
                material=material,
                material_label=_text(graph, material),
                printed_family=str(printed) if printed is not None else "",
                family=_family_of(graph, material, families),
                cells=cells,
                sources=_citations(graph, refs),
            )
        )
    caption = f"{_text(graph, table)}, regenerated from the graph"
    if family is not None:
        caption += f" ({_text(graph, family)} rows only)"
    return Table(columns=columns, rows=rows, caption=caption)


def _markdown(table: Table) -> str:
    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

    # name and unit on two lines keeps the eleven columns narrow on a rendered page
    heads = [
        "Family",
        "Material",
        *(
            f"{c.label}<br>{c.header[len(c.label) + 1 :]}" if c.unit else c.label
            for c in table.columns
        ),
        "References",
    ]
    lines = [line(heads), line(["---"] * len(heads))]
    lines += [line(record) for record in table.records()]
    return "\n".join(lines) + "\n"


def _csv(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.headers)
    writer.writerows(table.records())
    return out.getvalue()


def _html(table: Table) -> str:
    from html import escape

    head = "".join(f"<th>{escape(h)}</th>" for h in table.headers)
    body = "\n".join(
        "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in record) + "</tr>"
        for record in table.records()
    )
    title = escape(table.caption or "Table")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n"
        "<style>table{border-collapse:collapse;font-family:sans-serif;font-size:0.9em}"
        "th,td{border:1px solid #999;padding:2px 6px;text-align:left}"
        "caption{font-weight:bold;margin-bottom:4px}</style>\n"
        "</head>\n<body>\n<table>\n"
        f"<caption>{title}</caption>\n"
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>\n</body>\n</html>\n"
    )


def render(table: Table, *, fmt: str) -> str:
    """Write ``table`` as ``markdown``, ``csv`` (RFC 4180) or ``html`` (a standalone page).

    Raises:
        UsageError: for any other format.

    Example:
        >>> t = Table(columns=[], rows=[])
        >>> print(render(t, fmt="markdown"), end="")
        | Family | Material | References |
        | --- | --- | --- |
        >>> render(t, fmt="pdf")
        Traceback (most recent call last):
        ...
        kg.errors.UsageError: unknown table format 'pdf' (choose from markdown, csv, html)
    """
    writers = {"markdown": _markdown, "csv": _csv, "html": _html}
    writer = writers.get(fmt)
    if writer is None:
        raise UsageError(f"unknown table format {fmt!r} (choose from {', '.join(FORMATS)})")
    return writer(table)
