"""Run the reasoning rules (``queries/rules/*.rq``) and report what they derive.

Rules are data: each file is a SPARQL CONSTRUCT with a header naming what it derives, the
criterion of the review it applies, and its parameters (with defaults and their source)::

    # Rule: Monroe criterion
    # derives: ...
    # criterion: ...
    # param: factor = 2 -- multiple of the metal's shear modulus required [122,123]

Derived statements go to a graph of their own (never into the curated graph): one
``naif:Inference`` node per judgement, with ``naif:byRule``, ``naif:concerns``,
``naif:outcome``, ``prov:wasDerivedFrom`` (the facts it rests on) and a one-line reason.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF, RDFS
from rdflib.term import Identifier

from kg.cq import Parameter, parse_header
from kg.errors import InputError
from kg.formula import elements
from kg.namespaces import ELEM, NAIF, RULE, bind_prefixes
from kg.paths import layout
from kg.query import read_query, run

__all__ = [
    "RULE",
    "Rule",
    "RuleReport",
    "composition",
    "infer",
    "infer_store",
    "list_rules",
    "report",
    "with_inferred",
]


_TITLE = re.compile(r"^#\s*Rule:\s*(.+?)\s*$")


@dataclass(frozen=True)
class Rule:
    """One rule file: its IRI, title, header text and parameters."""

    path: Path
    title: str
    header: str
    parameters: tuple[Parameter, ...]

    @property
    def iri(self) -> URIRef:
        """``https://w3id.org/naif/rule/<file stem>``."""
        return RULE[self.path.stem]


def parse_rule(path: Path) -> Rule:
    """Read the header of a rule file.

    Raises:
        InputError: if the first line is not ``# Rule: title`` or a parameter line is malformed.
    """
    lines = read_query(path).splitlines()
    title = _TITLE.match(lines[0]) if lines else None
    if title is None:
        raise InputError("first line must be '# Rule: title'", path=path, line=1)
    header, params = parse_header(lines, path=path)
    return Rule(path=path, title=title.group(1), header="\n".join(header), parameters=tuple(params))


def list_rules(root: Path | str | None = None) -> list[Rule]:
    """Every rule of the project, by file name."""
    return [parse_rule(p) for p in sorted((layout(root).queries / "rules").glob("*.rq"))]


def composition(graph: Graph) -> Graph:
    """``naif:containsElement`` statements for every material whose ``naif:formula`` parses.

    Rules cannot parse formulas, so this runs before them (see :mod:`kg.formula`); a formula
    that does not parse gives no statements. The result is derived, never curated.

    Example:
        >>> from kg.load import load_graph
        >>> from kg.namespaces import NAD
        >>> g = composition(load_graph())
        >>> (NAD["Na3SbS4"], NAIF.containsElement, ELEM["Sb"]) in g
        True
    """
    out = Graph()
    for material, formula in graph.subject_objects(NAIF.formula):
        try:
            symbols = elements(str(formula))
        except InputError:
            continue
        for symbol in symbols:
            out.add((material, NAIF.containsElement, ELEM[symbol]))
    return out


def infer(
    graph: Graph,
    *,
    rules: list[Rule] | None = None,
    parameters: Mapping[str, Mapping[str, Identifier]] | None = None,
    root: Path | str | None = None,
) -> Graph:
    """Run the rules on ``graph`` and return the derived statements as a new graph.

    ``graph`` is only read. ``parameters`` maps a rule's file stem to values that replace its
    defaults.

    Example:
        >>> from kg.load import load_graph
        >>> derived = infer(load_graph())
        >>> len(set(derived.subjects(RDF.type, NAIF.Inference))) > 10
        True
    """
    derived = bind_prefixes(Graph())
    derived += composition(graph)
    work = Graph()  # the curated graph plus the parsed compositions; ``graph`` stays as it is
    work += graph
    work += derived
    for rule in rules if rules is not None else list_rules(root):
        bindings: dict[str, Identifier] = {p.name: p.default for p in rule.parameters}
        bindings.update((parameters or {}).get(rule.path.stem, {}))
        bindings["rule"] = rule.iri
        result = run(work, read_query(rule.path), bindings=bindings, source=str(rule.path))
        if result.kind != "graph" or result.graph is None:
            raise InputError("a rule must be a CONSTRUCT query", path=rule.path)
        derived += result.graph
        derived.add((rule.iri, RDFS.label, _literal(rule.title)))
    return derived


def infer_store(
    store: Any,
    *,
    rules: list[Rule] | None = None,
    root: Path | str | None = None,
) -> int:
    """Run the rules on an Oxigraph store, adding what they derive to ``INFERRED_GRAPH``.

    The same derivation as :func:`infer` (compositions first, then every rule on the curated
    graph plus the compositions, each rule blind to the others' output), evaluated by
    Oxigraph so that large graphs never pass through rdflib. Returns the number of derived
    statements.

    Example:
        >>> import pyoxigraph as ox
        >>> from kg.load import load_graph
        >>> store = ox.Store()
        >>> store.load(load_graph().serialize(format="nt"), ox.RdfFormat.N_TRIPLES)
        >>> infer_store(store) == len(infer(load_graph()))
        True
    """
    import pyoxigraph as ox

    from kg.engine import inject_values
    from kg.namespaces import INFERRED_GRAPH, PREFIXES

    target = ox.NamedNode(INFERRED_GRAPH)
    prefixes = {k: str(v) for k, v in PREFIXES.items()}
    contains = ox.NamedNode(str(NAIF.containsElement))
    quads = []
    for row in store.query("SELECT ?m ?f WHERE { ?m naif:formula ?f }", prefixes=prefixes):
        try:
            symbols = elements(row["f"].value)
        except InputError:
            continue
        quads += [ox.Quad(row["m"], contains, ox.NamedNode(ELEM[s]), target) for s in symbols]
    store.extend(quads)
    derived: set[Any] = set()
    for rule in rules if rules is not None else list_rules(root):
        bindings: dict[str, Identifier] = {p.name: p.default for p in rule.parameters}
        bindings["rule"] = rule.iri
        text = inject_values(read_query(rule.path), bindings)
        try:
            answer = store.query(text, prefixes=prefixes, use_default_graph_as_union=True)
        except (SyntaxError, ValueError, OSError) as exc:
            raise InputError(f"rule failed: {str(exc).splitlines()[0]}", path=rule.path) from None
        if not isinstance(answer, ox.QueryTriples):
            raise InputError("a rule must be a CONSTRUCT query", path=rule.path)
        derived.update(answer)
        derived.add(
            ox.Triple(ox.NamedNode(rule.iri), ox.NamedNode(str(RDFS.label)), ox.Literal(rule.title))
        )
    store.extend(ox.Quad(t.subject, t.predicate, t.object, target) for t in derived)
    return len(quads) + len(derived)


def with_inferred(graph: Graph, *, root: Path | str | None = None) -> Graph:
    """A new graph holding ``graph`` and everything the rules derive from it.

    This is what ``--inferred`` queries run on; ``graph`` itself is not changed. Derived
    statements stay recognisable: each judgement is a ``naif:Inference`` node, and
    ``naif:containsElement`` is never curated.

    Example:
        >>> from kg.load import load_graph
        >>> g = load_graph()
        >>> union = with_inferred(g)
        >>> len(union) > len(g) and not any(g.triples((None, NAIF.byRule, None)))
        True
    """
    union = bind_prefixes(Graph())
    union += graph
    union += infer(graph, root=root)
    return union


def _literal(text: str) -> Identifier:
    from rdflib import Literal

    return Literal(text)


@dataclass(frozen=True)
class RuleReport:
    """What one rule derived: per subject, the combined outcome and the reasons behind it."""

    rule: str
    title: str
    subjects: dict[str, str]
    reasons: dict[str, list[str]]
    families: dict[str, dict[str, int]]
    """Per electrolyte family (its label): the number of subjects per outcome, counting
    each electrolyte under its own family and a family-wide value under that family."""

    @property
    def counts(self) -> Counter[str]:
        """Number of subjects per outcome."""
        return Counter(self.subjects.values())


#: Outcomes that outweigh the others when one subject has several: a single disagreement
#: is worth reporting; an agreement outweighs the cases with nothing to compare.
_PRECEDENCE = ("disagrees", "agrees")


def _combine(outcomes: set[str]) -> str:
    """One verdict for a subject from the verdicts on its values or observations.

    >>> _combine({"satisfied"}), _combine({"satisfied", "violated"})
    ('satisfied', 'undetermined')
    >>> _combine({"agrees", "disagrees"}), _combine({"agrees", "only stated"})
    ('disagrees', 'agrees')
    """
    if len(outcomes) == 1:
        return next(iter(outcomes))
    for outcome in _PRECEDENCE:
        if outcome in outcomes:
            return outcome
    return "undetermined"


def _outcome_name(graph: Graph, outcome: Any) -> str:
    """The outcome's label (``"only stated"``), or its local name in lower case."""
    label = graph.value(outcome, RDFS.label)
    return str(label) if label is not None else str(outcome).rsplit("#", 1)[-1].lower()


def _families(graph: Graph, node: Any) -> set[Any]:
    """The electrolyte families a subject counts under.

    Its family classes and their broader families (Sulfide, then Chalcogenide), or, for a
    family-wide value, the family itself and its broader ones.
    """
    electrolyte = NAIF.SolidElectrolyte
    classes = {node} if (node, RDFS.subClassOf, None) in graph else set()
    classes |= set(graph.objects(node, RDF.type))
    found = set()
    for c in classes:
        chain = set(graph.transitive_objects(c, RDFS.subClassOf))
        if electrolyte in chain:
            found |= {
                f
                for f in chain
                if f != electrolyte
                and electrolyte in set(graph.transitive_objects(f, RDFS.subClassOf))
            }
    return found


def report(graph: Graph, derived: Graph) -> list[RuleReport]:
    """Summarise derived statements per rule, subject and electrolyte family.

    A subject whose values all give one outcome gets it; otherwise a disagreement wins, then
    an agreement, and anything else mixed is undetermined (see :func:`_combine`).
    """
    names = graph.namespace_manager

    def show(node: Any) -> str:
        label = graph.value(node, RDFS.label)
        return str(label) if label is not None else names.normalizeUri(node)

    out = []
    for rule in sorted(set(derived.subjects(RDF.type, NAIF.Rule)), key=str):
        outcomes: dict[str, set[str]] = defaultdict(set)
        reasons: dict[str, list[str]] = defaultdict(list)
        nodes: dict[str, Any] = {}
        for inference in derived.subjects(NAIF.byRule, rule):
            node = derived.value(inference, NAIF.concerns)
            subject = show(node)
            nodes[subject] = node
            outcome = _outcome_name(graph, derived.value(inference, NAIF.outcome))
            outcomes[subject].add(outcome)
            facts = ", ".join(
                sorted(
                    names.normalizeUri(str(f))
                    for f in derived.objects(inference, PROV.wasDerivedFrom)
                )
            )
            reasons[subject].append(
                f"{outcome}: {derived.value(inference, RDFS.comment)} [{facts}]"
            )
        title = str(derived.value(rule, RDFS.label))
        subjects = {s: _combine(o) for s, o in sorted(outcomes.items())}
        families: dict[str, Counter[str]] = defaultdict(Counter)
        for subject, outcome in subjects.items():
            for family in _families(graph, nodes[subject]):
                families[show(family)][outcome] += 1
        out.append(
            RuleReport(
                rule=names.normalizeUri(rule) if isinstance(rule, URIRef) else str(rule),
                title=title,
                subjects=subjects,
                reasons={s: sorted(r) for s, r in sorted(reasons.items())},
                families={f: dict(sorted(c.items())) for f, c in sorted(families.items())},
            )
        )
    return out
