"""The ontology opens in an OWL tool: owlready2 loads it and HermiT finds it consistent."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph

from kg.load import parse_turtle
from kg.paths import Layout

owlready2 = pytest.importorskip("owlready2", reason="owlready2 is in the [test] extra")


@pytest.mark.slow
def test_ontology_is_consistent_for_hermit(lay: Layout, tmp_path: Path) -> None:
    assert shutil.which("java"), "HermiT needs a Java runtime on PATH"
    merged = Graph()
    for path in lay.ontology_files():
        parse_turtle(path, graph=merged)
    target = tmp_path / "naif.nt"
    merged.serialize(target, format="nt", encoding="utf-8")
    world = owlready2.World()
    onto = world.get_ontology(target.as_uri()).load()
    assert len(list(onto.classes())) > 40
    # raises OwlReadyInconsistentOntologyError if HermiT finds a contradiction
    owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    assert not list(world.inconsistent_classes())
