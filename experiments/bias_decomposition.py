"""SCR bias decomposition: switch off one realistic behaviour at a time on the default survey.

Each variant is a list of config overrides on the default scenario (run for ``--years``, long
enough for the 91-day estimation window). Every variant runs with the same replicate seeds (the
children of one ``SeedSequence``: common random numbers), so its effect is the paired difference
from its reference (the baseline, or :data:`REFERENCE`), with a Monte Carlo standard error (MCSE)
from the spread of the differences.
Each row reads the run's SCR estimates (density over the mask and N in the park, against their
truth) and refits the same SCR model to get sigma, which ``estimates.csv`` does not hold.

Usage: ``.venv/bin/python experiments/bias_decomposition.py [--replicates 40] [--workers 2]
[--variants baseline no_trails ...] [--out experiments/bias] [--docs docs/bias.md]``.
Resumable: a row per (variant, replicate) is appended to ``OUT/runs.csv`` as each run ends and
rows already there are skipped; ``OUT/summary.csv`` and the table in ``--docs`` are rewritten
from all rows. docs/bias.md.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

import twin
from twin.assessment.diagnostics import detection_spread_km, detection_weighted_truth
from twin.assessment.survey_estimates import survey_history, survey_mask, without_cubs
from twin.taxa import code_of

SPECIES = ("leopard", "tiger")
CATS = ("species.leopard", "species.tiger")
NO_TRAILS = tuple(
    f"{s}.movement.{k}={v}" for s in CATS for k, v in (("trail_weight", 0), ("trail_snap", False))
)
NO_DEATHS = (
    "policy=no_poaching",
    *(
        f"{s}.{k}={v}"
        for s in CATS
        for k, v in (
            ("demography.survival_cub", 1.0),
            ("demography.survival_subadult", 1.0),
            ("demography.survival_adult.female", 1.0),
            ("demography.survival_adult.male", 1.0),
            ("demography.floater_survival_factor", 1.0),
            ("demography.max_age_years", 40.0),
            ("tiger_kill_prob_per_encounter", 0.0),
            ("road_death_prob_per_crossing", 0.0),
        )
    ),
)
NO_BIRTHS = tuple(f"{s}.demography.receptive_wait_days=1000000000.0" for s in CATS)
NO_FLOATERS = (
    *(f"{s}.initial.{k}=0" for s in CATS for k in ("subadults", "cubs")),
    "species.leopard.demography.territory_spacing_m.female=5000",
    "species.leopard.demography.territory_spacing_m.male=7000",
    "species.tiger.demography.territory_spacing_m.female=8000",
    "species.tiger.demography.territory_spacing_m.male=12000",
)
NO_MISID = ("cameras.identification.misid_rate=0",)
ANY_FLANK = ("cameras.identification.flank_policy=any_flank",)
VARIANTS: dict[str, tuple[str, ...]] = {
    "baseline": (),
    "no_trails": NO_TRAILS,
    "no_trail_snap": tuple(f"{s}.movement.trail_snap=false" for s in CATS),
    "random_layout": ("layout=random",),
    "any_flank": ANY_FLANK,
    "single_any_flank": ("layout.paired=false", "layout.count=200", *ANY_FLANK),
    "no_misid": NO_MISID,
    "no_poaching": ("policy=no_poaching",),
    "no_births_deaths": NO_BIRTHS + NO_DEATHS,
    "no_floaters": NO_FLOATERS,
    "closed_territorial": NO_BIRTHS + NO_DEATHS + NO_FLOATERS,
    "closed_territorial_no_misid": NO_BIRTHS + NO_DEATHS + NO_FLOATERS + NO_MISID,
}
"""Config overrides of each variant on the default scenario (docs/bias.md says what each does)."""

REFERENCE = {"single_any_flank": "any_flank"}
"""The variant each is compared with when not the baseline: single cameras identify no one under
the default flank rule, so single vs paired is measured with both under ``any_flank``."""

MIN_ANIMALS_FOR_SIGMA = 10
"""The docs table leaves sigma blank where fewer animals were identified on average: the fit
then rests on a handful of recaptures and its sigma means nothing (summary.csv keeps it)."""

KEYS = ("variant", "replicate")
DOCS_BLOCK = re.compile(
    r"(<!-- bias_decomposition:table -->\n).*?(<!-- /bias_decomposition -->)", re.DOTALL
)


def replicate_seed(entropy: int, replicate: int) -> np.random.SeedSequence:
    """The ``replicate``-th child of ``SeedSequence(entropy)``, the same in every variant."""
    return np.random.SeedSequence(entropy, spawn_key=(replicate,))


def _species_columns(result: twin.RunResult, species: str) -> dict[str, Any]:
    """SCR D and N against their truth, the refitted sigma and lambda0, and the floaters."""
    est, obs, centres = result.estimates, result.observations, result.centres
    assert est is not None and obs is not None and centres is not None, "a run with a survey"
    scr = est[(est["estimator"] == "SCR") & (est["species"] == species)].set_index("parameter")
    start, end = int(est["window_start_day"].iloc[0]), int(est["window_end_day"].iloc[0])
    settings = result.scenario.estimation
    records = without_cubs(obs.records, centres)
    history = survey_history(records, species, settings, start, end)
    mask = survey_mask(history, settings, result.landscape)
    fit = twin.SCR(history, mask, settings.detectfn).fit()
    weighted = detection_weighted_truth(
        history, mask, fit, centres, (start + end) // 2, code_of(species)
    )
    day = records.sequences["start_min"] // 1440
    in_window = records.sequences[(day >= start) & (day < end)]
    spread = detection_spread_km(in_window, obs.layout.stations, centres, code_of(species))
    ind = result.individuals
    independent = (ind["species"] == species) & ind["alive_at_end"] & (ind["stage_at_end"] != "cub")
    out: dict[str, Any] = {"window_days": end - start, "n_stations": obs.layout.n_stations}
    for par in ("density", "N"):
        out[f"{par}_est"] = scr.loc[par, "estimate"] if par in scr.index else np.nan
        out[f"{par}_truth"] = scr.loc[par, "truth"] if par in scr.index else np.nan
        out[f"{par}_relerr"] = scr.loc[par, "relative_error"] if par in scr.index else np.nan
    refit = fit.density_per_100km2.est
    out["refit_matches"] = bool(np.isclose(refit, out["density_est"], rtol=1e-6))
    out |= {
        "sigma_km": fit.sigma_m.est / 1000.0,
        "lambda0": fit.detection.est,
        "n_individuals": fit.n_individuals,
        "n_detections": fit.n_detections,
        "density_weighted_truth": weighted,
        "density_weighted_relerr": out["density_est"] / weighted - 1.0,
        "spread_true_km": spread[0],
        "spread_named_km": spread[1],
        "floaters_at_end": int((independent & ~ind["territorial"]).sum()),
        "independent_at_end": int(independent.sum()),
    }
    return out


def run_one(variant: str, replicate: int, entropy: int, years: float) -> list[dict[str, Any]]:
    """Run one replicate of one variant; one row per species."""
    t0 = time.process_time()
    scenario = twin.load_scenario([f"years={years}", "progress=false", *VARIANTS[variant]])
    result = twin.simulate(scenario, seed=replicate_seed(entropy, replicate), tracks=False)
    rows = [
        {"variant": variant, "replicate": replicate, "species": s, **_species_columns(result, s)}
        for s in SPECIES
    ]
    for row in rows:
        row["cpu_s"] = round(time.process_time() - t0, 2)
    return rows


def done_keys(runs_csv: Path) -> set[tuple[str, int]]:
    """(variant, replicate) pairs already in ``runs_csv``."""
    if not runs_csv.exists():
        return set()
    rows = pd.read_csv(runs_csv, usecols=list(KEYS))
    return set(zip(rows["variant"], rows["replicate"].astype(int), strict=True))


def append_rows(runs_csv: Path, rows: pd.DataFrame) -> None:
    """Append ``rows`` to ``runs_csv``; rewrite it when the columns differ (older rows get NaN)."""
    if not runs_csv.exists():
        rows.to_csv(runs_csv, index=False)
        return
    old_columns = pd.read_csv(runs_csv, nrows=0).columns.tolist()
    if old_columns == rows.columns.tolist():
        rows.to_csv(runs_csv, mode="a", header=False, index=False)
    else:
        pd.concat([pd.read_csv(runs_csv), rows], ignore_index=True).to_csv(runs_csv, index=False)


def run_missing(
    runs_csv: Path,
    variants: Sequence[str],
    replicates: int,
    *,
    entropy: int,
    years: float,
    workers: int,
    log: Callable[[str], None] = print,
) -> int:
    """Run the (variant, replicate) pairs not yet in ``runs_csv``, appending rows as they end.

    Replicate-major order, so that every variant has about as many replicates at any time.
    Returns the number of runs made.
    """
    done = done_keys(runs_csv)
    todo = [(v, r) for r in range(replicates) for v in variants if (v, r) not in done]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(run_one, v, r, entropy, years) for v, r in todo]
        for k, future in enumerate(as_completed(futures), 1):
            rows = pd.DataFrame(future.result())
            append_rows(runs_csv, rows)
            log(f"{k}/{len(todo)} {rows['variant'].iloc[0]} rep {rows['replicate'].iloc[0]}")
    return len(todo)


def _mean_mcse(x: pd.Series) -> tuple[float, float]:
    x = x.dropna()
    return float(x.mean()), float(x.std(ddof=1) / np.sqrt(len(x))) if len(x) > 1 else np.nan


def summarise(runs: pd.DataFrame) -> pd.DataFrame:
    """Per variant and species: means with MCSEs, and paired differences from its reference.

    The reference is the baseline, or the variant of :data:`REFERENCE`; differences use the
    replicates that both have.
    """
    out = []
    measures = {
        "D_relbias": "density_relerr",
        "N_relbias": "N_relerr",
        "sigma_km": "sigma_km",
        "Dw_relbias": "density_weighted_relerr",
    }
    for (species, variant), g in runs.groupby(["species", "variant"], sort=False):
        reference = REFERENCE.get(str(variant), "baseline")
        base = runs[(runs["species"] == species) & (runs["variant"] == reference)]
        paired = g.merge(base, on="replicate", suffixes=("", "_base"))
        row: dict[str, Any] = {"species": species, "variant": variant, "reference": reference}
        row["n"] = len(g)
        for name, col in measures.items():
            if col not in g:
                continue
            row[name], row[f"{name}_mcse"] = _mean_mcse(g[col])
            diff = paired[col] - paired[f"{col}_base"]
            row[f"{name}_diff"], row[f"{name}_diff_mcse"] = _mean_mcse(diff)
        row["n_individuals"] = g["n_individuals"].mean()
        row["n_detections"] = g["n_detections"].mean()
        row["floaters_at_end"] = g["floaters_at_end"].mean()
        for col in ("spread_true_km", "spread_named_km"):
            if col in g:
                row[col], row[f"{col}_mcse"] = _mean_mcse(g[col])
        if "density_weighted_truth" in g:
            ratio = g["density_weighted_truth"] / g["density_truth"]
            row["weighted_over_mask_truth"], row["weighted_over_mask_truth_mcse"] = _mean_mcse(
                ratio
            )
        row["window_days_min"] = int(g["window_days"].min())
        out.append(row)
    order = {v: i for i, v in enumerate(VARIANTS)}
    table = pd.DataFrame(out)
    return table.sort_values(
        ["species", "variant"], key=lambda c: c.map(order).fillna(c)
    ).reset_index(drop=True)


def _pm(mean: float, mcse: float, scale: float = 1.0, digits: int = 1, sign: bool = False) -> str:
    if not np.isfinite(mean):
        return ""
    fmt = f"{{:{'+' if sign else ''}.{digits}f}}"
    err = "" if not np.isfinite(mcse) else f" ± {mcse * scale:.{digits}f}"
    return fmt.format(mean * scale) + err


def _sigma_cells(r: Mapping[Any, Any]) -> list[str]:
    diff = _pm(r["sigma_km_diff"], r["sigma_km_diff_mcse"], digits=2, sign=True)
    return [
        _pm(r["sigma_km"], r["sigma_km_mcse"], digits=2),
        "" if r["variant"] == "baseline" else diff,
    ]


def _spread(r: Mapping[Any, Any]) -> str:
    true, named = r.get("spread_true_km", np.nan), r.get("spread_named_km", np.nan)
    if not np.isfinite(true):
        return ""
    return f"{true:.2f} / {named:.2f}"


def markdown_table(summary: pd.DataFrame, species: str = "leopard") -> str:
    """The docs table of one species: relative bias of D and N (%), sigma (km), with MCSEs."""
    head = (
        "| variant | vs | n | D rel. bias % | change % | N rel. bias % | change % "
        "| D vs weighted % | sigma km | change km | spread km (photographed / named) "
        "| detected | floaters |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n"
    )
    lines = []
    for r in summary[summary["species"] == species].to_dict("records"):
        base = r["variant"] == "baseline"
        cells = [
            f"`{r['variant']}`",
            "" if base else f"`{r['reference']}`",
            str(r["n"]),
            _pm(r["D_relbias"], r["D_relbias_mcse"], 100, sign=True),
            "" if base else _pm(r["D_relbias_diff"], r["D_relbias_diff_mcse"], 100, sign=True),
            _pm(r["N_relbias"], r["N_relbias_mcse"], 100, sign=True),
            "" if base else _pm(r["N_relbias_diff"], r["N_relbias_diff_mcse"], 100, sign=True),
            _pm(r.get("Dw_relbias", np.nan), r.get("Dw_relbias_mcse", np.nan), 100, sign=True),
            *(_sigma_cells(r) if r["n_individuals"] >= MIN_ANIMALS_FOR_SIGMA else ["", ""]),
            _spread(r),
            f"{r['n_individuals']:.0f}",
            f"{r['floaters_at_end']:.1f}",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return head + "\n".join(lines) + "\n"


def write_docs_table(summary: pd.DataFrame, docs: Path, command: str) -> None:
    """Replace the marked block of ``docs`` with the leopard and tiger tables."""
    block = (
        f"Made by `{command}`.\n\nLeopards:\n\n{markdown_table(summary, 'leopard')}\n"
        f"Tigers:\n\n{markdown_table(summary, 'tiger')}"
    )
    text = docs.read_text()
    new, count = DOCS_BLOCK.subn(lambda m: m.group(1) + block + m.group(2), text)
    if count != 1:
        raise SystemExit(f"{docs} has no <!-- bias_decomposition:table --> block")
    docs.write_text(new)


def _parse(argv: Iterable[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--replicates", type=int, default=40)
    ap.add_argument("--variants", nargs="*", default=list(VARIANTS), choices=list(VARIANTS))
    ap.add_argument("--seed", type=int, default=2025, help="entropy of the replicates' root")
    ap.add_argument("--years", type=float, default=0.35)
    ap.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--out", type=Path, default=Path("experiments/bias"))
    ap.add_argument("--docs", type=Path, default=None, help="markdown file with the table block")
    ap.add_argument("--summary-only", action="store_true", help="no runs: summarise the rows")
    return ap.parse_args(None if argv is None else list(argv))


def main(argv: Sequence[str] | None = None) -> None:
    """Run the missing replicates, then write ``summary.csv`` (and the docs table)."""
    args = _parse(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    runs_csv = args.out / "runs.csv"
    if not args.summary_only:
        run_missing(
            runs_csv,
            args.variants,
            args.replicates,
            entropy=args.seed,
            years=args.years,
            workers=args.workers,
        )
    summary = summarise(pd.read_csv(runs_csv))
    summary.to_csv(args.out / "summary.csv", index=False, float_format="%.6g")
    print(markdown_table(summary))
    if args.docs is not None:
        given = sys.argv[1:] if argv is None else list(argv)
        command = shlex.join([".venv/bin/python", "experiments/bias_decomposition.py", *given])
        write_docs_table(summary, args.docs, f"{command}` from `{runs_csv}")


if __name__ == "__main__":
    main()
