"""Score a camera layout by the twin's own simulated surveys, against one fixed truth target.

The target
    Independent leopards (cubs left out) alive on the survey window's midpoint day with their
    activity centre in the park: the ``SCR``/``N`` row of the run's estimates (estimate: SCR
    density times the park area, i.e. density over the park; ``truth_definition`` in
    ``estimates.csv``). Its truth does not depend on the stations as long as the window does not,
    so :func:`pinned_scenario` fixes the window (``estimation.start_day``) and the survey length
    (``survey.days``): every design run with one seed is then scored against the same number
    (tested). The run's other SCR truth, density over the habitat mask, is over a mask around
    each design's own stations, i.e. a different target per design, and is not used.
Common random numbers
    Every design is run with the same seeds (:func:`seed_set`); the animals, their movement and
    the camera failures at shared positions come from streams that do not depend on the layout
    (:mod:`twin.seeding`), so differences between designs are paired.
Criterion
    The root mean square of the relative error of that estimate over seeds (:func:`rmse`); a run
    whose SCR fit is not estimable scores a relative error of -1 (a survey that reports nothing).
    ``min(n, r)`` (detected leopards, recaptures) is kept as the cheap screen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from twin.assessment.truth import independent_on
from twin.cameras.layouts import Layout
from twin.config.load import load_scenario
from twin.config.scenario import Scenario
from twin.design.evaluate import survey_history
from twin.errors import require
from twin.results import RunResult
from twin.run import simulate
from twin.taxa import code_of

TARGET = ("SCR", "N")
"""(estimator, parameter) of the fixed target in a run's estimates."""
FAILED_ERROR = -1.0
"""Relative error scored for a run whose SCR fit is not estimable."""
ROLES = {"training": 0, "validation": 1, "fresh": 2, "pilot": 3}
"""Disjoint seed families: optimise on training, choose among finalists on validation, report
on fresh; the formula baseline's pilot survey has its own."""
ROW_COLUMNS = (
    "seed_index",
    "stations",
    "n",
    "recaptures",
    "min_n_r",
    "estimate",
    "truth",
    "truth_day",
    "estimable",
    "relative_error",
)


def pinned_scenario(
    overrides: Sequence[str] = (),
    window_start_day: int = 7,
    window_days: int = 91,
    policy: str = "no_poaching",
) -> Scenario:
    """The comparison's scenario: a fixed estimation window, so a fixed truth day.

    The survey starts on day 0 (the crews install the cameras over the first days) and lasts
    until the window ends; the run is one day longer. Nothing after the window is simulated: the
    run's numbers up to its last day do not depend on how long it goes on.

    Parameters
    ----------
    overrides
        Further ``key=value`` overrides (applied last).
    window_start_day
        First day of the estimation window.
    window_days
        Length of the window (days); the truth is taken on its midpoint.
    policy
        Policy config (default: no poachers, so no people react to the cameras).
    """
    require(window_start_day >= 0, "window_start_day", window_start_day, "a day >= 0")
    end = window_start_day + window_days
    return load_scenario(
        [
            f"years={(end + 1) / 365.0!r}",
            "report.enabled=false",
            f"policy={policy}",
            f"estimation.window_days={window_days}",
            f"estimation.start_day={window_start_day}",
            f"survey.days={end}",
            *overrides,
        ]
    )


def seed_set(entropy: int, role: str, n: int) -> list[np.random.SeedSequence]:
    """``n`` replicate seeds of one role (a key of :data:`ROLES`), disjoint across roles.

    Seed ``i`` of role ``r`` is ``SeedSequence(entropy, spawn_key=(ROLES[r], i))``: the same
    whatever ``n``, so a study can add seeds without changing the ones it has.
    """
    require(role in ROLES, "role", role, ", ".join(ROLES))
    return [np.random.SeedSequence(entropy, spawn_key=(ROLES[role], i)) for i in range(n)]


def survey_row(result: RunResult, species: str = "leopard") -> dict[str, Any]:
    """Screen and criterion of one run: n, recaptures, min(n, r) and the target's estimate."""
    estimates = result.estimates
    require(estimates is not None, "result.estimates", None, "a run with estimation enabled")
    assert estimates is not None  # require raised otherwise
    row = estimates[
        (estimates.estimator == TARGET[0])
        & (estimates.parameter == TARGET[1])
        & (estimates.species == species)
    ]
    history = survey_history(result, species)
    out: dict[str, Any] = {
        "stations": int(result.metadata["survey"]["stations"]),
        "n": history.n_individuals,
        "recaptures": history.n_recaptures,
        "min_n_r": min(history.n_individuals, history.n_recaptures),
    }
    day = int((estimates.window_start_day.iloc[0] + estimates.window_end_day.iloc[0]) // 2)
    if row.empty:  # the SCR step failed as a whole (e.g. no leopard identified)
        return {**out, **_failed(result, species, day)}
    first = row.iloc[0]
    estimable = bool(np.isfinite(first.estimate))
    return {
        **out,
        "estimate": float(first.estimate),
        "truth": float(first.truth),
        "truth_day": day,
        "estimable": estimable,
        "relative_error": float(first.relative_error) if estimable else FAILED_ERROR,
    }


def _failed(result: RunResult, species: str, day: int) -> dict[str, Any]:
    """Target columns of a run whose SCR step failed: its truth on ``day`` from the centre log."""
    centres = result.centres
    assert centres is not None  # a run with estimates has its centre log (twin.run._observe)
    truth = independent_on(centres, day, code_of(species))
    park = result.landscape.sample("park", truth["centre_x_m"], truth["centre_y_m"])
    return {
        "estimate": np.nan,
        "truth": float(park.sum()),
        "truth_day": day,
        "estimable": False,
        "relative_error": FAILED_ERROR,
    }


def simulate_rows(
    scenario: Scenario,
    layout: Layout,
    seeds: Sequence[np.random.SeedSequence],
    indices: Sequence[int] | None = None,
    species: str = "leopard",
) -> pd.DataFrame:
    """One :func:`survey_row` per seed (``seed_index`` from ``indices``, default 0, 1, ...)."""
    indices = range(len(seeds)) if indices is None else indices
    rows = [
        {"seed_index": i, **survey_row(simulate(scenario, seed=s, layout=layout, tracks=False))}
        for i, s in zip(indices, seeds, strict=True)
    ]
    return pd.DataFrame(rows, columns=list(ROW_COLUMNS))


def rmse(relative_error: np.ndarray) -> float:
    """Root mean square of the relative errors (the criterion; smaller is better)."""
    return float(np.sqrt(np.mean(np.square(relative_error))))


def paired_difference(errors: np.ndarray, baseline: np.ndarray) -> tuple[float, float]:
    """``RMSE(errors) - RMSE(baseline)`` over paired seeds and its standard error.

    The SE is the delta method's: the sample SD over seeds of
    ``e_s^2 / (2 RMSE) - b_s^2 / (2 RMSE_baseline)``, over sqrt(seeds).
    """
    errors, baseline = np.asarray(errors, float), np.asarray(baseline, float)
    require(
        errors.shape == baseline.shape and errors.size >= 2,
        "paired errors",
        f"shapes {errors.shape} and {baseline.shape}",
        "equal lengths of at least 2 seeds",
    )
    a, b = rmse(errors), rmse(baseline)
    influence = errors**2 / (2 * a) - baseline**2 / (2 * b)
    return a - b, float(influence.std(ddof=1) / np.sqrt(errors.size))


def running_rmse(
    scenario: Scenario,
    layout: Layout,
    seeds: Sequence[np.random.SeedSequence],
    report: Callable[[int, float], bool] | None = None,
) -> tuple[float, pd.DataFrame]:
    """The criterion of a layout over ``seeds``, reporting the running RMSE after each seed.

    ``report(step, rmse_so_far)`` returns True to stop early (a pruned Optuna trial); the
    criterion is then that of the seeds run.
    """
    rows: list[pd.DataFrame] = []
    for i, seed in enumerate(seeds):
        rows.append(simulate_rows(scenario, layout, [seed], [i]))
        value = rmse(pd.concat(rows)["relative_error"].to_numpy())
        if report is not None and report(i, value):
            break
    table = pd.concat(rows, ignore_index=True)
    return rmse(table["relative_error"].to_numpy()), table
