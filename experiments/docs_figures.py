"""Recompute the figures the docs quote for the default run and rewrite their marked blocks.

A block starts with ``<!-- docs_figures:NAME -->`` and ends with ``<!-- /docs_figures -->``; its
text is generated here from a run, never typed. ``--check`` only compares (exit 1 when a block
is stale); ``--run DIR`` reads a finished default run instead of simulating one (seed 1).

Usage: ``.venv/bin/python experiments/docs_figures.py [--run DIR] [--check]``.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script or with -m

import twin  # noqa: E402
from twin.io import read_camtrap_dp  # noqa: E402

DOCS = Path(__file__).resolve().parents[1] / "docs"
BLOCK = re.compile(r"(<!-- docs_figures:(\S+) -->\n)(.*?)(<!-- /docs_figures -->)", re.S)


def _row(estimates: pd.DataFrame, estimator: str, species: str, parameter: str) -> pd.Series:
    sel = (
        (estimates["estimator"] == estimator)
        & (estimates["species"] == species)
        & (estimates["parameter"] == parameter)
    )
    return estimates[sel].iloc[0]


def survey_estimates(result: twin.RunResult, folder: Path) -> str:
    """What the default run's estimates come out at, against their truths."""
    e = result.estimates
    assert e is not None
    scr, n = _row(e, "SCR", "leopard", "density"), _row(e, "SCR", "leopard", "N")
    m0, rem = _row(e, "M0", "leopard", "N"), _row(e, "REM", "leopard", "density")
    tiger = _row(e, "SCR", "tiger", "density")
    return (
        f"Seed 1, default run, days {scr['window_start_day']}-{scr['window_end_day'] - 1}: the "
        f"survey identifies {scr['n']} leopards and {tiger['n']} tigers. SCR density is "
        f"{scr['estimate']:.2f} ({scr['lcl']:.2f}-{scr['ucl']:.2f}) leopards per 100 km2 against "
        f"a truth of {scr['truth']:.2f} over the mask ({scr['relative_error']:+.0%}); the same fit "
        f"gives {n['estimate']:.0f} leopards in the park against {n['truth']:.0f} "
        f"({n['relative_error']:+.0%}). M0 gives N = {m0['estimate']:.0f} "
        f"({m0['relative_error']:+.0%} against N in the park). REM gives "
        f"{rem['estimate']:.1f} per 100 km2, {rem['estimate'] / rem['truth']:.1f} times the "
        f"truth of {rem['truth']:.2f} in the park.\n"
    )


def camtrapdp_counts(result: twin.RunResult, folder: Path) -> str:
    """The default run's package: rows camtrapR reads, stations and identified cats."""
    package = read_camtrap_dp(folder / "camtrap-dp")
    obs, dep = package.observations, package.deployments
    animals = obs[obs["observationType"] == "animal"]
    named = animals[animals["individualID"].fillna("") != ""]
    return (
        f"Seed 1, default run: {len(dep)} deployments at {dep['locationID'].nunique()} stations "
        f"({dep['cameraID'].nunique()} cameras); {len(obs)} observations, {len(animals)} of "
        f"animals, {len(named)} with an individualID "
        f"({named.loc[named['scientificName'] == 'Panthera pardus', 'individualID'].nunique()} "
        "leopards).\n"
    )


BLOCKS: dict[str, Callable[[twin.RunResult, Path], str]] = {
    "survey-estimates": survey_estimates,
    "camtrapdp-counts": camtrapdp_counts,
}


def _update(path: Path, texts: dict[str, str], check: bool) -> bool:
    """Rewrite (or compare) the marked blocks of one doc; True when it was up to date."""
    old = path.read_text(encoding="utf-8")
    new = BLOCK.sub(lambda m: m.group(1) + texts[m.group(2)] + m.group(4), old)
    if new != old and not check:
        path.write_text(new, encoding="utf-8")
    return new == old


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--run", type=Path, help="a finished default run folder (seed 1)")
    parser.add_argument("--check", action="store_true", help="compare only; exit 1 if stale")
    args = parser.parse_args()
    folder = args.run
    if folder is None:
        folder = Path("outputs/docs_figures")
        twin.simulate(twin.load_scenario(["progress=false"]), seed=1).write(folder)
    result = twin.RunResult.read(folder)
    texts = {name: make(result, folder) for name, make in BLOCKS.items()}
    stale = [p.name for p in sorted(DOCS.glob("*.md")) if not _update(p, texts, args.check)]
    print(f"docs_figures: {'stale' if args.check else 'rewrote'}: {', '.join(stale) or 'none'}")
    sys.exit(1 if args.check and stale else 0)


if __name__ == "__main__":
    main()
