"""Public tryouts: the list, the start (CSRF, rate limit), the result with the review, the API."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from simerit.audit.models import AuditEvent
from simerit.exams.models import Attempt, Blueprint, ExamKind, QuestionVersion
from simerit.exams.services import answers as answer_services
from simerit.exams.services import finishing
from simerit.exams.tests.factories import make_skd_blueprint
from simerit.exams.tests.factories_page import answer, positions
from simerit.exams.views.taking import exam_cookie_name

pytestmark = pytest.mark.django_db

LIST = reverse("exams:practice-list")
API_LIST = "/api/v1/exams/practice"


@pytest.fixture(autouse=True)
def _fresh_state():
    """The start limit counts in the cache; the answer layouts are cached per process."""
    cache.clear()
    answer_services.clear_layout_cache()
    yield
    cache.clear()
    answer_services.clear_layout_cache()


@pytest.fixture
def tryout() -> Blueprint:
    blueprint = make_skd_blueprint(kind=ExamKind.TRYOUT, duration_minutes=30)
    blueprint.name = "Tryout SKD Pekan 1"
    blueprint.save(update_fields=["name"])
    for version in QuestionVersion.objects.filter(question__bank=blueprint.bank):
        version.explanation = f"Pembahasan {version.question.code}: kunci A."
        version.save(update_fields=["explanation"])
    return blueprint


def start_url(blueprint: Blueprint) -> str:
    return reverse("exams:practice-start", args=[blueprint.pk])


def practice_result_url(attempt: Attempt) -> str:
    return reverse("exams:practice-result", args=[attempt.pk])


def start_in(client: Client, blueprint: Blueprint) -> Attempt:
    response = client.post(start_url(blueprint))
    assert response.status_code == 302
    return Attempt.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


# --- List


def test_list_shows_public_tryouts_with_question_count_and_duration(client, tryout):
    make_skd_blueprint()  # a real exam
    hidden = make_skd_blueprint(kind=ExamKind.TRYOUT)
    Blueprint.objects.filter(pk=hidden.pk).update(is_public=False)

    response = client.get(LIST)

    assert response.status_code == 200
    assert [b.pk for b in response.context["page_obj"]] == [tryout.pk]
    content = response.content.decode()
    assert "Tryout SKD Pekan 1" in content
    assert "<strong>6</strong> soal · <strong>30</strong> menit" in content
    assert "TWK 2 soal · TIU 2 soal · TKP 2 soal" in content
    assert "tidak pernah dicampur dengan hasil seleksi" in content
    assert start_url(tryout) in content


def test_list_has_an_empty_state(client):
    response = client.get(LIST)

    assert 'data-testid="no-tryouts"' in response.content.decode()


# --- Start


def test_anonymous_start_sets_the_cookie_and_opens_the_exam_page(client, tryout):
    response = client.post(start_url(tryout))

    attempt = Attempt.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("exams:take", args=[attempt.pk])
    assert attempt.is_practice is True
    assert attempt.user is None
    assert attempt.participant is None
    cookie = response.cookies[exam_cookie_name(attempt.pk)]
    assert cookie.value == attempt.browser_token
    assert cookie["samesite"] == "Strict"
    assert cookie["httponly"] is True
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert attempt.browser_token in page.content.decode()
    assert AuditEvent.objects.exists() is False  # tryouts are never official results


def test_signed_in_start_records_the_account(client, tryout, employee):
    client.force_login(employee)

    attempt = start_in(client, tryout)

    assert attempt.user == employee


def test_start_needs_post_and_the_csrf_token(tryout):
    client = Client(enforce_csrf_checks=True)

    assert client.get(start_url(tryout)).status_code == 405
    assert client.post(start_url(tryout)).status_code == 403
    assert Attempt.objects.exists() is False


def test_start_of_a_real_exam_or_a_hidden_tryout_is_404(client):
    real = make_skd_blueprint()
    hidden = make_skd_blueprint(kind=ExamKind.TRYOUT)
    Blueprint.objects.filter(pk=hidden.pk).update(is_public=False)

    assert client.post(start_url(real)).status_code == 404
    assert client.post(start_url(hidden)).status_code == 404
    assert Attempt.objects.exists() is False


def test_starts_are_limited_per_client_address(client, tryout, settings):
    settings.SIMERIT_PRACTICE_STARTS_PER_HOUR = 2
    start_in(client, tryout)
    start_in(client, tryout)

    response = client.post(start_url(tryout))

    assert response.status_code == 429
    assert "Terlalu banyak tryout dimulai dari jaringan Anda" in response.content.decode()
    assert Attempt.objects.count() == 2
    other_address = client.post(start_url(tryout), REMOTE_ADDR="10.0.0.9")
    assert other_address.status_code == 302


# --- Taking a tryout: the exam page belongs to the browser (or the account) that started it


def test_tryout_page_without_the_cookie_is_404_for_strangers(client, tryout):
    attempt = start_in(client, tryout)

    stranger = Client()

    assert stranger.get(reverse("exams:take", args=[attempt.pk])).status_code == 404
    assert stranger.get(practice_result_url(attempt)).status_code == 404


def test_tryout_page_for_its_account_in_another_browser_explains_and_offers_no_pin(
    client, tryout, employee
):
    client.force_login(employee)
    attempt = start_in(client, tryout)
    other_browser = Client()
    other_browser.force_login(employee)

    response = other_browser.get(reverse("exams:take", args=[attempt.pk]))

    assert response.status_code == 409
    content = response.content.decode()
    assert "Tryout tidak dapat dipindahkan." in content
    assert "PIN" not in content
    assert attempt.browser_token not in content


# --- Result with the review


def _finished(client: Client, tryout: Blueprint) -> Attempt:
    """TWK right (5) and wrong (0); TIU right (5) and blank; TKP E (5) and B (2): total 17."""
    attempt = start_in(client, tryout)
    twk, tiu, tkp = positions(attempt, "TWK"), positions(attempt, "TIU"), positions(attempt, "TKP")
    answer(
        attempt,
        [
            (twk[0], "a", "A"),
            (twk[1], "a", "C"),
            (tiu[0], "a", "A"),
            (tkp[0], "a", "E"),
            (tkp[1], "a", "B"),
        ],
    )
    return finishing.finish_attempt(attempt=attempt, reason=Attempt.FinishReason.SUBMITTED)


def test_practice_result_shows_scores_and_every_question_with_key_and_explanation(client, tryout):
    attempt = _finished(client, tryout)

    response = client.get(practice_result_url(attempt))

    assert response.status_code == 200
    assert attempt.scores == {"TWK": 5, "TIU": 5, "TKP": 7}
    assert attempt.total == 17
    summary = response.context["summary"]
    assert [(s.code, s.score, s.maximum) for s in summary.sections] == [
        ("TWK", 5, 10),
        ("TIU", 5, 10),
        ("TKP", 7, 10),
    ]
    review = response.context["review"]
    assert [item.position for item in review] == [1, 2, 3, 4, 5, 6]
    assert [item.points for item in review] == _points_by_position(attempt)
    content = response.content.decode()
    for version in QuestionVersion.objects.filter(question__bank=tryout.bank):
        assert version.explanation in content
    assert content.count('text-bg-primary">jawaban Anda</span>') == 5
    assert "Tidak dijawab" in content


def _points_by_position(attempt: Attempt) -> list[int]:
    twk, tiu, tkp = positions(attempt, "TWK"), positions(attempt, "TIU"), positions(attempt, "TKP")
    points = {twk[0]: 5, twk[1]: 0, tiu[0]: 5, tiu[1]: 0, tkp[0]: 5, tkp[1]: 2}
    return [points[position] for position in sorted(points)]


def test_review_marks_the_key_at_the_letter_the_participant_saw(client, tryout):
    attempt = _finished(client, tryout)
    item = attempt.items.get(position=positions(attempt, "TWK")[0])
    seen_letter = "ABCDE"[item.option_order.index("A")]

    response = client.get(practice_result_url(attempt))

    reviewed = next(r for r in response.context["review"] if r.position == item.position)
    assert reviewed.chosen_letter == seen_letter
    assert [option.letter for option in reviewed.options if option.is_best] == [seen_letter]
    assert [option.points for option in reviewed.options if option.is_chosen] == [5]


def test_practice_result_is_visible_to_its_account_without_the_cookie(client, tryout, employee):
    client.force_login(employee)
    attempt = _finished(client, tryout)
    other_browser = Client()
    other_browser.force_login(employee)

    assert other_browser.get(practice_result_url(attempt)).status_code == 200


def test_practice_result_of_an_unfinished_tryout_goes_back_to_the_exam(client, tryout):
    attempt = start_in(client, tryout)

    response = client.get(practice_result_url(attempt))

    assert response["Location"] == reverse("exams:take", args=[attempt.pk])


def test_exam_result_address_of_a_tryout_leads_to_the_practice_result(client, tryout):
    attempt = _finished(client, tryout)

    response = client.get(reverse("exams:result", args=[attempt.pk]))

    assert response["Location"] == practice_result_url(attempt)


def test_signed_in_list_shows_the_accounts_finished_tryouts(client, tryout, employee):
    client.force_login(employee)
    attempt = _finished(client, tryout)
    start_in(client, tryout)  # unfinished: not listed

    response = client.get(LIST)

    assert list(response.context["history"]) == [attempt]
    assert practice_result_url(attempt) in response.content.decode()


# --- API


def test_api_lists_public_tryouts(client, tryout):
    response = client.get(API_LIST)

    assert response.status_code == 200
    assert response.json() == {
        "items": [
            {
                "id": tryout.pk,
                "name": "Tryout SKD Pekan 1",
                "question_count": 6,
                "duration_minutes": 30,
                "sections": [
                    {"code": "TWK", "name": "Tes Wawasan Kebangsaan", "question_count": 2},
                    {"code": "TIU", "name": "Tes Intelegensia Umum", "question_count": 2},
                    {"code": "TKP", "name": "Tes Karakteristik Pribadi", "question_count": 2},
                ],
            }
        ],
        "count": 1,
        "page": 1,
        "pages": 1,
    }


def test_api_start_returns_the_attempt_and_its_token(client, tryout):
    response = client.post(f"{API_LIST}/{tryout.pk}/start")

    attempt = Attempt.objects.get()
    assert response.status_code == 201
    assert response.json() == {"attempt_id": attempt.pk, "token": attempt.browser_token}
    assert attempt.is_practice is True
    state = client.get(
        f"/api/v1/exams/attempts/{attempt.pk}", HTTP_X_EXAM_TOKEN=attempt.browser_token
    )
    assert state.status_code == 200
    assert len(state.json()["items"]) == 6


def test_api_start_of_a_real_exam_is_404(client):
    real = make_skd_blueprint()

    response = client.post(f"{API_LIST}/{real.pk}/start")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert Attempt.objects.exists() is False


def test_api_start_is_rate_limited(client, tryout, settings):
    settings.SIMERIT_PRACTICE_STARTS_PER_HOUR = 1
    assert client.post(f"{API_LIST}/{tryout.pk}/start").status_code == 201

    response = client.post(f"{API_LIST}/{tryout.pk}/start")

    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"
    assert Attempt.objects.count() == 1
