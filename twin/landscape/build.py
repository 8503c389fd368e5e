"""The ``landscape`` config group (conf/landscape/*.yaml): its settings, and the landscape built
from them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

import numpy as np

from twin.config.fields import known_keys, plain
from twin.errors import TwinInputError, require
from twin.landscape.crs import projected_crs, same_crs
from twin.landscape.grid import Landscape
from twin.landscape.readers import load_landscape
from twin.landscape.synthetic import (
    CRS,
    MIN_CELLS_ACROSS_PARK,
    PARK_AREA_KM2,
    check_synthetic_args,
    synthetic_park,
)

SOURCES = ("synthetic", "files")


@dataclass(frozen=True)
class LandscapeConfig:
    """Where the landscape comes from (the ``landscape`` config group).

    Attributes
    ----------
    source
        ``"synthetic"`` (the default park) or ``"files"`` (your rasters).
    resolution_m
        Cell side, m; for files None or the files' cell size (rasters are not resampled).
    seed
        Seed of the synthetic terrain noise and forest trails.
    park_area_km2
        Area of the synthetic park, km2 (None for files).
    files
        For files: a mapping layer -> ``.asc``/``.tif`` path, one ``.npz`` path or a folder.
    crs
        CRS of files that carry none; the synthetic park is drawn in EPSG:32652.
    """

    source: str = "synthetic"
    resolution_m: float | None = 250.0
    seed: int = 1
    park_area_km2: float | None = PARK_AREA_KM2
    files: Mapping[str, str] | str | None = None
    crs: str | None = CRS


CONFIG_KEYS = tuple(f.name for f in fields(LandscapeConfig))


def landscape_config(cfg: Any) -> LandscapeConfig:
    """Validate a ``landscape`` mapping (plain or OmegaConf) into a :class:`LandscapeConfig`.

    Raises
    ------
    TwinInputError
        A bad value; the message names the key as ``landscape.<key>``.
    """
    raw = known_keys(plain(cfg), "landscape", CONFIG_KEYS)
    source = raw.get("source", "synthetic")
    require(source in SOURCES, "landscape.source", source, f"one of {SOURCES}")
    files = raw.get("files") or None
    if source == "synthetic":
        require(files is None, "landscape.files", files, "empty unless landscape.source='files'")
        config = replace(LandscapeConfig(), **raw)
        crs = config.crs
        if crs is not None:
            require(
                same_crs(projected_crs(str(crs), "landscape.crs"), CRS),
                "landscape.crs",
                crs,
                f"{CRS} (or null) for the synthetic park, which is drawn in UTM 52N",
            )
        check_synthetic_args(
            config.resolution_m, config.seed, config.park_area_km2, prefix="landscape."
        )
        return replace(config, files=None)
    base = LandscapeConfig(source="files", resolution_m=None, park_area_km2=None, crs=None)
    return replace(base, **{**raw, "files": _files(files)})


def _files(files: Any) -> Mapping[str, str] | str:
    if isinstance(files, Mapping):
        return {str(k): str(v) for k, v in files.items()}
    require(
        isinstance(files, str | Path) and str(files) != "",
        "landscape.files",
        files,
        "a mapping layer -> raster file with at least elevation_m, forest_cover, water and "
        "park, a .npz file or a folder of rasters",
    )
    return str(files)


def build_landscape(config: LandscapeConfig) -> Landscape:
    """Build the landscape of a validated :class:`LandscapeConfig` (:func:`landscape_config`).

    Raises
    ------
    TwinInputError
        When raster files cannot be read or do not fit (the message names ``landscape.files``).
    """
    if config.source == "synthetic":
        assert config.resolution_m is not None and config.park_area_km2 is not None
        return synthetic_park(
            resolution_m=config.resolution_m, seed=config.seed, park_area_km2=config.park_area_km2
        )
    return _from_files(config)


def _from_files(config: LandscapeConfig) -> Landscape:
    paths: Any = config.files
    crs = config.crs
    try:
        landscape = load_landscape(paths, crs=None if crs is None else str(crs))
    except TwinInputError as err:
        raise TwinInputError(f"landscape.files: {err}") from err
    resolution_m = config.resolution_m
    require(
        resolution_m is None or np.isclose(resolution_m, landscape.resolution_m),
        "landscape.resolution_m",
        resolution_m,
        f"null or the files' cell size {landscape.resolution_m:g} m (files are not resampled)",
    )
    across = _park_cells_across(landscape)
    require(
        across >= MIN_CELLS_ACROSS_PARK,
        "landscape.files",
        str(paths),
        f"rasters whose park spans at least {MIN_CELLS_ACROSS_PARK} cells across its short "
        f"side (it spans {across}): the cell size {landscape.resolution_m:g} m is too "
        "coarse for the park",
    )
    return landscape


def _park_cells_across(landscape: Landscape) -> int:
    """Cells spanned by the park along its shorter bounding-box side."""
    rows, cols = np.nonzero(landscape.layers["park"])
    return int(min(np.ptp(rows), np.ptp(cols)) + 1)
