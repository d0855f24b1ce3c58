"""Regression: rdflib's Turtle serializer rounded xsd:double values to six digits.

`kg dump --format ttl` wrote qudt:conversionMultiplier 1.602176634e-19 as 1.602177e-19, so the
dumped graph was not the compiled graph. kg.dump.serialize now writes doubles exactly.
"""

from __future__ import annotations

import rdflib.term
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.dump import serialize


def test_doubles_survive_a_turtle_round_trip() -> None:
    g = Graph()
    value = Literal("1.602176634e-19", datatype=XSD.double)
    g.add((URIRef("urn:a"), URIRef("urn:b"), value))
    back = Graph().parse(data=serialize(g, fmt="ttl").decode("utf-8"), format="turtle")
    assert float(next(iter(back.objects()))) == 1.602176634e-19


def test_rdflib_global_is_restored() -> None:
    before = rdflib.term._PLAIN_LITERAL_TYPES
    serialize(Graph(), fmt="ttl")
    assert before == rdflib.term._PLAIN_LITERAL_TYPES
    assert XSD.double in before
