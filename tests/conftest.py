"""Shared session fixtures: the project layout, the compiled graph and the shapes."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph

from kg.load import LoadedGraph, load
from kg.paths import Layout, layout
from kg.rules import with_inferred
from kg.store import open_store
from kg.validate import load_shapes

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"


@pytest.fixture(scope="session")
def lay() -> Layout:
    return layout(ROOT)


@pytest.fixture(scope="session")
def loaded() -> LoadedGraph:
    return load(ROOT)


@pytest.fixture(scope="session")
def graph(loaded: LoadedGraph) -> Graph:
    return loaded.graph


@pytest.fixture(scope="session")
def inferred_graph(graph: Graph) -> Graph:
    """The curated graph plus everything the rules derive (what ``--inferred`` runs on)."""
    return with_inferred(graph, root=ROOT)


@pytest.fixture(scope="session")
def oxigraph_store(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The compiled Oxigraph store of the project, built in a throw-away cache folder."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KG_CACHE", str(tmp_path_factory.mktemp("kg-cache")))
        return open_store(ROOT)


@pytest.fixture(scope="session")
def shapes() -> Graph:
    return load_shapes(ROOT)


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A throw-away copy of the project's data folders, for tests that break things."""
    for name in ("ontology", "graph_data", "queries"):
        shutil.copytree(ROOT / name, tmp_path / name)
    return tmp_path
