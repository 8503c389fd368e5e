"""Species codes shared by every layer: the ABM's arrays, camera passages and observation tables."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

LEOPARD = 0
TIGER = 1
HUMAN = 2


@dataclass(frozen=True)
class Taxon:
    """A taxon as the observation tables name it (Camtrap DP ``scientificName``)."""

    code: int
    key: str
    scientific_name: str
    vernacular_en: str
    vernacular_ru: str
    rank: str = "species"


TAXA: dict[int, Taxon] = {
    LEOPARD: Taxon(
        LEOPARD, "leopard", "Panthera pardus", "Amur leopard", "дальневосточный леопард"
    ),
    TIGER: Taxon(TIGER, "tiger", "Panthera tigris", "Amur tiger", "амурский тигр"),
    HUMAN: Taxon(HUMAN, "human", "Homo sapiens", "human", "человек"),
}

CAT_KEYS: tuple[str, ...] = ("leopard", "tiger")
"""Config keys of the simulated cat species, in code order."""


def code_of(key: str) -> int:
    """Return the species code of a config key such as ``"leopard"``."""
    for taxon in TAXA.values():
        if taxon.key == key:
            return taxon.code
    raise KeyError(key)


def keys_of(codes: np.ndarray) -> np.ndarray:
    """Config keys (``"leopard"``, ...) of an array of species codes, vectorised."""
    table = np.array([TAXA[c].key if c in TAXA else "" for c in range(max(TAXA) + 1)], dtype=object)
    return table[np.asarray(codes, dtype=np.int64)]
