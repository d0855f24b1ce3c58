"""SHACL-SPARQL constraints (``sh:sparql``) evaluated set-based: one query per constraint.

pySHACL runs a SPARQL-based constraint once per focus node with ``$this`` pre-bound; on a
graph of a million statements that is hundreds of thousands of queries. Here the shape's
targets become a pattern that binds ``?this`` at the start of the constraint's own query,
so one evaluation (on rdflib or on the compiled Oxigraph store) finds every violation. The
results follow pySHACL's: ``?value`` is the value (else the focus node), ``{?var}`` in the
message is replaced by the row's binding, identical rows for a focus node count once.

A constraint that uses something this translation does not cover (a property shape's
``$PATH``, ``$shapesGraph``, ``$currentShape``, a query that does not project ``$this``,
targets other than classes, nodes, subjects-of and objects-of) is left to pySHACL.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from rdflib import Graph
from rdflib.term import Literal, Node, URIRef

from kg.namespaces import OWL, RDF, RDFS, SH

__all__ = ["SparqlConstraint", "Violation", "sparql_constraints", "strip", "violations"]

#: A function that evaluates a SELECT and returns its rows as dictionaries.
Runner = Callable[[str, str], Iterable[Mapping[str, Node | None]]]

_THIS = re.compile(r"\$this\b")
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_PROJECTION = re.compile(
    r"\bSELECT\s+(?:DISTINCT\s+|REDUCED\s+)?(.*?)\s*(?:\bWHERE\b|\{)", re.IGNORECASE | re.DOTALL
)
_UNSUPPORTED = re.compile(r"\$(?:PATH|shapesGraph|currentShape)\b")
_PLACEHOLDER = re.compile(r"\{[?$](\w+)\}")


@dataclass(frozen=True)
class SparqlConstraint:
    """One ``sh:sparql`` constraint of a node shape, ready to run on a whole graph.

    Attributes:
        shape: the node shape that holds the constraint.
        node: the constraint node (the object of ``sh:sparql``).
        query: the constraint's query with the shape's targets binding ``?this``.
        message: the ``sh:message`` template (``{?var}`` placeholders), if any.
        severity: the shape's ``sh:severity`` (``sh:Violation`` by default).
    """

    shape: Node
    node: Node
    query: str
    message: str | None
    severity: URIRef


@dataclass(frozen=True)
class Violation:
    """One result of a constraint, as pySHACL would report it."""

    constraint: SparqlConstraint
    focus: Node
    value: Node | None
    path: Node | None
    message: str | None


def _prefixes(shapes: Graph, constraint: Node) -> str:
    lines = []
    for declarer in shapes.objects(constraint, SH.prefixes):
        for declaration in shapes.objects(declarer, SH.declare):
            prefix = shapes.value(declaration, SH.prefix)
            namespace = shapes.value(declaration, SH.namespace)
            if prefix is not None and namespace is not None:
                lines.append(f"PREFIX {prefix}: <{namespace}>")
    return "\n".join(sorted(set(lines)))


def _targets(shapes: Graph, shape: Node) -> list[str] | None:
    """Graph patterns binding ``?this`` to the shape's focus nodes (None: not covered)."""
    patterns = []
    for cls in shapes.objects(shape, SH.targetClass):
        patterns.append(f"?this a/<{RDFS.subClassOf}>* <{cls}> .")
    if any((shape, RDF.type, c) in shapes for c in (RDFS.Class, OWL.Class)):
        patterns.append(f"?this a/<{RDFS.subClassOf}>* <{shape}> .")
    for node in shapes.objects(shape, SH.targetNode):
        if not isinstance(node, URIRef):
            return None
        patterns.append(f"VALUES ?this {{ <{node}> }}")
    for prop in shapes.objects(shape, SH.targetSubjectsOf):
        patterns.append(f"?this <{prop}> ?_naif_target .")
    for prop in shapes.objects(shape, SH.targetObjectsOf):
        patterns.append(f"?_naif_target <{prop}> ?this .")
    known = {SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf}
    if any(p not in known for p in shapes.predicates(shape) if "target" in str(p)):
        return None  # sh:target (SHACL-AF) and the like: pySHACL's job
    return patterns


def _set_query(shapes: Graph, shape: Node, constraint: Node) -> str | None:
    select = shapes.value(constraint, SH.select)
    targets = _targets(shapes, shape)
    if not isinstance(select, Literal) or not targets:
        return None
    text = str(select)
    projection = _PROJECTION.search(text)
    where = _WHERE.search(text)
    if _UNSUPPORTED.search(text) or projection is None or where is None:
        return None
    projected = projection.group(1)
    if projected.strip() != "*" and not re.search(r"[?$]this\b", projected):
        return None
    union = " UNION ".join(f"{{ {p} }}" for p in targets)
    focus = f"{{ SELECT DISTINCT ?this WHERE {{ {union} }} }}"
    text = text[: where.end()] + "\n  " + focus + "\n" + text[where.end() :]
    return _prefixes(shapes, constraint) + "\n" + _THIS.sub("?this", text)


def sparql_constraints(shapes: Graph) -> list[SparqlConstraint]:
    """The ``sh:sparql`` constraints of the node shapes that can run set-based.

    Example:
        >>> from kg.validate import load_shapes
        >>> len(sparql_constraints(load_shapes())) > 5
        True
    """
    found = []
    for shape, constraint in sorted(shapes.subject_objects(SH.sparql), key=str):
        if (shape, RDF.type, SH.PropertyShape) in shapes or (shape, SH.path, None) in shapes:
            continue
        if any(shapes.value(n, SH.deactivated) == Literal(True) for n in (shape, constraint)):
            continue
        query = _set_query(shapes, shape, constraint)
        if query is None:
            continue
        message = shapes.value(constraint, SH.message) or shapes.value(shape, SH.message)
        severity = shapes.value(shape, SH.severity)
        found.append(
            SparqlConstraint(
                shape=shape,
                node=constraint,
                query=query,
                message=str(message) if message is not None else None,
                severity=severity if isinstance(severity, URIRef) else SH.Violation,
            )
        )
    return found


def strip(shapes: Graph, constraints: Iterable[SparqlConstraint]) -> Graph:
    """A copy of the shapes without these constraints (for pySHACL to run the rest)."""
    rest = Graph(namespace_manager=shapes.namespace_manager)
    for triple in shapes:
        rest.add(triple)
    for c in constraints:
        rest.remove((c.shape, SH.sparql, c.node))
    return rest


def violations(constraints: Iterable[SparqlConstraint], run: Runner) -> list[Violation]:
    """Evaluate each constraint once with ``run(query, source)``; its rows are the violations.

    Example:
        >>> from kg.load import load
        >>> from kg.query import select
        >>> from kg.validate import load_shapes
        >>> graph = load().graph
        >>> violations(sparql_constraints(load_shapes()), lambda q, s: select(graph, q, source=s))
        []
    """
    found = []
    for c in constraints:
        seen: set[tuple[object, ...]] = set()
        for row in run(c.query, f"sh:sparql of {c.shape}"):
            focus = row.get("this")
            if focus is None:
                continue
            value = row.get("value")
            path = row.get("path")
            rest = tuple(
                sorted((k, v) for k, v in row.items() if k not in ("this", "path", "value"))
            )
            key = (focus, path, value, rest)
            if key in seen:
                continue
            seen.add(key)
            message = c.message
            if message is not None:
                bound = {k: v for k, v in row.items() if v is not None}
                message = _PLACEHOLDER.sub(
                    lambda m, b=bound: str(b[m.group(1)]) if m.group(1) in b else m.group(0),  # type: ignore[misc]
                    message,
                )
            found.append(
                Violation(
                    constraint=c,
                    focus=focus,
                    value=value if value is not None else focus,
                    path=path,
                    message=message,
                )
            )
    return found
