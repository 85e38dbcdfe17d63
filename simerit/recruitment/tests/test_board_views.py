"""The public board pages: anonymous access, filters, the checker's exact words, 404s, query counts."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from simerit.recruitment.tests.factories import (
    ApplicantFactory,
    ApplicationFactory,
    FormasiFactory,
    SelectionPeriodFactory,
    open_windows,
)

LIST = reverse("recruitment:board-formasi-list")
CHECK = reverse("recruitment:board-check")


def text(response):
    """The page's visible text, tags removed and spaces collapsed."""
    body = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(body.split())


def templates(response):
    return [t.name for t in response.templates]


@pytest.fixture
def period(db):
    period = SelectionPeriodFactory.create(name="Seleksi CASN 2026 Kota Palembang")
    open_windows(period)
    return period


@pytest.fixture
def nurse(org, period):
    return FormasiFactory.create(
        period=period, code="DINKES-01", work_unit=org.dinkes, position__name="Perawat Ahli"
    )


@pytest.fixture
def teacher(org, period):
    return FormasiFactory.create(
        period=period, code="DISDIK-01", work_unit=org.disdik, position__name="Guru Kelas"
    )


def visitor(**overrides):
    data = {
        "birth_date": "1991-04-01",
        "education_level": "S1",
        "major": "Keperawatan",
        "gpa": "",
        "own_track": "umum",
    }
    data.update(overrides)
    return data


# --- home


def test_home_lists_public_periods_with_their_timeline(client, period):
    SelectionPeriodFactory.create(name="Seleksi Rahasia", status="draft")
    FormasiFactory.create(period=period, quota=4)

    response = client.get(reverse("recruitment:board-home"))

    assert response.status_code == 200
    page = text(response)
    assert "Seleksi CASN 2026 Kota Palembang" in page
    assert "Seleksi Rahasia" not in page
    assert "1 formasi dengan total kebutuhan 4 orang." in page
    assert "Sedang berlangsung Pendaftaran" in page


def test_home_without_periods_shows_an_empty_state(client, db):
    response = client.get(reverse("recruitment:board-home"))
    assert "Belum ada periode seleksi yang diumumkan." in text(response)


# --- list


def test_anonymous_visitor_sees_the_public_formasi_only(client, period, nurse, teacher):
    FormasiFactory.create(period=period, code="DRAFT-01", status="draft")

    response = client.get(LIST)

    assert response.status_code == 200
    page = text(response)
    assert "DINKES-01" in page
    assert "DISDIK-01" in page
    assert "DRAFT-01" not in page
    assert "2 formasi ditemukan." in page


def test_list_filters_by_unit_and_search(client, org, period, nurse, teacher):
    by_unit = text(client.get(LIST, {"unit": org.dinkes.pk}))
    by_search = text(client.get(LIST, {"q": "guru"}))

    assert ("DINKES-01" in by_unit, "DISDIK-01" in by_unit) == (True, False)
    assert ("DINKES-01" in by_search, "DISDIK-01" in by_search) == (False, True)


def test_a_bad_filter_value_is_ignored_not_an_error(client, period, nurse):
    response = client.get(LIST, {"unit": "abc", "level": "XX", "periode": "999"})
    assert response.status_code == 200
    assert "DINKES-01" in text(response)


def test_list_shows_quota_and_live_counts(client, period, nurse):
    ApplicationFactory.create(formasi=nurse, status="submitted")
    ApplicationFactory.create(formasi=nurse, status="ms")
    ApplicationFactory.create(formasi=nurse, status="draft")

    page = text(client.get(LIST))

    assert "Kuota 2 · Lamaran terkirim 2 · Sedang menyiapkan lamaran 1" in page


def test_htmx_filter_returns_only_the_results(client, period, nurse):
    response = client.get(LIST, {"q": "perawat"}, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert "DINKES-01" in text(response)


def test_list_without_a_public_period_shows_an_empty_state(client, db):
    response = client.get(LIST)
    assert "Belum ada periode seleksi yang diumumkan." in text(response)


def test_list_paginates(client, period):
    for n in range(25):
        FormasiFactory.create(period=period, code=f"F-{n:02d}")

    first, second = text(client.get(LIST)), text(client.get(LIST, {"page": 2}))

    assert ("F-19" in first, "F-20" in first) == (True, False)
    assert ("F-20" in second, "F-24" in second, "F-19" in second) == (True, True, False)
    assert "25 formasi ditemukan; halaman 2 dari 2." in second


def test_anonymous_list_is_a_fixed_number_of_queries(
    client, period, nurse, teacher, django_assert_num_queries
):
    for n in range(10):
        formasi = FormasiFactory.create(period=period, code=f"X-{n}")
        ApplicationFactory.create(formasi=formasi, status="submitted")

    # periods, 4 filter choices, count, page, education, applicant counts, timeline
    with django_assert_num_queries(10):
        client.get(LIST)


# --- the checker


def test_checker_explains_each_failure_in_plain_words(client, period, nurse):
    response = client.post(CHECK, visitor(education_level="D3"))

    assert response.status_code == 200
    page = text(response)
    assert (
        "Anda belum memenuhi syarat formasi ini: "
        "Usia Anda pada 1 Agustus 2026 adalah 35 tahun 4 bulan; batas usia 35 tahun. "
        "Pendidikan Anda tidak sesuai: formasi ini menerima jenjang Sarjana (S-1)."
    ) in page


def test_checker_says_when_the_visitor_qualifies(client, period, nurse):
    page = text(client.post(CHECK, visitor(birth_date="1998-03-03")))
    assert "Anda memenuhi syarat formasi ini." in page


def test_checker_keeps_the_filters_and_checks_only_that_page(client, period, nurse, teacher):
    teacher_only = visitor(q="guru", birth_date="1998-03-03")

    page = text(client.post(CHECK, teacher_only))

    assert ("DISDIK-01" in page, "DINKES-01" in page) == (True, False)
    assert page.count("Anda memenuhi syarat formasi ini.") == 1


def test_checker_refuses_special_tracks_of_another_track(client, period):
    FormasiFactory.create(period=period, code="CUM-01", track="cumlaude")

    page = text(client.post(CHECK, visitor(birth_date="1998-03-03")))

    assert "Formasi ini khusus untuk pelamar jalur Lulusan cumlaude." in page


def test_checker_with_bad_input_shows_the_problem_and_no_verdict(client, period, nurse):
    future = (timezone.localdate() + dt.timedelta(days=1)).isoformat()

    page = text(client.post(CHECK, visitor(birth_date=future, gpa="tiga")))

    assert "Tanggal lahir tidak boleh di masa depan." in page
    assert "IPK harus berupa angka, mis. 3,25." in page
    assert "memenuhi syarat formasi ini" not in page


def test_checker_is_post_only_and_htmx_gets_the_board_partial(client, period, nurse):
    assert client.get(CHECK, visitor()).status_code == 405

    response = client.post(CHECK, visitor(), headers={"HX-Request": "true"})

    assert "<html" not in response.content.decode()
    assert 'id="cek"' in response.content.decode()
    assert "batas usia 35 tahun" in text(response)


def test_checker_pages_by_post_without_personal_data_in_links(client, period):
    for n in range(21):
        FormasiFactory.create(period=period, code=f"F-{n:02d}")

    response = client.post(CHECK, visitor(goto="2"))

    html = response.content.decode()
    assert "F-20" in text(response)
    assert "F-00" not in text(response)
    assert 'name="goto" value="1"' in html
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert [href for href in hrefs if "1991" in href or "Keperawatan" in href] == []


def test_logged_in_applicant_sees_own_eligibility_without_typing(client, period, nurse):
    applicant = ApplicantFactory.create(birth_date=dt.date(1991, 4, 1))
    client.force_login(applicant.user)

    page = text(client.get(LIST))

    assert "Kelayakan pada setiap formasi di bawah dihitung dari data pendaftaran Anda." in page
    assert "Usia Anda pada 1 Agustus 2026 adalah 35 tahun 4 bulan; batas usia 35 tahun." in page
    assert "Cek kelayakan Anda" not in page


def test_a_pelamar_without_applicant_record_gets_the_checker(client, period, nurse, applicant):
    client.force_login(applicant)
    assert "Cek kelayakan Anda" in text(client.get(LIST))


# --- detail


def test_detail_shows_requirements_counts_and_timeline(client, period, nurse):
    ApplicationFactory.create(formasi=nurse, status="submitted")

    response = client.get(reverse("recruitment:board-formasi-detail", args=[nurse.pk]))

    assert response.status_code == 200
    page = text(response)
    assert (
        "Pada 1 Agustus 2026 usia Anda paling rendah 18 tahun dan paling tinggi 35 tahun, "
        "artinya lahir antara 1 Agustus 1991 dan 1 Agustus 2008."
    ) in page
    assert "Sarjana (S-1), program studi Keperawatan." in page
    assert "KTP Wajib Format JPG, paling besar 200 KB." in page
    assert "Ijazah Wajib Format PDF, paling besar 800 KB." in page
    assert "Kuota (kebutuhan) 2 Lamaran terkirim 1 Sedang menyiapkan lamaran 0" in page
    assert "Sedang berlangsung Pendaftaran" in page
    assert "Berikutnya Verifikasi administrasi" in page


@pytest.mark.parametrize(
    ("period_status", "formasi_status"),
    [("published", "draft"), ("draft", "published"), ("draft", "draft")],
)
def test_unpublished_formasi_is_404(client, db, period_status, formasi_status):
    hidden = FormasiFactory.create(
        period=SelectionPeriodFactory.create(status=period_status), status=formasi_status
    )
    url = reverse("recruitment:board-formasi-detail", args=[hidden.pk])

    assert client.get(url).status_code == 404
    check = reverse("recruitment:board-formasi-check", args=[hidden.pk])
    assert client.post(check, visitor()).status_code == 404


def test_closed_formasi_stays_visible_and_says_so(client, period):
    closed = FormasiFactory.create(period=period, status="closed")

    response = client.get(reverse("recruitment:board-formasi-detail", args=[closed.pk]))

    assert "Formasi ini sudah ditutup." in text(response)


def test_detail_checker_answers_with_the_eligibility_partial(client, period, nurse):
    url = reverse("recruitment:board-formasi-check", args=[nurse.pk])

    response = client.post(url, visitor(), headers={"HX-Request": "true"})

    assert "<html" not in response.content.decode()
    assert 'id="kelayakan"' in response.content.decode()
    assert (
        "Anda belum memenuhi syarat formasi ini: "
        "Usia Anda pada 1 Agustus 2026 adalah 35 tahun 4 bulan; batas usia 35 tahun."
    ) in text(response)


def test_detail_shows_the_applicants_own_eligibility(client, period, nurse):
    applicant = ApplicantFactory.create(birth_date=dt.date(1998, 3, 3))
    client.force_login(applicant.user)

    page = text(client.get(reverse("recruitment:board-formasi-detail", args=[nurse.pk])))

    assert "Anda memenuhi syarat formasi ini. Dihitung dari data pendaftaran Anda." in page


def test_board_pages_use_their_templates(client, period, nurse):
    assert "recruitment/board_formasi_list.html" in templates(client.get(LIST))
    detail = client.get(reverse("recruitment:board-formasi-detail", args=[nurse.pk]))
    assert "recruitment/board_formasi_detail.html" in templates(detail)
