"""ABC of the hindcast's unknown rates against the park censuses to 2017 (rejection, then ABC-PMC).

Each simulation draws the poaching pressure, deterrence response and lethality parameters from
their priors (docs/threats.md), and the assumed life-history rates, immigration and 2004 numbers
of the cats and the census's cub detection (docs/hindcast.md), runs the hindcast scenario from
its start (2004, with the spin-up) to 1 January 2018 and compares the simulated census figures
(experiments/census.py) with the censuses (``weight > 0``, to 2017): distance = weighted root
mean square of the relative errors. The simulations with the smallest distances
(``--accept-quantile``, or ``--tolerance``) are accepted.

Usage: ``python experiments/calibrate_hindcast.py [--simulations 200] [--seed 1]
[--accept-quantile 0.2] [--runs-per-set 1] [--workers 1]``. With ``--runs-per-set K`` each
parameter set's summaries are the mean over K runs (seeds spawned from its run seed). Rows are
appended to experiments/calibration/hindcast_abc_runs.csv as they finish (a rerun with the same
seed skips those done); the scored table goes to hindcast_abc.csv and the posterior summary with
its provenance to hindcast_posterior.json. Prints the summary as one JSON line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script or with -m

from experiments.abc import (  # noqa: E402
    PROPOSALS,
    Prior,
    append_row,
    draw_parameters,
    importance_weights,
    propose,
    rejection_abc,
    score,
    start_particles,
)
from experiments.census import CENSUS, observe  # noqa: E402
from experiments.hindcast_run import (  # noqa: E402
    CUB_DETECTION,
    RECOLONISATION,
    TIGER_CUB_DETECTION,
    cub_detections,
    replicate_seeds,
    set_parameters,
    simulate,
)
from experiments.posterior import CALIBRATION  # noqa: E402
from twin.config.load import load_config  # noqa: E402
from twin.errors import TwinInputError  # noqa: E402

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
    # Tigers' recolonisation: their arrivals per year from 2013 on (experiments/hindcast_run.py)
    RECOLONISATION: Prior("uniform", 0.0, 20.0),
    # Adults at the start of the spin-up (2004-01-01; conf/scenario/hindcast.yaml): the 2007
    # census (27-34 leopards, H) and the 2012 count of tigers (9-10, M) pin them down
    "species.leopard.initial.adults": Prior("uniform", 18.0, 40.0),
    "species.tiger.initial.adults": Prior("uniform", 2.0, 9.0),
    # Census observation model (experiments/census.py observe): share of out-of-den cubs counted,
    # the leopards' (one-year censuses) and the tigers' (the 2013-16 census spans four years)
    CUB_DETECTION: Prior("uniform", 0.2, 1.0),
    TIGER_CUB_DETECTION: Prior("uniform", 0.2, 1.0),
    # Age span of the tigers' arrivals (years past independence; assumed, no figure): from
    # dispersers only (1) to adults of up to 7.4 years; older arrivals breed sooner
    "species.tiger.demography.immigrant_age_span_years": Prior("uniform", 1.0, 6.0),
}


def observed_summaries(last_year: int = LAST_YEAR) -> pd.DataFrame:
    """Census figures used by the calibration (weight > 0, year <= ``last_year``)."""
    used = CENSUS[(CENSUS["weight"] > 0) & (CENSUS["year"] <= last_year)]
    return used.reset_index(drop=True)


def hindcast_summaries(run_seed: int, params: Mapping[str, float], runs: int = 1) -> list[float]:
    """Simulated census figures for :func:`observed_summaries` from hindcast runs to the end of
    ``LAST_YEAR``: one run with seed ``run_seed``, or the mean over ``runs`` runs with the seeds
    ``replicate_seeds(run_seed, runs)``.

    Averaging over runs makes the distance a property of the parameter set rather than of one
    lucky seed: with one run per set, ABC accepts the sets whose run happened to land near the
    census, and their other runs regress to the set's typical outcome.
    """
    seeds = [run_seed] if runs == 1 else replicate_seeds(run_seed, runs)
    return [float(v) for v in np.mean([_run_summaries(s, params) for s in seeds], axis=0)]


def _run_summaries(run_seed: int, params: Mapping[str, float]) -> list[float]:
    cfg = load_config(["+scenario=hindcast", f"seed={run_seed}"])
    start = dt.date.fromisoformat(str(cfg.start_date))
    days = (dt.date(LAST_YEAR + 1, 1, 1) - start).days
    cfg.years = days / 365
    set_parameters(cfg, params)
    figures = observe(simulate(cfg, params.get(RECOLONISATION)).figures, cub_detections(params))
    counts = figures.set_index(["year", "species", "stage"])["count"]
    obs = observed_summaries()
    return [float(counts[(y, s, g)]) for y, s, g in obs[["year", "species", "stage"]].values]


def _one(job: tuple[int, dict[str, float]], runs: int = 1) -> dict[str, float]:
    run_seed, params = job
    summaries = hindcast_summaries(run_seed, params, runs)
    extra = {"runs": runs} if runs > 1 else {}
    return {"run_seed": run_seed, **params, **_named(summaries), **extra}


def _summary_names() -> list[str]:
    obs = observed_summaries()
    return [f"sim_{y}_{s}_{g}" for y, s, g in obs[["year", "species", "stage"]].values]


def _named(values: Sequence[float]) -> dict[str, float]:
    return dict(zip(_summary_names(), values, strict=True))


def posterior_summary(table: pd.DataFrame, meta: Mapping[str, object]) -> dict[str, object]:
    """Posterior medians and 90% intervals of the accepted sets (of the last generation), with
    the run's provenance and the accepted sets' effective sample size, ``(sum w)^2 / sum w^2``.
    (Weighted particles are summarised unweighted: a rough summary; the hindcast resamples them
    by weight.)"""
    last = table["generation"].max() if "generation" in table else 0
    acc = table[table["accepted"] & (table.get("generation", 0) == last)]
    params = {
        k: {
            "median": float(acc[k].median()),
            "lo90": float(acc[k].quantile(0.05)),
            "hi90": float(acc[k].quantile(0.95)),
            "prior": PRIORS[k].__dict__,
        }
        for k in PRIORS
        if k in acc  # a table from before a prior was added lacks it
    }
    fit = {c: float(acc[c].median()) for c in acc.columns if c.startswith("sim_")}
    w = acc["weight"].to_numpy(float) if "weight" in acc else np.ones(len(acc))
    return {
        **meta,
        "simulations": len(table),
        "accepted": len(acc),
        "effective_sample_size": float(w.sum() ** 2 / np.sum(w**2)) if len(acc) else 0.0,
        "tolerance": float(acc["distance"].max()),
        "best_distance": float(table["distance"].min()),
        "parameters": params,
        "accepted_median_summaries": fit,
    }


def _read_runs(csv: Path) -> pd.DataFrame:
    """The runs table so far (``generation`` 0 and ``weight`` 1 where missing)."""
    if not csv.exists():
        return pd.DataFrame({"run_seed": [], "generation": [], "weight": []})
    runs = pd.read_csv(csv)
    for col, fill in (("generation", 0), ("weight", 1.0)):
        runs[col] = runs[col].fillna(fill) if col in runs else fill
    return runs.astype({"generation": int})


def _proposals(table: pd.DataFrame, from_priors: bool) -> dict[str, str]:
    """How each generation of ``table`` was proposed (rows before the ``proposal`` column:
    generation 0 from the priors unless started from an earlier run, the others ``weighted``)."""
    out = {}
    for g in sorted(table["generation"].unique()):
        rows = table[table["generation"] == g]
        default = "priors" if g == 0 and from_priors else "weighted"
        used = rows["proposal"].fillna(default) if "proposal" in rows else pd.Series([default])
        out[str(g)] = "/".join(sorted(set(used)))
    return out


def _git_commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True)
        return out.stdout.strip() or "unknown"
    except OSError:
        return "unknown"


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: run (or resume) the ABC and write the table and the posterior summary."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--simulations", type=int, default=200, help="per generation")
    ap.add_argument(
        "--generations",
        type=int,
        default=1,
        help="1: rejection ABC; more: ABC-PMC generations, each from the last one's accepted",
    )
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--accept-quantile", type=float, default=0.2)
    ap.add_argument("--tolerance", type=float, default=None)
    ap.add_argument(
        "--runs-per-set",
        type=int,
        default=1,
        help="hindcast runs per parameter set, their summaries averaged (default 1)",
    )
    ap.add_argument(
        "--start-from",
        type=Path,
        default=None,
        help="folder of an earlier ABC: generation 0 perturbs its last accepted sets (importance "
        "weighted) instead of drawing from the priors",
    )
    ap.add_argument(
        "--proposal",
        choices=list(PROPOSALS),
        default="weighted",
        help="kernel mixture of a new generation: its components weighted by the particles' "
        "weights (Beaumont et al. 2009) or equally",
    )
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--out", type=Path, default=CALIBRATION)
    args = ap.parse_args(argv)
    if args.runs_per_set < 1:
        ap.error(f"--runs-per-set={args.runs_per_set} is not allowed: 1 or more")
    start = None
    if args.start_from is not None:
        earlier = args.start_from / "hindcast_abc.csv"
        if not earlier.is_file():
            ap.error(f"--start-from={args.start_from}: no hindcast_abc.csv there")
        try:
            start = start_particles(pd.read_csv(earlier), PRIORS, args.seed)
        except TwinInputError as err:
            ap.error(f"--start-from={args.start_from}: {err}")
    args.out.mkdir(parents=True, exist_ok=True)
    csv = args.out / "hindcast_abc_runs.csv"
    settings = {
        "seed": args.seed,
        "runs_per_set": args.runs_per_set,
        "start_from": None if args.start_from is None else str(args.start_from),
    }
    settings_file = args.out / "hindcast_abc_settings.json"
    if csv.exists() and settings_file.exists():
        stored = json.loads(settings_file.read_text())
        if stored != settings:
            ap.error(
                f"{csv} was run with {stored}, not {settings}: resume it with the same "
                "--seed, --runs-per-set and --start-from, or give a new --out"
            )
    settings_file.write_text(json.dumps(settings) + "\n")
    if csv.exists():
        header = set(pd.read_csv(csv, nrows=0).columns)
        lacking = [k for k in [*PRIORS, *_summary_names()] if k not in header]
        if lacking:
            ap.error(
                f"{csv} was run with other priors or census figures (it lacks "
                f"{', '.join(lacking)}): give a new --out (--start-from it to build on it)"
            )
        averaged = "runs" in header
        if averaged != (args.runs_per_set > 1):
            ap.error(
                f"--runs-per-set={args.runs_per_set} does not match {csv}, which holds "
                f"{'averaged' if averaged else 'single-run'} rows: resume it with the same "
                "setting, or give a new --out"
            )
    names = list(PRIORS)
    for generation in range(args.generations):
        done = _read_runs(csv)
        from_priors = generation == 0 and start is None
        if from_priors:
            jobs = draw_parameters(PRIORS, args.seed, args.simulations)
            weights = np.ones(len(jobs))
        else:
            if generation == 0:
                theta, w = start
            else:
                prev = score(
                    done[done["generation"] == generation - 1],
                    observed_summaries(),
                    args.tolerance,
                    args.accept_quantile,
                )
                prev = prev[prev["accepted"]]
                theta, w = prev[names].to_numpy(float), prev["weight"].to_numpy(float)
            components = PROPOSALS[args.proposal](w)
            jobs = propose(PRIORS, theta, components, args.seed, generation, args.simulations)
            new = np.array([[j[1][k] for k in names] for j in jobs])
            weights = importance_weights(PRIORS, new, theta, components)
        proposal = "priors" if from_priors else args.proposal
        extra = {
            seed: {"generation": generation, "weight": float(wt), "proposal": proposal}
            for (seed, _), wt in zip(jobs, weights, strict=True)
        }
        todo = [j for j in jobs if j[0] not in set(done["run_seed"])]
        begun = done[done["generation"] == generation]
        if todo and len(begun) and not from_priors:
            used = set(begun.get("proposal", pd.Series(["weighted"])).fillna("weighted"))
            if used != {proposal}:
                ap.error(
                    f"generation {generation} was begun with --proposal {used.pop()}: finish it "
                    "with the same --proposal (a later generation may change it)"
                )

        def append(row: Mapping[str, float], extra: dict = extra) -> None:
            append_row(csv, {**row, **extra[int(row["run_seed"])]})

        if todo:
            print(f"generation {generation}: {len(todo)} simulations", file=sys.stderr)
            one = functools.partial(_one, runs=args.runs_per_set)
            rejection_abc(one, todo, observed_summaries(), on_row=append, workers=args.workers)
    table = score(_read_runs(csv), observed_summaries(), args.tolerance, args.accept_quantile)
    table.to_csv(args.out / "hindcast_abc.csv", index=False)
    meta = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "git_commit": _git_commit(),
        "seed": args.seed,
        "run_seeds": "generation 0: replicate_seeds(seed, simulations) (from the priors) or "
        "replicate_seeds(seed * 1000, simulations) (with start_from); generation g: "
        "replicate_seeds(seed * 1000 + g, simulations) (experiments/hindcast.py)",
        "generations": args.generations,
        "method": "rejection ABC"
        if args.generations == 1 and start is None
        else "ABC-PMC (Beaumont et al. 2009)"
        + ("" if start is None else ", generation 0 proposed from start_from's last accepted sets"),
        "accept_quantile": args.accept_quantile,
        "runs_per_set": args.runs_per_set,
        "start_from": settings["start_from"],
        "proposals": _proposals(table, start is None),
        "distance": "weighted RMS of relative errors vs census (CENSUS in experiments/census.py)",
        "observed": observed_summaries().to_dict(orient="records"),
    }
    summary = posterior_summary(table, meta)
    (args.out / "hindcast_posterior.json").write_text(json.dumps(summary, indent=2) + "\n")
    print(
        json.dumps(
            {k: summary[k] for k in ("simulations", "accepted", "tolerance", "best_distance")}
        )
    )


if __name__ == "__main__":
    main()
