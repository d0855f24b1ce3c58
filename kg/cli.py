"""The ``kg`` command: a thin layer that parses arguments, calls the library and prints.

Exit codes: 0 ok; 1 a check failed (the graph does not conform); 2 usage or input error.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from kg import __version__
from kg.errors import KGError

__all__ = ["main"]

EXIT_OK, EXIT_CHECK_FAILED, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def _cmd_validate(args: argparse.Namespace) -> int:
    from kg.load import load
    from kg.validate import validate

    report = validate(load(args.root))
    if args.format == "json":
        print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(report.text())
    return EXIT_OK if report.conforms else EXIT_CHECK_FAILED


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


def _cmd_ask(args: argparse.Namespace) -> int:
    from kg.ask import ask, render
    from kg.load import load_graph

    question = " ".join(args.question)
    result = ask(question, load_graph(args.root), root=args.root, inferred=args.inferred)
    if args.format == "json":
        print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        return EXIT_OK
    if args.sparql:
        bindings = ", ".join(f"{k}={_short(v)}" for k, v in result.interpretation.bindings.items())
        print(f"# kg query {result.interpretation.question.name} with {bindings}")
        print(result.sparql.rstrip())
        return EXIT_OK
    sys.stdout.write(render(result, explain=args.explain))
    return EXIT_OK


def _cmd_infer(args: argparse.Namespace) -> int:
    from kg.load import load_graph
    from kg.rules import infer, report

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

        bindings = question.bindings(values, resolve=resolver(args.root))
    from kg.load import load_graph
    from kg.query import run
    from kg.results import format_result

    graph = load_graph(args.root)
    if args.inferred:
        from kg.rules import with_inferred

        graph = with_inferred(graph, root=args.root)
    result = run(graph, text, bindings=bindings, source=source)
    sys.stdout.write(format_result(result, fmt=args.format, graph=graph))
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
    p.set_defaults(func=_cmd_validate)

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
    p.set_defaults(func=_cmd_query)

    p = sub.add_parser("infer", parents=[common], help="run the reasoning rules and report")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--explain", action="store_true", help="print the values behind each verdict")
    p.set_defaults(func=_cmd_infer)

    p = sub.add_parser(
        "coverage", parents=[common], help="cited references, Table 1 cells and families covered"
    )
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--check", action="store_true", help="exit 1 if the required scope has any gap")
    p.set_defaults(func=_cmd_coverage)

    p = sub.add_parser("dump", parents=[common, inference], help="write the compiled graph")
    p.add_argument("--format", choices=["ttl", "nt", "jsonld", "trig", "nq"], default="ttl")
    p.add_argument(
        "-o", "--output", type=Path, default=None, help="file to write (default: stdout)"
    )
    p.set_defaults(func=_cmd_dump)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``kg`` command with ``argv`` and return its exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.debug:
        logging.disable(logging.WARNING)
    try:
        return int(args.func(args))
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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
