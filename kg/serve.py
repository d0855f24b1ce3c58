r"""Serve the compiled store over the SPARQL 1.1 Protocol: read-only, bounded, terse on errors.

``kg serve`` puts a small front server (the standard library's ``ThreadingHTTPServer``) on the
address it is given, 127.0.0.1 unless told otherwise, and runs the Oxigraph server (PyPI
``oxigraph``, ``serve-read-only``) as a child on a private port of 127.0.0.1 that only the front
talks to. The front:

- speaks the SPARQL 1.1 Protocol on ``/query`` and ``/sparql`` (GET ``?query=``, POST as a form,
  POST ``application/sparql-query``), and passes Oxigraph's YASGUI page through on ``/``;
- parses every query with :func:`kg.query.prepare` and refuses, before the store sees it,
  updates (``/update``, an ``update=`` field or an ``application/sparql-update`` body: 403; an
  update sent as a query: 400), ``SERVICE``, ``FROM`` / ``FROM NAMED`` and the protocol's
  ``default-graph-uri`` / ``named-graph-uri`` (400). The child gets exactly the text that was
  checked, its ``\u`` escapes expanded (:func:`kg.query.expand_escapes`): Oxigraph does not
  expand them before parsing as rdflib does, and a query could otherwise hide ``SERVICE``
  from the check;
- limits each query in time twice: Oxigraph's ``--timeout-s`` cancels it, and when the answer
  is not complete ``grace`` seconds after the limit (Oxigraph does not cancel every sort or
  count), the child is killed and started again. The query then really stops; other queries
  running in that child at that moment are answered with 503 as well;
- keeps the first ``max_rows`` rows (triples for CONSTRUCT and DESCRIBE) and at most
  ``max_bytes`` bytes of the child's answer, and says so with the header ``X-KG-Truncated:
  true``. The SPARQL JSON results carry no note of it: Oxigraph's own results parser refuses a
  document with an extra top-level member, so a note there would break clients;
- answers in the format the ``Accept`` header asks for: SPARQL JSON (the default), XML, CSV
  or TSV results; N-Triples (the default), Turtle, RDF/XML or JSON-LD graphs; 406 otherwise;
- answers every error with its status and one line of plain text, without stack traces, file
  paths or excerpts of files; sends ``Access-Control-Allow-Origin`` only with ``cors``;
- bounds request bodies, queries running at once, idle connections and (on Linux) the
  child's memory.
"""

from __future__ import annotations

import contextlib
import http.client
import io
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import FrameType
from typing import Any

from kg.errors import InputError, KGError, UsageError
from kg.remote import (
    TRUNCATED_HEADER,
    declare_prefixes,
    expand_escapes,
    free_port,
    one_line,
    server_command,
)

__all__ = ["Limits", "negotiate", "serve"]

#: Where queries are answered; where writes would go (refused).
ENDPOINTS = ("/query", "/sparql")
_WRITES = ("/update", "/store")
#: Oxigraph's YASGUI page and its files, passed through from the child.
_STATIC = ("/", "/yasgui.min.js", "/yasgui.min.css", "/logo.svg")

_RESULTS = {  # media type -> format, for SELECT and ASK
    "application/sparql-results+json": "json",
    "application/json": "json",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
}
_GRAPHS = {  # media type -> format, for CONSTRUCT and DESCRIBE
    "application/n-triples": "nt",
    "text/plain": "nt",
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/rdf+xml": "rdfxml",
    "application/xml": "rdfxml",
    "text/xml": "rdfxml",
    "application/ld+json": "jsonld",
    "application/json": "jsonld",
}
_MEDIA = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "nt": "application/n-triples",
    "turtle": "text/turtle; charset=utf-8",
    "rdfxml": "application/rdf+xml",
    "jsonld": "application/ld+json",
}
_KINDS = {
    "SelectQuery": "select",
    "AskQuery": "ask",
    "ConstructQuery": "graph",
    "DescribeQuery": "graph",
}


@dataclass(frozen=True)
class Limits:
    """What one query may take, and what the server accepts.

    Attributes:
        timeout: seconds a query may run (Oxigraph's ``--timeout-s``, rounded up to whole
            seconds); ``grace`` seconds later the child is restarted if it has not answered.
        max_rows: rows (or triples) kept of an answer; the rest are dropped and the answer
            carries ``X-KG-Truncated: true``.
        max_bytes: bytes read of the child's answer, with the same notice when cut.
        max_body: bytes of a request body (a POSTed query or form).
        max_memory: MiB of data memory the child may allocate (Linux ``RLIMIT_DATA``; a query
            that needs more ends the child, which is started again); 0 for no limit.
        max_active: queries evaluated at once; more are answered with 503.
        idle: seconds a client may take to send its request.
    """

    timeout: float = 30.0
    max_rows: int = 10_000
    max_bytes: int = 64 * 2**20
    max_body: int = 2**20
    max_memory: int = 2048
    max_active: int = 4
    idle: float = 30.0

    @property
    def grace(self) -> float:
        """Seconds the front waits past ``timeout`` before it restarts the child."""
        return max(2.0, self.timeout / 4)

    def check(self) -> None:
        """Refuse limits that cannot work.

        Raises:
            UsageError: naming the option.

        Example:
            >>> Limits(max_rows=0).check()
            Traceback (most recent call last):
            kg.errors.UsageError: --max-rows must be at least 1, got 0
        """
        if not 0 < self.timeout <= 86_400:
            raise UsageError(f"--timeout must be between 0 and 86400 seconds, got {self.timeout:g}")
        if self.max_rows < 1:
            raise UsageError(f"--max-rows must be at least 1, got {self.max_rows}")
        if self.max_memory < 0:
            raise UsageError(f"--max-memory must be 0 (no limit) or more, got {self.max_memory}")
        if min(self.max_bytes, self.max_body, self.max_active) < 1 or self.idle <= 0:
            raise UsageError("the limits of kg serve must be positive")


def negotiate(accept: str | None, *, graph: bool = False) -> str | None:
    """The format to answer in for an ``Accept`` header, or ``None`` when none is acceptable.

    Media ranges are tried by quality, then in the order given; ``*/*`` (or no header) gives
    the default: SPARQL JSON results, or N-Triples for a graph.

    Example:
        >>> negotiate("text/csv;q=0.5, application/sparql-results+xml")
        'xml'
        >>> negotiate(None), negotiate("*/*", graph=True), negotiate("text/*")
        ('json', 'nt', 'csv')
        >>> negotiate("image/png") is None
        True
    """
    table, default = (_GRAPHS, "nt") if graph else (_RESULTS, "json")
    if not accept or not accept.strip():
        return default
    ranges = []
    for order, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media and quality > 0:
            ranges.append((-quality, order, media.lower()))
    for _, _, media in sorted(ranges):
        if media in table:
            return table[media]
        if media == "*/*":
            return default
        if media.endswith("/*"):
            family = media[:-1]
            if _MEDIA[default].startswith(family):
                return default
            for known, name in table.items():
                if known.startswith(family):
                    return name
    return None


_PATH = re.compile(r"(?<![\w:/.~-])(?:~|\.\.?)?/(?:[\w.@+~-]+/)+[\w.@+~-]*")


def _clean(text: str) -> str:
    r"""One line of a message, without file paths.

    Example:
        >>> _clean("IO error: /srv/kg/.kg-cache/store/LOCK: busy\n at main.rs:4")
        'IO error: …: busy'
    """
    return _PATH.sub("…", one_line(text, limit=300))


class _Refused(Exception):
    """An answer with an error status and one line of text."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class _Answer:
    """What the child answered, cut to the limits."""

    kind: str
    variables: tuple[str, ...] = ()
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[Any] = field(default_factory=list)
    truncated: bool = False


class _Capped(io.RawIOBase):
    """A reader of the child's answer that ends after ``limit`` bytes (and says it did)."""

    def __init__(self, source: Any, limit: int) -> None:
        self._source = source
        self._left = limit
        self.capped = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._left <= 0:
            self.capped = self.capped or bool(self._source.read(1))
            return 0
        data = self._source.read(min(len(buffer), self._left))
        self._left -= len(data)
        buffer[: len(data)] = data
        return len(data)


def _limit_memory(pid: int, mib: int) -> None:
    """Cap the data memory of process ``pid`` (Linux); elsewhere nothing happens."""
    if mib <= 0:
        return
    try:
        import resource

        limit = mib * 2**20
        resource.prlimit(pid, resource.RLIMIT_DATA, (limit, limit))  # type: ignore[attr-defined,unused-ignore]
    except (ImportError, AttributeError, OSError, ValueError):
        pass


class _Child:
    """The Oxigraph server behind the front: started, restarted after a runaway query, stopped.

    ``generation`` counts the starts, so that a restart asked for by an old query does not
    kill a child started since.
    """

    def __init__(self, store: Path, *, limits: Limits, log: Callable[[str], None]) -> None:
        self._store = store
        self._limits = limits
        self.log = log
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self.port = 0
        self.generation = 0

    def _start(self) -> None:
        for _attempt in range(3):  # another program may take the free port first
            port = free_port()
            command = server_command(
                self._store, host="127.0.0.1", port=port, timeout=self._limits.timeout
            )
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            try:
                _limit_memory(process.pid, self._limits.max_memory)
                ready = self._ready(process, port)
            except BaseException:  # Ctrl-C or SIGTERM while it starts: no orphan
                _end(process)
                raise
            if ready:
                self._process, self.port = process, port
                self.generation += 1
                return
            _end(process)
        hint = " (is --max-memory too small?)" if self._limits.max_memory else ""
        raise InputError(f"the Oxigraph server did not start{hint}")

    @staticmethod
    def _ready(process: subprocess.Popen[bytes], port: int) -> bool:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                return False
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                return True
            time.sleep(0.05)
        _end(process)
        return False

    def start(self) -> None:
        """Start the child.

        Raises:
            InputError: when it does not start.
        """
        with self._lock:
            self._start()

    def endpoint(self) -> tuple[int, int]:
        """The generation and port of a running child; one that died is started again."""
        with self._lock:
            if self._process is None or self._process.poll() is not None:
                if self._process is not None:
                    self.log("the Oxigraph server ended (out of memory?): starting it again")
                    _end(self._process)
                self._start()
            return self.generation, self.port

    def ended(self, generation: int, *, wait: float = 2.0) -> bool:
        """Whether the child of ``generation`` has ended, waiting up to ``wait`` seconds.

        A child that broke its answer off may still be on its way out.
        """
        with self._lock:
            process = self._process
            if generation != self.generation or process is None:
                return True
        try:
            process.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            return False
        return True

    def restart(self, generation: int) -> None:
        """Kill the child of ``generation`` and start another (nothing if it is gone already)."""
        with self._lock:
            if generation != self.generation or self._process is None:
                return
            _end(self._process)
            self.log(
                f"a query ran past the time limit ({self._limits.timeout:g} s): "
                "the Oxigraph server was stopped and started again"
            )
            self._start()

    def stop(self) -> None:
        """Stop the child for good."""
        with self._lock:
            if self._process is not None:
                _end(self._process)
                self._process = None
            self.generation += 1


def _end(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


class _Front(ThreadingHTTPServer):
    """The public server: checks and bounds queries, relays them to the child."""

    daemon_threads = True
    block_on_close = False

    def __init__(
        self,
        address: tuple[str, int],
        *,
        child: _Child,
        limits: Limits,
        cors: bool,
    ) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.child = child
        self.limits = limits
        self.cors = cors
        self.active = threading.BoundedSemaphore(limits.max_active)
        super().__init__(address, _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client went away or sent garbage: nothing to report, never a traceback."""


class _Handler(BaseHTTPRequestHandler):
    """One request to the front."""

    server: _Front
    server_version = "kg-serve"

    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(self.server.limits.idle)  # a client that sends nothing
        self._answered = False

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: a long-running server writes no line per request."""

    def version_string(self) -> str:
        """The ``Server`` header: no Python version."""
        return self.server_version

    # --- answers ---

    def _headers(self, status: int, content_type: str, length: int) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(length))
        self.send_header("X-Content-Type-Options", "nosniff")
        if self.server.cors:
            self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Connection", "close")
        self.close_connection = True

    def _send(self, status: int, body: bytes, content_type: str, **extra: str) -> None:
        self._answered = True
        self._headers(status, content_type, len(body))
        for name, value in extra.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _text(self, status: int, message: str) -> None:
        line = _clean(message) or HTTPStatus(status).phrase
        self._send(status, (line + "\n").encode("utf-8"), "text/plain; charset=utf-8")

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Answer a malformed request (called by the standard library) in one line."""
        self._text(code, message or HTTPStatus(code).phrase)

    def _guard(self, handle: Callable[[], None]) -> None:
        try:
            handle()
        except _Refused as refused:
            self._text(refused.status, refused.message)
        except KGError as exc:  # the Oxigraph server does not start again
            self.server.child.log(str(exc))
            self._text(503, "the store is not available; try again later")
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            self.close_connection = True
        except Exception as exc:  # never a traceback to the client
            self.server.child.log(f"internal error: {type(exc).__name__}: {_clean(str(exc))}")
            if not self._answered:
                self._text(500, "internal error of kg serve")
            self.close_connection = True

    # --- methods ---

    def do_GET(self) -> None:
        """A query as ``?query=``, or the YASGUI page."""
        self._guard(self._get)

    def do_POST(self) -> None:
        """A query as a form or an ``application/sparql-query`` body."""
        self._guard(self._post)

    def do_OPTIONS(self) -> None:
        """A browser's CORS preflight: answered only with ``cors``."""
        if not self.server.cors:
            self._text(405, "cross-origin requests are not allowed (start kg serve with --cors)")
            return
        self._answered = True
        self._headers(204, "text/plain", 0)
        self.send_header("Access-Control-Allow-Methods", "GET, POST")
        self.send_header("Access-Control-Allow-Headers", "Accept, Content-Type")
        self.send_header("Access-Control-Max-Age", "600")
        self.end_headers()

    def _read_only(self) -> None:
        self._text(405, "this server is read-only: updates are refused")

    do_PUT = do_DELETE = do_PATCH = _read_only

    # --- routing ---

    def _get(self) -> None:
        parts = urllib.parse.urlsplit(self.path)
        if parts.path in _STATIC and not parts.query:
            self._static(parts.path)
            return
        self._route(parts.path)
        self._query(_form(parts.query))

    def _post(self) -> None:
        parts = urllib.parse.urlsplit(self.path)
        kind = self.headers.get_content_type()
        if kind == "application/sparql-update":
            raise _Refused(403, "updates are refused: this server is read-only")
        self._route(parts.path)
        params = _form(parts.query)
        body = self._body()
        if kind == "application/x-www-form-urlencoded":
            try:
                text = body.decode("ascii")
            except UnicodeDecodeError:
                raise _Refused(400, "a form must be URL-encoded ASCII") from None
            for name, values in _form(text).items():
                params.setdefault(name, []).extend(values)
        elif kind == "application/sparql-query":
            try:
                params.setdefault("query", []).append(body.decode("utf-8"))
            except UnicodeDecodeError:
                raise _Refused(400, "the query is not UTF-8") from None
        else:
            raise _Refused(
                415,
                f"cannot read a {kind} body: send application/x-www-form-urlencoded "
                "or application/sparql-query",
            )
        self._query(params)

    def _route(self, path: str) -> None:
        if path in _WRITES:
            raise _Refused(403, "updates are refused: this server is read-only")
        if path not in ENDPOINTS:
            raise _Refused(404, f"nothing here: send queries to {' or '.join(ENDPOINTS)}")

    def _body(self) -> bytes:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            raise _Refused(411, "send the request body with a Content-Length")
        length = self.headers.get("Content-Length")
        if length is None:
            raise _Refused(411, "send the request body with a Content-Length")
        try:
            size = int(length)
        except ValueError:
            raise _Refused(400, "Content-Length is not a number") from None
        if size < 0:
            raise _Refused(400, "Content-Length is negative")
        if size > self.server.limits.max_body:
            raise _Refused(413, f"the request is larger than {self.server.limits.max_body} bytes")
        body = self.rfile.read(size)
        if len(body) != size:
            raise _Refused(400, "the request body is shorter than its Content-Length")
        return body

    def _static(self, path: str) -> None:
        _, port = self.server.child.endpoint()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            body = response.read(4 * 2**20)
            kind = response.getheader("Content-Type") or "application/octet-stream"
            if response.status != 200:
                raise _Refused(404, "nothing here: send queries to /query or /sparql")
        except (OSError, http.client.HTTPException):
            raise _Refused(503, "the query server is not answering; try again") from None
        finally:
            connection.close()
        self._send(200, body, kind)

    # --- queries ---

    def _query(self, params: dict[str, list[str]]) -> None:
        if "update" in params:
            raise _Refused(403, "updates are refused: this server is read-only")
        if "default-graph-uri" in params or "named-graph-uri" in params:
            raise _Refused(
                400,
                "default-graph-uri and named-graph-uri are refused: queries run on the "
                "store's own graphs",
            )
        texts = params.get("query", [])
        if not texts:
            raise _Refused(400, "no query: send one as ?query=, as a form field or as a POST body")
        if len(texts) > 1:
            raise _Refused(400, "more than one query in one request")
        if not self.server.active.acquire(timeout=1):
            active = self.server.limits.max_active
            raise _Refused(503, f"busy: {active} queries are running; try again")
        try:
            self._answer(_expand(texts[0]))
        finally:
            self.server.active.release()

    def _answer(self, text: str) -> None:
        from kg.query import prepare

        try:
            kind = _KINDS.get(prepare(text, source="query").algebra.name)
        except KGError as exc:
            raise _Refused(400, str(exc)) from None
        if kind is None:
            raise _Refused(400, "query: only SELECT, ASK, CONSTRUCT and DESCRIBE are answered")
        fmt = negotiate(self.headers.get("Accept"), graph=kind == "graph")
        if fmt is None:
            known = ", ".join(_GRAPHS if kind == "graph" else _RESULTS)
            raise _Refused(406, f"cannot answer in the types of the Accept header: ask for {known}")
        answer = _relay(self.server.child, self.server.limits, declare_prefixes(text), kind)
        extra = {TRUNCATED_HEADER: "true"} if answer.truncated else {}
        self._send(200, _render(answer, fmt), _MEDIA[fmt], **extra)


def _form(text: str) -> dict[str, list[str]]:
    try:
        return urllib.parse.parse_qs(
            text, keep_blank_values=True, strict_parsing=False, errors="strict", max_num_fields=100
        )
    except UnicodeDecodeError:
        raise _Refused(400, "the parameters are not UTF-8") from None
    except ValueError:
        raise _Refused(400, "too many parameters") from None


def _expand(text: str) -> str:
    """The query as rdflib's parser reads it (see :func:`kg.query.expand_escapes`)."""
    try:
        return expand_escapes(text, source="query")
    except UsageError as exc:
        raise _Refused(400, str(exc)) from None


def _relay(child: _Child, limits: Limits, text: str, kind: str) -> _Answer:
    """Run ``text`` on the child and read its answer within the limits."""
    generation, port = child.endpoint()
    started = time.monotonic()
    expired = threading.Event()

    def expire() -> None:
        expired.set()
        child.restart(generation)

    watchdog = threading.Timer(limits.timeout + limits.grace, expire)
    watchdog.daemon = True
    watchdog.start()
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=limits.timeout + limits.grace + 5
    )
    try:
        accept = "application/n-triples" if kind == "graph" else "application/sparql-results+json"
        connection.request(
            "POST",
            "/query",
            body=urllib.parse.urlencode({"query": text}).encode("utf-8"),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
        )
        response = connection.getresponse()
        if response.status != 200:
            message = _clean(response.read(4096).decode("utf-8", "replace"))
            if 400 <= response.status < 500:
                raise _Refused(400, f"query: refused by the store: {message}")
            raise _Refused(500, "query: the store failed to answer")
        return _read(kind, _Capped(response, limits.max_bytes), limits.max_rows)
    except (OSError, http.client.HTTPException, SyntaxError, ValueError):
        if expired.is_set() or time.monotonic() - started >= limits.timeout:
            raise _Refused(
                503, f"query stopped: it ran longer than the {limits.timeout:g} s limit"
            ) from None
        if child.ended(generation):
            raise _Refused(
                503,
                "query stopped: the store ended while answering (a query needed more memory "
                "than allowed, or another query ran too long)",
            ) from None
        raise _Refused(500, "query: the store failed while answering") from None
    finally:
        watchdog.cancel()
        connection.close()


def _read(kind: str, reader: _Capped, max_rows: int) -> _Answer:
    """Parse the child's answer as a stream and keep at most ``max_rows`` rows or triples."""
    import pyoxigraph as ox

    answer = _Answer(kind=kind)
    stream = io.BufferedReader(reader)
    try:
        if kind == "graph":
            for triple in ox.parse(stream, format=ox.RdfFormat.N_TRIPLES):
                if len(answer.triples) == max_rows:
                    answer.truncated = True
                    break
                answer.triples.append(triple)
            return answer
        results = ox.parse_query_results(stream, format=ox.QueryResultsFormat.JSON)
        if isinstance(results, ox.QueryBoolean):
            answer.boolean = bool(results)
            return answer
        answer.variables = tuple(v.value for v in results.variables)
        for solution in results:
            if len(answer.rows) == max_rows:
                answer.truncated = True
                break
            answer.rows.append(tuple(solution[name] for name in answer.variables))
    except SyntaxError:
        if not reader.capped:
            raise
        answer.truncated = True  # the byte limit cut the answer: keep the whole rows read
    return answer


def _render(answer: _Answer, fmt: str) -> bytes:
    """The answer in the format asked for."""
    import pyoxigraph as ox

    if answer.kind == "graph":
        formats = {
            "nt": ox.RdfFormat.N_TRIPLES,
            "turtle": ox.RdfFormat.TURTLE,
            "rdfxml": ox.RdfFormat.RDF_XML,
            "jsonld": ox.RdfFormat.JSON_LD,
        }
        from kg.namespaces import PREFIXES

        prefixes = {k: str(v) for k, v in PREFIXES.items()} if fmt == "turtle" else None
        data = ox.serialize(answer.triples, format=formats[fmt], prefixes=prefixes)
        assert data is not None  # no output file given: the bytes are returned
        return data
    from kg.engine import from_oxigraph
    from kg.query import QueryResult

    if answer.kind == "ask":
        result = QueryResult(kind="ask", boolean=answer.boolean)
    else:
        rows = tuple(tuple(from_oxigraph(t) for t in row) for row in answer.rows)
        result = QueryResult(kind="select", variables=answer.variables, rows=rows)
    if fmt == "xml":
        return _xml(result)
    from kg.results import format_result

    return format_result(result, fmt=fmt).encode("utf-8")


def _xml(result: Any) -> bytes:
    """SPARQL XML results (rdflib's writer)."""
    from rdflib.query import Result
    from rdflib.term import Variable

    out = Result("ASK" if result.kind == "ask" else "SELECT")
    if result.kind == "ask":
        out.askAnswer = bool(result.boolean)
    else:
        out.vars = [Variable(v) for v in result.variables]
        out.bindings = [
            {Variable(v): t for v, t in zip(result.variables, row, strict=True) if t is not None}
            for row in result.rows
        ]
    return bytes(out.serialize(format="xml", encoding="utf-8") or b"")


class _Stop(Exception):
    """SIGTERM: stop serving."""


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second one must not cut the clean-up
    raise _Stop


@contextlib.contextmanager
def _sigterm_stops() -> Iterator[None]:
    """Turn SIGTERM (a service manager's stop) into :class:`_Stop` in the main thread."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _log(line: str) -> None:
    print(f"kg serve: {line}", file=sys.stderr, flush=True)


def serve(
    store: Path | str,
    *,
    host: str = "127.0.0.1",
    port: int = 7878,
    limits: Limits | None = None,
    cors: bool = False,
    announce: Callable[[str], None] | None = None,
) -> int:
    """Serve ``store`` read-only over the SPARQL 1.1 Protocol until Ctrl-C or SIGTERM.

    Args:
        store: the compiled store's folder (``compile_store(root) / "store"``).
        host: the address to listen on; 127.0.0.1 (this machine only) by default.
        port: the port to listen on.
        limits: the time, row, byte and memory limits (see :class:`Limits`).
        cors: send ``Access-Control-Allow-Origin: *``, so that web pages of other sites
            may query the server.
        announce: called with the query URL once the server answers.

    Returns:
        0 when stopped by Ctrl-C or SIGTERM; the Oxigraph child is stopped too.

    Raises:
        UsageError: for limits that cannot work, a port that cannot be listened on, or a
            missing ``oxigraph`` program.
        InputError: when the Oxigraph server does not start.

    Example:
        >>> serve("/nonexistent", limits=Limits(timeout=0))
        Traceback (most recent call last):
        kg.errors.UsageError: --timeout must be between 0 and 86400 seconds, got 0
    """
    limits = limits or Limits()
    limits.check()
    if not 0 <= port <= 65535:
        raise UsageError(f"--port must be between 0 and 65535, got {port}")
    if not Path(store).is_dir():
        raise InputError("no compiled store here (kg serve builds it)", path=store)
    server_command(Path(store), host="127.0.0.1", port=0)  # the oxigraph program is there
    child = _Child(Path(store), limits=limits, log=_log)
    try:
        front = _Front((host, port), child=child, limits=limits, cors=cors)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise UsageError(f"cannot listen on {host}:{port} ({reason})") from None
    with _sigterm_stops():
        try:
            child.start()
            name = f"[{host}]" if ":" in host else host
            if announce is not None:
                announce(f"http://{name}:{front.server_address[1]}/query")
            front.serve_forever(poll_interval=0.5)
        except (KeyboardInterrupt, _Stop):
            pass
        finally:
            front.server_close()
            child.stop()
    return 0
