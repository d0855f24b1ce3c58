"""Read a compiled Oxigraph store through the few rdflib ``Graph`` methods ``kg ask`` uses.

``kg ask`` links words to terms and writes its answers by looking up labels, types and
units (``value``, ``objects``, ``subjects``, ``in``, the transitive walks). On the compiled
store each lookup is one index scan, so a question is answered without parsing the sources
into rdflib. Terms come back as rdflib terms (:func:`kg.engine.from_oxigraph`), so the code
reading them does not care which one it was given.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.term import BNode, Identifier

from kg.engine import from_oxigraph, run_store
from kg.namespaces import bind_prefixes
from kg.query import QueryResult

__all__ = ["StoreGraph", "open_store_graph"]


def _to_oxigraph(term: Identifier | None) -> Any:
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


class StoreGraph:
    """A read-only, rdflib-like view of a compiled store.

    Args:
        store: an open pyoxigraph ``Store``.
        inferred: read the curated and the derived statements together (all graphs of the
            store); otherwise the curated default graph only.
        root: the project the store was compiled from (to open the store with derived
            statements when :meth:`with_inferred` is asked for).

    Example:
        >>> from kg.namespaces import NAD, NAIF
        >>> from kg.store import open_store
        >>> g = StoreGraph(open_store(inferred=False))
        >>> str(g.value(NAD["Na3SbS4"], NAIF.formula))
        'Na3SbS4'
    """

    def __init__(
        self, store: Any, *, inferred: bool = False, root: Path | str | None = None
    ) -> None:
        import pyoxigraph as ox

        self.store = store
        self.inferred = inferred
        self.root = root
        self._graph = None if inferred else ox.DefaultGraph()
        self.namespace_manager = bind_prefixes(Graph()).namespace_manager

    def with_inferred(self) -> StoreGraph:
        """The same project's store with the derived statements, read together."""
        if self.inferred:
            return self
        from kg.store import open_store

        return StoreGraph(open_store(self.root, inferred=True), inferred=True, root=self.root)

    def triples(
        self, pattern: tuple[Identifier | None, Identifier | None, Identifier | None]
    ) -> Iterator[tuple[Any, Any, Any]]:
        """Statements matching a pattern (``None`` matches anything), as rdflib terms."""
        s, p, o = (_to_oxigraph(t) for t in pattern)
        for q in self.store.quads_for_pattern(s, p, o, self._graph):
            yield from_oxigraph(q.subject), from_oxigraph(q.predicate), from_oxigraph(q.object)

    def __contains__(self, triple: tuple[Any, Any, Any]) -> bool:
        return next(self.triples(triple), None) is not None

    def value(self, subject: Any = None, predicate: Any = None, object: Any = None) -> Any:
        """One value of the missing position, like ``rdflib.Graph.value``."""
        for s, _p, o in self.triples((subject, predicate, object)):
            return o if object is None else s
        return None

    def objects(
        self, subject: Any = None, predicate: Any = None, *, unique: bool = False
    ) -> Iterator[Any]:
        """Objects of the statements with this subject and predicate."""
        found = (o for _s, _p, o in self.triples((subject, predicate, None)))
        yield from (dict.fromkeys(found) if unique else found)

    def subjects(
        self, predicate: Any = None, object: Any = None, *, unique: bool = False
    ) -> Iterator[Any]:
        """Subjects of the statements with this predicate and object."""
        found = (s for s, _p, _o in self.triples((None, predicate, object)))
        yield from (dict.fromkeys(found) if unique else found)

    def subject_objects(self, predicate: Any = None) -> Iterator[tuple[Any, Any]]:
        """(subject, object) pairs of the statements with this predicate."""
        for s, _p, o in self.triples((None, predicate, None)):
            yield s, o

    def _walk(self, start: Any, step: Callable[[Any], Iterator[Any]]) -> Iterator[Any]:
        seen, todo = {start}, [start]
        yield start
        while todo:
            for nxt in step(todo.pop()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
                    yield nxt

    def transitive_objects(self, subject: Any, predicate: Any) -> Iterator[Any]:
        """``subject`` and everything reached from it along ``predicate``."""
        return self._walk(subject, lambda node: self.objects(node, predicate))

    def transitive_subjects(self, predicate: Any, object: Any) -> Iterator[Any]:
        """``object`` and everything that reaches it along ``predicate``."""
        return self._walk(object, lambda node: self.subjects(predicate, node))

    def run(
        self, text: str, *, bindings: Mapping[str, Identifier] | None = None, source: str
    ) -> QueryResult:
        """Evaluate a competency question of the project on the store."""
        return run_store(
            self.store, text, bindings=bindings, inferred=self.inferred, source=source, checked=True
        )


def open_store_graph(root: Path | str | None = None) -> tuple[StoreGraph, Any]:
    """The project's compiled curated store as a :class:`StoreGraph`, with its entity linker.

    The linker comes from the index saved when the store was compiled (no scan of the
    store's names at start-up); it is rebuilt from the store if the index is missing.

    Example:
        >>> graph, linker = open_store_graph()
        >>> [e.label for e in linker.lookup("NZSP")]
        ['Na3Zr2Si2PO12']
    """
    import json

    import pyoxigraph as ox

    from kg.link import Linker
    from kg.store import LINKER_INDEX, StoreUnavailable, compile_store

    folder = compile_store(root, inferred=False)
    try:
        store = ox.Store.read_only(str(folder / "curated"))
    except OSError as exc:
        raise StoreUnavailable(f"cannot open the compiled store ({exc})", path=folder) from None
    graph = StoreGraph(store, root=root)
    index = folder / LINKER_INDEX
    try:
        data = json.loads(index.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return graph, Linker(graph)
    return graph, Linker.from_data(data, graph)
