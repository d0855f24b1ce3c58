"""Validate the compiled graph: the SHACL shapes (pySHACL) and every ``checks/*-violation.rq``."""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from rdflib import Graph
from rdflib.term import BNode, Literal, Node, URIRef

from kg.errors import InputError
from kg.load import LoadedGraph, load, parse_turtle_files
from kg.namespaces import RDF, RDFS, SH, XSD, bind_prefixes
from kg.paths import layout
from kg.query import read_query, select
from kg.sparqlshapes import Runner

__all__ = [
    "Finding",
    "ValidationReport",
    "load_shapes",
    "run_checks",
    "validate",
    "validate_changes",
    "validate_project",
]


@dataclass(frozen=True)
class Finding:
    """One defect (or warning) found in the graph.

    Attributes:
        severity: ``Violation``, ``Warning`` or ``Info``.
        focus: the node the finding is about, as a prefixed name.
        message: what is wrong, in words.
        source: the shape or check file that reported it.
        path: the property involved, if any.
        value: the offending value, if any.
        file: the data file that describes the focus node, if known.
    """

    severity: str
    focus: str
    message: str
    source: str
    path: str | None = None
    value: str | None = None
    file: str | None = None


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of :func:`validate`; ``conforms`` ignores warnings."""

    conforms: bool
    findings: tuple[Finding, ...]

    @property
    def violations(self) -> tuple[Finding, ...]:
        """Findings that fail validation."""
        return tuple(f for f in self.findings if f.severity == "Violation")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """Findings that are shown but do not fail validation."""
        return tuple(f for f in self.findings if f.severity != "Violation")

    def text(self) -> str:
        """A report grouped by file and focus node."""
        if not self.findings:
            return "conforms: no violations, no warnings"
        groups: dict[tuple[str, str], list[Finding]] = defaultdict(list)
        for finding in self.findings:
            groups[(finding.file or "<no file>", finding.focus)].append(finding)
        lines = []
        for (file, focus), findings in sorted(groups.items()):
            lines.append(f"{file}  {focus}")
            for f in sorted(findings, key=lambda x: (x.severity, x.path or "", x.message)):
                where = f" {f.path}" if f.path else ""
                value = f" (value: {f.value})" if f.value else ""
                lines.append(f"  {f.severity}{where}: {f.message}{value}  [{f.source}]")
        verdict = "conforms" if self.conforms else "does not conform"
        lines.append(
            f"{verdict}: {len(self.violations)} violation(s), {len(self.warnings)} warning(s)"
        )
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        return {
            "conforms": self.conforms,
            "violations": len(self.violations),
            "warnings": len(self.warnings),
            "findings": [asdict(f) for f in self.findings],
        }


def _show(graph: Graph, node: Node | None) -> str | None:
    if node is None:
        return None
    if isinstance(node, URIRef):
        try:
            return graph.namespace_manager.normalizeUri(node)
        except Exception:  # pragma: no cover - rdflib refuses odd IRIs
            return f"<{node}>"
    if isinstance(node, BNode):
        return "[blank node]"
    if isinstance(node, Literal):
        return str(node)
    return str(node)


_IRI = re.compile(r"(?<![<\w])(https?://[^\s,;)<>\"']*[^\s,;)<>\"'.:])")


def _shorten(graph: Graph, text: str) -> str:
    """Replace full IRIs in a message by prefixed names."""
    return _IRI.sub(lambda m: _show(graph, URIRef(m.group(1))) or m.group(1), text)


def _holder_shape(
    shapes: Graph, data: Graph, shape: Node | None, focus: Node | None
) -> Node | None:
    """The named node shape a finding belongs to.

    A property shape (anonymous, or named and shared such as ``naifsh:sourceRequired``) is
    attributed to the node shape that holds it; when several do, to the one whose target
    class the focus node is an instance of.
    """
    for _ in range(10):
        if shape is None or (shape, RDF.type, SH.NodeShape) in shapes:
            return shape
        holders = list(shapes.subjects(SH.property, shape)) or list(shapes.subjects(None, shape))
        if not holders:
            return shape
        if len(holders) > 1 and focus is not None:
            types = set(data.transitive_objects(focus, RDF.type))
            for cls in list(types):
                types |= set(data.transitive_objects(cls, RDFS.subClassOf))
            matching = [h for h in holders if set(shapes.objects(h, SH.targetClass)) & types]
            holders = matching or holders
        shape = sorted(holders, key=str)[0]
    return shape


def _show_path(shapes: Graph, data: Graph, path: Node | None) -> str | None:
    if isinstance(path, URIRef):
        return _show(data, path)
    if isinstance(path, BNode):
        inverse = shapes.value(path, SH.inversePath)
        if isinstance(inverse, URIRef):
            return "^" + (_show(data, inverse) or str(inverse))
        return "[complex path]"
    return None


def load_shapes(root: Path | str | None = None) -> Graph:
    """Parse every ``ontology/*-shapes.ttl`` of the project into one shapes graph."""
    lay = layout(root)
    shapes, _ = parse_turtle_files(lay.shapes_files(), root=lay.root)
    return shapes


def _focus_of_blank(graph: Graph, node: Node) -> Node:
    """Walk up from a blank node (a condition value) to the named node that holds it."""
    seen = 0
    while isinstance(node, BNode) and seen < 10:
        parent = next(graph.subjects(None, node), None)
        if parent is None:
            break
        node, seen = parent, seen + 1
    return node


def _finding(
    loaded: LoadedGraph,
    shapes: Graph,
    *,
    severity: Node | None,
    focus: Node | None,
    message: str | None,
    shape: Node | None,
    component: Node | None = None,
    path: Node | None = None,
    value: Node | None = None,
) -> Finding:
    data = loaded.graph
    holder = _focus_of_blank(data, focus) if focus is not None else None
    focus_text = _show(data, holder) or "?"
    if holder is not focus and focus is not None:
        focus_text += " (a condition node)"
    named = _holder_shape(shapes, data, shape, focus)
    source = _show(shapes, named) if isinstance(named, URIRef) else None
    source = source or (_show(shapes, component) or "shape")
    return Finding(
        severity=str(severity).rsplit("#", 1)[-1],
        focus=focus_text,
        message=_shorten(data, message) if message is not None else "constraint not met",
        source=source,
        path=_show_path(shapes, data, path),
        value=_show(data, value) if value is not None else None,
        file=loaded.origin(holder),
    )


def _shacl_findings(
    loaded: LoadedGraph,
    shapes: Graph,
    *,
    focus_nodes: list[URIRef | str] | None = None,
    run: Runner | None = None,
) -> list[Finding]:
    """The findings of pySHACL; with ``run``, the SPARQL-based constraints run set-based through it.

    ``run(query, source)`` evaluates a SELECT on the same data (see :mod:`kg.sparqlshapes`);
    without it (and always for ``focus_nodes``) pySHACL runs them once per focus node.
    """
    import pyshacl  # heavy import, kept off the query path

    from kg import sparqlshapes

    logging.getLogger("pyshacl").setLevel(logging.CRITICAL)
    data = loaded.graph
    set_based = sparqlshapes.sparql_constraints(shapes) if run is not None else []
    _conforms, results, _text = pyshacl.validate(
        data,
        shacl_graph=sparqlshapes.strip(shapes, set_based) if set_based else shapes,
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
        advanced=True,
        focus_nodes=list(focus_nodes) if focus_nodes is not None else None,
    )
    if not isinstance(results, Graph):  # pyshacl reports broken shapes this way
        raise InputError(f"the shapes cannot be used: {results}".splitlines()[0], path="ontology")
    bind_prefixes(results)
    findings = []
    # Only the report's own results: nested sh:detail results (from sh:node) are explanations
    # of a result already counted.
    for result in results.objects(None, SH.result):
        message = results.value(result, SH.resultMessage)
        details = sorted(
            str(m)
            for d in results.objects(result, SH.detail)
            for m in results.objects(d, SH.resultMessage)
        )
        if details:  # a failed sh:node: the nested shape's own words say more
            message = Literal("; ".join(details))
        findings.append(
            _finding(
                loaded,
                shapes,
                severity=results.value(result, SH.resultSeverity),
                focus=results.value(result, SH.focusNode),
                message=str(message) if message is not None else None,
                shape=results.value(result, SH.sourceShape),
                component=results.value(result, SH.sourceConstraintComponent),
                path=results.value(result, SH.resultPath),
                value=results.value(result, SH.value),
            )
        )
    if set_based and run is not None:
        for v in sparqlshapes.violations(set_based, run):
            findings.append(
                _finding(
                    loaded,
                    shapes,
                    severity=v.constraint.severity,
                    focus=v.focus,
                    message=v.message,
                    shape=v.constraint.shape,
                    component=SH.SPARQLConstraintComponent,
                    path=v.path,
                    value=v.value,
                )
            )
    return findings


def _check_message(text: str, fallback: str) -> str:
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.lower().startswith("# message:"):
            return stripped.split(":", 1)[1].strip()
    return fallback


def run_checks(
    loaded: LoadedGraph,
    check_files: Iterable[Path],
    *,
    involving: set[Any] | None = None,
    run: Runner | None = None,
) -> list[Finding]:
    """Run ``*-violation.rq`` SELECT queries: every row is a defect.

    The first projected variable is the focus node; a ``# message:`` comment in the file
    says what is wrong, and a ``?message`` variable, if projected, adds detail. With
    ``involving``, only rows that mention one of those nodes count. ``run(query, source)``
    evaluates the queries elsewhere (the compiled store); by default rdflib on the graph.
    """
    findings = []
    for path in check_files:
        text = read_query(path)
        if run is None:
            rows: Iterable[Mapping[str, Node | None]] = select(loaded.graph, text, source=str(path))
        else:
            rows = run(text, str(path))
        base = _check_message(text, path.stem.replace("-", " "))
        for row in rows:
            if involving is not None and not involving & set(row.values()):
                continue
            names = list(row)
            focus: Node | None = row[names[0]] if names else None
            detail = row.get("message")
            value = row.get("value")
            findings.append(
                Finding(
                    severity="Violation",
                    focus=_show(loaded.graph, focus) or "?",
                    message=f"{base}: {detail}" if detail is not None else base,
                    source=f"queries/checks/{path.name}",
                    value=_show(loaded.graph, value) if value is not None else None,
                    file=loaded.origin(focus),
                )
            )
    return findings


def store_runner(store: Any) -> Runner:
    """A :data:`Runner` that evaluates the project's own SELECTs on an Oxigraph store."""
    from kg.engine import run_store

    def run(query: str, source: str) -> list[dict[str, Node | None]]:
        return run_store(store, query, source=source, checked=True).dicts()  # type: ignore[return-value]

    return run


def validate(
    loaded: LoadedGraph,
    *,
    shapes: Graph | None = None,
    checks: Iterable[Path] | None = None,
    store: Any = None,
) -> ValidationReport:
    """Validate a compiled graph against the shapes and the violation checks.

    pySHACL checks the core constraints on ``loaded``. The SPARQL-based constraints and the
    checks run as one query each (see :mod:`kg.sparqlshapes`): on ``store``, the compiled
    Oxigraph store of the same sources, if given, else with rdflib on ``loaded``.

    Args:
        loaded: the compiled graph (see :func:`kg.load.load`).
        shapes: the shapes graph (default: the project's ``ontology/*-shapes.ttl``).
        checks: the ``*-violation.rq`` files (default: the project's ``queries/checks``).
        store: the project's compiled store (:func:`kg.store.open_store`), for speed on
            large graphs; it must hold the same statements as ``loaded``.

    Returns:
        A :class:`ValidationReport`; it conforms when there is no violation.

    Example:
        >>> report = validate(load())
        >>> report.conforms
        True
    """
    lay = layout(loaded.root)
    shapes = shapes if shapes is not None else load_shapes(loaded.root)
    check_files = (
        sorted(checks) if checks is not None else sorted(lay.checks.glob("*-violation.rq"))
    )
    if store is not None:
        run = store_runner(store)
    else:

        def run(query: str, source: str) -> list[dict[str, Node | None]]:
            return select(loaded.graph, query, source=source)  # type: ignore[return-value]

    findings = _shacl_findings(loaded, shapes, run=run) + run_checks(loaded, check_files, run=run)
    findings.sort(key=lambda f: (f.file or "", f.focus, f.severity, f.path or "", f.message))
    conforms = not any(f.severity == "Violation" for f in findings)
    return ValidationReport(conforms=conforms, findings=tuple(findings))


def validate_project(
    root: Path | str | None = None, *, engine: str = "oxigraph"
) -> ValidationReport:
    """Load the project at ``root`` and validate it (see :func:`validate`).

    With ``engine="oxigraph"`` the queries run on the compiled store (built if needed; see
    :mod:`kg.store`), with ``"rdflib"`` on the loaded graph.

    Raises:
        InputError: for a source that does not load (file and line named).
        kg.store.StoreUnavailable: if the store is wanted and cannot be written.
    """
    loaded = load(root)
    store = None
    if engine == "oxigraph":
        from kg.store import open_store

        store = open_store(loaded.root, inferred=False)
    return validate(loaded, store=store)


#: At most this many existing statements sharing one (property, literal) pair of a change are
#: fetched as context (enough for every uniqueness check; a value shared more widely says
#: nothing about one new statement).
_SHARED_LIMIT = 1000
#: How many steps back from a changed node the facts pointing at it are fetched.
_HOPS = 2


def _context(store: Any, delta: Graph) -> Graph:
    """What the compiled store knows around a change: everything a shape or check can reach.

    For every IRI the change mentions, its statements (blank-node values included) and the
    types of what they point to (``sh:class``, ``sh:node`` one step away); for every subject
    of the change, the statements pointing to it (inverse paths); for every (property,
    literal) pair of the change, the existing statements with the same pair (uniqueness
    checks). Each of the last two is capped at ``_SHARED_LIMIT`` statements.
    """
    import pyoxigraph as ox

    from kg.engine import from_oxigraph

    # Oxigraph keeps numbers in canonical form ("10" for "10.0"): a value the change states
    # again must not come back as a second, differently written value
    # and a blank node the change states again comes back under another name
    stated: dict[tuple[Any, Any], set[object]] = defaultdict(set)
    for s, p, o in delta:
        if isinstance(o, Literal):
            stated[(s, p)].add(o.toPython())
        elif isinstance(o, BNode):
            stated[(s, p)].add(BNode)

    def add(quads: Iterable[Any]) -> None:
        blanks = []
        for q in quads:
            s, p, o = (from_oxigraph(t) for t in (q.subject, q.predicate, q.object))
            if isinstance(o, Literal) and o.toPython() in stated.get((s, p), ()):
                continue
            if isinstance(o, BNode):
                if BNode in stated.get((s, p), ()):
                    continue
                blanks.append(q.object)
            context.add((s, p, o))  # type: ignore[arg-type]
        for blank in blanks:  # a blank node's description belongs to its holder
            add(store.quads_for_pattern(blank, None, None, default))

    context = Graph()
    default = ox.DefaultGraph()
    rdf_type = ox.NamedNode(str(RDF.type))
    nodes = {t for triple in delta for t in (triple[0], triple[2]) if isinstance(t, URIRef)}
    for node in nodes:
        add(store.quads_for_pattern(ox.NamedNode(node), None, None, default))
    # facts that point at a changed node, and at those (an observation -> its interface ->
    # the changed electrolyte): inverse paths of the shapes, and checks a change can break
    frontier: set[Any] = {ox.NamedNode(s) for s in delta.subjects() if isinstance(s, URIRef)}
    seen = set(frontier)
    for _hop in range(_HOPS):
        pointing: set[Any] = set()
        for hit in frontier:
            incoming = store.quads_for_pattern(None, None, hit, default)
            for _, q in zip(range(_SHARED_LIMIT), incoming, strict=False):
                if isinstance(q.subject, ox.NamedNode) and q.subject not in seen:
                    pointing.add(q.subject)
        for hit in pointing:
            add(store.quads_for_pattern(hit, None, None, default))
        seen |= pointing
        frontier = pointing
    for o in {o for o in context.objects() if isinstance(o, URIRef)} - nodes:
        add(store.quads_for_pattern(ox.NamedNode(o), rdf_type, None, default))
    for _s, p, o in delta:
        if isinstance(o, Literal) and isinstance(p, URIRef):
            value = ox.Literal(str(o), language=o.language) if o.language else ox.Literal(
                str(o), datatype=ox.NamedNode(o.datatype or XSD.string)
            )  # fmt: skip
            shared = store.quads_for_pattern(None, ox.NamedNode(p), value, default)
            add(q for _, q in zip(range(_SHARED_LIMIT), shared, strict=False))
    return context


def validate_changes(
    paths: Iterable[Path | str],
    *,
    root: Path | str | None = None,
    shapes: Graph | None = None,
) -> ValidationReport:
    """Validate new or changed facts against the project's compiled graph, in time of the change.

    The files (Turtle in our authoring format, or BibTeX) are read; their subjects are the
    focus nodes of the shapes; the data graph is the change, the ontology, and what the
    compiled store (:mod:`kg.store`) holds around the change (see :func:`_context`). The
    violation checks run on the same graph and report only rows that involve the change.
    The cost grows with the change and its neighbourhood, not with the whole graph.

    Raises:
        InputError: for a file that does not parse (file and line named).

    Example:
        >>> lay = layout()
        >>> validate_changes([lay.data / "remedies.ttl"]).conforms
        True
    """
    from kg.bib import entries_to_graph, parse_bibtex
    from kg.load import parse_turtle
    from kg.store import open_store

    lay = layout(root)
    delta = bind_prefixes(Graph())
    origins: dict[URIRef | BNode, str] = {}
    for path in map(Path, paths):
        shown = path.as_posix()
        if path.suffix == ".bib":
            part = entries_to_graph(parse_bibtex(path, shown=shown))
        else:
            part = parse_turtle(path, root=lay.root)
        for subject in part.subjects(unique=True):
            if isinstance(subject, URIRef | BNode):
                origins.setdefault(subject, shown)
        delta += part
    data, _ = parse_turtle_files(lay.ontology_files(), root=lay.root)
    data += _context(open_store(lay.root, inferred=False), delta)
    data += delta
    loaded = LoadedGraph(graph=data, origins=origins, files=(), root=lay.root)
    focus = sorted({_focus_of_blank(delta, s) for s in delta.subjects(unique=True)}, key=str)
    named: list[URIRef | str] = [f for f in focus if isinstance(f, URIRef)]
    shapes = shapes if shapes is not None else load_shapes(lay.root)
    involving: set[Any] = set(named) | set(delta.subjects())  # a check row must touch these
    findings = []
    if named:
        findings += _shacl_findings(loaded, shapes, focus_nodes=named)
    findings += run_checks(loaded, sorted(lay.checks.glob("*-violation.rq")), involving=involving)
    findings.sort(key=lambda f: (f.file or "", f.focus, f.severity, f.path or "", f.message))
    conforms = not any(f.severity == "Violation" for f in findings)
    return ValidationReport(conforms=conforms, findings=tuple(findings))
