"""The SCR full likelihood (Poisson N) on the link scale, for one data set and mask.

Parameters, in order, on their link scales:

- null model: ``D`` (log, animals/ha), ``g0`` (logit; HN, EX) or ``lambda0`` (log; HHN),
  ``sigma`` (log, metres);
- sex-specific model (``by_sex=True``): ``D``, ``g0_F``, ``g0_M``, ``sigma_F``, ``sigma_M``,
  ``pmix_F`` (logit). This is secr's hybrid mixture (``hcov = "sex"``): one density, a known
  class for every detected animal, class-specific detection, and the proportion female
  ``pmix_F`` among all animals (detected or not).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.special import gammaln

from twin.errors import require
from twin.estimators.inference import from_link
from twin.estimators.mask import Mask
from twin.estimators.scr_kernel import DETECTFN_CODES, DETECTOR_CODES, scr_loglik_kernel
from twin.estimators.scr_reference import scr_loglik_reference
from twin.io.capture_history import SEX_CODES, CaptureHistory

ENGINES: dict[str, Callable[..., tuple[float, np.ndarray]]] = {
    "numba": scr_loglik_kernel,
    "numpy": scr_loglik_reference,
}


@dataclass(frozen=True)
class _Group:
    """Detection events of one class of individuals, in the kernel's CSR layout."""

    n: int
    row_of: np.ndarray
    ev_ptr: np.ndarray
    ev_k: np.ndarray
    ev_s: np.ndarray
    ev_y: np.ndarray


def _group(data: CaptureHistory, keep: np.ndarray) -> _Group:
    """CSR events of the individuals flagged in ``keep`` (shape (n,))."""
    ind, det, occ, count = data.events
    sel = keep[ind]
    new_index = np.cumsum(keep) - 1
    ind, det, occ, count = new_index[ind[sel]], det[sel], occ[sel], count[sel]
    n = int(keep.sum())
    ev_ptr = np.concatenate([[0], np.cumsum(np.bincount(ind, minlength=n))]).astype(np.int64)
    row_of = np.full(data.n_detectors, -1, dtype=np.int64)
    used = np.unique(det)
    row_of[used] = np.arange(used.size)
    return _Group(n, row_of, ev_ptr, det.astype(np.int64), occ.astype(np.int64), count)


def _geometry(traps_xy_m: np.ndarray, mask_xy_m: np.ndarray) -> tuple[np.ndarray, ...]:
    """Squared distances (K, M) and their separable parts over distinct mask x and y."""
    ux, ix = np.unique(mask_xy_m[:, 0], return_inverse=True)
    uy, iy = np.unique(mask_xy_m[:, 1], return_inverse=True)
    dx2 = (traps_xy_m[:, 0, None] - ux[None, :]) ** 2
    dy2 = (traps_xy_m[:, 1, None] - uy[None, :]) ** 2
    d2 = dx2[:, ix] + dy2[:, iy]
    return tuple(
        np.ascontiguousarray(a) for a in (d2, dx2, dy2, ix.astype(np.int64), iy.astype(np.int64))
    )


class SCRLikelihood:
    """Negative log-likelihood of an SCR data set as a function of link-scale parameters.

    Parameters
    ----------
    data
        Capture history (its ``detector_type`` says how the counts are read).
    mask
        Habitat mask.
    detectfn
        ``"HN"``, ``"HHN"`` or ``"EX"``.
    by_sex
        Sex-specific detection (hybrid mixture); needs a sex for every individual.
    engine
        ``"numba"`` (the kernel) or ``"numpy"`` (the reference).
    """

    def __init__(
        self,
        data: CaptureHistory,
        mask: Mask,
        detectfn: str = "HHN",
        by_sex: bool = False,
        engine: str = "numba",
    ) -> None:
        require(detectfn in DETECTFN_CODES, "detectfn", detectfn, "HN, HHN or EX")
        require(engine in ENGINES, "engine", engine, "numba or numpy")
        if by_sex:
            require(
                data.individual_sex is not None,
                f"capture history of {data.species or 'the species'}: sex",
                None,
                "a known sex (F/M) of every individual for a sex-specific model",
            )
        self.data, self.mask, self.detectfn, self.by_sex = data, mask, detectfn, by_sex
        self._kernel = ENGINES[engine]
        self.geometry = _geometry(data.xy_m, mask.xy_m)
        self.usage = np.ascontiguousarray(data.usage, dtype=float)
        n = data.n_individuals
        if by_sex:
            self._groups = [
                _group(data, np.asarray(data.individual_sex == code)) for code in SEX_CODES
            ]
        else:
            self._groups = [_group(data, np.ones(n, dtype=bool))]
        self._components: dict[bytes, tuple[float, float]] = {}

    @property
    def n(self) -> int:
        """Number of detected individuals."""
        return self.data.n_individuals

    @property
    def detection_name(self) -> str:
        """``"lambda0"`` for HHN, else ``"g0"``."""
        return "lambda0" if self.detectfn == "HHN" else "g0"

    @property
    def names(self) -> list[str]:
        """Parameter names in the order of the link-scale vector."""
        det = self.detection_name
        if self.by_sex:
            return ["D", f"{det}_F", f"{det}_M", "sigma_F", "sigma_M", "pmix_F"]
        return ["D", det, "sigma"]

    @property
    def links(self) -> list[str]:
        """Link function of each parameter."""
        det_link = "log" if self.detectfn == "HHN" else "logit"
        if self.by_sex:
            return ["log", det_link, det_link, "log", "log", "logit"]
        return ["log", det_link, "log"]

    def components(self, theta: np.ndarray) -> tuple[float, float]:
        """Effective sampling area ``a`` (ha) and ``sum_i log(A sum_m P_i)`` incl. class weights.

        ``theta`` holds the detection parameters (the link vector without ``D``). Values are
        kept per exact ``theta``: finite differences in ``D`` alone, the Newton polish and the
        final Hessian revisit the same detection parameters (~20% of a fit's evaluations).
        """
        theta = np.asarray(theta, dtype=float)
        key = theta.tobytes()
        if key not in self._components:
            self._components[key] = self._evaluate(theta)
        return self._components[key]

    def _evaluate(self, theta: np.ndarray) -> tuple[float, float]:
        """The kernel's components at ``theta``, uncached."""
        n_groups = len(self._groups)
        par0 = from_link(theta[:n_groups], self.links[1])
        sigma_m = np.exp(theta[n_groups : 2 * n_groups])
        weights = np.array([1.0]) if not self.by_sex else np.array([1.0, 0.0])
        if self.by_sex:
            weights[0] = float(from_link(theta[-1], "logit"))
            weights[1] = 1.0 - weights[0]
        a_ha, ll_sum = 0.0, 0.0
        code_fn, code_det = DETECTFN_CODES[self.detectfn], DETECTOR_CODES[self.data.detector_type]
        for g, grp in enumerate(self._groups):
            a_g, ll_g = self._kernel(
                self.geometry,
                code_fn,
                code_det,
                float(par0[g]),
                float(sigma_m[g]),
                self.usage,
                grp.row_of,
                grp.ev_ptr,
                grp.ev_k,
                grp.ev_s,
                grp.ev_y,
                self.mask.cell_area_ha,
            )
            a_ha += weights[g] * a_g
            ll_sum += float(np.sum(ll_g)) + (grp.n * np.log(weights[g]) if grp.n else 0.0)
        return a_ha, ll_sum

    def negloglik(self, beta: np.ndarray) -> float:
        """Negative log-likelihood at link-scale ``beta`` (``beta[0]`` = log D per ha)."""
        a_ha, ll_sum = self.components(np.asarray(beta[1:], dtype=float))
        value = -(self.n * beta[0] - np.exp(beta[0]) * a_ha + ll_sum)
        return float(value) if np.isfinite(value) else np.inf

    def profile_negloglik(self, theta: np.ndarray) -> float:
        """Negative log-likelihood with D at its MLE ``n / a`` given detection parameters."""
        a_ha, ll_sum = self.components(np.asarray(theta, dtype=float))
        if not a_ha > 0:
            return np.inf
        value = -(self.n * np.log(self.n / a_ha) - self.n + ll_sum)
        return float(value) if np.isfinite(value) else np.inf

    def density_mle(self, theta: np.ndarray) -> float:
        """MLE of density (animals/ha) given detection parameters: ``n / a``."""
        return self.n / self.components(np.asarray(theta, dtype=float))[0]

    def constant(self) -> float:
        """Log-likelihood terms free of parameters, as secr 5 includes them.

        The multinomial coefficient over distinct histories combined with the Poisson's
        ``-log n!``, plus for proximity detectors the binomial coefficients ``log C(T_k, y_ik)``
        (T_k = occasions with usage > 0) and for count detectors the Poisson terms
        ``y_ik log U_k - log y_ik!`` of the histories collapsed over occasions (secr's
        "fast proximity"); multi-catch histories are compared occasion by occasion.
        """
        ind, det, occ, count = self.data.events
        if self.data.detector_type == "multi":
            return _multinomial(ind, det * self.data.n_occasions + occ, count, self.n)
        n_det = self.data.n_detectors
        pair, inverse = np.unique(ind * n_det + det, return_inverse=True)
        y_ik = np.bincount(inverse, weights=count)
        ind_ik, det_ik = np.divmod(pair, n_det)
        value = _multinomial(ind_ik, det_ik, y_ik, self.n)
        if self.data.detector_type == "proximity":
            trials = (self.usage > 0).sum(axis=1)[det_ik]
            return value + float(
                np.sum(gammaln(trials + 1) - gammaln(y_ik + 1) - gammaln(trials - y_ik + 1))
            )
        usage_total = self.usage.sum(axis=1)
        value += float(np.sum(y_ik * np.log(usage_total[det_ik]) - gammaln(y_ik + 1)))
        return value - float(np.sum(count * np.log(self.usage[det, occ])))


def _multinomial(ind: np.ndarray, cell: np.ndarray, count: np.ndarray, n: int) -> float:
    """``-sum_h log(n_h!)`` over groups of identical histories (cells and counts per individual)."""
    histories = [
        tuple(zip(cell[ind == i].tolist(), count[ind == i].tolist(), strict=True)) for i in range(n)
    ]
    _, n_same = np.unique(
        np.array([hash(h) for h in histories], dtype=np.int64), return_counts=True
    )
    return -float(gammaln(n_same + 1).sum())
