"""Reasoning rules (queries/rules/*.rq): fixtures, curated cases, parameters, separation."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from helpers import run_kg
from rdflib import Graph, Literal
from rdflib.namespace import PROV, RDF

from kg.load import load_files
from kg.namespaces import ELEM, NAD, NAIF
from kg.paths import Layout
from kg.rules import infer, list_rules, parse_rule, report
from kg.validate import validate

ROOT = Path(__file__).resolve().parent.parent

FIXTURE = """
@prefix naif: <https://w3id.org/naif/ontology#> .
@prefix nad: <https://w3id.org/naif/data/> .
@prefix qudt: <http://qudt.org/schema/qudt/> .
@prefix unit: <http://qudt.org/vocab/unit/> .
nad:strong a naif:SulfideElectrolyte ; rdfs:label "strong" .
nad:weak a naif:SulfideElectrolyte ; rdfs:label "weak" .
nad:ranged a naif:SulfideElectrolyte ; rdfs:label "ranged" .
nad:g1 naif:ofMaterial nad:strong ; naif:propertyKind naif:ShearModulus ;
    naif:chemicalSystem naif:SodiumSystem ; qudt:numericValue 35 ; qudt:unit unit:GigaPA .
nad:g2 naif:ofMaterial nad:weak ; naif:propertyKind naif:ShearModulus ;
    naif:chemicalSystem naif:SodiumSystem ; qudt:numericValue 5.5 ; qudt:unit unit:GigaPA .
nad:g3 naif:ofMaterial nad:ranged ; naif:propertyKind naif:ShearModulus ;
    naif:chemicalSystem naif:SodiumSystem ; naif:lowerBound 5 ; naif:upperBound 10 ;
    qudt:unit unit:GigaPA .
nad:i1 naif:ofMaterial nad:strong ; naif:propertyKind naif:IonicConductivity ;
    qudt:numericValue 1e-3 ; qudt:unit unit:S-PER-CentiM .
nad:e1 naif:ofMaterial nad:strong ; naif:propertyKind naif:ElectronicConductivity ;
    qudt:numericValue 1e-9 ; qudt:unit unit:S-PER-CentiM .
nad:i2 naif:ofMaterial nad:weak ; naif:propertyKind naif:IonicConductivity ;
    qudt:numericValue 1e-4 ; qudt:unit unit:S-PER-CentiM .
nad:e2 naif:ofMaterial nad:weak ; naif:propertyKind naif:ElectronicConductivity ;
    qudt:numericValue 1e-7 ; qudt:unit unit:S-PER-CentiM .
"""


def _verdicts(graph: Graph, derived: Graph, title: str) -> dict[str, str]:
    (rule,) = [r for r in report(graph, derived) if r.title == title]
    return rule.subjects


@pytest.fixture(scope="module")
def fixture_graph(lay: Layout, tmp_path_factory: pytest.TempPathFactory) -> Graph:
    path = tmp_path_factory.mktemp("rules") / "fixture.ttl"
    path.write_text("@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n" + FIXTURE)
    return load_files([*lay.ontology_files(), path], root=lay.root).graph


def test_every_rule_documents_what_it_derives_and_its_parameters() -> None:
    rules = list_rules(ROOT)
    assert {r.path.stem for r in rules} >= {"monroe-criterion", "electronic-leakage"}
    for rule in rules:
        assert "derives:" in rule.header and "criterion:" in rule.header, rule.path.name
        assert rule.parameters, f"{rule.path.name}: thresholds must be parameters"
        assert all(p.description for p in rule.parameters)


def test_monroe_on_fixtures(fixture_graph: Graph) -> None:
    verdicts = _verdicts(fixture_graph, infer(fixture_graph, root=ROOT), "Monroe criterion")
    assert verdicts == {"strong": "satisfied", "weak": "violated", "ranged": "undetermined"}


def test_monroe_parameters_change_the_verdict(fixture_graph: Graph) -> None:
    derived = infer(
        fixture_graph, root=ROOT, parameters={"monroe-criterion": {"factor": Literal(11)}}
    )
    assert _verdicts(fixture_graph, derived, "Monroe criterion")["strong"] == "violated"


def test_electronic_leakage_on_fixtures(fixture_graph: Graph) -> None:
    verdicts = _verdicts(fixture_graph, infer(fixture_graph, root=ROOT), "Electronic leakage")
    assert verdicts == {"strong": "satisfied", "weak": "violated"}


def test_rules_on_the_curated_graph(graph: Graph) -> None:
    derived = infer(graph, root=ROOT)
    monroe = _verdicts(graph, derived, "Monroe criterion")
    # review: beta-alumina 35 GPa and NASICON 44 GPa exceed twice G(Na) = 6.6 GPa;
    # complex hydrides 5.5 GPa [199] fall short; Na3PS4 5-10 GPa (Table 1) straddles it
    assert monroe["β-Al2O3"] == "satisfied"
    assert monroe["Na3Zr2Si2PO12"] == "satisfied"
    assert monroe["Complex hydride"] == "violated"
    assert monroe["Na3PS4"] == "undetermined"
    leakage = _verdicts(graph, derived, "Electronic leakage")
    # beta-alumina: 1.4e-2 vs 6e-12 S/cm; NZSP: 1.13e-3 vs 2.35e-7 S/cm (under 4 orders)
    assert leakage["β-Al2O3"] == "satisfied"
    assert leakage["Na3Zr2Si2PO12"] == "violated"


def test_derived_facts_are_separate_and_conform(lay: Layout, graph: Graph, tmp_path: Path) -> None:
    derived = infer(graph, root=ROOT)
    inferences = set(derived.subjects(RDF.type, NAIF.Inference))
    assert inferences and not any((i, None, None) in graph for i in inferences)
    path = tmp_path / "derived.ttl"
    derived.serialize(path, format="turtle")
    loaded = load_files([*lay.ontology_files(), path], root=lay.root)
    assert validate(loaded, checks=[]).conforms


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            h.update(p.name.encode() + p.read_bytes())
    return h.hexdigest()


def test_kg_infer_leaves_curated_facts_byte_for_byte_unchanged() -> None:
    before = _digest(ROOT / "graph_data")
    proc = run_kg("infer", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    payload = json.loads(proc.stdout)
    assert {r["title"] for r in payload} == {rule.title for rule in list_rules(ROOT)}
    assert len(payload) >= 6  # the six rule families of the reasoning issue
    for r in payload:
        assert r["subjects"] and set(r["reasons"]) == set(r["subjects"]), r["title"]
        assert all(r["reasons"].values()), r["title"]  # every verdict is explained
    assert _digest(ROOT / "graph_data") == before


# --- Interphase type from products ------------------------------------------------------

INTERPHASE_FIXTURE = """
@prefix naif: <https://w3id.org/naif/ontology#> .
@prefix nad: <https://w3id.org/naif/data/> .
@prefix qudt: <http://qudt.org/schema/qudt/> .
@prefix unit: <http://qudt.org/vocab/unit/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
nad:metal a naif:Metal ; rdfs:label "metal" .
nad:semi a naif:Phase ; naif:electronicCharacter naif:Semiconductor .
nad:narrow a naif:Phase .
nad:gap-narrow naif:ofMaterial nad:narrow ; naif:propertyKind naif:BandGap ;
    qudt:numericValue 0.4 ; qudt:unit unit:EV .
nad:wide a naif:Phase .
nad:gap-wide naif:ofMaterial nad:wide ; naif:propertyKind naif:BandGap ;
    qudt:numericValue 3.0 ; qudt:unit unit:EV .
nad:ins a naif:Phase ; naif:electronicCharacter naif:Insulator .
nad:unknown a naif:Phase .
"""

#: observation name -> (products, stated type or None, reactionObserved or None, expected
#: derived type or None, expected outcome)
INTERPHASE_CASES = {
    "metal-product": (
        ["metal", "ins"],
        "MixedConductingInterphase",
        None,
        "MixedConductingInterphase",
        "Agrees",
    ),
    "semiconductor-no-gap": (["semi"], None, None, "MixedConductingInterphase", "OnlyDerived"),
    "narrow-gap": (
        ["narrow", "unknown"],
        "SolidElectrolyteInterphase",
        None,
        "MixedConductingInterphase",
        "Disagrees",
    ),
    "insulators": (
        ["ins", "wide"],
        "SolidElectrolyteInterphase",
        None,
        "SolidElectrolyteInterphase",
        "Agrees",
    ),
    "unknown-product": (["ins", "unknown"], "SolidElectrolyteInterphase", None, None, "OnlyStated"),
    "no-reaction": ([], "StableInterface", False, "StableInterface", "Agrees"),
    "no-reaction-but-called-sei": (
        [],
        "SolidElectrolyteInterphase",
        False,
        "StableInterface",
        "Disagrees",
    ),
    "nothing-recorded": ([], "MixedConductingInterphase", None, None, "OnlyStated"),
}


def _interphase_fixture() -> str:
    text = INTERPHASE_FIXTURE
    for name, (products, stated, reacts, _, _) in INTERPHASE_CASES.items():
        text += (
            f"nad:el-{name} a naif:SulfideElectrolyte ; rdfs:label '{name}' .\n"
            f"nad:if-{name} naif:hasElectrolyte nad:el-{name} .\n"
            f"nad:obs-{name} a naif:InterfaceObservation ; naif:ofInterface nad:if-{name} ;\n"
            "    naif:chemicalSystem naif:SodiumSystem"
        )
        text += "".join(f" ; naif:hasDecompositionProduct nad:{p}" for p in products)
        text += f" ; naif:interphaseType naif:{stated}" if stated else ""
        text += f" ; naif:reactionObserved {str(reacts).lower()}" if reacts is not None else ""
        text += " .\n"
    return text


def _load_fixture(lay: Layout, tmp_path: Path, text: str) -> Graph:
    path = tmp_path / "fixture.ttl"
    path.write_text(text)
    return load_files([*lay.ontology_files(), path], root=lay.root).graph


def _inferences(derived: Graph) -> dict[str, dict[str, object]]:
    """Per concerned subject's local name: its outcome and derived type (local names)."""
    out: dict[str, dict[str, object]] = {}
    for inference in derived.subjects(RDF.type, NAIF.Inference):
        subject = str(derived.value(inference, NAIF.concerns)).rsplit("/", 1)[-1]
        derived_type = derived.value(inference, NAIF.derivedInterphaseType)
        out[subject] = {
            "outcome": str(derived.value(inference, NAIF.outcome)).rsplit("#", 1)[-1],
            "derived": str(derived_type).rsplit("#", 1)[-1] if derived_type else None,
        }
    return out


def test_interphase_type_on_fixtures(lay: Layout, tmp_path: Path) -> None:
    g = _load_fixture(lay, tmp_path, _interphase_fixture())
    derived = infer(g, rules=[parse_rule(ROOT / "queries/rules/interphase-type.rq")])
    expected = {
        f"el-{name}": {"outcome": outcome, "derived": derived_type}
        for name, (_, _, _, derived_type, outcome) in INTERPHASE_CASES.items()
    }
    assert _inferences(derived) == expected


def test_interphase_band_gap_threshold_is_a_parameter(lay: Layout, tmp_path: Path) -> None:
    g = _load_fixture(lay, tmp_path, _interphase_fixture())
    rule = parse_rule(ROOT / "queries/rules/interphase-type.rq")
    # with a 5 eV threshold the 3 eV product conducts; with 0.1 eV the 0.4 eV one does not
    wide = _inferences(
        infer(g, rules=[rule], parameters={"interphase-type": {"bandGap": Literal(5)}})
    )
    assert wide["el-insulators"]["derived"] == "MixedConductingInterphase"
    narrow = _inferences(
        infer(g, rules=[rule], parameters={"interphase-type": {"bandGap": Literal(0.1)}})
    )
    assert narrow["el-narrow-gap"] == {"outcome": "OnlyStated", "derived": None}


def test_interphase_type_agrees_with_every_type_the_review_states(graph: Graph) -> None:
    derived = infer(graph, rules=[parse_rule(ROOT / "queries/rules/interphase-type.rq")])
    per_obs: dict[str, str] = {}
    for inference in derived.subjects(RDF.type, NAIF.Inference):
        obs = [
            str(o).rsplit("/", 1)[-1]
            for o in derived.objects(inference, PROV.wasDerivedFrom)
            if "/obs-" in str(o)
        ]
        (name,) = obs
        per_obs[name] = str(derived.value(inference, NAIF.outcome)).rsplit("#", 1)[-1]
    # Review: Na3SbS4 -> Na3Sb (small gap) + Na2S is an MCI [176]; Na11Sn2PS12 -> metallic Sn
    # [193]; Na3OCl/Na3OBr -> NaCl/NaBr passivate [111]; NASICON -> thin passivating NaOx [119];
    # beta-alumina and Sc-NASICON do not react [105, 159, 166].
    for obs in (
        "obs-Na-Na3SbS4-176",
        "obs-Na-Na11Sn2PS12-193",
        "obs-Na-Na11Sn2PSe12-194",
        "obs-Na-Na3OCl-111",
        "obs-Na-Na3OBr-111",
        "obs-Na-Na3Zr2Si2PO12-119",
        "obs-Na-beta-Al2O3-105",
        "obs-Na-beta-Al2O3-159",
        "obs-Na-Na3.4Zr1.6Sc0.4Si2PO12-166",
        "obs-Na-Na3PS4-176",
        "obs-Na-Na3-xPS4-xClx-176",
    ):
        assert per_obs[obs] == "Agrees", obs
    # The one disagreement, explained in docs/reasoning.md: the hydrate route still leaves
    # 3 mol% of small-gap Na3Sb, which the review judges too little to matter [118].
    assert [o for o, v in per_obs.items() if v == "Disagrees"] == ["obs-Na-Na3SbS4-8H2O-118"]
    # No interphase type without a stated or derived type; lithium facts are left out.
    assert "obs-Li-Li2S-P2S5-178" not in per_obs


# --- Reducible-element risk -------------------------------------------------------------

REDUCIBLE_FIXTURE = """
@prefix naif: <https://w3id.org/naif/ontology#> .
@prefix nad: <https://w3id.org/naif/data/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
nad:thio a naif:SulfideElectrolyte ; naif:formula "Na3PS4" ; naif:chemicalSystem naif:SodiumSystem .
nad:mix a naif:SulfideElectrolyte ; naif:formula "0.1NaI-0.9Na3SbS4" ;
    naif:chemicalSystem naif:SodiumSystem .
nad:oxide a naif:BetaAluminaElectrolyte ; naif:formula "Na2O·11Al2O3" ;
    naif:chemicalSystem naif:SodiumSystem .
nad:nasicon a naif:NasiconElectrolyte ; naif:formula "Na3Zr2Si2PO12" ;
    naif:chemicalSystem naif:SodiumSystem .
nad:if-nasicon naif:hasElectrolyte nad:nasicon .
nad:obs-nasicon a naif:InterfaceObservation ; naif:ofInterface nad:if-nasicon ;
    naif:interphaseType naif:SolidElectrolyteInterphase .
nad:lithium a naif:SulfideElectrolyte ; naif:formula "Li3PS4" ;
    naif:chemicalSystem naif:LithiumSystem .
nad:garbled a naif:SulfideElectrolyte ; naif:formula "Na3P((S4" ;
    naif:chemicalSystem naif:SodiumSystem .
"""


def _risk(derived: Graph) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for inference in derived.subjects(RDF.type, NAIF.Inference):
        subject = str(derived.value(inference, NAIF.concerns)).rsplit("/", 1)[-1]
        outcome = str(derived.value(inference, NAIF.outcome)).rsplit("#", 1)[-1]
        out.setdefault(subject, set()).add(outcome)
    return out


def test_reducible_element_risk_on_fixtures(lay: Layout, tmp_path: Path) -> None:
    g = _load_fixture(lay, tmp_path, REDUCIBLE_FIXTURE)
    rule = parse_rule(ROOT / "queries/rules/reducible-element-risk.rq")
    derived = infer(g, rules=[rule])
    assert _risk(derived) == {
        "thio": {"AtRisk"},
        "mix": {"AtRisk"},  # Sb found inside a mixture formula
        "oxide": {"NotAtRisk"},
        "nasicon": {"RiskNotBorneOut"},  # contains P, but a passivating interface is reported
    }
    # the composition behind it is kept with the derived statements
    assert (NAD["mix"], NAIF.containsElement, ELEM["I"]) in derived
    # a different list of reducible elements changes the verdicts
    only_al = infer(
        g, rules=[rule], parameters={"reducible-element-risk": {"reducibleElements": Literal("Al")}}
    )
    assert _risk(only_al)["oxide"] == {"AtRisk"} and _risk(only_al)["thio"] == {"NotAtRisk"}


def test_reducible_element_risk_on_the_curated_graph(graph: Graph) -> None:
    derived = infer(graph, rules=[parse_rule(ROOT / "queries/rules/reducible-element-risk.rq")])
    risk = _risk(derived)
    # review: thiophosphates reduce to Na3P [176, 177], Na3SbS4 to Na3Sb [176], Na11Sn2PS12
    # gives metallic Sn [193]; NASICON (a phosphate) forms a passivating NaOx film [119]
    for name in ("Na3PS4", "Na3SbS4", "Na11Sn2PS12", "Na3PSe4"):
        assert risk[name] == {"AtRisk"}, name
    assert risk["Na3Zr2Si2PO12"] == {"RiskNotBorneOut"}
    assert risk["Na3.4Zr1.6Sc0.4Si2PO12"] == {"RiskNotBorneOut"}
    for name in ("beta-Al2O3", "Na3OCl", "Na2B10H10"):
        assert risk[name] == {"NotAtRisk"}, name


def test_report_counts_verdicts_per_family(graph: Graph) -> None:
    rules = [parse_rule(ROOT / "queries/rules/monroe-criterion.rq")]
    (monroe,) = report(graph, infer(graph, rules=rules))
    # NASICON: the family-wide 44.3 GPa [225] and Na3Zr2Si2PO12's 44 GPa (Table 1)
    assert monroe.families["NASICON"] == {"satisfied": 2}
    # sulfides: glassy sulfides 5-6 GPa [229] fail, Na3PS4's 5-10 GPa straddles 6.6 GPa;
    # both count again under the broader chalcogenide family
    assert monroe.families["Sulfide"] == {"undetermined": 1, "violated": 1}
    assert monroe.families["Chalcogenide"] == monroe.families["Sulfide"]
    assert sum(sum(c.values()) for f, c in monroe.families.items() if f == "Perovskite") == 2
