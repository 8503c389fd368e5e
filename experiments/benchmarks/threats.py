"""Benchmark: the threats' daily work before and after the batched paths (issue 22), in one run.

The same replicate runs with the library's ``twin.threats`` ("new") and with the package as it
was at ``--baseline`` ("old": read from git into a temporary folder, loaded beside the new one
and handed to the run in place of ``build_threats``). Timed in CPU seconds
(``time.process_time``): the threats' daily work (the poachers' and rangers' days and the
threats model's ``observe_segments``, less the cameras' share of the paths handed over) and the
whole replicate. Old and new alternate ``--repeats`` times; the least disturbed (smallest) time
of each counts. The two variants' tables are compared byte for byte.

Usage: ``python experiments/benchmarks/threats.py [--repeats 3] [--seed 2] [--years 1]
[--baseline COMMIT]`` (run inside the git checkout).
"""

from __future__ import annotations

import argparse
import contextlib
import filecmp
import importlib
import io
import json
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # run as a script or with -m

import twin  # noqa: E402
import twin.run  # noqa: E402
import twin.threats  # noqa: E402

BASELINE = "a3f127035d5e87c8af663dbc6962fb89343d14e9"
"""The last commit before issue 22 changed ``twin/threats``."""

DAILY = ("_poacher_day", "_ranger_day", "observe_segments")
"""ThreatModel methods timed; ``_hand_over`` (the cameras' work on people's paths) is taken off."""


def load_baseline(commit: str, folder: str) -> ModuleType:
    """``twin.threats`` as of ``commit``, imported from ``folder`` beside the current package."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", commit, "twin/threats"],
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    current = {k: m for k, m in sys.modules.items() if k.startswith("twin.threats")}
    for name in current:
        del sys.modules[name]
    twin.__path__.insert(0, str(Path(folder, "twin")))
    try:
        return importlib.import_module("twin.threats")
    finally:
        twin.__path__.remove(str(Path(folder, "twin")))
        for name in [k for k in sys.modules if k.startswith("twin.threats")]:
            del sys.modules[name]
        sys.modules.update(current)
        twin.threats = current["twin.threats"]  # the import set the old one on its parent


@contextlib.contextmanager
def threats_from(package: ModuleType, seconds: dict[str, float]) -> Iterator[None]:
    """Runs use ``package``'s threats model; its daily methods add their CPU seconds."""
    model = package.ThreatModel
    saved = {name: getattr(model, name) for name in (*DAILY, "_hand_over")}

    def timed(name: str, method: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.process_time()
            try:
                return method(*args, **kwargs)
            finally:
                seconds[name] = seconds.get(name, 0.0) + time.process_time() - started

        return wrapper

    for name, method in saved.items():
        setattr(model, name, timed(name, method))
    build, twin.run.build_threats = twin.run.build_threats, package.build_threats
    try:
        yield
    finally:
        twin.run.build_threats = build
        for name, method in saved.items():
            setattr(model, name, method)


def replicate(
    scenario: twin.Scenario, seed: int, package: ModuleType, folder: Path | None
) -> dict[str, float]:
    """CPU seconds of one replicate and of its threats' daily work; write it to ``folder``."""
    seconds: dict[str, float] = {}
    with threats_from(package, seconds):
        started = time.process_time()
        result = twin.simulate(scenario, seed=seed)
        total = time.process_time() - started
    if folder is not None:
        result.write(folder, report=False)
    daily = sum(seconds.get(name, 0.0) for name in DAILY) - seconds.get("_hand_over", 0.0)
    return {"replicate": total, "threats": daily}


def differing_files(a: Path, b: Path) -> list[str]:
    """CSV and Parquet files of run folder ``a`` that differ from (or are missing in) ``b``."""
    files = [p for p in sorted(a.rglob("*")) if p.suffix in (".csv", ".parquet")]
    return [
        str(p.relative_to(a))
        for p in files
        if not (b / p.relative_to(a)).exists()
        or not filecmp.cmp(p, b / p.relative_to(a), shallow=False)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--years", type=float, default=1.0)
    parser.add_argument("--baseline", default=BASELINE)
    args = parser.parse_args()
    scenario = twin.load_scenario([f"years={args.years}", "report.enabled=false"])
    warm = twin.load_scenario(["years=0.02", "report.enabled=false"])
    with tempfile.TemporaryDirectory() as tmp:
        packages = {"old": load_baseline(args.baseline, tmp), "new": twin.threats}
        for package in packages.values():  # compile (or load the numba cache) untimed
            replicate(warm, 1, package, None)
        best = {name: {"replicate": np.inf, "threats": np.inf} for name in packages}
        for k in range(args.repeats):
            for name, package in packages.items():
                times = replicate(scenario, args.seed, package, Path(tmp, name) if k == 0 else None)
                best[name] = {key: min(best[name][key], times[key]) for key in times}
        differing = differing_files(Path(tmp, "old"), Path(tmp, "new"))
    old, new = best["old"], best["new"]
    for key, label in (("threats", "threats' daily work"), ("replicate", "whole replicate")):
        print(f"{label}: old {old[key]:.3f} s, new {new[key]:.3f} s CPU "
              f"({old[key] / new[key]:.2f}x)")  # fmt: skip
    print(f"tables identical: {not differing}" + (f" (differ: {differing})" if differing else ""))
    print(json.dumps({
        "threats_speedup": round(old["threats"] / new["threats"], 2),
        "replicate_speedup": round(old["replicate"] / new["replicate"], 3),
        "threats_cpu_s": {"old": round(old["threats"], 3), "new": round(new["threats"], 3)},
        "replicate_cpu_s": {"old": round(old["replicate"], 3), "new": round(new["replicate"], 3)},
        "identical_tables": not differing,
        "repeats": args.repeats, "seed": args.seed, "years": args.years,
        "baseline": args.baseline,
    }))  # fmt: skip


if __name__ == "__main__":
    main()
