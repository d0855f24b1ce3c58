"""Project the RDF graph onto a networkx graph: entities as nodes, relations as labelled edges.

Literals become node attributes (label, formula, values with units), never nodes. Two views:

- **folded** (the default, for reading): measurements become attributes of the material or
  family they describe (``ionic conductivity: 1.05e-3 S/cm at 25 °C [183]``); an interface
  observation becomes edges from the electrolyte to its products and interphase type; a
  computed stability limit becomes an attribute and edges to the predicted products.
- **faithful** (``fold=False``): every curated node stays a node, as in the RDF.

Node keys are prefixed names (``nad:Na3SbS4``); every node has ``label``, ``kind`` (a coarse
category: electrolyte, phase, remedy, reference, ...), ``type`` (its most specific class),
``iri`` and ``citations`` (``[176] Wu2018-176; ...``, possibly empty). Every edge has
``predicate`` (a prefixed name), ``label`` and ``citations``. All attribute values are strings
or numbers, so GraphML and GEXF can carry them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import networkx as nx
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from kg.namespaces import NAD, NAIF, PREFIXES, QUDT, REF, RULE

__all__ = ["KINDS", "citations", "kind_of", "node_id", "to_networkx"]

#: Coarse node categories, most specific first: the first class a node belongs to decides.
KINDS: tuple[tuple[URIRef, str], ...] = (
    (NAIF.SolidElectrolyte, "electrolyte"),
    (NAIF.InterlayerMaterial, "interlayer"),
    (NAIF.Metal, "metal"),
    (NAIF.Alloy, "metal"),
    (NAIF.Phase, "phase"),
    (NAIF.Material, "material"),
    (NAIF.Interface, "interface"),
    (NAIF.InterfaceObservation, "observation"),
    (NAIF.StabilityLimitFinding, "stability limit"),
    (NAIF.Measurement, "measurement"),
    (NAIF.Finding, "finding"),
    (NAIF.RemedyApplication, "remedy"),
    (NAIF.Substitution, "substitution"),
    (NAIF.InterfaceProblem, "problem"),
    (NAIF.InterphaseType, "interphase type"),
    (NAIF.Method, "method"),
    (NAIF.PropertyKind, "property kind"),
    (NAIF.ChemicalElement, "element"),
    (NAIF.Reference, "reference"),
    (NAIF.Inference, "inference"),
    (NAIF.Rule, "rule"),
)

#: Object properties shown as attributes (the label of the object), not as edges.
_ATTRIBUTE_LINKS = {
    NAIF.evidence: "evidence",
    NAIF.chemicalSystem: "system",
    NAIF.statedIn: "stated_in",
    NAIF.propertyKind: "property",
    NAIF.valueQualifier: "qualifier",
    NAIF.qualitativeValue: "grade",
    NAIF.limitSide: "side",
    NAIF.effectDirection: "direction",
    NAIF.electronicCharacter: "electronic_character",
    NAIF.outcome: "outcome",
    NAIF.columnEvidence: "column_evidence",
    QUDT.unit: "unit",
}

#: Literal properties and the attribute each fills.
_LITERALS = {
    RDFS.label: "label",
    NAIF.formula: "formula",
    RDFS.comment: "description",
    DCTERMS.description: "description",
    SKOS.altLabel: "synonyms",
    QUDT.numericValue: "value",
    NAIF.lowerBound: "lower",
    NAIF.upperBound: "upper",
    NAIF.valueBefore: "before",
    NAIF.valueAfter: "after",
}

#: What an interface observation contributes, folded, as edges from its electrolyte.
_OBSERVATION_LINKS = (
    NAIF.hasDecompositionProduct,
    NAIF.interphaseType,
    NAIF.observedBy,
    DCTERMS.source,
)

#: Classes whose members are bookkeeping, not entities a researcher looks at.
_SKIPPED = {NAIF.DocumentPart, NAIF.TableRow, NAIF.TableColumn}


def node_id(graph: Graph, term: Node) -> str:
    """The node key of a term: its prefixed name (``nad:Na3SbS4``), else the full IRI.

    Example:
        >>> from kg.namespaces import bind_prefixes
        >>> node_id(bind_prefixes(Graph()), NAD["Na3SbS4"])
        'nad:Na3SbS4'
    """
    if isinstance(term, URIRef):
        short = graph.namespace_manager.normalizeUri(term)
        if not short.startswith("<"):
            return short
        for prefix, namespace in PREFIXES.items():  # local names with a slash, as rule:x/y
            if str(term).startswith(str(namespace)) and len(str(term)) > len(str(namespace)):
                return f"{prefix}:{str(term)[len(str(namespace)) :]}"
        return short
    return str(term)


def _label(graph: Graph, term: Node) -> str:
    label = graph.value(term, RDFS.label)
    if label is None:
        label = graph.value(term, SKOS.prefLabel)
    if label is not None:
        return str(label)
    description = graph.value(term, DCTERMS.description)
    if description is not None:  # a finding: its statement, shortened
        words = str(description).split()
        return " ".join(words[:10]) + (" …" if len(words) > 10 else "")
    text = str(term)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def citations(graph: Graph, node: Node) -> str:
    """The references a node cites, as ``[176] Wu2018-176; Tang2020-review`` (by number).

    Example:
        >>> from kg.load import load_graph
        >>> citations(load_graph(), NAD["obs-Na-Na3SbS4-176"])
        '[176] Wu2018-176'
    """
    found = []
    for ref in graph.objects(node, DCTERMS.source):
        key = str(ref).removeprefix(str(REF))
        number = graph.value(ref, NAIF.citationNumber)
        found.append((int(str(number)) if number is not None else 10**6, key))
    return "; ".join(f"[{n}] {k}" if n < 10**6 else k for n, k in sorted(found))


def _broader(graph: Graph, cls: Node) -> set[Node]:
    """``cls`` and every class it is a subclass of."""
    return {c for c in graph.transitive_objects(cls, RDFS.subClassOf) if c is not None}


def _classes(graph: Graph, node: Node) -> set[Node]:
    out: set[Node] = set()
    for c in graph.objects(node, RDF.type):
        out |= _broader(graph, c)
    return out


def kind_of(graph: Graph, node: Node) -> str:
    """The coarse category of a node (see :data:`KINDS`); ``family`` for a family class."""
    broader = _broader(graph, node)
    if NAIF.SolidElectrolyte in broader:
        return "family"
    if NAIF.RemedyApplication in broader:
        return "remedy kind"
    classes = _classes(graph, node)
    for cls, kind in KINDS:
        if cls in classes:
            return kind
    return "other"


def _type(graph: Graph, node: Node) -> str:
    types = [t for t in graph.objects(node, RDF.type) if t != OWL.NamedIndividual]
    if not types:
        return "owl:Class" if (node, RDFS.subClassOf, None) in graph else ""
    # the most specific: a type no other type of the node is a subclass of
    specific = [t for t in types if not any(t in _broader(graph, u) - {u} for u in types)]
    return node_id(graph, sorted(specific or types, key=str)[0])


def _quantity(graph: Graph, node: Node) -> str:
    value = graph.value(node, QUDT.numericValue)
    unit = graph.value(node, QUDT.unit)
    symbol = graph.value(unit, QUDT.symbol) if unit is not None else None
    return f"{value} {symbol or ''}".strip()


def _value_text(graph: Graph, m: Node) -> str:
    """A measurement as text: ``1.05e-3 S/cm at 25 °C [183]``."""
    unit = graph.value(m, QUDT.unit)
    symbol = str(graph.value(unit, QUDT.symbol) or "") if unit is not None else ""
    symbol = "" if symbol == "#" else symbol  # a count: the number says it all
    value = graph.value(m, QUDT.numericValue)
    lo, hi = graph.value(m, NAIF.lowerBound), graph.value(m, NAIF.upperBound)
    before, after = graph.value(m, NAIF.valueBefore), graph.value(m, NAIF.valueAfter)
    grade = graph.value(m, NAIF.qualitativeValue)
    if value is not None:
        text = f"{value} {symbol}"
    elif lo is not None and hi is not None:
        text = f"{lo}–{hi} {symbol}"
    elif before is not None and after is not None:
        text = f"{before} → {after} {symbol}"
    elif grade is not None:
        text = _label(graph, grade)
    else:
        text = "?"
    temperature = graph.value(m, NAIF.atTemperature)
    if temperature is not None:
        text += f" at {_quantity(graph, temperature)}"
    evidence = graph.value(m, NAIF.evidence)
    if evidence == NAIF.Computed:
        text += " (computed)"
    cites = citations(graph, m)
    return " ".join(text.split()) + (f" — {cites}" if cites else "")


def _included(graph: Graph) -> set[Node]:
    """The curated entities and, when the graph holds them, the rules' inferences.

    That is the ``nad:`` and ``rule:`` subjects, except bookkeeping nodes.
    """
    out = set()
    for s in set(graph.subjects()):
        curated = isinstance(s, URIRef) and str(s).startswith((str(NAD), str(RULE)))
        if curated and not (_classes(graph, s) & _SKIPPED):
            out.add(s)
    return out


def _add_node(g: nx.MultiDiGraph, graph: Graph, node: Node) -> str:
    key = node_id(graph, node)
    if key in g:
        return key
    label = _label(graph, node)
    rule = graph.value(node, NAIF.byRule)
    if rule is not None:  # an inference: the rule and its verdict
        label = f"{_label(graph, rule)}: {_label(graph, graph.value(node, NAIF.outcome) or rule)}"
    attrs: dict[str, Any] = {
        "label": label,
        "kind": kind_of(graph, node),
        "type": _type(graph, node),
        "iri": str(node),
        "citations": citations(graph, node),
    }
    for prop, name in _LITERALS.items():
        values = sorted(str(o) for o in graph.objects(node, prop) if isinstance(o, Literal))
        if values and name != "label":
            if name in ("value", "lower", "upper", "before", "after") and len(values) == 1:
                number = graph.value(node, prop)
                is_number = isinstance(number, Literal) and isinstance(
                    number.toPython(), int | float | Decimal
                )
                attrs[name] = float(number.toPython()) if is_number else values[0]  # type: ignore[union-attr]
            else:
                attrs[name] = "; ".join(values)
    for prop, name in _ATTRIBUTE_LINKS.items():
        values = sorted(_label(graph, o) for o in graph.objects(node, prop))
        if values:
            attrs[name] = "; ".join(values)
    for link, o in graph.predicate_objects(node):
        if isinstance(o, BNode) and (o, QUDT.numericValue, None) in graph:
            attrs[_local(link)] = _quantity(graph, o)
    families = sorted(
        _label(graph, c)
        for c in graph.objects(node, RDF.type)
        if NAIF.SolidElectrolyte in _broader(graph, c) and c != NAIF.SolidElectrolyte
    )
    if families:
        attrs["family"] = "; ".join(families)
    g.add_node(key, **attrs)
    return key


def _local(term: Node) -> str:
    text = str(term).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    return "".join("_" + c.lower() if c.isupper() else c for c in text).lstrip("_")


def _add_edge(
    g: nx.MultiDiGraph, graph: Graph, s: Node, p: URIRef, o: Node, *, via: Node | None = None
) -> None:
    a, b = _add_node(g, graph, s), _add_node(g, graph, o)
    predicate = node_id(graph, p)
    attrs = {
        "predicate": predicate,
        "label": _label(graph, p),
        "citations": citations(graph, via if via is not None else s),
    }
    if via is not None:
        attrs["via"] = node_id(graph, via)
    g.add_edge(
        a, b, key=predicate + ("|" + attrs.get("via", "") if via is not None else ""), **attrs
    )


def _edge_objects(graph: Graph, node: Node) -> Iterable[tuple[URIRef, Node]]:
    for p, o in graph.predicate_objects(node):
        if not isinstance(o, URIRef) or not isinstance(p, URIRef):
            continue
        if p in _ATTRIBUTE_LINKS or p == RDF.type or p in (RDFS.seeAlso, OWL.sameAs):
            continue
        if _classes(graph, o) & _SKIPPED:
            continue
        yield p, o


def to_networkx(graph: Graph, *, fold: bool = True) -> nx.MultiDiGraph:
    """The entities and relations of ``graph`` as a networkx multi-digraph.

    Args:
        graph: the compiled graph (ontology, data, references), optionally with inferences.
        fold: fold measurements, interface observations and stability limits into
            attributes and direct edges (readable); ``False`` keeps every node (faithful).

    Example:
        >>> from kg.load import load_graph
        >>> g = to_networkx(load_graph())
        >>> g.nodes["nad:Na3SbS4"]["kind"], g.has_edge("nad:Na3SbS4", "nad:Na3Sb")
        ('electrolyte', True)
    """
    g = nx.MultiDiGraph()
    folded: dict[Node, list[tuple[str, str]]] = defaultdict(list)
    for node in sorted(_included(graph), key=str):
        classes = _classes(graph, node)
        if fold and NAIF.Measurement in classes:
            target = graph.value(node, NAIF.ofMaterial) or graph.value(node, NAIF.ofFamily)
            kind = graph.value(node, NAIF.propertyKind)
            if target is not None and kind is not None:
                folded[target].append((_label(graph, kind), _value_text(graph, node)))
            continue
        if fold and NAIF.InterfaceObservation in classes:
            interface = graph.value(node, NAIF.ofInterface)
            electrolyte = graph.value(interface, NAIF.hasElectrolyte) if interface else None
            if electrolyte is not None:
                for p, o in _edge_objects(graph, node):
                    if p in _OBSERVATION_LINKS:
                        _add_edge(g, graph, electrolyte, p, o, via=node)
            continue
        if fold and NAIF.Interface in classes:
            continue  # its observations are folded onto the electrolyte
        if fold and NAIF.StabilityLimitFinding in classes:
            electrolyte = graph.value(node, NAIF.ofElectrolyte)
            if electrolyte is not None:
                side = _label(graph, graph.value(node, NAIF.limitSide) or NAIF.limitSide)
                potential = graph.value(node, NAIF.atPotential)
                text = _quantity(graph, potential) if potential is not None else "?"
                cites = citations(graph, node)
                folded[electrolyte].append((side, f"{text} — {cites}" if cites else text))
                for product in graph.objects(node, NAIF.hasDecompositionProduct):
                    _add_edge(
                        g, graph, electrolyte, NAIF.hasDecompositionProduct, product, via=node
                    )
            continue
        _add_node(g, graph, node)
        for p, o in _edge_objects(graph, node):
            if fold and (_classes(graph, o) & {NAIF.Measurement, NAIF.InterfaceObservation}):
                continue
            _add_edge(g, graph, node, p, o)
        for family in graph.objects(node, RDF.type):
            if family != NAIF.SolidElectrolyte and kind_of(graph, family) == "family":
                _add_edge(g, graph, node, RDF.type, family)
    for target, entries in folded.items():
        key = _add_node(g, graph, target)
        by_property: dict[str, list[str]] = defaultdict(list)
        for prop, text in entries:
            by_property[prop].append(text)
        for prop, texts in by_property.items():
            g.nodes[key][prop] = "; ".join(sorted(texts))
    # families link to their broader families, so a family's members are reachable from it
    families = [n for n, d in g.nodes(data=True) if d["kind"] == "family"]
    for key in families:
        family = URIRef(g.nodes[key]["iri"])
        for broader in graph.objects(family, RDFS.subClassOf):
            if broader != NAIF.SolidElectrolyte and kind_of(graph, broader) == "family":
                _add_edge(g, graph, family, RDFS.subClassOf, broader)
    return g
