"""Seeded smooth random fields defined in metres: every grid resolution sees the same field."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.ndimage import gaussian_filter

from twin.landscape.lattice import Lattice


@dataclass(frozen=True)
class SmoothNoise:
    """A Gaussian-filtered white-noise field with unit standard deviation.

    White noise is drawn on a lattice anchored at a fixed point (not at the output grid), filtered
    and read by bilinear interpolation, so coarse and fine grids sample one field.
    """

    lattice: Lattice
    values: np.ndarray

    @classmethod
    def draw(
        cls,
        rng: np.random.Generator,
        centre_xy_m: tuple[float, float],
        half_side_m: float,
        length_m: float,
    ) -> SmoothNoise:
        """Draw a field with correlation length ~``length_m`` (m) covering a square region.

        Parameters
        ----------
        rng
            Source of the white noise.
        centre_xy_m
            Centre of the region (m); the noise lattice is anchored there.
        half_side_m
            Half the side of the region (m); the lattice adds a margin.
        length_m
            Standard deviation (m) of the Gaussian filter: the size of bumps and hollows.
        """
        spacing_m = length_m / 2.0
        lattice = Lattice.covering(centre_xy_m, half_side_m + 3 * length_m, spacing_m, centre_xy_m)
        white = rng.standard_normal(lattice.shape)
        smooth = gaussian_filter(white, sigma=2.0, mode="reflect")
        return cls(lattice, (smooth - smooth.mean()) / smooth.std())

    def at(self, target: Lattice) -> np.ndarray:
        """Field values at the cell centres of ``target``."""
        return self.lattice.resample(self.values, target)
