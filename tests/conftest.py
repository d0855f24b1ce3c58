"""Shared session fixtures: the project layout, the compiled graph and the shapes."""

from __future__ import annotations

import shutil
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
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


def _wait_for(url: str, process: subprocess.Popen[bytes], *, seconds: float = 30) -> None:
    """Poll a SPARQL endpoint until it answers, or fail with what the server printed."""
    deadline = time.monotonic() + seconds
    probe = url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {process.stderr.read().decode()[:500]}")  # type: ignore[union-attr]
        try:
            with urllib.request.urlopen(probe, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"no answer from {url} within {seconds} s")


@pytest.fixture(scope="session")
def oxigraph_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Two live Oxigraph servers on 127.0.0.1 over the compiled store: ``plain`` (the
    curated default graph) and ``union`` (curated plus derived statements)."""
    from kg.remote import free_port, server_command
    from kg.store import compile_store

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KG_CACHE", str(tmp_path_factory.mktemp("kg-cache-server")))
        store = compile_store(ROOT) / "store"
    processes, urls = [], {}
    try:
        for name, extra in (("plain", []), ("union", ["--union-default-graph"])):
            port = free_port()
            command = server_command(store, host="127.0.0.1", port=port) + extra
            process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            processes.append(process)
            urls[name] = f"http://127.0.0.1:{port}/query"
            _wait_for(urls[name], process)
        yield urls
    finally:
        for process in processes:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
