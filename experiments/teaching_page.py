"""Teaching page: run a short scenario and write its animated park map as one offline HTML page.

Animals, camera stations and their triggers, and the poachers and ranger patrols of the run's
policy (``result.threats["people_tracks"]``) move on one clock.

The run keeps every 15-min position, turns estimation off (a few days give no estimates) and,
unless overridden, puts every camera out at minute 0 so the page shows triggers from the first
hour. Extra words are Hydra overrides of the run config (``conf/``).

Usage: ``.venv/bin/python experiments/teaching_page.py [--days 4] [--frame-min 60]
[--out teaching.html] [override ...]``, e.g.
``.venv/bin/python experiments/teaching_page.py --days 3 seed=7 layout=hex_paired``.
Prints the page's figures (HTML bytes, frames, points) as one JSON line.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script or with -m

import twin  # noqa: E402
from twin.viz.teaching import (  # noqa: E402
    TeachingSettings,
    page_html,
    page_stats,
    teaching_figure,
)

DEFAULTS = [
    "output.track_every_ticks=1",
    "estimation.enabled=false",
    "progress=false",
    "cameras.crews.install_by_crews=false",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=4, help="simulated days (default 4)")
    parser.add_argument("--frame-min", type=float, default=60.0, help="minutes per frame")
    parser.add_argument("--out", type=Path, default=Path("teaching.html"))
    parser.add_argument("overrides", nargs="*", help="Hydra overrides, e.g. seed=7")
    args = parser.parse_args()
    try:
        scenario = twin.load_scenario([*DEFAULTS, f"years={args.days / 365!r}", *args.overrides])
        started = time.perf_counter()
        result = twin.simulate(scenario)
        simulated = time.perf_counter()
        people = result.threats.get("people_tracks")
        groups = [] if people is None else [people[["id", "group", "time_min", "x_m", "y_m"]]]
        settings = TeachingSettings(frame_min=args.frame_min)
        fig = teaching_figure(result, groups, settings)
        page = page_html(fig, result.metadata).encode("utf-8")
        built = time.perf_counter()
    except twin.TwinInputError as err:
        print(f"teaching_page: error: {err}", file=sys.stderr)
        sys.exit(2)
    args.out.write_bytes(page)
    print(f"teaching_page: wrote {args.out}", file=sys.stderr)
    figures = {
        "html_bytes": len(page),
        **page_stats(fig),
        "days": result.metadata["days"],
        "run_seconds": round(simulated - started, 2),
        "page_seconds": round(built - simulated, 2),
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
