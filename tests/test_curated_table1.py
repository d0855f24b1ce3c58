"""Table 1 of the review, cell by cell: values checked through SPARQL over the loaded graph.

Every expected value below is read from the printed Table 1 (three PDF pages) of the review.
"""

from __future__ import annotations

from typing import Any

from rdflib import Graph

from kg.query import select

Row = dict[str, Any]


def _local(node: object) -> str:
    text = str(node)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _cell(graph: Graph, material: str, kind: str, evidence: str | None = None) -> list[Row]:
    """All Table 1 measurements of one material and property kind (optionally one evidence)."""
    rows = select(
        graph,
        f"""
        SELECT ?m ?v ?lo ?hi ?unit ?grade ?ev ?printed ?t ?tu ?el WHERE {{
          ?m naif:statedIn nad:Table1 ; naif:ofMaterial nad:{material} ;
             naif:propertyKind naif:{kind} ; naif:evidence ?ev .
          OPTIONAL {{ ?m qudt:numericValue ?v }}
          OPTIONAL {{ ?m naif:lowerBound ?lo ; naif:upperBound ?hi }}
          OPTIONAL {{ ?m qudt:unit ?unit }}
          OPTIONAL {{ ?m naif:qualitativeValue ?grade }}
          OPTIONAL {{ ?m naif:printedAs ?printed }}
          OPTIONAL {{ ?m naif:atTemperature [ qudt:numericValue ?t ; qudt:unit ?tu ] }}
          OPTIONAL {{ ?m naif:againstElectrode ?el }}
        }}""",
    )
    if evidence is not None:
        rows = [r for r in rows if _local(r["ev"]) == evidence]
    return rows


def _sources(graph: Graph, iri: str) -> set[int]:
    rows = select(
        graph,
        f"SELECT ?n WHERE {{ nad:{iri} dcterms:source/naif:citationNumber ?n }}",
    )
    return {int(str(r["n"])) for r in rows}


def test_beta2_alumina_conductivity_1e_minus_1_at_25c_citing_105_208(graph: Graph) -> None:
    rows = _cell(graph, "beta2-Al2O3", "IonicConductivity")
    assert [(float(r["v"]), int(r["t"]), _local(r["tu"]), _local(r["unit"])) for r in rows] == [
        (1e-1, 25, "DEG_C", "S-PER-CentiM")
    ]
    assert _sources(graph, "m-beta2-Al2O3-ionic-conductivity-table1") == {105, 208}
    [ea] = _cell(graph, "beta2-Al2O3", "ActivationEnergy")
    assert str(ea["v"]) == "0.20" and _local(ea["unit"]) == "EV"


def test_nasicon_conductivity_at_20c_citing_209_210(graph: Graph) -> None:
    rows = _cell(graph, "Na3Zr2Si2PO12", "IonicConductivity")
    assert [(float(r["v"]), int(r["t"])) for r in rows] == [(1.13e-3, 20)]
    assert _sources(graph, "m-Na3Zr2Si2PO12-ionic-conductivity-table1") == {209, 210}
    [ea] = _cell(graph, "Na3Zr2Si2PO12", "ActivationEnergy")
    [ec] = _cell(graph, "Na3Zr2Si2PO12", "ElectronicConductivity")
    assert (float(ea["v"]), float(ec["v"])) == (0.32, 2.35e-7)


def test_nasicon_experimental_and_predicted_windows(graph: Graph) -> None:
    rows = _cell(graph, "Na3Zr2Si2PO12", "ElectrochemicalStabilityWindow")
    got = {(float(r["lo"]), float(r["hi"]), _local(r["ev"]), _local(r["unit"])) for r in rows}
    assert got == {(1.75, 5.0, "Experimental", "V"), (1.1, 3.5, "Computed", "V")}
    assert _sources(graph, "m-Na3Zr2Si2PO12-predicted-window-table1") == {209, 210}


def test_nasicon_mechanics_resistance_and_wettability(graph: Graph) -> None:
    [g] = _cell(graph, "Na3Zr2Si2PO12", "ShearModulus")
    [e] = _cell(graph, "Na3Zr2Si2PO12", "YoungsModulus")
    assert (float(g["v"]), float(e["v"]), _local(g["unit"])) == (44.0, 75.0, "GigaPA")
    [r] = _cell(graph, "Na3Zr2Si2PO12", "InterfacialResistance")
    assert float(r["v"]) == 14250.0 and _local(r["unit"]) == "OHM"
    assert str(r["printed"]) == "14.25 kΩ" and _local(r["el"]) == "Na"
    [w] = _cell(graph, "Na3Zr2Si2PO12", "Wettability")
    assert _local(w["grade"]) == "Poor" and w["unit"] is None and _local(w["el"]) == "Na"


def test_na3ps4_row_ranges_resistance_and_good_wetting(graph: Graph) -> None:
    [g] = _cell(graph, "Na3PS4", "ShearModulus")
    [e] = _cell(graph, "Na3PS4", "YoungsModulus")
    assert (float(g["lo"]), float(g["hi"])) == (5.0, 10.0)
    assert (float(e["lo"]), float(e["hi"])) == (18.0, 25.0)
    [r] = _cell(graph, "Na3PS4", "InterfacialResistance")
    assert (float(r["v"]), _local(r["unit"])) == (60.0, "OHM")
    [w] = _cell(graph, "Na3PS4", "Wettability")
    assert _local(w["grade"]) == "Good"
    assert _sources(graph, "m-Na3PS4-wettability-table1") == {105, 173}
    assert _sources(graph, "m-Na3PS4-youngs-modulus-table1") == {105, 173}


def test_na3ps4_conductivities_and_windows(graph: Graph) -> None:
    [ic] = _cell(graph, "Na3PS4", "IonicConductivity")
    [ec] = _cell(graph, "Na3PS4", "ElectronicConductivity")
    assert (float(ic["v"]), int(ic["t"]), float(ec["v"])) == (2e-4, 25, 8.9e-8)
    rows = _cell(graph, "Na3PS4", "ElectrochemicalStabilityWindow")
    got = {(float(r["lo"]), float(r["hi"]), _local(r["ev"])) for r in rows}
    assert got == {(0.0, 5.0, "Experimental"), (1.39, 2.45, "Computed")}


def test_cl_doped_na3ps4_table_window_is_the_experimental_column(graph: Graph) -> None:
    rows = _cell(graph, "Na2.9375PS3.9375Cl0.0625", "ElectrochemicalStabilityWindow")
    assert [(float(r["lo"]), float(r["hi"]), _local(r["ev"])) for r in rows] == [
        (0.0, 2.4, "Experimental")
    ]
    [ic] = _cell(graph, "Na2.9375PS3.9375Cl0.0625", "IonicConductivity")
    assert (float(ic["v"]), int(ic["t"])) == (1.14e-3, 25)
    assert _sources(graph, "m-Na2.9375PS3.9375Cl0.0625-window-table1") == {175}


def test_na3alh6_table_value_is_6_4e_minus_7(graph: Graph) -> None:
    rows = _cell(graph, "Na3AlH6", "IonicConductivity")
    assert [(float(r["v"]), int(r["t"])) for r in rows] == [(6.4e-7, 25)]
    [r] = _cell(graph, "Na3AlH6", "InterfacialResistance")
    assert (float(r["v"]), _local(r["unit"]), _local(r["el"])) == (9e3, "OHM", "Na")
    assert _sources(graph, "m-Na3AlH6-ionic-conductivity-table1") == {196}


def test_naalh4_row_with_garbled_shear_cell(graph: Graph) -> None:
    [g] = _cell(graph, "NaAlH4", "ShearModulus")
    assert (float(g["v"]), _local(g["unit"]), str(g["printed"])) == (6.0, "GigaPA", "6 M")
    [e] = _cell(graph, "NaAlH4", "YoungsModulus")
    assert float(e["v"]) == 12.75
    [r] = _cell(graph, "NaAlH4", "InterfacialResistance")
    assert (float(r["v"]), _local(r["unit"])) == (2e6, "OHM")
    [w] = _cell(graph, "NaAlH4", "Wettability")
    assert _local(w["grade"]) == "Good"
    [ic] = _cell(graph, "NaAlH4", "IonicConductivity")
    assert (float(ic["v"]), int(ic["t"])) == (2.1e-10, 25)


def test_shifted_cells_read_as_windows(graph: Graph) -> None:
    # Na3PSe4 and Na11Sn2PS12: ranges extracted under Shear Modulus are predicted windows;
    # 94Na3PS4-6Na4SiS4: 0-5 extracted under Predicted Window is the experimental window.
    def windows(material: str) -> set[tuple[float, float, str]]:
        rows = _cell(graph, material, "ElectrochemicalStabilityWindow")
        return {(float(r["lo"]), float(r["hi"]), _local(r["ev"])) for r in rows}

    assert windows("Na3PSe4") == {(1.57, 1.87, "Computed")}
    assert windows("Na11Sn2PS12") == {(1.25, 5.0, "Experimental"), (1.37, 2.23, "Computed")}
    assert windows("94Na3PS4-6Na4SiS4") == {(0.0, 5.0, "Experimental")}
    for material in ("Na3PSe4", "Na11Sn2PS12"):
        assert _cell(graph, material, "ShearModulus") == []


def test_closo_borate_and_antiperovskite_windows(graph: Graph) -> None:
    def windows(material: str) -> set[tuple[float, float, str]]:
        rows = _cell(graph, material, "ElectrochemicalStabilityWindow")
        return {(float(r["lo"]), float(r["hi"]), _local(r["ev"])) for r in rows}

    assert windows("Na2B10H10") == {(0.0, 5.0, "Experimental")}
    assert windows("Na2-B12H12-0.5-B10H10-0.5") == {(0.0, 3.0, "Experimental")}
    assert windows("Na2-B12H12-0.75-B10H10-0.25") == {(0.0, 5.0, "Experimental")}
    assert windows("Na3OBr") == {(0.0, 1.6, "Computed")}
    assert windows("Na4OI2") == {(0.0, 1.5, "Computed")}
    assert windows("Na11Sn2SbS12") == {(0.44, 4.5, "Experimental")}
    assert windows("Na11Sn2PSe12") == {(1.22, 2.65, "Experimental")}
    assert windows("Na3.4Zr1.6Sc0.4Si2PO12") == {(0.3, 6.0, "Experimental")}


def test_perovskite_and_antiperovskite_mechanics(graph: Graph) -> None:
    [g] = _cell(graph, "Na1_3La1_3Sr1_3ZrO3", "ShearModulus")
    [e] = _cell(graph, "Na1_3La1_3Sr1_3ZrO3", "YoungsModulus")
    [w] = _cell(graph, "Na1_3La1_3Sr1_3ZrO3", "Wettability")
    [ec] = _cell(graph, "Na1_3La1_3Sr1_3ZrO3", "ElectronicConductivity")
    assert (float(g["v"]), float(e["v"]), _local(w["grade"]), float(ec["v"])) == (
        55.0,
        200.0,
        "Poor",
        8.17e-8,
    )
    [g] = _cell(graph, "Na3OBH4", "ShearModulus")
    [e] = _cell(graph, "Na3OBH4", "YoungsModulus")
    [w] = _cell(graph, "Na3OBH4", "Wettability")
    assert (float(g["v"]), float(e["v"]), _local(w["grade"])) == (21.0, 61.0, "Good")
    assert _sources(graph, "m-Na3OBH4-shear-modulus-table1") == {217}


def test_na3sbs4_resistance_is_area_specific(graph: Graph) -> None:
    [r] = _cell(graph, "Na3SbS4", "InterfacialResistance")
    assert (float(r["v"]), _local(r["unit"]), _local(r["el"])) == (40.0, "OHM-CentiM2", "Na")


IONIC = {
    "beta-Al2O3": (1.4e-2, 25),
    "beta2-Al2O3": (1e-1, 25),
    "Na3Zr2Si2PO12": (1.13e-3, 20),
    "Na3.4Zr1.8Zn0.2Si2PO12": (1.44e-3, 25),
    "Na3Zr2Si2PO12-La": (1.10e-3, 25),
    "Na3.4Zr1.6Sc0.4Si2PO12": (4e-3, 25),
    "Na3PS4": (2e-4, 25),
    "Na2.73Ca0.135PS4": (9.4e-4, 25),
    "Na2.9375PS3.9375Cl0.0625": (1.14e-3, 25),
    "Na3SbS4": (1.05e-3, 25),
    "Na2.88Sb0.88W0.12S4": (3.2e-2, 25),
    "0.1NaI-0.9Na3SbS4": (7.4e-4, 30),
    "Na3PSe4": (1.16e-3, 25),
    "Na3SbSe4": (8.5e-4, 25),
    "Na11Sn2PS12": (1.4e-3, 25),
    "Na11Sn2SbS12": (5.9e-4, 25),
    "Na11Sn2PSe12": (2.15e-3, 30),
    "94Na3PS4-6Na4SiS4": (7.4e-4, 25),
    "NaAlH4": (2.1e-10, 25),
    "Na3AlH6": (6.4e-7, 25),
    "Na2B10H10": (1e-2, 110),
    "Na2-B12H12-0.5-B10H10-0.5": (9e-4, 20),
    "Na2-B12H12-0.75-B10H10-0.25": (3.2e-3, 30),
    "Na1_3La1_3Sr1_3ZrO3": (1.025e-5, 25),
    "Na0.33La0.55ZrO3": (6.89e-7, 25),
    "Na3OBH4": (4.4e-3, 25),
    "Na3OBr": (9.02e-7, 180),
    "Na4OI2": (2.47e-4, 230),
    "Na3OBr0.6I0.4": (4.30e-4, 200),
    "Na2.9Sr0.05OBr0.6I0.4": (9.50e-4, 180),
}

ACTIVATION = {
    "beta-Al2O3": 0.16, "beta2-Al2O3": 0.20, "Na3Zr2Si2PO12": 0.32,
    "Na3.4Zr1.8Zn0.2Si2PO12": 0.28, "Na3.4Zr1.6Sc0.4Si2PO12": 0.26, "Na3PS4": 0.28,
    "Na2.73Ca0.135PS4": 0.49, "Na2.9375PS3.9375Cl0.0625": 0.25, "Na3SbS4": 0.22,
    "Na2.88Sb0.88W0.12S4": 0.18, "0.1NaI-0.9Na3SbS4": 0.30, "Na3PSe4": 0.21, "Na3SbSe4": 0.19,
    "Na11Sn2PS12": 0.25, "Na11Sn2SbS12": 0.34, "Na11Sn2PSe12": 0.28, "NaAlH4": 0.79,
    "Na3AlH6": 0.62, "Na2B10H10": 0.19, "Na2-B12H12-0.5-B10H10-0.5": 0.4,
    "Na2-B12H12-0.75-B10H10-0.25": 0.56, "Na3OBH4": 0.25, "Na3OBr": 0.84, "Na4OI2": 0.65,
    "Na3OBr0.6I0.4": 0.63, "Na2.9Sr0.05OBr0.6I0.4": 0.62,
}  # fmt: skip

ELECTRONIC = {
    "beta-Al2O3": 6e-12, "Na3Zr2Si2PO12": 2.35e-7, "Na3PS4": 8.9e-8, "Na3SbS4": 1.9e-10,
    "Na3SbSe4": 4.24e-8, "Na11Sn2PS12": 7.17e-9, "Na11Sn2PSe12": 1.87e-7,
    "Na2B10H10": 4.9e-9, "Na1_3La1_3Sr1_3ZrO3": 8.17e-8,
}  # fmt: skip


def _by_material(graph: Graph, kind: str) -> dict[str, list[Row]]:
    rows = select(
        graph,
        f"""
        SELECT ?mat ?v ?unit ?t ?tu WHERE {{
          ?m naif:statedIn nad:Table1 ; naif:propertyKind naif:{kind} ;
             naif:ofMaterial ?mat ; qudt:numericValue ?v ; qudt:unit ?unit .
          OPTIONAL {{ ?m naif:atTemperature [ qudt:numericValue ?t ; qudt:unit ?tu ] }}
        }}""",
    )
    out: dict[str, list[Row]] = {}
    for r in rows:
        out.setdefault(_local(r["mat"]), []).append(r)
    return out


def test_every_ionic_conductivity_with_its_temperature(graph: Graph) -> None:
    got = _by_material(graph, "IonicConductivity")
    assert set(got) == set(IONIC)
    for material, (value, temp) in IONIC.items():
        [r] = got[material]
        assert (float(r["v"]), int(r["t"])) == (value, temp), material
        assert (_local(r["unit"]), _local(r["tu"])) == ("S-PER-CentiM", "DEG_C"), material


def test_every_activation_energy(graph: Graph) -> None:
    got = _by_material(graph, "ActivationEnergy")
    assert {m: [float(r["v"]) for r in rs] for m, rs in got.items()} == {
        m: [v] for m, v in ACTIVATION.items()
    }
    assert {_local(r["unit"]) for rs in got.values() for r in rs} == {"EV"}


def test_every_electronic_conductivity(graph: Graph) -> None:
    got = _by_material(graph, "ElectronicConductivity")
    assert {m: [float(r["v"]) for r in rs] for m, rs in got.items()} == {
        m: [v] for m, v in ELECTRONIC.items()
    }
    assert all(r["t"] is None for rs in got.values() for r in rs)


ROW_REFERENCES = {
    "beta-Al2O3": {154}, "beta2-Al2O3": {105, 208}, "Na3Zr2Si2PO12": {209, 210},
    "Na3.4Zr1.8Zn0.2Si2PO12": {211}, "Na3Zr2Si2PO12-La": {212}, "Na3.4Zr1.6Sc0.4Si2PO12": {213},
    "Na3PS4": {105, 173}, "Na2.73Ca0.135PS4": {214}, "Na2.9375PS3.9375Cl0.0625": {175},
    "Na3SbS4": {183}, "Na2.88Sb0.88W0.12S4": {68}, "0.1NaI-0.9Na3SbS4": {187},
    "Na3PSe4": {180}, "Na3SbSe4": {215}, "Na11Sn2PS12": {192}, "Na11Sn2SbS12": {190},
    "Na11Sn2PSe12": {194}, "94Na3PS4-6Na4SiS4": {216}, "NaAlH4": {196}, "Na3AlH6": {196},
    "Na2B10H10": {198}, "Na2-B12H12-0.5-B10H10-0.5": {195},
    "Na2-B12H12-0.75-B10H10-0.25": {200}, "Na1_3La1_3Sr1_3ZrO3": {203},
    "Na0.33La0.55ZrO3": {203}, "Na3OBH4": {217}, "Na3OBr": {218}, "Na4OI2": {219},
    "Na3OBr0.6I0.4": {220}, "Na2.9Sr0.05OBr0.6I0.4": {220},
}  # fmt: skip


def test_every_cell_cites_its_rows_references_and_is_sodium(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?m ?mat ?n ?sys WHERE {
          ?m a naif:Measurement ; naif:statedIn nad:Table1 ; naif:ofMaterial ?mat ;
             naif:chemicalSystem ?sys ; dcterms:source/naif:citationNumber ?n .
        }""",
    )
    cited: dict[tuple[str, str], set[int]] = {}
    for r in rows:
        assert _local(r["sys"]) == "SodiumSystem"
        cited.setdefault((str(r["m"]), _local(r["mat"])), set()).add(int(str(r["n"])))
    assert len(cited) == 108
    for (_, material), numbers in cited.items():
        assert numbers == ROW_REFERENCES[material], material


def test_interface_cells_are_against_sodium_and_wettability_grades(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?mat ?kind ?el ?grade WHERE {
          ?m naif:statedIn nad:Table1 ; naif:ofMaterial ?mat ; naif:propertyKind ?kind .
          FILTER (?kind IN (naif:InterfacialResistance, naif:Wettability))
          OPTIONAL { ?m naif:againstElectrode ?el }
          OPTIONAL { ?m naif:qualitativeValue ?grade }
        }""",
    )
    assert {_local(r["el"]) for r in rows} == {"Na"}
    grades = {_local(r["mat"]): _local(r["grade"]) for r in rows if r["grade"] is not None}
    assert grades == {
        "beta-Al2O3": "Poor",
        "Na3Zr2Si2PO12": "Poor",
        "Na3PS4": "Good",
        "NaAlH4": "Good",
        "Na1_3La1_3Sr1_3ZrO3": "Poor",
        "Na3OBH4": "Good",
    }
    resistances = [r for r in rows if _local(r["kind"]) == "InterfacialResistance"]
    assert {_local(r["mat"]) for r in resistances} == {
        "beta-Al2O3", "Na3Zr2Si2PO12", "Na3PS4", "Na3SbS4", "NaAlH4", "Na3AlH6",
    }  # fmt: skip


def test_printed_forms_kept_where_a_number_cannot_show_them(graph: Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?mat ?kind ?p WHERE {
          ?m naif:statedIn nad:Table1 ; naif:ofMaterial ?mat ; naif:propertyKind ?kind ;
             naif:printedAs ?p .
        }""",
    )
    got = {(_local(r["mat"]), _local(r["kind"]), str(r["p"])) for r in rows}
    assert got == {
        ("Na3Zr2Si2PO12", "InterfacialResistance", "14.25 kΩ"),
        ("NaAlH4", "ShearModulus", "6 M"),
        ("Na3Zr2Si2PO12-La", "IonicConductivity", "1.10 \u00d7 10⁻³"),
        ("Na3OBr0.6I0.4", "IonicConductivity", "4.30 \u00d7 10⁻⁴"),
        ("Na2.9Sr0.05OBr0.6I0.4", "IonicConductivity", "9.50 \u00d7 10⁻⁴"),
    }
