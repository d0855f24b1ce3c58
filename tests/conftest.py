"""Shared session fixtures: the project layout, the compiled graph and the shapes."""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import signal
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
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

# The network guard (tests/netguard/sitecustomize.py): this process and every Python process
# a test starts refuse connections and name lookups beyond the loopback interface, and log
# them; a test that caused one fails (see ``_no_network``).
_NETGUARD = TESTS / "netguard"
_NETGUARD_LOG = Path(
    os.environ.setdefault("KG_NETGUARD_LOG", f"/tmp/kg-netguard-{os.getpid()}.log")
)
os.environ["PYTHONPATH"] = os.pathsep.join(
    p for p in (str(_NETGUARD), os.environ.get("PYTHONPATH", "")) if p
)
_NETGUARD_LOG.write_text("", encoding="utf-8")
_spec = importlib.util.spec_from_file_location("kg_netguard", _NETGUARD / "sitecustomize.py")
assert _spec is not None and _spec.loader is not None
_netguard = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_netguard)
_netguard.install()


@pytest.fixture(autouse=True)
def _no_network() -> Iterator[None]:
    """Fail the test if it (or a process it started) tried to reach beyond this machine."""
    yield
    attempts = _NETGUARD_LOG.read_text(encoding="utf-8")
    if attempts:
        _NETGUARD_LOG.write_text("", encoding="utf-8")
        pytest.fail(f"network access outside 127.0.0.1 was attempted:\n{attempts}")


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


def _wait_for(
    url: str, process: subprocess.Popen[bytes], *, seconds: float = 30, log: Path | None = None
) -> None:
    """Poll a SPARQL endpoint until it answers, or fail with what the server printed (its
    stderr pipe, or ``log`` when its output goes to a file)."""
    deadline = time.monotonic() + seconds
    probe = url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    while time.monotonic() < deadline:
        if process.poll() is not None:
            if log is not None:
                printed = log.read_text(encoding="utf-8", errors="replace")[-500:]
            else:
                printed = process.stderr.read().decode()[:500]  # type: ignore[union-attr]
            raise RuntimeError(f"server exited: {printed}")
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


#: Where the Virtuoso fixture loads the curated statements (the derived ones go to
#: ``kg.namespaces.INFERRED_GRAPH``); a test-only name, nothing else uses it.
CURATED_GRAPH = "urn:naif:curated"

# Everything in the throw-away folder, both ports on 127.0.0.1. [SPARQL]: no row cap (the
# Debian ini caps every answer at 10 000 rows without saying so) and no server-side time limit
# (Virtuoso's "anytime" answers can be cut short without an error); the client's timeout rules.
_VIRTUOSO_INI = """\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
CheckpointInterval = 0
DirsAllowed = ., {data}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {db}
ServerThreads = 4
MaxClientConnections = 4
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 0
MaxQueryCostEstimationTime = 0
"""


@dataclass(frozen=True)
class VirtuosoServer:
    """A live Virtuoso: its SPARQL endpoint and the graphs to send as ``default-graph-uri``."""

    url: str
    curated: str
    inferred: str

    def default_graphs(self, *, inferred: bool) -> tuple[str, ...]:
        """The dataset of a question: Virtuoso's own default graph is the union of every graph
        it holds (its system graphs included), so each request names the curated graph, plus
        the derived one for questions marked ``# graph: inferred``."""
        return (self.curated, self.inferred) if inferred else (self.curated,)


def _stop_group(process: subprocess.Popen[bytes]) -> None:
    """End a server started with ``start_new_session=True`` and anything left of its group."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=15)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def _isql(program: str, port: int, statement: str) -> str:
    """Run SQL through Virtuoso's ``isql`` client on its SQL port; fail with what it printed."""
    done = subprocess.run(
        [program, f"127.0.0.1:{port}", "dba", "dba", f"exec={statement}"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    printed = done.stdout + done.stderr
    if done.returncode != 0 or "*** Error" in printed:
        raise RuntimeError(f"isql failed on {statement[:80]!r}: {printed[-500:]}")
    return done.stdout


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@pytest.fixture(scope="session")
def virtuoso_server(
    tmp_path_factory: pytest.TempPathFactory, graph: Graph, inferred_graph: Graph
) -> Iterator[VirtuosoServer]:
    """A live Virtuoso (Debian ``virtuoso-opensource``) on free ports of 127.0.0.1, holding the
    curated statements in :data:`CURATED_GRAPH` and the derived ones in ``INFERRED_GRAPH``.

    The database lives in a throw-away folder; the server runs in its own process group, which
    is killed after the session, also when starting or loading fails. Without ``virtuoso-t``
    the tests that use it are skipped, or fail when ``KG_REQUIRE_VIRTUOSO=1`` (as in CI).
    """
    from kg.namespaces import INFERRED_GRAPH
    from kg.remote import free_port, query_endpoint

    program = shutil.which("virtuoso-t")
    if program is None:
        message = "virtuoso-t is not installed (Debian package virtuoso-opensource)"
        if os.environ.get("KG_REQUIRE_VIRTUOSO") == "1":
            pytest.fail(message + ", and KG_REQUIRE_VIRTUOSO=1")
        pytest.skip(message)
    # its SQL client: Debian calls it isql-vt (a plain isql on the PATH may be unixODBC's)
    candidates = [Path(program).with_name("isql-vt"), shutil.which("isql-vt")]
    candidates.append(Path(program).with_name("isql"))  # upstream builds, next to virtuoso-t
    isql = next((str(c) for c in candidates if c and Path(c).is_file()), None)
    if isql is None:
        pytest.fail("virtuoso-t is installed but its SQL client isql-vt is not")
    home = tmp_path_factory.mktemp("virtuoso")
    db, data = home / "db", home / "data"
    db.mkdir()
    data.mkdir()
    derived = inferred_graph - graph  # what the rules add (the union is what questions see)
    sizes = {CURATED_GRAPH: len(graph), INFERRED_GRAPH: len(derived)}
    graph.serialize(data / "curated.nt", format="nt", encoding="utf-8")
    derived.serialize(data / "inferred.nt", format="nt", encoding="utf-8")
    sql_port, http_port = free_port(), free_port()
    while http_port == sql_port:
        http_port = free_port()
    (db / "virtuoso.ini").write_text(
        _VIRTUOSO_INI.format(db=db, data=data, sql_port=sql_port, http_port=http_port),
        encoding="utf-8",
    )
    log = db / "console.log"
    with log.open("wb") as console:
        process = subprocess.Popen(
            [program, "-f", "-c", "virtuoso.ini"],  # -f: in the foreground, so it is our child
            cwd=db,
            stdin=subprocess.DEVNULL,
            stdout=console,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, killed as one
        )
    url = f"http://127.0.0.1:{http_port}/sparql"
    try:
        _wait_for(url, process, seconds=120, log=log)
        for name, iri in (("curated.nt", CURATED_GRAPH), ("inferred.nt", INFERRED_GRAPH)):
            _isql(
                isql,
                sql_port,
                f"ld_dir({_sql_string(str(data))}, {_sql_string(name)}, {_sql_string(iri)});",
            )
        _isql(isql, sql_port, "rdf_loader_run(); checkpoint;")
        failed = _isql(
            isql,
            sql_port,
            "SELECT ll_file, ll_error FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL;",
        )
        if "0 Rows" not in failed:
            raise RuntimeError(f"Virtuoso could not load the data: {failed[-500:]}")
        for iri, size in sizes.items():  # a loader that drops or merges statements shows here
            count = query_endpoint(
                url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", default_graphs=[iri]
            )
            loaded = int(str(count.rows[0][0]))
            if loaded != size:
                raise RuntimeError(f"Virtuoso holds {loaded} statements in <{iri}>, not {size}")
        yield VirtuosoServer(url=url, curated=CURATED_GRAPH, inferred=INFERRED_GRAPH)
    finally:
        _stop_group(process)
