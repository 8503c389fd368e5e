"""SCR estimates reproduce the R package secr's reference fits."""

from __future__ import annotations

import functools

import numpy as np
import pytest

from tests.estimators.scr_helpers import SECR_DIR, load_reference_fits
from twin.estimators import SCR, Mask, read_secr_csv

REFERENCES = load_reference_fits()
IDS = [f"{r['dataset']}-{r['detectfn']}" for r in REFERENCES]


@functools.cache
def _fit_at(index: int):
    return _fit(REFERENCES[index])


def _fit(ref: dict):
    history = read_secr_csv(SECR_DIR / ref["captures"], SECR_DIR / ref["traps"], ref["detector"])
    mask = Mask.from_csv(SECR_DIR / ref["mask"])
    return SCR(history, mask, ref["detectfn"]).fit()


@pytest.mark.parametrize("index", range(len(REFERENCES)), ids=IDS)
def test_fit_matches_secr(index):
    """D, g0/lambda0 and sigma agree within 0.1%, their SEs within 10%, limits within 1%."""
    ref = REFERENCES[index]
    out = _fit_at(index).to_dict()
    assert out["converged"], out["message"]
    assert out["n_individuals"] == ref["n_individuals"]
    assert out["n_detections"] == ref["n_detections"]
    detection = "lambda0" if ref["detectfn"] == "HHN" else "g0"
    for name in ("D", detection, "sigma"):
        ours, theirs = out[name], ref[name]
        assert ours["est"] == pytest.approx(theirs["est"], rel=1e-3), name
        assert ours["se"] == pytest.approx(theirs["se"], rel=0.10), name
        assert ours["lcl"] == pytest.approx(theirs["lcl"], rel=0.01), name
        assert ours["ucl"] == pytest.approx(theirs["ucl"], rel=0.01), name


@pytest.mark.parametrize("index", range(len(REFERENCES)), ids=IDS)
def test_loglik_and_aic_match_secr(index):
    """The maximised log-likelihood includes secr's constants, so logLik and AIC agree."""
    ref = REFERENCES[index]
    out = _fit_at(index).to_dict()
    assert out["loglik"] == pytest.approx(ref["loglik"], abs=1e-4)
    assert out["AIC"] == pytest.approx(ref["AIC"], abs=2e-3)


def test_to_dict_has_the_reference_key_layout():
    """to_dict carries every estimate and count key of reference_fits.json."""
    ref = REFERENCES[0]
    out = _fit_at(0).to_dict()
    provenance = {"dataset", "captures", "traps", "mask", "buffer_m", "secr_seconds"}
    assert set(ref) - provenance <= set(out)
    assert {"converged", "message"} <= set(out)
    assert set(out["D"]) == {"est", "se", "lcl", "ucl"}


@pytest.mark.parametrize("ref", REFERENCES[::2], ids=[r["dataset"] for r in REFERENCES[::2]])
def test_trap_buffer_mask_reproduces_secr_make_mask(ref):
    """Mask.from_traps(buffer, nx=64) gives secr's make.mask points and spacing."""
    history = read_secr_csv(SECR_DIR / ref["captures"], SECR_DIR / ref["traps"])
    ours = Mask.from_traps(history, ref["buffer_m"], nx=64)
    theirs = Mask.from_csv(SECR_DIR / ref["mask"])
    assert ours.n_points == ref["mask_points"] == theirs.n_points
    assert ours.spacing_m == pytest.approx(ref["mask_spacing_m"], rel=1e-12)
    assert theirs.spacing_m == pytest.approx(ref["mask_spacing_m"], rel=1e-12)
    np.testing.assert_allclose(ours.xy_m, theirs.xy_m, rtol=0, atol=1e-6)
