"""ABC machinery of the hindcast calibration: priors, the parameter sets' seeds, distance and
acceptance, ABC-PMC proposals and importance weights, rejection runs and the resumable runs
table.

Nothing here knows the hindcast: :mod:`twin.calibration.calibrate` supplies the priors, the
simulator and the census figures.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from twin.errors import TwinInputError
from twin.results import atomic_write

KINDS = ("uniform", "normal", "lognormal", "beta")


@dataclass(frozen=True)
class Prior:
    """A prior: ``uniform(a, b)``, ``normal(a, b)``, ``lognormal(log a, b)`` or ``beta(a, b)``."""

    kind: str
    a: float
    b: float

    def draw(self, rng: np.random.Generator) -> float:
        """One draw from the prior."""
        if self.kind == "uniform":
            return float(rng.uniform(self.a, self.b))
        if self.kind == "normal":
            return float(rng.normal(self.a, self.b))
        if self.kind == "lognormal":
            return float(rng.lognormal(np.log(self.a), self.b))
        if self.kind == "beta":
            return float(rng.beta(self.a, self.b))
        raise TwinInputError(f"prior kind={self.kind!r} is not allowed: one of {KINDS}")

    def logpdf(self, x: np.ndarray) -> np.ndarray:
        """Log prior density at ``x`` (``-inf`` outside the support)."""
        x = np.asarray(x, dtype=float)
        if self.kind == "uniform":
            return stats.uniform(self.a, self.b - self.a).logpdf(x)
        if self.kind == "normal":
            return stats.norm(self.a, self.b).logpdf(x)
        if self.kind == "lognormal":
            return stats.lognorm(self.b, scale=self.a).logpdf(x)
        if self.kind == "beta":
            return stats.beta(self.a, self.b).logpdf(x)
        raise TwinInputError(f"prior kind={self.kind!r} is not allowed: one of {KINDS}")


def distance(simulated: np.ndarray, observed: np.ndarray, weight: np.ndarray) -> float:
    """Weighted root mean square of the relative errors ``(simulated - observed) / observed``."""
    rel = (np.asarray(simulated, float) - observed) / observed
    return float(np.sqrt(np.sum(weight * rel**2) / np.sum(weight)))


def accept(distances: np.ndarray, tolerance: float | None, quantile: float) -> np.ndarray:
    """Accepted simulations: ``distance <= tolerance`` (default: the ``quantile``'s value)."""
    d = np.asarray(distances, dtype=float)
    eps = float(np.quantile(d, quantile)) if tolerance is None else float(tolerance)
    return d <= eps


Job = tuple[str, dict[str, float]]
"""A parameter set to simulate: its key (:func:`set_key`) and its values by parameter name."""
SET_STREAMS = ("draw", "runs")
"""A parameter set's named streams, the children of its seed in this order: ``draw`` seeds the
generator its values are drawn with, ``runs`` spawns the seeds of its simulation runs."""


def set_key(seed: int, generation: int, index: int) -> str:
    """The name of parameter set ``index`` of ``generation`` of the calibration seeded by
    ``seed``, ``"seed/generation/index"``: the ``set_key`` column of the runs tables."""
    return f"{seed}/{generation}/{index}"


def set_seed(key: str) -> np.random.SeedSequence:
    """The seed of the parameter set named ``key`` (:func:`set_key`): the ``index``-th child of
    its generation's ``SeedSequence([seed, generation])``, built without spawning.

    Generation 0's sequence is ``SeedSequence(seed)`` itself (numpy pads entropy with zeros, so
    both have one state): its sets are ``SeedSequence(seed).spawn(n)``. A set's streams are the
    children of its seed (:func:`set_streams`), never integers drawn from it.
    """
    seed, generation, index = (int(part) for part in key.split("/"))
    return np.random.SeedSequence([seed, generation], spawn_key=(index,))


def set_streams(key: str) -> dict[str, np.random.SeedSequence]:
    """The named streams (:data:`SET_STREAMS`) of the parameter set ``key``: children of its
    seed, the same on every call."""
    return dict(zip(SET_STREAMS, set_seed(key).spawn(len(SET_STREAMS)), strict=True))


def _set_generators(seed: int, generation: int, n: int) -> list[tuple[str, np.random.Generator]]:
    """Each of the ``n`` sets of ``generation``: its key and the generator its values are drawn
    with (on its ``draw`` stream)."""
    keys = [set_key(seed, generation, i) for i in range(n)]
    return [(k, np.random.default_rng(set_streams(k)["draw"])) for k in keys]


def draw_parameters(priors: Mapping[str, Prior], seed: int, n: int) -> list[Job]:
    """The ``n`` parameter sets of generation 0 drawn from the ``priors``; set ``i`` depends only
    on ``seed`` and ``i`` (:func:`set_seed`)."""
    return [
        (key, {k: p.draw(rng) for k, p in priors.items()})
        for key, rng in _set_generators(seed, 0, n)
    ]


def log_prior(priors: Mapping[str, Prior], theta: np.ndarray) -> np.ndarray:
    """Joint log prior density of the rows of ``theta`` (columns in the order of ``priors``)."""
    theta = np.atleast_2d(theta)
    return np.sum([p.logpdf(theta[:, k]) for k, p in enumerate(priors.values())], axis=0)


def pmc_kernel(theta: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Covariance of the Gaussian perturbation kernel: twice the weighted covariance of the
    previous generation's accepted particles (Beaumont et al. 2009, Biometrika 96: 983-990)."""
    return 2.0 * np.atleast_2d(np.cov(theta, rowvar=False, aweights=weights))


def propose(
    priors: Mapping[str, Prior],
    theta: np.ndarray,
    weights: np.ndarray,
    seed: int,
    generation: int,
    n: int,
    max_tries: int = 1000,
) -> list[Job]:
    """The ``n`` parameter sets of an ABC-PMC generation.

    Each set perturbs a particle of the previous generation (drawn by weight) with the kernel of
    :func:`pmc_kernel`, redrawn until it has positive prior density. Set ``i`` depends only on
    ``seed``, ``generation`` and ``i`` (:func:`set_seed`).
    """
    cov = pmc_kernel(theta, weights)
    p = np.asarray(weights, float) / np.sum(weights)
    out = []
    for key, rng in _set_generators(seed, generation, n):
        for _ in range(max_tries):
            new = rng.multivariate_normal(theta[rng.choice(len(theta), p=p)], cov)
            if np.isfinite(log_prior(priors, new)[0]):
                break
        else:
            raise RuntimeError("no proposal with positive prior density in 1000 tries")
        out.append((key, dict(zip(priors, map(float, new), strict=True))))
    return out


PROPOSALS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "weighted": lambda w: np.asarray(w, float),
    "equal": lambda w: np.ones(len(w)),
}
"""Component weights of a generation's kernel mixture from the previous particles' weights:
``weighted`` (Beaumont et al. 2009) or ``equal``. Either way the new particles' weights are
prior / that mixture, so the choice changes the search, not the target; ``equal`` keeps the
kernel's covariance and centres from collapsing onto the few sets that carry most weight."""


def importance_weights(
    priors: Mapping[str, Prior],
    theta: np.ndarray,
    previous: np.ndarray,
    previous_weights: np.ndarray,
) -> np.ndarray:
    """ABC-PMC weights of new particles: prior / (kernel mixture over the previous generation)."""
    return np.exp(log_prior(priors, theta)) / proposal_density(theta, previous, previous_weights)


def proposal_density(
    theta: np.ndarray, previous: np.ndarray, previous_weights: np.ndarray
) -> np.ndarray:
    """Density at the rows of ``theta`` of an ABC-PMC generation's proposal: the mixture of
    :func:`pmc_kernel` Gaussians centred on ``previous``, with component weights
    ``previous_weights``. (Redraws outside the priors' support are not renormalised, as in
    Beaumont et al. 2009.)"""
    cov = pmc_kernel(previous, previous_weights)
    p = np.asarray(previous_weights, float) / np.sum(previous_weights)
    mix = np.zeros(len(np.atleast_2d(theta)))
    for j in range(len(previous)):
        mix += p[j] * stats.multivariate_normal(previous[j], cov, allow_singular=True).pdf(theta)
    return mix


def pooled_weights(
    priors: Mapping[str, Prior], theta: np.ndarray, densities: np.ndarray, counts: np.ndarray
) -> np.ndarray:
    """Deterministic-mixture importance weights of simulations pooled from several proposals.

    Row ``i`` of ``theta`` gets ``prior / sum_k (n_k / n) q_k``: ``densities[k]`` holds proposal
    ``k``'s density at every row and ``counts[k]`` how many rows it proposed (the balance
    heuristic of multiple importance sampling, Veach & Guibas 1995; its use to recycle the
    particles of all generations is AMIS, Cornuet et al. 2012, Scand. J. Stat. 39: 798-812).
    Each proposal's own weights, prior / q_k, can hinge on one particle where q_k is thin; the
    mixture is thin only where all the proposals are.
    """
    counts = np.asarray(counts, float)
    mix = np.asarray(densities, float).T @ (counts / counts.sum())
    return np.exp(log_prior(priors, theta)) / mix


def start_particles(
    table: pd.DataFrame, priors: Mapping[str, Prior], seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Particles and weights to propose a first generation from: the accepted sets of the last
    generation of an earlier ABC ``table`` (scored, as ``hindcast_abc.csv``).

    Parameters that ``table`` lacks (priors added since) are drawn from their prior, seeded by
    ``seed``. The first generation is then an importance sample like any later one: its weights
    are prior / proposal (:func:`importance_weights`), so the earlier run only makes the search
    efficient and does not enter the posterior.
    """
    gen = table["generation"] if "generation" in table else pd.Series(0, index=table.index)
    acc = table[table["accepted"].astype(bool) & (gen == gen.max())]
    if len(acc) < 2:
        raise TwinInputError(f"{len(acc)} accepted sets in its last generation: 2 or more needed")
    rng = np.random.default_rng(np.random.SeedSequence([seed, 2]))
    cols = [
        acc[k].to_numpy(float) if k in acc else np.array([p.draw(rng) for _ in range(len(acc))])
        for k, p in priors.items()
    ]
    theta = np.column_stack(cols)
    if not np.isfinite(log_prior(priors, theta)).all():
        raise TwinInputError("some of its accepted sets lie outside the priors")
    weights = acc["weight"].to_numpy(float) if "weight" in acc else np.ones(len(acc))
    return theta, weights


def rejection_abc(
    simulate_summaries: Callable[[Job], dict[str, object]],
    jobs: Sequence[Job],
    observed: pd.DataFrame,
    *,
    tolerance: float | None = None,
    quantile: float = 0.2,
    on_row: Callable[[dict[str, object]], None] | None = None,
    workers: int = 1,
) -> pd.DataFrame:
    """Simulate each job, score it against ``observed`` and mark the accepted ones.

    ``simulate_summaries(job)`` returns the job's row with ``sim_<year>_<species>_<stage>``
    columns in the order of ``observed``; the table gains ``distance`` and ``accepted``.
    """
    rows: list[dict[str, object]] = []
    if workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            for row in pool.map(simulate_summaries, jobs):
                rows.append(row)
                if on_row is not None:
                    on_row(row)
    else:
        for job in jobs:
            rows.append(simulate_summaries(job))
            if on_row is not None:
                on_row(rows[-1])
    return score(pd.DataFrame(rows), observed, tolerance, quantile)


def score(
    table: pd.DataFrame, observed: pd.DataFrame, tolerance: float | None, quantile: float
) -> pd.DataFrame:
    """Add ``distance`` and ``accepted`` to a table of simulated summaries.

    With a ``generation`` column (ABC-PMC), acceptance is decided within each generation. The
    ``sim_`` columns are matched to ``observed``'s rows by name (``sim_<year>_<species>_<stage>``)
    where ``observed`` names its figures, else taken in order.
    """
    cols = [c for c in table.columns if c.startswith("sim_")]
    if {"year", "species", "stage"} <= set(observed.columns):
        want = [f"sim_{y}_{s}_{g}" for y, s, g in observed[["year", "species", "stage"]].values]
        missing = [c for c in want if c not in cols]
        if missing:
            raise TwinInputError(
                f"the ABC table has no simulated {', '.join(missing)}: it was run against other "
                "census figures; score it with those, or run a new calibration"
            )
        cols = want
    if len(cols) != len(observed):
        raise TwinInputError(f"{len(cols)} simulated summaries for {len(observed)} census figures")
    sims = table[cols].to_numpy(float)
    obs, w = observed["census"].to_numpy(float), observed["weight"].to_numpy(float)
    d = np.array([distance(s, obs, w) for s in sims])
    gen = table["generation"].to_numpy() if "generation" in table else np.zeros(len(table))
    ok = np.zeros(len(table), dtype=bool)
    for g in np.unique(gen):
        ok[gen == g] = accept(d[gen == g], tolerance, quantile)
    return table.assign(distance=d, accepted=ok)


def append_row(csv: Path, row: Mapping[str, object]) -> None:
    """Append ``row`` to the runs table ``csv`` in the order of its header; a column the table
    lacks (written by an older version) is added by rewriting the table whole (atomically)."""
    frame = pd.DataFrame([dict(row)])
    if not csv.exists():
        frame.to_csv(csv, index=False)
        return
    header = list(pd.read_csv(csv, nrows=0).columns)
    if set(frame.columns) - set(header):
        table = pd.concat([pd.read_csv(csv), frame], ignore_index=True)
        atomic_write(csv, lambda p: table.to_csv(p, index=False))
        return
    frame.reindex(columns=header).to_csv(csv, mode="a", header=False, index=False)
