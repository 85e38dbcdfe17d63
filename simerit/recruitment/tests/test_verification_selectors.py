"""Reads of verification: the queue's query count, outcomes and their public wording, snapshots."""

import datetime as dt

import pytest

from simerit.recruitment.models import Application, Formasi, RejectionReason
from simerit.recruitment.selectors import verification as selectors
from simerit.recruitment.tests.factories import ApplicantFactory
from simerit.recruitment.tests.test_verification_support import (
    FIRST,
    assign,
    make_verifier,
    private_media,
    review_all,
    submitted_application,
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    private_media(settings, tmp_path)


def test_queue_reads_in_one_query_whatever_its_length(verifier, django_assert_num_queries):
    for _ in range(4):
        assign(submitted_application(), verifier)
    with django_assert_num_queries(1):
        rows = [
            (a.application.formasi.position.name, a.application.applicant.name, a.role)
            for a in selectors.list_queue(verifier=verifier)
        ]
    assert len(rows) == 4


def test_outcome_lists_detailed_and_public_reasons_in_reading_order(verifier):
    applicant = ApplicantFactory.create(birth_date=dt.date(1980, 1, 1))
    application = submitted_application(applicant=applicant)
    application.documents.filter(kind__code="ktp").delete()
    assignment = assign(application, verifier)
    review_all(application, verifier, invalid={"ijazah": RejectionReason.NAME_MISMATCH})
    outcome = selectors.compute_outcome(application, assignment)
    assert outcome.is_ms is False
    assert outcome.reasons == [
        "Ijazah: Nama tidak sesuai dengan data pendaftaran. Catatan: Ijazah buram di bagian nama.",
        "KTP: dokumen wajib tidak diunggah.",
        "Usia Anda pada 1 Agustus 2026 adalah 46 tahun 7 bulan; batas usia 35 tahun.",
    ]
    assert outcome.public_reasons == [
        "Ijazah: Nama tidak sesuai dengan data pendaftaran",
        "KTP: tidak diunggah",
        "Usia tidak memenuhi syarat",
    ]


def test_outcome_checks_the_declared_track_with_its_public_wording(verifier):
    application = submitted_application()
    Formasi.objects.filter(pk=application.formasi_id).update(track="diaspora")
    application = Application.objects.get(pk=application.pk)
    assignment = assign(application, verifier)
    review_all(application, verifier)
    outcome = selectors.compute_outcome(application, assignment)
    assert outcome.reasons == ["Formasi ini khusus untuk pelamar jalur Diaspora."]
    assert outcome.public_reasons == ["Tidak memenuhi syarat jenis formasi"]
    Application.objects.filter(pk=application.pk).update(track_claim="diaspora")
    application = Application.objects.get(pk=application.pk)
    assert selectors.compute_outcome(application, assignment).is_ms is True


def test_outcome_without_reviews_lists_the_unreviewed_documents(verifier):
    application = submitted_application()
    outcome = selectors.compute_outcome(application, assign(application, verifier))
    assert outcome.unreviewed == ["Ijazah", "KTP"]
    assert outcome.is_ms is True  # nothing invalid yet; deciding is refused until reviewed


@pytest.mark.parametrize(
    ("snapshot", "expected"),
    [
        ({}, None),
        ({"eligible": True, "failures": []}, []),
        (
            {"eligible": False, "failures": [{"code": "age_max", "message": "Terlalu tua."}]},
            ["Terlalu tua."],
        ),
    ],
)
def test_snapshot_failures_read_what_submission_recorded(db, snapshot, expected):
    application = submitted_application()
    Application.objects.filter(pk=application.pk).update(eligibility_snapshot=snapshot)
    application.refresh_from_db()
    assert selectors.snapshot_failures(application) == expected


def test_open_load_counts_every_open_assignment(db):
    busy, idle = make_verifier(), make_verifier()
    assign(submitted_application(), busy)
    done = assign(submitted_application(), busy)
    done.completed_at = done.created_at
    done.save()
    assert selectors.open_load([busy.pk, idle.pk]) == {busy.pk: 1, idle.pk: 0}


def test_get_assignment_filters_by_role_and_verifier(verifier):
    application = submitted_application()
    assignment = assign(application, verifier)
    assert selectors.get_assignment(application=application, role=FIRST) == assignment
    other = make_verifier()
    assert selectors.get_assignment(application=application, role=FIRST, verifier=other) is None
