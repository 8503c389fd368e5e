"""ABC of the hindcast's unknown rates against the park censuses to 2017 (rejection, then ABC-PMC).

Each simulation draws the parameters from their priors (:data:`twin.calibration.priors.PRIORS`),
or perturbs the accepted sets of an earlier generation, runs the hindcast scenario from its
start (2004, with the spin-up) to 1 January 2018 and compares the simulated census figures with
the censuses (``weight > 0``, to 2017): distance = weighted root mean square of the relative
errors. Rows are appended to the folder's runs table as they finish (a rerun with the same
settings skips those done); the scored table and the posterior summary close the calibration.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from twin.calibration.abc import (
    PROPOSALS,
    Job,
    append_row,
    draw_parameters,
    importance_weights,
    propose,
    rejection_abc,
    score,
    set_streams,
    start_particles,
)
from twin.calibration.hindcast import hindcast_scenario, run_hindcast
from twin.calibration.posterior import posterior_summary
from twin.calibration.priors import LAST_YEAR, PRIORS, observed_summaries, summary_names
from twin.errors import TwinInputError

RUNS_TABLE = "hindcast_abc_runs.csv"
SETTINGS_FILE = "hindcast_abc_settings.json"
TABLE = "hindcast_abc.csv"
SUMMARY = "hindcast_posterior.json"
"""The files of a calibration folder: runs so far, the settings they were run with, the scored
table and the posterior summary."""
DISTANCE = "weighted RMS of relative errors vs census (CENSUS in twin/calibration/census.py)"


@dataclass(frozen=True)
class Settings:
    """The settings a calibration folder is resumed only with.

    Attributes
    ----------
    seed
        Root seed of the parameter sets' draws and runs
        (:func:`twin.calibration.abc.set_seed`).
    runs_per_set
        Hindcast runs per parameter set, their summaries averaged.
    start_from
        Folder of an earlier calibration whose last accepted sets generation 0 perturbs (None:
        generation 0 draws from the priors).
    """

    seed: int
    runs_per_set: int = 1
    start_from: str | None = None


@dataclass(frozen=True)
class Search:
    """How a calibration searches (may change between resumptions).

    Attributes
    ----------
    simulations
        Parameter sets per generation.
    generations
        1: rejection ABC; more: ABC-PMC generations, each from the last one's accepted sets.
    accept_quantile
        Share of each generation accepted when no ``tolerance`` is given.
    tolerance
        Distance at or below which a set is accepted (None: the quantile's).
    proposal
        Component weights of a generation's kernel mixture (:data:`PROPOSALS`).
    workers
        Worker processes.
    """

    simulations: int = 200
    generations: int = 1
    accept_quantile: float = 0.2
    tolerance: float | None = None
    proposal: str = "weighted"
    workers: int = 1


def set_summaries(key: str, params: Mapping[str, float], runs: int = 1) -> list[float]:
    """Simulated census figures of :func:`observed_summaries` from hindcast runs to the end of
    ``LAST_YEAR``: the mean over ``runs`` runs of the parameter set ``key``, seeded by the
    children of its ``runs`` stream (:func:`twin.calibration.abc.set_streams`), passed to the
    runs as they are.

    Averaging over runs makes the distance a property of the parameter set rather than of one
    lucky seed: with one run per set, ABC accepts the sets whose run happened to land near the
    census, and their other runs regress to the set's typical outcome.
    """
    seeds = set_streams(key)["runs"].spawn(runs)
    return [float(v) for v in np.mean([_run_summaries(s, params) for s in seeds], axis=0)]


def _run_summaries(seed: np.random.SeedSequence, params: Mapping[str, float]) -> list[float]:
    """One run's simulated census figures of :func:`observed_summaries`."""
    scenario = hindcast_scenario()
    days = (dt.date(LAST_YEAR + 1, 1, 1) - scenario.start_date).days
    figures = run_hindcast(scenario.replace(years=days / 365), seed, params).figures
    counts = figures.set_index(["year", "species", "stage"])["count"]
    obs = observed_summaries()
    return [float(counts[(y, s, g)]) for y, s, g in obs[["year", "species", "stage"]].values]


def simulate_set(job: Job, runs: int = 1) -> dict[str, object]:
    """The runs-table row of one parameter set ``(set key, parameters)``: its ``set_key``, the
    parameters and the simulated summaries (``sim_<year>_<species>_<stage>``), and ``runs`` if
    averaged."""
    key, params = job
    summaries = set_summaries(key, params, runs)
    extra = {"runs": runs} if runs > 1 else {}
    return {"set_key": key, **params, **dict(zip(summary_names(), summaries, strict=True)),
            **extra}  # fmt: skip


def read_runs(csv: Path) -> pd.DataFrame:
    """The runs table so far (``generation`` 0 and ``weight`` 1 where missing)."""
    if not csv.exists():
        return pd.DataFrame({"set_key": [], "generation": [], "weight": []})
    runs = pd.read_csv(csv)
    for col, fill in (("generation", 0), ("weight", 1.0)):
        runs[col] = runs[col].fillna(fill) if col in runs else fill
    return runs.astype({"generation": int})


def proposals_used(table: pd.DataFrame, from_priors: bool) -> dict[str, str]:
    """How each generation of ``table`` was proposed (rows before the ``proposal`` column:
    generation 0 from the priors unless started from an earlier run, the others ``weighted``)."""
    out = {}
    for g in sorted(table["generation"].unique()):
        rows = table[table["generation"] == g]
        default = "priors" if g == 0 and from_priors else "weighted"
        used = rows["proposal"].fillna(default) if "proposal" in rows else pd.Series([default])
        out[str(g)] = "/".join(sorted(set(used)))
    return out


def start_from(folder: Path, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Particles and weights of the calibration in ``folder`` to start generation 0 from
    (:func:`twin.calibration.abc.start_particles`)."""
    earlier = folder / TABLE
    if not earlier.is_file():
        raise TwinInputError(f"--start-from={folder}: no {TABLE} there")
    try:
        return start_particles(pd.read_csv(earlier), PRIORS, seed)
    except TwinInputError as err:
        raise TwinInputError(f"--start-from={folder}: {err}") from None


def check_resumable(out: Path, settings: Settings) -> None:
    """Refuse to resume the runs in ``out`` with other settings, priors or census figures."""
    csv, stored_file = out / RUNS_TABLE, out / SETTINGS_FILE
    if csv.exists() and stored_file.exists():
        stored = json.loads(stored_file.read_text())
        if stored != asdict(settings):
            raise TwinInputError(
                f"{csv} was run with {stored}, not {asdict(settings)}: resume it with the same "
                "--seed, --runs-per-set and --start-from, or give a new --out"
            )
    if not csv.exists():
        return
    header = set(pd.read_csv(csv, nrows=0).columns)
    lacking = [k for k in [*PRIORS, *summary_names()] if k not in header]
    if lacking:
        raise TwinInputError(
            f"{csv} was run with other priors or census figures (it lacks {', '.join(lacking)}): "
            "give a new --out (--start-from it to build on it)"
        )
    if "set_key" not in header:
        raise TwinInputError(
            f"{csv} names its sets by integer run_seed: they were drawn with the earlier seed "
            "scheme (docs/hindcast.md, Rerunning), which this version does not resume; give a "
            "new --out (--start-from it to build on it)"
        )
    if ("runs" in header) != (settings.runs_per_set > 1):
        raise TwinInputError(
            f"--runs-per-set={settings.runs_per_set} does not match {csv}, which holds "
            f"{'averaged' if 'runs' in header else 'single-run'} rows: resume it with the same "
            "setting, or give a new --out"
        )


def _generation_jobs(
    generation: int,
    done: pd.DataFrame,
    start: tuple[np.ndarray, np.ndarray] | None,
    settings: Settings,
    search: Search,
) -> tuple[list[Job], np.ndarray, str]:
    """A generation's parameter sets, their importance weights and its proposal."""
    if generation == 0 and start is None:
        jobs = draw_parameters(PRIORS, settings.seed, search.simulations)
        return jobs, np.ones(len(jobs)), "priors"
    if generation == 0 and start is not None:
        theta, w = start
    else:
        prev = score(done[done["generation"] == generation - 1], observed_summaries(),
                     search.tolerance, search.accept_quantile)  # fmt: skip
        prev = prev[prev["accepted"]]
        theta, w = prev[list(PRIORS)].to_numpy(float), prev["weight"].to_numpy(float)
    components = PROPOSALS[search.proposal](w)
    jobs = propose(PRIORS, theta, components, settings.seed, generation, search.simulations)
    new = np.array([[j[1][k] for k in PRIORS] for j in jobs])
    return jobs, importance_weights(PRIORS, new, theta, components), search.proposal


def _run_generation(
    generation: int,
    out: Path,
    start: tuple[np.ndarray, np.ndarray] | None,
    settings: Settings,
    search: Search,
) -> None:
    """Run the simulations of ``generation`` not yet in the runs table, appending each row."""
    csv = out / RUNS_TABLE
    done = read_runs(csv)
    jobs, weights, proposal = _generation_jobs(generation, done, start, settings, search)
    extra = {
        key: {"generation": generation, "weight": float(wt), "proposal": proposal}
        for (key, _), wt in zip(jobs, weights, strict=True)
    }
    todo = [j for j in jobs if j[0] not in set(done["set_key"])]
    begun = done[done["generation"] == generation]
    if todo and len(begun) and proposal != "priors":
        used = set(begun.get("proposal", pd.Series(["weighted"])).fillna("weighted"))
        if used != {proposal}:
            raise TwinInputError(
                f"generation {generation} was begun with --proposal {used.pop()}: finish it "
                "with the same --proposal (a later generation may change it)"
            )
    if not todo:
        return
    print(f"generation {generation}: {len(todo)} simulations", file=sys.stderr)
    rejection_abc(
        functools.partial(simulate_set, runs=settings.runs_per_set),
        todo,
        observed_summaries(),
        on_row=lambda row: append_row(csv, {**row, **extra[str(row["set_key"])]}),
        workers=search.workers,
    )


def run_calibration(out: Path, settings: Settings, search: Search) -> dict[str, object]:
    """Run (or resume) the calibration in folder ``out``; write its scored table and summary.

    Parameters
    ----------
    out
        Calibration folder: runs table, settings, scored table and posterior summary.
    settings
        Seed, runs per set and starting folder (a folder resumes only with its own).
    search
        Parameter sets per generation, generations, acceptance, proposal and worker processes.

    Returns
    -------
    dict
        The posterior summary (:func:`twin.calibration.posterior.posterior_summary`), as written
        to hindcast_posterior.json.

    Raises
    ------
    TwinInputError
        If the settings do not allow the run (the message names the option).
    """
    if settings.runs_per_set < 1:
        raise TwinInputError(f"--runs-per-set={settings.runs_per_set} is not allowed: 1 or more")
    start = None
    if settings.start_from is not None:
        start = start_from(Path(settings.start_from), settings.seed)
    out.mkdir(parents=True, exist_ok=True)
    check_resumable(out, settings)
    (out / SETTINGS_FILE).write_text(json.dumps(asdict(settings)) + "\n")
    for generation in range(search.generations):
        _run_generation(generation, out, start, settings, search)
    table = score(read_runs(out / RUNS_TABLE), observed_summaries(), search.tolerance,
                  search.accept_quantile)  # fmt: skip
    table.to_csv(out / TABLE, index=False)
    summary = posterior_summary(table, PRIORS, _provenance(table, settings, search, start))
    (out / SUMMARY).write_text(json.dumps(summary, indent=2) + "\n")
    return summary


def _provenance(
    table: pd.DataFrame,
    settings: Settings,
    search: Search,
    start: tuple[np.ndarray, np.ndarray] | None,
) -> dict[str, object]:
    """What the posterior summary records of how the calibration was made."""
    method = "rejection ABC" if search.generations == 1 and start is None else (
        "ABC-PMC (Beaumont et al. 2009)"
        + ("" if start is None else ", generation 0 proposed from start_from's last accepted sets")
    )  # fmt: skip
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "git_commit": git_commit(),
        "seed": settings.seed,
        "set_seeds": "set_key 'seed/g/i': the i-th child of SeedSequence([seed, g]) (generation "
        "0: SeedSequence(seed)); its values drawn on its child 'draw', its runs seeded by the "
        "children of its child 'runs' (set_seed, set_streams in twin/calibration/abc.py)",
        "generations": search.generations,
        "method": method,
        "accept_quantile": search.accept_quantile,
        "runs_per_set": settings.runs_per_set,
        "start_from": settings.start_from,
        "proposals": proposals_used(table, start is None),
        "distance": DISTANCE,
        "observed": observed_summaries().to_dict(orient="records"),
    }


def git_commit() -> str:
    """The working tree's commit (``unknown`` outside a git checkout)."""
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True)
        return out.stdout.strip() or "unknown"
    except OSError:
        return "unknown"
