"""The 2007-2023 hindcast: park counts by year vs the censuses, and the policy counterfactuals.

A run of ``+scenario=hindcast`` (conf/scenario/hindcast.yaml) with a light daily probe that
follows the cats whose activity centre lies in the census area (twin/calibration/census.py):
true counts by species and stage on each 1 January, and the cats the census of each year (or
period) identifies. Replicates take the children of one ``SeedSequence``; with ``--parameters
posterior`` each replicate also draws one accepted ABC parameter set
(experiments/calibration/current/hindcast_abc.csv). The command line over
:mod:`twin.calibration`.

Usage: ``python experiments/hindcast.py [--replicates 100] [--parameters fixed|posterior]
[--weights truncated|raw] [--policies historical no_penalties_2013 no_hiring no_park]
[--counterfactual-replicates N] [--workers N] [--out hindcast-out] [--calibration DIR]
[override ...]``.
Writes census_comparison.csv, census_figures.csv, counts.csv, deaths.csv, enforcement.csv,
counterfactuals.csv and fan_chart.html and prints the figures as one JSON line. docs/hindcast.md.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from twin import TwinInputError
from twin.calibration import (
    CALIBRATION_FILES,
    COUNTERFACTUALS,
    WEIGHTS,
    check_hindcast,
    fixed_parameters,
    load_posterior,
    replicate_seeds,
    run_replicates,
    write_outputs,
)

CURRENT = Path(__file__).resolve().parent / "calibration" / "current"
"""The current calibration, which the hindcast reads (its README.md says what it is)."""


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
        default=CURRENT,
        help="folder of the ABC results (default: experiments/calibration/current)",
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
    check_hindcast(
        args.policies, args.overrides, args.replicates, args.counterfactual_replicates,
        args.workers,
    )  # fmt: skip
    needed = _calibration_table(args)
    if not needed.is_file():
        raise TwinInputError(
            f"calibration={args.calibration}: no {needed.name} there, which "
            f"--parameters {args.parameters} reads (experiments/calibrate_hindcast.py writes it)"
        )


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
