"""Run SPARQL read-only against a graph, with parameters passed as bindings.

Every query is parsed first and refused before evaluation if it would change data or reach
beyond the graph: update operations, ``SERVICE``, ``FROM`` / ``FROM NAMED``. Parameters travel
as initial bindings, never as text pasted into the query.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from rdflib import Graph
from rdflib.query import ResultRow
from rdflib.term import Identifier, Variable

from kg.errors import InputError, UsageError
from kg.namespaces import PREFIXES

__all__ = ["QueryResult", "expand_escapes", "prepare", "read_query", "run", "select"]


@dataclass(frozen=True)
class QueryResult:
    """Rows of a SELECT (``kind='select'``), the answer of an ASK, or a CONSTRUCT graph.

    Attributes:
        kind: ``select``, ``ask`` or ``graph``.
        variables: the projected variable names, in order (SELECT).
        rows: one tuple of terms (or ``None`` when unbound) per solution (SELECT).
        boolean: the answer of an ASK.
        graph: the result of a CONSTRUCT or DESCRIBE.
    """

    kind: str
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Identifier | None, ...], ...] = ()
    boolean: bool | None = None
    graph: Graph | None = None

    def dicts(self) -> list[dict[str, Identifier | None]]:
        """The rows as dictionaries keyed by variable name."""
        return [dict(zip(self.variables, row, strict=True)) for row in self.rows]


def read_query(path: Path | str) -> str:
    """Read a ``.rq`` file as UTF-8 text.

    Raises:
        InputError: naming the file when it is missing or not UTF-8.
    """
    path = Path(path)
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise InputError(f"cannot read SPARQL file ({reason})", path=path) from None


def _walk(node: Any, seen: set[int] | None = None) -> Any:
    """Yield every algebra node below ``node`` (CompValue trees, lists, dicts)."""
    seen = seen if seen is not None else set()
    if id(node) in seen:
        return
    seen.add(id(node))
    yield node
    if isinstance(node, dict):
        for value in node.values():
            yield from _walk(value, seen)
    elif isinstance(node, list | tuple):
        for value in node:
            yield from _walk(value, seen)


def expand_escapes(query: str, *, source: str = "<query>") -> str:
    r"""The query with its ``\u`` and ``\U`` escapes expanded, as rdflib's parser reads it.

    SPARQL 1.1 expands these escapes before parsing, and :func:`kg.query.prepare` (rdflib)
    does; Oxigraph reads them only inside strings and IRIs, where ``"a\u005C"`` is a string
    ending in a backslash, while rdflib reads ``"a\"`` and the string goes on. A query could
    so hide ``SERVICE`` from the check in a part that rdflib reads as a string. Sending the
    expanded text, in which no escape is left, makes every parser read the query that was
    checked.

    Raises:
        UsageError: when the expanded text holds escapes again (rdflib would expand them a
            second time) or an escape stands for no character.

    Example:
        >>> expand_escapes(r'ASK { ?s ?p "\u0041" }')
        'ASK { ?s ?p "A" }'
        >>> expand_escapes(r'ASK { ?s ?p "\u005Cu0041" }')
        Traceback (most recent call last):
        kg.errors.UsageError: <query>: an escape that expands to another escape is refused
    """
    from rdflib.plugins.sparql.parser import expandUnicodeEscapes

    try:
        text = expandUnicodeEscapes(query)
        again = expandUnicodeEscapes(text)
        text.encode("utf-8")
    except (ValueError, UnicodeError):  # a code point beyond Unicode, or a lone surrogate
        raise UsageError(f"{source}: an escape \\u... stands for no character") from None
    if again != text:
        raise UsageError(f"{source}: an escape that expands to another escape is refused")
    return text


def prepare(query: str, *, source: str = "<query>") -> Any:
    """Parse ``query`` and check that it only reads the graph it is given.

    Raises:
        UsageError: for update operations, SERVICE, FROM or FROM NAMED.
        InputError: for a syntax error.

    Example:
        >>> prepare("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
        Traceback (most recent call last):
        ...
        kg.errors.UsageError: <query>: update operations are refused: queries are read-only
    """
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        prepared = prepareQuery(query, initNs=dict(PREFIXES))
    except Exception as exc:  # pyparsing and rdflib raise assorted types
        try:
            parseUpdate(query)
        except Exception:
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise InputError(f"SPARQL syntax error: {first}", path=source) from None
        raise UsageError(
            f"{source}: update operations are refused: queries are read-only"
        ) from None
    algebra = prepared.algebra
    if algebra.get("datasetClause"):
        raise UsageError(
            f"{source}: FROM and FROM NAMED are refused: queries run on the graph only"
        )
    for node in _walk(algebra):
        if getattr(node, "name", None) == "ServiceGraphPattern":
            raise UsageError(f"{source}: SERVICE is refused: queries never leave this machine")
    return prepared


def run(
    graph: Graph,
    query: str,
    *,
    bindings: Mapping[str, Identifier] | None = None,
    source: str = "<query>",
    limit: int | None = None,
) -> QueryResult:
    """Evaluate a read-only SPARQL query on ``graph``.

    The project's prefixes are predeclared. ``bindings`` are passed to the engine as
    initial bindings, never pasted into the query text. With ``limit``, at most that many
    rows (or triples) are kept.

    Raises:
        UsageError: for a query that would write or reach outside the graph.
        InputError: for a syntax error or an evaluation error.

    Example:
        >>> from rdflib import URIRef
        >>> g = Graph(); _ = g.add((URIRef("urn:a"), URIRef("urn:b"), URIRef("urn:c")))
        >>> run(g, "SELECT ?o WHERE { ?s ?p ?o }").rows
        ((rdflib.term.URIRef('urn:c'),),)
    """
    prepared = prepare(query, source=source)
    try:
        result = graph.query(prepared, initBindings=dict(bindings or {}))
        if result.type == "ASK":
            return QueryResult(kind="ask", boolean=bool(result.askAnswer))
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            assert result.graph is not None
            graph = result.graph
            if limit is not None and len(graph) > limit:
                graph = Graph()
                for triple in islice(result.graph, limit):
                    graph.add(triple)
            return QueryResult(kind="graph", graph=graph)
        names = tuple(str(v) for v in result.vars or [])
        rows = []
        for row in islice(result, limit):
            assert isinstance(row, ResultRow)
            rows.append(tuple(row[Variable(name)] for name in names))
    except (UsageError, InputError):
        raise
    except Exception as exc:  # rdflib's evaluator raises assorted types
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(f"SPARQL evaluation failed: {first}", path=source) from None
    return QueryResult(kind="select", variables=names, rows=tuple(rows))


def select(
    graph: Graph,
    query: str,
    *,
    bindings: Mapping[str, Identifier] | None = None,
    source: str = "<query>",
) -> list[dict[str, Identifier | None]]:
    """Evaluate a SPARQL SELECT and return its rows as dictionaries (see :func:`run`).

    Example:
        >>> from rdflib import URIRef
        >>> g = Graph(); _ = g.add((URIRef("urn:a"), URIRef("urn:b"), URIRef("urn:c")))
        >>> select(g, "SELECT ?o WHERE { ?s ?p ?o }")
        [{'o': rdflib.term.URIRef('urn:c')}]
    """
    result = run(graph, query, bindings=bindings, source=source)
    if result.kind != "select":
        raise InputError("expected a SELECT query", path=source)
    return result.dicts()
