"""Write a landscape to disk: one ``.npz``, or a folder of ESRI ASCII grids or GeoTIFFs.

Every format stores rows north-up, as :func:`twin.landscape.readers.load_landscape` expects.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from twin.errors import require
from twin.landscape.ascii_grid import write_ascii_grid
from twin.landscape.features_json import features_to_json
from twin.landscape.geotiff import write_geotiff
from twin.landscape.grid import LAYERS, Landscape


def save_npz(landscape: Landscape, path: str | Path) -> Path:
    """Save all layers, the grid geometry, the CRS and the vector features in one ``.npz``.

    Keys: one per layer (north row first), ``x0_m``, ``y0_m``, ``resolution_m``, ``crs`` and
    ``features_json``. Returns the path written.
    """
    path = Path(path)
    require(path.suffix == ".npz", "path", str(path), "a file name ending in .npz")
    path.parent.mkdir(parents=True, exist_ok=True)
    arrays: dict[str, Any] = {name: landscape.layers[name][::-1] for name in LAYERS}
    arrays.update(
        x0_m=np.float64(landscape.x0_m),
        y0_m=np.float64(landscape.y0_m),
        resolution_m=np.float64(landscape.resolution_m),
        crs=np.str_(landscape.crs),
        features_json=np.str_(features_to_json(landscape.features)),
    )
    np.savez_compressed(path, **arrays)
    return path


def save_ascii(landscape: Landscape, folder: str | Path) -> dict[str, Path]:
    """Save each layer as ``<folder>/<layer>.asc`` with a ``.prj``; vector features are not saved.

    Returns the mapping layer -> path, which :func:`load_landscape` accepts.
    """
    return _save_layers(landscape, Path(folder), ".asc", write_ascii_grid)


def save_geotiff(landscape: Landscape, folder: str | Path) -> dict[str, Path]:
    """Save each layer as ``<folder>/<layer>.tif`` (needs rasterio); features are not saved.

    Returns the mapping layer -> path, which :func:`load_landscape` accepts.
    """
    return _save_layers(landscape, Path(folder), ".tif", write_geotiff)


def _save_layers(
    landscape: Landscape, folder: Path, suffix: str, write: Callable[..., None]
) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = {name: folder / f"{name}{suffix}" for name in LAYERS}
    for name, path in paths.items():
        write(
            path,
            landscape.layers[name],
            landscape.x0_m,
            landscape.y0_m,
            landscape.resolution_m,
            landscape.crs,
        )
    return paths
