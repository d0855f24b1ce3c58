"""Speed and scale benchmarks of ``kg`` against plain rdflib; writes ``docs/benchmarks.md``.

Usage::

    python benchmarks/run.py                          # the curated graph, 10k and 100k
    python benchmarks/run.py --sizes 1M               # adds 1M to the report, keeps the rest
    python benchmarks/run.py --sizes curated --repeats 20

Per size (``curated`` is this checkout; ``10k``, ``100k``, ``1M``, ``10M`` are synthetic
projects from ``benchmarks/generate.py``, written under ``--work``, default
``/tmp/naif-bench``) it measures, each in a child process of its own (wall time, peak
resident memory from ``os.wait4``, so measurements do not contaminate each other):

* loading: rdflib parsing the Turtle into an in-memory ``Graph``, ``kg.load.load`` (rdflib
  plus term checks and BibTeX), raw ``pyoxigraph.Store().bulk_load`` of the same Turtle, and
  ``kg.store.compile_store`` into an empty cache, with a step-by-step breakdown of the
  compile; and a prototype that builds the same store with the rules run by Oxigraph;
* cold starts (median of whole processes): ``python -c pass``, ``kg ask``, ``kg query cq-02``
  on the compiled store and with ``--engine rdflib``, and plain rdflib (parse, then cq-02);
* warm latency of every competency question with its default parameters (median over
  repeats) on rdflib's in-memory engine and on the compiled store (``kg.engine.run_store``);
* ``kg.validate`` (shapes and checks) and ``kg export --focus Na3SbS4 --depth 2``.

Every measurement has a time limit (``--limit``, 600 s); one that runs out is recorded as
"over N s". The results are kept, as JSON, in a comment at the end of the report, so a later
run of other sizes adds to them. Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib.util
import json
import math
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DOC = REPO / "docs" / "benchmarks.md"
WORK = Path("/tmp/naif-bench")
KG = Path(sys.executable).parent / "kg"
COLD_NAMES = (
    "python -c pass",
    "python -c 'import rdflib'",
    "kg ask",
    "kg query (oxigraph)",
    "kg query --engine rdflib",
    "plain rdflib: parse + query",
)
QUESTION = "which remedies address MCI for chalcogenides"
COLD_QUERY = "cq-02"
EXPORT_FOCUS = "Na3SbS4"
RESULTS_OPEN = "<!-- benchmark-results"
RESULTS_CLOSE = "-->"
DEFAULT_SIZES = ("curated", "10k", "100k")
SIZE_ORDER = ("curated", "10k", "100k", "1M", "10M")

Json = dict[str, Any]
#: The warm-latency engines: rdflib in memory, kg's run_store, Oxigraph alone.
ENGINES = ("rdflib", "oxigraph", "oxigraph-raw")


def _load_generate() -> Any:
    spec = importlib.util.spec_from_file_location("naif_bench_generate", HERE / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def log(message: str) -> None:
    """A progress line on stderr, with the time of day."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------
# Child processes
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChildRun:
    """One finished child process: wall time, peak memory, exit, output."""

    wall: float
    rss_mb: float
    returncode: int
    stdout: str
    stderr: str
    timed_out: bool

    def records(self) -> list[Json]:
        """The JSON objects the child printed, one per line (the others are skipped)."""
        found = []
        for line in self.stdout.splitlines():
            if line.startswith("{"):
                with contextlib.suppress(json.JSONDecodeError):
                    found.append(json.loads(line))
        return found

    def last(self) -> Json:
        """The last JSON object the child printed (empty if none)."""
        records = self.records()
        return records[-1] if records else {}

    def failure(self) -> str | None:
        """Why the run did not succeed, or None."""
        if self.timed_out:
            return "timeout"
        if self.returncode != 0:
            tail = self.stderr.strip().splitlines()[-1:] or [f"exit code {self.returncode}"]
            return tail[0][:200]
        return None


def run_child(
    command: Sequence[str | Path],
    *,
    env: dict[str, str] | None = None,
    timeout: float | None = None,
    cwd: Path | None = None,
) -> ChildRun:
    """Run ``command`` to its end (or kill it after ``timeout`` s); measure it with wait4."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [str(c) for c in command],
            stdout=out,
            stderr=err,
            env=env,
            cwd=cwd,
            start_new_session=True,  # its own process group, so a timeout ends all of it
        )
        expired = threading.Event()

        def stop() -> None:
            expired.set()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, stop) if timeout else None
        if timer is not None:
            timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        if timer is not None:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return ChildRun(
            wall=wall,
            rss_mb=usage.ru_maxrss / 1024,  # Linux: kilobytes
            returncode=proc.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
            timed_out=expired.is_set(),
        )


def child_env(cache: Path | None = None) -> dict[str, str]:
    """The environment of a child: ours without KG_* settings, plus ``KG_CACHE``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    if cache is not None:
        env["KG_CACHE"] = str(cache)
    return env


def child(task: str, *args: str | Path) -> list[str | Path]:
    """The command line that runs ``task`` of this script in a child process."""
    return [sys.executable, Path(__file__), "_child", task, *args]


# --------------------------------------------------------------------------------------------
# What the children do (``python run.py _child TASK ...``); each prints JSON lines
# --------------------------------------------------------------------------------------------


def turtle_files(root: Path) -> list[Path]:
    """The Turtle that ``kg.load`` reads: ontology modules (not shapes) and data files."""
    ontology = sorted(p for p in (root / "ontology").glob("*.ttl") if "-shapes" not in p.name)
    return ontology + sorted((root / "graph_data").rglob("*.ttl"))


def emit(record: Json) -> None:
    """Print one JSON record for the parent (flushed, so a killed child keeps its steps)."""
    print(json.dumps(record), flush=True)


class Expired(BaseException):  # not Exception: kg.query turns those into InputError
    """A query ran out of its time (raised from a SIGALRM handler)."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`Expired` in the block after ``seconds`` (pure-Python code only)."""

    def expire(signum: int, frame: object) -> None:
        raise Expired

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def task_rdflib_parse(root: Path) -> None:
    """Parse the Turtle into one in-memory rdflib Graph."""
    t0 = time.perf_counter()
    from rdflib import Graph

    t1 = time.perf_counter()
    graph = Graph()
    for path in turtle_files(root):
        graph.parse(path, format="turtle")
    emit({"import": t1 - t0, "seconds": time.perf_counter() - t1, "triples": len(graph)})


def task_kg_load(root: Path) -> None:
    """``kg.load.load``: rdflib parsing, term checks, BibTeX."""
    t0 = time.perf_counter()
    from kg.load import load

    t1 = time.perf_counter()
    loaded = load(root)
    emit({"import": t1 - t0, "seconds": time.perf_counter() - t1, "triples": len(loaded.graph)})


def task_oxigraph_load(root: Path) -> None:
    """Raw ``pyoxigraph.Store().bulk_load`` of the same Turtle (in memory)."""
    t0 = time.perf_counter()
    import pyoxigraph as ox

    t1 = time.perf_counter()
    store = ox.Store()
    for path in turtle_files(root):
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    emit({"import": t1 - t0, "seconds": time.perf_counter() - t1, "triples": len(store)})


def _graph_sizes(store: Any) -> dict[str, int]:
    rows = store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    named = {row["g"].value: int(row["n"].value) for row in rows}
    total = len(store)
    return {"default": total - sum(named.values()), **named}


def task_compile(root: Path) -> None:
    """``kg.store.compile_store`` into the (empty) cache named by ``KG_CACHE``."""
    t0 = time.perf_counter()
    import pyoxigraph as ox

    from kg.store import compile_store

    t1 = time.perf_counter()
    path = compile_store(root)
    seconds = time.perf_counter() - t1
    store = ox.Store.read_only(str(path / "store"))
    emit({"import": t1 - t0, "seconds": seconds, "graphs": _graph_sizes(store)})


def task_compile_steps(root: Path) -> None:
    """The steps of ``compile_store`` (and of ``kg.rules.infer``), timed one by one."""
    import pyoxigraph as ox
    from rdflib import Graph

    from kg.load import load_graph
    from kg.namespaces import INFERRED_GRAPH
    from kg.query import read_query, run
    from kg.rules import composition, list_rules

    def step(name: str, started: float) -> float:
        now = time.perf_counter()
        emit({"step": name, "seconds": now - started})
        return now

    t = time.perf_counter()
    graph = load_graph(root)
    t = step("kg.load: rdflib parse, checks, BibTeX", t)
    derived = composition(graph)
    t = step("rules: formula composition (Python)", t)
    work = Graph()
    work += graph
    work += derived
    t = step("rules: copy into a working graph", t)
    for rule in list_rules(root):
        bindings = {p.name: p.default for p in rule.parameters} | {"rule": rule.iri}
        result = run(work, read_query(rule.path), bindings=bindings, source=str(rule.path))
        assert result.graph is not None
        derived += result.graph
        t = step(f"rule {rule.path.stem} (rdflib)", t)
    data = graph.serialize(format="nt", encoding="utf-8")
    inferred = derived.serialize(format="nt", encoding="utf-8")
    t = step("serialize N-Triples (rdflib)", t)
    with tempfile.TemporaryDirectory() as folder:
        store = ox.Store(folder)
        store.bulk_load(data, ox.RdfFormat.N_TRIPLES)
        store.bulk_load(inferred, ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(INFERRED_GRAPH))
        store.flush()
        step("oxigraph bulk_load and flush", t)
        del store


def task_oxigraph_store(root: Path) -> None:
    """Prototype: the compiled store built without rdflib, the rules run by Oxigraph.

    Same content as ``compile_store`` (default graph: ontology, data, references; named graph
    ``INFERRED_GRAPH``: formula composition, rule labels and the rules' statements), written
    where ``kg.store.store_path`` says (``KG_CACHE``), so ``kg query`` uses it. This is the
    benchmark's sketch of a faster compile, not code of the package.
    """
    import pyoxigraph as ox
    from rdflib.namespace import RDFS

    from kg.bib import entries_to_graph, parse_bibtex
    from kg.engine import inject_values
    from kg.errors import InputError
    from kg.formula import elements
    from kg.namespaces import ELEM, INFERRED_GRAPH, NAIF, PREFIXES
    from kg.query import read_query
    from kg.rules import list_rules
    from kg.store import store_path

    prefixes = {k: str(v) for k, v in PREFIXES.items()}
    inferred = ox.NamedNode(INFERRED_GRAPH)
    rdfs_label = ox.NamedNode(str(RDFS.label))
    target = store_path(root)
    target.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=".building-", dir=target.parent))
    start = t = time.perf_counter()

    def step(name: str, started: float) -> float:
        now = time.perf_counter()
        emit({"step": name, "seconds": now - started})
        return now

    store = ox.Store(str(building / "store"))
    for path in turtle_files(root):
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    t = step("oxigraph bulk_load of the Turtle", t)
    for bib in sorted((root / "graph_data").glob("*.bib")):
        references = entries_to_graph(parse_bibtex(bib))
        store.bulk_load(references.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
    t = step("BibTeX (bibtexparser, rdflib, bulk_load)", t)
    lines = []
    for row in store.query("SELECT ?m ?f WHERE { ?m naif:formula ?f }", prefixes=prefixes):
        try:
            symbols = elements(row["f"].value)
        except InputError:
            continue
        subject = row["m"]
        if not isinstance(subject, ox.NamedNode):
            continue
        lines += [f"<{subject.value}> <{NAIF.containsElement}> <{ELEM[s]}> .\n" for s in symbols]
    store.bulk_load("".join(sorted(set(lines))), ox.RdfFormat.N_TRIPLES, to_graph=inferred)
    t = step("rules: formula composition (Python)", t)
    derived: list[Any] = []
    for rule in list_rules(root):
        bindings = {p.name: p.default for p in rule.parameters} | {"rule": rule.iri}
        text = inject_values(read_query(rule.path), bindings)
        answer = store.query(text, prefixes=prefixes, default_graph=[ox.DefaultGraph(), inferred])
        derived += [ox.Quad(x.subject, x.predicate, x.object, inferred) for x in answer]
        label = ox.Literal(rule.title)  # as kg.rules.infer labels each rule
        derived.append(ox.Quad(ox.NamedNode(str(rule.iri)), rdfs_label, label, inferred))
        t = step(f"rule {rule.path.stem} (oxigraph)", t)
    store.bulk_extend(derived)
    store.flush()
    t = step("oxigraph bulk_extend and flush", t)
    sizes = _graph_sizes(store)
    del store
    if target.is_dir():
        shutil.rmtree(building, ignore_errors=True)
    else:
        os.replace(building, target)
    emit({"seconds": time.perf_counter() - start, "graphs": sizes})


def _bindings(question: Any) -> Any:
    return question.bindings()


@dataclass(frozen=True)
class RawResult:
    """Oxigraph's answer, consumed, shaped like :class:`kg.query.QueryResult` for counting."""

    kind: str
    rows: tuple[Any, ...]
    boolean: bool = False

    @property
    def graph(self) -> tuple[Any, ...]:
        """The triples of a CONSTRUCT (the rows)."""
        return self.rows


def task_cq_suite(
    engine: str, root: Path, repeats: str, budget: str, limit: str, setup_limit: str
) -> None:
    """Warm latency of every competency question (default parameters) on one engine."""
    from kg.cq import list_questions

    questions = list_questions(root)
    t0 = time.perf_counter()
    runner: Callable[[Any], Any]
    if engine == "rdflib":
        from kg.load import load_graph
        from kg.query import run

        graph = load_graph(root)
        emit({"setup": "load", "seconds": time.perf_counter() - t0, "triples": len(graph)})
        union: Any = None
        if any(q.graph == "inferred" for q in questions):
            from kg.rules import with_inferred

            t1 = time.perf_counter()
            try:
                with time_limit(float(setup_limit)):
                    union = with_inferred(graph, root=root)
                emit({"setup": "inferred", "seconds": time.perf_counter() - t1})
            except Expired:
                emit({"setup": "inferred", "over": float(setup_limit)})

        def runner(q: Any) -> Any:
            target = union if q.graph == "inferred" else graph
            if target is None:  # the inferred graph was not built within the setup limit
                raise Expired
            return run(target, q.text(), bindings=_bindings(q), source=q.name)

    elif engine == "oxigraph":
        from kg.engine import run_store
        from kg.store import open_store

        store = open_store(root)
        emit({"setup": "open store", "seconds": time.perf_counter() - t0, "triples": len(store)})

        def runner(q: Any) -> Any:
            return run_store(
                store,
                q.text(),
                bindings=_bindings(q),
                inferred=q.graph == "inferred",
                source=q.name,
            )

    else:  # "oxigraph-raw": the engine alone, without kg.query.prepare's rdflib parse
        import pyoxigraph as ox

        from kg.engine import inject_values
        from kg.namespaces import PREFIXES
        from kg.store import open_store

        store = open_store(root)
        prefixes = {k: str(v) for k, v in PREFIXES.items()}
        emit({"setup": "open store", "seconds": time.perf_counter() - t0, "triples": len(store)})

        def runner(q: Any) -> Any:
            text = inject_values(q.text(), _bindings(q))
            inferred = q.graph == "inferred"
            answer = store.query(text, prefixes=prefixes, use_default_graph_as_union=inferred)
            if isinstance(answer, ox.QueryBoolean):
                return RawResult("ask", (), bool(answer))
            if isinstance(answer, ox.QueryTriples):
                return RawResult("graph", tuple(answer))
            names = [v.value for v in answer.variables]
            return RawResult("select", tuple(tuple(s[n] for n in names) for s in answer))

    for q in questions:
        record: Json = {"cq": q.name}
        times: list[float] = []
        try:
            with time_limit(float(limit)):
                started = time.perf_counter()
                result = runner(q)  # warm-up: parses the query, fills caches
                first = time.perf_counter() - started
            if first > float(budget):
                times = [first]
            else:
                while len(times) < int(repeats) and sum(times) + first < float(budget):
                    with time_limit(float(limit)):
                        started = time.perf_counter()
                        result = runner(q)
                        times.append(time.perf_counter() - started)
                times = times or [first]
            record |= {"median": statistics.median(times), "runs": len(times), "kind": result.kind}
            if result.kind == "select":
                record["rows"] = len(result.rows)
            elif result.kind == "graph":
                record["rows"] = len(result.graph)
            else:
                record["rows"] = int(bool(result.boolean))
        except Expired:
            record["over"] = float(limit)
        except Exception as exc:
            record["error"] = f"{type(exc).__name__}: {exc}"[:200]
        emit(record)


def task_validate(root: Path) -> None:
    """``kg.validate.validate_project``: load, SHACL shapes, checks."""
    t0 = time.perf_counter()
    from kg.validate import validate_project

    t1 = time.perf_counter()
    report = validate_project(root)
    emit(
        {
            "import": t1 - t0,
            "seconds": time.perf_counter() - t1,
            "conforms": report.conforms,
            "violations": len(report.violations),
            "warnings": len(report.warnings),
        }
    )


def task_rdflib_cq(root: Path, name: str) -> None:
    """Plain rdflib, cold: parse the Turtle, run one competency question, print its rows."""
    from rdflib import Graph

    from kg.cq import find_question
    from kg.namespaces import PREFIXES

    graph = Graph()
    for path in turtle_files(root):
        graph.parse(path, format="turtle")
    question = find_question(name, root)
    rows = list(graph.query(question.text(), initNs=PREFIXES, initBindings=question.bindings()))
    emit({"rows": len(rows)})


def task_digest(root: Path) -> None:
    """How long ``kg.store.digest`` takes (every ``kg query`` computes it)."""
    from kg.store import digest

    times = []
    for _ in range(5):
        started = time.perf_counter()
        digest(root)
        times.append(time.perf_counter() - started)
    emit({"seconds": statistics.median(times)})


TASKS: dict[str, Callable[..., None]] = {
    "rdflib-parse": task_rdflib_parse,
    "kg-load": task_kg_load,
    "oxigraph-load": task_oxigraph_load,
    "compile": task_compile,
    "compile-steps": task_compile_steps,
    "oxigraph-store": task_oxigraph_store,
    "cq-suite": task_cq_suite,
    "validate": task_validate,
    "rdflib-cq": task_rdflib_cq,
    "digest": task_digest,
}


def run_task(argv: Sequence[str]) -> int:
    """Entry point of a child: ``_child TASK ROOT [ARGS...]``."""
    task, *args = argv
    if task == "cq-suite":
        engine, root, *rest = args
        task_cq_suite(engine, Path(root), *rest)
    else:
        TASKS[task](Path(args[0]), *args[1:])
    return 0


# --------------------------------------------------------------------------------------------
# Measurements (parent side)
# --------------------------------------------------------------------------------------------


@dataclass
class Settings:
    """Options of one benchmark run."""

    work: Path
    seed: int
    repeats: int
    load_repeats: int
    cq_repeats: int
    cq_budget: float
    query_limit: float
    setup_limit: float
    limit: float


def repeat_count(first: float, wanted: int) -> int:
    """How many runs to make in all, given how long the first took."""
    if first > 60:
        return 1
    if first > 5:
        return min(wanted, 3)
    return wanted


def measure_load(task: str, root: Path, settings: Settings, *, cache: bool = False) -> Json:
    """A load-type task in fresh child processes: median time, peak memory, failures."""
    runs: list[ChildRun] = []
    wanted = settings.load_repeats
    while len(runs) < wanted:
        scratch = Path(tempfile.mkdtemp(prefix="cache-", dir=settings.work)) if cache else None
        try:
            done = run_child(child(task, root), env=child_env(scratch), timeout=settings.limit)
        finally:
            if scratch is not None:
                shutil.rmtree(scratch, ignore_errors=True)
        runs.append(done)
        if done.failure():
            break
        wanted = repeat_count(done.wall, settings.load_repeats)
    ok = [r for r in runs if not r.failure()]
    out: Json = {"runs": len(ok)}
    if not ok:
        failure = runs[-1].failure()
        if failure == "timeout":
            out["over"] = settings.limit
        else:
            out["error"] = failure
        out["rss_mb"] = runs[-1].rss_mb
        return out
    out["seconds"] = statistics.median(r.last().get("seconds", r.wall) for r in ok)
    out["wall"] = statistics.median(r.wall for r in ok)
    out["rss_mb"] = max(r.rss_mb for r in ok)
    out["import"] = statistics.median(r.last().get("import", 0.0) for r in ok)
    for key in ("triples", "graphs", "conforms", "violations", "warnings"):
        if key in ok[-1].last():
            out[key] = ok[-1].last()[key]
    return out


def measure_steps(task: str, root: Path, settings: Settings, cache: Path | None) -> Json:
    """A task that reports steps (compile breakdown, Oxigraph prototype), run once."""
    done = run_child(child(task, root), env=child_env(cache), timeout=settings.limit)
    steps = {r["step"]: r["seconds"] for r in done.records() if "step" in r}
    out: Json = {"steps": steps, "rss_mb": done.rss_mb, "wall": done.wall}
    failure = done.failure()
    if failure == "timeout":
        out["over"] = settings.limit
    elif failure:
        out["error"] = failure
    else:
        final = done.last()
        out["seconds"] = final.get("seconds", sum(steps.values()))
        if "graphs" in final:
            out["graphs"] = final["graphs"]
    return out


def measure_cold(name: str, command: Sequence[str | Path], settings: Settings, cache: Path) -> Json:
    """Median wall time of whole processes running ``command``."""
    times: list[float] = []
    rss: list[float] = []
    wanted = settings.repeats
    while len(times) < wanted:
        done = run_child(command, env=child_env(cache), timeout=settings.limit, cwd=settings.work)
        failure = done.failure()
        if failure:
            log(f"  {name}: {failure}")
            return {"runs": len(times), "over" if failure == "timeout" else "error": failure}
        times.append(done.wall)
        rss.append(done.rss_mb)
        wanted = repeat_count(times[0], settings.repeats)
    return {
        "median": statistics.median(times),
        "min": min(times),
        "runs": len(times),
        "rss_mb": max(rss),
    }


def measure_cq_suite(engine: str, root: Path, settings: Settings, cache: Path) -> Json:
    """Warm latency per competency question on one engine (one child process)."""
    command = child(
        "cq-suite",
        engine,
        root,
        str(settings.cq_repeats),
        str(settings.cq_budget),
        str(settings.query_limit),
        str(settings.setup_limit),
    )
    done = run_child(command, env=child_env(cache), timeout=max(settings.limit, 7200))
    records = done.records()
    out: Json = {
        "setup": {r["setup"]: r for r in records if "setup" in r},
        "questions": {r["cq"]: r for r in records if "cq" in r},
        "rss_mb": done.rss_mb,
    }
    failure = done.failure()
    if failure:
        out["error"] = failure
    return out


def project_stats(root: Path) -> Json:
    """Files and bytes of a project's sources."""
    ttl = turtle_files(root)
    bibs = sorted((root / "graph_data").glob("*.bib"))
    entries = sum(p.read_text(encoding="utf-8").count("\n@") + 1 for p in bibs)
    marker = root / "bench-project.json"
    generated = json.loads(marker.read_text(encoding="utf-8")) if marker.is_file() else {}
    return {
        "ttl_files": len(ttl),
        "ttl_mb": sum(p.stat().st_size for p in ttl) / 1e6,
        "bib_entries": entries,
        "generated": {k: v for k, v in generated.items() if k != "files"},
    }


def ensure_project(size: str, settings: Settings) -> tuple[Path, float | None]:
    """The project folder of ``size``, generated unless an identical one exists."""
    if size == "curated":
        return REPO, None
    generate = _load_generate()
    target = generate.parse_size(size)
    root = settings.work / f"naif-{size}"
    marker = root / generate.MARKER
    if marker.is_file():
        made = json.loads(marker.read_text(encoding="utf-8"))
        same = (made.get("generator"), made.get("seed"), made.get("target"))
        if same == (generate.GENERATOR_VERSION, settings.seed, target):
            log(f"{size}: reusing {root}")
            return root, None
    log(f"{size}: generating {root}")
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            HERE / "generate.py",
            "--triples",
            size,
            "--out",
            root,
            "--force",
            "--seed",
            str(settings.seed),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    assert done.returncode == 0
    return root, time.perf_counter() - started


def store_ready(root: Path, cache: Path) -> bool:
    """Whether the cache holds the store for the project's current sources."""
    env_before = os.environ.get("KG_CACHE")
    os.environ["KG_CACHE"] = str(cache)
    try:
        from kg.store import store_path

        return store_path(root).is_dir()
    finally:
        if env_before is None:
            os.environ.pop("KG_CACHE", None)
        else:
            os.environ["KG_CACHE"] = env_before


def adopt_store(scratch: Path, cache: Path) -> None:
    """Move the stores built in ``scratch`` into ``cache`` unless it has them already."""
    cache.mkdir(parents=True, exist_ok=True)
    for built in scratch.glob("store-*"):
        if not (cache / built.name).exists():
            os.replace(built, cache / built.name)


def benchmark_size(size: str, settings: Settings) -> Json:
    """Every measurement for one size."""
    root, generation = ensure_project(size, settings)
    cache = settings.work / f"cache-{size}"
    result: Json = {
        "size": size,
        "root": str(root),
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": machine(),
        "versions": versions(),
        "load_before": list(os.getloadavg()),
        "project": project_stats(root),
        "settings": {k: str(v) for k, v in vars(settings).items()},
    }
    if generation is not None:
        result["project"]["generation_seconds"] = generation

    log(f"{size}: loading ({', '.join(('rdflib', 'kg.load', 'oxigraph'))})")
    load: Json = {}
    load["rdflib-parse"] = measure_load("rdflib-parse", root, settings)
    load["kg-load"] = measure_load("kg-load", root, settings)
    load["oxigraph-bulk"] = measure_load("oxigraph-load", root, settings)
    log(f"{size}: compile_store (limit {settings.limit:.0f} s)")
    scratch = Path(tempfile.mkdtemp(prefix="compile-", dir=settings.work))
    done = run_child(child("compile", root), env=child_env(scratch), timeout=settings.limit)
    compile_result: Json = {"rss_mb": done.rss_mb, "wall": done.wall, "runs": 1}
    if done.failure() == "timeout":
        compile_result["over"] = settings.limit
    elif done.failure():
        compile_result["error"] = done.failure()
    else:
        compile_result |= {"seconds": done.last()["seconds"], "graphs": done.last()["graphs"]}
        adopt_store(scratch, cache)
        if done.wall < 60 and settings.load_repeats > 1:
            more = measure_load("compile", root, settings, cache=True)
            if "seconds" in more:
                runs = more["runs"]
                compile_result["seconds"] = statistics.median(
                    [compile_result["seconds"]] + [more["seconds"]] * runs
                )
                compile_result["runs"] += runs
                compile_result["rss_mb"] = max(compile_result["rss_mb"], more["rss_mb"])
    shutil.rmtree(scratch, ignore_errors=True)
    load["compile"] = compile_result
    log(f"{size}: compile steps, one by one")
    load["compile-steps"] = measure_steps("compile-steps", root, settings, None)
    log(f"{size}: prototype store with the rules on Oxigraph")
    scratch = Path(tempfile.mkdtemp(prefix="oxistore-", dir=settings.work))
    load["oxigraph-store"] = measure_steps("oxigraph-store", root, settings, scratch)
    store_source = "kg.store.compile_store"
    if not store_ready(root, cache) and "seconds" in load["oxigraph-store"]:
        adopt_store(scratch, cache)
        store_source = "the prototype (rules on Oxigraph): compile_store did not finish"
    shutil.rmtree(scratch, ignore_errors=True)
    result["load"] = load
    has_store = store_ready(root, cache)
    result["store_used"] = store_source if has_store else None

    log(f"{size}: cold starts ({settings.repeats} runs each, fewer when slow)")
    cold: Json = {}
    commands: list[tuple[str, list[str | Path], bool]] = [
        ("python -c pass", [sys.executable, "-c", "pass"], False),
        ("python -c 'import rdflib'", [sys.executable, "-c", "import rdflib"], False),
        ("kg ask", [KG, "ask", QUESTION, "--root", root], False),
        ("kg query (oxigraph)", [KG, "query", COLD_QUERY, "--root", root], True),
        (
            "kg query --engine rdflib",
            [KG, "query", COLD_QUERY, "--root", root, "--engine", "rdflib"],
            False,
        ),
        ("plain rdflib: parse + query", child("rdflib-cq", root, COLD_QUERY), False),
    ]
    for name, command, needs_store in commands:
        if needs_store and not has_store:
            cold[name] = {"error": "no compiled store"}
            continue
        log(f"  {name}")
        cold[name] = measure_cold(name, command, settings, cache)
    digest = run_child(child("digest", root), env=child_env(cache), timeout=settings.limit)
    cold["source digest (in kg query)"] = {"median": digest.last().get("seconds")}
    result["cold"] = cold

    log(f"{size}: warm competency questions")
    warm: Json = {"rdflib": measure_cq_suite("rdflib", root, settings, cache)}
    if has_store:
        warm["oxigraph"] = measure_cq_suite("oxigraph", root, settings, cache)
        warm["oxigraph-raw"] = measure_cq_suite("oxigraph-raw", root, settings, cache)
    result["warm"] = warm

    log(f"{size}: validation (limit {settings.limit:.0f} s)")
    result["validate"] = measure_load(
        "validate", root, Settings(**(vars(settings) | {"load_repeats": 1}))
    )

    log(f"{size}: export")
    with tempfile.TemporaryDirectory(dir=settings.work) as folder:
        command = [KG, "export", "--focus", EXPORT_FOCUS, "--depth", "2", "--format", "graphml"]
        command += ["--root", root, "-o", Path(folder) / "out.graphml"]
        export = measure_cold(
            "export", command, Settings(**(vars(settings) | {"repeats": 3})), cache
        )
    result["export"] = export
    result["load_after"] = list(os.getloadavg())
    return result


# --------------------------------------------------------------------------------------------
# Machine, versions
# --------------------------------------------------------------------------------------------


def machine() -> Json:
    """CPU count and model, memory, OS."""
    model = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory = None
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = round(int(line.split()[1]) / 1024 / 1024, 1)
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "memory_gb": memory,
        "system": f"{platform.system()} {platform.release()}",
    }


def versions() -> Json:
    """Python and the libraries measured."""
    from importlib.metadata import PackageNotFoundError, version

    found = {"python": platform.python_version()}
    for name in ("naif-kg", "rdflib", "pyoxigraph", "pyshacl", "bibtexparser"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found


# --------------------------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------------------------


def read_results(path: Path) -> dict[str, Json]:
    """Results kept in the report's closing comment (empty if none)."""
    if not path.is_file():
        return {}
    text = path.read_text(encoding="utf-8")
    start = text.find(RESULTS_OPEN)
    if start < 0:
        return {}
    end = text.find(RESULTS_CLOSE, start)
    data = json.loads(text[start + len(RESULTS_OPEN) : end])
    return dict(data.get("sizes", {}))


def ordered(results: dict[str, Json]) -> list[Json]:
    """Results in size order."""
    rank = {s: i for i, s in enumerate(SIZE_ORDER)}
    return [results[s] for s in sorted(results, key=lambda s: rank.get(s, 99))]


def fmt_s(value: float | None) -> str:
    """Seconds for a table: 3 significant digits, ms below one second."""
    if value is None:
        return "–"
    if value < 1:
        return f"{value * 1000:.3g} ms"
    return f"{value:.3g} s"


def fmt_x(value: float | None) -> str:
    """A ratio for a table."""
    if value is None:
        return "–"
    return f"{value:.2g}×" if value < 10 else f"{value:.0f}×"


def fmt_cell(entry: Json | None, key: str = "seconds") -> str:
    """A measurement cell: its time, "over N s", or the error."""
    if not entry:
        return "–"
    if "over" in entry:
        return f"over {entry['over']:.0f} s"
    if "error" in entry:
        return "failed"
    return fmt_s(entry.get(key))


def fmt_mb(entry: Json | None) -> str:
    """Peak memory of a measurement."""
    if not entry or entry.get("rss_mb") is None:
        return "–"
    mb = entry["rss_mb"]
    return f"{mb / 1024:.2f} GB" if mb >= 1024 else f"{mb:.0f} MB"


def ratio(a: float | None, b: float | None) -> float | None:
    """``a / b`` when both are known."""
    if a is None or b is None or b == 0:
        return None
    return a / b


def value(entry: Json | None, key: str = "seconds") -> float | None:
    """A measured number, or None when it failed or ran out of time."""
    if not entry or "over" in entry or "error" in entry:
        return None
    got = entry.get(key)
    return float(got) if got is not None else None


def graphs_of(r: Json) -> dict[str, int]:
    """Statements per graph of the compiled store (or of the prototype's)."""
    load = r["load"]
    return dict(
        load.get("compile", {}).get("graphs") or load.get("oxigraph-store", {}).get("graphs") or {}
    )


def triples_of(r: Json) -> int | None:
    """The compiled graph's size (default graph) of a result."""
    graphs = graphs_of(r)
    if graphs:
        return int(graphs["default"])
    return r["load"].get("kg-load", {}).get("triples")


def latency(entry: Json | None) -> float | None:
    """A question's latency; one over its limit counts at the limit (a lower bound)."""
    if not entry or "error" in entry:
        return None
    if "over" in entry:
        return float(entry["over"])
    return entry.get("median")


def warm_summary(r: Json) -> Json:
    """Medians of the per-question medians, their ratios, agreement, for one size."""
    warm = r.get("warm", {})
    rd, ox, raw = (warm.get(k, {}).get("questions", {}) for k in ENGINES)
    names = sorted(set(rd) | set(ox))

    def median_of(results: Json) -> float | None:
        times = [t for n in names if (t := latency(results.get(n))) is not None]
        return statistics.median(times) if times else None

    per_q = [
        a / b
        for n in names
        if (a := latency(rd.get(n))) is not None and (b := latency(ox.get(n))) is not None and b > 0
    ]
    both = [n for n in names if "rows" in rd.get(n, {}) and "rows" in ox.get(n, {})]
    agree = [n for n in both if rd[n]["rows"] == ox[n]["rows"]]
    empty = [
        n
        for n in names
        if (e := ox.get(n) or rd.get(n) or {}).get("kind") == "select" and e.get("rows") == 0
    ]
    return {
        "questions": len(names),
        "rdflib": median_of(rd),
        "oxigraph": median_of(ox),
        "raw": median_of(raw),
        "geomean": math.exp(statistics.fmean(math.log(x) for x in per_q)) if per_q else None,
        "over": [n for n in names if "over" in rd.get(n, {})],
        "errors": [n for n in names if any("error" in e.get(n, {}) for e in (rd, ox, raw))],
        "agree": len(agree),
        "compared": len(both),
        "empty": empty,
        "slowest": max(((latency(rd[n]) or 0, n) for n in rd), default=(None, None)),
        "slowest_oxigraph": max(((latency(ox[n]) or 0, n) for n in ox), default=(None, None)),
    }


def verdict(measured: float | None, target: float, *, higher_is_better: bool) -> str:
    """Met or not met, with the margin."""
    if measured is None:
        return "not measured"
    if higher_is_better:
        if measured >= target:
            return f"**met** ({measured / target:.2g}× the target)"
        return f"**not met** (short by {target / measured:.2g}×)"
    if measured <= target:
        return f"**met** ({target / measured:.2g}× under)"
    return f"**not met** ({measured / target:.2g}× over)"


def row(*cells: object) -> str:
    """One Markdown table row."""
    return "| " + " | ".join(str(c) for c in cells) + " |"


def header(columns: str, *, align: str = "") -> str:
    """A Markdown table header from ``"a | b | c"``.

    ``align`` gives one letter per column (``l`` or ``r``); by default the first column is
    left-aligned and the others right-aligned.
    """
    names = [c.strip() for c in columns.split(" | ")]
    align = align or "l" + "r" * (len(names) - 1)
    return f"{row(*names)}\n{row(*('---:' if a == 'r' else '---' for a in align))}"


def count(n: int | None) -> str:
    """A number with thousands separators, or a dash."""
    return "–" if n is None else f"{n:,}"


INTRO = """# Benchmarks: speed and scale

How fast `kg` loads, compiles, starts, answers, validates and exports, next to plain rdflib
(an in-memory `Graph`: parse the Turtle, then query), on the curated graph and on synthetic,
literature-shaped graphs of 10k to 10M triples made by `benchmarks/generate.py`: the ontology
and shapes of this repository, the real families and vocabulary, and anchor IRIs such as
`nad:Na3SbS4`, so every competency question answers with its default parameters (the 10k
graph passes `kg validate`, shapes and checks). These are scripts, not tests: nothing here
fails a build.

Re-run (a size takes minutes to hours; the report keeps the sizes that are not re-run):

```bash
.venv/bin/python benchmarks/run.py                 # curated, 10k, 100k
.venv/bin/python benchmarks/run.py --sizes 1M      # in a quiet moment; then 10M
.venv/bin/python benchmarks/generate.py --triples 1M --out /tmp/naif-1M   # a graph alone
```

Every measurement runs in a child process of its own; peak memory is that process's maximum
resident set (`os.wait4`), interpreter and imports included. Times are medians over repeated
runs (fewer when a run is slow; the counts are in the JSON at the end of this file). A
measurement that exceeds its limit shows as "over N s". Ratios divide the rdflib time by the
`kg` time (higher is better for `kg`) unless the column says otherwise.
"""


def render(results: dict[str, Json]) -> str:
    """The Markdown report."""
    rows = ordered(results)
    out: list[str] = [INTRO]
    w = out.append
    w(
        "> **These numbers were taken on a shared, loaded machine** (load averages below; other "
        "jobs ran at the same time), so treat them as indications. Run "
        "`python benchmarks/run.py --sizes 1M` (and `10M`) in a quiet moment.\n"
    )
    w("## Machine and versions\n")
    w(
        header(
            "size | date | CPUs | CPU model | RAM | load avg before (1/5/15 min)"
            " | Python | rdflib | pyoxigraph | pyshacl | naif-kg",
            align="l" * 11,
        )
    )
    for r in rows:
        m, v = r["machine"], r["versions"]
        load = "/".join(f"{x:.1f}" for x in r.get("load_before", []))
        date = r["date"][:16].replace("T", " ")
        w(
            row(
                r["size"],
                date,
                m["cpus"],
                m["cpu_model"],
                f"{m['memory_gb']} GB",
                load,
                v["python"],
                v["rdflib"],
                v["pyoxigraph"],
                v["pyshacl"],
                v["naif-kg"],
            )
        )
    w("")

    w("## The graphs\n")
    w(
        header(
            "size | triples (compiled graph) | derived statements | Turtle files"
            " | Turtle MB | references | generation"
        )
    )
    for r in rows:
        p = r["project"]
        graphs = graphs_of(r)
        derived = sum(v for k, v in graphs.items() if k != "default") if graphs else None
        gen = p.get("generation_seconds")
        shown = fmt_s(gen) if gen else ("reused" if r["size"] != "curated" else "–")
        w(
            row(
                r["size"],
                count(triples_of(r)),
                count(derived),
                p["ttl_files"],
                f"{p['ttl_mb']:.1f}",
                count(p["bib_entries"]),
                shown,
            )
        )
    w("")

    w("## Load and compile\n")
    w(
        "Time to get the graph into memory or into the store, after the imports (peak memory "
        "includes the interpreter). *rdflib parse*: `Graph().parse` of every Turtle file. "
        "*kg.load*: the project loader (rdflib, term checks, BibTeX). *oxigraph bulk_load*: raw "
        "`pyoxigraph.Store().bulk_load` of the same Turtle, in memory: the engine's own floor. "
        "*compile_store*: `kg.store.compile_store` into an empty cache. Today it loads with "
        "rdflib, runs the rules with rdflib, serialises N-Triples and bulk-loads them, so it can "
        "only be slower than rdflib parse.\n"
    )
    w(
        header(
            "size | rdflib parse | peak | kg.load | peak | oxigraph bulk_load"
            " | peak | rdflib parse / oxigraph | compile_store | peak"
            " | compile / rdflib parse"
        )
    )
    for r in rows:
        ld = r["load"]
        rp, kl, ob, cs = (
            ld.get(k) for k in ("rdflib-parse", "kg-load", "oxigraph-bulk", "compile")
        )
        w(
            row(
                r["size"],
                fmt_cell(rp),
                fmt_mb(rp),
                fmt_cell(kl),
                fmt_mb(kl),
                fmt_cell(ob),
                fmt_mb(ob),
                fmt_x(ratio(value(rp), value(ob))),
                fmt_cell(cs),
                fmt_mb(cs),
                fmt_x(ratio(value(cs), value(rp))),
            )
        )
    w("")
    w("### Where compile time goes\n")
    w(
        "Left: the steps of `compile_store` (and of `kg.rules.infer`) run one by one in one "
        "process. Right: a prototype written for this benchmark (`benchmarks/run.py`, task "
        "`oxigraph-store`, not package code) that builds the same store without rdflib: "
        "bulk-load the Turtle, turn the BibTeX into triples, compute formula compositions in "
        "Python, and run the same rule files on Oxigraph. Where both finished, the two stores "
        "hold the same number of statements per graph (see `graphs` in the JSON); on the 10k "
        "graph they were compared statement by statement and differ only in the wording of "
        "numbers inside the rules' `rdfs:comment` reasons (`STR()` of a double: rdflib writes "
        "`3.2e-09`, Oxigraph `0.0000000032`).\n"
    )
    for r in rows:
        steps = r["load"].get("compile-steps", {})
        proto = r["load"].get("oxigraph-store", {})
        total = sum(steps.get("steps", {}).values())
        shown = f"over {steps['over']:.0f} s" if "over" in steps else fmt_s(total)
        w(
            f"**{r['size']}**: compile steps {shown} (peak {fmt_mb(steps)}); prototype with the "
            f"rules on Oxigraph {fmt_cell(proto)} (peak {fmt_mb(proto)}).\n"
        )
        w(
            header(
                "step of compile_store (rdflib) | time | step of the prototype (Oxigraph) | time",
                align="lrlr",
            )
        )
        left: list[tuple[str, float | None]] = list(steps.get("steps", {}).items())
        right: list[tuple[str, float | None]] = list(proto.get("steps", {}).items())
        if "over" in steps:
            left.append((f"(killed at the {steps['over']:.0f} s limit)", None))
        for i in range(max(len(left), len(right))):
            a = left[i] if i < len(left) else ("", None)
            b = right[i] if i < len(right) else ("", None)
            w(row(a[0], fmt_s(a[1]) if a[1] is not None else "", b[0], fmt_s(b[1]) if b[0] else ""))
        w("")

    w("## Cold start\n")
    w(
        f'Wall time of a whole process, median of repeated runs: `kg ask "{QUESTION}"`; '
        f"`kg query {COLD_QUERY}` on the compiled store (already built) and with "
        "`--engine rdflib`; *plain rdflib*: a script that parses the Turtle into a `Graph` and "
        f"runs {COLD_QUERY} with its default parameters. *digest*: the SHA-256 over the sources "
        "that every `kg query` computes to find its store (timed inside one process).\n"
    )
    w(
        header(
            "size | python -c pass | python -c 'import rdflib' | kg ask | kg query (oxigraph)"
            " | of which digest | kg query --engine rdflib | plain rdflib: parse + query"
            " | plain rdflib / kg query | plain rdflib / kg ask"
        )
    )
    for r in rows:
        c = r.get("cold", {})
        py, rdf, ask, oq, rq, plain = (c.get(k) for k in COLD_NAMES)
        digest = c.get("source digest (in kg query)", {})
        w(
            row(
                r["size"],
                fmt_cell(py, "median"),
                fmt_cell(rdf, "median"),
                fmt_cell(ask, "median"),
                fmt_cell(oq, "median"),
                fmt_s(digest.get("median")),
                fmt_cell(rq, "median"),
                fmt_cell(plain, "median"),
                fmt_x(ratio(value(plain, "median"), value(oq, "median"))),
                fmt_x(ratio(value(plain, "median"), value(ask, "median"))),
            )
        )
    w("")

    w("## Warm competency questions\n")
    repeats = rows[-1]["settings"].get("cq_repeats", "5") if rows else "5"
    w(
        "Every `queries/cq-*.rq` with its default parameters, in one process per engine after "
        "loading. *rdflib*: `kg.query.run` on `kg.load`'s in-memory graph (cq-48 on the graph "
        "plus the rules' statements). *run_store*: `kg.engine.run_store` on the compiled store, "
        "what `kg query` does. *raw Oxigraph*: the same query text (parameters injected as "
        "`VALUES`) straight to `Store.query`, results consumed, without `run_store`'s "
        "`kg.query.prepare`, which parses every query with rdflib's SPARQL parser first to refuse "
        f"updates. Per question the median of up to {repeats} timed runs after a warm-up (fewer "
        "when slow); a question over its limit counts at the limit (a lower bound for rdflib). "
        "*Rows agree*: questions with equal row counts on rdflib and run_store.\n"
    )
    w(
        header(
            "size | questions | rdflib: median | run_store: median | raw Oxigraph: median"
            " | rdflib / run_store | rdflib / raw Oxigraph"
            " | geometric mean of per-question rdflib / run_store | slowest on rdflib"
            " | slowest on run_store | rdflib over limit | rows agree | empty answers",
            align="lrrrrrrrllrrl",
        )
    )
    for r in rows:
        s = warm_summary(r)
        slow_t, slow_n = s["slowest"]
        slow_ox_t, slow_ox_n = s["slowest_oxigraph"]
        w(
            row(
                r["size"],
                s["questions"],
                fmt_s(s["rdflib"]),
                fmt_s(s["oxigraph"]),
                fmt_s(s["raw"]),
                fmt_x(ratio(s["rdflib"], s["oxigraph"])),
                fmt_x(ratio(s["rdflib"], s["raw"])),
                fmt_x(s["geomean"]),
                f"{slow_n or '–'} ({fmt_s(slow_t)})",
                f"{slow_ox_n or '–'} ({fmt_s(slow_ox_t)})",
                len(s["over"]),
                f"{s['agree']}/{s['compared']}",
                ", ".join(s["empty"]) or "none",
            )
        )
    w("")
    for r in rows:
        used = r.get("store_used")
        if used != "kg.store.compile_store":
            shown = used or "none: no store could be built, so nothing ran on Oxigraph"
            w(f"Store behind the Oxigraph numbers at {r['size']}: {shown}.\n")
    for r in rows:
        rd, ox, raw = (r.get("warm", {}).get(k, {}).get("questions", {}) for k in ENGINES)
        w(f"<details><summary>Per question, {r['size']}</summary>\n")
        w(header("question | rows | rdflib | run_store | raw Oxigraph | rdflib / run_store"))
        for name in sorted(set(rd) | set(ox)):
            a, b, c = rd.get(name, {}), ox.get(name, {}), raw.get(name, {})
            w(
                row(
                    name,
                    b.get("rows", a.get("rows", "–")),
                    fmt_cell(a, "median"),
                    fmt_cell(b, "median"),
                    fmt_cell(c, "median"),
                    fmt_x(ratio(latency(a), latency(b))),
                )
            )
        w("\n</details>\n")

    w("## Validation and export\n")
    w(
        "`kg.validate.validate_project` (load, pySHACL shapes, `checks/*-violation.rq`) in one "
        f"process; `kg export --focus {EXPORT_FOCUS} --depth 2 --format graphml` as a whole "
        "process (median of up to 3).\n"
    )
    w(header("size | validate | peak | conforms | export | peak", align="lrrlrr"))
    for r in rows:
        v, e = r.get("validate", {}), r.get("export", {})
        if "conforms" not in v:
            conforms = "–"
        else:
            conforms = "yes" if v["conforms"] else f"no ({v.get('violations')} violations)"
        w(row(r["size"], fmt_cell(v), fmt_mb(v), conforms, fmt_cell(e, "median"), fmt_mb(e)))
    w("")
    w(observations(results))
    w(targets(results))
    payload = json.dumps({"sizes": results}, indent=1, sort_keys=True)
    payload = payload.replace("--", "-\\u002d")  # never end the comment early
    w(f"{RESULTS_OPEN}\n{payload}\n{RESULTS_CLOSE}")
    return "\n".join(out) + "\n"


def observations(results: dict[str, Json]) -> str:
    """What the numbers say, computed from them (so a re-run keeps this section true)."""
    rows = ordered(results)
    notes: list[str] = []
    for r in rows:
        steps = r["load"].get("compile-steps", {}).get("steps", {})
        total = sum(steps.values())
        rules = sum(t for name, t in steps.items() if name.startswith("rule "))
        proto = value(r["load"].get("oxigraph-store"))
        compiled = r["load"].get("compile", {})
        if not total:
            continue
        killed = " before the limit killed it" if "over" in r["load"]["compile-steps"] else ""
        worst = max(((t, n) for n, t in steps.items() if n.startswith("rule ")), default=None)
        text = (
            f"**Compile, {r['size']}**: the rules, run by rdflib, took {fmt_s(rules)} of the "
            f"{fmt_s(total)} the steps ran{killed} ({rules / total:.0%})"
        )
        if worst:
            text += f"; the slowest was {worst[1]} ({fmt_s(worst[0])})"
        if "over" in compiled:
            text += f"; `compile_store` itself did not finish within {compiled['over']:.0f} s"
        if proto:
            text += (
                ". The prototype that runs the same rule files on Oxigraph built an equivalent "
                f"store in {fmt_s(proto)}"
            )
            if value(compiled):
                text += f", {fmt_x(ratio(value(compiled), proto))} faster than `compile_store`"
        notes.append(text + ".")
    for r in rows:
        s = warm_summary(r)
        if s["oxigraph"] and s["raw"]:
            notes.append(
                f"**Warm queries, {r['size']}**: `run_store` takes {fmt_s(s['oxigraph'])} per "
                f"question (median) where Oxigraph alone takes {fmt_s(s['raw'])}; the difference "
                "is mostly `kg.query.prepare`, which parses each query with rdflib's SPARQL parser "
                "before handing it to Oxigraph."
            )
            break
    for r in rows:
        c = r.get("cold", {})
        oq = value(c.get("kg query (oxigraph)"), "median")
        rdf = value(c.get("python -c 'import rdflib'"), "median")
        if oq and rdf:
            notes.append(
                f"**Cold `kg query`, {r['size']}**: {fmt_s(oq)}, of which importing rdflib alone "
                f"costs {fmt_s(rdf)} in a bare interpreter; `kg query` needs rdflib for "
                "`kg.query.prepare` and for its result types even when Oxigraph answers."
            )
            break
    big = results.get("100k")
    if big and "1M" not in results and "over" in big["load"].get("compile", {}):
        notes.append(
            "**1M not run here**: at 100k `compile_store` already exceeds its limit, so a 1M run "
            "(generation, compile, rdflib baselines) cannot finish in the ~15 minutes this run "
            "allowed. Run `python benchmarks/run.py --sizes 1M` on a quiet machine; the "
            "query-side measurements then use the prototype store if `compile_store` does not "
            "finish (the report says which store was used)."
        )
    if not notes:
        return ""
    return "## Observations\n\n" + "\n\n".join(notes) + "\n"


def targets(results: dict[str, Json]) -> str:
    """The "Targets" section: each target of the issue, measured value, met or not."""
    lines = ["## Targets\n"]
    cur = results.get("curated")
    big = results.get("1M")
    fallback = next((results[s] for s in ("100k", "10k") if s in results), None)

    lines.append("| target | measured | verdict |")
    lines.append("| --- | --- | --- |")
    if cur:
        c = cur["cold"]
        ask = value(c.get("kg ask"), "median")
        plain = value(c.get("plain rdflib: parse + query"), "median")
        py = value(c.get("python -c pass"), "median")
        lines.append(
            f"| cold `kg ask` on the curated graph: median ≤ 0.12 s | {fmt_s(ask)} "
            f"| {verdict(ask, 0.12, higher_is_better=False)} |"
        )
        speed = ratio(plain, ask)
        lines.append(
            "| … and ≥ 5× faster than loading the sources with rdflib and querying (plain rdflib "
            f"script, cold) | {fmt_x(speed)} ({fmt_s(plain)} against {fmt_s(ask)}) "
            f"| {verdict(speed, 5, higher_is_better=True)} |"
        )
        within = ratio(ask, py)
        lines.append(
            f"| stretch: within 4× of a bare `python -c pass` | {fmt_x(within)} "
            f"({fmt_s(ask)} against {fmt_s(py)}) | {verdict(within, 4, higher_is_better=False)} |"
        )
    else:
        lines.append("| cold `kg ask` on the curated graph | not measured | – |")

    def at_size(
        label: str, getter: Callable[[Json], float | None], target: float, hib: bool
    ) -> None:
        if big:
            got = getter(big)
            lines.append(
                f"| {label} | {fmt_x(got) if hib else fmt_s(got)} "
                f"| {verdict(got, target, higher_is_better=hib)} |"
            )
        else:
            hint = ""
            if fallback:
                got = getter(fallback)
                shown = fmt_x(got) if hib else fmt_s(got)
                hint = f" (at {fallback['size']}: {shown})"
            lines.append(f"| {label} | not measured: 1M not run yet{hint} | – |")

    at_size(
        "1M triples: cold `kg query` (named CQ) ≤ 0.15 s",
        lambda r: value(r["cold"].get("kg query (oxigraph)"), "median"),
        0.15,
        False,
    )
    at_size(
        "1M triples: warm CQ-suite median latency ≥ 30× lower than rdflib in memory",
        lambda r: ratio(warm_summary(r)["rdflib"], warm_summary(r)["oxigraph"]),
        30,
        True,
    )
    at_size(
        "compile 1M triples ≤ 7 s",
        lambda r: value(r["load"].get("compile")),
        7,
        False,
    )
    at_size(
        "compile 1M triples with peak memory ≤ 0.4 GB",
        lambda r: (r["load"].get("compile") or {}).get("rss_mb", 0) / 1024 or None,
        0.4,
        False,
    )
    lines.append(
        "| validating the facts of one new paper against a 1M-triple graph ≤ 2 s "
        "| not measured: incremental validation is not implemented (`kg validate` checks the "
        "whole graph) | – |"
    )
    lines.append("")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks of the chosen sizes and rewrite the report."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["_child"]:
        return run_task(argv[1:])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(DEFAULT_SIZES), help="curated,10k,100k,1M,10M")
    parser.add_argument("--work", type=Path, default=WORK, help="generated projects and caches")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=10, help="runs per cold-start measurement")
    parser.add_argument("--load-repeats", type=int, default=3, help="runs per load measurement")
    parser.add_argument("--cq-repeats", type=int, default=5, help="timed runs per question")
    parser.add_argument("--cq-budget", type=float, default=5.0, help="seconds per question")
    parser.add_argument("--query-limit", type=float, default=120.0, help="limit per query run")
    parser.add_argument(
        "--setup-limit", type=float, default=300.0, help="limit for the rdflib inferred graph"
    )
    parser.add_argument("--limit", type=float, default=600.0, help="limit per measurement (s)")
    parser.add_argument("--doc", type=Path, default=DOC, help="the report to (re)write")
    parser.add_argument("--no-doc", action="store_true", help="print the JSON, leave the report")
    args = parser.parse_args(argv)
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    args.work.mkdir(parents=True, exist_ok=True)
    settings = Settings(
        work=args.work,
        seed=args.seed,
        repeats=args.repeats,
        load_repeats=args.load_repeats,
        cq_repeats=args.cq_repeats,
        cq_budget=args.cq_budget,
        query_limit=args.query_limit,
        setup_limit=args.setup_limit,
        limit=args.limit,
    )
    results = read_results(args.doc)
    for size in sizes:
        started = time.perf_counter()
        results[size] = benchmark_size(size, settings)
        log(f"{size}: done in {time.perf_counter() - started:.0f} s")
        if args.no_doc:
            print(json.dumps(results[size], indent=1))
        else:
            args.doc.write_text(render(results), encoding="utf-8")
            log(f"wrote {args.doc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
