"""Population estimators that read observations only (never the agent-based model or cameras).

Every estimator is ``Model(observations, ...).fit() -> results`` with ``summary()``, and reads
the one capture-history type :class:`CaptureHistory` (or the plain arrays of its views):

- :class:`SCR` / :class:`SCRFit`: spatial capture-recapture by maximum likelihood (secr's model)
  on a habitat :class:`Mask`;
- :class:`ClosedCR` / :class:`ClosedCRFit`: closed populations M0, Mt (Otis et al. 1978) and
  Mh (Chao 1987; Burnham & Overton jackknife);
- :class:`REM` / :class:`REMFit`: random encounter model (Rowcliffe et al. 2008);
- :class:`Occupancy` / :class:`OccupancyFit`: single-season occupancy (MacKenzie et al. 2002).

secr's CSV files: :func:`read_secr_csv`, :func:`write_secr_csv`.
"""

from twin.estimators.closed_cr import ClosedCR
from twin.estimators.closed_cr_results import ClosedCRFit
from twin.estimators.inference import Estimate
from twin.estimators.mask import Mask
from twin.estimators.occupancy import Occupancy, OccupancyFit
from twin.estimators.rem import REM, REMFit
from twin.estimators.scr_model import SCR
from twin.estimators.scr_results import SCRFit
from twin.estimators.scr_simulate import simulate_scr
from twin.io.capture_history import CaptureHistory
from twin.io.secr_csv import read_secr_csv, write_secr_csv

__all__ = [
    "REM",
    "SCR",
    "CaptureHistory",
    "ClosedCR",
    "ClosedCRFit",
    "Estimate",
    "Mask",
    "Occupancy",
    "OccupancyFit",
    "REMFit",
    "SCRFit",
    "read_secr_csv",
    "simulate_scr",
    "write_secr_csv",
]
