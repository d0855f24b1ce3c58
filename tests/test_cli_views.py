"""kg table and kg plot on the command line: outputs, options and one-line errors."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from helpers import run_kg
from rdflib import Graph

from kg.namespaces import NAD, NAIF


def test_table_csv_has_every_layout_row(graph: Graph) -> None:
    rows = {
        r for r in graph.subjects(NAIF.inTable, NAD["Table1"]) if (r, NAIF.rowNumber, None) in graph
    }
    proc = run_kg("table", "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    records = list(csv.reader(io.StringIO(proc.stdout)))
    assert len(records) - 1 == len(rows) > 20
    assert any(r[1] == "Na3SbS4" for r in records[1:])


def test_table_family_filter_and_file_output(tmp_path: Path) -> None:
    out = tmp_path / "t.html"
    proc = run_kg("table", "--family", "selenides", "--format", "html", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    page = out.read_text(encoding="utf-8")
    assert "Na3PSe4" in page and "Na3PS4<" not in page and "β-Al2O3" not in page


def test_plots_are_written(tmp_path: Path) -> None:
    proc = run_kg("plot", "radar", "-o", str(tmp_path / "radar"))
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "radar.png").read_bytes().startswith(b"\x89PNG")
    assert (tmp_path / "radar.svg").stat().st_size > 10_000
    proc = run_kg(
        "plot",
        "scatter",
        "--x",
        "ionic conductivity",
        "--y",
        "naif:ActivationEnergy",
        "--formats",
        "svg",
        "-o",
        str(tmp_path / "s"),
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == str(tmp_path / "s.svg")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["table", "--family", "Na3SbS4"], "not an electrolyte family"),
        (["table", "--format", "xlsx"], "invalid choice: 'xlsx'"),
        (["plot", "scatter", "-o", "x"], "needs --x and --y"),
        (
            ["plot", "scatter", "--x", "colour", "--y", "naif:ActivationEnergy", "-o", "x"],
            "no property kind 'colour'",
        ),
    ],
)
def test_errors_are_one_line(args: list[str], message: str, tmp_path: Path) -> None:
    proc = run_kg(*args, cwd=None)
    assert proc.returncode == 2
    assert message in proc.stderr and proc.stderr.count("\n") == 1, proc.stderr
    assert not Path("x.png").exists() and not Path("x.svg").exists()
