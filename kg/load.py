"""Build the knowledge graph from the ontology modules, the curated Turtle and references.bib.

Parsing never touches the network: every file is read from disk by this module and handed to
rdflib's Turtle parser as text; ``owl:imports`` is never followed (it stays a plain statement).
Turtle is the only RDF format read, chosen by the ``.ttl`` extension, never by sniffing:
RDF/XML (its parser expands XML entities) and JSON-LD (its contexts may be fetched from the
web) are refused, and so are the other serializations, so that no file is read in a format
nobody chose.

Every problem is an :class:`~kg.errors.InputError` of one line naming the file and the line:
bad UTF-8, control characters, syntax errors, brackets nested too deeply, IRIs with spaces,
ill-typed literals (``"abc"^^xsd:integer``) and numbers too large to hold.
"""

from __future__ import annotations

import logging
import re
import sys
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.plugins.parsers.notation3 import BadSyntax, RDFSink, SinkParser

from kg.bib import entries_to_graph, parse_bibtex
from kg.errors import InputError
from kg.namespaces import bind_prefixes
from kg.paths import Layout, layout

__all__ = ["LoadedGraph", "load", "load_files", "load_graph", "parse_turtle", "parse_turtle_files"]

# Characters that may never appear in an IRI (RFC 3987); rdflib accepts them with a warning
# and then fails half-way through serializing.
_BAD_IRI_CHARS = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f-\x9f\ud800-\udfff\s]')
# Control characters (tab, line feed and carriage return aside) have no place in curated text,
# and break every XML-based export; a lone surrogate (from a \\uD800 escape) cannot be written.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BAD_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# xsd:decimal has no exponent; rdflib reads "1e999999999" anyway and then writes it out in full
_DECIMAL = re.compile(r"\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)\s*", re.ASCII)
_XSD = "http://www.w3.org/2001/XMLSchema#"
#: The RDF serializations refused by name, with the reason.
_REFUSED = {
    ".rdf": "RDF/XML is not read (its parser expands XML entities)",
    ".owl": "RDF/XML is not read (its parser expands XML entities)",
    ".xml": "RDF/XML is not read (its parser expands XML entities)",
    ".jsonld": "JSON-LD is not read (its contexts may be fetched from the web)",
    ".json": "JSON-LD is not read (its contexts may be fetched from the web)",
    ".nt": "only Turtle is read",
    ".nq": "only Turtle is read",
    ".trig": "only Turtle is read",
    ".n3": "N3 is not read (its rules and variables are not Turtle)",
    ".trix": "only Turtle is read",
}


@dataclass(frozen=True)
class LoadedGraph:
    """The compiled graph and where its parts came from.

    Attributes:
        graph: ontology, vocabularies, curated data and references in one rdflib graph.
        origins: for each subject, the project-relative file that first describes it.
        files: the files read, in reading order.
        root: the project root the files were read from.
    """

    graph: Graph
    origins: Mapping[URIRef | BNode, str]
    files: tuple[Path, ...]
    root: Path

    def origin(self, node: object) -> str | None:
        """The file that describes ``node``, or ``None``."""
        return self.origins.get(node)  # type: ignore[call-overload, no-any-return]


def _relative(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def _escaped(text: str, limit: int = 60) -> str:
    """``text`` for a one-line message: shortened, non-printable characters escaped."""
    short = text if len(text) <= limit else text[: limit - 3] + "..."
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in short)


def _datatype(iri: URIRef | None) -> str:
    text = str(iri)
    return "xsd:" + text[len(_XSD) :] if text.startswith(_XSD) else f"<{_escaped(text)}>"


class _Refused(Exception):
    """A term the strict sink refuses; the parser knows the line it is on."""


class _StrictSink(RDFSink):
    """rdflib's Turtle sink, refusing at their line the terms rdflib only warns about."""

    def newLiteral(self, s: str, dt: URIRef | None, lang: str | None) -> Literal:
        if _BAD_TEXT.search(s):
            raise _Refused(f'literal "{_escaped(s)}" holds a control character or a lone surrogate')
        if dt == XSD.decimal and not _DECIMAL.fullmatch(s):
            # refused before rdflib writes out "1e999999999" digit by digit
            raise _Refused(f'literal "{_escaped(s)}" is not a valid xsd:decimal')
        literal = super().newLiteral(s, dt, lang)
        if literal.ill_typed:
            raise _Refused(f'literal "{_escaped(s)}" is not a valid {_datatype(dt)}')
        return literal

    def newSymbol(self, *args: str) -> URIRef:
        if _BAD_IRI_CHARS.search(args[0]):
            shown = _escaped(args[0], 100)
            raise _Refused(f"IRI <{shown}> contains a space or a character not allowed in IRIs")
        return super().newSymbol(*args)


def _not_turtle(suffix: str) -> str:
    if suffix in _REFUSED:
        return f"{_REFUSED[suffix]}; convert it to Turtle (.ttl)"
    return "only Turtle files (.ttl) are read"


def _line(text: str, at: int) -> int:
    """The line of a character position (rdflib's own count runs ahead when it backtracks)."""
    return text.count("\n", 0, max(0, min(at, len(text)))) + 1


def _reason(exc: Exception) -> str:
    """The one-line message for an error rdflib raises other than :class:`BadSyntax`."""
    if isinstance(exc, RecursionError):
        return "brackets '[' or '(' nested too deeply"
    if isinstance(exc, ValueError) and "Exceeds the limit" in str(exc):
        return f"a number has more than {sys.get_int_max_str_digits()} digits"
    if isinstance(exc, ValueError | SyntaxError) and str(exc):
        return f"Turtle syntax error: {_escaped(str(exc), 200)}"
    return "Turtle syntax error: unexpected input (N3 or SPARQL syntax?)"


def parse_turtle(
    path: Path | str, *, root: Path | None = None, graph: Graph | None = None
) -> Graph:
    """Parse one Turtle file strictly into ``graph`` (a new graph by default).

    Only files named ``*.ttl`` are read. Nothing is fetched: ``owl:imports`` stays a plain
    statement, and relative IRIs resolve against the file's own ``file:`` IRI.

    Args:
        path: the Turtle file.
        root: project root, so error messages show a relative path.
        graph: graph to add the triples to.

    Raises:
        InputError: naming the file and the line of a syntax error, bad UTF-8, a control
            character, brackets nested too deeply, a bad IRI, an ill-typed literal or a
            number too large; or naming the file of another format (RDF/XML, JSON-LD, ...).

    Example:
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.ttl"
        >>> _ = p.write_text("<urn:a> <urn:b> 1 .")
        >>> len(parse_turtle(p))
        1
        >>> try:
        ...     parse_turtle(p.with_suffix(".rdf"))
        ... except InputError as exc:
        ...     print(exc.message)
        RDF/XML is not read (its parser expands XML entities); convert it to Turtle (.ttl)
    """
    path = Path(path)
    shown = _relative(path, root)
    suffix = path.suffix.lower()
    if suffix != ".ttl":
        raise InputError(_not_turtle(suffix), path=shown)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror or exc})", path=shown) from None
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InputError(f"not valid UTF-8 (byte {exc.start})", path=shown, line=line) from None
    if control := _CONTROL.search(text):
        line = text.count("\n", 0, control.start()) + 1
        code = f"U+{ord(control.group()):04X}"
        raise InputError(f"control character {code} is not allowed", path=shown, line=line)
    part = Graph()
    parser = SinkParser(_StrictSink(part), baseURI=path.resolve().as_uri(), turtle=True)
    rdflib_logger = logging.getLogger("rdflib")
    level = rdflib_logger.level
    rdflib_logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # rdflib warns, then guesses ("weird boolean")
            parser.loadBuf(text)
    except BadSyntax as exc:
        why = _escaped(str(getattr(exc, "_why", None) or "bad Turtle syntax"), 200)
        at = getattr(exc, "_i", parser.startOfLine)
        if at is None or at < 0:  # at the end of the file ("EOF found after object")
            at = len(text.rstrip())
        raise InputError(f"Turtle syntax error: {why}", path=shown, line=_line(text, at)) from None
    except _Refused as exc:
        raise InputError(str(exc), path=shown, line=_line(text, parser.startOfLine)) from None
    except Exception as exc:  # rdflib raises assorted types on malformed input
        raise InputError(_reason(exc), path=shown, line=_line(text, parser.startOfLine)) from None
    finally:
        rdflib_logger.setLevel(level)
    for prefix, namespace in parser._bindings.items():
        part.bind(prefix, namespace)
    target = graph if graph is not None else bind_prefixes(Graph())
    target += part
    return target


def parse_turtle_files(
    paths: Iterable[Path], *, root: Path | None = None, graph: Graph | None = None
) -> tuple[Graph, dict[URIRef | BNode, str]]:
    """Parse several Turtle files into one graph; return it with each subject's first file."""
    graph = graph if graph is not None else bind_prefixes(Graph())
    origins: dict[URIRef | BNode, str] = {}
    for path in paths:
        part = parse_turtle(path, root=root)
        shown = _relative(path, root)
        for subject in part.subjects(unique=True):
            if isinstance(subject, URIRef | BNode):
                origins.setdefault(subject, shown)
        graph += part
    return graph, origins


def refuse_other_formats(lay: Layout) -> None:
    """Refuse RDF of another format among the sources: nothing reads it, so none may seem read.

    Raises:
        InputError: naming the first such file.
    """
    for folder in (lay.ontology, lay.data):
        for other in sorted(folder.rglob("*")):
            if other.suffix.lower() in _REFUSED and other.is_file():
                raise InputError(_not_turtle(other.suffix.lower()), path=_relative(other, lay.root))


def load(root: Path | str | None = None, *, references: bool = True) -> LoadedGraph:
    """Compile the project at ``root``: ontology modules, ``graph_data/*.ttl`` and the BibTeX.

    Args:
        root: the project root (default: ``$KG_ROOT`` or this checkout).
        references: also turn ``graph_data/*.bib`` into reference nodes.

    Raises:
        InputError: if any file is missing, unreadable or malformed.

    Example:
        >>> loaded = load()
        >>> len(loaded.graph) > 1000
        True
    """
    lay: Layout = layout(root)
    if not lay.ontology.is_dir():
        raise InputError("no ontology/ folder here (use --root or KG_ROOT)", path=lay.root)
    if not lay.data.is_dir():
        raise InputError("no graph_data/ folder here (use --root or KG_ROOT)", path=lay.root)
    refuse_other_formats(lay)
    files = [*lay.ontology_files(), *lay.data_files()]
    graph, origins = parse_turtle_files(files, root=lay.root)
    bibs = lay.bib_files() if references else []
    for bib in bibs:
        shown = _relative(bib, lay.root)
        part = entries_to_graph(parse_bibtex(bib, shown=shown))
        for subject in part.subjects(unique=True):
            if isinstance(subject, URIRef | BNode):
                origins.setdefault(subject, shown)
        graph += part
    return LoadedGraph(graph=graph, origins=origins, files=(*files, *bibs), root=lay.root)


def load_files(paths: Iterable[Path], *, root: Path | str | None = None) -> LoadedGraph:
    """Compile the given Turtle files only (for fixtures and staged changes).

    Example:
        >>> lay = layout()
        >>> len(load_files(lay.ontology_files()).graph) > 1000
        True
    """
    lay = layout(root)
    files = list(paths)
    graph, origins = parse_turtle_files(files, root=lay.root)
    return LoadedGraph(graph=graph, origins=origins, files=tuple(files), root=lay.root)


def load_graph(root: Path | str | None = None) -> Graph:
    """Compile the project and return just the rdflib graph (see :func:`load`)."""
    return load(root).graph
