"""Assessment of the estimators against the twin's truth: scoring of estimates over replicates.

- :func:`score_estimate`: relative error and interval coverage of one estimate;
- :func:`summarise`: relative bias, RSE, relative RMSE and coverage over replicates, with Monte
  Carlo standard errors (secrdesign's ``scenarioSummary``).
"""

from twin.assessment.scoring import score_estimate, summarise

__all__ = ["score_estimate", "summarise"]
