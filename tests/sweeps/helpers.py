"""Hand-made results rows for the sweep tests."""

from __future__ import annotations

from pathlib import Path

from twin.sweeps.seeds import parameter_hash, replicate_seed, seed_entropy
from twin.sweeps.store import StoredRow, write_row


def make_row(
    spacing_m: int, replicate: int, estimate: float = 1.0, truth: float = 1.0
) -> StoredRow:
    """A complete row of a two-parameter sweep with one estimate and two timings."""
    parameters = {"layout.spacing_m": spacing_m, "replicate": replicate}
    return StoredRow(
        parameters=parameters,
        seed_entropy=seed_entropy(replicate_seed(1, parameters)),
        parameters_sha256=parameter_hash(parameters),
        sweep_seed=1,
        config_sha256="c" * 64,
        values={
            "cameras": 10,
            "camera_visits": 20,
            "scr_leopard_density_estimate": estimate,
            "scr_leopard_density_se": 0.1 * estimate,
            "scr_leopard_density_lcl": 0.8 * estimate,
            "scr_leopard_density_ucl": 1.2 * estimate,
            "scr_leopard_density_truth": truth,
            "scr_leopard_density_covered": 0.8 * estimate <= truth <= 1.2 * estimate,
            "scr_leopard_density_relative_error": estimate / truth - 1 if truth else None,
        },
        timings={"total_seconds": 0.5 + replicate, "job_seconds": 1.0},
    )


def write_sweep(root: Path, rows: list[StoredRow]) -> Path:
    """Write each row into its own folder under ``root`` (named as Hydra would)."""
    for row in rows:
        name = ",".join(f"{k}={v}" for k, v in row.parameters.items())
        write_row(root / name, row)
    return root
