"""Synthetic camera layouts and passages: drive the camera model without an animal model.

Used by the tests and the benchmark ``experiments/benchmarks/des.py``, and handy for trying
camera settings by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from twin.cameras.geometry import Passages
from twin.taxa import LEOPARD


@dataclass(frozen=True)
class SyntheticLayout:
    """A layout-like object: ``cameras`` as :class:`twin.cameras.des.CameraArray` reads it."""

    cameras: pd.DataFrame


def paired_layout(
    n_stations: int,
    spacing_m: float = 3500.0,
    pair_separation_m: float = 5.0,
    x0_m: float = 500_000.0,
    y0_m: float = 4_750_000.0,
) -> SyntheticLayout:
    """Stations on a square grid, two cameras facing each other across a north-south trail.

    Parameters
    ----------
    n_stations
        Number of stations; cameras ``2 k`` (west, facing east) and ``2 k + 1`` (east, facing
        west) form station ``k``; camera ids ``C0000``..., station ids ``S0000``....
    spacing_m
        Grid spacing of the stations in m.
    pair_separation_m
        Distance between the two cameras of a station in m (PARAMETERS.md: paired cameras face
        each other so both flanks are photographed).
    x0_m, y0_m
        South-west station, UTM 52N metres.
    """
    side = int(np.ceil(np.sqrt(n_stations)))
    k = np.arange(n_stations)
    offset_m = np.tile([-0.5, 0.5], n_stations) * pair_separation_m
    x = np.repeat(x0_m + (k % side) * spacing_m, 2) + offset_m
    y = np.repeat(y0_m + (k // side) * spacing_m, 2)
    heading_deg = np.tile([90.0, 270.0], n_stations)
    cameras = pd.DataFrame({
        "camera_id": [f"C{i:04d}" for i in range(2 * n_stations)],
        "station_id": [f"S{i // 2:04d}" for i in range(2 * n_stations)],
        "x_m": x,
        "y_m": y,
        "heading_deg": heading_deg,
        "heading_rad": np.radians(90.0 - heading_deg),
        "paired": True,
    })  # fmt: skip
    return SyntheticLayout(cameras)


def make_passages(
    camera: np.ndarray | list[int] | int,
    time_min: np.ndarray | list[float] | float,
    *,
    animal_id: np.ndarray | int = 0,
    species: np.ndarray | int = LEOPARD,
    distance_m: np.ndarray | float = 2.0,
    angle_rad: np.ndarray | float = 0.0,
    speed_m_per_s: np.ndarray | float = 0.5,
    flank: np.ndarray | int = 0,
) -> Passages:
    """Passages with the given cameras and times; other fields broadcast from scalars or arrays.

    Rows are sorted by time as :func:`twin.cameras.geometry.find_passages` returns them.
    """
    time = np.atleast_1d(np.asarray(time_min, dtype=np.float64))
    fields = {
        "animal_id": (animal_id, np.int64),
        "species": (species, np.int8),
        "camera": (camera, np.int32),
        "distance_m": (distance_m, np.float32),
        "angle_rad": (angle_rad, np.float32),
        "speed_m_per_s": (speed_m_per_s, np.float32),
        "flank": (flank, np.int8),
    }
    arrays = {
        name: np.broadcast_to(np.asarray(v, t), time.shape) for name, (v, t) in fields.items()
    }
    order = np.argsort(time, kind="stable")
    return Passages(time_min=time[order], **{k: v[order].copy() for k, v in arrays.items()})


def random_passages(
    n_passages: int,
    n_cameras: int,
    survey_min: float,
    rng: np.random.Generator,
    *,
    n_animals: int = 60,
    zone_radius_m: float = 12.0,
) -> Passages:
    """Uniformly scattered passages of random animals and species (for benchmarks)."""
    return make_passages(
        rng.integers(0, n_cameras, n_passages),
        rng.uniform(0.0, survey_min, n_passages),
        animal_id=rng.integers(0, n_animals, n_passages),
        species=rng.integers(0, 3, n_passages),
        distance_m=rng.uniform(0.0, zone_radius_m, n_passages),
        angle_rad=rng.uniform(-0.35, 0.35, n_passages),
        speed_m_per_s=rng.uniform(0.2, 1.5, n_passages),
        flank=rng.integers(0, 2, n_passages),
    )


def split_by_tick(passages: Passages, tick_min: float, n_ticks: int) -> list[Passages]:
    """Cut time-sorted passages into ``n_ticks`` consecutive ticks of ``tick_min`` minutes."""
    tick = np.floor(passages.time_min / tick_min)
    bounds = np.searchsorted(tick, np.arange(n_ticks + 1), side="left")
    names = list(Passages.__dataclass_fields__)
    return [
        Passages(**{name: getattr(passages, name)[lo:hi] for name in names})
        for lo, hi in zip(bounds[:-1], bounds[1:], strict=True)
    ]
