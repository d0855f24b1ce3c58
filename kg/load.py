"""Build the knowledge graph from the ontology modules, the curated Turtle and references.bib.

Parsing never touches the network: every file is read from disk by this module and handed to
rdflib as text with an explicit format; ``owl:imports`` is never followed.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.plugins.parsers.notation3 import BadSyntax

from kg.bib import entries_to_graph, parse_bibtex
from kg.errors import InputError
from kg.namespaces import bind_prefixes
from kg.paths import Layout, layout

__all__ = ["LoadedGraph", "load", "load_files", "load_graph", "parse_turtle", "parse_turtle_files"]

# Characters that may never appear in an IRI (RFC 3987); rdflib accepts them with a warning
# and then fails half-way through serializing.
_BAD_IRI_CHARS = re.compile(r'[\s<>"{}|^`\\]')


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


def _line_of(text: str, needle: str) -> int | None:
    index = text.find(needle)
    return text.count("\n", 0, index) + 1 if index >= 0 else None


def _check_terms(graph: Graph, text: str, shown: str) -> None:
    """Refuse terms rdflib accepts with only a logged warning: bad IRIs, ill-typed literals."""
    for triple in graph:
        for term in triple:
            if isinstance(term, URIRef) and _BAD_IRI_CHARS.search(term):
                needle = str(term).split()[0] if str(term).split() else str(term)
                raise InputError(
                    f"IRI <{term}> contains a space or a character not allowed in IRIs",
                    path=shown,
                    line=_line_of(text, needle),
                )
            if isinstance(term, Literal) and term.ill_typed:
                raise InputError(
                    f'literal "{term}" is not a valid {term.datatype}',
                    path=shown,
                    line=_line_of(text, f'"{term}"'),
                )


def parse_turtle(
    path: Path | str, *, root: Path | None = None, graph: Graph | None = None
) -> Graph:
    """Parse one Turtle file strictly into ``graph`` (a new graph by default).

    Args:
        path: the Turtle file.
        root: project root, so error messages show a relative path.
        graph: graph to add the triples to.

    Raises:
        InputError: with the file and line of a syntax error, bad UTF-8, a bad IRI or an
            ill-typed literal.

    Example:
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.ttl"
        >>> _ = p.write_text("<urn:a> <urn:b> 1 .")
        >>> len(parse_turtle(p))
        1
    """
    path = Path(path)
    shown = _relative(path, root)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror})", path=shown) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InputError(f"not valid UTF-8 (byte {exc.start})", path=shown, line=line) from None
    part = Graph()
    rdflib_logger = logging.getLogger("rdflib")
    level = rdflib_logger.level
    rdflib_logger.setLevel(logging.CRITICAL)
    try:
        part.parse(data=text, format="turtle", publicID=path.resolve().as_uri())
    except BadSyntax as exc:
        why = getattr(exc, "_why", None) or "bad Turtle syntax"
        raise InputError(f"Turtle syntax error: {why}", path=shown, line=exc.lines + 1) from None
    except Exception as exc:  # rdflib raises assorted types on malformed input
        raise InputError(f"cannot parse Turtle: {exc}".splitlines()[0], path=shown) from None
    finally:
        rdflib_logger.setLevel(level)
    _check_terms(part, text, shown)
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
