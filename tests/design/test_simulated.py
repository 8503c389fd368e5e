"""Design by simulation: common random numbers, one fixed truth, the layout family, Optuna."""

from __future__ import annotations

import numpy as np
import optuna
import pandas as pd
import pytest

from twin.cameras.layouts import Layout
from twin.cameras.layouts_area import StudyArea
from twin.design.comparison import comparison_table
from twin.design.family import LayoutFamily, LayoutParams
from twin.design.optimise import (
    RunningMedianPruner,
    SearchSpace,
    SimulationObjective,
    open_study,
    optimise,
)
from twin.design.page import comparison_page
from twin.design.simulated import (
    paired_difference,
    pinned_scenario,
    rmse,
    seed_set,
    survey_row,
)
from twin.landscape.build import build_landscape
from twin.run import simulate


@pytest.fixture(scope="module")
def short_scenario():
    """A pinned scenario with a three-week window (a few seconds per run)."""
    return pinned_scenario(window_start_day=2, window_days=21)


@pytest.fixture(scope="module")
def area(short_scenario) -> StudyArea:
    return StudyArea.build(build_landscape(short_scenario.landscape), "park")


@pytest.fixture(scope="module")
def shared_runs(short_scenario, area):
    """One seed, two layouts: ten stations, and the same ten plus six more elsewhere."""
    small = LayoutFamily(area, 10).layout(LayoutParams(4000.0))
    other = LayoutFamily(area, 16).layout(LayoutParams(4000.0, centre_u=0.3))
    xy = np.column_stack([small.station_x_m, small.station_y_m])
    extra_xy = np.column_stack([other.station_x_m, other.station_y_m])
    far = np.hypot(*(extra_xy[:, None] - xy[None]).transpose(2, 0, 1)).min(axis=1) >= 1500
    both = np.vstack([xy, extra_xy[far]])
    ids = [*small.station_id, *(f"X{i:03d}" for i in range(int(far.sum())))]
    axis = np.concatenate([small.station_axis_rad, other.station_axis_rad[far]])
    large = Layout.from_stations(ids, both[:, 0], both[:, 1], axis, paired=True)
    seed = seed_set(1, "training", 1)[0]
    return [simulate(short_scenario, seed=seed, layout=lay, tracks=False) for lay in (small, large)]


@pytest.mark.slow
def test_designs_sharing_stations_see_the_same_animals(shared_runs):
    """Two designs run with one seed hold the same animals with the same centres every day."""
    small, large = shared_runs
    assert large.metadata["survey"]["stations"] > small.metadata["survey"]["stations"]
    assert small.centres.equals(large.centres)
    assert small.individuals["id"].equals(large.individuals["id"])


@pytest.mark.slow
def test_truth_target_is_identical_across_designs(shared_runs):
    """The target's truth and its day are the same for every design run with one seed."""
    rows = [survey_row(run) for run in shared_runs]
    assert rows[0]["truth"] == rows[1]["truth"] > 0
    assert rows[0]["truth_day"] == rows[1]["truth_day"] == 2 + 21 // 2


def test_family_respects_budget_and_spacing(area):
    """Random points of the search space give exactly k allowed stations >= min spacing apart."""
    rng = np.random.default_rng(3)
    space = SearchSpace()
    for stations in (10, 40):
        family = LayoutFamily(area, stations, min_spacing_m=1500.0)
        for _ in range(6):
            params = LayoutParams(
                spacing_m=rng.uniform(*space.spacing_m),
                centre_u=rng.uniform(),
                centre_v=rng.uniform(),
                rotation_deg=rng.uniform(0, 90),
                habitat_exponent=rng.uniform(*space.habitat_exponent),
                trail_share=rng.uniform(),
                cluster_size=int(rng.choice(space.cluster_sizes)),
                cluster_spacing_m=rng.uniform(*space.cluster_spacing_m),
            )
            xy = family.stations_m(params)
            gaps = np.hypot(*(xy[:, None] - xy[None]).transpose(2, 0, 1))
            np.fill_diagonal(gaps, np.inf)
            assert xy.shape == (stations, 2)
            assert gaps.min() >= 1500.0 - 1e-6
            assert area.allows(xy[:, 0], xy[:, 1]).all()
            assert family.layout(params).n_cameras == 2 * stations


def test_seed_sets_are_disjoint_and_stable():
    """Roles never share a seed; a longer set starts with the shorter one."""
    train, fresh = seed_set(7, "training", 5), seed_set(7, "fresh", 8)
    keys = {s.spawn_key for s in train} & {s.spawn_key for s in fresh}
    assert not keys
    assert [s.spawn_key for s in seed_set(7, "fresh", 3)] == [s.spawn_key for s in fresh[:3]]


def test_paired_difference_of_identical_designs_is_zero():
    """Equal errors give a zero difference and SE; a uniformly worse design a positive one."""
    errors = np.array([0.1, -0.3, 0.2, 0.05])
    assert paired_difference(errors, errors) == (0.0, 0.0)
    diff, se = paired_difference(2 * errors, errors)
    assert diff == pytest.approx(rmse(errors)) and se > 0


def test_comparison_table_pairs_on_shared_seeds():
    """Only the seeds a design shares with the grid count, and the grid's difference is 0."""
    rows = pd.DataFrame(
        {
            "cameras": 40,
            "design": ["grid"] * 3 + ["simulation"] * 2,
            "role": "fresh",
            "seed_index": [0, 1, 2, 0, 1],
            "relative_error": [0.5, -0.4, 0.3, 0.1, -0.2],
            "min_n_r": [10, 12, 11, 15, 14],
            "estimable": True,
        }
    )
    table = comparison_table(rows).set_index("design")
    assert table.loc["simulation", "seeds"] == 2 and table.loc["grid", "seeds"] == 3
    assert table.loc["grid", "rmse_diff_vs_grid"] == 0.0
    assert table.loc["simulation", "rmse_diff_vs_grid"] < 0


def _toy_objective(trial: optuna.Trial) -> float:
    params = SearchSpace().suggest(trial)
    return (params.spacing_m / 1e4 - 0.4) ** 2 + params.trail_share * params.centre_u


def test_search_is_deterministic_and_resumes(tmp_path):
    """The same seed proposes the same trials; a study resumed half-way proposes the same too."""
    one = optimise(open_study(None, "a", seed=5), _toy_objective, 14, seed=5)
    storage = f"sqlite:///{tmp_path / 'study.db'}"
    optimise(open_study(storage, "b", seed=5), _toy_objective, 7, seed=5)
    two = optimise(open_study(storage, "b", seed=5), _toy_objective, 14, seed=5)
    assert [t.params for t in one.trials] == [t.params for t in two.trials]


@pytest.mark.slow
def test_simulation_search_is_deterministic(short_scenario, area):
    """Two tiny simulation searches with one seed try the same layouts and score them alike."""
    family = LayoutFamily(area, 8)
    objective = SimulationObjective(
        family, short_scenario, seed_set(2, "training", 1), SearchSpace()
    )
    studies = [optimise(open_study(None, "s", seed=9), objective, 2, seed=9) for _ in range(2)]
    assert [t.params for t in studies[0].trials] == [t.params for t in studies[1].trials]
    assert [t.value for t in studies[0].trials] == [t.value for t in studies[1].trials]


def test_pruner_judges_the_latest_running_value():
    """A trial whose first seed was lucky but whose running value is now above the median is
    pruned."""
    study = optuna.create_study(pruner=RunningMedianPruner(n_startup_trials=2, n_warmup_steps=1))

    def curve(values):
        def objective(trial):
            for step, value in enumerate(values):
                trial.report(value, step)
                if trial.should_prune():
                    raise optuna.TrialPruned()
            return values[-1]

        return objective

    for _ in range(2):
        study.optimize(curve([0.5, 0.5, 0.5]), n_trials=1)
    study.optimize(curve([0.1, 0.9, 0.9]), n_trials=1)
    study.optimize(curve([0.6, 0.4, 0.4]), n_trials=1)
    states = [t.state for t in study.trials]
    assert states[2] == optuna.trial.TrialState.PRUNED
    assert study.trials[2].last_step == 1
    assert states[3] == optuna.trial.TrialState.COMPLETE


def test_page_holds_maps_errors_and_differences(area, tmp_path):
    """The page has a map per budget and the per-seed figures, each titled with how to read it."""
    rows = pd.DataFrame(
        {
            "cameras": 40,
            "design": ["grid", "formula", "simulation"] * 2,
            "role": "fresh",
            "seed_index": [0, 0, 0, 1, 1, 1],
            "relative_error": [0.5, 0.3, 0.1, -0.4, -0.3, 0.2],
            "min_n_r": 10,
            "estimable": True,
        }
    )
    layouts = pd.DataFrame(
        {"cameras": 40, "design": ["grid", "formula", "simulation"], "x_m": 0.0, "y_m": 0.0}
    )
    page = comparison_page(area.landscape, comparison_table(rows), rows, layouts)
    assert len(page.figures) == 3
    assert all(
        "better" in f.layout.title.text or "design" in f.layout.title.text for f in page.figures
    )
    page.write_html(tmp_path / "page.html", include_plotlyjs=False)
    assert "simulation" in (tmp_path / "page.html").read_text()
