"""Read ``references.bib`` with bibtexparser 2 and turn each entry into a reference node.

bibtexparser 2 never raises on broken input: it parks unparsable blocks and duplicate keys
in ``library.failed_blocks``, and a missing comma silently merges two fields into one value.
This module turns each of those into an :class:`~kg.errors.InputError` that names the key
and the line, so no entry vanishes silently.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from kg.errors import InputError
from kg.namespaces import BIBO, NAIF, REF, bind_prefixes

__all__ = ["BibEntry", "entries_to_graph", "parse_bibtex", "parse_bibtex_text", "reference_iri"]

_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:+-]*$")
_BLOCK_KEY = re.compile(r"@\s*\w+\s*[{(]\s*([^,\s]+)")
_MERGED_FIELD = re.compile(r"[\n,]\s*[A-Za-z][\w-]*\s*=")

#: BibTeX entry type -> BIBO class of the reference node.
ENTRY_CLASSES = {
    "article": BIBO.AcademicArticle,
    "patent": BIBO.Patent,
    "online": BIBO.Webpage,
    "misc": BIBO.Document,
    "book": BIBO.Book,
}


@dataclass(frozen=True)
class BibEntry:
    """One parsed BibTeX entry.

    Attributes:
        key: the citation key.
        entry_type: the lower-cased BibTeX type (``article``, ``patent``, ...).
        fields: field name (lower case) to value, braces stripped.
        line: 1-based line of the entry's ``@`` in the file.
    """

    key: str
    entry_type: str
    fields: dict[str, str] = field(default_factory=dict)
    line: int = 1


def reference_iri(key: str) -> URIRef:
    """The IRI of the reference node for a citation key.

    Example:
        >>> str(reference_iri("Wenzel2016-105"))
        'https://w3id.org/naif/ref/Wenzel2016-105'
    """
    return REF[key]


def _strip_braces(value: str) -> str:
    value = value.strip()
    while len(value) >= 2 and value[0] == "{" and value[-1] == "}":
        value = value[1:-1].strip()
    return " ".join(value.split())


def parse_bibtex_text(text: str, *, path: Path | str = "<bibtex>") -> list[BibEntry]:
    """Parse BibTeX ``text``; raise :class:`InputError` on a broken, duplicate or odd entry.

    Args:
        text: the BibTeX source.
        path: the file name used in error messages.

    Returns:
        The entries in file order.

    Raises:
        InputError: naming the file, the line and the key of the first problem found.

    Example:
        >>> [e.key for e in parse_bibtex_text("@article{A2020-1, author={A. B}, year={2020}}")]
        ['A2020-1']
    """
    import bibtexparser  # heavy-ish import kept off the query path

    bib_logger = logging.getLogger("bibtexparser")
    level = bib_logger.level
    bib_logger.setLevel(logging.CRITICAL)
    try:
        library = bibtexparser.parse_string(text)  # type: ignore[attr-defined]
    finally:
        bib_logger.setLevel(level)

    problems: list[tuple[int, str]] = []
    for block in library.failed_blocks:
        line = (block.start_line or 0) + 1
        key = getattr(block, "key", None)
        if key is None:
            match = _BLOCK_KEY.search(block.raw or "")
            key = match.group(1) if match else "?"
        if type(block).__name__ == "DuplicateBlockKeyBlock":
            problems.append((line, f"duplicate citation key '{key}'"))
        else:
            problems.append((line, f"entry '{key}' is malformed and cannot be parsed"))

    entries: list[BibEntry] = []
    for entry in library.entries:
        line = (entry.start_line or 0) + 1
        fields = {f.key.lower(): _strip_braces(str(f.value)) for f in entry.fields}
        raw_values = {f.key.lower(): str(f.value) for f in entry.fields}
        if not _KEY.match(entry.key):
            problems.append(
                (line, f"citation key '{entry.key}' has characters not allowed in keys")
            )
        for name, raw in raw_values.items():
            if _MERGED_FIELD.search(raw):
                problems.append(
                    (
                        line,
                        f"entry '{entry.key}' field '{name}' swallows the next field "
                        "(missing comma?)",
                    )
                )
        year = fields.get("year", "")
        if not re.fullmatch(r"\d{4}", year):
            problems.append((line, f"entry '{entry.key}' needs a four-digit year, got '{year}'"))
        if not fields.get("author"):
            problems.append((line, f"entry '{entry.key}' has no author"))
        number = fields.get("citationnumber")
        if number is not None and not number.isdigit():
            problems.append(
                (line, f"entry '{entry.key}' citationnumber '{number}' is not a number")
            )
        entries.append(BibEntry(entry.key, entry.entry_type.lower(), fields, line))

    if problems:
        problems.sort()
        line, message = problems[0]
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        raise InputError(message + more, path=path, line=line)
    return entries


def parse_bibtex(path: Path | str, *, shown: str | None = None) -> list[BibEntry]:
    """Parse a BibTeX file strictly (see :func:`parse_bibtex_text`).

    Args:
        path: the file.
        shown: how to name the file in error messages (default: ``path``).
    """
    path = Path(path)
    name = shown or str(path)
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InputError(f"not valid UTF-8 (byte {exc.start})", path=name, line=line) from None
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror})", path=name) from None
    return parse_bibtex_text(text, path=name)


def _authors_display(authors: str) -> str:
    names = [a.strip() for a in authors.split(" and ") if a.strip()]
    if not names:
        return ""
    if names[-1] == "others" or len(names) > 2:
        return f"{names[0]} et al."
    return " and ".join(names)


def entries_to_graph(entries: Iterable[BibEntry], graph: Graph | None = None) -> Graph:
    """Add one ``naif:Reference`` node per entry to ``graph`` (a new graph by default).

    Example:
        >>> entry = BibEntry("A2020-1", "article", {"author": "A. B", "year": "2020"})
        >>> g = entries_to_graph([entry])
        >>> int(g.value(reference_iri("A2020-1"), NAIF.year))
        2020
    """
    graph = bind_prefixes(graph if graph is not None else Graph())
    for entry in entries:
        node = reference_iri(entry.key)
        f = entry.fields
        graph.add((node, RDF.type, NAIF.Reference))
        graph.add((node, RDF.type, ENTRY_CLASSES.get(entry.entry_type, BIBO.Document)))
        graph.add((node, NAIF.citationKey, Literal(entry.key)))
        graph.add((node, NAIF.authors, Literal(f["author"])))
        graph.add((node, NAIF.year, Literal(int(f["year"]), datatype=XSD.integer)))
        number = f.get("citationnumber")
        if number is not None:
            graph.add((node, NAIF.citationNumber, Literal(int(number), datatype=XSD.integer)))
        if "title" in f:
            graph.add((node, DCTERMS.title, Literal(f["title"])))
        if "journal" in f:
            graph.add((node, NAIF.journal, Literal(f["journal"])))
        for name, prop in (
            ("volume", BIBO.volume),
            ("number", BIBO.issue),
            ("pages", BIBO.pages),
            ("doi", BIBO.doi),
            ("url", BIBO.uri),
        ):
            if name in f:
                graph.add((node, prop, Literal(f[name])))
        if "howpublished" in f:
            graph.add((node, DCTERMS.publisher, Literal(f["howpublished"])))
        if "note" in f:
            graph.add((node, SKOS.note, Literal(f["note"])))
        label = f"{_authors_display(f['author'])} {f['year']}"
        if number is not None:
            label += f" [{number}]"
        graph.add((node, RDFS.label, Literal(label)))
    return graph
