"""Performance management (PermenPANRB 6/2022; domain reference §5). Callers import the models from
here."""

from simerit.performance.models.appraisal import Appraisal, Objection, Predikat, Rating
from simerit.performance.models.behaviour import BehaviourIndicator, BehaviourValue
from simerit.performance.models.credit import CreditCoefficient
from simerit.performance.models.development import TrainingNeed
from simerit.performance.models.feedback360 import (
    SCORE_LABELS,
    BehaviourRating,
    BehaviourResponse,
    RaterAssignment,
    RaterGroup,
)
from simerit.performance.models.realisation import (
    CoachingFeedback,
    CoachingNote,
    Evidence,
    Realisation,
    ResultFeedback,
)
from simerit.performance.models.skp import Expectation, Indicator, Skp, WorkResult
from simerit.performance.models.years import (
    Frequency,
    OrganisationPredikat,
    PerformanceYear,
    UnitPredikat,
)

__all__ = [
    "SCORE_LABELS",
    "Appraisal",
    "BehaviourIndicator",
    "BehaviourRating",
    "BehaviourResponse",
    "BehaviourValue",
    "CoachingFeedback",
    "CoachingNote",
    "CreditCoefficient",
    "Evidence",
    "Expectation",
    "Frequency",
    "Indicator",
    "Objection",
    "OrganisationPredikat",
    "PerformanceYear",
    "Predikat",
    "RaterAssignment",
    "RaterGroup",
    "Rating",
    "Realisation",
    "ResultFeedback",
    "Skp",
    "TrainingNeed",
    "UnitPredikat",
    "WorkResult",
]
