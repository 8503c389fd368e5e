"""Compare a written hindcast with today's census figures, without rerunning it.

Reads the per-replicate tables of a hindcast's output folder (counts.csv and
census_figures.csv), takes each census figure's simulated count over the replicates of one
policy (twin.calibration.figures_from_tables) and rewrites census_comparison.csv there: the
census, the replicates' median and 90% interval, the median's difference from the census and
whether the census lies inside the interval. Prints the table. With ``--docs FILE`` it also
rewrites the block of FILE marked ``<!-- census:NAME -->`` ... ``<!-- /census:NAME -->`` (NAME: the
folder's name) with the table in Markdown, so the docs never carry a typed copy.

Usage: ``python experiments/census.py FOLDER [--policy historical] [--docs docs/hindcast.md]``.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from twin import TwinInputError
from twin.calibration import recompare_census
from twin.io.docs_block import rewrite_block


def markdown(table: pd.DataFrame) -> str:
    """The comparison as a Markdown table: census, median, 90% band, difference, inside."""
    lines = [
        "| year | species | stage | census | median | 90% band | median vs census | in band |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in table.itertuples(index=False):
        lines.append(
            f"| {r.year} | {r.species} | {r.stage} | {r.census:g} | {r.median:.1f} | "
            f"{r.lo90:.1f}-{r.hi90:.1f} | {r.difference:+.1%} | {'yes' if r.inside_90 else 'no'} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: see the module docstring."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path, help="a hindcast's output folder")
    ap.add_argument("--policy", default="historical")
    ap.add_argument("--docs", type=Path, help="a Markdown file with a census:NAME block")
    args = ap.parse_args(argv)
    try:
        table = recompare_census(args.folder, args.policy)
        if args.docs is not None:
            rewrite_block(args.docs, f"census:{args.folder.resolve().name}", markdown(table))
    except TwinInputError as err:
        ap.error(str(err))
    print(table.round(3).to_string(index=False))


if __name__ == "__main__":
    main()
