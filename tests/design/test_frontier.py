"""The budget frontier: run outcomes and their SEs, Pareto masks, a deterministic and resumable
NSGA-II search (on a stub and on tiny runs of the twin), the design's run config."""

from __future__ import annotations

import math

import numpy as np
import pytest

from experiments.budget_frontier import design_config, make_evaluate, today_design, twin_config
from twin.design.budget import ParkDesign, UnitCosts
from twin.design.frontier import (
    FRESH,
    STUDY_SETTINGS,
    TRAINING,
    LeverSpace,
    RunCache,
    SearchSettings,
    claim_study_folder,
    frontier_designs,
    pareto_mask,
    reevaluate,
    run_search,
    run_seed,
)
from twin.design.frontier_outcomes import paired_differences, summarise_runs
from twin.errors import TwinInputError

COSTS = UnitCosts(
    camera_price_rub=40000.0,
    camera_life_years=4.0,
    camera_loss_per_year=0.25,
    consumables_per_camera_visit_rub=1000.0,
    station_visits_per_year=4.0,
    station_visit_rub=5000.0,
    cameras_per_station=2,
    patrol_km_rub=1000.0,
    monitor_salary_rub_per_year=1_000_000.0,
)
SPACE = LeverSpace((20, 200, 20), (0, 100, 10), (0, 20, 1), (1, 1, 1))
TINY = [
    "years=0.05",
    "ticks_per_step=96",
    "report.enabled=false",
    "progress=false",
    "output.track_every_ticks=1000000",
    "estimation.enabled=false",
    "landscape.park_area_km2=150",
    "landscape.resolution_m=500",
    "species.leopard.initial={adults: 6, subadults: 0, cubs: 0}",
    "species.tiger.initial={adults: 3, subadults: 0, cubs: 0}",
]


def _row(error=0.1, se=0.2, estimate=2.0, alive=100, tigers=40, poached=(3, 1)):
    return {
        "scr_leopard_n_estimate": estimate,
        "scr_leopard_n_se": se,
        "scr_leopard_n_relative_error": error,
        "leopard_alive_end": alive,
        "tiger_alive_end": tigers,
        "leopard_deaths_poaching": poached[0],
        "tiger_deaths_poaching": poached[1],
    }


class Stub:
    """A pure function of design and seed shaped like a run's row; counts its calls."""

    def __init__(self):
        self.calls = 0

    def __call__(self, design, seed):
        self.calls += 1
        noise = np.random.default_rng(seed).normal()
        return _row(
            error=1.0 / math.sqrt(design.cameras) + 0.05 * noise,
            alive=100 + design.patrol_km_per_day / 10 + design.monitors_hired + 3 * noise,
            poached=(max(0.0, 20 - design.monitors_hired - design.patrol_km_per_day / 20), 0),
        )


def _settings(trials, cap=30e6):
    return SearchSettings(
        trials=trials, population_size=4, training_seeds=2, seed=3, cap_rub_per_year=cap
    )


def test_summary_of_runs_by_hand():
    """Means, SD / sqrt(n), the RMSE of relative errors and its delta-method SE; a run without
    an estimate is charged a relative error and an RSE of 1."""
    rows = [_row(error=0.3, alive=90), _row(error=-0.1, alive=110), _row(estimate=math.nan)]
    out = summarise_runs(rows)
    assert out["n_seeds"] == 3 and out["n_estimable"] == 2
    assert out["leopards_alive"] == pytest.approx(100.0)
    assert out["leopards_alive_se"] == pytest.approx(10.0 / math.sqrt(3))
    squared = np.array([0.09, 0.01, 1.0])
    rmse = math.sqrt(squared.mean())
    assert out["n_rel_rmse"] == pytest.approx(rmse)
    se = squared.std(ddof=1) / (2 * rmse * math.sqrt(3))
    assert out["n_rel_rmse_se"] == pytest.approx(se)
    assert out["n_rse"] == pytest.approx((0.1 + 0.1 + 1.0) / 3)
    assert out["poaching_deaths"] == pytest.approx(4.0)


def test_pareto_mask_keeps_the_non_dominated():
    """(1, 3) and (3, 1) trade off; (2, 2) too; (3, 3) is dominated; a duplicate stays."""
    values = np.array([[1, 3], [3, 1], [2, 2], [3, 3], [1, 3]], float)
    assert pareto_mask(values).tolist() == [True, True, True, False, True]


def test_training_and_fresh_seeds_are_disjoint():
    """Seeds of the two groups never coincide; the same index gives the same seed."""
    train = {tuple(run_seed(7, TRAINING, i).generate_state(2)) for i in range(20)}
    fresh = {tuple(run_seed(7, FRESH, i).generate_state(2)) for i in range(20)}
    assert len(train) == len(fresh) == 20 and not train & fresh
    assert (run_seed(7, 0, 3).generate_state(2) == run_seed(7, 0, 3).generate_state(2)).all()


def test_search_is_deterministic_and_never_runs_designs_over_the_cap(tmp_path):
    """Same seed, same trials and values; designs above the cap are not simulated."""
    studies, stubs = [], []
    for name in ("a", "b"):
        stub = Stub()
        study = run_search(
            stub,
            SPACE,
            COSTS,
            _settings(12),
            tmp_path / f"{name}.journal",
            RunCache(tmp_path / name),
            log=lambda line: None,
        )
        studies.append(study)
        stubs.append(stub)
    a, b = ([(t.params, t.values) for t in s.trials] for s in studies)
    assert a == b and len(a) == 12
    feasible = [t for t in studies[0].trials if t.user_attrs["constraint"][0] <= 0]
    assert 0 < len(feasible) < 12
    assert stubs[0].calls == stubs[1].calls <= 2 * len(feasible)
    front = frontier_designs(studies[0])
    assert front and all(isinstance(d, ParkDesign) for d in front)


def test_a_stopped_search_resumes_from_its_journal_and_cache(tmp_path):
    """A second call with more trials adds only the missing ones and reuses cached runs."""
    cache = RunCache(tmp_path / "runs")
    first = Stub()
    run_search(first, SPACE, COSTS, _settings(6), tmp_path / "s.journal", cache, log=print)
    again = Stub()
    study = run_search(again, SPACE, COSTS, _settings(10), tmp_path / "s.journal", cache, log=print)
    assert len(study.trials) == 10
    rerun = Stub()
    same = run_search(rerun, SPACE, COSTS, _settings(10), tmp_path / "s.journal", cache, log=print)
    assert len(same.trials) == 10 and rerun.calls == 0


def test_reevaluation_uses_fresh_seeds_and_reports_errors(tmp_path):
    """Fresh-seed rows go to their own files; each design gets means, SEs and n seeds."""
    cache, stub = RunCache(tmp_path), Stub()
    designs = [ParkDesign(40, 20.0, 2), ParkDesign(160, 60.0, 10)]
    frame = reevaluate(designs, stub, COSTS, cache, 3, 4, log=lambda line: None)
    assert stub.calls == 8 and frame["n_seeds"].eq(4).all()
    assert cache.path(designs[0], FRESH, 3).exists()
    assert not cache.path(designs[0], TRAINING, 0).exists()
    assert (frame["leopards_alive_se"] > 0).all() and frame["on_frontier_fresh"].any()


def test_bad_lever_ranges_and_settings_name_their_key():
    """A range with low > high, or a search without trials, names the key."""
    raw = {"cameras": [200, 20, 20], "patrol_km_per_day": [0, 1, 1]}
    raw |= {"monitors_hired": [0, 1, 1], "penalty_scale": [1, 1, 1]}
    with pytest.raises(TwinInputError, match=r"levers\.cameras"):
        LeverSpace.from_mapping(raw)
    with pytest.raises(TwinInputError, match=r"search\.trials"):
        SearchSettings(trials=0, population_size=4, training_seeds=1, seed=1, cap_rub_per_year=1)


def test_design_config_sets_cameras_patrols_and_monitors():
    """The run config of a design: layout count, cameras in the timeline from the start date,
    patrols scaled to the design's km a day, the monitors hired, the penalty unchanged."""
    base = twin_config(TINY)
    today = today_design(base)
    assert (today.cameras, today.patrol_km_per_day, today.monitors_hired) == (500, 200.0, 26)
    config = design_config(base, ParkDesign(40, 50.0, 7))
    assert config["layout"]["count"] == 40
    assert config["policy"]["timeline"][-1] == {"date": base["start_date"], "cameras": 40}
    patrols = [e["patrol"]["km_per_day"] for e in config["policy"]["timeline"] if "patrol" in e]
    assert patrols[-1] == pytest.approx(50.0)
    assert config["policy"]["timeline"][0]["penalty"] == base["policy"]["timeline"][0]["penalty"]


def test_search_on_tiny_twin_runs_is_deterministic(tmp_path):
    """The real evaluation path (tiny park, 18 days, survey off): two searches, same values."""
    evaluate = make_evaluate(twin_config(TINY))
    space = LeverSpace((20, 40, 20), (0, 200, 100), (0, 26, 13), (1, 1, 1))
    settings = SearchSettings(
        trials=3, population_size=2, training_seeds=1, seed=5, cap_rub_per_year=1e12
    )
    values = []
    for name in ("a", "b"):
        study = run_search(
            evaluate,
            space,
            COSTS,
            settings,
            tmp_path / f"{name}.journal",
            RunCache(tmp_path / name),
            log=lambda line: None,
        )
        values.append([t.values for t in study.trials])
    assert values[0] == values[1] and len(values[0]) == 3
    assert all(v[0] == 1.0 for v in values[0])  # survey off: no estimate, error charged 1


def test_frontier_table_and_page(tmp_path):
    """The Markdown table has one row per design with mean (SE); the page is standalone with
    its three panels."""
    from twin.design.frontier_report import frontier_markdown, frontier_page, paired_markdown

    designs = [ParkDesign(40, 20.0, 2), ParkDesign(160, 60.0, 10)]
    frame = reevaluate(
        designs, Stub(), COSTS, RunCache(tmp_path), 3, 3, reference=designs[1], log=lambda _: None
    )
    frame.insert(0, "design", ["frontier", "today"])
    text = frontier_markdown(frame)
    lines = text.strip().splitlines()
    assert len(lines) == 4 and lines[0].startswith("| design | cameras |")
    assert lines[3].startswith("| today | 160 | 60 | 10 | 1 | ")
    assert (
        f"{frame['leopards_alive'].iloc[0]:.1f} ({frame['leopards_alive_se'].iloc[0]:.1f})" in text
    )
    paired = paired_markdown(frame).strip().splitlines()
    assert paired[3].startswith("| today | 160 | 60 | 10 | 1 | +0.0 | +0.0 (0.0) |")
    page = frontier_page(frame, "t", "how to read")
    assert page.startswith("<!DOCTYPE html>") and "plotly" in page
    assert all(f'id="{d}"' in page for d in ("frontier-alive", "frontier-precision"))


def test_paired_differences_by_hand():
    """Per-seed differences from the reference: mean and SD / sqrt(n); a design against itself
    differs by 0 with SE 0."""
    rows = [_row(alive=110, poached=(2, 0)), _row(alive=104, poached=(1, 1))]
    ref = [_row(alive=100, poached=(5, 0)), _row(alive=100, poached=(5, 0))]
    out = paired_differences(rows, ref)
    assert out["leopards_alive_vs_reference"] == pytest.approx(7.0)
    assert out["leopards_alive_vs_reference_se"] == pytest.approx(np.std([10, 4], ddof=1) / 2**0.5)
    assert out["poaching_deaths_vs_reference"] == pytest.approx(-3.0)
    assert out["poaching_deaths_vs_reference_se"] == pytest.approx(0.0)
    same = paired_differences(ref, ref)
    assert same["tigers_alive_vs_reference"] == 0 and same["tigers_alive_vs_reference_se"] == 0


def test_reevaluation_against_a_reference_pairs_the_fresh_seeds(tmp_path):
    """With a reference, each design's paired columns and cost difference; the reference's
    own are 0."""
    cache, ref = RunCache(tmp_path), ParkDesign(160, 60.0, 10)
    designs = [ParkDesign(40, 20.0, 2), ref]
    frame = reevaluate(designs, Stub(), COSTS, cache, 3, 4, reference=ref, log=lambda line: None)
    assert frame["leopards_alive_vs_reference"].iloc[1] == 0
    assert (
        frame["cost_vs_reference_rub"].iloc[1] == 0 and frame["cost_vs_reference_rub"].iloc[0] < 0
    )
    diff = frame["leopards_alive"].iloc[0] - frame["leopards_alive"].iloc[1]
    assert frame["leopards_alive_vs_reference"].iloc[0] == pytest.approx(diff)


def test_a_study_folder_refuses_runs_of_other_settings(tmp_path):
    """A folder records the settings of its study; the same settings resume, others are refused,
    and a folder of runs without a record is refused (its runs cannot be matched)."""
    settings = {"twin": {"years": 5}, "search": {"seed": 26}}
    folder = tmp_path / "study"
    claim_study_folder(folder, settings)
    assert (folder / STUDY_SETTINGS).is_file()
    (folder / "runs").mkdir()
    claim_study_folder(folder, {"search": {"seed": 26}, "twin": {"years": 5}})  # same, resumes
    with pytest.raises(TwinInputError, match=r"--out=.*other settings"):
        claim_study_folder(folder, {"twin": {"years": 3}, "search": {"seed": 26}})
    legacy = tmp_path / "legacy"
    (legacy / "runs").mkdir(parents=True)
    with pytest.raises(TwinInputError, match=r"no study_settings\.json"):
        claim_study_folder(legacy, settings)
    assert not (legacy / STUDY_SETTINGS).exists()
