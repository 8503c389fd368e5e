"""The hindcast calibration's problem: the priors of its unknown rates and the census figures it
is scored against (docs/hindcast.md, "Calibration")."""

from __future__ import annotations

import pandas as pd

from twin.calibration.abc import Prior
from twin.calibration.census import CENSUS
from twin.calibration.hindcast import CUB_DETECTION, RECOLONISATION, TIGER_CUB_DETECTION

LAST_YEAR = 2017
"""The last census year the calibration uses (later figures are held out)."""

# The "calibrated later" parameters of conf/policy/historical.yaml, priors of docs/threats.md.
PRIORS: dict[str, Prior] = {
    "policy.poachers.pool_size": Prior("uniform", 20.0, 150.0),
    "policy.poachers.logit_intercept": Prior("normal", -3.5, 1.0),
    "policy.poachers.gain_weight_per_krub": Prior("lognormal", 0.05, 0.7),
    "policy.poachers.risk_weight_per_krub": Prior("lognormal", 0.1, 1.0),
    "policy.poachers.risk_per_100_patrol_km": Prior("lognormal", 0.03, 1.0),
    "policy.poachers.risk_per_100_cameras": Prior("lognormal", 0.02, 1.0),
    "policy.timeline.0.gain_krub": Prior("lognormal", 10.0, 0.5),
    "policy.kills.snare_catch_prob": Prior("beta", 1.0, 20.0),
    "policy.kills.shoot_prob_per_encounter": Prior("beta", 2.0, 8.0),
    # Life-history rates conf/species/amur.yaml marks "assumed" (no published figure for the
    # park), with priors centred on those defaults, and the open population's arrivals:
    "species.leopard.demography.survival_cub": Prior("beta", 14.0, 6.0),  # 0.70 +- 0.10
    "species.leopard.demography.survival_subadult": Prior("beta", 17.0, 3.0),  # 0.85 +- 0.08
    "species.leopard.demography.floater_survival_factor": Prior("uniform", 0.8, 1.0),
    "species.leopard.demography.immigrants_per_year": Prior("uniform", 0.0, 10.0),
    # Intrasexual territory spacing caps the density (assumed 8 and 11 km; home ranges overlap)
    "species.leopard.demography.territory_spacing_m.female": Prior("uniform", 4000.0, 8000.0),
    "species.leopard.demography.territory_spacing_m.male": Prior("uniform", 6000.0, 11000.0),
    "species.tiger.demography.immigrants_per_year": Prior("uniform", 0.0, 10.0),
    # Tigers that find no vacant range walk on out of the window (1/yr; assumed, no figure): from
    # closed (0) to a mean stay of half a year
    "species.tiger.demography.emigration_per_year": Prior("uniform", 0.0, 2.0),
    # Tigers' recolonisation: their arrivals per year from 2013 on (twin/calibration/hindcast.py)
    RECOLONISATION: Prior("uniform", 0.0, 20.0),
    # Adults at the start of the spin-up (2004-01-01; conf/scenario/hindcast.yaml): the 2007
    # census (27-34 leopards, H) and the 2012 count of tigers (9-10, M) pin them down
    "species.leopard.initial.adults": Prior("uniform", 18.0, 40.0),
    "species.tiger.initial.adults": Prior("uniform", 2.0, 9.0),
    # Census observation model (twin/calibration/census.py observe): share of out-of-den cubs
    # counted, the leopards' (one-year censuses) and the tigers' (the 2013-16 census spans four
    # years)
    CUB_DETECTION: Prior("uniform", 0.2, 1.0),
    TIGER_CUB_DETECTION: Prior("uniform", 0.2, 1.0),
    # Age span of the tigers' arrivals (years past independence; assumed, no figure): from
    # dispersers only (1) to adults of up to 7.4 years; older arrivals breed sooner
    "species.tiger.demography.immigrant_age_span_years": Prior("uniform", 1.0, 6.0),
}


"""Priors of the calibrated keys (:data:`twin.calibration.hindcast.PARAMETER_PREFIXES`)."""


def observed_summaries(last_year: int = LAST_YEAR, census: pd.DataFrame = CENSUS) -> pd.DataFrame:
    """Census figures used by the calibration (weight > 0, year <= ``last_year``)."""
    used = census[(census["weight"] > 0) & (census["year"] <= last_year)]
    return used.reset_index(drop=True)


def summary_names(observed: pd.DataFrame | None = None) -> list[str]:
    """Column names of the simulated summaries, ``sim_<year>_<species>_<stage>``, of the
    ``observed`` figures (default :func:`observed_summaries`)."""
    obs = observed_summaries() if observed is None else observed
    return [f"sim_{y}_{s}_{g}" for y, s, g in obs[["year", "species", "stage"]].values]
