"""Home-range and travel metrics from tracks, as field studies compute them (MCP, daily km)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.spatial import ConvexHull, QhullError


def mcp_polygon(x_m: np.ndarray, y_m: np.ndarray, percent: float = 95.0) -> np.ndarray:
    """Minimum convex polygon of the ``percent``% of fixes nearest the centroid, (n, 2) in m.

    Returns an empty (0, 2) array when fewer than three distinct fixes remain.
    """
    xy = np.column_stack((x_m, y_m)).astype(float)
    if len(xy) < 3:
        return np.zeros((0, 2))
    d2 = ((xy - xy.mean(axis=0)) ** 2).sum(axis=1)
    keep = xy[d2 <= np.percentile(d2, percent)]
    try:
        hull = ConvexHull(keep)
    except (QhullError, ValueError):
        return np.zeros((0, 2))
    return keep[hull.vertices]


def mcp_area_km2(x_m: np.ndarray, y_m: np.ndarray, percent: float = 95.0) -> float:
    """Area (km2) of the ``percent``% minimum convex polygon; 0 for degenerate tracks."""
    poly = mcp_polygon(x_m, y_m, percent)
    if len(poly) < 3:
        return 0.0
    x, y = poly[:, 0], poly[:, 1]
    return float(0.5 * abs(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1)))) / 1e6


def home_ranges(tracks: pd.DataFrame, percent: float = 95.0, min_fixes: int = 100) -> pd.DataFrame:
    """95% MCP area (km2) per animal id from a tracks table (``id, x_m, y_m``)."""
    rows = []
    for animal, g in tracks.groupby("id", sort=True):
        if len(g) >= min_fixes:
            rows.append(
                (animal, len(g), mcp_area_km2(g["x_m"].to_numpy(), g["y_m"].to_numpy(), percent))
            )
    return pd.DataFrame(rows, columns=["id", "fixes", "mcp_km2"])


def daily_travel_km(tracks: pd.DataFrame, ticks_per_day: int) -> pd.DataFrame:
    """Distance travelled per animal and day (km): the sum of straight lines between fixes.

    ``tracks`` holds ``id, tick, x_m, y_m`` at every tick (unthinned); only days with all
    ``ticks_per_day`` steps count. Day ``d`` holds the steps ending at ticks ``d*T+1 .. (d+1)*T``.
    """
    t = tracks.sort_values(["id", "tick"], kind="stable")
    same = t["id"].eq(t["id"].shift()) & t["tick"].eq(t["tick"].shift() + 1)
    step_km = np.hypot(t["x_m"].diff(), t["y_m"].diff()) / 1000.0
    frame = pd.DataFrame({"id": t["id"], "day": (t["tick"] - 1) // ticks_per_day, "km": step_km})
    frame = frame[same.to_numpy()]
    out = frame.groupby(["id", "day"]).agg(km=("km", "sum"), steps=("km", "size")).reset_index()
    return out[out["steps"] == ticks_per_day].drop(columns="steps").reset_index(drop=True)
