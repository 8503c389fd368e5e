"""The SCR bias decomposition (experiments/bias_decomposition.py): seeds, resume, summary."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from experiments.bias_decomposition import (
    VARIANTS,
    append_rows,
    markdown_table,
    replicate_seed,
    run_missing,
    summarise,
    write_docs_table,
)


def test_replicate_seeds_are_the_children_of_one_seed_sequence():
    """Replicate i's seed is the i-th child of SeedSequence(entropy), whatever the variant."""
    children = np.random.SeedSequence(5).spawn(3)
    for i, child in enumerate(children):
        assert replicate_seed(5, i).generate_state(4).tolist() == child.generate_state(4).tolist()


def test_every_variant_is_a_valid_scenario():
    """Each variant's overrides compose and validate on the default scenario."""
    import twin

    for overrides in VARIANTS.values():
        twin.load_scenario(["years=0.1", *overrides])


def test_rows_with_new_columns_rewrite_the_file(tmp_path):
    """Appending rows with a column the file lacks keeps the old rows, with NaN in it."""
    runs_csv = tmp_path / "runs.csv"
    append_rows(runs_csv, pd.DataFrame({"variant": ["baseline"], "replicate": [0]}))
    append_rows(runs_csv, pd.DataFrame({"variant": ["baseline"], "replicate": [1]}))
    append_rows(runs_csv, pd.DataFrame({"variant": ["a"], "replicate": [0], "x": [1.5]}))
    rows = pd.read_csv(runs_csv)
    assert rows["replicate"].tolist() == [0, 1, 0] and rows["x"].isna().tolist() == [
        True,
        True,
        False,
    ]


@pytest.mark.slow
def test_runs_resume_and_summary_pairs_with_the_baseline(tmp_path):
    """A second call runs nothing; the summary has one row per variant and species, the
    baseline's own difference is 0, and the docs block is rewritten in place."""
    runs_csv = tmp_path / "runs.csv"
    variants = ["baseline", "no_poaching"]

    def run() -> int:
        return run_missing(runs_csv, variants, 2, entropy=3, years=0.1, workers=1, log=print)

    assert run() == 4
    first = pd.read_csv(runs_csv)
    assert len(first) == 8 and set(first["species"]) == {"leopard", "tiger"}
    assert run() == 0
    assert pd.read_csv(runs_csv).equals(first)

    summary = summarise(first)
    columns = {"n", "D_relbias", "D_relbias_mcse", "D_relbias_diff", "D_relbias_diff_mcse",
               "sigma_km", "sigma_km_mcse", "sigma_km_diff_mcse", "N_relbias"}  # fmt: skip
    assert columns <= set(summary.columns)
    assert len(summary) == 4 and (summary["n"] == 2).all()
    base = summary[summary["variant"] == "baseline"]
    assert (base["D_relbias_diff"].fillna(0.0) == 0.0).all()
    assert "`no_poaching`" in markdown_table(summary)

    docs = tmp_path / "bias.md"
    docs.write_text("a\n<!-- bias_decomposition:table -->\nold\n<!-- /bias_decomposition -->\nb\n")
    write_docs_table(summary, docs, "cmd")
    text = docs.read_text()
    assert "old" not in text and "Made by `cmd`" in text and text.endswith("b\n")
