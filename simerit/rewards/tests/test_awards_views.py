"""The award catalogue pages: who reads, who writes, and refusals that change nothing."""

from decimal import Decimal

import pytest
from django.urls import reverse

from simerit.audit.models import AuditEvent
from simerit.rewards.models import Award, CommitteeMember, Criterion
from simerit.rewards.tests.factories import AwardFactory, CriterionFactory, satyalancana

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_the_catalogue_lists_the_satyalancana_classes_for_any_account(client, employee):
    client.force_login(employee)

    response = client.get("/penghargaan/")

    assert response.status_code == 200
    names = [award.name for award in response.context["page_obj"].object_list]
    assert names[:3] == [
        "Satyalancana Karya Satya X Tahun",
        "Satyalancana Karya Satya XX Tahun",
        "Satyalancana Karya Satya XXX Tahun",
    ]
    assert 'data-testid="award-new"' not in response.content.decode()


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get("/penghargaan/")

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next=/penghargaan/"


def test_hr_creates_an_award(client, hr_admin):
    client.force_login(hr_admin)

    response = client.post(
        "/penghargaan/baru/",
        {
            "name": "Pegawai Teladan",
            "description": "",
            "min_service_years": "5",
            "min_predikat": "baik",
            "clean_record_years": "2",
            "is_active": "on",
        },
    )

    award = Award.objects.get(name="Pegawai Teladan")
    assert response.status_code == 302
    assert response["Location"] == f"/penghargaan/{award.pk}/"
    assert (award.min_service_years, award.min_predikat) == (5, "baik")


def test_an_auditor_may_not_create_and_nothing_changes(client, auditor):
    client.force_login(auditor)
    count = Award.objects.count()

    response = client.post("/penghargaan/baru/", {"name": "Teladan", "min_service_years": "0"})

    assert response.status_code == 403
    assert Award.objects.count() == count
    assert not AuditEvent.objects.filter(action__startswith="rewards.").exists()


def test_a_satyalancana_class_has_no_edit_page(client, hr_admin):
    client.force_login(hr_admin)

    response = client.get(f"/penghargaan/{satyalancana(10).pk}/ubah/")

    assert response.status_code == 404


def test_detail_warns_while_weights_do_not_sum_to_100(client, hr_admin):
    award = AwardFactory.create()
    CriterionFactory.create(award=award, weight=Decimal("50"))
    CriterionFactory.create(award=award, weight=Decimal("40"))
    client.force_login(hr_admin)

    response = client.get(f"/penghargaan/{award.pk}/")

    assert response.status_code == 200
    assert "Jumlah bobot kriteria harus 100%; saat ini 90%." in response.content.decode()


def test_a_criterion_beyond_100_percent_is_refused_with_the_message(client, hr_admin):
    award = AwardFactory.create()
    CriterionFactory.create(award=award, weight=Decimal("80"))
    client.force_login(hr_admin)

    response = client.post(
        f"/penghargaan/{award.pk}/kriteria/",
        {"name": "Inovasi", "weight": "30", "max_score": "100", "order": "1"},
        follow=True,
    )

    assert messages_of(response) == ["Jumlah bobot kriteria menjadi 110%; paling banyak 100%."]
    assert Criterion.objects.filter(award=award).count() == 1


def test_hr_adds_a_committee_member_by_username(client, hr_admin, supervisor):
    award = AwardFactory.create()
    client.force_login(hr_admin)

    response = client.post(
        f"/penghargaan/{award.pk}/tim-penilai/", {"username": "atasan", "year": "2026"}
    )
    added = client.get(response["Location"])
    unknown = client.post(
        f"/penghargaan/{award.pk}/tim-penilai/",
        {"username": "tidak-ada", "year": "2026"},
        follow=True,
    )

    assert response.status_code == 302
    assert response["Location"] == f"/penghargaan/{award.pk}/?year=2026#tim-penilai"
    assert list(CommitteeMember.objects.values_list("user", "year")) == [(supervisor.pk, 2026)]
    assert messages_of(added) == ["Anggota tim penilai ditambahkan."]
    assert messages_of(unknown) == ["Akun dengan nama pengguna ini tidak ditemukan."]
