"""From rows to the pure eligibility rules: the one bridge used by the board, the checker and submission."""

from simerit.recruitment.models import Applicant, Formasi
from simerit.recruitment.rules import (
    ApplicantProfile,
    EducationRule,
    Eligibility,
    FormasiRequirements,
    check_eligibility,
)


def requirements_for(formasi: Formasi) -> FormasiRequirements:
    """The formasi's requirements; prefetch `education__level` when doing this for many formasi."""
    return FormasiRequirements(
        min_age=formasi.min_age,
        max_age=formasi.max_age,
        age_reference_date=formasi.age_reference_date,
        education=tuple(
            EducationRule(rule.level.code, rule.level.name, tuple(rule.majors))
            for rule in formasi.education.all()
        ),
        track=formasi.track,
        min_gpa=formasi.min_gpa,
        track_name=formasi.get_track_display(),
    )


def profile_of(applicant: Applicant) -> ApplicantProfile:
    return ApplicantProfile(
        birth_date=applicant.birth_date,
        education_level_code=applicant.education_level.code if applicant.education_level else "",
        education_major=applicant.education_major,
        gpa=applicant.gpa,
        is_disabled=applicant.is_disabled,
    )


def check_applicant(applicant: Applicant, formasi: Formasi) -> Eligibility:
    return check_eligibility(profile_of(applicant), requirements_for(formasi))
