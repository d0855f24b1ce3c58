"""How much of the curated source the graph covers: cited references, table cells, families.

The expectations are data, not code: each section of the review lists the references it
cites (``dcterms:references``) and whether each must support a fact
(``naif:coverageRequired``); Table 1's printed layout (rows, filled cells) is recorded apart
from its values. This module compares them with the facts in the graph.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph
from rdflib.term import Literal, URIRef

from kg.paths import layout
from kg.query import read_query, select
from kg.stats import compute_stats

__all__ = ["CellCoverage", "CoverageReport", "SectionCoverage", "compute_coverage"]


@dataclass(frozen=True)
class SectionCoverage:
    """The references one document part cites and how many facts each supports.

    Attributes:
        part: the document part, as a prefixed name.
        label: its title.
        required: whether each reference must support at least one fact.
        references: (citation number or None, key, number of facts) per cited reference.
    """

    part: str
    label: str
    required: bool
    references: tuple[tuple[int | None, str, int], ...]

    @property
    def uncovered(self) -> list[str]:
        """Keys of the cited references that support no fact."""
        return [key for _, key, facts in self.references if facts == 0]


@dataclass(frozen=True)
class CellCoverage:
    """One filled cell of a recorded table row and whether a fact gives its value."""

    table: str
    row: int
    material: str
    column: str
    present: bool


@dataclass(frozen=True)
class CoverageReport:
    """The outcome of :func:`compute_coverage`."""

    sections: tuple[SectionCoverage, ...]
    cells: tuple[CellCoverage, ...]
    unexpected_cells: tuple[tuple[str, str, str], ...]
    families: dict[tuple[str, str], int] = field(default_factory=dict)
    references_total: int = 0
    numbered_references: tuple[int, ...] = ()

    @property
    def missing_numbers(self) -> list[int]:
        """Citation numbers between 1 and the highest one that no reference carries."""
        present = set(self.numbered_references)
        return [n for n in range(1, max(present, default=0) + 1) if n not in present]

    @property
    def missing_cells(self) -> list[CellCoverage]:
        """Filled cells of the printed table that no fact gives."""
        return [c for c in self.cells if not c.present]

    @property
    def gaps(self) -> list[str]:
        """Everything the curated scope still lacks, one line each."""
        lines = [
            f"{c.table} row {c.row} ({c.material}): no fact for column {c.column}"
            for c in self.missing_cells
        ]
        lines += [f"references.bib: no entry for citation number {n}" for n in self.missing_numbers]
        lines += [
            f"{table}: {fact} ({material}) matches no filled cell of the recorded layout"
            for table, fact, material in self.unexpected_cells
        ]
        for section in self.sections:
            if section.required:
                lines += [
                    f"{section.label}: cites {key} but no fact cites it"
                    for key in section.uncovered
                ]
        return lines

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        rows: dict[tuple[str, int, str], dict[str, Any]] = {}
        for c in self.cells:
            entry = rows.setdefault(
                (c.table, c.row, c.material),
                {
                    "table": c.table,
                    "row": c.row,
                    "material": c.material,
                    "present": [],
                    "missing": [],
                },
            )
            entry["present" if c.present else "missing"].append(c.column)
        return {
            "sections": [
                {
                    "part": s.part,
                    "label": s.label,
                    "coverage_required": s.required,
                    "references": [{"number": n, "key": k, "facts": f} for n, k, f in s.references],
                    "uncovered": s.uncovered,
                }
                for s in self.sections
            ],
            "table_rows": list(rows.values()),
            "table_cells": {
                "expected": len(self.cells),
                "present": len(self.cells) - len(self.missing_cells),
                "unexpected": [
                    {"table": t, "fact": f, "material": m} for t, f, m in self.unexpected_cells
                ],
            },
            "facts_per_family": [
                {"family": fam, "system": system, "facts": n}
                for (fam, system), n in sorted(self.families.items())
            ],
            "references_total": self.references_total,
            "references_numbered": len(self.numbered_references),
            "references_unnumbered": self.references_total - len(self.numbered_references),
            "citation_numbers_missing": self.missing_numbers,
            "gaps": self.gaps,
        }

    def text(self) -> str:
        """A plain-text report."""
        lines = ["references cited per section (facts citing each):"]
        for s in self.sections:
            covered = len(s.references) - len(s.uncovered)
            flag = " (required)" if s.required else ""
            lines.append(f"  {s.label}{flag}: {covered}/{len(s.references)} supported")
            if s.uncovered:
                lines.append(f"    without a fact: {', '.join(s.uncovered)}")
        present = len(self.cells) - len(self.missing_cells)
        rows = {(c.table, c.row) for c in self.cells}
        lines += ["", f"table cells: {present}/{len(self.cells)} present in {len(rows)} rows"]
        lines += [
            f"  missing: {c.table} row {c.row} {c.material} {c.column}" for c in self.missing_cells
        ]
        lines += [f"  unexpected: {f} ({m})" for _, f, m in self.unexpected_cells]
        lines += ["", "facts per family:"]
        lines += [f"  {fam:<40} {sys:<8} {n:>6}" for (fam, sys), n in sorted(self.families.items())]
        numbered = len(self.numbered_references)
        top = max(self.numbered_references, default=0)
        lines += [
            "",
            f"references in references.bib: {self.references_total} "
            f"({numbered} numbered 1..{top} in the review, "
            f"{self.references_total - numbered} without a number, such as the review itself)",
        ]
        if self.missing_numbers:
            lines.append(f"  citation numbers with no entry: {self.missing_numbers}")
        lines += ["", f"gaps in the required scope: {len(self.gaps)}"]
        return "\n".join(lines)


def _name(graph: Graph, node: object) -> str:
    if isinstance(node, URIRef):
        return graph.namespace_manager.normalizeUri(node)
    return str(node)


def _int(node: object) -> int | None:
    return int(node.toPython()) if isinstance(node, Literal) else None


def compute_coverage(graph: Graph, *, queries_dir: Path | None = None) -> CoverageReport:
    """Compare the graph with the recorded layout of its sources.

    Example:
        >>> from kg.load import load_graph
        >>> report = compute_coverage(load_graph())
        >>> report.references_total
        264
    """
    queries = queries_dir or layout().queries

    def run(name: str) -> list[dict[str, Any]]:
        path = queries / "coverage" / name
        return select(graph, read_query(path), source=str(path))

    parts: dict[str, dict[str, Any]] = {}
    for r in run("section-references.rq"):
        part = _name(graph, r["part"])
        entry = parts.setdefault(
            part,
            {
                "label": str(r["label"]),
                "notation": str(r["notation"] or ""),
                "required": bool(r["required"] is not None and r["required"].toPython()),
                "refs": [],
            },
        )
        entry["refs"].append((_int(r["number"]), str(r["key"]), _int(r["facts"]) or 0))
    sections = tuple(
        SectionCoverage(part, e["label"], e["required"], tuple(e["refs"]))
        for part, e in sorted(parts.items(), key=lambda kv: (kv[1]["notation"], kv[0]))
    )
    cells = tuple(
        CellCoverage(
            table=_name(graph, r["table"]),
            row=_int(r["number"]) or 0,
            material=_name(graph, r["material"]),
            column=_name(graph, r["column"]),
            present=bool(r["present"].toPython()),
        )
        for r in run("table-cells.rq")
    )
    unexpected = tuple(
        (_name(graph, r["table"]), _name(graph, r["m"]), _name(graph, r["material"]))
        for r in run("table-unexpected-cells.rq")
    )
    stats = compute_stats(graph, queries_dir=queries / "stats")
    numbers = tuple(sorted(n for r in run("references.rq") if (n := _int(r["number"])) is not None))
    return CoverageReport(
        sections=sections,
        cells=cells,
        unexpected_cells=unexpected,
        families=stats.families,
        references_total=len(stats.references),
        numbered_references=numbers,
    )
