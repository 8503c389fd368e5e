"""The 2007-2023 hindcast: park counts by year vs the censuses, and the policy counterfactuals.

A run of ``+scenario=hindcast`` (conf/scenario/hindcast.yaml) with a light daily hook that follows
the cats whose activity centre lies in the census area (experiments/census.py): true counts by
species and stage on each 1 January, and the cats the census of each year (or period)
identifies. Replicates draw their seeds from one ``SeedSequence``; with ``--parameters posterior``
each replicate also draws one accepted ABC parameter set
(experiments/calibration/pooled4/hindcast_abc.csv, written by pool_calibrations.py).

Usage: ``python experiments/hindcast.py [--replicates 100] [--parameters fixed|posterior]
[--weights truncated|raw] [--policies historical no_penalties_2013 no_hiring no_park]
[--counterfactual-replicates N] [--workers N] [--out hindcast-out] [--calibration DIR]
[override ...]``.
Writes census_comparison.csv, census_figures.csv, counts.csv, deaths.csv, enforcement.csv,
counterfactuals.csv and fan_chart.html and prints the figures as one JSON line. docs/hindcast.md.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import hashlib
import json
import sys
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pandas as pd
from hydra.errors import HydraException

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script or with -m

from experiments.census import census_comparison, observe, observed_series  # noqa: E402
from experiments.counterfactuals import counterfactual_table  # noqa: E402
from experiments.hindcast_figures import fan_chart  # noqa: E402
from experiments.hindcast_run import (  # noqa: E402
    PARTS,
    RECOLONISATION,
    Outcome,
    cub_detections,
    replicate_seeds,
    set_parameters,
    simulate,
)
from experiments.posterior import (  # noqa: E402
    CALIBRATION_FILES,
    POSTERIOR,
    WEIGHTS,
    fixed_parameters,
    load_posterior,
)
from twin.config.load import load_config  # noqa: E402
from twin.config.validate import run_settings  # noqa: E402
from twin.errors import TwinInputError  # noqa: E402
from twin.population.params import species_params  # noqa: E402
from twin.results import atomic_write  # noqa: E402
from twin.threats import policy_from_config  # noqa: E402

COUNTERFACTUALS = ("no_penalties_2013", "no_hiring", "no_park")
Job = tuple[Sequence[str], str, int, int, dict[str, float] | None]


def run_one(job: Job, cache: Path | None = None) -> Outcome:
    """One replicate ``(overrides, policy, replicate, seed, parameters or None)``, labelled.

    The counts gain the census's view of each year and the figures their ``count``
    (:func:`observed_series`, :func:`observe`). With a ``cache`` folder, the outcome is stored
    there under a hash of the job (counts last, as the completion mark) and read back instead of
    rerun: an interrupted hindcast resumes.
    """
    overrides, policy, replicate, seed, params = job
    parts = ("deaths", "figures", "enforcement", "counts")  # counts last: the completion mark
    stem = None
    if cache is not None:
        key = json.dumps([list(overrides), policy, seed, params], sort_keys=True)
        stem = cache / f"{policy}_{replicate:04d}_{hashlib.sha256(key.encode()).hexdigest()[:12]}"
        if all(stem.with_suffix(f".{part}.parquet").exists() for part in parts):
            return Outcome(
                **{part: pd.read_parquet(stem.with_suffix(f".{part}.parquet")) for part in parts}
            )
    cfg = load_config(["+scenario=hindcast", f"policy={policy}", f"seed={seed}", *overrides])
    if params is not None:
        set_parameters(cfg, params)
    out = simulate(cfg, (params or {}).get(RECOLONISATION))
    detection = cub_detections(params)
    label = {"replicate": replicate, "policy": policy}
    result = Outcome(
        observed_series(out.counts, detection).assign(**label),
        out.deaths.assign(**label),
        observe(out.figures, detection).assign(**label),
        out.enforcement.assign(**label),
    )
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
        *(pd.concat([getattr(o, part) for o in outs], ignore_index=True) for part in PARTS)
    )


def write_outputs(result: Outcome, out: Path) -> dict[str, Any]:
    """Write the hindcast tables and the fan chart to ``out``; return the headline figures.

    Each file is written to a temporary name and renamed into place: an interrupted write leaves
    no partial file and the previous version of each file untouched.
    """
    counts, deaths, figures = result.counts, result.deaths, result.figures
    out.mkdir(parents=True, exist_ok=True)
    _write_csv(counts, out / "counts.csv")
    _write_csv(deaths, out / "deaths.csv")
    _write_csv(result.enforcement, out / "enforcement.csv")
    _write_csv(figures, out / "census_figures.csv")
    shown = "historical" if "historical" in set(counts["policy"]) else counts["policy"].iloc[0]
    comparison = census_comparison(figures[figures["policy"] == shown])
    _write_csv(comparison, out / "census_comparison.csv")
    chart = fan_chart(counts, deaths, result.enforcement)
    atomic_write(out / "fan_chart.html", lambda p: chart.write_html(p, include_plotlyjs=True))
    headline: dict[str, Any] = {"census": comparison.round(2).to_dict(orient="records")}
    if counts["policy"].nunique() > 1 and "historical" in set(counts["policy"]):
        table = counterfactual_table(counts, deaths, result.enforcement)
        _write_csv(table, out / "counterfactuals.csv")
        headline["counterfactuals"] = table.round(2).to_dict(orient="records")
    return headline


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    atomic_write(path, lambda p: frame.to_csv(p, index=False))


OPTIONS = ("replicates", "parameters", "weights", "policies", "seed", "workers",
           "counterfactual_replicates", "out", "calibration")  # fmt: skip
"""The script's own options, also accepted as ``name=value`` (e.g. ``replicates=100``)."""


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--replicates", type=int, default=100)
    ap.add_argument("--parameters", choices=["fixed", "posterior"], default="posterior")
    ap.add_argument(
        "--weights",
        choices=list(WEIGHTS),
        default="truncated",
        help="how posterior mode draws the ABC-PMC sets: truncated (default) or raw weights",
    )
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
    ap.add_argument(
        "--calibration",
        type=Path,
        default=POSTERIOR,
        help="folder of the ABC results (default: experiments/calibration/pooled4)",
    )
    ap.add_argument("overrides", nargs="*", help="config overrides, e.g. seed=3 is the run's")
    argv = list(sys.argv[1:] if argv is None else argv)
    options = [a for a in argv if "=" in a and a.split("=", 1)[0] in OPTIONS]
    rest = [a for a in argv if a not in options]
    for option in options:  # replicates=100 reads as --replicates 100
        name, value = option.split("=", 1)
        rest = [f"--{name.replace('_', '-')}", *value.split(","), *rest]
    args = ap.parse_args(rest)
    # `--policies historical years=14` reads `years=14` as a policy: a policy name has no "=",
    # so such words are the config overrides that followed the list
    args.overrides = [*[p for p in args.policies if "=" in p], *args.overrides]
    args.policies = [p for p in args.policies if "=" not in p]
    if not args.policies:
        ap.error("--policies: give at least one policy name (e.g. historical)")
    return args


def _calibration_table(args: argparse.Namespace) -> Path:
    """The ABC results file the ``--parameters`` mode reads, in ``--calibration``."""
    return args.calibration / CALIBRATION_FILES[args.parameters]


def _check(args: argparse.Namespace) -> None:
    """Refuse bad options and configs before any run starts (one message naming the key)."""
    if args.replicates < 1:
        raise TwinInputError(f"replicates={args.replicates} is not allowed: 1 or more")
    n_cf = args.counterfactual_replicates
    if n_cf is not None and not 1 <= n_cf <= args.replicates:
        raise TwinInputError(
            f"counterfactual_replicates={n_cf} is not allowed: 1 to replicates ({args.replicates})"
        )
    if args.workers < 1:
        raise TwinInputError(f"workers={args.workers} is not allowed: 1 or more")
    needed = _calibration_table(args)
    if not needed.is_file():
        raise TwinInputError(
            f"calibration={args.calibration}: no {needed.name} there, which "
            f"--parameters {args.parameters} reads (experiments/calibrate_hindcast.py writes it)"
        )
    for policy in args.policies:
        try:
            cfg = load_config(["+scenario=hindcast", f"policy={policy}", *args.overrides])
        except HydraException as err:
            message = str(err).split("Config search path")[0]
            raise TwinInputError(" ".join(message.split())) from None
        settings = run_settings(cfg)
        species_params(cfg["species"])
        policy_from_config(cfg["policy"], settings.start_date)


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: replicates of the hindcast and counterfactuals; files and one JSON line."""
    args = _parse(argv)
    try:
        _check(args)
    except TwinInputError as err:
        print(f"hindcast: {err}", file=sys.stderr)
        raise SystemExit(2) from None
    seeds = replicate_seeds(args.seed, args.replicates)
    table = _calibration_table(args)
    if args.parameters == "posterior":
        posterior = load_posterior(table, args.replicates, args.seed, args.weights)
    else:
        posterior = fixed_parameters(table, args.replicates)
    out = run_replicates(
        args.overrides,
        seeds,
        posterior,
        args.policies,
        args.workers,
        args.counterfactual_replicates,
        args.out / "runs",
    )
    headline = write_outputs(out, args.out)
    mode = {"replicates": args.replicates, "parameters": args.parameters}
    if args.parameters == "posterior":
        mode["weights"] = args.weights
    print(json.dumps({**mode, **headline}))


if __name__ == "__main__":
    main()
