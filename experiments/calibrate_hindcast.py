"""ABC of the hindcast's unknown rates against the park censuses to 2017 (rejection, then ABC-PMC).

Each simulation draws the poaching pressure, deterrence response and lethality parameters from
their priors (docs/threats.md), and the assumed life-history rates, immigration and 2004 numbers
of the cats and the census's cub detection (docs/hindcast.md), runs the hindcast scenario to
1 January 2018 and scores its census figures against the censuses (twin.calibration.calibrate).

Usage: ``python experiments/calibrate_hindcast.py [--simulations 200] [--seed 1]
[--accept-quantile 0.2] [--runs-per-set 1] [--workers 1] [--out DIR]``. Parameter set ``i`` of
generation ``g`` is the ``i``-th child of ``SeedSequence([seed, g])`` (generation 0:
``SeedSequence(seed)``), named ``seed/g/i`` in the ``set_key`` column; its values are drawn on
one child of it and its runs seeded by the children of another (twin.calibration.abc.set_seed).
With ``--runs-per-set K`` each set's summaries are the mean over K runs. Rows are appended to
DIR/hindcast_abc_runs.csv as they finish (a rerun with the same seed skips the sets done); the
scored table goes to hindcast_abc.csv and the posterior summary with its provenance to
hindcast_posterior.json. Prints the summary as one JSON line.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

from twin import TwinInputError
from twin.calibration import PROPOSALS, Search, Settings, run_calibration


def _parser() -> argparse.ArgumentParser:
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
    ap.add_argument("--out", type=Path, required=True, help="calibration folder")
    return ap


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: run (or resume) the ABC and write the table and the posterior summary."""
    ap = _parser()
    args = ap.parse_args(argv)
    settings = Settings(
        args.seed, args.runs_per_set, None if args.start_from is None else str(args.start_from)
    )
    search = Search(
        args.simulations, args.generations, args.accept_quantile, args.tolerance,
        args.proposal, args.workers,
    )  # fmt: skip
    try:
        summary = run_calibration(args.out, settings, search)
    except TwinInputError as err:
        ap.error(str(err))
    keys = ("simulations", "accepted", "tolerance", "best_distance")
    print(json.dumps({k: summary[k] for k in keys}))


if __name__ == "__main__":
    main()
