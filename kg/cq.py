"""The competency-question library: ``queries/cq-NN-slug.rq`` files and their parameters.

Each file opens with its question and parameters::

    # CQ-01: What is the ionic conductivity of an electrolyte, with temperature and source?
    # param: electrolyte = nad:Na3SbS4 -- the electrolyte asked about
    # kind: lookup

A parameter is a variable of the query; its default makes the file runnable as it is (and is
what the tests check). Values given with ``--param name=value`` are typed like the default
and passed as bindings.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from kg.errors import InputError, UsageError
from kg.namespaces import PREFIXES
from kg.paths import layout
from kg.query import read_query

__all__ = [
    "CompetencyQuestion",
    "Parameter",
    "find_question",
    "list_questions",
    "parse_question",
    "parse_term",
]

_HEAD = re.compile(r"^#\s*CQ-(\d+)\s*:\s*(.+?)\s*$")
_PARAM = re.compile(r'^#\s*param:\s*([A-Za-z_]\w*)\s*=\s*("[^"]*"|\S+)\s*(?:--\s*(.*?))?\s*$')
_KIND = re.compile(r"^#\s*kind:\s*(.+?)\s*$")
_GRAPH = re.compile(r"^#\s*graph:\s*(asserted|inferred)\s*$")
_NAME = re.compile(r"^cq-(\d+)-([a-z0-9-]+)\.rq$")


@dataclass(frozen=True)
class Parameter:
    """A query parameter: a variable with a default value and a description."""

    name: str
    default: Identifier
    description: str = ""


@dataclass(frozen=True)
class CompetencyQuestion:
    """One competency question of the library."""

    number: int
    slug: str
    question: str
    path: Path
    parameters: tuple[Parameter, ...] = ()
    kind: str = ""
    graph: str = "asserted"
    """``inferred`` when the question needs the rules' derived statements (``# graph:``)."""

    @property
    def name(self) -> str:
        """The file stem, e.g. ``cq-01-ionic-conductivity``."""
        return self.path.stem

    def text(self) -> str:
        """The SPARQL text."""
        return read_query(self.path)

    def bindings(
        self,
        values: Mapping[str, str] | None = None,
        *,
        resolve: Callable[[str], Identifier | None] | None = None,
    ) -> dict[str, Identifier]:
        """Bindings for a run: defaults, overridden by ``values`` typed like the defaults.

        Args:
            values: parameter name to value as typed by the user.
            resolve: turns a name or label into an IRI (entity linking); optional.

        Raises:
            UsageError: for an unknown parameter or a value of the wrong type.
        """
        bound: dict[str, Identifier] = {p.name: p.default for p in self.parameters}
        known = {p.name: p for p in self.parameters}
        for name, raw in (values or {}).items():
            if name not in known:
                choices = ", ".join(sorted(known)) or "none"
                raise UsageError(f"{self.name} has no parameter '{name}' (parameters: {choices})")
            bound[name] = _typed_like(known[name].default, raw, name=name, resolve=resolve)
        return bound


def parse_term(text: str) -> Identifier:
    """Parse a parameter default or value: ``<iri>``, ``prefix:local``, a number or ``"text"``.

    Example:
        >>> parse_term("nad:Na3SbS4")
        rdflib.term.URIRef('https://w3id.org/naif/data/Na3SbS4')
        >>> float(parse_term("1e-3"))
        0.001
    """
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        return URIRef(text[1:-1])
    if text.startswith('"') and text.endswith('"') and len(text) >= 2:
        return Literal(text[1:-1])
    prefix, sep, local = text.partition(":")
    if sep and prefix in PREFIXES and re.fullmatch(r"[\w.\-]*", local):
        return URIRef(str(PREFIXES[prefix]) + local)
    if text in ("true", "false"):
        return Literal(text == "true")
    if re.fullmatch(r"[+-]?\d+", text):
        return Literal(text, datatype=XSD.integer)
    if re.fullmatch(r"[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)", text):
        return Literal(text, datatype=XSD.double)
    if re.fullmatch(r"[+-]?(\d+\.\d*|\.\d+)", text):
        return Literal(text, datatype=XSD.decimal)
    return Literal(text)


def _typed_like(
    default: Identifier,
    raw: str,
    *,
    name: str,
    resolve: Callable[[str], Identifier | None] | None,
) -> Identifier:
    if isinstance(default, URIRef):
        value = parse_term(raw)
        if isinstance(value, URIRef):
            return value
        found = resolve(raw) if resolve is not None else None
        if found is None:
            raise UsageError(f"parameter '{name}' needs an IRI or a known name, got '{raw}'")
        return found
    assert isinstance(default, Literal)
    if default.datatype == XSD.boolean:
        if raw.strip().lower() not in ("true", "false"):
            raise UsageError(f"parameter '{name}' needs true or false, got '{raw}'")
        return Literal(raw.strip().lower() == "true")
    if default.datatype in (XSD.integer, XSD.decimal, XSD.double):
        try:
            number = Decimal(raw.strip())
        except InvalidOperation:
            raise UsageError(f"parameter '{name}' needs a number, got '{raw}'") from None
        if not number.is_finite():
            raise UsageError(f"parameter '{name}' needs a finite number, got '{raw}'")
        return Literal(raw.strip(), datatype=XSD.double if "e" in raw.lower() else XSD.decimal)
    return Literal(raw)


def parse_header(lines: list[str], *, path: Path) -> tuple[list[str], tuple[Parameter, ...]]:
    """The leading comment lines of a SPARQL file and the parameters they declare.

    Shared by competency questions and rules: ``# param: name = default -- description``.

    Raises:
        InputError: naming the file and line of a malformed parameter line.
    """
    header: list[str] = []
    params: list[Parameter] = []
    for number, line in enumerate(lines, start=1):
        if not line.startswith("#"):
            break
        header.append(line.lstrip("# ").rstrip())
        if line.lstrip("# ").startswith("param:"):
            p = _PARAM.match(line)
            if p is None:
                raise InputError(
                    "parameter lines read '# param: name = default -- text'", path=path, line=number
                )
            params.append(Parameter(p.group(1), parse_term(p.group(2)), p.group(3) or ""))
    return header, tuple(params)


def parse_question(path: Path) -> CompetencyQuestion:
    """Read the header of one ``cq-NN-slug.rq`` file.

    Raises:
        InputError: if the file name or the header does not follow the convention.
    """
    match = _NAME.match(path.name)
    if not match:
        raise InputError("competency questions are named cq-NN-slug.rq", path=path)
    lines = read_query(path).splitlines()
    head = _HEAD.match(lines[0]) if lines else None
    if head is None:
        raise InputError(
            "first line must be '# CQ-NN: the question in plain English'", path=path, line=1
        )
    if int(head.group(1)) != int(match.group(1)):
        raise InputError("the number in the header differs from the file name", path=path, line=1)
    _, params = parse_header(lines, path=path)
    kinds = [k.group(1) for line in lines if (k := _KIND.match(line))]
    graphs = [g.group(1) for line in lines if (g := _GRAPH.match(line))]
    return CompetencyQuestion(
        number=int(match.group(1)),
        slug=match.group(2),
        question=head.group(2),
        path=path,
        parameters=params,
        kind=kinds[0] if kinds else "",
        graph=graphs[0] if graphs else "asserted",
    )


def list_questions(root: Path | str | None = None) -> list[CompetencyQuestion]:
    """Every competency question of the project, in number order."""
    folder = layout(root).queries
    return sorted((parse_question(p) for p in folder.glob("cq-*.rq")), key=lambda q: q.number)


def find_question(name: str, root: Path | str | None = None) -> CompetencyQuestion:
    """Find a question by ``cq-07``, ``CQ-7``, ``7``, its slug or its file stem.

    Raises:
        UsageError: naming the closest questions when none matches.
    """
    questions = list_questions(root)
    wanted = name.strip().lower().removesuffix(".rq")
    number = re.fullmatch(r"(?:cq-?)?0*(\d+)", wanted)
    for q in questions:
        if (number and q.number == int(number.group(1))) or wanted in (q.name, q.slug):
            return q
    close = difflib.get_close_matches(wanted, [q.name for q in questions], n=3, cutoff=0.4)
    hint = f" (did you mean {', '.join(close)}?)" if close else " (see 'kg query --list')"
    raise UsageError(f"no competency question '{name}'{hint}")
