"""The formula parser reads every curated formula, refuses garbage and round-trips compositions."""

from __future__ import annotations

import re
import time
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from rdflib import Graph

from kg.errors import InputError
from kg.formula import SYMBOLS, elements, parse_formula
from kg.load import load_graph
from kg.namespaces import NAIF


@pytest.fixture(scope="module")
def curated() -> Graph:
    return load_graph()


@pytest.fixture(scope="module")
def formulas(curated: Graph) -> list[str]:
    return sorted({str(o) for o in curated.objects(None, NAIF.formula)})


def test_symbols_are_the_118_elements_of_the_ontology(curated: Graph) -> None:
    assert len(SYMBOLS) == 118
    assert {str(o) for o in curated.objects(None, NAIF.elementSymbol)} == SYMBOLS


# --- (1) the curated graph ---------------------------------------------------------------

# Hand-checked element sets of curated formulas.
CURATED_ELEMENTS = {
    "Na3SbS4": "Na Sb S",
    "Na11Sn2PSe12": "Na Sn P Se",
    "NaAlH4": "Na Al H",
    "Na2B10H10": "Na B H",
    "94Na3PS4-6Na4SiS4": "Na P S Si",
    "0.1NaI-0.9Na3SbS4": "Na I Sb S",
    "Na3SbS4.8H2O": "Na Sb S H O",
    "Na2(B12H12)0.5(B10H10)0.5": "Na B H",
    "Na3Zr2Si2PO12": "Na Zr Si P O",
    "Na3Zr2Si2PO12:La": "Na Zr Si P O La",
    "Na3PS4:Br": "Na P S Br",
    "Na2.9375PS3.9375Cl0.0625": "Na P S Cl",
    "Na1/3La1/3Sr1/3ZrO3": "Na La Sr Zr O",
    "Na3La(PO4)2": "Na La P O",
    "Na3V2(PO4)3": "Na V P O",
    "Na3OBH4": "Na O B H",
    "Na2.9Sr0.05OBr0.6I0.4": "Na Sr O Br I",
    "Na2.88Sb0.88W0.12S4": "Na Sb W S",
    "Na4C33": "Na C",
    "NaxCoO2": "Na Co O",
    "NaOx": "Na O",
    "NiCl2": "Ni Cl",
    "Na15Sn4": "Na Sn",
    "Li1+xAlxTi2-x(PO4)3": "Li Al Ti P O",
    "Li3xLa2/3-xTiO3": "Li La Ti O",
    "Li7-xLa3Zr2-xTaxO12": "Li La Zr Ta O",
    "Li3OCl1-xBrx": "Li O Cl Br",
    "Na3-xPS4-xClx": "Na P S Cl",
    "Na3PSxSe4-x": "Na P S Se",
    "Na4-xSn1-xSbxS4": "Na Sn Sb S",
    "Li2S-P2S5": "Li P S",
    "Li-Ge-P-S": "Li Ge P S",
    "Li-Si-P-S": "Li Si P S",
    "Li-C": "Li C",
    "Na-P-Se": "Na P Se",
    "Na-Cs": "Na Cs",
    "Na-Sn": "Na Sn",
    "beta-Al2O3": "Al O",
    "beta''-Al2O3": "Al O",
    "Sn": "Sn",
    "Se": "Se",
    "S": "S",
}

# Curated formulas parse_formula refuses on purpose: a symbolic amount, a dopant without an
# amount, or hyphen-joined parts naming a chemical system rather than a composition.
NO_COMPOSITION = {
    "Li1+xAlxTi2-x(PO4)3": "symbolic amount 'x'",
    "Li3OCl1-xBrx": "symbolic amount 'x'",
    "Li3xLa2/3-xTiO3": "symbolic amount 'x'",
    "Li7-xLa3Zr2-xTaxO12": "symbolic amount 'x'",
    "Na3-xPS4-xClx": "symbolic amount 'x'",
    "Na3PSxSe4-x": "symbolic amount 'x'",
    "Na4-xSn1-xSbxS4": "symbolic amount 'x'",
    "NaOx": "symbolic amount 'x'",
    "NaxCoO2": "symbolic amount 'x'",
    "Na3PS4:Br": "dopant without an amount",
    "Na3Zr2Si2PO12:La": "dopant without an amount",
    "Li-C": "name a system",
    "Li-Ge-P-S": "name a system",
    "Li-Si-P-S": "name a system",
    "Li2S-P2S5": "name a system",
    "Na-Cs": "name a system",
    "Na-P-Se": "name a system",
    "Na-Sn": "name a system",
}


def test_every_curated_formula_has_elements(formulas: list[str]) -> None:
    assert len(formulas) > 50
    for text in formulas:
        assert elements(text), text


def test_hand_checked_curated_formulas_are_still_curated(formulas: list[str]) -> None:
    assert len(CURATED_ELEMENTS) >= 25
    assert set(CURATED_ELEMENTS) <= set(formulas)
    assert set(NO_COMPOSITION) <= set(formulas)


@pytest.mark.parametrize(("text", "expected"), sorted(CURATED_ELEMENTS.items()))
def test_curated_formula_has_the_hand_checked_elements(text: str, expected: str) -> None:
    assert elements(text) == frozenset(expected.split())


def test_curated_formulas_have_a_composition_unless_they_leave_amounts_open(
    formulas: list[str],
) -> None:
    for text in formulas:
        if text in NO_COMPOSITION:
            with pytest.raises(InputError, match=NO_COMPOSITION[text]):
                parse_formula(text)
        else:
            composition = parse_formula(text)
            assert set(composition) == elements(text), text
            assert all(amount > 0 for amount in composition.values()), text


def test_curated_dopants_and_substituted_elements_are_in_the_formula(curated: Graph) -> None:
    for material, formula in curated.subject_objects(NAIF.formula):
        present = elements(str(formula))
        for substitution in curated.objects(material, NAIF.hasSubstitution):
            for dopant in curated.objects(substitution, NAIF.dopant):
                assert str(dopant).rsplit("/", 1)[1] in present, (formula, dopant)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Na3SbS4", {"Na": 3, "Sb": 1, "S": 4}),
        ("0.1NaI-0.9Na3SbS4", {"Na": 2.8, "I": 0.1, "Sb": 0.9, "S": 3.6}),
        ("94Na3PS4-6Na4SiS4", {"Na": 306, "P": 94, "S": 400, "Si": 6}),
        ("Na3SbS4.8H2O", {"Na": 3, "Sb": 1, "S": 4, "H": 16, "O": 8}),
        ("Na2.9375PS3.9375Cl0.0625", {"Na": 2.9375, "P": 1, "S": 3.9375, "Cl": 0.0625}),
        ("Na1/3La1/3Sr1/3ZrO3", {"Na": 1 / 3, "La": 1 / 3, "Sr": 1 / 3, "Zr": 1, "O": 3}),
        ("Na2(B12H12)0.75(B10H10)0.25", {"Na": 2, "B": 11.5, "H": 11.5}),
        ("Na3La(PO4)2", {"Na": 3, "La": 1, "P": 2, "O": 8}),
        ("beta''-Al2O3", {"Al": 2, "O": 3}),
    ],
)
def test_curated_amounts(text: str, expected: dict[str, float]) -> None:
    assert parse_formula(text) == pytest.approx(expected)


# --- notations ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # symbols: two-letter symbols first, and case matters
        ("CO", {"C": 1, "O": 1}),
        ("Co", {"Co": 1}),
        ("SN", {"S": 1, "N": 1}),
        ("Sn", {"Sn": 1}),
        ("NaI", {"Na": 1, "I": 1}),
        ("CoCO3", {"Co": 1, "C": 1, "O": 3}),
        ("NaClNa", {"Na": 2, "Cl": 1}),
        # groups
        ("Na3Zr2(SiO4)2(PO4)", {"Na": 3, "Zr": 2, "Si": 2, "O": 12, "P": 1}),
        ("K4[Fe(CN)6]", {"K": 4, "Fe": 1, "C": 6, "N": 6}),
        ("((H2O)2)3", {"H": 12, "O": 6}),
        # hydrates, adducts, mixtures
        ("Na3SbS4·8H2O", {"Na": 3, "Sb": 1, "S": 4, "H": 16, "O": 8}),
        ("Na3SbS4⋅8H2O", {"Na": 3, "Sb": 1, "S": 4, "H": 16, "O": 8}),
        ("Na3SbS4*8H2O", {"Na": 3, "Sb": 1, "S": 4, "H": 16, "O": 8}),
        ("CuSO4.5H2O", {"Cu": 1, "S": 1, "O": 9, "H": 10}),
        ("NaI·Na3SbS4", {"Na": 4, "I": 1, "Sb": 1, "S": 4}),
        ("NaI.Na3SbS4", {"Na": 4, "I": 1, "Sb": 1, "S": 4}),
        ("94Na3PS4·6Na4SiS4", {"Na": 306, "P": 94, "S": 400, "Si": 6}),
        ("0.5NaCl+0.5KCl", {"Na": 0.5, "Cl": 1, "K": 0.5}),
        ("0.75Li2S-0.25P2S5", {"Li": 1.5, "S": 2, "P": 0.5}),
        ("0.1 NaI - 0.9 Na3SbS4", {"Na": 2.8, "I": 0.1, "Sb": 0.9, "S": 3.6}),
        ("Fe0.5H2O", {"Fe": 0.5, "H": 2, "O": 1}),  # "0.5" stays a decimal
        ("Na3SbS4.8", {"Na": 3, "Sb": 1, "S": 4.8}),
        # charges and oxidation states
        ("Zr4+", {"Zr": 1}),
        ("Na+", {"Na": 1}),
        ("BH4-", {"B": 1, "H": 4}),
        ("Sb5+", {"Sb": 1}),
        ("S2-", {"S": 1}),
        ("S^2-", {"S": 1}),
        ("(PO4)3-", {"P": 1, "O": 4}),
        ("Zr⁴⁺", {"Zr": 1}),
        ("PO₄³⁻", {"P": 1, "O": 4}),
        ("Fe(III)Cl3", {"Fe": 1, "Cl": 3}),
        # unicode, spaces, prefixes
        ("Na₃SbS₄", {"Na": 3, "Sb": 1, "S": 4}),
        (" Na3 Sb S4 ", {"Na": 3, "Sb": 1, "S": 4}),
        ("c-Na3PS4", {"Na": 3, "P": 1, "S": 4}),
        ("t-Na3PS4", {"Na": 3, "P": 1, "S": 4}),
        ("beta-Al2O3", {"Al": 2, "O": 3}),
        ("β''-Al2O3", {"Al": 2, "O": 3}),
        ("β″-Al2O3", {"Al": 2, "O": 3}),
        # a dopant with an amount
        ("Na3PS4:0.1Br", {"Na": 3, "P": 1, "S": 4, "Br": 0.1}),
        # zero amounts are left out
        ("Na3P0S4", {"Na": 3, "S": 4}),
    ],
)
def test_notation(text: str, expected: dict[str, float]) -> None:
    assert parse_formula(text) == pytest.approx(expected)
    assert elements(text) == frozenset(expected)


@pytest.mark.parametrize(
    ("text", "variables", "expected"),
    [
        ("Li1+xAlxTi2-x(PO4)3", {"x": 0.3}, {"Li": 1.3, "Al": 0.3, "Ti": 1.7, "P": 3, "O": 12}),
        ("Li3xLa2/3-xTiO3", {"x": 0.1}, {"Li": 0.3, "La": 2 / 3 - 0.1, "Ti": 1, "O": 3}),
        ("Li3OCl1-xBrx", {"x": 0}, {"Li": 3, "O": 1, "Cl": 1}),
        ("Li₃OCl₁₋ₓBrₓ", {"x": 1}, {"Li": 3, "O": 1, "Br": 1}),
        ("Na3PSxSe4-x", {"x": 4}, {"Na": 3, "P": 1, "S": 4}),
        ("Na3-yPS4-yCly", {"y": 0.0625}, {"Na": 2.9375, "P": 1, "S": 3.9375, "Cl": 0.0625}),
    ],
)
def test_variables_give_symbolic_amounts(
    text: str, variables: dict[str, float], expected: dict[str, float]
) -> None:
    assert parse_formula(text, variables=variables) == pytest.approx(expected)


def test_a_symbolic_amount_that_goes_negative_is_refused() -> None:
    with pytest.raises(InputError, match="negative amount at position 2"):
        parse_formula("Na3-xPS4", variables={"x": 4})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Na-Sn", "Na Sn"),
        ("Li2S-P2S5-LiI", "Li P S I"),
        ("Na3PS4:La3+", "Na P S La"),
        ("Y2O3:Eu,Tb", "Y O Eu Tb"),
        ("xNaI-(1-x)Na3SbS4", "Na I Sb S"),
        ("Na0.67Ni0.33Mn0.67O2-δ", "Na Ni Mn O"),
        ("(C2H4)n", "C H"),
        ("Li3OCl1-xBrx", "Li O Cl Br"),
    ],
)
def test_elements_without_a_composition(text: str, expected: str) -> None:
    assert elements(text) == frozenset(expected.split())
    with pytest.raises(InputError):
        parse_formula(text)


# --- (2) adversarial inputs --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty formula at position 0"),
        ("   ", "empty formula at position 0"),
        ("Xx", "unknown element 'Xx' at position 0"),
        ("Na3Xx", "unknown element 'Xx' at position 3"),
        ("DROP TABLE", "unknown element 'D' at position 0"),
        ("NACL", "unknown element 'A' at position 1"),
        ("D2O", "unknown element 'D' at position 0"),
        ("nacl", "unexpected 'a' at position 1"),
        ("Nai", "unexpected 'i' at position 2"),
        ("42", "expected an element symbol at position 2"),
        ("0.5", "expected an element symbol at position 3"),
        ("(Na", "unclosed '(' at position 0"),
        ("Na((Cl)", "unclosed '(' at position 2"),
        ("Na)", "unmatched ')' at position 2"),
        ("Na[Cl)", "unmatched ')' at position 5"),
        ("()", "empty group at position 1"),
        ("Na()2", "empty group at position 3"),
        ("NaCl·", "expected an element symbol at position 5"),
        ("·NaCl", "expected an element symbol at position 0"),
        ("-NaCl", "expected an element symbol at position 0"),
        ("Na..Cl", "expected an element symbol at position 3"),
        ("Na3PS4:", "expected an element symbol at position 7"),
        ("c-", "expected an element symbol at position 2"),
        ("Na,Cl", "unexpected ',' at position 2"),
        ("Na 3", "unexpected '3' at position 3"),
        ("Na3PS4 6Na4SiS4", "unexpected '6' at position 7"),
        ("Na1/3/3", "unexpected '/' at position 5"),
        ("Na1/0", "division by zero at position 2"),
        ("Na3PS4;rm -rf /", "unexpected ';' at position 6"),
        ("<script>", "unexpected '<' at position 0"),
        ("Na\x00Cl", "unexpected '\\x00' at position 2"),
        ("Na\u200bCl", "unexpected '\\u200b' at position 2"),
        ("Na٣", "unexpected '٣' at position 2"),
        ("Ñ", "unknown element 'Ñ' at position 0"),
        ("Na" + "9" * 40, "number too long at position 2"),
        ("H" * 1001, "longer than 1000 characters at position 1000"),
        ("(" * 999, "unclosed '(' at position 998"),
        ("(" * 40 + "H9999999999" + ")9999999999" * 40, "amount too large at position 0"),
    ],
)
def test_garbage_is_refused_with_the_position(text: str, message: str) -> None:
    with pytest.raises(InputError, match=re.escape(message)) as info:
        parse_formula(text)
    assert "\n" not in str(info.value)
    assert str(info.value).startswith("formula ")
    if "amount too large" not in message:  # elements() needs no float amounts
        with pytest.raises(InputError, match=re.escape(message)):
            elements(text)


def test_long_formulas_are_shortened_in_messages() -> None:
    with pytest.raises(InputError) as info:
        parse_formula("Na" * 100 + "Xx")
    assert len(str(info.value)) < 120
    assert "at position 200" in str(info.value)


# --- (3) properties ----------------------------------------------------------------------

_FAST = settings(
    max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)

_formula_alphabet = st.sampled_from(
    [*"NaSbSPClLiOHxyn()[]0123456789./+-·*:, ^'β₂⁺⁻", "Co", "CO", "Sn", "SN", "beta-"]
)


@_FAST
@given(st.text(max_size=60) | st.lists(_formula_alphabet, max_size=30).map("".join))
def test_any_text_gives_a_result_or_an_input_error_quickly(text: str) -> None:
    start = time.perf_counter()
    for function in (parse_formula, elements):
        try:
            function(text)
        except InputError as error:
            assert "\n" not in str(error)
    assert time.perf_counter() - start < 2.0  # microseconds in practice; generous for CI


_symbols = st.sampled_from(sorted(SYMBOLS))
_amounts = st.one_of(
    st.integers(1, 200).map(Fraction),
    st.tuples(st.integers(1, 20), st.integers(1, 12)).map(lambda pq: Fraction(*pq)),
    st.integers(1, 99999).map(lambda n: Fraction(n, 1000)),
)


def _written(amount: Fraction, *, decimal: bool) -> str:
    """An amount as text: omitted for 1, else an integer, a decimal or a fraction."""
    if amount == 1:
        return ""
    if amount.denominator == 1:
        return str(amount.numerator)
    if decimal and 1000 % amount.denominator == 0:
        return f"{float(amount):.3f}".rstrip("0")
    return f"{amount.numerator}/{amount.denominator}"


Terms = list[tuple[str, Fraction]]


@st.composite
def _simple(draw: st.DrawFn) -> tuple[str, dict[str, Fraction]]:
    """A flat formula such as ``Na3Sb0.5S4`` and its composition."""
    terms: Terms = draw(st.lists(st.tuples(_symbols, _amounts), min_size=1, max_size=6))
    decimal = draw(st.booleans())
    text = "".join(symbol + _written(amount, decimal=decimal) for symbol, amount in terms)
    composition: dict[str, Fraction] = {}
    for symbol, amount in terms:
        composition[symbol] = composition.get(symbol, Fraction(0)) + amount
    return text, composition


@st.composite
def _formula(draw: st.DrawFn) -> tuple[str, dict[str, Fraction]]:
    """A formula with groups, and parts with coefficients, and its composition."""
    parts: list[str] = []
    composition: dict[str, Fraction] = {}
    joiner = draw(st.sampled_from(["·", "-", "+", "*", " · "]))
    for _ in range(draw(st.integers(1, 3))):
        pieces: list[str] = []
        part: dict[str, Fraction] = {}
        for _ in range(draw(st.integers(1, 3))):
            text, inner = draw(_simple())
            multiplier = draw(st.one_of(st.just(Fraction(1)), _amounts))
            grouped = multiplier != 1 or draw(st.booleans())
            pieces.append(f"({text}){_written(multiplier, decimal=False)}" if grouped else text)
            for symbol, amount in inner.items():
                part[symbol] = part.get(symbol, Fraction(0)) + amount * multiplier
        coefficient = draw(_amounts)
        parts.append(_written(coefficient, decimal=True) + "".join(pieces))
        if coefficient == 1:  # keep a written coefficient, or "-" would read as a system
            parts[-1] = "1" + parts[-1]
        for symbol, amount in part.items():
            composition[symbol] = composition.get(symbol, Fraction(0)) + amount * coefficient
    return joiner.join(parts), composition


def _hydrate_lookalike(text: str) -> bool:
    """True if an amount reads like "S4.8H2O", which is a hydrate by convention."""
    return re.search(r"(?<=[A-Za-z)\]])[1-9]\d*\.[1-9]\d*H2O(?![\d.a-z])", text) is not None


@_FAST
@given(_formula())
def test_generated_formulas_round_trip(case: tuple[str, dict[str, Fraction]]) -> None:
    text, composition = case
    assume(not _hydrate_lookalike(text))
    expected = {symbol: float(amount) for symbol, amount in composition.items()}
    assert parse_formula(text) == pytest.approx(expected, rel=1e-12)
    assert elements(text) == frozenset(expected)


@_FAST
@given(_simple(), _amounts)
def test_grouping_distributes_the_multiplier(
    case: tuple[str, dict[str, Fraction]], multiplier: Fraction
) -> None:
    text, composition = case
    assume(not _hydrate_lookalike(text))
    written = _written(multiplier, decimal=False)
    grouped = parse_formula(f"({text}){written}")
    nested = parse_formula(f"(({text})){written}")
    distributed = {symbol: float(amount * multiplier) for symbol, amount in composition.items()}
    assert grouped == pytest.approx(distributed, rel=1e-12)
    assert nested == pytest.approx(grouped, rel=1e-12)
    assert parse_formula(f"{written or 1}{text}") == pytest.approx(grouped, rel=1e-12)


@_FAST
@given(_simple(), _simple())
def test_adducts_add_up(
    first: tuple[str, dict[str, Fraction]], second: tuple[str, dict[str, Fraction]]
) -> None:
    assume(not _hydrate_lookalike(first[0]) and not _hydrate_lookalike(second[0]))
    total = {symbol: float(amount) for symbol, amount in first[1].items()}
    for symbol, amount in second[1].items():
        total[symbol] = total.get(symbol, 0.0) + float(amount)
    for joiner in ("·", "⋅", "*", "+"):
        assert parse_formula(first[0] + joiner + second[0]) == pytest.approx(total, rel=1e-12)
