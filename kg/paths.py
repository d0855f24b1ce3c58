"""Where the project's files live: one place for every repository path."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Layout", "default_root", "layout"]

#: Environment variable that points ``kg`` at another project root.
ROOT_ENV = "KG_ROOT"


@dataclass(frozen=True)
class Layout:
    """The folders and files of a project root.

    Example:
        >>> lay = Layout(Path("/p"))
        >>> lay.bib.as_posix()
        '/p/graph_data/references.bib'
    """

    root: Path

    @property
    def ontology(self) -> Path:
        """Folder of the OWL modules and SHACL shapes."""
        return self.root / "ontology"

    @property
    def data(self) -> Path:
        """Folder of the curated facts and the bibliography."""
        return self.root / "graph_data"

    @property
    def bib(self) -> Path:
        """The bibliography every fact cites."""
        return self.data / "references.bib"

    @property
    def queries(self) -> Path:
        """Folder of the SPARQL files."""
        return self.root / "queries"

    @property
    def checks(self) -> Path:
        """Folder of ``*-violation.rq`` checks (any row is a defect)."""
        return self.queries / "checks"

    def ontology_files(self) -> list[Path]:
        """OWL modules (every ``*.ttl`` in ``ontology/`` except shapes), sorted."""
        return sorted(p for p in self.ontology.glob("*.ttl") if not p.name.endswith("-shapes.ttl"))

    def shapes_files(self) -> list[Path]:
        """SHACL shape files (``ontology/*-shapes.ttl``), sorted."""
        return sorted(self.ontology.glob("*-shapes.ttl"))

    def data_files(self) -> list[Path]:
        """Curated Turtle files in ``graph_data/`` (recursively), sorted."""
        return sorted(self.data.rglob("*.ttl"))

    def bib_files(self) -> list[Path]:
        """BibTeX files in ``graph_data/`` (recursively: ``kg add`` writes one per paper)."""
        return sorted(self.data.rglob("*.bib"))


def default_root() -> Path:
    """The project root: ``$KG_ROOT`` if set, else the checkout this package lives in."""
    env = os.environ.get(ROOT_ENV)
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent


def layout(root: str | Path | None = None) -> Layout:
    """Return the :class:`Layout` of ``root`` (default: :func:`default_root`)."""
    return Layout(Path(root) if root is not None else default_root())
