"""The park director's page: the frontier's panels and each budget's layouts on the map, from
the committed studies; bad inputs exit 2 naming the file."""

from __future__ import annotations

import pandas as pd

from experiments.design_page import DESIGN, main
from tests.design.test_frontier import COSTS, Stub
from twin.design.budget import ParkDesign
from twin.design.design_page import design_page
from twin.design.frontier import RunCache, reevaluate
from twin.landscape.grid import Landscape


def _small_landscape() -> Landscape:
    from twin.design.simulated import pinned_scenario
    from twin.landscape.build import build_landscape

    return build_landscape(pinned_scenario().landscape)


def _frontier(folder) -> pd.DataFrame:
    """A re-evaluated frontier of two designs on a stub (a pure function shaped like a run)."""
    designs = [ParkDesign(40, 20.0, 2), ParkDesign(160, 60.0, 10)]
    frame = reevaluate(
        designs, Stub(), COSTS, RunCache(folder), 3, 3, reference=designs[1], log=lambda _: None
    )
    frame.insert(0, "design", ["frontier", "today"])
    return frame


def test_page_shows_the_frontier_and_every_budgets_layouts(tmp_path):
    """Three frontier panels, one map per camera budget with the three designs, each map's
    heading giving the designs' RMSE from the committed layout comparison."""
    frontier = _frontier(tmp_path)
    layouts = pd.read_csv(DESIGN / "layouts.csv")
    comparison = pd.read_csv(DESIGN / "layout_comparison.csv")
    page = design_page(frontier, _small_landscape(), layouts, comparison)
    assert page.startswith("<!DOCTYPE html>") and page.count("<h2>") == 3 + 2
    for cameras in (40, 80):
        assert f'id="layouts-{cameras}"' in page
        grid = comparison[(comparison.cameras == cameras) & (comparison.design == "grid")]
        assert f"grid {grid['rmse'].iloc[0]:.2f}" in page
    assert all(f"{design} (" in page for design in ("grid", "formula", "simulation"))


def test_missing_or_wrong_input_exits_2_naming_the_file(tmp_path, capsys):
    """A missing file and a table without the needed columns: status 2, the file named, no page."""
    out = tmp_path / "page.html"
    assert main(["--frontier", str(tmp_path / "none.csv"), "--out", str(out)]) == 2
    assert "--frontier=" in capsys.readouterr().err and not out.exists()
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("a,b\n1,2\n")
    frontier = tmp_path / "frontier.csv"
    _frontier(tmp_path / "runs").to_csv(frontier, index=False)
    assert main(["--frontier", str(frontier), "--layouts", str(wrong), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"--layouts={wrong}" in err and "x_m" in err and not out.exists()
