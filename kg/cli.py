"""The ``kg`` command: a thin layer that parses arguments, calls the library and prints.

Exit codes: 0 ok; 1 a check failed (the graph does not conform); 2 usage or input error.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from kg import __version__
from kg.errors import KGError

__all__ = ["main"]

EXIT_OK, EXIT_CHECK_FAILED, EXIT_USAGE = 0, 1, 2

#: Query engines of ``kg query``: the compiled Oxigraph store, or rdflib on the loaded sources.
ENGINES = ("oxigraph", "rdflib")


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def _cmd_validate(args: argparse.Namespace) -> int:
    if args.changed:
        from kg.validate import validate_changes

        report = validate_changes(args.changed, root=args.root)
    else:
        from kg.validate import validate_project

        engine, explicit = _engine(args)
        if engine == "oxigraph":
            from kg.store import StoreUnavailable

            try:
                report = validate_project(args.root, engine="oxigraph")
            except StoreUnavailable as exc:
                if explicit:
                    raise
                print(f"kg: note: {exc}; running the checks with rdflib", file=sys.stderr)
                engine = "rdflib"
        if engine == "rdflib":
            report = validate_project(args.root, engine="rdflib")
    if args.format == "json":
        print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(report.text())
    return EXIT_OK if report.conforms else EXIT_CHECK_FAILED


def _cmd_add(args: argparse.Namespace) -> int:
    from kg.add import add

    result = add(args.files, root=args.root, name=args.name, dry_run=args.dry_run)
    if args.format == "json":
        payload = {
            "folder": result.folder,
            "written": result.written,
            "references": list(result.references),
            "statements": result.facts,
            "derived": result.derived,
            "files": {name: len(data) for name, data in result.files.items()},
            "validation": result.report.to_dict(),
        }
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        print(result.text())
    return EXIT_OK if result.report.conforms else EXIT_CHECK_FAILED


def _cmd_stats(args: argparse.Namespace) -> int:
    from kg.load import load
    from kg.paths import layout
    from kg.stats import compute_stats

    loaded = load(args.root)
    stats = compute_stats(loaded.graph, queries_dir=layout(loaded.root).queries / "stats")
    if args.format == "json":
        print(json.dumps(stats.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(stats.text())
    return EXIT_OK


def _cmd_coverage(args: argparse.Namespace) -> int:
    from kg.coverage import compute_coverage
    from kg.load import load
    from kg.paths import layout

    loaded = load(args.root)
    report = compute_coverage(loaded.graph, queries_dir=layout(loaded.root).queries)
    if args.format == "json":
        print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(report.text())
    return EXIT_CHECK_FAILED if args.check and report.gaps else EXIT_OK


def _engine(args: argparse.Namespace) -> tuple[str, bool]:
    """The engine asked for (``--engine``, else ``$KG_ENGINE``, else oxigraph).

    Also whether the choice was explicit: an explicit oxigraph never falls back to rdflib.
    """
    from kg.errors import UsageError

    chosen = args.engine or os.environ.get("KG_ENGINE")
    engine = chosen or "oxigraph"
    if engine not in ENGINES:
        raise UsageError(f"unknown engine '{engine}' (choose from {', '.join(ENGINES)})")
    return engine, bool(chosen)


def _ask_graph(args: argparse.Namespace) -> tuple[Any, Any]:
    """The graph ``kg ask`` reads (the compiled store, else the loaded sources) and its linker."""
    engine, explicit = _engine(args)
    if engine == "oxigraph":
        from kg.store import StoreUnavailable
        from kg.storegraph import open_store_graph

        try:
            return open_store_graph(args.root)
        except StoreUnavailable as exc:
            if explicit:
                raise
            print(f"kg: note: {exc}; reading the sources with rdflib", file=sys.stderr)
    from kg.load import load_graph

    return load_graph(args.root), None


def _cmd_ask(args: argparse.Namespace) -> int:
    from kg.ask import ask, plan, render

    question = " ".join(args.question)
    run_query = None
    if args.endpoint is not None:
        from kg.remote import query_endpoint

        def run_query(text: str, bindings: Any, name: str) -> Any:
            return query_endpoint(
                args.endpoint, text, bindings=bindings, timeout=args.timeout, source=name
            )

    graph, linker = _ask_graph(args)
    # understood, and the rules run if the question needs them, before the clock starts
    planned = plan(question, graph, root=args.root, linker=linker, inferred=args.inferred)

    def answer() -> int:
        from dataclasses import replace

        result = ask(question, graph, root=args.root, run_query=run_query, planned=planned)
        cut = len(result.answers) > args.max_rows
        if cut:
            result = replace(result, answers=result.answers[: args.max_rows])
        if args.format == "json":
            print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        elif args.sparql:
            bindings = result.interpretation.bindings.items()
            print(
                f"# kg query {result.interpretation.question.name} with "
                + ", ".join(f"{k}={_short(v)}" for k, v in bindings)
            )
            print(result.sparql.rstrip())
        else:
            sys.stdout.write(render(result, explain=args.explain))
        if cut:
            print(
                f"kg: note: the answer was cut at {args.max_rows} answers (--max-rows)",
                file=sys.stderr,
            )
        return EXIT_OK

    if args.endpoint is not None:  # the HTTP client has its own timeout
        return answer()
    from kg.limits import run_limited

    return run_limited(lambda: _guarded(args, answer), timeout=args.timeout, what="the question")


def _cmd_infer(args: argparse.Namespace) -> int:
    from kg.rules import infer, report

    if args.endpoint is not None:
        from kg.remote import fetch_graph

        graph = fetch_graph(args.endpoint, timeout=args.timeout)
    else:
        from kg.load import load_graph

        graph = load_graph(args.root)
    reports = report(graph, infer(graph, root=args.root))
    if args.format == "json":
        payload = [
            {
                "rule": r.rule,
                "title": r.title,
                "subjects": r.subjects,
                "families": r.families,
                "reasons": r.reasons,
            }
            for r in reports
        ]
        print(json.dumps(payload, indent=2, ensure_ascii=False))
        return EXIT_OK
    for r in reports:
        counts = ", ".join(f"{n} {outcome}" for outcome, n in sorted(r.counts.items()))
        print(f"{r.title} [{r.rule}]: {counts}")
        for subject, outcome in r.subjects.items():
            print(f"  {subject}: {outcome}")
            for reason in r.reasons[subject] if args.explain else []:
                print(f"      {reason}")
        for family, tally in r.families.items():
            print(f"  per family, {family}: " + ", ".join(f"{n} {o}" for o, n in tally.items()))
    return EXIT_OK


def _cmd_push(args: argparse.Namespace) -> int:
    from kg.push import check_push, push
    from kg.store import open_store

    # bad options fail before the store is built
    check_push(args.endpoint, graph=args.graph, inferred=args.inferred, protocol=args.protocol)
    report = push(
        open_store(args.root, inferred=args.inferred),  # the rules run only if needed
        args.endpoint,
        graph=args.graph,
        inferred=args.inferred,
        protocol=args.protocol,
        timeout=args.timeout,
    )
    if args.format == "json":
        print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(report.text())
    return EXIT_OK


def _parse_params(pairs: list[str]) -> dict[str, str]:
    from kg.errors import UsageError

    values: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"--param takes name=value, got '{pair}'")
        values[name.strip()] = value
    return values


def _cmd_query(args: argparse.Namespace) -> int:
    from kg.cq import find_question, list_questions
    from kg.errors import UsageError
    from kg.query import read_query

    if args.list:
        for q in list_questions(args.root):
            params = ", ".join(f"{p.name}={_short(p.default)}" for p in q.parameters)
            print(f"{q.name}: {q.question}" + (f"  [{params}]" if params else ""))
        return EXIT_OK
    if args.source is None:
        raise UsageError("name a competency question, a .rq file or '-' for stdin (or use --list)")
    values = _parse_params(args.param)
    asked_inferred = args.inferred  # before a question's own '# graph:' default applies
    bindings = {}
    if args.source == "-":
        text, source = sys.stdin.read(), "<stdin>"
    elif args.source.endswith(".rq") and Path(args.source).exists():
        text, source = read_query(args.source), args.source
    else:
        question = find_question(args.source, args.root)
        text, source = question.text(), question.name
        if args.inferred is None and question.graph == "inferred":
            args.inferred = True  # the question is about the rules' verdicts
    if args.source == "-" or args.source.endswith(".rq"):
        from kg.cq import parse_term

        bindings = {k: parse_term(v) for k, v in values.items()}
    else:
        from kg.link import resolver

        compiled = args.endpoint is not None or _engine(args)[0] == "oxigraph"
        bindings = question.bindings(values, resolve=resolver(args.root, compiled=compiled))
    from kg.limits import run_limited

    named = args.source != "-" and not args.source.endswith(".rq")
    if not named:  # user text: a bad query fails before any store is built or contacted
        from kg.query import prepare

        prepare(text, source=source)
    if args.endpoint is not None:
        from rdflib import Graph

        from kg.namespaces import bind_prefixes
        from kg.remote import query_endpoint

        if asked_inferred or args.engine:
            raise UsageError(
                "--endpoint queries the server's own data: --inferred and --engine do not apply"
            )
        result = query_endpoint(
            args.endpoint, text, bindings=bindings, timeout=args.timeout, source=source
        )
        _write_capped(result, args, graph=bind_prefixes(Graph()))
        return EXIT_OK
    engine, chosen = _engine(args)
    store = None
    if engine == "oxigraph":
        from kg.store import StoreUnavailable, open_store

        try:
            store = open_store(args.root, inferred=bool(args.inferred))
        except StoreUnavailable as exc:
            if chosen:
                raise
            print(f"kg: note: {exc}; querying the sources with rdflib", file=sys.stderr)
    loaded = None
    if store is None:  # loaded before the clock starts, like the store
        from kg.load import load_graph

        loaded = load_graph(args.root)
        if args.inferred:
            from kg.rules import with_inferred

            loaded = with_inferred(loaded, root=args.root)

    def evaluate() -> int:
        from rdflib import Graph

        from kg.namespaces import bind_prefixes

        graph: Graph
        if store is not None:
            from kg.engine import run_store

            result = run_store(
                store,
                text,
                bindings=bindings,
                inferred=bool(args.inferred),
                source=source,
                checked=named,  # the library's questions are tested; user text is checked
                limit=args.max_rows + 1,
            )
            graph = bind_prefixes(Graph())  # only its prefixes are used, to shorten IRIs
        else:
            from kg.query import run

            assert loaded is not None
            graph = loaded
            result = run(graph, text, bindings=bindings, source=source, limit=args.max_rows + 1)
        _write_capped(result, args, graph=graph)
        return EXIT_OK

    # the time limit covers the evaluation; the store is built (or found) before it starts
    return run_limited(lambda: _guarded(args, evaluate), timeout=args.timeout, what=source)


def _write_capped(result: Any, args: argparse.Namespace, *, graph: Any) -> None:
    """Print ``result`` in ``args.format``, cut at ``--max-rows`` rows and ``--max-bytes``."""
    from dataclasses import replace

    from rdflib import Graph

    from kg.results import format_result

    def size(r: Any) -> int:
        return len(r.graph) if r.kind == "graph" else len(r.rows)

    def head(r: Any, n: int) -> Any:
        if r.kind == "graph":
            cut = Graph(namespace_manager=r.graph.namespace_manager)
            for _, triple in zip(range(n), r.graph, strict=False):
                cut.add(triple)
            return replace(r, graph=cut)
        return replace(r, rows=r.rows[:n])

    notes = []
    if result.kind != "ask" and size(result) > args.max_rows:
        result = head(result, args.max_rows)
        notes.append(f"the answer was cut at {args.max_rows} rows (--max-rows)")
    text = format_result(result, fmt=args.format, graph=graph)
    if len(text.encode("utf-8")) > args.max_bytes and result.kind != "ask":
        low, high = 0, size(result)  # the most rows that fit
        while low < high:
            mid = (low + high + 1) // 2
            if len(format_result(head(result, mid), fmt=args.format, graph=graph).encode()) <= (
                args.max_bytes
            ):
                low = mid
            else:
                high = mid - 1
        text = format_result(head(result, low), fmt=args.format, graph=graph)
        notes.append(f"the answer was cut at {low} rows to stay within {args.max_bytes} bytes")
    sys.stdout.write(text)
    for note in notes:
        print(f"kg: note: {note}; more rows were found", file=sys.stderr)


def _cmd_serve(args: argparse.Namespace) -> int:
    from kg.serve import Limits, serve
    from kg.store import compile_store

    limits = Limits(timeout=args.timeout, max_rows=args.max_rows, max_memory=args.max_memory)
    limits.check()  # before the store is built

    def announce(url: str) -> None:
        print(
            f"kg: serving the compiled store read-only at {url} (queries stop after "
            f"{limits.timeout:g} s, answers keep {limits.max_rows} rows; Ctrl-C stops)",
            file=sys.stderr,
            flush=True,
        )

    store = compile_store(args.root) / "store"
    serve(store, host=args.host, port=args.port, limits=limits, cors=args.cors, announce=announce)
    return EXIT_OK


def _short(term: object) -> str:
    from kg.namespaces import PREFIXES

    text = str(term)
    for prefix, ns in PREFIXES.items():
        if text.startswith(str(ns)):
            return f"{prefix}:{text[len(str(ns)) :]}"
    return text


def _cmd_dump(args: argparse.Namespace) -> int:
    from kg.dump import serialize, write_atomic
    from kg.load import load_graph

    graph = load_graph(args.root)
    derived = None
    if args.inferred:
        from kg.rules import infer

        derived = infer(graph, root=args.root)
    data = serialize(graph, fmt=args.format, derived=derived)
    if args.output is None or str(args.output) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        write_atomic(data, args.output)
    return EXIT_OK


def _network(args: argparse.Namespace) -> tuple[Any, Any]:
    """The RDF graph (with inferences under --inferred) and its networkx view.

    Under ``--endpoint`` the curated graph is the server's default graph; ``--inferred`` then
    runs the project's rules on it, as without ``--endpoint`` (the server's own inferred
    graph is not read, so the output does not depend on who derived it, or when).
    """
    from kg.network import to_networkx

    if getattr(args, "endpoint", None) is not None:
        from kg.remote import fetch_graph

        graph = fetch_graph(args.endpoint, timeout=args.timeout)
    else:
        from kg.load import load_graph

        graph = load_graph(args.root)
    if getattr(args, "inferred", None):
        from kg.rules import with_inferred

        graph = with_inferred(graph, root=args.root)
    return graph, to_networkx(graph, fold=not args.faithful)


def _kinds(text: str | None) -> list[str] | None:
    return [k.strip() for k in text.split(",") if k.strip()] if text else None


def _edge_lines(g: Any, sub: Any) -> list[str]:
    lines = []
    for a, b, d in sorted(sub.edges(data=True), key=lambda e: (e[0], e[1], e[2]["predicate"])):
        cites = f"  ({d['citations']})" if d.get("citations") else ""
        lines.append(f"  {g.nodes[a]['label']} --{d['label']}--> {g.nodes[b]['label']}{cites}")
    return lines


def _cmd_neighbors(args: argparse.Namespace) -> int:
    from kg.traverse import neighbors, resolve

    graph, g = _network(args)
    center = resolve(g, args.term, graph=graph)
    sub = neighbors(g, center, depth=args.depth, kinds=_kinds(args.types))
    if args.format == "json":
        payload = {
            "center": center,
            "nodes": [{"id": n, **d} for n, d in sorted(sub.nodes(data=True))],
            "edges": [{"source": a, "target": b, **d} for a, b, d in sub.edges(data=True)],
        }
        print(json.dumps(payload, indent=2, ensure_ascii=False, default=str))
        return EXIT_OK
    print(
        f"{g.nodes[center]['label']} ({center}): {sub.number_of_nodes() - 1} neighbours "
        f"within {args.depth}"
    )
    by_kind: dict[str, list[str]] = {}
    for n, d in sub.nodes(data=True):
        if n != center:
            by_kind.setdefault(str(d["kind"]), []).append(str(d["label"]))
    for kind, labels in sorted(by_kind.items()):
        print(f"  {kind}: {', '.join(sorted(labels))}")
    print("relations:")
    print("\n".join(_edge_lines(g, sub)))
    return EXIT_OK


def _cmd_path(args: argparse.Namespace) -> int:
    from kg.traverse import paths, resolve

    graph, g = _network(args)
    start, end = resolve(g, args.source, graph=graph), resolve(g, args.target, graph=graph)
    found = paths(g, start, end, limit=args.limit)
    if args.format == "json":
        payload = [[vars(step) for step in chain] for chain in found]
        print(json.dumps(payload, indent=2, ensure_ascii=False))
        return EXIT_OK
    for number, chain in enumerate(found, start=1):
        print(f"{number}. {len(chain)} step(s)")
        for step in chain:
            a, b = g.nodes[step.source]["label"], g.nodes[step.target]["label"]
            cites = f"  ({step.citations})" if step.citations else ""
            print(f"   {a} --{step.label}--> {b}{cites}")
    return EXIT_OK


def _cmd_hubs(args: argparse.Namespace) -> int:
    from kg.traverse import hubs

    _, g = _network(args)
    ranked = hubs(g, kinds=_kinds(args.types), measure=args.measure, top=args.top)
    if args.format == "json":
        payload = [
            {"id": n, "label": g.nodes[n]["label"], "kind": g.nodes[n]["kind"], args.measure: s}
            for n, s in ranked
        ]
        print(json.dumps(payload, indent=2, ensure_ascii=False))
        return EXIT_OK
    for rank, (n, score) in enumerate(ranked, start=1):
        print(f"{rank:>3}. {g.nodes[n]['label']} ({g.nodes[n]['kind']}, {n}): {score:.4f}")
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    from kg.errors import UsageError
    from kg.export import by_family, by_query, export, progress, write
    from kg.traverse import neighbors, resolve

    chosen = [x for x in (args.focus, args.family, args.query) if x is not None]
    if len(chosen) != 1:
        raise UsageError("choose the subgraph with exactly one of --focus, --family, --query")
    if args.format == "png" and args.output is None:
        raise UsageError("--format png writes binary data: give -o FILE")
    steps = iter(progress(range(3), label="export", total=3))
    next(steps)
    graph, g = _network(args)
    next(steps)

    def select_and_write() -> int:
        center = None
        if args.focus is not None:
            center = resolve(g, args.focus, graph=graph)
            sub = neighbors(g, center, depth=args.depth)
            title = f"{g.nodes[center]['label']} within {args.depth}"
        elif args.family is not None:
            family = resolve(g, args.family, graph=graph)
            sub = by_family(g, family, depth=args.depth)
            title = f"{g.nodes[family]['label']} family"
        else:
            result, title = _run_selection(args.query, args, graph)
            terms = [t for row in result.rows for t in row] if result.kind == "select" else []
            sub = by_query(g, result.graph if result.kind == "graph" else None, terms)
        data = export(sub, fmt=args.format, graph=graph, title=title, focus=center)
        next(steps, None)
        write(data, args.output)
        return EXIT_OK

    if args.query is None:
        return select_and_write()
    # a question or SPARQL file selects the subgraph: its query (and the drawing) is bounded
    # by --timeout like kg query's; the graph is loaded before the clock starts
    from kg.limits import run_limited

    return run_limited(
        lambda: _guarded(args, select_and_write), timeout=args.timeout, what=args.query
    )


def _run_selection(source: str, args: argparse.Namespace, graph: Any) -> tuple[Any, str]:
    """Run a competency question (name) or a SPARQL file for ``kg export --query``."""
    from kg.cq import find_question
    from kg.query import read_query, run

    if source.endswith(".rq") and Path(source).exists():
        return run(graph, read_query(source), source=source), Path(source).stem
    question = find_question(source, args.root)
    from kg.link import resolver

    bindings = question.bindings(_parse_params(args.param), resolve=resolver(args.root))
    result = run(graph, question.text(), bindings=bindings, source=question.name)
    return result, question.name


def _cmd_table(args: argparse.Namespace) -> int:
    from rdflib import URIRef

    from kg.export import write
    from kg.load import load_graph
    from kg.table import build_table, render

    graph = load_graph(args.root)
    family = None
    if args.family is not None:
        from kg.network import to_networkx
        from kg.traverse import resolve

        g = to_networkx(graph)
        node = resolve(g, args.family, graph=graph)
        if g.nodes[node]["kind"] != "family":
            from kg.errors import InputError

            raise InputError(f"'{args.family}' is not an electrolyte family")
        family = URIRef(g.nodes[node]["iri"])
    text = render(build_table(graph, family=family), fmt=args.format)
    write(text.encode("utf-8"), args.output)
    return EXIT_OK


def _cmd_plot(args: argparse.Namespace) -> int:
    from kg.errors import UsageError
    from kg.load import load_graph

    graph = load_graph(args.root)
    formats = tuple(f.strip() for f in args.formats.split(",") if f.strip())
    if args.kind == "radar":
        from kg.plot import radar

        written = radar(graph, path=args.output, formats=formats)
    else:
        from kg.cq import parse_term
        from kg.plot import scatter

        if args.x is None or args.y is None:
            raise UsageError("kg plot scatter needs --x and --y property kinds")
        x, y = (_property_kind(graph, v, parse_term) for v in (args.x, args.y))
        written = scatter(graph, x=x, y=y, path=args.output, formats=formats)
    for path in written:
        print(path)
    return EXIT_OK


def _property_kind(graph: Any, text: str, parse_term: Any) -> Any:
    """A property kind from ``naif:IonicConductivity`` or a label (``ionic conductivity``)."""
    from rdflib import RDF, RDFS, SKOS, URIRef

    from kg.errors import InputError
    from kg.link import normalize
    from kg.namespaces import NAIF

    term = parse_term(text)
    if isinstance(term, URIRef) and (term, RDF.type, NAIF.PropertyKind) in graph:
        return term
    wanted = normalize(text)
    for kind in graph.subjects(RDF.type, NAIF.PropertyKind):
        names = [graph.value(kind, RDFS.label), *graph.objects(kind, SKOS.altLabel)]
        if any(n is not None and normalize(str(n)) == wanted for n in names):
            return URIRef(kind)
    raise InputError(f"no property kind '{text}' (see naif:PropertyKind in the vocabulary)")


def _limit_options(p: argparse.ArgumentParser) -> None:
    from kg.limits import DEFAULT_MAX_BYTES, DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT

    p.add_argument(
        "--timeout",
        type=_positive(float),
        default=DEFAULT_TIMEOUT,
        help=f"seconds the query may run, here or at --endpoint (default {DEFAULT_TIMEOUT:g})",
    )
    p.add_argument(
        "--max-rows",
        type=_positive(int),
        default=DEFAULT_MAX_ROWS,
        help=f"rows printed at most; the cut is reported (default {DEFAULT_MAX_ROWS})",
    )
    p.add_argument(
        "--max-bytes",
        type=_positive(int),
        default=DEFAULT_MAX_BYTES,
        help=f"bytes printed at most; the cut is reported (default {DEFAULT_MAX_BYTES})",
    )


def _positive(kind: Callable[[str], Any]) -> Callable[[str], Any]:
    def parse(text: str) -> Any:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: '{text}'") from None
        if not value > 0:
            raise argparse.ArgumentTypeError(f"must be above 0, got '{text}'")
        return value

    parse.__name__ = kind.__name__  # argparse names the type in its message
    return parse


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``kg`` command."""
    common = _Parser(add_help=False)
    common.add_argument(
        "--root",
        type=Path,
        default=None,
        help="project folder holding ontology/, graph_data/ and queries/ "
        "(default: $KG_ROOT, else this checkout)",
    )
    inference = _Parser(add_help=False)
    which = inference.add_mutually_exclusive_group()
    which.add_argument(
        "--inferred",
        dest="inferred",
        action="store_const",
        const=True,
        default=None,
        help="include the statements the rules derive (kg infer)",
    )
    which.add_argument(
        "--asserted",
        dest="inferred",
        action="store_const",
        const=False,
        help="curated statements only (default, except for questions about rule verdicts)",
    )
    parser = _Parser(
        prog="kg",
        description="Knowledge graph of the sodium metal / solid electrolyte interface.",
        epilog="exit codes: 0 ok, 1 check failed, 2 usage or input error",
    )
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("validate", parents=[common], help="run the SHACL shapes and the checks")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument(
        "--changed",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="validate only these new or changed facts (Turtle or BibTeX) against the "
        "compiled graph, in time proportional to the change",
    )
    p.add_argument(
        "--engine",
        choices=ENGINES,
        default=None,
        help="where the SPARQL constraints and checks run: oxigraph, the compiled store "
        "(default), or rdflib, in memory; or $KG_ENGINE",
    )
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser(
        "add",
        parents=[common],
        help="add a paper's facts (Turtle) and references (BibTeX) to graph_data/, safely",
    )
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help="FACTS.ttl [PAPER.bib]")
    p.add_argument("--name", help="the paper's folder in graph_data/papers/ (default: its key)")
    p.add_argument("--dry-run", action="store_true", help="validate and report; write nothing")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=_cmd_add)

    p = sub.add_parser("stats", parents=[common], help="count instances, facts and references")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=_cmd_stats)

    p = sub.add_parser(
        "ask", parents=[common, inference], help="answer a plain-English question, with citations"
    )
    p.add_argument(
        "question",
        nargs="+",
        help="the question, e.g. 'which remedies address MCI for chalcogenides'",
    )
    p.add_argument("--explain", action="store_true", help="print the facts behind each answer")
    p.add_argument("--sparql", action="store_true", help="print the query it runs, for kg query")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument(
        "--engine",
        choices=ENGINES,
        default=None,
        help="oxigraph: the compiled store (default); rdflib: load the sources; or $KG_ENGINE",
    )
    p.add_argument(
        "--endpoint",
        metavar="URL",
        help="run the question's query on this SPARQL 1.1 endpoint (names are still linked, "
        "and answers labelled, with the local graph)",
    )
    _limit_options(p)
    p.set_defaults(func=_cmd_ask)

    p = sub.add_parser(
        "query",
        parents=[common, inference],
        help="run a competency question, a .rq file or SPARQL from stdin",
    )
    p.add_argument("source", nargs="?", help="cq-NN / slug / file.rq / - for stdin")
    p.add_argument(
        "--param", action="append", default=[], metavar="NAME=VALUE", help="bind a parameter"
    )
    p.add_argument("--format", choices=["table", "csv", "tsv", "json"], default="table")
    p.add_argument("--list", action="store_true", help="list the competency questions")
    p.add_argument(
        "--engine",
        choices=ENGINES,
        default=None,
        help="oxigraph: the compiled store in .kg-cache/, rebuilt when a source changes "
        "(default); rdflib: load the sources and query them in memory; or set $KG_ENGINE",
    )
    p.add_argument("--endpoint", metavar="URL", help="run on this SPARQL 1.1 endpoint instead")
    _limit_options(p)
    p.set_defaults(func=_cmd_query)

    p = sub.add_parser(
        "serve", parents=[common], help="serve the compiled store read-only over SPARQL (Oxigraph)"
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=7878)
    p.add_argument(
        "--timeout",
        type=float,
        default=30.0,
        metavar="S",
        help="seconds a query may run; a longer one is stopped and answered 503 (default 30)",
    )
    p.add_argument(
        "--max-rows",
        type=int,
        default=10_000,
        metavar="N",
        help="rows (or triples) kept of an answer; a cut answer has the header "
        "X-KG-Truncated: true (default 10000)",
    )
    p.add_argument(
        "--max-memory",
        type=int,
        default=2048,
        metavar="MIB",
        help="memory the Oxigraph server may allocate, in MiB (Linux; 0: no limit; default 2048)",
    )
    p.add_argument(
        "--cors",
        action="store_true",
        help="allow web pages of other sites to query (Access-Control-Allow-Origin: *)",
    )
    p.set_defaults(func=_cmd_serve)

    remote = _Parser(add_help=False)
    remote.add_argument(
        "--endpoint",
        metavar="URL",
        help="work on the default graph of this SPARQL 1.1 endpoint (fetched with one "
        "CONSTRUCT) instead of the sources; --inferred runs the rules on it",
    )
    remote.add_argument(
        "--timeout",
        type=_positive(float),
        default=60.0,
        help="seconds to wait for --endpoint; for export --query also the seconds its query "
        "and drawing may take (default 60)",
    )

    p = sub.add_parser("infer", parents=[common, remote], help="run the reasoning rules and report")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--explain", action="store_true", help="print the values behind each verdict")
    p.set_defaults(func=_cmd_infer)

    p = sub.add_parser(
        "push",
        parents=[common],
        help="load the compiled graph into a SPARQL server, replacing the target graph",
    )
    p.add_argument(
        "--endpoint",
        metavar="URL",
        required=True,
        help="the server: a URL ending in /query, /update or /store is taken for Oxigraph's "
        "layout (pushes go to /store or /update); any other URL receives the push as given",
    )
    target = p.add_mutually_exclusive_group()
    target.add_argument("--graph", metavar="IRI", help="replace this named graph")
    target.add_argument(
        "--default",
        dest="graph",
        action="store_const",
        const=None,
        help="replace the default graph (the default)",
    )
    p.add_argument(
        "--inferred",
        action="store_true",
        help="also replace <https://w3id.org/naif/graph/inferred> with the rules' statements",
    )
    p.add_argument(
        "--protocol",
        choices=["gsp", "update"],
        default="gsp",
        help="gsp: one Graph Store Protocol PUT per graph (default); "
        "update: one SPARQL Update (DROP + INSERT DATA) per graph",
    )
    p.add_argument(
        "--timeout", type=float, default=60.0, help="seconds to wait for each request (default 60)"
    )
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=_cmd_push)

    p = sub.add_parser(
        "coverage", parents=[common], help="cited references, Table 1 cells and families covered"
    )
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--check", action="store_true", help="exit 1 if the required scope has any gap")
    p.set_defaults(func=_cmd_coverage)

    view = _Parser(add_help=False)
    view.add_argument(
        "--faithful",
        action="store_true",
        help="keep measurement and observation nodes (default: fold them into attributes)",
    )
    listing = _Parser(add_help=False)
    listing.add_argument("--format", choices=["text", "json"], default="text")

    p = sub.add_parser(
        "neighbors",
        aliases=["neighbours"],
        parents=[common, inference, view, listing, remote],
        help="what an entity is linked to, within --depth relations",
    )
    p.add_argument("term", help="a name, formula, synonym or prefixed name (nad:Na3SbS4)")
    p.add_argument("--depth", type=int, default=1)
    p.add_argument("--types", help="keep only these node kinds, comma-separated (phase,remedy)")
    p.set_defaults(func=_cmd_neighbors)

    p = sub.add_parser(
        "path",
        parents=[common, inference, view, listing, remote],
        help="the shortest chains of cited statements linking two entities",
    )
    p.add_argument("source")
    p.add_argument("target")
    p.add_argument("--limit", type=int, default=3, help="how many chains (default 3)")
    p.set_defaults(func=_cmd_path)

    p = sub.add_parser(
        "hubs",
        parents=[common, inference, view, listing, remote],
        help="the most connected entities by a centrality measure",
    )
    p.add_argument("--types", help="node kinds to rank, comma-separated (electrolyte,reference)")
    p.add_argument("--measure", choices=["degree", "betweenness", "closeness"], default="degree")
    p.add_argument("--top", type=int, default=10)
    p.set_defaults(func=_cmd_hubs)

    p = sub.add_parser(
        "export",
        parents=[common, inference, view, remote],
        help="write a subgraph for Gephi, Cytoscape, Graphviz, RDF tools or a browser",
    )
    p.add_argument("--focus", help="the neighbourhood of this entity (with --depth)")
    p.add_argument("--family", help="an electrolyte family, its members and their links")
    p.add_argument("--query", help="the entities a competency question or .rq file names")
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE", help="for --query")
    p.add_argument("--depth", type=int, default=1)
    p.add_argument(
        "--format",
        choices=["graphml", "gexf", "cyjs", "dot", "svg", "png", "ttl", "jsonld", "html"],
        default="graphml",
    )
    p.add_argument("-o", "--output", type=Path, default=None, help="file (default: stdout)")
    p.set_defaults(func=_cmd_export)

    p = sub.add_parser("table", parents=[common], help="the review's Table 1, from the graph")
    p.add_argument("--family", help="only this family's electrolytes")
    p.add_argument("--format", choices=["markdown", "csv", "html"], default="markdown")
    p.add_argument("-o", "--output", type=Path, default=None, help="file (default: stdout)")
    p.set_defaults(func=_cmd_table)

    p = sub.add_parser("plot", parents=[common], help="the family radar chart, or a scatter")
    p.add_argument("kind", choices=["radar", "scatter"])
    p.add_argument("--x", help="scatter: property kind on x (naif:IonicConductivity or a label)")
    p.add_argument("--y", help="scatter: property kind on y")
    p.add_argument("-o", "--output", type=Path, required=True, help="file path without extension")
    p.add_argument("--formats", default="png,svg", help="comma-separated: png,svg")
    p.set_defaults(func=_cmd_plot)

    p = sub.add_parser("dump", parents=[common, inference], help="write the compiled graph")
    p.add_argument("--format", choices=["ttl", "nt", "jsonld", "trig", "nq"], default="ttl")
    p.add_argument(
        "-o", "--output", type=Path, default=None, help="file to write (default: stdout)"
    )
    p.set_defaults(func=_cmd_dump)
    return parser


def _guarded(args: argparse.Namespace, work: Callable[[], int]) -> int:
    """Run ``work``; turn every error into one line on stderr and its exit code."""
    try:
        return int(work())
    except KGError as exc:
        if args.debug:
            raise
        print(f"kg: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("kg: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # last resort: never a traceback without --debug
        if args.debug:
            raise
        first = str(exc).splitlines()[0] if str(exc) else ""
        print(
            f"kg: internal error: {type(exc).__name__}: {first} (rerun with --debug for details)",
            file=sys.stderr,
        )
        return EXIT_USAGE


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``kg`` command with ``argv`` and return its exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.debug:
        logging.disable(logging.WARNING)
    return _guarded(args, lambda: args.func(args))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
