"""Observing-system simulation experiments (twin/assessment/osse.py, osse_study.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import twin
from twin.assessment import osse_study
from twin.assessment.osse import OsseDesign, nature_scenario, run_nature, score_nature
from twin.assessment.osse_study import COVERAGE_COLUMNS, NatureJob, coverage_table, run_study
from twin.errors import TwinInputError


def test_nature_runs_its_survey_up_to_the_forecast_origin():
    """The survey ends on the origin day (the spin-up's end) and the run covers every horizon."""
    design = OsseDesign(horizons_years=(1, 3), spinup_years=2, survey_days=91)
    s = nature_scenario(twin.load_scenario([]), design, {})
    assert s.days == 5 * 365 and s.survey.start_day == 2 * 365 - 91 and s.survey.days == 91
    assert not s.estimation.enabled and not s.report.enabled


@pytest.mark.parametrize(
    "bad", [{"kind": "cousin"}, {"replicates": 1}, {"horizons_years": (0,)}, {"survey_days": 400}]
)
def test_bad_designs_are_refused_naming_the_key(bad):
    """Each bad setting is refused with its osse.* key."""
    with pytest.raises(TwinInputError, match="osse."):
        OsseDesign(**bad)


def test_nature_truth_counts_the_state_it_hands_over(tmp_path):
    """Nature's count of park animals at the origin equals its true state's park animals, and
    the package of its survey is written."""
    base = twin.load_scenario(["progress=false"])
    design = OsseDesign(horizons_years=(1,), spinup_years=1, survey_days=30)
    nature = run_nature(base, design, np.random.SeedSequence(4), tmp_path)
    assert (nature.package / "datapackage.json").is_file()
    assert sorted(nature.truth["horizon_years"].unique()) == [0, 1]
    state = nature.state.table
    at_origin = nature.truth[nature.truth["horizon_years"] == 0].set_index(["species", "quantity"])[
        "value"
    ]
    for species in ("leopard", "tiger"):
        in_park = int(((state["species"] == species) & state["in_park"]).sum())
        assert at_origin[(species, "all")] == in_park
    assert nature.start == "2024-12-31"


def _trajectories(values_by_year: dict[int, list[float]]) -> pd.DataFrame:
    rows = [
        (r, "historical", "leopard", year, "adults", v)
        for year, values in values_by_year.items()
        for r, v in enumerate(values)
    ]
    return pd.DataFrame(
        rows, columns=["replicate", "policy", "species", "year", "quantity", "value"]
    )


def test_scores_take_each_forecaster_at_its_own_year():
    """The twin and the true start are read at the horizon; naive persistence at year 0."""
    truth = pd.DataFrame(
        {"species": ["leopard"] * 2, "quantity": ["adults"] * 2, "horizon_years": [0, 1],
         "value": [50.0, 40.0]}
    )  # fmt: skip
    nature = type("Nature", (), {"truth": truth})()  # score_nature reads only .truth
    twin_t = _trajectories({0: [49, 50, 51], 1: [39, 40, 41]})
    start = _trajectories({0: [50, 50, 50], 1: [60, 61, 62]})
    cases = score_nature(nature, {"twin": twin_t, "truth_start": start}, [1])
    row = cases.iloc[0]
    assert len(cases) == 1 and row["truth"] == 40.0
    assert row["twin_median"] == 40 and row["twin_in90"]
    assert row["naive_median"] == 50 and not row["naive_in90"]
    assert row["truth_start_abs_rel_error"] == pytest.approx(0.525)


def test_study_resumes_from_cached_cases_and_summarises_them(tmp_path, monkeypatch):
    """Natures whose cases are cached are not rerun; the summary has the issue's columns."""
    calls = []

    def fake(job):
        calls.append(job.index)
        hit = job.index % 2 == 0
        return pd.DataFrame(
            [{"species": "leopard", "quantity": "adults", "horizon_years": 1, "truth": 40.0,
              **{f"{f}_{k}": v for f in ("twin", "naive", "truth_start")
                 for k, v in (("in50", hit), ("in90", True), ("abs_rel_error", 0.1),
                              ("crps", 2.0))}}]
        ).assign(osse="identical", nature=job.index)  # fmt: skip

    monkeypatch.setattr(osse_study, "nature_cases", fake)
    base = twin.load_scenario([])
    jobs = [NatureJob(base, base, OsseDesign(), i, 1, {}) for i in range(4)]
    run_study(jobs[:2], tmp_path)
    cases = run_study(jobs, tmp_path)
    assert calls == [0, 1, 2, 3] and len(cases) == 4
    table = coverage_table(cases)
    assert list(table.columns[: len(COVERAGE_COLUMNS)]) == list(COVERAGE_COLUMNS)
    assert table.loc[0, "coverage50"] == 0.5 and table.loc[0, "coverage90"] == 1.0
