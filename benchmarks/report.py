"""Render the results of ``benchmarks/run.py`` as ``docs/benchmarks.md``.

Every number carries its unit: times in ms or s, memory in MB or GB (10^6 and 10^9 bytes,
peak resident set of the whole process), ratios with ×.
"""

from __future__ import annotations

import json
import math
import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Json = dict[str, Any]
SIZES = ("curated", "10k", "100k", "1M", "10M")
OPEN, CLOSE = "<!-- benchmark-results", "-->"
SCHEMA = 2
ENGINES = ("warm rdflib", "warm kg", "warm oxigraph")


# --------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------


def fmt_s(seconds: float | None) -> str:
    """A duration with its unit, three significant digits.

    Example:
        >>> fmt_s(0.01234), fmt_s(2.5), fmt_s(754.0), fmt_s(None)
        ('12.3 ms', '2.5 s', '12.6 min', '–')
    """
    if seconds is None:
        return "–"
    if seconds < 1:
        return f"{seconds * 1000:.3g} ms"
    if seconds < 600:
        return f"{seconds:.3g} s"
    if seconds < 36000:
        return f"{seconds / 60:.3g} min"
    return f"{seconds / 3600:.3g} h"


def fmt_b(size: float | None) -> str:
    """Bytes as MB or GB (decimal units).

    Example:
        >>> fmt_b(43_960_000), fmt_b(2_826_000_000), fmt_b(None)
        ('44 MB', '2.83 GB', '–')
    """
    if size is None:
        return "–"
    if size >= 1e9:
        return f"{size / 1e9:.3g} GB"
    return f"{size / 1e6:.3g} MB"


def fmt_x(ratio: float | None) -> str:
    """A ratio, ``×``.

    Example:
        >>> fmt_x(0.623), fmt_x(12.4), fmt_x(None)
        ('0.62×', '12×', '–')
    """
    if ratio is None:
        return "–"
    return f"{ratio:.2g}×" if ratio < 10 else f"{ratio:.0f}×"


def div(a: float | None, b: float | None) -> float | None:
    """``a / b`` when both are known."""
    return a / b if a is not None and b else None


def got(entry: Json | None, key: str = "median") -> float | None:
    """A measured number; None when the measurement was skipped, over its limit or failed."""
    if not entry or "skipped" in entry or "over" in entry or "error" in entry:
        return None
    value = entry.get(key)
    return float(value) if isinstance(value, int | float) else None


def cell(entry: Json | None, key: str = "median") -> str:
    """A table cell: the time, or why there is none."""
    if not entry:
        return "–"
    if "skipped" in entry:
        return str(entry["skipped"])
    if "over" in entry:
        return f"over {fmt_s(entry['over'])} (killed)"
    if "error" in entry:
        return "failed"
    return fmt_s(got(entry, key))


def mem(entry: Json | None) -> str:
    """Peak memory of a measured process."""
    if not entry or "skipped" in entry or not entry.get("rss"):
        return "–"
    shown = fmt_b(entry["rss"])
    return shown if got(entry) is not None else f"{shown} when stopped"


# --------------------------------------------------------------------------------------------
# Results kept in the report
# --------------------------------------------------------------------------------------------


def read_results(path: Path) -> dict[str, Json]:
    """The results at the end of an earlier report (only those of this report's schema)."""
    if not path.is_file():
        return {}
    text = path.read_text(encoding="utf-8")
    start = text.find(OPEN)
    if start < 0:
        return {}
    data = json.loads(text[start + len(OPEN) : text.find(CLOSE, start)])
    return {k: v for k, v in data.get("sizes", {}).items() if v.get("schema") == SCHEMA}


def ordered(results: dict[str, Json]) -> list[Json]:
    """Results, smallest size first."""
    return [results[s] for s in SIZES if s in results]


def row(*cells: object) -> str:
    """A Markdown table row."""
    return "| " + " | ".join(str(c) for c in cells) + " |"


def table(columns: str, align: str = "") -> str:
    """A Markdown table head; ``align`` has an ``l`` or ``r`` per column (default l, then r)."""
    names = [c.strip() for c in columns.split("|")]
    align = align or "l" + "r" * (len(names) - 1)
    return row(*names) + "\n" + row(*("---:" if a == "r" else "---" for a in align))


# --------------------------------------------------------------------------------------------
# Warm questions
# --------------------------------------------------------------------------------------------


def latency(entry: Json | None) -> float | None:
    """A question's median; one over its limit counts at the limit (a lower bound)."""
    if not entry or "error" in entry or "skipped" in entry:
        return None
    value = entry.get("over", entry.get("median"))
    return float(value) if isinstance(value, int | float) else None


def warm(r: Json) -> Json:
    """Suite medians, ratios and agreement of one size."""
    rd, kg, ox = (r["m"].get(e, {}).get("questions", {}) for e in ENGINES)
    names = sorted(set(rd) | set(kg) | set(ox))
    # too slow for rdflib: killed at the limit, or skipped because the estimate exceeded it
    lower = [n for n in names if "over" in rd.get(n, {}) or "estimate" in rd.get(n, {})]

    def median(found: Json) -> float | None:
        times = [t for n in names if (t := latency(found.get(n))) is not None]
        return statistics.median(times) if times else None

    # a question rdflib skipped counts at the query limit, as one it did not finish in time
    limit = float(r["settings"]["query_limit"])
    rd_times = [latency(rd.get(n)) or (limit if n in lower else None) for n in names]
    rd_median = statistics.median([t for t in rd_times if t is not None] or [math.nan])
    per_q = [
        a / b
        for n in names
        if (a := latency(rd.get(n))) is not None and (b := latency(kg.get(n))) and b > 0
    ]
    both = [n for n in names if "rows" in rd.get(n, {}) and "rows" in kg.get(n, {})]
    return {
        "questions": len(names),
        "rdflib": None if math.isnan(rd_median) else rd_median,
        "kg": median(kg),
        "oxigraph": median(ox),
        "geomean": math.exp(statistics.fmean(math.log(x) for x in per_q)) if per_q else None,
        "lower": lower,
        "agree": sum(1 for n in both if rd[n]["rows"] == kg[n]["rows"]),
        "compared": len(both),
        "disagree": [n for n in both if rd[n]["rows"] != kg[n]["rows"]],
        "errors": sorted({n for e in (rd, kg, ox) for n in e if "error" in e[n]}),
        "kg_over": [n for n in names if "over" in kg.get(n, {})],
    }


# --------------------------------------------------------------------------------------------
# Targets
# --------------------------------------------------------------------------------------------


def verdict(value: float | None, target: float, *, lower_is_better: bool, why: str = "") -> str:
    """Met or not met, and by how much.

    Example:
        >>> verdict(0.81, 0.12, lower_is_better=True)
        '**not met**: 6.8× over'
        >>> verdict(40, 30, lower_is_better=False)
        '**met**: 1.3× the target'
    """
    if value is None:
        return f"not measured{': ' + why if why else ''}"
    if lower_is_better:
        if value <= target:
            return f"**met**: {fmt_x(target / value)} under"
        return f"**not met**: {fmt_x(value / target)} over"
    if value >= target:
        return f"**met**: {fmt_x(value / target)} the target"
    return f"**not met**: {fmt_x(target / value)} short"


def reason(entry: Json | None) -> str:
    """Why a measurement has no value."""
    if not entry:
        return "not run"
    if "skipped" in entry:
        return str(entry["skipped"])
    if "over" in entry:
        return f"killed at the {fmt_s(entry['over'])} limit"
    if "error" in entry:
        return f"failed: {entry['error']}"
    return ""


@dataclass(frozen=True)
class Reading:
    """One target's reading at one size: the value judged, what to show, rdflib, why."""

    value: float | None
    shown: str
    rdflib: str
    why: str


def _cold_ask(m: Json) -> Reading:
    ask = got(m.get("kg ask"))
    floor = (
        f"bare `python -c pass` {cell(m.get('python -c pass'))}, "
        f"`python -c 'import rdflib'` {cell(m.get('import rdflib'))}"
    )
    return Reading(
        ask, cell(m.get("kg ask")), f"parse + query {cell(m.get('rdflib query'))}", floor
    )


def _ask_vs_rdflib(m: Json) -> Reading:
    ratio = div(got(m.get("rdflib query")), got(m.get("kg ask")))
    parse = f"of which rdflib parses the sources in {cell(m.get('rdflib parse'), 'inner')}"
    return Reading(ratio, f"{fmt_x(ratio)} faster", cell(m.get("rdflib query")), parse)


def _ask_vs_python(m: Json) -> Reading:
    ratio = div(got(m.get("kg ask")), got(m.get("python -c pass")))
    return Reading(ratio, f"{fmt_x(ratio)} of it", "–", _cold_ask(m).why)


def _cold_query(m: Json) -> Reading:
    why = (
        f"`python -c 'import rdflib'` {cell(m.get('import rdflib'))}; "
        f"hashing the sources (digest) {cell(m.get('digest'))}"
    )
    rdflib = (
        f"`kg query --engine rdflib` {cell(m.get('kg query --engine rdflib'))}; "
        f"plain {cell(m.get('rdflib query'))}"
    )
    return Reading(got(m.get("kg query")), cell(m.get("kg query")), rdflib, why)


def _warm(r: Json) -> Reading:
    w = warm(r)
    ratio = div(w["rdflib"], w["kg"])
    bound = "≥ " if w["lower"] and ratio else ""
    why = f"`kg` per question {fmt_s(w['kg'])}, Oxigraph alone {fmt_s(w['oxigraph'])}"
    if w["lower"]:
        why += f"; {len(w['lower'])} questions too slow for rdflib count at the limit"
    if w["kg_over"]:
        why += f"; {len(w['kg_over'])} too slow for `kg` count at the limit too"
    rdflib = f"median {bound}{fmt_s(w['rdflib'])}"
    bound = "" if w["kg_over"] else bound
    if ratio is None:
        why = reason(r["m"].get("warm kg")) or reason(r["m"].get("warm rdflib")) or "–"
        return Reading(None, why, rdflib, why)
    return Reading(ratio, f"{bound}{fmt_x(ratio)} lower", rdflib, why)


LEAN = "kg compile, no rules"


def _compile_time(m: Json) -> Reading:
    why = (
        f"without the rules' statements (all `kg query` waits for): {cell(m.get(LEAN))}; "
        f"Oxigraph alone loads the files in {cell(m.get('oxigraph load'), 'inner')}"
    )
    return Reading(
        got(m.get("kg compile")), cell(m.get("kg compile")), cell(m.get("rdflib parse")), why
    )


def _compile_memory(m: Json) -> Reading:
    entry = m.get("kg compile") or {}
    value = entry["rss"] / 1e9 if got(entry) is not None else None
    why = (
        f"without the rules' statements: peak {mem(m.get(LEAN))}; "
        f"Oxigraph alone: peak {mem(m.get('oxigraph load'))}"
    )
    return Reading(value, mem(entry), mem(m.get("rdflib parse")), why)


def _new_paper(m: Json) -> Reading:
    entry = m.get("kg validate --changed")
    whole = f"`kg validate`, whole graph: {cell(m.get('kg validate'))}"
    rdflib = f"pySHACL, whole graph: {cell(m.get('rdflib validate'))}"
    return Reading(got(entry), cell(entry), rdflib, whole)


#: (target as the issue states it, size, reading, threshold, lower is better)
TARGETS: tuple[tuple[str, str, Callable[[Json], Reading], float, bool], ...] = (
    ("cold `kg ask` on the curated graph, whole process: median ≤ 0.12 s", "curated",
     lambda r: _cold_ask(r["m"]), 0.12, True),
    ("… and ≥ 5× faster than loading the sources with rdflib and querying", "curated",
     lambda r: _ask_vs_rdflib(r["m"]), 5, False),
    ("stretch: `kg ask` within 4× of a bare `python -c pass`", "curated",
     lambda r: _ask_vs_python(r["m"]), 4, True),
    ("1M triples: cold `kg query` (whole process, named CQ) ≤ 0.15 s", "1M",
     lambda r: _cold_query(r["m"]), 0.15, True),
    ("1M triples: warm CQ-suite median latency ≥ 30× lower than rdflib's in-memory engine", "1M",
     _warm, 30, False),
    ("compile 1M triples ≤ 7 s (rdflib: about 30 s)", "1M",
     lambda r: _compile_time(r["m"]), 7, True),
    ("compile 1M triples with peak memory ≤ 0.4 GB (rdflib: about 1.2 GB)", "1M",
     lambda r: _compile_memory(r["m"]), 0.4, True),
    ("validating the facts of one new paper against a 1M-triple graph ≤ 2 s", "1M",
     lambda r: _new_paper(r["m"]), 2, True),
)  # fmt: skip


def targets(results: dict[str, Json]) -> str:
    """The targets of issue 7: measured, plain rdflib in the same run, verdict, why."""
    lines = [
        "## Targets\n",
        "Each target as the issue states it, the number measured, plain rdflib in the same "
        "run, and the verdict. *Why* gives measured numbers that bound or explain the result; "
        "the method is below.\n",
        table("target | size | measured | plain rdflib, same run | verdict | why", "llllll"),
    ]
    for target, size, read, threshold, lower in TARGETS:
        r = results.get(size)
        if r is None:
            lines.append(row(target, size, "–", "–", f"not measured: {size} not run yet", ""))
            continue
        got_ = read(r)
        missing = "" if got_.value is not None else "the measurement did not finish"
        ruling = verdict(got_.value, threshold, lower_is_better=lower, why=missing)
        shown_size = size + (" (smoke run)" if r.get("smoke") else "")
        lines.append(row(target, shown_size, got_.shown, got_.rdflib, ruling, got_.why))
    if "1M" not in results:
        known = [s for s in ("100k", "10k") if s in results]
        if known:
            r = results[known[0]]
            readings = [read(r) for _, size, read, _, _ in TARGETS if size == "1M"]
            lines.append(
                f"\nFor orientation, the 1M targets' readings at {known[0]}: cold `kg query` "
                f"{readings[0].shown}; warm suite {readings[1].shown}; compile "
                f"{readings[2].shown}, peak {readings[3].shown}; one new paper "
                f"{readings[4].shown}."
            )
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------------------------

INTRO = """# Benchmarks: speed and scale

How fast `kg` compiles, starts, answers, validates and exports, side by side with plain rdflib
(an in-memory `rdflib.Graph`: parse the sources, then query), on the curated graph and on
synthetic, literature-shaped graphs of 10k to 10M triples written by `benchmarks/generate.py`
(this repository's ontology, shapes and queries; generated electrolytes, measurements with units
and sources, interfaces, remedies and references; the 10k graph passes `kg validate`). These
are scripts, not tests: nothing here fails a build. See `benchmarks/README.md` to re-run.
"""

METHOD = """## Method

- Every measurement is a child process of its own, timed from the outside (wall clock, so
  interpreter start-up and imports are included) with its peak resident memory (`ru_maxrss`
  from `wait4`, the whole process; spawned by a bare launcher so that it does not inherit
  the benchmark script's own high-water mark). Times are medians of repeated runs:
  `--repeats` for cold starts, `--load-repeats` for the others, fewer for runs over 5 s (3)
  or 60 s (1); the counts are in the JSON at the end.
- *kg compile*: `kg compile --root DIR` if the command exists, else
  `kg.store.compile_store(DIR)` with its defaults (everything `kg` builds before answering,
  the rules' derived statements included), into an empty cache (`KG_CACHE`). *Plain rdflib parse*:
  `Graph().parse` of the same sources: the Turtle, and the references, which rdflib cannot read
  as BibTeX and gets ready-made as N-Triples (converted once by `kg.bib`, not timed).
  *Oxigraph alone*: `pyoxigraph.Store().bulk_load` of the same files, in memory.
- *Cold start*: a new process with warm file caches (one untimed run first): `kg ask "{question}"`
  and `kg query {cq}` on the compiled store, `kg query {cq} --engine rdflib`, and plain
  rdflib parsing the sources and answering the same question (`{cq}` with its defaults, the
  query `kg ask` runs). *digest*: hashing the sources, which `kg query` does to find its store
  (timed in one process).
- *Warm*: every `queries/cq-*.rq` with its default parameters, in one process per engine
  after loading: plain rdflib (`Graph.query` with `initNs` and `initBindings`; the question on
  rule verdicts also gets the rules' statements), `kg` (`kg.engine.run_store` on the compiled
  store, what `kg query` does after start-up) and Oxigraph alone (the same text with its
  parameters as `VALUES`). Per question: one warm-up run, then the median of up to
  `--cq-repeats` runs within `--cq-budget` seconds. The suite median is the median of the
  per-question medians; a question an engine cannot answer within `--query-limit` counts at
  the limit: rdflib's median is then a lower bound (marked ≥), and so is the ratio unless
  `kg` also ran out of time on some question (listed in the table).
- *Validation*: `kg validate` (pySHACL shapes and `checks/*-violation.rq`, whole graph);
  plain rdflib with pySHACL (same options) and the checks; `kg validate --changed
  new-paper.ttl`, one paper's facts (a hundred triples) against the graph, once `kg validate`
  has that option. *Export*: `kg export --focus {focus} --depth {depth} --format graphml`,
  and plain rdflib collecting the same {depth}-hop neighbourhood and writing it as Turtle.
- Limits: a run that exceeds `--limit` seconds is killed ("over"). Before a run, its time and
  memory are extrapolated from the smaller generated graphs (growth exponent of the last two
  sizes, at least linear); if the estimate exceeds the limit or `--memory` of the RAM, the run
  is skipped and the estimate shown.
- Units: ms and s; MB and GB are 10^6 and 10^9 bytes; ratios are rdflib's time divided by
  `kg`'s unless the column says otherwise (higher is better for `kg`).
"""


def render(results: dict[str, Json]) -> str:
    """The Markdown report."""
    rows = ordered(results)
    params = rows[-1]["params"] if rows else {}
    out: list[str] = [INTRO]
    w = out.append
    smoke = [r["size"] for r in rows if r.get("smoke")]
    if smoke:
        w(
            f"> **Smoke run, not results** ({', '.join(smoke)}): these numbers were taken on a "
            "busy, shared machine to check that the benchmark works end to end. The final "
            "numbers come from a run on a quiet machine (`benchmarks/README.md`).\n"
        )
    busy = [
        f"{r['size']} ({r['load_before'][0]:.1f})"
        for r in rows
        if r["load_before"][0] > 0.25 * (r["machine"]["cores"] or 1)
    ]
    if busy:
        w(
            "> The machine was not idle before these sizes (1-minute load average in brackets): "
            f"{', '.join(busy)}. Other processes competed for the CPU.\n"
        )
    w(targets(results))
    w(METHOD.format(**params))

    w("## Machine and versions\n")
    w(
        table(
            "size | date | CPU | cores | RAM (available before) | OS | load avg before → after "
            "(1 min) | limits: run, question | Python | rdflib | pyoxigraph | pyshacl "
            "| naif-kg (commit)",
            "l" * 13,
        )
    )
    for r in rows:
        m, v, st = r["machine"], r["versions"], r["settings"]
        load = f"{r['load_before'][0]:.2f} → {r.get('load_after', [math.nan])[0]:.2f}"
        w(
            row(
                r["size"] + (" (smoke)" if r.get("smoke") else ""),
                r["date"][:16].replace("T", " "),
                m["cpu"],
                m["cores"],
                f"{fmt_b(m['memory'])} ({fmt_b(r.get('available_before'))})",
                m["os"],
                load,
                f"{fmt_s(float(st['limit']))}, {fmt_s(float(st['query_limit']))}",
                v["python"],
                v["rdflib"],
                v["pyoxigraph"],
                v["pyshacl"],
                kg_version(r),
            )
        )
    w("")

    w("## The graphs\n")
    w(
        table(
            "size | triples (compiled default graph) | derived statements (rules) | Turtle files "
            "| Turtle | BibTeX entries | papers | generation"
        )
    )
    for r in rows:
        p = r["project"]
        graphs = p.get("graphs") or {}
        derived = sum(v for k, v in graphs.items() if k != "default") if graphs else None
        if not r.get("store", {}).get("rules"):
            derived = None  # the rules' store was not built
        gen = p.get("generated") or {}
        made = "reused" if gen.get("reused") else fmt_s(gen.get("seconds")) if gen else "–"
        w(
            row(
                r["size"],
                count(graphs.get("default"))
                if graphs
                else f"{count(p.get('triples'))} (generator's count: no store)",
                count(derived),
                p["ttl_files"],
                fmt_b(p["ttl_bytes"]),
                count(p["bib_entries"]),
                count(gen.get("papers")),
                made,
            )
        )
    w("")

    w("## Compile and load\n")
    w(
        "Whole processes: wall time (median) and peak memory. *kg compile*: everything "
        "`compile_store` builds by default; *no rules*: the curated store alone, all that "
        "`kg query` needs for questions that do not ask for rule verdicts. *rdflib / kg* "
        "divides plain rdflib's number by `kg`'s, for the full compile and without the rules "
        "(higher is better for `kg`).\n"
    )
    w(
        table(
            "size | kg compile | peak | kg compile, no rules | peak | plain rdflib parse | peak "
            "| rdflib / kg, time (full · no rules) | rdflib / kg, memory (full · no rules) "
            "| Oxigraph alone | peak"
        )
    )
    for r in rows:
        m = r["m"]
        kc, kl = m.get("kg compile"), m.get(LEAN)
        rp, ox = m.get("rdflib parse"), m.get("oxigraph load")

        def rss(e: Json | None) -> float | None:
            return e.get("rss") if e and got(e) is not None else None

        w(
            row(
                r["size"],
                cell(kc),
                mem(kc),
                cell(kl),
                mem(kl),
                cell(rp),
                mem(rp),
                f"{fmt_x(div(got(rp), got(kc)))} · {fmt_x(div(got(rp), got(kl)))}",
                f"{fmt_x(div(rss(rp), rss(kc)))} · {fmt_x(div(rss(rp), rss(kl)))}",
                cell(ox),
                mem(ox),
            )
        )
    w("")

    w("## Cold start\n")
    w("Whole processes, median wall time. *plain / kg*: plain rdflib's time divided by `kg`'s.\n")
    w(
        table(
            "size | python -c pass | python -c 'import rdflib' | kg ask | kg query | digest (in "
            "kg query) | kg query --engine rdflib | plain rdflib: parse + query | plain / kg ask "
            "| plain / kg query | kg ask / python -c pass"
        )
    )
    for r in rows:
        m = r["m"]
        plain = got(m.get("rdflib query"))
        w(
            row(
                r["size"],
                cell(m.get("python -c pass")),
                cell(m.get("import rdflib")),
                cell(m.get("kg ask")),
                cell(m.get("kg query")),
                cell(m.get("digest")),
                cell(m.get("kg query --engine rdflib")),
                cell(m.get("rdflib query")),
                fmt_x(div(plain, got(m.get("kg ask")))),
                fmt_x(div(plain, got(m.get("kg query")))),
                fmt_x(div(got(m.get("kg ask")), got(m.get("python -c pass")))),
            )
        )
    w("")

    w("## Warm competency questions\n")
    w(
        "Median over the questions of each question's median latency. *Rows agree*: questions "
        "where plain rdflib and `kg` return the same number of rows.\n"
    )
    w(
        table(
            "size | questions | plain rdflib | kg | Oxigraph alone | rdflib / kg | geometric mean "
            "of per-question rdflib / kg | too slow for rdflib (killed or skipped) | too slow for "
            "kg (killed) | rows agree | failed",
            "lrrrrrrllrl",
        )
    )
    for r in rows:
        s = warm(r)
        bound = "≥ " if s["lower"] and s["rdflib"] else ""
        w(
            row(
                r["size"],
                s["questions"],
                bound + fmt_s(s["rdflib"]),
                fmt_s(s["kg"]),
                fmt_s(s["oxigraph"]),
                ("" if s["kg_over"] or not s["kg"] else bound) + fmt_x(div(s["rdflib"], s["kg"])),
                fmt_x(s["geomean"]),
                ", ".join(s["lower"]) or "none",
                ", ".join(s["kg_over"]) or "none",
                f"{s['agree']}/{s['compared']}",
                ", ".join(s["errors"]) or "none",
            )
        )
    w("")
    for r in rows:
        rd, kg, ox = (r["m"].get(e, {}) for e in ENGINES)
        setup = ", ".join(
            f"{label} {fmt_s(e.get('setup', {}).get('seconds'))} (peak {fmt_b(e.get('rss'))})"
            for label, e in (("plain rdflib parse", rd), ("kg open", kg), ("Oxigraph open", ox))
            if e.get("setup")
        )
        w(f"<details><summary>Per question, {r['size']} (set-up: {setup or '–'})</summary>\n")
        w(
            table(
                "question | rows (rdflib / kg / Oxigraph) | plain rdflib | kg | Oxigraph alone | "
                "rdflib / kg"
            )
        )
        qs = (rd.get("questions", {}), kg.get("questions", {}), ox.get("questions", {}))
        for name in sorted(set().union(*qs)):
            a, b, c = (q.get(name, {}) for q in qs)
            counts = " / ".join(str(e.get("rows", "–")) for e in (a, b, c))
            w(row(name, counts, cell(a), cell(b), cell(c), fmt_x(div(latency(a), latency(b)))))
        w("\n</details>\n")

    w("## Validation\n")
    w("Whole processes, median wall time and peak memory.\n")
    w(
        table(
            "size | kg validate (whole graph) | peak | conforms | plain rdflib + pySHACL + checks "
            "| peak | one new paper: kg validate --changed | peak",
            "lrrlrrrr",
        )
    )
    for r in rows:
        m = r["m"]
        kv = m.get("kg validate")
        conforms = "–" if got(kv) is None else "yes" if kv.get("code") == 0 else "no"
        w(
            row(
                r["size"],
                cell(kv),
                mem(kv),
                conforms,
                cell(m.get("rdflib validate")),
                mem(m.get("rdflib validate")),
                cell(m.get("kg validate --changed")),
                mem(m.get("kg validate --changed")),
            )
        )
    w("")

    w("## Export\n")
    w(
        table(
            "size | kg export (graphml) | peak | plain rdflib: parse + neighbourhood + Turtle | "
            "peak | rdflib / kg"
        )
    )
    for r in rows:
        m = r["m"]
        ke, re_ = m.get("kg export"), m.get("rdflib export")
        w(row(r["size"], cell(ke), mem(ke), cell(re_), mem(re_), fmt_x(div(got(re_), got(ke)))))
    w("")
    w(caveats(results))
    payload = json.dumps({"sizes": results}, indent=1, sort_keys=True)
    # one line per innermost object (a question's record, a run's numbers): a short report
    payload = re.sub(r"\{[^{}\[\]]*\}", _one_line, payload)
    payload = payload.replace("--", "-\\u002d")  # "--" would end the HTML comment
    w(f"{OPEN}\n{payload}\n{CLOSE}")
    return "\n".join(out) + "\n"


def _one_line(match: re.Match[str]) -> str:
    """An indented JSON object on one line (unchanged if the match is not a whole object)."""
    try:
        return json.dumps(json.loads(match.group()), sort_keys=True)
    except json.JSONDecodeError:  # braces inside a string
        return match.group()


def kg_version(r: Json) -> str:
    """The package version and commit, and the commit at the end if it changed meanwhile."""
    before: Json = r["versions"]
    after: Json = r.get("versions_after") or before
    shown = f"{before['naif-kg']} ({before.get('commit', '?')})"
    if after.get("commit") != before.get("commit"):
        shown += f" → {after.get('commit')}"
    return shown


def count(n: int | None) -> str:
    """A number with thousands separators."""
    return "–" if n is None else f"{n:,}"


def caveats(results: dict[str, Json]) -> str:
    """What to keep in mind when reading the numbers; computed parts stay true on a re-run."""
    notes = [
        "The generated graphs are shaped like the literature (many papers, each a few facts "
        "about a few electrolytes) but their values are random: answers are not meant to be "
        "read, and a question's cost depends on how many facts match its default parameters "
        "(the generator caps the papers about each real electrolyte the defaults name).",
        "Peak memory is the whole process: a bare interpreter is about 10 MB, one that has "
        "imported rdflib about 30 MB, which dominates on small graphs.",
        "Plain rdflib is given the references ready-made as N-Triples (it cannot read "
        "BibTeX); converting them is not timed, which favours rdflib slightly.",
    ]
    for r in ordered(results):
        faulted = [n for n, e in r["m"].items() if isinstance(e, dict) and e.get("faults", 0) > 100]
        if faulted:
            notes.append(
                f"At {r['size']}, these measurements read pages back from disk (major page "
                f"faults), a sign that other processes left too little free memory: "
                f"{', '.join(faulted)}. Their times are inflated."
            )
        if r.get("sources_changed") or kg_version(r).count("→"):
            notes.append(
                f"At {r['size']}, the code or the sources changed while it was measured (other "
                "work in the same checkout): its numbers mix two versions of `kg`."
            )
        s = warm(r)
        if s["disagree"]:
            notes.append(
                f"At {r['size']}, plain rdflib and `kg` return different numbers of rows for "
                f"{', '.join(s['disagree'])}: the engines differ there (see the per-question "
                "table), so those latencies compare different work."
            )
        ask, cq = r.get("ask_sparql"), r["params"]["cq"]
        if ask and not ask[0].startswith(f"# kg query {cq}-"):
            notes.append(
                f"At {r['size']}, `kg ask` ran `{ask[0]}`, not {cq}: the plain rdflib baseline "
                "answers a different question."
            )
    return "## Caveats\n\n" + "\n".join(f"- {n}" for n in notes) + "\n"
