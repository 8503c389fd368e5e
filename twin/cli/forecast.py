"""``twin-forecast``: from a Camtrap DP package to a forecast of the cats and the next survey.

    twin-forecast --package camtrap-dp/ --years 5 --replicates 50 \\
        --policies historical no_poaching --out forecast/

Estimates SCR per species from the package (as ``twin-estimate --package P --buffer-m 12000``
does), builds the twin's state from it, runs the twin forward under each policy and writes
forecast.csv, thresholds.csv, deaths.csv, estimates.csv, state.csv, next_survey_stations.csv,
recommendation.csv and forecast.html into ``--out`` (all or nothing).

Exit status: 0 = written; 2 = bad input (one paragraph on stderr naming the flag or file, the
value and what is allowed; nothing written).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from twin.errors import TwinInputError

PROG = "twin-forecast"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``twin-forecast``."""
    p = argparse.ArgumentParser(
        prog=PROG,
        description="Forecast the park's leopards and tigers from a Camtrap DP package under "
        "named policies, and recommend the next survey's layout.",
    )
    p.add_argument("--package", required=True, metavar="DIR", help="Camtrap DP package folder")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder (new or earlier)")
    p.add_argument("--years", type=float, default=5.0, help="horizon, years (default 5)")
    p.add_argument("--replicates", type=int, default=50, help="replicates (default 50)")
    p.add_argument(
        "--policies", nargs="+", default=["historical"], help="conf/policy names (historical)"
    )
    p.add_argument("--species", nargs="+", help="leopard and/or tiger (default: identified)")
    p.add_argument("--start", metavar="ISO", help="survey start with UTC offset")
    p.add_argument("--end", metavar="ISO", help="survey end with UTC offset")
    p.add_argument("--occasion-days", type=float, default=7.0, help="occasion, days (7)")
    p.add_argument("--timezone", metavar="ZONE", help="IANA zone of times without an offset")
    p.add_argument("--cameras", type=int, help="cameras of the next survey (default: package's)")
    p.add_argument("--seed", type=int, default=0, help="root seed (default 0)")
    p.add_argument("--workers", type=int, default=1, help="processes (default 1)")
    p.add_argument(
        "--thresholds", nargs="+", type=float, default=[], help="counts: P(below) reported"
    )
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``twin-forecast``; returns the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # argparse has printed usage and the error on stderr
        return int(stop.code or 0)
    try:
        _check(args)
        from twin.forecast import forecast

        result = forecast(
            args.package,
            years=args.years,
            replicates=args.replicates,
            policies=args.policies,
            seed=args.seed,
            species=args.species,
            start=args.start,
            end=args.end,
            occasion_days=args.occasion_days,
            timezone=args.timezone,
            cameras=args.cameras,
            thresholds=args.thresholds,
            workers=args.workers,
            progress=sys.stderr.isatty(),
        )
        out = result.write(args.out)
    except (TwinInputError, OSError) as err:
        print(f"{PROG}: error: {err}", file=sys.stderr)
        return 2
    seconds = result.timings.get("replicate_year_seconds", float("nan"))
    print(f"{PROG}: wrote {out} ({seconds:.2f} s per replicate-year)")
    return 0


def _check(args: argparse.Namespace) -> None:
    """Refuse out-of-range numbers and unknown policies before any work."""
    from twin.errors import require
    from twin.forecast.simulate import check_policies

    require(args.years > 0, "--years", args.years, "a number of years > 0")
    require(args.replicates >= 1, "--replicates", args.replicates, "an integer >= 1")
    require(args.workers >= 1, "--workers", args.workers, "an integer >= 1")
    require(args.occasion_days > 0, "--occasion-days", args.occasion_days, "days > 0")
    require(args.cameras is None or args.cameras >= 1, "--cameras", args.cameras, ">= 1")
    check_policies(args.policies)


def entry_point() -> None:
    """Console-script entry point of ``twin-forecast``."""
    sys.exit(main())


if __name__ == "__main__":
    entry_point()
