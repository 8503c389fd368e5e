"""Build the landscape named by the ``landscape`` config group (conf/landscape/*.yaml)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

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

CONFIG_KEYS = ("source", "resolution_m", "seed", "park_area_km2", "files", "crs")
SOURCES = ("synthetic", "files")


def build_landscape(cfg: Mapping[str, Any]) -> Landscape:
    """Build a landscape from a config mapping (a plain dict or an OmegaConf ``DictConfig``).

    Parameters
    ----------
    cfg
        Keys: ``source`` ("synthetic" or "files"); ``resolution_m`` (m; for files, None or
        the files' cell size); ``seed`` and ``park_area_km2`` (km2; synthetic only);
        ``files`` (files only: a mapping layer -> ``.asc``/``.tif`` path, or one ``.npz`` path,
        or a folder); ``crs`` (for files that carry none; synthetic parks are in EPSG:32652).

    Returns
    -------
    Landscape

    Raises
    ------
    TwinInputError
        A bad value; the message names the key as ``landscape.<key>``.
    """
    require(isinstance(cfg, Mapping), "landscape", type(cfg).__name__, "a mapping of settings")
    unknown = sorted(set(cfg) - set(CONFIG_KEYS))
    if unknown:
        raise TwinInputError(
            f"landscape.{unknown[0]} is not a landscape setting: known keys are {CONFIG_KEYS}."
        )
    source = cfg.get("source", "synthetic")
    require(source in SOURCES, "landscape.source", source, f"one of {SOURCES}")
    if source == "synthetic":
        return _synthetic(cfg)
    return _from_files(cfg)


def _synthetic(cfg: Mapping[str, Any]) -> Landscape:
    resolution_m = cfg.get("resolution_m", 250.0)
    seed = cfg.get("seed", 1)
    park_area_km2 = cfg.get("park_area_km2", PARK_AREA_KM2)
    require(
        not cfg.get("files"),
        "landscape.files",
        cfg.get("files"),
        "empty unless landscape.source='files'",
    )
    crs = cfg.get("crs")
    if crs is not None:
        require(
            same_crs(projected_crs(str(crs), "landscape.crs"), CRS),
            "landscape.crs",
            crs,
            f"{CRS} (or null) for the synthetic park, which is drawn in UTM 52N",
        )
    check_synthetic_args(resolution_m, seed, park_area_km2, prefix="landscape.")
    return synthetic_park(resolution_m=resolution_m, seed=seed, park_area_km2=park_area_km2)


def _from_files(cfg: Mapping[str, Any]) -> Landscape:
    files = cfg.get("files")
    if isinstance(files, Mapping):
        require(
            len(files) > 0,
            "landscape.files",
            dict(files),
            "a mapping layer -> raster file with at least elevation_m, forest_cover, water "
            "and park",
        )
        paths: Mapping[str, str | Path] | str | Path = {str(k): str(v) for k, v in files.items()}
    else:
        require(
            isinstance(files, str | Path) and str(files) != "",
            "landscape.files",
            files,
            "a mapping layer -> raster file, a .npz file or a folder of rasters",
        )
        paths = str(files)
    crs = cfg.get("crs")
    try:
        landscape = load_landscape(paths, crs=None if crs is None else str(crs))
    except TwinInputError as err:
        raise TwinInputError(f"landscape.files: {err}") from err
    resolution_m = cfg.get("resolution_m")
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
