"""Population estimators that read observations only (never the agent-based model or cameras).

- :class:`SCR` / :class:`SCRFit`: spatial capture-recapture by maximum likelihood (secr's model);
- :func:`fit_m0`, :func:`fit_mt`, :func:`fit_mh_chao`, :func:`fit_mh_jackknife`: closed
  populations (Otis et al. 1978);
- :func:`fit_rem`: random encounter model (Rowcliffe et al. 2008);
- :func:`fit_occupancy`: single-season occupancy (MacKenzie et al. 2002).
"""

from twin.estimators.capture_data import CaptureData, Traps
from twin.estimators.closed_cr import fit_m0, fit_mt
from twin.estimators.closed_cr_mh import fit_mh_chao, fit_mh_jackknife
from twin.estimators.closed_cr_results import ClosedCRFit, histories_from_capture_data
from twin.estimators.inference import Estimate
from twin.estimators.mask import Mask
from twin.estimators.occupancy import OccupancyFit, fit_occupancy
from twin.estimators.rem import REMFit, fit_rem
from twin.estimators.scr_model import SCR
from twin.estimators.scr_results import SCRFit
from twin.estimators.scr_simulate import simulate_scr

__all__ = [
    "SCR",
    "CaptureData",
    "ClosedCRFit",
    "Estimate",
    "Mask",
    "OccupancyFit",
    "REMFit",
    "SCRFit",
    "Traps",
    "fit_m0",
    "fit_mh_chao",
    "fit_mh_jackknife",
    "fit_mt",
    "fit_occupancy",
    "fit_rem",
    "histories_from_capture_data",
    "simulate_scr",
]
