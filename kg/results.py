"""Write query results in the W3C SPARQL 1.1 results formats (JSON, CSV, TSV) or a table.

The writers work on plain rows of rdflib terms, so every engine's answers print the same.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from rdflib import Graph
from rdflib.term import BNode, Identifier, Literal, URIRef

from kg.errors import UsageError
from kg.query import QueryResult

__all__ = ["FORMATS", "format_result", "term_json", "term_tsv"]

#: Output formats of ``kg query``.
FORMATS = ("table", "json", "csv", "tsv")

_XSD = "http://www.w3.org/2001/XMLSchema#"


def term_json(term: Identifier) -> dict[str, str]:
    """One RDF term as a SPARQL 1.1 JSON results binding.

    Example:
        >>> term_json(Literal("1.5", datatype=URIRef(_XSD + "double")))
        {'type': 'literal', 'value': '1.5', 'datatype': 'http://www.w3.org/2001/XMLSchema#double'}
    """
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype is not None:
        out["datatype"] = str(term.datatype)
    return out


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )


def term_tsv(term: Identifier) -> str:
    """One RDF term in the SPARQL 1.1 TSV encoding (Turtle-style terms).

    Example:
        >>> term_tsv(Literal("Na3SbS4", lang="en"))
        '"Na3SbS4"@en'
    """
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    assert isinstance(term, Literal)
    body = f'"{_escape(str(term))}"'
    if term.language:
        return f"{body}@{term.language}"
    if term.datatype is not None and str(term.datatype) != _XSD + "string":
        return f"{body}^^<{term.datatype}>"
    return body


def _csv_value(term: Identifier | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _table_value(term: Identifier | None, graph: Graph | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef) and graph is not None:
        try:
            return graph.namespace_manager.normalizeUri(term)
        except Exception:  # pragma: no cover - odd IRIs
            return f"<{term}>"
    return str(term)


def _table(
    variables: Sequence[str], rows: Sequence[Sequence[Identifier | None]], graph: Graph | None
) -> str:
    cells = [[_table_value(t, graph) for t in row] for row in rows]
    widths = [max([len(v), *(len(r[i]) for r in cells)]) for i, v in enumerate(variables)]
    line = " | ".join(v.ljust(w) for v, w in zip(variables, widths, strict=True))
    out = [line, "-+-".join("-" * w for w in widths)]
    out += [" | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in cells]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def format_result(result: QueryResult, *, fmt: str = "table", graph: Graph | None = None) -> str:
    r"""Render a :class:`~kg.query.QueryResult`.

    Args:
        result: the answer of :func:`kg.query.run`.
        fmt: ``table`` (prefixed names, for reading), ``json``, ``csv`` or ``tsv``
            (the W3C SPARQL 1.1 query results formats).
        graph: whose prefixes shorten IRIs in the table.

    Example:
        >>> r = QueryResult("select", ("s",), ((URIRef("urn:a"),),))
        >>> format_result(r, fmt="csv")
        's\r\nurn:a\r\n'
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown format '{fmt}' (choose from {', '.join(FORMATS)})")
    if result.kind == "graph":
        assert result.graph is not None
        return result.graph.serialize(format="turtle")
    if result.kind == "ask":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": bool(result.boolean)}, indent=2) + "\n"
        if fmt in ("csv", "tsv"):
            return ("_askResult\r\n" if fmt == "csv" else "?_askResult\n") + (
                f"{str(bool(result.boolean)).lower()}" + ("\r\n" if fmt == "csv" else "\n")
            )
        return f"{str(bool(result.boolean)).lower()}\n"
    if fmt == "json":
        payload: dict[str, Any] = {
            "head": {"vars": list(result.variables)},
            "results": {
                "bindings": [
                    {
                        v: term_json(t)
                        for v, t in zip(result.variables, row, strict=True)
                        if t is not None
                    }
                    for row in result.rows
                ]
            },
        }
        return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow([_csv_value(t) for t in row])
        return buffer.getvalue()
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in result.variables)]
        lines += ["\t".join("" if t is None else term_tsv(t) for t in row) for row in result.rows]
        return "\n".join(lines) + "\n"
    return _table(result.variables, result.rows, graph)
