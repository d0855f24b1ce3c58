"""Namespaces of the NaIF graph, bound once on every graph the package builds."""

from __future__ import annotations

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

__all__ = [
    "BIBO",
    "DCTERMS",
    "ELEM",
    "INFERRED_GRAPH",
    "NAD",
    "NAIF",
    "NAIFSH",
    "NAIFUNIT",
    "OWL",
    "PREFIXES",
    "PROV",
    "QUDT",
    "RDF",
    "RDFS",
    "REF",
    "RULE",
    "SH",
    "SKOS",
    "UNIT",
    "XSD",
    "bind_prefixes",
]

NAIF = Namespace("https://w3id.org/naif/ontology#")
NAIFSH = Namespace("https://w3id.org/naif/shapes#")
NAD = Namespace("https://w3id.org/naif/data/")
REF = Namespace("https://w3id.org/naif/ref/")
ELEM = Namespace("https://w3id.org/naif/element/")
RULE = Namespace("https://w3id.org/naif/rule/")
#: The named graph that holds derived statements when they travel with the curated ones.
INFERRED_GRAPH = "https://w3id.org/naif/graph/inferred"
QUDT = Namespace("http://qudt.org/schema/qudt/")
UNIT = Namespace("http://qudt.org/vocab/unit/")
NAIFUNIT = Namespace("https://w3id.org/naif/unit/")
QUANTITYKIND = Namespace("http://qudt.org/vocab/quantitykind/")
BIBO = Namespace("http://purl.org/ontology/bibo/")
VANN = Namespace("http://purl.org/vocab/vann/")

PREFIXES: dict[str, Namespace | type] = {
    "naif": NAIF,
    "naifsh": NAIFSH,
    "nad": NAD,
    "ref": REF,
    "elem": ELEM,
    "rule": RULE,
    "qudt": QUDT,
    "unit": UNIT,
    "naifunit": NAIFUNIT,
    "quantitykind": QUANTITYKIND,
    "bibo": BIBO,
    "vann": VANN,
    "dcterms": DCTERMS,
    "owl": OWL,
    "prov": PROV,
    "rdf": RDF,
    "rdfs": RDFS,
    "sh": SH,
    "skos": SKOS,
    "xsd": XSD,
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project's prefixes on ``graph`` (replacing rdflib's defaults) and return it.

    Example:
        >>> g = bind_prefixes(Graph())
        >>> g.namespace_manager.qname(NAIF.Measurement)
        'naif:Measurement'
    """
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, URIRef(str(namespace)), override=True, replace=True)
    return graph
