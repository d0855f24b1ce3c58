"""The entity linker: names of the graph found in what a researcher types.

Names come from the curated data (labels, synonyms, formulas, element symbols); these tests
pin the normalisation, the ranking between candidates, synonyms, plurals, small typos in words,
and that a formula is never matched approximately.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef

from kg.link import Linker, formula_like, normalize, resolver
from kg.namespaces import PREFIXES


def iri(name: str) -> URIRef:
    prefix, _, local = name.partition(":")
    return URIRef(str(PREFIXES[prefix]) + local)


@pytest.fixture(scope="module")
def linker(graph: Graph) -> Linker:
    return Linker(graph)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Na3SbS4", "na3sbs4"),
        ("Na₃SbS₄", "na3sbs4"),
        ("NA3SBS4", "na3sbs4"),
        ("  Na3SbS4. ", "na3sbs4"),
        ("β''-Al₂O₃", "beta''al2o3"),
        ("beta''-alumina", "beta''alumina"),
        ("β″-alumina", "beta''alumina"),
        ("β-alumina", "betaalumina"),
        ("Beta-Alumina", "betaalumina"),
        ("NaI·Na₃SbS₄", "naina3sbs4"),
        ("Na₃.₄Zr₁.₈Zn₀.₂Si₂PO₁₂", "na3.4zr1.8zn0.2si2po12"),
        ("Na3La(PO4)2", "na3lapo42"),
        ("mixed conducting interphase", "mixedconductinginterphase"),
        ("Young’s modulus", "young'smodulus"),
        ("σ", "sigma"),
    ],
)
def test_normalize(text: str, key: str) -> None:
    assert normalize(text) == key


@pytest.mark.parametrize(
    ("text", "formula"),
    [
        ("Na3SbS4", True),
        ("Na₃SbS₄", True),
        ("na3sbs5", True),
        ("NaCl", True),
        ("NaCI", True),
        ("β-Al2O3", True),
        ("NASICON", False),
        ("NZSP", False),
        ("sulfides", False),
        ("chalcogenids", False),
        ("Sodium", False),
        ("CV", False),
    ],
)
def test_formula_like(text: str, formula: bool) -> None:
    assert formula_like(text) is formula


# name -> the entities it must link to (best first, all kinds), from materials.ttl, naif-core.ttl
# and naif-vocabulary.ttl (labels, skos:altLabel, naif:formula)
LOOKUPS = [
    ("Na3SbS4", ["nad:Na3SbS4"]),
    ("Na₃SbS₄", ["nad:Na3SbS4"]),
    ("na3sbs4", ["nad:Na3SbS4"]),
    ("sodium thioantimonate", ["nad:Na3SbS4"]),
    # the composition, not its tetragonal or cubic polymorph (same naif:formula)
    ("Na3PS4", ["nad:Na3PS4"]),
    ("t-Na3PS4", ["nad:t-Na3PS4"]),
    ("cubic Na3PS4", ["nad:c-Na3PS4"]),
    ("Na3PS4 glass-ceramic", ["nad:c-Na3PS4"]),
    ("NZSP", ["nad:Na3Zr2Si2PO12"]),
    ("LGPS", ["nad:Li10GeP2S12"]),
    ("LLZO", ["nad:Li7La3Zr2O12"]),
    ("BASE", ["nad:beta2-Al2O3", "naif:BetaDoublePrimeAlumina"]),
    ("β''-Al₂O₃", ["nad:beta2-Al2O3", "naif:BetaDoublePrimeAlumina"]),
    ("hydrated Na3SbS4", ["nad:Na3SbS4-8H2O"]),
    ("Na3SbS4·8H2O", ["nad:Na3SbS4-8H2O"]),
    ("Cl-doped Na3PS4", ["nad:Na3-xPS4-xClx"]),
    ("sulfides", ["naif:SulfideElectrolyte"]),
    ("sulphide", ["naif:SulfideElectrolyte"]),
    ("thiophosphate", ["naif:SulfideElectrolyte"]),
    ("chalcogenides", ["naif:ChalcogenideElectrolyte"]),
    ("selenides", ["naif:SelenideElectrolyte"]),
    ("garnets", ["naif:GarnetElectrolyte"]),
    ("closo-borates", ["naif:ClosoBorateElectrolyte"]),
    ("mixed conducting interphase", ["naif:MixedConductingInterphase"]),
    ("mixed ionic electronic conducting interphase", ["naif:MixedConductingInterphase"]),
    ("MCI", ["naif:MixedConductingInterphase"]),
    ("Type II", ["naif:MixedConductingInterphase"]),
    ("Type I", ["naif:StableInterface"]),
    ("SEI", ["naif:SolidElectrolyteInterphase"]),
    ("MCI formation", ["naif:MCIFormation"]),
    ("poor contact", ["naif:PoorWettability"]),
    ("dendrites", ["naif:DendritePenetration"]),
    ("wetting", ["naif:Wettability"]),
    ("ESW", ["naif:ElectrochemicalStabilityWindow"]),
    ("Ea", ["naif:ActivationEnergy"]),
    ("impedance spectroscopy", ["naif:EIS"]),
    ("TOF-SIMS", ["naif:TOFSIMS"]),
    ("annealing", ["naif:HeatTreatment"]),
]


@pytest.mark.parametrize(("name", "expected"), LOOKUPS, ids=[n for n, _ in LOOKUPS])
def test_lookup(name: str, expected: list[str], linker: Linker) -> None:
    assert [e.iri for e in linker.lookup(name)] == [iri(x) for x in expected]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # a name shared by a family and its usual member: both, each under its kind
        ("NASICON", {"nad:Na3Zr2Si2PO12", "naif:NasiconElectrolyte"}),
        ("NASICONs", {"nad:Na3Zr2Si2PO12", "naif:NasiconElectrolyte"}),
        ("sodium super ionic conductor", {"nad:Na3Zr2Si2PO12", "naif:NasiconElectrolyte"}),
        # the sodium beta-alumina family, not its hexagonal subclass, besides beta-Al2O3 itself
        ("beta-alumina", {"nad:beta-Al2O3", "naif:BetaAluminaElectrolyte"}),
        ("β-alumina", {"nad:beta-Al2O3", "naif:BetaAluminaElectrolyte"}),
        ("sodium β-alumina", {"nad:beta-Al2O3", "naif:BetaAluminaElectrolyte"}),
    ],
)
def test_shared_names_keep_one_entity_per_kind(
    name: str, expected: set[str], linker: Linker
) -> None:
    found = linker.lookup(name)
    assert {e.iri for e in found} == {iri(x) for x in expected}
    assert len({e.kind for e in found}) == len(found)


@pytest.mark.parametrize(
    ("typo", "expected"),
    [
        ("chalcogenids", "naif:ChalcogenideElectrolyte"),
        ("chalcogenide", "naif:ChalcogenideElectrolyte"),
        ("sulfdes", "naif:SulfideElectrolyte"),
        ("wetability", "naif:Wettability"),
        ("antiperovskits", "naif:AntiperovskiteElectrolyte"),
        ("dendrits", "naif:DendritePenetration"),
        ("perovskytes", "naif:PerovskiteElectrolyte"),
    ],
)
def test_small_typos_in_words(typo: str, expected: str, linker: Linker) -> None:
    assert iri(expected) in {e.iri for e in linker.lookup(typo)}
    assert iri(expected) in {m.entity.iri for m in linker.mentions(f"what about {typo} here")}
    assert linker.lookup(typo, fuzzy=False) == [] or typo == "chalcogenide"


@pytest.mark.parametrize(
    ("wrong", "meant"),
    [
        ("Na3SbS5", "Na3SbS4"),
        ("na3sbs5", "Na3SbS4"),
        ("Na₃SbS₅", "Na3SbS4"),
        ("Na4SbS4", "Na3SbS4"),
        ("Na3PS5", "Na3PS4"),
        ("Na3PSe5", "Na3PSe4"),
        ("Na11Sn2PS13", "Na11Sn2PS12"),
        ("NaCI", "NaCl"),
    ],
)
def test_a_wrong_digit_never_becomes_another_compound(
    wrong: str, meant: str, linker: Linker
) -> None:
    assert linker.lookup(wrong) == []
    assert linker.mentions(f"ionic conductivity of {wrong}") == [
        m for m in linker.mentions("ionic conductivity of") if m.entity.kind == "property"
    ]
    # ... but the message may name it as the closest known name
    assert meant in linker.suggestions(wrong, n=5)


def test_mentions_prefer_the_longest_span(linker: Linker) -> None:
    found = linker.mentions("Na | Na3SbS4·8H2O and hydrated Na3SbS4")
    materials = [m.entity.iri for m in found if m.entity.kind == "material"]
    assert materials.count(iri("nad:Na3SbS4-8H2O")) == 2
    assert iri("nad:Na3SbS4") not in {m.entity.iri for m in found}
    spans = linker.mentions("which remedies address the mixed conducting interphase")
    assert [(m.text, m.entity.iri) for m in spans] == [
        ("mixed conducting interphase", iri("naif:MixedConductingInterphase"))
    ]


def test_mentions_split_interfaces_and_keep_offsets(linker: Linker) -> None:
    text = "Na/NASICON and Na|Na₃PS₄"
    found = linker.mentions(text)
    assert {m.text for m in found} == {"Na", "NASICON", "Na₃PS₄"}
    for m in found:
        assert text[m.start : m.end] == m.text
    assert {m.entity.iri for m in found if m.entity.kind == "electrolyte"} == {
        iri("nad:Na3Zr2Si2PO12"),
        iri("nad:Na3PS4"),
    }


def test_kinds_and_entities(linker: Linker) -> None:
    assert linker.kind(iri("nad:Na3SbS4")) == "electrolyte"
    assert linker.kind(iri("naif:SulfideElectrolyte")) == "family"
    assert linker.kind(iri("naif:PolymerInterlayer")) == "remedy-kind"
    assert linker.kind(iri("nad:remedy-CPEO-interlayer-Na3SbS4-252")) == "remedy"
    assert linker.kind(iri("naif:MCIFormation")) == "problem"
    assert linker.kind(iri("nad:Na3Sb")) == "material"
    families = {e.iri for e in linker.entities("family")}
    assert iri("naif:SolidElectrolyte") not in families
    assert iri("naif:BetaAlumina") in families and iri("naif:GarnetElectrolyte") in families
    assert iri("naif:ChalcogenideElectrolyte") in linker.broader(iri("naif:SulfideElectrolyte"))


def test_resolver_gives_one_iri_or_none() -> None:
    resolve = resolver()
    assert resolve("NZSP") == iri("nad:Na3Zr2Si2PO12")
    assert resolve("Na₃SbS₄") == iri("nad:Na3SbS4")
    assert resolve("Na3PS4") == iri("nad:Na3PS4")
    assert resolve("NASICON") is None  # a family and an electrolyte: ambiguous
    assert resolve("Na3SbS5") is None
