"""Read chemical formulas as papers print them and return their element composition.

Beyond plain formulas (``Na3SbS4``) this reads the notations of the solid-electrolyte
literature, with these conventions:

* Amounts are integers, decimals or fractions (``Na1/3``); arithmetic is exact, so
  ``0.1NaI-0.9Na3SbS4`` gives exactly 2.8 Na. Groups nest: ``Na3Zr2(SiO4)2(PO4)``.
* A formula may have several parts, each with an optional leading coefficient, joined by
  ``·``, ``⋅``, ``∙``, ``•``, ``*``, ``.``, ``+`` or ``-``; the parts are summed
  (``Na3SbS4·8H2O``, ``94Na3PS4-6Na4SiS4``). A ``.`` between two digits is a decimal point,
  except before water of crystallisation (``Na3SbS4.8H2O`` is the octahydrate).
* Parts joined by ``-`` with no coefficient at all (``Li2S-P2S5``, ``Na-P-Se``) name a
  chemical system, not a composition: :func:`elements` lists its elements, while
  :func:`parse_formula` raises.
* Symbolic amounts (``x``, ``y``, ``z``, ``n``, ``δ`` in ``Li1+xAlxTi2-x(PO4)3``) are
  present with an unknown amount: :func:`elements` keeps the element, :func:`parse_formula`
  raises unless ``variables`` gives their values. Two-letter symbols win, so ``Sn`` is tin.
* ``host:dopant`` adds the dopant, with an unknown amount unless it has a coefficient.
* Charges and oxidation states are ignored: ``Zr4+``, ``BH4-``, ``Zr⁴⁺``, ``S^2-``,
  ``Fe(III)``. Digits before a final sign are a charge after a lone element or group
  (``S2-`` is one S, ``(PO4)3-`` one P) and a subscript otherwise (``BH4-`` has four H).
* Polymorph prefixes (``c-``, ``t-``, ``beta-``, ``β''-``) are dropped; subscript digits
  and spaces between tokens are accepted.

Errors are :class:`~kg.errors.InputError` naming the formula and a 0-based position.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from fractions import Fraction

from kg.errors import InputError

__all__ = ["SYMBOLS", "elements", "parse_formula"]

_SYMBOL_LIST = """H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu
    Zn Ga Ge As Se Br Kr Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba La Ce Pr Nd Pm Sm
    Eu Gd Tb Dy Ho Er Tm Yb Lu Hf Ta W Re Os Ir Pt Au Hg Tl Pb Bi Po At Rn Fr Ra Ac Th Pa U
    Np Pu Am Cm Bk Cf Es Fm Md No Lr Rf Db Sg Bh Hs Mt Ds Rg Cn Nh Fl Mc Lv Ts Og"""
SYMBOLS: frozenset[str] = frozenset(_SYMBOL_LIST.split())
"""The 118 element symbols."""

Amount = Fraction | None  # None: present, amount unknown
_MAX_LENGTH = 1000
_VARIABLES = "xyznδ"
# one character for one, so that positions in errors are those of the caller's text
_TRANSLATE = str.maketrans("₀₁₂₃₄₅₆₇₈₉₊₋ₓ₍₎−–\u2010\u2011", "0123456789+-x()----")
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻"
_SEPARATORS = "·⋅∙•*."
_AFTER_CHARGE = ")]:,+-" + _SEPARATORS + _SUPERSCRIPTS  # a sign before these is a charge
_NUMBER = re.compile(r"(\d+)(\.\d+)?(?:/(\d+))?", re.ASCII)
_HYDRATE = re.compile(r"\.[1-9]\d*H2O(?![\d.a-z])", re.ASCII)
_MORE = re.compile(r"[+-](?:\d+(?:\.\d+)?(?:/\d+)?)?[xyznδ]", re.ASCII)  # "+x", "-2x"
_PREFIX = re.compile(r"(?:(?i:alpha|beta|gamma|delta)|[a-z]|[αβγδεθκλ])(?:''|'|′|″|ʺ|’)*-")
_ROMAN = re.compile(r"\((?:I{1,3}|IV|VI{0,3}|IX|X)\)(?![\d.])")
_CHARGE = re.compile(r"\^[\d+-]*", re.ASCII)
_ION = re.compile(r"(?:[A-Z][a-z]?|\([^()]*\))(\d{1,9})\s*[+-]+", re.ASCII)  # "S2-"


def _mul(a: Amount, b: Amount) -> Amount:
    return None if a is None or b is None else a * b


def _add(a: Amount, b: Amount) -> Amount:
    return None if a is None or b is None else a + b


def _merge(into: dict[str, Amount], comp: Mapping[str, Amount], factor: Amount) -> None:
    for symbol, amount in comp.items():
        into[symbol] = _add(into.get(symbol, Fraction(0)), _mul(amount, factor))


class _Parser:
    def __init__(self, text: str, variables: Mapping[str, float] | None = None):
        self.text = text
        self.unknown: InputError | None = None  # the first amount the text leaves unknown
        self.s = text.translate(_TRANSLATE)
        self.values = {k: Fraction(str(v)) for k, v in (variables or {}).items()}

    def fail(self, problem: str, pos: int) -> InputError:
        shown = self.text if len(self.text) <= 60 else self.text[:57] + "..."
        return InputError(f"formula {shown!r}: {problem} at position {pos}")

    def ws(self, i: int) -> int:
        while i < len(self.s) and self.s[i].isspace():
            i += 1
        return i

    def term(self, i: int) -> tuple[Amount, int] | None:
        """A number, a variable or both (``2/3``, ``x``, ``3x``) at ``i``."""
        value: Amount = Fraction(1)
        j = i
        if m := _NUMBER.match(self.s, i):
            if len(m[0]) > 30:
                raise self.fail("number too long", i)
            after_symbol = self.s[i - 1 : i].isalpha() or self.s[i - 1 : i] in (")", "]")
            if after_symbol and m[1] != "0" and _HYDRATE.match(self.s, m.end(1)):
                value, j = Fraction(m[1]), m.end(1)  # "S4.8H2O": hydrate, not S4.8
            else:
                if m[3] and int(m[3]) == 0:
                    raise self.fail("division by zero", i)
                value, j = Fraction(m[1] + (m[2] or "")) / int(m[3] or 1), m.end()
        if j < len(self.s) and self.s[j] in _VARIABLES:
            if self.s[j] in self.values:
                value = _mul(value, self.values[self.s[j]])
            else:
                self.unknown = self.unknown or self.fail(f"symbolic amount {self.s[j]!r}", j)
                value = None
            j += 1
        return None if j == i else (value, j)

    def amount(self, i: int) -> tuple[Amount, int] | None:
        """A term, then ``+term`` / ``-term`` while those contain a variable (``2-x``)."""
        if (got := self.term(i)) is None:
            return None
        value, j = got
        while (m := _MORE.match(self.s, j)) and (more := self.term(j + 1)):
            value = _add(value, more[0] if m[0][0] == "+" else _mul(Fraction(-1), more[0]))
            j = more[1]
        if value is not None and value < 0:
            raise self.fail("negative amount", i)
        return value, j

    def prefix(self, i: int) -> int:
        return m.end() if (m := _PREFIX.match(self.s, i)) else i

    def part(self, i: int) -> tuple[dict[str, Amount], int, tuple[Amount] | None]:
        """One part of a formula: its composition, where it ends, its coefficient if any."""
        s = self.s
        coef: tuple[Amount] | None = None
        i = self.prefix(self.ws(i))
        if got := self.amount(i):
            coef, i = (got[0],), got[1]
        elif s.startswith("(", i) and (got := self.amount(i + 1)) and s.startswith(")", got[1]):
            coef, i = (got[0],), got[1] + 1
        start = i = self.prefix(self.ws(i))
        stack: list[tuple[dict[str, Amount], str, int]] = [({}, "", i)]
        charged = after_element = False
        while i < len(s):
            c, was_element, after_element = s[i], after_element, False
            if c.isupper():
                symbol = s[i : i + 2] if s[i : i + 2] in SYMBOLS else c
                if symbol not in SYMBOLS:
                    name = s[i : i + 2] if s[i + 1 : i + 2].islower() else c
                    raise self.fail(f"unknown element {name!r}", i)
                got = self.amount(i + len(symbol))
                value, i = got or (Fraction(1), i + len(symbol))
                _merge(stack[-1][0], {symbol: value}, Fraction(1))
                after_element = True
            elif (was_element and (m := _ROMAN.match(s, i))) or (m := _CHARGE.match(s, i)):
                i = m.end()  # oxidation state "(III)" or charge "^2-"
            elif c in "([":
                stack.append(({}, ")" if c == "(" else "]", i))
                i += 1
            elif c in ")]":
                if stack[-1][1] != c:
                    raise self.fail(f"unmatched {c!r}", i)
                comp = stack.pop()[0]
                if not comp:
                    raise self.fail("empty group", i)
                value, i = self.amount(i + 1) or (Fraction(1), i + 1)
                _merge(stack[-1][0], comp, value)
            elif c.isspace() or c in _SUPERSCRIPTS:
                i += 1
            elif c in "+-" and (self.ws(i + 1) == len(s) or s[self.ws(i + 1)] in _AFTER_CHARGE):
                charged, i = True, i + 1
            elif c in "+-:," + _SEPARATORS:
                break
            else:
                raise self.fail(f"unexpected {c!r}", i)
        if len(stack) > 1:
            raise self.fail(f"unclosed {s[stack[-1][2]]!r}", stack[-1][2])
        comp = stack[0][0]
        if not comp:
            raise self.fail("expected an element symbol", i)
        body = s[start:i].strip()
        if charged and (m := _ION.fullmatch(body)) and int(m[1]):
            comp = {k: _mul(v, Fraction(1, int(m[1]))) for k, v in comp.items()}  # a charge
        return comp, i, coef

    def parse(self) -> dict[str, Amount]:
        s = self.s
        if not s.strip():
            raise self.fail("empty formula", 0)
        if len(s) > _MAX_LENGTH:
            raise self.fail(f"longer than {_MAX_LENGTH} characters", _MAX_LENGTH)
        total: dict[str, Amount] = {}
        i, dopant, hyphen, any_coef = 0, False, -1, False
        while True:
            start = self.ws(i)
            comp, i, coef = self.part(i)
            if coef is None and dopant:
                self.unknown = self.unknown or self.fail("dopant without an amount", start)
            any_coef = any_coef or coef is not None
            _merge(total, comp, coef[0] if coef else None if dopant else Fraction(1))
            if i >= len(s):
                break
            if s[i] == "," and not dopant:
                raise self.fail("unexpected ','", i)
            dopant = dopant or s[i] == ":"
            if s[i] == "-" and not dopant and hyphen < 0:
                hyphen = i
            i += 1
        if hyphen >= 0 and not any_coef:
            problem = "parts joined by '-' without amounts name a system, not a composition,"
            self.unknown = self.unknown or self.fail(problem, hyphen)
        return total


def parse_formula(text: str, *, variables: Mapping[str, float] | None = None) -> dict[str, float]:
    """Element amounts per formula unit, summed over groups and parts.

    Args:
        text: the formula, in any notation the module docstring lists.
        variables: values of symbolic amounts, such as ``{"x": 0.3}`` (finite numbers).

    Returns:
        Element symbol to amount, in order of first appearance; zero amounts are left out.

    Raises:
        InputError: the text is not a formula, names a chemical system (``Na-Sn``), or has an
            amount it does not give (an unknown ``x``, a dopant without a coefficient).

    Examples:
        >>> parse_formula("Na3SbS4")
        {'Na': 3.0, 'Sb': 1.0, 'S': 4.0}
        >>> parse_formula("0.1NaI-0.9Na3SbS4")
        {'Na': 2.8, 'I': 0.1, 'Sb': 0.9, 'S': 3.6}
        >>> parse_formula("Na2(B12H12)0.5(B10H10)0.5")
        {'Na': 2.0, 'B': 11.0, 'H': 11.0}
        >>> parse_formula("Li1+xAlxTi2-x(PO4)3", variables={"x": 0.3})
        {'Li': 1.3, 'Al': 0.3, 'Ti': 1.7, 'P': 3.0, 'O': 12.0}
        >>> parse_formula("Li1+xAlxTi2-x(PO4)3")
        Traceback (most recent call last):
        kg.errors.InputError: formula 'Li1+xAlxTi2-x(PO4)3': symbolic amount 'x' at position 4
    """
    parser = _Parser(text, variables)
    total = parser.parse()
    if parser.unknown is not None:
        raise parser.unknown
    try:
        return {k: float(v) for k, v in total.items() if v}  # no None: nothing is unknown
    except OverflowError:
        raise InputError(f"formula {text[:60]!r}: amount too large at position 0") from None


def elements(text: str) -> frozenset[str]:
    """The element symbols present: those with an amount above zero or unknown.

    Accepts everything :func:`parse_formula` does, and also symbolic amounts, dopants
    without amounts and chemical systems.

    Raises:
        InputError: the text is not a formula.

    Examples:
        >>> sorted(elements("Li1+xAlxTi2-x(PO4)3"))
        ['Al', 'Li', 'O', 'P', 'Ti']
        >>> sorted(elements("Na3Zr2Si2PO12:La"))
        ['La', 'Na', 'O', 'P', 'Si', 'Zr']
        >>> sorted(elements("Na-P-Se")), sorted(elements("beta''-Al2O3"))
        (['Na', 'P', 'Se'], ['Al', 'O'])
    """
    total = _Parser(text).parse()
    return frozenset(k for k, v in total.items() if v is None or v > 0)
