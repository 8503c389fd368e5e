"""The 2007-2023 hindcast: park counts by year vs the censuses, and the policy counterfactuals.

A run of ``+scenario=hindcast`` (conf/scenario/hindcast.yaml) with a light daily hook that counts
the cats whose activity centre lies in the park, by species and stage, on 1 January of each
(365-day) year. Replicates draw their seeds from one ``SeedSequence``; with ``--parameters
posterior`` each replicate also draws one accepted ABC parameter set
(experiments/calibration/hindcast_abc.csv, written by calibrate_hindcast.py).

Usage: ``python experiments/hindcast.py [--replicates 100] [--parameters fixed|posterior]
[--policies historical no_penalties_2013 no_hiring no_park] [--counterfactual-replicates N]
[--workers N] [--out hindcast-out] [override ...]``.
Writes census_comparison.csv, counts.csv, deaths.csv, counterfactuals.csv and fan_chart.html and
prints the figures as one JSON line. docs/hindcast.md.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import hashlib
import json
import sys
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script or with -m

from experiments.census import (  # noqa: E402
    CENSUS,
    FIRST_YEAR,
    ParkCounts,
    census_area,
    census_comparison,
    observe,
)
from twin.config.load import load_config  # noqa: E402
from twin.config.validate import run_settings  # noqa: E402
from twin.landscape.build import build_landscape  # noqa: E402
from twin.population.model import ParkModel  # noqa: E402
from twin.population.params import species_params  # noqa: E402
from twin.population.state import CAUSES  # noqa: E402
from twin.results import atomic_write  # noqa: E402
from twin.runner import run_threats  # noqa: E402
from twin.seeding import spawn_streams  # noqa: E402
from twin.simulation import Simulation  # noqa: E402
from twin.taxa import keys_of  # noqa: E402

CALIBRATION = Path(__file__).resolve().parent / "calibration"
COUNTERFACTUALS = ("no_penalties_2013", "no_hiring", "no_park")
OBSERVATION_PREFIX = "census."
"""Calibrated keys of the census observation model (not of the run config), e.g.
``census.cub_detection``: the share of out-of-den cubs a census counts."""
PARAMETER_PREFIXES = ("policy.", "species.", "census.")
"""Config keys the calibration sets (columns of the ABC tables holding parameters)."""


@dataclass
class Outcome:
    """One hindcast run: park counts by year and deaths by species and cause."""

    counts: pd.DataFrame
    deaths: pd.DataFrame


def simulate(cfg: Mapping[str, Any]) -> Outcome:
    """Run the model and threats of ``cfg`` (as ``twin.runner.run`` does, cameras off) and count.

    Parameters
    ----------
    cfg
        Run config (e.g. ``load_config(["+scenario=hindcast"])``); ``start_date`` should be
        1 January of :data:`FIRST_YEAR`, since counts are labelled by 365-day years from it.

    Returns
    -------
    Outcome
        Park counts on each 1 January (day 0, then every 365 days); deaths by cause over the run.
    """
    settings = run_settings(cfg)
    landscape = build_landscape(cfg["landscape"])
    model = ParkModel(
        landscape, species_params(cfg["species"]), seed=settings.seed, tick_min=settings.tick_min
    )
    sim = Simulation(
        model, ticks_per_step=settings.ticks_per_step, track_every_ticks=settings.track_every_ticks
    )
    streams = spawn_streams(settings.seed)
    run_threats(cfg, sim, model, landscape, streams, settings.start_date)
    counts = ParkCounts(model, census_area(landscape))
    counts.record(FIRST_YEAR)
    sim.on_day.append(counts)
    sim.run(settings.days)
    return Outcome(counts.frame(), _deaths(model))


def _deaths(model: ParkModel) -> pd.DataFrame:
    st = model.state
    dead = ~st.alive[: st.n]
    df = pd.DataFrame(
        {
            "species": keys_of(st.species[: st.n][dead]),
            "cause": [CAUSES[int(c)] for c in st.death_cause[: st.n][dead]],
        }
    )
    return (
        df.groupby(["species", "cause"], as_index=False).size().rename(columns={"size": "deaths"})
    )


def replicate_seeds(seed: int, n: int) -> list[int]:
    """``n`` independent integer run seeds spawned from ``SeedSequence(seed)``."""
    children = np.random.SeedSequence(seed).spawn(n)
    return [int(c.generate_state(1, dtype=np.uint32)[0]) for c in children]


def set_parameters(cfg: Any, values: Mapping[str, float]) -> None:
    """Write calibrated values into ``cfg`` (keys like ``policy.poachers.pool_size``).

    Keys of the census observation model (:data:`OBSERVATION_PREFIX`) are not config keys and
    are skipped: :func:`observe` takes them.
    """
    for key, value in values.items():
        if key.startswith(OBSERVATION_PREFIX):
            continue
        node, *path = key.split(".")
        target = cfg[node]
        for part in path[:-1]:
            target = target[int(part)] if part.isdigit() else target[part]
        target[path[-1]] = int(round(value)) if key.endswith("pool_size") else float(value)


Job = tuple[Sequence[str], str, int, int, dict[str, float] | None]


def run_one(job: Job, cache: Path | None = None) -> Outcome:
    """One replicate ``(overrides, policy, replicate, seed, parameters or None)``, labelled.

    With a ``cache`` folder, the outcome is stored there under a hash of the job (counts last,
    as the completion mark) and read back instead of rerun: an interrupted hindcast resumes.
    """
    overrides, policy, replicate, seed, params = job
    stem = None
    if cache is not None:
        key = json.dumps([list(overrides), policy, seed, params], sort_keys=True)
        stem = cache / f"{policy}_{replicate:04d}_{hashlib.sha256(key.encode()).hexdigest()[:12]}"
        if stem.with_suffix(".counts.parquet").exists():
            return Outcome(
                pd.read_parquet(stem.with_suffix(".counts.parquet")),
                pd.read_parquet(stem.with_suffix(".deaths.parquet")),
            )
    cfg = load_config(["+scenario=hindcast", f"policy={policy}", f"seed={seed}", *overrides])
    if params is not None:
        set_parameters(cfg, params)
    out = simulate(cfg)
    counts = observe(out.counts, (params or {}).get("census.cub_detection", 1.0))
    result = Outcome(
        counts.assign(replicate=replicate, policy=policy),
        out.deaths.assign(replicate=replicate, policy=policy),
    )
    if stem is not None:
        atomic_write(
            stem.with_suffix(".deaths.parquet"), lambda p: result.deaths.to_parquet(p, index=False)
        )
        atomic_write(
            stem.with_suffix(".counts.parquet"), lambda p: result.counts.to_parquet(p, index=False)
        )
    return result


def run_replicates(
    overrides: Sequence[str],
    seeds: Sequence[int],
    posterior: pd.DataFrame | None,
    policies: Sequence[str] = ("historical",),
    workers: int = 1,
    counterfactual_replicates: int | None = None,
    cache: Path | None = None,
) -> Outcome:
    """Counts and deaths of one run per seed and policy (same seed across policies: paired runs).

    Policies other than ``historical`` run only the first ``counterfactual_replicates`` seeds
    (default: all), paired with the historical runs of the same seeds and parameters. Runs
    already in ``cache`` (see :func:`run_one`) are read back. Progress goes to stderr.
    """
    n_cf = len(seeds) if counterfactual_replicates is None else counterfactual_replicates
    jobs: list[Job] = [
        (
            list(overrides),
            policy,
            i,
            seed,
            None if posterior is None else {str(k): float(v) for k, v in posterior.iloc[i].items()},
        )
        for i, seed in enumerate(seeds)  # replicate by replicate: a cut-short run leaves pairs
        for policy in policies
        if policy == "historical" or i < n_cf
    ]
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
    one = functools.partial(run_one, cache=cache)
    outs = []
    with contextlib.ExitStack() as stack:
        if workers > 1:
            pool = stack.enter_context(ProcessPoolExecutor(workers))
            results = pool.map(one, jobs)
        else:
            results = map(one, jobs)
        for k, out in enumerate(results, start=1):
            outs.append(out)
            print(f"\rhindcast runs: {k}/{len(jobs)}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return Outcome(
        pd.concat([o.counts for o in outs], ignore_index=True),
        pd.concat([o.deaths for o in outs], ignore_index=True),
    )


def load_posterior(path: Path, n: int, seed: int) -> pd.DataFrame:
    """``n`` accepted parameter sets resampled (with replacement) from the ABC table at ``path``.

    With ABC-PMC generations, the last generation's accepted sets are drawn by their weights.
    """
    table = pd.read_csv(path)
    if "generation" in table:
        table = table[table["generation"] == table["generation"].max()]
    accepted = table[table["accepted"]]
    params = [c for c in accepted.columns if c.startswith(PARAMETER_PREFIXES)]
    p = None
    if "weight" in accepted:
        p = accepted["weight"].to_numpy(float) / accepted["weight"].sum()
    rng = np.random.default_rng(seed)
    picks = rng.choice(len(accepted), size=n, p=p)
    return accepted[params].iloc[picks].reset_index(drop=True)


def counterfactual_table(counts: pd.DataFrame, deaths: pd.DataFrame) -> pd.DataFrame:
    """Cats in the park at the end (2023) and deaths by cause per policy and species, vs historical.

    Differences are paired by replicate (same seed and parameters under each policy), over the
    replicates each policy ran; intervals are the 5-95% quantiles over those replicates.
    """
    end = counts[(counts["year"] == counts["year"].max()) & (counts["stage"] == "all_true")]
    rows = []
    for species in ("leopard", "tiger"):
        alive = end[end["species"] == species].pivot(
            index="replicate", columns="policy", values="count"
        )
        d = deaths[deaths["species"] == species].pivot_table(
            index="replicate", columns=["policy", "cause"], values="deaths", fill_value=0
        )
        for policy in alive.columns:
            ran = alive[policy].dropna().index
            rows.append(
                _interval(
                    policy,
                    f"{species}s_in_park_at_end",
                    alive.loc[ran, policy],
                    alive.loc[ran, "historical"],
                )
            )
            causes = d[policy].columns if policy in d else []
            for cause in causes:
                mine = d[policy][cause].reindex(ran, fill_value=0)
                base = (
                    d["historical"][cause].reindex(ran, fill_value=0)
                    if cause in d["historical"]
                    else 0 * mine
                )
                rows.append(_interval(policy, f"{species}_deaths_{cause}", mine, base))
    return pd.DataFrame(rows)


def _interval(policy: str, quantity: str, values: pd.Series, base: pd.Series) -> dict[str, Any]:
    diff = values - base
    return {
        "policy": policy,
        "quantity": quantity,
        "replicates": len(values),
        "median": float(values.median()),
        "lo90": float(values.quantile(0.05)),
        "hi90": float(values.quantile(0.95)),
        "diff_median": float(diff.median()),
        "diff_lo90": float(diff.quantile(0.05)),
        "diff_hi90": float(diff.quantile(0.95)),
    }


def fan_chart(counts: pd.DataFrame) -> Any:
    """Plotly figure: median and 50/90% bands of park counts by year vs the census points."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    panels = [(s, g) for s in ("leopard", "tiger") for g in ("all", "adult", "cub")]
    fig = make_subplots(rows=2, cols=3, subplot_titles=[f"{s} {g}" for s, g in panels])
    shown = "historical" if "historical" in set(counts["policy"]) else counts["policy"].iloc[0]
    hist = counts[counts["policy"] == shown]
    for k, (species, stage) in enumerate(panels):
        row, col = k // 3 + 1, k % 3 + 1
        q = hist[(hist["species"] == species) & (hist["stage"] == stage)].groupby("year")["count"]
        band = q.quantile(np.array([0.05, 0.25, 0.5, 0.75, 0.95])).unstack()
        years = list(band.index)
        for lo, hi, alpha in ((0.05, 0.95, 0.2), (0.25, 0.75, 0.4)):
            fig.add_trace(
                go.Scatter(
                    x=years + years[::-1],
                    y=list(band[hi]) + list(band[lo])[::-1],
                    fill="toself",
                    fillcolor=f"rgba(30,100,200,{alpha})",
                    line={"width": 0},
                    showlegend=False,
                ),
                row=row,
                col=col,
            )
        fig.add_trace(go.Scatter(x=years, y=band[0.5], mode="lines", showlegend=False), row, col)
        cen = CENSUS[(CENSUS["species"] == species) & (CENSUS["stage"] == stage)]
        fig.add_trace(
            go.Scatter(x=cen["year"], y=cen["census"], mode="markers", showlegend=False), row, col
        )
    fig.update_layout(title=f"Hindcast ({shown}): park counts (median, 50/90% bands) vs census")
    return fig


def write_outputs(counts: pd.DataFrame, deaths: pd.DataFrame, out: Path) -> dict[str, Any]:
    """Write the hindcast tables and the fan chart to ``out``; return the headline figures."""
    out.mkdir(parents=True, exist_ok=True)
    counts.to_csv(out / "counts.csv", index=False)
    deaths.to_csv(out / "deaths.csv", index=False)
    shown = "historical" if "historical" in set(counts["policy"]) else counts["policy"].iloc[0]
    comparison = census_comparison(counts[counts["policy"] == shown])
    comparison.to_csv(out / "census_comparison.csv", index=False)
    fan_chart(counts).write_html(out / "fan_chart.html", include_plotlyjs=True)
    figures: dict[str, Any] = {"census": comparison.round(2).to_dict(orient="records")}
    if counts["policy"].nunique() > 1 and "historical" in set(counts["policy"]):
        table = counterfactual_table(counts, deaths)
        table.to_csv(out / "counterfactuals.csv", index=False)
        figures["counterfactuals"] = table.round(2).to_dict(orient="records")
    return figures


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: replicates of the hindcast and counterfactuals; files and one JSON line."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--replicates", type=int, default=100)
    ap.add_argument("--parameters", choices=["fixed", "posterior"], default="posterior")
    ap.add_argument("--policies", nargs="*", default=["historical", *COUNTERFACTUALS])
    ap.add_argument("--seed", type=int, default=2007)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument(
        "--counterfactual-replicates",
        type=int,
        default=None,
        help="replicates of each counterfactual policy (default: --replicates); paired by seed",
    )
    ap.add_argument("--out", type=Path, default=Path("hindcast-out"))
    ap.add_argument("overrides", nargs="*")
    args = ap.parse_args(argv)
    seeds = replicate_seeds(args.seed, args.replicates)
    posterior = None
    if args.parameters == "posterior":
        posterior = load_posterior(CALIBRATION / "hindcast_abc.csv", args.replicates, args.seed)
    n_cf = args.counterfactual_replicates
    if n_cf is not None and not 1 <= n_cf <= args.replicates:
        raise SystemExit(
            f"--counterfactual-replicates={n_cf} is not allowed: "
            f"1 to --replicates ({args.replicates})"
        )
    out = run_replicates(
        args.overrides, seeds, posterior, args.policies, args.workers, n_cf, args.out / "runs"
    )
    figures = write_outputs(out.counts, out.deaths, args.out)
    print(json.dumps({"replicates": args.replicates, "parameters": args.parameters, **figures}))


if __name__ == "__main__":
    main()
