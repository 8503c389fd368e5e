"""Load a landscape from user rasters: ESRI ASCII grids, GeoTIFFs, or one ``.npz``.

Files are north-up (first row = north edge); layers are flipped so that row 0 is south.
``elevation_m``, ``forest_cover``, ``water`` and ``park`` are required. Absent ``china``,
``road``, ``trail`` and ``village`` layers are all False; an absent ``habitat`` layer is derived
with :func:`twin.landscape.habitat.habitat_suitability`, the rule of the synthetic park.
No-data cells read as 0 (False for masks).
"""

from __future__ import annotations

import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from twin.errors import TwinInputError
from twin.landscape.ascii_grid import read_ascii_grid
from twin.landscape.crs import projected_crs, same_crs
from twin.landscape.features_json import features_from_json
from twin.landscape.geotiff import read_geotiff
from twin.landscape.grid import BOOL_LAYERS, LAYERS, Landscape
from twin.landscape.habitat import habitat_suitability
from twin.landscape.raster_file import RasterFile

REQUIRED_LAYERS = ("elevation_m", "forest_cover", "water", "park")
READERS = {".asc": read_ascii_grid, ".tif": read_geotiff, ".tiff": read_geotiff}
FRACTION_LAYERS = ("forest_cover", "habitat")
NPZ_META = ("x0_m", "y0_m", "resolution_m", "crs", "features_json")

PathLike = str | Path


def load_landscape(paths: Mapping[str, PathLike] | PathLike, crs: str | None = None) -> Landscape:
    """Load a landscape from raster files.

    Parameters
    ----------
    paths
        A mapping layer name -> ``.asc``/``.tif`` file; one ``.npz`` file (as written by
        :func:`twin.landscape.writers.save_npz`); or a folder holding ``<layer>.asc`` or
        ``<layer>.tif`` files.
    crs
        CRS of the rasters when the files carry none; if they do, it must agree with them.
        Must be projected with metre units (e.g. ``"EPSG:32652"``).

    Returns
    -------
    Landscape

    Raises
    ------
    TwinInputError
        Missing file or required layer, misaligned layers, a layer without data, an unknown,
        geographic or non-metric CRS, non-square cells, values out of range, an empty park.
    """
    rasters, features = _read_all(paths)
    missing = [name for name in REQUIRED_LAYERS if name not in rasters]
    if missing:
        raise TwinInputError(
            f"landscape files {sorted(rasters)} lack the required layer(s) {missing}: "
            f"{REQUIRED_LAYERS} are required; {sorted(set(LAYERS) - set(REQUIRED_LAYERS))} are "
            "optional."
        )
    reference = rasters["elevation_m"]
    for name, raster in rasters.items():
        _check_aligned(name, raster, reference)
    layers = {name: _layer_values(name, raster) for name, raster in rasters.items()}
    if not layers["park"].any():
        raise TwinInputError(f"park layer {rasters['park'].source}: no cell is inside the park.")
    _derive_missing(layers, reference.resolution_m)
    return Landscape(
        x0_m=reference.x0_m,
        y0_m=reference.y0_m,
        resolution_m=reference.resolution_m,
        layers=layers,
        crs=_resolve_crs(rasters, crs),
        features=features,
    )


def _read_all(paths: Mapping[str, PathLike] | PathLike) -> tuple[dict[str, RasterFile], dict]:
    """Read every layer named by ``paths``; npz files also give their features."""
    if isinstance(paths, Mapping):
        return {name: _read_layer(name, Path(path)) for name, path in paths.items()}, {}
    path = Path(paths)
    if path.is_dir():
        return _read_folder(path), {}
    if path.suffix.lower() == ".npz":
        return _read_npz(path)
    raise TwinInputError(
        f"landscape files={str(path)!r}: give a .npz file, a folder of <layer>.asc/.tif files, "
        "or a mapping layer -> file."
    )


def _read_layer(name: str, path: Path) -> RasterFile:
    if name not in LAYERS:
        raise TwinInputError(f"landscape file for {name!r} ({path}): unknown layer, use {LAYERS}.")
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise TwinInputError(
            f"layer {name!r} file {str(path)!r}: unsupported format, use one of {sorted(READERS)}."
        )
    if not path.is_file():
        raise TwinInputError(f"layer {name!r} file {str(path)!r} does not exist.")
    return reader(path)


def _read_folder(folder: Path) -> dict[str, RasterFile]:
    found: dict[str, list[Path]] = {}
    for path in sorted(folder.iterdir()):
        if path.stem in LAYERS and path.suffix.lower() in READERS:
            found.setdefault(path.stem, []).append(path)
    if not found:
        raise TwinInputError(f"folder {str(folder)!r} holds no <layer>.asc/.tif file of {LAYERS}.")
    for name, files in found.items():
        if len(files) > 1:
            raise TwinInputError(
                f"folder {str(folder)!r}: layer {name!r} has several files "
                f"{[p.name for p in files]}; keep one."
            )
    return {name: _read_layer(name, files[0]) for name, files in found.items()}


def _read_npz(path: Path) -> tuple[dict[str, RasterFile], dict[str, Any]]:
    if not path.is_file():
        raise TwinInputError(f"landscape file {str(path)!r} does not exist.")
    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {key: data[key] for key in data.files}
    except (OSError, ValueError, zipfile.BadZipFile) as err:
        raise TwinInputError(f"{path}: not a readable .npz file ({err}).") from err
    unknown = sorted(set(arrays) - set(LAYERS) - set(NPZ_META))
    missing = [key for key in ("x0_m", "y0_m", "resolution_m") if key not in arrays]
    if unknown or missing:
        raise TwinInputError(
            f"{path}: keys {unknown} are unknown and {missing} are missing; an npz holds layers "
            f"{LAYERS} and metadata {NPZ_META} (crs and features_json optional)."
        )
    x0, y0, res = (float(arrays[key]) for key in ("x0_m", "y0_m", "resolution_m"))
    crs = str(arrays["crs"]) if "crs" in arrays else None
    rasters = {}
    for name in LAYERS:
        if name in arrays:
            grid = np.asarray(arrays[name], dtype=np.float64)
            if grid.ndim != 2:
                raise TwinInputError(f"{path}[{name!r}]: shape {grid.shape} is not 2-D.")
            rasters[name] = RasterFile(
                grid[::-1], ~np.isnan(grid[::-1]), x0, y0, res, crs, f"{path}[{name!r}]"
            )
    features_text = str(arrays.get("features_json", "{}"))
    return rasters, features_from_json(features_text)


def _check_aligned(name: str, raster: RasterFile, reference: RasterFile) -> None:
    """Same shape, origin and cell size as the elevation layer, else name both files."""
    tolerance = 1e-6 * reference.resolution_m
    checks = (
        (
            "shape",
            raster.values.shape,
            reference.values.shape,
            raster.values.shape == reference.values.shape,
        ),
        (
            "cell size",
            raster.resolution_m,
            reference.resolution_m,
            abs(raster.resolution_m - reference.resolution_m) <= 1e-9 * reference.resolution_m,
        ),
        (
            "lower-left corner",
            (raster.x0_m, raster.y0_m),
            (reference.x0_m, reference.y0_m),
            max(abs(raster.x0_m - reference.x0_m), abs(raster.y0_m - reference.y0_m)) <= tolerance,
        ),
    )
    for what, value, expected, ok in checks:
        if not ok:
            raise TwinInputError(
                f"layer {name!r} ({raster.source}) has {what} {value} but layer 'elevation_m' "
                f"({reference.source}) has {expected}: all layers must share one grid."
            )


def _layer_values(name: str, raster: RasterFile) -> np.ndarray:
    """Layer array with no-data cells set to 0/False, after range checks on valid cells."""
    valid = raster.valid
    if not valid.any():
        raise TwinInputError(f"layer {name!r} ({raster.source}) is no-data everywhere.")
    values = raster.values[valid]
    if not np.isfinite(values).all():
        raise TwinInputError(f"layer {name!r} ({raster.source}) holds infinite values.")
    if name in BOOL_LAYERS:
        if not np.isin(values, (0.0, 1.0)).all():
            raise TwinInputError(
                f"layer {name!r} ({raster.source}) holds values "
                f"{np.unique(values)[:5]}; a mask layer holds 0 and 1 only."
            )
        return valid & (raster.values == 1.0)
    if name in FRACTION_LAYERS and (values.min() < 0.0 or values.max() > 1.0):
        raise TwinInputError(
            f"layer {name!r} ({raster.source}) ranges {values.min()} to "
            f"{values.max()}; it must lie in [0, 1]."
        )
    return np.where(valid, raster.values, 0.0).astype(np.float32)


def _derive_missing(layers: dict[str, np.ndarray], resolution_m: float) -> None:
    """Fill optional layers: empty masks, and habitat by the synthetic park's rule."""
    shape = layers["elevation_m"].shape
    for name in ("china", "road", "trail", "village"):
        layers.setdefault(name, np.zeros(shape, dtype=bool))
    if "habitat" not in layers:
        layers["habitat"] = habitat_suitability(
            layers["elevation_m"],
            layers["forest_cover"],
            layers["water"],
            layers["village"],
            layers["road"],
            resolution_m,
        )


def _resolve_crs(rasters: dict[str, RasterFile], crs: str | None) -> str:
    """One projected metric CRS from the files and the ``crs`` argument, which must agree."""
    found = {
        name: projected_crs(r.crs, f"CRS of {r.source}")
        for name, r in rasters.items()
        if r.crs is not None
    }
    if crs is not None:
        found = {"crs argument": projected_crs(crs, "landscape.crs"), **found}
    if not found:
        raise TwinInputError(
            "landscape.crs=None and the files carry no CRS (no .prj, GeoTIFF CRS or npz crs): "
            "set landscape.crs to the rasters' projected CRS, e.g. 'EPSG:32652'."
        )
    (first_name, first), *others = found.items()
    for name, other in others:
        if not same_crs(first, other):
            raise TwinInputError(
                f"CRS of {name!r} ({_brief(other)}) differs from {first_name!r} "
                f"({_brief(first)}): use one CRS for all layers."
            )
    return first


def _brief(crs: str) -> str:
    return crs if len(crs) <= 60 else crs[:57] + "..."
