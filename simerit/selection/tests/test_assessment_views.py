"""Assessment pages: the assessor's queue and blind score sheet, HR's progress, resolutions and
statistics; permissions (a denied request changes nothing)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from simerit.audit.models import AuditEvent
from simerit.recruitment.rules import mask_name
from simerit.selection.models import AssessorAssignment, ComponentResult, CriterionScore
from simerit.selection.tests.factories_assessment import (
    give,
    levels_for,
    make_assessors,
    make_setup,
    submit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(db):
    setup = make_setup(candidates=1)
    first, second = make_assessors("asesor.a", "asesor.b")
    one, two = give(setup.component, setup.candidates[0], [first, second])
    return setup, one, two


def sheet_url(assignment):
    return reverse("selection:score-sheet", args=[assignment.pk])


def form_data(component, *values, note=""):
    data = {f"level_{key}": str(level) for key, level in levels_for(component, *values).items()}
    data["note"] = note
    return data


# --- the assessor


def test_the_blind_score_sheet_shows_the_code_rubric_and_anchors_but_no_identity(client, case):
    # given
    setup, one, _ = case
    candidate = setup.candidates[0]
    application = candidate.application
    client.force_login(one.assessor)
    # when
    response = client.get(sheet_url(one))
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert candidate.code in html
    assert "Nilai tiap kriteria menurut jangkar perilaku" in html  # instructions
    assert "trombosit 90.000/µL" in html  # case material
    assert "Penilaian klinis: perilaku tingkat 5" in html  # an anchor
    assert html.count('type="radio"') == 15  # 3 criteria × levels 1–5
    for secret in (
        application.applicant.name,
        mask_name(application.applicant.name),
        application.registration_number,
        application.applicant.nik,
    ):
        assert secret not in html


def test_a_sheet_that_is_not_blind_shows_the_masked_name_only(client, db):
    setup = make_setup(candidates=1, is_blind=False)
    (assessor,) = make_assessors("asesor.a")
    (assignment,) = give(setup.component, setup.candidates[0], [assessor])
    application = setup.candidates[0].application
    client.force_login(assessor)
    html = client.get(sheet_url(assignment)).content.decode()
    assert mask_name(application.applicant.name) in html
    assert application.applicant.name not in html
    assert application.registration_number not in html


def test_the_assessor_never_sees_another_assessors_score(client, case):
    # given: both scored, the case is final
    _, one, two = case
    submit(one, 4, 3, 5)  # 78
    submit(two, 3, 3, 4)  # 30 + 18 + 16 = 64: 14 ≤ 15, final 71
    assert ComponentResult.objects.get().score == Decimal("71.0000")
    client.force_login(one.assessor)
    # when
    pages = [
        client.get(sheet_url(one)).content.decode(),
        client.get(reverse("selection:my-assessments")).content.decode(),
    ]
    # then: their own score, never the colleague's or the result
    for html in pages:
        assert "78,00" in html
        for other in ("64,00", "64.0000", "71,00", "71.0000", "asesor.b"):
            assert other not in html
    assert client.get(sheet_url(two)).status_code == 404
    # the own submitted levels stay visible (read-only): 4, 3, 5
    rows = client.get(sheet_url(one)).context["rows"]
    assert [[o["level"] for o in row["options"] if o["checked"]] for row in rows] == [[4], [3], [5]]


def test_the_queue_lists_only_own_assignments_with_filters(client, case, db):
    setup, one, two = case
    other = make_setup(candidates=1)
    (elsewhere,) = give(other.component, other.candidates[0], [two.assessor])
    submit(one, 4, 3, 5)
    client.force_login(one.assessor)
    url = reverse("selection:my-assessments")
    rows = client.get(url).context["rows"]
    assert [row["assignment"].pk for row in rows] == [one.pk]
    assert [row["label"] for row in rows] == [setup.candidates[0].code]
    client.force_login(two.assessor)
    # both open, no deadline: by formasi code (the first formasi was made first)
    assert [row["assignment"].pk for row in client.get(url).context["rows"]] == [
        two.pk,
        elsewhere.pk,
    ]
    assert [
        row["assignment"].pk for row in client.get(url, {"status": "terkirim"}).context["rows"]
    ] == []
    assert client.get(url, {"status": "terbuka"}).context["page_obj"].paginator.count == 2


def test_submitting_the_sheet_stores_the_score_once(client, case):
    setup, one, _ = case
    client.force_login(one.assessor)
    response = client.post(sheet_url(one), form_data(setup.component, 4, 3, 5, note="Baik."))
    assert response.status_code == 302
    assert response["Location"] == reverse("selection:my-assessments")
    one.refresh_from_db()
    assert (one.score, one.note) == (Decimal("78.0000"), "Baik.")
    # a second post changes nothing and says why
    response = client.post(sheet_url(one), form_data(setup.component, 1, 1, 1), follow=True)
    assert "nilai yang sudah dikirim tidak dapat diubah" in response.content.decode()
    assert AssessorAssignment.objects.get(pk=one.pk).score == Decimal("78.0000")
    assert CriterionScore.objects.count() == 3


def test_a_sheet_with_a_level_out_of_range_shows_the_message_and_saves_nothing(client, case):
    setup, one, _ = case
    client.force_login(one.assessor)
    response = client.post(sheet_url(one), form_data(setup.component, 4, 9, 5))
    assert response.status_code == 200
    assert (
        "Skor kriteria &quot;Tindakan keperawatan&quot; harus bilangan bulat 1–5; yang dikirim 9."
        in response.content.decode()
    )
    # the levels already chosen stay chosen
    assert response.context["rows"][0]["options"][3]["checked"] is True
    assert AssessorAssignment.objects.get(pk=one.pk).submitted_at is None
    assert not CriterionScore.objects.exists()


def test_after_the_deadline_the_sheet_is_closed_and_a_post_saves_nothing(client, case):
    setup, one, _ = case
    setup.component.scoring_closes_at = timezone.now() - dt.timedelta(hours=1)
    setup.component.save()
    client.force_login(one.assessor)
    html = client.get(sheet_url(one)).content.decode()
    assert 'data-testid="window-refusal"' in html
    response = client.post(sheet_url(one), form_data(setup.component, 4, 3, 5), follow=True)
    assert "sudah lewat" in response.content.decode()
    assert AssessorAssignment.objects.get(pk=one.pk).submitted_at is None


@pytest.mark.parametrize("persona", ["hr_admin", "auditor", "applicant", "verifier"])
def test_score_sheets_are_for_assessors_only(client, request, case, persona):
    _, one, _ = case
    client.force_login(request.getfixturevalue(persona))
    assert client.get(sheet_url(one)).status_code == 403
    assert client.get(reverse("selection:my-assessments")).status_code == 403


def test_another_assessors_sheet_is_404_and_a_post_changes_nothing(client, case, assessor):
    setup, one, _ = case
    client.force_login(assessor)
    assert client.get(sheet_url(one)).status_code == 404
    assert client.post(sheet_url(one), form_data(setup.component, 4, 3, 5)).status_code == 404
    assert AssessorAssignment.objects.get(pk=one.pk).submitted_at is None


# --- HR and the Auditor


@pytest.mark.parametrize("persona", ["hr_admin", "auditor"])
def test_hr_and_the_auditor_read_progress_identities_and_statistics(client, request, case, persona):
    setup, one, two = case
    submit(one, 4, 3, 5)
    submit(two, 3, 3, 3)  # flagged
    client.force_login(request.getfixturevalue(persona))
    component = setup.component
    overview = client.get(reverse("selection:assessment-overview", args=[setup.formasi.period_id]))
    assert overview.status_code == 200
    assert [c.pk for c in overview.context["page_obj"].object_list] == [component.pk]
    detail = client.get(reverse("selection:assessment-component", args=[component.pk]))
    assert detail.context["progress"] == {
        "candidates": 1,
        "cases_assigned": 1,
        "assigned": 2,
        "submitted": 2,
        "final": 0,
        "flagged": 1,
        "absent": 0,
    }
    html = detail.content.decode()
    assert "Asesor asesor.a: 78,00" in html
    assert setup.candidates[0].application.registration_number in html
    stats = client.get(reverse("selection:assessment-stats", args=[component.pk]))
    assert [
        (row["username"], row["mean"], row["mean_difference"]) for row in stats.context["rows"]
    ] == [
        ("asesor.a", "78,00", "+18,00"),
        ("asesor.b", "60,00", "-18,00"),
    ]
    assert stats.context["icc"] == "—"  # one case: not computable yet


@pytest.mark.parametrize("persona", ["assessor", "applicant", "employee"])
def test_hr_pages_are_refused_to_others(client, request, case, persona):
    setup, _, _ = case
    client.force_login(request.getfixturevalue(persona))
    urls = [
        reverse("selection:assessment-overview", args=[setup.formasi.period_id]),
        reverse("selection:assessment-component", args=[setup.component.pk]),
        reverse("selection:assessment-stats", args=[setup.component.pk]),
    ]
    assert [client.get(url).status_code for url in urls] == [403, 403, 403]


def test_the_auditor_cannot_assign_resolve_or_mark_absent(client, auditor, case):
    setup, one, two = case
    submit(one, 4, 3, 5)
    submit(two, 3, 3, 3)
    result = ComponentResult.objects.get()
    make_assessors("asesor.c", "asesor.d")
    client.force_login(auditor)
    before = (AssessorAssignment.objects.count(), AuditEvent.objects.count())
    posts = [
        reverse("selection:assessment-assign", args=[setup.component.pk]),
        reverse("selection:assessment-third", args=[result.pk]),
        reverse("selection:assessment-panel", args=[result.pk]),
        reverse("selection:assessment-absent", args=[setup.component.pk, setup.candidates[0].pk]),
        reverse("selection:assessment-reassign", args=[one.pk]),
    ]
    assert [client.post(url).status_code for url in posts] == [403] * 5
    assert (AssessorAssignment.objects.count(), AuditEvent.objects.count()) == before
    assert ComponentResult.objects.get().status == ComponentResult.Status.FLAGGED


def test_hr_assigns_from_the_component_page(client, hr_admin, db):
    setup = make_setup(candidates=2)
    make_assessors("asesor.a", "asesor.b")
    client.force_login(hr_admin)
    url = reverse("selection:assessment-assign", args=[setup.component.pk])
    response = client.post(url, follow=True)
    assert "4 penugasan asesor dibuat dan diberitahukan." in response.content.decode()
    assert AssessorAssignment.objects.count() == 4
    response = client.post(url, follow=True)
    assert "Semua peserta sudah memiliki asesor" in response.content.decode()


def test_a_refused_assignment_run_shows_why(client, hr_admin, db):
    setup = make_setup(candidates=1)
    make_assessors("asesor.a")
    client.force_login(hr_admin)
    response = client.post(
        reverse("selection:assessment-assign", args=[setup.component.pk]), follow=True
    )
    assert "Asesor yang memenuhi syarat tidak cukup untuk 1 peserta" in response.content.decode()
    assert not AssessorAssignment.objects.exists()


def test_hr_resolves_a_flag_by_third_assessor_and_by_panel(client, hr_admin, case):
    _, one, two = case
    submit(one, 4, 3, 5)
    submit(two, 3, 3, 3)
    result = ComponentResult.objects.get()
    make_assessors("asesor.c")
    client.force_login(hr_admin)
    response = client.post(reverse("selection:assessment-third", args=[result.pk]), follow=True)
    assert "Asesor ketiga ditugaskan: Asesor asesor.c." in response.content.decode()
    panel_url = reverse("selection:assessment-panel", args=[result.pk])
    assert client.get(panel_url).status_code == 200
    short = client.post(panel_url, {"score": "70,5", "members": "Panel A", "note": "Singkat."})
    assert "Tulis pertimbangan panel paling sedikit 20 karakter." in short.content.decode()
    assert ComponentResult.objects.get().status == ComponentResult.Status.FLAGGED
    response = client.post(
        panel_url,
        {
            "score": "70,5",
            "members": "dr. Rina, Ns. Budi",
            "note": "Panel menilai ulang rekaman simulasi kasus.",
        },
    )
    assert response.status_code == 302
    result.refresh_from_db()
    assert (result.status, result.score, result.resolution) == (
        ComponentResult.Status.FINAL,
        Decimal("70.5000"),
        "panel",
    )


def test_hr_marks_a_candidate_absent(client, hr_admin, case):
    setup, _, _ = case
    client.force_login(hr_admin)
    url = reverse("selection:assessment-absent", args=[setup.component.pk, setup.candidates[0].pk])
    response = client.post(url, follow=True)
    assert f"Peserta {setup.candidates[0].code} dicatat tidak hadir." in response.content.decode()
    assert ComponentResult.objects.get().status == ComponentResult.Status.ABSENT
    assert not AssessorAssignment.objects.exists()


def test_hr_reassigns_open_work(client, hr_admin, case):
    _, one, _ = case
    make_assessors("asesor.c")
    client.force_login(hr_admin)
    client.post(reverse("selection:assessment-reassign", args=[one.pk]))
    assert AssessorAssignment.objects.get(pk=one.pk).assessor.username == "asesor.c"


def test_the_cat_component_has_no_assessment_page(client, hr_admin, db):
    setup = make_setup(candidates=1)
    cat = setup.formasi.skb_components.get(order=1)
    client.force_login(hr_admin)
    assert client.get(reverse("selection:assessment-component", args=[cat.pk])).status_code == 404
