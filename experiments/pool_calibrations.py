"""Pool the simulations of several ABC runs of the hindcast into one posterior.

Every simulation is weighted by prior / (the mixture of all the runs' proposals, each by its
share of the simulations), and acceptance is decided over the pool; a run drawn from the priors
is the pool's defensive component (twin.calibration.pooling, docs/hindcast.md).

Usage: ``python experiments/pool_calibrations.py DIR [DIR ...] --out DIR
[--accept-quantile 0.25 | --tolerance EPS] [--census-of SUMMARY]``, from the repository's root
(the folders' relative ``start_from`` paths are read from there); ``--census-of SUMMARY`` scores
against the census figures a calibration's hindcast_posterior.json records (to rebuild it as it
was made). Writes hindcast_abc.csv (all simulations, with their ``source`` folder, pooled
``weight``, ``distance`` and ``accepted``) and hindcast_posterior.json, which
experiments/hindcast.py reads with ``--calibration DIR``. Prints the summary as one JSON line.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

from twin import TwinInputError
from twin.calibration import recorded_census, write_pool


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: see the module docstring."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="+", type=Path, help="calibration folders to pool")
    ap.add_argument("--accept-quantile", type=float, default=0.25)
    ap.add_argument("--tolerance", type=float)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument(
        "--census-of",
        type=Path,
        help="a hindcast_posterior.json: score against the census figures it records instead "
        "of today's (rebuilds a calibration as it was made)",
    )
    args = ap.parse_args(argv)
    try:
        observed = None if args.census_of is None else recorded_census(args.census_of)
        summary = write_pool(
            args.folders, args.out, args.tolerance, args.accept_quantile, observed=observed
        )
    except TwinInputError as err:
        ap.error(str(err))
    keys = ("simulations", "accepted", "effective_sample_size", "tolerance")
    print(json.dumps({k: summary[k] for k in keys}))


if __name__ == "__main__":
    main()
