"""The ``twin-collect`` command: gather a sweep folder into its results table and summaries.

It is :func:`twin.sweeps.report.collect_sweep` behind an argument parser.

Examples
--------
``twin-collect multirun/survey_design/seed_1 --summary``,
``twin-collect multirun/penalty_policy/seed_1 --outcome trips --x study.penalty_scale``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from twin.errors import TwinInputError

PROG = "twin-collect"


def build_parser() -> argparse.ArgumentParser:
    """The command line of ``twin-collect``."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Gather a sweep folder's complete results rows into results.parquet and "
        "results.csv in that folder (incomplete runs are left out and counted).",
    )
    parser.add_argument("sweep_dir", metavar="SWEEP_DIR", help="the sweep's hydra.sweep.dir")
    parser.add_argument(
        "--no-timings",
        action="store_true",
        help="leave out the *_seconds columns (the table is then byte-identical across re-runs)",
    )
    parser.add_argument(
        "--summary",
        action="store_true",
        help="also write summary.csv, frontier.csv and summary.html (scenario summaries)",
    )
    parser.add_argument("--estimate", action="append", default=[], help="estimate to summarise")
    parser.add_argument("--x", default=None, help="scenario column on the figures' x axis")
    parser.add_argument("--precision", default="rse_mean", choices=["rse_mean", "relative_rmse"])
    parser.add_argument(
        "--min-estimable-share",
        type=float,
        default=0.8,
        help="share of runs with an estimate a scenario needs to be on the frontier (0.8)",
    )
    parser.add_argument(
        "--outcome",
        action="append",
        default=[],
        help="outcome column to summarise into outcomes.csv and outcomes.html (median and "
        "interval per scenario); repeat for several",
    )
    parser.add_argument(
        "--interval",
        type=float,
        default=0.9,
        help="probability mass of the outcomes' central interval over replicates (0.9)",
    )
    for name, default in (("camera", 0.0), ("camera-visit", 1.0), ("camera-day", 0.0)):
        parser.add_argument(
            f"--cost-per-{name}",
            type=float,
            default=default,
            help=f"cost model (default {default})",
        )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``twin-collect``; returns the exit status (2 on bad input)."""
    from twin.sweeps.report import collect_sweep
    from twin.sweeps.summary import CostModel

    args = build_parser().parse_args(argv)
    try:
        collected, paths = collect_sweep(
            args.sweep_dir,
            timings=not args.no_timings,
            summary=args.summary,
            estimates=args.estimate or None,
            x=args.x,
            cost_model=CostModel(
                args.cost_per_camera, args.cost_per_camera_visit, args.cost_per_camera_day
            ),
            precision=args.precision,
            min_estimable_share=args.min_estimable_share,
            outcomes=args.outcome,
            interval=args.interval,
        )
    except TwinInputError as err:
        print(f"{PROG}: error: {err}", file=sys.stderr)
        return 2
    print(
        f"{PROG}: {len(collected.rows)} runs ({len(collected.incomplete)} incomplete, "
        f"{len(collected.duplicates)} duplicate left out) -> "
        f"{', '.join(p.name for p in paths)} in {args.sweep_dir}"
    )
    return 0


def entry_point() -> None:
    """Console-script entry point of ``twin-collect``."""
    sys.exit(main())


if __name__ == "__main__":
    entry_point()
