"""Curated facts, each checked through SPARQL over the loaded graph against the review."""

from __future__ import annotations

from rdflib import Graph

from kg.query import select


def test_beta2_alumina_table1_ionic_conductivity(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?v ?t ?tu ?key WHERE {
          ?m naif:ofMaterial nad:beta2-Al2O3 ; naif:propertyKind naif:IonicConductivity ;
             qudt:numericValue ?v ; qudt:unit unit:S-PER-CentiM ; naif:statedIn nad:Table1 ;
             naif:atTemperature [ qudt:numericValue ?t ; qudt:unit ?tu ] ;
             dcterms:source/naif:citationNumber ?key .
        }""",
    )
    assert {(float(r["v"]), int(r["t"]), int(r["key"])) for r in rows} == {
        (0.1, 25, 105),
        (0.1, 25, 208),
    }


def test_na3sbs4_decomposes_to_na3sb_and_na2s_citing_176(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?formula ?type ?num WHERE {
          ?i naif:hasElectrolyte nad:Na3SbS4 ; naif:hasElectrode nad:Na .
          ?o naif:ofInterface ?i ; naif:hasDecompositionProduct/naif:formula ?formula ;
             naif:interphaseType ?type ; dcterms:source/naif:citationNumber ?num .
        }""",
    )
    assert {str(r["formula"]) for r in rows} == {"Na3Sb", "Na2S"}
    assert {str(r["type"]).rsplit("#")[-1] for r in rows} == {"MixedConductingInterphase"}
    assert {int(r["num"]) for r in rows} == {176}


def test_na3sbs4_table1_window_and_prediction(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?lo ?hi ?ev WHERE {
          ?m naif:ofMaterial nad:Na3SbS4 ; naif:propertyKind naif:ElectrochemicalStabilityWindow ;
             naif:lowerBound ?lo ; naif:upperBound ?hi ; naif:evidence ?ev ;
             naif:statedIn nad:Table1 .
        }""",
    )
    got = {(float(r["lo"]), float(r["hi"]), str(r["ev"]).rsplit("#")[-1]) for r in rows}
    assert got == {(0.5, 5.0, "Experimental"), (1.83, 1.90, "Computed")}


def test_hydration_remedy_addresses_mci_on_na3sbs4(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?r ?before ?after ?num WHERE {
          ?r a naif:InterfaceHydration ; naif:appliedTo nad:Na3SbS4 ;
             naif:addresses naif:MCIFormation ;
             dcterms:source/naif:citationNumber ?num ;
             naif:hasEffect [ naif:valueBefore ?before ; naif:valueAfter ?after ] .
        }""",
    )
    assert [(float(r["before"]), float(r["after"]), int(r["num"])) for r in rows] == [
        (20.0, 3.0, 118)
    ]


def test_na3sbs4_interfacial_resistance_grows_over_50_hours(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?before ?after ?h WHERE {
          ?m naif:ofMaterial nad:Na3SbS4 ; naif:propertyKind naif:InterfacialResistance ;
             naif:valueBefore ?before ; naif:valueAfter ?after ;
             naif:overDuration [ qudt:numericValue ?h ; qudt:unit unit:HR ] ;
             dcterms:source ref:Wu2018-176 .
        }""",
    )
    assert [(float(r["before"]), float(r["after"]), float(r["h"])) for r in rows] == [
        (40, 1000, 50)
    ]


def test_beta_alumina_interface_is_type_i(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT DISTINCT ?num WHERE {
          ?o naif:ofInterface/naif:hasElectrolyte nad:beta-Al2O3 ;
             naif:interphaseType naif:StableInterface ; dcterms:source/naif:citationNumber ?num .
        }""",
    )
    assert {int(r["num"]) for r in rows} == {105, 159}


def test_lithium_shear_modulus_is_kept_apart_from_sodium(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?v WHERE {
          ?m naif:propertyKind naif:ShearModulus ; naif:chemicalSystem naif:SodiumSystem ;
             naif:ofMaterial ?metal ; qudt:numericValue ?v . ?metal a naif:Metal .
        }""",
    )
    assert [float(r["v"]) for r in rows] == [3.3]
