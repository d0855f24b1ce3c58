"""Answer plain-English questions by mapping them onto parameterized competency questions.

Deterministic and offline: the words of a question are linked to entities of the graph
(:mod:`kg.link`), a form is chosen from its keywords, and the form's competency question runs
with the linked entities and parsed numbers as bindings. User text never becomes query text:
it only ever travels as IRIs the linker found in the graph, or as numbers parsed from it.

The forms, in the order their keywords first appear in the question (the earliest keyword whose
form finds the entities it needs wins): ``remedies`` (CQ-02), ``products`` (CQ-03), ``property``
(CQ-01), ``threshold`` (CQ-04), ``members`` (CQ-05), ``dopants`` (CQ-06), ``techniques``
(CQ-07), ``compare`` (CQ-08), ``references`` (CQ-09) and ``stable`` (CQ-10).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Identifier, Node

from kg.cq import CompetencyQuestion, find_question
from kg.errors import KGError, UsageError
from kg.link import Entity, Linker, Mention, formula_like, normalize
from kg.namespaces import NAD, NAIF, QUDT, RULE
from kg.query import QueryResult, run

__all__ = [
    "FORMS",
    "Answer",
    "AskResult",
    "Interpretation",
    "NotUnderstood",
    "Plan",
    "ask",
    "interpret",
    "plan",
]

#: The question forms and an example of each, shown when a question cannot be mapped.
FORMS = {
    "remedies": "which remedies address MCI for chalcogenides",
    "products": "what does Na3SbS4 decompose into at the Na interface",
    "property": "what is the ionic conductivity of Na3SbS4",
    "threshold": "which electrolytes conduct above 1 mS/cm at room temperature",
    "members": "which electrolytes are NASICONs",
    "dopants": "which dopants of Na3PS4 are reported, and with what effect",
    "techniques": "which techniques were used on the Na/beta-alumina interface",
    "compare": "compare Na3PS4 and Na3SbS4",
    "references": "which references support facts about Na3SbS4",
    "stable": "which electrolytes are stable against Na metal",
    "derived": "which electrolytes satisfy the Monroe criterion",
}

#: The competency question behind each form.
_CQ = {
    "remedies": "cq-02",
    "products": "cq-03",
    "property": "cq-01",
    "threshold": "cq-04",
    "members": "cq-05",
    "dopants": "cq-06",
    "techniques": "cq-07",
    "compare": "cq-08",
    "references": "cq-09",
    "stable": "cq-10",
    "derived": "cq-48",
}

#: The binding that restricts a list of electrolytes to a family (:meth:`Interpretation.sparql`).
WITHIN = "within"


_DISTINCT_CONCAT = re.compile(r"GROUP_CONCAT\(\s*DISTINCT\s+\?(\w+)", re.I)


class NotUnderstood(KGError):
    """The question matches no supported form, or names nothing the graph knows (exit 1)."""

    exit_code = 1


@dataclass(frozen=True)
class Interpretation:
    """What a question was taken to mean: a form, its competency question and bindings.

    A ``within`` binding (an electrolyte or a family class) restricts the electrolytes a list
    question names; the query then wraps the competency question in a fixed pattern that keeps
    that electrolyte or the family's members.
    """

    form: str
    question: CompetencyQuestion
    bindings: dict[str, Identifier]
    text: str

    def sparql(self) -> str:
        """The SPARQL text that runs with :attr:`bindings` (the CQ, wrapped when restricted).

        ``GROUP_CONCAT(DISTINCT ?x ...)`` is run as ``GROUP_CONCAT(DISTINCT COALESCE(?x, "")``:
        rdflib 7 raises "Variable x is not bound" when ``?x`` is unbound in a whole group (an
        observation with no technique), where SPARQL gives an empty string. The rewrite only
        touches the fixed template text, and gives the same rows wherever rdflib does not fail.
        """
        text = _DISTINCT_CONCAT.sub(
            r'GROUP_CONCAT(DISTINCT COALESCE(?\1, "")', self.question.text()
        )
        if WITHIN not in self.bindings:
            return text
        match = re.search(r"^\s*SELECT\b", text, re.I | re.M)
        if match is None:  # pragma: no cover - every list-valued CQ is a SELECT
            return text
        prologue, body = text[: match.start()], text[match.start() :]
        inner = "\n".join("    " + line if line.strip() else line for line in body.splitlines())
        return (
            f"{prologue}# restricted to the electrolyte bound to ?{WITHIN} or its family members\n"
            "SELECT * WHERE {\n  {\n"
            f"{inner}\n"
            "  }\n"
            f"  FILTER (?electrolyte = ?{WITHIN}\n"
            f"          || EXISTS {{ ?electrolyte a/<{RDFS.subClassOf}>* ?{WITHIN} }}\n"
            f"          || EXISTS {{ ?electrolyte <{RDFS.subClassOf}>+ ?{WITHIN} }})\n"
            "}\n"
        )


@dataclass(frozen=True)
class Answer:
    """One answer: the entity, its details, the citations behind it, and the facts used."""

    label: str
    iri: str
    details: dict[str, Any]
    citations: list[dict[str, Any]]
    facts: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class AskResult:
    """The outcome of :func:`ask`."""

    question: str
    interpretation: Interpretation
    sparql: str
    answers: list[Answer]

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape: question, interpretation, sparql, answers (plus form and bindings)."""
        return {
            "question": self.question,
            "interpretation": self.interpretation.text,
            "form": self.interpretation.form,
            "competency_question": self.interpretation.question.name,
            "bindings": {k: str(v) for k, v in self.interpretation.bindings.items()},
            "sparql": self.sparql,
            "answers": [
                {"label": a.label, "iri": a.iri, "details": a.details, "citations": a.citations}
                for a in self.answers
            ],
        }


# --- words --------------------------------------------------------------------------------

#: Keywords of each form (regular expressions over the question, case-insensitive).
_WORDS = {
    "remedies": r"remed|\bfix|mitigat|improv|\baddress|\bsolv|solution|strateg|overcom|suppress|"
    r"prevent|\bavoid|protect|stabili[sz]|tackl|counter|\bcure|engineer|treat|\breduc|\blower|"
    r"widen|enhanc|boost|\bdecreas|\bcut\b|\bstop\b|\bhelp",
    "products": r"decompos|\bproduct|\breact|degrad|\bform(s|ed)? (at|when|between|with|on)|"
    r"forms? when|\binterphase|what forms|what happens|breaks? down",
    "stable": r"\bstable\b|stability against|stability with|do(es)? not react|\binert\b|"
    r"no reaction|compatib",
    "threshold": r"\babove\b|\bover\b|greater|more than|exceed|at least|higher than|\bbelow\b|"
    r"\bunder\b|less than|lower than|at most|\bbetween\b|[<>≥≤]",
    "members": r"\bmember|belong|which (solid )?electrolytes are\b|\blist\b|kinds? of|types? of|"
    r"examples? of|what .* are there|which .* are there|\bfamily\b|\bclass\b",
    "dopants": r"dopant|doping|doped|substitut|\bdope",
    "techniques": r"techniqu|\bmethod|characteri[sz]|observ|measur|\bprobe|studied|examin|"
    r"analy[sz]|\binvestigat|\bimag",
    "compare": r"compar|versus|\bvs\.?(?!\w)|differ|side by side|contrast",
    "references": r"referenc|\bsource|\bcite|citation|\bpaper|who report|literature|"
    r"evidence for|publication|\bstud(y|ies)\b|\bbibtex",
    "derived": r"monroe|modulus criterion|\bat risk\b|\brisks?\b|\bleak|pure(ly)? ionic|"
    r"orders? of magnitude|experiment\w* (and|vs\.?|versus) \w*\s*(predict|theor|comput|calcul)|"
    r"(predict|theor|comput|calcul)\w* (and|vs\.?|versus) \w*\s*(experiment|measur)|"
    r"\bagree|\bconsistent|disagree|discrepan|conflict|inconsisten|contradict|"
    r"derived (interphase|type)",
}


def _wordset(text: str) -> frozenset[str]:
    """A set of words written as one space-separated string."""
    return frozenset(text.split())


#: Words the forms are recognised by, for correcting small typos in them ("remedys", "stabel").
_VOCABULARY = sorted(
    _wordset(
        "remedy remedies mitigate mitigation improve improved address addressed solve solution "
        "solutions strategy strategies overcome suppress prevent protect stabilise stabilize "
        "engineering treatment reduce lower widen enhance decompose decomposes decomposition "
        "product products react reacts reaction degrade degradation interphase stable stability "
        "compatible inert above greater exceed exceeds higher below under least member members "
        "belong belongs dopant dopants doping doped substitution substitutions technique "
        "techniques method methods characterise characterize characterized characterised "
        "observe observed measure measured probe probed studied examine examined analyse "
        "analyze analysed analyzed investigated compare comparison versus differ difference "
        "contrast reference references source sources citation citations paper papers "
        "literature publication publications conduct conducts conductivity temperature "
        "electrolyte electrolytes interface"
    )
)
_LITHIUM = re.compile(r"\blithium\b|\bLi\b|\bLi-(?:ion|metal)", re.I)
_ROOM_T = re.compile(r"room[- ]temperature|\bRT\b|ambient", re.I)
_AT_T = re.compile(r"\bat\s+(-?\d+(?:\.\d+)?)\s*(°\s*C|ºC|℃|degC|deg C|C\b|K\b)", re.I)
_LIST_QUESTION = re.compile(r"^\s*(which|what|list|name|show|give|tell|find)\b", re.I)


#: Words that may follow "for", "of", "in" ... without naming anything the graph must know.
_FREE_WORDS = _wordset(
    "na li sodium lithium metal metals anode anodes cathode electrode electrolyte "
    "electrolytes solid solids state inorganic interface interfaces interphase interphases "
    "batteries battery cell cells room temperature temperatures effect effects type types "
    "kind kinds side contact facts fact family families members member compounds compound "
    "materials material properties property them these those each both literature review "
    "graph remedy remedies reference references surface use question example instance "
    "practice general total terms situ applications application purposes conditions results "
    "values measurements experiments calculations details detail interest particular order "
    "addition contrast comparison devices operation cycling air moisture ion ions based"
)
_QUALIFIER = re.compile(r"\b(?:for|of|in|on|against|with|about|into|to)\s+(?:the\s+|a\s+|an\s+)?")


def _respell(text: str, linker: Linker) -> str:
    """The question with small typos in form keywords corrected (``remedys`` -> ``remedies``).

    Only words of five or more letters that are neither keywords nor names of the graph are
    corrected, to a keyword spelled alike (same first letter, similarity of at least 0.8).
    """

    def fix(match: re.Match[str]) -> str:
        word = match.group()
        low = word.lower()
        if len(low) < 5 or low in _VOCABULARY or linker.lookup(word, fuzzy=False):
            return word
        close = [
            c
            for c in difflib.get_close_matches(low, _VOCABULARY, n=3, cutoff=0.8)
            if c[0] == low[0]
        ]
        return close[0] if close else word

    return re.sub(r"[A-Za-z]+", fix, text)


def _mask_names(text: str, mentions: list[Mention]) -> str:
    """The text with names of several words blanked out, so that their words are no keywords.

    "mixed conducting interphase" names an interphase type; its "interphase" does not ask for
    the products form, nor does the "decomposition" of "interface decomposition". One-word
    names ("stable", "doping") keep their keyword meaning.
    """
    chars = list(text)
    for m in mentions:
        if " " in text[m.start : m.end].strip():
            chars[m.start : m.end] = " " * (m.end - m.start)
    return "".join(chars)


def _position(words: str, form: str) -> int | None:
    """Where the first keyword of ``form`` appears in ``words``, or ``None``."""
    match = re.search(_WORDS[form], words, re.I)
    return match.start() if match else None


# --- numbers and units ----------------------------------------------------------------------


def _unit_key(text: str) -> str:
    text = (
        unicodedata.normalize("NFKC", text)
        .replace("−", "-")
        .replace("Ω", "ohm")
        .replace("Ω", "ohm")
    )
    text = text.replace("µ", "u").replace("μ", "u").replace(" ", "").replace("·", "")
    text = re.sub(r"(cm|m)-1\b", r"/\1", text)
    text = re.sub(r"(cm|m)-2\b", r"/\g<1>2", text)
    text = text.replace("^", "")
    return text.lower()


def _units(graph: Graph) -> dict[str, URIRef]:
    index: dict[str, URIRef] = {}
    for unit in graph.subjects(RDF.type, QUDT.Unit):
        if not isinstance(unit, URIRef):
            continue
        for prop in (QUDT.symbol, SKOS.altLabel, RDFS.label):
            for name in graph.objects(unit, prop):
                key = _unit_key(str(name))
                if key and key not in index:
                    index[key] = unit
    return index


def _si(graph: Graph, value: Decimal, unit: URIRef) -> float:
    mult = graph.value(unit, QUDT.conversionMultiplier)
    off = graph.value(unit, QUDT.conversionOffset)
    m = float(mult.toPython()) if isinstance(mult, Literal) else 1.0
    o = float(off.toPython()) if isinstance(off, Literal) else 0.0
    return float(value) * m + o


_NUMBER = (
    r"(?<![\w.^])(10\s*\^\s*[+-]?\d+"
    r"|\d+(?:\.\d+)?(?:\s*[x×*]\s*10\s*\^?\s*[+-]?\d+|[eE][+-]?\d+)?)"
)


def _quantities(graph: Graph, text: str) -> list[tuple[Decimal, URIRef, str, int]]:
    """Every number followed by a known unit (``1 mS/cm``, ``1e-3 S cm-1``), with its offset.

    In a range written with one unit (``between 1 and 2 mS/cm``, ``1-2 mS/cm``) the first
    number takes the unit of the second.
    """
    units = _units(graph)
    norm = unicodedata.normalize("NFKC", text).replace("−", "-")
    found: list[tuple[Decimal, URIRef, str, int]] = []
    pending: list[tuple[Decimal, int]] = []
    for match in re.finditer(_NUMBER, norm):
        try:
            number = _decimal(match.group(1))
        except ArithmeticError:  # 1e999999999: beyond any double, no limit anyone means
            continue
        words = norm[match.end() :].strip().split()
        for width in (3, 2, 1):
            written = " ".join(words[:width]).rstrip("?.,;!")
            candidate = _unit_key(written)
            if candidate in units:
                found += [(n, units[candidate], written, at) for n, at in pending]
                found.append((number, units[candidate], written, match.start()))
                pending = []
                break
        else:
            rest = norm[match.end() :]
            pending = [(number, match.start())] if re.match(r"\s*(and|to|-|–)\s*\d", rest) else []
    return found


def _decimal(number: str) -> Decimal:
    """A typed number as a decimal: ``1.4 × 10^-2``, ``10^-3``, ``1e-3``, ``0.001``.

    Raises:
        ArithmeticError: for a number beyond the range of a double (``1e999999999``).
    """
    number = number.replace(" ", "")
    m = re.fullmatch(r"(\d+(?:\.\d+)?)?[x×*]?10\^?([+-]?\d+)", number)
    if m and ("^" in number or re.search(r"[x×*]", number)):
        if len(m.group(2).lstrip("+-")) > 6:  # int() refuses 4300 digits; no unit needs 7
            raise InvalidOperation(number)
        value = Decimal(m.group(1) or "1") * (Decimal(10) ** int(m.group(2)))
    else:
        value = Decimal(number)
    if value and not -400 < value.adjusted() < 400:
        raise InvalidOperation(number)
    return value


def _bare_number(text: str) -> bool:
    """Whether the question holds a number (a limit given without a unit)."""
    return re.search(_NUMBER, unicodedata.normalize("NFKC", text)) is not None


# --- interpretation ---------------------------------------------------------------------------


def _pick(mentions: Iterable[Mention], *kinds: str) -> list[Entity]:
    seen: list[Entity] = []
    for kind in kinds:
        for m in mentions:
            if m.entity.kind == kind and m.entity not in seen:
                seen.append(m.entity)
    return seen


def _first(mentions: list[Mention], *kinds: str) -> Entity | None:
    found = _pick(mentions, *kinds)
    return found[0] if found else None


def _label(graph: Graph, iri: Node) -> str:
    label = graph.value(iri, RDFS.label)
    return str(label) if label is not None else str(iri).rsplit("/", 1)[-1].split("#")[-1]


def _tokens(text: str) -> set[str]:
    """Content words of a text as matching keys (``Na₃SbS₄`` -> ``na3sbs4``)."""
    out = set()
    for word in re.findall(r"[^\s/|,;:?!()\"]+", text):
        key = normalize(word)
        if len(key) >= 3 and key not in _GENERIC:
            out.add(key)
    return out


_GENERIC = _wordset(
    "the and for with between what which how are was were from that this into onto about "
    "facts support supports report reports references reference sources source papers paper "
    "citations literature remedy remedies"
)


@dataclass
class _Context:
    """Everything the form rules look at: the text, its keywords, mentions and the graph."""

    text: str
    words: str
    linker: Linker
    mentions: list[Mention]
    root: Path | str | None

    @property
    def graph(self) -> Graph:
        return self.linker.graph

    def entities(self, *kinds: str) -> list[Entity]:
        return _pick(self.mentions, *kinds)

    def shares_span(self, entity: Entity, kind: str) -> bool:
        """Whether the words that named ``entity`` also name an entity of ``kind``."""
        spans = {(m.start, m.end) for m in self.mentions if m.entity == entity}
        return any(m.entity.kind == kind and (m.start, m.end) in spans for m in self.mentions)

    def electrolytes(self) -> list[Entity]:
        return self.entities("electrolyte")

    def families(self) -> list[Entity]:
        return self.entities("family")

    def own_electrolytes(self) -> list[Entity]:
        """Electrolytes named by words that name no family too (``NZSP``, not ``NASICON``)."""
        return [e for e in self.electrolytes() if not self.shares_span(e, "family")]

    def target(self) -> Entity | None:
        """What a list is about: an electrolyte named as such, else a family, else any electrolyte.

        ``NASICON`` names both the family and Na3Zr2Si2PO12; the family wins, so that the answer
        is the same as for the family's other names.
        """
        own = self.own_electrolytes()
        if own:
            return own[0]
        families = self.families()
        if families:
            return families[0]
        electrolytes = self.electrolytes()
        return electrolytes[0] if electrolytes else None

    def system(self, entity: Entity | None) -> URIRef:
        """The chemical system: the named electrolyte's own, else the words (sodium unless Li)."""
        if entity is not None:
            found = self.graph.value(entity.iri, NAIF.chemicalSystem)
            if isinstance(found, URIRef):
                return found
        return NAIF.LithiumSystem if _LITHIUM.search(self.text) else NAIF.SodiumSystem

    def cq(self, form: str) -> CompetencyQuestion:
        return find_question(_CQ[form], self.root)

    def interpretation(
        self, form: str, bindings: dict[str, Identifier], text: str
    ) -> Interpretation:
        """The interpretation of this question as ``form``, run through the form's question."""
        return Interpretation(form, self.cq(form), bindings, text)


_Rule = Callable[[_Context], "Interpretation | str | None"]


def interpret(question: str, linker: Linker, *, root: Path | str | None = None) -> Interpretation:
    """Map a question onto a form and the bindings of its competency question.

    Raises:
        NotUnderstood: with the supported forms and the closest known names.

    Example:
        >>> from kg.load import load_graph
        >>> i = interpret("which remedies address MCI for chalcogenides", Linker(load_graph()))
        >>> i.form, i.question.name
        ('remedies', 'cq-02-remedies-for-problem')
    """
    text = " ".join(question.split())
    if not text:
        raise NotUnderstood(_help(linker, text, [], "the question is empty"))
    mentions = linker.mentions(text)
    context = _Context(text, _respell(_mask_names(text, mentions), linker), linker, mentions, root)
    unknown = _unknown_names(context)
    if unknown:
        raise NotUnderstood(_help(linker, text, mentions, unknown))
    positions = {form: _position(context.words, form) for form in _WORDS}
    keyed = sorted((p, f) for f, p in positions.items() if p is not None)
    # the earliest keyword whose form can be answered wins; a form that is clearly asked for but
    # lacks something (a second electrolyte, a unit) stops the search with that reason; forms
    # asked without keywords (a property, a family alone) come last
    rules: list[_Rule] = [_RULES[f] for _, f in keyed]
    rules += [_property_rule, _members_fallback, _stable_by_type]
    # a question about the rules' verdicts needs no name ("which satisfy the Monroe criterion")
    relevant = bool(mentions) or bool(_quantities(linker.graph, text))
    relevant = relevant or positions["derived"] is not None
    reason = "" if relevant else "it names nothing the graph knows"
    for rule in rules if relevant else ():
        outcome = rule(context)
        if isinstance(outcome, Interpretation):
            return outcome
        if isinstance(outcome, str):
            reason = outcome
            break
    reason = reason or "it matches none of the supported forms"
    raise NotUnderstood(_help(linker, text, mentions, reason))


def _unknown_names(context: _Context) -> str | None:
    """A reason to refuse the question when it names a compound or a qualifier the graph lacks.

    A formula the graph does not hold (``Na3SbS5``) is never replaced by a similar one, and a
    word after "for", "of", "in" ... that names nothing known (``for oxides``) is not silently
    dropped: either would give a confident answer to another question.
    """
    covered = [(m.start, m.end) for m in context.mentions]

    def free(start: int, end: int) -> bool:
        return not any(s <= start and end <= e for s, e in covered)

    for match in re.finditer(r"[^\s/|,;?!()\"'{}<>\[\]=]+", context.text):
        word = match.group().strip(".:'’")
        start = match.start() + match.group().index(word) if word else match.start()
        if not word or not free(start, start + len(word)):
            continue
        if _typed_formula(word) or (
            re.search(r"\d", word)
            and re.search(r"[A-Za-z]", word)
            and context.linker.suggestions(word, n=1, cutoff=0.85)
        ):
            return f"it names the compound '{word}', which the graph does not hold"
    for match in _QUALIFIER.finditer(context.text):
        rest = context.text[match.end() :]
        word_match = re.match(r"[A-Za-z][\w'\-]*", rest)
        if word_match is None:
            continue
        word = word_match.group().strip("'-")
        start = match.end()
        if len(word) < 3 or not free(start, start + len(word)) or formula_like(word):
            continue
        parts = [p for p in word.lower().split("-") if p]
        if all(_common(p) or context.linker.lookup(p, fuzzy=False) for p in parts):
            continue
        # a name rather than a plain word: capitalised, plural, or spelled like a known name
        if (
            word[0].isupper()
            or word.lower().endswith("s")
            or context.linker.suggestions(word, n=1, cutoff=0.75)
        ):
            return f"'{word}' names nothing the graph knows"
    return None


def _common(word: str) -> bool:
    """A word that may follow "for", "of", "in" ... without naming anything of the graph."""
    return (
        word in _FREE_WORDS
        or word in _VOCABULARY
        or word in _GENERIC
        or word in _STOPWORDS
        or _is_keyword(word)
    )


_STOPWORDS = _wordset(
    "what which whom who it its them their this that these all any each some such other "
    "others more most less least than then there here how why when where whether not no yes "
    "and or but if so very much many one two same different reported known used given made "
    "stated shown listed named"
)


def _is_keyword(word: str) -> bool:
    return any(re.search(pattern, word, re.I) for pattern in _WORDS.values())


def _typed_formula(word: str) -> bool:
    """A word written like a formula of element symbols with counts (``Na3SbS5``, ``Li2O``)."""
    word = unicodedata.normalize("NFKC", word).strip(".")
    match = re.fullmatch(r"(?:\d+(?:\.\d+)?)?((?:[A-Z][a-z]?(?:\d+(?:\.\d+)?)?)+)", word)
    if match is None or not re.search(r"\d", word):
        return False
    return formula_like(word) and len(re.findall(r"[A-Z]", word)) >= 2


# --- the form rules -------------------------------------------------------------------------


def _problem_for(context: _Context) -> Entity | None:
    """The problem or interphase type named, else the problem of a named property.

    A property (``wettability``, ``interfacial resistance``) stands for the problems related to
    it; the one sharing most words with the question wins, then the one tied to the fewest
    properties (the most specific), then the one most remedies address.
    """
    problem = _first(context.mentions, "problem", "interphase-type")
    if problem is not None:
        return problem
    prop = _first(context.mentions, "property")
    if prop is None:
        return None
    graph = context.graph
    words = _tokens(context.text) | {normalize(w) for w in re.findall(r"\w+", context.text)}
    scored = []
    for p in graph.subjects(SKOS.related, prop.iri):
        if (p, RDF.type, NAIF.InterfaceProblem) not in graph or not isinstance(p, URIRef):
            continue
        names = [graph.value(p, RDFS.label), *graph.objects(p, SKOS.altLabel)]
        overlap = max(
            len({normalize(w) for w in str(n).split()} & words) for n in names if n is not None
        )
        related = len(set(graph.objects(p, SKOS.related)))
        remedies = len(set(graph.subjects(NAIF.addresses, p)))
        scored.append((-overlap, related, -remedies, str(p), p))
    if not scored:
        return None
    best = min(scored)[-1]
    return Entity(best, "problem", _label(graph, best))


def _remedies_rule(context: _Context) -> Interpretation | str | None:
    problem = _problem_for(context)
    target = context.target()
    if problem is None or problem.iri == NAIF.StableInterface:
        if target is None:
            return None
        graph = context.graph
        problems = sorted(
            {
                _label(graph, p)
                for r in graph.subjects(NAIF.appliedTo, None)
                for a in graph.objects(r, NAIF.appliedTo)
                if a == target.iri or _in_family(context, a, target.iri)
                for p in graph.objects(r, NAIF.addresses)
            }
        )
        return (
            f"say which problem the remedies for {target.label} should address "
            f"(problems addressed for it: {', '.join(problems) or 'none recorded'})"
        )
    system = context.system(target)
    where = target.iri if target else NAIF.Material
    return context.interpretation(
        "remedies",
        {"problem": problem.iri, "target": where, "system": system},
        f"remedies that address {problem.label}"
        + (f" for {target.label}" if target else "")
        + f" ({_system_word(system)})",
    )


def _compare_rule(context: _Context) -> Interpretation | str | None:
    electrolytes = context.electrolytes()
    if len(electrolytes) < 2:
        named = ", ".join(e.label for e in electrolytes) or "none"
        return f"a comparison needs two electrolytes (found: {named})"
    a, b = electrolytes[:2]
    return context.interpretation(
        "compare",
        {"first": a.iri, "second": b.iri},
        f"compare {a.label} with {b.label}",
    )


def _references_rule(context: _Context) -> Interpretation | str | None:
    remedy = _described_remedy(context)
    if isinstance(remedy, str):
        return remedy
    entity = (
        remedy
        or _first(context.mentions, "remedy")
        or context.target()
        or _first(
            context.mentions,
            "problem",
            "interphase-type",
            "remedy-kind",
            "material",
            "method",
            "property",
        )
    )
    if entity is None:
        return "say which electrolyte, family, remedy or problem the references are about"
    system = context.system(None)
    return context.interpretation(
        "references",
        {"entity": entity.iri, "system": system},
        f"references supporting {_system_word(system)} facts about {entity.label}",
    )


def _described_remedy(context: _Context) -> Entity | str | None:
    """The one remedy application a question describes, if it describes one.

    Each remedy scores on what the question names: its kind (3, or 1 for a broader kind), the
    material it uses (3), what it was applied to (2, also through a family) and each word of
    its label (1). A remedy needs 4 points, and its kind, material or two label words among
    them; a tie between the best two is reported rather than guessed.
    """
    graph = context.graph
    named = {m.entity.iri for m in context.mentions}
    words = _tokens(context.text)
    scored: list[tuple[int, str, URIRef]] = []
    for remedy in context.linker.entities("remedy"):
        kinds = {k for k in graph.objects(remedy.iri, RDF.type) if isinstance(k, URIRef)}
        broader = set().union(*(context.linker.broader(k) for k in kinds)) if kinds else set()
        broader.discard(NAIF.RemedyApplication)
        score, strong = 0, 0
        if kinds & named:
            score, strong = score + 3, strong + 1
        elif broader & named:
            score += 1
        if set(graph.objects(remedy.iri, NAIF.usesMaterial)) & named:
            score, strong = score + 3, strong + 1
        applied = set(graph.objects(remedy.iri, NAIF.appliedTo))
        families = {
            c
            for a in applied
            for t in graph.objects(a, RDF.type)
            if isinstance(t, URIRef)
            for c in {t, *context.linker.broader(t)}
        }
        if (applied | families) & named:
            score += 2
        label_words = _tokens(remedy.label) & words
        score += len(label_words)
        if len(label_words) >= 2:
            strong += 1
        if score >= 4 and strong:
            scored.append((score, remedy.label, remedy.iri))
    if not scored:
        return None
    scored.sort(key=lambda s: (-s[0], s[1]))
    if len(scored) > 1 and scored[1][0] == scored[0][0]:
        tied = "; ".join(label for score, label, _ in scored if score == scored[0][0])
        return f"it could mean several remedies ({tied}): name one"
    return Entity(scored[0][2], "remedy", scored[0][1])


def _dopants_rule(context: _Context) -> Interpretation | str | None:
    electrolytes = context.electrolytes()
    if not electrolytes:
        families = context.families()
        if families:
            hosts = _hosts_in(context, families[0])
            return (
                f"substitutions are listed per host electrolyte; {families[0].label} hosts "
                f"with reported dopants: {', '.join(hosts) or 'none'}"
            )
        return None
    host = electrolytes[0]
    return context.interpretation(
        "dopants",
        {"host": host.iri},
        f"substitutions and dopants of {host.label}",
    )


def _threshold_rule(context: _Context) -> Interpretation | str | None:
    quantities = _quantities(context.graph, context.text)
    if not quantities:
        if _bare_number(context.text) and _first(context.mentions, "property") is not None:
            return "give the limit with its unit (for example 1 mS/cm or 1e-3 S/cm)"
        return None
    return _threshold(context, quantities)


def _products_rule(context: _Context) -> Interpretation | str | None:
    electrolytes = context.electrolytes()
    if not electrolytes:
        return _per_electrolyte(context, "what forms at the Na interface")
    e = electrolytes[0]
    return context.interpretation(
        "products",
        {"electrolyte": e.iri},
        f"products and interphase at the Na | {e.label} interface",
    )


def _techniques_rule(context: _Context) -> Interpretation | str | None:
    electrolytes = context.electrolytes()
    if not electrolytes:
        return _per_electrolyte(context, "the techniques used at the Na interface")
    if _first(context.mentions, "property") is not None and not re.search(
        r"interface|interphase|[/|]", context.text, re.I
    ):
        return None  # "how was the ionic conductivity of X measured": the property form
    e = electrolytes[0]
    return context.interpretation(
        "techniques",
        {"electrolyte": e.iri},
        f"techniques used on the Na | {e.label} interface",
    )


_COUNTERPART = re.compile(
    r"\b(?:against|with|towards?|in|to|vs\.?|versus)\s+(?:the\s+|a\s+|an\s+)?([^\s,;?!]+)", re.I
)
_METAL_WORDS = _wordset("na li sodium lithium metal metals anode anodes electrode")


def _stable_rule(context: _Context) -> Interpretation | str | None:
    position = _position(context.words, "stable")
    after = context.text[position or 0 :]
    counterpart = _COUNTERPART.search(after)
    if counterpart is not None:
        word = counterpart.group(1).strip(".'\"").lower()
        start = len(context.text) - len(after) + counterpart.start(1)
        metals = {NAD.Na, NAD.Li, _element(context, "Na"), _element(context, "Li")}
        linked = {m.entity.iri for m in context.mentions if m.start <= start < m.end}
        if word not in _METAL_WORDS and not linked & metals:
            return "kg ask answers stability against Na (or Li) metal only"
    electrolytes = context.electrolytes()
    families = context.families()
    single = electrolytes and (not families or not _LIST_QUESTION.search(context.text))
    if single:
        e = electrolytes[0]
        return context.interpretation(
            "products",
            {"electrolyte": e.iri},
            f"what forms at the Na | {e.label} interface (stability)",
        )
    system = NAIF.LithiumSystem if _LITHIUM.search(context.text) else NAIF.SodiumSystem
    bindings: dict[str, Identifier] = {"system": system}
    words = f"electrolytes reported stable against {_metal(system)} metal"
    if families:
        bindings[WITHIN] = families[0].iri
        words = f"{families[0].label} electrolytes reported stable against {_metal(system)} metal"
    return context.interpretation("stable", bindings, words)


def _element(context: _Context, symbol: str) -> URIRef | None:
    """The chemical element with ``symbol``, as linked by the graph."""
    found = context.linker.lookup(symbol, fuzzy=False, kinds=["element"])
    return found[0].iri if found else None


def _stable_by_type(context: _Context) -> Interpretation | str | None:
    """The stable form, asked by the interphase type ("which form a Type I interface")."""
    if _first(context.mentions, "interphase-type") == Entity(
        NAIF.StableInterface, "interphase-type", _label(context.graph, NAIF.StableInterface)
    ):
        return _stable_rule(context)
    return None


def _members_rule(context: _Context) -> Interpretation | str | None:
    families = context.families()
    if not families:
        return None
    f = families[0]
    system = context.system(None)
    return context.interpretation(
        "members",
        {"family": f.iri, "system": system},
        f"{_system_word(system)} members of the {f.label} family",
    )


def _members_fallback(context: _Context) -> Interpretation | str | None:
    """A family named with nothing else asked about it: list its members."""
    if context.own_electrolytes() or _first(context.mentions, "property", "problem"):
        return None
    return _members_rule(context)


def _property_rule(context: _Context) -> Interpretation | str | None:
    prop = _first(context.mentions, "property")
    if prop is None:
        return None
    own = context.own_electrolytes()
    electrolytes = own or context.electrolytes()
    families = context.families()
    if electrolytes and not (
        families
        and not own
        and _LIST_QUESTION.search(context.text)
        and re.search(r"\b(all|each|every|members?)\b", context.text, re.I)
    ):
        e = electrolytes[0]
        return context.interpretation(
            "property",
            {"material": e.iri, "property": prop.iri},
            f"{prop.label} of {e.label}",
        )
    if families:
        return _family_values(context, prop, families[0])
    return None


def _family_values(context: _Context, prop: Entity, family: Entity) -> Interpretation | str:
    """Every value of a property reported for the members of a family (CQ-04 without limits)."""
    if not _members_with(context, family, NAIF.propertyKind, prop.iri, numeric=True):
        named = _members_with(context, family, NAIF.propertyKind, prop.iri)
        return (
            f"{prop.label} values are given per electrolyte; {family.label} electrolytes with "
            f"one: {', '.join(named) or 'none'}"
        )
    system = context.system(None)
    bindings: dict[str, Identifier] = {
        "property": prop.iri,
        "minimum": Literal(-1e300, datatype=XSD.double),
        "maximum": Literal(1e300, datatype=XSD.double),
        "system": system,
        "tmin": Literal(0.0, datatype=XSD.double),
        "tmax": Literal(1e6, datatype=XSD.double),
        "unstated": Literal(True),
        WITHIN: family.iri,
    }
    return context.interpretation(
        "threshold",
        bindings,
        f"every {prop.label} value reported for {_system_word(system)} members of the "
        f"{family.label} family (any temperature)",
    )


#: Question words that pick a rule of ``queries/rules/`` (checked in this order).
_RULE_WORDS = (
    ("monroe-criterion", r"monroe|modulus criterion"),
    ("electronic-leakage", r"\bleak|pure(ly)? ionic|orders? of magnitude"),
    ("reducible-element-risk", r"\bat risk\b|\brisks?\b"),
    (
        "window-discrepancy",
        r"experiment\w*\b.*\b(predict|theor|comput|calcul)|"
        r"(predict|theor|comput|calcul)\w*\b.*\b(experiment|measur)|\bwindows?\b",
    ),
    ("conflicting-values", r"\bvalues?\b|conflict|inconsisten|contradict"),
    ("interphase-type", r"interphase|\btypes?\b"),
    ("window-discrepancy", r"."),
)
_NEGATED = r"\b(not|n't|fail\w*|violat\w*|miss\w*|short of|below|under|break\w*)\b"


def _derived_rule(context: _Context) -> Interpretation | str | None:
    """Questions answered from the rules' verdicts (cq-48 on the curated + derived graph)."""
    words = context.text.lower()
    rule = next(name for name, pattern in _RULE_WORDS if re.search(pattern, words))
    negated = re.search(_NEGATED, words) is not None
    if rule == "monroe-criterion":
        undecided = re.search(r"undetermin|straddl|borderline|unclear|open|undecided", words)
        outcome = "Undetermined" if undecided else "Violated" if negated else "Satisfied"
        what = f"{outcome.lower()} the Monroe criterion (shear modulus at least 2 x G(Na))"
    elif rule == "electronic-leakage":
        leaks = re.search(r"\bleak", words) and not re.search(r"\bno\s+\w*\s*leak", words)
        outcome = "Violated" if bool(leaks) != negated else "Satisfied"
        what = (
            "electronic conductivity within four orders of magnitude of the ionic one"
            if outcome == "Violated"
            else "pure ionic conductors (electronic conductivity four orders below)"
        )
    elif rule == "reducible-element-risk":
        if re.search(
            r"borne out|despite|nevertheless|anyway|but (is|are) (stable|passivat)", words
        ):
            outcome, what = "RiskNotBorneOut", "at risk by composition, yet reported stable"
        elif negated or re.search(r"\bsafe|free of", words):
            outcome, what = "NotAtRisk", "free of elements Na reduces"
        else:
            outcome, what = (
                "AtRisk",
                "at risk of a mixed conducting interphase (reducible elements)",
            )
    else:
        agree = re.search(r"\bagree|consistent|\bmatch", words) and not re.search(
            r"disagree|inconsistent|mismatch|conflict|contradict|discrepan|differ", words
        )
        outcome = "Agrees" if agree else "Disagrees"
        what = {
            "conflicting-values": "values of one property reported in conflict",
            "interphase-type": "interphase type derived from the products vs the type stated",
            "window-discrepancy": "experimental vs predicted stability windows",
        }[rule] + (" agree" if agree else " disagree")
    bindings: dict[str, Identifier] = {"rule": RULE[rule], "outcome": NAIF[outcome]}
    target = context.target()
    if target is not None and context.own_electrolytes():
        # about one electrolyte ("is Na3PS4 at risk ..."): its verdict, whichever it is
        del bindings["outcome"]
        what = f"the verdict of rule {rule} on {target.label}"
    if target is not None:
        bindings[WITHIN] = target.iri
        what += "" if "outcome" not in bindings else f", within {target.label}"
    return context.interpretation("derived", bindings, f"{what} [rule {rule}]")


_RULES: dict[str, _Rule] = {
    "remedies": _remedies_rule,
    "compare": _compare_rule,
    "references": _references_rule,
    "dopants": _dopants_rule,
    "threshold": _threshold_rule,
    "products": _products_rule,
    "techniques": _techniques_rule,
    "stable": _stable_rule,
    "members": _members_rule,
    "derived": _derived_rule,
}


def _members_with(
    context: _Context, family: Entity, prop: URIRef, value: URIRef, *, numeric: bool = False
) -> list[str]:
    """Labels of the family's electrolytes with a measurement of ``value`` (a property kind)."""
    graph = context.graph
    out = set()
    for m in graph.subjects(prop, value):
        if numeric and graph.value(m, QUDT.numericValue) is None:
            continue
        material = graph.value(m, NAIF.ofMaterial)
        if material is not None and _in_family(context, material, family.iri):
            out.add(_label(graph, material))
    return sorted(out)


def _in_family(context: _Context, node: Node, family: URIRef) -> bool:
    for cls in context.graph.objects(node, RDF.type):
        if isinstance(cls, URIRef) and (cls == family or family in context.linker.broader(cls)):
            return True
    return False


def _hosts_in(context: _Context, family: Entity) -> list[str]:
    graph = context.graph
    hosts = {
        host
        for derived in graph.subjects(NAIF.hasSubstitution, None)
        for host in graph.objects(derived, NAIF.derivedFrom)
    }
    return sorted(_label(graph, h) for h in hosts if _in_family(context, h, family.iri))


def _per_electrolyte(context: _Context, what: str) -> str | None:
    """The reason given when a family or nothing is named where one electrolyte is needed."""
    graph = context.graph
    with_interface = sorted(
        {
            e
            for i in graph.subjects(NAIF.hasElectrode, NAD.Na)
            for e in graph.objects(i, NAIF.hasElectrolyte)
        },
        key=str,
    )
    families = context.families()
    if families:
        names = [
            _label(graph, e) for e in with_interface if _in_family(context, e, families[0].iri)
        ]
        return (
            f"{what} is recorded per electrolyte; {families[0].label} electrolytes with a Na "
            f"interface in the graph: {', '.join(names) or 'none'}"
        )
    if context.mentions:
        names = [_label(graph, e) for e in with_interface]
        return f"{what} is recorded per electrolyte; name one of: {', '.join(names)}"
    return None


def _system_word(system: Identifier) -> str:
    return "lithium" if system == NAIF.LithiumSystem else "sodium"


def _metal(system: Identifier) -> str:
    return "Li" if system == NAIF.LithiumSystem else "Na"


def _number_text(value: Decimal) -> str:
    """A limit as typed back to the user: ``1``, ``0.001``, ``1e-09``."""
    if value == value.to_integral_value() and abs(value) < 10**6:
        return str(int(value))
    if Decimal("1e-4") <= abs(value) < 10**6:
        return format(value.normalize(), "f")
    return f"{float(value):g}"


def _threshold(
    context: _Context, quantities: list[tuple[Decimal, URIRef, str, int]]
) -> Interpretation | str:
    """CQ-04 bindings from a limit (or two, for "between"), a property, a temperature and a system.

    Limits are converted to SI with the unit's QUDT multiplier; "above", "over", "more than",
    "exceeding" are strict, "at least" and "≥" are not (ties are decided with a relative
    tolerance of 1e-9, which also absorbs floating-point noise in the conversion).
    """
    graph, text = context.graph, context.text
    value, unit, unit_text, offset = quantities[0]
    prop = _first(context.mentions, "property")
    if prop is None:
        allowed = sorted(graph.subjects(NAIF.allowedUnit, unit), key=str)
        if re.search(r"electron", text, re.I):
            allowed = [p for p in allowed if p == NAIF.ElectronicConductivity] or allowed
        elif re.search(r"conduct", text, re.I):
            allowed = [p for p in allowed if p == NAIF.IonicConductivity] or allowed
        if len(allowed) != 1:
            return f"say which property the {unit_text} limit is for"
        prop = Entity(allowed[0], "property", _label(graph, allowed[0]))  # type: ignore[arg-type]
    if (prop.iri, NAIF.allowedUnit, unit) not in graph:
        return f"{unit_text} is not a unit of {prop.label}"
    before = text[:offset]
    between = re.search(r"\bbetween\b", before, re.I)
    target = context.target()
    family = target if target is not None and target.kind == "family" else None
    system = context.system(target)
    tol = 1e-9
    if between and len(quantities) >= 2:
        hi_value, hi_unit, hi_text, _ = quantities[1]
        if (prop.iri, NAIF.allowedUnit, hi_unit) not in graph:
            return f"{hi_text} is not a unit of {prop.label}"
        low, high = sorted((_si(graph, value, unit), _si(graph, hi_value, hi_unit)))
        minimum, maximum = low * (1 - tol) if low > 0 else low, high * (1 + tol)
        bound = f"between {_number_text(value)} {unit_text} and {_number_text(hi_value)} {hi_text}"
    else:
        si = _si(graph, value, unit)
        below = re.search(r"\bbelow\b|\bunder\b|less than|lower than|at most|<|≤", before, re.I)
        inclusive = re.search(
            r"at least|at most|no (less|more) than|≥|≤|or (more|less)", before, re.I
        )
        factor = (1 + tol) if (below is None) == (inclusive is None) else (1 - tol)
        if below:
            minimum, maximum = -1e300, si * factor
            bound = "at most" if inclusive else "below"
        else:
            minimum, maximum = si * factor, 1e300
            bound = "at least" if inclusive else "above"
        bound = f"{bound} {_number_text(value)} {unit_text}"
    bindings: dict[str, Identifier] = {
        "property": prop.iri,
        "minimum": Literal(float(f"{minimum:.12g}"), datatype=XSD.double),
        "maximum": Literal(float(f"{maximum:.12g}"), datatype=XSD.double),
        "system": system,
    }
    who = f"{_system_word(system)} electrolytes"
    if family is not None:
        who = f"{_system_word(system)} {family.label} electrolytes"
    elif target is not None:
        who = target.label
    words = f"{who} with {prop.label} {bound}"
    at = _AT_T.search(text)
    if _ROOM_T.search(text):
        bindings.update(
            tmin=Literal(293.15, datatype=XSD.double), tmax=Literal(303.15, datatype=XSD.double)
        )
        bindings["unstated"] = Literal(False)
        words += " at room temperature (a stated 20-30 °C)"
    elif at and at.start() != offset:
        kelvin = at.group(2).strip().upper().endswith("K")
        t = float(at.group(1)) + (0.0 if kelvin else 273.15)
        bindings.update(
            tmin=Literal(round(t - 2.5, 2), datatype=XSD.double),
            tmax=Literal(round(t + 2.5, 2), datatype=XSD.double),
        )
        bindings["unstated"] = Literal(False)
        words += f" at {at.group(1)} {at.group(2)} (a stated temperature within 2.5 K)"
    else:
        bindings.update(
            tmin=Literal(0.0, datatype=XSD.double), tmax=Literal(1e6, datatype=XSD.double)
        )
        bindings["unstated"] = Literal(True)
        words += " at any temperature (or none stated)"
    if target is not None:
        bindings[WITHIN] = target.iri
    return context.interpretation("threshold", bindings, words)


def _help(linker: Linker, text: str, mentions: list[Mention], reason: str) -> str:
    """One line: why the question was refused, the closest names, and the supported forms."""
    covered = [(m.start, m.end) for m in mentions]
    close: set[str] = set()
    for match in re.finditer(r"[^\s/|,;?!()\"'{}<>\[\]]+", text):
        word = match.group().strip(".:'")
        if any(s <= match.start() and match.end() <= e for s, e in covered) or not word:
            continue
        if re.search(r"\d", word) and re.search(r"[A-Za-z]", word):
            close.update(linker.suggestions(word, n=3))
        elif (
            len(word) >= 4
            and word.isalpha()
            and word.lower() not in _VOCABULARY
            and word.lower() not in _STOPWORDS
            and not _is_keyword(word)
        ):
            close.update(linker.suggestions(word, n=2, cutoff=0.75))
    forms = "; ".join(f"'{example}'" for example in FORMS.values())
    hint = f" Closest names in the graph: {', '.join(sorted(close))}." if close else ""
    line = (
        f"cannot answer this question: {reason}.{hint} "
        f"Questions kg ask understands, for example: {forms}."
    )
    return " ".join(line.split())


# --- answers --------------------------------------------------------------------------------

#: For each form: the column holding the answer's entity, its label column, and detail columns.
_SHAPE = {
    "remedies": ("remedy", "remedyLabel", ["kind", "appliedToLabel"]),
    "products": ("product", "formula", ["character", "interphase", "techniques", "evidence"]),
    "property": (
        "m",
        None,
        [
            "value",
            "lower",
            "upper",
            "before",
            "after",
            "unit",
            "temperature",
            "temperatureUnit",
            "evidence",
            "where",
        ],
    ),
    "threshold": ("electrolyte", "label", ["values"]),
    "members": ("electrolyte", "label", ["formula", "familyClass", "system"]),
    "dopants": ("derived", "derivedLabel", ["dopant", "site", "amount", "affects", "direction"]),
    "techniques": ("technique", "techniqueLabel", ["observation", "interphase"]),
    "compare": (
        "m",
        None,
        [
            "property",
            "electrolyte",
            "value",
            "lower",
            "upper",
            "before",
            "after",
            "unit",
            "grade",
            "evidence",
            "where",
        ],
    ),
    "references": ("ref", "label", ["key", "number", "facts"]),
    "stable": ("electrolyte", "label", ["evidence"]),
    "derived": ("electrolyte", "label", ["outcome", "reason"]),
}


def _show(graph: Graph, term: Identifier | None) -> Any:
    if term is None:
        return None
    if isinstance(term, URIRef):
        label = graph.value(term, RDFS.label)
        return str(label) if label is not None else graph.namespace_manager.normalizeUri(term)
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, bool):
            return value
        return (
            float(value)
            if isinstance(value, Decimal)
            else (value if isinstance(value, int | float) else str(term))
        )
    return str(term)


def _name(graph: Graph, term: Node | None) -> str:
    """A term as written in a fact line: a prefixed name (with its label) or a literal."""
    if term is None:
        return "-"
    if isinstance(term, URIRef):
        short = graph.namespace_manager.normalizeUri(term)
        label = graph.value(term, RDFS.label)
        return f"{short} ({label})" if label is not None and str(label) != short else short
    if isinstance(term, Literal):
        return f'"{term}"' if term.datatype is None else str(term)
    return "[]"


def _value_text(graph: Graph, row: dict[str, Identifier | None]) -> str:
    """A measurement row as text: ``1.05e-3 S/cm at 25 °C (experimental, Table 1)``."""

    def num(key: str) -> str | None:
        term = row.get(key)
        return str(term) if term is not None else None

    unit = row.get("unit")
    symbol = str(graph.value(unit, QUDT.symbol) or "") if unit is not None else ""
    if num("value") is not None:
        text = f"{num('value')} {symbol}"
    elif num("lower") is not None:
        text = f"{num('lower')}–{num('upper')} {symbol}"
    elif num("before") is not None:
        text = f"{num('before')} → {num('after')} {symbol}"
    elif row.get("grade") is not None:
        text = str(_show(graph, row.get("grade")))
    else:
        text = "(no value)"
    if num("temperature") is not None:
        tunit = row.get("temperatureUnit")
        text += f" at {num('temperature')} {graph.value(tunit, QUDT.symbol) or ''}".rstrip()
    elif num("temperatureK") is not None:
        text += f" at {float(num('temperatureK') or 0):.2f} K"
    extras = [str(_show(graph, row.get("evidence")) or "")]
    where: Node | None = row.get("where")
    if where is None and isinstance(row.get("m"), URIRef):
        stated = graph.value(row.get("m"), NAIF.statedIn)
        where = graph.value(stated, RDFS.label) if stated is not None else None
    if where is not None:
        extras.append(str(where))
    return f"{text.strip()} ({', '.join(e for e in extras if e)})"


def _citations(numbers: str | None, refs: dict[str, tuple[str, str]]) -> list[dict[str, Any]]:
    """Citation records for a GROUP_CONCAT of reference numbers (``review`` for the review)."""
    out = []
    for token in sorted(
        {t.strip() for t in (numbers or "").split(",") if t.strip()},
        key=lambda t: (not t.isdigit(), int(t) if t.isdigit() else 0, t),
    ):
        key, label = refs.get(token, (token, token))
        out.append({"number": int(token) if token.isdigit() else None, "key": key, "label": label})
    return out


def _sources(graph: Graph, node: Identifier | None) -> list[dict[str, Any]]:
    """Citation records from a node's ``dcterms:source`` (rows without a citation column)."""
    out = []
    for ref in graph.objects(node, DCTERMS.source) if node is not None else ():
        number = graph.value(ref, NAIF.citationNumber)
        out.append(
            {
                "number": int(number.toPython()) if isinstance(number, Literal) else None,
                "key": str(graph.value(ref, NAIF.citationKey) or ref),
                "label": str(graph.value(ref, RDFS.label) or ref),
            }
        )
    return sorted(out, key=lambda c: (c["number"] is None, c["number"] or 0, c["key"]))


class _References(dict[str, tuple[str, str]]):
    """Citation number (or ``review``) -> (key, label), looked up on first use."""

    def __init__(self, graph: Graph) -> None:
        super().__init__()
        self.graph = graph

    def __missing__(self, token: str) -> tuple[str, str]:
        graph = self.graph
        if token.isdigit():
            found = graph.subjects(NAIF.citationNumber, Literal(int(token), datatype=XSD.integer))
        else:  # the review itself: the one reference without a number
            found = (
                r
                for r in graph.subjects(RDF.type, NAIF.Reference)
                if graph.value(r, NAIF.citationNumber) is None
            )
        ref = next(iter(found), None)
        if ref is None:
            raise KeyError(token)
        self[token] = (str(graph.value(ref, NAIF.citationKey)), str(graph.value(ref, RDFS.label)))
        return self[token]

    def get(self, token: str, default: Any = None) -> Any:
        try:
            return self[token]
        except KeyError:
            return default


def _references(graph: Graph) -> dict[str, tuple[str, str]]:
    """Every reference by citation number (``review`` for the review), read when needed."""
    return _References(graph)


#: Properties shown when explaining a fact node, per kind of node.
_FACT_PROPERTIES = {
    "remedy": [
        RDF.type,
        NAIF.appliedTo,
        NAIF.usesMaterial,
        NAIF.addresses,
        NAIF.hasEffect,
        NAIF.evidence,
        NAIF.chemicalSystem,
        NAIF.statedIn,
        DCTERMS.source,
    ],
    "observation": [
        NAIF.ofInterface,
        NAIF.hasDecompositionProduct,
        NAIF.interphaseType,
        NAIF.observedBy,
        NAIF.evidence,
        NAIF.chemicalSystem,
        NAIF.statedIn,
        DCTERMS.source,
    ],
    "measurement": [
        NAIF.ofMaterial,
        NAIF.propertyKind,
        QUDT.numericValue,
        NAIF.lowerBound,
        NAIF.upperBound,
        NAIF.valueBefore,
        NAIF.valueAfter,
        NAIF.qualitativeValue,
        QUDT.unit,
        NAIF.evidence,
        NAIF.method,
        NAIF.chemicalSystem,
        NAIF.statedIn,
        DCTERMS.source,
    ],
    "substitution": [
        NAIF.dopant,
        NAIF.replacesElement,
        NAIF.substitutionAmount,
        NAIF.affectsProperty,
        NAIF.effectDirection,
        DCTERMS.source,
    ],
    "electrolyte": [RDF.type, NAIF.formula, NAIF.chemicalSystem, NAIF.derivedFrom, DCTERMS.source],
    "reference": [NAIF.citationKey, NAIF.citationNumber, RDFS.label],
}


def _triples(graph: Graph, node: Node | None, kind: str) -> list[str]:
    """The facts about one node, one ``subject predicate object`` line each."""
    if node is None:
        return []
    subject = graph.namespace_manager.normalizeUri(node) if isinstance(node, URIRef) else "[]"
    lines = []
    for prop in _FACT_PROPERTIES[kind]:
        for obj in sorted(graph.objects(node, prop), key=str):
            if prop == RDF.type and obj in (NAIF.Measurement, NAIF.InterfaceObservation):
                continue
            pred = graph.namespace_manager.normalizeUri(prop)
            lines.append(f"{subject} {pred} {_name(graph, obj)}")
        if prop == NAIF.evidence and kind == "measurement":
            temp = graph.value(node, NAIF.atTemperature)
            if temp is not None:
                t, u = graph.value(temp, QUDT.numericValue), graph.value(temp, QUDT.unit)
                lines.append(
                    f"{subject} naif:atTemperature {t} {graph.value(u, QUDT.symbol) or ''}".rstrip()
                )
    comment = graph.value(node, RDFS.comment) or graph.value(node, DCTERMS.description)
    if comment is not None:
        lines.append(f'{subject} rdfs:comment "{comment}"')
    return lines


def _family_chain(graph: Graph, linker: Linker, node: Node, family: Node) -> list[str]:
    """``nad:X a naif:Sulfide; naif:Sulfide rdfs:subClassOf naif:Chalcogenide`` up to ``family``."""
    lines = []
    for cls in graph.objects(node, RDF.type):
        if not isinstance(cls, URIRef) or not (cls == family or family in linker.broader(cls)):
            continue
        step = cls
        while step != family:
            parent = next(
                (
                    p
                    for p in graph.objects(step, RDFS.subClassOf)
                    if isinstance(p, URIRef) and (p == family or family in linker.broader(p))
                ),
                None,
            )
            if parent is None:
                break
            lines.append(f"{_name(graph, step)} rdfs:subClassOf {_name(graph, parent)}")
            step = parent
        break
    return lines


def _explain(
    graph: Graph, linker: Linker, interpretation: Interpretation, row: dict[str, Identifier | None]
) -> list[str]:
    """The chain of facts behind one answer row, each a ``subject predicate object`` line."""
    form, b = interpretation.form, interpretation.bindings
    if form == "remedies":
        remedy, problem, target = row.get("remedy"), b["problem"], b["target"]
        lines = _triples(graph, remedy, "remedy")
        applied = row.get("appliedTo")
        if applied is not None and target != applied and target != NAIF.Material:
            lines += _family_chain(graph, linker, applied, target)
        for p in graph.objects(remedy, NAIF.addresses):
            if p != problem and (p, NAIF.relatedInterphaseType, problem) in graph:
                lines.append(
                    f"{_name(graph, p)} naif:relatedInterphaseType {_name(graph, problem)}"
                )
        return lines
    if form in ("products", "techniques"):
        obs = row.get("observation")
        interface = graph.value(obs, NAIF.ofInterface) if obs is not None else None
        lines = _triples(graph, obs, "observation")
        if interface is not None:
            for prop in (NAIF.hasElectrode, NAIF.hasElectrolyte):
                lines.append(
                    f"{_name(graph, interface)} {graph.namespace_manager.normalizeUri(prop)} "
                    f"{_name(graph, graph.value(interface, prop))}"
                )
        product = row.get("product")
        if product is not None:
            lines += [
                f"{_name(graph, product)} naif:electronicCharacter {_name(graph, c)}"
                for c in graph.objects(product, NAIF.electronicCharacter)
            ]
        return lines
    if form in ("property", "compare", "threshold"):
        lines = _triples(graph, row.get("m"), "measurement")
        if form == "threshold":
            si = row.get("si")
            lines.append(
                f"in SI units {si} (limits {b['minimum']} to {b['maximum']}), "
                f"temperature {row.get('temperatureK') or 'not stated'} K"
            )
            if WITHIN in b and row.get("electrolyte") is not None:
                lines += _family_chain(graph, linker, row["electrolyte"], b[WITHIN])  # type: ignore[arg-type]
        return lines
    if form == "members":
        member = row.get("electrolyte")
        return _triples(graph, member, "electrolyte") + (
            _family_chain(graph, linker, member, b["family"]) if member is not None else []
        )
    if form == "dopants":
        derived = row.get("derived")
        lines = [f"{_name(graph, derived)} naif:derivedFrom {_name(graph, b['host'])}"]
        for s in graph.objects(derived, NAIF.hasSubstitution):
            lines.append(f"{_name(graph, derived)} naif:hasSubstitution {_name(graph, s)}")
            lines += _triples(graph, s, "substitution")
        return lines
    if form == "references":
        ref = row.get("ref")
        support = (
            f"{_name(graph, ref)} is the dcterms:source of {row.get('facts')} fact(s) about "
            f"{_name(graph, b['entity'])}"
        )
        return [*_triples(graph, ref, "reference"), support]
    if form == "stable":
        e: Node | None = row.get("electrolyte")
        lines = []
        for found in graph.subjects(NAIF.hasElectrolyte, e):
            for seen in graph.subjects(NAIF.ofInterface, found):
                stable = (seen, NAIF.interphaseType, NAIF.StableInterface) in graph
                if stable and (seen, NAIF.evidence, row.get("evidence")) in graph:
                    lines += _triples(graph, seen, "observation")
                    lines.append(f"{_name(graph, found)} naif:hasElectrolyte {_name(graph, e)}")
        if WITHIN in b and e is not None:
            lines += _family_chain(graph, linker, e, b[WITHIN])
        return lines
    if form == "derived":
        subject, outcome = row.get("electrolyte"), row.get("outcome")
        lines = []
        for inference in graph.subjects(NAIF.concerns, subject):
            if (inference, NAIF.byRule, b["rule"]) not in graph or (
                inference,
                NAIF.outcome,
                outcome,
            ) not in graph:
                continue
            reason = graph.value(inference, RDFS.comment)
            lines.append(f"{_name(graph, subject)} {_name(graph, outcome)}: {reason}")
            for fact in sorted(graph.objects(inference, PROV.wasDerivedFrom), key=str):
                lines.append(f"  rests on {_name(graph, fact)}")
        return lines
    return []  # pragma: no cover - every form is handled above


@dataclass(frozen=True)
class Plan:
    """A question understood, and the graph its query runs on (see :func:`plan`)."""

    interpretation: Interpretation
    graph: Any
    linker: Linker


def plan(
    question: str,
    graph: Graph,
    *,
    root: Path | str | None = None,
    linker: Linker | None = None,
    inferred: bool | None = None,
) -> Plan:
    """Understand ``question`` and get its graph ready (the rules run here if it needs them).

    The first half of :func:`ask`: the command line plans before its time limit starts, so
    that building the derived statements does not count as query time.

    Raises:
        NotUnderstood: when the question cannot be mapped.
        UsageError: a question about the rules' verdicts with ``inferred=False``.

    Example:
        >>> from kg.load import load_graph
        >>> planned = plan("which remedies address MCI for chalcogenides", load_graph())
        >>> planned.interpretation.question.name
        'cq-02-remedies-for-problem'
    """
    linker = linker or Linker(graph)
    interpretation = interpret(question, linker, root=root)
    needs_inferred = interpretation.question.graph == "inferred"
    if needs_inferred and inferred is False:
        raise UsageError(
            f"'{question}' is answered from the rules' derived statements: drop --asserted"
        )
    if inferred or needs_inferred:
        if hasattr(graph, "with_inferred"):  # a compiled store (kg.storegraph.StoreGraph)
            graph = graph.with_inferred()
        else:
            from kg.rules import with_inferred

            graph = with_inferred(graph, root=root)
    return Plan(interpretation=interpretation, graph=graph, linker=linker)


def ask(
    question: str,
    graph: Graph,
    *,
    root: Path | str | None = None,
    linker: Linker | None = None,
    inferred: bool | None = None,
    run_query: Callable[[str, dict[str, Identifier], str], QueryResult] | None = None,
    planned: Plan | None = None,
) -> AskResult:
    """Answer a plain-English question from the graph, with citations.

    Questions about the rules' verdicts ("which electrolytes satisfy the Monroe criterion")
    run on the curated graph plus what the rules derive from it; the others on the curated
    graph alone. ``inferred=True`` runs every question on both, ``inferred=False`` refuses
    the questions that need derived statements. ``planned`` is the question already
    understood by :func:`plan` (then ``graph``, ``linker`` and ``inferred`` are not used).

    ``graph`` is an rdflib graph or a compiled store (:class:`kg.storegraph.StoreGraph`);
    names are linked and answers labelled from it. ``run_query(text, bindings, name)``, if
    given, evaluates the competency question elsewhere (a SPARQL endpoint).

    Raises:
        NotUnderstood: when the question cannot be mapped (exit code 1 on the command line).
        UsageError: a question about the rules' verdicts with ``inferred=False``.

    Example:
        >>> from kg.load import load_graph
        >>> result = ask("which remedies address MCI for chalcogenides", load_graph())
        >>> sorted(a.iri.rsplit("/", 1)[-1] for a in result.answers)[:1]
        ['remedy-CPEO-interlayer-Na3SbS4-252']
    """
    planned = planned or plan(question, graph, root=root, linker=linker, inferred=inferred)
    interpretation, graph, linker = planned.interpretation, planned.graph, planned.linker
    text = interpretation.sparql()
    name = interpretation.question.name
    if run_query is not None:
        result = run_query(text, interpretation.bindings, name)
    elif hasattr(graph, "run"):
        result = graph.run(text, bindings=interpretation.bindings, source=name)
    else:
        result = run(graph, text, bindings=interpretation.bindings, source=name)
    refs = _references(graph)
    main, label_col, detail_cols = _SHAPE[interpretation.form]
    answers: dict[str, Answer] = {}
    for row in result.dicts():
        node = row.get(main)
        if node is None and interpretation.form == "products":
            node = row.get("observation")
            row = {**row, "formula": Literal("no products named: interphase type only")}
        iri = str(node)
        label = (
            str(row[label_col])
            if label_col and row.get(label_col) is not None
            else _show(graph, node)
        )
        if interpretation.form in ("property", "compare"):
            subject = row.get("electrolyte") if interpretation.form == "compare" else None
            prefix = ""
            if subject is not None:
                prefix = f"{_show(graph, row.get('property'))} of {_show(graph, subject)}: "
            label = prefix + _value_text(graph, row)
        details = {
            c: _show(graph, row.get(c))
            for c in detail_cols
            if row.get(c) not in (None, Literal(""))
        }
        if interpretation.form == "threshold":
            details = {"values": [_value_text(graph, row)]}
        if isinstance(details.get("reason"), str):  # a GROUP_CONCAT: its order is left open
            details["reason"] = " | ".join(sorted(details["reason"].split(" | ")))
        if "citations" in row:
            cites = _citations(str(row.get("citations") or ""), refs)
        elif interpretation.form == "references":
            number = row.get("number")
            cites = [
                {
                    "number": int(number.toPython()) if isinstance(number, Literal) else None,
                    "key": str(row["key"]),
                    "label": str(row["label"]),
                }
            ]
        else:
            cites = _sources(graph, node)
        facts = _explain(graph, linker, interpretation, row)
        if iri in answers:
            old = answers[iri]
            merged = {**old.details}
            for k, v in details.items():
                if k in merged and isinstance(merged[k], list):
                    merged[k] = merged[k] + [x for x in v if x not in merged[k]]
                elif k in merged and merged[k] != v:
                    merged[k] = ", ".join(sorted({str(merged[k]), str(v)}))
                else:
                    merged[k] = v
            seen = {(c["number"], c["key"]) for c in old.citations}
            cites = old.citations + [c for c in cites if (c["number"], c["key"]) not in seen]
            cites.sort(key=lambda c: (c["number"] is None, c["number"] or 0, c["key"]))
            answers[iri] = Answer(
                old.label, iri, merged, cites, old.facts + [f for f in facts if f not in old.facts]
            )
        else:
            answers[iri] = Answer(str(label), iri, details, cites, facts)
    return AskResult(question, interpretation, text, list(answers.values()))


def render(result: AskResult, *, explain: bool = False) -> str:
    """A readable answer: the interpretation, then one line per answer with its citations."""
    lines = [
        f"Interpretation: {result.interpretation.text}  [{result.interpretation.question.name}]"
    ]
    if not result.answers:
        lines.append("No answer in the graph: the curated literature reports nothing that matches.")
    for i, a in enumerate(result.answers, 1):
        details = "; ".join(
            f"{k}: {'; '.join(map(str, v)) if isinstance(v, list) else v}"
            for k, v in a.details.items()
        )
        cites = ", ".join(
            f"[{c['number']}] {c['key']}" if c["number"] is not None else c["key"]
            for c in a.citations
        )
        lines.append(
            f"{i}. {a.label}"
            + (f"  ({details})" if details else "")
            + (f"  cited: {cites}" if cites else "")
        )
        if explain:
            for fact in a.facts:
                lines.append(f"     because: {fact}")
            for c in a.citations:
                lines.append(f"     source: {c['label']} ({c['key']})")
    return "\n".join(lines) + "\n"
