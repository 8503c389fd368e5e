"""The OSSE app (experiments/osse.py): summary from cached cases, docs block, bad input."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]


def _case(nature: int, hit: bool) -> dict:
    scores = {"in50": hit, "in90": True, "abs_rel_error": 0.1 * (nature + 1), "crps": 2.0}
    return {
        "species": "leopard",
        "quantity": "adults",
        "horizon_years": 1,
        "truth": 40.0,
        **{f"{f}_{k}": v for f in ("twin", "naive", "truth_start") for k, v in scores.items()},
        "osse": "identical",
        "nature": nature,
    }


def _app(*overrides: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "experiments.osse", *overrides],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def test_summary_only_writes_the_tables_and_the_docs_block(tmp_path):
    """From cached cases alone: osse_coverage.csv with the issue's columns and the docs block
    with the natures counted; nothing is simulated."""
    cases = tmp_path / "out" / "identical" / "cases"
    cases.mkdir(parents=True)
    for i in range(3):
        pd.DataFrame([_case(i, i != 1)]).to_csv(cases / f"nature_{i:04d}.csv", index=False)
    doc = tmp_path / "doc.md"
    doc.write_text("x\n<!-- osse_coverage -->\nold\n<!-- /osse_coverage -->\ny\n")
    done = _app("osse.summary_only=true", f"osse.out={tmp_path / 'out'}", f"osse.docs={doc}",
                f"hydra.run.dir={tmp_path / 'h'}")  # fmt: skip
    assert done.returncode == 0, done.stderr
    table = pd.read_csv(tmp_path / "out" / "osse_coverage.csv")
    assert table.loc[0, "n"] == 3 and abs(table.loc[0, "coverage50"] - 2 / 3) < 1e-12
    assert table.columns[:10].tolist()[-1] == "truth_start_median_abs_rel_error"
    text = doc.read_text()
    assert "Natures scored: identical 3" in text and "old" not in text and text.endswith("y\n")


def test_a_bad_kind_exits_2_naming_the_key(tmp_path):
    """osse.kind outside identical/fraternal: exit 2, one line naming osse.kind."""
    done = _app("osse.kind=cousin", f"osse.out={tmp_path}", f"hydra.run.dir={tmp_path / 'h'}")
    assert done.returncode == 2 and "osse.kind" in done.stderr and "Traceback" not in done.stderr
