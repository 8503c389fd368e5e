"""Validated settings of a camera layout: the ``layout`` config group.

:func:`read_layout_config` turns a mapping (a plain dict or an OmegaConf node) into a
:class:`LayoutConfig`, naming ``layout.<key>`` in any error. The option files in
``conf/layout/`` set these keys; ``docs/cameras-layouts.md`` explains each pattern.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np

from twin.config.fields import plain
from twin.errors import require

PATTERNS = ("square", "hex", "random", "stratified", "trail", "clustered", "file")
ALLOCATIONS = ("proportional", "equal")
SHORTFALL_RULES = ("error", "warn")
AREA_LAYERS = ("road", "trail", "village", "water", "park", "china")
MAX_CAMERAS = 10_000
"""Most cameras one layout may hold: 20x the park's >500 of 2023; a billion would not fit in
memory."""


@dataclass(frozen=True)
class LayoutConfig:
    """Settings of one camera layout (distances in m, angles in degrees).

    ``count`` is a number of cameras (two per station when ``paired``). Keys that the chosen
    ``pattern`` does not use are ignored. The defaults are the default layout's
    (``conf/layout/trail.yaml``: paired stations on trails, ~400 cameras). ``study_area`` is
    ``"park"``, a path to a polygon (GeoJSON or CSV), or, from Python, a bool mask of the
    landscape's shape or an (n, 2) polygon in metres.
    """

    pattern: str = "trail"
    count: int | None = 400
    spacing_m: float | None = None
    min_separation_m: float = 1500.0
    study_area: Any = "park"
    exclude_layers: tuple[str, ...] = ("water", "village")
    paired: bool = True
    pair_separation_m: float = 5.0
    rotation_deg: float = 0.0
    jitter_m: float = 0.0
    origin_offset_m: tuple[float, float] = (0.0, 0.0)
    strata_quantiles: tuple[float, ...] = (0.5, 0.8)
    allocation: str = "proportional"
    snap_m: float = 1000.0
    trail_layers: tuple[str, ...] = ("trail", "road")
    cluster_size: int = 4
    within_cluster_spacing_m: float = 1000.0
    path: str | None = None
    on_shortfall: str = "error"

    @property
    def cameras_per_station(self) -> int:
        """2 for paired stations, else 1."""
        return 2 if self.paired else 1


def read_layout_config(cfg: Mapping[str, Any]) -> LayoutConfig:
    """Validate a ``layout`` mapping over the defaults of :class:`LayoutConfig`.

    Parameters
    ----------
    cfg
        Keys of :class:`LayoutConfig`; missing keys take their defaults.

    Returns
    -------
    LayoutConfig

    Raises
    ------
    TwinInputError
        Naming ``layout.<key>``, the value and what is allowed.
    """
    known = [f.name for f in fields(LayoutConfig)]
    values = dict(plain(cfg, "layout"))
    for key, value in values.items():
        require(key in known, f"layout.{key}", value, f"a known key, one of {known}")
    for key in ("exclude_layers", "trail_layers", "strata_quantiles", "origin_offset_m"):
        if key in values:
            values[key] = _sequence(values[key], key)
    config = replace(LayoutConfig(), **values)
    _check_choices(config)
    _check_numbers(config)
    _check_combinations(config)
    return config


def _sequence(value: Any, key: str) -> tuple:
    """A list-valued key as a tuple."""
    require(isinstance(value, list | tuple), f"layout.{key}", value, "a list")
    return tuple(value)


def _check_choices(cfg: LayoutConfig) -> None:
    require(cfg.pattern in PATTERNS, "layout.pattern", cfg.pattern, f"one of {PATTERNS}")
    require(
        cfg.allocation in ALLOCATIONS, "layout.allocation", cfg.allocation, f"one of {ALLOCATIONS}"
    )
    require(
        cfg.on_shortfall in SHORTFALL_RULES,
        "layout.on_shortfall",
        cfg.on_shortfall,
        f"one of {SHORTFALL_RULES}",
    )
    require(isinstance(cfg.paired, bool), "layout.paired", cfg.paired, "true or false")
    for key in ("exclude_layers", "trail_layers"):
        names = getattr(cfg, key)
        require(
            all(n in AREA_LAYERS for n in names),
            f"layout.{key}",
            list(names),
            f"bool landscape layers among {AREA_LAYERS}",
        )
    require(len(cfg.trail_layers) > 0, "layout.trail_layers", [], "at least one layer")
    area = cfg.study_area
    require(
        isinstance(area, str | np.ndarray),
        "layout.study_area",
        area,
        "'park', a path to a polygon GeoJSON/CSV file, a bool mask or an (n, 2) polygon",
    )


def _check_numbers(cfg: LayoutConfig) -> None:
    _positive_or_none(cfg.count, "count", integer=True)
    require(
        cfg.count is None or cfg.count <= MAX_CAMERAS,
        "layout.count",
        cfg.count,
        f"at most {MAX_CAMERAS} cameras (the machine's limit for one layout)",
    )
    _positive_or_none(cfg.spacing_m, "spacing_m")
    for key in ("min_separation_m", "jitter_m"):
        value = getattr(cfg, key)
        require(_real(value) and value >= 0, f"layout.{key}", value, "a number >= 0")
    for key in ("snap_m", "within_cluster_spacing_m"):
        _positive_or_none(getattr(cfg, key), key, required=True)
    sep = cfg.pair_separation_m
    require(
        _real(sep) and 0 < sep <= 50,
        "layout.pair_separation_m",
        sep,
        "a distance in (0, 50] m (paired cameras face each other across a trail, ~4-6 m)",
    )
    require(_real(cfg.rotation_deg), "layout.rotation_deg", cfg.rotation_deg, "a finite angle")
    offset = cfg.origin_offset_m
    require(
        len(offset) == 2 and all(_real(v) for v in offset),
        "layout.origin_offset_m",
        list(offset),
        "[dx_m, dy_m], two finite numbers",
    )
    q = np.asarray(cfg.strata_quantiles, dtype=float) if cfg.strata_quantiles else np.zeros(0)
    ok = bool(((q > 0) & (q < 1)).all() and (np.diff(q) > 0).all())
    require(
        ok,
        "layout.strata_quantiles",
        list(cfg.strata_quantiles),
        "increasing habitat quantiles strictly between 0 and 1 (cut points between strata)",
    )
    k = cfg.cluster_size
    require(_integer(k) and 1 <= k <= 100, "layout.cluster_size", k, "an integer in 1..100")


def _check_combinations(cfg: LayoutConfig) -> None:
    if cfg.pattern == "file":
        require(
            isinstance(cfg.path, str) and cfg.path != "",
            "layout.path",
            cfg.path,
            "a CSV or GeoJSON file of stations when layout.pattern=file",
        )
        return
    require(
        cfg.count is not None or cfg.spacing_m is not None,
        "layout.count",
        cfg.count,
        f"a number of cameras, or set layout.spacing_m, for pattern {cfg.pattern!r}",
    )
    if cfg.count is not None and cfg.paired:
        require(
            cfg.count % 2 == 0,
            "layout.count",
            cfg.count,
            "an even number of cameras when layout.paired=true (two per station)",
        )
    if cfg.pattern == "clustered" and cfg.spacing_m is not None:
        side = math.ceil(math.sqrt(cfg.cluster_size))
        width_m = (side - 1) * cfg.within_cluster_spacing_m
        require(
            width_m < cfg.spacing_m,
            "layout.within_cluster_spacing_m",
            cfg.within_cluster_spacing_m,
            f"clusters narrower than layout.spacing_m={cfg.spacing_m} (now {width_m} m wide)",
        )


def _real(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _integer(value: Any) -> bool:
    return isinstance(value, int | np.integer) and not isinstance(value, bool)


def _positive_or_none(value: Any, key: str, *, integer: bool = False, required: bool = False):
    if value is None and not required:
        return
    ok = _integer(value) if integer else _real(value)
    kind = "an integer" if integer else "a number"
    require(
        ok and value > 0, f"layout.{key}", value, f"{kind} > 0" + ("" if required else " or null")
    )
