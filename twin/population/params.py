"""Per-species parameters of the animal model, validated from the ``species.<name>`` config node."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

import numpy as np

from twin.config.fields import known_keys, plain
from twin.errors import TwinInputError, require
from twin.taxa import CAT_KEYS


@dataclass(frozen=True)
class InitialCounts:
    """Animals alive at the start of a run."""

    adults: int
    subadults: int
    cubs: int


@dataclass(frozen=True)
class Movement:
    """Movement parameters (metres, minutes)."""

    centre_attraction_m: tuple[float, float]
    """Scale ``s`` of the pull to the activity centre, (female, male), m: candidate steps are
    weighted by ``exp(-d^2 / (2 s^2))`` with ``d`` the distance to the centre. The emergent range
    is wider than ``s`` (steps and habitat spread it); tests check the emergent 95% MCP."""
    step_mean_m: float
    """Mean step length per active 15-min tick, m."""
    step_shape: int
    """Erlang shape of step lengths: 1 = exponential, larger = less variable."""
    turn_sd_rad: float
    """Standard deviation of the wrapped-normal turning angle, rad (smaller = straighter)."""
    candidates: int
    """Candidate steps weighed per move (step-selection)."""
    habitat_weight: float
    trail_weight: float
    road_weight: float
    village_weight: float
    village_scale_m: float
    activity_by_hour: tuple[float, ...]
    """Probability of being active in each hour of the local day (24 values)."""
    tiger_avoid_radius_m: float
    tiger_avoid_weight: float
    trail_snap: bool
    """Whether a step onto a forest-trail cell follows the trail's centre line (the cell centre)."""


@dataclass(frozen=True)
class Demography:
    """Life-history parameters (days, years, annual survival probabilities)."""

    female_fraction: float
    survival_cub: float
    survival_subadult: float
    survival_adult: tuple[float, float]
    floater_survival_factor: float
    max_age_years: float
    independence_days: int
    adult_age_years: float
    first_litter_age_years: float
    gestation_days: int
    receptive_wait_days: float
    litter_size_probs: tuple[float, ...]
    mate_search_radius_m: float
    dispersal_distance_m: tuple[float, float]
    territory_spacing_m: tuple[float, float]
    settle_min_habitat: float
    settle_tries_per_day: int
    orphan_survival_age_days: int
    immigrants_per_year: float = 0.0
    """Arrivals per year from outside the landscape window (0: none)."""
    emigration_per_year: float = 0.0
    """Rate (1/yr) at which independent cats without a territory leave the window (0: none)."""
    immigrant_age_span_years: float = 1.0
    """Immigrants arrive aged from ``independence_days`` to this many years (yr) older."""


@dataclass(frozen=True)
class SpeciesParams:
    """Everything the model needs to know about one cat species."""

    key: str
    code: int
    initial: InitialCounts
    movement: Movement
    demography: Demography
    tiger_kill_prob_per_encounter: float
    encounter_radius_m: float
    road_death_prob_per_crossing: float


def _pair(node: Mapping[str, Any], key: str, path: str) -> tuple[float, float]:
    value = node[key]
    if isinstance(value, Mapping):
        pair = (float(value["female"]), float(value["male"]))
    else:
        pair = (float(value), float(value))
    require(all(v > 0 for v in pair), f"{path}.{key}", value, "positive numbers (female, male)")
    return pair


def _prob(node: Mapping[str, Any], key: str, path: str) -> float:
    value = float(node[key])
    require(0.0 <= value <= 1.0, f"{path}.{key}", value, "a probability between 0 and 1")
    return value


def _positive(node: Mapping[str, Any], key: str, path: str) -> float:
    value = float(node[key])
    require(value > 0, f"{path}.{key}", value, "a number greater than 0")
    return value


MAX_INITIAL_ANIMALS = 5_000
"""Largest initial count of one stage of one species: ~40x today's park (~130 leopards); a
million animals would take days per simulated year and tens of GB."""

SPECIES_KEYS = (
    "initial",
    "movement",
    "demography",
    "tiger_kill_prob_per_encounter",
    "encounter_radius_m",
    "road_death_prob_per_crossing",
)


def _count(node: Mapping[str, Any], key: str, path: str) -> int:
    value = node[key]
    ok = isinstance(value, int | np.integer) and not isinstance(value, bool) and value >= 0
    require(ok, f"{path}.{key}", value, "a whole number of animals, 0 or more")
    require(
        value <= MAX_INITIAL_ANIMALS,
        f"{path}.{key}",
        value,
        f"at most {MAX_INITIAL_ANIMALS} animals (the machine's limit for one run)",
    )
    return int(value)


def _check_keys(node: Mapping[str, Any], path: str) -> None:
    """Refuse keys that no parameter reads (a typo would otherwise be ignored)."""
    known_keys(node, path, SPECIES_KEYS)
    known_keys(node.get("initial"), f"{path}.initial", ("adults", "subadults", "cubs"))
    known_keys(node.get("movement"), f"{path}.movement", [f.name for f in fields(Movement)])
    known_keys(node.get("demography"), f"{path}.demography", [f.name for f in fields(Demography)])


def _shape(node: Mapping[str, Any], path: str) -> int:
    value = node["step_shape"]
    ok = isinstance(value, int | np.integer) and not isinstance(value, bool) and 1 <= value <= 8
    require(ok, f"{path}.step_shape", value, "a whole number from 1 to 8 (Erlang shape)")
    return int(value)


def _movement(node: Mapping[str, Any], path: str) -> Movement:
    activity = tuple(float(p) for p in node["activity_by_hour"])
    require(
        len(activity) == 24 and all(0.0 <= p <= 1.0 for p in activity),
        f"{path}.activity_by_hour",
        list(activity),
        "24 probabilities between 0 and 1, one per hour of the day",
    )
    candidates = int(node["candidates"])
    require(1 <= candidates <= 64, f"{path}.candidates", candidates, "an integer from 1 to 64")
    return Movement(
        centre_attraction_m=_pair(node, "centre_attraction_m", path),
        step_mean_m=_positive(node, "step_mean_m", path),
        step_shape=_shape(node, path),
        turn_sd_rad=_positive(node, "turn_sd_rad", path),
        candidates=candidates,
        habitat_weight=float(node["habitat_weight"]),
        trail_weight=float(node["trail_weight"]),
        road_weight=float(node["road_weight"]),
        village_weight=float(node["village_weight"]),
        village_scale_m=_positive(node, "village_scale_m", path),
        activity_by_hour=activity,
        tiger_avoid_radius_m=_positive(node, "tiger_avoid_radius_m", path),
        tiger_avoid_weight=float(node["tiger_avoid_weight"]),
        trail_snap=bool(node["trail_snap"]),
    )


def _demography(node: Mapping[str, Any], path: str) -> Demography:
    probs = tuple(float(p) for p in node["litter_size_probs"])
    require(
        len(probs) >= 1 and all(p >= 0 for p in probs) and abs(sum(probs) - 1.0) < 1e-6,
        f"{path}.litter_size_probs",
        list(probs),
        "probabilities of litters of 1, 2, ... cubs, non-negative and summing to 1",
    )
    adult = node["survival_adult"]
    adult_pair = (
        (float(adult["female"]), float(adult["male"]))
        if isinstance(adult, Mapping)
        else (float(adult), float(adult))
    )
    require(all(0 <= s <= 1 for s in adult_pair), f"{path}.survival_adult", adult, "probabilities")
    return Demography(
        female_fraction=_prob(node, "female_fraction", path),
        survival_cub=_prob(node, "survival_cub", path),
        survival_subadult=_prob(node, "survival_subadult", path),
        survival_adult=adult_pair,
        floater_survival_factor=_prob(node, "floater_survival_factor", path),
        max_age_years=_positive(node, "max_age_years", path),
        independence_days=int(_positive(node, "independence_days", path)),
        adult_age_years=_positive(node, "adult_age_years", path),
        first_litter_age_years=_positive(node, "first_litter_age_years", path),
        gestation_days=int(_positive(node, "gestation_days", path)),
        receptive_wait_days=_positive(node, "receptive_wait_days", path),
        litter_size_probs=probs,
        mate_search_radius_m=_positive(node, "mate_search_radius_m", path),
        dispersal_distance_m=_pair(node, "dispersal_distance_m", path),
        territory_spacing_m=_pair(node, "territory_spacing_m", path),
        settle_min_habitat=_prob(node, "settle_min_habitat", path),
        settle_tries_per_day=int(_positive(node, "settle_tries_per_day", path)),
        orphan_survival_age_days=int(node["orphan_survival_age_days"]),
        immigrants_per_year=_rate(node, "immigrants_per_year", path),
        emigration_per_year=_rate(node, "emigration_per_year", path),
        immigrant_age_span_years=_age_span(node, path),
    )


def _age_span(node: Mapping[str, Any], path: str) -> float:
    """``immigrant_age_span_years``: at least a day, and the oldest arrival younger than
    ``max_age_years``."""
    value = float(node.get("immigrant_age_span_years", Demography.immigrant_age_span_years))
    oldest = float(node["max_age_years"]) - float(node["independence_days"]) / 365.25
    ok = np.isfinite(value) and 1.0 / 365.25 <= value < oldest
    allowed = f"years, from one day (1/365.25) to under max_age_years - independence ({oldest:.2f})"
    require(ok, f"{path}.immigrant_age_span_years", value, allowed)
    return value


def _rate(node: Mapping[str, Any], key: str, path: str) -> float:
    value = float(node.get(key, getattr(Demography, key)))
    require(value >= 0.0 and np.isfinite(value), f"{path}.{key}", value, "a rate of 0 or more")
    return value


def species_params(species_cfg: Mapping[str, Any]) -> dict[str, SpeciesParams]:
    """Validate the ``species`` config node and return parameters keyed by species name.

    Parameters
    ----------
    species_cfg
        Mapping of species name (``leopard``, ``tiger``) to its config node.

    Raises
    ------
    TwinInputError
        Naming the key, the value and what is allowed.
    """
    species_cfg = plain(species_cfg)
    require(isinstance(species_cfg, Mapping), "species", species_cfg, "a mapping of species")
    unknown = sorted(set(species_cfg) - set(CAT_KEYS))
    if unknown:
        raise TwinInputError(
            f"species.{unknown[0]} is not a species the twin simulates; "
            f"allowed species: {', '.join(CAT_KEYS)}."
        )
    out = {}
    for code, key in enumerate(CAT_KEYS):
        if key not in species_cfg:
            continue
        node = species_cfg[key]
        path = f"species.{key}"
        _check_keys(node, path)
        try:
            initial = InitialCounts(
                *(
                    _count(node["initial"], k, f"{path}.initial")
                    for k in ("adults", "subadults", "cubs")
                )
            )
            out[key] = SpeciesParams(
                key=key,
                code=code,
                initial=initial,
                movement=_movement(node["movement"], f"{path}.movement"),
                demography=_demography(node["demography"], f"{path}.demography"),
                tiger_kill_prob_per_encounter=_prob(node, "tiger_kill_prob_per_encounter", path),
                encounter_radius_m=_positive(node, "encounter_radius_m", path),
                road_death_prob_per_crossing=_prob(node, "road_death_prob_per_crossing", path),
            )
        except KeyError as err:
            raise TwinInputError(f"{path} is missing the key {err.args[0]!r}.") from None
        except (TypeError, ValueError) as err:
            if isinstance(err, TwinInputError):
                raise
            raise TwinInputError(f"{path} has a value of the wrong type: {err}.") from None
    return out
