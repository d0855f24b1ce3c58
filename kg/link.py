"""Entity linking: find the graph's terms behind the words a researcher types.

Names come from the graph itself (``rdfs:label``, ``skos:altLabel``, ``naif:formula``,
``naif:elementSymbol``), so every synonym curated in ``graph_data/`` or the ontology works.
Matching tolerates case, Unicode sub- and superscripts (Na₃SbS₄ / Na3SbS4), Greek letters
(β / beta), punctuation and spacing, plurals, and small typos.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Identifier

from kg.namespaces import NAIF

__all__ = ["Entity", "Linker", "Mention", "formula_like", "normalize", "resolver"]

#: Kinds of entity, each with the class whose instances (or subclasses) have that kind.
KINDS = (
    ("family", NAIF.SolidElectrolyte, "subclass"),
    ("remedy-kind", NAIF.RemedyApplication, "subclass"),
    ("electrolyte", NAIF.SolidElectrolyte, "instance"),
    ("material", NAIF.Material, "instance"),
    ("interphase-type", NAIF.InterphaseType, "instance"),
    ("problem", NAIF.InterfaceProblem, "instance"),
    ("property", NAIF.PropertyKind, "instance"),
    ("method", NAIF.Method, "instance"),
    ("remedy", NAIF.RemedyApplication, "instance"),
    ("element", NAIF.ChemicalElement, "instance"),
)

_GREEK = {
    "β": "beta",
    "α": "alpha",
    "γ": "gamma",
    "δ": "delta",
    "σ": "sigma",
    "μ": "micro",
    "µ": "micro",
}
#: Chemical element symbols, to tell a typed formula ("NaCl", "Na3SbS4") from a word.
_ELEMENTS = frozenset(
    re.findall(
        r"[A-Z][a-z]?",
        "HHeLiBeBCNOFNeNaMgAlSiPSClArKCaScTiVCrMnFeCoNiCuZnGaGeAsSeBrKrRbSrYZrNbMoTcRuRhPdAgCdIn"
        "SnSbTeIXeCsBaLaCePrNdPmSmEuGdTbDyHoErTmYbLuHfTaWReOsIrPtAuHgTlPbBiPoAtRnFrRaAcThPaUNpPu",
    )
)
_PRIMES = {"″": "''", "ʺ": "''", "′": "'", "’": "'", "‘": "'", "`": "'", '"': "''"}
_DROP = re.compile(r"[^a-z0-9'.+]")
_STOP = {
    "a",
    "an",
    "the",
    "of",
    "and",
    "or",
    "is",
    "are",
    "in",
    "at",
    "for",
    "to",
    "with",
    "which",
    "what",
    "how",
    "by",
    "on",
    "can",
    "be",
    "do",
    "does",
    "it",
    "its",
    "that",
    "this",
    "from",
    "as",
    "me",
    "show",
    "list",
    "give",
    "tell",
    "about",
    "all",
    "any",
    "there",
    "their",
    "than",
    "i",
    "e",
    "g",
    "s",
    "o",
    "h",
    "b",
    "c",
    "n",
    "v",
    "k",
    "p",
    "w",
    "y",
    "u",
    "f",
}


def normalize(text: str) -> str:
    """The matching key of a name: folded case, ASCII digits, Greek spelled out, no punctuation.

    Example:
        >>> normalize("Na₃SbS₄") == normalize("na3sbs4")
        True
        >>> normalize("β''-Al₂O₃")
        "beta''al2o3"
    """
    text = "".join(_GREEK.get(ch, _PRIMES.get(ch, ch)) for ch in text)
    text = unicodedata.normalize("NFKC", text).lower()
    text = text.replace("·", "").replace("⋅", "")
    text = _DROP.sub("", text)
    return text.strip(".'+")


def formula_like(text: str) -> bool:
    """Whether a name is (or contains) a chemical formula, which is never matched approximately.

    A name with a digit (ASCII, sub- or superscript) counts, and so does a run of two or more
    element symbols written in formula case (``NaCl``, ``NaI``): one wrong digit or letter in a
    formula names another compound, so such names only ever match exactly.

    Example:
        >>> formula_like("Na₃SbS₄"), formula_like("NaCl"), formula_like("NASICON")
        (True, True, False)
        >>> formula_like("chalcogenids"), formula_like("sodium")
        (False, False)
    """
    text = unicodedata.normalize("NFKC", text)
    if re.search(r"\d", text):
        return True
    letters = re.sub(r"[^A-Za-z]", "", text)
    parts = re.findall(r"[A-Z][a-z]?", letters)
    return (
        len(parts) >= 2
        and "".join(parts) == letters
        and any(c.islower() for c in letters)
        and all(p in _ELEMENTS for p in parts)
    )


def _variants(key: str, *, formula: bool) -> tuple[str, ...]:
    """A key and its singular forms (``sulfides`` -> ``sulfide``); formulas are kept as typed."""
    if formula:
        return (key,)
    return (key, key.removesuffix("es"), key.removesuffix("s"))


@dataclass(frozen=True)
class Entity:
    """A term of the graph that names can point to."""

    iri: URIRef
    kind: str
    label: str


@dataclass(frozen=True)
class Mention:
    """Where an entity was found in a text, and how confidently."""

    entity: Entity
    text: str
    start: int
    end: int
    exact: bool


class Linker:
    """An index of every name of the graph's materials, families, problems, methods, ...

    Example:
        >>> from kg.load import load_graph
        >>> linker = Linker(load_graph())
        >>> [e.label for e in linker.lookup("NZSP")]
        ['Na3Zr2Si2PO12']
    """

    def __init__(self, graph: Graph | Any) -> None:
        self.graph = graph
        self.names: dict[str, set[Entity]] = defaultdict(set)
        # how a name was given: 0 label, 2 formula/symbol, 3 synonym, 4 IRI local name (an
        # identifier, so any curated name outranks it)
        self._rank: dict[tuple[str, URIRef], int] = {}
        self._broader: dict[URIRef, set[URIRef]] = {}
        self._words: list[str] | None = None
        self._formula_keys: set[str] = set()
        self._kind_of: dict[URIRef, str] = {}
        for kind, cls, mode in KINDS:
            for iri in self._members(cls, mode):
                if iri not in self._kind_of:
                    self._kind_of[iri] = kind
        for iri, kind in self._kind_of.items():
            label = self._label(iri)
            entity = Entity(iri, kind, label)
            for rank, name in self._names_of(iri):
                key = normalize(name)
                if len(key) >= 2 and key not in _STOP:
                    self.names[key].add(entity)
                    if formula_like(name):
                        self._formula_keys.add(key)
                    previous = self._rank.get((key, iri), 9)
                    self._rank[(key, iri)] = min(previous, rank)

    def to_data(self) -> dict[str, Any]:
        """The index as plain JSON data (see :meth:`from_data`).

        Example:
            >>> from kg.load import load_graph
            >>> g = load_graph()
            >>> Linker.from_data(Linker(g).to_data(), g).lookup("NZSP")[0].label
            'Na3Zr2Si2PO12'
        """
        return {
            "names": {
                k: sorted([e.iri, e.kind, e.label] for e in v) for k, v in self.names.items()
            },
            "rank": sorted([k, iri, r] for (k, iri), r in self._rank.items()),
            "kinds": dict(sorted(self._kind_of.items())),
            "formulas": sorted(self._formula_keys),
        }

    @classmethod
    def from_data(cls, data: dict[str, Any], graph: Any) -> Linker:
        """A linker from :meth:`to_data`'s output, reading ``graph`` only for class trees."""
        linker = cls.__new__(cls)
        linker.graph = graph
        linker.names = defaultdict(set)
        for key, entries in data["names"].items():
            linker.names[key] = {Entity(URIRef(i), k, label) for i, k, label in entries}
        linker._rank = {(k, URIRef(i)): r for k, i, r in data["rank"]}
        linker._broader = {}
        linker._words = None
        linker._formula_keys = set(data["formulas"])
        linker._kind_of = {URIRef(i): k for i, k in data["kinds"].items()}
        return linker

    def _members(self, cls: URIRef, mode: str) -> Iterable[URIRef]:
        classes = set(self.graph.transitive_subjects(RDFS.subClassOf, cls))
        if mode == "subclass":
            return sorted(c for c in classes if isinstance(c, URIRef) and c != cls)
        return sorted(
            {s for c in classes for s in self.graph.subjects(RDF.type, c) if isinstance(s, URIRef)}
        )

    def _label(self, iri: URIRef) -> str:
        label = self.graph.value(iri, RDFS.label)
        return str(label) if label is not None else iri.split("/")[-1].split("#")[-1]

    def _names_of(self, iri: URIRef) -> Iterable[tuple[int, str]]:
        for rank, prop in (
            (0, RDFS.label),
            (2, NAIF.formula),
            (2, NAIF.elementSymbol),
            (3, SKOS.altLabel),
        ):
            for value in self.graph.objects(iri, prop):
                yield rank, str(value)
        yield 4, iri.split("/")[-1].split("#")[-1]

    def broader(self, iri: URIRef) -> set[URIRef]:
        """The classes ``iri`` is a (transitive) subclass of, itself excluded."""
        if iri not in self._broader:
            found = set(self.graph.transitive_objects(iri, RDFS.subClassOf)) - {iri}
            self._broader[iri] = {c for c in found if isinstance(c, URIRef)}
        return self._broader[iri]

    def _best(self, key: str, found: Iterable[Entity]) -> list[Entity]:
        """The entities a key names, keeping only the most direct naming per kind.

        Within one kind, a name given as a label beats a formula, which beats a synonym, which
        beats an IRI; among classes named alike (``beta-alumina`` for the sodium beta-alumina
        family and for its hexagonal subclass) the broadest is kept.
        """
        ranked = sorted(found, key=lambda e: (self._rank.get((key, e.iri), 9), e.kind, e.label))
        best: dict[str, int] = {}
        out = []
        for e in ranked:
            rank = self._rank.get((key, e.iri), 9)
            if e.kind not in best:
                best[e.kind] = rank
            if rank == best[e.kind]:
                out.append(e)
        classes = {e.iri for e in out if e.kind in ("family", "remedy-kind")}
        return [e for e in out if not (e.iri in classes and self.broader(e.iri) & classes)]

    def kind(self, iri: Identifier) -> str | None:
        """The kind of a linked term (``electrolyte``, ``family``, ``problem``, ...)."""
        return self._kind_of.get(iri)  # type: ignore[call-overload, no-any-return]

    def entities(self, kind: str) -> list[Entity]:
        """Every entity of one kind."""
        return sorted(
            {e for group in self.names.values() for e in group if e.kind == kind},
            key=lambda e: e.label,
        )

    def lookup(
        self, name: str, *, fuzzy: bool = True, kinds: Iterable[str] | None = None
    ) -> list[Entity]:
        """Entities a whole name may mean, best first (exact, then plural-stripped, then fuzzy).

        A formula (see :func:`formula_like`) is only ever matched exactly: ``Na3SbS5`` finds
        nothing rather than ``Na3SbS4``.
        """
        wanted = set(kinds) if kinds is not None else None
        key = normalize(name)
        formula = formula_like(name)

        def keep(candidate: str) -> list[Entity]:
            found = [e for e in self.names.get(candidate, ()) if wanted is None or e.kind in wanted]
            return self._best(candidate, found)

        for candidate in _variants(key, formula=formula):
            if found := keep(candidate):
                return found
        if fuzzy and not formula and len(key) >= 4:
            for close in self._close(key, n=3, cutoff=0.85):
                if found := keep(close):
                    return found
        return []

    def _close(self, key: str, *, n: int, cutoff: float) -> list[str]:
        """Names spelled like ``key``, leaving out formulas (never reached by a typo)."""
        if self._words is None:
            self._words = [k for k in self.names if k not in self._formula_keys]
        return difflib.get_close_matches(key, self._words, n=n, cutoff=cutoff)

    def suggestions(self, name: str, *, n: int = 5, cutoff: float = 0.5) -> list[str]:
        """Labels of names close to ``name``, formulas included, for a helpful message."""
        key = normalize(name)
        close = difflib.get_close_matches(key, list(self.names), n=n, cutoff=cutoff)
        return sorted({e.label for c in close for e in self._best(c, self.names[c])[:1]})

    def mentions(self, text: str, *, max_words: int = 6) -> list[Mention]:
        """Entities mentioned in free text: longest exact spans first, then fuzzy single words.

        Fuzzy matching (small typos such as ``chalcogenids``) applies to single words of five or
        more letters that are not formulas, and only reaches names that are not formulas.
        """
        tokens = [(m.group(), m.start(), m.end()) for m in re.finditer(r"[^\s/|,;?!()]+", text)]
        taken = [False] * len(tokens)
        found: list[Mention] = []
        for width in range(min(max_words, len(tokens)), 0, -1):
            for i in range(len(tokens) - width + 1):
                if any(taken[i : i + width]):
                    continue
                span = text[tokens[i][1] : tokens[i + width - 1][2]]
                key = normalize(span)
                if len(key) < 2 or key in _STOP:
                    continue
                formula = formula_like(span)
                hit_key = next(
                    (k for k in _variants(key, formula=formula) if k in self.names), None
                )
                if hit_key is None and width == 1 and len(key) >= 5 and not formula:
                    close = self._close(key, n=1, cutoff=0.86)
                    if close:
                        for entity in self._best(close[0], self.names[close[0]]):
                            found.append(Mention(entity, span, tokens[i][1], tokens[i][2], False))
                        taken[i] = True
                    continue
                if hit_key is not None:
                    for entity in self._best(hit_key, self.names[hit_key]):
                        found.append(
                            Mention(entity, span, tokens[i][1], tokens[i + width - 1][2], True)
                        )
                    for j in range(i, i + width):
                        taken[j] = True
        return sorted(found, key=lambda m: (m.start, m.entity.kind))


def resolver(
    root: Path | str | None = None, *, compiled: bool = True
) -> Callable[[str], Identifier | None]:
    """A function that turns a name into the one IRI it links to (``None`` if unclear).

    The linker is made on first use: from the index saved with the compiled store
    (:func:`kg.storegraph.open_store_graph`) when ``compiled`` and the store can be had,
    else from the sources loaded with rdflib.

    Example:
        >>> str(resolver()("NZSP")).rsplit("/", 1)[-1]
        'Na3Zr2Si2PO12'
    """
    cache: dict[str, Linker] = {}

    def linker() -> Linker:
        if compiled:
            from kg.store import StoreUnavailable
            from kg.storegraph import open_store_graph

            try:
                return open_store_graph(root)[1]  # type: ignore[no-any-return]
            except StoreUnavailable:
                pass
        from kg.load import load_graph

        return Linker(load_graph(root))

    def resolve(name: str) -> Identifier | None:
        if "linker" not in cache:
            cache["linker"] = linker()
        found = cache["linker"].lookup(name)
        return found[0].iri if len({e.iri for e in found}) == 1 else None

    return resolve
