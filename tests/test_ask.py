"""``kg ask``: plain-English questions mapped onto the competency questions, checked by hand.

The table below pairs each phrasing with the interpretation it must get (form, competency
question, key bindings) and the exact set of answers. The answers were derived by hand from the
review (source/000_...txt: Table 1, the family sections, the interface and remedies sections)
and the curated ``graph_data/*.ttl`` files they were recorded in, not from what the tool
prints; the note on each group says where. Most cases call :func:`kg.ask.ask` directly; the
command-line behaviour (exit codes, one-line errors, ``--explain``, ``--sparql``,
``--format json``) runs ``python -m kg ask`` in a subprocess.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from helpers import run_kg
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kg.ask import FORMS, AskResult, NotUnderstood, ask, interpret
from kg.link import Linker
from kg.namespaces import NAIF, PREFIXES

ROOT = Path(__file__).resolve().parent.parent


def iri(name: str) -> URIRef:
    """``nad:Na3SbS4`` -> the full IRI (prefixed names keep the expectations readable)."""
    prefix, _, local = name.partition(":")
    return URIRef(str(PREFIXES[prefix]) + local)


def iris(*names: str) -> frozenset[URIRef]:
    return frozenset(iri(n) for n in names)


@pytest.fixture(scope="module")
def linker(graph: Graph) -> Linker:
    return Linker(graph)


# --- expected answers, by hand -------------------------------------------------------------------

# remedies.ttl / review, chalcogenides section and artificial SEIs: halogen substitution in Na3PS4
# [176], partial hydration of Na3SbS4 [118] and a CPEO interlayer on Na3SbS4 [252] all address
# MCI formation, whose interphase type is Type II; all three are applied to sulfides.
MCI_CHALCOGENIDES = iris(
    "nad:remedy-halogen-substitution-Na3PS4-176",
    "nad:remedy-hydration-Na3SbS4-118",
    "nad:remedy-CPEO-interlayer-Na3SbS4-252",
)
MCI_NA3SBS4 = iris("nad:remedy-hydration-Na3SbS4-118", "nad:remedy-CPEO-interlayer-Na3SbS4-252")
# sodium wettability section [233] and artificial SEIs [233]: heat treatment at 175/380 °C and the
# CPMEA film on NASICON; the same film on LATP [253] is lithium and must not appear.
WETTING_NASICON = iris(
    "nad:remedy-heat-treatment-Na3Zr2Si2PO12-233", "nad:remedy-CPMEA-interlayer-Na3Zr2Si2PO12-233"
)
# Na/NASICON interfacial resistance: graphene-like layer [224], heat treatment [233], CPMEA [233],
# PIN membrane in Na-S cells [251].
RESISTANCE_NASICON = WETTING_NASICON | iris(
    "nad:remedy-graphene-layer-Na3Zr2Si2PO12-224", "nad:remedy-PIN-interlayer-Na3Zr2Si2PO12-251"
)
# beta''-alumina annealed at 1600 °C in Ar cuts the resistance to 8 ohm cm2 [254].
RESISTANCE_BETA = iris("nad:remedy-heat-treatment-beta2-Al2O3-254")
# dendrites: Na side, the CPMEA film [233] and the 1600 °C anneal [254]; Li side, 100 MPa on LGPS.
DENDRITES_NA = iris(
    "nad:remedy-CPMEA-interlayer-Na3Zr2Si2PO12-233", "nad:remedy-heat-treatment-beta2-Al2O3-254"
)
DENDRITES_LI = iris("nad:remedy-stack-pressure-Li10GeP2S12-147")
# lithium inspiration for wetting: CPMEA on LATP [253], PEO-PAS [256] and SPE [257] on LLZTO.
WETTING_LI = iris(
    "nad:remedy-CPMEA-interlayer-LATP-253",
    "nad:remedy-PEO-PAS-interlayer-LLZTO-256",
    "nad:remedy-SPE-interlayer-LLZTO-257",
)
# Na-Cs alloy on beta''-alumina [261]; cells run at 300-350 °C because of poor wetting (review).
WETTING_BETA2 = iris(
    "nad:remedy-Na-Cs-alloy-beta2-Al2O3-261", "nad:remedy-high-temperature-beta2-Al2O3-review"
)
# Sc doping widens the NASICON window from 1.75-5 V to 0.3-6 V [213].
WINDOW_NASICON = iris("nad:remedy-Sc-doping-Na3Zr2Si2PO12-213")

# Table 1, ionic conductivity at a stated 20-30 °C of at least 1e-3 S/cm (sodium rows).
RT_ABOVE_1MS = iris(
    "nad:beta-Al2O3",  # 1.4e-2 (25 °C)
    "nad:beta2-Al2O3",  # 1e-1 (25 °C)
    "nad:Na3Zr2Si2PO12",  # 1.13e-3 (20 °C)
    "nad:Na3.4Zr1.8Zn0.2Si2PO12",  # 1.44e-3
    "nad:Na3Zr2Si2PO12-La",  # printed "Na3La(PO4)3", 1.10e-3
    "nad:Na3.4Zr1.6Sc0.4Si2PO12",  # 4e-3
    "nad:Na2.9375PS3.9375Cl0.0625",  # 1.14e-3
    "nad:Na3SbS4",  # 1.05e-3
    "nad:Na2.88Sb0.88W0.12S4",  # 3.2e-2
    "nad:Na3PSe4",  # 1.16e-3
    "nad:Na11Sn2PS12",  # 1.4e-3
    "nad:Na11Sn2PSe12",  # 2.15e-3 (30 °C)
    "nad:Na2-B12H12-0.75-B10H10-0.25",  # 3.2e-3 (30 °C)
    "nad:Na3OBH4",  # 4.4e-3
)
# at 25 °C (within 2.5 K) only: the 20 °C and 30 °C rows drop out.
AT_25C_ABOVE_1MS = RT_ABOVE_1MS - iris(
    "nad:Na3Zr2Si2PO12", "nad:Na11Sn2PSe12", "nad:Na2-B12H12-0.75-B10H10-0.25"
)
# any temperature (or none stated): Na2B10H10, 1e-2 S/cm at 110 °C, joins.
ANY_T_ABOVE_1MS = RT_ABOVE_1MS | iris("nad:Na2B10H10")
# strictly above 10 mS/cm: beta'' (0.1), W-doped (0.032), beta (0.014); Na2B10H10 sits at 0.01.
ABOVE_10MS = iris("nad:beta2-Al2O3", "nad:Na2.88Sb0.88W0.12S4", "nad:beta-Al2O3")
# Table 1 at RT between 1 and 2 mS/cm.
BETWEEN_1_2MS = iris(
    "nad:Na3Zr2Si2PO12",
    "nad:Na3.4Zr1.8Zn0.2Si2PO12",
    "nad:Na3Zr2Si2PO12-La",
    "nad:Na2.9375PS3.9375Cl0.0625",
    "nad:Na3SbS4",
    "nad:Na3PSe4",
    "nad:Na11Sn2PS12",
)
SULFIDES_RT_ABOVE_1MS = iris(
    "nad:Na2.9375PS3.9375Cl0.0625", "nad:Na3SbS4", "nad:Na2.88Sb0.88W0.12S4", "nad:Na11Sn2PS12"
)
CHALCOGENIDES_RT_ABOVE_1MS = SULFIDES_RT_ABOVE_1MS | iris("nad:Na3PSe4", "nad:Na11Sn2PSe12")

# materials.ttl, one family class per electrolyte; lithium ones carry naif:LithiumSystem.
NASICONS = iris(
    "nad:NaZr2P3O12",
    "nad:Na3Zr2Si2PO12",
    "nad:Na3.4Zr1.8Zn0.2Si2PO12",
    "nad:Na3Zr2Si2PO12-La",
    "nad:Na3.4Zr1.6Sc0.4Si2PO12",
)
SULFIDES = iris(
    "nad:Na3PS4",
    "nad:t-Na3PS4",
    "nad:c-Na3PS4",
    "nad:Na2.73Ca0.135PS4",
    "nad:Na3-xPS4-xClx",
    "nad:Na2.9375PS3.9375Cl0.0625",
    "nad:t-Na3PS4-Br",
    "nad:Na4P2S6",
    "nad:Na3SbS4",
    "nad:Na2.88Sb0.88W0.12S4",
    "nad:0.1NaI-0.9Na3SbS4",
    "nad:Na10SnP2S12",
    "nad:Na4-xSn1-xSbxS4",
    "nad:Na11Sn2SbS12",
    "nad:Na11.25Sn2.25Sb0.75S12",
    "nad:Na11Sn2PS12",
    "nad:94Na3PS4-6Na4SiS4",
)
SELENIDES = iris("nad:Na3PSe4", "nad:Na3SbSe4", "nad:Na11Sn2PSe12")
HYDRIDES = iris(
    "nad:NaAlH4",
    "nad:Na3AlH6",
    "nad:Na2B10H10",
    "nad:Na2-B12H12-0.5-B10H10-0.5",
    "nad:Na2-B12H12-0.75-B10H10-0.25",
)
ANTIPEROVSKITES = iris(
    "nad:Na3OCl",
    "nad:Na3OBr",
    "nad:Na3OBH4",
    "nad:Na4OI2",
    "nad:Na3OBr0.6I0.4",
    "nad:Na2.9Sr0.05OBr0.6I0.4",
)
# interfaces.ttl and the compositional-tuning remedy: Type I observations only (the perovskites'
# better stability is an expectation [203], recorded as a finding).
STABLE_NA = iris(
    "nad:beta-Al2O3",
    "nad:Na3.4Zr1.6Sc0.4Si2PO12",
    "nad:Na2-B12H12-0.75-B10H10-0.25",
    "nad:Na2-B12H12-0.5-B10H10-0.5",
)
# substitutions (naif:derivedFrom the host, with naif:hasSubstitution).
DOPED_NA3PS4 = iris(
    "nad:94Na3PS4-6Na4SiS4",
    "nad:Na2.73Ca0.135PS4",
    "nad:Na2.9375PS3.9375Cl0.0625",
    "nad:Na3-xPS4-xClx",
    "nad:Na3PSe4",
    "nad:Na3PSxSe4-x",
    "nad:Na3SbS4",
)
DOPED_NZSP = iris(
    "nad:Na3Zr2Si2PO12-La", "nad:Na3.4Zr1.6Sc0.4Si2PO12", "nad:Na3.4Zr1.8Zn0.2Si2PO12"
)
DOPED_NA3SBS4 = iris(
    "nad:0.1NaI-0.9Na3SbS4",
    "nad:Na11.25Sn2.25Sb0.75S12",
    "nad:Na11Sn2SbS12",
    "nad:Na2.88Sb0.88W0.12S4",
    "nad:Na4-xSn1-xSbxS4",
)
# references: every fact about Na3SbS4 (Table 1 [183]; air stability [183,184]; synthesis
# [183,185,186]; NaI route [187]; predicted windows [159], [230]; interface and resistance growth
# [176]; hydration [118] and CPEO [252] remedies and their effects).
REFS_NA3SBS4 = iris(
    "ref:Tian2019-118",
    "ref:Lacivita2019-159",
    "ref:Wu2018-176",
    "ref:Wang2016-183",
    "ref:Zhang2016-184",
    "ref:Kim2018-185",
    "ref:Banerjee2016-186",
    "ref:Park2018-187",
    "ref:Tang2017-230",
    "ref:Hu2019-252",
)
# NZSP: NaOx at the Na contact [119]; Si for P [160]; 0.67 mS/cm [161,162]; Sc doping [166, 213];
# Table 1 [209,210]; graphene-like layer [224]; heat treatment and CPMEA [233]; PIN [251].
REFS_NZSP = iris(
    "ref:Gao2018-119",
    "ref:Goodenough1976-160",
    "ref:Hong1976-161",
    "ref:Boilot1987-162",
    "ref:Kehne2019-166",
    "ref:Ruan2019-209",
    "ref:Narayanan2019-210",
    "ref:Ma2016-213",
    "ref:Matios2019-224",
    "ref:Zhou2017-233",
    "ref:Yu2019-251",
)

MCI = "Type II: mixed conducting interphase"
SEI = "Type III: solid electrolyte interphase"
SODIUM, LITHIUM = "naif:SodiumSystem", "naif:LithiumSystem"


@dataclass(frozen=True)
class Case:
    """One phrasing: the interpretation it must get and the answers it must give."""

    question: str
    form: str
    cq: str
    bindings: dict[str, Any]
    answers: frozenset[URIRef]
    details: dict[str, set[str]] = field(default_factory=dict)


def case(
    question: str,
    form: str,
    cq: str,
    bindings: dict[str, Any],
    answers: frozenset[URIRef],
    **details: set[str],
) -> Any:
    return pytest.param(Case(question, form, cq, bindings, answers, details), id=question[:60])


REMEDY_TARGET_CHALCOGENIDE = {
    "problem": "naif:MixedConductingInterphase",
    "target": "naif:ChalcogenideElectrolyte",
    "system": SODIUM,
}
REMEDY_TARGET_SULFIDE = {**REMEDY_TARGET_CHALCOGENIDE, "target": "naif:SulfideElectrolyte"}
WETTING_FAMILY = {
    "problem": "naif:PoorWettability",
    "target": "naif:NasiconElectrolyte",
    "system": SODIUM,
}
WETTING_NZSP = {**WETTING_FAMILY, "target": "nad:Na3Zr2Si2PO12"}
IONIC_RT = {
    "property": "naif:IonicConductivity",
    "minimum": 0.1,
    "system": SODIUM,
    "tmin": 293.15,
    "tmax": 303.15,
    "unstated": False,
}

TABLE = [
    # --- remedies (CQ-02) ----------------------------------------------------------------------
    case(
        "which remedies address MCI for chalcogenides",
        "remedies",
        "cq-02",
        REMEDY_TARGET_CHALCOGENIDE,
        MCI_CHALCOGENIDES,
    ),
    case(
        "Which remedies address MCI for sulfides?",
        "remedies",
        "cq-02",
        REMEDY_TARGET_SULFIDE,
        MCI_CHALCOGENIDES,
    ),
    case(
        "which remedys address mixed conducting interphase for chalcogenids",
        "remedies",
        "cq-02",
        REMEDY_TARGET_CHALCOGENIDE,
        MCI_CHALCOGENIDES,
    ),
    case(
        "WHAT FIXES THE MIXED CONDUCTING INTERPHASE IN SULFIDE ELECTROLYTES",
        "remedies",
        "cq-02",
        REMEDY_TARGET_SULFIDE,
        MCI_CHALCOGENIDES,
    ),
    case(
        "which remedies address Type II interphase for chalcogenides",
        "remedies",
        "cq-02",
        REMEDY_TARGET_CHALCOGENIDE,
        MCI_CHALCOGENIDES,
    ),
    case(
        "could you please tell me which strategies mitigate the mixed ionic electronic "
        "conducting interphase of chalcogenide electrolytes in sodium batteries?",
        "remedies",
        "cq-02",
        REMEDY_TARGET_CHALCOGENIDE,
        MCI_CHALCOGENIDES,
    ),
    case(
        "how to suppress MCI formation in Na₃SbS₄",
        "remedies",
        "cq-02",
        {"problem": "naif:MCIFormation", "target": "nad:Na3SbS4", "system": SODIUM},
        MCI_NA3SBS4,
    ),
    case(
        "how can the Na/NASICON wettability be improved",
        "remedies",
        "cq-02",
        WETTING_FAMILY,
        WETTING_NASICON,
    ),
    case(
        "how can sodium wetting of NZSP be improved",
        "remedies",
        "cq-02",
        WETTING_NZSP,
        WETTING_NASICON,
    ),
    case(
        "remedies for poor wettability of Na3Zr2Si2PO12",
        "remedies",
        "cq-02",
        WETTING_NZSP,
        WETTING_NASICON,
    ),
    case(
        "how can the Na | Na₃Zr₂Si₂PO₁₂ wetability be improved",
        "remedies",
        "cq-02",
        WETTING_NZSP,
        WETTING_NASICON,
    ),
    case(
        "how to reduce the interfacial resistance of NASICON",
        "remedies",
        "cq-02",
        {**WETTING_FAMILY, "problem": "naif:HighInterfacialResistance"},
        RESISTANCE_NASICON,
    ),
    case(
        "how to lower the interface resistance of beta-alumina",
        "remedies",
        "cq-02",
        {
            "problem": "naif:HighInterfacialResistance",
            "target": "naif:BetaAluminaElectrolyte",
            "system": SODIUM,
        },
        RESISTANCE_BETA,
    ),
    case(
        "how can the Na | β''-Al₂O₃ wetting be improved",
        "remedies",
        "cq-02",
        {"problem": "naif:PoorWettability", "system": SODIUM},
        WETTING_BETA2,
    ),
    case(
        "which remedies address dendrite penetration",
        "remedies",
        "cq-02",
        {"problem": "naif:DendritePenetration", "target": "naif:Material", "system": SODIUM},
        DENDRITES_NA,
    ),
    case(
        "which remedies address dendrites for lithium",
        "remedies",
        "cq-02",
        {"problem": "naif:DendritePenetration", "target": "naif:Material", "system": LITHIUM},
        DENDRITES_LI,
    ),
    case(
        "which remedies address dendrite growth in LGPS",
        "remedies",
        "cq-02",
        {"problem": "naif:DendritePenetration", "target": "nad:Li10GeP2S12", "system": LITHIUM},
        DENDRITES_LI,
    ),
    case(
        "which lithium remedies address poor wettability",
        "remedies",
        "cq-02",
        {"problem": "naif:PoorWettability", "system": LITHIUM},
        WETTING_LI,
    ),
    case(
        "how to widen the stability window of NASICON",
        "remedies",
        "cq-02",
        {"problem": "naif:NarrowStabilityWindow", "target": "naif:NasiconElectrolyte"},
        WINDOW_NASICON,
    ),
    # --- decomposition products and interphase type at Na (CQ-03) --------------------------------
    # interfaces.ttl / chalcogenides section: Na3SbS4 -> Na3Sb + Na2S, MCI [176]
    case(
        "what does Na3SbS4 decompose into at the Na interface",
        "products",
        "cq-03",
        {"electrolyte": "nad:Na3SbS4"},
        iris("nad:Na3Sb", "nad:Na2S"),
        interphase={MCI},
    ),
    case(
        "decomposition products of Na₃SbS₄ with sodium metal",
        "products",
        "cq-03",
        {"electrolyte": "nad:Na3SbS4"},
        iris("nad:Na3Sb", "nad:Na2S"),
        interphase={MCI},
    ),
    case(
        "what are the decomposition products of na3sbs4 at the sodium anode and the resulting "
        "interphase type",
        "products",
        "cq-03",
        {"electrolyte": "nad:Na3SbS4"},
        iris("nad:Na3Sb", "nad:Na2S"),
        interphase={MCI},
    ),
    # Na3PS4: impedance growth, MCI [105] (no product named) and Na2S + Na3P by XPS [176]
    case(
        "what does Na3PS4 decompose into at the Na interface",
        "products",
        "cq-03",
        {"electrolyte": "nad:Na3PS4"},
        iris("nad:obs-Na-Na3PS4-105", "nad:Na2S", "nad:Na3P"),
        interphase={MCI},
    ),
    # Na11Sn2PS12 -> Na2S + metallic Sn, MCI [193]
    case(
        "what forms when Na11Sn2PS12 reacts with sodium",
        "products",
        "cq-03",
        {"electrolyte": "nad:Na11Sn2PS12"},
        iris("nad:Na2S", "nad:Sn"),
        interphase={MCI},
    ),
    case(
        "DECOMPOSITION PRODUCTS OF NA11SN2PSE12 AT NA",
        "products",
        "cq-03",
        {"electrolyte": "nad:Na11Sn2PSe12"},
        iris("nad:Sn", "nad:Na2Se"),
        interphase={MCI},
    ),
    # NASICON: a thin passivating NaOx film seen by TOF-SIMS [119]
    case(
        "what interphase forms between Na and NASICON",
        "products",
        "cq-03",
        {"electrolyte": "nad:Na3Zr2Si2PO12"},
        iris("nad:NaOx"),
        interphase={SEI},
    ),
    # Na3PSe4: amorphous products after a short circuit [181]; no interphase type assigned
    case(
        "reaction products of Na3PSe4 against Na",
        "products",
        "cq-03",
        {"electrolyte": "nad:Na3PSe4"},
        iris("nad:amorphous-Na3PSe4-decomposition-products"),
        interphase=set(),
    ),
    # antiperovskites: NaX expected to passivate [111]
    case(
        "what forms at the interface between Na3OBr and Na metal",
        "products",
        "cq-03",
        {"electrolyte": "nad:Na3OBr"},
        iris("nad:NaBr"),
        interphase={SEI},
    ),
    case(
        "is Na3SbS4 stable against Na",
        "products",
        "cq-03",
        {"electrolyte": "nad:Na3SbS4"},
        iris("nad:Na3Sb", "nad:Na2S"),
        interphase={MCI},
    ),
    # --- a property of an electrolyte (CQ-01) ---------------------------------------------------
    case(
        "ionic conductivity of Na3SbS4",
        "property",
        "cq-01",
        {"material": "nad:Na3SbS4", "property": "naif:IonicConductivity"},
        iris("nad:m-Na3SbS4-ionic-conductivity-table1"),
    ),
    case(
        "What is the ionic conductivity of Na₃SbS₄?",
        "property",
        "cq-01",
        {"material": "nad:Na3SbS4", "property": "naif:IonicConductivity"},
        iris("nad:m-Na3SbS4-ionic-conductivity-table1"),
    ),
    case(
        "ionic conductivity of sodium thioantimonate",
        "property",
        "cq-01",
        {"material": "nad:Na3SbS4", "property": "naif:IonicConductivity"},
        iris("nad:m-Na3SbS4-ionic-conductivity-table1"),
    ),
    # Table 1: 1.75-5.0 V measured, 1.1-3.5 V predicted [209,210]; the 1.75-5 V baseline of [213]
    case(
        "what is the stability window of NZSP",
        "property",
        "cq-01",
        {"material": "nad:Na3Zr2Si2PO12", "property": "naif:ElectrochemicalStabilityWindow"},
        iris(
            "nad:m-Na3Zr2Si2PO12-window-table1",
            "nad:m-Na3Zr2Si2PO12-predicted-window-table1",
            "nad:m-Sc-doping-Na3Zr2Si2PO12-window-213",
        ),
    ),
    case(
        "electrochemical window of NASICON",
        "property",
        "cq-01",
        {"material": "nad:Na3Zr2Si2PO12", "property": "naif:ElectrochemicalStabilityWindow"},
        iris(
            "nad:m-Na3Zr2Si2PO12-window-table1",
            "nad:m-Na3Zr2Si2PO12-predicted-window-table1",
            "nad:m-Sc-doping-Na3Zr2Si2PO12-window-213",
        ),
    ),
    case(
        "young's modulus of β-Al2O3",
        "property",
        "cq-01",
        {"material": "nad:beta-Al2O3", "property": "naif:YoungsModulus"},
        iris("nad:m-beta-Al2O3-youngs-modulus-table1"),
    ),
    case(
        "shear modulus of Na3PS4",
        "property",
        "cq-01",
        {"material": "nad:Na3PS4", "property": "naif:ShearModulus"},
        iris("nad:m-Na3PS4-shear-modulus-table1"),
    ),
    case(
        "what is the Ea of Na3OBH4",
        "property",
        "cq-01",
        {"material": "nad:Na3OBH4", "property": "naif:ActivationEnergy"},
        iris("nad:m-Na3OBH4-activation-energy-table1"),
    ),
    case(
        "electronic conductivity of Na3SbSe4",
        "property",
        "cq-01",
        {"material": "nad:Na3SbSe4", "property": "naif:ElectronicConductivity"},
        iris("nad:m-Na3SbSe4-electronic-conductivity-table1"),
    ),
    case(
        "interfacial resistance of NaAlH4",
        "property",
        "cq-01",
        {"material": "nad:NaAlH4", "property": "naif:InterfacialResistance"},
        iris("nad:m-NaAlH4-interfacial-resistance-table1"),
    ),
    # --- electrolytes meeting a threshold (CQ-04) ------------------------------------------------
    case(
        "which electrolytes conduct above 1 mS/cm at room temperature",
        "threshold",
        "cq-04",
        IONIC_RT,
        RT_ABOVE_1MS,
    ),
    case(
        "which electrolytes have an ionic conductivity above 1e-3 S/cm at room temperature",
        "threshold",
        "cq-04",
        IONIC_RT,
        RT_ABOVE_1MS,
    ),
    case(
        "electrolytes with conductivity greater than 0.1 S/m at RT",
        "threshold",
        "cq-04",
        IONIC_RT,
        RT_ABOVE_1MS,
    ),
    case(
        "which sodium electrolytes have an ionic conductivity over 1 × 10⁻³ S cm⁻¹ at 25 °C",
        "threshold",
        "cq-04",
        {**IONIC_RT, "tmin": 295.65, "tmax": 300.65},
        AT_25C_ABOVE_1MS,
    ),
    case(
        "which electrolytes conduct above 1 mS/cm at 300 K",
        "threshold",
        "cq-04",
        {**IONIC_RT, "tmin": 297.5, "tmax": 302.5},
        AT_25C_ABOVE_1MS,
    ),
    case(
        "which electrolytes conduct above 1 mS/cm",
        "threshold",
        "cq-04",
        {**IONIC_RT, "unstated": True, "tmin": 0.0, "tmax": 1e6},
        ANY_T_ABOVE_1MS,
    ),
    case(
        "which electrolytes conduct more than 10 mS/cm",
        "threshold",
        "cq-04",
        {"property": "naif:IonicConductivity", "minimum": 1.0},
        ABOVE_10MS,
    ),
    case(
        "which electrolytes conduct at least 10 mS/cm",
        "threshold",
        "cq-04",
        {"property": "naif:IonicConductivity", "minimum": 1.0},
        ABOVE_10MS | iris("nad:Na2B10H10"),
    ),
    case(
        "which electrolytes conduct between 1 and 2 mS/cm at room temperature",
        "threshold",
        "cq-04",
        {**IONIC_RT, "maximum": 0.2},
        BETWEEN_1_2MS,
    ),
    case(
        "which electrolytes have electronic conductivity below 1e-9 S/cm",
        "threshold",
        "cq-04",
        {"property": "naif:ElectronicConductivity", "maximum": 1e-7, "system": SODIUM},
        iris("nad:beta-Al2O3", "nad:Na3SbS4"),  # Table 1: 6e-12 and 1.9e-10 S/cm
    ),
    case(
        "which sulfides conduct above 1 mS/cm at room temperature",
        "threshold",
        "cq-04",
        {**IONIC_RT, "within": "naif:SulfideElectrolyte"},
        SULFIDES_RT_ABOVE_1MS,
    ),
    case(
        "which chalcogenides have ionic conductivity above 1 mS cm-1 at room temperature",
        "threshold",
        "cq-04",
        {**IONIC_RT, "within": "naif:ChalcogenideElectrolyte"},
        CHALCOGENIDES_RT_ABOVE_1MS,
    ),
    # one electrolyte: Table 1 gives Na3SbS4 1.05e-3 S/cm and Na3PS4 2e-4 S/cm at 25 °C
    case(
        "does Na3SbS4 conduct above 1 mS/cm at room temperature",
        "threshold",
        "cq-04",
        {**IONIC_RT, "within": "nad:Na3SbS4"},
        iris("nad:Na3SbS4"),
    ),
    case(
        "does Na3PS4 conduct above 1 mS/cm at room temperature",
        "threshold",
        "cq-04",
        {**IONIC_RT, "within": "nad:Na3PS4"},
        frozenset(),
    ),
    # review, electronic conductivity section: LLZO about 1e-8, LPS about 1e-9 S/cm [221]
    case(
        "which lithium electrolytes have an electronic conductivity above 1e-10 S/cm",
        "threshold",
        "cq-04",
        {"property": "naif:ElectronicConductivity", "system": LITHIUM},
        iris("nad:Li7La3Zr2O12", "nad:Li2S-P2S5"),
    ),
    # --- members of a family (CQ-05) ------------------------------------------------------------
    case(
        "which electrolytes are NASICONs",
        "members",
        "cq-05",
        {"family": "naif:NasiconElectrolyte", "system": SODIUM},
        NASICONS,
    ),
    case(
        "which lithium electrolytes are NASICONs",
        "members",
        "cq-05",
        {"family": "naif:NasiconElectrolyte", "system": LITHIUM},
        iris("nad:Li1plusxAlxTi2-x-PO4-3"),
    ),
    case(
        "list the members of the sulfide family",
        "members",
        "cq-05",
        {"family": "naif:SulfideElectrolyte"},
        SULFIDES,
    ),
    case(
        "Which Electrolytes Are Selenides?",
        "members",
        "cq-05",
        {"family": "naif:SelenideElectrolyte"},
        SELENIDES,
    ),
    case(
        "which electrolytes are chalcogenides",
        "members",
        "cq-05",
        {"family": "naif:ChalcogenideElectrolyte"},
        SULFIDES | SELENIDES | iris("nad:Na3PSxSe4-x"),
    ),
    case(
        "what kinds of complex hydrides are there",
        "members",
        "cq-05",
        {"family": "naif:ComplexHydrideElectrolyte"},
        HYDRIDES,
    ),
    case(
        "members of the beta-alumina family",
        "members",
        "cq-05",
        {"family": "naif:BetaAluminaElectrolyte"},
        iris("nad:beta-Al2O3", "nad:beta2-Al2O3"),
    ),
    case(
        "which compounds belong to the antiperovskites",
        "members",
        "cq-05",
        {"family": "naif:AntiperovskiteElectrolyte", "system": SODIUM},
        ANTIPEROVSKITES,
    ),
    case(
        "perovskites",
        "members",
        "cq-05",
        {"family": "naif:PerovskiteElectrolyte"},
        iris("nad:Na0.33La0.55ZrO3", "nad:Na1_3La1_3Sr1_3ZrO3"),
    ),
    # the review's garnets are all lithium conductors
    case(
        "which garnets are there",
        "members",
        "cq-05",
        {"family": "naif:GarnetElectrolyte", "system": SODIUM},
        frozenset(),
    ),
    case(
        "which lithium electrolytes are garnets",
        "members",
        "cq-05",
        {"family": "naif:GarnetElectrolyte", "system": LITHIUM},
        iris("nad:Li7La3Zr2O12", "nad:Li7-xLa3Zr2-xTaxO12"),
    ),
    # --- dopants of a host and their effect (CQ-06) ---------------------------------------------
    case(
        "which dopants of Na3PS4 are reported, and with what effect",
        "dopants",
        "cq-06",
        {"host": "nad:Na3PS4"},
        DOPED_NA3PS4,
        dopant={"Si", "Ca", "Cl", "Se", "Sb"},
    ),
    case(
        "dopents of Na₃PS₄",
        "dopants",
        "cq-06",
        {"host": "nad:Na3PS4"},
        DOPED_NA3PS4,
        dopant={"Si", "Ca", "Cl", "Se", "Sb"},
    ),
    case(
        "dopants of NZSP",
        "dopants",
        "cq-06",
        {"host": "nad:Na3Zr2Si2PO12"},
        DOPED_NZSP,
        dopant={"La", "Sc", "Zn"},
    ),
    case(
        "which elements are doped into NASICON",
        "dopants",
        "cq-06",
        {"host": "nad:Na3Zr2Si2PO12"},
        DOPED_NZSP,
        dopant={"La", "Sc", "Zn"},
    ),
    case(
        "what substitutions of Na3SbS4 are known",
        "dopants",
        "cq-06",
        {"host": "nad:Na3SbS4"},
        DOPED_NA3SBS4,
        dopant={"I", "Sn", "W"},
    ),
    case(
        "how does substitution affect NaZr2P3O12",
        "dopants",
        "cq-06",
        {"host": "nad:NaZr2P3O12"},
        iris("nad:Na3Zr2Si2PO12"),
        dopant={"Si"},
        affects={"ionic conductivity"},
        direction={"increase"},
    ),
    case(
        "doping of Na3OBr",
        "dopants",
        "cq-06",
        {"host": "nad:Na3OBr"},
        iris("nad:Na3OBr0.6I0.4"),
        dopant={"I"},
    ),
    # --- techniques used on an interface (CQ-07) ------------------------------------------------
    # beta-alumina: time-resolved EIS, CV, in-situ XPS [105]; DFT [159]
    case(
        "which techniques were used on the Na/beta-alumina interface",
        "techniques",
        "cq-07",
        {"electrolyte": "nad:beta-Al2O3"},
        iris("naif:TimeResolvedEIS", "naif:CV", "naif:XPS", "naif:DFT"),
    ),
    case(
        "how was the Na | Na3PS4 interface characterized",
        "techniques",
        "cq-07",
        {"electrolyte": "nad:Na3PS4"},
        iris("naif:TimeResolvedEIS", "naif:CV", "naif:XPS"),
    ),
    case(
        "what methods were used to study the interface between Na and Na3SbS4",
        "techniques",
        "cq-07",
        {"electrolyte": "nad:Na3SbS4"},
        iris("naif:XPS"),
    ),
    case(
        "which techniques probe the Na/NASICON interface",
        "techniques",
        "cq-07",
        {"electrolyte": "nad:Na3Zr2Si2PO12"},
        iris("naif:TOFSIMS"),
    ),
    case(
        "how was the interface of Na3PSe4 with Na measured",
        "techniques",
        "cq-07",
        {"electrolyte": "nad:Na3PSe4"},
        iris("naif:XRD", "naif:GalvanostaticCycling"),
    ),
    case(
        "which tecniques were used on the sodium / Sc-doped NASICON interface",
        "techniques",
        "cq-07",
        {"electrolyte": "nad:Na3.4Zr1.6Sc0.4Si2PO12"},
        iris("naif:XPS"),
    ),
    # --- comparing two electrolytes (CQ-08): answers checked in test_compare_lists_... ----------
    # --- references (CQ-09) ---------------------------------------------------------------------
    case(
        "which references support facts about Na3SbS4",
        "references",
        "cq-09",
        {"entity": "nad:Na3SbS4"},
        REFS_NA3SBS4,
    ),
    case(
        "who reported the facts about sodium thioantimonate",
        "references",
        "cq-09",
        {"entity": "nad:Na3SbS4"},
        REFS_NA3SBS4,
    ),
    case("references for NZSP", "references", "cq-09", {"entity": "nad:Na3Zr2Si2PO12"}, REFS_NZSP),
    case(
        "what are the sources for the CPEO interlayer",
        "references",
        "cq-09",
        {"entity": "nad:remedy-CPEO-interlayer-Na3SbS4-252"},
        iris("ref:Hu2019-252"),
    ),
    case(
        "which papers report the partial hydration of Na3SbS4",
        "references",
        "cq-09",
        {"entity": "nad:remedy-hydration-Na3SbS4-118"},
        iris("ref:Tian2019-118"),
    ),
    case(
        "citations for heat treatment of NASICON",
        "references",
        "cq-09",
        {"entity": "nad:remedy-heat-treatment-Na3Zr2Si2PO12-233"},
        iris("ref:Zhou2017-233"),
    ),
    # the review states the halogen strategy itself as well as citing [176]
    case(
        "which literature supports the halogen substitution remedy",
        "references",
        "cq-09",
        {"entity": "nad:remedy-halogen-substitution-Na3PS4-176"},
        iris("ref:Wu2018-176", "ref:Tang2020-review"),
    ),
    # --- stable against Na metal (CQ-10) --------------------------------------------------------
    case(
        "which electrolytes are stable against Na metal",
        "stable",
        "cq-10",
        {"system": SODIUM},
        STABLE_NA,
    ),
    case(
        "which electrolytes are stable against sodium",
        "stable",
        "cq-10",
        {"system": SODIUM},
        STABLE_NA,
    ),
    case(
        "which solid electrolytes do not react with Na",
        "stable",
        "cq-10",
        {"system": SODIUM},
        STABLE_NA,
    ),
    case(
        "which electrolytes are compatible with Na metal",
        "stable",
        "cq-10",
        {"system": SODIUM},
        STABLE_NA,
    ),
    case(
        "which electrolytes form a type I interface with sodium",
        "stable",
        "cq-10",
        {"system": SODIUM},
        STABLE_NA,
    ),
    case(
        "which electrolytes are stabel against Na metal",
        "stable",
        "cq-10",
        {"system": SODIUM},
        STABLE_NA,
    ),
    case(
        "which complex hydrides are stable against Na metal",
        "stable",
        "cq-10",
        {"system": SODIUM, "within": "naif:ComplexHydrideElectrolyte"},
        iris("nad:Na2-B12H12-0.75-B10H10-0.25", "nad:Na2-B12H12-0.5-B10H10-0.5"),
    ),
    case(
        "which chalcogenides are stable against Na",
        "stable",
        "cq-10",
        {"system": SODIUM, "within": "naif:ChalcogenideElectrolyte"},
        frozenset(),
    ),
    case(
        "which electrolytes are stable against lithium metal",
        "stable",
        "cq-10",
        {"system": LITHIUM},
        frozenset(),
    ),
    # --- verdicts of the reasoning rules (docs/reasoning.md), answered from derived facts ---
    # Monroe: shear modulus >= 2 x 3.3 GPa. Review values: antiperovskites 20.9 [227], NASICON
    # 44.3 [225], perovskites 55, beta-alumina 35 [226]; Table 1: NLSZO 55, Na3OBH4 21,
    # NZSP 44, beta-Al2O3 35 GPa. Below: complex hydrides 5.5 [199], NaAlH4 6 (Table 1),
    # glassy sulfides 5-6 GPa [229]. Na3PS4's 5-10 GPa straddles 6.6 and is in neither list.
    case(
        "which electrolytes satisfy the Monroe criterion",
        "derived",
        "cq-48",
        {"rule": "rule:monroe-criterion", "outcome": "naif:Satisfied"},
        iris(
            "naif:AntiperovskiteElectrolyte",
            "naif:NasiconElectrolyte",
            "naif:PerovskiteElectrolyte",
            "naif:BetaAluminaElectrolyte",
            "nad:Na1_3La1_3Sr1_3ZrO3",
            "nad:Na3OBH4",
            "nad:Na3Zr2Si2PO12",
            "nad:beta-Al2O3",
        ),
    ),
    case(
        "which solid electrolytes fail Monroe's criterion",
        "derived",
        "cq-48",
        {"rule": "rule:monroe-criterion", "outcome": "naif:Violated"},
        iris("naif:ComplexHydrideElectrolyte", "nad:NaAlH4", "naif:SulfideElectrolyte"),
    ),
    case(
        "do the NASICONs meet the Monroe criterion",
        "derived",
        "cq-48",
        {"outcome": "naif:Satisfied", "within": "naif:NasiconElectrolyte"},
        iris("naif:NasiconElectrolyte", "nad:Na3Zr2Si2PO12"),
    ),
    # Reducible elements P, Sb, Sn, Ti: every selenide of the graph holds P, Sb or Sn.
    case(
        "which selenides are at risk of forming an MCI",
        "derived",
        "cq-48",
        {
            "rule": "rule:reducible-element-risk",
            "outcome": "naif:AtRisk",
            "within": "naif:SelenideElectrolyte",
        },
        iris("nad:Na3PSe4", "nad:Na3SbSe4", "nad:Na11Sn2PSe12"),
        outcome={"at risk"},
    ),
    # NZSP holds P, but the review reports a thin passivating NaOx film [119]
    case(
        "is Na3Zr2Si2PO12 at risk of forming a mixed conducting interphase",
        "derived",
        "cq-48",
        {"rule": "rule:reducible-element-risk", "within": "nad:Na3Zr2Si2PO12"},
        iris("nad:Na3Zr2Si2PO12"),
        outcome={"risk not borne out"},
    ),
    # Table 1 ionic vs electronic conductivity, ratio below 1e4: NLSZO 1.025e-5 / 8.17e-8,
    # Na3PS4 2e-4 / 8.9e-8, NZSP 1.13e-3 / 2.35e-7 S/cm.
    case(
        "which electrolytes leak electrons",
        "derived",
        "cq-48",
        {"rule": "rule:electronic-leakage", "outcome": "naif:Violated"},
        iris("nad:Na1_3La1_3Sr1_3ZrO3", "nad:Na3PS4", "nad:Na3Zr2Si2PO12"),
    ),
    # ratio at least 1e4: Na11Sn2PS12, Na11Sn2PSe12, Na2B10H10, Na3SbS4, Na3SbSe4, beta-Al2O3
    case(
        "which electrolytes are pure ionic conductors",
        "derived",
        "cq-48",
        {"rule": "rule:electronic-leakage", "outcome": "naif:Satisfied"},
        iris(
            "nad:Na11Sn2PS12",
            "nad:Na11Sn2PSe12",
            "nad:Na2B10H10",
            "nad:Na3SbS4",
            "nad:Na3SbSe4",
            "nad:beta-Al2O3",
        ),
    ),
    # Hydrated Na3SbS4 still yields small-gap Na3Sb; the review calls it SEI by amount [118]
    case(
        "where does the derived interphase type disagree with the review",
        "derived",
        "cq-48",
        {"rule": "rule:interphase-type", "outcome": "naif:Disagrees"},
        iris("nad:Na3SbS4-8H2O"),
    ),
    # Windows more than 1 V apart at either end: Na3PS4 CV 0-5 V [231] vs 1.39-2.45 [159] and
    # 1.16-2.49 V [230]; Na3SbS4 0.5-5 vs 1.83-1.90 / 1.54-2.35 V; Na11Sn2PS12 1.25-5 vs
    # 1.37-2.23 V; NZSP 1.75-5 vs 1.1-3.5 V (Table 1); NASICON family 1.75-5.0 [209] vs
    # 1.13-3.35 V [230]. Na3PSe4's measured 1.25-2.33 V is within 1 V of its predictions.
    case(
        "where do experiment and prediction disagree",
        "derived",
        "cq-48",
        {"rule": "rule:window-discrepancy", "outcome": "naif:Disagrees"},
        iris(
            "nad:Na3PS4",
            "nad:Na3SbS4",
            "nad:Na11Sn2PS12",
            "nad:Na3Zr2Si2PO12",
            "naif:NasiconElectrolyte",
        ),
    ),
    case(
        "do the measured and computed stability windows of Na3PSe4 agree",
        "derived",
        "cq-48",
        {"rule": "rule:window-discrepancy", "within": "nad:Na3PSe4"},
        iris("nad:Na3PSe4"),
        outcome={"agrees"},
    ),
    # More than a factor 2 apart at comparable conditions: Na3AlH6 6.4e-4 (text) vs 6.4e-7 S/cm
    # (Table 1) [196]; Na11Sn2SbS12 0.2 mS/cm [189] vs 5.9e-4 S/cm [190]; La-doped NZSP
    # 3.4 mS/cm [167] vs 1.1e-3 S/cm [212]; cubic Na3PS4 2e-4 [173] vs 4.6e-4 S/cm [174].
    case(
        "which electrolytes have conflicting values",
        "derived",
        "cq-48",
        {"rule": "rule:conflicting-values", "outcome": "naif:Disagrees"},
        iris("nad:Na3AlH6", "nad:Na11Sn2SbS12", "nad:Na3Zr2Si2PO12-La", "nad:c-Na3PS4"),
    ),
]


def _binding(value: Any) -> Any:
    if isinstance(value, str):
        return iri(value)
    return value


def _check_bindings(result: AskResult, expected: dict[str, Any]) -> None:
    bound = result.interpretation.bindings
    for name, want in expected.items():
        assert name in bound, f"no binding {name}: {bound}"
        got = bound[name]
        if isinstance(want, bool):
            assert isinstance(got, Literal) and got.toPython() is want, (name, got)
        elif isinstance(want, float):
            assert isinstance(got, Literal)
            assert float(got.toPython()) == pytest.approx(want, rel=1e-6), (name, got)
        else:
            assert got == _binding(want), (name, got)


def _details(result: AskResult, key: str) -> set[str]:
    values: set[str] = set()
    for answer in result.answers:
        if key in answer.details:
            values |= {v.strip() for v in str(answer.details[key]).split(", ")}
    return values


@pytest.fixture(scope="module")
def store_graph(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Linker]:
    """The compiled store read through :class:`kg.storegraph.StoreGraph`, with its saved index."""
    from kg.storegraph import open_store_graph

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KG_CACHE", str(tmp_path_factory.mktemp("kg-cache-ask")))
        return open_store_graph(ROOT)


@pytest.mark.parametrize("engine", ["rdflib", "store"])
@pytest.mark.parametrize("row", TABLE)
def test_phrasing(
    row: Case, engine: str, graph: Graph, linker: Linker, request: pytest.FixtureRequest
) -> None:
    if engine == "store":  # the compiled store and the index saved with it: kg ask's default
        graph, linker = request.getfixturevalue("store_graph")
    result = ask(row.question, graph, linker=linker)
    assert result.interpretation.form == row.form
    assert result.interpretation.question.name.startswith(row.cq + "-")
    _check_bindings(result, row.bindings)
    got = {URIRef(a.iri) for a in result.answers}
    assert got == set(row.answers), (
        f"unexpected {sorted(got - row.answers)}, missing {sorted(row.answers - got)}"
    )
    for key, values in row.details.items():
        assert _details(result, key) == values, key
    for answer in result.answers:
        assert answer.citations, f"{answer.label} has no citation"
        for cite in answer.citations:
            assert cite["key"] and (cite["number"] is None or isinstance(cite["number"], int))


def test_table_covers_every_form_several_ways() -> None:
    rows = [p.values[0] for p in TABLE]
    assert len(rows) + len(COMPARE) >= 60
    forms: dict[str, int] = {}
    for row in rows:
        forms[row.form] = forms.get(row.form, 0) + 1
    forms["compare"] = len(COMPARE)
    assert set(forms) == set(FORMS)
    assert min(forms.values()) >= 4, forms
    assert len({row.question for row in rows}) == len(rows)


# --- comparing two electrolytes ------------------------------------------------------------------

COMPARE = [
    ("compare Na3PS4 and Na3SbS4", "nad:Na3PS4", "nad:Na3SbS4"),
    ("Na₃PS₄ vs Na₃SbS₄", "nad:Na3PS4", "nad:Na3SbS4"),
    ("COMPARE NA3PS4 AND NA3SBS4", "nad:Na3PS4", "nad:Na3SbS4"),
    ("how does NZSP differ from beta''-alumina", "nad:Na3Zr2Si2PO12", "nad:beta2-Al2O3"),
    ("compare β-Al2O3 with β''-Al2O3", "nad:beta-Al2O3", "nad:beta2-Al2O3"),
    ("contrast the properties of NASICON and Na3SbS4", "nad:Na3Zr2Si2PO12", "nad:Na3SbS4"),
]


@pytest.mark.parametrize(("question", "first", "second"), COMPARE, ids=[c[0] for c in COMPARE])
def test_compare_lists_every_measurement_of_both(
    question: str, first: str, second: str, graph: Graph, linker: Linker
) -> None:
    result = ask(question, graph, linker=linker)
    assert result.interpretation.form == "compare"
    assert result.interpretation.question.name.startswith("cq-08-")
    _check_bindings(result, {"first": first, "second": second})
    # every measurement recorded of either material (graph_data, naif:ofMaterial)
    expected = {
        m
        for material in (iri(first), iri(second))
        for m in graph.subjects(NAIF.ofMaterial, material)
        if (m, RDF.type, NAIF.Measurement) in graph
    }
    assert {URIRef(a.iri) for a in result.answers} == expected
    assert all(a.citations for a in result.answers)
    # Table 1 ionic conductivities of both appear, labelled with the material
    labels = " | ".join(a.label for a in result.answers)
    assert f"ionic conductivity of {graph.value(iri(first), RDFS.label)}" in labels
    assert f"ionic conductivity of {graph.value(iri(second), RDFS.label)}" in labels


# --- the same answers for a family, its synonyms and a member, where that applies ----------------

SAME_ANSWERS = [
    [
        "which remedies address MCI for chalcogenides",
        "which remedies address MCI for chalcogenide electrolytes",
        "which remedies address MCI for sulfides",
        "which remedies address MCI for sulphide",
        "which remedies address the mixed conducting interphase for thiophosphates",
    ],
    [
        "how can the Na/NASICON wettability be improved",
        "how can the Na/NZSP wettability be improved",
        "how can the Na/Na3Zr2Si2PO12 wettability be improved",
        "how can the sodium wettability of the sodium super ionic conductor be improved",
        "how can the Na/NASICON-type electrolyte wettability be improved",
    ],
    [
        "what is the stability window of NASICON",
        "what is the stability window of NZSP",
        "what is the ESW of Na₃Zr₂Si₂PO₁₂",
    ],
    [
        "which techniques were used on the Na/beta-alumina interface",
        "which techniques were used on the Na/β-alumina interface",
        "which techniques were used on the Na/β-Al2O3 interface",
        "which techniques were used on the Na/sodium beta-alumina interface",
    ],
    [
        "which members does the beta-alumina family have",
        "which members does the sodium β-alumina family have",
    ],
]


@pytest.mark.parametrize("questions", SAME_ANSWERS, ids=[q[0] for q in SAME_ANSWERS])
def test_family_synonym_and_member_give_the_same_answers(
    questions: list[str], graph: Graph, linker: Linker
) -> None:
    answers = [frozenset(a.iri for a in ask(q, graph, linker=linker).answers) for q in questions]
    assert answers[0], questions[0]
    assert all(a == answers[0] for a in answers), questions


# --- lithium and sodium kept apart ---------------------------------------------------------------


def _system_of(graph: Graph, node: URIRef) -> URIRef | None:
    found = graph.value(node, NAIF.chemicalSystem)
    return found if isinstance(found, URIRef) else None


@pytest.mark.parametrize(
    "row", [p for p in TABLE if p.values[0].form in ("remedies", "threshold", "members", "stable")]
)
def test_answers_belong_to_the_asked_system(row: Case, graph: Graph, linker: Linker) -> None:
    result = ask(row.question, graph, linker=linker)
    system = result.interpretation.bindings["system"]
    for answer in result.answers:
        assert _system_of(graph, URIRef(answer.iri)) == system, answer.label


def test_a_sodium_question_never_lists_lithium_remedies(graph: Graph, linker: Linker) -> None:
    lithium = {
        r
        for r in graph.subjects(NAIF.chemicalSystem, NAIF.LithiumSystem)
        if (r, NAIF.appliedTo, None) in graph
    }
    assert lithium  # the review offers lithium remedies as inspiration
    for problem in ("poor wettability", "dendrite penetration", "narrow stability window"):
        for question in (f"which remedies address {problem}", f"how to fix {problem} for NASICON"):
            got = {URIRef(a.iri) for a in ask(question, graph, linker=linker).answers}
            assert not got & lithium, question
        got = {
            URIRef(a.iri)
            for a in ask(f"which lithium remedies address {problem}", graph, linker=linker).answers
        }
        assert got and got <= lithium, problem


def test_a_lithium_electrolyte_sets_the_system(graph: Graph, linker: Linker) -> None:
    result = ask("which remedies address contact loss for Li6PS5Cl", graph, linker=linker)
    assert result.interpretation.bindings["system"] == NAIF.LithiumSystem
    assert {URIRef(a.iri) for a in result.answers} == iris(
        "nad:remedy-stack-pressure-Li6PS5Cl-145-146"
    )


# --- numbers, units and temperatures -------------------------------------------------------------


@pytest.mark.parametrize(
    "limit",
    [
        "1 mS/cm",
        "1 mS cm-1",
        "1 mS cm⁻¹",
        "1e-3 S/cm",
        "1E-3 S cm^-1",
        "0.001 S/cm",
        "1 × 10⁻³ S/cm",
        "1x10^-3 S/cm",
        "10^-3 S/cm",
        "0.1 S/m",
    ],
)
def test_limits_are_converted_to_si(limit: str, linker: Linker) -> None:
    i = interpret(f"which electrolytes conduct above {limit}", linker)
    assert i.form == "threshold"
    assert float(i.bindings["minimum"].toPython()) == pytest.approx(0.1, rel=1e-6)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("words", "tmin", "tmax", "unstated"),
    [
        ("at room temperature", 293.15, 303.15, False),
        ("at RT", 293.15, 303.15, False),
        ("at 25 °C", 295.65, 300.65, False),
        ("at 110 C", 380.65, 385.65, False),
        ("at 383 K", 380.5, 385.5, False),
        ("", 0.0, 1e6, True),
    ],
)
def test_temperatures(words: str, tmin: float, tmax: float, unstated: bool, linker: Linker) -> None:
    i = interpret(f"which electrolytes conduct above 1 mS/cm {words}", linker)
    assert float(i.bindings["tmin"].toPython()) == pytest.approx(tmin)  # type: ignore[union-attr]
    assert float(i.bindings["tmax"].toPython()) == pytest.approx(tmax)  # type: ignore[union-attr]
    assert i.bindings["unstated"].toPython() is unstated  # type: ignore[union-attr]


def test_at_110_celsius_finds_the_hot_closo_borate(graph: Graph, linker: Linker) -> None:
    # Table 1: Na2B10H10 reaches 1e-2 S/cm only at 110 °C [198]
    result = ask("which electrolytes conduct at least 5 mS/cm at 110 °C", graph, linker=linker)
    assert {URIRef(a.iri) for a in result.answers} == iris("nad:Na2B10H10")


# --- questions it cannot answer ------------------------------------------------------------------

NOT_UNDERSTOOD = [
    ("", "empty"),
    ("   ", "empty"),
    ("hello", "names nothing the graph knows"),
    ("what is the weather in Paris", "Paris"),
    ("SELECT ?x WHERE { ?x ?y ?z }", "names nothing the graph knows"),
    ("{ } ; INSERT DATA { <urn:a> <urn:b> <urn:c> }", "names nothing the graph knows"),
    ("ionic conductivity of Na3SbS5", "Na3SbS4"),
    ("which remedies address MCI for Na3SbS5", "Na3SbS4"),
    ("what is the ionic conductivity of Na4SbS4", "Na3SbS4"),
    ("which remedies address MCI for oxides", "oxides"),
    ("which remedies address MCI for Halides in detail", "Halides"),
    ("how is Na3SbS4 stable in air", "against Na (or Li) metal only"),
    ("compare Na3PS4", "two electrolytes"),
    ("ionic conductivity above 1e-3 at room temperature", "unit"),
    ("which electrolytes have a shear modulus above 1 mS/cm", "not a unit of shear modulus"),
    ("what do sulfides decompose into at the Na interface", "Na3SbS4"),
    ("which dopants of chalcogenides are known", "Na3PS4"),
    ("Which references support the Sc doping of NASICON?", "several remedies"),
    ("how is Na3SbS4 protected against Na metal", "MCI formation"),
    ("stability window of complex hydrides", "Na2B10H10"),
]


@pytest.mark.parametrize(
    ("question", "hint"), NOT_UNDERSTOOD, ids=[q or "(empty)" for q, _ in NOT_UNDERSTOOD]
)
def test_unmappable_questions_get_a_helpful_line(question: str, hint: str, linker: Linker) -> None:
    with pytest.raises(NotUnderstood) as caught:
        interpret(question, linker)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("cannot answer this question:")
    assert hint in message
    assert FORMS["remedies"] in message and FORMS["threshold"] in message


# --- user text never becomes query text ----------------------------------------------------------

INJECTIONS = [
    'which remedies address MCI for chalcogenides"; DROP GRAPH <urn:x> ;'
    " INSERT DATA { <a> <b> <c> }",
    "which electrolytes are stable against Na metal } ; DELETE WHERE { ?s ?p ?o }",
    "compare 'Na3PS4' and \"Na3SbS4\" ; DROP ALL",
    "ionic conductivity of Na3SbS4 } UNION { ?s ?p ?o",
    "which electrolytes conduct above 1 mS/cm } ; INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
    "<https://w3id.org/naif/data/Na3SbS4> naif:formula ?f",
    'remedies for MCI in Na3SbS4 \\" } ; LOAD <http://example.org/x>',
]


@pytest.mark.parametrize("question", INJECTIONS)
def test_sparql_in_a_question_is_treated_as_words(
    question: str, graph: Graph, linker: Linker
) -> None:
    size = len(graph)
    try:
        result = ask(question, graph, linker=linker)
    except NotUnderstood:
        assert len(graph) == size
        return
    assert len(graph) == size
    template = result.interpretation.question.text()
    for word in ("DROP", "INSERT", "DELETE", "LOAD", "urn:x", "example.org"):
        assert word not in result.sparql or word in template
    for value in result.interpretation.bindings.values():
        if isinstance(value, URIRef):
            assert (value, None, None) in graph or (None, None, value) in graph, value
        else:
            assert isinstance(value, Literal) and not isinstance(value.toPython(), str), value


# --- the command line ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "hint"),
    [
        ("what is the weather in Paris", "which remedies address MCI for chalcogenides"),
        ("", "empty"),
        ("ionic conductivity of Na3SbS5", "Na3SbS4"),
        ("{ } ; INSERT DATA { <urn:a> <urn:b> <urn:c> }", "names nothing"),
    ],
)
def test_cli_refuses_with_exit_1_and_one_line(question: str, hint: str) -> None:
    proc = run_kg("ask", question)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kg: error: cannot answer this question")
    assert hint in lines[0]


def test_cli_answers_despite_sparql_words() -> None:
    proc = run_kg("ask", "which electrolytes are stable against Na metal } ; DROP ALL")
    assert proc.returncode == 0, proc.stderr
    assert "β-Al2O3" in proc.stdout and "Traceback" not in proc.stderr


def test_cli_explain_prints_the_chain_of_facts() -> None:
    proc = run_kg("ask", "--explain", "which remedies address MCI for chalcogenides")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert out.startswith("Interpretation: remedies that address")
    # remedy -> problem -> interphase type, and applied-to member -> family
    assert "nad:remedy-hydration-Na3SbS4-118 naif:appliedTo nad:Na3SbS4" in out
    assert "nad:remedy-hydration-Na3SbS4-118 naif:addresses naif:MCIFormation" in out
    assert (
        "naif:MCIFormation (MCI formation) naif:relatedInterphaseType "
        "naif:MixedConductingInterphase" in out
    )
    assert "naif:SulfideElectrolyte (Sulfide) rdfs:subClassOf naif:ChalcogenideElectrolyte" in out
    blocks = [b for b in out.split("\n") if b[:1].isdigit()]
    assert len(blocks) == 3
    assert out.count("because:") >= 3 * 4 and out.count("source:") >= 3
    assert "source: Y.S. Tian et al. 2019 [118] (Tian2019-118)" in out


def _run_printed(header: str, query: str) -> set[str]:
    """Run a ``--sparql`` printout through ``kg query -`` with its printed bindings."""
    assert header.startswith("# kg query cq-")
    bindings = header.split(" with ", 1)[1].split(", ")
    params = [arg for pair in bindings for arg in ("--param", pair)]
    proc = run_kg("query", "-", *params, "--format", "json", stdin=query)
    assert proc.returncode == 0, proc.stderr
    return {
        json.dumps(row, sort_keys=True) for row in json.loads(proc.stdout)["results"]["bindings"]
    }


SPARQL_CASES = [
    ("which remedies address MCI for chalcogenides", "remedy"),
    ("which sulfides conduct above 1 mS/cm at room temperature", "electrolyte"),
    ("which electrolytes are NASICONs", "electrolyte"),
    ("what does Na3PS4 decompose into at the Na interface", "observation"),
    ("which electrolytes are stable against Na metal", "electrolyte"),
]


@pytest.mark.parametrize(("question", "column"), SPARQL_CASES, ids=[c[0] for c in SPARQL_CASES])
def test_cli_sparql_reruns_through_kg_query(
    question: str, column: str, graph: Graph, linker: Linker
) -> None:
    proc = run_kg("ask", "--sparql", question)
    assert proc.returncode == 0, proc.stderr
    header, _, query = proc.stdout.partition("\n")
    rows = [json.loads(r) for r in _run_printed(header, query)]
    expected = ask(question, graph, linker=linker)
    assert query.strip() == expected.sparql.strip()
    got = {r[column]["value"] for r in rows if column in r}
    main = {a.iri for a in expected.answers}
    if column == "observation":  # products: one answer per product, or per observation without one
        got = {r.get("product", r["observation"])["value"] for r in rows}
    assert got == main


def test_cli_sparql_for_a_declared_template_runs_by_name(graph: Graph, linker: Linker) -> None:
    proc = run_kg("ask", "--sparql", "how can the Na/NASICON wettability be improved")
    header = proc.stdout.partition("\n")[0]
    name = header.split()[3]
    pairs = header.split(" with ", 1)[1].split(", ")
    params = [arg for pair in pairs for arg in ("--param", pair)]
    out = run_kg("query", name, *params, "--format", "json")
    assert out.returncode == 0, out.stderr
    remedies = {b["remedy"]["value"] for b in json.loads(out.stdout)["results"]["bindings"]}
    assert remedies == {str(i) for i in WETTING_NASICON}


def test_cli_json_shape_and_citations() -> None:
    question = "which electrolytes conduct above 1 mS/cm at room temperature"
    proc = run_kg("ask", "--format", "json", question)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert {"question", "interpretation", "sparql", "answers"} <= set(data)
    assert data["question"] == question
    assert isinstance(data["interpretation"], str) and "room temperature" in data["interpretation"]
    assert "SELECT" in data["sparql"]
    assert {a["iri"] for a in data["answers"]} == {str(i) for i in RT_ABOVE_1MS}
    for answer in data["answers"]:
        assert set(answer) == {"label", "iri", "details", "citations"}
        assert answer["citations"], answer["label"]
        for cite in answer["citations"]:
            assert {"number", "key", "label"} <= set(cite)
            assert cite["key"]
    beta = next(a for a in data["answers"] if a["iri"].endswith("/beta-Al2O3"))
    assert {c["key"] for c in beta["citations"]} >= {"Whittingham1971-154"}


def test_cli_text_answer_carries_numbers_and_keys() -> None:
    proc = run_kg("ask", "what is the ionic conductivity of Na3SbS4")
    assert proc.returncode == 0, proc.stderr
    assert "S/cm at 25 °C (experimental, Table 1)" in proc.stdout
    assert "cited: [183] Wang2016-183" in proc.stdout


def test_cli_ask_on_an_endpoint(oxigraph_servers: dict[str, str]) -> None:
    question = ["which remedies address MCI for chalcogenides", "--format", "json"]
    local = run_kg("ask", *question)
    remote = run_kg("ask", "--endpoint", oxigraph_servers["plain"], *question)
    assert remote.returncode == 0, remote.stderr
    assert json.loads(remote.stdout) == json.loads(local.stdout)
    verdicts = ["which electrolytes satisfy the Monroe criterion", "--format", "json"]
    remote = run_kg("ask", "--endpoint", oxigraph_servers["union"], *verdicts)
    assert remote.returncode == 0, remote.stderr
    assert json.loads(remote.stdout) == json.loads(run_kg("ask", *verdicts).stdout)


def test_cli_ask_endpoint_errors_are_one_line() -> None:
    from kg.remote import free_port

    proc = run_kg(
        "ask", "--endpoint", f"http://127.0.0.1:{free_port()}/query", "--timeout", "2",
        "which remedies address MCI for chalcogenides",
    )  # fmt: skip
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr


def test_cli_ask_engines_agree() -> None:
    question = ["which electrolytes are at risk of forming an MCI", "--format", "json"]
    store = run_kg("ask", *question)
    rdflib = run_kg("ask", "--engine", "rdflib", *question)
    assert store.returncode == rdflib.returncode == 0, store.stderr + rdflib.stderr
    assert json.loads(store.stdout) == json.loads(rdflib.stdout)
