"""Effects of the penalty-policy cells against today's policy, with Monte Carlo SEs."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from experiments.penalty_policy import BASELINE, EFFECT_OUTCOMES, effects_main, write_effects
from twin.errors import TwinInputError
from twin.io.docs_block import replace_block
from twin.sweeps.effects import effects_markdown, effects_table
from twin.sweeps.seeds import parameter_hash
from twin.sweeps.store import StoredRow, write_row

KEYS = list(BASELINE)


def _table(cells: dict[tuple, list[float]], outcome: str = "leopard_alive_end") -> pd.DataFrame:
    rows = [
        {**dict(zip(KEYS, cell, strict=True)), "replicate": r, outcome: value}
        for cell, values in cells.items()
        for r, value in enumerate(values)
    ]
    return pd.DataFrame(rows)


def test_effect_and_unpaired_se_by_hand():
    """Baseline 1, 2, 3 (mean 2, SD 1); cell 4, 6, 8 (mean 6, SD 2): effect 4, SE sqrt(4/3 +
    1/3), beyond 2 SE; replicates for 2 SE < effect: n > 4 (4 + 1) / 16 = 1.25, so 2."""
    table = _table({(1, 1, 26): [1, 2, 3], (2, 1, 26): [4, 6, 8]})
    out = effects_table(table, ["leopard_alive_end"], BASELINE, by=KEYS)
    assert len(out) == 1
    rec = out.iloc[0]
    assert rec["study.penalty_scale"] == 2 and rec["n"] == 3 and rec["n_baseline"] == 3
    assert rec["effect"] == pytest.approx(4.0)
    assert rec["effect_se"] == pytest.approx(math.sqrt(4 / 3 + 1 / 3))
    assert rec["z"] == pytest.approx(4.0 / math.sqrt(5 / 3))
    assert bool(rec["beyond_2se"]) and rec["replicates_needed"] == 2


def test_a_small_effect_in_noise_is_not_separated():
    """Effect 1 with SDs of 5 over 4 replicates: SE ~3.5, not beyond 2 SE; ~201 replicates
    would separate it (n > 4 x 50 / 1)."""
    base = [95.0, 100.0, 105.0, 100.0]
    cell = [v + 1 for v in base]
    out = effects_table(
        _table({(1, 1, 26): base, (1, 0.5, 26): cell}), ["leopard_alive_end"], BASELINE, by=KEYS
    )
    rec = out.iloc[0]
    sd = np.std(base, ddof=1)
    assert rec["effect_se"] == pytest.approx(math.sqrt(2 * sd**2 / 4))
    assert not rec["beyond_2se"]
    assert rec["replicates_needed"] == math.floor(4 * 2 * sd**2) + 1


def test_unequal_replicates_and_missing_values():
    """A NaN outcome is left out of its cell's n, mean and SD."""
    table = _table({(1, 1, 26): [10, 12, math.nan, 14], (0.25, 1, 26): [20, 24]})
    rec = effects_table(table, ["leopard_alive_end"], BASELINE, by=KEYS).iloc[0]
    assert rec["n_baseline"] == 3 and rec["n"] == 2
    assert rec["effect_se"] == pytest.approx(math.sqrt(8 / 2 + 4 / 3))


def test_a_missing_baseline_is_refused():
    """Without today's cell in the table there is nothing to compare with."""
    table = _table({(2, 1, 26): [1, 2], (0.25, 1, 26): [3, 4]})
    with pytest.raises(TwinInputError, match="baseline"):
        effects_table(table, ["leopard_alive_end"], BASELINE, by=KEYS)


def test_markdown_marks_effects_beyond_2se_and_block_is_replaced():
    """One row per cell, `effect (SE)` per outcome with `*` beyond 2 SE; the block between the
    markers is rewritten and the text around it kept; a file without the block is refused."""
    table = _table({(1, 1, 26): [1, 2, 3], (2, 1, 26): [4, 6, 8]})
    out = effects_table(table, ["leopard_alive_end"], BASELINE, by=KEYS)
    text = effects_markdown(out, KEYS, {"leopard_alive_end": "leopards alive"})
    assert "| 2 | 1 | 26 | +4.0 (1.3)* |" in text
    doc = "before\n<!-- penalty_effects -->\nold\n<!-- /penalty_effects -->\nafter\n"
    new = replace_block(doc, "penalty_effects", text)
    assert new.startswith("before\n<!-- penalty_effects -->\n| ") and new.endswith("after\n")
    assert "old" not in new
    with pytest.raises(TwinInputError, match="penalty_effects"):
        replace_block("no block here", "penalty_effects", text)


def _write_runs(folder, cells):
    for cell, values in cells.items():
        for r, value in enumerate(values):
            params = {**dict(zip(KEYS, cell, strict=True)), "replicate": r}
            columns = dict.fromkeys(EFFECT_OUTCOMES, value)
            row = StoredRow(params, "[1, 2]", parameter_hash(params), 1, "c", values=columns)
            name = ",".join(f"{k}={v}" for k, v in params.items())
            write_row(folder / name, row)


def test_write_effects_from_a_sweep_folder(tmp_path):
    """Rows of a sweep folder -> effects.csv (every outcome, every non-baseline cell) and the
    docs block with the runs counted."""
    _write_runs(tmp_path / "sweep", {(1, 1, 26): [100, 102, 98], (1, 1, 0): [90, 91, 89]})
    docs = tmp_path / "doc.md"
    docs.write_text("x\n<!-- penalty_effects -->\n<!-- /penalty_effects -->\n")
    path = write_effects(tmp_path / "sweep", tmp_path / "out", docs)
    effects = pd.read_csv(path)
    assert len(effects) == len(EFFECT_OUTCOMES)
    assert effects["effect"].eq(-10).all() and effects["beyond_2se"].all()
    assert "6 runs in 2 cells, 3 replicates a cell" in docs.read_text()


def test_effects_command_exits_2_on_an_empty_folder(tmp_path, capsys):
    """No complete run in the folder: status 2 and a message naming it."""
    assert effects_main([str(tmp_path)]) == 2
    assert "SWEEP_DIR" in capsys.readouterr().err
