"""Talk to SPARQL servers: query any SPARQL 1.1 endpoint, serve the compiled store.

The client speaks the SPARQL 1.1 Protocol with the standard library only (``urllib``): the
query is sent as an HTML form by POST, SELECT and ASK answers are read as SPARQL JSON results,
CONSTRUCT and DESCRIBE answers as N-Triples. Parameters travel in a ``VALUES`` block (see
:func:`kg.engine.inject_values`). ``kg serve`` runs the ``oxigraph`` server (PyPI package
``oxigraph``) read-only over the compiled store, on 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import json
import shutil
import socket
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier

from kg.engine import inject_values
from kg.errors import InputError, UsageError
from kg.namespaces import PREFIXES
from kg.query import QueryResult, prepare

__all__ = ["query_endpoint", "server_command"]

_ACCEPT = {
    "select": "application/sparql-results+json",
    "graph": "application/n-triples",
}


def _prologue(query: str) -> str:
    """The project's prefixes, declared for the server (which knows none of them)."""
    declared = {p.lower() for p in _declared(query)}
    lines = [f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items() if p.lower() not in declared]
    return "\n".join(lines) + "\n" + query


def _declared(query: str) -> list[str]:
    import re

    return re.findall(r"(?im)^\s*PREFIX\s+([\w.-]*)\s*:", query)


def _term(binding: Mapping[str, str]) -> Identifier:
    kind, value = binding.get("type"), binding.get("value", "")
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in binding:
            return Literal(value, lang=binding["xml:lang"])
        datatype = binding.get("datatype")
        return Literal(value, datatype=URIRef(datatype) if datatype else None)
    raise InputError(f"the endpoint answered an unknown term type '{kind}'")


def query_endpoint(
    url: str,
    query: str,
    *,
    bindings: Mapping[str, Identifier] | None = None,
    default_graphs: Sequence[str] = (),
    timeout: float = 60.0,
    source: str = "<query>",
) -> QueryResult:
    """Run a read-only query on a SPARQL 1.1 endpoint.

    ``default_graphs`` are sent as the protocol's ``default-graph-uri`` (their merge is the
    default graph), for servers whose default graph is not the data (Virtuoso's is the union
    of every graph it holds).

    Raises:
        UsageError: for an update, SERVICE or FROM (refused before anything is sent), or a
            URL that is not http(s).
        InputError: when the endpoint cannot be reached, times out or answers with an error.
    """
    parsed = urllib.parse.urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise UsageError(f"--endpoint needs an http(s) URL, got '{url}'")
    prepared = prepare(query, source=source)
    kind = "select" if prepared.algebra.name in ("SelectQuery", "AskQuery") else "graph"
    text = _prologue(inject_values(query, bindings or {}))
    fields = [("query", text)] + [("default-graph-uri", g) for g in default_graphs]
    body = urllib.parse.urlencode(fields).encode("utf-8")
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": _ACCEPT[kind],
            "User-Agent": "kg (NaIF knowledge graph)",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            payload = response.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace").strip().splitlines()[:1]
        message = f": {detail[0][:200]}" if detail else ""
        raise InputError(f"{url} answered HTTP {exc.code}{message}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise InputError(f"cannot reach {url} ({reason})") from None
    if kind == "graph":
        graph = Graph()
        try:
            graph.parse(data=payload.decode("utf-8"), format="nt")
        except Exception as exc:  # rdflib raises assorted parser errors
            raise InputError(f"{url} answered unreadable N-Triples ({exc})") from None
        return QueryResult(kind="graph", graph=graph)
    try:
        data = json.loads(payload)
    except (ValueError, UnicodeDecodeError):
        raise InputError(f"{url} did not answer SPARQL JSON results") from None
    if "boolean" in data:
        return QueryResult(kind="ask", boolean=bool(data["boolean"]))
    names = tuple(data.get("head", {}).get("vars", []))
    rows = tuple(
        tuple(_term(b[name]) if name in b else None for name in names)
        for b in data.get("results", {}).get("bindings", [])
    )
    return QueryResult(kind="select", variables=names, rows=rows)


def server_command(store: Path, *, host: str, port: int) -> list[str]:
    """The command line that serves ``store`` read-only with the ``oxigraph`` server.

    Raises:
        UsageError: when the ``oxigraph`` program is not installed.
    """
    local = Path(sys.executable).with_name("oxigraph")
    program = str(local) if local.exists() else shutil.which("oxigraph")
    if program is None:
        raise UsageError("kg serve needs the Oxigraph server: pip install oxigraph")
    return [program, "serve-read-only", "--location", str(store), "--bind", f"{host}:{port}"]


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])
