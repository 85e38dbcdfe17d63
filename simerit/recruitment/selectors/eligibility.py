"""From rows to the pure eligibility rules: the one bridge used by the board, the checker and submission."""

from simerit.recruitment.models import Applicant, Application, Formasi
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


def profile_of(applicant: Applicant, *, track: str | None = None) -> ApplicantProfile:
    """The applicant's registered data; `track` is the track they declare (None: not declared,
    as on the board before applying)."""
    return ApplicantProfile(
        birth_date=applicant.birth_date,
        education_level_code=applicant.education_level.code if applicant.education_level else "",
        education_major=applicant.education_major,
        gpa=applicant.gpa,
        is_disabled=applicant.is_disabled,
        track=track,
    )


def check_applicant(
    applicant: Applicant, formasi: Formasi, *, track: str | None = None
) -> Eligibility:
    return check_eligibility(profile_of(applicant, track=track), requirements_for(formasi))


def check_application(application: Application) -> Eligibility:
    """The rules for an application: its applicant, its formasi and the track it declares."""
    return check_applicant(
        application.applicant, application.formasi, track=application.track_claim
    )
