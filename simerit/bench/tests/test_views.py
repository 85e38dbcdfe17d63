import pytest
from django.test import Client
from django.urls import reverse

from simerit.bench.models import BenchCounter


def test_limit_get_answers_a_small_json(client, db):
    response = client.get(reverse("bench:limit-get"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_limit_upsert_creates_the_row_then_increments_it_by_one_per_request(db):
    # Like the load generator: no session, no CSRF token.
    client = Client(enforce_csrf_checks=True)
    url = reverse("bench:limit-upsert")

    answers = [client.post(url).json() for _ in range(3)]

    assert answers == [
        {"key": "limit-upsert", "hits": 1},
        {"key": "limit-upsert", "hits": 2},
        {"key": "limit-upsert", "hits": 3},
    ]
    assert list(BenchCounter.objects.values_list("key", "hits")) == [("limit-upsert", 3)]


def test_limit_upsert_refuses_get_without_writing(client, db):
    response = client.get(reverse("bench:limit-upsert"))

    assert response.status_code == 405
    assert BenchCounter.objects.exists() is False


@pytest.mark.parametrize(
    ("name", "method"), [("bench:limit-get", "get"), ("bench:limit-upsert", "post")]
)
def test_bench_endpoints_are_404_when_the_flag_is_off(client, db, settings, name, method):
    settings.SIMERIT_BENCH_ENDPOINTS = False

    response = getattr(client, method)(reverse(name))

    assert response.status_code == 404
    assert BenchCounter.objects.exists() is False
