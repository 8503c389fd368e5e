"""The formula baseline: a layout optimised on secr-style expected counts from a pilot SCR fit.

A planner's route without a simulator (secrdesign, oSCR): fit SCR (HHN) to a pilot survey for
lambda0, sigma and density (:func:`twin.design.evaluate.fitted_detection_model`), then choose the
budgeted trail stations that maximise ``min(E[n], E[r])`` (Efford & Boulanger 2019) under a
habitat prior, by greedy addition refined by the genetic search (:mod:`twin.design.search`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from twin.cameras.layouts import Layout
from twin.cameras.layouts_area import StudyArea
from twin.cameras.layouts_file import default_station_ids
from twin.cameras.layouts_trail import TrailSnapper
from twin.design.candidates import candidate_sites, habitat_weights
from twin.design.expectations import DetectionModel
from twin.design.problem import Budget, DesignProblem
from twin.design.search import genetic, greedy
from twin.estimators import Mask


@dataclass(frozen=True)
class FormulaDesign:
    """A formula-optimised layout and the figures the formula gave it.

    Attributes
    ----------
    layout : Layout
        Paired stations, axes along the local trail.
    greedy_score, genetic_score : float
        ``min(E[n], E[r])`` of the greedy design and of the final (genetic) design.
    candidates : int
        Trail candidate sites searched.
    """

    layout: Layout
    greedy_score: float
    genetic_score: float
    candidates: int


def formula_design(
    area: StudyArea,
    model: DetectionModel,
    cameras: int,
    rng: np.random.Generator,
    min_spacing_m: float = 1500.0,
    candidate_spacing_m: float = 1000.0,
    mask_spacing_m: float = 2000.0,
    generations: int = 60,
) -> FormulaDesign:
    """Optimise ``cameras / 2`` paired trail stations for ``min(E[n], E[r])``.

    Parameters
    ----------
    area
        Where stations may stand (its landscape gives the mask and the habitat prior).
    model
        Detection model and density (e.g. a pilot fit).
    cameras
        Camera budget (two per station).
    rng
        Random generator of the genetic search and of the station axes.
    min_spacing_m, candidate_spacing_m, mask_spacing_m
        Station spacing, candidate lattice and design mask (m).
    generations
        Generations of the genetic search (seeded with the greedy design).
    """
    landscape = area.landscape
    mask = Mask.from_landscape(landscape, mask_spacing_m)
    problem = DesignProblem(
        candidate_sites(area, candidate_spacing_m, on="trail"),
        mask,
        model,
        Budget(cameras, 2),
        min_spacing_m,
        "rse",
        habitat_weights(landscape, mask),
    )
    first = greedy(problem)
    best = genetic(problem, rng, generations=generations, seeds=[first.chosen])
    points = problem.sites_m[best.chosen]
    axis = TrailSnapper.build(area, ("trail", "road")).axis_rad(points, rng)
    layout = Layout.from_stations(
        default_station_ids(points.shape[0]), points[:, 0], points[:, 1], axis, paired=True
    )
    return FormulaDesign(layout, first.score, best.score, problem.n_sites)
