"""The twin's state from camera-trap data: one :class:`~twin.Population` per replicate.

For each species with an SCR fit, a replicate

1. draws the SCR parameters from the fit's sampling distribution (:func:`draw_parameters`);
2. places every detected animal at a centre drawn from its posterior over the state mask,
   ``pi(s | omega_i) ∝ D(s) Pr(omega_i | s)`` (secr's ``fxi``; D is the fit's, flat);
3. draws the undetected in number, ``n0 ~ Poisson(sum_s D(s) a (1 - p.(s)))`` over the mask
   (the park), and in place, ``∝ D(s) (1 - p.(s))``, per sex class in a sex-specific model;
4. gives each animal a sex (recorded, else the fit's class, else the species' female share),
   a stage and age (``lifeStage`` recorded, else the species' stable-age priors), and adult
   females dependent cubs by the species' litter priors.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from twin.estimators import Mask, SCRFit
from twin.forecast.posterior import (
    ParameterDraw,
    draw_parameters,
    log_history,
    log_missed,
    normalised,
)
from twin.io.capture_history import SEX_OF_LABEL, CaptureHistory
from twin.population.demography import DAYS_PER_YEAR
from twin.population.params import SpeciesParams
from twin.population.startup import POPULATION_COLUMNS, Population, _stable_ages_days
from twin.seeding import seed_sequence

STATE_COLUMNS = (*POPULATION_COLUMNS, "individual_id", "detected")
"""Columns of a state's table: a :class:`Population` plus who was detected."""
SEX_NAMES = {"F": "female", "M": "male"}
SUBADULT_STAGES = ("subadult", "juvenile")
"""``lifeStage`` values of independent animals not yet adult (SCR sees no dependent cubs)."""


@dataclass(frozen=True)
class SpeciesData:
    """What the state of one species is built from.

    Attributes
    ----------
    key
        Species key of the twin (``leopard``, ``tiger``).
    history
        The capture history the SCR model was fitted to.
    fit
        The SCR fit (sex-specific when every detected animal's sex is recorded).
    life_stage
        ``(n,)`` recorded ``lifeStage`` per detected individual (``""`` when unknown).
    """

    key: str
    history: CaptureHistory
    fit: SCRFit
    life_stage: np.ndarray


@dataclass(frozen=True)
class StagePrior:
    """Prior stage structure of a species' animals whose stage the data do not give.

    Attributes
    ----------
    subadult_share
        Subadults among the independent animals (0 to 1).
    cubs_per_female
        Dependent cubs per adult female.
    """

    subadult_share: float
    cubs_per_female: float

    @classmethod
    def from_initial(cls, p: SpeciesParams) -> StagePrior:
        """The prior of the species' ``initial`` counts."""
        init, d = p.initial, p.demography
        return cls(
            init.subadults / max(1, init.adults + init.subadults),
            init.cubs / max(1.0, init.adults * d.female_fraction),
        )


def state_mask(landscape, spacing_m: float) -> Mask:
    """Park points of a ``spacing_m`` grid (m) where a cat may live (no water, no village)."""
    return _habitable(landscape, Mask.from_landscape(landscape, spacing_m))


def region_mask(history: CaptureHistory, landscape, buffer_m: float, spacing_m: float) -> Mask:
    """Where the data inform a species' state: the landscape within ``buffer_m`` (m) of its
    stations (the SCR fit's mask region), on a ``spacing_m`` grid, without water or villages.
    The background (:mod:`twin.forecast.background`) fills the landscape beyond it."""
    mask = Mask.from_traps(history, buffer_m, spacing_m=spacing_m, landscape=landscape)
    return _habitable(landscape, mask)


def _habitable(landscape, mask: Mask) -> Mask:
    wet = landscape.sample("water", mask.x_m, mask.y_m)
    built = landscape.sample("village", mask.x_m, mask.y_m)
    keep = ~(np.asarray(wet, bool) | np.asarray(built, bool))
    return Mask.from_points(mask.xy_m[keep], mask.spacing_m)


def build_states(
    data: Sequence[SpeciesData],
    mask: Mask | Mapping[str, Mask],
    params: Mapping[str, SpeciesParams],
    replicates: int,
    seed: int | np.random.SeedSequence,
    stage_priors: Sequence[Mapping[str, StagePrior]] | None = None,
) -> list[Population]:
    """One state (animals at day 0) per replicate, from the species' SCR fits.

    Parameters
    ----------
    data
        One :class:`SpeciesData` per species to place.
    mask
        Where activity centres may lie, metres: one mask, or one per species key
        (:func:`region_mask`: the stations' buffer; :func:`state_mask`: the park).
    params
        The twin's species parameters (priors for sex, age and cubs), by species key.
    replicates
        Number of states.
    seed
        Root seed; the same seed gives the same states.
    stage_priors
        Per replicate, by species, the prior stage structure of the animals whose stage the
        data do not give (the background's, :class:`twin.forecast.background.Background`);
        default :meth:`StagePrior.from_initial`.

    Returns
    -------
    list of Population
        Tables with :data:`STATE_COLUMNS` (``detected`` False for imputed animals and cubs).
    """
    root = seed_sequence(seed)
    streams = [np.random.default_rng(s) for s in root.spawn(len(data) + replicates)]
    draws = [draw_parameters(d.fit, replicates, streams[j]) for j, d in enumerate(data)]
    states = []
    for r in range(replicates):
        rng = streams[len(data) + r]
        parts = [
            _species_state(
                d,
                draws[j][r],
                mask if isinstance(mask, Mask) else mask[d.key],
                params[d.key],
                rng,
                (
                    StagePrior.from_initial(params[d.key])
                    if stage_priors is None
                    else stage_priors[r][d.key]
                ),
            )
            for j, d in enumerate(data)
        ]
        states.append(Population(_concat(parts)))
    return states


def _concat(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """Stack species tables, shifting each table's ``mother`` positions by the rows above."""
    shifted, offset = [], 0
    for part in parts:
        mothers = part["mother"].to_numpy()
        shifted.append(part.assign(mother=np.where(mothers >= 0, mothers + offset, -1)))
        offset += len(part)
    if not shifted:
        return pd.DataFrame({c: [] for c in STATE_COLUMNS})
    return pd.concat(shifted, ignore_index=True)[list(STATE_COLUMNS)]


def _species_state(
    data: SpeciesData,
    draw: ParameterDraw,
    mask: Mask,
    p: SpeciesParams,
    rng: np.random.Generator,
    prior: StagePrior,
) -> pd.DataFrame:
    """The independent animals of one species and their cubs."""
    detected = _detected(data, draw, mask, rng)
    undetected = _undetected(data, draw, mask, rng)
    animals = pd.concat([detected, undetected], ignore_index=True)
    animals = _with_ages(animals, p, rng, prior.subadult_share)
    return _with_cubs(animals, p, rng, prior.cubs_per_female)


def _class_of(data: SpeciesData, draw: ParameterDraw) -> np.ndarray:
    """Index into ``draw.classes`` of each detected individual."""
    sexes = data.history.individual_sex
    if len(draw.classes) == 1 or sexes is None:
        return np.zeros(data.history.n_individuals, dtype=np.int64)
    codes = [c.sex for c in draw.classes]
    return np.array([codes.index(s) for s in sexes], dtype=np.int64)


def _detected(
    data: SpeciesData, draw: ParameterDraw, mask: Mask, rng: np.random.Generator
) -> pd.DataFrame:
    """Detected animals at centres drawn from their posteriors; recorded sex and stage."""
    history, n = data.history, data.history.n_individuals
    cls = _class_of(data, draw)
    x, y = np.empty(n), np.empty(n)
    for c, detection in enumerate(draw.classes):
        rows = np.flatnonzero(cls == c)
        if rows.size == 0:
            continue
        post = normalised(log_history(history, mask.xy_m, data.fit.model.detectfn, detection, rows))
        x[rows], y[rows] = _pick(post, mask, rng)
    labels = np.full(n, "") if history.sex is None else history.sex
    sex = [SEX_NAMES.get(SEX_OF_LABEL.get(s.strip().lower(), ""), "") for s in labels]
    return _table(data.key, sex, x, y, data.life_stage, history.individual_ids, True)


def _undetected(
    data: SpeciesData, draw: ParameterDraw, mask: Mask, rng: np.random.Generator
) -> pd.DataFrame:
    """The animals missed: Poisson in number, placed by density times P(missed); the sex of
    their class in a sex-specific model, else unknown (``""``)."""
    parts = []
    for detection in draw.classes:
        missed = np.exp(log_missed(data.history, mask.xy_m, data.fit.model.detectfn, detection))
        mean = draw.density_per_ha * detection.share * mask.cell_area_ha * float(missed.sum())
        n0 = int(rng.poisson(mean))
        x, y = _pick(np.tile(missed / missed.sum(), (n0, 1)), mask, rng)
        sex = [SEX_NAMES.get(detection.sex, "")] * n0
        parts.append(_table(data.key, sex, x, y, np.full(n0, ""), np.full(n0, ""), False))
    return pd.concat(parts, ignore_index=True)


def _pick(probs: np.ndarray, mask: Mask, rng: np.random.Generator):
    """One mask point per row of ``probs`` (n, M), jittered uniformly within its cell (m)."""
    n = probs.shape[0]
    if n == 0:
        return np.empty(0), np.empty(0)
    cum = np.cumsum(probs, axis=1)
    u = rng.random(n) * cum[:, -1]
    idx = np.minimum((cum < u[:, None]).sum(axis=1), mask.n_points - 1)
    half = mask.spacing_m / 2
    jitter = rng.uniform(-half, half, size=(n, 2))
    return mask.x_m[idx] + jitter[:, 0], mask.y_m[idx] + jitter[:, 1]


def _table(key, sex, x, y, stage, ids, detected: bool) -> pd.DataFrame:
    n = len(x)
    return pd.DataFrame(
        {
            "species": np.full(n, key, dtype=object),
            "sex": np.asarray(sex, dtype=object),
            "stage": np.asarray(stage, dtype=object),
            "centre_x_m": x,
            "centre_y_m": y,
            "individual_id": np.asarray(ids, dtype=object),
            "detected": np.full(n, detected),
        }
    )


def _with_ages(
    animals: pd.DataFrame,
    p: SpeciesParams,
    rng: np.random.Generator,
    subadult_share: float,
):
    """Fill unknown sexes and stages from the priors (``subadult_share``: subadults among the
    independent animals), and draw ages (days) within the stage."""
    d = p.demography
    unknown_sex = (animals["sex"] == "").to_numpy()
    female = rng.random(len(animals)) < d.female_fraction
    sex = np.where(unknown_sex, np.where(female, "female", "male"), animals["sex"].to_numpy())
    stage = animals["stage"].str.lower().to_numpy()
    share_sub = subadult_share
    prior = np.where(rng.random(len(animals)) < share_sub, "subadult", "adult")
    known = np.isin(stage, ("adult", *SUBADULT_STAGES))
    adult = np.where(known, stage == "adult", prior == "adult")
    age = np.empty(len(animals), dtype=np.int64)
    survival = 0.5 * (d.survival_adult[0] + d.survival_adult[1])
    age[adult] = _stable_ages_days(
        rng, int(adult.sum()), d.adult_age_years, d.max_age_years, survival
    )
    age[~adult] = _stable_ages_days(
        rng,
        int((~adult).sum()),
        d.independence_days / DAYS_PER_YEAR,
        d.adult_age_years,
        d.survival_subadult,
    )
    return animals.assign(
        sex=sex, age_days=age, territorial=adult, mother=-1, stage=np.where(adult, "adult", "sub")
    )


def _with_cubs(
    animals: pd.DataFrame, p: SpeciesParams, rng: np.random.Generator, per_female: float
):
    """Dependent cubs for adult females: ``per_female`` cubs per adult female on average, in
    litters of the species' litter-size priors."""
    d = p.demography
    litter_probs = np.asarray(d.litter_size_probs, dtype=float)
    mean_litter = float(np.sum(np.arange(1, litter_probs.size + 1) * litter_probs))
    p_litter = min(1.0, per_female / mean_litter)
    mothers = np.flatnonzero(
        (animals["sex"] == "female").to_numpy() & (animals["stage"] == "adult").to_numpy()
    )
    mothers = mothers[rng.random(mothers.size) < p_litter]
    sizes = rng.choice(litter_probs.size, size=mothers.size, p=litter_probs) + 1
    ages = rng.integers(0, d.independence_days, size=mothers.size)
    mother_of = np.repeat(mothers, sizes)
    n = mother_of.size
    cubs = pd.DataFrame(
        {
            "species": np.full(n, p.key, dtype=object),
            "sex": np.where(rng.random(n) < d.female_fraction, "female", "male"),
            "age_days": np.repeat(ages, sizes),
            "centre_x_m": animals["centre_x_m"].to_numpy()[mother_of],
            "centre_y_m": animals["centre_y_m"].to_numpy()[mother_of],
            "territorial": np.zeros(n, dtype=bool),
            "mother": mother_of,
            "individual_id": np.full(n, "", dtype=object),
            "detected": np.zeros(n, dtype=bool),
        }
    )
    return pd.concat([animals[list(STATE_COLUMNS)], cubs], ignore_index=True)
