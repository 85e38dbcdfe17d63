"""The scheme pages: who reads and who writes, a refused form shown again (422) with the exact
message and nothing changed, the copy of a scheme, the frozen scheme, the base amount of one
position."""

import datetime as dt

import pytest
from django.urls import reverse

from simerit.audit.models import AuditEvent
from simerit.compensation.models import BaseAmount, PredikatRate, Run, Scheme
from simerit.compensation.tests.factories_tpp import make_scheme
from simerit.organization.models import Position
from simerit.organization.tests.factories import PositionFactory

pytestmark = pytest.mark.django_db

LIST = reverse("compensation:scheme_list")
NEW = reverse("compensation:scheme_new")


def detail(scheme):
    return reverse("compensation:scheme_detail", args=[scheme.pk])


def state():
    return (
        Scheme.objects.count(),
        PredikatRate.objects.count(),
        sorted(BaseAmount.objects.values_list("scheme_id", "position_kind", "amount")),
        AuditEvent.objects.count(),
    )


def form_data(**overrides):
    data = {
        "name": "Skema TPP 2027",
        "effective_from": "2027-01",
        "legal_basis": "Perwali Palembang Nomor 3 Tahun 2027",
        "performance_weight": "60",
        "discipline_weight": "40",
        "absent_day_cut": "2.5",
        "late_hour_cut": "1.5",
        "missing_predikat_rate": "70",
        "apply_sanction_cut": "on",
        "rate_sangat_baik": "100",
        "rate_baik": "90",
        "rate_butuh_perbaikan": "75",
        "rate_kurang": "50",
        "rate_sangat_kurang": "25",
        "amount_pelaksana": "3250000",
        "amount_fungsional": "",
    }
    data.update(overrides)
    return data


def test_the_scheme_list_by_role(client, hr_admin, auditor, opd_admin, employee):
    make_scheme()
    for user, status in ((hr_admin, 200), (auditor, 200), (opd_admin, 200), (employee, 403)):
        client.force_login(user)
        response = client.get(LIST)
        assert response.status_code == status
        if status == 200:
            page = response.content.decode()
            assert "Berlaku bulan ini" in page
            assert ("Skema baru" in page) is (user == hr_admin)


def test_the_empty_scheme_list(client, auditor):
    client.force_login(auditor)
    assert 'data-testid="empty-state"' in client.get(LIST).content.decode()


def test_hr_creates_a_scheme(client, hr_admin):
    client.force_login(hr_admin)

    response = client.post(NEW, form_data(), follow=True)

    scheme = Scheme.objects.get()
    assert response.redirect_chain == [(detail(scheme), 302)]
    assert "Skema TPP “Skema TPP 2027” tersimpan." in response.content.decode()
    assert scheme.effective_from == dt.date(2027, 1, 1)
    assert list(scheme.base_amounts.values_list("position_kind", "amount")) == [
        ("pelaksana", 3_250_000)
    ]
    assert "Rp3.250.000" in response.content.decode()


def test_weights_not_summing_to_100_show_the_message_and_change_nothing(client, hr_admin):
    client.force_login(hr_admin)
    before = state()

    response = client.post(NEW, form_data(discipline_weight="30"))

    assert response.status_code == 422
    assert "Jumlah bobot kinerja dan disiplin harus 100%; saat ini 90%." in (
        response.content.decode()
    )
    assert state() == before


def test_a_bad_month_is_a_form_error(client, hr_admin):
    client.force_login(hr_admin)
    before = state()

    response = client.post(NEW, form_data(effective_from="2027/01"))

    assert response.status_code == 422
    assert "Tulis bulan dengan format TTTT-BB, mis. 2026-10." in response.content.decode()
    assert state() == before


def test_readers_cannot_write(client, auditor, opd_admin):
    scheme = make_scheme()
    position = PositionFactory.create()
    before = state()
    for user in (auditor, opd_admin):
        client.force_login(user)
        responses = [
            client.get(NEW),
            client.post(NEW, form_data()),
            client.post(reverse("compensation:scheme_edit", args=[scheme.pk]), form_data()),
            client.post(
                reverse("compensation:scheme_position_amount", args=[scheme.pk]),
                {"position": position.pk, "amount": "5000000"},
            ),
        ]
        assert [response.status_code for response in responses] == [403, 403, 403, 403]
    assert state() == before


def test_a_new_scheme_from_another_is_prefilled(client, hr_admin):
    old = make_scheme()
    client.force_login(hr_admin)

    response = client.get(NEW, {"dari": old.pk})

    form = response.context["form"]
    assert form.initial["copy_from"] == old.pk
    assert form.initial["rate_baik"] == 90
    assert form.initial["amount_pengawas"] == 6_500_000
    assert "effective_from" not in form.initial
    assert "Angka diisi dari skema “Skema TPP 2026”" in response.content.decode()


def test_a_frozen_scheme_cannot_be_edited(client, hr_admin):
    scheme = make_scheme()
    Run.objects.create(
        month=dt.date(2026, 10, 1),
        scheme=scheme,
        computed_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
        computed_by=hr_admin,
    )
    client.force_login(hr_admin)
    before = state()

    page = client.get(detail(scheme)).content.decode()
    edit = client.post(
        reverse("compensation:scheme_edit", args=[scheme.pk]), form_data(), follow=True
    )

    assert 'data-testid="frozen"' in page
    assert "Ubah skema" not in page
    assert "Skema ini sudah dipakai perhitungan TPP sehingga tidak dapat diubah" in (
        edit.content.decode()
    )
    assert state() == before


def test_hr_edits_a_scheme(client, hr_admin):
    scheme = make_scheme()
    client.force_login(hr_admin)
    url = reverse("compensation:scheme_edit", args=[scheme.pk])

    form = client.get(url).context["form"]
    response = client.post(url, form_data(name="Skema baru", effective_from="2026-01"), follow=True)

    assert form.initial["effective_from"] == "2026-01"
    assert "Perubahan skema TPP tersimpan." in response.content.decode()
    scheme.refresh_from_db()
    assert scheme.name == "Skema baru"


def test_the_base_amount_of_one_position_through_the_page(client, hr_admin):
    scheme = make_scheme()
    position = PositionFactory.create(name="Dokter Spesialis", kind=Position.Kind.FUNGSIONAL)
    client.force_login(hr_admin)
    add = reverse("compensation:scheme_position_amount", args=[scheme.pk])

    saved = client.post(add, {"position": position.pk, "amount": "9000000"}, follow=True)
    bad = client.post(add, {"position": position.pk, "amount": "0"}, follow=True)

    assert "Pagu jabatan Dokter Spesialis tersimpan." in saved.content.decode()
    assert "Pagu harus lebih dari Rp0." in bad.content.decode()
    base = BaseAmount.objects.get(position=position)
    assert base.amount == 9_000_000
    remove = reverse("compensation:scheme_position_remove", args=[scheme.pk, base.pk])
    removed = client.post(remove, follow=True)
    assert "Pagu jabatan dihapus" in removed.content.decode()
    assert not BaseAmount.objects.filter(position=position).exists()
    assert client.post(remove).status_code == 404
