"""Write the park director's design page from the committed studies (no simulation).

The budget frontier (``experiments/budget_frontier.py``) and the layout comparison
(``experiments/layout_comparison.py``) each write their own page; this one puts the frontier and
the chosen layouts, beside the grid, on one offline Plotly page::

    python -m experiments.design_page                # experiments/design/design.html
    python -m experiments.design_page --frontier other/frontier.csv --out other/design.html

A missing or unreadable input exits with status 2 and names the file.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from twin.design.design_page import design_page
from twin.design.simulated import pinned_scenario
from twin.errors import TwinInputError
from twin.io.atomic import atomic_write
from twin.landscape.build import build_landscape

DESIGN = Path(__file__).resolve().parent / "design"
COLUMNS = {
    "frontier": ("cameras", "cost_rub", "leopards_alive", "on_frontier_fresh"),
    "layouts": ("cameras", "design", "x_m", "y_m"),
    "comparison": ("cameras", "design", "rmse", "seeds"),
}


def read_input(path: Path, kind: str) -> pd.DataFrame:
    """A study's CSV with the columns the page needs, or a :class:`TwinInputError` naming it."""
    try:
        frame = pd.read_csv(path)
    except (OSError, ValueError) as err:
        raise TwinInputError(f"--{kind}={path} cannot be read as a CSV table: {err}.") from None
    missing = [c for c in COLUMNS[kind] if c not in frame.columns]
    if missing or frame.empty:
        raise TwinInputError(
            f"--{kind}={path} lacks rows or the columns {missing}; allowed: the {kind} table a "
            "design study writes."
        )
    return frame


def main(argv: Sequence[str] | None = None) -> int:
    """Write the page; return the exit status."""
    parser = argparse.ArgumentParser(prog="design_page", description=__doc__.split("\n")[0])
    parser.add_argument("--frontier", type=Path, default=DESIGN / "frontier" / "frontier.csv")
    parser.add_argument("--layouts", type=Path, default=DESIGN / "layouts.csv")
    parser.add_argument("--comparison", type=Path, default=DESIGN / "layout_comparison.csv")
    parser.add_argument("--out", type=Path, default=DESIGN / "design.html")
    args = parser.parse_args(argv)
    try:
        frontier = read_input(args.frontier, "frontier")
        layouts = read_input(args.layouts, "layouts")
        comparison = read_input(args.comparison, "comparison")
    except TwinInputError as err:
        print(f"design_page: error: {err}", file=sys.stderr)
        return 2
    landscape = build_landscape(pinned_scenario().landscape)
    page = design_page(frontier, landscape, layouts, comparison)
    atomic_write(args.out, lambda p: p.write_text(page, encoding="utf-8"))
    print(f"design_page: wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
