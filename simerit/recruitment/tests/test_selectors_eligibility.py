import datetime as dt

from simerit.organization.models import EducationLevel
from simerit.recruitment.selectors.eligibility import check_applicant, requirements_for
from simerit.recruitment.tests.factories import ApplicantFactory, FormasiFactory


def test_requirements_come_from_the_formasi_rows(db):
    formasi = FormasiFactory.create(min_age=20, max_age=30)
    req = requirements_for(formasi)
    assert (req.min_age, req.max_age, req.age_reference_date) == (20, 30, dt.date(2026, 8, 1))
    assert [(r.level_code, r.majors) for r in req.education] == [("S1", ("Keperawatan",))]


def test_check_applicant_reports_failures_in_plain_words(db):
    formasi = FormasiFactory.create()
    applicant = ApplicantFactory.create(
        birth_date=dt.date(1990, 1, 1),
        education_level=EducationLevel.objects.get(code="SMA"),
        education_major="IPA",
    )
    result = check_applicant(applicant, formasi)
    assert [f.message for f in result.failures] == [
        "Usia Anda pada 1 Agustus 2026 adalah 36 tahun 7 bulan; batas usia 35 tahun.",
        "Pendidikan Anda tidak sesuai: formasi ini menerima jenjang Sarjana (S-1).",
    ]


def test_check_applicant_accepts_a_matching_applicant(db):
    formasi = FormasiFactory.create()
    applicant = ApplicantFactory.create(birth_date=dt.date(1998, 3, 3))
    assert check_applicant(applicant, formasi).eligible is True
