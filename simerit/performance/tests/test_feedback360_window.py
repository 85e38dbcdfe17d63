"""The 360 window (ADR 0010): while the collection is open, answers and rater changes are accepted
and no aggregate is shown anywhere (selectors, page, API); once it is closed, answers and changes
are refused and the means appear."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from simerit.audit.models import AuditEvent
from simerit.core.dates import format_date_id
from simerit.core.exceptions import DomainError
from simerit.core.roles import Role
from simerit.performance.models import (
    BehaviourRating,
    BehaviourResponse,
    PerformanceYear,
    RaterAssignment,
    RaterGroup,
)
from simerit.performance.selectors import feedback360 as selectors
from simerit.performance.services import feedback360 as services
from simerit.performance.services.planning_years import close_feedback
from simerit.performance.tests.factories import make_team
from simerit.performance.tests.factories_feedback360 import (
    answered,
    approved_skp,
    invite,
    publish,
    sheet,
    with_role,
)

pytestmark = pytest.mark.django_db
API = "/api/v1/performance"
UNPUBLISHED = (
    "Hasil masukan 360 ditampilkan setelah pengisian ditutup pada 31 Januari 2027 agar jawaban "
    "penilai tidak dapat dikenali."
)
CLOSED_BY_HR = (
    "Pengisian masukan 360 periode 2026 sudah ditutup oleh Admin BKPSDM pada 20 November 2026."
)


@pytest.fixture
def team():
    return make_team()


@pytest.fixture
def skp(team):
    """Staf B's SKP with self 5, supervisor 2 and three peers 5, 4, 5 (peer mean 4,67)."""
    skp = approved_skp(team.staff[1])
    answered(skp, team.staff[1], RaterGroup.SELF, 5)
    answered(skp, team.chief, RaterGroup.SUPERVISOR, 2)
    for rater, score in ((team.staff[2], 5), (team.staff[3], 4), (team.staff[0], 5)):
        answered(skp, rater, RaterGroup.PEER, score)
    return skp


def snapshot():
    return (
        BehaviourResponse.objects.count(),
        BehaviourRating.objects.count(),
        sorted(RaterAssignment.objects.values_list("pk", "status", "removed_reason")),
        AuditEvent.objects.count(),
    )


# --- Aggregates while the window is open: counts only


def test_while_open_the_summary_has_counts_and_the_reason_but_no_mean(
    skp, django_assert_num_queries
):
    with django_assert_num_queries(1):
        summary = selectors.evidence_summary(skp)

    assert summary.published is False
    assert summary.overall_mean is None
    assert [(g.group, g.answers, g.mean, g.reason) for g in summary.groups] == [
        ("self", 1, None, UNPUBLISHED),
        ("supervisor", 1, None, UNPUBLISHED),
        ("peer", 3, None, UNPUBLISHED),
    ]
    assert summary.as_json() == {
        "published": False,
        "groups": [
            {"group": "self", "answers": 1, "mean": None, "reason": UNPUBLISHED},
            {"group": "supervisor", "answers": 1, "mean": None, "reason": UNPUBLISHED},
            {"group": "peer", "answers": 3, "mean": None, "reason": UNPUBLISHED},
        ],
        "overall_mean": None,
    }


def test_while_open_value_means_are_empty_without_reading_any_score(skp, django_assert_num_queries):
    summary = selectors.evidence_summary(skp)

    with django_assert_num_queries(1):
        rows = selectors.value_means(skp, summary)

    assert [row.means for row in rows] == [[None, None, None]] * 7


def test_after_the_deadline_the_summary_is_published(skp):
    summary = selectors.evidence_summary(skp, on=dt.date(2027, 2, 1))
    open_on_deadline = selectors.evidence_summary(skp, on=dt.date(2027, 1, 31))

    assert summary.published is True
    assert [(g.group, g.mean) for g in summary.groups] == [
        ("self", Decimal("5.00")),
        ("supervisor", Decimal("2.00")),
        ("peer", Decimal("4.67")),
    ]
    assert summary.overall_mean == Decimal("4.67")
    assert summary.as_json()["published"] is True
    assert open_on_deadline.published is False


def test_after_close_feedback_the_means_are_shown(skp, hr_admin):
    close_feedback(year=skp.year, actor=hr_admin)
    skp.year.refresh_from_db()

    summary = selectors.evidence_summary(skp)
    rows = selectors.value_means(skp, summary)

    assert (summary.published, summary.overall_mean) == (True, Decimal("4.67"))
    assert [row.means for row in rows] == [[Decimal("5.00"), Decimal("2.00"), Decimal("4.67")]] * 7


@pytest.mark.parametrize("viewer", ["owner", "chief", "hr", "auditor"])
def test_while_open_the_tab_shows_no_mean_to_anyone(client, team, skp, hr_admin, auditor, viewer):
    user = {
        "owner": team.user(team.staff[1]),
        "chief": team.user(team.chief),
        "hr": hr_admin,
        "auditor": auditor,
    }[viewer]
    client.force_login(user)

    html = client.get(reverse("performance:skp-feedback360", args=[skp.pk])).content.decode()

    assert (
        f'<p class="alert alert-info" data-testid="evidence-unpublished">{UNPUBLISHED}</p>' in html
    )
    assert 'data-testid="mean-' not in html
    assert 'data-testid="overall-mean"' not in html
    assert 'data-testid="evidence-values"' not in html
    for number in ("4,67", "5,00", "2,00"):
        assert number not in html
    assert '<tr data-testid="group-peer">' in html
    assert "Rekan kerja setingkat: 3 dari 3 penilai sudah menjawab" in html


def test_after_close_feedback_the_tab_shows_the_means(client, team, skp, hr_admin):
    close_feedback(year=skp.year, actor=hr_admin)
    client.force_login(team.user(team.staff[1]))

    html = client.get(reverse("performance:skp-feedback360", args=[skp.pk])).content.decode()

    assert '<strong data-testid="mean-peer">4,67</strong>' in html
    assert '<strong data-testid="overall-mean">4,67</strong>' in html
    assert 'data-testid="evidence-unpublished"' not in html


def test_while_open_the_api_shows_no_mean(client, team, skp):
    client.force_login(team.user(team.chief))

    body = client.get(f"{API}/skps/{skp.pk}/feedback360").json()

    assert body["published"] is False
    assert body["overall_mean"] is None
    assert [(g["group"], g["answers"], g["mean"], g["reason"]) for g in body["groups"]] == [
        ("self", 1, None, UNPUBLISHED),
        ("supervisor", 1, None, UNPUBLISHED),
        ("peer", 3, None, UNPUBLISHED),
    ]
    assert [value["means"] for value in body["values"]] == [[None, None, None]] * 7


def test_after_close_feedback_the_api_shows_the_means(client, team, skp, hr_admin):
    close_feedback(year=skp.year, actor=hr_admin)
    client.force_login(team.user(team.chief))

    body = client.get(f"{API}/skps/{skp.pk}/feedback360").json()

    assert (body["published"], body["overall_mean"]) == (True, "4.67")
    assert [g["mean"] for g in body["groups"]] == ["5.00", "2.00", "4.67"]


# --- Answers and rater changes after the window


@pytest.fixture
def pending(team):
    return invite(approved_skp(team.staff[1]), team.juniors[0], RaterGroup.PEER)


def test_an_answer_after_hr_closed_the_collection_is_refused_and_nothing_stored(team, pending):
    publish(pending.skp)
    before = snapshot()

    with pytest.raises(DomainError) as refused:
        services.submit_ratings(
            assignment=pending, scores=sheet(4), comment="", actor=team.user(team.juniors[0])
        )

    assert refused.value.message == CLOSED_BY_HR
    assert snapshot() == before


def test_an_answer_after_an_earlier_360_deadline_is_refused(team, pending, monkeypatch):
    # given: answers close on 15 December, decisions on 31 January
    PerformanceYear.objects.filter(pk=pending.skp.year_id).update(
        feedback_closes_on=dt.date(2026, 12, 15)
    )
    pending.skp.year.refresh_from_db()
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: dt.date(2026, 12, 16))
    before = snapshot()

    with pytest.raises(DomainError) as refused:
        services.submit_ratings(
            assignment=pending, scores=sheet(4), comment="", actor=team.user(team.juniors[0])
        )

    assert refused.value.message == (
        "Pengisian masukan 360 periode 2026 sudah ditutup (batas 15 Desember 2026)."
    )
    assert pending.skp.year.ratings_open(on=dt.date(2026, 12, 16)) is True
    assert snapshot() == before


def test_an_answer_over_the_api_after_close_feedback_is_refused(client, team, pending, hr_admin):
    close_feedback(year=pending.skp.year, actor=hr_admin)
    before = snapshot()
    client.force_login(team.user(team.juniors[0]))

    response = client.post(
        f"{API}/assignments/{pending.pk}/ratings",
        {"scores": sheet(4)},
        content_type="application/json",
    )

    assert response.status_code == 400
    closed_on = format_date_id(timezone.localdate())
    assert response.json()["detail"] == (
        f"Pengisian masukan 360 periode 2026 sudah ditutup oleh Admin BKPSDM pada {closed_on}."
    )
    assert snapshot() == before


def test_rater_changes_after_the_collection_closed_are_refused(team, pending, hr_admin):
    publish(pending.skp)
    skp = pending.skp
    before = snapshot()

    with pytest.raises(DomainError) as proposed:
        services.propose_raters(skp=skp, actor=team.user(team.chief))
    with pytest.raises(DomainError) as added:
        services.add_rater(skp=skp, rater=team.staff[2], group=RaterGroup.PEER, actor=hr_admin)
    with pytest.raises(DomainError) as removed:
        services.remove_rater(assignment=pending, reason="Mutasi.", actor=hr_admin)

    assert {proposed.value.message, added.value.message, removed.value.message} == {CLOSED_BY_HR}
    assert snapshot() == before


def test_the_tab_offers_no_rater_forms_once_closed(client, team, pending, hr_admin):
    publish(pending.skp)
    client.force_login(hr_admin)

    html = client.get(
        reverse("performance:skp-feedback360", args=[pending.skp.pk])
    ).content.decode()

    assert 'data-testid="invitations"' in html
    assert 'data-testid="add-rater"' not in html
    assert reverse("performance:skp-raters-propose", args=[pending.skp.pk]) not in html
    assert reverse("performance:skp-rater-remove", args=[pending.skp.pk, pending.pk]) not in html


# --- The invitation list: who and whether, never when


def test_the_api_list_of_raters_carries_no_time(client, team, skp, hr_admin):
    client.force_login(hr_admin)

    items = client.get(f"{API}/skps/{skp.pk}/raters").json()

    assert {frozenset(item) for item in items} == {
        frozenset({"id", "skp_id", "rater_name", "group", "source", "status", "removed_reason"})
    }
    assert [(i["rater_name"], i["group"], i["status"]) for i in items] == [
        ("Staf A", "peer", "answered"),
        ("Staf C", "peer", "answered"),
        ("Staf D", "peer", "answered"),
        ("Staf B", "self", "answered"),
        ("Kabid Layan", "supervisor", "answered"),
    ]


def test_the_invitation_rows_on_the_page_carry_no_time(client, team, skp):
    client.force_login(team.user(team.chief))

    response = client.get(reverse("performance:skp-feedback360", args=[skp.pk]))

    html = response.content.decode()
    start = html.index('data-testid="invitations"')
    table = html[start : html.index("</table>", start)]
    assert table.count("<tr data-testid=") == 5
    assert "2026" not in table
    assert "Nov" not in table
    assert "09.00" not in table
    assert "16.00" not in table


# --- Nobody acts as HR on their own SKP


@pytest.fixture
def hr_employee(team):
    """Staf B, who also works as Admin BKPSDM."""
    return with_role(team.staff[1], Role.ADMIN_BKPSDM)


OWN = "Anda tidak dapat mengatur penilai 360 untuk SKP Anda sendiri."


def test_hr_cannot_change_the_raters_of_their_own_skp(team, pending, hr_employee):
    skp = pending.skp
    before = snapshot()

    with pytest.raises(PermissionDenied, match=f"^{re.escape(OWN)}$"):
        services.propose_raters(skp=skp, actor=hr_employee)
    with pytest.raises(PermissionDenied, match=f"^{re.escape(OWN)}$"):
        services.add_rater(skp=skp, rater=team.staff[2], group=RaterGroup.PEER, actor=hr_employee)
    with pytest.raises(PermissionDenied, match=f"^{re.escape(OWN)}$"):
        services.remove_rater(assignment=pending, reason="Terlalu keras.", actor=hr_employee)

    assert snapshot() == before


def test_hr_still_adjusts_someone_elses_skp(team, hr_employee):
    other = approved_skp(team.staff[3])

    added = services.add_rater(
        skp=other, rater=team.staff[2], group=RaterGroup.PEER, actor=hr_employee
    )

    assert (added.skp, added.rater, added.changed_by) == (other, team.staff[2], hr_employee)


def test_hr_sees_no_invitation_list_and_no_forms_on_their_own_skp(client, team, skp, hr_employee):
    client.force_login(hr_employee)
    before = snapshot()

    html = client.get(reverse("performance:skp-feedback360", args=[skp.pk])).content.decode()
    listed = client.get(f"{API}/skps/{skp.pk}/raters")
    added = client.post(
        f"{API}/skps/{skp.pk}/raters",
        {"rater_id": 999999, "group": "peer"},
        content_type="application/json",
    )
    page_add = client.post(
        reverse("performance:skp-rater-add", args=[skp.pk]),
        {"nip": team.juniors[0].nip, "group": "peer"},
    )

    assert 'data-testid="invitations"' not in html
    assert 'data-testid="add-rater"' not in html
    for name in ("Staf A", "Staf C", "Staf D"):
        assert name not in html
    assert listed.status_code == 403
    assert added.status_code == 403  # before looking the rater up: no id oracle
    assert page_add.status_code == 403
    assert snapshot() == before


# --- The single evidence rule


def test_can_view_evidence_is_the_employee_the_evaluator_hr_and_the_auditor(
    team, skp, hr_admin, auditor
):
    readers = {
        "owner": team.user(team.staff[1]),
        "chief": team.user(team.chief),
        "hr": hr_admin,
        "auditor": auditor,
        "head": team.user(team.head),
        "peer": team.user(team.staff[2]),
    }

    allowed = {name for name, user in readers.items() if services.can_view_evidence(user, skp)}

    assert allowed == {"owner", "chief", "hr", "auditor"}
