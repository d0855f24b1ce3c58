"""Charts drawn from the graph: a radar chart comparing electrolyte families, and scatter plots.

Both use matplotlib's ``Agg`` canvas on a bare :class:`~matplotlib.figure.Figure` (never
``pyplot``, never a window), and write the same bytes on every run: the SVG hash salt is fixed,
the SVG date and the PNG software tag are left out, and text is drawn as paths.

Which values count (radar and scatter alike):

- measurements of the sodium system (``naif:chemicalSystem naif:SodiumSystem``) with one value:
  ``qudt:numericValue``, or ``naif:lowerBound``/``naif:upperBound`` (a range counts as its
  midpoint, geometric on the log-scaled conductivities; a stability window as its width,
  upper minus lower bound); before/after pairs (a change or a remedy's effect) are left out;
- values at room temperature: a value stated at a temperature outside 15-35 °C is left out;
  a value with no stated temperature is kept, unless another value of the same property of the
  same electrolyte (or family) states a temperature (then only the stated ones count);
- values in another unit are converted with ``qudt:conversionMultiplier`` when both units
  share a ``qudt:hasQuantityKind``, and left out otherwise.

Radar chart (:func:`radar`, numbers from :func:`radar_data`): one polygon per family, the
classes directly below ``naif:SolidElectrolyte``, with the values of every electrolyte typed
with the family or a subclass of it and the family-wide values (``naif:ofFamily``) of the family
or its subclasses. A family without a single value on any axis (garnets: lithium only) is not
drawn. Per axis, experimental values are used where the family has any, else computed ones; a
value restated for the same electrolyte (or family) counts once; the family's value is the
median (for the conductivities, the median of the log10 values). Each axis is scaled to 0-1,
clipped at the bounds:

- ionic conductivity (``naif:IonicConductivity``): log10, 1e-8 S/cm scores 0, 1e-1 S/cm 1;
- electronic insulation (``naif:ElectronicConductivity``): log10 and inverted, 1e-6 S/cm
  scores 0, 1e-12 S/cm 1;
- stability window (``naif:ElectrochemicalStabilityWindow``): the width, linear, 0 V scores 0,
  6 V 1;
- shear modulus (``naif:ShearModulus``): linear, 0 GPa scores 0, 60 GPa 1;
- Na wettability (``naif:Wettability``): the share of "good" grades (``naif:Good`` 1,
  ``naif:Poor`` 0), their mean rather than a median.

Na compatibility is read from the wettability grades, not from interfacial resistance: the
graph's resistances mix absolute (Ω) and area-specific (Ω·cm²) values that cannot be converted
into each other, and perovskites and antiperovskites have none, while every family with data
has a grade. A family without data on an axis is drawn at 0 there, without a marker, and named
in the chart's note.

Scatter plots (:func:`scatter`, numbers from :func:`scatter_data`): one point per electrolyte
with a value of both property kinds. Per electrolyte and property, the room-temperature values
stated in Table 1 are used when there are any, else all its room-temperature values; several
are reduced to their median. Each axis uses the most common unit of the property's values;
conductivities (``skos:closeMatch quantitykind:ElectricConductivity``) get a log axis.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Graph
from rdflib.term import Literal, Node, URIRef

from kg.errors import UsageError
from kg.namespaces import NAD, NAIF, QUANTITYKIND, QUDT, RDF, RDFS, SKOS, UNIT
from kg.table import subclasses

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "AXES",
    "FORMATS",
    "Axis",
    "Point",
    "ScatterData",
    "radar",
    "radar_data",
    "scatter",
    "scatter_data",
]

#: The file formats :func:`radar` and :func:`scatter` write.
FORMATS = ("png", "svg", "pdf")

# Keep the bytes of a rerun identical: no dates, no version tags, a fixed SVG id salt.
_METADATA: dict[str, dict[str, Any]] = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "Creator": None, "Producer": None},
}
_ROOM_TEMPERATURE_C = (15.0, 35.0)
_GRADES = {NAIF.Good: 1.0, NAIF.Poor: 0.0}


@dataclass(frozen=True)
class Axis:
    """One spoke of the radar chart and how its values are scaled to 0-1.

    Attributes:
        key: the name used in :func:`radar_data`.
        kind: the property kind read.
        unit: the unit values are converted to (``None`` for grades).
        lower: the value scored 0 (1 when ``invert``).
        upper: the value scored 1 (0 when ``invert``).
        log: scale by log10.
        invert: score high for low values (electronic insulation).
    """

    key: str
    kind: URIRef
    unit: URIRef | None
    lower: float
    upper: float
    log: bool = False
    invert: bool = False

    def score(self, value: float) -> float:
        """Scale ``value`` to 0-1, clipped at the bounds.

        Example:
            >>> AXES[0].score(1e-1), round(AXES[0].score(1e-3), 4), AXES[1].score(1e-12)
            (1.0, 0.7143, 1.0)
        """
        if self.log:
            lo, hi, v = math.log10(self.lower), math.log10(self.upper), math.log10(value)
        else:
            lo, hi, v = self.lower, self.upper, value
        fraction = min(1.0, max(0.0, (v - lo) / (hi - lo)))
        return 1.0 - fraction if self.invert else fraction


#: The radar chart's axes, in drawing order (see the module docstring).
AXES: tuple[Axis, ...] = (
    Axis("ionic conductivity", NAIF.IonicConductivity, UNIT["S-PER-CentiM"], 1e-8, 1e-1, log=True),
    Axis(
        "electronic insulation",
        NAIF.ElectronicConductivity,
        UNIT["S-PER-CentiM"],
        1e-12,
        1e-6,
        log=True,
        invert=True,
    ),
    Axis("stability window", NAIF.ElectrochemicalStabilityWindow, UNIT.V, 0.0, 6.0),
    Axis("shear modulus", NAIF.ShearModulus, UNIT.GigaPA, 0.0, 60.0),
    Axis("Na wettability", NAIF.Wettability, None, 0.0, 1.0),
)

_NOTE = (
    "Scores 0-1: median of each family's room-temperature Na-system values, family-wide values "
    "included. Ionic conductivity log10 1e-8..1e-1 S/cm; electronic insulation log10, "
    "1e-6 (0)..1e-12 S/cm (1); stability window width 0..6 V; shear modulus 0..60 GPa; "
    "Na wettability share of 'good' grades."
)


@dataclass(frozen=True)
class _Reading:
    """One usable value of a measurement, in the requested unit."""

    measurement: URIRef
    subject: URIRef
    value: float
    computed: bool
    in_table: bool
    temperature_stated: bool


def _float(node: Node | None) -> float | None:
    return float(node.toPython()) if isinstance(node, Literal) else None


def _name(graph: Graph, node: Node) -> str:
    return graph.namespace_manager.normalizeUri(node) if isinstance(node, URIRef) else str(node)


def _label(graph: Graph, node: Node) -> str:
    label = graph.value(node, RDFS.label)
    return str(label) if label is not None else _name(graph, node)


def _convert(graph: Graph, value: float, source: Node | None, target: Node | None) -> float | None:
    """``value`` from unit ``source`` into unit ``target``, or ``None`` if not convertible."""
    if source == target:
        return value
    kinds = set(graph.objects(source, QUDT.hasQuantityKind))
    if (
        source is None
        or target is None
        or not kinds & set(graph.objects(target, QUDT.hasQuantityKind))
    ):
        return None
    m_source = _float(graph.value(source, QUDT.conversionMultiplier))
    m_target = _float(graph.value(target, QUDT.conversionMultiplier))
    if m_source is None or m_target is None:
        return None
    o_source = _float(graph.value(source, QUDT.conversionOffset)) or 0.0
    o_target = _float(graph.value(target, QUDT.conversionOffset)) or 0.0
    return (value * m_source + o_source - o_target) / m_target


def _at_room_temperature(graph: Graph, m: Node) -> bool:
    """Whether ``m`` states no temperature, or one within 15-35 °C."""
    condition = graph.value(m, NAIF.atTemperature)
    if condition is None:
        return True
    value = _float(graph.value(condition, QUDT.numericValue))
    unit = graph.value(condition, QUDT.unit)
    if value is None or unit is None:
        return True
    multiplier = _float(graph.value(unit, QUDT.conversionMultiplier)) or 1.0
    offset = _float(graph.value(unit, QUDT.conversionOffset)) or 0.0
    celsius = value * multiplier + offset - 273.15
    return _ROOM_TEMPERATURE_C[0] <= celsius <= _ROOM_TEMPERATURE_C[1]


def _is_log(graph: Graph, kind: URIRef) -> bool:
    return (kind, SKOS.closeMatch, QUANTITYKIND.ElectricConductivity) in graph


def _raw_value(graph: Graph, m: Node, kind: URIRef, *, log: bool) -> float | None:
    """The measurement's single value in its own unit (range midpoint, window width)."""
    value = _float(graph.value(m, QUDT.numericValue))
    if value is not None:
        return value
    lower = _float(graph.value(m, NAIF.lowerBound))
    upper = _float(graph.value(m, NAIF.upperBound))
    if lower is None or upper is None:
        return None
    if kind == NAIF.ElectrochemicalStabilityWindow:
        return upper - lower
    if log and lower > 0 and upper > 0:
        return math.sqrt(lower * upper)
    return (lower + upper) / 2


def _readings(graph: Graph, kind: URIRef, unit: URIRef | None) -> list[_Reading]:
    """Sodium-system, room-temperature values of ``kind`` in ``unit`` (grades when ``None``)."""
    log = _is_log(graph, kind)
    found: list[_Reading] = []
    stated: set[URIRef] = set()  # subjects with a value of this kind at a stated temperature
    for m in sorted(graph.subjects(NAIF.propertyKind, kind), key=str):
        if (m, NAIF.chemicalSystem, NAIF.SodiumSystem) not in graph or not isinstance(m, URIRef):
            continue
        subject = graph.value(m, NAIF.ofMaterial) or graph.value(m, NAIF.ofFamily)
        if not isinstance(subject, URIRef):
            continue
        if graph.value(m, NAIF.atTemperature) is not None:
            stated.add(subject)
        if not _at_room_temperature(graph, m):
            continue
        value: float | None
        if unit is None:
            grade = graph.value(m, NAIF.qualitativeValue)
            value = _GRADES.get(grade) if isinstance(grade, URIRef) else None
        else:
            raw = _raw_value(graph, m, kind, log=log)
            own = graph.value(m, QUDT.unit)
            value = None if raw is None else _convert(graph, raw, own, unit)
        if value is None or (log and value <= 0):
            continue
        found.append(
            _Reading(
                measurement=m,
                subject=subject,
                value=value,
                computed=(m, NAIF.evidence, NAIF.Computed) in graph,
                in_table=(m, NAIF.statedIn, NAD.Table1) in graph,
                temperature_stated=graph.value(m, NAIF.atTemperature) is not None,
            )
        )
    # a value without a temperature counts as room temperature only for an electrolyte (or
    # family) none of whose values of this property states one
    return [r for r in found if r.temperature_stated or r.subject not in stated]


def _median(values: Iterable[float], *, log: bool) -> float:
    values = list(values)
    if log:
        return float(10 ** statistics.median(math.log10(v) for v in values))
    return float(statistics.median(values))


def _families(graph: Graph) -> tuple[dict[URIRef, URIRef], dict[URIRef, URIRef]]:
    """Family classes, and electrolytes typed with one, each mapped to its top family."""
    classes: dict[URIRef, URIRef] = {}
    for family in sorted(graph.subjects(RDFS.subClassOf, NAIF.SolidElectrolyte), key=str):
        if isinstance(family, URIRef):
            for cls in sorted(subclasses(graph, family)):
                classes.setdefault(cls, family)
    members: dict[URIRef, URIRef] = {}
    for cls, family in classes.items():
        for member in sorted(graph.subjects(RDF.type, cls), key=str):
            if isinstance(member, URIRef):
                members.setdefault(member, family)
    return classes, members


def _palette(graph: Graph) -> dict[URIRef, Any]:
    """A fixed colour per top family (ordered by label), shared by every chart."""
    import matplotlib

    colours = matplotlib.colormaps["tab10"]
    families = sorted(set(_families(graph)[0].values()), key=lambda f: _label(graph, f))
    return {f: colours(i % 10) for i, f in enumerate(families)}


@dataclass(frozen=True)
class _AxisValue:
    raw: float | None
    score: float | None
    computed_only: bool


def _radar(graph: Graph) -> dict[URIRef, dict[str, _AxisValue]]:
    classes, members = _families(graph)
    top = {**classes, **members}
    table: dict[URIRef, dict[str, _AxisValue]] = defaultdict(dict)
    for axis in AXES:
        grouped: dict[URIRef, list[_Reading]] = defaultdict(list)
        for reading in _readings(graph, axis.kind, axis.unit):
            family = top.get(reading.subject)
            if family is not None:
                grouped[family].append(reading)
        for family, readings in grouped.items():
            experimental = [r for r in readings if not r.computed]
            chosen = experimental or readings
            # a value restated for the same electrolyte or family counts once
            distinct = {(r.subject, float(f"{r.value:.12g}")): r.value for r in chosen}
            values = list(distinct.values())
            raw = statistics.fmean(values) if axis.unit is None else _median(values, log=axis.log)
            table[family][axis.key] = _AxisValue(raw, axis.score(raw), not experimental)
    return table


def radar_data(graph: Graph, *, normalised: bool = True) -> dict[str, dict[str, float | None]]:
    """Per family (by label) and axis (:data:`AXES` keys): the score drawn, or ``None``.

    Args:
        graph: the compiled graph.
        normalised: the 0-1 scores; with ``False``, the family values in the axis units
            (S/cm, S/cm, V, GPa, share of good grades).

    Example:
        >>> from kg.load import load_graph
        >>> data = radar_data(load_graph())
        >>> data["Perovskite"]["stability window"] is None
        True
        >>> round(data["NASICON"]["shear modulus"], 3)
        0.736
    """
    found = _radar(graph)
    result: dict[str, dict[str, float | None]] = {}
    for family in sorted(found, key=lambda f: _label(graph, f)):
        values = found[family]
        result[_label(graph, family)] = {
            a.key: (
                None
                if a.key not in values
                else values[a.key].score
                if normalised
                else values[a.key].raw
            )
            for a in AXES
        }
    return result


def _check_formats(formats: Sequence[str]) -> None:
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise UsageError(
            f"unknown picture format {', '.join(map(repr, unknown)) or '(none)'} "
            f"(choose from {', '.join(FORMATS)})"
        )


def _save(fig: Figure, path: Path, formats: Sequence[str]) -> list[Path]:
    written = []
    for fmt in formats:
        target = Path(path).with_suffix(f".{fmt}")
        target.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(target, format=fmt, metadata=_METADATA[fmt], dpi=150)
        written.append(target)
    return written


def _style() -> AbstractContextManager[None]:
    """Settings that make the output deterministic: fixed SVG ids, text as paths."""
    import matplotlib

    return matplotlib.rc_context(
        {"svg.hashsalt": "naif-kg", "svg.fonttype": "path", "pdf.fonttype": 42}
    )


def _figure(width: float, height: float) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height))
    FigureCanvasAgg(fig)
    return fig


def radar(graph: Graph, *, path: Path, formats: Sequence[str] = ("png", "svg")) -> list[Path]:
    """Draw the family radar chart (see the module docstring) and return the files written.

    Args:
        graph: the compiled graph.
        path: where to write; each format replaces the suffix (``docs/radar`` gives
            ``docs/radar.png`` and ``docs/radar.svg``).
        formats: any of ``png``, ``svg``, ``pdf``.

    Raises:
        UsageError: for an unknown format.

    Example:
        >>> import tempfile, pathlib
        >>> from kg.load import load_graph
        >>> out = pathlib.Path(tempfile.mkdtemp()) / "radar"
        >>> [p.name for p in radar(load_graph(), path=out)]
        ['radar.png', 'radar.svg']
    """
    from matplotlib.projections.polar import PolarAxes

    _check_formats(formats)
    found = _radar(graph)
    colours = _palette(graph)
    families = sorted(found, key=lambda f: _label(graph, f))
    angles = [2 * math.pi * i / len(AXES) for i in range(len(AXES))]
    missing, computed = [], []
    with _style():
        fig = _figure(9.0, 8.0)
        ax = fig.add_axes((0.17, 0.17, 0.55, 0.68), projection="polar")
        assert isinstance(ax, PolarAxes)
        ax.set_theta_offset(math.pi / 2)
        ax.set_theta_direction(-1)
        for family in families:
            label = _label(graph, family)
            values = [found[family].get(a.key) for a in AXES]
            scores = [v.score if v is not None and v.score is not None else 0.0 for v in values]
            slug = label.lower().replace(" ", "-")
            colour = colours[family]
            ax.fill(angles, scores, color=colour, alpha=0.1, gid=f"radar-fill-{slug}")
            ax.plot(
                [*angles, angles[0]],
                [*scores, scores[0]],
                color=colour,
                linewidth=1.8,
                label=label,
                gid=f"radar-line-{slug}",
            )
            have = [(t, s) for t, s, v in zip(angles, scores, values, strict=True) if v]
            ax.plot([t for t, _ in have], [s for _, s in have], "o", color=colour, markersize=4)
            missing += [f"{label}: {a.key}" for a, v in zip(AXES, values, strict=True) if not v]
            computed += [
                f"{label}: {a.key}"
                for a, v in zip(AXES, values, strict=True)
                if v and v.computed_only
            ]
        ax.set_xticks(angles, [a.key.capitalize() for a in AXES], fontsize=10)
        ax.tick_params(axis="x", pad=10)
        for text, angle in zip(ax.get_xticklabels(), angles, strict=True):
            side = math.sin(angle)  # clockwise from the top: left half < 0 < right half
            text.set_horizontalalignment(
                "center" if abs(side) < 0.1 else "left" if side > 0 else "right"
            )
        ax.set_ylim(0, 1)
        ax.set_yticks([0.25, 0.5, 0.75, 1.0], ["0.25", "0.5", "0.75", "1"], fontsize=7)
        ax.set_rlabel_position(180 / len(AXES))
        fig.suptitle("Sodium solid electrolytes by family (from the NaIF graph)", y=0.97)
        handles, labels = ax.get_legend_handles_labels()
        fig.legend(handles, labels, loc="upper right", bbox_to_anchor=(0.99, 0.92), fontsize=9)
        note = _NOTE
        if missing:
            note += " No data (drawn at 0): " + "; ".join(missing) + "."
        if computed:
            note += " Computed values only: " + "; ".join(computed) + "."
        fig.text(0.05, 0.02, note, fontsize=7.5, wrap=True, va="bottom")
        return _save(fig, path, formats)


@dataclass(frozen=True)
class Point:
    """One electrolyte in a scatter plot."""

    material: URIRef
    label: str
    family: str
    x: float
    y: float


@dataclass(frozen=True)
class ScatterData:
    """The points of a scatter plot and how its axes are labelled.

    Attributes:
        x_label: property label with the unit symbol, e.g. ``Ionic conductivity (S/cm)``.
        y_label: the same for the y axis.
        x_log: whether the x axis is logarithmic (conductivities).
        y_log: the same for the y axis.
        points: one per electrolyte with both values, sorted by family and label.
    """

    x_label: str
    y_label: str
    x_log: bool
    y_log: bool
    points: tuple[Point, ...]


def _property_values(
    graph: Graph, kind: URIRef, members: dict[URIRef, URIRef]
) -> tuple[str, dict[URIRef, float]]:
    """The axis label of ``kind`` and one value per electrolyte (see the module docstring)."""
    log = _is_log(graph, kind)
    units = Counter(
        u
        for m in graph.subjects(NAIF.propertyKind, kind)
        if (m, NAIF.chemicalSystem, NAIF.SodiumSystem) in graph
        and graph.value(m, NAIF.ofMaterial) in members
        and isinstance(u := graph.value(m, QUDT.unit), URIRef)
    )
    ranked = sorted(units.items(), key=lambda kv: (-kv[1], str(kv[0])))
    label = _label(graph, kind)
    label = label[:1].upper() + label[1:]
    if not ranked:
        return label, {}
    unit = ranked[0][0]
    symbol = graph.value(unit, QUDT.symbol)
    if kind == NAIF.ElectrochemicalStabilityWindow:
        label += " width"
    label += f" ({symbol})" if symbol is not None else ""
    grouped: dict[URIRef, list[_Reading]] = defaultdict(list)
    for reading in _readings(graph, kind, unit):
        if reading.subject in members:
            grouped[reading.subject].append(reading)
    values = {}
    for material, readings in grouped.items():
        chosen = [r for r in readings if r.in_table] or readings
        values[material] = _median((r.value for r in chosen), log=log)
    return label, values


def scatter_data(graph: Graph, *, x: URIRef, y: URIRef) -> ScatterData:
    """The points of :func:`scatter`: one per electrolyte with values of both ``x`` and ``y``.

    Raises:
        UsageError: if ``x`` or ``y`` is not a property kind, or no electrolyte has both.

    Example:
        >>> from kg.load import load_graph
        >>> data = scatter_data(load_graph(), x=NAIF.IonicConductivity, y=NAIF.ActivationEnergy)
        >>> data.x_label, data.y_label, data.x_log
        ('Ionic conductivity (S/cm)', 'Activation energy (eV)', True)
    """
    for kind in (x, y):
        if (kind, RDF.type, NAIF.PropertyKind) not in graph:
            raise UsageError(f"{_name(graph, kind)} is not a property kind (naif:PropertyKind)")
    members = _families(graph)[1]
    x_label, xs = _property_values(graph, x, members)
    y_label, ys = _property_values(graph, y, members)
    points = sorted(
        (
            Point(m, _label(graph, m), _label(graph, members[m]), xs[m], ys[m])
            for m in set(xs) & set(ys)
        ),
        key=lambda p: (p.family, p.label),
    )
    if not points:
        raise UsageError(
            f"no sodium electrolyte has values of both {_name(graph, x)} and {_name(graph, y)}"
        )
    return ScatterData(x_label, y_label, _is_log(graph, x), _is_log(graph, y), tuple(points))


def scatter(
    graph: Graph,
    *,
    x: URIRef,
    y: URIRef,
    path: Path,
    formats: Sequence[str] = ("png", "svg"),
) -> list[Path]:
    """Plot property ``y`` against property ``x`` across electrolytes, coloured by family.

    Args:
        graph: the compiled graph.
        x: the property kind on the x axis (e.g. ``naif:IonicConductivity``).
        y: the property kind on the y axis (e.g. ``naif:ActivationEnergy``).
        path: where to write; each format replaces the suffix.
        formats: any of ``png``, ``svg``, ``pdf``.

    Raises:
        UsageError: for an unknown format, a term that is not a property kind, or when no
            electrolyte has values of both.

    Example:
        >>> import tempfile, pathlib
        >>> from kg.load import load_graph
        >>> out = pathlib.Path(tempfile.mkdtemp()) / "sigma-ea"
        >>> g = load_graph()
        >>> [p.suffix for p in scatter(g, x=NAIF.IonicConductivity, y=NAIF.ActivationEnergy,
        ...                            path=out, formats=["svg"])]
        ['.svg']
    """
    _check_formats(formats)
    data = scatter_data(graph, x=x, y=y)
    colours = {_label(graph, f): c for f, c in _palette(graph).items()}
    with _style():
        fig = _figure(7.0, 5.0)
        ax = fig.add_subplot()
        for family in sorted({p.family for p in data.points}):
            chosen = [p for p in data.points if p.family == family]
            ax.scatter(
                [p.x for p in chosen],
                [p.y for p in chosen],
                color=colours.get(family),
                label=family,
                s=30,
                edgecolors="black",
                linewidths=0.4,
                gid=f"points-{family.lower().replace(' ', '-')}",
            )
        if data.x_log:
            ax.set_xscale("log")
        if data.y_log:
            ax.set_yscale("log")
        ax.set_xlabel(data.x_label)
        ax.set_ylabel(data.y_label)
        ax.set_title(f"{data.y_label.split(' (')[0]} against {data.x_label.split(' (')[0].lower()}")
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=8, frameon=False)
        fig.tight_layout()
        return _save(fig, path, formats)
