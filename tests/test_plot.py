"""`kg.plot`: the family radar chart and the property scatter plot, drawn from the curated graph."""

from __future__ import annotations

import math
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rdflib import Graph

from kg.errors import UsageError
from kg.namespaces import NAIF
from kg.plot import AXES, radar, radar_data, scatter, scatter_data
from kg.query import select

ROOT = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def ids(svg: Path, prefix: str) -> list[str]:
    return [e.get("id", "") for e in ET.parse(svg).iter() if e.get("id", "").startswith(prefix)]


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.fixture(scope="module")
def data(graph: Graph) -> dict[str, dict[str, float | None]]:
    return radar_data(graph)


@pytest.fixture(scope="module")
def radar_files(graph: Graph, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return radar(graph, path=tmp_path_factory.mktemp("radar") / "radar.png")


def test_radar_writes_png_and_svg(radar_files):
    assert [p.suffix for p in radar_files] == [".png", ".svg"]
    png, svg = radar_files
    assert png.stat().st_size > 20_000
    width, height = png_size(png)
    assert width > 800 and height > 800
    assert ET.parse(svg).getroot().tag == f"{SVG}svg"


def test_radar_svg_has_one_polygon_per_family(radar_files, data):
    svg = radar_files[1]
    lines = ids(svg, "radar-line-")
    expected = sorted(f"radar-line-{label.lower().replace(' ', '-')}" for label in data)
    assert sorted(lines) == expected
    assert len(lines) == 6
    for group in ET.parse(svg).iter(f"{SVG}g"):
        if group.get("id", "").startswith("radar-"):
            assert group.find(f"{SVG}path") is not None, group.get("id")


def test_radar_is_byte_for_byte_repeatable(graph, radar_files, tmp_path):
    again = radar(graph, path=tmp_path / "radar")
    for first, second in zip(radar_files, again, strict=True):
        assert first.read_bytes() == second.read_bytes(), first.suffix


def test_radar_families_are_those_with_sodium_data(data):
    assert set(data) == {
        "Antiperovskite",
        "Chalcogenide",
        "Complex hydride",
        "NASICON",
        "Perovskite",
        "Sodium beta-alumina",
    }  # garnets have lithium-system values only
    for axes in data.values():
        assert list(axes) == [a.key for a in AXES]
        assert all(v is None or 0.0 <= v <= 1.0 for v in axes.values())


def test_radar_numbers_for_perovskites(data, graph):
    p = data["Perovskite"]
    # ionic conductivity, both at 25 °C, each stated in Table 1 and in the text (counted once):
    #   Na0.33La0.55ZrO3 6.89e-7 S/cm, Na1/3La1/3Sr1/3ZrO3 1.025e-5 S/cm -> log-median
    sigma = math.sqrt(6.89e-7 * 1.025e-5)
    assert p["ionic conductivity"] == pytest.approx((math.log10(sigma) + 8) / 7)
    assert p["ionic conductivity"] == pytest.approx(0.3464, abs=1e-4)
    # electronic conductivity: Na1/3La1/3Sr1/3ZrO3 8.17e-8 S/cm (Table 1); family-wide range
    #   1e-9..1e-8 S/cm (text) -> geometric midpoint 10^-8.5; log-median of the two
    leak = math.sqrt(8.17e-8 * 10**-8.5)
    assert p["electronic insulation"] == pytest.approx((-6 - math.log10(leak)) / 6)
    # no stability window for any perovskite
    assert p["stability window"] is None
    # shear modulus 55 GPa (Table 1 row 24) and 55 GPa (family, text) -> 55 / 60
    assert p["shear modulus"] == pytest.approx(55 / 60)
    # wettability: one cross (Table 1 row 24)
    assert p["Na wettability"] == 0.0
    assert radar_data(graph, normalised=False)["Perovskite"]["shear modulus"] == pytest.approx(55)


def test_radar_numbers_for_antiperovskites(data):
    a = data["Antiperovskite"]
    # ionic conductivity at room temperature: only Na3OBH4, 4.4e-3 S/cm at 25 °C (Table 1);
    #   Na3OBr (180 °C), Na4OI2 (230 °C), Na3OBr0.6I0.4 (200 °C), Na2.9Sr0.05OBr0.6I0.4 (180 °C)
    #   are left out, and so is the text's Na3OBH4 value without a temperature
    assert a["ionic conductivity"] == pytest.approx((math.log10(4.4e-3) + 8) / 7)
    assert a["electronic insulation"] is None
    # windows are computed only: family 0-1.8 V (text, stated twice, counted once),
    #   Na3OBr 0-1.6 V and Na4OI2 0-1.5 V (Table 1) -> median width 1.6 V -> 1.6 / 6
    assert a["stability window"] == pytest.approx(1.6 / 6)
    # shear: 21 GPa experimental (Table 1 row 26); the computed 20.9 GPa is not used
    assert a["shear modulus"] == pytest.approx(21 / 60)
    # wettability: one check mark (Table 1 row 26)
    assert a["Na wettability"] == 1.0


def test_radar_numbers_for_nasicon_shear_modulus(data):
    # 44 GPa (Na3Zr2Si2PO12, Table 1) and 44.3 GPa (family, text) -> median 44.15 GPa
    assert data["NASICON"]["shear modulus"] == pytest.approx(44.15 / 60)


def test_axis_scores_follow_the_documented_bounds():
    ionic, electronic, window, shear, wetting = AXES
    assert ionic.score(1e-8) == 0.0 and ionic.score(1e-1) == 1.0 and ionic.score(1e-9) == 0.0
    assert ionic.score(10**-4.5) == pytest.approx(0.5)
    assert electronic.score(1e-6) == 0.0 and electronic.score(1e-12) == 1.0
    assert electronic.score(1e-9) == pytest.approx(0.5)
    assert window.score(3.0) == pytest.approx(0.5) and window.score(7.0) == 1.0
    assert shear.score(30.0) == pytest.approx(0.5)
    assert wetting.score(0.5) == pytest.approx(0.5)


def test_radar_refuses_an_unknown_format(graph, tmp_path):
    with pytest.raises(UsageError, match="unknown picture format 'gif'"):
        radar(graph, path=tmp_path / "r", formats=("gif",))
    assert not list(tmp_path.iterdir())


# Electrolytes with an activation energy and an ionic conductivity at 15-35 °C, or with
# conductivities none of which states a temperature.
BOTH = """
SELECT DISTINCT ?e WHERE {
  ?a naif:propertyKind naif:ActivationEnergy ; naif:ofMaterial ?e ;
     naif:chemicalSystem naif:SodiumSystem .
  ?s naif:propertyKind naif:IonicConductivity ; naif:ofMaterial ?e ;
     naif:chemicalSystem naif:SodiumSystem .
  { ?s naif:atTemperature/qudt:numericValue ?t FILTER (?t >= 15 && ?t <= 35) }
  UNION
  { FILTER NOT EXISTS { ?any naif:propertyKind naif:IonicConductivity ; naif:ofMaterial ?e ;
                              naif:atTemperature ?c } }
}
"""


def test_scatter_has_one_point_per_electrolyte_with_both(graph):
    points = scatter_data(graph, x=NAIF.IonicConductivity, y=NAIF.ActivationEnergy)
    expected = {r["e"] for r in select(graph, BOTH)}
    assert {p.material for p in points.points} == expected
    assert len(points.points) == len(expected) > 20
    assert points.x_label == "Ionic conductivity (S/cm)"
    assert points.y_label == "Activation energy (eV)"
    assert points.x_log and not points.y_log
    by_label = {p.label: p for p in points.points}
    # Table 1 value (1.13e-3 S/cm at 20 °C) preferred over the text's 0.67 mS/cm
    assert by_label["Na3Zr2Si2PO12"].x == pytest.approx(1.13e-3)
    assert by_label["Na3Zr2Si2PO12"].y == pytest.approx(0.32)
    assert by_label["Na3Zr2Si2PO12"].family == "NASICON"
    assert "Na2B10H10" not in by_label  # its Table 1 conductivity is at 110 °C
    assert "Na3OBr" not in by_label  # 180 °C


def test_scatter_writes_files_coloured_by_family(graph, tmp_path):
    files = scatter(
        graph, x=NAIF.IonicConductivity, y=NAIF.ActivationEnergy, path=tmp_path / "sigma-ea"
    )
    assert [p.name for p in files] == ["sigma-ea.png", "sigma-ea.svg"]
    assert files[0].stat().st_size > 10_000
    png_size(files[0])
    families = {
        p.family
        for p in scatter_data(graph, x=NAIF.IonicConductivity, y=NAIF.ActivationEnergy).points
    }
    assert len(ids(files[1], "points-")) == len(families) >= 4
    again = scatter(
        graph, x=NAIF.IonicConductivity, y=NAIF.ActivationEnergy, path=tmp_path / "again"
    )
    assert [p.read_bytes() for p in files] == [p.read_bytes() for p in again]


def test_scatter_refuses_a_term_that_is_not_a_property_kind(graph, tmp_path):
    with pytest.raises(UsageError, match="naif:NoSuchKind is not a property kind") as caught:
        scatter(graph, x=NAIF.NoSuchKind, y=NAIF.ActivationEnergy, path=tmp_path / "x")
    assert "\n" not in str(caught.value)
    assert not list(tmp_path.iterdir())


def test_scatter_refuses_properties_no_electrolyte_has_both_of(graph, tmp_path):
    # wettability is a grade, never a number
    with pytest.raises(UsageError, match="no sodium electrolyte has values of both"):
        scatter(graph, x=NAIF.Wettability, y=NAIF.IonicConductivity, path=tmp_path / "x")


def test_committed_pictures_exist_and_are_valid(data):
    png, svg = ROOT / "docs" / "radar.png", ROOT / "docs" / "radar.svg"
    assert png.stat().st_size > 20_000
    png_size(png)
    assert len(ids(svg, "radar-line-")) == len(data)
