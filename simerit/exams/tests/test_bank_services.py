"""Question bank services: validation, versioning, activation, images, permissions and audit."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError
from simerit.exams.models import BlueprintItem, Question, QuestionBank, QuestionVersion
from simerit.exams.services import question_revisions as revisions
from simerit.exams.services import question_versions as versions
from simerit.exams.services import questions as services
from simerit.exams.services.questions import OptionInput
from simerit.exams.tests import factories
from simerit.exams.tests.factories import QuestionBankFactory, category, make_skd_blueprint
from simerit.exams.tests.factories_bank import (
    bank_state,
    image_bytes,
    make_writer,
    single_input,
    use_tmp_media,
    weighted_input,
)


@pytest.fixture
def writer(db):
    return make_writer(full_name="Penulis Soal Uji")


@pytest.fixture
def bank(db):
    return QuestionBankFactory.create()


@pytest.fixture
def media(settings, tmp_path):
    use_tmp_media(settings, tmp_path)


def png(name="gambar.png", **kwargs):
    return SimpleUploadedFile(name, image_bytes("PNG", **kwargs), content_type="image/png")


def errors_of(call):
    with pytest.raises(InvalidInputError) as caught:
        call()
    return caught.value.errors


# --- content identity


def test_content_sha256_is_the_same_as_the_factories():
    options = factories.options_weighted((3, 1, 5, 2, 4))
    assert versions.content_sha256("Teks «ü»", options, "Pembahasan") == (
        factories.content_sha256("Teks «ü»", options, "Pembahasan")
    )
    assert versions.content_sha256("x", options) == factories.content_sha256("x", options)


# --- banks


def test_create_bank_writes_the_bank_and_its_audit_row(writer):
    bank = services.create_bank(
        name="  SKD  2026   Paket A ", purpose="exam", description=" Paket utama ", actor=writer
    )
    assert (bank.name, bank.purpose, bank.description) == (
        "SKD 2026 Paket A",
        "exam",
        "Paket utama",
    )
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.target_id) == (
        "exams.bank.created",
        writer,
        str(bank.pk),
    )
    assert event.changes == {
        "name": "SKD 2026 Paket A",
        "purpose": "exam",
        "description": "Paket utama",
    }


def test_create_bank_refuses_a_blank_name_and_an_unknown_purpose(writer):
    errors = errors_of(lambda: services.create_bank(name=" ", purpose="lain", actor=writer))
    assert errors == {
        "name": ["Nama bank soal wajib diisi."],
        "purpose": ["Kegunaan bank soal harus ujian atau latihan (tryout)."],
    }
    assert bank_state() == (0, 0, 0, 0)


def test_create_bank_refuses_a_name_already_taken_in_any_case(writer, bank):
    with pytest.raises(ConflictError) as caught:
        services.create_bank(name=bank.name.upper(), purpose="exam", actor=writer)
    assert caught.value.message == f"Bank soal bernama {bank.name.upper()} sudah ada."
    assert caught.value.field == "name"
    assert QuestionBank.objects.count() == 1


# --- creating questions


def test_create_single_question_stores_version_1_with_the_key_as_points_1(writer, bank):
    question = services.create_question(bank=bank, data=single_input(correct="C"), actor=writer)
    version = question.current_version
    assert version is not None
    assert (question.code, question.kind, question.category.code) == ("TWK-0001", "single", "TWK")
    assert (version.number, version.created_by) == (1, writer)
    assert [option["points"] for option in version.options] == [0, 0, 1, 0, 0]
    assert version.options[0] == {"key": "A", "text": "Pilihan A", "points": 0}
    assert version.sha256 == factories.content_sha256(version.text, version.options, "")
    event = AuditEvent.objects.get()
    assert event.action == "exams.question.created"
    assert event.changes == {
        "bank": bank.pk,
        "code": "TWK-0001",
        "category": "TWK",
        "kind": "single",
        "topic": "Pancasila",
        "difficulty": "medium",
        "is_active": True,
        "version": 1,
        "sha256": version.sha256,
        "image": False,
    }


def test_create_weighted_question_keeps_each_options_points(writer, bank):
    question = services.create_question(
        bank=bank, data=weighted_input(points=(4, 1, 3)), actor=writer
    )
    assert question.current_version is not None
    assert [(o["key"], o["points"]) for o in question.current_version.options] == [
        ("A", 4),
        ("B", 1),
        ("C", 3),
    ]


def test_pppk_managerial_points_1_to_4_fit_a_weighted_question(writer, bank):
    data = weighted_input(code="MNJ-01", category_code="MANAJERIAL", points=(1, 2, 3, 4))
    question = services.create_question(bank=bank, data=data, actor=writer)
    assert question.current_version is not None
    assert len(question.current_version.options) == 4


SINGLE_ONLY = "satu jawaban benar (single)"
WEIGHTED_ONLY = "opsi berbobot (weighted)"


@pytest.mark.parametrize(
    ("make", "category_code", "expected", "typed"),
    [
        (single_input, "TKP", WEIGHTED_ONLY, SINGLE_ONLY),
        (weighted_input, "TWK", SINGLE_ONLY, WEIGHTED_ONLY),
        (weighted_input, "TIU", SINGLE_ONLY, WEIGHTED_ONLY),
        (weighted_input, "TEKNIS", SINGLE_ONLY, WEIGHTED_ONLY),
        (single_input, "MANAJERIAL", WEIGHTED_ONLY, SINGLE_ONLY),
        (single_input, "SOSIOKULTURAL", WEIGHTED_ONLY, SINGLE_ONLY),
        (single_input, "WAWANCARA", WEIGHTED_ONLY, SINGLE_ONLY),
    ],
)
def test_create_question_refuses_a_type_its_category_does_not_score_with(
    writer, bank, make, category_code, expected, typed
):
    data = make(code="SOAL-1", category_code=category_code)

    errors = errors_of(lambda: services.create_question(bank=bank, data=data, actor=writer))

    assert errors == {
        "category": [
            f"Kategori {category_code} hanya menerima soal bertipe {expected}; soal ini bertipe "
            f"{typed}."
        ]
    }
    assert bank_state() == (1, 0, 0, 0)


def test_a_category_without_a_question_type_takes_either(writer, bank):
    single = services.create_question(
        bank=bank, data=single_input(code="SKB-1", category_code="SKB"), actor=writer
    )
    weighted = services.create_question(
        bank=bank, data=weighted_input(code="SKB-2", category_code="SKB"), actor=writer
    )
    assert (single.kind, weighted.kind) == ("single", "weighted")


def test_revision_into_a_category_of_another_type_is_refused(writer, bank):
    question = services.create_question(bank=bank, data=single_input(), actor=writer)
    before = bank_state()

    errors = errors_of(
        lambda: revisions.revise_question(
            question=question, data=single_input(category_code="TKP"), actor=writer
        )
    )

    assert errors == {
        "category": [
            f"Kategori TKP hanya menerima soal bertipe {WEIGHTED_ONLY}; soal ini bertipe "
            f"{SINGLE_ONLY}."
        ]
    }
    assert bank_state() == before
    question.refresh_from_db()
    assert question.category.code == "TWK"


def test_create_question_tidies_code_text_and_option_order(writer, bank):
    data = single_input(code=" twk-0009 ", text="  Teks soal  ")
    data.options = [
        OptionInput(key="b", text=" Kedua ", points=0),
        OptionInput(key="a", text="Pertama", points=5),
    ]
    question = services.create_question(bank=bank, data=data, actor=writer)
    assert question.code == "TWK-0009"
    assert question.current_version is not None
    assert question.current_version.text == "Teks soal"
    assert question.current_version.options == [
        {"key": "A", "text": "Pertama", "points": 1},
        {"key": "B", "text": "Kedua", "points": 0},
    ]


def _with_options(data, *options):
    data.options = [OptionInput(key, text, points) for key, text, points in options]
    return data


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (
            lambda: _with_options(single_input(), ("A", "Satu", 1)),
            {"options": ["Soal harus memiliki 2–5 pilihan jawaban; saat ini 1."]},
        ),
        (
            lambda: _with_options(
                single_input(), *[(key, key, int(key == "A")) for key in "ABCDEF"]
            ),
            {"options": ["Soal harus memiliki 2–5 pilihan jawaban; saat ini 6."]},
        ),
        (
            lambda: _with_options(single_input(), ("A", "a", 1), ("X", "x", 0)),
            {"options": ["Kunci pilihan 'X' tidak dikenal; gunakan A, B, C, D, atau E."]},
        ),
        (
            lambda: _with_options(single_input(), ("A", "a", 1), ("A", "b", 0), ("B", "c", 0)),
            {"options": ["Pilihan A tercantum lebih dari sekali."]},
        ),
        (
            lambda: _with_options(single_input(), ("A", "a", 1), ("C", "c", 0)),
            {
                "options": [
                    "Pilihan jawaban harus berurutan mulai dari A tanpa ada yang terlewat "
                    "(untuk 2 pilihan: A, B)."
                ]
            },
        ),
        (
            lambda: _with_options(single_input(), ("A", "a", 1), ("B", "  ", 0)),
            {"options.B.text": ["Teks pilihan B wajib diisi."]},
        ),
        (
            lambda: _with_options(single_input(), ("A", "a", 0), ("B", "b", 0)),
            {"answer": ["Tentukan kunci jawaban: tepat satu pilihan yang benar."]},
        ),
        (
            lambda: _with_options(single_input(), ("A", "a", 5), ("B", "b", 0), ("C", "c", 1)),
            {
                "answer": [
                    "Soal satu jawaban benar hanya boleh memiliki satu kunci jawaban; saat ini "
                    "2 pilihan (A, C)."
                ]
            },
        ),
        (
            lambda: _with_options(single_input(), ("A", "a", 5), ("B", "b", -5)),
            {"options.B.points": ["Nilai pilihan B tidak boleh negatif."]},
        ),
        (
            lambda: weighted_input(points=(1, 0, 6)),
            {
                "options.B.points": ["Nilai pilihan B harus bilangan bulat 1–5."],
                "options.C.points": ["Nilai pilihan C harus bilangan bulat 1–5."],
            },
        ),
        (
            lambda: single_input(text="   "),
            {"text": ["Teks soal wajib diisi."]},
        ),
        (
            lambda: single_input(code=""),
            {"code": ["Kode soal wajib diisi."]},
        ),
        (
            lambda: single_input(code="TWK 01"),
            {
                "code": [
                    "Kode soal hanya boleh berisi huruf, angka, titik, garis bawah dan tanda "
                    "hubung, dan diawali huruf atau angka (mis. TWK-0001)."
                ]
            },
        ),
        (
            lambda: single_input(code="T" * 41),
            {"code": ["Kode soal paling banyak 40 karakter."]},
        ),
        (
            lambda: single_input(difficulty="extreme"),
            {"difficulty": ["Tingkat kesulitan harus mudah, sedang, atau sulit."]},
        ),
        (
            lambda: single_input(text="x" * 10_001),
            {"text": ["Teks soal paling banyak 10.000 karakter."]},
        ),
    ],
)
def test_create_question_refuses_invalid_input_with_exact_messages(writer, bank, data, errors):
    assert errors_of(lambda: services.create_question(bank=bank, data=data(), actor=writer)) == (
        errors
    )
    assert bank_state()[1:] == (0, 0, 0)


def test_create_question_refuses_an_unknown_kind(writer, bank):
    data = single_input()
    data.kind = "essay"
    errors = errors_of(lambda: services.create_question(bank=bank, data=data, actor=writer))
    assert errors == {
        "kind": ["Tipe soal harus single (satu jawaban benar) atau weighted (opsi berbobot)."]
    }


def test_create_question_refuses_a_code_taken_in_the_same_bank_only(writer, bank):
    services.create_question(bank=bank, data=single_input(), actor=writer)
    with pytest.raises(ConflictError) as caught:
        services.create_question(bank=bank, data=single_input(code="twk-0001"), actor=writer)
    assert caught.value.message == "Kode soal TWK-0001 sudah dipakai di bank ini."
    other = QuestionBankFactory.create()
    services.create_question(bank=other, data=single_input(), actor=writer)
    assert Question.objects.filter(code="TWK-0001").count() == 2


@pytest.mark.parametrize("persona", ["hr_admin", "proctor", "auditor", "applicant", "employee"])
def test_only_question_writers_and_admin_bkpsdm_may_write(request, bank, persona):
    user = request.getfixturevalue(persona)
    before = bank_state()
    if persona == "hr_admin":
        services.create_question(bank=bank, data=single_input(), actor=user)
        assert Question.objects.count() == 1
        return
    with pytest.raises(PermissionDenied):
        services.create_question(bank=bank, data=single_input(), actor=user)
    with pytest.raises(PermissionDenied):
        services.create_bank(name="Bank lain", purpose="exam", actor=user)
    assert bank_state() == before


# --- revisions


def test_revision_adds_version_2_and_leaves_version_1_as_it_was(writer, bank):
    question = services.create_question(bank=bank, data=single_input(), actor=writer)
    first = question.current_version
    assert first is not None
    revised = revisions.revise_question(
        question=question,
        data=single_input(text="Sila pertama Pancasila berbunyi ...", correct="B"),
        actor=writer,
    )
    second = revised.current_version
    assert second is not None
    assert (second.number, second.text, second.created_by) == (
        2,
        "Sila pertama Pancasila berbunyi ...",
        writer,
    )
    assert [o["points"] for o in second.options] == [0, 1, 0, 0, 0]
    first.refresh_from_db()
    assert (first.number, first.text) == (1, "Sila pertama Pancasila adalah ...")
    assert [o["points"] for o in first.options] == [1, 0, 0, 0, 0]
    event = AuditEvent.objects.filter(action="exams.question.revised").get()
    assert event.changes == {"version": [1, 2], "sha256": [first.sha256, second.sha256]}


def test_revision_does_not_change_the_version_a_blueprint_item_points_to(writer):
    blueprint = make_skd_blueprint(counts=(1, 1, 1))
    item = blueprint.items.select_related("question_version__question").get(
        section__category__code="TWK"
    )
    served = item.question_version
    question = served.question
    revisions.revise_question(
        question=question,
        data=single_input(code=question.code, text="Teks yang diperbaiki", correct="B"),
        actor=writer,
    )
    item.refresh_from_db()
    question.refresh_from_db()
    assert item.question_version_id == served.pk
    assert BlueprintItem.objects.get(pk=item.pk).question_version.text == served.text
    assert question.current_version is not None
    assert question.current_version.number == 2
    assert question.current_version_id != served.pk


def test_revision_with_nothing_changed_is_refused_and_writes_nothing(writer, bank):
    question = services.create_question(bank=bank, data=single_input(), actor=writer)
    before = bank_state()
    # The same content typed differently (points 3 for the key, spaces) is no change.
    data = single_input(text=" Sila pertama Pancasila adalah ... ")
    data.options[0] = OptionInput("A", "Pilihan A", 3)
    with pytest.raises(DomainError) as caught:
        revisions.revise_question(question=question, data=data, actor=writer)
    assert caught.value.message == "Tidak ada perubahan pada soal ini; versi baru tidak dibuat."
    assert bank_state() == before


def test_revision_of_metadata_only_updates_in_place_without_a_version(writer, bank):
    question = services.create_question(bank=bank, data=single_input(), actor=writer)
    data = single_input(topic="Bela negara", difficulty="hard", category_code="TIU")
    revised = revisions.revise_question(question=question, data=data, actor=writer)
    assert (revised.topic, revised.difficulty, revised.category.code) == (
        "Bela negara",
        "hard",
        "TIU",
    )
    assert QuestionVersion.objects.count() == 1
    event = AuditEvent.objects.filter(action="exams.question.updated").get()
    assert event.changes == {
        "category": ["TWK", "TIU"],
        "topic": ["Pancasila", "Bela negara"],
        "difficulty": ["medium", "hard"],
    }


def test_revision_cannot_change_the_kind(writer, bank):
    question = services.create_question(bank=bank, data=single_input(), actor=writer)
    before = bank_state()
    errors = errors_of(
        lambda: revisions.revise_question(
            question=question, data=weighted_input(code="TWK-0001"), actor=writer
        )
    )
    assert errors == {
        "kind": [
            "Soal TWK-0001 bertipe satu jawaban benar; tipe soal tidak dapat diubah. Buat soal "
            "baru dengan kode lain."
        ]
    }
    assert bank_state() == before


def test_revisions_number_versions_one_after_another(writer, bank):
    question = services.create_question(bank=bank, data=weighted_input(), actor=writer)
    for number, points in ((2, (5, 4, 3, 2, 1)), (3, (2, 2, 2, 2, 2))):
        question = revisions.revise_question(
            question=question, data=weighted_input(points=points), actor=writer
        )
        assert question.current_version is not None
        assert question.current_version.number == number
    assert list(question.versions.order_by("number").values_list("number", flat=True)) == [
        1,
        2,
        3,
    ]


def test_revision_is_refused_for_a_proctor(writer, bank, proctor):
    question = services.create_question(bank=bank, data=single_input(), actor=writer)
    before = bank_state()
    with pytest.raises(PermissionDenied):
        revisions.revise_question(question=question, data=single_input(text="Baru"), actor=proctor)
    assert bank_state() == before


# --- activation


def test_deactivate_and_activate_are_audited_and_refused_when_already_so(writer, bank):
    question = services.create_question(bank=bank, data=single_input(), actor=writer)
    revisions.set_question_active(question=question, is_active=False, actor=writer)
    question.refresh_from_db()
    assert question.is_active is False
    with pytest.raises(DomainError) as caught:
        revisions.set_question_active(question=question, is_active=False, actor=writer)
    assert caught.value.message == "Soal TWK-0001 sudah nonaktif."
    revisions.set_question_active(question=question, is_active=True, actor=writer)
    actions = list(
        AuditEvent.objects.filter(target_id=str(question.pk))
        .order_by("seq")
        .values_list("action", "changes")
    )
    assert actions[1:] == [
        ("exams.question.deactivated", {"is_active": [True, False]}),
        ("exams.question.activated", {"is_active": [False, True]}),
    ]
    with pytest.raises(DomainError) as caught:
        revisions.set_question_active(question=question, is_active=True, actor=writer)
    assert caught.value.message == "Soal TWK-0001 sudah aktif."


# --- images


def test_image_is_checked_re_encoded_and_carried_into_later_versions(writer, bank, media):
    question = services.create_question(bank=bank, data=single_input(), image=png(), actor=writer)
    first = question.current_version
    assert first is not None
    assert first.image.name.startswith(f"soal/{question.pk}/v1-")
    assert first.image.name.endswith(".png")
    question = revisions.revise_question(
        question=question, data=single_input(text="Teks baru"), actor=writer
    )
    second = question.current_version
    assert second is not None
    assert second.image.name == first.image.name
    question = revisions.revise_question(
        question=question, data=single_input(text="Teks baru"), remove_image=True, actor=writer
    )
    assert question.current_version is not None
    assert (question.current_version.number, bool(question.current_version.image)) == (3, False)
    first.refresh_from_db()
    assert first.image.name.startswith(f"soal/{question.pk}/v1-")


def test_a_new_image_alone_is_a_new_version_and_the_same_image_is_no_change(writer, bank, media):
    question = services.create_question(
        bank=bank, data=single_input(), image=png(color="red"), actor=writer
    )
    with pytest.raises(DomainError):
        revisions.revise_question(
            question=question, data=single_input(), image=png(color="red"), actor=writer
        )
    question = revisions.revise_question(
        question=question, data=single_input(), image=png(color="blue"), actor=writer
    )
    assert question.current_version is not None
    assert question.current_version.number == 2
    event = AuditEvent.objects.filter(action="exams.question.revised").get()
    assert event.changes == {"version": [1, 2]}


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("soal.png", b"bukan gambar sama sekali"),
            "Isi berkas gambar soal bukan PDF, JPG, atau PNG. Berkas lain yang sekadar diganti "
            "namanya tidak diterima; unggah berkas JPG atau PNG yang asli.",
        ),
        (
            SimpleUploadedFile("soal.png", b"%PDF-1.4 palsu"),
            "Dokumen gambar soal harus berformat JPG atau PNG; isi berkas yang diunggah "
            "berformat PDF.",
        ),
        (
            SimpleUploadedFile("soal.png", b"\x89PNG\r\n\x1a\n" + b"0" * (1024 * 1024)),
            "Ukuran berkas gambar soal 1024 KB melebihi batas 1024 KB.",
        ),
        (
            SimpleUploadedFile("soal.png", b"\x89PNG\r\n\x1a\nrusak"),
            "Gambar gambar soal rusak atau tidak dapat dibuka. Foto atau pindai ulang, lalu "
            "unggah lagi.",
        ),
    ],
)
def test_image_that_is_not_a_jpg_or_png_is_refused(writer, bank, media, upload, message):
    errors = errors_of(
        lambda: services.create_question(bank=bank, data=single_input(), image=upload, actor=writer)
    )
    assert errors == {"image": [message]}
    assert bank_state()[1:] == (0, 0, 0)


def test_jpeg_image_is_accepted(writer, bank, media):
    upload = SimpleUploadedFile("foto.jpg", image_bytes("JPEG"), content_type="image/jpeg")
    question = services.create_question(bank=bank, data=single_input(), image=upload, actor=writer)
    assert question.current_version is not None
    assert question.current_version.image.name.endswith(".jpg")


# --- compare (used by the import)


def test_compare_tells_content_metadata_and_active_apart(writer, bank):
    question = services.create_question(bank=bank, data=single_input(), actor=writer)
    question = Question.objects.select_related("current_version").get(pk=question.pk)
    same = single_input()
    services.normalise(same)
    assert revisions.compare(question, same).outcome == revisions.Outcome.UNCHANGED
    inactive = single_input()
    inactive.is_active = False
    services.normalise(inactive)
    assert revisions.compare(question, inactive).outcome == revisions.Outcome.UPDATED
    new_text = single_input(text="Lain")
    services.normalise(new_text)
    assert revisions.compare(question, new_text).outcome == revisions.Outcome.REVISED
    assert category("TWK").pk == question.category_id
