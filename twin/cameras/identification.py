"""Individual identification of leopards and tigers from the spot and stripe patterns of a flank.

The observer works on the retrieved photos after the survey:

1. Triggers of one animal at one station less than ``pairing_window_s`` apart form an *encounter*
   (at a paired station both cameras usually fire on one pass, seeing opposite flanks).
2. Each sequence shows its flank readably with probability
   ``p_read * 2 ** (-(distance_m / read_half_distance_m) ** 2)``, ``p_read`` being
   ``p_read_day`` or ``p_read_night`` (infrared photos are monochrome and softer).
3. ``flank_policy == "catalogue"``: an individual enters the catalogue once one encounter shows
   both flanks readably; afterwards any readable flank of it is matched, including encounters
   that show one flank only. Animals never seen from both flanks stay unidentified, as in
   left/right-flank ambiguity protocols. ``"any_flank"`` treats every readable flank as
   identifiable (the optimistic assumption of many simulation studies).
4. An identified encounter is given a wrong label with probability ``misid_rate``: another
   catalogued individual of the same species, chosen uniformly.

Labels are ``<species key>-<true id, 4 digits>`` (``"leopard-0042"``), so estimators see real
individual labels while scoring can still count the errors (``misidentified``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from twin.cameras.camera_config import IdentificationConfig
from twin.taxa import LEOPARD, TAXA, TIGER

IDENTIFIABLE_SPECIES = (LEOPARD, TIGER)
LEFT, RIGHT = 0, 1


def individual_label(species: int, animal_id: int) -> str:
    """Label the observer writes for an individual, e.g. ``"leopard-0042"``."""
    return f"{TAXA[int(species)].key}-{int(animal_id):04d}"


def read_probability(
    distance_m: np.ndarray, is_night: np.ndarray, cfg: IdentificationConfig
) -> np.ndarray:
    """Probability that a sequence shows its flank pattern well enough to identify the animal.

    Parameters
    ----------
    distance_m
        Distance of the animal from the camera, in m.
    is_night
        True where the photos were taken with infrared flash.
    cfg
        Identification settings.

    Returns
    -------
    numpy.ndarray
        Probabilities in [0, 1], broadcast shape of the inputs.
    """
    p_max = np.where(np.asarray(is_night, bool), cfg.p_read_night, cfg.p_read_day)
    scaled = np.asarray(distance_m, float) / cfg.read_half_distance_m
    return p_max * np.exp2(-(scaled**2))


def encounter_ids(sequences: pd.DataFrame, window_s: float) -> np.ndarray:
    """Encounter number of each sequence (-1 where not a retrieved leopard or tiger).

    Sequences of the same true animal at the same station whose starts are at most ``window_s``
    apart (chained) share an encounter.
    """
    result = np.full(len(sequences), -1, dtype=np.int64)
    candidate = (
        sequences["retrieved"].to_numpy(bool)
        & np.isin(sequences["species"].to_numpy(), IDENTIFIABLE_SPECIES)
        & (sequences["true_animal_id"].to_numpy() >= 0)
    )
    rows = np.flatnonzero(candidate)
    if rows.size == 0:
        return result
    sub = sequences.iloc[rows]
    order = np.lexsort(
        (
            sub["start_min"].to_numpy(),
            sub["true_animal_id"].to_numpy(),
            sub["species"].to_numpy(),
            sub["station_id"].astype(str).to_numpy(),
        )
    )
    station = sub["station_id"].astype(str).to_numpy()[order]
    animal = sub["true_animal_id"].to_numpy()[order]
    species = sub["species"].to_numpy()[order]
    start = sub["start_min"].to_numpy(float)[order]
    new = np.ones(rows.size, dtype=bool)
    new[1:] = (
        (station[1:] != station[:-1])
        | (animal[1:] != animal[:-1])
        | (species[1:] != species[:-1])
        | (np.diff(start) > window_s / 60.0)
    )
    result[rows[order]] = np.cumsum(new) - 1
    return result


def identify(
    sequences: pd.DataFrame, cfg: IdentificationConfig, rng: np.random.Generator
) -> pd.DataFrame:
    """Fill ``identified``, ``individual_id`` and ``misidentified`` of retrieved cat sequences.

    Parameters
    ----------
    sequences
        Table with the columns of :data:`twin.cameras.records.SEQUENCE_COLUMNS`.
    cfg
        Identification settings.
    rng
        Random stream of the observer.

    Returns
    -------
    pandas.DataFrame
        A copy of ``sequences``; every sequence of an identified encounter carries its label.
    """
    out = sequences.copy()
    out["identified"], out["individual_id"], out["misidentified"] = False, "", False
    encounter = encounter_ids(sequences, cfg.pairing_window_s)
    rows = np.flatnonzero(encounter >= 0)
    if rows.size == 0:
        return out
    encounters = _readable_flanks(sequences.iloc[rows], encounter[rows], cfg, rng)
    labels, wrong = _label_encounters(encounters, cfg, rng)
    seq_label = labels[encounter[rows]]
    out.loc[out.index[rows], "identified"] = seq_label != ""
    out.loc[out.index[rows], "individual_id"] = seq_label
    out.loc[out.index[rows], "misidentified"] = wrong[encounter[rows]]
    return out


def _readable_flanks(
    candidates: pd.DataFrame,
    encounter: np.ndarray,
    cfg: IdentificationConfig,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Per encounter (in id order): readable ``left``/``right`` flank seen, species, animal."""
    readable = rng.random(len(candidates)) < read_probability(
        candidates["distance_m"].to_numpy(float), candidates["is_night"].to_numpy(bool), cfg
    )
    flank = candidates["flank"].to_numpy()
    per_sequence = pd.DataFrame({
        "encounter": encounter,
        "left": readable & (flank == LEFT),
        "right": readable & (flank == RIGHT),
        "species": candidates["species"].to_numpy(),
        "animal": candidates["true_animal_id"].to_numpy(),
    })  # fmt: skip
    return per_sequence.groupby("encounter").agg(
        left=("left", "any"), right=("right", "any"), species=("species", "first"),
        animal=("animal", "first"),
    )  # fmt: skip


def _label_encounters(
    enc: pd.DataFrame, cfg: IdentificationConfig, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Label (or "") and misidentified flag per encounter, in encounter order."""
    both = enc["left"].to_numpy() & enc["right"].to_numpy()
    seen = enc["left"].to_numpy() | enc["right"].to_numpy()
    entry = both if cfg.flank_policy == "catalogue" else seen
    keys = list(zip(enc["species"].to_numpy(), enc["animal"].to_numpy(), strict=True))
    catalogued = {key for key, ok in zip(keys, entry, strict=True) if ok}
    catalogue = sorted(catalogued)
    identified = seen & np.array([key in catalogued for key in keys], dtype=bool)
    flip = rng.random(len(enc)) < cfg.misid_rate
    labels = np.full(len(enc), "", dtype=object)
    wrong = np.zeros(len(enc), dtype=bool)
    for i in np.flatnonzero(identified):
        species, animal = keys[i]
        others = [a for s, a in catalogue if s == species and a != animal]
        if flip[i] and others:
            animal = others[int(rng.integers(len(others)))]
            wrong[i] = True
        labels[i] = individual_label(species, animal)
    return labels, wrong
