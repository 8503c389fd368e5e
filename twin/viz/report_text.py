"""The words of the run report: how to read each section, and the main biases of the estimates.

The findings are computed from the run's own ``estimates.csv`` rows; only the causes are words.
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd

INTRO = (
    "One simulated run of the park: the truth (every animal, where it lived and how it died) and "
    "what a camera survey saw of it. The survey's estimates are scored against the truth they "
    "estimate; each truth is defined in words in the estimates table and in "
    "<code>estimates.csv</code> (<code>truth_definition</code>). Hover over any point for its "
    "values; click a legend entry to hide a series, double-click to show it alone."
)

NOTES = {
    "Deaths by cause": "Animals that died during the run, by species and cause (natural, "
    "killed by a tiger, poaching, road). Cats that left the landscape alive are not counted.",
    "Survey estimates": "Each estimator's estimate with its 95% confidence interval, the truth "
    "it is scored against and that truth's definition. relative_error is (estimate - truth) / "
    "truth; covered says whether the interval holds the truth. SCR density is per 100 km2 of "
    "the SCR habitat mask (land within the mask buffer of a station, inside or outside the "
    "park), N is animals in the park. REM assumes cameras placed at random with respect to the "
    "animals' movement, independent events (30 min apart) and a known speed and activity level; "
    "the twin's cameras sit on trails, which the cats follow.",
    "Population": "Animals alive each day by species, sex and stage (adult, subadult, cub). "
    "The thick line is each species' total; steps are births, deaths and dispersal.",
    "Movement": "The tracks of a sample of animals, one frame per week: press play, or drag the "
    "slider under the map. Shaded polygons are each animal's 95% home range over the run "
    "(minimum convex polygon); green is habitat quality, darker is better.",
    "Survey estimates vs truth": "Blue points are estimates with their 95% intervals, red "
    "crosses the truth each is scored against. SCR and REM densities have panels of their own, "
    "each with its own truth (SCR over the mask, REM over the park), and N is compared with "
    "the animals centred in the park.",
    "Camera survey: layout and detections": "Every camera station on the park map, sized and "
    "coloured by the retrieved photos of leopards and tigers it took over the whole survey.",
    "Camera survey: uptime": "The share of stations deployed and the share working each day: "
    "crews put the cameras out over the first weeks, and batteries, full cards, faults and "
    "thefts take some out of service. The estimates use the first window in which enough "
    "stations work.",
    "Camera survey: who was seen where": "Each identified cat is a marker at the mean position of "
    "its detections (size: number of detections), with spokes to every station that "
    "photographed it. Long spokes show animals that range widely; SCR's sigma is fitted to "
    "these distances.",
}
"""Section title (or its start) -> how to read it."""


def note(title: str) -> str:
    """The note of a section as an HTML paragraph ('' for a section without one)."""
    text = next((t for key, t in NOTES.items() if title.startswith(key)), "")
    return f"<p class='note'>{text}</p>" if text else ""


def _row(estimates: pd.DataFrame, estimator: str, species: str, parameter: str) -> pd.Series | None:
    part = estimates[
        (estimates["estimator"] == estimator)
        & (estimates["species"] == species)
        & (estimates["parameter"] == parameter)
        & np.isfinite(estimates["estimate"].astype(float))
    ]
    return None if part.empty else part.iloc[0]


def _pct(row: pd.Series) -> str:
    return f"{row['relative_error']:+.0%}"


def _species_findings(estimates: pd.DataFrame, species: str) -> list[str]:
    """Sentences on one species' SCR, closed-CR and REM estimates."""
    out = []
    scr = _row(estimates, "SCR", species, "density")
    scr_n = _row(estimates, "SCR", species, "N")
    rem = _row(estimates, "REM", species, "density")
    if scr is not None:
        out.append(
            f"SCR density of {species}s is {scr['estimate']:.3g} per 100 km2 against a truth "
            f"of {scr['truth']:.3g} over the mask ({_pct(scr)})."
        )
    if scr is not None and scr_n is not None and rem is not None:
        fewer = rem["truth"] > scr["truth"]
        out.append(
            f"The same fit gives {scr_n['estimate']:.0f} {species}s in the park against "
            f"{scr_n['truth']:.0f} ({_pct(scr_n)}): the park holds {rem['truth']:.3g} per "
            f"100 km2 and the mask {scr['truth']:.3g}, so one density fitted over the mask "
            f"{'under' if fewer else 'over'}-counts the park."
        )
    closed = [r for m in ("M0", "Mh Chao") if (r := _row(estimates, m, species, "N")) is not None]
    if closed:
        errors = ", ".join(f"{r['estimator']} {_pct(r)}" for r in closed)
        out.append(
            f"Closed capture-recapture counts {species}s the cameras reach, not those of the "
            f"park ({errors} against N in the park): the array is open at its edges."
        )
    if rem is not None:
        out.append(
            f"REM gives {rem['estimate']:.3g} {species}s per 100 km2, "
            f"{rem['estimate'] / rem['truth']:.1f} times the truth: cameras on trails meet "
            "cats far more often than cameras placed at random, which REM assumes."
        )
    return out


def findings(estimates: pd.DataFrame) -> list[str]:
    """The main biases of the run's estimates, in words, with their sizes."""
    out = []
    for species in dict.fromkeys(estimates["species"]):
        out += _species_findings(estimates, str(species))
    flags = estimates["covered"].map(lambda v: str(v).lower())
    judged = flags[flags.isin(["true", "false"])]
    if len(judged):
        out.append(
            f"{int((judged == 'true').sum())} of {len(judged)} 95% intervals cover their truth."
        )
    return out


WHY_SCR = (
    "Why SCR is biased here (measured in docs/bias.md over many replicates of the default "
    "survey, one realistic behaviour switched off at a time): sigma comes out far wider than "
    "the cats' home ranges mainly because a few misidentified photos put an animal at a distant "
    "station, and partly because cats without a territory wander and settle during the survey; "
    "without both it matches the ranges. Density is above its truth over the mask because the "
    "cats live where the stations are while the mask reaches 12 km beyond them; "
    "misidentification and the rule that an animal is identified only once seen on both flanks "
    "pull it back down. Births, deaths and poaching within the 91-day window change little; "
    "without cats on trails, trail cameras catch too few to fit."
)
"""Why SCR is biased in the twin, as experiments/bias_decomposition.py measured it."""


def findings_html(estimates: pd.DataFrame) -> str:
    """The findings as an HTML list under a heading (and why SCR is biased, when it ran)."""
    items = "".join(f"<li>{html.escape(s)}</li>" for s in findings(estimates))
    why = (
        f"<p class='note'>{html.escape(WHY_SCR)}</p>"
        if (estimates["estimator"] == "SCR").any()
        else ""
    )
    return f"<h2>Main biases of this run's estimates</h2><ul>{items}</ul>{why}"
