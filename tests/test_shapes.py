"""Every shape has valid and invalid fixtures; invalid ones fail for the stated reason.

A fixture is validated together with the ontology modules (vocabularies, units) and the
violation checks. Each invalid fixture starts with a line

    # expect: <shape> <path or -> [Violation|Warning]

naming the one shape (and property path) that must report it, and nothing else may fail.
Node-level expectations (path ``-``) add a line ``# expect-message: <words>`` that every
reported message must contain, so two constraints of one shape cannot stand in for each other.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF, SH

from kg.load import load_files
from kg.paths import Layout
from kg.validate import ValidationReport, validate

DATA = Path(__file__).parent / "data"
VALID = sorted((DATA / "valid").glob("*.ttl"))
INVALID = sorted((DATA / "invalid").glob("*.ttl"))
EXPECT = re.compile(r"\A#\s*expect:\s*(\S+)\s+(\S+)(?:\s+(Violation|Warning))?\s*$", re.M)
EXPECT_MESSAGE = re.compile(r"^#\s*expect-message:\s*(.+?)\s*$", re.M)


def _validate(lay: Layout, shapes: Graph, fixture: Path) -> ValidationReport:
    loaded = load_files([*lay.ontology_files(), fixture], root=lay.root)
    return validate(loaded, shapes=shapes, checks=sorted(lay.checks.glob("*-violation.rq")))


def _shape_of(name: str) -> str:
    return name.split("-", 1)[0]


@pytest.mark.parametrize("fixture", VALID, ids=lambda p: p.stem)
def test_valid_fixture_conforms(lay: Layout, shapes: Graph, fixture: Path) -> None:
    report = _validate(lay, shapes, fixture)
    assert report.conforms, report.text()
    assert not report.warnings, report.text()


@pytest.mark.parametrize("fixture", INVALID, ids=lambda p: p.stem)
def test_invalid_fixture_fails_for_stated_reason(lay: Layout, shapes: Graph, fixture: Path) -> None:
    text = fixture.read_text(encoding="utf-8")
    match = EXPECT.search(text)
    assert match, f"{fixture.name} must open with '# expect: <shape> <path> [severity]'"
    shape, path, severity = match.group(1), match.group(2), match.group(3) or "Violation"
    words = EXPECT_MESSAGE.search(text)
    assert words or path != "-", f"{fixture.name}: a node-level expectation needs expect-message"
    report = _validate(lay, shapes, fixture)
    relevant = [f for f in report.findings if f.severity == severity]
    assert relevant, f"{fixture.name}: expected a {severity}, got none\n{report.text()}"
    for finding in relevant:
        assert finding.source == shape, report.text()
        assert (finding.path or "-") == path, report.text()
        if words:
            assert words.group(1) in finding.message, report.text()
    if severity == "Violation":
        assert not report.conforms
        assert not report.warnings, report.text()
    else:
        assert report.conforms, report.text()
        assert all(f.severity == "Warning" for f in report.findings), report.text()


def _named_shapes(shapes: Graph) -> set[str]:
    names = set()
    for node in set(shapes.subjects(RDF.type, SH.NodeShape)):
        names.add(shapes.namespace_manager.normalizeUri(node))
    return names


def test_every_named_shape_has_valid_and_invalid_fixtures(shapes: Graph) -> None:
    valid = {f"naifsh:{_shape_of(p.stem)}" for p in VALID}
    invalid = {f"naifsh:{_shape_of(p.stem)}" for p in INVALID}
    missing_valid = _named_shapes(shapes) - valid
    missing_invalid = _named_shapes(shapes) - invalid
    assert not missing_valid, f"shapes without a valid fixture: {sorted(missing_valid)}"
    assert not missing_invalid, f"shapes without an invalid fixture: {sorted(missing_invalid)}"


def test_invalid_fixture_names_its_own_shape() -> None:
    for fixture in INVALID:
        match = EXPECT.search(fixture.read_text(encoding="utf-8"))
        assert match, fixture.name
        shape = match.group(1)
        # a fixture may exercise a helper shape through the shape that uses it
        assert shape.startswith("naifsh:") or shape.startswith("queries/"), fixture.name
