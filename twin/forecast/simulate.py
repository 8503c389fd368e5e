"""Running the twin forward from given states: one lean run per replicate and policy.

Seed scheme (one ``SeedSequence`` tree): from the root seed, child ``(0,)`` seeds the states
and child ``(1, r)`` the run of replicate ``r`` (:func:`run_seed`), the same under every policy
(paired runs: policies differ by their effect, not by their luck). Runs are independent jobs,
so the numbers do not depend on ``workers``.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import numpy as np
import pandas as pd

from twin.config.load import load_policy
from twin.config.run import DAYS_PER_YEAR
from twin.config.scenario import Scenario
from twin.drivers import Drivers
from twin.errors import require
from twin.forecast.truth import YearlyCounts
from twin.population.startup import Population
from twin.population.state import DEATH_CAUSES
from twin.seeding import seed_sequence
from twin.threats.policy import policy_names

TRAJECTORY_COLUMNS = ("replicate", "policy", "species", "year", "quantity", "value")
DEATH_COLUMNS = ("replicate", "policy", "species", "year", "cause", "deaths")


def child_seed(seed: int | np.random.SeedSequence, *key: int) -> np.random.SeedSequence:
    """The node ``key`` below the root ``seed`` of the forecast's seed tree (never spawned)."""
    root = seed_sequence(seed)
    return np.random.SeedSequence(root.entropy, spawn_key=(*root.spawn_key, *key))


def run_seed(seed: int | np.random.SeedSequence, replicate: int) -> np.random.SeedSequence:
    """The seed of replicate ``replicate``'s runs (the same under every policy)."""
    return child_seed(seed, 1, replicate)


def check_policies(policies: Sequence[str]) -> tuple[str, ...]:
    """The policy names, refused unless each is a ``conf/policy/*.yaml`` name."""
    names = policy_names()
    require(len(policies) > 0, "--policies", list(policies), f"one or more of {names}")
    for name in policies:
        require(name in names, "--policies", name, f"one of {names}")
    return tuple(dict.fromkeys(policies))


def forecast_scenario(
    scenario: Scenario, policy: str, years: float, start_date: dt.date | None = None
) -> Scenario:
    """The lean scenario of a forecast run: ``years`` under ``policy``, no survey, no report."""
    changes: dict[str, Any] = {
        "years": years,
        "survey.enabled": False,
        "estimation.enabled": False,
        "report.enabled": False,
        "progress": False,
        "policy": load_policy(policy),
    }
    if start_date is not None:
        changes["start_date"] = start_date.isoformat()
    return scenario.replace(**changes)


Job = tuple[dict[str, Any], str, int, np.random.SeedSequence, pd.DataFrame, tuple[str, ...]]


def run_job(job: Job) -> tuple[list[tuple], list[tuple], float]:
    """One forecast run: yearly park counts, deaths by year and cause, and its seconds."""
    import twin

    config, policy, replicate, seed, table, species = job
    started = time.perf_counter()
    scenario = Scenario.from_mapping(config)
    counts = YearlyCounts(species, scenario.days)
    result = twin.simulate(
        scenario,
        seed=seed,
        population=Population(table),
        drivers=Drivers(probes=[counts]),
        progress=False,
        tracks=False,
    )
    rows = [(replicate, policy, key, year, q, v) for year, key, q, v in counts.rows]
    return rows, _deaths(result.individuals, replicate, policy), time.perf_counter() - started


def _deaths(individuals: pd.DataFrame, replicate: int, policy: str) -> list[tuple]:
    """Deaths by forecast year (1 = the first 365 days), species and cause."""
    dead = individuals[
        (individuals["death_day"] > 0) & individuals["death_cause"].isin(DEATH_CAUSES)
    ]
    year = (dead["death_day"].to_numpy() - 1) // DAYS_PER_YEAR + 1  # 1 = days 1..365
    grouped = dead.assign(year=year).groupby(["species", "year", "death_cause"]).size()
    return [
        (replicate, policy, str(s), int(y), str(c), int(n))
        for (s, y, c), n in zip(grouped.index, grouped.to_numpy(), strict=True)
    ]


def run_states(
    scenario: Scenario,
    states: Sequence[Population],
    *,
    years: float,
    policies: Sequence[str],
    seed: int | np.random.SeedSequence,
    start_date: dt.date | None = None,
    workers: int = 1,
    progress: bool = False,
) -> tuple[pd.DataFrame, pd.DataFrame, float]:
    """Run every state under every policy; trajectories, deaths and seconds per run-year."""
    require(int(workers) == workers and workers >= 1, "workers", workers, "an integer >= 1")
    species = tuple(scenario.species)
    configs = {p: forecast_scenario(scenario, p, years, start_date).to_dict() for p in policies}
    jobs: list[Job] = [
        (configs[p], p, r, run_seed(seed, r), state.table, species)
        for r, state in enumerate(states)
        for p in policies
    ]
    outs = []
    with ProcessPoolExecutor(workers) if workers > 1 else _Serial() as pool:
        for k, out in enumerate(pool.map(run_job, jobs), start=1):
            outs.append(out)
            if progress:
                print(f"\rforecast runs: {k}/{len(jobs)}", end="", file=sys.stderr, flush=True)
    if progress:
        print(file=sys.stderr)
    trajectories = pd.DataFrame([r for o in outs for r in o[0]], columns=list(TRAJECTORY_COLUMNS))
    deaths = pd.DataFrame([r for o in outs for r in o[1]], columns=list(DEATH_COLUMNS))
    per_year = float(np.mean([o[2] for o in outs])) / max(years, 1e-9) if outs else np.nan
    return trajectories, deaths, per_year


class _Serial:
    """``map`` in this process, as a context manager like an executor."""

    def __enter__(self) -> _Serial:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def map(self, fn, jobs):  # noqa: D102
        return map(fn, jobs)
