"""Load the compiled graph into a SPARQL server, one atomic replace per target graph.

The data comes from the compiled store (:func:`kg.store.open_store`), so nothing is parsed
again when the store is fresh. Two protocols:

- ``gsp`` (SPARQL 1.1 Graph Store Protocol, the default): one HTTP ``PUT`` of N-Triples to
  ``STORE?default`` or ``STORE?graph=IRI``; a PUT replaces the graph as a whole.
- ``update`` (SPARQL 1.1 Update): one request ``DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH
  <g> { ... } }`` (``DROP SILENT DEFAULT ; INSERT DATA { ... }`` for the default graph),
  which a server runs as one operation.

Where the request goes: a URL whose last path segment is ``query``, ``update`` or ``store``
is taken for Oxigraph's layout, and that segment becomes ``store`` (gsp) or ``update``
(update); any other URL is used exactly as given (Fuseki ``.../ds/data`` or ``.../ds/update``,
GraphDB ``.../repositories/ID/rdf-graphs/service`` or ``.../statements``). So the same
``http://host:7878/query`` serves ``kg query --endpoint`` and ``kg push --endpoint``.

Pushing twice leaves the same data: every push replaces its target graph.
"""

from __future__ import annotations

import re
import time
import urllib.parse
from dataclasses import dataclass
from typing import Any

from kg.errors import UsageError
from kg.namespaces import INFERRED_GRAPH
from kg.remote import check_url, send

__all__ = ["PROTOCOLS", "PushReport", "Pushed", "check_push", "push", "push_url"]

#: Protocols of ``kg push``: the Graph Store Protocol, or SPARQL Update.
PROTOCOLS = ("gsp", "update")

_OXIGRAPH = {"query", "update", "store"}
_SEGMENT = {"gsp": "store", "update": "update"}
_BAD_IRI = re.compile(r'[\s<>"{}|^`\\]')


@dataclass(frozen=True)
class Pushed:
    """One graph replaced on the server.

    Attributes:
        graph: the target graph's IRI, or ``None`` for the default graph.
        triples: how many triples it holds now.
        url: the URL the request went to.
        seconds: how long the request took.
    """

    graph: str | None
    triples: int
    url: str
    seconds: float

    @property
    def target(self) -> str:
        """``the default graph`` or ``<IRI>``."""
        return "the default graph" if self.graph is None else f"<{self.graph}>"


@dataclass(frozen=True)
class PushReport:
    """What ``kg push`` did: the protocol and each graph it replaced, in order."""

    protocol: str
    graphs: tuple[Pushed, ...]

    def text(self) -> str:
        """One line per graph.

        Example:
            >>> one = Pushed(graph=None, triples=3, url="http://h/store?default", seconds=0.01)
            >>> print(PushReport(protocol="gsp", graphs=(one,)).text())
            pushed 3 triples to the default graph at http://h/store?default (gsp, 0.01 s)
        """
        return "\n".join(
            f"pushed {p.triples} triples to {p.target} at {p.url} "
            f"({self.protocol}, {p.seconds:.2f} s)"
            for p in self.graphs
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form."""
        return {
            "protocol": self.protocol,
            "graphs": [
                {"graph": p.graph, "triples": p.triples, "url": p.url, "seconds": p.seconds}
                for p in self.graphs
            ],
        }


def push_url(endpoint: str, *, protocol: str = "gsp") -> str:
    """The URL that receives a push (see the module docstring).

    Raises:
        UsageError: for a URL that is not http(s) or an unknown protocol.

    Example:
        >>> push_url("http://127.0.0.1:7878/query")
        'http://127.0.0.1:7878/store'
        >>> push_url("http://127.0.0.1:7878/query", protocol="update")
        'http://127.0.0.1:7878/update'
        >>> push_url("http://localhost:3030/ds/data")
        'http://localhost:3030/ds/data'
    """
    check_url(endpoint)
    if protocol not in PROTOCOLS:
        raise UsageError(f"unknown protocol '{protocol}' (choose from {', '.join(PROTOCOLS)})")
    parts = urllib.parse.urlsplit(endpoint)
    head, _, last = parts.path.rpartition("/")
    if last in _OXIGRAPH:
        parts = parts._replace(path=f"{head}/{_SEGMENT[protocol]}")
    return urllib.parse.urlunsplit(parts._replace(fragment=""))


def check_push(
    endpoint: str, *, graph: str | None = None, inferred: bool = False, protocol: str = "gsp"
) -> str:
    """Check the options of :func:`push` before anything is built or sent; return the URL.

    Raises:
        UsageError: for a URL that is not http(s), an unknown protocol, a graph that is not
            an absolute IRI (or is ``INFERRED_GRAPH`` with ``inferred``), or a Graph Store URL
            that names a graph itself.

    Example:
        >>> check_push("http://127.0.0.1:7878/query", graph="urn:naif:curated")
        'http://127.0.0.1:7878/store'
        >>> check_push("http://127.0.0.1:7878/query", graph="curated")
        Traceback (most recent call last):
        kg.errors.UsageError: --graph needs an absolute IRI, got 'curated'
    """
    url = push_url(endpoint, protocol=protocol)
    if graph is not None:
        if not urllib.parse.urlsplit(graph).scheme or _BAD_IRI.search(graph):
            raise UsageError(f"--graph needs an absolute IRI, got '{graph}'")
        if inferred and graph == INFERRED_GRAPH:
            raise UsageError(f"--inferred pushes to <{INFERRED_GRAPH}>: choose another --graph")
    if protocol == "gsp":
        _gsp_url(url, graph)  # refuses a URL that names its own graph
    return url


def _gsp_url(url: str, graph: str | None) -> str:
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query, keep_blank_values=True)
    if "graph" in query or "default" in query:
        raise UsageError(f"name the target with --graph or --default, not in the URL: {url}")
    param = "default" if graph is None else urllib.parse.urlencode({"graph": graph})
    return url + ("&" if "?" in url else "?") + param


def _update(graph: str | None, triples: bytes) -> bytes:
    if graph is None:
        head, tail = b"DROP SILENT DEFAULT ;\nINSERT DATA {\n", b"}\n"
    else:
        name = f"<{graph}>".encode()
        head = b"DROP SILENT GRAPH " + name + b" ;\nINSERT DATA { GRAPH " + name + b" {\n"
        tail = b"} }\n"
    return head + triples + tail


def _replace(
    url: str, graph: str | None, triples: bytes, *, protocol: str, timeout: float
) -> Pushed:
    started = time.perf_counter()
    if protocol == "gsp":
        url = _gsp_url(url, graph)
        send(url, triples, method="PUT", content_type="application/n-triples", timeout=timeout)
    else:
        body = _update(graph, triples)
        send(url, body, method="POST", content_type="application/sparql-update", timeout=timeout)
    count = triples.count(b"\n")  # N-Triples: one statement per line, newlines escaped
    return Pushed(graph=graph, triples=count, url=url, seconds=time.perf_counter() - started)


def push(
    store: Any,
    endpoint: str,
    *,
    graph: str | None = None,
    inferred: bool = False,
    protocol: str = "gsp",
    timeout: float = 60.0,
) -> PushReport:
    """Replace a graph on a SPARQL server with the curated graph of the compiled store.

    Args:
        store: the compiled store (:func:`kg.store.open_store`).
        endpoint: the server's URL (see :func:`push_url` for where requests go).
        graph: the target graph's IRI; ``None`` (default) replaces the default graph.
        inferred: also replace ``INFERRED_GRAPH`` on the server with the rules' statements,
            in a request of its own, after the curated graph.
        protocol: ``gsp`` (one PUT per graph) or ``update`` (one SPARQL Update per graph).
        timeout: seconds to wait for each request.

    Raises:
        UsageError: for bad options (see :func:`check_push`), before anything is sent.
        InputError: when the server cannot be reached, times out, redirects elsewhere or
            answers with an error; graphs replaced before the failure stay replaced.

    Example:
        >>> push(None, "http://127.0.0.1:9/query", protocol="post")
        Traceback (most recent call last):
        kg.errors.UsageError: unknown protocol 'post' (choose from gsp, update)
    """
    url = check_push(endpoint, graph=graph, inferred=inferred, protocol=protocol)
    import pyoxigraph as ox

    targets: list[tuple[str | None, Any]] = [(graph, ox.DefaultGraph())]
    if inferred:
        targets.append((INFERRED_GRAPH, ox.NamedNode(INFERRED_GRAPH)))
    done = []
    for name, source in targets:
        triples = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=source)
        done.append(_replace(url, name, triples, protocol=protocol, timeout=timeout))
    return PushReport(protocol=protocol, graphs=tuple(done))
