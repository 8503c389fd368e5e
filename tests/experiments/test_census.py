"""The census comparison command line (experiments/census.py) on a written hindcast."""

from __future__ import annotations

import pandas as pd
import pytest

from experiments.census import main
from twin.calibration import CENSUS


def _write_tables(folder) -> None:
    """A hindcast's per-replicate tables: one-year counts 40, 41, 42 by replicate, and 30 for
    every snapshot or period figure."""
    label = {"policy": "historical"}
    counts = pd.DataFrame(
        [(y, sp, g, 40 + r, r) for y in range(2007, 2025) for sp in ("leopard", "tiger")
         for g in ("adult", "cub") for r in range(3)],
        columns=["year", "species", "stage", "count", "replicate"],
    ).assign(**label)  # fmt: skip
    periods = CENSUS[CENSUS["snapshot"] | (CENSUS["first_year"] != CENSUS["last_year"])]
    figures = pd.concat(
        [periods[["year", "species", "stage"]].assign(count=30.0, replicate=r) for r in range(3)]
    ).assign(**label)
    counts.to_csv(folder / "counts.csv", index=False)
    figures.to_csv(folder / "census_figures.csv", index=False)


def test_rewrites_the_comparison_from_the_written_tables(tmp_path, capsys):
    """From counts.csv and census_figures.csv alone, census_comparison.csv gets one row per
    census figure with the replicates' median (the one-year figures from the counts: 41 of
    40, 41, 42); a folder without the tables exits 2 naming the file."""
    _write_tables(tmp_path)
    main([str(tmp_path)])
    table = pd.read_csv(tmp_path / "census_comparison.csv")
    assert len(table) == len(CENSUS) and "2023" in capsys.readouterr().out
    tigers = table[(table["species"] == "tiger") & (table["stage"] == "adult")]
    assert tigers.set_index("year").loc[[2022, 2023], "census"].tolist() == [48.0, 58.0]
    assert (tigers.set_index("year").loc[[2021, 2022, 2023], "median"] == 41.0).all()
    with pytest.raises(SystemExit) as stop:
        main([str(tmp_path / "nowhere")])
    assert stop.value.code == 2 and "counts.csv: no such file" in capsys.readouterr().err


def test_docs_block_is_rewritten_from_the_table(tmp_path, capsys):
    """--docs replaces the folder's marked block with the Markdown table and keeps the rest;
    a doc without the block exits 2 naming it."""
    folder = tmp_path / "hc"
    folder.mkdir()
    _write_tables(folder)
    doc = tmp_path / "doc.md"
    doc.write_text("before\n<!-- census:hc -->\nold\n<!-- /census:hc -->\nafter\n")
    main([str(folder), "--docs", str(doc)])
    text = doc.read_text()
    assert text.startswith("before\n<!-- census:hc -->\n| year |") and text.endswith("after\n")
    assert "old" not in text and text.count("\n| 20") == len(CENSUS)
    (tmp_path / "other.md").write_text("no block\n")
    with pytest.raises(SystemExit) as stop:
        main([str(folder), "--docs", str(tmp_path / "other.md")])
    assert stop.value.code == 2 and "census:hc" in capsys.readouterr().err
