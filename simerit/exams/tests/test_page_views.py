"""The participant's exam pages: home and PIN form, the exam page's cookie, images, the result."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from simerit.accounts.models import User
from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.core.roles import Role
from simerit.exams.models import (
    Attempt,
    AttemptItem,
    ExamPin,
    IntegrityEvent,
    Participant,
    QuestionVersion,
)
from simerit.exams.services import answers as answer_services
from simerit.exams.services import finishing
from simerit.exams.services.attempts import START_TRIES_PER_WINDOW
from simerit.exams.services.pins import MAX_WRONG_PINS as PIN_WRONG_LIMIT
from simerit.exams.services.pins import PIN_TOO_MANY, PIN_WRONG
from simerit.exams.tests.factories import add_passing_rule, make_skd_blueprint
from simerit.exams.tests.factories_page import answer, place, positions, start_pin, takeover_pin
from simerit.exams.views.taking import exam_cookie_name

pytestmark = pytest.mark.django_db

HOME = reverse("exams:home")


@pytest.fixture(autouse=True)
def _fresh_layouts():
    answer_services.clear_layout_cache()
    yield
    answer_services.clear_layout_cache()


def start_url(participant: Participant) -> str:
    return reverse("exams:start", args=[participant.pk])


def take_url(attempt: Attempt) -> str:
    return reverse("exams:take", args=[attempt.pk])


def result_url(attempt: Attempt) -> str:
    return reverse("exams:result", args=[attempt.pk])


def start_here(client: Client, participant: Participant, proctor: User) -> Attempt:
    """Start through the PIN form in this client (the browser)."""
    response = client.post(start_url(participant), {"pin": start_pin(participant, proctor)})
    assert response.status_code == 302
    return Attempt.objects.get(participant=participant)


def config_of(response) -> dict[str, object]:
    content = response.content.decode()
    marker = '<script id="exam-config" type="application/json">'
    start = content.index(marker) + len(marker)
    config: dict[str, object] = json.loads(content[start : content.index("</script>", start)])
    return config


# --- Home


def test_home_lists_the_applicants_placement_with_sitting_and_start_form(client, applicant):
    participant = place(applicant, seat_number=7, extra_minutes=30)
    client.force_login(applicant)

    response = client.get(HOME)

    assert response.status_code == 200
    content = response.content.decode()
    row = response.context["rows"][0]
    assert row["participant"] == participant
    assert row["state"] == "new"
    assert participant.sitting.code in content
    assert "UPT BKN Palembang, Ruang 1 · kursi 7" in content
    assert "100 menit + 30 menit tambahan waktu" in content
    assert "Sudah hadir" in content
    assert "PIN mulai ujian" in content
    assert start_url(participant) in content


def test_home_shows_an_empty_state_without_placements(client, applicant):
    client.force_login(applicant)

    response = client.get(HOME)

    assert response.context["rows"] == []
    assert 'data-testid="no-placements"' in response.content.decode()


def test_home_needs_the_applicant_role(client, employee):
    client.force_login(employee)

    assert client.get(HOME).status_code == 403


def test_home_sends_anonymous_visitors_to_login(client):
    response = client.get(HOME)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


# --- Start form


def test_start_with_the_pin_sets_the_cookie_and_opens_the_exam_page(
    client, applicant, proctor, settings
):
    settings.SESSION_COOKIE_SECURE = False
    participant = place(applicant)
    client.force_login(applicant)

    response = client.post(start_url(participant), {"pin": start_pin(participant, proctor)})

    attempt = Attempt.objects.get(participant=participant)
    assert response.status_code == 302
    assert response["Location"] == take_url(attempt)
    cookie = response.cookies[exam_cookie_name(attempt.pk)]
    assert cookie.value == attempt.browser_token
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Strict"
    assert cookie["path"] == "/ujian/"
    assert cookie["secure"] == ""


def test_start_cookie_is_secure_when_session_cookies_are(client, applicant, proctor, settings):
    settings.SESSION_COOKIE_SECURE = True
    participant = place(applicant)
    client.force_login(applicant)

    response = client.post(start_url(participant), {"pin": start_pin(participant, proctor)})

    attempt = Attempt.objects.get(participant=participant)
    assert response.cookies[exam_cookie_name(attempt.pk)]["secure"] is True


def test_start_with_a_wrong_pin_shows_the_message_and_starts_nothing(client, applicant, proctor):
    participant = place(applicant)
    pin = start_pin(participant, proctor)
    wrong = "000000" if pin != "000000" else "111111"
    client.force_login(applicant)

    response = client.post(start_url(participant), {"pin": wrong})

    assert response.status_code == 400
    assert PIN_WRONG in response.content.decode()
    assert response.context["rows"][0]["form"]["pin"].value() == wrong
    assert Attempt.objects.exists() is False
    assert not any(name.startswith("simerit_exam_") for name in response.cookies)
    assert ExamPin.objects.get(participant=participant).used_at is None
    assert AuditEvent.objects.filter(action__startswith="exams.attempt").exists() is False
    # The engine logs the refusal for the proctor.
    assert list(IntegrityEvent.objects.values_list("kind", flat=True)) == ["pin_refused"]


def test_start_after_too_many_wrong_pins_asks_for_a_new_pin(client, applicant, proctor):
    participant = place(applicant)
    pin = start_pin(participant, proctor)
    wrong = "000000" if pin != "000000" else "111111"
    client.force_login(applicant)
    for _ in range(PIN_WRONG_LIMIT - 1):
        client.post(start_url(participant), {"pin": wrong})

    fifth = client.post(start_url(participant), {"pin": wrong})
    right = client.post(start_url(participant), {"pin": pin})

    for response in (fifth, right):
        assert response.status_code == 400
        assert PIN_TOO_MANY in response.content.decode()
    assert PIN_TOO_MANY == "Terlalu banyak PIN salah; mintalah PIN baru kepada pengawas."
    assert Attempt.objects.exists() is False
    assert ExamPin.objects.get(participant=participant).expires_at <= timezone.now()


def test_start_past_the_accounts_tries_is_a_429(client, applicant, proctor):
    participant = place(applicant, starts_in_minutes=20)
    pin = start_pin(participant, proctor)
    client.force_login(applicant)
    for _ in range(START_TRIES_PER_WINDOW):
        assert client.post(start_url(participant), {"pin": pin}).status_code == 400

    response = client.post(start_url(participant), {"pin": pin})

    assert response.status_code == 429
    assert "Terlalu banyak percobaan PIN dari akun ini." in response.content.decode()
    assert Attempt.objects.exists() is False
    reasons = list(IntegrityEvent.objects.values_list("detail__reason", flat=True))
    assert sorted(reasons) == ["not_started"] * START_TRIES_PER_WINDOW + ["rate_limited"]


def test_start_with_a_malformed_pin_never_reaches_the_engine(client, applicant, proctor):
    participant = place(applicant)
    start_pin(participant, proctor)
    client.force_login(applicant)

    response = client.post(start_url(participant), {"pin": "12ab"})

    assert response.status_code == 400
    assert "PIN terdiri atas 6 angka." in response.content.decode()
    assert Attempt.objects.exists() is False
    assert IntegrityEvent.objects.exists() is False


def test_start_before_the_sitting_begins_is_refused(client, applicant, proctor):
    participant = place(applicant, starts_in_minutes=20)
    client.force_login(applicant)

    response = client.post(start_url(participant), {"pin": start_pin(participant, proctor)})

    assert response.status_code == 400
    assert "Sesi ujian belum dimulai." in response.content.decode()
    assert Attempt.objects.exists() is False


def test_start_on_another_applicants_placement_is_404_and_changes_nothing(
    client, applicant, proctor
):
    other = place(UserFactory.create(roles=[Role.PELAMAR]))
    pin = start_pin(other, proctor)
    audit_before = AuditEvent.objects.count()
    client.force_login(applicant)

    response = client.post(start_url(other), {"pin": pin})

    assert response.status_code == 404
    assert Attempt.objects.exists() is False
    assert IntegrityEvent.objects.exists() is False
    assert AuditEvent.objects.count() == audit_before


def test_start_needs_post(client, applicant):
    participant = place(applicant)
    client.force_login(applicant)

    assert client.get(start_url(participant)).status_code == 405


def test_start_form_needs_the_csrf_token(applicant, proctor):
    participant = place(applicant)
    pin = start_pin(participant, proctor)
    client = Client(enforce_csrf_checks=True)
    client.force_login(applicant)

    response = client.post(start_url(participant), {"pin": pin})

    assert response.status_code == 403
    assert Attempt.objects.exists() is False


# --- Home after the start: continue here, or take over


def test_home_offers_to_continue_in_the_browser_holding_the_attempt(client, applicant, proctor):
    participant = place(applicant)
    client.force_login(applicant)
    attempt = start_here(client, participant, proctor)

    response = client.get(HOME)

    assert response.context["rows"][0]["state"] == "here"
    assert take_url(attempt) in response.content.decode()
    assert "Lanjutkan ujian" in response.content.decode()


def test_home_asks_another_browser_for_the_takeover_pin(client, applicant, proctor):
    participant = place(applicant)
    client.force_login(applicant)
    start_here(client, participant, proctor)
    other_browser = Client()
    other_browser.force_login(applicant)

    response = other_browser.get(HOME)

    assert response.context["rows"][0]["state"] == "elsewhere"
    content = response.content.decode()
    assert "PIN pindah komputer" in content
    assert "Pindahkan ke sini" in content


def test_takeover_pin_moves_the_attempt_to_this_browser(client, applicant, proctor):
    # given: the attempt runs in the first browser
    participant = place(applicant)
    client.force_login(applicant)
    attempt = start_here(client, participant, proctor)
    first_token = attempt.browser_token
    other_browser = Client()
    other_browser.force_login(applicant)

    # when
    response = other_browser.post(
        start_url(participant), {"pin": takeover_pin(participant, proctor)}
    )

    # then: the new browser holds a new token; the first browser no longer opens the page
    attempt.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == take_url(attempt)
    assert response.cookies[exam_cookie_name(attempt.pk)].value == attempt.browser_token
    assert attempt.browser_token != first_token
    assert other_browser.get(take_url(attempt)).status_code == 200
    assert client.get(take_url(attempt)).status_code == 409
    events = IntegrityEvent.objects.filter(attempt=attempt).order_by("id")
    assert [(event.kind, event.detail.get("reason")) for event in events] == [
        ("started", None),
        ("takeover", None),
        ("locked_out", None),  # the first browser's token is replaced
        ("locked_out", "page_without_token"),  # and it opened the exam page again
    ]


# --- The exam page


def test_exam_page_hands_the_token_and_the_api_addresses_to_its_script(client, applicant, proctor):
    participant = place(applicant)
    client.force_login(applicant)
    attempt = start_here(client, participant, proctor)

    response = client.get(take_url(attempt))

    assert response.status_code == 200
    api = f"/api/v1/exams/attempts/{attempt.pk}"
    assert config_of(response) == {
        "attemptId": attempt.pk,
        "token": attempt.browser_token,
        "stateUrl": api,
        "clockUrl": f"{api}/clock",
        "answersUrl": f"{api}/answers",
        "eventsUrl": f"{api}/events",
        "finishUrl": f"{api}/finish",
        "resultUrl": result_url(attempt),
        "isPractice": False,
    }
    assert "no-store" in response["Cache-Control"]
    assert "js/exams-take.js" in response.content.decode()


def test_exam_page_without_the_cookie_explains_and_offers_the_takeover(client, applicant, proctor):
    participant = place(applicant)
    client.force_login(applicant)
    attempt = start_here(client, participant, proctor)
    client.cookies.pop(exam_cookie_name(attempt.pk))

    response = client.get(take_url(attempt))

    assert response.status_code == 409
    content = response.content.decode()
    assert "sedang dikerjakan di komputer atau peramban lain" in content
    assert start_url(participant) in content
    assert attempt.browser_token not in content
    logged = IntegrityEvent.objects.get(kind=IntegrityEvent.Kind.LOCKED_OUT)
    assert (logged.attempt_id, logged.participant_id, logged.detail, logged.actor) == (
        attempt.pk,
        participant.pk,
        {"reason": "page_without_token"},
        applicant,
    )


def test_opening_the_page_without_the_cookie_is_logged_once_a_minute(client, applicant, proctor):
    participant = place(applicant)
    client.force_login(applicant)
    attempt = start_here(client, participant, proctor)
    client.cookies.pop(exam_cookie_name(attempt.pk))
    without_token = IntegrityEvent.objects.filter(detail__reason="page_without_token")

    for _ in range(3):
        assert client.get(take_url(attempt)).status_code == 409
    assert without_token.count() == 1
    without_token.update(server_at=timezone.now() - dt.timedelta(seconds=61))
    assert client.get(take_url(attempt)).status_code == 409

    assert without_token.count() == 2
    assert AuditEvent.objects.filter(action__startswith="exams.integrity").exists() is False


def test_exam_page_with_a_wrong_cookie_does_not_open(client, applicant, proctor):
    participant = place(applicant)
    client.force_login(applicant)
    attempt = start_here(client, participant, proctor)
    client.cookies[exam_cookie_name(attempt.pk)] = "x" * 43

    response = client.get(take_url(attempt))

    assert response.status_code == 409
    assert attempt.browser_token not in response.content.decode()
    logged = IntegrityEvent.objects.get(kind=IntegrityEvent.Kind.LOCKED_OUT)
    assert logged.detail == {"reason": "page_without_token"}


def test_exam_page_of_another_applicant_is_404_even_with_its_cookie(client, applicant, proctor):
    participant = place(applicant)
    client.force_login(applicant)
    attempt = start_here(client, participant, proctor)
    intruder = UserFactory.create(roles=[Role.PELAMAR])
    client.force_login(intruder)

    assert client.get(take_url(attempt)).status_code == 404
    assert client.get(result_url(attempt)).status_code == 404
    assert IntegrityEvent.objects.filter(kind=IntegrityEvent.Kind.LOCKED_OUT).exists() is False


def test_exam_page_sends_anonymous_visitors_to_login(client, applicant, proctor):
    participant = place(applicant)
    client.force_login(applicant)
    attempt = start_here(client, participant, proctor)
    client.logout()

    response = client.get(take_url(attempt))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_exam_page_of_an_unknown_attempt_is_404(client, applicant):
    client.force_login(applicant)

    assert client.get(reverse("exams:take", args=[999999])).status_code == 404


def test_exam_page_of_a_finished_attempt_goes_to_the_result(client, applicant, proctor):
    participant = place(applicant)
    client.force_login(applicant)
    attempt = start_here(client, participant, proctor)
    finishing.finish_attempt(attempt=attempt, reason=Attempt.FinishReason.SUBMITTED)

    response = client.get(take_url(attempt))

    assert response.status_code == 302
    assert response["Location"] == result_url(attempt)


def test_exam_page_past_the_deadline_finishes_the_attempt(client, applicant, proctor):
    participant = place(applicant)
    client.force_login(applicant)
    attempt = start_here(client, participant, proctor)
    past = timezone.now() - dt.timedelta(minutes=1)
    Attempt.objects.filter(pk=attempt.pk).update(
        started_at=past - dt.timedelta(minutes=100), deadline=past
    )

    response = client.get(take_url(attempt))

    attempt.refresh_from_db()
    assert response["Location"] == result_url(attempt)
    assert attempt.status == Attempt.Status.FINISHED
    assert attempt.finish_reason == Attempt.FinishReason.TIMEOUT


# --- Item images


def _with_image(attempt: Attempt) -> AttemptItem:
    item = attempt.items.select_related("question_version").order_by("position").first()
    assert item is not None
    QuestionVersion.objects.filter(pk=item.question_version_id).update(image="soal/uji/gambar.png")
    return item


def test_item_image_is_streamed_to_the_browser_holding_the_attempt(
    client, applicant, proctor, settings, tmp_path
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    participant = place(applicant)
    client.force_login(applicant)
    attempt = start_here(client, participant, proctor)
    item = _with_image(attempt)
    (tmp_path / "soal" / "uji").mkdir(parents=True)
    (tmp_path / "soal" / "uji" / "gambar.png").write_bytes(b"\x89PNG-uji")
    url = reverse("exams:take-image", args=[attempt.pk, item.position])

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == b"\x89PNG-uji"
    assert response["Content-Security-Policy"].startswith("default-src 'none'")
    client.cookies.pop(exam_cookie_name(attempt.pk))
    assert client.get(url).status_code == 404


def test_item_image_of_a_finished_exam_is_no_longer_served(
    client, applicant, proctor, settings, tmp_path
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    participant = place(applicant)
    client.force_login(applicant)
    attempt = start_here(client, participant, proctor)
    item = _with_image(attempt)
    (tmp_path / "soal" / "uji").mkdir(parents=True)
    (tmp_path / "soal" / "uji" / "gambar.png").write_bytes(b"\x89PNG-uji")
    url = reverse("exams:take-image", args=[attempt.pk, item.position])
    assert client.get(url).status_code == 200

    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now())
    past_deadline = client.get(url).status_code
    finishing.finish_attempt(attempt=attempt, reason=Attempt.FinishReason.SUBMITTED)

    assert past_deadline == 404
    assert client.get(url).status_code == 404


def test_item_without_an_image_is_404(client, applicant, proctor):
    participant = place(applicant)
    client.force_login(applicant)
    attempt = start_here(client, participant, proctor)

    assert client.get(reverse("exams:take-image", args=[attempt.pk, 1])).status_code == 404
    assert client.get(reverse("exams:take-image", args=[attempt.pk, 99])).status_code == 404


# --- The result


def _finished_attempt(client: Client, applicant: User, proctor: User) -> Attempt:
    """TWK: one right (5), one wrong (0); TIU: one right (5), one blank; TKP: E (5) and C (3).
    Umum rule scaled down: TWK 10 fails, TIU 5 and TKP 8 pass -> total 18, not passed."""
    blueprint = make_skd_blueprint()
    add_passing_rule(blueprint, minimums={"TWK": 10, "TIU": 5, "TKP": 8})
    participant = place(applicant, blueprint=blueprint)
    client.force_login(applicant)
    attempt = start_here(client, participant, proctor)
    twk, tiu, tkp = positions(attempt, "TWK"), positions(attempt, "TIU"), positions(attempt, "TKP")
    answer(
        attempt,
        [
            (twk[0], "a", "A"),
            (twk[1], "a", "B"),
            (tiu[0], "a", "A"),
            (tiu[1], "f", ""),
            (tkp[0], "a", "E"),
            (tkp[1], "a", "C"),
        ],
    )
    return finishing.finish_attempt(attempt=attempt, reason=Attempt.FinishReason.SUBMITTED)


def test_result_shows_the_scores_the_verdict_and_the_integrity_code(client, applicant, proctor):
    attempt = _finished_attempt(client, applicant, proctor)

    response = client.get(result_url(attempt))

    assert response.status_code == 200
    summary = response.context["summary"]
    assert [(s.code, s.score, s.maximum, s.minimum) for s in summary.sections] == [
        ("TWK", 5, 10, 10),
        ("TIU", 5, 10, 5),
        ("TKP", 8, 10, 8),
    ]
    assert summary.maximum == 30
    assert attempt.total == 18
    content = response.content.decode()
    assert "Tidak memenuhi nilai ambang batas: TWK 5 &lt; 10." in content
    assert attempt.final_hash in content
    assert len(attempt.final_hash) == 64
    assert "Kode integritas" in content
    assert "js/exams-result.js" in content


def test_real_exam_result_never_shows_keys_or_explanations(client, applicant, proctor):
    attempt = _finished_attempt(client, applicant, proctor)
    QuestionVersion.objects.filter(pk__in=attempt.items.values("question_version_id")).update(
        explanation="PEMBAHASAN-RAHASIA"
    )

    response = client.get(result_url(attempt))

    content = response.content.decode()
    assert "PEMBAHASAN-RAHASIA" not in content
    assert "Pembahasan" not in content
    assert "Pilihan A" not in content
    assert "review" not in response.context


def test_result_of_an_unfinished_attempt_goes_back_to_the_exam(client, applicant, proctor):
    participant = place(applicant)
    client.force_login(applicant)
    attempt = start_here(client, participant, proctor)

    response = client.get(result_url(attempt))

    assert response.status_code == 302
    assert response["Location"] == take_url(attempt)


def test_result_drops_the_exam_cookie(client, applicant, proctor, settings):
    settings.SESSION_COOKIE_SECURE = False
    attempt = _finished_attempt(client, applicant, proctor)
    name = exam_cookie_name(attempt.pk)
    assert client.cookies[name].value == attempt.browser_token

    response = client.get(result_url(attempt))

    assert response.status_code == 200
    cookie = response.cookies[name]
    assert (cookie.value, cookie["max-age"], cookie["path"]) == ("", 0, "/ujian/")
    assert client.get(take_url(attempt))["Location"] == result_url(attempt)
    assert client.get(result_url(attempt)).cookies.get(name) is None


def test_result_is_the_participants_own_even_without_the_cookie(client, applicant, proctor):
    attempt = _finished_attempt(client, applicant, proctor)
    client.cookies.pop(exam_cookie_name(attempt.pk))

    assert client.get(result_url(attempt)).status_code == 200


def test_result_of_another_applicant_is_404(client, applicant, proctor, hr_admin):
    attempt = _finished_attempt(client, applicant, proctor)

    for user in (UserFactory.create(roles=[Role.PELAMAR]), hr_admin):
        client.force_login(user)
        assert client.get(result_url(attempt)).status_code == 404
