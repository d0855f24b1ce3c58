"""Read ``references.bib`` with bibtexparser 2 and turn each entry into a reference node.

bibtexparser 2 never raises on broken input: it parks unparsable blocks, duplicate keys and
entries with a repeated field in ``library.failed_blocks``, keeps text outside any entry as a
comment, and a missing comma silently merges two fields into one value. This module turns each
of those (and a missing key, type, year or author) into an :class:`~kg.errors.InputError` that
names the file, the line and the problem, so no entry or field vanishes silently.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from kg.errors import InputError
from kg.namespaces import BIBO, NAIF, REF, bind_prefixes

__all__ = ["BibEntry", "entries_to_graph", "parse_bibtex", "parse_bibtex_text", "reference_iri"]

_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:+-]*\Z")
_BLOCK_KEY = re.compile(r"@\s*\w+\s*[{(]\s*([^,\s]+)")
_NO_KEY = re.compile(r"\s*@\s*\w*\s*[{(]\s*(?:[A-Za-z][\w-]*\s*=|[,})]|\Z)")
# "author = {X},\n  title = ..." inside one value: a field swallowed the next one
_MERGED_FIELD = re.compile(r"[\n,]\s*[A-Za-z][\w-]*\s*=")
# "{A} year = {2020}", "2020 title={T}": a known field name after a value (checked by name)
_SWALLOWED = re.compile(r"(?:^|[\s,}\"])([A-Za-z][\w-]*)\s*=\s*[{\"0-9]")
_STRAY_FIELD = re.compile(r"(?:^|[\s,{])[A-Za-z][\w-]*\s*=\s*[{\"0-9]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_YEAR = re.compile(r"[0-9]{4}")
_NUMBER = re.compile(r"[0-9]{1,9}")
_FIELD_NAME = re.compile(
    r"(?:abstract|address|annote|author|booktitle|chapter|citationnumber|crossref|doi|edition"
    r"|editor|eprint|howpublished|institution|isbn|issn|journal|journaltitle|keywords|language"
    r"|month|note|number|organization|pages|publisher|school|series|title|type|url|urldate"
    r"|volume|year)\Z",
    re.IGNORECASE,
)

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


def _enclosed(value: str) -> bool:
    """Whether ``value`` is one brace group (``{A}``, not ``{A} and {B}``)."""
    depth = 0
    for i, c in enumerate(value):
        depth += (c == "{") - (c == "}")
        if depth == 0:
            return i == len(value) - 1
    return False


def _strip_braces(value: str) -> str:
    """The value without the brace groups around all of it, spaces collapsed.

    Example:
        >>> _strip_braces("{{Na}-ion}"), _strip_braces("{A} and {B}")
        ('{Na}-ion', '{A} and {B}')
    """
    value = value.strip()
    for _ in range(16):  # a bounded number of layers: each one is a scan of the value
        if len(value) < 2 or value[0] != "{" or not _enclosed(value):
            break
        value = value[1:-1].strip()
    return " ".join(value.split())


def _shown(text: str, limit: int = 60) -> str:
    """A key or value for a one-line message: shortened, non-printable characters escaped."""
    short = text if len(text) <= limit else text[: limit - 3] + "..."
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in short)


def _failed_block(block: Any) -> str:
    """What is wrong with a block bibtexparser could not parse."""
    raw = block.raw or ""
    kind = type(block).__name__
    if kind == "DuplicateBlockKeyBlock":
        return f"duplicate citation key '{_shown(block.key)}'"
    if kind == "DuplicateFieldKeyBlock":
        entry = block.ignore_error_block
        names = ", ".join(f"'{_shown(n)}'" for n in sorted(block.duplicate_keys))
        key = _shown(entry.key) if entry is not None else "?"
        return f"entry '{key}' has the field(s) {names} more than once"
    if _NO_KEY.match(raw):
        return "entry without a citation key (write @type{Key, field = {...}, ...})"
    match = _BLOCK_KEY.search(raw)
    key = _shown(match.group(1)) if match else "?"
    return f"entry '{key}' is malformed and cannot be parsed (unbalanced braces or quotes?)"


def _entry_problems(entry: Any) -> list[str]:
    """What is wrong with one parsed entry: key, type, merged or repeated fields, year, author."""
    problems = []
    key = _shown(entry.key)
    if not entry.key.strip():
        problems.append("entry without a citation key (write @type{Key, field = {...}, ...})")
        key = "?"
    elif not _KEY.match(entry.key):
        problems.append(f"citation key '{key}' has characters not allowed in keys")
    if not entry.entry_type.strip():
        problems.append(f"entry '{key}' has no type (write @article{{...}}, @misc{{...}}, ...)")
    names = [f.key.lower() for f in entry.fields]
    for name in sorted({n for n in names if names.count(n) > 1}):
        problems.append(f"entry '{key}' has the field '{_shown(name)}' more than once")
    for f in entry.fields:
        raw = str(f.value)
        swallowed = [m.group(1) for m in _SWALLOWED.finditer(raw)]
        if _MERGED_FIELD.search(raw) or any(_FIELD_NAME.match(n) for n in swallowed):
            problems.append(
                f"entry '{key}' field '{_shown(f.key.lower())}' swallows the next field "
                "(missing comma?)"
            )
    fields = {f.key.lower(): _strip_braces(str(f.value)) for f in entry.fields}
    year = fields.get("year", "")
    if not _YEAR.fullmatch(year):
        problems.append(f"entry '{key}' needs a four-digit year, got '{_shown(year)}'")
    if not fields.get("author"):
        problems.append(f"entry '{key}' has no author")
    number = fields.get("citationnumber")
    if number is not None and not _NUMBER.fullmatch(number):
        problems.append(f"entry '{key}' citationnumber '{_shown(number)}' is not a number")
    return problems


def parse_bibtex_text(text: str, *, path: Path | str = "<bibtex>") -> list[BibEntry]:
    """Parse BibTeX ``text``; raise :class:`InputError` on a broken, duplicate or odd entry.

    Refused, each with its line: blocks bibtexparser cannot parse, duplicate citation keys,
    an entry without a key or a type, a field given twice, a field value that swallowed the
    next field (``title = {A} year = {2020}``: a missing comma), a missing or malformed year,
    a missing author, a citation number that is not a number, text outside the entries that
    holds fields (an entry closed too early, or written without its ``@``), and control
    characters.

    Args:
        text: the BibTeX source.
        path: the file name used in error messages.

    Returns:
        The entries in file order.

    Raises:
        InputError: naming the file, the line and the problem found first (and how many
            more there are).

    Example:
        >>> [e.key for e in parse_bibtex_text("@article{A2020-1, author={A. B}, year={2020}}")]
        ['A2020-1']
        >>> parse_bibtex_text("@misc{A2020-1, author={A}, year={2020}} @misc{A2020-1, year={1}}")
        Traceback (most recent call last):
        kg.errors.InputError: <bibtex>:1: duplicate citation key 'A2020-1'
    """
    import bibtexparser  # heavy-ish import kept off the query path

    problems: list[tuple[int, str]] = []
    if control := _CONTROL.search(text):
        line = text.count("\n", 0, control.start()) + 1
        problems.append((line, f"control character U+{ord(control.group()):04X} is not allowed"))
    bib_logger = logging.getLogger("bibtexparser")
    level = bib_logger.level
    bib_logger.setLevel(logging.CRITICAL)
    try:
        library = bibtexparser.parse_string(text)  # type: ignore[attr-defined]
    finally:
        bib_logger.setLevel(level)

    for block in library.failed_blocks:
        problems.append(((block.start_line or 0) + 1, _failed_block(block)))
    for comment in library.comments:
        raw = comment.raw or ""
        if type(comment).__name__ == "ImplicitComment" and _STRAY_FIELD.search(raw):
            problems.append(
                (
                    (comment.start_line or 0) + 1,
                    "fields outside any entry (an entry closed too early, or missing its '@'?)",
                )
            )

    entries: list[BibEntry] = []
    for entry in library.entries:
        line = (entry.start_line or 0) + 1
        problems += [(line, problem) for problem in _entry_problems(entry)]
        fields = {f.key.lower(): _strip_braces(str(f.value)) for f in entry.fields}
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
