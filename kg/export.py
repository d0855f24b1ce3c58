"""Choose a subgraph and write it for the tools researchers use.

Selections: the neighbourhood of a term (``focus``), the members of a family and what they
link to (``family``), or the entities a competency question or SPARQL file names (``query``).
Formats: GraphML (Gephi, Cytoscape, yEd), GEXF (Gephi), Cytoscape.js JSON, Graphviz DOT (SVG
and PNG through Graphviz's ``dot`` when it is installed), the same subgraph as RDF (Turtle,
JSON-LD) and a self-contained interactive HTML page (:mod:`kg.html`).
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TypeVar

import networkx as nx
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDFS
from rdflib.term import Node

from kg.dump import serialize
from kg.errors import InputError, UsageError
from kg.namespaces import NAIF, bind_prefixes
from kg.traverse import neighbors

__all__ = ["FORMATS", "by_family", "by_query", "export", "progress", "rdf_subgraph", "to_dot"]

#: Output formats and whether they are text.
FORMATS = {
    "graphml": True,
    "gexf": True,
    "cyjs": True,
    "dot": True,
    "svg": True,
    "png": False,
    "ttl": True,
    "jsonld": True,
    "html": True,
}

#: Fill colours of node kinds in DOT (the HTML page has its own palette).
COLOURS = {
    "electrolyte": "#9ecae1",
    "family": "#3182bd",
    "phase": "#fdd0a2",
    "metal": "#fdae6b",
    "interlayer": "#c7e9c0",
    "remedy": "#74c476",
    "remedy kind": "#31a354",
    "problem": "#fb6a4a",
    "interphase type": "#de2d26",
    "reference": "#d9d9d9",
    "finding": "#f2f0f7",
    "method": "#bcbddc",
}

T = TypeVar("T")


def progress(items: Iterable[T], *, label: str, total: int) -> Iterator[T]:
    """Yield ``items``, drawing a progress bar on standard error when it is a terminal.

    Example:
        >>> list(progress([1, 2], label="steps", total=2))
        [1, 2]
    """
    show = sys.stderr.isatty()
    for done, item in enumerate(items, start=1):
        if show:
            filled = int(30 * done / max(total, 1))
            sys.stderr.write(f"\r{label} [{'#' * filled}{'.' * (30 - filled)}] {done}/{total}")
            sys.stderr.flush()
        yield item
    if show:
        sys.stderr.write("\n")


def by_family(g: nx.MultiDiGraph, family: str, *, depth: int = 1) -> nx.MultiDiGraph:
    """A family, its subfamilies and member electrolytes, and what lies within ``depth`` of them.

    Raises:
        InputError: when ``family`` is not a family node.
    """
    if g.nodes[family].get("kind") != "family":
        raise InputError(f"'{g.nodes[family]['label']}' is not an electrolyte family")
    membership = _membership(g)
    if family not in membership:
        return g.subgraph([family]).copy()
    within = {family} | nx.ancestors(membership, family)  # members and subfamilies
    members = {n for n in within if g.nodes[n].get("kind") != "family"}
    keep: set[str] = set(within)
    for member in members:
        keep |= set(neighbors(g, member, depth=depth))
    return g.subgraph(keep).copy()


def _membership(g: nx.MultiDiGraph) -> nx.DiGraph:
    """``member -> family`` and ``subfamily -> family`` edges only."""
    edges = [
        (a, b)
        for a, b, d in g.edges(data=True)
        if d.get("predicate") in ("rdf:type", "rdfs:subClassOf")
    ]
    return nx.DiGraph(edges)


def by_query(
    g: nx.MultiDiGraph, result_graph: Graph | None, terms: Iterable[object]
) -> nx.MultiDiGraph:
    """The nodes a query result names (IRIs in its rows, or subjects and objects it built).

    Raises:
        InputError: when the result names no entity of the graph.
    """
    iris = {str(t) for t in terms if isinstance(t, URIRef)}
    if result_graph is not None:
        for s, _, o in result_graph:
            iris |= {str(x) for x in (s, o) if isinstance(x, URIRef)}
    keep = [n for n, d in g.nodes(data=True) if d.get("iri") in iris]
    if not keep:
        raise InputError("the query names no entity of the graph: nothing to export")
    return g.subgraph(keep).copy()


def rdf_subgraph(graph: Graph, sub: nx.MultiDiGraph) -> Graph:
    """The RDF statements behind a subgraph.

    The statements about its entities, and about the measurements, observations and
    interfaces that describe them, with the labels of what they point to.

    Example:
        >>> from kg.load import load_graph
        >>> from kg.namespaces import NAD
        >>> from kg.network import to_networkx
        >>> g = load_graph()
        >>> rdf = rdf_subgraph(g, to_networkx(g).subgraph(["nad:Na3SbS4"]))
        >>> (NAD["m-Na3SbS4-ionic-conductivity-table1"], NAIF.ofMaterial, NAD["Na3SbS4"]) in rdf
        True
    """
    entities = {URIRef(str(d["iri"])) for _, d in sub.nodes(data=True)}
    subjects: set[Node] = set(entities)
    for e in entities:
        for link in (NAIF.ofMaterial, NAIF.ofFamily, NAIF.ofElectrolyte, NAIF.hasElectrolyte):
            subjects |= set(graph.subjects(link, e))
    for interface in [s for s in subjects if (s, NAIF.hasElectrolyte, None) in graph]:
        subjects |= set(graph.subjects(NAIF.ofInterface, interface))
    out = bind_prefixes(Graph())
    todo = list(subjects)
    seen: set[Node] = set()
    while todo:
        s = todo.pop()
        if s in seen:
            continue
        seen.add(s)
        for p, o in graph.predicate_objects(s):
            out.add((s, p, o))
            if isinstance(o, BNode):
                todo.append(o)
            elif isinstance(o, URIRef):
                for label in graph.objects(o, RDFS.label):
                    out.add((o, RDFS.label, label))
    return out


def _dot_text(text: object) -> str:
    escaped = str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def to_dot(sub: nx.MultiDiGraph, *, title: str = "kg") -> str:
    r"""Graphviz DOT text: nodes filled by kind and labelled, edges labelled by relation.

    Example:
        >>> g = nx.MultiDiGraph()
        >>> g.add_node("nad:a", label='say "hi"', kind="phase")
        >>> print(to_dot(g).splitlines()[3])
          "nad:a" [label="say \"hi\"", fillcolor="#fdd0a2"];
    """
    lines = [
        f"digraph {_dot_text(title)} {{",
        "  graph [rankdir=LR, overlap=false];",
        '  node [shape=box, style="rounded,filled", fontname="Helvetica", fillcolor="#ffffff"];',
    ]
    for n, d in sorted(sub.nodes(data=True)):
        colour = COLOURS.get(str(d.get("kind")), "#ffffff")
        lines.append(
            f'  {_dot_text(n)} [label={_dot_text(d.get("label", n))}, fillcolor="{colour}"];'
        )
    for a, b, d in sorted(sub.edges(data=True), key=lambda e: (e[0], e[1], str(e[2]))):
        lines.append(f"  {_dot_text(a)} -> {_dot_text(b)} [label={_dot_text(d.get('label', ''))}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _graphviz(dot: str, fmt: str) -> bytes:
    program = shutil.which("dot")
    if program is None:
        raise UsageError(
            f"--format {fmt} needs Graphviz's 'dot' program (apt install graphviz); "
            "--format dot writes the text it reads"
        )
    done = subprocess.run(
        [program, f"-T{fmt}"], input=dot.encode("utf-8"), capture_output=True, timeout=300
    )
    if done.returncode != 0:
        first = done.stderr.decode("utf-8", "replace").strip().splitlines()[:1]
        raise InputError(f"Graphviz failed: {first[0] if first else done.returncode}")
    return done.stdout


def _strings(sub: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attributes GraphML and GEXF can hold (None dropped, keys as strings)."""
    out = nx.MultiDiGraph()
    for n, d in sub.nodes(data=True):
        out.add_node(n, **{k: v for k, v in d.items() if v is not None})
    for a, b, k, d in sub.edges(keys=True, data=True):
        out.add_edge(a, b, key=str(k), **{k2: v for k2, v in d.items() if v is not None})
    return out


def export(
    sub: nx.MultiDiGraph,
    *,
    fmt: str,
    graph: Graph | None = None,
    title: str = "NaIF subgraph",
    focus: str | None = None,
) -> bytes:
    """The subgraph in ``fmt`` (see :data:`FORMATS`), as bytes.

    ``graph`` (the RDF graph the subgraph came from) is needed for ``ttl`` and ``jsonld``;
    ``focus`` (a node key) is highlighted and opened in the HTML page.

    Raises:
        UsageError: for an unknown format, or svg/png without Graphviz.

    Example:
        >>> g = nx.MultiDiGraph(); g.add_node("nad:a", label="a", kind="phase")
        >>> b"nad:a" in export(g, fmt="graphml")
        True
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown format '{fmt}' (choose from {', '.join(FORMATS)})")
    if fmt in ("graphml", "gexf"):
        buffer = io.BytesIO()
        writer = nx.write_graphml if fmt == "graphml" else nx.write_gexf
        writer(_strings(sub), buffer)
        return buffer.getvalue()
    if fmt == "cyjs":
        text = json.dumps(nx.cytoscape_data(sub), indent=1, ensure_ascii=False, sort_keys=True)
        return text.encode("utf-8")
    if fmt in ("dot", "svg", "png"):
        dot = to_dot(sub, title=title)
        return dot.encode("utf-8") if fmt == "dot" else _graphviz(dot, fmt)
    if fmt in ("ttl", "jsonld"):
        if graph is None:
            raise UsageError(f"--format {fmt} needs the RDF graph the subgraph came from")
        return serialize(rdf_subgraph(graph, sub), fmt=fmt)
    from kg.html import render_html

    page: str = render_html(sub, title=title, focus=focus)
    return page.encode("utf-8")


def write(data: bytes, path: Path | None) -> None:
    """Write to ``path`` atomically, or to standard output."""
    from kg.dump import write_atomic

    if path is None or str(path) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        write_atomic(data, path)
