"""360 pages: the rater's tasks and form, the SKP's behaviour tab with the anonymity rule, HR's
adjustments, and the Auditor-only identities page."""

from decimal import Decimal

import pytest
from django.urls import reverse

from simerit.audit.models import AuditEvent
from simerit.performance.models import (
    BehaviourResponse,
    BehaviourValue,
    Expectation,
    RaterAssignment,
    RaterGroup,
)
from simerit.performance.tests.factories import make_skp, make_team
from simerit.performance.tests.factories_feedback360 import (
    answered,
    approved_skp,
    invite,
    publish,
    sheet,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    return make_team()


@pytest.fixture
def skp(team):
    return approved_skp(team.staff[1])


def page(client, user, skp):
    client.force_login(user)
    return client.get(reverse("performance:skp-feedback360", args=[skp.pk]))


# --- Anonymity on the behaviour tab


def test_two_peer_answers_are_withheld_with_the_reason_and_no_peer_number(client, team, skp):
    answered(skp, team.staff[1], RaterGroup.SELF, 3)
    answered(skp, team.chief, RaterGroup.SUPERVISOR, 2)
    answered(skp, team.staff[2], RaterGroup.PEER, 5)
    answered(skp, team.staff[3], RaterGroup.PEER, 4)
    publish(skp)

    response = page(client, team.user(team.staff[1]), skp)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Baru 2 jawaban dari kelompok ini" in html
    assert 'data-testid="withheld-peer"' in html
    assert 'data-testid="mean-peer"' not in html
    assert "4,50" not in html
    assert '<strong data-testid="mean-supervisor">2,00</strong>' in html
    # the supervisor's own answer is no evidence: nothing to average without the peers
    assert '<strong data-testid="overall-mean">belum dapat dihitung</strong>' in html


def test_three_peer_answers_show_the_mean(client, team, skp):
    answered(skp, team.chief, RaterGroup.SUPERVISOR, 2)
    answered(skp, team.staff[2], RaterGroup.PEER, 5)
    answered(skp, team.staff[3], RaterGroup.PEER, 4)
    answered(skp, team.juniors[0], RaterGroup.PEER, 5)
    publish(skp)

    response = page(client, team.user(team.staff[1]), skp)

    html = response.content.decode()
    assert '<strong data-testid="mean-peer">4,67</strong>' in html
    assert '<strong data-testid="overall-mean">4,67</strong>' in html
    assert 'data-testid="evidence-unpublished"' not in html
    assert "Baru " not in html
    # per value: every indicator was rated alike, so each value's peer mean is the same
    values = response.context["value_means"]
    assert [row.means for row in values] == [[Decimal("2.00"), Decimal("4.67")]] * 7


def test_the_employee_never_sees_the_names_of_raters(client, team, skp):
    invite(skp, team.staff[1], RaterGroup.SELF)
    for rater in (team.staff[2], team.staff[3], team.juniors[0]):
        answered(skp, rater, RaterGroup.PEER, 4)

    html = page(client, team.user(team.staff[1]), skp).content.decode()

    for name in ("Staf C", "Staf D", "Junior E"):
        assert name not in html
    assert "Rekan kerja setingkat: 3 dari 3 penilai sudah menjawab" in html
    assert 'data-testid="invitations"' not in html


def test_the_pejabat_penilai_sees_who_was_invited_and_answered_but_no_individual_scores(
    client, team, skp
):
    answered(skp, team.staff[2], RaterGroup.PEER, 5)
    answered(skp, team.staff[3], RaterGroup.PEER, 1)
    invite(skp, team.juniors[0], RaterGroup.PEER)

    response = page(client, team.user(team.chief), skp)

    html = response.content.decode()
    assert [(a.rater.name, a.status) for a in response.context["invitations"]] == [
        ("Junior E", "invited"),
        ("Staf C", "answered"),
        ("Staf D", "answered"),
    ]
    assert "5,00" not in html
    assert "1,00" not in html
    assert "3,00" not in html  # the two answers are withheld together too
    assert 'data-testid="add-rater"' not in html  # adding is HR's


def test_a_peer_cannot_open_a_colleagues_behaviour_tab(client, team, skp):
    assert page(client, team.user(team.staff[2]), skp).status_code == 404


def test_the_atasan_above_sees_the_tab_without_the_evidence(client, team, skp):
    answered(skp, team.chief, RaterGroup.SUPERVISOR, 2)

    response = page(client, team.user(team.head), skp)

    assert response.status_code == 200
    assert 'data-testid="evidence-hidden"' in response.content.decode()
    assert "summary" not in response.context


def test_an_empty_tab_shows_the_empty_states(client, team, skp, hr_admin):
    html = page(client, hr_admin, skp).content.decode()

    assert html.count('data-testid="empty-state"') == 2


# --- HR's adjustments on the page


def test_hr_proposes_adds_and_removes_on_the_page(client, team, skp, hr_admin):
    other = make_team("Lain ")
    client.force_login(hr_admin)

    client.post(reverse("performance:skp-raters-propose", args=[skp.pk]))
    response = client.post(
        reverse("performance:skp-rater-add", args=[skp.pk]),
        {"nip": other.staff[2].nip, "group": "peer"},
    )
    assert response.status_code == 302
    peer = RaterAssignment.objects.get(skp=skp, rater=team.staff[2])
    client.post(
        reverse("performance:skp-rater-remove", args=[skp.pk, peer.pk]),
        {"reason": "Sedang tugas belajar."},
    )

    assert RaterAssignment.objects.filter(skp=skp).count() == 5
    peer.refresh_from_db()
    assert (peer.status, peer.removed_reason) == ("removed", "Sedang tugas belajar.")


def test_a_refused_addition_shows_the_reason(client, team, skp, hr_admin):
    invite(skp, team.staff[2], RaterGroup.PEER)
    client.force_login(hr_admin)

    response = client.post(
        reverse("performance:skp-rater-add", args=[skp.pk]),
        {"nip": team.staff[2].nip, "group": "peer"},
        follow=True,
    )

    assert "Staf C sudah terdaftar sebagai penilai SKP ini." in response.content.decode()
    assert RaterAssignment.objects.count() == 1


def test_the_pejabat_penilai_cannot_add_or_remove(client, team, skp):
    assignment = invite(skp, team.staff[2], RaterGroup.PEER)
    client.force_login(team.user(team.chief))

    added = client.post(
        reverse("performance:skp-rater-add", args=[skp.pk]),
        {"nip": team.staff[3].nip, "group": "peer"},
    )
    removed = client.post(
        reverse("performance:skp-rater-remove", args=[skp.pk, assignment.pk]), {"reason": "x"}
    )

    assert (added.status_code, removed.status_code) == (403, 403)
    assignment.refresh_from_db()
    assert assignment.status == RaterAssignment.Status.INVITED
    assert RaterAssignment.objects.count() == 1


# --- The rater's side


def test_my_ratings_lists_pending_first_without_scores(client, team):
    first = approved_skp(team.staff[1])
    second = approved_skp(team.staff[3])
    done = answered(first, team.staff[2], RaterGroup.PEER, 5)
    pending = invite(second, team.staff[2], RaterGroup.PEER)
    client.force_login(team.user(team.staff[2]))

    response = client.get(reverse("performance:my-ratings"))

    assert [a.pk for a in response.context["page_obj"].object_list] == [pending.pk, done.pk]
    html = response.content.decode()
    assert "Staf B" in html
    assert "Staf D" in html
    assert "5,00" not in html
    assert reverse("performance:rating-form", args=[done.pk]) not in html


def test_my_ratings_without_tasks_shows_the_empty_state(client, team):
    client.force_login(team.user(team.juniors[1]))

    response = client.get(reverse("performance:my-ratings"))

    assert 'data-testid="empty-state"' in response.content.decode()


def test_the_form_shows_the_values_indicators_scale_and_expectation(client, team, skp):
    assignment = invite(skp, team.staff[2], RaterGroup.PEER)
    Expectation.objects.create(
        skp=skp,
        value=BehaviourValue.objects.get(code="3"),
        text="Membimbing dua staf baru.",
        written_by=team.user(team.chief),
    )
    client.force_login(team.user(team.staff[2]))

    html = client.get(reverse("performance:rating-form", args=[assignment.pk])).content.decode()

    assert html.count('data-testid="value-') == 7
    assert html.count('type="radio"') == 21 * 5
    assert "Membantu orang lain belajar" in html
    assert "Membimbing dua staf baru." in html
    assert "Jauh di atas ekspektasi" in html


def test_posting_the_form_answers_and_returns_to_the_list(client, team, skp):
    assignment = invite(skp, team.staff[2], RaterGroup.PEER)
    client.force_login(team.user(team.staff[2]))

    response = client.post(
        reverse("performance:rating-form", args=[assignment.pk]),
        {**sheet(4), "comment": "Konsisten."},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("performance:my-ratings")
    assignment.refresh_from_db()
    assert assignment.status == RaterAssignment.Status.ANSWERED


def test_a_form_with_a_missing_score_is_refused_and_nothing_is_stored(client, team, skp):
    assignment = invite(skp, team.staff[2], RaterGroup.PEER)
    client.force_login(team.user(team.staff[2]))
    scores = sheet(4)
    del scores["5b"]

    response = client.post(reverse("performance:rating-form", args=[assignment.pk]), scores)

    assert response.status_code == 422
    assert "Pilih nilai 1 sampai 5." in response.content.decode()
    assert BehaviourResponse.objects.count() == 0


def test_another_raters_form_is_not_found(client, team, skp):
    assignment = invite(skp, team.staff[2], RaterGroup.PEER)
    client.force_login(team.user(team.staff[3]))

    url = reverse("performance:rating-form", args=[assignment.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, sheet(4)).status_code == 404
    assert BehaviourResponse.objects.count() == 0


# --- The Auditor's identities page


def test_the_identities_page_is_for_the_auditor_only(client, team, skp, hr_admin, auditor):
    answered(skp, team.staff[2], RaterGroup.PEER, 5)
    url = reverse("performance:rater-identities", args=[skp.pk])
    for user in (hr_admin, team.user(team.staff[1]), team.user(team.chief)):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url).status_code == 403
    assert not AuditEvent.objects.filter(action="performance.raters.viewed").exists()

    client.force_login(auditor)
    response = client.post(url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Staf C" in html
    assert html.count('<td class="text-center">5</td>') == 21
    event = AuditEvent.objects.get(action="performance.raters.viewed")
    assert (event.actor, event.target_id, event.changes) == (auditor, str(skp.pk), {"answered": 1})


def test_the_auditor_reads_the_tab_but_has_no_forms(client, team, skp, auditor):
    html = page(client, auditor, skp).content.decode()

    assert reverse("performance:rater-identities", args=[skp.pk]) in html
    assert 'data-testid="add-rater"' not in html
    assert reverse("performance:skp-raters-propose", args=[skp.pk]) not in html


def test_a_draft_skp_refuses_the_proposal_with_a_message(client, team, hr_admin):
    draft = make_skp(team.staff[1])
    client.force_login(hr_admin)

    response = client.post(reverse("performance:skp-raters-propose", args=[draft.pk]), follow=True)

    assert "sudah disetujui" in response.content.decode()
    assert RaterAssignment.objects.count() == 0
