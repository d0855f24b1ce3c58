"""Talk to SPARQL servers: query any SPARQL 1.1 endpoint, fetch its graph, serve the store.

The client speaks the SPARQL 1.1 Protocol with the standard library only (``urllib``): the
query is sent as an HTML form by POST, SELECT and ASK answers are read as SPARQL JSON results,
CONSTRUCT and DESCRIBE answers as N-Triples. Parameters travel in a ``VALUES`` block (see
:func:`kg.engine.inject_values`). ``kg serve`` (:mod:`kg.serve`) runs the ``oxigraph`` server
(PyPI package ``oxigraph``) read-only over the compiled store, behind a front that checks and
bounds every query.

Every request has a time limit: the whole answer must have arrived within ``timeout``
seconds, so a server that hangs, or sends a byte now and then, is given up on. A redirect is
followed only to the same scheme, host and port, and only when it keeps the method and body
(HTTP 307, 308); any other redirect is reported with its target and not followed, so data
never travels to a host nobody named. An error status is reported in one line with the
server's first line of text (the ``<title>`` of an HTML page, never its markup).

An answer the server says is incomplete is reported on stderr, in one line naming the
endpoint: Virtuoso's "anytime" answers (headers ``X-SQL-State: S1TAT`` and ``X-SQL-Message:
... Returning incomplete results ...``), and ``kg serve``'s answers cut at its row limit
(``X-KG-Truncated: true``). :func:`query_endpoint` also marks its result
(:attr:`EndpointResult.incomplete`).
"""

from __future__ import annotations

import html
import http.client
import json
import math
import re
import shutil
import socket
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from typing import IO, Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier

from kg.engine import inject_values
from kg.errors import InputError, UsageError
from kg.namespaces import INFERRED_GRAPH, PREFIXES, bind_prefixes
from kg.query import QueryResult, expand_escapes, prepare

__all__ = [
    "MAX_ANSWER_BYTES",
    "TRUNCATED_HEADER",
    "EndpointResult",
    "check_url",
    "declare_prefixes",
    "expand_escapes",
    "fetch_graph",
    "free_port",
    "one_line",
    "query_endpoint",
    "send",
    "server_command",
]

_AGENT = "kg (NaIF knowledge graph)"

#: The largest answer the client reads from a server (bytes); a larger one is an error.
MAX_ANSWER_BYTES = 512 * 2**20

#: The header ``kg serve`` sets on an answer cut at its row or byte limit.
TRUNCATED_HEADER = "X-KG-Truncated"

_ACCEPT = {
    "select": "application/sparql-results+json",
    "graph": "application/n-triples",
}


@dataclass(frozen=True)
class EndpointResult(QueryResult):
    """A :class:`~kg.query.QueryResult` from a SPARQL endpoint.

    Attributes:
        incomplete: the server said the answer is incomplete (a Virtuoso "anytime" answer
            cut at its time limit, or ``kg serve``'s row limit); a warning went to stderr.
    """

    incomplete: bool = False


def declare_prefixes(query: str) -> str:
    """The query with the project's prefixes declared before it, except those it declares.

    A server knows none of the project's prefixes; the local engines predeclare them.

    Example:
        >>> text = declare_prefixes("PREFIX naif: <urn:n#> ASK {}")
        >>> text.count("PREFIX naif:"), "PREFIX nad: <https://w3id.org/naif/data/>" in text
        (1, True)
    """
    declared = {p.lower() for p in re.findall(r"(?i)\bPREFIX\s+([\w.-]*)\s*:", query)}
    lines = [f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items() if p.lower() not in declared]
    return "\n".join(lines) + "\n" + query


#: Terminal escape sequences (CSI ``ESC [ ... letter``, OSC ``ESC ] ... BEL``), then the
#: remaining control and bidirectional-override characters.
_ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]+")


def one_line(text: str, *, limit: int = 200) -> str:
    r"""The first non-blank line of ``text``, safe to print in a one-line message.

    Control characters become blanks (a server's terminal escapes never reach the terminal),
    blanks are collapsed, and the line is cut at ``limit`` characters.

    Example:
        >>> one_line("\n  disk \x1b[31mfull\x1b[0m\a\n  at storage.rs:12\n")
        'disk full'
    """
    for line in text.splitlines():
        clean = " ".join(_CONTROL.sub(" ", _ESCAPES.sub("", line)).split())
        if clean:
            return clean if len(clean) <= limit else clean[: limit - 1] + "…"
    return ""


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


_TITLE = re.compile(r"(?is)<title[^>]*>(.*?)</title>")
_TAG = re.compile(r"(?s)<[^>]*>")


def _server_message(body: bytes, content_type: str) -> str:
    """One line of what a server said: an HTML page's ``<title>``, else its first line of text.

    Example:
        >>> page = b"<!DOCTYPE html><html><head><title>500 Internal Server Error</title>"
        >>> _server_message(page + b"</head><body><pre>Traceback ...</pre>", "text/html")
        'Internal Server Error'
    """
    text = body.decode("utf-8", "replace")
    looks_html = "html" in content_type.lower() or text.lstrip()[:1] == "<"
    if looks_html:
        title = _TITLE.search(text)
        if title is None:
            return ""  # a page without a title: its markup says nothing worth a line
        text = re.sub(r"^\s*\d{3}\b[\s:-]*", "", html.unescape(_TAG.sub(" ", title[1])))
    return one_line(text)


def _first_line(exc: urllib.error.HTTPError) -> str:
    try:
        body = exc.read(64 * 1024)
    except (OSError, http.client.HTTPException):
        return ""
    line = _server_message(body, exc.headers.get("Content-Type", "") if exc.headers else "")
    return f": {line}" if line else ""


def _incomplete(url: str, status: int, headers: Message) -> bool:
    """Whether the server said its answer is incomplete; if so, warn on stderr in one line.

    Virtuoso marks an "anytime" answer cut at its time limit with ``X-SQL-State: S1TAT``
    (and, when its ``MaxQueryExecutionTime`` is set, with the status 206).
    """
    state = (headers.get("X-SQL-State") or "").strip().upper()
    message = one_line(headers.get("X-SQL-Message") or "")
    message = re.split(r"\s+Activity:", message)[0]  # Virtuoso's counters say nothing here
    if state == "S1TAT" or status == 206 or "incomplete result" in message.lower():
        why = f" ({message})" if message else ""
        reason = f"the server stopped the query at its time limit{why}"
    elif (headers.get(TRUNCATED_HEADER) or "").strip().lower() == "true":
        reason = "the server cut it at its row limit"
    else:
        return False
    print(f"kg: warning: {url} sent an incomplete answer: {reason}", file=sys.stderr, flush=True)
    return True


def _limit_socket(response: Any, seconds: float) -> None:
    """Make the next reads of ``response`` wait at most ``seconds`` (CPython's HTTPResponse)."""
    sock = getattr(getattr(getattr(response, "fp", None), "raw", None), "_sock", None)
    if isinstance(sock, socket.socket):
        sock.settimeout(max(seconds, 0.01))


def _read(response: Any, url: str, *, deadline: float) -> bytes:
    """The whole body, read before ``deadline`` and no larger than :data:`MAX_ANSWER_BYTES`."""
    chunks: list[bytes] = []
    size = 0
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        _limit_socket(response, left)
        chunk = response.read1(64 * 1024)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > MAX_ANSWER_BYTES:
            raise InputError(f"{url} sent more than {MAX_ANSWER_BYTES // 2**20} MiB: not read")
        chunks.append(chunk)


def _exchange(
    url: str,
    body: bytes | None,
    *,
    method: str,
    content_type: str | None = None,
    accept: str | None = None,
    timeout: float = 60.0,
) -> tuple[bytes, int, Message]:
    """Send one request; the body, status and headers of the answer (see :func:`send`)."""
    headers = {"User-Agent": _AGENT}
    if content_type is not None:
        headers["Content-Type"] = content_type
    if accept is not None:
        headers["Accept"] = accept
    request = urllib.request.Request(url, data=body, method=method, headers=headers)
    opener = urllib.request.build_opener(_SameOrigin)
    deadline = time.monotonic() + timeout
    try:
        with opener.open(request, timeout=timeout) as response:
            body = _read(response, url, deadline=deadline)
            return body, int(response.status), response.headers
    except urllib.error.HTTPError as exc:
        raise InputError(f"{url} answered HTTP {exc.code}{_first_line(exc)}") from None
    except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, TimeoutError) or time.monotonic() >= deadline:
            raise InputError(f"{url} did not answer within {timeout:g} s") from None
        text = one_line(str(reason)) or type(reason).__name__
        raise InputError(f"cannot reach {url} ({text})") from None


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

    ``timeout`` bounds the whole exchange: connecting, waiting, and reading the answer.

    Raises:
        InputError: one line for an HTTP error status (with the code and the first line of
            the server's message), a refused connection, a timeout, an answer larger than
            :data:`MAX_ANSWER_BYTES`, or a redirect that is not followed (see the module
            docstring).
    """
    return _exchange(
        url, body, method=method, content_type=content_type, accept=accept, timeout=timeout
    )[0]


def query_endpoint(
    url: str,
    query: str,
    *,
    bindings: Mapping[str, Identifier] | None = None,
    default_graphs: Sequence[str] = (),
    timeout: float = 60.0,
    source: str = "<query>",
) -> EndpointResult:
    """Run a read-only query on a SPARQL 1.1 endpoint.

    ``default_graphs`` are sent as the protocol's ``default-graph-uri`` (their merge is the
    default graph), for servers whose default graph is not the data (Virtuoso's is the union
    of every graph it holds). An answer the server says is incomplete is returned with
    ``incomplete=True``, and a one-line warning naming the endpoint goes to stderr.

    The text sent is the one :func:`kg.query.prepare` checked, its escapes expanded (see
    :func:`expand_escapes`).

    Raises:
        UsageError: for an update, SERVICE or FROM (refused before anything is sent), or a
            URL that is not http(s).
        InputError: when the endpoint cannot be reached, times out or answers with an error.
    """
    check_url(url)
    query = expand_escapes(query, source=source)  # the server reads the text that is checked
    prepared = prepare(query, source=source)
    kind = "select" if prepared.algebra.name in ("SelectQuery", "AskQuery") else "graph"
    text = declare_prefixes(inject_values(query, bindings or {}))
    fields = [("query", text)] + [("default-graph-uri", g) for g in default_graphs]
    body = urllib.parse.urlencode(fields).encode("utf-8")
    payload, status, headers = _exchange(
        url,
        body,
        method="POST",
        content_type="application/x-www-form-urlencoded",
        accept=_ACCEPT[kind],
        timeout=timeout,
    )
    incomplete = _incomplete(url, status, headers)
    if kind == "graph":
        graph = Graph()
        try:
            graph.parse(data=payload.decode("utf-8"), format="nt")
        except Exception as exc:  # rdflib raises assorted parser errors
            first = one_line(str(exc)) or type(exc).__name__
            raise InputError(f"{url} answered unreadable N-Triples ({first})") from None
        return EndpointResult(kind="graph", graph=graph, incomplete=incomplete)
    try:
        data = json.loads(payload)
        if "boolean" in data:
            return EndpointResult(kind="ask", boolean=bool(data["boolean"]), incomplete=incomplete)
        names = tuple(data.get("head", {}).get("vars", []))
        rows = tuple(
            tuple(_term(b[name]) if name in b else None for name in names)
            for b in data.get("results", {}).get("bindings", [])
        )
    except (ValueError, UnicodeDecodeError, TypeError, AttributeError):
        raise InputError(f"{url} did not answer SPARQL JSON results") from None
    if prepared.algebra.name == "AskQuery":
        # Virtuoso answers ASK with a one-column table (__ASK_RETVAL: 1 or 0), not a boolean
        answer = any(r and r[0] is not None and str(r[0]) not in ("0", "false") for r in rows)
        return EndpointResult(kind="ask", boolean=answer, incomplete=incomplete)
    return EndpointResult(kind="select", variables=names, rows=rows, incomplete=incomplete)


_ALL = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
_INF = f"GRAPH <{INFERRED_GRAPH}> {{ ?s ?p ?o }}"
_WITH_INFERRED = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {{ ?s ?p ?o }} UNION {{ {_INF} }} }}"
_HAS_INFERRED = f"ASK {{ {_INF} }}"


def _construct(url: str, query: str, *, fields: Sequence[tuple[str, str]], timeout: float) -> Graph:
    body = urllib.parse.urlencode([("query", query), *fields]).encode("utf-8")
    payload, status, headers = _exchange(
        url,
        body,
        method="POST",
        content_type="application/x-www-form-urlencoded",
        accept=_ACCEPT["graph"],
        timeout=timeout,
    )
    _incomplete(url, status, headers)  # warns: the views built on this graph miss statements
    graph = bind_prefixes(Graph())
    try:
        # sorted, so that what is built from the graph does not depend on the server's order
        lines = sorted(payload.decode("utf-8").splitlines())
        graph.parse(data="\n".join(lines) + "\n", format="nt")
    except Exception as exc:  # rdflib raises assorted parser errors
        first = one_line(str(exc)) or type(exc).__name__
        raise InputError(f"{url} answered unreadable N-Triples ({first})") from None
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
    ``0.3``): the values are the same, their text may differ from the sources'. When the
    server says its answer is incomplete, a one-line warning goes to stderr.

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


def server_command(
    store: Path, *, host: str, port: int, timeout: float | None = None, cors: bool = False
) -> list[str]:
    """The command line that serves ``store`` read-only with the ``oxigraph`` server.

    Args:
        store: the store's folder.
        host: the address to listen on.
        port: the port to listen on.
        timeout: Oxigraph's own time limit per query (``--timeout-s``, whole seconds,
            rounded up); ``None`` for none.
        cors: allow cross-origin requests (``--cors``).

    Raises:
        UsageError: when the ``oxigraph`` program is not installed.
    """
    local = Path(sys.executable).with_name("oxigraph")
    program = str(local) if local.exists() else shutil.which("oxigraph")
    if program is None:
        raise UsageError("kg serve needs the Oxigraph server: pip install oxigraph")
    command = [program, "serve-read-only", "--location", str(store), "--bind", f"{host}:{port}"]
    if timeout is not None:
        command += ["--timeout-s", str(max(1, math.ceil(timeout)))]
    if cors:
        command.append("--cors")
    return command


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])
