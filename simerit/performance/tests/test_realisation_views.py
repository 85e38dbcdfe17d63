import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from simerit.audit.models import AuditEvent
from simerit.performance.models import (
    CoachingFeedback,
    CoachingNote,
    Evidence,
    Realisation,
    ResultFeedback,
)
from simerit.performance.services import coaching as coaching_services
from simerit.performance.services import realisation as services
from simerit.performance.tests.factories import make_skp, make_team
from simerit.performance.tests.factories_realisation import (
    plan_fixture,  # noqa: F401
    today_fixture,  # noqa: F401
)
from simerit.recruitment.tests.samples import (
    media_fixture,  # noqa: F401
    pdf_bytes,
    stored_files,
    upload,
)


def url(name, plan, *args):
    return reverse(f"performance:{name}", args=[plan.skp.pk, *args])


def owner(plan):
    return plan.team.user(plan.team.staff[1])


def chief(plan):
    return plan.team.user(plan.team.chief)


@pytest.fixture(name="recorded")
def recorded_fixture(plan, media):
    """A realisation of Triwulan I with one PDF as evidence, and a coaching note."""
    realisation = services.record_realisation(
        indicator=plan.documents, period_index=1, value=Decimal(30), note="", actor=owner(plan)
    )
    content = pdf_bytes()
    evidence = services.add_evidence(
        realisation=realisation, upload=upload("bukti.pdf", content), actor=owner(plan)
    )
    coaching = coaching_services.add_coaching_note(
        skp=plan.skp,
        kind="bimbingan",
        held_on=dt.date(2026, 5, 1),
        notes="Catatan sesi pertama.",
        next_steps="",
        actor=chief(plan),
    )
    return realisation, evidence, content, coaching


def test_the_employee_sees_the_table_with_capaian_and_the_forms(client, recorded, plan):
    client.force_login(owner(plan))

    response = client.get(url("skp-realisation", plan))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Capaian: 75,00%" in html
    assert "bukti.pdf" in html
    assert 'data-testid="record-form"' in html
    assert 'data-testid="coaching-feedback-form"' in html
    assert 'data-testid="coaching-form"' not in html
    assert plan.team.staff[1].nik not in html


def test_the_evaluator_sees_feedback_and_coaching_forms_but_not_the_record_form(
    client, recorded, plan
):
    client.force_login(chief(plan))

    html = client.get(url("skp-realisation", plan)).content.decode()

    assert 'data-testid="coaching-form"' in html
    assert 'name="text"' in html  # feedback per result
    assert 'data-testid="record-form"' not in html
    assert "Unggah bukti" not in html


def test_an_empty_skp_shows_empty_states(client, plan):
    client.force_login(owner(plan))
    html = client.get(url("skp-realisation", plan)).content.decode()
    assert "Belum ada catatan bimbingan kinerja." in html
    assert 'data-testid="empty-state"' in html


def test_a_peer_and_another_unit_get_404(client, recorded, plan):
    other = make_team(prefix="Lain ")
    _, evidence, _, _ = recorded
    for user in (plan.team.user(plan.team.staff[2]), other.user(other.chief)):
        client.force_login(user)
        assert client.get(url("skp-realisation", plan)).status_code == 404
        assert client.get(url("skp-evidence-file", plan, evidence.pk)).status_code == 404
        response = client.post(
            url("skp-realisation-record", plan),
            {"indicator": plan.documents.pk, "period_index": 1, "value": "1"},
        )
        assert response.status_code == 404
    assert Realisation.objects.get().value == Decimal("30.00")


def test_the_evaluator_downloads_the_evidence_as_an_attachment(client, recorded, plan):
    _, evidence, content, _ = recorded
    client.force_login(chief(plan))

    response = client.get(url("skp-evidence-file", plan, evidence.pk))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Disposition"] == (
        f'attachment; filename="bukti-dukung-2026-{evidence.pk}.pdf"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"


def test_evidence_of_another_skp_is_404_through_this_skp(client, recorded, plan):
    _, evidence, _, _ = recorded
    other = make_team(prefix="Lain ")
    other_skp = make_skp(other.staff[1])
    client.force_login(chief(plan))
    response = client.get(
        reverse("performance:skp-evidence-file", args=[other_skp.pk, evidence.pk])
    )
    assert response.status_code == 404


def test_the_employee_records_through_the_page(client, plan):
    client.force_login(owner(plan))

    response = client.post(
        url("skp-realisation-record", plan),
        {"indicator": plan.documents.pk, "period_index": 2, "value": "41", "note": "baik"},
    )

    assert response.status_code == 302
    assert response["Location"].endswith("/realisasi/#realisasi")
    assert Realisation.objects.get().value == Decimal("41.00")


def test_a_refusal_is_shown_as_a_message_and_nothing_changes(client, plan):
    client.force_login(owner(plan))

    response = client.post(
        url("skp-realisation-record", plan),
        {"indicator": plan.documents.pk, "period_index": 1, "value": "-3"},
        follow=True,
    )

    assert "Realisasi tidak boleh negatif." in response.content.decode()
    assert Realisation.objects.count() == 0


def test_a_future_period_is_not_offered_and_is_refused(client, plan):
    client.force_login(owner(plan))
    html = client.get(url("skp-realisation", plan)).content.decode()
    assert '<option value="3">' not in html

    response = client.post(
        url("skp-realisation-record", plan),
        {"indicator": plan.documents.pk, "period_index": 3, "value": "5"},
        follow=True,
    )
    assert response.status_code == 200
    assert Realisation.objects.count() == 0


def test_a_forbidden_upload_through_the_page_is_refused(client, recorded, plan, media):
    realisation, _, _, _ = recorded
    client.force_login(owner(plan))
    before = stored_files(media)

    response = client.post(
        url("skp-evidence-add", plan, realisation.pk),
        {"file": upload("laporan.pdf", b"<!doctype html><p>halo</p>")},
        follow=True,
    )

    assert "bukan PDF, JPG, atau PNG" in response.content.decode()
    assert Evidence.objects.count() == 1
    assert stored_files(media) == before


def test_the_employee_removes_evidence_through_the_page(
    client, recorded, plan, media, django_capture_on_commit_callbacks
):
    _, evidence, _, _ = recorded
    client.force_login(owner(plan))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("skp-evidence-remove", plan, evidence.pk))
    assert response.status_code == 302
    assert Evidence.objects.count() == 0
    assert stored_files(media) == []


def test_the_evaluator_writes_feedback_and_coaching_through_the_page(client, plan):
    client.force_login(chief(plan))

    client.post(
        url("skp-result-feedback", plan),
        {"result": plan.result.pk, "period_index": 1, "text": "Tingkatkan ketelitian."},
    )
    client.post(
        url("skp-coaching-add", plan),
        {"kind": "check_in", "held_on": "2026-05-14", "notes": "Check-in bulanan."},
    )

    assert ResultFeedback.objects.get().text == "Tingkatkan ketelitian."
    assert CoachingNote.objects.get().kind == "check_in"
    html = client.get(url("skp-realisation", plan)).content.decode()
    assert "Tingkatkan ketelitian." in html
    assert "Check-in bulanan." in html


def test_the_employee_answers_coaching_once_through_the_page(client, recorded, plan):
    *_, coaching = recorded
    client.force_login(owner(plan))
    prefix = f"bimbingan-{coaching.pk}"
    data = {
        f"{prefix}-item_didengar": "5",
        f"{prefix}-item_data_akurat": "4",
        f"{prefix}-item_bertanya": "3",
        f"{prefix}-item_langkah": "2",
        f"{prefix}-item_bermanfaat": "1",
        f"{prefix}-comment": "Terima kasih.",
    }

    client.post(url("skp-coaching-feedback", plan, coaching.pk), data)
    response = client.post(
        url("skp-coaching-feedback", plan, coaching.pk),
        {**data, f"{prefix}-item_didengar": "1"},
        follow=True,
    )

    assert CoachingFeedback.objects.get().answers == {
        "didengar": 5,
        "data_akurat": 4,
        "bertanya": 3,
        "langkah": 2,
        "bermanfaat": 1,
    }
    html = response.content.decode()
    assert "sudah diberikan" in html
    assert "Saya merasa didengarkan selama bimbingan." in html
    assert 'data-testid="coaching-feedback"' in html


def test_the_auditor_reads_and_cannot_write(client, recorded, plan, auditor):
    _, evidence, _, _ = recorded
    client.force_login(auditor)
    before = (AuditEvent.objects.count(), Realisation.objects.get().value)

    page = client.get(url("skp-realisation", plan))
    download = client.get(url("skp-evidence-file", plan, evidence.pk))
    posts = [
        client.post(
            url("skp-realisation-record", plan),
            {"indicator": plan.documents.pk, "period_index": 1, "value": "1"},
        ),
        client.post(url("skp-evidence-remove", plan, evidence.pk)),
        client.post(
            url("skp-result-feedback", plan),
            {"result": plan.result.pk, "period_index": 1, "text": "x"},
        ),
        client.post(
            url("skp-coaching-add", plan),
            {"kind": "check_in", "held_on": "2026-05-14", "notes": "x"},
        ),
    ]

    assert page.status_code == 200
    html = page.content.decode()
    for marker in ('data-testid="record-form"', 'data-testid="coaching-form"', "Unggah bukti"):
        assert marker not in html
    assert 'name="text"' not in html
    assert 'data-testid="coaching-feedback-form"' not in html
    assert download.status_code == 200
    assert [response.status_code for response in posts] == [403, 403, 403, 403]
    assert (AuditEvent.objects.count(), Realisation.objects.get().value) == before
    assert Evidence.objects.count() == 1


def test_anonymous_is_sent_to_login(client, plan):
    response = client.get(url("skp-realisation", plan))
    assert response.status_code == 302
    assert "login" in response["Location"] or "masuk" in response["Location"]
