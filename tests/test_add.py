"""``kg add``: a new paper is validated, then written in one atomic step, or not at all."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import run_kg
from rdflib import Graph

from kg.add import BUILDING, FAULT_ENV, canonical_bibtex, canonical_turtle
from kg.bib import parse_bibtex

PAPER = Path(__file__).parent / "data" / "paper"
FACTS, BIB = PAPER / "Smith2026.ttl", PAPER / "Smith2026.bib"
ROOT = Path(__file__).resolve().parent.parent


def _snapshot(root: Path) -> dict[str, bytes]:
    """Every file under graph_data/, by relative path."""
    data = root / "graph_data"
    return {p.relative_to(data).as_posix(): p.read_bytes() for p in data.rglob("*") if p.is_file()}


def _add(
    root: Path, *files: Path | str, env: dict[str, str] | None = None, extra: tuple[str, ...] = ()
):  # type: ignore[no-untyped-def]
    return run_kg("add", *map(str, files), "--root", str(root), *extra, env=env)


def _broken(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def added(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, dict[str, bytes], dict[str, bytes]]:
    """A project copy with the paper added once: (root, graph_data before, after)."""
    import shutil

    root = tmp_path_factory.mktemp("added")
    for name in ("ontology", "graph_data", "queries"):
        shutil.copytree(ROOT / name, root / name)
    before = _snapshot(root)
    proc = _add(root, FACTS, BIB, env={"KG_CACHE": str(root / "cache")})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "added graph_data/papers/Smith2026-new/" in proc.stdout
    return root, before, _snapshot(root)


def test_add_writes_one_new_folder_in_canonical_form(added) -> None:  # type: ignore[no-untyped-def]
    root, before, after = added
    new = {k: v for k, v in after.items() if k not in before}
    assert sorted(new) == ["papers/Smith2026-new/facts.ttl", "papers/Smith2026-new/references.bib"]
    assert {k: after[k] for k in before} == before  # nothing else touched
    facts = Graph().parse(FACTS, format="turtle")
    assert new["papers/Smith2026-new/facts.ttl"] == canonical_turtle(facts)
    assert new["papers/Smith2026-new/references.bib"] == canonical_bibtex(parse_bibtex(BIB))
    assert not list(root.glob(BUILDING + "*"))
    assert {p.name for p in root.iterdir()} - {"cache"} == {"graph_data", "ontology", "queries"}


def test_added_paper_is_in_the_graph_and_validates(added) -> None:  # type: ignore[no-untyped-def]
    root, _, _ = added
    env = {"KG_CACHE": str(root / "cache")}
    assert run_kg("validate", "--root", str(root), env=env).returncode == 0
    query = (
        "SELECT ?v ?ref WHERE { ?m naif:ofMaterial nad:Na3SbS4 ; qudt:numericValue ?v ;"
        " dcterms:source ?ref . FILTER (?v = 2.1) }"
    )
    proc = run_kg("query", "-", "--root", str(root), "--format", "csv", stdin=query, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "Smith2026-new" in proc.stdout


def test_adding_the_same_paper_again_is_refused(added) -> None:  # type: ignore[no-untyped-def]
    root, _, after = added
    proc = _add(root, FACTS, BIB)
    assert proc.returncode == 2
    assert "Smith2026.bib:1: citation key 'Smith2026-new' is already in" in proc.stderr
    proc = _add(root, FACTS, extra=("--name", "again"))  # the facts alone: duplicates
    assert proc.returncode == 2 and "the graph already holds nad:m-smith2026" in proc.stderr
    assert _snapshot(root) == after


def test_canonical_turtle_is_stable_under_reordering() -> None:
    graph = Graph().parse(FACTS, format="turtle")
    shuffled = Graph()
    triples = list(graph)
    random.Random(7).shuffle(triples)
    for triple in triples:
        shuffled.add(triple)
    again = Graph().parse(data=canonical_turtle(graph), format="turtle")
    assert canonical_turtle(shuffled) == canonical_turtle(graph) == canonical_turtle(again)


def test_dry_run_writes_nothing(project_copy: Path) -> None:
    before = _snapshot(project_copy)
    proc = _add(project_copy, BIB, FACTS, extra=("--dry-run",))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("would add graph_data/papers/Smith2026-new/")
    assert _snapshot(project_copy) == before


BAD_FACTS = {
    # a measurement without its unit: a shape fails, exit 1
    "no-unit": (
        FACTS.read_text(encoding="utf-8").replace(
            "qudt:numericValue 2.1 ; qudt:unit unit:MilliS-PER-CentiM ;", "qudt:numericValue 2.1 ;"
        ),
        1,
        "needs a qudt:unit",
    ),
    "syntax": (FACTS.read_text(encoding="utf-8") + "\nnad:x naif:y ;;; .\n", 2, "Smith2026.ttl:"),
    "redefines-material": (
        FACTS.read_text(encoding="utf-8") + "\nnad:Na3SbS4 a naif:NasiconElectrolyte .\n",
        2,
        "nad:Na3SbS4 is already defined in graph_data/",
    ),
    "iri-with-space": (
        FACTS.read_text(encoding="utf-8") + "\n<https://w3id.org/naif/data/a b> a naif:Finding .\n",
        2,
        "Smith2026.ttl:",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_FACTS))
def test_bad_facts_change_nothing(project_copy: Path, tmp_path: Path, case: str) -> None:
    text, code, words = BAD_FACTS[case]
    facts = _broken(tmp_path, "Smith2026.ttl", text)
    before = _snapshot(project_copy)
    proc = _add(project_copy, facts, BIB)
    assert proc.returncode == code, proc.stdout + proc.stderr
    assert words in proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    if code == 2:
        assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert _snapshot(project_copy) == before


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            "@article{Whittingham2012-1,\n  author = {X},\n  year = {2020},\n}\n",
            "already in graph_data/references.bib",
        ),
        ("@article{Bad2026,\n  author = {A},\n", "Bad2026"),
    ],
    ids=["existing-key", "unclosed-entry"],
)
def test_bad_bibtex_changes_nothing(
    project_copy: Path, tmp_path: Path, text: str, words: str
) -> None:
    bib = _broken(tmp_path, "paper.bib", text)
    before = _snapshot(project_copy)
    proc = _add(project_copy, FACTS, bib)
    assert proc.returncode == 2 and words in proc.stderr, proc.stderr
    assert "paper.bib:" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert _snapshot(project_copy) == before


def test_wrong_files_are_usage_errors(project_copy: Path, tmp_path: Path) -> None:
    rdfxml = _broken(tmp_path, "paper.rdf", "<rdf:RDF/>")
    proc = _add(project_copy, rdfxml)
    assert proc.returncode == 2 and "only a Turtle facts file (.ttl)" in proc.stderr
    proc = _add(project_copy, BIB)
    assert proc.returncode == 2 and "give one facts file" in proc.stderr
    proc = _add(project_copy, FACTS, extra=("--name", "../escape"))
    assert proc.returncode == 2 and "cannot name a folder" in proc.stderr


def test_a_second_add_waits_for_the_lock(project_copy: Path) -> None:
    import fcntl

    before = _snapshot(project_copy)
    fd = os.open(project_copy, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # as a running kg add holds it
        proc = _add(project_copy, FACTS, BIB)
    finally:
        os.close(fd)
    assert proc.returncode == 2 and "another 'kg add' is running" in proc.stderr
    assert _snapshot(project_copy) == before


STEPS = ["locked", "wrote-facts.ttl", "wrote-references.bib", "before-rename", "after-rename"]


@pytest.mark.parametrize("step", STEPS)
def test_killed_at_each_step_leaves_old_or_new(project_copy: Path, added, step: str) -> None:  # type: ignore[no-untyped-def]
    _, before_ref, after_ref = added
    before = _snapshot(project_copy)
    assert before == before_ref
    proc = _add(project_copy, FACTS, BIB, env={FAULT_ENV: step})
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    state = _snapshot(project_copy)
    assert state in (before, after_ref), sorted(set(state) ^ set(before))
    assert (state == after_ref) == (step == "after-rename")
    # the next add cleans up and finishes (or finds the paper there)
    proc = _add(project_copy, FACTS, BIB)
    assert proc.returncode == (2 if step == "after-rename" else 0), proc.stderr
    assert _snapshot(project_copy) == after_ref
    assert not list(project_copy.glob(BUILDING + "*"))


def test_killed_at_random_moments_leaves_old_or_new(project_copy: Path, added) -> None:  # type: ignore[no-untyped-def]
    _, before, after = added
    rng = random.Random(int(os.environ.get("KG_FAULT_SEED", "11")))
    for _ in range(3):
        process = subprocess.Popen(
            [sys.executable, "-m", "kg", "add", str(FACTS), str(BIB), "--root", str(project_copy)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.5, 8.0))
        process.kill()
        process.wait()
        assert _snapshot(project_copy) in (before, after)
        if _snapshot(project_copy) == after:
            break
