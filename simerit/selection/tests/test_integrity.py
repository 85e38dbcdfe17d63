"""Altering a published result in the database: `verify_audit` and the verify page both say so."""

import hashlib
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from simerit.audit.integrity import registered
from simerit.recruitment.models import Application
from simerit.recruitment.tests.factories import ApplicationFactory, FormasiFactory
from simerit.selection import files
from simerit.selection.integrity import check_announcements, check_derived_rows
from simerit.selection.models import (
    ComponentResult,
    FinalResult,
    ResultAnnouncement,
    ResultAnnouncementEntry,
    SkbCandidate,
)
from simerit.selection.selectors import announcements as selectors
from simerit.selection.selectors import verification as verification_selectors
from simerit.selection.selectors.verification import VerificationStatus
from simerit.selection.services import announcements as services
from simerit.selection.tests.factories import make_components
from simerit.selection.tests.factories_announcements import Line, integrate, scenario

pytestmark = pytest.mark.django_db

ENTRIES = ResultAnnouncementEntry._meta.db_table
ANNOUNCEMENTS = ResultAnnouncement._meta.db_table
NUMBER = "2026-HSL-000103"


@pytest.fixture
def world():
    world = scenario()
    integrate(world.period, by=world.hr)
    world.announcement = services.publish_results(formasi=world.formasi, actor=world.hr)
    return world


def raw_update(table, column, value, *, where, equals):
    """Behind the application's back, as someone with database access would."""
    sql = f"UPDATE {table} SET {column} = %s WHERE {where} = %s"  # noqa: S608 (names are constants)
    with connection.cursor() as cursor:
        cursor.execute(sql, [value, equals])


def genuine_json(client, world):
    url = reverse("selection:announcement-json", args=[world.formasi.pk, 1])
    return client.get(url).content


def test_the_check_is_registered_and_an_intact_record_passes(world, capsys):
    assert "pengumuman hasil akhir" in registered()
    assert check_announcements() == []

    call_command("verify_audit")

    assert "Catatan terbitan cocok dengan hash-nya" in capsys.readouterr().out


def test_a_changed_score_fails_verify_audit_and_the_verify_page(client, world):
    # given: the genuine file, kept by a citizen before the change
    kept = genuine_json(client, world)
    # when: someone raises a final score in the database
    raw_update(ENTRIES, "final_score", "81.2000", where="registration_number", equals=NUMBER)

    # then: verify_audit names the formasi and the version
    with pytest.raises(CommandError) as error:
        call_command("verify_audit")
    message = str(error.value)
    assert (
        "pengumuman hasil akhir — formasi F-PERAWAT versi 1 (Seleksi CASN Kota Palembang 2026): "
        "SHA-256 yang dihitung ulang dari baris pengumuman"
    ) in message
    assert "baris pengumuman telah diubah" in message
    # and the verify page, given the genuine file, says the record was altered
    response = client.post(
        reverse("selection:verify"), {"file": SimpleUploadedFile("hasil.json", kept)}
    )
    assert response.status_code == 200
    assert 'data-status="altered"' in response.text
    assert "catatan di basis data telah diubah sesudah diumumkan" in response.text


def test_a_freshly_downloaded_file_of_an_altered_record_is_reported_altered(client, world):
    raw_update(ENTRIES, "final_score", "81.2000", where="registration_number", equals=NUMBER)
    served = genuine_json(client, world)

    verification = verification_selectors.verify_bytes(served)

    assert verification.status == VerificationStatus.ALTERED
    assert verification.announcement == world.announcement


def test_changing_only_the_stored_hash_is_detected_through_the_audit_chain(client, world):
    kept = genuine_json(client, world)
    raw_update(ANNOUNCEMENTS, "sha256", "f" * 64, where="id", equals=world.announcement.pk)

    problems = check_announcements()
    verification = verification_selectors.verify_bytes(kept)

    assert [problem.where for problem in problems] == [
        "formasi F-PERAWAT versi 1 (Seleksi CASN Kota Palembang 2026)"
    ] * 2
    assert problems[1].reason == (
        f"SHA-256 JSON yang tersimpan ({'f' * 64}) berbeda dengan yang tercatat di jejak audit "
        f"({world.announcement.sha256})"
    )
    assert verification.status == VerificationStatus.ALTERED
    with pytest.raises(CommandError):
        call_command("verify_audit")


def test_a_forged_row_with_a_matching_stored_hash_is_still_caught(client, world):
    # given: the rows and the stored hash changed together, consistently
    raw_update(ENTRIES, "final_score", "81.2000", where="registration_number", equals=NUMBER)
    forged = selectors.canonical_json_of(world.announcement)
    digest = hashlib.sha256(forged).hexdigest()
    raw_update(ANNOUNCEMENTS, "sha256", digest, where="id", equals=world.announcement.pk)

    verification = verification_selectors.verify_bytes(forged)

    # then: the audit chain still holds the hash of the genuine list
    assert verification.status == VerificationStatus.ALTERED
    assert any("tercatat di jejak audit" in problem for problem in verification.problems)
    with pytest.raises(CommandError) as error:
        call_command("verify_audit")
    assert "formasi F-PERAWAT versi 1" in str(error.value)


def test_a_replaced_pdf_is_detected(world):
    raw_update(ANNOUNCEMENTS, "pdf", b"%PDF-1.4 palsu", where="id", equals=world.announcement.pk)

    reasons = [problem.reason for problem in check_announcements()]

    assert reasons == [
        f"berkas PDF tersimpan ({files.sha256_hex(b'%PDF-1.4 palsu')}) tidak cocok dengan "
        f"SHA-256-nya ({world.announcement.pdf_sha256})"
    ]


def test_a_tampered_file_is_compared_with_the_stored_rows(client, world):
    payload = json.loads(genuine_json(client, world))
    payload["entries"][2]["masked_name"] = "X*** Y***"

    verification = verification_selectors.verify_bytes(json.dumps(payload).encode())

    assert verification.status == VerificationStatus.MISMATCH
    assert [d.text for d in verification.differences] == [
        "Nama (disamarkan) 2026-HSL-000103 pada berkas X*** Y***, yang diumumkan R*** W***."
    ]


# --- The link of a line to its application (not in the hash: the public files show no ids)

WINNER = "2026-HSL-000101"
RELINKED = (
    f"baris {WINNER} menunjuk lamaran lain: lamaran yang ditautkan tidak bernomor pendaftaran "
    f"{WINNER}"
)


def relink_the_winner(world, application):
    winner = world.announcement.entries.get(registration_number=WINNER)
    raw_update(ENTRIES, "application_id", application.pk, where="id", equals=winner.pk)
    return winner


def test_an_intact_record_has_no_problems(world):
    assert selectors.announcement_problems(world.announcement) == []


def test_relinking_a_line_to_another_application_is_reported_everywhere(client, world):
    # given: the genuine file, and an application of the formasi that was never ranked
    kept = genuine_json(client, world)
    outsider = ApplicationFactory.create(formasi=world.formasi)
    winner = relink_the_winner(world, outsider)

    # then: the hashes still match, but the record is not intact
    assert selectors.integrity_problems(world.announcement) == []
    assert selectors.announcement_problems(world.announcement) == [RELINKED]
    assert [(p.where, p.reason) for p in check_announcements()] == [
        ("formasi F-PERAWAT versi 1 (Seleksi CASN Kota Palembang 2026)", RELINKED)
    ]
    with pytest.raises(CommandError) as error:
        call_command("verify_audit")
    assert RELINKED in str(error.value)
    for verification in (
        verification_selectors.verify_hash(world.announcement.sha256),
        verification_selectors.verify_bytes(kept),
    ):
        assert verification.status == VerificationStatus.ALTERED
        assert verification.problems == (RELINKED,)
    page = client.post(reverse("selection:verify"), {"sha256": world.announcement.sha256})
    assert 'data-status="altered"' in page.text
    assert RELINKED in page.text
    # and the outsider does not inherit the published line (my result, the portal)
    assert selectors.entry_for(outsider) is None
    assert selectors.entry_for(winner.application) is None


def test_relinking_a_line_to_another_listed_application_is_reported(world):
    second = world.candidates["2026-HSL-000102"].application

    relink_the_winner(world, second)

    assert selectors.announcement_problems(world.announcement) == [RELINKED]


def test_moving_the_application_to_another_formasi_is_reported(world):
    other = FormasiFactory.create(period=world.period)
    application = world.candidates[WINNER].application
    raw_update(
        Application._meta.db_table, "formasi_id", other.pk, where="id", equals=application.pk
    )

    assert selectors.announcement_problems(world.announcement) == [
        f"baris {WINNER} menunjuk lamaran formasi lain"
    ]
    assert [problem.reason for problem in check_announcements()] == [
        f"baris {WINNER} menunjuk lamaran formasi lain"
    ]


def test_verify_audit_names_only_the_broken_version(world):
    # given: a second formasi of the period, published intact
    line = Line("2026-HSL-000201", "Ani Lestari", 100, 100, 170, Decimal(70), Decimal(70))
    other = scenario(code="F-BIDAN", lines=(line,), hr=world.hr, period=world.period)
    integrate(world.period, by=world.hr)
    services.publish_results(formasi=other.formasi, actor=world.hr)
    # when: F-PERAWAT's winner line is pointed at the F-BIDAN application
    relink_the_winner(world, other.candidates["2026-HSL-000201"].application)

    problems = check_announcements()

    assert [(p.where, p.reason) for p in problems] == [
        ("formasi F-PERAWAT versi 1 (Seleksi CASN Kota Palembang 2026)", RELINKED)
    ]


# --- The derived rows (SkbCandidate, FinalResult): no database constraint, checked by verify_audit

CANDIDATES = SkbCandidate._meta.db_table
RESULTS = FinalResult._meta.db_table
COMPONENT_RESULTS = ComponentResult._meta.db_table
GONE = 999_999


def derived(world):
    """The winner's candidate row and its row in the newest run."""
    candidate = world.candidates[WINNER]
    result = FinalResult.objects.filter(candidate=candidate).order_by("-run_id").first()
    return candidate, result


def component_ids(candidate):
    """ "4, 5": the ids of the candidate's component results, in order."""
    rows = ComponentResult.objects.filter(candidate=candidate).order_by("pk")
    return ", ".join(str(pk) for pk in rows.values_list("pk", flat=True))


def verify_audit_failures():
    with pytest.raises(CommandError) as error:
        call_command("verify_audit")
    return str(error.value).split("\n")


def test_the_derived_rows_check_is_registered_and_an_intact_database_passes(world, capsys):
    assert "baris turunan seleksi" in registered()
    assert check_derived_rows() == []

    call_command("verify_audit")

    assert "Catatan terbitan cocok dengan hash-nya (2 pemeriksaan)." in capsys.readouterr().out


@pytest.mark.parametrize(
    ("table", "column", "expected"),
    [
        (
            CANDIDATES,
            "application_id",
            [
                ("peserta SKB", "1 baris menunjuk lamaran yang tidak ada (id {candidate})"),
                (
                    "hasil akhir",
                    "1 baris lamarannya berbeda dengan lamaran peserta SKB-nya (id {result})",
                ),
            ],
        ),
        (
            CANDIDATES,
            "formasi_id",
            [
                ("peserta SKB", "1 baris menunjuk formasi yang tidak ada (id {candidate})"),
                (
                    "peserta SKB",
                    "1 baris formasinya berbeda dengan formasi lamarannya (id {candidate})",
                ),
                (
                    "hasil akhir",
                    "1 baris formasinya berbeda dengan formasi peserta SKB-nya (id {result})",
                ),
                (
                    "nilai komponen SKB",
                    "2 baris komponennya milik formasi lain daripada formasi peserta SKB-nya "
                    "(id {components})",
                ),
            ],
        ),
        (
            CANDIDATES,
            "period_id",
            [
                ("peserta SKB", "1 baris menunjuk periode yang tidak ada (id {candidate})"),
                (
                    "peserta SKB",
                    "1 baris periodenya berbeda dengan periode lamarannya (id {candidate})",
                ),
            ],
        ),
        (
            RESULTS,
            "run_id",
            [("hasil akhir", "1 baris menunjuk integrasi yang tidak ada (id {result})")],
        ),
        (
            RESULTS,
            "candidate_id",
            [("hasil akhir", "1 baris menunjuk peserta SKB yang tidak ada (id {result})")],
        ),
        (
            RESULTS,
            "application_id",
            [
                ("hasil akhir", "1 baris menunjuk lamaran yang tidak ada (id {result})"),
                (
                    "hasil akhir",
                    "1 baris lamarannya berbeda dengan lamaran peserta SKB-nya (id {result})",
                ),
            ],
        ),
        (
            RESULTS,
            "formasi_id",
            [
                ("hasil akhir", "1 baris menunjuk formasi yang tidak ada (id {result})"),
                (
                    "hasil akhir",
                    "1 baris formasinya berbeda dengan formasi peserta SKB-nya (id {result})",
                ),
            ],
        ),
    ],
)
def test_a_row_naming_a_missing_row_fails_verify_audit(world, table, column, expected):
    candidate, result = derived(world)
    row_id = candidate.pk if table == CANDIDATES else result.pk

    raw_update(table, column, GONE, where="id", equals=row_id)

    ids = {"candidate": candidate.pk, "result": result.pk, "components": component_ids(candidate)}
    problems = [(where, reason.format(**ids)) for where, reason in expected]
    assert [(p.where, p.reason) for p in check_derived_rows()] == problems
    assert verify_audit_failures() == [
        f"baris turunan seleksi — {where}: {reason}." for where, reason in problems
    ]


def test_a_candidate_moved_to_another_formasi_and_period_disagrees_with_its_application(world):
    other = FormasiFactory.create()
    candidate, result = derived(world)

    raw_update(CANDIDATES, "formasi_id", other.pk, where="id", equals=candidate.pk)
    raw_update(CANDIDATES, "period_id", other.period_id, where="id", equals=candidate.pk)

    assert verify_audit_failures() == [
        "baris turunan seleksi — peserta SKB: 1 baris formasinya berbeda dengan formasi "
        f"lamarannya (id {candidate.pk}).",
        "baris turunan seleksi — peserta SKB: 1 baris periodenya berbeda dengan periode "
        f"lamarannya (id {candidate.pk}).",
        "baris turunan seleksi — hasil akhir: 1 baris formasinya berbeda dengan formasi peserta "
        f"SKB-nya (id {result.pk}).",
        "baris turunan seleksi — nilai komponen SKB: 2 baris komponennya milik formasi lain "
        f"daripada formasi peserta SKB-nya (id {component_ids(candidate)}).",
    ]


@pytest.mark.parametrize(
    ("column", "named"), [("candidate_id", "peserta SKB"), ("component_id", "komponen SKB")]
)
def test_a_component_result_naming_a_missing_row_fails_verify_audit(world, column, named):
    candidate, _ = derived(world)
    first = ComponentResult.objects.filter(candidate=candidate).earliest("pk")

    raw_update(COMPONENT_RESULTS, column, GONE, where="id", equals=first.pk)

    assert verify_audit_failures() == [
        f"baris turunan seleksi — nilai komponen SKB: 1 baris menunjuk {named} yang tidak ada "
        f"(id {first.pk})."
    ]


def test_a_component_result_moved_to_another_formasi_component_disagrees(world):
    candidate, _ = derived(world)
    first = ComponentResult.objects.filter(candidate=candidate).earliest("pk")
    elsewhere, _ = make_components(FormasiFactory.create(period=world.period))

    raw_update(COMPONENT_RESULTS, "component_id", elsewhere.pk, where="id", equals=first.pk)

    assert verify_audit_failures() == [
        "baris turunan seleksi — nilai komponen SKB: 1 baris komponennya milik formasi lain "
        f"daripada formasi peserta SKB-nya (id {first.pk})."
    ]


def test_a_result_pointing_at_another_candidate_disagrees_on_the_application(world):
    _, result = derived(world)
    second = world.candidates["2026-HSL-000102"]

    raw_update(RESULTS, "candidate_id", second.pk, where="id", equals=result.pk)

    assert verify_audit_failures() == [
        "baris turunan seleksi — hasil akhir: 1 baris lamarannya berbeda dengan lamaran peserta "
        f"SKB-nya (id {result.pk})."
    ]


def test_many_broken_rows_are_counted_and_the_first_five_named(world):
    integrate(world.period, by=world.hr)  # a second run: 8 results in all
    ids = list(FinalResult.objects.order_by("pk").values_list("pk", flat=True))
    assert len(ids) == 8
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {RESULTS} SET run_id = %s", [GONE])  # noqa: S608 (a constant)

    assert verify_audit_failures() == [
        "baris turunan seleksi — hasil akhir: 8 baris menunjuk integrasi yang tidak ada "
        f"(id {', '.join(str(pk) for pk in ids[:5])} dan 3 lainnya)."
    ]


def test_the_derived_rows_check_takes_the_same_queries_for_few_or_many_rows(
    world, django_assert_num_queries
):
    # 14 kinds, one count each; nothing broken, so no query for ids
    with django_assert_num_queries(14):
        assert check_derived_rows() == []
    integrate(world.period, by=world.hr)
    integrate(world.period, by=world.hr)
    with django_assert_num_queries(14):
        assert check_derived_rows() == []
