import datetime as dt
import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from simerit.portal import views
from simerit.portal.tests import factories as published
from simerit.recruitment.models import Application, SelectionPeriod, Stage, StageWindow
from simerit.recruitment.tests.factories import (
    ApplicationFactory,
    FormasiFactory,
    SelectionPeriodFactory,
)
from simerit.selection.selectors import transparency_lookup as lookup_selectors
from simerit.selection.tests.factories import SelectionSetupFactory

pytestmark = pytest.mark.django_db

MS, TMS = Application.Status.MS, Application.Status.TMS
LOOKUP = reverse("portal:lookup")


@pytest.fixture
def period() -> SelectionPeriod:
    return SelectionPeriodFactory.create(name="Seleksi CASN 2026")


@pytest.fixture
def formasi(period):
    """12 applicants (9 MS, 3 TMS announced), SKD published for the 9 MS (7 pass)."""
    formasi = FormasiFactory.create(period=period, code="PRW-01", quota=2)
    passed = published.applications(formasi, 9, status=MS)
    failed = published.applications(formasi, 3, status=TMS)
    published.admin_announcement(
        formasi, [(a, "MS") for a in passed] + [(a, "TMS") for a in failed]
    )
    blueprint = published.skd_blueprint(period)
    for index, application in enumerate(passed):
        published.skd_result(blueprint, application, tkp=150 + 5 * index, passed=index < 7)
    return formasi


def page_text(response) -> str:
    return str(response.content.decode())


def first_ms(formasi) -> Application:
    return Application.objects.filter(formasi=formasi, status=MS).order_by("pk")[0]


# --- public, read-only


@pytest.mark.parametrize("name", ["portal:home", "portal:how-ranking-works", "portal:lookup"])
def test_the_pages_need_no_login(client, name):
    response = client.get(reverse(name))

    assert response.status_code == 200
    assert response.templates[0].name.startswith("portal/")


def test_the_home_page_lists_public_periods_only(client, period):
    SelectionPeriodFactory.create(name="Periode draf", status=SelectionPeriod.Status.DRAFT)

    response = client.get(reverse("portal:home"))

    assert [p.name for p in response.context["page_obj"]] == ["Seleksi CASN 2026"]
    assert "Periode draf" not in page_text(response)


def test_a_draft_period_is_not_found(client):
    draft = SelectionPeriodFactory.create(status=SelectionPeriod.Status.DRAFT)

    assert client.get(reverse("portal:period", args=[draft.pk])).status_code == 404


@pytest.mark.parametrize("name", ["portal:home", "portal:how-ranking-works"])
def test_the_read_only_pages_refuse_posts(client, name):
    assert client.post(reverse(name)).status_code == 405


def test_the_period_page_refuses_posts(client, period):
    assert client.post(reverse("portal:period", args=[period.pk])).status_code == 405


def test_the_lookup_takes_only_get_and_post(client):
    assert client.put(LOOKUP).status_code == 405
    assert client.delete(LOOKUP).status_code == 405


# --- the period page


def test_the_period_page_shows_suppressed_figures_with_the_footnote(client, formasi):
    now = timezone.now()
    StageWindow.objects.create(
        period=formasi.period,
        stage=Stage.RESULT_ANNOUNCEMENT,
        opens_at=now + dt.timedelta(days=5),
        closes_at=now + dt.timedelta(days=6),
    )

    response = client.get(reverse("portal:period", args=[formasi.period.pk]))
    html = page_text(response)

    assert response.status_code == 200
    row = response.context["statistics"].rows[0]
    assert [figure.text for figure in row.figures] == ["12", "< 5", "< 5", "7", "—", "—"]
    cells = re.findall(r'<td class="text-end" data-state="(\w+)">([^<]*)', html)
    assert cells == [
        ("shown", "12"),
        ("suppressed", "&lt; 5"),
        ("suppressed", "&lt; 5"),
        ("shown", "7"),
        ("unpublished", "—"),
        ("unpublished", "—"),
    ]
    assert 'id="catatan-k"' in html
    assert "kurang dari 5 orang" in html
    assert 'data-state="next" data-stage="result_announcement"' in html
    assert "Pengumuman hasil akhir" in html


def test_the_footnote_follows_the_configured_k(client, formasi, settings):
    settings.SIMERIT_PORTAL_MIN_GROUP = 4

    response = client.get(reverse("portal:period", args=[formasi.period.pk]))

    row = response.context["statistics"].rows[0]
    assert [figure.text for figure in row.figures][:3] == ["12", "< 4", "< 4"]
    assert "kurang dari 4 orang" in page_text(response)


def test_the_charts_get_their_data_from_json_script_without_inline_code(client, formasi):
    response = client.get(reverse("portal:period", args=[formasi.period.pk]))
    html = page_text(response)

    found = re.search(r'<script id="grafik-skd-data" type="application/json">(.*?)</script>', html)
    assert found is not None
    data = json.loads(found[1])
    assert data["n"] == 9
    assert sum(count for count in data["counts"] if count) == 9
    assert all(count in (0, None) or count >= 5 for count in data["counts"])
    assert "portal/charts.js" in html
    assert "vendor/chartjs-4.6.1/chart.umd.min.js" in html
    inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html)
    assert inline == []
    assert 'data-testid="grafik-akhir-empty"' in html


def test_the_charts_of_one_formasi(client, formasi):
    url = reverse("portal:period", args=[formasi.period.pk])

    response = client.get(url, {"formasi": formasi.pk})

    assert response.context["chart_formasi"] == formasi
    assert response.context["distributions"].skd.n == 9
    assert client.get(url, {"formasi": FormasiFactory.create().pk}).status_code == 404


def test_a_formasi_chart_of_fewer_than_k_people_is_not_drawn_and_says_why(client, formasi):
    # given: a second formasi with 3 published SKD scores; the period then has 12
    small = FormasiFactory.create(period=formasi.period, code="PRW-02")
    blueprint = published.skd_blueprint(formasi.period)
    for application in published.applications(small, 3):
        published.skd_result(blueprint, application)
    url = reverse("portal:period", args=[formasi.period.pk])
    # when
    of_small = client.get(url, {"formasi": small.pk})
    of_period = client.get(url)
    # then: the small formasi's chart is withheld; the period's (12) is drawn
    html = page_text(of_small)
    assert of_small.context["distributions"].skd is None
    assert 'data-testid="grafik-skd-hidden"' in html
    assert "grafik-skd-data" not in html
    assert of_period.context["distributions"].skd.n == 12
    assert 'data-testid="grafik-skd-hidden"' not in page_text(of_period)


def test_the_statistics_table_has_no_period_totals_a_suppressed_cell_could_be_read_from(
    client, formasi
):
    # given: PRW-01's MS and TMS are suppressed (9 and 3 of 12)
    response = client.get(reverse("portal:period", args=[formasi.period.pk]))
    html = page_text(response)
    start = html.index('data-testid="formasi-statistics"')
    table = html[start : html.index("</table>", start)]
    # then: one body row and no footer or totals row
    assert table.count("<tr data-formasi=") == 1
    assert "<tfoot" not in table
    assert "Jumlah" not in table
    assert "Total" not in table


def test_the_search_keeps_its_words_in_the_page_links(client, period):
    for number in range(30):
        FormasiFactory.create(period=period, code=f"PRW-{number:02d}")
    FormasiFactory.create(period=period, code="DOK-01", position__name="Dokter Ahli Pertama")

    response = client.get(reverse("portal:period", args=[period.pk]), {"q": "prw"})

    assert response.context["page_obj"].paginator.count == 30
    assert len(response.context["statistics"].rows) == 25
    assert "?q=prw&amp;page=2" in page_text(response)
    assert "DOK-01" not in page_text(response)


def test_the_period_page_costs_the_same_queries_for_3_or_30_formasi(client):
    def queries(formasi_count: int) -> int:
        period = SelectionPeriodFactory.create()
        blueprint = published.skd_blueprint(period)
        for number in range(formasi_count):
            formasi = FormasiFactory.create(period=period, code=f"Q-{number:03d}")
            applications = published.applications(formasi, 2)
            published.admin_announcement(formasi, [(a, "MS") for a in applications])
            published.skd_result(blueprint, applications[0])
            published.result_announcement(formasi, [(applications[0], "lulus", 1, Decimal(80))])
        with CaptureQueriesContext(connection) as context:
            response = client.get(reverse("portal:period", args=[period.pk]))
        assert response.status_code == 200
        return len(context.captured_queries)

    assert queries(3) == queries(30)


# --- how the ranking works


def test_the_explanation_shows_labelled_defaults_without_a_period(client):
    response = client.get(reverse("portal:how-ranking-works"))
    html = page_text(response)

    assert 'data-testid="defaults-note"' in html
    assert "ketentuan nasional bawaan" in html
    assert "40 % SKD + 60 % SKB" in html
    assert "70,73" in html
    assert "KepmenPANRB 321/2024" in html


def test_the_explanation_uses_the_periods_setup(client, period):
    SelectionSetupFactory.create(
        period=period, skd_weight=Decimal(30), skb_weight=Decimal(70), cut_multiplier=2
    )

    response = client.get(reverse("portal:how-ranking-works"), {"period": period.pk})
    html = page_text(response)

    assert 'data-testid="period-note"' in html
    assert "30 % SKD + 70 % SKB" in html
    assert "2 × jumlah kebutuhan" in html
    assert response.context["explanation"].cut_slots == 2


def test_the_explanation_of_a_draft_period_is_not_found(client):
    draft = SelectionPeriodFactory.create(status=SelectionPeriod.Status.DRAFT)

    response = client.get(reverse("portal:how-ranking-works"), {"period": draft.pk})

    assert response.status_code == 404


def test_links_to_the_announcements_and_the_verify_page(client, period):
    response = client.get(reverse("portal:how-ranking-works"), {"period": period.pk})
    html = page_text(response)

    assert f"{reverse('selection:announcement-list')}?period={period.pk}" in html
    assert reverse("selection:verify") in html


def test_a_link_that_does_not_resolve_is_left_out(monkeypatch):
    def missing(name, args=()):
        raise NoReverseMatch(name)

    monkeypatch.setattr(views, "reverse", missing)

    assert views._links() == {
        "announcements_url": None,
        "verify_url": None,
        "my_result_url": None,
    }


# --- lookup


def test_the_lookup_shows_published_facts_and_never_the_nik(client, formasi):
    application = first_ms(formasi)
    applicant = application.applicant

    response = client.post(LOOKUP, {"registration_number": application.registration_number})
    html = page_text(response)

    assert response.status_code == 200
    result = response.context["result"]
    assert result.administrative.result == "MS"
    assert result.skd.total == 100 + 110 + 150
    assert result.final is None
    assert 'data-testid="lookup-skd"' in html
    assert applicant.nik not in html
    assert applicant.name not in html
    assert applicant.birth_date.strftime("%d-%m-%Y") not in html
    assert result.masked_name in html
    assert response["Cache-Control"].startswith("max-age=0")
    assert "no-store" in response["Cache-Control"]


def test_an_unpublished_skd_result_is_not_shown(client, period):
    formasi = FormasiFactory.create(period=period)
    application = ApplicationFactory.create(formasi=formasi, status=MS)
    published.admin_announcement(formasi, [(application, "MS")])
    hidden = published.skd_blueprint(period, published=False)
    published.skd_result(hidden, application, twk=135, tiu=110, tkp=150)

    response = client.post(LOOKUP, {"registration_number": application.registration_number})
    html = page_text(response)

    assert response.context["result"].skd is None
    assert 'data-testid="lookup-skd"' not in html
    assert "395" not in html


def test_the_final_result_links_to_its_announcement(client, formasi):
    application = first_ms(formasi)
    published.result_announcement(formasi, [(application, "lulus", 1, Decimal("78.4"))])

    response = client.post(LOOKUP, {"registration_number": application.registration_number})
    html = page_text(response)

    assert 'data-testid="lookup-final"' in html
    assert "Lulus" in html
    assert reverse("selection:announcement-detail", args=[formasi.pk, 1]) in html


def test_an_unknown_number_gets_the_neutral_answer(client, period):
    response = client.post(LOOKUP, {"registration_number": "2026-CPNS-999999"})

    assert response.status_code == 200
    assert response.context["result"] is None
    assert 'data-testid="lookup-none"' in page_text(response)


def test_an_empty_number_is_a_form_error(client):
    response = client.post(LOOKUP, {"registration_number": "   "})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "registration_number": ["Isi nomor pendaftaran Anda."]
    }
    assert response.context["searched"] is False


def test_the_number_never_goes_into_a_url(client, formasi):
    application = first_ms(formasi)

    response = client.get(LOOKUP, {"registration_number": application.registration_number})

    assert response.context.get("result") is None
    assert response.context["searched"] is False
    assert 'method="post"' in page_text(response)


def test_a_post_without_the_csrf_token_is_refused(formasi):
    application = first_ms(formasi)
    client = Client(enforce_csrf_checks=True)

    response = client.post(LOOKUP, {"registration_number": application.registration_number})

    assert response.status_code == 403
    assert application.registration_number not in page_text(response)


def test_a_post_with_the_csrf_token_is_accepted():
    client = Client(enforce_csrf_checks=True)
    form = client.get(LOOKUP)
    token = form.cookies["csrftoken"].value

    response = client.post(
        LOOKUP, {"registration_number": "2026-CPNS-000001", "csrfmiddlewaretoken": token}
    )

    assert response.status_code == 200


def test_the_31st_lookup_in_an_hour_is_refused_and_looks_nothing_up(
    client, formasi, monkeypatch, django_assert_num_queries
):
    application = first_ms(formasi)
    calls: list[str] = []
    real = lookup_selectors.lookup_result

    def counting(number: str):
        calls.append(number)
        return real(number)

    monkeypatch.setattr(lookup_selectors, "lookup_result", counting)
    data = {"registration_number": application.registration_number}
    for _ in range(30):
        assert client.post(LOOKUP, data, REMOTE_ADDR="10.0.0.7").status_code == 200

    with django_assert_num_queries(0):
        refused = client.post(LOOKUP, data, REMOTE_ADDR="10.0.0.7")

    assert refused.status_code == 429
    assert "Terlalu banyak pencarian hasil" in page_text(refused)
    assert refused.context.get("result") is None
    assert len(calls) == 30
    # another address is not affected
    assert client.post(LOOKUP, data, REMOTE_ADDR="10.0.0.8").status_code == 200
    assert len(calls) == 31


def test_the_lookup_limit_is_a_setting(client, settings):
    settings.SIMERIT_PORTAL_LOOKUPS_PER_HOUR = 2
    data = {"registration_number": "2026-CPNS-000001"}

    codes = [client.post(LOOKUP, data).status_code for _ in range(3)]

    assert codes == [200, 200, 429]
