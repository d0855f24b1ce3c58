"""No text of ours repeats eight consecutive words of the review (its sentences stay out).

tests/data/review-shingles.txt holds only hashes of the review's 8-word runs (made by
.ci/review-shingles.py); the review itself is not needed here.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, RDFS, SKOS

from kg.load import parse_turtle

ROOT = Path(__file__).resolve().parent.parent
#: Predicates holding our prose; names and labels (chemical names, titles) are terms, not prose.
PROSE_PREDICATES = (RDFS.comment, DCTERMS.description, SKOS.definition, SKOS.note)
HASHES = set((ROOT / "tests" / "data" / "review-shingles.txt").read_text().split())
WIDTH = 8
PROSE = [
    *sorted((ROOT / "graph_data").glob("*.md")),
    *sorted((ROOT / "docs").glob("*.md")),
    ROOT / "README.md",
    *sorted((ROOT / "queries").rglob("*.rq")),
    *sorted((ROOT / "tests" / "expected").glob("*.json")),
]


#: A run counts as prose only with this many real words (3+ letters); runs of numbers, units
#: and formulas (a value quoted as printed) are data, which may be carried over.
MIN_WORDS = 5


def copied_runs(text: str) -> list[str]:
    w = re.findall(r"[a-z0-9]+", text.lower())
    runs = (" ".join(w[i : i + WIDTH]) for i in range(len(w) - WIDTH + 1))
    return [
        r
        for r in runs
        if sum(len(t) >= 3 and t.isalpha() for t in r.split()) >= MIN_WORDS
        and hashlib.sha256(r.encode()).hexdigest()[:10] in HASHES
    ]


def test_the_guard_recognises_review_text() -> None:
    # a sentence of the review's abstract, paraphrase-free, must be caught ...
    assert len(HASHES) > 10000
    sample = (
        "the interface between na metal and solid state electrolyte remains a challenging problem"
    )
    assert copied_runs(sample)
    # ... and our own wording must not be
    assert not copied_runs(
        "Sodium metal reacts with many sulfide electrolytes at room temperature."
    )


@pytest.mark.parametrize("path", sorted((ROOT / "graph_data").glob("*.ttl")), ids=lambda p: p.name)
def test_curated_literals_are_in_our_words(path: Path) -> None:
    graph: Graph = parse_turtle(path)
    offenders = [
        str(o)
        for p in PROSE_PREDICATES
        for o in graph.objects(None, p)
        if isinstance(o, Literal) and copied_runs(str(o))
    ]
    assert not offenders, offenders[:3]


@pytest.mark.parametrize("path", PROSE, ids=lambda p: p.name)
def test_prose_is_in_our_words(path: Path) -> None:
    runs = copied_runs(path.read_text(encoding="utf-8"))
    assert not runs, runs[:3]
