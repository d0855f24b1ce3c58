"""The compiled Oxigraph store and its engine: parameters, caching, staleness, parity."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from helpers import run_kg
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from kg.engine import inject_values, run_store
from kg.errors import InputError, UsageError
from kg.load import load_graph
from kg.namespaces import INFERRED_GRAPH, NAIF
from kg.query import read_query
from kg.rules import infer, list_rules
from kg.store import StoreUnavailable, digest, open_store, store_path

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "SELECT * WHERE { VALUES (?o) { (<urn:o>) } ?s ?p ?o }"),
        ("SELECT * { ?s ?p ?o }", "SELECT * { VALUES (?o) { (<urn:o>) } ?s ?p ?o }"),
        ("ASK { ?s ?p ?o }", "ASK { VALUES (?o) { (<urn:o>) } ?s ?p ?o }"),
        (
            'CONSTRUCT { ?s <urn:p> "}{" } WHERE { ?s ?p ?o }',
            'CONSTRUCT { ?s <urn:p> "}{" } WHERE { VALUES (?o) { (<urn:o>) } ?s ?p ?o }',
        ),
        (
            "# WHERE {\nSELECT * WHERE { ?s <urn:x{> ?o }",
            "# WHERE {\nSELECT * WHERE { VALUES (?o) { (<urn:o>) } ?s <urn:x{> ?o }",
        ),
        (
            "SELECT * WHERE { ?s ?p '''a { b''' }",
            "SELECT * WHERE { VALUES (?o) { (<urn:o>) } ?s ?p '''a { b''' }",
        ),
    ],
)
def test_values_open_the_outermost_where_group(query: str, expected: str) -> None:
    assert inject_values(query, {"o": URIRef("urn:o")}) == expected


def test_values_reach_subqueries() -> None:
    query = "SELECT * WHERE { { SELECT ?s WHERE { ?s ?p ?o } } }"
    assert inject_values(query, {"o": URIRef("urn:o")}) == (
        "SELECT * WHERE { VALUES (?o) { (<urn:o>) } { SELECT ?s WHERE { VALUES (?o) "
        "{ (<urn:o>) } ?s ?p ?o } } }"
    )


def test_values_are_written_as_terms_never_as_text() -> None:
    text = inject_values("SELECT * WHERE { ?s ?p ?o }", {"o": Literal('x" } DROP ALL #')})
    assert 'VALUES (?o) { ("x\\" } DROP ALL #") }' in text
    with pytest.raises(UsageError, match="not a valid IRI"):
        inject_values("SELECT * WHERE { ?s ?p ?o }", {"o": URIRef("urn:a> } <urn:b")})
    with pytest.raises(InputError, match="no WHERE group"):
        inject_values("SELECT *", {"o": URIRef("urn:o")})


def test_parameters_reach_bind_and_exists_like_initial_bindings(oxigraph_store: object) -> None:
    query = """SELECT ?e WHERE {
      BIND (?wanted AS ?f)
      ?e naif:formula ?f .
      FILTER EXISTS { ?e naif:formula ?wanted }
    }"""
    result = run_store(oxigraph_store, query, bindings={"wanted": Literal("Na3SbS4")})
    assert [str(r[0]) for r in result.rows] == ["https://w3id.org/naif/data/Na3SbS4"]


def test_inferred_statements_only_when_asked(oxigraph_store: object) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?i a naif:Inference }"
    assert int(run_store(oxigraph_store, count).rows[0][0]) == 0  # type: ignore[arg-type]
    derived = int(run_store(oxigraph_store, count, inferred=True).rows[0][0])  # type: ignore[arg-type]
    assert derived == len(set(infer(load_graph(ROOT)).subjects(RDF.type, NAIF.Inference)))


def test_updates_are_refused(oxigraph_store: object) -> None:
    with pytest.raises(UsageError, match="read-only"):
        run_store(oxigraph_store, "DELETE WHERE { ?s ?p ?o }")


@pytest.mark.parametrize("rule", list_rules(ROOT), ids=lambda r: r.path.stem)
def test_every_rule_gives_the_same_verdicts_on_both_engines(
    rule: object, graph: Graph, oxigraph_store: object
) -> None:
    from kg.rules import Rule

    assert isinstance(rule, Rule)
    expected = infer(graph, rules=[rule], root=ROOT)
    bindings = {p.name: p.default for p in rule.parameters} | {"rule": rule.iri}
    got = run_store(oxigraph_store, read_query(rule.path), bindings=bindings, inferred=True)
    assert got.graph is not None

    def verdicts(g: Graph) -> set[tuple[str, str, str]]:
        return {
            (str(i), str(g.value(i, NAIF.concerns)), str(g.value(i, NAIF.outcome)))
            for i in g.subjects(RDF.type, NAIF.Inference)
        }

    assert verdicts(got.graph) == verdicts(expected)


def test_a_changed_source_gets_a_new_store_never_the_stale_one(
    project_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KG_CACHE", str(tmp_path / "cache"))
    label = "SELECT ?l WHERE { nad:Na3SbS4 rdfs:label ?l }"
    first = store_path(project_copy)
    assert [str(r[0]) for r in run_store(open_store(project_copy), label).rows] == ["Na3SbS4"]
    data = project_copy / "graph_data" / "materials.ttl"
    data.write_text(
        data.read_text(encoding="utf-8").replace(
            'rdfs:label "Na3SbS4"@en', 'rdfs:label "Na3SbS4 (changed)"@en', 1
        ),
        encoding="utf-8",
    )
    assert store_path(project_copy) != first
    rows = run_store(open_store(project_copy), label).rows
    assert [str(r[0]) for r in rows] == ["Na3SbS4 (changed)"]
    assert first.exists()  # kept: a running server may still read the previous store
    data.write_text(data.read_text(encoding="utf-8") + "\n# another change\n", encoding="utf-8")
    open_store(project_copy)
    assert not first.exists()  # two changes later it is gone
    # a source that does not load builds nothing and leaves the current store alone
    current = store_path(project_copy)
    data.write_text("nad:broken a ;\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"materials\.ttl"):
        open_store(project_copy)
    assert current.is_dir() and not store_path(project_copy).exists()


def test_digest_covers_rules_and_data(project_copy: Path) -> None:
    before = digest(project_copy)
    rule = next((project_copy / "queries" / "rules").glob("*.rq"))
    rule.write_text(rule.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert digest(project_copy) != before


def test_unwritable_cache(
    project_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should go")
    monkeypatch.setenv("KG_CACHE", str(blocker / "cache"))
    with pytest.raises(StoreUnavailable, match="cannot write the compiled store"):
        open_store(project_copy)


def test_cli_falls_back_to_rdflib_when_no_store_can_be_written(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    env = {"KG_CACHE": str(blocker / "cache")}
    proc = run_kg("query", "cq-03", "--format", "csv", env=env)
    assert proc.returncode == 0, proc.stderr
    assert "querying the sources with rdflib" in proc.stderr and "Na3Sb" in proc.stdout
    proc = run_kg("query", "cq-03", "--engine", "oxigraph", env=env)
    assert proc.returncode == 2 and "cannot write the compiled store" in proc.stderr
    assert proc.stderr.count("\n") == 1


def _rows(text: str) -> list[list[str]]:
    """CSV rows, with comma-separated lists in a cell sorted (GROUP_CONCAT has no order)."""
    return sorted(
        [",".join(sorted(cell.split(","))) for cell in row] for row in csv.reader(io.StringIO(text))
    )


def test_cli_engines_print_the_same_answers(tmp_path: Path) -> None:
    env = {"KG_CACHE": str(tmp_path / "cache")}
    for args in (["cq-01", "--param", "material=NZSP"], ["cq-07"], ["cq-48"]):
        ox = run_kg("query", *args, "--format", "csv", env=env)
        rd = run_kg("query", *args, "--format", "csv", "--engine", "rdflib", env=env)
        assert ox.returncode == 0 and rd.returncode == 0, ox.stderr
        assert _rows(ox.stdout) == _rows(rd.stdout)
        assert len(_rows(ox.stdout)) > 1


def test_a_failing_query_builds_no_store(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    proc = run_kg("query", "-", stdin="SELECT ?x WHERE { ?x", env={"KG_CACHE": str(cache)})
    assert proc.returncode == 2 and "syntax error" in proc.stderr
    assert not cache.exists()


def _as_rdflib(store: object, graph_name: object) -> Graph:
    """One graph of an Oxigraph store as an rdflib graph (plain strings as plain literals)."""
    import pyoxigraph as ox

    def term(t: object) -> object:
        if isinstance(t, ox.NamedNode):
            return URIRef(t.value)
        if isinstance(t, ox.BlankNode):
            return BNode(t.value)
        assert isinstance(t, ox.Literal)
        if t.language:
            return Literal(t.value, lang=t.language)
        if t.datatype.value == str(XSD.string):
            return Literal(t.value)
        return Literal(t.value, datatype=URIRef(t.datatype.value))

    out = Graph()
    for q in store.quads_for_pattern(None, None, None, graph_name):  # type: ignore[attr-defined]
        out.add((term(q.subject), term(q.predicate), term(q.object)))  # type: ignore[arg-type]
    return out


def _comparable(graph: Graph, *, drop: URIRef | None = None) -> set[tuple[object, ...]]:
    """Ground triples with literals compared by value (Oxigraph stores canonical forms)."""
    return {
        tuple((t.toPython(), str(t.datatype)) if isinstance(t, Literal) else t for t in triple)
        for triple in graph
        if not any(isinstance(t, BNode) for t in triple) and triple[1] != drop
    }


def test_streamed_store_holds_exactly_what_the_rdflib_loader_reads(
    oxigraph_store: object, graph: Graph, inferred_graph: Graph
) -> None:
    import pyoxigraph as ox

    curated = _as_rdflib(oxigraph_store, ox.DefaultGraph())
    assert len(curated) == len(graph)
    assert _comparable(curated) == _comparable(graph)
    derived = _as_rdflib(oxigraph_store, ox.NamedNode(INFERRED_GRAPH))
    expected = infer(graph, root=ROOT)
    assert len(derived) == len(expected)
    # the reasons print numbers as each engine writes them (2.1e-10 or 0.00000000021)
    assert _comparable(derived, drop=RDFS.comment) == _comparable(expected, drop=RDFS.comment)


def test_plain_queries_never_wait_for_the_rules(tmp_path: Path) -> None:
    env = {"KG_CACHE": str(tmp_path / "cache")}
    assert run_kg("query", "cq-03", "--format", "csv", env=env).returncode == 0
    (folder,) = (tmp_path / "cache").glob("store-*")
    assert (folder / "curated").is_dir() and not (folder / "store").exists()
    proc = run_kg("query", "cq-48", "--format", "csv", env=env)
    assert proc.returncode == 0, proc.stderr
    assert "Satisfied" in proc.stdout and (folder / "store").is_dir()


def test_a_bad_source_is_named_with_its_line(project_copy: Path, tmp_path: Path) -> None:
    data = project_copy / "graph_data" / "remedies.ttl"
    data.write_text(data.read_text(encoding="utf-8") + "\nnad:x naif:p <http://a b> .\n")
    lines = data.read_text(encoding="utf-8").count("\n")
    proc = run_kg("query", "cq-03", "--root", str(project_copy), env={"KG_CACHE": str(tmp_path)})
    assert proc.returncode == 2
    assert "remedies.ttl" in proc.stderr and f":{lines}" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr and not list(tmp_path.glob("store-*"))


HEAVY = ("pyshacl", "networkx", "bibtexparser", "matplotlib", "rdflib.plugins.sparql.parser")


@pytest.mark.parametrize(
    "command",
    [
        ["query", "cq-01"],
        ["query", "cq-14", "--param", "family=sulfides"],
        ["query", "cq-48"],
        ["ask", "which remedies address MCI for chalcogenides"],
        ["ask", "which electrolytes satisfy the Monroe criterion"],
    ],
    ids=" ".join,
)
def test_the_query_path_imports_nothing_heavy(command: list[str], tmp_path: Path) -> None:
    env = {"KG_CACHE": str(tmp_path / "cache")}
    warm = run_kg(*command, env=env)  # compiling the store may import more; answering may not
    assert warm.returncode == 0, warm.stderr
    proc = run_kg(*command, env={**env, "PYTHONPROFILEIMPORTTIME": "1"})
    assert proc.returncode == 0, proc.stderr
    imported = {line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines() if "|" in line}
    assert "pyoxigraph" in imported  # the report is real, and the store answered
    assert not imported & set(HEAVY), imported & set(HEAVY)
