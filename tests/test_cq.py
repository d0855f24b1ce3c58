"""Every competency question in queries/ against its hand-derived expected answer.

Each ``queries/cq-NN-slug.rq`` has ``tests/expected/cq-NN-slug.json``::

    {"params": {"material": "NZSP"},          # optional, as typed on the command line
     "columns": ["material", "value"],        # the result columns compared
     "rows": [["nad:Na3Zr2Si2PO12", 0.67]],   # IRIs as prefixed names, numbers by value
     "sets": ["citations"],                   # optional: GROUP_CONCAT columns, compared as sets
     "source": "Table 1 row 3; NASICON section [161,162]"}

Rows are compared as a multiset (order-insensitive); numbers by value; a column named in
"sets" holds a comma-separated list whose order SPARQL leaves open. A question without an
expectation file fails.

Every question runs on four engines and must give the same answer on each: rdflib, the
embedded Oxigraph store, a live Oxigraph server and a live Virtuoso (the servers are session
fixtures in conftest.py). How the queries and the client work around Virtuoso's departures
from the standard is in docs/engines.md.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.term import Identifier

from kg.cq import CompetencyQuestion, list_questions, parse_header
from kg.engine import run_store
from kg.errors import InputError
from kg.link import Linker
from kg.namespaces import NAD
from kg.query import run
from kg.remote import query_endpoint

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = ROOT / "tests" / "expected"
QUESTIONS = list_questions(ROOT)


def _cell(graph: Graph, term: Identifier | None) -> Any:
    if term is None:
        return None
    if isinstance(term, URIRef):
        return graph.namespace_manager.normalizeUri(term)
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, bool):
            return value
        if isinstance(value, int | float) or type(value).__name__ == "Decimal":
            return float(value)
        return str(term)
    return str(term)


def _key(value: Any) -> Any:
    if isinstance(value, float):
        return ("n", float(f"{value:.12g}")) if math.isfinite(value) else ("n", str(value))
    if isinstance(value, int) and not isinstance(value, bool):
        return ("n", float(value))
    return ("s", value)


@pytest.fixture(scope="module")
def linker(graph: Graph) -> Linker:
    return Linker(graph)


def test_library_has_at_least_40_questions() -> None:
    assert len(QUESTIONS) >= 40
    assert len({q.number for q in QUESTIONS}) == len(QUESTIONS)


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.name)
def test_question_has_expectation(question: CompetencyQuestion) -> None:
    assert (EXPECTED / f"{question.name}.json").is_file(), f"no tests/expected/{question.name}.json"


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph", "oxigraph-server", "virtuoso"])
@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.name)
def test_question_answers_as_expected(
    question: CompetencyQuestion, engine: str, request: pytest.FixtureRequest, linker: Linker
) -> None:
    # a question marked '# graph: inferred' runs on the curated graph plus the derived one
    inferred = question.graph == "inferred"
    graph: Graph = request.getfixturevalue("inferred_graph" if inferred else "graph")
    path = EXPECTED / f"{question.name}.json"
    if not path.is_file():
        pytest.fail(f"no tests/expected/{question.name}.json")
    expected = json.loads(path.read_text(encoding="utf-8"))

    def resolve(name: str) -> Identifier | None:
        found = linker.lookup(name)
        return found[0].iri if len({e.iri for e in found}) == 1 else None

    bindings = question.bindings(expected.get("params", {}), resolve=resolve)
    if engine == "rdflib":
        result = run(graph, question.text(), bindings=bindings, source=question.name)
    elif engine == "oxigraph":
        store = request.getfixturevalue("oxigraph_store")
        result = run_store(
            store, question.text(), bindings=bindings, inferred=inferred, source=question.name
        )
    elif engine == "oxigraph-server":  # a live server, over the SPARQL protocol
        urls = request.getfixturevalue("oxigraph_servers")
        url = urls["union" if inferred else "plain"]
        result = query_endpoint(url, question.text(), bindings=bindings, source=question.name)
    else:  # a live Virtuoso: the dataset is named per request (see docs/engines.md)
        server = request.getfixturevalue("virtuoso_server")
        result = query_endpoint(
            server.url,
            question.text(),
            bindings=bindings,
            default_graphs=server.default_graphs(inferred=inferred),
            timeout=30,
            source=question.name,
        )
    if "boolean" in expected:
        assert result.boolean is expected["boolean"]
        return
    columns = expected["columns"]
    missing = [c for c in columns if c not in result.variables]
    assert not missing, f"{question.name} does not project {missing}"
    index = [result.variables.index(c) for c in columns]
    sets = {columns.index(c) for c in expected.get("sets", [])}

    def norm(values: list[Any]) -> tuple[Any, ...]:
        return tuple(
            ("set", tuple(sorted(p.strip() for p in str(v).split(","))))
            if i in sets and v is not None
            else _key(v)
            for i, v in enumerate(values)
        )

    got = Counter(norm([_cell(graph, row[i]) for i in index]) for row in result.rows)
    want = Counter(norm(list(row)) for row in expected["rows"])
    assert got == want, (
        f"{question.name}: unexpected {sorted(got - want, key=str)[:5]}, "
        f"missing {sorted(want - got, key=str)[:5]}"
    )


_STRIPPED = re.compile(r'<[^<>\s"]*>|"(?:[^"\\\n]|\\.)*"|#[^\n]*')
_CLOSURE = re.compile(r"rdfs:subClassOf[*+]")
_LIMITED = re.compile(r"\s*SELECT\b.*\bLIMIT\s+\d+\s*", re.S)


def _enclosing_groups(text: str, at: int) -> list[str]:
    """The contents of the brace groups around position ``at``, innermost first."""
    groups, depth = [], 0
    for start in range(at, -1, -1):
        if text[start] == "}":
            depth += 1
        elif text[start] == "{":
            if depth:
                depth -= 1
                continue
            end, inner = start + 1, 1
            while inner:
                inner += {"{": 1, "}": -1}.get(text[end], 0)
                end += 1
            groups.append(text[start + 1 : end - 1])
    return groups


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.name)
def test_class_closures_sit_in_limited_subqueries(question: CompetencyQuestion) -> None:
    """A subClassOf path joined to other patterns loses rows on Virtuoso, so each one sits in
    a subquery of its own with a LIMIT, which Virtuoso evaluates by itself (docs/engines.md)."""
    text = _STRIPPED.sub(lambda m: " " * len(m.group()), question.text())
    for match in _CLOSURE.finditer(text):
        groups = _enclosing_groups(text, match.start())
        assert any(_LIMITED.fullmatch(g) for g in groups), (
            f"{question.name}: {match.group()} outside a '{{ SELECT ... LIMIT n }}' subquery"
        )


@pytest.mark.parametrize(
    ("line", "name", "default", "description"),
    [
        ("# param: factor = 2 -- a number", "factor", Literal(2), "a number"),
        (
            '# param: names = "P Sb Sn" -- text with spaces',
            "names",
            Literal("P Sb Sn"),
            "text with spaces",
        ),
        ("# param: material = nad:Na3PS4", "material", URIRef(str(NAD) + "Na3PS4"), ""),
    ],
)
def test_parameter_lines_are_parsed(
    line: str, name: str, default: Identifier, description: str
) -> None:
    _, (param,) = parse_header(["# title", line], path=Path("x.rq"))
    assert (param.name, param.default, param.description) == (name, default, description)


@pytest.mark.parametrize("line", ['# param: names = "P Sb -- unclosed', "# param: = 2"])
def test_malformed_parameter_lines_name_the_line(line: str) -> None:
    with pytest.raises(InputError, match=r"x\.rq:2"):
        parse_header(["# title", line], path=Path("x.rq"))
