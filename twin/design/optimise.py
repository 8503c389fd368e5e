"""Search the layout family with Optuna for the smallest simulated RMSE of the target.

Each trial proposes a :class:`~twin.design.family.LayoutParams` point (TPE), builds its layout
for the budget and runs it through the twin on the training seeds (common random numbers: the
same seeds for every trial), reporting the running RMSE after each seed so that
:class:`RunningMedianPruner` can stop a design that is worse than the median early. The study
lives in an Optuna storage (a SQLite file), so an interrupted search resumes where it stopped.
The sampler is re-seeded from ``(seed, trial number)`` before each trial: a resumed study
proposes what an uninterrupted one would have, and the same seed gives the same search.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import optuna

from twin.config.scenario import Scenario
from twin.design.family import LayoutFamily, LayoutParams
from twin.design.simulated import running_rmse
from twin.errors import require

log = logging.getLogger(__name__)
DONE = (optuna.trial.TrialState.COMPLETE, optuna.trial.TrialState.PRUNED)


@dataclass(frozen=True)
class SearchSpace:
    """Ranges of the layout family's parameters (metres, degrees)."""

    spacing_m: tuple[float, float] = (1500.0, 15_000.0)
    cluster_sizes: tuple[int, ...] = (1, 2, 4)
    cluster_spacing_m: tuple[float, float] = (1500.0, 4000.0)
    habitat_exponent: tuple[float, float] = (0.0, 3.0)

    def suggest(self, trial: optuna.Trial) -> LayoutParams:
        """The trial's point of the family."""
        return LayoutParams(
            spacing_m=trial.suggest_float("spacing_m", *self.spacing_m),
            centre_u=trial.suggest_float("centre_u", 0.0, 1.0),
            centre_v=trial.suggest_float("centre_v", 0.0, 1.0),
            rotation_deg=trial.suggest_float("rotation_deg", 0.0, 90.0),
            habitat_exponent=trial.suggest_float("habitat_exponent", *self.habitat_exponent),
            trail_share=trial.suggest_float("trail_share", 0.0, 1.0),
            cluster_size=trial.suggest_categorical("cluster_size", self.cluster_sizes),
            cluster_spacing_m=trial.suggest_float("cluster_spacing_m", *self.cluster_spacing_m),
        )


@dataclass
class SimulationObjective:
    """The criterion of a trial: RMSE of the target over the training seeds (minimised)."""

    family: LayoutFamily
    scenario: Scenario
    seeds: Sequence[np.random.SeedSequence]
    space: SearchSpace

    def __call__(self, trial: optuna.Trial) -> float:
        """Build the trial's layout and score it; raise ``TrialPruned`` when pruned."""
        layout = self.family.layout(self.space.suggest(trial))

        def report(step: int, value: float) -> bool:
            trial.report(value, step)
            return trial.should_prune()

        value, table = running_rmse(self.scenario, layout, self.seeds, report)
        trial.set_user_attr("seeds", len(table))
        trial.set_user_attr("min_n_r", float(table["min_n_r"].mean()))
        trial.set_user_attr("bias", float(table["relative_error"].mean()))
        if len(table) < len(self.seeds):
            raise optuna.TrialPruned()
        return value


class RunningMedianPruner(optuna.pruners.BasePruner):
    """Stop a trial whose running criterion is worse than the median of complete trials' at
    the same seed.

    Optuna's ``MedianPruner`` compares a trial's *best* intermediate value so far, as for a
    learning curve; a running mean over seeds is not one (its first seed may be lucky), so
    this compares the latest value.

    Parameters
    ----------
    n_startup_trials
        Complete trials needed before any pruning.
    n_warmup_steps
        Seeds every trial runs before it may be pruned.
    """

    def __init__(self, n_startup_trials: int = 10, n_warmup_steps: int = 4) -> None:
        self.n_startup_trials = n_startup_trials
        self.n_warmup_steps = n_warmup_steps

    def prune(self, study: optuna.Study, trial: optuna.trial.FrozenTrial) -> bool:
        """Whether the trial's latest running value is above the others' median there."""
        step = trial.last_step
        if step is None or step < self.n_warmup_steps:
            return False
        complete = study.get_trials(deepcopy=False, states=(optuna.trial.TrialState.COMPLETE,))
        others = [t.intermediate_values[step] for t in complete if step in t.intermediate_values]
        if len(others) < self.n_startup_trials:
            return False
        return trial.intermediate_values[step] > float(np.median(others))


def open_study(storage: str | None, name: str, seed: int, warmup_steps: int = 4) -> optuna.Study:
    """Create or load the study ``name`` in ``storage`` (e.g. ``sqlite:///study.db``; None:
    in memory). ``warmup_steps``: seeds every trial runs before it may be pruned."""
    pruner = RunningMedianPruner(n_startup_trials=10, n_warmup_steps=warmup_steps)
    return optuna.create_study(
        storage=storage,
        study_name=name,
        direction="minimize",
        sampler=_sampler(seed, 0),
        pruner=pruner,
        load_if_exists=True,
    )


def optimise(
    study: optuna.Study,
    objective: SimulationObjective,
    n_trials: int,
    seed: int,
    start: Sequence[LayoutParams] = (),
) -> optuna.Study:
    """Run trials until ``n_trials`` are complete or pruned (resumes a partial study).

    Parameters
    ----------
    study
        From :func:`open_study`.
    objective
        The simulation criterion.
    n_trials
        Trials the finished study holds.
    seed
        Seed of the TPE sampler (re-seeded with the trial number before each trial).
    start
        Designs tried first (e.g. the grid's own parameters), before the sampler proposes.
    """
    require(n_trials >= 1, "n_trials", n_trials, "an integer >= 1")
    if not study.trials:
        for params in start:
            study.enqueue_trial(params.to_dict())
    while (done := _n_done(study)) < n_trials:
        study.sampler = _sampler(seed, len(study.trials))
        study.optimize(objective, n_trials=1, catch=())
        log.info("trial %d of %d: best RMSE %.4f", done + 1, n_trials, _best_value(study))
    return study


def finalists(study: optuna.Study, k: int) -> list[tuple[int, LayoutParams]]:
    """The ``k`` complete trials with the smallest criterion: (trial number, parameters)."""
    complete = [t for t in study.trials if t.state == optuna.trial.TrialState.COMPLETE]
    best = sorted(complete, key=lambda t: (t.value, t.number))[:k]
    return [(t.number, LayoutParams(**t.params)) for t in best]


def _sampler(seed: int, trial_number: int) -> optuna.samplers.TPESampler:
    entropy = np.random.SeedSequence(seed, spawn_key=(trial_number,)).generate_state(1)[0]
    with warnings.catch_warnings():  # multivariate TPE is "experimental" in Optuna 4
        warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
        return optuna.samplers.TPESampler(seed=int(entropy), n_startup_trials=10, multivariate=True)


def _n_done(study: optuna.Study) -> int:
    return sum(t.state in DONE for t in study.trials)


def _best_value(study: optuna.Study) -> float:
    # A complete trial of a single-objective study always has a value; the check narrows it.
    values = [
        t.value
        for t in study.trials
        if t.state == optuna.trial.TrialState.COMPLETE and t.value is not None
    ]
    return min(values) if values else float("nan")
