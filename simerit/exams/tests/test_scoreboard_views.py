"""The public scoreboard pages and JSON: anonymous access, masked names only, no inline script,
served from the cache, 404 for unknown keys and tryouts, closed boards say so."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from simerit.exams.models import ExamKind
from simerit.exams.selectors.scoreboard import cache, misses
from simerit.exams.tests.factories import SittingFactory, make_skd_blueprint
from simerit.exams.tests.factories_proctor import T0, event, make_participant, start
from simerit.exams.tests.factories_proctor import sitting as make_sitting


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    misses.clear()
    yield
    cache.clear()
    misses.clear()


@pytest.fixture
def room(db):
    sitting = make_sitting(code="SESI-TV-01", starts_at=timezone.now())
    attempt = start(
        make_participant(sitting, name="Budi Santoso", registration_number="2026-0001"), at=T0
    )
    event(attempt, 1, "A", at=T0)
    return sitting


def api_url(key):
    return f"/api/v1/exams/scoreboard/{key}"


def test_the_index_lists_todays_sittings_for_anyone(client, room):
    SittingFactory.create(
        code="SESI-TRYOUT",
        blueprint=make_skd_blueprint(kind=ExamKind.TRYOUT),
        starts_at=timezone.now(),
    )
    SittingFactory.create(
        code="SESI-LAMA",
        blueprint=room.blueprint,
        starts_at=timezone.now() - dt.timedelta(days=31),
    )
    response = client.get(reverse("exams:scoreboard-index"))
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("exams:scoreboard-sitting", args=[room.scoreboard_key]) in html
    assert "SESI-TRYOUT" not in html
    assert "SESI-LAMA" not in html


def test_the_index_empty_state(client, db):
    response = client.get(reverse("exams:scoreboard-index"))
    assert 'data-testid="empty-state"' in response.content.decode()


def test_the_board_page_is_public_masked_and_has_no_inline_script(client, room):
    response = client.get(reverse("exams:scoreboard-sitting", args=[room.scoreboard_key]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "B*** S******" in html
    assert "Budi" not in html
    assert room.participants.get().application.applicant.nik not in html
    assert "2026-0001" in html
    assert "/static/js/exams-scoreboard.js" in html
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag
    assert " style=" not in html
    assert ' id="papan-skor-config"' in html
    assert api_url(room.scoreboard_key) in html


def test_the_board_page_is_served_from_the_cache(client, room, django_assert_num_queries):
    url = reverse("exams:scoreboard-sitting", args=[room.scoreboard_key])
    client.get(url)
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200


def test_unknown_and_tryout_boards_are_404(client, db):
    tryout = SittingFactory.create(blueprint=make_skd_blueprint(kind=ExamKind.TRYOUT))
    for key in ("tidak-ada", tryout.scoreboard_key):
        assert client.get(reverse("exams:scoreboard-sitting", args=[key])).status_code == 404
        response = client.get(api_url(key))
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


def test_the_json_board(client, room):
    response = client.get(api_url(room.scoreboard_key))
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=5"
    body = response.json()
    assert body["sections"] == ["TWK", "TIU", "TKP"]
    assert body["sitting"]["code"] == "SESI-TV-01"
    assert body["rows"] == [
        {
            "rank": 1,
            "registration_number": "2026-0001",
            "name": "B*** S******",
            "scores": {"TWK": 5, "TIU": 0, "TKP": 0},
            "total": 5,
            "status": "active",
            "status_label": "Mengerjakan",
            "passed": None,
        }
    ]
    assert body["refresh_seconds"] == 5


def test_the_json_board_is_served_from_the_cache(client, room, django_assert_num_queries):
    client.get(api_url(room.scoreboard_key))
    with django_assert_num_queries(0):
        assert client.get(api_url(room.scoreboard_key)).status_code == 200


def test_the_max_age_follows_the_setting(client, room, settings):
    settings.SIMERIT_SCOREBOARD_CACHE_SECONDS = 10
    response = client.get(api_url(room.scoreboard_key))
    assert response["Cache-Control"] == "public, max-age=10"


@pytest.fixture
def closed_room(db):
    """A sitting 31 days ago: its board is closed."""
    sitting = make_sitting(code="SESI-LALU", starts_at=timezone.now() - dt.timedelta(days=31))
    make_participant(sitting, name="Budi Santoso", registration_number="2026-0009")
    return sitting


def test_a_closed_board_page_is_a_404_that_says_so(client, closed_room):
    response = client.get(reverse("exams:scoreboard-sitting", args=[closed_room.scoreboard_key]))
    html = response.content.decode()
    assert response.status_code == 404
    assert "Papan skor sesi ini sudah ditutup." in html
    assert "2026-0009" not in html
    assert "B*** S******" not in html


def test_a_closed_board_over_json_is_a_404_with_the_reason(client, closed_room):
    response = client.get(api_url(closed_room.scoreboard_key))
    assert response.status_code == 404
    assert response.json() == {
        "detail": "Papan skor sesi ini sudah ditutup.",
        "code": "not_found",
        "errors": [],
    }
    assert "Cache-Control" not in response


def test_the_index_does_not_list_a_closed_board(client, closed_room):
    html = client.get(reverse("exams:scoreboard-index")).content.decode()
    assert "SESI-LALU" not in html
    assert closed_room.scoreboard_key not in html
