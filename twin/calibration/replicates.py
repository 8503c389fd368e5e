"""Replicates of the hindcast and its policy counterfactuals: paired runs, the run cache and the
written tables (docs/hindcast.md).

Replicate ``i`` of every policy runs with the ``i``-th child of one ``SeedSequence`` and the
``i``-th parameter draw, so each counterfactual run is paired with a historical one.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import sys
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from twin.calibration.census import census_comparison, figures_from_tables
from twin.calibration.counterfactuals import counterfactual_table
from twin.calibration.figures import fan_chart
from twin.calibration.hindcast import PARTS, Outcome, hindcast_scenario, run_hindcast
from twin.errors import TwinInputError
from twin.results import atomic_write

COUNTERFACTUALS = ("no_penalties_2013", "no_hiring", "no_park")
"""The counterfactual policies (conf/policy/) the hindcast runs beside ``historical``."""
SEED_SCHEME = "SeedSequence child"
"""Part of every cached run's key: runs cached when replicates were seeded by integers drawn
from the children (before this scheme) are never read back as runs of it."""
Job = tuple[Sequence[str], str, int, np.random.SeedSequence, dict[str, float] | None]
"""One replicate: (config overrides, policy, replicate number, seed, parameters or None)."""


def _cache_stem(job: Job, cache: Path) -> Path:
    """Where ``job``'s tables are cached: its policy, replicate and a hash of what it runs."""
    overrides, policy, replicate, seed, params = job
    key = json.dumps(
        [SEED_SCHEME, list(overrides), policy, [seed.entropy, list(seed.spawn_key)], params],
        sort_keys=True,
    )
    return cache / f"{policy}_{replicate:04d}_{hashlib.sha256(key.encode()).hexdigest()[:12]}"


def run_one(job: Job, cache: Path | None = None) -> Outcome:
    """One replicate, labelled with its ``replicate`` and ``policy``.

    With a ``cache`` folder, the outcome is stored there under a hash of the job (counts last,
    as the completion mark) and read back instead of rerun: an interrupted hindcast resumes.
    """
    overrides, policy, replicate, seed, params = job
    parts = ("deaths", "figures", "enforcement", "counts")  # counts last: the completion mark
    stem = None if cache is None else _cache_stem(job, cache)
    if stem is not None and all(stem.with_suffix(f".{p}.parquet").exists() for p in parts):
        return Outcome(**{p: pd.read_parquet(stem.with_suffix(f".{p}.parquet")) for p in parts})
    out = run_hindcast(hindcast_scenario(policy, tuple(overrides)), seed, params)
    label = {"replicate": replicate, "policy": policy}
    result = Outcome(*(getattr(out, part).assign(**label) for part in PARTS))
    if stem is not None:
        for part in parts:
            frame = getattr(result, part)
            atomic_write(
                stem.with_suffix(f".{part}.parquet"),
                lambda p, f=frame: f.to_parquet(p, index=False),
            )
    return result


def run_replicates(
    overrides: Sequence[str],
    seeds: Sequence[np.random.SeedSequence],
    posterior: pd.DataFrame | None,
    policies: Sequence[str] = ("historical",),
    workers: int = 1,
    counterfactual_replicates: int | None = None,
    cache: Path | None = None,
) -> Outcome:
    """One run per seed and policy (same seed and parameters across policies: paired runs).

    Parameters
    ----------
    overrides
        Config overrides of the hindcast scenario.
    seeds
        The replicates' seeds (:func:`twin.calibration.hindcast.replicate_seeds`).
    posterior
        One parameter set per replicate (rows), or None: the scenario's values.
    policies
        Policies to run; those other than ``historical`` run only the first
        ``counterfactual_replicates`` seeds (default: all).
    workers
        Worker processes.
    cache
        Folder of cached runs (:func:`run_one`), read back instead of rerun.

    Returns
    -------
    Outcome
        The runs' tables, concatenated. Progress goes to stderr.
    """
    jobs = _jobs(overrides, seeds, posterior, policies, counterfactual_replicates)
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
    one = functools.partial(run_one, cache=cache)
    outs = []
    with contextlib.ExitStack() as stack:
        if workers > 1:
            results = stack.enter_context(ProcessPoolExecutor(workers)).map(one, jobs)
        else:
            results = map(one, jobs)
        for k, out in enumerate(results, start=1):
            outs.append(out)
            print(f"\rhindcast runs: {k}/{len(jobs)}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return Outcome(
        *(pd.concat([getattr(o, part) for o in outs], ignore_index=True) for part in PARTS)
    )


def _jobs(
    overrides: Sequence[str],
    seeds: Sequence[np.random.SeedSequence],
    posterior: pd.DataFrame | None,
    policies: Sequence[str],
    counterfactual_replicates: int | None,
) -> list[Job]:
    """The runs, replicate by replicate (a cut-short hindcast leaves whole pairs)."""
    n_cf = len(seeds) if counterfactual_replicates is None else counterfactual_replicates
    return [
        (
            list(overrides),
            policy,
            i,
            seed,
            None if posterior is None else {str(k): float(v) for k, v in posterior.iloc[i].items()},
        )
        for i, seed in enumerate(seeds)
        for policy in policies
        if policy == "historical" or i < n_cf
    ]


def write_outputs(result: Outcome, out: Path) -> dict[str, Any]:
    """Write the hindcast tables and the fan chart to ``out``; return the headline figures.

    Each file is written to a temporary name and renamed into place: an interrupted write leaves
    no partial file and the previous version of each file untouched.
    """
    counts, deaths, figures = result.counts, result.deaths, result.figures
    out.mkdir(parents=True, exist_ok=True)
    write_csv(counts, out / "counts.csv")
    write_csv(deaths, out / "deaths.csv")
    write_csv(result.enforcement, out / "enforcement.csv")
    write_csv(figures, out / "census_figures.csv")
    shown = "historical" if "historical" in set(counts["policy"]) else counts["policy"].iloc[0]
    comparison = census_comparison(figures[figures["policy"] == shown])
    write_csv(comparison, out / "census_comparison.csv")
    chart = fan_chart(counts, deaths, result.enforcement)
    atomic_write(out / "fan_chart.html", lambda p: chart.write_html(p, include_plotlyjs=True))
    headline: dict[str, Any] = {"census": comparison.round(2).to_dict(orient="records")}
    if counts["policy"].nunique() > 1 and "historical" in set(counts["policy"]):
        table = counterfactual_table(counts, deaths, result.enforcement)
        write_csv(table, out / "counterfactuals.csv")
        headline["counterfactuals"] = table.round(2).to_dict(orient="records")
    return headline


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """Write ``frame`` to ``path`` as CSV through a temporary file (no partial table)."""
    atomic_write(path, lambda p: frame.to_csv(p, index=False))


def recompare_census(folder: Path, policy: str = "historical") -> pd.DataFrame:
    """Redo a written hindcast's census comparison against today's census figures, from its
    per-replicate tables in ``folder`` (counts.csv and census_figures.csv; no run), and write it
    to census_comparison.csv there.

    Parameters
    ----------
    folder
        A hindcast's output folder.
    policy
        The policy whose replicates are compared.

    Returns
    -------
    pandas.DataFrame
        The comparison (:func:`twin.calibration.census.census_comparison`).

    Raises
    ------
    TwinInputError
        If a table is missing or lacks a census figure.
    """
    tables = {}
    for name in ("counts", "census_figures"):
        path = folder / f"{name}.csv"
        if not path.is_file():
            raise TwinInputError(f"{path}: no such file (a hindcast's output folder expected)")
        table = pd.read_csv(path)
        tables[name] = table[table["policy"] == policy]
    comparison = census_comparison(figures_from_tables(tables["counts"], tables["census_figures"]))
    write_csv(comparison, folder / "census_comparison.csv")
    return comparison


def check_hindcast(
    policies: Sequence[str],
    overrides: Sequence[str],
    replicates: int,
    counterfactual_replicates: int | None,
    workers: int,
) -> None:
    """Refuse bad settings and configs of a hindcast before any run starts.

    Raises
    ------
    TwinInputError
        Naming the setting or config key, its value and what is allowed.
    """
    if replicates < 1:
        raise TwinInputError(f"replicates={replicates} is not allowed: 1 or more")
    n_cf = counterfactual_replicates
    if n_cf is not None and not 1 <= n_cf <= replicates:
        raise TwinInputError(
            f"counterfactual_replicates={n_cf} is not allowed: 1 to replicates ({replicates})"
        )
    if workers < 1:
        raise TwinInputError(f"workers={workers} is not allowed: 1 or more")
    for policy in policies:
        hindcast_scenario(policy, tuple(overrides))
