"""Build a camera layout from a ``layout`` config: the one entry point, :func:`make_layout`.

Count and spacing
    ``count`` is a number of cameras (``count / 2`` stations when paired). Grid patterns
    (``square``, ``hex``, ``clustered``, ``trail``) given only ``spacing_m`` place every node
    that fits; given ``count`` they find the widest spacing at which enough nodes fit; given
    both they use the spacing. Either way, of more nodes than wanted they keep those nearest the
    anchor (the centre of the study area plus ``origin_offset_m``). Random patterns (``random``,
    ``stratified``) need a count; ``spacing_m`` alone means the density of a square grid of that
    spacing, ``area / spacing_m**2`` stations.
Shortfall rule
    When fewer stations fit than ``count`` asks for, ``on_shortfall=error`` (the default) raises
    :class:`TwinInputError` naming the keys, the values and how many fit;
    ``on_shortfall=warn`` ("as many as fit") places them, issues ``warnings.warn`` saying what
    was placed, and records the message in ``Layout.warnings``. A layout with no station, a
    spacing that leaves fewer than two stations (unless ``count`` asks for one), and stations
    from a file outside the study area are always errors.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from twin.cameras import layouts_grid as grid
from twin.cameras.layouts import Layout
from twin.cameras.layouts_area import StudyArea
from twin.cameras.layouts_config import MAX_CAMERAS, LayoutConfig
from twin.cameras.layouts_crs import heading_rad_from_compass
from twin.cameras.layouts_file import default_station_ids, read_stations
from twin.cameras.layouts_random import (
    RSA_JAMMING_SHARE,
    inhibited_sample,
    packing_limit,
    stratified_sample,
)
from twin.cameras.layouts_trail import TrailSnapper
from twin.errors import TwinInputError, require
from twin.landscape.grid import Landscape

GRID_PATTERNS = ("square", "hex", "clustered", "trail")
MIN_STATIONS = 2
"""Fewest stations a spacing may leave: one station cannot show movement between stations."""


def make_layout(landscape: Landscape, config: LayoutConfig, rng: np.random.Generator) -> Layout:
    """Place camera stations and cameras on the landscape.

    Parameters
    ----------
    landscape
        The rasters: the ``park`` layer is the default study area, ``habitat`` defines strata,
        ``trail``/``road`` carry trail stations, ``water``/``village`` are excluded.
    config
        The validated ``layout`` settings (:func:`~twin.cameras.layouts_config.read_layout_config`):
        ``pattern`` in {square, hex, random, stratified, trail, clustered, file} and its keys.
    rng
        Random generator for jitter, random positions and headings (the run's ``layout``
        stream).

    Returns
    -------
    Layout

    Raises
    ------
    TwinInputError
        A bad key or value (named ``layout.<key>``), an impossible request under
        ``on_shortfall=error``, or a station file with stations outside the study area.
    """
    area = StudyArea.build(landscape, config.study_area, config.exclude_layers)
    if config.pattern == "file":
        return _from_file(area, config, rng)
    wanted = _wanted_stations(config, area)
    spacing_m = None
    if config.pattern in GRID_PATTERNS:
        points, axis, spacing_m = _grid_stations(area, config, wanted, rng)
        detail = f"at spacing {spacing_m:.0f} m"
    else:
        points, detail = _random_stations(area, config, wanted, rng)
        axis = rng.uniform(0.0, 2.0 * np.pi, size=len(points))
    notes = _check_shortfall(config, wanted, points.shape[0], detail)
    order = np.lexsort((points[:, 0], -points[:, 1]))  # north to south, then west to east
    return Layout.from_stations(
        default_station_ids(order.size),
        points[order, 0],
        points[order, 1],
        axis[order],
        paired=config.paired,
        pair_separation_m=config.pair_separation_m,
        pattern=config.pattern,
        crs=landscape.crs,
        spacing_m=spacing_m,
        warnings=notes,
    )


def _wanted_stations(config: LayoutConfig, area: StudyArea) -> int | None:
    """Stations asked for, or None for 'every grid node at spacing_m'."""
    if config.count is not None:
        return config.count // config.cameras_per_station
    assert config.spacing_m is not None  # checked by read_layout_config
    stations = max(1, round(area.area_km2 * 1e6 / config.spacing_m**2))
    require(
        stations * config.cameras_per_station <= MAX_CAMERAS,
        "layout.spacing_m",
        config.spacing_m,
        f"a spacing that puts at most {MAX_CAMERAS} cameras in the {area.area_km2:.0f} km2 study "
        f"area (this one, about {stations * config.cameras_per_station})",
    )
    return None if config.pattern in GRID_PATTERNS else stations


def _grid_stations(
    area: StudyArea, config: LayoutConfig, wanted: int | None, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, float]:
    """Stations of a grid pattern, their axes, and the spacing (m)."""
    snapper = TrailSnapper.build(area, config.trail_layers) if config.pattern == "trail" else None
    nodes_at = _node_generator(area, config, snapper)
    anchor = _anchor(area, config)
    spacing = config.spacing_m
    if spacing is None:
        assert wanted is not None
        guess, floor = _spacing_guess(area, config, wanted), _floor_m(area, config)
        spacing = grid.solve_spacing(lambda s: nodes_at(s).shape[0], wanted, guess, floor)
    points = nodes_at(spacing)
    points = points[grid.nearest_centre(points, wanted or points.shape[0], anchor)]
    if snapper is not None:
        return points, snapper.axis_rad(points, rng), spacing
    points = grid.jitter(points, config.jitter_m, area, config.min_separation_m, rng)
    points = points[grid.thin_to_separation(points, config.min_separation_m)]
    return points, rng.uniform(0.0, 2.0 * np.pi, size=len(points)), spacing


def _node_generator(
    area: StudyArea, config: LayoutConfig, snapper: TrailSnapper | None
) -> Callable[[float], np.ndarray]:
    """Function from spacing (m) to the allowed, separated nodes of the pattern."""
    anchor = _anchor(area, config)
    xmin, xmax, ymin, ymax = area.bounds_m()
    reach = max(
        math.hypot(x - anchor[0], y - anchor[1]) for x in (xmin, xmax) for y in (ymin, ymax)
    )
    rotation = math.radians(config.rotation_deg)
    sep = config.min_separation_m
    if snapper is not None:
        return lambda s: snapper.snap(
            grid.lattice("square", anchor, reach + config.snap_m, s, rotation), config.snap_m, sep
        )
    offsets = grid.cluster_offsets(config.cluster_size, config.within_cluster_spacing_m)

    def nodes_at(spacing_m: float) -> np.ndarray:
        if config.pattern == "clustered":
            nodes = grid.clustered(anchor, reach, spacing_m, rotation, offsets)
        else:
            nodes = grid.lattice(config.pattern, anchor, reach, spacing_m, rotation)
        nodes = nodes[area.allows(nodes[:, 0], nodes[:, 1])]
        return nodes[grid.thin_to_separation(nodes, sep)]

    return nodes_at


def _anchor(area: StudyArea, config: LayoutConfig) -> tuple[float, float]:
    cx, cy = area.centre_m()
    return cx + config.origin_offset_m[0], cy + config.origin_offset_m[1]


def _spacing_guess(area: StudyArea, config: LayoutConfig, wanted: int) -> float:
    """Spacing (m) at which ``wanted`` nodes would tile the study area."""
    per_node_m2 = area.area_km2 * 1e6 / wanted
    if config.pattern == "hex":
        return math.sqrt(2.0 * per_node_m2 / math.sqrt(3.0))
    if config.pattern == "clustered":
        return math.sqrt(per_node_m2 * config.cluster_size)
    return math.sqrt(per_node_m2)


def _floor_m(area: StudyArea, config: LayoutConfig) -> float:
    """Narrowest spacing (m) worth trying."""
    floor = max(config.min_separation_m, area.landscape.resolution_m)
    if config.pattern == "clustered":
        side = math.ceil(math.sqrt(config.cluster_size))
        floor = max(floor, side * config.within_cluster_spacing_m)
    return floor


def _random_stations(
    area: StudyArea, config: LayoutConfig, wanted: int | None, rng: np.random.Generator
) -> tuple[np.ndarray, str]:
    """Stations of the random or stratified pattern and a phrase describing the limit."""
    assert wanted is not None
    sep = config.min_separation_m
    if config.pattern == "stratified":
        points, _ = stratified_sample(
            area, wanted, config.strata_quantiles, config.allocation, sep, rng
        )
    else:
        points = inhibited_sample(area, wanted, sep, rng)
    limit = packing_limit(area.area_km2, sep)
    detail = f"at layout.min_separation_m={sep:g}" + (
        ""
        if limit is None
        else f" (the densest packing holds ~{limit}; random placement jams near "
        f"{RSA_JAMMING_SHARE:.0%} of that, ~{int(RSA_JAMMING_SHARE * limit)})"
    )
    return points, detail


def _check_shortfall(config: LayoutConfig, wanted: int | None, placed: int, detail: str):
    """Apply the shortfall rule; return the warnings to record on the layout."""
    per = config.cameras_per_station
    where = f"in the study area (layout.study_area={_short(config.study_area)})"
    if placed == 0:
        raise TwinInputError(
            f"layout.pattern={config.pattern!r} placed no station {detail} {where}: "
            "lower layout.spacing_m, layout.min_separation_m or layout.snap_m limits."
        )
    _check_spacing_leaves_stations(config, placed, detail)
    if wanted is None or placed >= wanted:
        return []
    asked = f"layout.count={config.count} ({wanted} stations)"
    fit = f"only {placed} stations ({placed * per} cameras) fit {detail} {where}"
    if config.on_shortfall == "error":
        raise TwinInputError(
            f"{asked} is not possible: {fit}. Lower layout.count, layout.spacing_m or "
            "layout.min_separation_m, or set layout.on_shortfall=warn to place as many as fit."
        )
    message = (
        f"layout: placed {placed} stations ({placed * per} cameras), fewer than {asked}: {fit}."
    )
    warnings.warn(message, UserWarning, stacklevel=3)
    return [message]


def _check_spacing_leaves_stations(config: LayoutConfig, placed: int, detail: str) -> None:
    """A given spacing leaves :data:`MIN_STATIONS` stations, unless ``count`` asks for fewer."""
    asked_for = config.count is not None and placed * config.cameras_per_station >= config.count
    require(
        config.spacing_m is None or asked_for or placed >= MIN_STATIONS,
        "layout.spacing_m",
        config.spacing_m,
        f"a spacing that leaves at least {MIN_STATIONS} stations in the study area (this one "
        f"leaves {placed} {detail}): spatial capture-recapture needs detections at two stations "
        "or more to see how far animals move",
    )


def _from_file(area: StudyArea, config: LayoutConfig, rng: np.random.Generator) -> Layout:
    """Stations read from ``config.path``, checked against the study area and separation."""
    assert config.path is not None
    crs = area.landscape.crs
    table = read_stations(config.path, crs)
    outside = ~area.allows(table.x_m, table.y_m)
    require(
        not outside.any(),
        config.path,
        f"{int(outside.sum())} of {outside.size} stations outside the study area or in "
        f"{list(config.exclude_layers)}: {table.station_id[outside][:5].tolist()}",
        f"stations inside layout.study_area={_short(config.study_area)}",
    )
    points = np.column_stack([table.x_m, table.y_m])
    kept = grid.thin_to_separation(points, config.min_separation_m)
    close = np.setdiff1d(np.arange(points.shape[0]), kept)
    require(
        close.size == 0,
        config.path,
        f"stations {table.station_id[close][:5].tolist()} closer than "
        f"layout.min_separation_m={config.min_separation_m:g} to another station",
        "stations at least layout.min_separation_m apart",
    )
    cameras = points.shape[0] * config.cameras_per_station
    require(
        config.count is None or config.count == cameras,
        "layout.count",
        config.count,
        f"null or the file's {cameras} cameras ({points.shape[0]} stations)",
    )
    if table.heading_deg is None:
        axis = rng.uniform(0.0, 2.0 * np.pi, size=len(points))
    else:
        axis = heading_rad_from_compass(table.heading_deg, table.x_m, table.y_m, crs)
    return Layout.from_stations(
        table.station_id,
        table.x_m,
        table.y_m,
        axis,
        paired=config.paired,
        pair_separation_m=config.pair_separation_m,
        pattern="file",
        crs=crs,
    )


def _short(value: Any) -> str:
    return repr(value) if isinstance(value, str) else f"<{type(value).__name__}>"
