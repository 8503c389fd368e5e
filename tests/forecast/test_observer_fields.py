"""The twin's exports record sex and life stage as a field observer would, and the forecast
reads them back."""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd

from twin.forecast.data import SurveyWindow, fit_species, life_stages, read_package
from twin.io.camtrapdp_tables import observations_table
from twin.run_tables import observer_table


def _animals(survey) -> pd.DataFrame:
    """Sex and life-stage days of every animal by id, as the run's writer passes them."""
    return observer_table(survey.result.individuals, survey.scenario.species)


def test_identified_cats_get_a_life_stage_and_adults_a_sex(survey):
    """lifeStage for every identified cat, sex only for adults, nothing for the unidentified."""
    records = survey.result.observations.records
    table = observations_table(records, None, _animals(survey))
    named = table["individualID"] != ""
    assert (table.loc[named, "lifeStage"] != "").all()
    assert (table.loc[~named, ["lifeStage", "sex"]] == "").all().all()
    adults = named & (table["lifeStage"] == "adult")
    assert (table.loc[adults, "sex"].isin(["female", "male"])).all()
    assert (table.loc[named & ~adults, "sex"] == "").all()
    plain = observations_table(records)
    assert (plain[["lifeStage", "sex"]] == "").all().all()


def test_forecast_reads_recorded_sex_and_stage_back(survey, tmp_path):
    """A package with the observer's fields gives the history its sexes and the state its stages."""
    folder = tmp_path / "with-fields"
    shutil.copytree(survey.package, folder)
    records = survey.result.observations.records
    table = observations_table(records, None, _animals(survey))
    table.to_csv(folder / "observations.csv", index=False, lineterminator="\n", na_rep="")
    package = read_package(folder, None)
    history, _ = fit_species(package, "tiger", SurveyWindow())
    stages = life_stages(package, "tiger", history)
    assert set(stages) <= {"adult", "subadult", "juvenile"} and "adult" in set(stages)
    sexes = np.asarray(history.sex)
    assert set(sexes[stages == "adult"]) <= {"female", "male"}


def test_a_package_sexing_every_animal_gets_a_sex_specific_state(survey, tmp_path):
    """Every detected animal sexed: sex-specific SCR, detected sexes kept, undetected drawn by
    class."""
    from twin.forecast import build_states, state_mask
    from twin.forecast.data import species_data
    from twin.landscape.build import build_landscape

    folder = tmp_path / "sexed"
    shutil.copytree(survey.package, folder)
    records = survey.result.observations.records
    table = observations_table(records, None, _animals(survey))
    sex_of = _animals(survey)["sex"]
    truth = sex_of.reindex(records.sequences.loc[records.sequences["retrieved"], "true_animal_id"])
    named = (table["individualID"] != "").to_numpy()
    table.loc[named, "sex"] = truth.to_numpy()[named]
    table.to_csv(folder / "observations.csv", index=False, lineterminator="\n", na_rep="")
    landscape = build_landscape(survey.scenario.landscape)
    (data,) = species_data(read_package(folder, None), ["tiger"], SurveyWindow(), landscape)
    assert data.fit.model.by_sex
    (state,) = build_states([data], state_mask(landscape, 2500.0), survey.scenario.species, 1, 4)
    t = state.table.set_index("individual_id")
    detected = t[t["detected"]]
    recorded = dict(zip(data.history.individual_ids, data.history.sex, strict=True))
    assert all(detected.loc[i, "sex"] == recorded[i] for i in detected.index)


def test_life_stage_is_the_stage_on_the_event_day(survey):
    """An identified cat's lifeStage follows its age on the event's day: juvenile before the
    species' independence age, adult from the adult age, subadult between."""
    records = survey.result.observations.records
    animals = _animals(survey)
    table = observations_table(records, None, animals)
    seq = records.sequences[records.sequences["retrieved"].to_numpy(bool)]
    named = (table["individualID"] != "").to_numpy()
    truth = animals.reindex(seq["true_animal_id"].to_numpy())
    day = seq["start_min"].to_numpy() // 1440
    want = np.where(
        day < truth["independent_day"].to_numpy(),
        "juvenile",
        np.where(day >= truth["adult_day"].to_numpy(), "adult", "subadult"),
    )
    assert (table["lifeStage"].to_numpy()[named] == want[named]).all()
    assert {"adult"} <= set(want[named])
