"""Walk the networkx view of the graph: neighbourhoods, labelled paths, hubs.

Terms are resolved like ``kg ask`` resolves names (labels, synonyms, formulas, prefixed names),
and, for the entities the linker does not index (remedies, findings, references), by label.
Paths avoid bookkeeping hops (a shared reference, technique or property kind is not a
meaningful link between two entities), so they read as chains of facts.
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx
from rdflib import Graph

from kg.errors import InputError, UsageError
from kg.link import Linker, normalize
from kg.namespaces import PREFIXES

__all__ = ["Step", "hubs", "neighbors", "paths", "resolve"]

#: Node kinds a path may not pass through (it may start or end there).
BOOKKEEPING = frozenset({"reference", "method", "property kind", "element", "rule", "other"})

#: Centrality measures ``hubs`` offers.
MEASURES = ("degree", "betweenness", "closeness")


def resolve(g: nx.MultiDiGraph, term: str, *, graph: Graph | None = None) -> str:
    """The node key a term names: a node key, an IRI, or a name the linker or a label knows.

    Raises:
        InputError: naming the term, with the closest labels, when nothing (or too much) matches.

    Example:
        >>> from kg.load import load_graph
        >>> from kg.network import to_networkx
        >>> g = load_graph()
        >>> resolve(to_networkx(g), "NZSP", graph=g)
        'nad:Na3Zr2Si2PO12'
    """
    text = term.strip()
    if not text:
        raise InputError("an empty term names nothing")
    if text in g:
        return str(text)
    iri = text[1:-1] if text.startswith("<") and text.endswith(">") else text
    by_iri: dict[str, str] = {str(d.get("iri")): str(n) for n, d in g.nodes(data=True)}
    if iri in by_iri:
        return by_iri[iri]
    prefix, sep, local = text.partition(":")
    if sep and prefix in PREFIXES and str(PREFIXES[prefix]) + local in by_iri:
        return by_iri[str(PREFIXES[prefix]) + local]
    if graph is not None:
        found = {e.iri for e in Linker(graph).lookup(text)}
        keys = {by_iri[str(i)] for i in found if str(i) in by_iri}
        if len(keys) == 1:
            return keys.pop()
    wanted = normalize(text)
    labels: dict[str, set[str]] = {}
    for n, d in g.nodes(data=True):
        labels.setdefault(normalize(str(d.get("label", n))), set()).add(n)
    exact = labels.get(wanted, set())
    if len(exact) == 1:
        return next(iter(exact))
    partial = {n for label, nodes in labels.items() if wanted in label for n in nodes}
    if len(partial) == 1:
        return next(iter(partial))
    if len(exact | partial) > 1:
        shown = sorted(str(g.nodes[n]["label"]) for n in exact | partial)
        more = f" and {len(shown) - 5} more" if len(shown) > 5 else ""
        raise InputError(f"'{term}' matches several entities: {', '.join(shown[:5])}{more}")
    by_key = {str(n).split(":", 1)[-1].lower(): str(n) for n in g}  # ref:Wu2018-176 by key
    if text.lower() in by_key:
        return by_key[text.lower()]
    close = difflib.get_close_matches(wanted, list(labels), n=3, cutoff=0.6)
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    raise InputError(f"no entity named '{term}' in the graph{hint}")


def neighbors(
    g: nx.MultiDiGraph, center: str, *, depth: int = 1, kinds: Iterable[str] | None = None
) -> nx.MultiDiGraph:
    """The subgraph within ``depth`` relations of ``center``, either direction.

    ``kinds`` keeps only nodes of those kinds (the center always stays); a kept node must be
    reachable through kept nodes.

    Raises:
        UsageError: for a negative depth or an unknown kind.

    Example:
        >>> from kg.load import load_graph
        >>> from kg.network import to_networkx
        >>> sub = neighbors(to_networkx(load_graph()), "nad:Na3SbS4", kinds=["phase"])
        >>> sorted(sub)
        ['nad:Na2S', 'nad:Na3Sb', 'nad:Na3SbS4']
    """
    if depth < 0:
        raise UsageError(f"--depth must be 0 or more, got {depth}")
    view: nx.MultiDiGraph = g
    if kinds is not None:
        wanted = set(kinds)
        known = {str(d.get("kind")) for _, d in g.nodes(data=True)}
        unknown = sorted(wanted - known)
        if unknown:
            raise UsageError(
                f"unknown node kind '{unknown[0]}' (kinds: {', '.join(sorted(known))})"
            )
        keep = [n for n, d in g.nodes(data=True) if d.get("kind") in wanted or n == center]
        view = g.subgraph(keep)
    reached = nx.single_source_shortest_path_length(
        view.to_undirected(as_view=True), center, cutoff=depth
    )
    return g.subgraph(reached).copy()


@dataclass(frozen=True)
class Step:
    """One hop of a path: ``source --label--> target`` as stated in the graph, with sources."""

    source: str
    target: str
    predicate: str
    label: str
    citations: str
    forward: bool
    """Whether the statement runs from the earlier node of the path to the later one."""


def _meaningful(g: nx.MultiDiGraph, ends: set[str]) -> nx.Graph:
    keep = [n for n, d in g.nodes(data=True) if d.get("kind") not in BOOKKEEPING or n in ends]
    return nx.Graph(g.subgraph(keep))


def paths(g: nx.MultiDiGraph, start: str, end: str, *, limit: int = 3) -> list[list[Step]]:
    """Up to ``limit`` shortest chains of statements from ``start`` to ``end``, shortest first.

    Chains do not pass through references, techniques, property kinds or elements.

    Raises:
        InputError: when no chain connects the two.

    Example:
        >>> from kg.load import load_graph
        >>> from kg.network import to_networkx
        >>> (first, *_), *_ = paths(to_networkx(load_graph()), "nad:Na3SbS4", "nad:Na3Sb")
        >>> first.label, first.citations
        ('has decomposition product', '[176] Wu2018-176')
    """
    if start == end:
        return [[]]
    simple = _meaningful(g, {start, end})
    try:
        chains = list(itertools.islice(nx.shortest_simple_paths(simple, start, end), limit))
    except nx.NetworkXNoPath:
        raise InputError(
            f"no chain of statements links {g.nodes[start]['label']} and {g.nodes[end]['label']}"
        ) from None
    return [[_step(g, a, b) for a, b in itertools.pairwise(chain)] for chain in chains]


def _step(g: nx.MultiDiGraph, a: str, b: str) -> Step:
    if g.has_edge(a, b):
        data, forward = next(iter(g.get_edge_data(a, b).values())), True
        source, target = a, b
    else:
        data, forward = next(iter(g.get_edge_data(b, a).values())), False
        source, target = b, a
    return Step(
        source=source,
        target=target,
        predicate=str(data.get("predicate", "")),
        label=str(data.get("label", "")),
        citations=str(data.get("citations", "")),
        forward=forward,
    )


def hubs(
    g: nx.MultiDiGraph,
    *,
    kinds: Iterable[str] | None = None,
    measure: str = "degree",
    top: int = 10,
) -> list[tuple[str, float]]:
    """The most connected nodes (of ``kinds``, if given) by a centrality measure.

    ``degree`` counts statements (normalised degree centrality), ``betweenness`` how often a
    node lies on shortest chains between others, ``closeness`` how near it is to all others,
    all on the undirected view.

    Raises:
        UsageError: for an unknown measure or a ``top`` below 1.

    Example:
        >>> from kg.load import load_graph
        >>> from kg.network import to_networkx
        >>> [n for n, _ in hubs(to_networkx(load_graph()), kinds=["electrolyte"], top=1)]
        ['nad:Na3PS4']
    """
    if measure not in MEASURES:
        raise UsageError(f"unknown measure '{measure}' (choose from {', '.join(MEASURES)})")
    if top < 1:
        raise UsageError(f"--top must be 1 or more, got {top}")
    simple = nx.Graph(g.to_undirected(as_view=True))
    if measure == "degree":
        scores = nx.degree_centrality(simple)
    elif measure == "betweenness":
        scores = nx.betweenness_centrality(simple)
    else:
        scores = nx.closeness_centrality(simple)
    wanted = set(kinds) if kinds is not None else None
    ranked = sorted(
        ((n, s) for n, s in scores.items() if wanted is None or g.nodes[n].get("kind") in wanted),
        key=lambda item: (-item[1], item[0]),
    )
    return ranked[:top]
