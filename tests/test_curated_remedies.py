"""Remedies curated from the review (remedies sections and remedies stated elsewhere).

Each test is written from the review's text and checks the facts through SPARQL over the
loaded graph: remedy kind, what it was applied to, the problems it addresses, its effect
measurements (before/after values, units, conditions), sources and where it is stated.
"""

from __future__ import annotations

from rdflib import Graph

from kg.coverage import compute_coverage
from kg.query import select

NAD = "https://w3id.org/naif/data/"
# naifunit: is not among the prefixes kg.query predeclares.
NU = "PREFIX naifunit: <https://w3id.org/naif/unit/>\n"


def _local(term: object) -> str:
    text = str(term)
    return text.rsplit("#", 1)[-1] if "#" in text else text.removeprefix(NAD)


def _f(term: object) -> float | None:
    return None if term is None else float(str(term))


def _nums(graph: Graph, node: str) -> set[int]:
    rows = select(
        graph,
        f"SELECT ?n WHERE {{ <{NAD}{node}> dcterms:source/naif:citationNumber ?n }}",
    )
    return {int(r["n"]) for r in rows}


def test_remedies_addressing_mci_on_chalcogenides(graph: Graph) -> None:
    """Which remedies address MCI formation for chalcogenide electrolytes?

    By hand from the review: partial hydration of Na3SbS4 [118] (chalcogenides section),
    halogen substitution giving passivating NaX instead of only Na3P (chalcogenides section,
    Cl-doped Na3PS4 [176]) and the CPEO interlayer that stops Na reducing Na3SbS4 [252].
    """
    rows = select(
        graph,
        """
        SELECT DISTINCT ?r WHERE {
          ?r a/rdfs:subClassOf* naif:RemedyApplication ;
             naif:addresses naif:MCIFormation ; naif:appliedTo ?m .
          ?m a/rdfs:subClassOf* naif:ChalcogenideElectrolyte .
        }""",
    )
    assert {_local(r["r"]) for r in rows} == {
        "remedy-hydration-Na3SbS4-118",
        "remedy-halogen-substitution-Na3PS4-176",
        "remedy-CPEO-interlayer-Na3SbS4-252",
    }


def test_nasicon_heat_treatment_with_na_233(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?before ?after ?unit ?part WHERE {
          nad:remedy-heat-treatment-Na3Zr2Si2PO12-233 a naif:HeatTreatment ;
             naif:appliedTo nad:Na3Zr2Si2PO12 ;
             naif:addresses naif:PoorWettability, naif:HighInterfacialResistance ;
             naif:statedIn ?part ;
             naif:hasEffect ?m .
          ?m naif:propertyKind naif:InterfacialResistance ;
             naif:valueBefore ?before ; naif:valueAfter ?after ; qudt:unit ?unit .
        }""",
    )
    assert [
        (
            float(r["before"]),
            float(r["after"]),
            _local(r["unit"]).rsplit("/", 1)[-1],
            _local(r["part"]),
        )
        for r in rows
    ] == [(4000.0, 400.0, "OHM-CentiM2", "section-sodium-wettability")]
    temps = select(
        graph,
        """
        SELECT ?t WHERE {
          ?m naif:ofMaterial nad:Na3Zr2Si2PO12 ; naif:propertyKind naif:ProcessingTemperature ;
             qudt:numericValue ?t ; qudt:unit unit:DEG_C ; dcterms:source ref:Zhou2017-233 .
        }""",
    )
    assert sorted(float(r["t"]) for r in temps) == [175.0, 380.0]
    assert _nums(graph, "remedy-heat-treatment-Na3Zr2Si2PO12-233") == {233}


def test_graphene_like_layer_on_nasicon_224(graph: Graph) -> None:
    rows = select(
        graph,
        NU
        + """
        SELECT ?before ?after WHERE {
          ?r a naif:InorganicCoating ; naif:appliedTo nad:Na3Zr2Si2PO12 ;
             naif:usesMaterial nad:graphene-like-layer ;
             dcterms:source ref:Matios2019-224 ;
             naif:hasEffect [ naif:propertyKind naif:InterfacialResistance ;
                              naif:valueBefore ?before ; naif:valueAfter ?after ;
                              qudt:unit naifunit:OHM-CentiM2 ] .
        }""",
    )
    assert [(float(r["before"]), float(r["after"])) for r in rows] == [(524.0, 46.0)]


def test_cpmea_interlayer_on_nasicon_233(graph: Graph) -> None:
    rows = select(
        graph,
        NU
        + """
        SELECT ?kind ?before ?after ?v ?unit ?t ?j WHERE {
          nad:remedy-CPMEA-interlayer-Na3Zr2Si2PO12-233 a naif:PolymerInterlayer ;
             naif:usesMaterial nad:crosslinked-PEGMEA-film ;
             naif:addresses naif:PoorWettability, naif:DendritePenetration ;
             naif:statedIn nad:section-artificial-sei ;
             naif:hasEffect ?m .
          ?m naif:propertyKind ?kind ; qudt:unit ?unit ;
             naif:atTemperature [ qudt:numericValue ?t ; qudt:unit unit:DEG_C ] .
          OPTIONAL { ?m naif:valueBefore ?before ; naif:valueAfter ?after }
          OPTIONAL { ?m qudt:numericValue ?v }
          OPTIONAL { ?m naif:atCurrentDensity [ qudt:numericValue ?j ;
                                               qudt:unit naifunit:MilliA-PER-CentiM2 ] }
        }""",
    )
    got = {
        (
            _local(r["kind"]),
            _f(r["before"]),
            _f(r["after"]),
            _f(r["v"]),
            str(r["unit"]).rsplit("/", 1)[-1],
            float(r["t"]),
            _f(r["j"]),
        )
        for r in rows
    }
    assert got == {
        ("InterfacialResistance", 4000.0, 1000.0, None, "OHM", 65.0, None),
        ("CyclingDuration", None, None, 380.0, "HR", 65.0, 0.20),
    }


def test_same_polymer_solution_on_latp_is_lithium_253(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?sys ?msys ?num WHERE {
          ?r a naif:PolymerInterlayer ; naif:appliedTo nad:Li1plusxAlxTi2-x-PO4-3 ;
             naif:chemicalSystem ?sys ; dcterms:source/naif:citationNumber ?num .
          nad:Li1plusxAlxTi2-x-PO4-3 naif:chemicalSystem ?msys .
        }""",
    )
    assert [(_local(r["sys"]), _local(r["msys"]), int(r["num"])) for r in rows] == [
        ("LithiumSystem", "LithiumSystem", 253)
    ]


def test_pin_membrane_blocks_polysulfides_251(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?p WHERE {
          ?r a naif:PolymerInterlayer ; naif:appliedTo nad:Na3Zr2Si2PO12 ;
             naif:usesMaterial nad:polymer-of-intrinsic-nanoporosity ;
             dcterms:source ref:Yu2019-251 ; naif:addresses ?p .
        }""",
    )
    assert {_local(r["p"]) for r in rows} == {"HighInterfacialResistance", "PolysulfideShuttle"}


def test_beta2_alumina_anneal_at_1600C_254(graph: Graph) -> None:
    ccd = select(
        graph,
        NU
        + """
        SELECT ?before ?after ?q ?cap WHERE {
          nad:remedy-heat-treatment-beta2-Al2O3-254 a naif:HeatTreatment ;
             naif:appliedTo nad:beta2-Al2O3 ; naif:hasEffect ?m .
          ?m naif:propertyKind naif:CriticalCurrentDensity ; qudt:unit naifunit:MilliA-PER-CentiM2 ;
             naif:valueBefore ?before ; naif:valueAfter ?after ; naif:valueQualifier ?q ;
             naif:atArealCapacity [ qudt:numericValue ?cap ;
                                    qudt:unit naifunit:MilliA-HR-PER-CentiM2 ] .
        }""",
    )
    assert [
        (float(r["before"]), float(r["after"]), _local(r["q"]), float(r["cap"])) for r in ccd
    ] == [(0.3, 12.0, "OrderOfMagnitude", 0.25)]
    res = select(
        graph,
        NU
        + """
        SELECT ?v ?printed WHERE {
          nad:remedy-heat-treatment-beta2-Al2O3-254 naif:hasEffect ?m .
          ?m naif:propertyKind naif:InterfacialResistance ; qudt:numericValue ?v ;
             qudt:unit naifunit:OHM-CentiM2 ; naif:printedAs ?printed .
        }""",
    )
    assert [(float(r["v"]), str(r["printed"])) for r in res] == [(8.0, "8 Ω cm-2")]
    temp = select(
        graph,
        """
        SELECT ?t WHERE {
          ?m naif:ofMaterial nad:beta2-Al2O3 ; naif:propertyKind naif:ProcessingTemperature ;
             qudt:numericValue ?t ; dcterms:source ref:Bay2020-254 .
        }""",
    )
    assert [float(r["t"]) for r in temp] == [1600.0]


def test_br_doping_of_t_na3ps4_is_computed_240(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?before ?after ?ev ?method WHERE {
          ?r a naif:CompositionalTuning ; naif:appliedTo nad:t-Na3PS4 ;
             naif:usesMaterial nad:t-Na3PS4-Br ; naif:addresses naif:LowIonicConductivity ;
             naif:hasEffect ?m .
          ?m naif:propertyKind naif:IonicConductivity ; qudt:unit unit:MilliS-PER-CentiM ;
             naif:valueBefore ?before ; naif:valueAfter ?after ;
             naif:evidence ?ev ; naif:method ?method ; dcterms:source ref:Huang2018-240 .
        }""",
    )
    assert [
        (float(r["before"]), float(r["after"]), _local(r["ev"]), _local(r["method"])) for r in rows
    ] == [(0.01, 2.37, "Computed", "AIMD")]


def test_cl_doping_conductivity_and_window_175(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?kind ?v ?lo ?hi WHERE {
          nad:remedy-Cl-doping-Na3PS4-175 naif:appliedTo nad:Na3PS4 ;
             naif:usesMaterial nad:Na2.9375PS3.9375Cl0.0625 ; naif:hasEffect ?m .
          ?m naif:ofMaterial nad:Na2.9375PS3.9375Cl0.0625 ; naif:propertyKind ?kind ;
             naif:statedIn nad:section-compositional-tuning .
          OPTIONAL { ?m qudt:numericValue ?v ; qudt:unit unit:MilliS-PER-CentiM }
          OPTIONAL { ?m naif:lowerBound ?lo ; naif:upperBound ?hi ; qudt:unit unit:V }
        }""",
    )
    got = {(_local(r["kind"]), _f(r["v"]), _f(r["lo"]), _f(r["hi"])) for r in rows}
    assert got == {
        ("IonicConductivity", 1.14, None, None),
        ("ElectrochemicalStabilityWindow", None, 0.0, 2.4),
    }
    assert _nums(graph, "remedy-Cl-doping-Na3PS4-175") == {175}


def test_sc_doped_nasicon_window_and_stability_213_166(graph: Graph) -> None:
    windows = select(
        graph,
        """
        SELECT ?mat ?lo ?hi WHERE {
          nad:remedy-Sc-doping-Na3Zr2Si2PO12-213 naif:hasEffect ?m .
          ?m naif:propertyKind naif:ElectrochemicalStabilityWindow ; naif:ofMaterial ?mat ;
             naif:lowerBound ?lo ; naif:upperBound ?hi ; dcterms:source ref:Ma2016-213 .
        }""",
    )
    assert {(_local(r["mat"]), float(r["lo"]), float(r["hi"])) for r in windows} == {
        ("Na3Zr2Si2PO12", 1.75, 5.0),
        ("Na3.4Zr1.6Sc0.4Si2PO12", 0.3, 6.0),
    }
    obs = select(
        graph,
        """
        SELECT ?type ?tech WHERE {
          ?o naif:ofInterface ?i ; naif:interphaseType ?type ; naif:observedBy ?tech ;
             dcterms:source ref:Kehne2019-166 .
          ?i naif:hasElectrode nad:Na ; naif:hasElectrolyte nad:Na3.4Zr1.6Sc0.4Si2PO12 .
        }""",
    )
    assert {(_local(r["type"]), _local(r["tech"])) for r in obs} == {("StableInterface", "XPS")}
    eff = select(
        graph,
        """
        SELECT ?kind ?v ?unit WHERE {
          nad:remedy-Sc-doping-Na3Zr2Si2PO12-166 naif:addresses naif:ElectrolyteReduction ;
             naif:hasEffect ?m .
          ?m naif:propertyKind ?kind ; qudt:numericValue ?v ; qudt:unit ?unit .
        }""",
    )
    assert {(_local(r["kind"]), float(r["v"]), str(r["unit"]).rsplit("/", 1)[-1]) for r in eff} == {
        ("CycleCount", 100.0, "NUM"),
        ("CriticalCurrentDensity", 320.0, "MicroA-PER-CentiM2"),
    }


def test_stack_pressure_remedies(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?mat ?sys ?num WHERE {
          ?r a naif:StackPressureControl ; naif:appliedTo ?mat ; naif:chemicalSystem ?sys ;
             naif:statedIn nad:section-mechanical-stability ;
             dcterms:source/naif:citationNumber ?num .
        }""",
    )
    assert {(_local(r["mat"]), _local(r["sys"]), int(r["num"])) for r in rows} == {
        ("Li6PS5Cl", "LithiumSystem", 145),
        ("Li6PS5Cl", "LithiumSystem", 146),
        ("Li10GeP2S12", "LithiumSystem", 147),
        ("beta2-Al2O3", "SodiumSystem", 149),
        ("beta2-Al2O3", "SodiumSystem", 150),
    }
    li = select(
        graph,
        """
        SELECT ?lo ?hi WHERE {
          ?m naif:ofMaterial nad:Li6PS5Cl ; naif:propertyKind naif:StackPressure ;
             naif:lowerBound ?lo ; naif:upperBound ?hi ; qudt:unit unit:MegaPA ;
             naif:chemicalSystem naif:LithiumSystem .
        }""",
    )
    assert [(float(r["lo"]), float(r["hi"])) for r in li] == [(5.0, 7.0)]
    lgps = select(
        graph,
        """
        SELECT ?j ?p WHERE {
          nad:remedy-stack-pressure-Li10GeP2S12-147
             naif:usesMaterial nad:lithium-graphite-composite ;
             naif:hasEffect [ naif:propertyKind naif:CriticalCurrentDensity ; qudt:numericValue ?j ;
                              naif:valueQualifier naif:OrderOfMagnitude ;
                              naif:atPressure [ qudt:numericValue ?p ; qudt:unit unit:MegaPA ] ] .
        }""",
    )
    assert [(float(r["j"]), float(r["p"])) for r in lgps] == [(10.0, 100.0)]
    heinz = select(
        graph,
        "SELECT ?p WHERE { nad:remedy-stack-pressure-beta2-Al2O3-150 naif:addresses ?p }",
    )
    assert {_local(r["p"]) for r in heinz} == {"ElectrolyteFracture"}


def test_high_temperature_operation_of_beta_aluminas(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?mat ?num ?part WHERE {
          ?r a naif:HighTemperatureOperation ; naif:appliedTo ?mat ; naif:statedIn ?part ;
             dcterms:source/naif:citationKey ?num .
        }""",
    )
    assert {(_local(r["mat"]), str(r["num"]), _local(r["part"])) for r in rows} == {
        ("beta-Al2O3", "Tang2020-review", "section-beta-alumina"),
        ("beta-Al2O3", "Girija2008-262", "section-sodium-alloying"),
        ("beta2-Al2O3", "Tang2020-review", "section-sodium-alloying"),
        ("beta2-Al2O3", "SpencerJolly2020-149", "section-mechanical-stability"),
    }
    temp = select(
        graph,
        """
        SELECT ?lo ?hi WHERE {
          ?m naif:ofMaterial nad:beta2-Al2O3 ; naif:propertyKind naif:OperatingTemperature ;
             naif:lowerBound ?lo ; naif:upperBound ?hi ; qudt:unit unit:DEG_C ;
             naif:statedIn nad:section-sodium-alloying .
        }""",
    )
    assert [(float(r["lo"]), float(r["hi"])) for r in temp] == [(300.0, 350.0)]


def test_na_cs_alloy_cycle_life_at_150_and_175C_261(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?t ?dir WHERE {
          nad:remedy-Na-Cs-alloy-beta2-Al2O3-261 naif:hasEffect ?m .
          ?m naif:propertyKind naif:CyclingDuration ; naif:effectDirection ?dir ;
             naif:atTemperature [ qudt:numericValue ?t ; qudt:unit unit:DEG_C ] ;
             dcterms:source ref:Lu2014-261 .
        }""",
    )
    assert {(float(r["t"]), _local(r["dir"])) for r in rows} == {
        (150.0, "Increase"),
        (175.0, "Increase"),
    }


def test_na_sn_alloy_anodes_173_82(graph: Graph) -> None:
    cap = select(
        graph,
        """
        SELECT ?v ?q ?n WHERE {
          ?r a naif:AnodeAlloying ; naif:usesMaterial nad:Na-Sn ; naif:appliedTo nad:c-Na3PS4 ;
             dcterms:source ref:Hayashi2012-173 ;
             naif:hasEffect [ naif:propertyKind naif:SpecificCapacity ; qudt:numericValue ?v ;
                              qudt:unit unit:MilliA-HR-PER-GM ; naif:valueQualifier ?q ;
                              naif:overDuration [ qudt:numericValue ?n ; qudt:unit unit:NUM ] ] .
        }""",
    )
    assert [(float(r["v"]), _local(r["q"]), float(r["n"])) for r in cap] == [
        (90.0, "Approximately", 10.0)
    ]
    uptake = select(
        graph,
        """
        SELECT ?v WHERE {
          ?r a naif:AnodeAlloying ; naif:usesMaterial nad:Na15Sn4 ;
             dcterms:source ref:Chevrier2011-82 .
          ?m naif:ofMaterial nad:Na15Sn4 ; naif:propertyKind naif:SodiumContentPerFormulaUnit ;
             qudt:numericValue ?v ; dcterms:source ref:Chevrier2011-82 .
        }""",
    )
    assert [float(r["v"]) for r in uptake] == [3.75]


def test_metallization_layer_patent_260(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?kind ?v ?unit ?q WHERE {
          ?r a naif:MetallizationLayer ; naif:usesMaterial nad:metallization-layer ;
             naif:addresses naif:PoorWettability ; dcterms:source ref:Kim2016-260 .
          ?m naif:propertyKind ?kind ; qudt:numericValue ?v ; qudt:unit ?unit ;
             naif:valueQualifier ?q ; dcterms:source ref:Kim2016-260 .
        }""",
    )
    assert {
        (_local(r["kind"]), float(r["v"]), str(r["unit"]).rsplit("/", 1)[-1], _local(r["q"]))
        for r in rows
    } == {
        ("Thickness", 5.0, "MicroM", "AtMost"),
        ("OperatingTemperature", 200.0, "DEG_C", "AtMost"),
    }


def test_core_shell_sulfides_widen_window_lithium_116_232(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?mat ?kind ?ev ?v ?lo ?hi WHERE {
          ?r a naif:CoreShellDesign ; naif:appliedTo ?mat ; naif:chemicalSystem naif:LithiumSystem ;
             naif:addresses naif:NarrowStabilityWindow ; naif:hasEffect ?m .
          ?m naif:propertyKind ?kind ; naif:evidence ?ev ; qudt:unit unit:V .
          OPTIONAL { ?m qudt:numericValue ?v }
          OPTIONAL { ?m naif:lowerBound ?lo ; naif:upperBound ?hi }
        }""",
    )
    got = {
        (
            _local(r["mat"]),
            _local(r["kind"]),
            _local(r["ev"]),
            _f(r["v"]),
            _f(r["lo"]),
            _f(r["hi"]),
        )
        for r in rows
    }
    expected = set()
    for mat in ("Li-Si-P-S", "Li-Ge-P-S"):
        expected |= {
            (mat, "ElectrochemicalStabilityWindow", "Computed", None, 1.7, 2.1),
            (mat, "ReductionStabilityLimit", "Experimental", 0.7, None, None),
            (mat, "OxidationStabilityLimit", "Experimental", None, 3.1, 4.0),
        }
    assert got == expected
    assert _nums(graph, "remedy-core-shell-Li-Si-P-S-116-232") == {116, 232}


def test_lithium_inspiration_is_kept_apart(graph: Graph) -> None:
    """The Li examples [253], [255]-[257], [263] are lithium facts on lithium materials."""
    rows = select(
        graph,
        """
        SELECT ?r ?num ?msys WHERE {
          ?r a/rdfs:subClassOf* naif:ArtificialSEI ; naif:chemicalSystem naif:LithiumSystem ;
             naif:appliedTo ?mat ; dcterms:source/naif:citationNumber ?num .
          ?mat naif:chemicalSystem ?msys .
        }""",
    )
    assert {int(r["num"]) for r in rows} == {232, 253, 255, 256, 257, 263}
    assert {_local(r["msys"]) for r in rows} == {"LithiumSystem"}
    computed = select(
        graph,
        """
        SELECT ?ev ?method WHERE {
          nad:remedy-coating-search-Li10SiP2S12-263 naif:appliedTo nad:Li10SiP2S12 ;
             naif:evidence ?ev ; naif:method ?method .
        }""",
    )
    assert [(_local(r["ev"]), _local(r["method"])) for r in computed] == [
        ("Computed", "HighThroughputScreening")
    ]


def test_hot_pressing_236_239(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?p WHERE {
          ?r a naif:HotPressing ; naif:statedIn nad:section-remedies ; naif:addresses ?p .
        }""",
    )
    assert {_local(r["p"]) for r in rows} == {
        "LowIonicConductivity",
        "GrainBoundaryWeakness",
        "HighInterfacialResistance",
    }
    assert _nums(graph, "remedy-hot-pressing-electrolyte-236-239") == {236, 237, 238, 239}


def test_dopant_lists_and_sei_rationale_findings(graph: Graph) -> None:
    assert _nums(graph, "finding-metal-dopants-211-215-222-241-244") == {
        211,
        215,
        222,
        241,
        242,
        243,
        244,
    }
    assert _nums(graph, "finding-metalloid-dopants-187-206-220-240-245-246") == {
        187,
        206,
        220,
        240,
        245,
        246,
    }
    assert _nums(graph, "finding-cluster-dopants-247") == {247}
    assert _nums(graph, "finding-electron-blocking-layer-101-248-249") == {101, 248, 249}
    assert _nums(graph, "finding-artificial-sei-electron-transfer-249-250") == {249, 250}
    assert _nums(graph, "finding-sodium-alloying-258-259") == {258, 259}


def test_every_remedy_is_well_formed(graph: Graph) -> None:
    """Each remedy has a specific kind, a location, and the chemical system of its material."""
    rows = select(
        graph,
        """
        SELECT ?r WHERE {
          ?r a/rdfs:subClassOf* naif:RemedyApplication .
          FILTER NOT EXISTS {
            ?r a ?kind ; naif:statedIn ?part ; naif:chemicalSystem ?sys ; naif:appliedTo ?m .
            ?kind rdfs:subClassOf+ naif:RemedyApplication .
            ?m naif:chemicalSystem ?sys .
          }
        }""",
    )
    assert rows == []
    count = select(
        graph,
        "SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r a/rdfs:subClassOf* naif:RemedyApplication }",
    )
    assert int(count[0]["n"]) == 34


def test_remedies_sections_fully_covered(graph: Graph) -> None:
    report = compute_coverage(graph)
    mine = {
        "Remedies to address interfacial instability",
        "Remedies: compositional tuning",
        "Remedies: artificial SEIs",
        "Remedies: sodium alloying and other solutions",
    }
    sections = [s for s in report.sections if s.label in mine]
    assert len(sections) == 4
    assert {s.label: s.uncovered for s in sections} == {label: [] for label in mine}
