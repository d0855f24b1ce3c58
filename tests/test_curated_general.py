"""Facts from the review's general sections (interface, (electro)chemical and mechanical
stability) and its comparison sections (ionic and electronic conductivity, mechanical strength,
stability window, sodium wettability), checked through SPARQL over the loaded graph.

Every expected value below is taken from the text of the review, not from the Turtle files.
"""

from __future__ import annotations

from rdflib import Graph

from kg.query import select

SECTIONS = (
    "nad:section-interface-stability",
    "nad:section-electrochemical-stability",
    "nad:section-mechanical-stability",
    "nad:section-ionic-conductivity",
    "nad:section-electronic-conductivity",
    "nad:section-mechanical-strength",
    "nad:section-stability-window",
    "nad:section-sodium-wettability",
)


def _local(iri: object) -> str:
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def test_melting_points_of_na_and_li_are_kept_apart(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?metal ?v ?sys WHERE {
          ?m naif:propertyKind naif:MeltingPoint ; naif:ofMaterial ?metal ;
             qudt:numericValue ?v ; qudt:unit unit:K ; naif:chemicalSystem ?sys ;
             naif:statedIn nad:section-interface-stability .
        }""",
    )
    got = {(_local(r["metal"]), float(r["v"]), _local(r["sys"])) for r in rows}
    assert got == {("Na", 371.0, "SodiumSystem"), ("Li", 454.0, "LithiumSystem")}


def test_wenzel_typology_cites_104_to_108(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?f ?num WHERE {
          ?f a naif:Finding ; naif:statedIn nad:section-interface-stability ;
             naif:about naif:StableInterface, naif:MixedConductingInterphase,
                        naif:SolidElectrolyteInterphase ;
             dcterms:source/naif:citationNumber ?num .
        }""",
    )
    by_finding: dict[str, set[int]] = {}
    for r in rows:
        by_finding.setdefault(str(r["f"]), set()).add(int(r["num"]))
    assert {104, 105, 106, 107, 108} in by_finding.values()


def test_grand_potential_method_and_its_limits(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?f ?src WHERE {
          ?f a naif:Finding ; naif:about naif:GrandPotentialPhaseDiagram ;
             naif:statedIn nad:section-electrochemical-stability ; dcterms:source ?src .
        }""",
    )
    sources = {_local(r["src"]) for r in rows}
    assert {
        "Miara2016-110",
        "Richards2015-111",
        "Zhao2018-112",
        "Ceder2018-113",
        "Jain2013-114",
        "Tang2020-review",
    } <= sources


def test_in_situ_observation_groups_and_techniques(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT DISTINCT ?num WHERE {
          ?f a naif:Finding ; naif:statedIn nad:section-electrochemical-stability ;
             dcterms:source/naif:citationNumber ?num .
        }""",
    )
    nums = {int(r["num"]) for r in rows}
    assert {105, 117, 118, 119, 120, 83, 121, 115, 116} <= nums
    techniques = select(
        graph,
        """
        SELECT ?t WHERE {
          ?f a naif:Finding ; naif:statedIn nad:section-electrochemical-stability ;
             naif:about ?t ; dcterms:source ref:Xu2018-121 .
        }""",
    )
    assert {"EIS", "XPS", "TOFSIMS", "STEM", "EELS", "SynchrotronXRDDepthProfiling", "SSNMR"} <= {
        _local(r["t"]) for r in techniques
    }


def test_monroe_criterion_cites_122_to_124_and_224(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?section ?num WHERE {
          ?f a naif:Finding ; naif:about naif:ShearModulus, naif:DendritePenetration ;
             naif:statedIn ?section ; dcterms:source/naif:citationNumber ?num .
          FILTER (?section IN (nad:section-mechanical-stability, nad:section-mechanical-strength))
        }""",
    )
    nums = {int(r["num"]) for r in rows}
    assert {122, 123, 124, 224} <= nums


def test_lithium_anisotropy_ranges_are_lithium_facts(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?kind ?lo ?hi ?sys WHERE {
          ?m naif:ofMaterial nad:Li ; naif:propertyKind ?kind ;
             naif:lowerBound ?lo ; naif:upperBound ?hi ; qudt:unit unit:GigaPA ;
             naif:chemicalSystem ?sys ; dcterms:source/naif:citationNumber 125 .
        }""",
    )
    got = {(_local(r["kind"]), float(r["lo"]), float(r["hi"]), _local(r["sys"])) for r in rows}
    assert got == {
        ("YoungsModulus", 3.00, 21.2, "LithiumSystem"),
        ("ShearModulus", 1.46, 8.78, "LithiumSystem"),
    }


def test_grain_boundary_softening_finding(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?d ?num WHERE {
          ?f a naif:Finding ; naif:about naif:ShearModulusRatio, naif:GrainBoundaryWeakness ;
             dcterms:description ?d ; dcterms:source/naif:citationNumber ?num .
        }""",
    )
    assert rows, "grain-boundary softening finding missing"
    assert {int(r["num"]) for r in rows} == {138, 139}
    assert all("0.2" in str(r["d"]) and "0.6" in str(r["d"]) for r in rows)


def test_chemo_mechanical_void_findings_are_lithium(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?num ?sys WHERE {
          ?f a naif:Finding ; naif:about naif:VoidFormation ;
             naif:chemicalSystem ?sys ; dcterms:source/naif:citationNumber ?num .
          FILTER (?num IN (93, 142, 143, 144, 145))
        }""",
    )
    assert {int(r["num"]) for r in rows} == {93, 142, 143, 144, 145}
    assert {_local(r["sys"]) for r in rows} == {"LithiumSystem"}


def test_jolly_critical_pressure_at_2_5_ma(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?v ?q ?cd ?cdu WHERE {
          ?m naif:ofMaterial nad:beta2-Al2O3 ; naif:propertyKind naif:StackPressure ;
             qudt:numericValue ?v ; qudt:unit unit:MegaPA ; naif:valueQualifier ?q ;
             naif:atCurrentDensity [ qudt:numericValue ?cd ; qudt:unit ?cdu ] ;
             naif:againstElectrode nad:Na ; dcterms:source ref:SpencerJolly2020-149 .
        }""",
    )
    assert [(float(r["v"]), _local(r["q"]), float(r["cd"]), _local(r["cdu"])) for r in rows] == [
        (9.0, "AtLeast", 2.5, "MilliA-PER-CentiM2")
    ]
    linear = select(
        graph,
        """
        SELECT ?f WHERE {
          ?f a naif:Finding ; naif:about naif:CriticalCurrentDensity, naif:StackPressure ;
             dcterms:source ref:SpencerJolly2020-149 .
        }""",
    )
    assert linear


def test_ionic_conductivity_comparison(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?fam ?lo ?hi WHERE {
          ?m naif:ofFamily ?fam ; naif:propertyKind naif:IonicConductivity ;
             naif:lowerBound ?lo ; naif:upperBound ?hi ; qudt:unit unit:S-PER-CentiM ;
             naif:statedIn nad:section-ionic-conductivity .
        }""",
    )
    got = {(_local(r["fam"]), float(r["lo"]), float(r["hi"])) for r in rows}
    assert got == {
        ("ChalcogenideElectrolyte", 1e-4, 1e-3),
        ("NasiconElectrolyte", 1e-4, 1e-3),
        ("ComplexHydrideElectrolyte", 1e-4, 1e-3),
    }
    single = select(
        graph,
        """
        SELECT ?v ?num WHERE {
          { ?m naif:ofFamily naif:BetaAluminaElectrolyte }
          UNION { ?m naif:ofMaterial nad:Na3OBH4 }
          ?m naif:propertyKind naif:IonicConductivity ; qudt:numericValue ?v ;
             naif:statedIn nad:section-ionic-conductivity ;
             dcterms:source/naif:citationNumber ?num .
        }""",
    )
    assert {(float(r["v"]), int(r["num"])) for r in single} == {(1e-2, 154), (4.4e-3, 217)}


def test_electronic_conductivities_by_family(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?subject ?v ?lo ?hi ?num WHERE {
          ?m naif:propertyKind naif:ElectronicConductivity ; qudt:unit unit:S-PER-CentiM ;
             naif:statedIn nad:section-electronic-conductivity ;
             dcterms:source/naif:citationNumber ?num .
          { ?m naif:ofFamily ?subject } UNION { ?m naif:ofMaterial ?subject }
          OPTIONAL { ?m qudt:numericValue ?v }
          OPTIONAL { ?m naif:lowerBound ?lo ; naif:upperBound ?hi }
        }""",
    )
    got = {
        (
            _local(r["subject"]),
            float(r["v"]) if r["v"] is not None else None,
            float(r["lo"]) if r["lo"] is not None else None,
            float(r["hi"]) if r["hi"] is not None else None,
            int(r["num"]),
        )
        for r in rows
    }
    expected = {
        ("BetaAluminaElectrolyte", 6e-12, None, None, 105),
        ("NasiconElectrolyte", 1e-7, None, None, 222),
        ("ComplexHydrideElectrolyte", 4.9e-9, None, None, 196),
        ("ComplexHydrideElectrolyte", None, 1e-9, 1e-8, 196),
        ("PerovskiteElectrolyte", None, 1e-9, 1e-8, 203),
        ("Li7La3Zr2O12", 1e-8, None, None, 221),
        ("Li2S-P2S5", 1e-9, None, None, 221),
    }
    assert expected <= got
    chalcogenide = {n for (s, _, lo, hi, n) in got if s == "ChalcogenideElectrolyte"}
    assert chalcogenide == {105, 176, 180, 186, 192}


def test_lithium_electronic_conductivities_are_lithium_facts(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?sys WHERE {
          ?m naif:propertyKind naif:ElectronicConductivity ; naif:chemicalSystem ?sys ;
             dcterms:source ref:Han2019-221 .
          { ?m naif:ofMaterial nad:Li7La3Zr2O12 } UNION { ?m naif:ofMaterial nad:Li2S-P2S5 }
        }""",
    )
    assert len(rows) == 2
    assert {_local(r["sys"]) for r in rows} == {"LithiumSystem"}


def test_four_orders_rule_and_antiperovskite_negligible(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?f ?d WHERE {
          ?f a naif:Finding ; naif:about naif:ElectronicConductivity, naif:IonicConductivity ;
             dcterms:description ?d ; naif:statedIn nad:section-electronic-conductivity .
        }""",
    )
    assert any("four orders" in str(r["d"]) for r in rows)
    anti = select(
        graph,
        """
        SELECT ?f WHERE {
          ?f a naif:Finding ;
             naif:about naif:AntiperovskiteElectrolyte, naif:ElectronicConductivity ;
             dcterms:source/naif:citationNumber 223 .
        }""",
    )
    assert anti


def test_moduli_by_family(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?fam ?kind ?v ?num WHERE {
          ?m naif:ofFamily ?fam ; naif:propertyKind ?kind ; qudt:numericValue ?v ;
             qudt:unit unit:GigaPA ; naif:statedIn nad:section-mechanical-strength ;
             dcterms:source ?src .
          OPTIONAL { ?src naif:citationNumber ?num }
        }""",
    )
    got = {
        (_local(r["fam"]), _local(r["kind"]), float(r["v"]), int(r["num"]) if r["num"] else None)
        for r in rows
    }
    assert got == {
        ("BetaAluminaElectrolyte", "YoungsModulus", 200.0, 225),
        ("BetaAluminaElectrolyte", "ShearModulus", 35.0, 226),
        ("NasiconElectrolyte", "YoungsModulus", 75.0, 225),
        ("NasiconElectrolyte", "ShearModulus", 44.3, 225),
        ("PerovskiteElectrolyte", "YoungsModulus", 200.0, None),
        ("PerovskiteElectrolyte", "ShearModulus", 55.0, None),
        ("AntiperovskiteElectrolyte", "YoungsModulus", 61.0, 227),
        ("AntiperovskiteElectrolyte", "ShearModulus", 20.9, 227),
        ("ComplexHydrideElectrolyte", "YoungsModulus", 12.75, 199),
        ("ComplexHydrideElectrolyte", "ShearModulus", 5.5, 199),
    }


def test_soft_electrolyte_moduli_ranges(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?fam ?kind ?lo ?hi ?num WHERE {
          ?m naif:ofFamily ?fam ; naif:propertyKind ?kind ; naif:lowerBound ?lo ;
             naif:upperBound ?hi ; qudt:unit unit:GigaPA ;
             naif:statedIn nad:section-mechanical-strength ;
             dcterms:source/naif:citationNumber ?num .
        }""",
    )
    got = {
        (_local(r["fam"]), _local(r["kind"]), float(r["lo"]), float(r["hi"]), int(r["num"]))
        for r in rows
    }
    assert got == {
        ("ChalcogenideElectrolyte", "YoungsModulus", 18.0, 25.0, 228),
        ("SulfideElectrolyte", "ShearModulus", 5.0, 6.0, 229),
    }


def test_nasicon_window_experiment_vs_prediction(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?lo ?hi ?ev ?method ?num WHERE {
          ?m naif:ofFamily naif:NasiconElectrolyte ;
             naif:propertyKind naif:ElectrochemicalStabilityWindow ;
             naif:lowerBound ?lo ; naif:upperBound ?hi ; qudt:unit unit:V ;
             naif:evidence ?ev ; naif:method ?method ;
             naif:statedIn nad:section-stability-window ;
             dcterms:source/naif:citationNumber ?num .
        }""",
    )
    got = {
        (float(r["lo"]), float(r["hi"]), _local(r["ev"]), _local(r["method"]), int(r["num"]))
        for r in rows
    }
    assert got == {(1.75, 5.0, "Experimental", "CV", 209), (1.13, 3.35, "Computed", "DFT", 230)}


def test_chalcogenide_windows_computed_and_measured(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?mat ?lo ?hi ?ev ?num WHERE {
          ?m naif:ofMaterial ?mat ; naif:propertyKind naif:ElectrochemicalStabilityWindow ;
             naif:lowerBound ?lo ; naif:upperBound ?hi ; naif:evidence ?ev ;
             naif:statedIn nad:section-stability-window ;
             dcterms:source/naif:citationNumber ?num .
          FILTER (?mat IN (nad:Na3PS4, nad:Na3SbS4, nad:Na11Sn2PS12))
        }""",
    )
    got = {
        (_local(r["mat"]), float(r["lo"]), float(r["hi"]), _local(r["ev"]), int(r["num"]))
        for r in rows
    }
    assert got == {
        ("Na3PS4", 1.16, 2.49, "Computed", 230),
        ("Na3PS4", 1.39, 2.45, "Computed", 159),
        ("Na3SbS4", 1.54, 2.35, "Computed", 230),
        ("Na3SbS4", 1.83, 1.90, "Computed", 159),
        ("Na11Sn2PS12", 1.37, 2.23, "Computed", 159),
        ("Na3PS4", 0.0, 5.0, "Experimental", 231),
        ("Na3SbS4", 0.5, 5.0, "Experimental", 183),
        ("Na11Sn2PS12", 1.25, 5.0, "Experimental", 192),
    }


def test_hydride_and_antiperovskite_windows(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?fam ?lo ?hi ?ev ?num WHERE {
          ?m naif:ofFamily ?fam ; naif:propertyKind naif:ElectrochemicalStabilityWindow ;
             naif:lowerBound ?lo ; naif:upperBound ?hi ; naif:evidence ?ev ;
             naif:statedIn nad:section-stability-window ;
             dcterms:source/naif:citationNumber ?num .
          FILTER (?fam != naif:NasiconElectrolyte)
        }""",
    )
    got = {
        (_local(r["fam"]), float(r["lo"]), float(r["hi"]), _local(r["ev"]), int(r["num"]))
        for r in rows
    }
    assert got == {
        ("ClosoBorateElectrolyte", 0.0, 3.0, "Experimental", 195),
        ("ComplexHydrideElectrolyte", 0.0, 3.5, "Computed", 159),
        ("AntiperovskiteElectrolyte", 0.0, 1.8, "Computed", 159),
    }


def test_mechanical_constriction_widens_lithium_windows(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?mat ?lo ?hi ?method ?sys WHERE {
          ?m naif:ofMaterial ?mat ; naif:propertyKind naif:ElectrochemicalStabilityWindow ;
             naif:lowerBound ?lo ; naif:upperBound ?hi ; naif:method ?method ;
             naif:chemicalSystem ?sys ; naif:statedIn nad:section-stability-window ;
             dcterms:source ref:Fitzhugh2019-116, ref:Wu2018-232 .
        }""",
    )
    got = {(_local(r["mat"]), float(r["lo"]), float(r["hi"]), _local(r["method"])) for r in rows}
    assert got == {
        ("Li10GeP2S12", 1.7, 2.1, "GrandPotentialPhaseDiagram"),
        ("Li10GeP2S12", 1.0, 4.0, "MechanoElectrochemicalModel"),
        ("Li-Si-P-S", 1.7, 2.1, "GrandPotentialPhaseDiagram"),
        ("Li-Si-P-S", 1.0, 4.0, "MechanoElectrochemicalModel"),
    }
    assert {_local(r["sys"]) for r in rows} == {"LithiumSystem"}


def test_interfacial_resistances_against_sodium(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?subject ?v ?u ?num WHERE {
          ?m naif:propertyKind naif:InterfacialResistance ; qudt:numericValue ?v ; qudt:unit ?u ;
             naif:againstElectrode nad:Na ; naif:statedIn nad:section-sodium-wettability ;
             dcterms:source/naif:citationNumber ?num .
          { ?m naif:ofFamily ?subject } UNION { ?m naif:ofMaterial ?subject }
        }""",
    )
    got = {(_local(r["subject"]), float(r["v"]), _local(r["u"]), int(r["num"])) for r in rows}
    assert got == {
        ("BetaAluminaElectrolyte", 120.0, "OHM", 105),
        ("NasiconElectrolyte", 524.0, "OHM-CentiM2", 224),
        ("ComplexHydrideElectrolyte", 50.0, "OHM", 201),
    }


def test_na3ps4_interfacial_resistance_doubles_in_12_hours(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?before ?after ?h WHERE {
          ?m naif:ofMaterial nad:Na3PS4 ; naif:propertyKind naif:InterfacialResistance ;
             naif:valueBefore ?before ; naif:valueAfter ?after ; qudt:unit unit:OHM ;
             naif:overDuration [ qudt:numericValue ?h ; qudt:unit unit:HR ] ;
             naif:statedIn nad:section-sodium-wettability ; dcterms:source ref:Wenzel2016-105 .
        }""",
    )
    assert [(float(r["before"]), float(r["after"]), float(r["h"])) for r in rows] == [
        (60.0, 120.0, 12.0)
    ]


def test_grain_boundary_findings_in_wettability_section(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT DISTINCT ?num WHERE {
          ?f a naif:Finding ; naif:about naif:GrainBoundaryWeakness ;
             naif:statedIn nad:section-sodium-wettability ;
             dcterms:source/naif:citationNumber ?num .
        }""",
    )
    assert {int(r["num"]) for r in rows} == {234, 235}


def test_sodium_cell_pressure_and_creep_findings(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?num ?sys WHERE {
          ?f a naif:Finding ; naif:statedIn nad:section-mechanical-stability ;
             naif:about ?subject ; naif:chemicalSystem ?sys ;
             dcterms:source/naif:citationNumber ?num .
          FILTER (?subject IN (nad:Na, nad:beta2-Al2O3))
        }""",
    )
    got = {(int(r["num"]), str(r["sys"]).rsplit("#", 1)[-1]) for r in rows}
    assert {(149, "SodiumSystem"), (150, "SodiumSystem")} <= got


def test_general_sections_hold_their_facts(graph: Graph) -> None:
    values = " ".join(SECTIONS)
    rows = select(
        graph,
        f"""
        SELECT ?section (COUNT(DISTINCT ?f) AS ?n) WHERE {{
          VALUES ?section {{ {values} }}
          ?f naif:statedIn ?section .
          {{ ?f a naif:Measurement }} UNION {{ ?f a naif:Finding }}
        }} GROUP BY ?section""",
    )
    counts = {str(r["section"]).rsplit("/", 1)[-1]: int(r["n"]) for r in rows}
    assert set(counts) == {s.split(":", 1)[1] for s in SECTIONS}
    assert sum(counts.values()) >= 120
