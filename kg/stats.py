"""Counts over the compiled graph: instances per class, facts per family, reference use."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Graph
from rdflib.term import Literal, URIRef

from kg.paths import layout
from kg.query import read_query, select

__all__ = ["Stats", "compute_stats"]


@dataclass(frozen=True)
class Stats:
    """Summary counts of a graph.

    Attributes:
        triples: number of triples.
        classes: class (prefixed name) to number of instances, subclasses included.
        families: (family, chemical system) to number of facts about its members.
        references: citation key to number of nodes citing it.
    """

    triples: int
    classes: dict[str, int]
    families: dict[tuple[str, str], int]
    references: dict[str, int]

    @property
    def cited(self) -> list[str]:
        """Keys cited by at least one node."""
        return sorted(k for k, n in self.references.items() if n > 0)

    @property
    def uncited(self) -> list[str]:
        """Keys no node cites."""
        return sorted(k for k, n in self.references.items() if n == 0)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        return {
            "triples": self.triples,
            "instances_per_class": dict(sorted(self.classes.items())),
            "facts_per_family": [
                {"family": fam, "system": system, "facts": n}
                for (fam, system), n in sorted(self.families.items())
            ],
            "references": {
                "total": len(self.references),
                "cited": len(self.cited),
                "uncited": len(self.uncited),
                "uncited_keys": self.uncited,
            },
        }

    def text(self) -> str:
        """A plain-text report."""
        lines = [f"triples: {self.triples}", "", "instances per class (with subclasses):"]
        width = max((len(c) for c in self.classes), default=10)
        lines += [f"  {c:<{width}}  {n:>6}" for c, n in sorted(self.classes.items())]
        lines += ["", "facts per family:"]
        lines += [
            f"  {fam:<40} {system:<8} {n:>6}" for (fam, system), n in sorted(self.families.items())
        ]
        lines += [
            "",
            f"references: {len(self.references)} in total, {len(self.cited)} cited by a fact, "
            f"{len(self.uncited)} uncited",
        ]
        return "\n".join(lines)


def _qname(graph: Graph, node: object) -> str:
    if isinstance(node, URIRef):
        return graph.namespace_manager.normalizeUri(node)
    return str(node)


def _count(value: object) -> int:
    return int(value.toPython()) if isinstance(value, Literal) else 0


def compute_stats(graph: Graph, *, queries_dir: Path | None = None) -> Stats:
    """Count instances per class, facts per family and citing nodes per reference.

    The counting queries are the files in ``queries/stats/``.

    Example:
        >>> from kg.load import load_graph
        >>> stats = compute_stats(load_graph())
        >>> stats.classes["naif:SolidElectrolyte"] > 0
        True
    """
    folder = queries_dir or layout().queries / "stats"

    def run(name: str) -> list[dict[str, Any]]:
        path = folder / name
        return select(graph, read_query(path), source=str(path))

    classes = {_qname(graph, r["class"]): _count(r["n"]) for r in run("instances-per-class.rq")}
    families = {
        (_qname(graph, r["family"]), str(r["system"]) if r["system"] is not None else "-"): _count(
            r["facts"]
        )
        for r in run("facts-per-family.rq")
    }
    references = {str(r["key"]): _count(r["citations"]) for r in run("reference-usage.rq")}
    return Stats(triples=len(graph), classes=classes, families=families, references=references)
