"""Speed and scale of ``kg`` next to plain rdflib, in one run; writes ``docs/benchmarks.md``.

Usage::

    python benchmarks/run.py                            # curated, 10k, 100k
    python benchmarks/run.py --sizes 1M,10M             # adds them; other sizes are kept
    python benchmarks/run.py --sizes curated --repeats 20 --smoke

Per size (``curated`` is this checkout; ``10k`` to ``10M`` are projects written by
``benchmarks/generate.py`` under ``--work``), every measurement is a child process of its own,
timed from the outside (wall clock) with its peak resident memory from ``os.wait4``:

* compile: ``kg compile`` if the command exists, else ``kg.store.compile_store``, into an
  empty cache; plain rdflib: ``Graph().parse`` of the sources; Oxigraph's own bulk load;
* cold start: ``kg ask``, ``kg query cq-02`` (compiled store, and ``--engine rdflib``), plain
  rdflib parsing the sources and answering the same question, a bare ``python -c pass``;
* warm latency of every competency question with its default parameters: plain rdflib,
  ``kg``'s engine (``kg.engine.run_store``) and Oxigraph alone, each in one process;
* ``kg validate`` (whole graph; and ``--changed new-paper.ttl`` once that option exists),
  plain rdflib with pySHACL and the checks; ``kg export`` and a plain rdflib equivalent.

Times are medians of repeated runs (fewer when a run is slow). A measurement whose estimate,
extrapolated from the smaller sizes, exceeds ``--limit`` or the memory is skipped and reported
as such; one that runs out of time is killed and reported as "over". The results are kept as
JSON at the end of the report, so a later run of other sizes adds to them.
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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DOC = REPO / "docs" / "benchmarks.md"
WORK = Path("/tmp/naif-bench")
PYTHON = sys.executable
KG = str(Path(sys.executable).parent / "kg")
TASKS = str(HERE / "tasks.py")
SIZES = ("curated", "10k", "100k", "1M", "10M")
DEFAULT_SIZES = ("curated", "10k", "100k")
QUESTION = "which remedies address MCI for chalcogenides"
COLD_QUERY = "cq-02"  # the question kg ask answers QUESTION with
EXPORT_FOCUS = ("Na3SbS4", "https://w3id.org/naif/data/Na3SbS4")
EXPORT_DEPTH = 2
SCHEMA = 2
STEPS = 20  # progress steps per size (generate, 2 compiles, prepare, 16 measurements)
COMPILE_LEAN = "kg compile, no rules"

Json = dict[str, Any]


def _load_module(name: str) -> Any:
    spec = importlib.util.spec_from_file_location(f"naif_bench_{name}", HERE / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


generate = _load_module("generate")
report = _load_module("report")


# --------------------------------------------------------------------------------------------
# Progress
# --------------------------------------------------------------------------------------------


class Progress:
    """A progress bar on stderr when it is a terminal; otherwise a log line per step."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.done = 0
        self.tty = sys.stderr.isatty()
        self.label = ""
        self.detail = ""
        self.estimate: float | None = None
        self.started = time.perf_counter()
        self.step_started = self.started
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _line(self) -> str:
        share = self.done / max(self.total, 1)
        bar = "#" * int(share * 24)
        now = time.perf_counter()
        took = now - self.step_started
        est = f" / ~{report.fmt_s(self.estimate)}" if self.estimate else ""
        return (
            f"[{bar:<24}] {self.done}/{self.total} {self.label} {self.detail} "
            f"{report.fmt_s(took)}{est} (total {report.fmt_s(now - self.started)})"
        )

    def _draw(self) -> None:
        while not self._stop.wait(0.5):
            sys.stderr.write("\r\033[K" + self._line()[:200])
            sys.stderr.flush()

    @contextlib.contextmanager
    def step(self, label: str, estimate: float | None = None) -> Iterator[None]:
        """One measurement: redraw while it runs, count it when it ends."""
        self.label, self.detail, self.estimate = label, "", estimate
        self.step_started = time.perf_counter()
        if self.tty:
            self._stop.clear()
            self._thread = threading.Thread(target=self._draw, daemon=True)
            self._thread.start()
        else:
            log(f"{label} ...")
        try:
            yield
        finally:
            self.done += 1
            took = time.perf_counter() - self.step_started
            if self._thread is not None:
                self._stop.set()
                self._thread.join()
                self._thread = None
                sys.stderr.write("\r\033[K")
            log(f"{label}: {report.fmt_s(took)}")

    def skipped(self, label: str, why: str) -> None:
        """A step that does not run."""
        self.done += 1
        log(f"{label}: {why}")

    def note(self, detail: str) -> None:
        """What the current step is doing (e.g. the run number)."""
        self.detail = detail


def log(message: str) -> None:
    """A line on stderr with the time of day."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------
# Child processes
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Child:
    """One finished child process."""

    wall: float
    rss: int  # peak resident set, bytes
    faults: int  # major page faults: pages read from disk, a sign of memory pressure
    code: int
    stdout: str
    stderr: str
    timed_out: bool

    def records(self) -> list[Json]:
        """The JSON objects it printed, one per line."""
        found = []
        for line in self.stdout.splitlines():
            if line.startswith("{"):
                with contextlib.suppress(json.JSONDecodeError):
                    found.append(json.loads(line))
        return found

    def last(self) -> Json:
        """The last JSON object it printed (empty if none)."""
        records = self.records()
        return records[-1] if records else {}

    def failure(self, ok: Sequence[int] = (0,)) -> str | None:
        """Why the run failed, or None."""
        if self.timed_out:
            return "timeout"
        if self.code not in ok:
            tail = self.stderr.strip().splitlines()[-1:] or [f"exit code {self.code}"]
            return tail[0][:300]
        return None


#: Starts the measured process and reports its wall time and rusage. A child's peak memory
#: (``ru_maxrss``) is at least that of the process it was spawned from, since ``exec`` keeps
#: the old address space's high-water mark; spawned from this script (tens of MB, GB after
#: generating 10M triples) every child would inherit it. This launcher is a bare interpreter
#: (``-I -S``, about 10 MB, as small as the smallest process measured), so the figure is the
#: measured process's own.
LAUNCHER = """\
import os, sys, time
report, *command = sys.argv[1:]
start = time.perf_counter()
pid = os.posix_spawnp(command[0], command, os.environ)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
with open(report, "w") as out:
    out.write(f"{wall} {usage.ru_maxrss} {usage.ru_majflt} {os.waitstatus_to_exitcode(status)}")
"""


def run_child(
    command: Sequence[str | Path], *, env: dict[str, str], timeout: float, cwd: Path
) -> Child:
    """Run ``command`` to its end, or kill it after ``timeout`` seconds; measure it."""
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.TemporaryDirectory() as folder,
    ):
        report_path = Path(folder) / "rusage"
        proc = subprocess.Popen(
            [PYTHON, "-I", "-S", "-c", LAUNCHER, report_path, *(str(c) for c in command)],
            stdout=out,
            stderr=err,
            env=env,
            cwd=cwd,
            start_new_session=True,  # one process group: a timeout ends launcher and child
        )
        expired = threading.Event()

        def stop() -> None:
            expired.set()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, stop)
        timer.start()
        try:
            proc.wait()
        except BaseException:  # Ctrl-C or SIGTERM: the child is in a session of its own
            stop()
            raise
        finally:
            timer.cancel()
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
        try:
            wall, maxrss, faults, code = report_path.read_text().split()
        except (OSError, ValueError):  # killed before the child ended
            wall, maxrss, faults, code = str(timeout), "0", "0", str(proc.returncode)
    # ru_maxrss is in kibibytes on Linux, in bytes on macOS
    rss = int(maxrss) if sys.platform == "darwin" else int(maxrss) * 1024
    return Child(
        wall=float(wall),
        rss=rss,
        faults=int(faults),
        code=int(code),
        stdout=stdout,
        stderr=stderr,
        timed_out=expired.is_set(),
    )


def child_env(cache: Path | None) -> dict[str, str]:
    """Our environment without ``KG_*`` settings, plus ``KG_CACHE``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    if cache is not None:
        env["KG_CACHE"] = str(cache)
    return env


# --------------------------------------------------------------------------------------------
# Estimates: skip what would not finish
# --------------------------------------------------------------------------------------------


def extrapolate(points: list[tuple[float, float]], n: float) -> float | None:
    """A value at ``n`` triples from (triples, value) points of smaller generated graphs.

    Scales the largest point by ``(n / n1) ** e``, where ``e`` is the growth exponent between
    the two largest points, kept within [1, 2] (at least linear: fixed start-up costs make
    small graphs look cheaper than they scale).

    Example:
        >>> extrapolate([(1e4, 1.0), (1e5, 10.0)], 1e6)
        100.0
        >>> round(extrapolate([(1e4, 1.0), (1e5, 100.0)], 1e6))
        10000
    """
    known = sorted((t, v) for t, v in points if v > 0 and t < n)
    if not known:
        return None
    n1, v1 = known[-1]
    exponent = 1.0
    if len(known) > 1 and known[-2][0] < n1:
        n0, v0 = known[-2]
        exponent = min(max(math.log(v1 / v0) / math.log(n1 / n0), 1.0), 2.0)
    return float(v1 * (n / n1) ** exponent)


@dataclass
class Settings:
    """Options of one run."""

    work: Path
    seed: int
    repeats: int
    load_repeats: int
    cq_repeats: int
    cq_budget: float
    query_limit: float
    limit: float
    memory: float  # bytes a measurement may use, estimated, before it is skipped
    smoke: bool
    skip: bool


@dataclass
class Context:
    """One size being measured, with what the estimates can draw on."""

    size: str
    root: Path
    triples: int | None  # of a generated graph; None for the curated one
    cache: Path
    scratch: Path
    settings: Settings
    history: dict[str, Json]  # earlier sizes, this run's and kept ones
    progress: Progress
    m: Json = field(default_factory=dict)  # this size's measurements

    def put(self, name: str, why: str, estimate: float | None = None) -> Json:
        """Record a measurement that does not run, and why."""
        entry: Json = {"skipped": why}
        if estimate is not None:
            entry["estimate"] = estimate
        self.m[name] = entry
        self.progress.skipped(f"{self.size} · {name}", why)
        return entry

    def points(self, name: str, key: str, question: str | None = None) -> list[tuple[float, float]]:
        """(triples, value) of a measurement, or of one question of a suite, on smaller graphs.

        Only generated graphs count. A run over its limit counts at the limit, a skipped one at
        its estimate.
        """
        found = []
        for r in self.history.values():
            n = r.get("project", {}).get("triples")
            if r.get("schema") != SCHEMA or r["size"] == "curated" or not n:
                continue
            entry = r.get("m", {}).get(name, {})
            if question is not None:
                entry = entry.get("questions", {}).get(question, {})
            value = entry.get(key)
            if key == "median":
                value = entry.get("over", entry.get("median", entry.get("estimate")))
            if isinstance(value, int | float):
                found.append((float(n), float(value)))
        return found

    def estimate(self, name: str, key: str = "median") -> float | None:
        """Extrapolated time (``median``) or peak memory (``rss``) of a measurement."""
        if self.triples is None:
            return None
        return extrapolate(self.points(name, key), self.triples)

    def skip_reason(
        self, name: str, *, after: str | None = None, whole: bool = True
    ) -> tuple[str, float | None] | None:
        """Why ``name`` should not run here (and its time estimate), or None.

        ``after`` names a measurement this one includes (plain rdflib parsing the sources): if
        that could not run here, neither can this. ``whole=False`` (a suite of questions,
        each with its own limit and estimate) checks only ``after``.
        """
        if not self.settings.skip:
            return None
        if after is not None:
            base = self.m.get(after, {})
            if "skipped" in base or "over" in base or "error" in base:
                return (f"skipped: {after} could not run at this size", None)
        if not whole:
            return None
        seconds = self.estimate(name)
        rss = self.estimate(name, "rss")
        if seconds is not None and seconds > self.settings.limit:
            return (
                f"skipped: would exceed the time limit of {report.fmt_s(self.settings.limit)} "
                f"(estimated {report.fmt_s(seconds)})",
                seconds,
            )
        if rss is not None and rss > self.settings.memory:
            return (
                f"skipped: would exceed the memory allowed, {report.fmt_b(self.settings.memory)} "
                f"(estimated {report.fmt_b(rss)})",
                seconds,
            )
        return None


# --------------------------------------------------------------------------------------------
# Measurements
# --------------------------------------------------------------------------------------------


def measure(
    ctx: Context,
    name: str,
    command: Sequence[str | Path],
    *,
    repeats: int,
    env: Callable[[int], dict[str, str]] | None = None,
    ok: Sequence[int] = (0,),
    after: str | None = None,
    warm_up: bool = False,
) -> Json:
    """Median wall time and peak memory of whole processes running ``command``.

    ``env(i)`` gives the environment of run ``i`` (default: the size's cache). A first run
    slower than 5 s cuts the repeats to 3, slower than 60 s to 1. ``warm_up`` makes one
    untimed run first (bytecode and file caches), for the cold-start measurements.
    """
    reason = ctx.skip_reason(name, after=after)
    if reason is not None:
        return ctx.put(name, *reason)
    entry: Json
    environment = env or (lambda i: child_env(ctx.cache))
    limit = ctx.settings.limit
    with ctx.progress.step(f"{ctx.size} · {name}", ctx.estimate(name)):
        if warm_up:
            run_child(command, env=environment(-1), timeout=limit, cwd=ctx.scratch)
        runs: list[Child] = []
        wanted = repeats
        while len(runs) < wanted:
            ctx.progress.note(f"(run {len(runs) + 1}/{wanted})")
            done = run_child(command, env=environment(len(runs)), timeout=limit, cwd=ctx.scratch)
            failure = done.failure(ok)
            if failure:
                entry = {"runs": len(runs), "rss": done.rss}
                if failure == "timeout":
                    entry["over"] = limit
                else:
                    entry["error"] = failure
                log(f"  {name}: {failure}")
                ctx.m[name] = entry
                return entry
            runs.append(done)
            if len(runs) == 1:
                wanted = 1 if done.wall > 60 else min(repeats, 3) if done.wall > 5 else repeats
    walls = [r.wall for r in runs]
    entry = {
        "runs": len(runs),
        "median": statistics.median(walls),
        "min": min(walls),
        "rss": max(r.rss for r in runs),
        "faults": max(r.faults for r in runs),
        "child": runs[-1].last(),
        "code": runs[-1].code,
    }
    inner = [r.last().get("seconds") for r in runs]
    if all(isinstance(x, int | float) for x in inner):
        entry["inner"] = statistics.median(x for x in inner if x is not None)
    ctx.m[name] = entry
    return entry


def write_spec(ctx: Context, task: str, spec: Json) -> list[str]:
    """The command line of a ``tasks.py`` task, its spec written to the scratch folder."""
    path = ctx.scratch / f"{task}.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    return [PYTHON, TASKS, task, str(path)]


def kg_lists(command: str) -> str:
    """The help text of ``kg`` or of one of its commands (empty if it fails)."""
    args = [KG, "--help"] if not command else [KG, command, "--help"]
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    return done.stdout


def compile_command(root: Path) -> list[str]:
    """``kg compile`` if the command exists, else the library call, with its defaults."""
    if " compile " in kg_lists("").replace(",", " ").replace("{", " ").replace("}", " "):
        return [KG, "compile", "--root", str(root)]
    code = "import sys; from kg.store import compile_store; compile_store(sys.argv[1])"
    return [PYTHON, "-c", code, str(root)]


def curated_only_command(root: Path) -> list[str] | None:
    """The compile without the rules' statements (what ``kg query`` waits for), if possible.

    ``kg.store.compile_store(root, inferred=False)`` builds only the curated store; the store
    with the derived statements is built on first need. None if the option does not exist.
    """
    probe = "import inspect; from kg.store import compile_store as c; "
    probe += "print('inferred' in inspect.signature(c).parameters)"
    done = subprocess.run([PYTHON, "-c", probe], capture_output=True, text=True, check=False)
    if done.stdout.strip() != "True":
        return None
    code = "import sys; from kg.store import compile_store; "
    code += "compile_store(sys.argv[1], inferred=False)"
    return [PYTHON, "-c", code, str(root)]


def questions(root: Path) -> list[Json]:
    """Every competency question, ready to run: text, default bindings, injected text."""
    from kg.cq import list_questions
    from kg.engine import inject_values

    ready = []
    for q in list_questions(root):
        bindings = q.bindings()
        ready.append(
            {
                "name": q.name,
                "text": q.text(),
                "bindings": {k: v.n3() for k, v in bindings.items()},
                "with_values": inject_values(q.text(), bindings),
                "inferred": q.graph == "inferred",
            }
        )
    return ready


def prefixes() -> dict[str, str]:
    """The project's prefixes (every engine gets them predeclared)."""
    from kg.namespaces import PREFIXES

    return {k: str(v) for k, v in PREFIXES.items()}


def turtle_files(root: Path) -> list[str]:
    """The Turtle ``kg`` loads: ontology modules (not the shapes) and ``graph_data``."""
    ontology = sorted(p for p in (root / "ontology").glob("*.ttl") if "-shapes" not in p.name)
    return [str(p) for p in ontology + sorted((root / "graph_data").rglob("*.ttl"))]


def suite(ctx: Context, name: str, task: str, spec: Json, *, after: str | None = None) -> Json:
    """Warm latency of every question on one engine, in one child process."""
    reason = ctx.skip_reason(name, after=after, whole=False)
    if reason is not None:
        return ctx.put(name, *reason)
    s = ctx.settings
    skip: dict[str, tuple[str, float]] = {}
    for q in spec["questions"]:
        points = ctx.points(name, "median", q["name"])
        guess = extrapolate(points, ctx.triples) if ctx.triples and s.skip else None
        if guess is not None and guess > s.query_limit:
            why = f"skipped: would exceed the {report.fmt_s(s.query_limit)} limit (estimated "
            skip[q["name"]] = (f"{why}{report.fmt_s(guess)})", guess)
    spec |= {
        "repeats": s.cq_repeats,
        "budget": s.cq_budget,
        "limit": s.query_limit,
        "skip": skip,
    }
    command = write_spec(ctx, task, spec)
    timeout = s.limit + len(spec["questions"]) * (s.query_limit + s.cq_budget)
    with ctx.progress.step(f"{ctx.size} · {name}", ctx.estimate(name, "wall")):
        done = run_child(command, env=child_env(ctx.cache), timeout=timeout, cwd=ctx.scratch)
    records = done.records()
    entry: Json = {
        "setup": next((r for r in records if "setup" in r), {}),
        "questions": {r["cq"]: r for r in records if "cq" in r},
        "rss": done.rss,
        "faults": done.faults,
        "wall": done.wall,
    }
    failure = done.failure()
    if failure:
        entry["error"] = failure
        log(f"  {name}: {failure}")
    ctx.m[name] = entry
    return entry


# --------------------------------------------------------------------------------------------
# One size
# --------------------------------------------------------------------------------------------


def ensure_project(size: str, settings: Settings, progress: Progress) -> tuple[Path, Json]:
    """The project of ``size`` (generated unless an identical one exists) and its summary."""
    if size == "curated":
        progress.skipped(f"{size} · generate", "this checkout")
        return REPO, {}
    target = generate.parse_size(size)
    root = settings.work / f"naif-{size}"
    marker = root / generate.MARKER
    if marker.is_file():
        made = json.loads(marker.read_text(encoding="utf-8"))
        if (made.get("generator"), made.get("seed"), made.get("target")) == (
            generate.GENERATOR_VERSION,
            settings.seed,
            target,
        ):
            progress.skipped(f"{size} · generate", f"reusing {root}")
            return root, made | {"reused": True}
    command = [PYTHON, HERE / "generate.py", "--triples", size, "--out", root, "--force"]
    command += ["--seed", str(settings.seed), "--quiet"]
    with progress.step(f"{size} · generate"):
        # in a process of its own: this one stays small (its memory is not what is measured,
        # but it is memory the measured processes do not get)
        done = subprocess.run([str(c) for c in command], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"generate.py failed: {done.stderr.strip()[-500:]}")
    summary: Json = json.loads(done.stdout)
    return root, summary


def project_stats(root: Path) -> Json:
    """Files and bytes of a project's sources."""
    ttl = [Path(p) for p in turtle_files(root)]
    bibs = sorted((root / "graph_data").glob("*.bib"))
    return {
        "ttl_files": len(ttl),
        "ttl_bytes": sum(p.stat().st_size for p in ttl),
        "bib_entries": sum(p.read_text(encoding="utf-8").count("\n@") + 1 for p in bibs),
    }


def benchmark_size(
    size: str, settings: Settings, history: dict[str, Json], progress: Progress
) -> Json:
    """Every measurement of one size."""
    root, generated = ensure_project(size, settings, progress)
    scratch = settings.work / f"run-{size}"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    cache = settings.work / f"cache-{size}"
    shutil.rmtree(cache, ignore_errors=True)  # the first compile starts from nothing
    result: Json = {
        "schema": SCHEMA,
        "size": size,
        "smoke": settings.smoke,
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": machine(),
        "versions": versions(),
        "load_before": list(os.getloadavg()),
        "available_before": available_memory(),
        "settings": {k: str(v) for k, v in vars(settings).items()},
        "params": {
            "question": QUESTION,
            "cq": COLD_QUERY,
            "focus": EXPORT_FOCUS[0],
            "depth": EXPORT_DEPTH,
        },
        "project": project_stats(root)
        | {
            "triples": generated.get("triples"),
            "generated": {k: v for k, v in generated.items() if k != "files"},
        },
    }
    ctx = Context(
        size=size,
        root=root,
        triples=generated.get("triples"),
        cache=cache,
        scratch=scratch,
        settings=settings,
        history=history,
        progress=progress,
    )
    result["m"] = ctx.m
    s = settings

    # compile: every run into an empty cache of its own; the size's cache keeps the first
    # full build or, failing that, the first build without the rules
    def fresh(name: str) -> Callable[[int], dict[str, str]]:
        def env(i: int) -> dict[str, str]:
            target = scratch / f"cache-{name}-{max(i, 0)}"
            shutil.rmtree(target, ignore_errors=True)
            return child_env(target)

        return env

    lean = curated_only_command(root)
    if lean is None:
        ctx.put(COMPILE_LEAN, "not available: compile_store has no inferred=False")
    else:
        measure(ctx, COMPILE_LEAN, lean, repeats=s.load_repeats, env=fresh("lean"))
    compiled = measure(
        ctx, "kg compile", compile_command(root), repeats=s.load_repeats, env=fresh("full")
    )
    for kept in (scratch / "cache-full-0", scratch / "cache-lean-0"):
        if kept.is_dir() and store_folder(root, kept):
            os.replace(kept, cache)
            break
    for extra in scratch.glob("cache-*"):
        shutil.rmtree(extra, ignore_errors=True)
    with progress.step(f"{size} · prepare the baseline"):
        spec = {
            "root": str(root),
            "bib": [str(p) for p in sorted((root / "graph_data").glob("*.bib"))],
            "references": str(scratch / "references.nt"),
            "derived_prefix": str(scratch / "derived-"),
            "store": None,
        }
        spec["store"] = store_folder(root, cache)
        done = run_child(
            write_spec(ctx, "prepare", spec), env=child_env(cache), timeout=s.limit, cwd=scratch
        )
        prepared = done.last()
        if done.failure():
            log(f"  preparing the baseline failed: {done.failure()}")
    result["project"]["graphs"] = prepared.get("graphs")
    result["project"]["baseline_references"] = prepared.get("references")
    store = spec["store"] if prepared.get("graphs") else None
    rules = bool(store) and Path(str(store)).name == "store"  # the derived statements too
    result["store"] = {"path": store, "rules": rules, "full_compile": "median" in compiled}
    files = turtle_files(root) + ([spec["references"]] if prepared.get("references") else [])
    derived = prepared.get("derived", [])
    cqs = questions(root)
    names = prefixes()
    cold = next(q for q in cqs if q["name"].startswith(COLD_QUERY + "-"))

    measure(
        ctx,
        "rdflib parse",
        write_spec(ctx, "rdflib-load", {"files": files}),
        repeats=s.load_repeats,
    )
    measure(
        ctx,
        "oxigraph load",
        write_spec(ctx, "oxigraph-load", {"files": files}),
        repeats=s.load_repeats,
    )

    no_store = "not measured: no compiled store (kg compile did not finish)"
    measure(ctx, "python -c pass", [PYTHON, "-c", "pass"], repeats=s.repeats, warm_up=True)
    measure(ctx, "import rdflib", [PYTHON, "-c", "import rdflib"], repeats=s.repeats, warm_up=True)
    if store:
        result["ask_sparql"] = subprocess.run(
            [KG, "ask", QUESTION, "--root", str(root), "--sparql"],
            capture_output=True,
            text=True,
            env=child_env(cache),
            check=False,
        ).stdout.splitlines()[:1]
        measure(
            ctx, "kg ask", [KG, "ask", QUESTION, "--root", root], repeats=s.repeats, warm_up=True
        )
        measure(
            ctx,
            "kg query",
            [KG, "query", COLD_QUERY, "--root", root],
            repeats=s.repeats,
            warm_up=True,
        )
    else:
        ctx.put("kg ask", no_store)
        ctx.put("kg query", no_store)
    measure(
        ctx,
        "kg query --engine rdflib",
        [KG, "query", COLD_QUERY, "--root", root, "--engine", "rdflib"],
        repeats=s.repeats,
        after="rdflib parse",
    )
    plain = {"files": files, "question": cold, "prefixes": names}
    measure(
        ctx,
        "rdflib query",
        write_spec(ctx, "rdflib-query", plain),
        repeats=s.repeats,
        after="rdflib parse",
    )
    if store:
        digest = run_child(
            write_spec(ctx, "digest", {"root": str(root)}),
            env=child_env(cache),
            timeout=s.limit,
            cwd=scratch,
        ).last()
        ctx.m["digest"] = {"median": digest.get("seconds")} if digest else {"error": "failed"}

    suite(
        ctx,
        "warm rdflib",
        "rdflib-suite",
        {"files": files, "derived": derived, "questions": cqs, "prefixes": names},
        after="rdflib parse",
    )
    if store:
        kg_spec = {"root": str(root), "questions": cqs, "rules": rules}
        suite(ctx, "warm kg", "kg-suite", kg_spec)
        ox_spec = {"store": store, "questions": cqs, "prefixes": names, "rules": rules}
        suite(ctx, "warm oxigraph", "oxigraph-suite", ox_spec)
    else:
        ctx.put("warm kg", no_store)
        ctx.put("warm oxigraph", no_store)

    measure(ctx, "kg validate", [KG, "validate", "--root", root], repeats=s.load_repeats, ok=(0, 1))
    shapes = [str(p) for p in sorted((root / "ontology").glob("*-shapes.ttl"))]
    checks = [str(p) for p in sorted((root / "queries" / "checks").glob("*-violation.rq"))]
    shacl = {"files": files, "shapes": shapes, "checks": checks, "prefixes": names}
    measure(
        ctx,
        "rdflib validate",
        write_spec(ctx, "shacl", shacl),
        repeats=s.load_repeats,
        after="rdflib parse",
    )
    paper = root / generate.NEW_PAPER
    if "--changed" not in kg_lists("validate"):
        ctx.put(
            "kg validate --changed", "not available yet: `kg validate --help` lists no --changed"
        )
    elif not paper.is_file():
        ctx.put("kg validate --changed", "not measured: no new paper for the curated graph")
    else:
        measure(
            ctx,
            "kg validate --changed",
            [KG, "validate", "--root", root, "--changed", paper],
            repeats=s.load_repeats,
            ok=(0, 1),
        )

    command = [
        KG,
        "export",
        "--focus",
        EXPORT_FOCUS[0],
        "--depth",
        str(EXPORT_DEPTH),
        "--format",
        "graphml",
    ]
    measure(
        ctx,
        "kg export",
        [*command, "-o", scratch / "export.graphml", "--root", root],
        repeats=s.load_repeats,
    )
    export = {
        "files": files,
        "focus": EXPORT_FOCUS[1],
        "depth": EXPORT_DEPTH,
        "output": str(scratch / "export.ttl"),
    }
    measure(
        ctx,
        "rdflib export",
        write_spec(ctx, "rdflib-export", export),
        repeats=s.load_repeats,
        after="rdflib parse",
    )

    if store and store_folder(root, cache) != store:
        # a source or the package changed while this size ran (a shared checkout): the store
        # was rebuilt, or would be, by the next kg command
        result["sources_changed"] = True
    result["versions_after"] = versions()
    result["load_after"] = list(os.getloadavg())
    return result


def store_folder(root: Path, cache: Path) -> str | None:
    """The compiled Oxigraph store for ``root`` in ``cache``, or None.

    ``kg.store.store_path`` names the compiled folder; it holds ``store`` (curated and derived
    statements) and, since the derived statements are built lazily, ``curated``.
    """
    code = "import sys; from kg.store import store_path; print(store_path(sys.argv[1]))"
    done = subprocess.run(
        [PYTHON, "-c", code, str(root)],
        capture_output=True,
        text=True,
        env=child_env(cache),
        check=False,
    )
    folder = Path(done.stdout.strip() or "/nonexistent")
    found = [folder / name for name in ("store", "curated") if (folder / name).is_dir()]
    return str(found[0]) if found else None


# --------------------------------------------------------------------------------------------
# Machine, versions
# --------------------------------------------------------------------------------------------


def machine() -> Json:
    """CPU model and cores, memory, operating system."""
    model = platform.processor() or "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    system = f"{platform.system()} {platform.release()}"
    with contextlib.suppress(OSError):
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                system = f"{line.split('=', 1)[1].strip(chr(34))}, {system}"
    return {"cpu": model, "cores": os.cpu_count(), "memory": total_memory(), "os": system}


def total_memory() -> int | None:
    """Physical memory in bytes (Linux), or None."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return int(line.split()[1]) * 1024
    return None


def available_memory() -> int | None:
    """Memory available to new processes in bytes (Linux ``MemAvailable``), or None."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable"):
                return int(line.split()[1]) * 1024
    return None


def versions() -> Json:
    """Python, the libraries measured, and the checkout's commit (``+changes`` if edited)."""
    from importlib.metadata import PackageNotFoundError, version

    found = {"python": platform.python_version()}
    for name in ("naif-kg", "rdflib", "pyoxigraph", "pyshacl"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    git = ["git", "-C", str(REPO)]
    head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    edited = subprocess.run(
        [*git, "status", "--porcelain", "--", "kg", "ontology", "queries", "graph_data"],
        capture_output=True,
        text=True,
    )
    if head.returncode == 0:
        found["commit"] = head.stdout.strip() + ("+changes" if edited.stdout.strip() else "")
    return found


# --------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Measure the chosen sizes and rewrite the report."""
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.ArgumentDefaultsHelpFormatter
    )
    parser.add_argument("--sizes", default=",".join(DEFAULT_SIZES), help=", ".join(SIZES))
    parser.add_argument("--work", type=Path, default=WORK, help="projects, caches, scratch")
    parser.add_argument("--seed", type=int, default=1, help="of the generated graphs")
    parser.add_argument("--repeats", type=int, default=10, help="runs per cold start")
    parser.add_argument(
        "--load-repeats", type=int, default=3, help="runs per compile, load, validate, export"
    )
    parser.add_argument("--cq-repeats", type=int, default=5, help="timed runs per question")
    parser.add_argument(
        "--cq-budget", type=float, default=5.0, help="seconds of timed runs per question"
    )
    parser.add_argument(
        "--query-limit", type=float, default=60.0, help="seconds one question may take"
    )
    parser.add_argument("--limit", type=float, default=900.0, help="seconds one run may take")
    parser.add_argument(
        "--memory", type=float, default=0.8, help="share of RAM a run may use (estimated)"
    )
    parser.add_argument(
        "--no-skip", action="store_true", help="run even what is estimated to exceed a limit"
    )
    parser.add_argument(
        "--smoke", action="store_true", help="mark these numbers as a smoke run, not results"
    )
    parser.add_argument("--doc", type=Path, default=DOC, help="the report to rewrite")
    args = parser.parse_args(argv)
    # SIGTERM unwinds like Ctrl-C, so the running child is stopped too
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in SIZES]
    if unknown:
        parser.error(f"unknown size {', '.join(unknown)} (choose from {', '.join(SIZES)})")
    sizes.sort(key=SIZES.index)  # small first: the estimates of the large ones draw on them
    args.work.mkdir(parents=True, exist_ok=True)
    settings = Settings(
        work=args.work,
        seed=args.seed,
        repeats=args.repeats,
        load_repeats=args.load_repeats,
        cq_repeats=args.cq_repeats,
        cq_budget=args.cq_budget,
        query_limit=args.query_limit,
        limit=args.limit,
        memory=args.memory * (total_memory() or 8e9),
        smoke=args.smoke,
        skip=not args.no_skip,
    )
    results = report.read_results(args.doc)
    progress = Progress(total=len(sizes) * STEPS)
    for size in sizes:
        started = time.perf_counter()
        results[size] = benchmark_size(size, settings, results, progress)
        log(f"{size}: done in {report.fmt_s(time.perf_counter() - started)}")
        args.doc.write_text(report.render(results), encoding="utf-8")
        log(f"wrote {args.doc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
