"""Generate a synthetic, literature-shaped NaIF project of a chosen size, for benchmarks.

The project follows this repository's ontology and shapes, so ``kg validate --root DIR``
passes on it and the competency questions answer with their default parameters. It is made
of "papers": each synthetic reference (``Surname2016-1042`` in ``references.bib``, with its
``citationnumber``) reports a few facts about one to three electrolytes:

* electrolytes derived from real hosts (``nad:Na3SbS4``, ``nad:Na3Zr2Si2PO12``, ...) by doping,
  each typed with the host's family (a Se-for-S swap makes a mixed chalcogenide), with a
  formula, label, synonym, chemical system and ``naif:Substitution`` nodes;
* measurements (``naif:Measurement``) of the property kinds of the vocabulary, in their
  allowed units, as numbers, ranges, before/after pairs or grades, with temperatures and
  other conditions, evidence, method, ``dcterms:source`` and ``naif:statedIn``;
* interfaces with Na (or Li) metal and observations of them, with products and the
  interphase type their electronic character implies; computed stability limits;
* remedies (``naif:RemedyApplication`` subclasses) with ``naif:appliedTo``,
  ``naif:addresses``, materials used and measured effects; findings; family-level values.

A fixed anchor file (``graph_data/anchors.ttl``) holds the real entities the default
parameters of the competency questions name (``nad:Na3SbS4``, ``nad:Na3P``, ``nad:Na``,
``nad:Table1`` and the review's sections, the facts ``nad:m-Na3AlH6-ionic-conductivity-196``
and ``nad:m-chalcogenides-electronic-conductivity-105-192``, ...), with a few real references.
Their values and attributions are synthetic; the graph is for measuring speed, not for reading.
Each anchor material receives at most ``ANCHOR_CAP`` synthetic papers, so default-parameter
answers stay small (as on curated data) while the graph grows around them.

The size counted is that of the compiled graph: ontology modules, data and references (not
the shapes, not the rules' derived statements). Same seed, same size: same bytes.

Besides the project, ``new-paper.ttl`` (in the project folder, outside ``graph_data/``) holds
the facts of one more paper, as a curator would add them: a new doped electrolyte with its
substitution, measurements, an interface observation and a remedy, a hundred triples or so.
Its reference is already in ``references.bib`` (curators add the BibTeX entry first). It is
what ``kg validate --changed`` is timed on: one paper checked against the whole graph.

Usage::

    python benchmarks/generate.py --triples 100k --out /tmp/naif-bench/naif-100k --seed 1
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import shutil
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO

REPO = Path(__file__).resolve().parent.parent
MARKER = "bench-project.json"
GENERATOR_VERSION = 2
#: The facts of one more paper, outside ``graph_data/`` (see the module docstring).
NEW_PAPER = "new-paper.ttl"
#: Synthetic papers an anchor (real) electrolyte may receive at most.
ANCHOR_CAP = 25
#: Citation numbers of synthetic references start here, clear of the review's 1-263.
FIRST_NUMBER = 1001

PREFIXES = """@prefix naif: <https://w3id.org/naif/ontology#> .
@prefix nad: <https://w3id.org/naif/data/> .
@prefix ref: <https://w3id.org/naif/ref/> .
@prefix elem: <https://w3id.org/naif/element/> .
@prefix qudt: <http://qudt.org/schema/qudt/> .
@prefix unit: <http://qudt.org/vocab/unit/> .
@prefix naifunit: <https://w3id.org/naif/unit/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
"""

# --------------------------------------------------------------------------------------------
# Anchors: real IRIs that the competency questions' defaults name, with synthetic values.
# --------------------------------------------------------------------------------------------

ANCHORS = """# Anchors of the synthetic benchmark graph: the real entities that the competency
# questions' default parameters name. IRIs, labels and formulas are those of the curated
# graph; values and attributions are synthetic (benchmarks/generate.py). Not for reading, for
# measuring.

nad:Table1 a naif:DocumentPart ; rdfs:label "Table 1"@en ; skos:notation "T1" ;
    dcterms:isPartOf ref:Tang2020-review .
nad:section-interface-stability a naif:DocumentPart ; rdfs:label "Interface stability"@en ;
    skos:notation "S02" ; dcterms:isPartOf ref:Tang2020-review .
nad:section-electrochemical-stability a naif:DocumentPart ;
    rdfs:label "(Electro)chemical stability"@en ; skos:notation "S03" ;
    dcterms:isPartOf ref:Tang2020-review .
nad:section-mechanical-stability a naif:DocumentPart ; rdfs:label "Mechanical stability"@en ;
    skos:notation "S04" ; dcterms:isPartOf ref:Tang2020-review .
nad:section-beta-alumina a naif:DocumentPart ; rdfs:label "Sodium beta-alumina"@en ;
    skos:notation "S05" ; dcterms:isPartOf ref:Tang2020-review ;
    dcterms:references ref:Wenzel2016-105, ref:Whittingham1971-154 .
nad:section-nasicon a naif:DocumentPart ; rdfs:label "NASICON"@en ; skos:notation "S06" ;
    dcterms:isPartOf ref:Tang2020-review ; dcterms:references ref:Gao2018-119 .
nad:section-chalcogenides a naif:DocumentPart ; rdfs:label "Chalcogenides"@en ;
    skos:notation "S07" ; dcterms:isPartOf ref:Tang2020-review ;
    dcterms:references ref:Wenzel2016-105, ref:Tian2019-118, ref:Hayashi2012-173,
        ref:Wu2018-176, ref:Heyd2003-177, ref:Zhang2018-192 .
nad:section-complex-hydrides a naif:DocumentPart ; rdfs:label "Complex hydrides"@en ;
    skos:notation "S08" ; dcterms:isPartOf ref:Tang2020-review ;
    dcterms:references ref:Oguchi2012-196 .
nad:section-perovskites a naif:DocumentPart ; rdfs:label "Perovskites"@en ; skos:notation "S09" ;
    dcterms:isPartOf ref:Tang2020-review .
nad:section-antiperovskites a naif:DocumentPart ; rdfs:label "Antiperovskites"@en ;
    skos:notation "S10" ; dcterms:isPartOf ref:Tang2020-review ;
    dcterms:references ref:Richards2015-111 .
nad:section-ionic-conductivity a naif:DocumentPart ;
    rdfs:label "Choosing the ideal solid-state electrolyte: ionic conductivity"@en ;
    skos:notation "S11" ; dcterms:isPartOf ref:Tang2020-review .
nad:section-electronic-conductivity a naif:DocumentPart ;
    rdfs:label "Choosing the ideal solid-state electrolyte: electronic conductivity"@en ;
    skos:notation "S12" ; dcterms:isPartOf ref:Tang2020-review ;
    dcterms:references ref:Wenzel2016-105, ref:Wu2018-176, ref:Zhang2018-192 .
nad:section-mechanical-strength a naif:DocumentPart ;
    rdfs:label "Choosing the ideal solid-state electrolyte: mechanical strength"@en ;
    skos:notation "S13" ; dcterms:isPartOf ref:Tang2020-review .
nad:section-stability-window a naif:DocumentPart ;
    rdfs:label "Choosing the ideal solid-state electrolyte: electrochemical stability window"@en ;
    skos:notation "S14" ; dcterms:isPartOf ref:Tang2020-review ;
    dcterms:references ref:Lacivita2019-159, ref:Ruan2019-209 .
nad:section-sodium-wettability a naif:DocumentPart ;
    rdfs:label "Choosing the ideal solid-state electrolyte: sodium wettability"@en ;
    skos:notation "S15" ; dcterms:isPartOf ref:Tang2020-review ;
    dcterms:references ref:Wenzel2016-105, ref:Zhou2017-233 .
nad:section-remedies a naif:DocumentPart ;
    rdfs:label "Remedies to address interfacial instability"@en ; skos:notation "S16" ;
    dcterms:isPartOf ref:Tang2020-review .
nad:section-compositional-tuning a naif:DocumentPart ;
    rdfs:label "Remedies: compositional tuning"@en ; skos:notation "S17" ;
    dcterms:isPartOf ref:Tang2020-review .
nad:section-artificial-sei a naif:DocumentPart ; rdfs:label "Remedies: artificial SEIs"@en ;
    skos:notation "S18" ; dcterms:isPartOf ref:Tang2020-review ;
    dcterms:references ref:Zhou2017-233, ref:Hu2019-252 .
nad:section-sodium-alloying a naif:DocumentPart ;
    rdfs:label "Remedies: sodium alloying and other solutions"@en ; skos:notation "S19" ;
    dcterms:isPartOf ref:Tang2020-review .

nad:T1-col-ionic-conductivity a naif:TableColumn ; rdfs:label "Ionic Conductivity (S cm-1)"@en ;
    naif:inTable nad:Table1 ; naif:columnNumber 3 ; naif:columnProperty naif:IonicConductivity .
nad:T1-col-activation-energy a naif:TableColumn ; rdfs:label "Ea (eV)"@en ;
    naif:inTable nad:Table1 ; naif:columnNumber 4 ; naif:columnProperty naif:ActivationEnergy .
nad:T1-col-electronic-conductivity a naif:TableColumn ;
    rdfs:label "Electronic Conductivity (S cm-1)"@en ; naif:inTable nad:Table1 ;
    naif:columnNumber 5 ; naif:columnProperty naif:ElectronicConductivity .
nad:T1-col-window a naif:TableColumn ; rdfs:label "Electrochemical Window (V)"@en ;
    naif:inTable nad:Table1 ; naif:columnNumber 6 ;
    naif:columnProperty naif:ElectrochemicalStabilityWindow ;
    naif:columnEvidence naif:Experimental .
nad:T1-col-predicted-window a naif:TableColumn ; rdfs:label "Predicted Window (V)"@en ;
    naif:inTable nad:Table1 ; naif:columnNumber 7 ;
    naif:columnProperty naif:ElectrochemicalStabilityWindow ; naif:columnEvidence naif:Computed .
nad:T1-col-shear-modulus a naif:TableColumn ; rdfs:label "Shear Modulus (GPa)"@en ;
    naif:inTable nad:Table1 ; naif:columnNumber 8 ; naif:columnProperty naif:ShearModulus .
nad:T1-col-youngs-modulus a naif:TableColumn ; rdfs:label "Young's Modulus (GPa)"@en ;
    naif:inTable nad:Table1 ; naif:columnNumber 9 ; naif:columnProperty naif:YoungsModulus .
nad:T1-col-interfacial-resistance a naif:TableColumn ; rdfs:label "Interfacial Resistance"@en ;
    naif:inTable nad:Table1 ; naif:columnNumber 10 ;
    naif:columnProperty naif:InterfacialResistance .
nad:T1-col-wettability a naif:TableColumn ; rdfs:label "Wettability"@en ;
    naif:inTable nad:Table1 ; naif:columnNumber 11 ; naif:columnProperty naif:Wettability .

# --- electrolytes --------------------------------------------------------------------------

nad:beta-Al2O3 a naif:BetaAlumina ; rdfs:label "β-Al2O3"@en ; naif:formula "beta-Al2O3" ;
    skos:altLabel "β-alumina"@en, "beta-alumina"@en ; naif:crystalSystem "hexagonal" ;
    naif:chemicalSystem naif:SodiumSystem ; dcterms:source ref:Whittingham1971-154 .
nad:beta2-Al2O3 a naif:BetaDoublePrimeAlumina ; rdfs:label "β''-Al2O3"@en ;
    naif:formula "beta''-Al2O3" ; skos:altLabel "β''-alumina"@en, "BASE"@en ;
    naif:chemicalSystem naif:SodiumSystem ; dcterms:source ref:Wenzel2016-105 .
nad:Na3Zr2Si2PO12 a naif:NasiconElectrolyte ; rdfs:label "Na3Zr2Si2PO12"@en ;
    naif:formula "Na3Zr2Si2PO12" ; skos:altLabel "NZSP"@en, "NASICON"@en ;
    naif:crystalSystem "monoclinic" ;
    naif:chemicalSystem naif:SodiumSystem ; dcterms:source ref:Ruan2019-209 .
nad:Na3PS4 a naif:SulfideElectrolyte ; rdfs:label "Na3PS4"@en ; naif:formula "Na3PS4" ;
    skos:altLabel "sodium thiophosphate"@en ;
    naif:chemicalSystem naif:SodiumSystem ; dcterms:source ref:Hayashi2012-173 .
nad:t-Na3PS4 a naif:SulfideElectrolyte ; rdfs:label "tetragonal Na3PS4"@en ;
    naif:formula "Na3PS4" ; skos:altLabel "t-Na3PS4"@en ;
    naif:crystalSystem "tetragonal" ; naif:spaceGroup "P-421c" ; naif:derivedFrom nad:Na3PS4 ;
    naif:chemicalSystem naif:SodiumSystem ; dcterms:source ref:Hayashi2012-173 .
nad:Na3SbS4 a naif:SulfideElectrolyte ; rdfs:label "Na3SbS4"@en ; naif:formula "Na3SbS4" ;
    skos:altLabel "sodium thioantimonate"@en ; naif:crystalSystem "tetragonal" ;
    naif:chemicalSystem naif:SodiumSystem ; dcterms:source ref:Wu2018-176 .
nad:Na11Sn2PS12 a naif:SulfideElectrolyte ; rdfs:label "Na11Sn2PS12"@en ;
    naif:formula "Na11Sn2PS12" ;
    naif:chemicalSystem naif:SodiumSystem ; dcterms:source ref:Zhang2018-192 .
nad:Na3PSe4 a naif:SelenideElectrolyte ; rdfs:label "Na3PSe4"@en ; naif:formula "Na3PSe4" ;
    naif:chemicalSystem naif:SodiumSystem ; dcterms:source ref:Zhang2018-192 .
nad:Na3SbSe4 a naif:SelenideElectrolyte ; rdfs:label "Na3SbSe4"@en ; naif:formula "Na3SbSe4" ;
    naif:chemicalSystem naif:SodiumSystem ; dcterms:source ref:Zhang2018-192 .
nad:NaAlH4 a naif:AluminohydrideElectrolyte ; rdfs:label "NaAlH4"@en ; naif:formula "NaAlH4" ;
    naif:chemicalSystem naif:SodiumSystem ; dcterms:source ref:Oguchi2012-196 .
nad:Na3AlH6 a naif:AluminohydrideElectrolyte ; rdfs:label "Na3AlH6"@en ; naif:formula "Na3AlH6" ;
    naif:chemicalSystem naif:SodiumSystem ; dcterms:source ref:Oguchi2012-196 .
nad:Na2B10H10 a naif:ClosoBorateElectrolyte ; rdfs:label "Na2B10H10"@en ;
    naif:formula "Na2B10H10" ;
    naif:chemicalSystem naif:SodiumSystem ; dcterms:source ref:Lacivita2019-159 .
nad:Na0.33La0.55ZrO3 a naif:PerovskiteElectrolyte ; rdfs:label "Na0.33La0.55ZrO3"@en ;
    naif:formula "Na0.33La0.55ZrO3" ; skos:altLabel "NLZO"@en ;
    naif:chemicalSystem naif:SodiumSystem ; dcterms:source ref:Lacivita2019-159 .
nad:Na3OCl a naif:AntiperovskiteElectrolyte ; rdfs:label "Na3OCl"@en ; naif:formula "Na3OCl" ;
    naif:chemicalSystem naif:SodiumSystem ; dcterms:source ref:Richards2015-111 .
nad:Na3OBr a naif:AntiperovskiteElectrolyte ; rdfs:label "Na3OBr"@en ; naif:formula "Na3OBr" ;
    naif:chemicalSystem naif:SodiumSystem ; dcterms:source ref:Richards2015-111 .
nad:Li6PS5Cl a naif:SulfideElectrolyte ; rdfs:label "Li6PS5Cl"@en ; naif:formula "Li6PS5Cl" ;
    skos:altLabel "argyrodite"@en ;
    naif:chemicalSystem naif:LithiumSystem ; dcterms:source ref:Kasemchainan2019-145 .
nad:Li10GeP2S12 a naif:SulfideElectrolyte ; rdfs:label "Li10GeP2S12"@en ;
    naif:formula "Li10GeP2S12" ; skos:altLabel "LGPS"@en ;
    naif:chemicalSystem naif:LithiumSystem ; dcterms:source ref:Kasemchainan2019-145 .
nad:Li7La3Zr2O12 a naif:GarnetElectrolyte ; rdfs:label "Li7La3Zr2O12"@en ;
    naif:formula "Li7La3Zr2O12" ; skos:altLabel "LLZO"@en ;
    naif:chemicalSystem naif:LithiumSystem ; dcterms:source ref:Kasemchainan2019-145 .

# --- phases, metals, alloys, interlayer materials --------------------------------------------

nad:Na3P a naif:Phase ; rdfs:label "Na3P"@en ; naif:formula "Na3P" ;
    naif:electronicCharacter naif:Semiconductor ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Heyd2003-177 .
nad:Na3Sb a naif:Phase ; rdfs:label "Na3Sb"@en ; naif:formula "Na3Sb" ;
    naif:electronicCharacter naif:Semiconductor ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Wu2018-176 .
nad:Na3As a naif:Phase ; rdfs:label "Na3As"@en ; naif:formula "Na3As" ;
    naif:electronicCharacter naif:Semiconductor ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Richards2015-111 .
nad:NaGe a naif:Phase ; rdfs:label "NaGe"@en ; naif:formula "NaGe" ;
    naif:electronicCharacter naif:Semiconductor ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Richards2015-111 .
nad:NaSi a naif:Phase ; rdfs:label "NaSi"@en ; naif:formula "NaSi" ;
    naif:electronicCharacter naif:Semiconductor ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Richards2015-111 .
nad:Sn a naif:Phase ; rdfs:label "Sn"@en ; naif:formula "Sn" ;
    naif:electronicCharacter naif:Metallic ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Zhang2018-192 .
nad:W a naif:Phase ; rdfs:label "W"@en ; naif:formula "W" ;
    naif:electronicCharacter naif:Metallic ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Lacivita2019-159 .
nad:Mo a naif:Phase ; rdfs:label "Mo"@en ; naif:formula "Mo" ;
    naif:electronicCharacter naif:Metallic ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Lacivita2019-159 .
nad:Na2S a naif:Phase ; rdfs:label "Na2S"@en ; naif:formula "Na2S" ;
    naif:electronicCharacter naif:Insulator ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Wu2018-176 .
nad:Na2Se a naif:Phase ; rdfs:label "Na2Se"@en ; naif:formula "Na2Se" ;
    naif:electronicCharacter naif:Insulator ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Richards2015-111 .
nad:NaCl a naif:Phase ; rdfs:label "NaCl"@en ; naif:formula "NaCl" ;
    naif:electronicCharacter naif:Insulator ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Richards2015-111 .
nad:NaBr a naif:Phase ; rdfs:label "NaBr"@en ; naif:formula "NaBr" ;
    naif:electronicCharacter naif:Insulator ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Richards2015-111 .
nad:NaI a naif:Phase ; rdfs:label "NaI"@en ; naif:formula "NaI" ;
    naif:electronicCharacter naif:Insulator ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Richards2015-111 .
nad:NaF a naif:Phase ; rdfs:label "NaF"@en ; naif:formula "NaF" ;
    naif:electronicCharacter naif:Insulator ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Richards2015-111 .
nad:Na2Te a naif:Phase ; rdfs:label "Na2Te"@en ; naif:formula "Na2Te" ;
    naif:electronicCharacter naif:Insulator ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Richards2015-111 .
nad:Na2O a naif:Phase ; rdfs:label "Na2O"@en ; naif:formula "Na2O" ;
    naif:electronicCharacter naif:Insulator ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Tian2019-118 .
nad:NaOx a naif:Phase ; rdfs:label "NaOx"@en ; naif:formula "NaOx" ;
    naif:electronicCharacter naif:Insulator ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Gao2018-119 .
nad:NaH a naif:Phase ; rdfs:label "NaH"@en ; naif:formula "NaH" ;
    naif:electronicCharacter naif:Insulator ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Tian2019-118 .
nad:Li2S a naif:Phase ; rdfs:label "Li2S"@en ; naif:formula "Li2S" ;
    naif:electronicCharacter naif:Insulator ; naif:chemicalSystem naif:LithiumSystem ;
    dcterms:source ref:Richards2015-111 .
nad:Li3P a naif:Phase ; rdfs:label "Li3P"@en ; naif:formula "Li3P" ;
    naif:electronicCharacter naif:Semiconductor ; naif:chemicalSystem naif:LithiumSystem ;
    dcterms:source ref:Richards2015-111 .
nad:Li2O a naif:Phase ; rdfs:label "Li2O"@en ; naif:formula "Li2O" ;
    naif:electronicCharacter naif:Insulator ; naif:chemicalSystem naif:LithiumSystem ;
    dcterms:source ref:Richards2015-111 .
nad:LiCl a naif:Phase ; rdfs:label "LiCl"@en ; naif:formula "LiCl" ;
    naif:electronicCharacter naif:Insulator ; naif:chemicalSystem naif:LithiumSystem ;
    dcterms:source ref:Richards2015-111 .
nad:Li15Ge4 a naif:Phase ; rdfs:label "Li15Ge4"@en ; naif:formula "Li15Ge4" ;
    naif:electronicCharacter naif:Metallic ; naif:chemicalSystem naif:LithiumSystem ;
    dcterms:source ref:Richards2015-111 .

nad:Na a naif:Metal ; rdfs:label "Na metal"@en ; naif:formula "Na" ;
    naif:chemicalSystem naif:SodiumSystem .
nad:Li a naif:Metal ; rdfs:label "Li metal"@en ; naif:formula "Li" ;
    naif:chemicalSystem naif:LithiumSystem .
nad:Na-Sn a naif:Alloy ; rdfs:label "Na-Sn alloy"@en ; naif:formula "Na-Sn" ;
    naif:chemicalSystem naif:SodiumSystem ; dcterms:source ref:Hayashi2012-173 .
nad:Na15Sn4 a naif:Alloy ; rdfs:label "Na15Sn4"@en ; naif:formula "Na15Sn4" ;
    naif:chemicalSystem naif:SodiumSystem ; dcterms:source ref:Hayashi2012-173 .
nad:Na-K a naif:Alloy ; rdfs:label "Na-K alloy"@en ; naif:formula "Na-K" ;
    naif:chemicalSystem naif:SodiumSystem ; dcterms:source ref:Hayashi2012-173 .
nad:CPEO a naif:InterlayerMaterial ; rdfs:label "CPEO"@en ;
    skos:altLabel "cellulose-poly(ethylene oxide)"@en ;
    naif:chemicalSystem naif:SodiumSystem ; dcterms:source ref:Hu2019-252 .
nad:crosslinked-PEGMEA-film a naif:InterlayerMaterial ;
    rdfs:label "cross-linked poly(ethylene glycol) methyl ether acrylate"@en ;
    skos:altLabel "CPMEA"@en ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Zhou2017-233 .
nad:Na3SbS4-8H2O a naif:InterlayerMaterial ; rdfs:label "Na3SbS4·8H2O"@en ;
    naif:formula "Na3SbS4.8H2O" ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Tian2019-118 .
nad:graphene-like-layer a naif:InterlayerMaterial ; rdfs:label "graphene-like carbon layer"@en ;
    naif:chemicalSystem naif:SodiumSystem ; dcterms:source ref:Zhou2017-233 .
nad:metallization-layer a naif:InterlayerMaterial ; rdfs:label "thin metal layer"@en ;
    naif:chemicalSystem naif:SodiumSystem ; dcterms:source ref:Zhou2017-233 .
nad:solid-polymer-electrolyte-interlayer a naif:InterlayerMaterial ;
    rdfs:label "solid polymer electrolyte interlayer"@en ;
    naif:chemicalSystem naif:SodiumSystem ; dcterms:source ref:Hu2019-252 .

# --- facts ----------------------------------------------------------------------------------

nad:m-Na-shear-modulus-review a naif:Measurement ;
    naif:ofMaterial nad:Na ; naif:propertyKind naif:ShearModulus ;
    qudt:numericValue 3.3 ; qudt:unit unit:GigaPA ;
    naif:evidence naif:Experimental ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Tang2020-review ; naif:statedIn nad:section-mechanical-stability .
nad:m-Li-shear-modulus-review a naif:Measurement ;
    naif:ofMaterial nad:Li ; naif:propertyKind naif:ShearModulus ;
    qudt:numericValue 4.2 ; qudt:unit unit:GigaPA ;
    naif:evidence naif:Experimental ; naif:chemicalSystem naif:LithiumSystem ;
    dcterms:source ref:Tang2020-review ; naif:statedIn nad:section-mechanical-stability .
nad:m-Na3P-band-gap-177 a naif:Measurement ;
    naif:ofMaterial nad:Na3P ; naif:propertyKind naif:BandGap ;
    qudt:numericValue 0.43 ; qudt:unit unit:EV ; naif:method naif:DFT ;
    naif:evidence naif:Computed ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Heyd2003-177 ; naif:statedIn nad:section-chalcogenides .
nad:m-chalcogenides-electronic-conductivity-105-192 a naif:Measurement ;
    naif:ofFamily naif:ChalcogenideElectrolyte ; naif:propertyKind naif:ElectronicConductivity ;
    naif:lowerBound 1e-9 ; naif:upperBound 1e-8 ; qudt:unit unit:S-PER-CentiM ;
    naif:valueQualifier naif:OrderOfMagnitude ;
    naif:evidence naif:Experimental ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Wenzel2016-105, ref:Wu2018-176, ref:Zhang2018-192 ;
    naif:statedIn nad:section-electronic-conductivity .
nad:m-nasicon-shear-modulus-review a naif:Measurement ;
    naif:ofFamily naif:NasiconElectrolyte ; naif:propertyKind naif:ShearModulus ;
    naif:lowerBound 40 ; naif:upperBound 50 ; qudt:unit unit:GigaPA ;
    naif:valueQualifier naif:Approximately ;
    naif:evidence naif:Experimental ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Tang2020-review ; naif:statedIn nad:section-mechanical-strength .
nad:m-Na3AlH6-ionic-conductivity-196 a naif:Measurement ;
    naif:ofMaterial nad:Na3AlH6 ; naif:propertyKind naif:IonicConductivity ;
    qudt:numericValue 6.4e-4 ; qudt:unit unit:S-PER-CentiM ;
    naif:atTemperature [ qudt:numericValue 25 ; qudt:unit unit:DEG_C ] ;
    naif:evidence naif:Experimental ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Oguchi2012-196 ; naif:statedIn nad:section-complex-hydrides .
nad:m-Na3SbS4-ionic-conductivity-176 a naif:Measurement ;
    naif:ofMaterial nad:Na3SbS4 ; naif:propertyKind naif:IonicConductivity ;
    qudt:numericValue 1.1e-3 ; qudt:unit unit:S-PER-CentiM ;
    naif:atTemperature [ qudt:numericValue 25 ; qudt:unit unit:DEG_C ] ;
    naif:evidence naif:Experimental ; naif:method naif:EIS ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Wu2018-176 ; naif:statedIn nad:section-chalcogenides .
nad:m-Na3Zr2Si2PO12-ionic-conductivity-119 a naif:Measurement ;
    naif:ofMaterial nad:Na3Zr2Si2PO12 ; naif:propertyKind naif:IonicConductivity ;
    qudt:numericValue 6.7e-4 ; qudt:unit unit:S-PER-CentiM ;
    naif:atTemperature [ qudt:numericValue 25 ; qudt:unit unit:DEG_C ] ;
    naif:evidence naif:Experimental ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Gao2018-119 ; naif:statedIn nad:section-nasicon .
nad:m-Na3PS4-interfacial-resistance-time-105 a naif:Measurement ;
    naif:ofMaterial nad:Na3PS4 ; naif:propertyKind naif:InterfacialResistance ;
    naif:valueBefore 130 ; naif:valueAfter 230 ; qudt:unit naifunit:OHM-CentiM2 ;
    naif:overDuration [ qudt:numericValue 50 ; qudt:unit unit:HR ] ;
    naif:againstElectrode nad:Na ; naif:method naif:TimeResolvedEIS ;
    naif:evidence naif:Experimental ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Wenzel2016-105 ; naif:statedIn nad:section-chalcogenides .
nad:m-Na3PS4-ccd-173 a naif:Measurement ;
    naif:ofMaterial nad:Na3PS4 ; naif:propertyKind naif:CriticalCurrentDensity ;
    qudt:numericValue 0.2 ; qudt:unit naifunit:MilliA-PER-CentiM2 ;
    naif:atTemperature [ qudt:numericValue 25 ; qudt:unit unit:DEG_C ] ;
    naif:evidence naif:Experimental ; naif:method naif:GalvanostaticCycling ;
    naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Hayashi2012-173 ; naif:statedIn nad:section-mechanical-stability .

# Table 1 rows of three anchors, with their printed values
nad:T1-row-01 a naif:TableRow ; rdfs:label "Table 1, row 1"@en ; naif:inTable nad:Table1 ;
    naif:rowNumber 1 ; naif:rowMaterial nad:beta-Al2O3 ; naif:printedFamilyLabel "β-Alumina" ;
    naif:filledColumn nad:T1-col-ionic-conductivity, nad:T1-col-activation-energy,
        nad:T1-col-electronic-conductivity, nad:T1-col-wettability ;
    dcterms:references ref:Whittingham1971-154 .
nad:T1-row-03 a naif:TableRow ; rdfs:label "Table 1, row 3"@en ; naif:inTable nad:Table1 ;
    naif:rowNumber 3 ; naif:rowMaterial nad:Na3Zr2Si2PO12 ; naif:printedFamilyLabel "NASICON" ;
    naif:filledColumn nad:T1-col-ionic-conductivity, nad:T1-col-activation-energy,
        nad:T1-col-electronic-conductivity, nad:T1-col-window, nad:T1-col-predicted-window,
        nad:T1-col-shear-modulus, nad:T1-col-interfacial-resistance, nad:T1-col-wettability ;
    dcterms:references ref:Ruan2019-209 .
nad:T1-row-07 a naif:TableRow ; rdfs:label "Table 1, row 7"@en ; naif:inTable nad:Table1 ;
    naif:rowNumber 7 ; naif:rowMaterial nad:Na3PS4 ; naif:printedFamilyLabel "Chalcogenides" ;
    naif:filledColumn nad:T1-col-ionic-conductivity, nad:T1-col-activation-energy,
        nad:T1-col-electronic-conductivity, nad:T1-col-window, nad:T1-col-predicted-window,
        nad:T1-col-shear-modulus, nad:T1-col-youngs-modulus, nad:T1-col-interfacial-resistance,
        nad:T1-col-wettability ;
    dcterms:references ref:Hayashi2012-173, ref:Wenzel2016-105 .

nad:m-beta-Al2O3-ionic-conductivity-table1 a naif:Measurement ;
    naif:ofMaterial nad:beta-Al2O3 ; naif:propertyKind naif:IonicConductivity ;
    qudt:numericValue 1.4e-2 ; qudt:unit unit:S-PER-CentiM ;
    naif:atTemperature [ qudt:numericValue 25 ; qudt:unit unit:DEG_C ] ;
    naif:evidence naif:Experimental ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Whittingham1971-154 ; naif:statedIn nad:Table1 .
nad:m-beta-Al2O3-activation-energy-table1 a naif:Measurement ;
    naif:ofMaterial nad:beta-Al2O3 ; naif:propertyKind naif:ActivationEnergy ;
    qudt:numericValue 0.16 ; qudt:unit unit:EV ;
    naif:evidence naif:Experimental ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Whittingham1971-154 ; naif:statedIn nad:Table1 .
nad:m-beta-Al2O3-electronic-conductivity-table1 a naif:Measurement ;
    naif:ofMaterial nad:beta-Al2O3 ; naif:propertyKind naif:ElectronicConductivity ;
    qudt:numericValue 6e-12 ; qudt:unit unit:S-PER-CentiM ;
    naif:evidence naif:Experimental ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Whittingham1971-154 ; naif:statedIn nad:Table1 .
nad:m-beta-Al2O3-wettability-table1 a naif:Measurement ;
    naif:ofMaterial nad:beta-Al2O3 ; naif:propertyKind naif:Wettability ;
    naif:qualitativeValue naif:Poor ; naif:againstElectrode nad:Na ;
    naif:evidence naif:Experimental ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Whittingham1971-154 ; naif:statedIn nad:Table1 .
nad:m-Na3Zr2Si2PO12-ionic-conductivity-table1 a naif:Measurement ;
    naif:ofMaterial nad:Na3Zr2Si2PO12 ; naif:propertyKind naif:IonicConductivity ;
    qudt:numericValue 1.13e-3 ; qudt:unit unit:S-PER-CentiM ;
    naif:atTemperature [ qudt:numericValue 20 ; qudt:unit unit:DEG_C ] ;
    naif:evidence naif:Experimental ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Ruan2019-209 ; naif:statedIn nad:Table1 .
nad:m-Na3Zr2Si2PO12-activation-energy-table1 a naif:Measurement ;
    naif:ofMaterial nad:Na3Zr2Si2PO12 ; naif:propertyKind naif:ActivationEnergy ;
    qudt:numericValue 0.32 ; qudt:unit unit:EV ;
    naif:evidence naif:Experimental ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Ruan2019-209 ; naif:statedIn nad:Table1 .
nad:m-Na3Zr2Si2PO12-electronic-conductivity-table1 a naif:Measurement ;
    naif:ofMaterial nad:Na3Zr2Si2PO12 ; naif:propertyKind naif:ElectronicConductivity ;
    qudt:numericValue 2.35e-7 ; qudt:unit unit:S-PER-CentiM ;
    naif:evidence naif:Experimental ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Ruan2019-209 ; naif:statedIn nad:Table1 .
nad:m-Na3Zr2Si2PO12-window-table1 a naif:Measurement ;
    naif:ofMaterial nad:Na3Zr2Si2PO12 ; naif:propertyKind naif:ElectrochemicalStabilityWindow ;
    naif:lowerBound 1.75 ; naif:upperBound 5.0 ; qudt:unit unit:V ; naif:method naif:CV ;
    naif:evidence naif:Experimental ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Ruan2019-209 ; naif:statedIn nad:Table1 .
nad:m-Na3Zr2Si2PO12-predicted-window-table1 a naif:Measurement ;
    naif:ofMaterial nad:Na3Zr2Si2PO12 ; naif:propertyKind naif:ElectrochemicalStabilityWindow ;
    naif:lowerBound 1.1 ; naif:upperBound 3.5 ; qudt:unit unit:V ;
    naif:evidence naif:Computed ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Ruan2019-209 ; naif:statedIn nad:Table1 .
nad:m-Na3Zr2Si2PO12-shear-modulus-table1 a naif:Measurement ;
    naif:ofMaterial nad:Na3Zr2Si2PO12 ; naif:propertyKind naif:ShearModulus ;
    qudt:numericValue 44 ; qudt:unit unit:GigaPA ;
    naif:evidence naif:Experimental ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Ruan2019-209 ; naif:statedIn nad:Table1 .
nad:m-Na3Zr2Si2PO12-interfacial-resistance-table1 a naif:Measurement ;
    naif:ofMaterial nad:Na3Zr2Si2PO12 ; naif:propertyKind naif:InterfacialResistance ;
    qudt:numericValue 14.25e3 ; qudt:unit unit:OHM ; naif:againstElectrode nad:Na ;
    naif:printedAs "14.25 kΩ" ;
    naif:evidence naif:Experimental ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Ruan2019-209 ; naif:statedIn nad:Table1 .
nad:m-Na3Zr2Si2PO12-wettability-table1 a naif:Measurement ;
    naif:ofMaterial nad:Na3Zr2Si2PO12 ; naif:propertyKind naif:Wettability ;
    naif:qualitativeValue naif:Poor ; naif:againstElectrode nad:Na ;
    naif:evidence naif:Experimental ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Ruan2019-209 ; naif:statedIn nad:Table1 .
nad:m-Na3PS4-ionic-conductivity-table1 a naif:Measurement ;
    naif:ofMaterial nad:Na3PS4 ; naif:propertyKind naif:IonicConductivity ;
    qudt:numericValue 2e-4 ; qudt:unit unit:S-PER-CentiM ;
    naif:atTemperature [ qudt:numericValue 25 ; qudt:unit unit:DEG_C ] ;
    naif:evidence naif:Experimental ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Hayashi2012-173, ref:Wenzel2016-105 ; naif:statedIn nad:Table1 .
nad:m-Na3PS4-activation-energy-table1 a naif:Measurement ;
    naif:ofMaterial nad:Na3PS4 ; naif:propertyKind naif:ActivationEnergy ;
    qudt:numericValue 0.28 ; qudt:unit unit:EV ;
    naif:evidence naif:Experimental ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Hayashi2012-173, ref:Wenzel2016-105 ; naif:statedIn nad:Table1 .
nad:m-Na3PS4-electronic-conductivity-table1 a naif:Measurement ;
    naif:ofMaterial nad:Na3PS4 ; naif:propertyKind naif:ElectronicConductivity ;
    qudt:numericValue 8.9e-8 ; qudt:unit unit:S-PER-CentiM ;
    naif:evidence naif:Experimental ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Hayashi2012-173, ref:Wenzel2016-105 ; naif:statedIn nad:Table1 .
nad:m-Na3PS4-window-table1 a naif:Measurement ;
    naif:ofMaterial nad:Na3PS4 ; naif:propertyKind naif:ElectrochemicalStabilityWindow ;
    naif:lowerBound 0 ; naif:upperBound 5 ; qudt:unit unit:V ;
    naif:evidence naif:Experimental ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Hayashi2012-173, ref:Wenzel2016-105 ; naif:statedIn nad:Table1 .
nad:m-Na3PS4-predicted-window-table1 a naif:Measurement ;
    naif:ofMaterial nad:Na3PS4 ; naif:propertyKind naif:ElectrochemicalStabilityWindow ;
    naif:lowerBound 1.39 ; naif:upperBound 2.45 ; qudt:unit unit:V ;
    naif:evidence naif:Computed ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Hayashi2012-173, ref:Wenzel2016-105 ; naif:statedIn nad:Table1 .
nad:m-Na3PS4-shear-modulus-table1 a naif:Measurement ;
    naif:ofMaterial nad:Na3PS4 ; naif:propertyKind naif:ShearModulus ;
    naif:lowerBound 5 ; naif:upperBound 10 ; qudt:unit unit:GigaPA ;
    naif:evidence naif:Experimental ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Hayashi2012-173, ref:Wenzel2016-105 ; naif:statedIn nad:Table1 .
nad:m-Na3PS4-youngs-modulus-table1 a naif:Measurement ;
    naif:ofMaterial nad:Na3PS4 ; naif:propertyKind naif:YoungsModulus ;
    naif:lowerBound 18 ; naif:upperBound 25 ; qudt:unit unit:GigaPA ;
    naif:evidence naif:Experimental ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Hayashi2012-173, ref:Wenzel2016-105 ; naif:statedIn nad:Table1 .
nad:m-Na3PS4-interfacial-resistance-table1 a naif:Measurement ;
    naif:ofMaterial nad:Na3PS4 ; naif:propertyKind naif:InterfacialResistance ;
    qudt:numericValue 60 ; qudt:unit unit:OHM ; naif:againstElectrode nad:Na ;
    naif:evidence naif:Experimental ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Hayashi2012-173, ref:Wenzel2016-105 ; naif:statedIn nad:Table1 .
nad:m-Na3PS4-wettability-table1 a naif:Measurement ;
    naif:ofMaterial nad:Na3PS4 ; naif:propertyKind naif:Wettability ;
    naif:qualitativeValue naif:Good ; naif:againstElectrode nad:Na ;
    naif:evidence naif:Experimental ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Hayashi2012-173, ref:Wenzel2016-105 ; naif:statedIn nad:Table1 .

# interfaces and what was seen there
nad:interface-Na-Na3SbS4 a naif:Interface ; rdfs:label "Na | Na3SbS4"@en ;
    naif:hasElectrode nad:Na ; naif:hasElectrolyte nad:Na3SbS4 .
nad:obs-Na-Na3SbS4-176 a naif:InterfaceObservation ;
    naif:ofInterface nad:interface-Na-Na3SbS4 ;
    naif:hasDecompositionProduct nad:Na3Sb, nad:Na2S ;
    naif:interphaseType naif:MixedConductingInterphase ; naif:observedBy naif:XPS ;
    naif:evidence naif:Experimental ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Wu2018-176 ; naif:statedIn nad:section-chalcogenides .
nad:interface-Na-Na3PS4 a naif:Interface ; rdfs:label "Na | Na3PS4"@en ;
    naif:hasElectrode nad:Na ; naif:hasElectrolyte nad:Na3PS4 .
nad:obs-Na-Na3PS4-176 a naif:InterfaceObservation ;
    naif:ofInterface nad:interface-Na-Na3PS4 ;
    naif:hasDecompositionProduct nad:Na2S, nad:Na3P ;
    naif:interphaseType naif:MixedConductingInterphase ; naif:observedBy naif:XPS ;
    naif:evidence naif:Experimental ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Wu2018-176 ; naif:statedIn nad:section-chalcogenides .
nad:interface-Na-beta-Al2O3 a naif:Interface ; rdfs:label "Na | β-Al2O3"@en ;
    naif:hasElectrode nad:Na ; naif:hasElectrolyte nad:beta-Al2O3 .
nad:obs-Na-beta-Al2O3-105 a naif:InterfaceObservation ;
    naif:ofInterface nad:interface-Na-beta-Al2O3 ;
    naif:interphaseType naif:StableInterface ; naif:reactionObserved false ;
    naif:observedBy naif:TimeResolvedEIS, naif:CV, naif:XPS ;
    naif:evidence naif:Experimental ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Wenzel2016-105 ; naif:statedIn nad:section-beta-alumina .
nad:interface-Na-Na3Zr2Si2PO12 a naif:Interface ; rdfs:label "Na | Na3Zr2Si2PO12"@en ;
    naif:hasElectrode nad:Na ; naif:hasElectrolyte nad:Na3Zr2Si2PO12 .
nad:obs-Na-Na3Zr2Si2PO12-119 a naif:InterfaceObservation ;
    naif:ofInterface nad:interface-Na-Na3Zr2Si2PO12 ;
    naif:hasDecompositionProduct nad:NaOx ;
    naif:interphaseType naif:SolidElectrolyteInterphase ; naif:observedBy naif:TOFSIMS ;
    naif:evidence naif:Experimental ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Gao2018-119 ; naif:statedIn nad:section-nasicon .
nad:limit-Na3PS4-reduction-111 a naif:StabilityLimitFinding ;
    naif:ofElectrolyte nad:Na3PS4 ; naif:limitSide naif:ReductionSide ;
    naif:atPotential [ qudt:numericValue 1.39 ; qudt:unit unit:V ] ;
    naif:hasDecompositionProduct nad:Na2S, nad:Na3P ;
    naif:evidence naif:Computed ; naif:method naif:GrandPotentialPhaseDiagram ;
    naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Richards2015-111 ; naif:statedIn nad:section-electrochemical-stability .

# remedies
nad:remedy-hydration-Na3SbS4-118 a naif:InterfaceHydration ;
    rdfs:label "Partial hydration of the Na3SbS4 surface"@en ;
    naif:appliedTo nad:Na3SbS4 ; naif:usesMaterial nad:Na3SbS4-8H2O ;
    naif:addresses naif:MCIFormation, naif:ElectrolyteReduction ;
    naif:hasEffect nad:m-hydration-electron-conducting-fraction-118 ;
    naif:evidence naif:Experimental ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Tian2019-118 ; naif:statedIn nad:section-chalcogenides .
nad:m-hydration-electron-conducting-fraction-118 a naif:Measurement ;
    naif:ofMaterial nad:Na3SbS4 ; naif:propertyKind naif:ElectronConductingPhaseFraction ;
    naif:valueBefore 20 ; naif:valueAfter 3 ; qudt:unit naifunit:MOL-PCT ;
    naif:evidence naif:Computed ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Tian2019-118 ; naif:statedIn nad:section-chalcogenides .
nad:remedy-CPEO-interlayer-Na3SbS4-252 a naif:PolymerInterlayer ;
    rdfs:label "CPEO interlayer between Na and Na3SbS4"@en ;
    naif:appliedTo nad:Na3SbS4 ; naif:usesMaterial nad:CPEO ;
    naif:addresses naif:ElectrolyteReduction, naif:MCIFormation ;
    naif:evidence naif:Experimental ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Hu2019-252 ; naif:statedIn nad:section-artificial-sei .
nad:remedy-CPMEA-Na3Zr2Si2PO12-233 a naif:PolymerInterlayer ;
    rdfs:label "Cross-linked polymer film on NASICON"@en ;
    naif:appliedTo nad:Na3Zr2Si2PO12 ; naif:usesMaterial nad:crosslinked-PEGMEA-film ;
    naif:addresses naif:PoorWettability, naif:HighInterfacialResistance ;
    naif:hasEffect nad:m-CPMEA-Na3Zr2Si2PO12-interfacial-resistance-233 ;
    naif:evidence naif:Experimental ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Zhou2017-233 ; naif:statedIn nad:section-artificial-sei .
nad:m-CPMEA-Na3Zr2Si2PO12-interfacial-resistance-233 a naif:Measurement ;
    naif:ofMaterial nad:Na3Zr2Si2PO12 ; naif:propertyKind naif:InterfacialResistance ;
    naif:valueBefore 4000 ; naif:valueAfter 1000 ; qudt:unit unit:OHM ;
    naif:atTemperature [ qudt:numericValue 65 ; qudt:unit unit:DEG_C ] ;
    naif:againstElectrode nad:Na ; naif:method naif:EIS ;
    naif:evidence naif:Experimental ; naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Zhou2017-233 ; naif:statedIn nad:section-artificial-sei .
nad:remedy-stack-pressure-Li6PS5Cl-145 a naif:StackPressureControl ;
    rdfs:label "Moderate stack pressure on Li | Li6PS5Cl cells"@en ;
    naif:appliedTo nad:Li6PS5Cl ; naif:addresses naif:VoidFormation, naif:ContactLoss ;
    naif:evidence naif:Experimental ; naif:chemicalSystem naif:LithiumSystem ;
    dcterms:source ref:Kasemchainan2019-145 ; naif:statedIn nad:section-mechanical-stability .
nad:m-stack-pressure-Li6PS5Cl-145 a naif:Measurement ;
    naif:ofMaterial nad:Li6PS5Cl ; naif:propertyKind naif:StackPressure ;
    naif:lowerBound 5 ; naif:upperBound 7 ; qudt:unit unit:MegaPA ; naif:againstElectrode nad:Li ;
    naif:evidence naif:Experimental ; naif:chemicalSystem naif:LithiumSystem ;
    dcterms:source ref:Kasemchainan2019-145 ; naif:statedIn nad:section-mechanical-stability .
nad:finding-void-formation-review a naif:Finding ;
    naif:about naif:VoidFormation, naif:CriticalCurrentDensity ;
    dcterms:description "Stripping faster than vacancies can diffuse opens voids at the metal \
side of the interface, which caps the usable current density."@en ;
    naif:chemicalSystem naif:SodiumSystem ;
    dcterms:source ref:Tang2020-review ; naif:statedIn nad:section-mechanical-stability .
"""

#: The real references the anchors cite: key, authors, journal, volume, pages (as in the
#: curated references.bib; the year and citation number are read from the key).
ANCHOR_REFERENCES: tuple[tuple[str, str, str, str, str], ...] = (
    ("Wenzel2016-105", "S. Wenzel and others", "ACS Appl. Mater. Interfaces", "8", "28216"),
    ("Richards2015-111", "W.D. Richards and others", "Chem. Mater.", "28", "266"),
    ("Tian2019-118", "Y.S. Tian and others", "Joule", "3", "1037"),
    ("Gao2018-119", "H.C. Gao and others", "Chem", "4", "833"),
    ("Kasemchainan2019-145", "J. Kasemchainan and others", "Nat. Mater.", "18", "1105"),
    ("Whittingham1971-154", "M.S. Whittingham and R.A. Huggins", "J. Chem. Phys.", "54", "414"),
    ("Lacivita2019-159", "V. Lacivita and others", "J. Mater. Chem. A", "7", "8144"),
    ("Hayashi2012-173", "A. Hayashi and others", "Nat. Commun.", "3", "856"),
    ("Wu2018-176", "E.A. Wu and others", "ACS Appl. Mater. Interfaces", "10", "10076"),
    ("Heyd2003-177", "J. Heyd and others", "J. Chem. Phys.", "118", "8207"),
    ("Zhang2018-192", "Z. Zhang and others", "Energy Environ. Sci.", "11", "87"),
    ("Oguchi2012-196", "H. Oguchi and others", "J. Appl. Phys.", "111", "036102"),
    ("Ruan2019-209", "Y.L. Ruan and others", "Ceram. Int.", "45", "1770"),
    ("Zhou2017-233", "W.D. Zhou and others", "ACS Central Sci.", "3", "52"),
    ("Hu2019-252", "P. Hu and others", "ACS Appl. Mater. Interfaces", "11", "9672"),
)
REVIEW = (
    "Tang2020-review",
    {
        "author": "Bin Tang and Prem Wicram Jaschin and Xin Li and Shou-Hang Bo and Zhen Zhou",
        "title": "Critical interface between inorganic solid-state electrolyte and sodium metal",
        "journal": "Materials Today",
        "year": "2020",
    },
)

# --------------------------------------------------------------------------------------------
# Vocabulary the generator draws from (all terms exist in ontology/)
# --------------------------------------------------------------------------------------------

SULFIDE = "naif:SulfideElectrolyte"
SELENIDE = "naif:SelenideElectrolyte"
MIXED = "naif:MixedChalcogenideElectrolyte"
NASICON = "naif:NasiconElectrolyte"
BETA = "naif:BetaAlumina"
BETA2 = "naif:BetaDoublePrimeAlumina"
ALANATE = "naif:AluminohydrideElectrolyte"
CLOSO = "naif:ClosoBorateElectrolyte"
PEROVSKITE = "naif:PerovskiteElectrolyte"
ANTIPEROVSKITE = "naif:AntiperovskiteElectrolyte"
GARNET = "naif:GarnetElectrolyte"
OXIDES = (NASICON, BETA, BETA2, PEROVSKITE, GARNET)

FAMILY_SECTION = {
    SULFIDE: "nad:section-chalcogenides",
    SELENIDE: "nad:section-chalcogenides",
    MIXED: "nad:section-chalcogenides",
    NASICON: "nad:section-nasicon",
    BETA: "nad:section-beta-alumina",
    BETA2: "nad:section-beta-alumina",
    ALANATE: "nad:section-complex-hydrides",
    CLOSO: "nad:section-complex-hydrides",
    PEROVSKITE: "nad:section-perovskites",
    ANTIPEROVSKITE: "nad:section-antiperovskites",
    GARNET: "nad:section-mechanical-stability",
}
#: log10 of a typical room-temperature ionic conductivity in S/cm, per family.
FAMILY_SIGMA = {
    SULFIDE: -3.4,
    SELENIDE: -3.2,
    MIXED: -3.3,
    NASICON: -3.3,
    BETA: -2.2,
    BETA2: -1.8,
    ALANATE: -6.0,
    CLOSO: -3.6,
    PEROVSKITE: -4.6,
    ANTIPEROVSKITE: -5.5,
    GARNET: -3.4,
}
FAMILY_CLASSES = {
    "Na": (
        "naif:ChalcogenideElectrolyte",
        SULFIDE,
        SELENIDE,
        NASICON,
        "naif:BetaAluminaElectrolyte",
        "naif:ComplexHydrideElectrolyte",
        PEROVSKITE,
        ANTIPEROVSKITE,
    ),
    "Li": (SULFIDE, GARNET, NASICON, PEROVSKITE, ANTIPEROVSKITE),
}
SYSTEM = {"Na": "naif:SodiumSystem", "Li": "naif:LithiumSystem"}
METAL = {"Na": "nad:Na", "Li": "nad:Li"}


@dataclass(frozen=True)
class Host:
    """A real electrolyte (an anchor) that synthetic ones are derived from by doping."""

    local: str
    family: str
    system: str
    composition: tuple[tuple[str, float], ...]
    sites: dict[str, tuple[str, ...]]
    weight: float


HOSTS: tuple[Host, ...] = (
    Host(
        "Na3PS4",
        SULFIDE,
        "Na",
        (("Na", 3), ("P", 1), ("S", 4)),
        {
            "P": ("Sb", "Si", "Ge", "Sn", "As", "W"),
            "S": ("Se", "O", "Cl", "Br", "I"),
            "Na": ("Ca", "Ba", "Sr"),
        },
        3,
    ),
    Host(
        "Na3SbS4",
        SULFIDE,
        "Na",
        (("Na", 3), ("Sb", 1), ("S", 4)),
        {
            "Sb": ("W", "Mo", "Sn", "Ge", "Si"),
            "S": ("Se", "Cl", "Br", "I", "O"),
            "Na": ("Ca", "Ba"),
        },
        3,
    ),
    Host(
        "Na11Sn2PS12",
        SULFIDE,
        "Na",
        (("Na", 11), ("Sn", 2), ("P", 1), ("S", 12)),
        {"Sn": ("Si", "Ge", "Zr"), "P": ("Sb", "As"), "S": ("Se", "Cl")},
        1.5,
    ),
    Host(
        "Na3PSe4",
        SELENIDE,
        "Na",
        (("Na", 3), ("P", 1), ("Se", 4)),
        {"P": ("Sb", "Ge", "Sn", "Si"), "Se": ("S", "Te", "Br"), "Na": ("Ca",)},
        1,
    ),
    Host(
        "Na3SbSe4",
        SELENIDE,
        "Na",
        (("Na", 3), ("Sb", 1), ("Se", 4)),
        {"Sb": ("W", "Sn", "Ge"), "Se": ("S", "Te")},
        1,
    ),
    Host(
        "Na3Zr2Si2PO12",
        NASICON,
        "Na",
        (("Na", 3), ("Zr", 2), ("Si", 2), ("P", 1), ("O", 12)),
        {
            "Zr": ("Sc", "Zn", "Mg", "Hf", "Y", "Nb", "Ta", "Ca", "Ti", "Ge", "Yb", "La"),
            "Si": ("Ge",),
            "P": ("Si",),
        },
        3,
    ),
    Host(
        "beta-Al2O3",
        BETA,
        "Na",
        (("Na", 1), ("Al", 11), ("O", 17)),
        {"Al": ("Mg", "Li", "Ti", "Zr", "Fe")},
        1,
    ),
    Host(
        "beta2-Al2O3",
        BETA2,
        "Na",
        (("Na", 1.67), ("Mg", 0.67), ("Al", 10.33), ("O", 17)),
        {"Al": ("Li", "Ti", "Zr", "Mn"), "Mg": ("Li", "Zn", "Co")},
        1.5,
    ),
    Host(
        "Na3AlH6",
        ALANATE,
        "Na",
        (("Na", 3), ("Al", 1), ("H", 6)),
        {"Al": ("Ga", "B"), "Na": ("Li", "K"), "H": ("F",)},
        0.5,
    ),
    Host(
        "NaAlH4",
        ALANATE,
        "Na",
        (("Na", 1), ("Al", 1), ("H", 4)),
        {"Al": ("Ga", "B"), "H": ("F", "Cl")},
        0.5,
    ),
    Host(
        "Na2B10H10",
        CLOSO,
        "Na",
        (("Na", 2), ("B", 10), ("H", 10)),
        {"H": ("Cl", "Br", "I", "F"), "B": ("C",)},
        1,
    ),
    Host(
        "Na0.33La0.55ZrO3",
        PEROVSKITE,
        "Na",
        (("Na", 0.33), ("La", 0.55), ("Zr", 1), ("O", 3)),
        {"La": ("Sr", "Ca", "Ba", "Y"), "Zr": ("Ti", "Nb", "Ta", "Hf")},
        0.7,
    ),
    Host(
        "Na3OCl",
        ANTIPEROVSKITE,
        "Na",
        (("Na", 3), ("O", 1), ("Cl", 1)),
        {"Cl": ("Br", "I"), "Na": ("Ca", "Sr", "Ba", "Mg"), "O": ("S",)},
        0.7,
    ),
    Host(
        "Na3OBr",
        ANTIPEROVSKITE,
        "Na",
        (("Na", 3), ("O", 1), ("Br", 1)),
        {"Br": ("I", "Cl"), "Na": ("Ca", "Sr", "Ba")},
        0.7,
    ),
    Host(
        "Li6PS5Cl",
        SULFIDE,
        "Li",
        (("Li", 6), ("P", 1), ("S", 5), ("Cl", 1)),
        {"P": ("Ge", "Si", "Sb", "Sn"), "Cl": ("Br", "I"), "S": ("O", "Se")},
        1,
    ),
    Host(
        "Li10GeP2S12",
        SULFIDE,
        "Li",
        (("Li", 10), ("Ge", 1), ("P", 2), ("S", 12)),
        {"Ge": ("Si", "Sn"), "S": ("O", "Cl")},
        1,
    ),
    Host(
        "Li7La3Zr2O12",
        GARNET,
        "Li",
        (("Li", 7), ("La", 3), ("Zr", 2), ("O", 12)),
        {"Zr": ("Ta", "Nb", "W"), "Li": ("Al", "Ga"), "La": ("Ca", "Sr")},
        1,
    ),
)
ANCHOR_LABELS = {"beta-Al2O3": "β-Al2O3", "beta2-Al2O3": "β''-Al2O3"}
ANCHOR_FORMULAS = {"beta-Al2O3": "beta-Al2O3", "beta2-Al2O3": "beta''-Al2O3"}

#: Reaction product with the metal, per element of the electrolyte (phases of the anchors).
PRODUCTS = {
    "Na": {
        "P": "nad:Na3P",
        "Sb": "nad:Na3Sb",
        "As": "nad:Na3As",
        "Ge": "nad:NaGe",
        "Si": "nad:NaSi",
        "Sn": "nad:Sn",
        "W": "nad:W",
        "Mo": "nad:Mo",
        "S": "nad:Na2S",
        "Se": "nad:Na2Se",
        "Te": "nad:Na2Te",
        "Cl": "nad:NaCl",
        "Br": "nad:NaBr",
        "I": "nad:NaI",
        "F": "nad:NaF",
        "O": "nad:Na2O",
        "H": "nad:NaH",
    },
    "Li": {
        "P": "nad:Li3P",
        "Ge": "nad:Li15Ge4",
        "S": "nad:Li2S",
        "O": "nad:Li2O",
        "Cl": "nad:LiCl",
    },
}
CONDUCTING = {"nad:Na3P", "nad:Na3Sb", "nad:Na3As", "nad:NaGe", "nad:NaSi", "nad:Sn", "nad:W"}
CONDUCTING |= {"nad:Mo", "nad:Li3P", "nad:Li15Ge4"}

EXPERIMENTAL_TECHNIQUES = (
    ("naif:XPS", 5),
    ("naif:TOFSIMS", 1.5),
    ("naif:TimeResolvedEIS", 2),
    ("naif:EIS", 2),
    ("naif:XRD", 1.5),
    ("naif:SEM", 1),
    ("naif:STEM", 0.7),
    ("naif:EELS", 0.5),
    ("naif:SynchrotronXRDDepthProfiling", 0.5),
    ("naif:SSNMR", 0.5),
    ("naif:CV", 1),
)
COMPUTATIONAL_METHODS = ("naif:DFT", "naif:AIMD", "naif:GrandPotentialPhaseDiagram")


@dataclass(frozen=True)
class Kind:
    """How to draw a measurement of one property kind."""

    iri: str
    slug: str
    weight: float
    computed: float  # share of computed values
    exp_method: str | None
    section: str | None  # None: the family's section


KINDS: tuple[Kind, ...] = (
    Kind("naif:IonicConductivity", "ionic-conductivity", 10, 0.12, "naif:EIS", None),
    Kind("naif:ActivationEnergy", "activation-energy", 6, 0.25, "naif:EIS", None),
    Kind(
        "naif:ElectronicConductivity",
        "electronic-conductivity",
        4,
        0,
        None,
        "nad:section-electronic-conductivity",
    ),
    Kind(
        "naif:ElectrochemicalStabilityWindow",
        "window",
        4,
        0.4,
        "naif:CV",
        "nad:section-stability-window",
    ),
    Kind(
        "naif:ShearModulus",
        "shear-modulus",
        2,
        0.5,
        "naif:MechanicalTesting",
        "nad:section-mechanical-strength",
    ),
    Kind(
        "naif:YoungsModulus",
        "youngs-modulus",
        2,
        0.5,
        "naif:MechanicalTesting",
        "nad:section-mechanical-strength",
    ),
    Kind("naif:BulkModulus", "bulk-modulus", 0.5, 0.7, None, "nad:section-mechanical-strength"),
    Kind(
        "naif:InterfacialResistance",
        "interfacial-resistance",
        4,
        0,
        "naif:EIS",
        "nad:section-sodium-wettability",
    ),
    Kind("naif:Wettability", "wettability", 1.5, 0, None, "nad:section-sodium-wettability"),
    Kind(
        "naif:CriticalCurrentDensity",
        "ccd",
        2,
        0,
        "naif:GalvanostaticCycling",
        "nad:section-mechanical-stability",
    ),
    Kind(
        "naif:CyclingDuration",
        "cycling-duration",
        2,
        0,
        "naif:GalvanostaticCycling",
        "nad:section-mechanical-stability",
    ),
    Kind(
        "naif:CycleCount",
        "cycle-count",
        1,
        0,
        "naif:GalvanostaticCycling",
        "nad:section-mechanical-stability",
    ),
    Kind("naif:LatticeParameter", "lattice-parameter", 1.5, 0.3, "naif:XRD", None),
    Kind("naif:StackPressure", "stack-pressure", 0.5, 0, None, "nad:section-mechanical-stability"),
    Kind("naif:ProcessingTemperature", "processing-temperature", 1, 0, None, None),
)


@dataclass(frozen=True)
class RemedyKind:
    """A remedy class with what it usually uses, addresses, and where the review puts it."""

    iri: str
    slug: str
    label: str
    weight: float
    uses: tuple[str, ...]
    problems: tuple[str, ...]
    section: str
    chemical: bool


REMEDIES: tuple[RemedyKind, ...] = (
    RemedyKind(
        "naif:PolymerInterlayer",
        "polymer-interlayer",
        "Polymer interlayer",
        4,
        ("nad:CPEO", "nad:crosslinked-PEGMEA-film", "nad:solid-polymer-electrolyte-interlayer"),
        ("naif:HighInterfacialResistance", "naif:PoorWettability", "naif:DendritePenetration"),
        "nad:section-artificial-sei",
        True,
    ),
    RemedyKind(
        "naif:InorganicCoating",
        "inorganic-coating",
        "Inorganic coating",
        3,
        ("nad:graphene-like-layer",),
        ("naif:HighInterfacialResistance", "naif:PoorWettability", "naif:ElectrolyteReduction"),
        "nad:section-artificial-sei",
        True,
    ),
    RemedyKind(
        "naif:MetallizationLayer",
        "metallization",
        "Metallization layer",
        1,
        ("nad:metallization-layer",),
        ("naif:PoorWettability", "naif:HighInterfacialResistance"),
        "nad:section-sodium-alloying",
        True,
    ),
    RemedyKind(
        "naif:AnodeAlloying",
        "alloy-anode",
        "Alloy anode",
        2,
        ("nad:Na-Sn", "nad:Na15Sn4", "nad:Na-K"),
        ("naif:VoidFormation", "naif:ContactLoss", "naif:PoorWettability"),
        "nad:section-sodium-alloying",
        True,
    ),
    RemedyKind(
        "naif:CompositionalTuning",
        "doping",
        "Compositional tuning",
        4,
        (),
        ("naif:LowIonicConductivity", "naif:ElectrolyteReduction", "naif:AirInstability"),
        "nad:section-compositional-tuning",
        True,
    ),
    RemedyKind(
        "naif:CoreShellDesign",
        "core-shell",
        "Core-shell design",
        0.5,
        (),
        ("naif:NarrowStabilityWindow", "naif:ElectrolyteReduction"),
        "nad:section-remedies",
        True,
    ),
    RemedyKind(
        "naif:HeatTreatment",
        "heat-treatment",
        "Heat treatment",
        1.5,
        (),
        ("naif:PoorWettability", "naif:HighInterfacialResistance"),
        "nad:section-sodium-wettability",
        False,
    ),
    RemedyKind(
        "naif:HotPressing",
        "hot-pressing",
        "Hot pressing",
        1,
        (),
        ("naif:LowIonicConductivity", "naif:GrainBoundaryWeakness"),
        "nad:section-remedies",
        False,
    ),
    RemedyKind(
        "naif:HighTemperatureOperation",
        "high-temperature",
        "High-temperature operation",
        0.7,
        (),
        ("naif:PoorWettability", "naif:LowIonicConductivity", "naif:VoidFormation"),
        "nad:section-remedies",
        False,
    ),
    RemedyKind(
        "naif:StackPressureControl",
        "stack-pressure",
        "Stack pressure control",
        1.5,
        (),
        ("naif:VoidFormation", "naif:ContactLoss", "naif:DendritePenetration"),
        "nad:section-mechanical-stability",
        False,
    ),
)

PROBLEM_LABELS = {
    "naif:VoidFormation": "void formation",
    "naif:ContactLoss": "contact loss",
    "naif:DendritePenetration": "dendrite penetration",
    "naif:HighInterfacialResistance": "a high interfacial resistance",
    "naif:InterfacialResistanceGrowth": "a growing interfacial resistance",
    "naif:ElectrolyteReduction": "reduction of the electrolyte",
    "naif:MCIFormation": "a mixed conducting interphase",
    "naif:PoorWettability": "poor wetting by the metal",
    "naif:AirInstability": "degradation in moist air",
    "naif:GrainBoundaryWeakness": "weak grain boundaries",
}
FINDING_TEMPLATES = (
    "Cells built on {label} suffer from {problem}; the authors trace it to how the contact with "
    "the metal is prepared.",
    "For {label}, {problem} sets in after a few hours of cycling and grows with current density.",
    "The study of {label} links {problem} to the microstructure near the metal contact.",
    "Thin pellets of {label} show {problem} earlier than thick ones under the same current.",
)

_SURNAMES = (
    "Wang Zhang Li Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Gao Luo Zheng "
    "Liang Xie Song Tang Han Feng Deng Cao Peng Zeng Xiao Tian Dong Pan Yuan Cai Jiang Yu Du Ye "
    "Wei Lu Ding Shen Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim Tanaka Suzuki Sato Takahashi "
    "Watanabe Hayashi Yamamoto Nakamura Kobayashi Saito Smith Johnson Brown Miller Davis Wilson "
    "Taylor Anderson Thomas Moore Martin Jackson White Harris Clark Lewis Walker Hall Allen Young "
    "King Wright Scott Green Baker Adams Nelson Hill Campbell Mitchell Roberts Carter Phillips "
    "Evans Turner Mueller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann "
    "Janek Zeier Richter Wolf Neumann Braun Krause Zimmermann Martinez Garcia Rodriguez Lopez "
    "Gonzalez Perez Sanchez Ramirez Torres Flores Rossi Russo Ferrari Esposito Bianchi Romano "
    "Dubois Durand Leroy Moreau Simon Laurent Lefebvre Michel Ivanov Smirnov Kuznetsov Popov "
    "Nazar Ceder Goodenough Sakuda Tatsumisago Hayashi Famprikis Banerjee Ong Mo Richards"
)
SURNAMES = tuple(_SURNAMES.split())
JOURNALS = (
    "ACS Appl. Mater. Interfaces",
    "Energy Environ. Sci.",
    "Chem. Mater.",
    "J. Mater. Chem. A",
    "Adv. Energy Mater.",
    "Nat. Commun.",
    "Joule",
    "Solid State Ionics",
    "J. Power Sources",
    "Energy Storage Mater.",
    "ACS Energy Lett.",
    "Angew. Chem. Int. Ed.",
    "Adv. Funct. Mater.",
    "Nano Energy",
)

# --------------------------------------------------------------------------------------------
# Writing Turtle and BibTeX
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cond:
    """A condition node: ``[ qudt:numericValue V ; qudt:unit U ]`` (three triples with its link)."""

    value: str
    unit: str


Obj = str | Cond
Props = list[tuple[str, Obj | Sequence[Obj] | None]]


def block(subject: str, types: Sequence[str], props: Props) -> tuple[str, int]:
    """One subject's Turtle block and its number of triples.

    Example:
        >>> text, n = block("nad:x", ["naif:Measurement"], [("qudt:unit", "unit:V")])
        >>> n
        2
    """
    lines = [f"{subject} a {', '.join(types)} ;"]
    count = len(types)
    for predicate, value in props:
        if value is None:
            continue
        objects: Sequence[Obj] = [value] if isinstance(value, str | Cond) else value
        if not objects:
            continue
        shown = []
        for obj in dict.fromkeys(objects):  # no duplicate triples
            if isinstance(obj, Cond):
                shown.append(f"[ qudt:numericValue {obj.value} ; qudt:unit {obj.unit} ]")
                count += 3
            else:
                shown.append(obj)
                count += 1
        lines.append(f"    {predicate} {', '.join(shown)} ;")
    lines[-1] = lines[-1][:-2] + " ."
    return "\n".join(lines) + "\n", count


def text(value: str, lang: str | None = "en") -> str:
    """A Turtle string literal (language-tagged unless ``lang`` is None)."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"@{lang}' if lang else f'"{escaped}"'


def sig(x: float, digits: int = 3) -> str:
    """``x`` with ``digits`` significant digits as a Turtle number, printed-digits style.

    Example:
        >>> sig(0.00123456), sig(0.2), sig(250.0), sig(12345.0, 2)
        ('1.23e-3', '0.2', '250', '12000')
    """
    if x == 0:
        return "0"
    exponent = math.floor(math.log10(abs(x)))
    if -2 <= exponent < 5:
        decimals = max(digits - 1 - exponent, 0)
        shown = f"{x:.{decimals}f}"
        if "." in shown:
            shown = shown.rstrip("0").rstrip(".")
        if "." not in shown and decimals == 0:
            shown = str(round(x, digits - 1 - exponent))
        return shown.removesuffix(".0")
    mantissa = f"{x / 10**exponent:.{digits - 1}f}".rstrip("0").rstrip(".")
    return f"{mantissa}e{exponent}"


def amount(x: float) -> str:
    """A formula subscript: nothing for 1, an integer, or up to three decimals."""
    if abs(x - 1) < 1e-9:
        return ""
    if abs(x - round(x)) < 1e-9:
        return str(round(x))
    return f"{x:.3f}".rstrip("0").rstrip(".")


def bib_entry(key: str, fields: dict[str, str]) -> tuple[str, int]:
    """A BibTeX entry and the number of triples ``kg.bib`` makes of it."""
    body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields.items())
    optional = ("citationnumber", "title", "journal", "volume", "number", "pages", "note")
    triples = 6 + sum(1 for name in optional if name in fields)
    return f"@article{{{key},\n{body}}}\n\n", triples


class Sink:
    """The Turtle files of one topic, each closed after ``per_file`` triples."""

    def __init__(self, folder: Path, topic: str, per_file: int) -> None:
        self.folder = folder
        self.topic = topic
        self.per_file = per_file
        self.index = 0
        self.in_file = 0
        self.handle: IO[str] | None = None
        self.files: list[Path] = []

    def write(self, chunk: str, triples: int) -> None:
        """Append one block, starting a new file when the current one is full."""
        if self.handle is None or self.in_file >= self.per_file:
            self.close()
            self.index += 1
            path = self.folder / f"{self.topic}-{self.index:04d}.ttl"
            self.files.append(path)
            self.handle = path.open("w", encoding="utf-8")
            self.handle.write(f"# Synthetic {self.topic} (benchmarks/generate.py)\n{PREFIXES}\n")
            self.in_file = 0
        self.handle.write(chunk)
        self.in_file += triples

    def close(self) -> None:
        """Close the current file, if any."""
        if self.handle is not None:
            self.handle.close()
            self.handle = None


class Capture(Sink):
    """A sink that keeps the blocks in memory (for the new paper's file)."""

    def __init__(self) -> None:
        super().__init__(Path(), "capture", 0)
        self.chunks: list[str] = []
        self.triples = 0

    def write(self, chunk: str, triples: int) -> None:
        """Keep one block."""
        self.chunks.append(chunk)
        self.triples += triples


class Progress:
    """A one-line progress bar on stderr (a line per tenth when stderr is not a terminal)."""

    def __init__(self, total: int, label: str, *, quiet: bool = False) -> None:
        self.quiet = quiet
        self.total = max(total, 1)
        self.label = label
        self.start = time.perf_counter()
        self.last = 0.0
        self.tty = sys.stderr.isatty()
        self.tenth = 0  # tenths already reported (when stderr is not a terminal)

    def update(self, done: int, *, final: bool = False) -> None:
        """Redraw (at most five times a second) with ``done`` out of the total."""
        if self.quiet:
            return
        now = time.perf_counter()
        share = min(done / self.total, 1.0)
        if self.tty:
            if not final and now - self.last < 0.2:
                return
            self.last = now
            bar = "#" * int(share * 30)
            sys.stderr.write(
                f"\r{self.label} [{bar:<30}] {share:4.0%} {done:,}/{self.total:,} triples "
                f"{now - self.start:5.1f}s"
            )
            if final:
                sys.stderr.write("\n")
            sys.stderr.flush()
        elif int(share * 10) > self.tenth or (final and self.tenth < 10):
            self.tenth = max(int(share * 10), 10 if final else 0)
            sys.stderr.write(
                f"{self.label}: {share:.0%} ({done:,} triples, {now - self.start:.1f}s)\n"
            )


# --------------------------------------------------------------------------------------------
# The generator
# --------------------------------------------------------------------------------------------


@dataclass
class Electrolyte:
    """An electrolyte that facts can be about (an anchor or a synthetic one)."""

    local: str
    label: str
    family: str
    system: str
    composition: tuple[tuple[str, float], ...]
    anchor: bool = False
    papers: int = 0
    interface: str | None = None
    mci: bool = False

    @property
    def iri(self) -> str:
        """The prefixed name."""
        return f"nad:{self.local}"

    @property
    def elements(self) -> list[str]:
        """Element symbols in formula order."""
        return [e for e, _ in self.composition]


@dataclass
class Stats:
    """What was generated."""

    papers: int = 0
    electrolytes: int = 0
    measurements: int = 0
    observations: int = 0
    limits: int = 0
    remedies: int = 0
    findings: int = 0
    by_topic: dict[str, int] = field(default_factory=dict)


class Generator:
    """Writes a synthetic project's ``graph_data/`` paper by paper until the target size."""

    def __init__(self, out: Path, *, seed: int, per_file: int) -> None:
        self.rng = random.Random(seed)
        self.data = out / "graph_data"
        self.data.mkdir(parents=True)
        self.sinks = {
            name: Sink(self.data, name, per_file)
            for name in ("materials", "measurements", "interfaces", "remedies", "findings")
        }
        self.bib = (self.data / "references.bib").open("w", encoding="utf-8")
        self.triples = 0
        self.number = FIRST_NUMBER
        self.used: set[str] = set()
        self.stats = Stats()
        self.anchors = {h.local: self._anchor(h) for h in HOSTS}
        self.pool: dict[str, list[Electrolyte]] = {"Na": [], "Li": []}
        self.formulas: set[str] = {h.local for h in HOSTS}
        self.host_weights = {
            s: ([h for h in HOSTS if h.system == s], [h.weight for h in HOSTS if h.system == s])
            for s in ("Na", "Li")
        }
        self.kind_weights = [k.weight for k in KINDS]
        self.remedy_weights = [r.weight for r in REMEDIES]

    @staticmethod
    def _anchor(host: Host) -> Electrolyte:
        return Electrolyte(
            local=host.local,
            label=ANCHOR_LABELS.get(host.local, host.local),
            family=host.family,
            system=host.system,
            composition=host.composition,
            anchor=True,
            interface=f"nad:interface-Na-{host.local}"
            if host.local in ("Na3SbS4", "Na3PS4", "beta-Al2O3", "Na3Zr2Si2PO12")
            else None,
            mci=host.local in ("Na3SbS4", "Na3PS4"),
        )

    # -- output ------------------------------------------------------------------------------

    def emit(self, topic: str, subject: str, types: Sequence[str], props: Props) -> None:
        """Write one block to a topic's files and count its triples."""
        chunk, n = block(subject, types, props)
        self.sinks[topic].write(chunk, n)
        self.triples += n
        self.stats.by_topic[topic] = self.stats.by_topic.get(topic, 0) + n

    def unique(self, iri: str) -> str:
        """``iri``, or ``iri-2``, ``iri-3``... if it is taken."""
        candidate, n = iri, 1
        while candidate in self.used:
            n += 1
            candidate = f"{iri}-{n}"
        self.used.add(candidate)
        return candidate

    def write_anchors(self) -> None:
        """The anchor Turtle and the real references it cites."""
        from rdflib import Graph

        (self.data / "anchors.ttl").write_text(PREFIXES + "\n" + ANCHORS, encoding="utf-8")
        self.triples += len(Graph().parse(data=PREFIXES + ANCHORS, format="turtle"))
        entries = [REVIEW]
        for key, authors, journal, volume, pages in ANCHOR_REFERENCES:
            stem, number = key.rsplit("-", 1)
            fields = {"author": authors, "journal": journal, "volume": volume}
            fields |= {"year": stem[-4:], "pages": pages, "citationnumber": number}
            entries.append((key, fields))
        for key, fields in entries:
            chunk, n = bib_entry(key, fields)
            self.bib.write(chunk)
            self.triples += n

    def reference(self) -> str:
        """A new synthetic reference; returns its citation number as text."""
        rng = self.rng
        number = self.number
        self.number += 1
        surname = rng.choice(SURNAMES)
        year = rng.choices(
            range(1995, 2025), weights=[1 + (y - 1995) ** 1.5 for y in range(1995, 2025)]
        )[0]
        key = f"{surname}{year}-{number}"
        fields = {
            "author": f"{rng.choice('ABCDEFGHJKLMNPRSTWXYZ')}. {surname} and others",
            "journal": rng.choice(JOURNALS),
            "volume": str(rng.randint(1, 60)),
            "number": str(rng.randint(1, 24)),
            "year": str(year),
            "pages": str(rng.randint(100, 29999)),
            "citationnumber": str(number),
        }
        chunk, n = bib_entry(key, fields)
        self.bib.write(chunk)
        self.triples += n
        self.stats.by_topic["references"] = self.stats.by_topic.get("references", 0) + n
        self.stats.papers += 1
        return key

    # -- materials ---------------------------------------------------------------------------

    def pick(self, system: str, ref: str) -> Electrolyte:
        """An electrolyte for the paper: an anchor (capped), a known one, or a new one."""
        rng = self.rng
        r = rng.random()
        if r < 0.12:
            hosts, weights = self.host_weights[system]
            anchor = self.anchors[rng.choices(hosts, weights)[0].local]
            if anchor.papers < ANCHOR_CAP:
                anchor.papers += 1
                return anchor
        pool = self.pool[system]
        if r < 0.42 and pool:
            chosen = rng.choice(pool)
            chosen.papers += 1
            return chosen
        return self.new_electrolyte(system, ref)

    def new_electrolyte(self, system: str, ref: str) -> Electrolyte:
        """A doped derivative of a host, with its substitution nodes."""
        rng = self.rng
        hosts, weights = self.host_weights[system]
        for _ in range(50):
            host = rng.choices(hosts, weights)[0]
            composition = list(host.composition)
            sites = list(host.sites)
            chosen_sites = rng.sample(sites, 2 if len(sites) > 1 and rng.random() < 0.25 else 1)
            substitutions = []
            family = host.family
            for site in chosen_sites:
                dopant = rng.choice(host.sites[site])
                index = next(i for i, (e, _) in enumerate(composition) if e == site)
                whole = composition[index][1]
                x = round(whole * rng.uniform(0.02, 0.5), 2 if rng.random() < 0.7 else 3)
                if x <= 0 or x >= whole:
                    continue
                composition[index] = (site, whole - x)
                present = next((i for i, (e, _) in enumerate(composition) if e == dopant), None)
                if present is None:
                    composition.insert(index + 1, (dopant, x))
                else:
                    composition[present] = (dopant, composition[present][1] + x)
                substitutions.append((dopant, site, x))
                if (family, dopant, site) in ((SULFIDE, "Se", "S"), (SELENIDE, "S", "Se")):
                    family = MIXED
            formula = "".join(f"{e}{amount(a)}" for e, a in composition)
            if not substitutions or formula in self.formulas:
                continue
            self.formulas.add(formula)
            break
        else:  # pragma: no cover - the formula space is large
            raise RuntimeError("could not find a new formula")
        material = Electrolyte(formula, formula, family, system, tuple(composition))
        self.used.add(material.iri)
        subst_iris = []
        for dopant, site, x in substitutions:
            iri = self.unique(f"nad:subst-{dopant}-for-{site}-{formula}")
            subst_iris.append(iri)
            affects = rng.random() < 0.6
            self.emit(
                "materials",
                iri,
                ["naif:Substitution"],
                [
                    ("rdfs:label", text(f"{dopant} on the {site} site of {host.local}")),
                    ("naif:dopant", f"elem:{dopant}"),
                    ("naif:replacesElement", f"elem:{site}"),
                    ("naif:substitutionAmount", amount(x) or "1"),
                    ("naif:affectsProperty", "naif:IonicConductivity" if affects else None),
                    (
                        "naif:effectDirection",
                        rng.choice(("naif:Increase", "naif:Increase", "naif:Decrease"))
                        if affects
                        else None,
                    ),
                    ("dcterms:source", f"ref:{ref}"),
                ],
            )
        dopants = "-".join(d for d, _, _ in substitutions)
        self.emit(
            "materials",
            material.iri,
            [family],
            [
                ("rdfs:label", text(formula)),
                ("naif:formula", text(formula, None)),
                (
                    "skos:altLabel",
                    text(f"{dopants}-doped {ANCHOR_LABELS.get(host.local, host.local)}"),
                ),
                ("naif:derivedFrom", f"nad:{host.local}"),
                ("naif:hasSubstitution", subst_iris),
                ("naif:chemicalSystem", SYSTEM[system]),
                ("dcterms:source", f"ref:{ref}"),
            ],
        )
        self.pool[system].append(material)
        self.stats.electrolytes += 1
        material.papers = 1
        return material

    # -- facts -------------------------------------------------------------------------------

    def measurement(self, mat: Electrolyte, kind: Kind, ref: str, number: str) -> None:
        """One measurement of ``kind`` for ``mat``."""
        rng = self.rng
        computed = rng.random() < kind.computed
        unit: str | None = None
        value: Props = []
        conditions: Props = []
        method: str | None = None
        electrode = None
        if computed:
            method = rng.choice(
                ("naif:DFT", "naif:AIMD")
                if "Conduct" in kind.iri or "Activation" in kind.iri
                else ("naif:DFT",)
            )
        elif kind.exp_method and rng.random() < 0.6:
            method = kind.exp_method
        k = kind.iri
        if k == "naif:IonicConductivity":
            sigma = 10 ** (FAMILY_SIGMA[mat.family] + rng.gauss(0, 0.6) + (0.8 if computed else 0))
            sigma = min(sigma, 0.5)
            unit = rng.choices(
                ("unit:S-PER-CentiM", "unit:MilliS-PER-CentiM", "unit:S-PER-M"), (17, 2, 1)
            )[0]
            factor = {"unit:S-PER-CentiM": 1, "unit:MilliS-PER-CentiM": 1e3, "unit:S-PER-M": 100}[
                unit
            ]
            value = [("qudt:numericValue", sig(sigma * factor))]
            t = rng.choices((25, 20, 30, 27, 60, 80, 100), (10, 2, 2, 1, 1, 1, 1))[0]
            if rng.random() < 0.1:
                conditions = [("naif:atTemperature", Cond(sig(t + 273.15, 5), "unit:K"))]
            else:
                conditions = [("naif:atTemperature", Cond(str(t), "unit:DEG_C"))]
        elif k == "naif:ActivationEnergy":
            unit = "unit:EV"
            value = [("qudt:numericValue", sig(rng.uniform(0.12, 0.6), 2))]
        elif k == "naif:ElectronicConductivity":
            unit = "unit:S-PER-CentiM"
            value = [("qudt:numericValue", sig(10 ** rng.uniform(-11, -6.5), 2))]
        elif k == "naif:ElectrochemicalStabilityWindow":
            unit = "unit:V"
            low = round(rng.uniform(0, 2.5), 2)
            high = round(min(low + rng.uniform(0.4, 5), 8), 2)
            value = [("naif:lowerBound", sig(low) if low else "0"), ("naif:upperBound", sig(high))]
            if computed:
                method = rng.choice(("naif:GrandPotentialPhaseDiagram", "naif:DFT"))
        elif k in ("naif:ShearModulus", "naif:YoungsModulus", "naif:BulkModulus"):
            unit = "unit:GigaPA"
            scale = {"naif:ShearModulus": 1, "naif:YoungsModulus": 2.6, "naif:BulkModulus": 1.8}[k]
            base = rng.uniform(6, 30) if mat.family not in OXIDES else rng.uniform(30, 70)
            if rng.random() < 0.2:
                low = base * scale
                value = [("naif:lowerBound", sig(low, 2)), ("naif:upperBound", sig(low * 1.4, 2))]
            else:
                value = [("qudt:numericValue", sig(base * scale, 2))]
        elif k == "naif:InterfacialResistance":
            electrode = METAL[mat.system]
            if rng.random() < 0.3:
                unit = "naifunit:OHM-CentiM2"
                before = 10 ** rng.uniform(1.5, 3.5)
                value = [
                    ("naif:valueBefore", sig(before, 2)),
                    ("naif:valueAfter", sig(before * rng.uniform(1.2, 6), 2)),
                ]
                conditions = [
                    ("naif:overDuration", Cond(str(rng.choice((12, 24, 48, 100, 200))), "unit:HR"))
                ]
                method = "naif:TimeResolvedEIS"
            else:
                unit = rng.choice(("unit:OHM", "naifunit:OHM-CentiM2"))
                value = [("qudt:numericValue", sig(10 ** rng.uniform(1, 4.3), 3))]
        elif k == "naif:Wettability":
            electrode = METAL[mat.system]
            value = [("naif:qualitativeValue", rng.choice(("naif:Good", "naif:Poor")))]
        elif k == "naif:CriticalCurrentDensity":
            electrode = METAL[mat.system]
            unit = "naifunit:MilliA-PER-CentiM2"
            value = [("qudt:numericValue", sig(10 ** rng.uniform(-1.3, 0.7), 2))]
            conditions = [
                ("naif:atTemperature", Cond(rng.choice(("25", "60", "80")), "unit:DEG_C"))
            ]
            if rng.random() < 0.3:
                conditions.append(
                    (
                        "naif:atArealCapacity",
                        Cond(sig(rng.uniform(0.1, 2), 2), "naifunit:MilliA-HR-PER-CentiM2"),
                    )
                )
            if rng.random() < 0.15:
                conditions.append(
                    ("naif:atPressure", Cond(str(rng.choice((1, 3, 5, 10, 25))), "unit:MegaPA"))
                )
        elif k in ("naif:CyclingDuration", "naif:CycleCount"):
            electrode = METAL[mat.system]
            if k == "naif:CyclingDuration":
                unit, number_value = (
                    "unit:HR",
                    rng.choice((50, 100, 200, 300, 500, 800, 1000, 2000)),
                )
            else:
                unit, number_value = "unit:NUM", rng.choice((50, 100, 200, 500, 1000))
            value = [("qudt:numericValue", str(number_value))]
            conditions = [
                (
                    "naif:atCurrentDensity",
                    Cond(
                        sig(rng.choice((0.05, 0.1, 0.2, 0.5, 1.0))), "naifunit:MilliA-PER-CentiM2"
                    ),
                ),
                ("naif:atTemperature", Cond(rng.choice(("25", "60")), "unit:DEG_C")),
            ]
        elif k == "naif:LatticeParameter":
            unit = "unit:ANGSTROM"
            value = [("qudt:numericValue", sig(rng.uniform(5, 15), 4))]
        elif k == "naif:StackPressure":
            electrode = METAL[mat.system]
            unit = "unit:MegaPA"
            low = rng.choice((1, 2, 5, 10, 20))
            value = [
                ("naif:lowerBound", str(low)),
                ("naif:upperBound", str(low * rng.choice((2, 3, 5)))),
            ]
        elif k == "naif:ProcessingTemperature":
            unit = "unit:DEG_C"
            value = [
                (
                    "qudt:numericValue",
                    str(rng.choice((150, 200, 250, 270, 300, 450, 700, 1100, 1250))),
                )
            ]
        else:  # pragma: no cover
            raise ValueError(k)
        iri = self.unique(f"nad:m-{mat.local}-{kind.slug}-{number}")
        self.emit(
            "measurements",
            iri,
            ["naif:Measurement"],
            [
                ("naif:ofMaterial", mat.iri),
                ("naif:propertyKind", k),
                *value,
                ("qudt:unit", unit),
                *conditions,
                ("naif:againstElectrode", electrode),
                ("naif:evidence", "naif:Computed" if computed else "naif:Experimental"),
                ("naif:method", method),
                ("naif:chemicalSystem", SYSTEM[mat.system]),
                ("dcterms:source", f"ref:{ref}"),
                ("naif:statedIn", kind.section or FAMILY_SECTION[mat.family]),
            ],
        )
        self.stats.measurements += 1

    def interface(self, mat: Electrolyte) -> str:
        """The interface of ``mat`` with its metal, made on first use."""
        if mat.interface is None:
            metal = METAL[mat.system]
            mat.interface = f"nad:interface-{mat.system}-{mat.local}"
            self.emit(
                "interfaces",
                mat.interface,
                ["naif:Interface"],
                [
                    ("rdfs:label", text(f"{mat.system} | {mat.label}")),
                    ("naif:hasElectrode", metal),
                    ("naif:hasElectrolyte", mat.iri),
                ],
            )
        return mat.interface

    def products(self, mat: Electrolyte, most: int) -> list[str]:
        """Reaction products of ``mat`` with its metal, from its elements."""
        table = PRODUCTS[mat.system]
        candidates = [table[e] for e in mat.elements if e in table]
        if not candidates:
            return []
        return self.rng.sample(candidates, min(len(candidates), self.rng.randint(1, most)))

    def observation(self, mat: Electrolyte, ref: str, number: str) -> None:
        """What a paper saw (or computed) at the interface of ``mat`` with its metal."""
        rng = self.rng
        interface = self.interface(mat)
        computed = rng.random() < 0.2
        if mat.family in OXIDES and rng.random() < 0.6:
            products: list[str] = []
        else:
            products = self.products(mat, 3)
        if not products:
            interphase = "naif:StableInterface"
        elif any(p in CONDUCTING for p in products):
            interphase = "naif:MixedConductingInterphase"
            mat.mci = True
        else:
            interphase = "naif:SolidElectrolyteInterphase"
        if products and rng.random() < 0.1:
            interphase_shown: str | None = None
        else:
            interphase_shown = interphase
        if computed:
            methods = [rng.choice(COMPUTATIONAL_METHODS)]
        else:
            names, weights = zip(*EXPERIMENTAL_TECHNIQUES, strict=True)
            methods = rng.choices(names, weights, k=rng.randint(1, 2))
        self.emit(
            "interfaces",
            self.unique(f"nad:obs-{mat.system}-{mat.local}-{number}"),
            ["naif:InterfaceObservation"],
            [
                ("naif:ofInterface", interface),
                ("naif:hasDecompositionProduct", products),
                ("naif:interphaseType", interphase_shown),
                ("naif:reactionObserved", "false" if not products and rng.random() < 0.7 else None),
                ("naif:observedBy", methods),
                ("naif:evidence", "naif:Computed" if computed else "naif:Experimental"),
                ("naif:chemicalSystem", SYSTEM[mat.system]),
                ("dcterms:source", f"ref:{ref}"),
                ("naif:statedIn", FAMILY_SECTION[mat.family]),
            ],
        )
        self.stats.observations += 1

    def stability_limit(self, mat: Electrolyte, ref: str, number: str) -> None:
        """A computed reduction or oxidation limit of ``mat``."""
        rng = self.rng
        reduction = rng.random() < 0.7
        potential = rng.uniform(0.2, 2.5) if reduction else rng.uniform(2.0, 5.0)
        side = "reduction" if reduction else "oxidation"
        self.emit(
            "interfaces",
            self.unique(f"nad:limit-{mat.local}-{side}-{number}"),
            ["naif:StabilityLimitFinding"],
            [
                ("naif:ofElectrolyte", mat.iri),
                ("naif:limitSide", "naif:ReductionSide" if reduction else "naif:OxidationSide"),
                ("naif:atPotential", Cond(sig(potential, 3), "unit:V")),
                ("naif:hasDecompositionProduct", self.products(mat, 2) if reduction else []),
                ("naif:evidence", "naif:Computed"),
                ("naif:method", rng.choice(("naif:GrandPotentialPhaseDiagram", "naif:DFT"))),
                ("naif:chemicalSystem", SYSTEM[mat.system]),
                ("dcterms:source", f"ref:{ref}"),
                ("naif:statedIn", "nad:section-electrochemical-stability"),
            ],
        )
        self.stats.limits += 1

    def remedy(self, mat: Electrolyte, ref: str, number: str) -> None:
        """A remedy applied to ``mat``, perhaps with a measured effect."""
        rng = self.rng
        kind = rng.choices(REMEDIES, self.remedy_weights)[0]
        if mat.mci and kind.chemical and rng.random() < 0.7:
            problems = ["naif:MCIFormation", "naif:ElectrolyteReduction"][: rng.randint(1, 2)]
        else:
            problems = rng.sample(kind.problems, rng.randint(1, 2))
        uses = rng.choice(kind.uses) if kind.uses else None
        if uses == "nad:Na-Sn" and mat.system == "Li":
            uses = None
        iri = self.unique(f"nad:remedy-{kind.slug}-{mat.local}-{number}")
        effects = []
        if rng.random() < 0.6:
            effect = self.unique(f"nad:m-{kind.slug}-{mat.local}-{number}")
            effects.append(effect)
            which = rng.random()
            electrode = METAL[mat.system]
            if which < 0.5:
                before = 10 ** rng.uniform(2, 4)
                props: Props = [
                    ("naif:propertyKind", "naif:InterfacialResistance"),
                    ("naif:valueBefore", sig(before, 2)),
                    ("naif:valueAfter", sig(before / rng.uniform(2, 30), 2)),
                    ("qudt:unit", rng.choice(("unit:OHM", "naifunit:OHM-CentiM2"))),
                    ("naif:atTemperature", Cond("25", "unit:DEG_C")),
                    ("naif:method", "naif:EIS"),
                ]
            elif which < 0.75:
                before = rng.uniform(0.05, 0.5)
                props = [
                    ("naif:propertyKind", "naif:CriticalCurrentDensity"),
                    ("naif:valueBefore", sig(before, 2)),
                    ("naif:valueAfter", sig(before * rng.uniform(1.5, 8), 2)),
                    ("qudt:unit", "naifunit:MilliA-PER-CentiM2"),
                    (
                        "naif:atArealCapacity",
                        Cond(sig(rng.uniform(0.1, 1), 2), "naifunit:MilliA-HR-PER-CentiM2"),
                    ),
                    ("naif:method", "naif:GalvanostaticCycling"),
                ]
            else:
                before = rng.choice((20, 50, 100, 160, 200))
                props = [
                    ("naif:propertyKind", "naif:CyclingDuration"),
                    ("naif:valueBefore", str(before)),
                    ("naif:valueAfter", str(before * rng.choice((2, 3, 5, 8)))),
                    ("qudt:unit", "unit:HR"),
                    (
                        "naif:atCurrentDensity",
                        Cond(sig(rng.choice((0.1, 0.2, 0.5))), "naifunit:MilliA-PER-CentiM2"),
                    ),
                    ("naif:method", "naif:GalvanostaticCycling"),
                ]
            self.emit(
                "remedies",
                effect,
                ["naif:Measurement"],
                [
                    ("naif:ofMaterial", mat.iri),
                    *props,
                    ("naif:againstElectrode", electrode),
                    ("naif:evidence", "naif:Experimental"),
                    ("naif:chemicalSystem", SYSTEM[mat.system]),
                    ("dcterms:source", f"ref:{ref}"),
                    ("naif:statedIn", kind.section),
                ],
            )
            self.stats.measurements += 1
        self.emit(
            "remedies",
            iri,
            [kind.iri],
            [
                ("rdfs:label", text(f"{kind.label} on {mat.label}")),
                ("naif:appliedTo", mat.iri),
                ("naif:usesMaterial", uses),
                ("naif:addresses", problems),
                ("naif:hasEffect", effects),
                ("naif:evidence", "naif:Experimental"),
                ("naif:chemicalSystem", SYSTEM[mat.system]),
                ("dcterms:source", f"ref:{ref}"),
                ("naif:statedIn", kind.section),
            ],
        )
        self.stats.remedies += 1

    def family_value(self, system: str, ref: str, number: str) -> None:
        """A value stated for a whole family."""
        rng = self.rng
        family = rng.choice(FAMILY_CLASSES[system])
        slug = family.split(":")[1].removesuffix("Electrolyte").lower() or "family"
        if rng.random() < 0.5:
            low = 10 ** rng.uniform(-5, -2.5)
            props: Props = [
                ("naif:propertyKind", "naif:IonicConductivity"),
                ("naif:lowerBound", sig(low, 2)),
                ("naif:upperBound", sig(low * 10, 2)),
                ("qudt:unit", "unit:S-PER-CentiM"),
                ("naif:valueQualifier", "naif:OrderOfMagnitude"),
            ]
            what = "ionic-conductivity"
        else:
            low = rng.uniform(8, 50)
            props = [
                ("naif:propertyKind", "naif:ShearModulus"),
                ("naif:lowerBound", sig(low, 2)),
                ("naif:upperBound", sig(low * 1.5, 2)),
                ("qudt:unit", "unit:GigaPA"),
                ("naif:valueQualifier", "naif:Approximately"),
            ]
            what = "shear-modulus"
        self.emit(
            "measurements",
            self.unique(f"nad:m-{slug}-{what}-{number}"),
            ["naif:Measurement"],
            [
                ("naif:ofFamily", family),
                *props,
                ("naif:evidence", "naif:Experimental"),
                ("naif:chemicalSystem", SYSTEM[system]),
                ("dcterms:source", f"ref:{ref}"),
                ("naif:statedIn", "nad:section-ionic-conductivity"),
            ],
        )
        self.stats.measurements += 1

    def finding(self, mat: Electrolyte, ref: str, number: str) -> None:
        """A qualitative finding about a problem (and the material)."""
        rng = self.rng
        problem = rng.choice(list(PROBLEM_LABELS))
        about = [problem, mat.iri]
        if problem == "naif:VoidFormation":
            about.append("naif:CriticalCurrentDensity")
        if problem == "naif:ContactLoss":
            about.append("naif:StackPressure")
        description = rng.choice(FINDING_TEMPLATES).format(
            label=mat.label, problem=PROBLEM_LABELS[problem]
        )
        self.emit(
            "findings",
            self.unique(f"nad:finding-{mat.local}-{number}"),
            ["naif:Finding"],
            [
                ("naif:about", about),
                ("dcterms:description", text(description)),
                ("naif:chemicalSystem", SYSTEM[mat.system]),
                ("dcterms:source", f"ref:{ref}"),
                ("naif:statedIn", "nad:section-interface-stability"),
            ],
        )
        self.stats.findings += 1

    def paper(self) -> None:
        """One synthetic reference and the facts it reports."""
        rng = self.rng
        ref = self.reference()
        number = ref.rsplit("-", 1)[1]
        system = "Li" if rng.random() < 0.06 else "Na"
        mat = None
        for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
            mat = self.pick(system, ref)
            kinds = set()
            for _ in range(rng.randint(2, 6)):
                kinds.add(rng.choices(KINDS, self.kind_weights)[0])
            for kind in sorted(kinds, key=lambda k: k.slug):
                self.measurement(mat, kind, ref, number)
            if rng.random() < 0.35:
                self.observation(mat, ref, number)
            if rng.random() < 0.10:
                self.stability_limit(mat, ref, number)
            if rng.random() < 0.22:
                self.remedy(mat, ref, number)
        if rng.random() < 0.04:
            self.family_value(system, ref, number)
        if mat is not None and rng.random() < 0.06:
            self.finding(mat, ref, number)

    def new_paper(self, path: Path) -> int:
        """Write the facts of one more paper to ``path``; return their number of triples.

        The reference goes into ``references.bib`` (it counts towards the project); the facts
        do not go into ``graph_data/``, so the project does not change when the file is
        validated against it.
        """
        ref = self.reference()
        number = ref.rsplit("-", 1)[1]
        capture = Capture()
        project = (
            self.sinks,
            self.triples,
            replace(self.stats, by_topic=dict(self.stats.by_topic)),
        )
        self.sinks = dict.fromkeys(self.sinks, capture)
        mat = self.new_electrolyte("Na", ref)
        for kind in KINDS[:5]:  # conductivities, activation energy, window, shear modulus
            self.measurement(mat, kind, ref, number)
        self.observation(mat, ref, number)
        self.remedy(mat, ref, number)
        self.sinks, self.triples, self.stats = project
        header = "# One more synthetic paper, outside graph_data/ (benchmarks/generate.py)\n"
        path.write_text(header + PREFIXES + "\n" + "".join(capture.chunks), encoding="utf-8")
        return capture.triples

    def close(self) -> None:
        """Close every file."""
        for sink in self.sinks.values():
            sink.close()
        self.bib.close()


def ontology_triples(out: Path) -> int:
    """Triples of the ontology modules as ``kg.load`` reads them (shapes excluded)."""
    from rdflib import Graph

    graph = Graph()
    for path in sorted((out / "ontology").glob("*.ttl")):
        if not path.name.endswith("-shapes.ttl"):
            graph.parse(path, format="turtle")
    return len(graph)


def parse_size(value: str) -> int:
    """``10k`` -> 10000, ``1M`` -> 1000000, ``2500`` -> 2500.

    Example:
        >>> parse_size("10k"), parse_size("1M"), parse_size("2.5k")
        (10000, 1000000, 2500)
    """
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kKmM]?)\s*", value)
    if match is None:
        raise argparse.ArgumentTypeError(
            f"not a size: {value!r} (use 10k, 100k, 1M, 10M or a number)"
        )
    scale = {"": 1, "k": 1_000, "K": 1_000, "m": 1_000_000, "M": 1_000_000}[match.group(2)]
    return round(float(match.group(1)) * scale)


def generate(
    out: Path,
    *,
    triples: int,
    seed: int = 1,
    per_file: int = 50_000,
    force: bool = False,
    quiet: bool = False,
) -> dict[str, object]:
    """Write a synthetic project of about ``triples`` triples to ``out``; return its summary.

    Raises:
        FileExistsError: if ``out`` holds something that is not a generated project.
    """
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).is_file():
            raise FileExistsError(
                f"{out} exists and is not a generated project; choose another --out"
            )
        if not force:
            raise FileExistsError(f"{out} exists; pass --force to replace it")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    shutil.copytree(REPO / "ontology", out / "ontology")
    shutil.copytree(REPO / "queries", out / "queries")
    gen = Generator(out, seed=seed, per_file=per_file)
    base = ontology_triples(out)
    gen.triples = base
    gen.write_anchors()
    progress = Progress(triples, f"generating {out.name}", quiet=quiet)
    while gen.triples < triples:
        gen.paper()
        progress.update(gen.triples)
    paper_triples = gen.new_paper(out / NEW_PAPER)
    gen.close()
    progress.update(gen.triples, final=True)
    files = sorted(p.name for p in (out / "graph_data").iterdir())
    summary: dict[str, object] = {
        "generator": GENERATOR_VERSION,
        "seed": seed,
        "target": triples,
        "triples": gen.triples,
        "ontology_triples": base,
        "papers": gen.stats.papers,
        "electrolytes": gen.stats.electrolytes,
        "measurements": gen.stats.measurements,
        "observations": gen.stats.observations,
        "stability_limits": gen.stats.limits,
        "remedies": gen.stats.remedies,
        "findings": gen.stats.findings,
        "new_paper_triples": paper_triples,
        "triples_by_topic": gen.stats.by_topic,
        "files": files,
    }
    (out / MARKER).write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    return summary | {"seconds": round(time.perf_counter() - started, 2)}


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``--triples SIZE --out DIR [--seed N] [--file-triples N] [--force]``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--triples", type=parse_size, required=True, help="10k, 100k, 1M, 10M or a number"
    )
    parser.add_argument("--out", type=Path, required=True, help="the project folder to write")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--file-triples", type=int, default=50_000, help="triples per data file")
    parser.add_argument("--force", action="store_true", help="replace a project generated before")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    args = parser.parse_args(argv)
    try:
        summary = generate(
            args.out,
            triples=args.triples,
            seed=args.seed,
            per_file=args.file_triples,
            force=args.force,
            quiet=args.quiet,
        )
    except FileExistsError as exc:
        print(f"generate: {exc}", file=sys.stderr)
        return 2
    print(json.dumps({k: v for k, v in summary.items() if k != "files"}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
