"""Facts from the review's family sections (beta-alumina to antiperovskites) and every
interface observation and stability limit, checked through SPARQL against the source text."""

from __future__ import annotations

from rdflib import Graph

from kg.query import select


def _local(node: object) -> str:
    return str(node).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _section_values(graph: Graph, material: str, kind: str, section: str) -> set[tuple]:
    rows = select(
        graph,
        f"""
        SELECT ?v ?u ?num ?t ?tu WHERE {{
          ?m naif:ofMaterial nad:{material} ; naif:propertyKind naif:{kind} ;
             qudt:numericValue ?v ; qudt:unit ?u ; naif:statedIn nad:{section} ;
             dcterms:source/naif:citationNumber ?num .
          OPTIONAL {{ ?m naif:atTemperature [ qudt:numericValue ?t ; qudt:unit ?tu ] }}
        }}""",
    )
    return {
        (
            float(r["v"]),
            _local(r["u"]),
            int(r["num"]),
            None if r["t"] is None else float(r["t"]),
        )
        for r in rows
    }


# --- Sodium beta-alumina ---------------------------------------------------------------


def test_beta_alumina_room_temperature_conductivity_154_155(graph: Graph) -> None:
    got = _section_values(graph, "beta-Al2O3", "IonicConductivity", "section-beta-alumina")
    assert got == {(1.4e-2, "S-PER-CentiM", 154, 25.0), (1.4e-2, "S-PER-CentiM", 155, 25.0)}


def test_beta_alumina_family_reaches_1_s_per_cm_when_hot(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?v ?num ?printed WHERE {
          ?m naif:ofFamily naif:BetaAluminaElectrolyte ; naif:propertyKind naif:IonicConductivity ;
             qudt:numericValue ?v ; qudt:unit unit:S-PER-CentiM ; naif:printedAs ?printed ;
             naif:statedIn nad:section-beta-alumina ; dcterms:source/naif:citationNumber ?num .
        }""",
    )
    assert {(float(r["v"]), int(r["num"])) for r in rows} == {(1.0, 157), (1.0, 158)}
    assert all("250-350" in str(r["printed"]) for r in rows)


def test_beta_alumina_discovery_and_stabilizers(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?f ?num WHERE {
          ?f a naif:Finding ; naif:statedIn nad:section-beta-alumina ;
             dcterms:source/naif:citationNumber ?num .
        }""",
    )
    by_num: dict[int, set[str]] = {}
    for r in rows:
        by_num.setdefault(int(r["num"]), set()).add(_local(r["f"]))
    assert "finding-beta-alumina-discovery-153" in by_num[153]
    assert "finding-beta2-alumina-stabilizers-71" in by_num[71]
    assert "finding-beta2-alumina-stabilizers-71" in by_num[157]
    stab = select(
        graph,
        """SELECT ?x WHERE { nad:finding-beta2-alumina-stabilizers-71 naif:about ?x }""",
    )
    assert {"MgO", "TiO2", "Y2O3", "ZrO2", "Al2O3"} <= {_local(r["x"]) for r in stab}


# --- NASICON ----------------------------------------------------------------------------


def test_nzsp_room_temperature_conductivity_161_162(graph: Graph) -> None:
    got = _section_values(graph, "Na3Zr2Si2PO12", "IonicConductivity", "section-nasicon")
    assert got == {(0.67, "MilliS-PER-CentiM", 161, 25.0), (0.67, "MilliS-PER-CentiM", 162, 25.0)}


def test_nasicon_optimal_sodium_content_and_dopant_radius(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?kind ?v ?u ?num WHERE {
          ?m naif:ofFamily naif:NasiconElectrolyte ; naif:propertyKind ?kind ;
             qudt:numericValue ?v ; qudt:unit ?u ; naif:statedIn nad:section-nasicon ;
             dcterms:source/naif:citationNumber ?num .
        }""",
    )
    got = {(_local(r["kind"]), float(r["v"]), _local(r["u"]), int(r["num"])) for r in rows}
    assert got == {
        ("SodiumContentPerFormulaUnit", 3.3, "NUM", 164),
        ("IonicRadius", 0.72, "ANGSTROM", 164),
    }


def test_sc_and_la_doped_nasicon_conductivities(graph: Graph) -> None:
    sc = _section_values(graph, "Na3.4Zr1.6Sc0.4Si2PO12", "IonicConductivity", "section-nasicon")
    assert sc == {(4.0, "MilliS-PER-CentiM", 166, None)}
    radius = _section_values(graph, "Na3.4Zr1.6Sc0.4Si2PO12", "IonicRadius", "section-nasicon")
    assert radius == {(0.75, "ANGSTROM", 166, None)}
    la = _section_values(graph, "Na3Zr2Si2PO12-La", "IonicConductivity", "section-nasicon")
    assert la == {(3.4, "MilliS-PER-CentiM", 167, None)}
    gb = select(
        graph,
        """
        SELECT ?f WHERE {
          ?f a naif:Finding ; naif:about nad:Na3Zr2Si2PO12-La, nad:Na3La-PO4-2 ;
             dcterms:source ref:Zhang2017-167 .
        }""",
    )
    assert len(gb) == 1


def test_nasicon_na_interface_passivating_naox_by_tof_sims(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?p ?type ?tech ?num WHERE {
          ?i naif:hasElectrode nad:Na ; naif:hasElectrolyte nad:Na3Zr2Si2PO12 .
          ?o naif:ofInterface ?i ; naif:hasDecompositionProduct ?p ; naif:interphaseType ?type ;
             naif:observedBy ?tech ; dcterms:source/naif:citationNumber ?num .
        }""",
    )
    assert {
        (_local(r["p"]), _local(r["type"]), _local(r["tech"]), int(r["num"])) for r in rows
    } == {("NaOx", "SolidElectrolyteInterphase", "TOFSIMS", 119)}


def test_nasicon_discovery_goodenough_1976(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?y WHERE {
          nad:finding-nasicon-discovery-160 a naif:Finding ; naif:about naif:NasiconElectrolyte ;
             dcterms:source ?r . ?r naif:year ?y ; naif:citationNumber 160 .
        }""",
    )
    assert [int(r["y"]) for r in rows] == [1976]


# --- Chalcogenides ----------------------------------------------------------------------


def test_na3ps4_polymorph_conductivities(graph: Graph) -> None:
    t = select(
        graph,
        """
        SELECT ?lo ?hi ?t WHERE {
          ?m naif:ofMaterial nad:t-Na3PS4 ; naif:propertyKind naif:IonicConductivity ;
             naif:lowerBound ?lo ; naif:upperBound ?hi ; qudt:unit unit:S-PER-CentiM ;
             naif:atTemperature [ qudt:numericValue ?t ; qudt:unit unit:DEG_C ] ;
             dcterms:source ref:Jansen1992-172 .
        }""",
    )
    assert [(float(r["lo"]), float(r["hi"]), float(r["t"])) for r in t] == [(1e-6, 1e-5, 25.0)]
    c = _section_values(graph, "c-Na3PS4", "IonicConductivity", "section-chalcogenides")
    assert c == {(2e-4, "S-PER-CentiM", 173, 25.0), (4.6e-4, "S-PER-CentiM", 174, None)}
    proc = _section_values(graph, "c-Na3PS4", "ProcessingTemperature", "section-chalcogenides")
    assert proc == {(270.0, "DEG_C", 174, None)}


def test_na3ps4_lattice_parameters(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?mat ?v ?sg WHERE {
          ?m naif:ofMaterial ?mat ; naif:propertyKind naif:LatticeParameter ;
             qudt:numericValue ?v ; qudt:unit unit:ANGSTROM ;
             naif:statedIn nad:section-chalcogenides .
          ?mat naif:spaceGroup ?sg .
        }""",
    )
    got = {(_local(r["mat"]), float(r["v"]), str(r["sg"])) for r in rows}
    assert got == {
        ("t-Na3PS4", 6.952, "P-421c"),
        ("t-Na3PS4", 7.0757, "P-421c"),
        ("c-Na3PS4", 7.0699, "I-43m"),
    }


def test_na3ps4_interface_impedance_rise_105_and_products_176(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?o ?type ?tech ?num WHERE {
          ?o naif:ofInterface/naif:hasElectrolyte nad:Na3PS4 ; naif:interphaseType ?type ;
             naif:observedBy ?tech ; dcterms:source/naif:citationNumber ?num .
        }""",
    )
    got = {(int(r["num"]), _local(r["type"]), _local(r["tech"])) for r in rows}
    assert got == {
        (105, "MixedConductingInterphase", "TimeResolvedEIS"),
        (105, "MixedConductingInterphase", "CV"),
        (176, "MixedConductingInterphase", "XPS"),
    }
    products = select(
        graph,
        """
        SELECT ?f WHERE { nad:obs-Na-Na3PS4-176 naif:hasDecompositionProduct/naif:formula ?f }
        """,
    )
    assert {str(r["f"]) for r in products} == {"Na2S", "Na3P"}


def test_cl_doped_na3ps4_xps_products_include_nacl(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?f ?type WHERE {
          ?o naif:ofInterface/naif:hasElectrolyte nad:Na3-xPS4-xClx ;
             naif:hasDecompositionProduct/naif:formula ?f ; naif:interphaseType ?type ;
             naif:observedBy naif:XPS ; dcterms:source ref:Wu2018-176 .
        }""",
    )
    assert {str(r["f"]) for r in rows} == {"Na2S", "Na3P", "NaCl"}
    assert {_local(r["type"]) for r in rows} == {"MixedConductingInterphase"}


def test_cl_doped_na3ps4_oxidation_limit_175(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?v ?f ?ev WHERE {
          ?l a naif:StabilityLimitFinding ; naif:ofElectrolyte nad:Na3-xPS4-xClx ;
             naif:limitSide naif:OxidationSide ; naif:evidence ?ev ;
             naif:atPotential [ qudt:numericValue ?v ; qudt:unit unit:V ] ;
             naif:hasDecompositionProduct/naif:formula ?f ; dcterms:source ref:Chu2016-175 .
        }""",
    )
    assert {float(r["v"]) for r in rows} == {2.4}
    assert {str(r["f"]) for r in rows} == {"NaPS3", "S", "NaCl"}
    assert {_local(r["ev"]) for r in rows} == {"Computed"}
    kept = select(
        graph,
        """
        SELECT ?x WHERE {
          ?f a naif:Finding ; dcterms:source ref:Chu2016-175 ; naif:about nad:Na3-xPS4-xClx, ?x .
        }""",
    )
    assert {"t-Na3PS4", "NaCl"} <= {_local(r["x"]) for r in kept}


def test_na3p_band_gap_0_4_ev(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?v ?num WHERE {
          ?m naif:ofMaterial nad:Na3P ; naif:propertyKind naif:BandGap ; qudt:numericValue ?v ;
             qudt:unit unit:EV ; dcterms:source/naif:citationNumber ?num .
        }""",
    )
    assert [(float(r["v"]), int(r["num"])) for r in rows] == [(0.4, 177)]


def test_lithium_phosphosulfide_interface_is_kept_lithium(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?f ?sys ?el WHERE {
          ?o naif:ofInterface ?i ; naif:hasDecompositionProduct/naif:formula ?f ;
             naif:chemicalSystem ?sys ; dcterms:source ref:Wood2018-178 .
          ?i naif:hasElectrolyte nad:Li2S-P2S5 ; naif:hasElectrode ?el .
        }""",
    )
    assert {str(r["f"]) for r in rows} == {"Li3PO4", "Li2O"}
    assert {(_local(r["sys"]), _local(r["el"])) for r in rows} == {("LithiumSystem", "Li")}


def test_na3pse4_windows_and_limits_181(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?lo ?hi ?ev WHERE {
          ?m naif:ofMaterial nad:Na3PSe4 ; naif:propertyKind naif:ElectrochemicalStabilityWindow ;
             naif:lowerBound ?lo ; naif:upperBound ?hi ; naif:evidence ?ev ;
             dcterms:source ref:Tian2017-181 .
        }""",
    )
    got = {(float(r["lo"]), float(r["hi"]), _local(r["ev"])) for r in rows}
    assert got == {(1.8, 2.15, "Computed"), (1.25, 2.33, "Experimental")}
    cv = _section_values(graph, "Na3PSe4", "OxidationStabilityLimit", "section-chalcogenides")
    assert cv == {(2.6, "V", 181, None)}
    limits = select(
        graph,
        """
        SELECT ?side ?v WHERE {
          ?l naif:ofElectrolyte nad:Na3PSe4 ; naif:limitSide ?side ;
             naif:atPotential [ qudt:numericValue ?v ] ; dcterms:source ref:Tian2017-181 .
        }""",
    )
    assert {(_local(r["side"]), float(r["v"])) for r in limits} == {
        ("OxidationSide", 2.33),
        ("ReductionSide", 1.25),
    }
    se = select(
        graph,
        """
        SELECT ?f WHERE {
          nad:limit-Na3PSe4-oxidation-181 naif:hasDecompositionProduct/naif:formula ?f
        }""",
    )
    assert [str(r["f"]) for r in se] == ["Se"]


def test_na3pse4_symmetric_cell_shorts_and_decomposes(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?v ?q WHERE {
          ?m naif:ofMaterial nad:Na3PSe4 ; naif:propertyKind naif:CyclingDuration ;
             qudt:numericValue ?v ; qudt:unit unit:HR ; naif:valueQualifier ?q ;
             naif:againstElectrode nad:Na ; dcterms:source ref:Tian2017-181 .
        }""",
    )
    assert [(float(r["v"]), _local(r["q"])) for r in rows] == [(12.0, "Approximately")]
    obs = select(
        graph,
        """
        SELECT ?tech WHERE {
          ?o naif:ofInterface/naif:hasElectrolyte nad:Na3PSe4 ;
             naif:hasDecompositionProduct nad:amorphous-Na3PSe4-decomposition-products ;
             naif:observedBy ?tech ; dcterms:source ref:Tian2017-181 .
        }""",
    )
    assert "XRD" in {_local(r["tech"]) for r in obs}
    se = _section_values(graph, "Se", "RedoxPotential", "section-chalcogenides")
    assert se == {(2.0, "V", 182, None)}


def test_sb_and_sn_substituted_chalcogenides(graph: Graph) -> None:
    assert _section_values(
        graph, "0.1NaI-0.9Na3SbS4", "IonicConductivity", "section-chalcogenides"
    ) == {(0.74, "MilliS-PER-CentiM", 187, None)}
    assert _section_values(graph, "Na11Sn2SbS12", "IonicConductivity", "section-chalcogenides") == {
        (0.2, "MilliS-PER-CentiM", 189, None)
    }
    assert _section_values(graph, "Na11Sn2PS12", "IonicConductivity", "section-chalcogenides") == {
        (1.0, "MilliS-PER-CentiM", 190, None)
    }
    assert _section_values(graph, "Na11Sn2PSe12", "IonicConductivity", "section-chalcogenides") == {
        (4.0, "MilliS-PER-CentiM", 191, None)
    }
    assert _section_values(
        graph, "Na11Sn2PS12", "OxidationStabilityLimit", "section-chalcogenides"
    ) == {(5.0, "V", 192, None)}
    win = select(
        graph,
        """
        SELECT ?mat ?lo ?hi ?num WHERE {
          ?m naif:ofMaterial ?mat ; naif:propertyKind naif:ElectrochemicalStabilityWindow ;
             naif:lowerBound ?lo ; naif:upperBound ?hi ; naif:statedIn nad:section-chalcogenides ;
             dcterms:source/naif:citationNumber ?num .
          FILTER (?mat IN (nad:Na11.25Sn2.25Sb0.75S12, nad:Na11Sn2PSe12))
        }""",
    )
    assert {(_local(r["mat"]), float(r["lo"]), float(r["hi"]), int(r["num"])) for r in win} == {
        ("Na11.25Sn2.25Sb0.75S12", 0.44, 4.5, 189),
        ("Na11Sn2PSe12", 1.22, 2.65, 194),
    }


def test_tin_chalcogenide_interfaces_are_mci(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?el ?f ?num WHERE {
          ?o naif:ofInterface [ naif:hasElectrode nad:Na ; naif:hasElectrolyte ?el ] ;
             naif:hasDecompositionProduct/naif:formula ?f ;
             naif:interphaseType naif:MixedConductingInterphase ; naif:observedBy naif:XPS ;
             dcterms:source/naif:citationNumber ?num .
          FILTER (?el IN (nad:Na11Sn2PS12, nad:Na11Sn2PSe12))
        }""",
    )
    assert {(_local(r["el"]), str(r["f"]), int(r["num"])) for r in rows} == {
        ("Na11Sn2PS12", "Na2S", 193),
        ("Na11Sn2PS12", "Sn", 193),
        ("Na11Sn2PSe12", "Sn", 194),
        ("Na11Sn2PSe12", "Na2Se", 194),
    }
    limits = select(
        graph,
        """
        SELECT ?side ?v WHERE {
          ?l naif:ofElectrolyte nad:Na11Sn2PSe12 ; naif:limitSide ?side ;
             naif:atPotential [ qudt:numericValue ?v ] ; dcterms:source ref:Yu2019-194 .
        }""",
    )
    assert {(_local(r["side"]), float(r["v"])) for r in limits} == {
        ("ReductionSide", 1.22),
        ("OxidationSide", 2.65),
    }


# --- Complex hydrides -----------------------------------------------------------------


def test_alanate_conductivities_text_values_196(graph: Graph) -> None:
    assert _section_values(graph, "NaAlH4", "IonicConductivity", "section-complex-hydrides") == {
        (2.1e-10, "S-PER-CentiM", 196, 25.0)
    }
    # the text prints 6.4e-4 (Table 1: 6.4e-7); the text value is kept for the section
    assert _section_values(graph, "Na3AlH6", "IonicConductivity", "section-complex-hydrides") == {
        (6.4e-4, "S-PER-CentiM", 196, 25.0)
    }


def test_na2b10h10_structure_transition_and_conduction_198(graph: Graph) -> None:
    lat = _section_values(graph, "Na2B10H10", "LatticeParameter", "section-complex-hydrides")
    assert lat == {
        (6.65, "ANGSTROM", 198, None),
        (13.13, "ANGSTROM", 198, None),
        (11.8, "ANGSTROM", 198, None),
    }
    assert _section_values(
        graph, "Na2B10H10", "TransitionTemperature", "section-complex-hydrides"
    ) == {(375.0, "K", 198, None)}
    assert _section_values(graph, "Na2B10H10", "IonicConductivity", "section-complex-hydrides") == {
        (0.01, "S-PER-CentiM", 198, None)
    }
    assert _section_values(graph, "Na2B10H10", "ActivationEnergy", "section-complex-hydrides") == {
        (0.19, "EV", 198, None)
    }
    ductile = select(
        graph,
        """
        SELECT ?f WHERE {
          ?f a naif:Finding ; naif:about nad:Na2B10H10 ; dcterms:source ref:Chen2019-199
        }""",
    )
    assert len(ductile) == 1


def test_closo_borate_windows_and_stability(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?lo ?hi WHERE {
          ?m naif:ofMaterial nad:Na2-B12H12-0.5-B10H10-0.5 ;
             naif:propertyKind naif:ElectrochemicalStabilityWindow ;
             naif:lowerBound ?lo ; naif:upperBound ?hi ; dcterms:source ref:Duchene2017-195 ;
             naif:statedIn nad:section-complex-hydrides .
        }""",
    )
    assert {(float(r["lo"]), float(r["hi"])) for r in rows} == {(0.0, 6.0), (0.0, 3.0)}
    leak = select(
        graph,
        """
        SELECT ?v ?q WHERE {
          ?m naif:propertyKind naif:LeakageCurrentDensity ; qudt:numericValue ?v ;
             qudt:unit <https://w3id.org/naif/unit/NanoA-PER-CentiM2> ; naif:valueQualifier ?q ;
             dcterms:source ref:Duchene2017-195 .
        }""",
    )
    assert [(float(r["v"]), _local(r["q"])) for r in leak] == [(10.0, "AtMost")]
    stable = select(
        graph,
        """
        SELECT ?num WHERE {
          ?o naif:ofInterface/naif:hasElectrolyte nad:Na2-B12H12-0.75-B10H10-0.25 ;
             naif:interphaseType naif:StableInterface ; dcterms:source/naif:citationNumber ?num .
        }""",
    )
    assert {int(r["num"]) for r in stable} == {200}
    cond = _section_values(
        graph, "Na2-B12H12-0.75-B10H10-0.25", "IonicConductivity", "section-complex-hydrides"
    )
    assert cond == {(1e-4, "S-PER-CentiM", 200, 25.0)}


# --- Perovskites and antiperovskites ------------------------------------------------------


def test_perovskite_conductivities_and_expected_stability_203(graph: Graph) -> None:
    assert _section_values(
        graph, "Na0.33La0.55ZrO3", "IonicConductivity", "section-perovskites"
    ) == {(6.89e-7, "S-PER-CentiM", 203, 25.0)}
    assert _section_values(
        graph, "Na1_3La1_3Sr1_3ZrO3", "IonicConductivity", "section-perovskites"
    ) == {(1.025e-5, "S-PER-CentiM", 203, 25.0)}
    # [203] only expects better stability against Na: a finding, never a Type I observation
    expected = select(
        graph,
        """
        SELECT ?el WHERE {
          ?f a naif:Finding ; naif:about ?el, naif:ElectrolyteReduction ;
             dcterms:source ref:Zhao2019-203 .
          ?el a naif:PerovskiteElectrolyte .
        }""",
    )
    assert {_local(r["el"]) for r in expected} == {"Na0.33La0.55ZrO3", "Na1_3La1_3Sr1_3ZrO3"}
    claimed = select(
        graph,
        """
        SELECT ?o WHERE {
          ?o naif:ofInterface/naif:hasElectrolyte/a naif:PerovskiteElectrolyte ;
             naif:interphaseType naif:StableInterface .
        }""",
    )
    assert claimed == []


def test_antiperovskite_nax_passivation_expected_111(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?el ?f ?type WHERE {
          ?o naif:ofInterface [ naif:hasElectrode nad:Na ; naif:hasElectrolyte ?el ] ;
             naif:hasDecompositionProduct/naif:formula ?f ; naif:interphaseType ?type ;
             dcterms:source ref:Richards2015-111 .
        }""",
    )
    assert {(_local(r["el"]), str(r["f"]), _local(r["type"])) for r in rows} == {
        ("Na3OCl", "NaCl", "SolidElectrolyteInterphase"),
        ("Na3OBr", "NaBr", "SolidElectrolyteInterphase"),
    }


def test_antiperovskite_computed_findings_205_206(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?f ?method ?num WHERE {
          ?f a naif:Finding ; naif:statedIn nad:section-antiperovskites ; naif:method ?method ;
             dcterms:source/naif:citationNumber ?num .
        }""",
    )
    got = {(_local(r["f"]), _local(r["method"]), int(r["num"])) for r in rows}
    assert ("finding-Na3OCl-Na3OBr-band-gap-205", "FPLAPW", 205) in got
    assert ("finding-Na3OCl-mechanically-stable-206", "DFT", 206) in got
    assert ("finding-Na3OBr-brittle-206", "DFT", 206) in got
    lat = select(
        graph,
        """
        SELECT ?v WHERE {
          ?m naif:ofFamily naif:AntiperovskiteElectrolyte ;
             naif:propertyKind naif:LatticeParameter ;
             qudt:numericValue ?v ; qudt:unit unit:ANGSTROM .
        }""",
    )
    assert [float(r["v"]) for r in lat] == [4.564]


def test_lithium_findings_in_antiperovskite_section_are_lithium(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?num ?sys WHERE {
          ?f a naif:Finding ; naif:statedIn nad:section-antiperovskites ; naif:chemicalSystem ?sys ;
             dcterms:source/naif:citationNumber ?num .
          FILTER (?num IN (204, 207))
        }""",
    )
    assert {(int(r["num"]), _local(r["sys"])) for r in rows} == {
        (204, "LithiumSystem"),
        (207, "LithiumSystem"),
    }


# --- Interfaces restated in other sections ----------------------------------------------


def test_beta_alumina_and_sc_nasicon_stable_in_comparison_sections(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?el ?sec WHERE {
          ?o naif:ofInterface/naif:hasElectrolyte ?el ; naif:interphaseType naif:StableInterface ;
             naif:statedIn ?sec .
        }""",
    )
    got = {(_local(r["el"]), _local(r["sec"])) for r in rows}
    assert ("beta-Al2O3", "section-sodium-wettability") in got
    assert ("beta-Al2O3", "section-stability-window") in got
    assert ("Na3.4Zr1.6Sc0.4Si2PO12", "section-compositional-tuning") in got


def test_every_family_section_reference_supports_a_fact(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?key WHERE {
          VALUES ?part { nad:section-beta-alumina nad:section-nasicon nad:section-chalcogenides
                         nad:section-complex-hydrides nad:section-perovskites
                         nad:section-antiperovskites }
          ?part dcterms:references ?ref . ?ref naif:citationKey ?key .
          FILTER NOT EXISTS {
            ?f dcterms:source ?ref ; a ?c .
            VALUES ?c { naif:Measurement naif:Finding naif:InterfaceObservation
                        naif:StabilityLimitFinding }
          }
        }""",
    )
    assert [str(r["key"]) for r in rows] == []
