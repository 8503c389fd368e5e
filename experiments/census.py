"""Compare a written hindcast with today's census figures, without rerunning it.

Reads the per-replicate tables of a hindcast's output folder (counts.csv and
census_figures.csv), takes each census figure's simulated count over the replicates of one
policy (twin.calibration.figures_from_tables) and rewrites census_comparison.csv there: the
census, the replicates' median and 90% interval, the median's difference from the census and
whether the census lies inside the interval. Prints the table. With ``--docs FILE`` it also
rewrites the block of FILE marked ``<!-- census:NAME -->`` ... ``<!-- /census -->`` (NAME: the
folder's name) with the table in Markdown, so the docs never carry a typed copy.

Usage: ``python experiments/census.py FOLDER [--policy historical] [--docs docs/hindcast.md]``.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from twin import TwinInputError
from twin.calibration import recompare_census


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


def rewrite_block(doc: Path, name: str, text: str) -> None:
    """Replace the marked block ``census:name`` of ``doc`` with ``text``."""
    block = re.compile(rf"(<!-- census:{re.escape(name)} -->\n)(.*?)(<!-- /census -->)", re.S)
    old = doc.read_text(encoding="utf-8")
    if not block.search(old):
        raise TwinInputError(f"{doc} has no block <!-- census:{name} --> ... <!-- /census -->")
    doc.write_text(block.sub(lambda m: m.group(1) + text + m.group(3), old), encoding="utf-8")


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
            rewrite_block(args.docs, args.folder.resolve().name, markdown(table))
    except TwinInputError as err:
        ap.error(str(err))
    print(table.round(3).to_string(index=False))


if __name__ == "__main__":
    main()
