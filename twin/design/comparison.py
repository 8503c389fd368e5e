"""Paired comparison of layouts on the same seeds: a resumable row cache and the summary table.

Rows (one per run: cameras, design, role, seed) are appended to a CSV as they finish, so a
study that stops resumes with the rows it has. The summary compares each design with the grid
of the same cost on the seeds both have, by the paired difference of their RMSEs and its
delta-method standard error (:func:`twin.design.simulated.paired_difference`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd

from twin.design.simulated import paired_difference, rmse
from twin.landscape.grid import Landscape

KEY = ("cameras", "design", "role")
TABLE_COLUMNS = (
    "cameras",
    "design",
    "seeds",
    "criterion",
    "rmse",
    "rmse_diff_vs_grid",
    "paired_se",
    "min_n_r",
    "relative_bias",
    "relative_sd",
    "estimable_share",
)
CRITERION = "relative RMSE of SCR leopard N in the park (truth: park, window midpoint)"
BASELINE = "grid"


class RowCache:
    """Result rows of a study in a CSV file, appended one run at a time."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def frame(self) -> pd.DataFrame:
        """All rows so far (empty when the file does not exist)."""
        if not self.path.exists():
            return pd.DataFrame()
        return pd.read_csv(self.path)

    def done(self, cameras: int, design: str, role: str) -> set[int]:
        """Seed indices already run for one (cameras, design, role)."""
        rows = self.frame()
        if rows.empty:
            return set()
        mine = rows[(rows.cameras == cameras) & (rows.design == design) & (rows.role == role)]
        return set(mine["seed_index"].astype(int))

    def append(self, rows: pd.DataFrame) -> None:
        """Add rows (writes the header when the file is new)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        rows.to_csv(self.path, mode="a", header=not self.path.exists(), index=False)


def comparison_table(rows: pd.DataFrame, role: str = "fresh") -> pd.DataFrame:
    """One line per (cameras, design) of ``role`` rows, paired with the grid on shared seeds.

    Columns :data:`TABLE_COLUMNS`; the grid's own difference is 0 with SE 0.
    """
    rows = rows[rows.role == role]
    lines: list[dict[str, Any]] = []
    for cameras, at in rows.groupby("cameras", sort=True):
        grid = at[at.design == BASELINE].set_index("seed_index")
        for design in _design_order(at.design.unique()):
            mine = at[at.design == design].set_index("seed_index")
            shared = mine.index.intersection(grid.index).sort_values()
            if len(shared) < 2:
                continue
            errors = mine.loc[shared, "relative_error"].to_numpy(float)
            diff, se = paired_difference(errors, grid.loc[shared, "relative_error"].to_numpy(float))
            lines.append(
                {
                    "cameras": int(cast(int, cameras)),  # a camera count (stubs: any scalar)
                    "design": design,
                    "seeds": len(shared),
                    "criterion": CRITERION,
                    "rmse": rmse(errors),
                    "rmse_diff_vs_grid": diff,
                    "paired_se": se,
                    "min_n_r": float(mine.loc[shared, "min_n_r"].mean()),
                    "relative_bias": float(errors.mean()),
                    "relative_sd": float(errors.std(ddof=1)),
                    "estimable_share": float(mine.loc[shared, "estimable"].astype(bool).mean()),
                }
            )
    return pd.DataFrame(lines, columns=list(TABLE_COLUMNS))


def paired_errors(rows: pd.DataFrame, cameras: int, design: str, role: str = "fresh"):
    """Per-seed relative errors of ``design`` and of the grid on their shared seeds.

    Returns
    -------
    tuple of numpy.ndarray
        Seed indices, the design's errors, the grid's errors.
    """
    at = rows[(rows.role == role) & (rows.cameras == cameras)]
    mine = at[at.design == design].set_index("seed_index")["relative_error"]
    grid = at[at.design == BASELINE].set_index("seed_index")["relative_error"]
    shared = mine.index.intersection(grid.index).sort_values()
    return np.asarray(shared), mine.loc[shared].to_numpy(), grid.loc[shared].to_numpy()


def _design_order(designs: np.ndarray) -> list[str]:
    known = [d for d in ("grid", "formula", "simulation") if d in set(designs)]
    return known + sorted(set(designs) - set(known))


def markdown_table(table: pd.DataFrame) -> str:
    """The comparison as a Markdown table, each difference with its paired SE beside it."""
    head = (
        "| cameras | design | fresh seeds | relative RMSE | difference vs grid (± paired SE) "
        "| difference / SE | relative bias | SD of relative error | estimable | mean min(n, r) |\n"
        "|---|---|---|---|---|---|---|---|---|---|\n"
    )
    lines = []
    for row in table.itertuples(index=False):
        base = row.design == BASELINE
        diff = "-" if base else f"{row.rmse_diff_vs_grid:+.3f} ± {row.paired_se:.3f}"
        ratio = "-" if base else f"{_number(row.rmse_diff_vs_grid) / _number(row.paired_se):+.1f}"
        lines.append(
            f"| {row.cameras} | {row.design} | {row.seeds} | {row.rmse:.3f} | {diff} | {ratio} "
            f"| {row.relative_bias:+.3f} | {row.relative_sd:.3f} | {row.estimable_share:.2f} "
            f"| {row.min_n_r:.1f} |"
        )
    return head + "\n".join(lines) + "\n"


def layout_summary(layouts: pd.DataFrame, landscape: Landscape) -> pd.DataFrame:
    """Shape of each design: extent, mean nearest-neighbour distance, habitat and trail share.

    ``layouts`` has columns ``cameras, design, x_m, y_m`` (one row per station).
    """
    lines: list[dict[str, Any]] = []
    for (cameras, design), part in layouts.groupby(["cameras", "design"], sort=True):
        x, y = part.x_m.to_numpy(float), part.y_m.to_numpy(float)
        gaps = np.hypot(x[:, None] - x[None], y[:, None] - y[None])
        np.fill_diagonal(gaps, np.inf)
        on_trail = landscape.sample("trail", x, y) | landscape.sample("road", x, y)
        lines.append(
            {
                "cameras": int(cast(int, cameras)),  # a camera count (stubs: Hashable)
                "design": design,
                "stations": len(part),
                "extent_km": f"{np.ptp(x) / 1e3:.0f} x {np.ptp(y) / 1e3:.0f}",
                "nearest_km": float(gaps.min(axis=1).mean() / 1e3),
                "habitat": float(landscape.sample("habitat", x, y).mean()),
                "on_trail": float(on_trail.mean()),
            }
        )
    order = {d: i for i, d in enumerate(("grid", "formula", "simulation"))}
    frame = pd.DataFrame(lines)
    return frame.sort_values(["cameras", "design"], key=lambda c: c.map(order).fillna(c))


def layout_markdown(summary: pd.DataFrame, park_habitat: float) -> str:
    """The layout summary as a Markdown table, with the park's mean habitat for comparison."""
    head = (
        "| cameras | design | paired stations | extent (km, E x N) | mean nearest station (km) "
        f"| mean habitat at stations (park: {park_habitat:.2f}) | share on trails or roads |\n"
        "|---|---|---|---|---|---|---|\n"
    )
    lines = [
        f"| {r.cameras} | {r.design} | {r.stations} | {r.extent_km} | {r.nearest_km:.1f} "
        f"| {r.habitat:.2f} | {r.on_trail:.2f} |"
        for r in summary.itertuples(index=False)
    ]
    return head + "\n".join(lines) + "\n"


def must_show(table: pd.DataFrame, cameras: tuple[int, ...] = (40, 80), seeds: int = 30) -> bool:
    """Whether the simulation design beats the grid by more than 2 paired SE at every budget."""
    sim = table[table.design == "simulation"].set_index("cameras")
    return all(
        c in sim.index
        and _number(sim.loc[c, "seeds"]) >= seeds
        and _number(sim.loc[c, "rmse_diff_vs_grid"]) < -2 * _number(sim.loc[c, "paired_se"])
        for c in cameras
    )


def must_show_text(
    table: pd.DataFrame, cameras: tuple[int, ...] = (40, 80), seeds: int = 30
) -> str:
    """The must-show verdict in words, budget by budget."""
    sim = table[table.design == "simulation"].set_index("cameras")
    parts = []
    for c in cameras:
        if c not in sim.index:
            parts.append(f"{c} cameras: no fresh results yet")
            continue
        line = sim.loc[c]
        ratio = line.rmse_diff_vs_grid / line.paired_se
        met = line.seeds >= seeds and ratio < -2
        parts.append(
            f"{c} cameras: {'met' if met else 'not met'} ({ratio:+.1f} paired SE, "
            f"{int(cast(int, line.seeds))} fresh seeds)"
        )
    verdict = "holds" if must_show(table, cameras, seeds) else "does not hold"
    return f"**{verdict}**; " + "; ".join(parts)


def _number(value: object) -> float:
    """A numeric cell of a table as a float (pandas-stubs types a cell as any scalar)."""
    return float(cast(float, value))
