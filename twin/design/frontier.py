"""The budget frontier: NSGA-II over the park's levers, scored by the twin's own runs.

A design (:class:`twin.design.budget.ParkDesign`: cameras, patrol km a day, monitors hired,
optionally the penalty scale) is simulated on the same training seeds as every other design
(common random numbers). Its four objectives (:data:`OBJECTIVES`) are the relative RMSE of the
run's SCR estimate of the independent leopards with their activity centre in the park (one
fixed target for every design: the park does not move with the stations), the leopards alive
at the end, the cats (leopards and tigers) poached during the run, and the yearly cost. Optuna's
NSGA-II searches the levers under a budget cap (a constraint: designs above the cap are never
simulated). The Pareto designs are then simulated again on fresh seeds, disjoint from the
training ones, and reported with Monte Carlo standard errors (:func:`reevaluate`).

Each run's results row is cached as JSON on disk (:class:`RunCache`), and the study lives in an
Optuna journal file, so a stopped search resumes where it stopped. The simulation itself is a
function the caller passes in (:data:`Evaluate`), so the search can be tested on a stub.
See ``docs/design-budget.md``.
"""

from __future__ import annotations

import json
import math
import os
import sys
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import optuna
import pandas as pd
from optuna.storages.journal import JournalFileBackend, JournalStorage

from twin.design.budget import ParkDesign, UnitCosts, design_cost
from twin.design.frontier_outcomes import paired_differences, summarise_runs
from twin.errors import TwinInputError, require

Evaluate = Callable[[ParkDesign, np.random.SeedSequence], Mapping[str, Any]]
"""``evaluate(design, seed) -> results row`` of one simulated run (JSON-ready values)."""

Direction = Literal["minimize", "maximize"]
OBJECTIVES: tuple[tuple[str, Direction], ...] = (
    ("n_rel_rmse", "minimize"),
    ("leopards_alive", "maximize"),
    ("poaching_deaths", "minimize"),
    ("cost_rub", "minimize"),
)
"""Objective names and directions, in the order the study returns them."""

TRAINING, FRESH = 0, 1
"""First element of a run seed's spawn key: the search's seeds and the re-evaluation's."""


def run_seed(root: int, group: int, index: int) -> np.random.SeedSequence:
    """Seed of run ``index`` of a group (:data:`TRAINING` or :data:`FRESH`) under ``root``.

    ``SeedSequence(root, spawn_key=(group, index))``: the groups never share a seed, and every
    design of a group is simulated with the same seeds (common random numbers).
    """
    return np.random.SeedSequence(int(root), spawn_key=(int(group), int(index)))


@dataclass(frozen=True)
class LeverSpace:
    """Ranges of the levers the search may choose: ``(low, high, step)``; low == high fixes one.

    Attributes
    ----------
    cameras
        Cameras (whole numbers; keep the step a multiple of the cameras per station).
    patrol_km_per_day
        Patrol km a day.
    monitors_hired
        Former poachers hired (step 1).
    penalty_scale
        Multiplier on fines and prison terms (no cost to the park).
    """

    cameras: tuple[float, float, float]
    patrol_km_per_day: tuple[float, float, float]
    monitors_hired: tuple[float, float, float]
    penalty_scale: tuple[float, float, float]

    @classmethod
    def from_mapping(cls, raw: Mapping[str, Any]) -> LeverSpace:
        """Lever ranges from a config node ``{lever: [low, high, step]}``.

        Raises
        ------
        TwinInputError
            When a lever is missing or unknown, or its range is not ``low <= high``, ``step > 0``.
        """
        names = list(cls.__dataclass_fields__)
        for name in raw:
            require(name in names, f"levers.{name}", raw[name], f"one of {names}")
        ranges: dict[str, tuple[float, float, float]] = {}
        for name in names:
            value: Any = raw.get(name)  # a config node: checked below to be [low, high, step]
            ok = isinstance(value, list | tuple) and len(value) == 3
            ok = ok and all(isinstance(v, int | float) and math.isfinite(v) for v in value)
            require(
                ok and 0 <= value[0] <= value[1] and value[2] > 0,
                f"levers.{name}",
                value,
                "[low, high, step] with 0 <= low <= high and step > 0",
            )
            low, high, step = (float(v) for v in value)
            ranges[name] = (low, high, step)
        return cls(**ranges)

    def suggest(self, trial: optuna.Trial) -> ParkDesign:
        """The design a trial proposes (a fixed lever is recorded as a user attribute)."""
        # cameras and monitors_hired are ints when searched, whole floats when fixed (low ==
        # high); ParkDesign checks that they are whole numbers
        values: dict[str, Any] = {}
        for name, (low, high, step) in vars(self).items():
            if low == high:
                trial.set_user_attr(name, low)
                values[name] = low
            elif name in ("cameras", "monitors_hired"):
                values[name] = trial.suggest_int(name, int(low), int(high), step=int(step))
            else:
                values[name] = trial.suggest_float(name, low, high, step=step)
        return ParkDesign(**values)


class RunCache:
    """One JSON file per (design, seed group, seed index): the run's results row.

    ``<folder>/<design.key>/<training|fresh>_<index>.json``, written through a temporary file
    renamed into place, so a killed run leaves no file that looks complete.
    """

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    def path(self, design: ParkDesign, group: int, index: int) -> Path:
        """Where the row of one run goes."""
        name = ("training", "fresh")[group]
        return self.folder / design.key / f"{name}_{index}.json"

    def row(
        self, design: ParkDesign, group: int, index: int, root: int, evaluate: Evaluate
    ) -> tuple[dict[str, Any], bool]:
        """The cached row of a run, or a new run of it; and whether it came from the cache."""
        path = self.path(design, group, index)
        if path.exists():
            return json.loads(path.read_text())["row"], True
        seed = run_seed(root, group, index)
        row = dict(evaluate(design, seed))
        record = {"design": design.to_dict(), "seed_root": root, "spawn_key": [group, index]}
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({**record, "row": row}, sort_keys=True, default=float))
        os.replace(tmp, path)
        return row, False


STUDY_SETTINGS = "study_settings.json"
"""The file of a study folder that records the settings its runs and trials were made with."""


def claim_study_folder(folder: str | Path, settings: Mapping[str, Any]) -> None:
    """Make ``folder`` the home of a study with ``settings``, or check that it already is.

    The cached runs and the journal of a study folder are reused by a re-run, so they must
    come from the same settings (the twin's config, the costs, the levers, the cap and the
    seeds): a folder new or empty gets ``study_settings.json`` (the settings and their SHA-256);
    a folder holding it must hold the same hash.

    Raises
    ------
    TwinInputError
        When the folder holds a study of other settings, or runs without a settings record.
    """
    from twin.io.atomic import write_json
    from twin.sweeps.seeds import canonical_json, parameter_hash

    folder = Path(folder)
    record = folder / STUDY_SETTINGS
    digest = parameter_hash(settings)
    if record.is_file():
        held = json.loads(record.read_text()).get("sha256")
        if held != digest:
            raise TwinInputError(
                f"--out={folder} holds a study made with other settings (sha256 {str(held)[:12]}, "
                f"these {digest[:12]}: the twin's config, costs, levers, cap or seeds changed); "
                "allowed: a new --out folder for a new study, or the settings it was made with."
            )
        return
    if folder.is_dir() and any(folder.iterdir()):
        raise TwinInputError(
            f"--out={folder} holds files but no {STUDY_SETTINGS}, so its runs cannot be "
            "matched to these settings; allowed: a new or empty --out folder."
        )
    folder.mkdir(parents=True, exist_ok=True)
    canonical = json.loads(canonical_json(dict(settings)))  # the values the hash was taken of
    write_json(record, {"settings": canonical, "sha256": digest})


@dataclass(frozen=True)
class SearchSettings:
    """How the NSGA-II search runs.

    Attributes
    ----------
    trials
        Trials in all (a resumed study runs only the missing ones), >= 1.
    population_size
        NSGA-II population per generation, >= 2.
    training_seeds
        Seeds every design is simulated on during the search, >= 1.
    seed
        Seed of the sampler and root of the run seeds (:func:`run_seed`).
    cap_rub_per_year
        Budget cap: designs above it are infeasible and not simulated.
    """

    trials: int
    population_size: int
    training_seeds: int
    seed: int
    cap_rub_per_year: float

    def __post_init__(self) -> None:
        for name, low in (
            ("trials", 1),
            ("population_size", 2),
            ("training_seeds", 1),
            ("seed", 0),
        ):
            value = getattr(self, name)
            require(
                isinstance(value, int) and not isinstance(value, bool) and value >= low,
                f"search.{name}",
                value,
                f"a whole number >= {low}",
            )
        require(
            isinstance(self.cap_rub_per_year, int | float) and self.cap_rub_per_year > 0,
            "budget.cap_rub_per_year",
            self.cap_rub_per_year,
            "a number of RUB a year > 0",
        )


def _infeasible_values(cost: float) -> list[float]:
    # NSGA-II's constrained domination ranks every feasible trial above these, so their values
    # only order the infeasible trials among themselves.
    return [math.inf, 0.0, math.inf, cost]


def objective_values(summary: Mapping[str, float], cost: float) -> list[float]:
    """The study's objective values, in the order of :data:`OBJECTIVES`."""
    return [
        summary["n_rel_rmse"],
        summary["leopards_alive"],
        summary["poaching_deaths"],
        cost,
    ]


def run_search(
    evaluate: Evaluate,
    space: LeverSpace,
    costs: UnitCosts,
    settings: SearchSettings,
    storage: str | Path,
    cache: RunCache,
    log: Callable[[str], None] | None = None,
) -> optuna.Study:
    """Run (or resume) the NSGA-II search; return the study.

    Parameters
    ----------
    evaluate
        One run of a design on a seed (:data:`Evaluate`).
    space
        Lever ranges.
    costs
        Unit costs (the fourth objective and the budget constraint).
    settings
        Trials, population, training seeds, seed and cap.
    storage
        Optuna journal file: a study found there is resumed.
    cache
        The runs' rows.
    log
        Called with one line per finished trial (progress); default: standard error.
    """
    show = log or (lambda line: print(line, file=sys.stderr, flush=True))
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    # constraints_func is "experimental" in Optuna 4 and deprecated (for Trial.set_constraint,
    # which 4.x lacks) from 5.0, to be removed in 7.0; the pin (<6) keeps it working.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
        warnings.filterwarnings("ignore", r".*constraints_func", FutureWarning)
        sampler = optuna.samplers.NSGAIISampler(
            population_size=settings.population_size,
            seed=settings.seed,
            constraints_func=lambda trial: trial.user_attrs["constraint"],
        )
    backend = JournalFileBackend(str(storage))
    study = optuna.create_study(
        study_name="budget_frontier",
        storage=JournalStorage(backend),
        sampler=sampler,
        directions=[direction for _, direction in OBJECTIVES],
        load_if_exists=True,
    )

    def objective(trial: optuna.Trial) -> list[float]:
        design = space.suggest(trial)
        cost = design_cost(design, costs)["total_rub"]
        trial.set_user_attr("constraint", [cost - settings.cap_rub_per_year])
        if cost > settings.cap_rub_per_year:
            show(f"trial {trial.number}: {design.key} costs {cost / 1e6:.1f} M RUB: over the cap")
            return _infeasible_values(cost)
        rows, cached = [], 0
        for index in range(settings.training_seeds):
            row, hit = cache.row(design, TRAINING, index, settings.seed, evaluate)
            rows.append(row)
            cached += hit
        summary = summarise_runs(rows)
        values = objective_values(summary, cost)
        show(
            f"trial {trial.number}: {design.key} cost {cost / 1e6:.1f} M RUB, N rel. RMSE "
            f"{values[0]:.3f}, leopards {values[1]:.1f}, poached {values[2]:.1f} "
            f"({cached}/{settings.training_seeds} runs cached)"
        )
        return values

    done = sum(t.state == optuna.trial.TrialState.COMPLETE for t in study.trials)
    if done < settings.trials:
        # a design the twin refuses (e.g. more stations than fit) fails its trial, not the search
        study.optimize(objective, n_trials=settings.trials - done, catch=(TwinInputError,))
    return study


def _design_of(trial: optuna.trial.FrozenTrial) -> ParkDesign:
    levers = {**{k: v for k, v in trial.user_attrs.items() if k != "constraint"}, **trial.params}
    return ParkDesign(**levers)


def pareto_mask(values: np.ndarray) -> np.ndarray:
    """Which rows of ``values`` (to be minimised, one column per objective) no other row
    dominates (at least as good on every column, better on one)."""
    values = np.asarray(values, dtype=float)
    on = np.ones(len(values), dtype=bool)
    for i, point in enumerate(values):
        better = np.all(values <= point, axis=1) & np.any(values < point, axis=1)
        on[i] = not better.any()
    return on


def _signed(frame: pd.DataFrame) -> np.ndarray:
    signs = [1.0 if direction == "minimize" else -1.0 for _, direction in OBJECTIVES]
    return frame[[name for name, _ in OBJECTIVES]].to_numpy(float) * signs


def frontier_designs(study: optuna.Study) -> list[ParkDesign]:
    """The feasible, non-dominated designs of a study's complete trials, cheapest first."""
    done = [
        t
        for t in study.trials
        if t.state == optuna.trial.TrialState.COMPLETE and t.user_attrs["constraint"][0] <= 0
    ]
    frame = pd.DataFrame([t.values for t in done], columns=[name for name, _ in OBJECTIVES])
    designs = {}
    for trial, on in zip(done, pareto_mask(_signed(frame)), strict=True):
        if on:
            design = _design_of(trial)
            designs[design.key] = (trial.values[-1], design)
    return [design for _, design in sorted(designs.values(), key=lambda item: item[0])]


def reevaluate(
    designs: Sequence[ParkDesign],
    evaluate: Evaluate,
    costs: UnitCosts,
    cache: RunCache,
    root: int,
    fresh_seeds: int,
    reference: ParkDesign | None = None,
    log: Callable[[str], None] | None = None,
) -> pd.DataFrame:
    """The designs simulated on ``fresh_seeds`` fresh seeds: levers, cost, outcomes with SEs.

    Every design runs on the same fresh seeds, so with a ``reference`` design (run too, if it
    is not among them) each design's outcomes are also compared with it seed by seed.

    Returns one row per design: its levers, ``cost_rub`` and the cost items, the columns of
    :func:`twin.design.frontier_outcomes.summarise_runs`, with a reference those of
    :func:`twin.design.frontier_outcomes.paired_differences` and ``cost_vs_reference_rub``,
    and ``on_frontier_fresh`` (non-dominated on the fresh means).
    """
    show = log or (lambda line: print(line, file=sys.stderr, flush=True))

    def runs(design: ParkDesign) -> list[dict[str, Any]]:
        return [cache.row(design, FRESH, i, root, evaluate)[0] for i in range(fresh_seeds)]

    base = runs(reference) if reference is not None else None
    records = []
    for k, design in enumerate(designs):
        rows = runs(design)
        cost = design_cost(design, costs)
        record = {**design.to_dict(), "cost_rub": cost.pop("total_rub"), **cost}
        record |= summarise_runs(rows)
        if reference is not None and base is not None:  # base is set exactly when reference is
            record |= paired_differences(rows, base)
            ref_cost = design_cost(reference, costs)["total_rub"]
            record["cost_vs_reference_rub"] = record["cost_rub"] - ref_cost
        show(f"fresh seeds {k + 1}/{len(designs)}: {design.key}")
        records.append(record)
    frame = pd.DataFrame(records)
    frame["on_frontier_fresh"] = pareto_mask(_signed(frame))
    return frame
