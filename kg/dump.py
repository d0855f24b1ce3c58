"""Serialize the compiled graph (the release artefact).

Turtle, N-Triples, JSON-LD, TriG or N-Quads, optionally with the rules' derived statements
(in a named graph of their own in the quad formats).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import XSD

from kg.errors import InputError, UsageError
from kg.namespaces import INFERRED_GRAPH, bind_prefixes

__all__ = ["FORMATS", "exact_doubles", "serialize", "write_atomic"]

#: Accepted format names and the rdflib serializer each maps to.
FORMATS = {
    "ttl": "turtle",
    "turtle": "turtle",
    "nt": "nt",
    "ntriples": "nt",
    "jsonld": "json-ld",
    "json-ld": "json-ld",
    "trig": "trig",
    "nq": "nquads",
    "nquads": "nquads",
}

#: Formats that keep named graphs apart.
QUAD_FORMATS = {"trig", "nquads"}


@contextmanager
def exact_doubles() -> Iterator[None]:
    """Make rdflib write xsd:double literals with their full lexical form.

    rdflib's Turtle serializer prints doubles in shorthand with ``%e``, which keeps only six
    significant digits (1.602176634e-19 becomes 1.602177e-19). Inside this block doubles are
    written as typed literals instead, so nothing is lost.
    """
    import rdflib.term

    saved = rdflib.term._PLAIN_LITERAL_TYPES
    rdflib.term._PLAIN_LITERAL_TYPES = tuple(t for t in saved if t != XSD.double)
    try:
        yield
    finally:
        rdflib.term._PLAIN_LITERAL_TYPES = saved


def serialize(graph: Graph, *, fmt: str = "ttl", derived: Graph | None = None) -> bytes:
    r"""Serialize ``graph`` deterministically; N-Triples and N-Quads lines are sorted.

    ``derived`` (the rules' statements, see :func:`kg.rules.infer`) is written too: in the
    quad formats (TriG, N-Quads) as the named graph ``INFERRED_GRAPH`` next to the curated
    default graph, in the triple formats merged with the curated statements.

    Raises:
        UsageError: for an unknown format.
        InputError: if the graph holds a term that cannot be written.

    Example:
        >>> from rdflib import URIRef
        >>> g = Graph(); _ = g.add((URIRef("urn:a"), URIRef("urn:b"), URIRef("urn:c")))
        >>> serialize(g, fmt="nt")
        b'<urn:a> <urn:b> <urn:c> .\n'
    """
    name = FORMATS.get(fmt.lower())
    if name is None:
        raise UsageError(f"unknown format '{fmt}' (choose from {', '.join(sorted(FORMATS))})")
    target: Graph = graph
    if name in QUAD_FORMATS:
        dataset = Dataset()
        bind_prefixes(dataset)
        for triple in graph:
            dataset.add(triple)
        if derived is not None:
            named = dataset.graph(URIRef(INFERRED_GRAPH))
            named += derived
        target = dataset
    elif derived is not None:
        target = bind_prefixes(Graph())
        target += graph
        target += derived
    try:
        with exact_doubles():
            data = target.serialize(format=name, encoding="utf-8")
    except Exception as exc:
        raise InputError(f"cannot serialize the graph as {fmt}: {exc}".splitlines()[0]) from None
    if name in ("nt", "nquads"):
        lines = sorted(line for line in data.decode("utf-8").splitlines() if line.strip())
        data = ("\n".join(lines) + "\n").encode("utf-8") if lines else b""
    return data


def write_atomic(data: bytes, path: Path | str) -> None:
    """Write ``data`` to ``path`` all at once: a temporary file in the same folder, then rename.

    If anything fails, ``path`` is left as it was.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError("folder does not exist", path=folder)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        # mkstemp makes the file private (0600); give it the mode a plain open() would
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
