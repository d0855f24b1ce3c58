"""Run SPARQL files against a graph; read-only, with parameters passed as bindings."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from rdflib import Graph
from rdflib.query import ResultRow
from rdflib.term import Identifier

from kg.errors import InputError
from kg.namespaces import PREFIXES

__all__ = ["read_query", "select"]


def read_query(path: Path | str) -> str:
    """Read a ``.rq`` file as UTF-8 text.

    Raises:
        InputError: naming the file when it is missing or not UTF-8.
    """
    path = Path(path)
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read SPARQL file ({exc})", path=path) from None


def select(
    graph: Graph,
    query: str,
    *,
    bindings: Mapping[str, Identifier] | None = None,
    source: str = "<query>",
) -> list[dict[str, Identifier | None]]:
    """Evaluate a SPARQL SELECT on ``graph`` and return its rows as dictionaries.

    The project's prefixes are predeclared; ``bindings`` are passed to the engine as
    initial bindings, never pasted into the query text.

    Example:
        >>> from rdflib import URIRef
        >>> g = Graph(); g.add((URIRef("urn:a"), URIRef("urn:b"), URIRef("urn:c")))
        <Graph identifier=... (<class 'rdflib.graph.Graph'>)>
        >>> select(g, "SELECT ?o WHERE { ?s ?p ?o }")
        [{'o': rdflib.term.URIRef('urn:c')}]
    """
    from rdflib.plugins.sparql import prepareQuery

    try:
        prepared = prepareQuery(query, initNs=dict(PREFIXES))
    except Exception as exc:  # pyparsing raises its own types
        raise InputError(f"SPARQL syntax error: {exc}".splitlines()[0], path=source) from None
    if prepared.algebra.name != "SelectQuery":
        raise InputError("expected a SELECT query", path=source)
    result = graph.query(prepared, initBindings=dict(bindings or {}))
    names = [str(v) for v in result.vars or []]
    rows: list[dict[str, Identifier | None]] = []
    for row in result:
        assert isinstance(row, ResultRow)
        rows.append({name: row[name] for name in names})
    return rows
