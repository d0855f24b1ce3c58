"""Property-based fuzzing: no input makes the question parser, the linker, the formula parser
or the loaders crash or hang, and user words never become query text.

Each property holds for every input hypothesis generates: the function returns, or raises one
of the package's own errors (:class:`kg.errors.KGError`) with a one-line message that names the
file and line where there is one. Anything else (``ValueError``, ``RecursionError``, a
``decimal.Overflow``, ...) fails the test, and so does an example that runs longer than
``_HANG`` seconds (a hard alarm, since a hang never reaches hypothesis's own deadline check).

Every crash the fuzzing found is pinned as an ``@example``, with what it was. The number of
examples is kept moderate so that the whole file runs in well under a minute;
``KG_FUZZ_SCALE=10 pytest tests/test_fuzz.py`` searches ten times as long.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.ask import FORMS, WITHIN, Interpretation, ask
from kg.bib import entries_to_graph, parse_bibtex_text
from kg.errors import InputError, KGError
from kg.formula import elements, parse_formula
from kg.link import Linker, formula_like, normalize
from kg.load import parse_turtle
from kg.query import QueryResult

_SCALE = max(1, int(os.environ.get("KG_FUZZ_SCALE", "1")))
_HANG = 20.0  # seconds: examples take milliseconds; a loaded 2-core machine needs slack


def _settings(examples: int, deadline: timedelta | None) -> settings:
    return settings(
        max_examples=examples * _SCALE,
        deadline=deadline,
        database=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )


@contextmanager
def _no_hang(seconds: float = _HANG) -> Iterator[None]:
    """Fail an example that runs longer than ``seconds`` (SIGALRM, main thread only)."""
    if threading.current_thread() is not threading.main_thread() or os.name != "posix":
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise TimeoutError(f"no answer within {seconds} s: a hang")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _one_line(error: KGError) -> str:
    message = str(error)
    assert message.strip(), "an empty message"
    assert "\n" not in message and "\r" not in message, message
    assert "Traceback" not in message
    return message


# --- strategies ---------------------------------------------------------------------------------

#: Injection attempts and SPARQL fragments: none of them occurs in any competency question.
INJECTIONS = (
    '"} ; DROP ALL ; {"',
    "} ; DROP ALL ; {",
    "<file:///etc/passwd>",
    "SERVICE <http://x>",
    "SERVICE <http://evil.example/sparql> { ?s ?p ?o }",
    "?injected",
    "$injected",
    "FROM <file:///etc/passwd>",
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "LOAD <http://x>",
    "#}",
    "\\u0022",
    "'''",
    "</script>",
)

#: Words the question parser reacts to: names of the graph, form keywords, numbers and units.
_QUESTION_WORDS = (
    "which",
    "what",
    "remedies",
    "address",
    "MCI",
    "for",
    "chalcogenides",
    "Na3SbS4",
    "Na₃SbS₄",
    "Na3PS4",
    "NZSP",
    "NASICON",
    "beta-alumina",
    "β''-Al₂O₃",
    "sulfides",
    "hydrides",
    "decompose",
    "into",
    "products",
    "ionic",
    "conductivity",
    "electronic",
    "stability window",
    "wettability",
    "conduct",
    "above",
    "below",
    "between",
    "and",
    "at least",
    "1",
    "0.5",
    "1 mS/cm",
    "1e-3 S/cm",
    "1.4 × 10^-2 S/cm",
    "10^999999999 mS/cm",
    "1e999999999 S/cm",
    "1e-999999999 S/cm",
    "9" * 5000 + " mS/cm",
    "10^" + "9" * 5000 + " S/cm",
    "at 25 °C",
    "at 1e400 K",
    "at " + "9" * 400 + " °C",
    "room temperature",
    "stable against Na metal",
    "against",
    "lithium",
    "dopants",
    "of",
    "techniques",
    "used on",
    "the Na/beta-alumina interface",
    "compare",
    "vs",
    "references",
    "support facts about",
    "members",
    "Monroe criterion",
    "at risk",
    "leak",
    "agree",
    "Na3SbS5",
    "oxides",
    "?",
    ",",
)

_any_text = st.text(st.characters(codec="utf-8"), max_size=80)
# lone surrogates too: a command line that is not UTF-8 reaches Python as "\udcff"
_raw_text = st.text(st.characters(exclude_categories=()), max_size=80)
_control_text = st.text(st.characters(max_codepoint=0x9F), max_size=40)
_long_word = st.builds(lambda c, n: c * n, st.characters(codec="utf-8"), st.integers(1, 3000))


def _insert(question: str, fragment: str, at: int) -> str:
    """``question`` with ``fragment`` put in as a word of its own (``at`` counts words)."""
    words = question.split()
    at %= len(words) + 1
    return " ".join([*words[:at], fragment, *words[at:]])


# the supported forms with something put in: many are still understood, injection and all
_tampered = st.builds(
    _insert,
    st.sampled_from(sorted(FORMS.values())),
    st.one_of(st.sampled_from(INJECTIONS), st.sampled_from(_QUESTION_WORDS), _raw_text),
    st.integers(0, 20),
)
_question = st.one_of(
    _raw_text,
    _control_text,
    _long_word,
    _tampered,
    _tampered,
    st.lists(
        st.one_of(st.sampled_from(_QUESTION_WORDS), st.sampled_from(INJECTIONS), _any_text),
        max_size=12,
    ).map(" ".join),
)


# --- the question parser and ask ------------------------------------------------------------


@pytest.fixture(scope="module")
def linker(graph: Graph) -> Linker:
    return Linker(graph)


def _template(interpretation: Interpretation) -> str:
    """The query text of the form alone: the competency question, wrapped when restricted."""
    restricted = {WITHIN: URIRef("urn:x")} if WITHIN in interpretation.bindings else {}
    return Interpretation(interpretation.form, interpretation.question, restricted, "").sparql()


def _check_bindings(bindings: dict[str, Any]) -> None:
    """Bound values are terms of the project's namespaces or numbers and booleans, never text."""
    for name, value in bindings.items():
        if isinstance(value, URIRef):
            assert str(value).startswith("https://w3id.org/naif/"), (name, value)
        else:
            assert isinstance(value, Literal), (name, value)
            assert value.datatype in (XSD.double, XSD.boolean), (name, value)


def _asked(question: str, graph: Graph, linker: Linker, inferred: Graph, **kwargs: Any) -> Any:
    """``ask``, with the rules' output taken from the session instead of recomputed (5 s)."""
    with _no_hang(), mock.patch("kg.rules.with_inferred", return_value=inferred):
        try:
            return ask(question, graph, linker=linker, **kwargs)
        except KGError as error:
            _one_line(error)
            return None


@_settings(300, None)
@given(question=_question)
@example(question="which electrolytes conduct above 10^999999999 mS/cm")  # was decimal.Overflow
@example(question="which electrolytes conduct above 1e999999999 S/cm")  # was decimal.Overflow
@example(question="above 10 ^ " + "9" * 5000 + " S/cm")  # was ValueError: int() of 5000 digits
@example(question='which remedies address MCI for chalcogenides"} ; DROP ALL ; {"')
@example(question="what is the ionic conductivity of Na3SbS4 } SERVICE <http://x> { ?x")
@example(question="compare Na3PS4 and Na3SbS4 <file:///etc/passwd>")
@example(question="\x00\x1b[2J\u2028\ud800")
def test_questions_never_crash_and_words_never_become_query_text(
    question: str, graph: Graph, linker: Linker, inferred_graph: Graph
) -> None:
    ran: list[tuple[str, dict[str, Any]]] = []

    def run_query(text: str, bindings: dict[str, Any], name: str) -> QueryResult:
        ran.append((text, bindings))
        return QueryResult(kind="select")

    result = _asked(question, graph, linker, inferred_graph, run_query=run_query)
    event(f"form: {result.interpretation.form if result else 'not understood'}")
    if result is None:
        assert not ran
        return
    [(text, bindings)] = ran
    assert text == result.sparql == _template(result.interpretation)
    assert bindings == result.interpretation.bindings
    _check_bindings(bindings)
    for fragment in INJECTIONS:
        assert fragment not in text


_known_questions = st.one_of(
    _tampered,
    st.lists(st.sampled_from(_QUESTION_WORDS), min_size=1, max_size=8).map(" ".join),
)


@_settings(20, None)
@given(question=_known_questions)
@example(question="which electrolytes conduct between 1 and 2 mS/cm at room temperature")
@example(question="which remedies address MCI for chalcogenides <file:///etc/passwd>")
def test_questions_run_on_the_graph_without_crashing(
    question: str, graph: Graph, linker: Linker, inferred_graph: Graph
) -> None:
    result = _asked(question, graph, linker, inferred_graph)
    event(f"form: {result.interpretation.form if result else 'not understood'}")
    if result is not None:
        assert result.sparql == _template(result.interpretation)
        _check_bindings(result.interpretation.bindings)
        result.to_dict()


# --- the entity linker ----------------------------------------------------------------------


@_settings(300, timedelta(seconds=5))
@given(text=_question)
@example(text="x" * 200_000)
@example(text="ﬁ" * 50 + "İ" * 50 + "\u0345" * 20)  # characters that grow under NFKC or lower()
def test_the_linker_takes_any_text(text: str, linker: Linker) -> None:
    with _no_hang():
        normalize(text)
        formula_like(text)
        for found in (linker.lookup(text), linker.lookup(text, fuzzy=False, kinds=["family"])):
            assert all(e.iri in linker._kind_of for e in found)
        linker.suggestions(text)
        for mention in linker.mentions(text):
            assert 0 <= mention.start < mention.end <= len(text)
            assert text[mention.start : mention.end] == mention.text


# --- the formula parser ---------------------------------------------------------------------

_FORMULA_PARTS = (
    *"NaSbSPClLiOHBrIKxyznδ()[]{}0123456789./+-·⋅∙•*:, ^'′″β₂₃₄⁺⁻⁰²−– \t",
    "Zr",
    "Si",
    "Co",
    "CO",
    "Sn",
    "Xx",
    "(III)",
    "^2-",
    "beta-",
    "c-",
    "8H2O",
    ".8H2O",
    "1/0",
    "0/0",
    "9" * 40,
    "1" + "0" * 400,
)
_formulas = st.one_of(
    _any_text,
    _long_word,
    st.lists(st.sampled_from(_FORMULA_PARTS), max_size=40).map("".join),
)
_variables = st.dictionaries(
    st.sampled_from("xyznδ"), st.floats(-1e6, 1e6, allow_nan=False), max_size=3
)


@_settings(400, timedelta(seconds=2))
@given(text=_formulas, variables=_variables)
@example(text="(" * 1000, variables={})
@example(text="Na" + "9" * 30 + "/" + "9" * 30, variables={})
@example(text="Li1+xAlxTi2-x(PO4)3", variables={"x": 1e6})
def test_the_formula_parser_takes_any_text(text: str, variables: dict[str, float]) -> None:
    with _no_hang():
        for function in (
            lambda t: parse_formula(t, variables=variables),
            parse_formula,
            elements,
        ):
            try:
                function(text)
            except InputError as error:
                assert _one_line(error).startswith("formula ")


# --- the loaders ----------------------------------------------------------------------------

_TURTLE_PARTS = (
    "@prefix ex: <http://example.org/> .\n",
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n",
    "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n",
    "@base <file:///etc/> .\n",
    "PREFIX ex: <http://example.org/>\n",
    "ex:a",
    "ex:b",
    "<urn:x>",
    "<passwd>",
    "<http://x y>",
    "<file:///etc/passwd>",
    "owl:imports",
    "a",
    "_:b",
    "[",
    "]",
    "(",
    ")",
    "{",
    "}",
    "<<",
    ">>",
    ".",
    ";",
    ",",
    '"abc"',
    "'x'",
    '"""multi\nline"""',
    '"1e999999999"^^xsd:decimal',
    '"abc"^^xsd:integer',
    '"maybe"^^xsd:boolean',
    '"2020-13-45"^^xsd:date',
    '"x"@en',
    '"x"@123',
    "^^",
    "@",
    "1",
    "-1.5",
    "1e9999",
    "9" * 5000,
    "true",
    "?x",
    "=>",
    "@keywords",
    "\\u0000",
    '"\\uD800"',
    '"\\U0011FFFF"',
    "# comment\n",
    "\n",
    "\r",
    " ",
    "\x00",
    "\x01",
    "\x7f",
    "\ufeff",
    "é",
    "GRAPH",
)
_turtle = st.one_of(
    st.binary(max_size=300),
    _any_text.map(str.encode),
    st.lists(st.sampled_from(_TURTLE_PARTS), max_size=30).map(lambda p: " ".join(p).encode()),
    st.builds(
        lambda opener, n: (
            "@prefix ex: <http://example.org/> .\nex:a ex:b " + opener * n + "\n"
        ).encode(),
        st.sampled_from(["[ ex:c ", "( ", "[", "(", "( [ ex:d "]),
        st.integers(1, 20_000),
    ),
)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@_settings(300, timedelta(seconds=10))
@given(data=_turtle)
@example(data=b"@prefix ex: <http://e/> .\nex:a ex:b " + b"[ ex:c " * 10_000)  # was RecursionError
@example(data=b"@prefix ex: <http://e/> .\nex:a ex:b " + b"( " * 10_000 + b") " * 10_000 + b".")
# was accepted after writing out a billion digits (1 GB, 5 s)
@example(data=b'<urn:a> <urn:b> "1e999999999"^^<http://www.w3.org/2001/XMLSchema#decimal> .')
@example(data=b"<urn:a> <urn:b> " + b"9" * 5000 + b" .")  # was ValueError, no line
@example(data=b"?x <urn:b> <urn:c> .")  # was AttributeError, no line
@example(data=b'<urn:a> <urn:b> "maybe"^^<http://www.w3.org/2001/XMLSchema#boolean> .')  # no line
@example(data=b'<urn:a> <urn:b> "\\uD800" .')  # was accepted, then could not be written
@example(data=b"<urn:a> <urn:b> <http://a\x01b> .")  # was accepted
@example(data=b'<urn:a> <urn:b> "x"@123 .')  # no line
def test_the_turtle_loader_takes_any_bytes(data: bytes, scratch: Path) -> None:
    path = scratch / "fuzz.ttl"
    path.write_bytes(data)
    with _no_hang():
        try:
            graph = parse_turtle(path)
        except InputError as error:
            message = _one_line(error)
            assert error.path == path and error.line is not None, message
            assert 1 <= error.line <= data.count(b"\n") + 1, message
            assert message.startswith(f"{path}:{error.line}: ")
            return
        # whatever is accepted can be written out again
        graph.serialize(format="nt", encoding="utf-8")
        graph.serialize(format="turtle", encoding="utf-8")


_BIB_PARTS = (
    "@article{",
    "@misc(",
    "@{",
    "@string{ja = {J. A.}}",
    "@comment{",
    "@preamble{",
    "A2020-1",
    "B,",
    ",",
    "author = {A. B}",
    "author = {A. B},",
    "year = {2020}",
    "year = 2020",
    "year = {20x0}",
    "year = {²⁰²⁰}",
    "title = {A} year = {2020}",
    "title = {x = y}",
    "citationnumber = {¹}",
    "citationnumber = {" + "9" * 5000 + "}",
    "journal = ja",
    "{",
    "}",
    "(",
    ")",
    '"',
    "=",
    "#",
    "%",
    "\n",
    " ",
    "\x00",
    "\u2028",
)
_bibtex = st.one_of(
    _any_text,
    _long_word,
    st.lists(st.sampled_from(_BIB_PARTS), max_size=40).map(" ".join),
)


@_settings(300, timedelta(seconds=5))
@given(text=_bibtex)
@example(text="@article{A, author={X}, year={2020}, citationnumber={¹}}")  # was ValueError in int()
@example(text="@article{A, author={X}, year={2020}, title={" + "{" * 3000 + "}" * 3000 + "}}")
@example(text="@article{A, author={X}, year={2020}, title={\x00\u2028}}")
@example(text="@{A, author={X}, year={2020}}")
def test_the_bibtex_parser_takes_any_text(text: str) -> None:
    with _no_hang():
        try:
            entries = parse_bibtex_text(text, path="fuzz.bib")
        except InputError as error:
            message = _one_line(error)
            assert error.line is not None and message.startswith(f"fuzz.bib:{error.line}: ")
            return
        graph = entries_to_graph(entries)
        graph.serialize(format="nt", encoding="utf-8")


def test_the_hang_guard_fires() -> None:
    """The guard itself: an example that does not return in time is stopped and reported."""
    with pytest.raises(TimeoutError, match="hang"), _no_hang(0.2):
        time.sleep(30)
