"""The measured work of ``benchmarks/run.py``: one task per child process.

Run as ``python benchmarks/tasks.py TASK SPEC.json``. The spec (written by ``run.py``) names
the files and queries; the task prints JSON lines on stdout, the last one its result. Only the
standard library is imported at module level, so a task starts as fast as a bare interpreter
and everything else it imports is part of what is measured.

The ``rdflib-*`` and ``shacl`` tasks are the baseline "plain rdflib": an in-memory
``rdflib.Graph`` filled with ``Graph.parse`` and queried with ``Graph.query`` (the idiomatic
``initNs``/``initBindings``), pySHACL for shapes; they never import ``kg``. The ``kg-*`` tasks
call ``kg``'s own entry points.
"""

from __future__ import annotations

import contextlib
import json
import signal
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

Json = dict[str, Any]


def emit(record: Json) -> None:
    """Print one JSON record for the parent (flushed: a killed child keeps what it printed)."""
    print(json.dumps(record), flush=True)


class Expired(BaseException):
    """A query ran out of its time (raised by the SIGALRM handler; not an ``Exception``)."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`Expired` inside the block after ``seconds`` (when Python code runs)."""

    def expire(signum: int, frame: object) -> None:
        raise Expired

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def parse(files: list[str]) -> Any:
    """An rdflib ``Graph`` of the files (Turtle, or N-Triples for ``*.nt``)."""
    from rdflib import Graph

    graph = Graph()
    for path in files:
        graph.parse(path, format="nt" if path.endswith(".nt") else "turtle")
    return graph


def bindings_of(spec: Json) -> dict[str, Any]:
    """A question's parameter values as rdflib terms (they travel as N3)."""
    from rdflib.util import from_n3

    return {name: from_n3(text) for name, text in spec.get("bindings", {}).items()}


def rdflib_answer(graph: Any, question: Json, prefixes: dict[str, str]) -> Json:
    """Run one question on an rdflib graph and consume the answer."""
    result = graph.query(question["text"], initNs=prefixes, initBindings=bindings_of(question))
    if result.type == "ASK":
        return {"kind": "ask", "rows": int(bool(result.askAnswer))}
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return {"kind": "graph", "rows": len(result.graph)}
    return {"kind": "select", "rows": sum(1 for _ in result)}


# --------------------------------------------------------------------------------------------
# Tasks
# --------------------------------------------------------------------------------------------


def task_rdflib_load(spec: Json) -> None:
    """Plain rdflib: parse the sources into an in-memory Graph."""
    t0 = time.perf_counter()
    import rdflib  # noqa: F401

    t1 = time.perf_counter()
    graph = parse(spec["files"])
    emit({"import": t1 - t0, "seconds": time.perf_counter() - t1, "triples": len(graph)})


def task_oxigraph_load(spec: Json) -> None:
    """Oxigraph alone: bulk-load the same sources into an in-memory store (the engine's floor)."""
    t0 = time.perf_counter()
    import pyoxigraph as ox

    t1 = time.perf_counter()
    store = ox.Store()
    for path in spec["files"]:
        kind = ox.RdfFormat.N_TRIPLES if path.endswith(".nt") else ox.RdfFormat.TURTLE
        store.bulk_load(path=path, format=kind)
    emit({"import": t1 - t0, "seconds": time.perf_counter() - t1, "triples": len(store)})


def task_rdflib_query(spec: Json) -> None:
    """Plain rdflib, cold: parse the sources, answer one question."""
    graph = parse(spec["files"])
    emit(rdflib_answer(graph, spec["question"], spec["prefixes"]))


def _suite(
    questions: list[Json],
    answer: Callable[[Json], Json],
    spec: Json,
    *,
    only: Callable[[Json], bool] = lambda q: True,
) -> None:
    """Time each question: a warm-up run, then up to ``repeats`` runs within ``budget`` s."""
    repeats, budget, limit = int(spec["repeats"]), float(spec["budget"]), float(spec["limit"])
    skip: dict[str, list[Any]] = spec.get("skip", {})  # name: [why, estimated seconds]
    for question in questions:
        if not only(question):
            continue
        record: Json = {"cq": question["name"]}
        if question["name"] in skip:
            why, estimate = skip[question["name"]]
            emit(record | {"skipped": why, "estimate": estimate})
            continue
        times: list[float] = []
        try:
            with time_limit(limit):
                started = time.perf_counter()
                got = answer(question)  # warm-up: parses the query, fills caches
                first = time.perf_counter() - started
            while len(times) < repeats and sum(times) + first < budget:
                with time_limit(limit):
                    started = time.perf_counter()
                    got = answer(question)
                    times.append(time.perf_counter() - started)
            times = times or [first]
            record |= got | {"median": statistics.median(times), "runs": len(times)}
        except Expired:
            record["over"] = limit
        except Exception as exc:  # a failing question must not end the suite
            record["error"] = f"{type(exc).__name__}: {exc}"[:300]
        emit(record)


NO_RULES = "not measured: the compiled store has no derived statements (compile did not finish)"


def task_rdflib_suite(spec: Json) -> None:
    """Plain rdflib, warm: parse once, then every question; rules' statements added last."""
    started = time.perf_counter()
    graph = parse(spec["files"])
    emit({"setup": "parse", "seconds": time.perf_counter() - started, "triples": len(graph)})
    questions, prefixes = spec["questions"], spec["prefixes"]

    def answer(q: Json) -> Json:
        return rdflib_answer(graph, q, prefixes)

    _suite(questions, answer, spec, only=lambda q: not q["inferred"])
    inferred = [q for q in questions if q["inferred"]]
    if not spec.get("derived"):
        for q in inferred:
            emit({"cq": q["name"], "skipped": NO_RULES})
    elif inferred:
        # questions about the rules' verdicts see the curated and the derived statements
        for path in spec["derived"]:
            graph.parse(path, format="nt")
        _suite(inferred, answer, spec)


def task_oxigraph_suite(spec: Json) -> None:
    """Oxigraph alone, warm: the compiled store, the query text with its VALUES, no ``kg``."""
    import pyoxigraph as ox

    started = time.perf_counter()
    store = ox.Store.read_only(spec["store"])
    emit({"setup": "open", "seconds": time.perf_counter() - started})
    prefixes = spec["prefixes"]

    def answer(q: Json) -> Json:
        result = store.query(
            q["with_values"], prefixes=prefixes, use_default_graph_as_union=q["inferred"]
        )
        if isinstance(result, ox.QueryBoolean):
            return {"kind": "ask", "rows": int(bool(result))}
        if isinstance(result, ox.QueryTriples):
            return {"kind": "graph", "rows": sum(1 for _ in result)}
        names = [v.value for v in result.variables]
        rows = [tuple(solution[n] for n in names) for solution in result]
        return {"kind": "select", "rows": len(rows)}

    _suite(spec["questions"], answer, spec, only=lambda q: spec["rules"] or not q["inferred"])
    for q in spec["questions"] if not spec["rules"] else []:
        if q["inferred"]:
            emit({"cq": q["name"], "skipped": NO_RULES})


def task_kg_suite(spec: Json) -> None:
    """``kg``, warm: ``kg.store.open_store``, then ``kg.engine.run_store`` per question.

    This is what ``kg query`` does after its start-up, without printing: the curated store
    for most questions, the store with the rules' statements for those about rule verdicts.
    """
    import inspect

    started = time.perf_counter()
    from kg.engine import run_store
    from kg.store import open_store

    lean = "inferred" in inspect.signature(open_store).parameters
    store = open_store(spec["root"], inferred=False) if lean else open_store(spec["root"])
    emit({"setup": "open", "seconds": time.perf_counter() - started})
    stores = {False: store}

    def answer(q: Json) -> Json:
        result = run_store(
            stores[q["inferred"]],
            q["text"],
            bindings=bindings_of(q),
            inferred=q["inferred"],
            source=q["name"],
        )
        if result.kind == "ask":
            return {"kind": "ask", "rows": int(bool(result.boolean))}
        if result.kind == "graph":
            return {"kind": "graph", "rows": len(result.graph or ())}
        return {"kind": "select", "rows": len(result.rows)}

    _suite(spec["questions"], answer, spec, only=lambda q: not q["inferred"])
    inferred = [q for q in spec["questions"] if q["inferred"]]
    if not spec["rules"]:
        for q in inferred:
            emit({"cq": q["name"], "skipped": NO_RULES})
    elif inferred:
        stores[True] = open_store(spec["root"])  # built by the compile: opening it is quick
        _suite(inferred, answer, spec)


def task_shacl(spec: Json) -> None:
    """Plain rdflib and pySHACL: parse, validate against the shapes, run the checks."""
    import logging

    import pyshacl

    logging.getLogger("pyshacl").setLevel(logging.CRITICAL)
    t0 = time.perf_counter()
    data = parse(spec["files"])
    shapes = parse(spec["shapes"])
    t1 = time.perf_counter()
    conforms, _results, _text = pyshacl.validate(
        data,
        shacl_graph=shapes,
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
        advanced=True,
    )
    t2 = time.perf_counter()
    defects = 0
    for path in spec["checks"]:
        text = Path(path).read_text(encoding="utf-8")
        defects += sum(1 for _ in data.query(text, initNs=spec["prefixes"]))
    t3 = time.perf_counter()
    emit(
        {
            "parse": t1 - t0,
            "shacl": t2 - t1,
            "checks": t3 - t2,
            "seconds": t3 - t0,
            "conforms": bool(conforms) and not defects,
        }
    )


def task_rdflib_export(spec: Json) -> None:
    """Plain rdflib: parse, collect the ``depth``-hop neighbourhood of the focus, write Turtle."""
    from rdflib import Graph, Literal, URIRef

    graph = parse(spec["files"])
    seen = {URIRef(spec["focus"])}
    frontier = set(seen)
    out = Graph()
    for _ in range(int(spec["depth"])):
        reached = set()
        for node in frontier:
            for s, p, o in graph.triples((node, None, None)):
                out.add((s, p, o))
                reached.add(o)
            for s, p, o in graph.triples((None, None, node)):
                out.add((s, p, o))
                reached.add(s)
        frontier = {n for n in reached if not isinstance(n, Literal)} - seen
        seen |= frontier
    out.serialize(spec["output"], format="turtle")
    emit({"triples": len(out)})


def task_prepare(spec: Json) -> None:
    """What the baseline needs besides the Turtle, and the compiled store's size.

    Writes the references as N-Triples (``kg.bib`` turns BibTeX into the triples ``kg`` loads;
    plain rdflib cannot read BibTeX, so it gets them ready-made) and, when the store exists,
    the rules' derived statements (its named graphs) as N-Triples.
    """
    out: Json = {}
    with contextlib.suppress(Exception):  # no references for the baseline: reported as such
        from rdflib import Graph

        from kg.bib import entries_to_graph, parse_bibtex

        references = Graph()
        for bib in spec["bib"]:
            references += entries_to_graph(parse_bibtex(Path(bib)))
        references.serialize(spec["references"], format="nt", encoding="utf-8")
        out["references"] = len(references)
    if spec.get("store"):
        import pyoxigraph as ox

        store = ox.Store.read_only(spec["store"])
        graphs: dict[str, int] = {}
        derived = []
        for number, name in enumerate(sorted(store.named_graphs(), key=str)):
            path = f"{spec['derived_prefix']}{number}.nt"
            store.dump(path, ox.RdfFormat.N_TRIPLES, from_graph=name)
            graphs[name.value] = sum(1 for _ in store.quads_for_pattern(None, None, None, name))
            derived.append(path)
        graphs["default"] = len(store) - sum(graphs.values())
        out |= {"graphs": graphs, "derived": derived}
    emit(out)


def task_digest(spec: Json) -> None:
    """How long ``kg.store.digest`` (the hash of the sources every ``kg query`` computes) takes."""
    from kg.store import digest

    times = []
    for _ in range(5):
        started = time.perf_counter()
        digest(spec["root"])
        times.append(time.perf_counter() - started)
    emit({"seconds": statistics.median(times)})


TASKS: dict[str, Callable[[Json], None]] = {
    "rdflib-load": task_rdflib_load,
    "oxigraph-load": task_oxigraph_load,
    "rdflib-query": task_rdflib_query,
    "rdflib-suite": task_rdflib_suite,
    "oxigraph-suite": task_oxigraph_suite,
    "kg-suite": task_kg_suite,
    "shacl": task_shacl,
    "rdflib-export": task_rdflib_export,
    "prepare": task_prepare,
    "digest": task_digest,
}


def main(argv: list[str]) -> int:
    """``tasks.py TASK SPEC.json``."""
    task, spec_path = argv
    TASKS[task](json.loads(Path(spec_path).read_text(encoding="utf-8")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
