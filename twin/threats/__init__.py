"""Poaching, enforcement and penalty policies: the threats model (docs/threats.md).

Poachers living in the villages around the park decide every day whether to make a trip
(quantal response to gain and expected penalty), walk into the park, set snares and shoot cats
they meet; ranger patrols and cameras catch them; courts fine and jail them. Policies are Hydra
options of the ``policy`` group (``conf/policy/``) with dated timelines.
"""

from twin.threats.build import build_threats
from twin.threats.model import ThreatModel
from twin.threats.policy import Policy, policy_from_config, policy_names

__all__ = [
    "Policy",
    "ThreatModel",
    "build_threats",
    "policy_from_config",
    "policy_names",
]
