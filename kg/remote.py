"""Talk to SPARQL servers: query any SPARQL 1.1 endpoint, fetch its graph, serve the store.

The client speaks the SPARQL 1.1 Protocol with the standard library only (``urllib``): the
query is sent as an HTML form by POST, SELECT and ASK answers are read as SPARQL JSON results,
CONSTRUCT and DESCRIBE answers as N-Triples. Parameters travel in a ``VALUES`` block (see
:func:`kg.engine.inject_values`). ``kg serve`` runs the ``oxigraph`` server (PyPI package
``oxigraph``) read-only over the compiled store, on 127.0.0.1 unless told otherwise.

Every request has a timeout. A redirect is followed only to the same scheme, host and port,
and only when it keeps the method and body (HTTP 307, 308); any other redirect is reported
with its target and not followed, so data never travels to a host nobody named.
"""

from __future__ import annotations

import http.client
import json
import shutil
import socket
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier

from kg.engine import inject_values
from kg.errors import InputError, UsageError
from kg.namespaces import INFERRED_GRAPH, PREFIXES, bind_prefixes
from kg.query import QueryResult, prepare

__all__ = ["check_url", "fetch_graph", "query_endpoint", "send", "server_command"]

_AGENT = "kg (NaIF knowledge graph)"

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


def check_url(url: str) -> None:
    """Refuse a URL that is not ``http(s)://host...``.

    Raises:
        UsageError: for any other URL.

    Example:
        >>> check_url("http://127.0.0.1:7878/query")
        >>> check_url("file:///etc/passwd")
        Traceback (most recent call last):
        kg.errors.UsageError: --endpoint needs an http(s) URL, got 'file:///etc/passwd'
    """
    parsed = urllib.parse.urlparse(url)
    try:
        parsed.port  # noqa: B018 - raises for a port that is not a number
    except ValueError:
        raise UsageError(f"--endpoint has a bad port: '{url}'") from None
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise UsageError(f"--endpoint needs an http(s) URL, got '{url}'")


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urllib.parse.urlsplit(url)
    try:
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    except ValueError:  # a port that is not a number
        port = None
    return parts.scheme, (parts.hostname or "").lower(), port


class _SameOrigin(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to the same origin, and only if it keeps method and body."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: Any,
        newurl: str,
    ) -> urllib.request.Request | None:
        if _origin(newurl) != _origin(req.full_url):
            fp.close()
            raise InputError(
                f"{req.full_url} redirects (HTTP {code}) to another host, {newurl}: not followed"
            )
        if code not in (307, 308):  # 301-303 would turn the request into a GET without body
            fp.close()
            raise InputError(
                f"{req.full_url} redirects (HTTP {code}) to {newurl}: not followed, use that URL"
            )
        return urllib.request.Request(
            newurl,
            data=req.data,
            method=req.get_method(),
            headers=dict(req.header_items()),
        )


def _first_line(exc: urllib.error.HTTPError) -> str:
    try:
        text = exc.read().decode("utf-8", "replace")
    except (OSError, http.client.HTTPException):
        return ""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return f": {lines[0][:200]}" if lines else ""


def send(
    url: str,
    body: bytes | None,
    *,
    method: str,
    content_type: str | None = None,
    accept: str | None = None,
    timeout: float = 60.0,
) -> bytes:
    """Send one HTTP request and return the body of the answer.

    Raises:
        InputError: one line for an HTTP error status (with the code and the first line of
            the server's message), a refused connection, a timeout, or a redirect that is
            not followed (see the module docstring).
    """
    headers = {"User-Agent": _AGENT}
    if content_type is not None:
        headers["Content-Type"] = content_type
    if accept is not None:
        headers["Accept"] = accept
    request = urllib.request.Request(url, data=body, method=method, headers=headers)
    opener = urllib.request.build_opener(_SameOrigin)
    try:
        with opener.open(request, timeout=timeout) as response:
            return bytes(response.read())
    except urllib.error.HTTPError as exc:
        raise InputError(f"{url} answered HTTP {exc.code}{_first_line(exc)}") from None
    except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, TimeoutError):
            raise InputError(f"{url} did not answer within {timeout:g} s") from None
        raise InputError(f"cannot reach {url} ({reason or type(reason).__name__})") from None


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
    check_url(url)
    prepared = prepare(query, source=source)
    kind = "select" if prepared.algebra.name in ("SelectQuery", "AskQuery") else "graph"
    text = _prologue(inject_values(query, bindings or {}))
    fields = [("query", text)] + [("default-graph-uri", g) for g in default_graphs]
    body = urllib.parse.urlencode(fields).encode("utf-8")
    payload = send(
        url,
        body,
        method="POST",
        content_type="application/x-www-form-urlencoded",
        accept=_ACCEPT[kind],
        timeout=timeout,
    )
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
    if prepared.algebra.name == "AskQuery":
        # Virtuoso answers ASK with a one-column table (__ASK_RETVAL: 1 or 0), not a boolean
        answer = any(r and r[0] is not None and str(r[0]) not in ("0", "false") for r in rows)
        return QueryResult(kind="ask", boolean=answer)
    return QueryResult(kind="select", variables=names, rows=rows)


_ALL = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
_INF = f"GRAPH <{INFERRED_GRAPH}> {{ ?s ?p ?o }}"
_WITH_INFERRED = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {{ ?s ?p ?o }} UNION {{ {_INF} }} }}"
_HAS_INFERRED = f"ASK {{ {_INF} }}"


def _construct(url: str, query: str, *, fields: Sequence[tuple[str, str]], timeout: float) -> Graph:
    body = urllib.parse.urlencode([("query", query), *fields]).encode("utf-8")
    payload = send(
        url,
        body,
        method="POST",
        content_type="application/x-www-form-urlencoded",
        accept=_ACCEPT["graph"],
        timeout=timeout,
    )
    graph = bind_prefixes(Graph())
    try:
        # sorted, so that what is built from the graph does not depend on the server's order
        lines = sorted(payload.decode("utf-8").splitlines())
        graph.parse(data="\n".join(lines) + "\n", format="nt")
    except Exception as exc:  # rdflib raises assorted parser errors
        first = (str(exc).splitlines() or [type(exc).__name__])[0]
        raise InputError(f"{url} answered unreadable N-Triples ({first[:200]})") from None
    return graph


def fetch_graph(
    url: str,
    *,
    timeout: float = 60.0,
    default_graphs: Sequence[str] | None = None,
    inferred: bool = False,
) -> Graph:
    """The graph a SPARQL endpoint holds, fetched with one CONSTRUCT, as an rdflib graph.

    This is the server's default graph (or the merge of ``default_graphs``, sent as the
    protocol's ``default-graph-uri``, for servers whose default graph is not the data). With
    ``inferred``, the named graph :data:`kg.namespaces.INFERRED_GRAPH` (the rules' statements
    that ``kg push --inferred`` put there) comes in the same CONSTRUCT.

    Statements are added in sorted N-Triples order, whatever order the server answers in.
    Servers may write literals in canonical form (Oxigraph writes the decimal ``0.30`` as
    ``0.3``): the values are the same, their text may differ from the sources'.

    Raises:
        InputError: when the endpoint cannot be reached or answers with an error, when it
            holds no statements, or with ``inferred`` when it holds no inferred graph.
        UsageError: for a URL that is not http(s).

    Example:
        >>> fetch_graph("ftp://example.org/sparql", timeout=1)
        Traceback (most recent call last):
        kg.errors.UsageError: --endpoint needs an http(s) URL, got 'ftp://example.org/sparql'
    """
    check_url(url)
    fields = [("default-graph-uri", g) for g in default_graphs or ()]
    query = _ALL
    if inferred:
        if not query_endpoint(url, _HAS_INFERRED, timeout=timeout, source="<fetch>").boolean:
            raise InputError(
                f"{url} holds no inferred graph <{INFERRED_GRAPH}>: push it with "
                "'kg push --inferred', or leave out --inferred"
            )
        query = _WITH_INFERRED
        if fields:  # a dataset given by URIs holds only the named graphs it names
            fields.append(("named-graph-uri", INFERRED_GRAPH))
    graph = _construct(url, query, fields=fields, timeout=timeout)
    if not len(graph):
        raise InputError(f"{url} holds no statements in its default graph (kg push fills it)")
    return graph


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
