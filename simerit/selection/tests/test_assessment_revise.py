"""Correcting a component's result after a granted sanggah on the final result
(services.assessment_resolution.revise_result and its page), end to end through the real services: scoring,
the CAT import, the integration, publication, the sanggah and its decision."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, InvalidInputError
from simerit.core.roles import Role
from simerit.recruitment.tests.factories import FormasiFactory, SelectionPeriodFactory
from simerit.selection.models import ComponentResult, ResultSanggah
from simerit.selection.selectors import announcements as announcement_selectors
from simerit.selection.services import announcements as announcement_services
from simerit.selection.services import assessment_resolution as resolution_services
from simerit.selection.services import sanggah as sanggah_services
from simerit.selection.services.cat_scores import import_cat_scores
from simerit.selection.services.integration import run_integration
from simerit.selection.services.withdrawals import withdraw
from simerit.selection.tests.factories import SelectionSetupFactory, make_components
from simerit.selection.tests.factories_assessment import give, make_assessors, submit
from simerit.selection.tests.factories_integration import make_candidate, skb_result

pytestmark = pytest.mark.django_db

MEMBERS = "Dr. Sari (Ketua), Budi Hartono (Anggota)"
NOTE = "Lembar simulasi halaman 3 tidak ikut dinilai; panel menilai ulang seluruh jawaban."
REASON = "Nilai simulasi kasus saya terlalu rendah: halaman ketiga jawaban saya tidak dinilai."
GRANT_NOTE = "Panitia memeriksa berkas: halaman ketiga memang terlewat saat penilaian."


class World:
    """Period with formasi F-PERAWAT (quota 1; SKB-CAT 60 % + simulation 40 %) and three SKB
    candidates: A (CAT 400/500, simulation 80), B (CAT 350/500, simulation 60), C (CAT 300/500,
    recorded absent from the simulation), all scored, integrated and published (version 1) by
    `hr` through the services."""

    def __init__(self) -> None:
        self.period = SelectionPeriodFactory.create(name="Seleksi CASN Kota Palembang 2026")
        SelectionSetupFactory.create(period=self.period, cut_at=timezone.now())
        self.formasi = FormasiFactory.create(period=self.period, code="F-PERAWAT", quota=1)
        self.cat, self.simulation = make_components(self.formasi)
        self.hr = UserFactory.create(username="hr1", roles=[Role.ADMIN_BKPSDM])
        self.other_hr = UserFactory.create(username="hr2", roles=[Role.ADMIN_BKPSDM])
        self.a = make_candidate(self.formasi, "2026-KOR-0001", cut_rank=1)
        self.b = make_candidate(self.formasi, "2026-KOR-0002", cut_rank=2)
        self.c = make_candidate(self.formasi, "2026-KOR-0003", cut_rank=3)
        for candidate, total in ((self.a, 400), (self.b, 350), (self.c, 300)):
            skb_result(candidate.application, total)
        import_cat_scores(period=self.period, actor=self.hr)
        assessors = make_assessors("asesor1", "asesor2")
        for candidate, level in ((self.a, 4), (self.b, 3)):
            for assignment in give(self.simulation, candidate, assessors):
                submit(assignment, level, level, level)
        resolution_services.mark_absent(component=self.simulation, candidate=self.c, actor=self.hr)
        run_integration(period=self.period, actor=self.hr)
        self.first = announcement_services.publish_results(formasi=self.formasi, actor=self.hr)

    def result(self, candidate, component=None) -> ComponentResult:
        return ComponentResult.objects.get(
            candidate=candidate, component=component or self.simulation
        )

    def sanggah(self, candidate, status=ResultSanggah.Status.GRANTED) -> ResultSanggah:
        """A decided (or filed) sanggah written directly, for the refusal tests."""
        return ResultSanggah.objects.create(
            application=candidate.application,
            announcement=self.first,
            reason=REASON,
            status=status,
            decided_by=None if status == ResultSanggah.Status.FILED else self.other_hr,
            decided_at=None if status == ResultSanggah.Status.FILED else timezone.now(),
            decision_note="" if status == ResultSanggah.Status.FILED else GRANT_NOTE,
        )


@pytest.fixture
def world() -> World:
    return World()


def snapshot():
    """Every component result and the audit length: what a refused correction must not touch."""
    return (
        list(ComponentResult.objects.order_by("pk").values()),
        AuditEvent.objects.count(),
    )


def revise(world, candidate, sanggah, **changes):
    values = {
        "component_result": world.result(candidate),
        "score": Decimal(100),
        "members": MEMBERS,
        "note": NOTE,
        "sanggah": sanggah,
        "actor": world.hr,
    }
    return resolution_services.revise_result(**{**values, **changes})


def lines(announcement):
    return [
        (entry.registration_number, entry.rank, entry.status, entry.final_score)
        for entry in announcement_selectors.entries_of(announcement)
    ]


# --- the whole correction path


def test_a_granted_sanggah_is_corrected_into_a_new_version(world):
    assert lines(world.first) == [
        ("2026-KOR-0001", 1, "lulus", Decimal("76.3636")),
        ("2026-KOR-0002", 2, "p_l", Decimal("67.9636")),
        ("2026-KOR-0003", None, "tidak_lulus", None),
    ]
    # B files a sanggah; an Admin BKPSDM who did not publish version 1 grants it
    sanggah = sanggah_services.file_result_sanggah(
        application=world.b.application, reason=REASON, actor=world.b.application.applicant.user
    )
    sanggah = sanggah_services.decide_result_sanggah(
        sanggah=sanggah, granted=True, note=GRANT_NOTE, actor=world.other_hr
    )

    revised = revise(world, world.b, sanggah, score=Decimal("97.5"))
    run_integration(period=world.period, actor=world.hr)
    second = announcement_services.publish_results(
        formasi=world.formasi, actor=world.hr, note="Koreksi nilai simulasi 2026-KOR-0002"
    )

    assert (revised.status, revised.score, revised.resolution) == (
        "final",
        Decimal("97.5"),
        "panel",
    )
    assert (revised.panel_members, revised.panel_note, revised.decided_by) == (
        MEMBERS,
        NOTE,
        world.hr,
    )
    assert revised.assessor_scores == ["60.0000", "60.0000"]
    assert (second.version, second.supersedes, second.note) == (
        2,
        world.first,
        "Koreksi nilai simulasi 2026-KOR-0002",
    )
    world.first.refresh_from_db()
    assert world.first.superseded_by == second
    # B: SKB 60 % × 70 + 40 % × 97,5 = 81; final 40 % × 390/550 × 100 + 60 % × 81 = 76,96…
    assert lines(second) == [
        ("2026-KOR-0002", 1, "lulus", Decimal("76.9636")),
        ("2026-KOR-0001", 2, "p_l", Decimal("76.3636")),
        ("2026-KOR-0003", None, "tidak_lulus", None),
    ]
    entry = announcement_selectors.entries_of(second)[0]
    assert [part["score"] for part in entry.skb_components] == ["70.0000", "97.5000"]
    event = AuditEvent.objects.get(action="selection.component_result.revised")
    assert (event.actor, event.target_id) == (world.hr, str(revised.pk))
    assert event.changes == {
        "component": "Simulasi kasus klinis",
        "candidate": world.b.code,
        "registration_number": "2026-KOR-0002",
        "status": ["final", "final"],
        "score": ["60.0000", "97.5000"],
        "resolution": ["agreed", "panel"],
        "assessor_scores": ["60.0000", "60.0000"],
        "members": MEMBERS,
        "note": NOTE,
        "sanggah": sanggah.pk,
        "announcement_version": 1,
    }


def test_a_candidate_wrongly_recorded_absent_gets_a_final_score(world):
    sanggah = world.sanggah(world.c)

    revised = revise(world, world.c, sanggah, score=Decimal(80), members=f"  {MEMBERS} ")
    run_integration(period=world.period, actor=world.hr)
    second = announcement_services.publish_results(
        formasi=world.formasi, actor=world.hr, note="Peserta 2026-KOR-0003 ternyata hadir"
    )

    assert (revised.status, revised.score, revised.resolution, revised.panel_members) == (
        "final",
        Decimal(80),
        "panel",
        MEMBERS,
    )
    # C: SKB 60 % × 60 + 40 % × 80 = 68; final 28,3636 + 60 % × 68 = 69,1636
    assert lines(second) == [
        ("2026-KOR-0001", 1, "lulus", Decimal("76.3636")),
        ("2026-KOR-0003", 2, "p_l", Decimal("69.1636")),
        ("2026-KOR-0002", 3, "p_l", Decimal("67.9636")),
    ]
    event = AuditEvent.objects.get(action="selection.component_result.revised")
    assert (event.changes["status"], event.changes["score"], event.changes["resolution"]) == (
        ["absent", "final"],
        [None, "80.0000"],
        [None, "panel"],
    )


# --- refusals: the exact message, nothing changed


@pytest.mark.parametrize(
    ("status", "label"),
    [(ResultSanggah.Status.FILED, "Diajukan"), (ResultSanggah.Status.REJECTED, "Ditolak")],
)
def test_refused_unless_the_sanggah_was_granted(world, status, label):
    sanggah = world.sanggah(world.b, status=status)
    before = snapshot()

    with pytest.raises(ConflictError) as error:
        revise(world, world.b, sanggah)

    assert error.value.message == (
        "Nilai komponen hanya dapat dikoreksi setelah sanggah hasil akhir peserta ini diterima; "
        f"status sanggahnya sekarang: {label}."
    )
    assert snapshot() == before


def test_refused_with_the_sanggah_of_another_applicant(world):
    sanggah = world.sanggah(world.a)
    before = snapshot()

    with pytest.raises(ConflictError) as error:
        revise(world, world.b, sanggah)

    assert error.value.message == (
        f"Sanggah ini bukan sanggah peserta {world.b.code}; nilai komponen hanya dikoreksi atas "
        "sanggah hasil akhir peserta itu sendiri."
    )
    assert snapshot() == before


def test_a_cat_score_is_corrected_through_its_exam_result(world):
    sanggah = world.sanggah(world.b)
    before = snapshot()

    with pytest.raises(ConflictError) as error:
        revise(world, world.b, sanggah, component_result=world.result(world.b, world.cat))

    assert error.value.message == (
        "Nilai SKB-CAT dikoreksi melalui hasil ujian resminya lalu impor ulang."
    )
    assert snapshot() == before


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"score": Decimal("100.01")}, {"score": ["Nilai koreksi harus angka 0–100."]}),
        ({"score": Decimal(-1)}, {"score": ["Nilai koreksi harus angka 0–100."]}),
        ({"score": Decimal("NaN")}, {"score": ["Nilai koreksi harus angka 0–100."]}),
        (
            {"score": Decimal("80.12345")},
            {"score": ["Nilai koreksi paling banyak 4 angka di belakang koma."]},
        ),
        (
            {"note": "  Salah hitung.      "},
            {"note": ["Tulis alasan koreksi paling sedikit 20 karakter."]},
        ),
        (
            {"members": "   ", "note": ""},
            {
                "members": ["Tuliskan anggota panel."],
                "note": ["Tulis alasan koreksi paling sedikit 20 karakter."],
            },
        ),
        (
            {"score": Decimal(60)},
            {"score": ["Nilai koreksi sama dengan nilai sekarang (60,00); tidak ada yang diubah."]},
        ),
    ],
)
def test_bad_input_is_refused(world, changes, errors):
    sanggah = world.sanggah(world.b)
    before = snapshot()

    with pytest.raises(InvalidInputError) as error:
        revise(world, world.b, sanggah, **changes)

    assert error.value.errors == errors
    assert snapshot() == before


@pytest.mark.parametrize("persona", ["auditor", "assessor", "applicant", "verifier"])
def test_only_admin_bkpsdm_corrects(world, request, persona):
    sanggah = world.sanggah(world.b)
    before = snapshot()

    with pytest.raises(PermissionDenied) as error:
        revise(world, world.b, sanggah, actor=request.getfixturevalue(persona))

    assert str(error.value) == "Hanya Admin BKPSDM yang dapat mengoreksi nilai komponen SKB."
    assert snapshot() == before


def test_a_flagged_case_is_settled_by_its_own_route(world):
    sanggah = world.sanggah(world.b)
    ComponentResult.objects.filter(pk=world.result(world.b).pk).update(
        status=ComponentResult.Status.FLAGGED, score=None
    )
    before = snapshot()

    with pytest.raises(ConflictError) as error:
        revise(world, world.b, sanggah)

    assert error.value.message == (
        f"Nilai peserta {world.b.code} pada komponen Simulasi kasus klinis belum selesai "
        "(selisih nilai asesor melebihi batas); selesaikan dengan asesor ketiga atau keputusan "
        "panel."
    )
    assert snapshot() == before


def test_a_withdrawn_candidate_is_not_corrected(world):
    sanggah = world.sanggah(world.b)
    withdraw(candidate=world.b, reason="Diterima bekerja di tempat lain", actor=world.hr)
    before = snapshot()

    with pytest.raises(ConflictError) as error:
        revise(world, world.b, sanggah)

    assert error.value.message == (
        f"Peserta {world.b.code} sudah mengundurkan diri; nilainya tidak dikoreksi."
    )
    assert snapshot() == before


# --- the page


def url(sanggah):
    return reverse("selection:assessment-revise", args=[sanggah.pk])


def form_data(result, **changes):
    prefix = f"koreksi-{result.pk}"
    data = {
        "result": str(result.pk),
        f"{prefix}-score": "97,5",
        f"{prefix}-members": MEMBERS,
        f"{prefix}-note": NOTE,
    }
    return {**data, **{f"{prefix}-{name}": value for name, value in changes.items()}}


def test_the_decide_page_of_a_granted_sanggah_links_the_correction(world, client):
    sanggah = world.sanggah(world.b)
    client.force_login(world.hr)

    page = client.get(reverse("selection:result-sanggah-decide", args=[sanggah.pk]))

    assert f'href="{url(sanggah)}"' in page.content.decode()


def test_hr_sees_a_form_for_each_assessed_result_only(world, client):
    sanggah = world.sanggah(world.b)
    client.force_login(world.hr)

    page = client.get(url(sanggah))

    html = page.content.decode()
    simulation, cat = world.result(world.b), world.result(world.b, world.cat)
    assert [row["form"] is not None for row in page.context["rows"]] == [False, True]
    assert f'data-testid="revise-{simulation.pk}"' in html
    assert f'data-testid="revise-{cat.pk}"' not in html
    assert page.context["rows"][0]["refusal"] == (
        "Nilai SKB-CAT dikoreksi melalui hasil ujian resminya lalu impor ulang."
    )
    assert "2026-KOR-0002" in html


def test_hr_posts_a_correction(world, client):
    sanggah = world.sanggah(world.b)
    client.force_login(world.hr)
    result = world.result(world.b)

    response = client.post(url(sanggah), form_data(result), follow=True)

    assert response.redirect_chain == [(url(sanggah), 302)]
    result.refresh_from_db()
    assert (result.score, result.resolution, result.panel_members) == (
        Decimal("97.5"),
        "panel",
        MEMBERS,
    )
    assert [str(message) for message in response.context["messages"]] == [
        f"Nilai Simulasi kasus klinis peserta {world.b.code} dikoreksi menjadi 97,50. Jalankan "
        "integrasi nilai lagi, lalu terbitkan versi pengumuman baru."
    ]


def test_a_short_reason_is_shown_with_the_typed_input_and_changes_nothing(world, client):
    sanggah = world.sanggah(world.b)
    client.force_login(world.hr)
    result = world.result(world.b)
    before = snapshot()

    response = client.post(url(sanggah), form_data(result, note="Terlalu singkat"))

    assert response.status_code == 200
    form = response.context["rows"][1]["form"]
    assert form.errors == {"note": ["Tulis alasan koreksi paling sedikit 20 karakter."]}
    html = response.content.decode()
    assert "Terlalu singkat" in html
    assert MEMBERS in html
    assert snapshot() == before


def test_a_sanggah_not_granted_shows_no_form_and_a_post_changes_nothing(world, client):
    sanggah = world.sanggah(world.b, status=ResultSanggah.Status.FILED)
    client.force_login(world.hr)
    before = snapshot()

    page = client.get(url(sanggah))
    response = client.post(url(sanggah), form_data(world.result(world.b)))

    assert 'data-testid="not-granted"' in page.content.decode()
    assert [row["form"] for row in page.context["rows"]] == [None, None]
    assert [str(message) for message in response.context["messages"]] == [
        "Nilai komponen hanya dapat dikoreksi setelah sanggah hasil akhir peserta ini diterima; "
        "status sanggahnya sekarang: Diajukan."
    ]
    assert snapshot() == before


def test_a_result_of_another_candidate_is_404_and_changes_nothing(world, client):
    sanggah = world.sanggah(world.b)
    client.force_login(world.hr)
    before = snapshot()

    response = client.post(url(sanggah), form_data(world.result(world.a)))

    assert response.status_code == 404
    assert snapshot() == before


def test_the_auditor_reads_without_forms_and_may_not_post(world, client, auditor):
    sanggah = world.sanggah(world.b)
    client.force_login(auditor)
    before = snapshot()

    page = client.get(url(sanggah))
    response = client.post(url(sanggah), form_data(world.result(world.b)))

    assert page.status_code == 200
    assert [row["form"] for row in page.context["rows"]] == [None, None]
    assert response.status_code == 403
    assert snapshot() == before


@pytest.mark.parametrize("persona", ["assessor", "applicant"])
def test_other_roles_are_refused(world, client, request, persona):
    sanggah = world.sanggah(world.b)
    client.force_login(request.getfixturevalue(persona))
    before = snapshot()

    page = client.get(url(sanggah))
    response = client.post(url(sanggah), form_data(world.result(world.b)))

    assert (page.status_code, response.status_code) == (403, 403)
    assert snapshot() == before


def test_an_unknown_sanggah_is_404(world, client):
    client.force_login(world.hr)

    assert client.get(reverse("selection:assessment-revise", args=[999_999])).status_code == 404
