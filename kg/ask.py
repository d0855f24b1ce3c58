"""Answer plain-English questions by mapping them onto parameterized competency questions.

Deterministic and offline: the words of a question are linked to entities of the graph
(:mod:`kg.link`), a form is chosen from its keywords, and the form's competency question runs
with the linked entities and parsed numbers as bindings. User text never becomes query text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD
from rdflib.term import Identifier

from kg.cq import CompetencyQuestion, find_question
from kg.errors import KGError
from kg.link import Entity, Linker, Mention
from kg.namespaces import NAIF, QUDT
from kg.query import run

__all__ = ["Answer", "AskResult", "Interpretation", "NotUnderstood", "ask", "interpret"]

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
}


class NotUnderstood(KGError):
    """The question matches no supported form, or names nothing the graph knows (exit 1)."""

    exit_code = 1


@dataclass(frozen=True)
class Interpretation:
    """What a question was taken to mean: a form, its competency question and bindings."""

    form: str
    question: CompetencyQuestion
    bindings: dict[str, Identifier]
    text: str


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
        """The JSON shape: question, interpretation, sparql, answers."""
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

_WORDS = {
    "remedies": r"remed|fix|mitigat|improv|address|solv|solution|strateg|overcom|suppress|prevent|"
    r"avoid|protect|stabili[sz]|tackl|counter|cure|engineer|treat|reduc|lower",
    "products": r"decompos|product|react|degrad|form(s|ed)? at|forms? when|interphase form|"
    r"what forms",
    "stable": r"\bstable\b|stability against|do(es)? not react|inert|no reaction|"
    r"compatib",
    "threshold": r"\b(above|over|greater|more than|exceed|at least|higher than|below|under|"
    r"less than|lower than|at most|>|<|≥|≤)\b",
    "members": r"member|belong|which electrolytes are|list|kinds? of|types? of|examples? of|"
    r"what .* are there",
    "dopants": r"dopant|doping|doped|substitut|\bdope",
    "techniques": r"techniqu|method|characteri[sz]|observ|measur|probe|studied|examin|analy[sz]",
    "compare": r"compar|versus|\bvs\.?\b|differ|side by side|contrast",
    "references": r"referenc|source|cite|citation|paper|who report|literature|evidence for|"
    r"publication",
}
_LITHIUM = re.compile(r"\blithium\b|\bLi\b|\bLi-", re.I)
_ROOM_T = re.compile(r"room[- ]temperature|\bRT\b|ambient", re.I)
_AT_T = re.compile(r"at\s+(-?\d+(?:\.\d+)?)\s*(°\s*C|ºC|degC|C\b|K\b)", re.I)


def _has(text: str, form: str) -> bool:
    return re.search(_WORDS[form], text, re.I) is not None


# --- numbers and units ----------------------------------------------------------------------

_NUMBER = re.compile(
    r"(?P<mant>[+-]?\d+(?:\.\d+)?)?\s*(?:[x×*]\s*)?(?:10\s*\^?\s*(?P<exp>[+-]?\d+))?"
    r"(?:[eE](?P<e>[+-]?\d+))?"
)


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


def _quantity(graph: Graph, text: str) -> tuple[Decimal, URIRef, str] | None:
    """The first number followed by a known unit, e.g. ``1 mS/cm`` or ``1e-3 S cm-1``."""
    units = _units(graph)
    norm = unicodedata.normalize("NFKC", text).replace("−", "-")
    for match in re.finditer(
        r"(?<![\w.])(\d+(?:\.\d+)?(?:\s*[x×*]\s*10\s*\^?\s*[+-]?\d+|[eE][+-]?\d+)?|10\s*\^\s*[+-]?\d+)",
        norm,
    ):
        number = match.group(1)
        rest = norm[match.end() :].strip()
        words = rest.split()
        for width in (3, 2, 1):
            candidate = _unit_key(" ".join(words[:width]).rstrip("?.,;!"))
            if candidate in units:
                return _decimal(number), units[candidate], " ".join(words[:width]).rstrip("?.,;!")
    return None


def _decimal(number: str) -> Decimal:
    number = number.replace(" ", "")
    m = re.fullmatch(r"(\d+(?:\.\d+)?)?[x×*]?10\^?([+-]?\d+)", number)
    if m:
        mant = Decimal(m.group(1) or "1")
        return mant * (Decimal(10) ** int(m.group(2)))
    return Decimal(number)


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


def _problem_for(graph: Graph, mentions: list[Mention]) -> Entity | None:
    problem = _first(mentions, "problem", "interphase-type")
    if problem is not None:
        return problem
    prop = _first(mentions, "property")
    if prop is None:
        return None
    for p in sorted(graph.subjects(SKOS.related, prop.iri), key=str):
        if (p, RDF.type, NAIF.InterfaceProblem) in graph and isinstance(p, URIRef):
            label = graph.value(p, RDFS.label)
            return Entity(p, "problem", str(label) if label else str(p))
    return None


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
    graph = linker.graph
    text = " ".join(question.split())
    if not text:
        raise NotUnderstood(_help(linker, text, "the question is empty"))
    mentions = linker.mentions(text)
    system = NAIF.LithiumSystem if _LITHIUM.search(text) else NAIF.SodiumSystem
    electrolytes = _pick(mentions, "electrolyte")
    families = _pick(mentions, "family")
    target = (families or electrolytes)[0] if (families or electrolytes) else None
    cq: Callable[[str], CompetencyQuestion] = lambda name: find_question(name, root)  # noqa: E731

    def done(form: str, name: str, bindings: dict[str, Identifier], words: str) -> Interpretation:
        return Interpretation(form, cq(name), bindings, words)

    problem = _problem_for(graph, mentions)
    if _has(text, "remedies") and problem is not None and not _has(text, "references"):
        where = target.iri if target else NAIF.Material
        return done(
            "remedies",
            "cq-02",
            {"problem": problem.iri, "target": where, "system": system},
            f"remedies that address {problem.label}"
            + (f" for {target.label}" if target else "")
            + f" ({_system_word(system)})",
        )
    if _has(text, "compare") and len(electrolytes) >= 2:
        a, b = electrolytes[:2]
        return done(
            "compare",
            "cq-08",
            {"first": a.iri, "second": b.iri},
            f"compare {a.label} with {b.label}",
        )
    if _has(text, "references"):
        entity = _first(
            mentions,
            "remedy",
            "electrolyte",
            "family",
            "problem",
            "remedy-kind",
            "material",
            "method",
        )
        if entity is not None:
            return done(
                "references",
                "cq-09",
                {"entity": entity.iri},
                f"references supporting facts about {entity.label}",
            )
    if _has(text, "dopants") and electrolytes:
        host = electrolytes[0]
        return done(
            "dopants", "cq-06", {"host": host.iri}, f"substitutions and dopants of {host.label}"
        )
    quantity = _quantity(graph, text)
    if quantity is not None and _has(text, "threshold"):
        return _threshold(text, graph, linker, mentions, quantity, system, cq)
    if _has(text, "products") and electrolytes:
        e = electrolytes[0]
        return done(
            "products",
            "cq-03",
            {"electrolyte": e.iri},
            f"products and interphase at the Na | {e.label} interface",
        )
    if (
        _has(text, "techniques")
        and electrolytes
        and (_has(text, "products") or "interface" in text.lower() or "/" in text or "|" in text)
    ):
        e = electrolytes[0]
        return done(
            "techniques",
            "cq-07",
            {"electrolyte": e.iri},
            f"techniques used on the Na | {e.label} interface",
        )
    if _has(text, "stable") and electrolytes and not families:
        e = electrolytes[0]
        return done(
            "products",
            "cq-03",
            {"electrolyte": e.iri},
            f"what forms at the Na | {e.label} interface (stability)",
        )
    if _has(text, "stable"):
        return done(
            "stable",
            "cq-10",
            {"system": system},
            f"electrolytes reported stable against {_metal(system)} metal",
        )
    prop = _first(mentions, "property")
    if prop is not None and electrolytes:
        e = electrolytes[0]
        return done(
            "property",
            "cq-01",
            {"material": e.iri, "property": prop.iri},
            f"{prop.label} of {e.label}",
        )
    if families and (_has(text, "members") or prop is None):
        f = families[0]
        return done("members", "cq-05", {"family": f.iri}, f"members of the {f.label} family")
    if _has(text, "techniques") and electrolytes:
        e = electrolytes[0]
        return done(
            "techniques",
            "cq-07",
            {"electrolyte": e.iri},
            f"techniques used on the Na | {e.label} interface",
        )
    reason = "it matches none of the supported forms"
    if not mentions:
        reason = "it names nothing the graph knows"
    raise NotUnderstood(_help(linker, text, reason))


def _system_word(system: Identifier) -> str:
    return "lithium" if system == NAIF.LithiumSystem else "sodium"


def _metal(system: Identifier) -> str:
    return "Li" if system == NAIF.LithiumSystem else "Na"


def _threshold(
    text: str,
    graph: Graph,
    linker: Linker,
    mentions: list[Mention],
    quantity: tuple[Decimal, URIRef, str],
    system: Identifier,
    cq: Callable[[str], CompetencyQuestion],
) -> Interpretation:
    value, unit, unit_text = quantity
    prop = _first(mentions, "property")
    if prop is None:
        allowed = sorted(graph.subjects(NAIF.allowedUnit, unit), key=str)
        if re.search(r"electron", text, re.I):
            allowed = [p for p in allowed if p == NAIF.ElectronicConductivity] or allowed
        elif re.search(r"conduct", text, re.I):
            allowed = [p for p in allowed if p == NAIF.IonicConductivity] or allowed
        if len(allowed) != 1:
            raise NotUnderstood(
                _help(linker, text, f"say which property the {unit_text} limit is for")
            )
        label = graph.value(allowed[0], RDFS.label)
        prop = Entity(allowed[0], "property", str(label))  # type: ignore[arg-type]
    if (prop.iri, NAIF.allowedUnit, unit) not in graph:
        raise NotUnderstood(_help(linker, text, f"{unit_text} is not a unit of {prop.label}"))
    si = _si(graph, value, unit)
    below = re.search(r"below|under|less than|lower than|at most|<|≤", text, re.I) is not None
    bindings: dict[str, Identifier] = {
        "property": prop.iri,
        "minimum": Literal(-1e300 if below else si, datatype=XSD.double),
        "maximum": Literal(si if below else 1e300, datatype=XSD.double),
        "system": system,
    }
    bound = "at most" if below else "at least"
    words = f"{_system_word(system)} electrolytes with {prop.label} {bound} {value} {unit_text}"
    at = _AT_T.search(text)
    if _ROOM_T.search(text):
        bindings.update(
            tmin=Literal(293.15, datatype=XSD.double), tmax=Literal(303.15, datatype=XSD.double)
        )
        bindings["unstated"] = Literal(False)
        words += " at room temperature (a stated 20-30 °C)"
    elif at:
        t = float(at.group(1)) + (273.15 if "c" in at.group(2).lower() else 0.0)
        bindings.update(
            tmin=Literal(t - 2.5, datatype=XSD.double), tmax=Literal(t + 2.5, datatype=XSD.double)
        )
        bindings["unstated"] = Literal(False)
        words += f" at {at.group(1)} {at.group(2)} (a stated temperature within 2.5 K)"
    else:
        bindings.update(
            tmin=Literal(0.0, datatype=XSD.double), tmax=Literal(1e6, datatype=XSD.double)
        )
        bindings["unstated"] = Literal(True)
        words += " at any temperature"
    return Interpretation("threshold", cq("cq-04"), bindings, words)


def _help(linker: Linker, text: str, reason: str) -> str:
    unknown = [
        w.strip("?.,;!")
        for w in re.findall(r"\S+", text)
        if re.search(r"[A-Za-z].*\d|\d.*[A-Za-z]", w.strip("?.,;!"))
        and not linker.lookup(w.strip("?.,;!"))
    ]
    close = sorted({s for w in unknown for s in linker.suggestions(w, n=3)})
    forms = "; ".join(f"'{example}'" for example in FORMS.values())
    hint = f" Closest names in the graph: {', '.join(close)}." if close else ""
    return (
        f"cannot answer this question: {reason}.{hint} "
        f"Questions kg ask understands, for example: {forms}."
    )


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
    "threshold": ("m", "label", ["value", "unit", "temperatureK", "evidence"]),
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
}


def _show(graph: Graph, term: Identifier | None) -> Any:
    if term is None:
        return None
    if isinstance(term, URIRef):
        label = graph.value(term, RDFS.label)
        return str(label) if label is not None else graph.namespace_manager.normalizeUri(term)
    if isinstance(term, Literal):
        value = term.toPython()
        return (
            float(value)
            if isinstance(value, Decimal)
            else (value if isinstance(value, int | float) else str(term))
        )
    return str(term)


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
    if row.get("where") is not None:
        extras.append(str(row.get("where")))
    return f"{text.strip()} ({', '.join(e for e in extras if e)})"


def _citations(
    graph: Graph, numbers: str | None, refs: dict[str, tuple[str, str]]
) -> list[dict[str, Any]]:
    out = []
    for token in sorted(
        {t for t in (numbers or "").split(",") if t},
        key=lambda t: (not t.isdigit(), int(t) if t.isdigit() else 0, t),
    ):
        key, label = refs.get(token, (token, token))
        out.append({"number": int(token) if token.isdigit() else None, "key": key, "label": label})
    return out


def _references(graph: Graph) -> dict[str, tuple[str, str]]:
    refs: dict[str, tuple[str, str]] = {}
    for ref in graph.subjects(RDF.type, NAIF.Reference):
        key = str(graph.value(ref, NAIF.citationKey))
        label = str(graph.value(ref, RDFS.label))
        number = graph.value(ref, NAIF.citationNumber)
        refs[str(number) if number is not None else "review"] = (key, label)
    return refs


def ask(
    question: str, graph: Graph, *, root: Path | str | None = None, linker: Linker | None = None
) -> AskResult:
    """Answer a plain-English question from the graph, with citations.

    Raises:
        NotUnderstood: when the question cannot be mapped (exit code 1 on the command line).

    Example:
        >>> from kg.load import load_graph
        >>> result = ask("which remedies address MCI for chalcogenides", load_graph())
        >>> sorted(a.iri.rsplit("/", 1)[-1] for a in result.answers)[:1]
        ['remedy-CPEO-interlayer-Na3SbS4-252']
    """
    linker = linker or Linker(graph)
    interpretation = interpret(question, linker, root=root)
    text = interpretation.question.text()
    result = run(graph, text, bindings=interpretation.bindings, source=interpretation.question.name)
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
        if interpretation.form in ("property", "compare", "threshold"):
            subject = row.get("electrolyte") if interpretation.form == "compare" else None
            prefix = f"{row['label']}: " if interpretation.form == "threshold" else ""
            if subject is not None:
                prefix = f"{_show(graph, row.get('property'))} of {_show(graph, subject)}: "
            label = prefix + _value_text(graph, row)
        details = {c: _show(graph, row.get(c)) for c in detail_cols if row.get(c) is not None}
        cites = _citations(graph, str(row.get("citations") or ""), refs)
        if interpretation.form == "references":
            number = row.get("number")
            cites = [
                {
                    "number": int(number) if number is not None else None,
                    "key": str(row["key"]),
                    "label": str(row["label"]),
                }
            ]
        fact = row.get("observation") or row.get("m") or row.get("remedy") or node
        comment = graph.value(fact, RDFS.comment) if isinstance(fact, URIRef) else None
        facts = [f"{_show(graph, fact)}" + (f": {comment}" if comment else "")]
        if iri in answers:
            old = answers[iri]
            merged = {**old.details}
            for k, v in details.items():
                if k in merged and merged[k] != v:
                    merged[k] = ", ".join(sorted({str(merged[k]), str(v)}))
                else:
                    merged[k] = v
            seen = {(c["number"], c["key"]) for c in old.citations}
            cites = old.citations + [c for c in cites if (c["number"], c["key"]) not in seen]
            answers[iri] = Answer(old.label, iri, merged, cites, sorted(set(old.facts + facts)))
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
        details = "; ".join(f"{k}: {v}" for k, v in a.details.items())
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
                lines.append(f"     source: {c['label']}")
    return "\n".join(lines) + "\n"
