from simerit.career.models.promotion import (
    CreditOpening,
    CreditRequirement,
    EducationCeiling,
    PromotionRule,
)
from simerit.career.models.talent import (
    PotentialAssessment,
    RetirementAge,
    SuccessionCandidate,
    TalentSettings,
)

__all__ = [
    "CreditOpening",
    "CreditRequirement",
    "EducationCeiling",
    "PotentialAssessment",
    "PromotionRule",
    "RetirementAge",
    "SuccessionCandidate",
    "TalentSettings",
]
