"""Run read-only SPARQL on the compiled Oxigraph store (:mod:`kg.store`).

Answers come back as the same :class:`kg.query.QueryResult` of rdflib terms as the rdflib
engine gives, so the result writers and ``kg ask`` do not care which engine ran.

Parameters are passed as a ``VALUES`` block placed first in each ``WHERE`` group of the
query (the outermost and every subquery's): standard SPARQL 1.1 with the meaning of rdflib's
initial bindings (the values are joined before any ``BIND`` or ``FILTER`` of that group runs,
and reach ``EXISTS``). The
values are written as RDF terms (IRIs checked, literals escaped by rdflib), never as
fragments of user text. Oxigraph's own ``substitutions`` are not used: they only accept
variables the query projects, and parameters rarely are.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from itertools import islice
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier

from kg.errors import InputError, UsageError
from kg.namespaces import PREFIXES
from kg.query import QueryResult, expand_escapes, prepare

__all__ = ["from_oxigraph", "inject_values", "run_store"]

_IRI = re.compile(r'<[^\s<>"{}|^`\\]*>')
_WHERE = re.compile(r"\bWHERE\s*\{", re.I)
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _blank(text: str) -> str:
    """``text`` with comments, strings and IRIs replaced by spaces (offsets kept)."""
    out = list(text)
    i = 0
    while i < len(text):
        c = text[i]
        if c == "#":
            end = text.find("\n", i)
            end = len(text) if end < 0 else end
        elif c in "\"'":
            quote = c * 3 if text.startswith(c * 3, i) else c
            end = i + len(quote)
            while end < len(text) and not text.startswith(quote, end):
                end += 2 if text[end] == "\\" else 1
            end = min(end + len(quote), len(text))
        elif c == "<" and (m := _IRI.match(text, i)):
            end = m.end()
        else:
            i += 1
            continue
        out[i:end] = " " * (end - i)
        i = end
    return "".join(out)


def _term(value: Identifier) -> str:
    if isinstance(value, URIRef):
        if not _IRI.fullmatch(f"<{value}>"):
            raise UsageError(f"not a valid IRI for a parameter: {str(value)[:80]}")
        return f"<{value}>"
    if isinstance(value, Literal):
        return value.n3()
    raise UsageError(f"a parameter must be an IRI or a literal, got {type(value).__name__}")


def inject_values(query: str, bindings: Mapping[str, Identifier]) -> str:
    """``query`` with ``bindings`` as a ``VALUES`` block opening each of its WHERE groups.

    Example:
        >>> from rdflib import Literal, URIRef
        >>> inject_values("SELECT ?x WHERE { ?x ?p ?v } # {", {"v": URIRef("urn:v")})
        'SELECT ?x WHERE { VALUES (?v) { (<urn:v>) } ?x ?p ?v } # {'
        >>> inject_values('CONSTRUCT { ?s ?p "{" } WHERE { ?s ?p ?o }', {"o": Literal("a")})
        'CONSTRUCT { ?s ?p "{" } WHERE { VALUES (?o) { ("a") } ?s ?p ?o }'
    """
    if not bindings:
        return query
    plain = _blank(query)
    places = [m.end() for m in _WHERE.finditer(plain)]
    if not places:  # SELECT ... { }, ASK { }, DESCRIBE ... { }: the first group is the WHERE group
        brace = plain.find("{")
        if brace < 0:
            raise InputError("the query has no WHERE group to bind parameters in")
        places = [brace + 1]
    # one block per parameter (the same single row as one block of several variables, which
    # Virtuoso 7.2 fails to compile next to an OPTIONAL when the request names a graph)
    block = "".join(f" VALUES (?{name}) {{ ({_term(v)}) }}" for name, v in bindings.items())
    # every WHERE group, subqueries included: a subquery does not see the outer VALUES, and
    # a parameter is a constant wherever the query uses it
    for at in reversed(places):
        query = query[:at] + block + query[at:]
    return query


def from_oxigraph(term: Any) -> Identifier | None:
    """The rdflib term for a pyoxigraph term (``xsd:string`` literals become plain literals).

    Example:
        >>> import pyoxigraph as ox
        >>> from_oxigraph(ox.Literal("Na")) == Literal("Na")
        True
    """
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise InputError(f"unsupported term in a result: {term!r}")


def run_store(
    store: Any,
    query: str,
    *,
    bindings: Mapping[str, Identifier] | None = None,
    inferred: bool = False,
    source: str = "<query>",
    checked: bool = False,
    limit: int | None = None,
) -> QueryResult:
    """Evaluate a read-only query on an Oxigraph store.

    ``inferred`` queries the curated and the derived statements together (the default graph
    as the union of all graphs); otherwise the curated default graph only. ``checked`` skips
    the read-only check (rdflib's SPARQL parser, about 0.15 s to import) for the project's
    own competency questions, whose texts are tested; user text is always checked. With
    ``limit``, at most that many rows (or triples) are read; Oxigraph computes no more.

    Raises:
        UsageError: for a query that would write or reach outside the graph.
        InputError: for a syntax or evaluation error.

    Example:
        >>> from kg.store import open_store
        >>> result = run_store(open_store(), "SELECT ?e WHERE { ?e naif:formula ?f }",
        ...                    bindings={"f": Literal("Na3SbS4")})
        >>> [str(r[0]) for r in result.rows]
        ['https://w3id.org/naif/data/Na3SbS4']
    """
    import pyoxigraph as ox

    if not checked:  # a question of the project's own library is checked by its tests
        # Oxigraph runs the text rdflib checked: escapes expanded (see expand_escapes)
        query = expand_escapes(query, source=source)
        prepare(query, source=source)  # refuses updates, SERVICE and FROM, as rdflib does
    text = inject_values(query, bindings or {})
    try:
        answer = store.query(
            text,
            prefixes={k: str(v) for k, v in PREFIXES.items()},
            use_default_graph_as_union=inferred,
        )
        if isinstance(answer, ox.QueryBoolean):
            return QueryResult(kind="ask", boolean=bool(answer))
        if isinstance(answer, ox.QueryTriples):
            graph = Graph()
            for triple in islice(answer, limit):
                s, p, o = (
                    from_oxigraph(t) for t in (triple.subject, triple.predicate, triple.object)
                )
                graph.add((s, p, o))  # type: ignore[arg-type]
            return QueryResult(kind="graph", graph=graph)
        names = tuple(v.value for v in answer.variables)
        rows = tuple(
            tuple(from_oxigraph(solution[name]) for name in names)
            for solution in islice(answer, limit)
        )
    except (SyntaxError, ValueError, OSError) as exc:  # evaluation errors come while reading
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(f"SPARQL evaluation failed: {first}", path=source) from None
    return QueryResult(kind="select", variables=names, rows=rows)
