"""Compare a written hindcast with today's census figures, without rerunning it.

Reads the per-replicate tables of a hindcast's output folder (counts.csv and
census_figures.csv), takes each census figure's simulated count over the replicates of one
policy (twin.calibration.figures_from_tables) and rewrites census_comparison.csv there: the
census, the replicates' median and 90% interval, the median's difference from the census and
whether the census lies inside the interval. Prints the table.

Usage: ``python experiments/census.py FOLDER [--policy historical]``.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from twin import TwinInputError
from twin.calibration import recompare_census


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: see the module docstring."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path, help="a hindcast's output folder")
    ap.add_argument("--policy", default="historical")
    args = ap.parse_args(argv)
    try:
        table = recompare_census(args.folder, args.policy)
    except TwinInputError as err:
        ap.error(str(err))
    print(table.round(3).to_string(index=False))


if __name__ == "__main__":
    main()
