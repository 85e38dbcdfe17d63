"""Blueprint services: configuration rules, sections, passing rules, the lock and the audit."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError
from simerit.exams.models import (
    Blueprint,
    BlueprintItem,
    BlueprintSection,
    ExamKind,
    ExamResult,
    PassingRule,
    QuestionBank,
)
from simerit.exams.services import blueprint_sections as parts
from simerit.exams.services import blueprints as services
from simerit.exams.services.blueprint_sections import RuleInput, SectionInput
from simerit.exams.tests.factories import QuestionBankFactory, SittingFactory
from simerit.exams.tests.factories_blueprints import (
    blueprint_input,
    fill_bank,
    make_blueprint,
    ms_application,
    writer,
)
from simerit.recruitment.models import SelectionKind, Track
from simerit.recruitment.tests.factories import SelectionPeriodFactory

SKD_SECTIONS = [SectionInput("TWK", 30), SectionInput("TIU", 35), SectionInput("TKP", 45)]


def audit_actions():
    events = AuditEvent.objects.filter(action__startswith="exams.").order_by("seq")
    return list(events.values_list("action", flat=True))


def errors_of(call):
    with pytest.raises(InvalidInputError) as caught:
        call()
    return caught.value.errors


# --- creating and updating


def test_create_blueprint_saves_it_with_its_audit_row(hr_admin):
    data = blueprint_input(legal_basis=" KepmenPANRB 321/2024 ")

    blueprint = services.create_blueprint(data=data, actor=hr_admin)

    assert (blueprint.kind, blueprint.delivery, blueprint.duration_minutes) == (
        "skd",
        "simerit",
        100,
    )
    assert blueprint.legal_basis == "KepmenPANRB 321/2024"
    event = AuditEvent.objects.get()
    assert event.action == "exams.blueprint.created"
    assert event.target_id == str(blueprint.pk)
    assert data.bank is not None
    assert data.period is not None
    assert event.changes["bank"] == data.bank.pk
    assert event.changes["period"] == data.period.pk


def test_real_exam_needs_a_period_and_may_not_be_public(hr_admin):
    errors = errors_of(
        lambda: services.create_blueprint(
            data=blueprint_input(period=None, is_public=True), actor=hr_admin
        )
    )
    assert errors == {
        "period": ["Periode seleksi wajib diisi untuk ujian selain tryout."],
        "is_public": ["Hanya tryout yang dapat dibuka untuk umum."],
    }
    assert Blueprint.objects.exists() is False
    assert AuditEvent.objects.exists() is False


def test_tryout_takes_no_period_no_bkn_and_only_a_practice_bank(hr_admin):
    exam_bank = QuestionBankFactory.create(purpose=QuestionBank.Purpose.EXAM)
    data = blueprint_input(
        kind=ExamKind.TRYOUT,
        period=SelectionPeriodFactory.create(),
        delivery=Blueprint.Delivery.BKN,
        bank=exam_bank,
    )
    errors = errors_of(lambda: services.create_blueprint(data=data, actor=hr_admin))
    assert errors == {
        "period": ["Tryout tidak terikat pada periode seleksi; kosongkan periode."],
        "delivery": ["Tryout hanya dapat dilaksanakan di CAT SiMerit."],
        "bank": ["Ujian CAT BKN tidak memakai bank soal SiMerit; kosongkan bank soal."],
    }
    data = blueprint_input(kind=ExamKind.TRYOUT, bank=exam_bank)
    errors = errors_of(lambda: services.create_blueprint(data=data, actor=hr_admin))
    assert errors == {"bank": ["Tryout hanya boleh memakai bank soal latihan."]}


def test_a_public_tryout_on_a_practice_bank_is_saved(hr_admin):
    data = blueprint_input(kind=ExamKind.TRYOUT, is_public=True)
    blueprint = services.create_blueprint(data=data, actor=hr_admin)
    assert blueprint.bank is not None
    assert (blueprint.period, blueprint.is_public, blueprint.bank.purpose) == (
        None,
        True,
        "practice",
    )


def test_real_exam_never_uses_a_practice_bank(hr_admin):
    practice = QuestionBankFactory.create(purpose=QuestionBank.Purpose.PRACTICE)
    errors = errors_of(
        lambda: services.create_blueprint(data=blueprint_input(bank=practice), actor=hr_admin)
    )
    assert errors == {
        "bank": ["Ujian sungguhan hanya boleh memakai bank soal ujian, bukan bank soal latihan."]
    }


def test_simerit_delivery_needs_a_bank_and_bkn_delivery_takes_none(hr_admin):
    errors = errors_of(
        lambda: services.create_blueprint(data=blueprint_input(bank=None), actor=hr_admin)
    )
    assert errors == {
        "bank": ["Bank soal wajib diisi untuk ujian yang dilaksanakan di CAT SiMerit."]
    }
    data = blueprint_input(delivery=Blueprint.Delivery.BKN)
    blueprint = services.create_blueprint(data=data, actor=hr_admin)
    assert (blueprint.delivery, blueprint.bank) == ("bkn", None)


def test_exam_kind_must_fit_the_period_kind_and_duration_is_bounded(hr_admin):
    pppk = SelectionPeriodFactory.create(kind=SelectionKind.PPPK)
    data = blueprint_input(period=pppk, duration_minutes=0, name="  ")
    errors = errors_of(lambda: services.create_blueprint(data=data, actor=hr_admin))
    assert errors == {
        "name": ["Nama kisi-kisi wajib diisi."],
        "duration_minutes": ["Durasi harus 1 sampai 600 menit."],
        "period": ["Ujian SKD tidak dapat dipakai pada periode seleksi PPPK."],
    }


@pytest.mark.parametrize("persona", ["auditor", "proctor", "applicant"])
def test_only_admin_bkpsdm_creates_blueprints(persona, request):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.create_blueprint(data=blueprint_input(), actor=user)
    assert Blueprint.objects.exists() is False
    assert AuditEvent.objects.exists() is False


def test_question_writer_cannot_create_blueprints(db):
    with pytest.raises(PermissionDenied):
        services.create_blueprint(data=blueprint_input(), actor=writer())
    assert Blueprint.objects.exists() is False


def test_update_audits_the_difference_and_a_new_bank_drops_the_items(hr_admin):
    blueprint = make_blueprint(sections=(("TWK", 2),))
    fill_bank(blueprint.bank, "TWK", 2)
    services.assemble_items(blueprint=blueprint, actor=hr_admin, seed=1)
    new_bank = QuestionBankFactory.create()
    data = blueprint_input(
        name="SKD baru", period=blueprint.period, bank=new_bank, duration_minutes=90
    )

    services.update_blueprint(blueprint=blueprint, data=data, actor=hr_admin)

    blueprint.refresh_from_db()
    assert (blueprint.name, blueprint.bank, blueprint.duration_minutes) == (
        "SKD baru",
        new_bank,
        90,
    )
    assert BlueprintItem.objects.filter(blueprint=blueprint).exists() is False
    event = AuditEvent.objects.filter(action="exams.blueprint.updated").get()
    assert event.changes["name"] == ["Kisi-kisi uji", "SKD baru"]
    assert event.changes["duration_minutes"] == [100, 90]
    assert event.changes["items_cleared"] == 2


def test_update_keeps_kind_period_and_delivery_once_sittings_exist(hr_admin):
    blueprint = SittingFactory.create().blueprint
    data = blueprint_input(period=SelectionPeriodFactory.create(), bank=blueprint.bank)
    with pytest.raises(DomainError) as caught:
        services.update_blueprint(blueprint=blueprint, data=data, actor=hr_admin)
    assert caught.value.message == (
        "Kisi-kisi ini sudah memiliki sesi ujian atau hasil; periode seleksi tidak dapat diubah "
        "lagi."
    )
    assert caught.value.field == "period"


def test_changing_the_kind_refuses_sections_of_the_old_kind(hr_admin):
    period = SelectionPeriodFactory.create()
    blueprint = make_blueprint(period=period, sections=(("TWK", 2),))
    data = blueprint_input(kind=ExamKind.SKB, period=period, bank=blueprint.bank)
    with pytest.raises(DomainError) as caught:
        services.update_blueprint(blueprint=blueprint, data=data, actor=hr_admin)
    assert caught.value.message == (
        "Bagian TWK bukan kategori ujian SKB; ubah bagian kisi-kisi lebih dulu."
    )


# --- sections


def test_set_sections_writes_them_in_order_with_their_audit_row(hr_admin):
    blueprint = make_blueprint()
    sections = [
        SectionInput("TWK", 30),
        SectionInput("tiu", 35),
        SectionInput("TKP", 45, correct_points=5, wrong_points=0, blank_points=0),
    ]

    saved = parts.set_sections(blueprint=blueprint, sections=sections, actor=hr_admin)

    assert [(s.category.code, s.order, s.question_count) for s in saved] == [
        ("TWK", 0, 30),
        ("TIU", 1, 35),
        ("TKP", 2, 45),
    ]
    event = AuditEvent.objects.get()
    assert event.action == "exams.blueprint.sections_set"
    assert event.changes["before"] == []
    assert event.changes["after"][1] == {
        "category": "TIU",
        "question_count": 35,
        "correct_points": 5,
        "wrong_points": 0,
        "blank_points": 0,
    }


def test_sections_refuse_unknown_misfit_doubled_categories_and_bad_numbers(hr_admin):
    blueprint = make_blueprint()
    sections = [
        SectionInput("XYZ", 10),
        SectionInput("TEKNIS", 10),
        SectionInput("TWK", 0),
        SectionInput("TWK", 5, correct_points=0, wrong_points=1, blank_points=6),
    ]
    errors = errors_of(
        lambda: parts.set_sections(blueprint=blueprint, sections=sections, actor=hr_admin)
    )
    assert errors == {
        "sections.0.category": ["Kategori soal 'XYZ' tidak dikenal."],
        "sections.1.category": ["Kategori TEKNIS bukan kategori ujian SKD."],
        "sections.2.question_count": ["Jumlah soal harus 1 sampai 500."],
        "sections.3.category": ["Kategori TWK tercantum lebih dari sekali."],
        "sections.3.correct_points": ["Nilai jawaban benar harus 1 sampai 100."],
        "sections.3.wrong_points": [
            "Nilai jawaban salah harus -100 sampai nilai jawaban benar (0)."
        ],
        "sections.3.blank_points": [
            "Nilai jawaban tidak dijawab harus -100 sampai nilai jawaban benar (0)."
        ],
    }
    assert BlueprintSection.objects.exists() is False
    assert AuditEvent.objects.exists() is False


def test_empty_sections_are_refused(hr_admin):
    errors = errors_of(
        lambda: parts.set_sections(blueprint=make_blueprint(), sections=[], actor=hr_admin)
    )
    assert errors == {"sections": ["Kisi-kisi memerlukan paling sedikit satu bagian."]}


def test_skb_takes_any_skb_field_and_tryout_any_category(hr_admin):
    skb = make_blueprint(kind=ExamKind.SKB)
    saved = parts.set_sections(blueprint=skb, sections=[SectionInput("SKB", 20)], actor=hr_admin)
    assert [s.category.code for s in saved] == ["SKB"]
    tryout = make_blueprint(kind=ExamKind.TRYOUT)
    mixed = [SectionInput("TWK", 5), SectionInput("TEKNIS", 5)]
    saved = parts.set_sections(blueprint=tryout, sections=mixed, actor=hr_admin)
    assert [s.category.code for s in saved] == ["TWK", "TEKNIS"]


def test_changing_points_keeps_the_items_changing_counts_drops_them(hr_admin):
    blueprint = make_blueprint(sections=(("TWK", 2),))
    fill_bank(blueprint.bank, "TWK", 3)
    services.assemble_items(blueprint=blueprint, actor=hr_admin, seed=3)

    parts.set_sections(
        blueprint=blueprint, sections=[SectionInput("TWK", 2, correct_points=4)], actor=hr_admin
    )
    assert BlueprintItem.objects.filter(blueprint=blueprint).count() == 2

    parts.set_sections(blueprint=blueprint, sections=[SectionInput("TWK", 3)], actor=hr_admin)
    assert BlueprintItem.objects.filter(blueprint=blueprint).count() == 0
    event = AuditEvent.objects.filter(action="exams.blueprint.sections_set").order_by("-seq")[0]
    assert event.changes["items_cleared"] == 2


def test_removing_a_section_used_by_a_passing_rule_is_refused(hr_admin):
    blueprint = make_blueprint(sections=(("TWK", 30), ("TIU", 35)))
    PassingRule.objects.create(blueprint=blueprint, track="", category_minimums={"TWK": 65})
    with pytest.raises(DomainError) as caught:
        parts.set_sections(blueprint=blueprint, sections=[SectionInput("TIU", 35)], actor=hr_admin)
    assert caught.value.message == (
        "Subtes TWK masih dipakai pada nilai ambang batas jalur Semua jalur lain; ubah nilai "
        "ambang batas lebih dulu."
    )
    assert BlueprintSection.objects.filter(blueprint=blueprint).count() == 2


def test_section_maximum_is_count_times_the_best_points():
    assert parts.section_maximum(SectionInput("TWK", 30)) == 150
    assert parts.section_maximum(SectionInput("TKP", 45, correct_points=5)) == 225
    assert parts.section_maximum(SectionInput("X", 10, correct_points=4, blank_points=1)) == 40


# --- passing rules


def test_set_passing_rules_writes_each_track_with_its_audit_row(hr_admin):
    blueprint = make_blueprint(sections=(("TWK", 30), ("TIU", 35), ("TKP", 45)))
    rules = [
        RuleInput("", {"TWK": 65, "TIU": 80, "TKP": 166}, legal_basis="KepmenPANRB 321/2024"),
        RuleInput(Track.DISABILITAS, {"TIU": 60}, 286),
    ]

    saved = parts.set_passing_rules(blueprint=blueprint, rules=rules, actor=hr_admin)

    assert [(r.track, r.category_minimums, r.total_minimum) for r in saved] == [
        ("", {"TWK": 65, "TIU": 80, "TKP": 166}, None),
        ("disabilitas", {"TIU": 60}, 286),
    ]
    event = AuditEvent.objects.get()
    assert event.action == "exams.blueprint.passing_rules_set"
    assert event.changes["before"] == []
    assert event.changes["results_rejudged"] == 0


def test_passing_rules_refuse_bad_tracks_categories_and_values(hr_admin):
    blueprint = make_blueprint(sections=(("TWK", 30), ("TIU", 35)))
    rules = [
        RuleInput("planet", {"TWK": 65}),
        RuleInput("", {"TKP": 100, "TWK": 151}),
        RuleInput("", {}, 400),
        RuleInput(Track.CUMLAUDE, {}),
    ]
    errors = errors_of(
        lambda: parts.set_passing_rules(blueprint=blueprint, rules=rules, actor=hr_admin)
    )
    assert errors == {
        "rules.0.track": ["Jalur 'planet' tidak dikenal."],
        "rules.1.category_minimums": [
            "TKP bukan subtes kisi-kisi ini (subtes: TWK, TIU).",
            "Nilai minimum TWK harus 0 sampai 150.",
        ],
        "rules.2.track": ["Jalur Semua jalur lain tercantum lebih dari sekali."],
        "rules.2.total_minimum": ["Nilai minimum kumulatif harus 0 sampai 325."],
        "rules.3.category_minimums": [
            "Isi paling sedikit satu nilai minimum, atau hapus aturan jalur ini."
        ],
    }
    assert PassingRule.objects.exists() is False


def test_new_passing_rules_rejudge_results_imported_from_bkn(hr_admin):
    blueprint = make_blueprint(delivery=Blueprint.Delivery.BKN, sections=(("TWK", 30),))
    application = ms_application(blueprint.period, number="2026-0001")
    result = ExamResult.objects.create(
        application=application,
        blueprint=blueprint,
        kind=ExamKind.SKD,
        source=ExamResult.Source.BKN,
        scores={"TWK": 70},
        total=70,
        passed=None,
        result_reason="Tidak ada nilai ambang batas; kelulusan ditentukan peringkat.",
    )

    parts.set_passing_rules(blueprint=blueprint, rules=[RuleInput("", {"TWK": 75})], actor=hr_admin)

    result.refresh_from_db()
    assert (result.passed, result.result_reason) == (
        False,
        "Tidak memenuhi nilai ambang batas: TWK 70 < 75.",
    )
    assert audit_actions() == ["exams.result.rejudged", "exams.blueprint.passing_rules_set"]
    assert (
        AuditEvent.objects.get(action="exams.blueprint.passing_rules_set").changes[
            "results_rejudged"
        ]
        == 1
    )


# --- the lock


def _locked_blueprint(**kwargs):
    blueprint = make_blueprint(sections=(("TWK", 1),), **kwargs)
    fill_bank(blueprint.bank, "TWK", 1)
    Blueprint.objects.filter(pk=blueprint.pk).update(locked_at=timezone.now())
    return blueprint


LOCKED = (
    "Kisi-kisi ini sudah dikunci karena ujiannya sudah dimulai; kisi-kisi, bagian, soal, dan "
    "nilai ambang batasnya tidak dapat diubah lagi."
)


@pytest.mark.parametrize(
    "change",
    [
        lambda b, u: services.update_blueprint(
            blueprint=b, data=blueprint_input(period=b.period, bank=b.bank), actor=u
        ),
        lambda b, u: parts.set_sections(blueprint=b, sections=[SectionInput("TWK", 2)], actor=u),
        lambda b, u: parts.set_passing_rules(
            blueprint=b, rules=[RuleInput("", {"TWK": 1})], actor=u
        ),
        lambda b, u: services.apply_skd_defaults(blueprint=b, actor=u),
        lambda b, u: services.assemble_items(blueprint=b, actor=u, seed=1),
    ],
    ids=["update", "sections", "rules", "skd-defaults", "assemble"],
)
def test_a_locked_blueprint_refuses_every_change(change, hr_admin):
    blueprint = _locked_blueprint()
    stale = Blueprint.objects.get(pk=blueprint.pk)
    stale.locked_at = None  # the caller's copy predates the lock: the service reads the row

    with pytest.raises(ConflictError) as caught:
        change(stale, hr_admin)

    assert caught.value.message == LOCKED
    blueprint.refresh_from_db()
    assert blueprint.name == "Kisi-kisi uji"
    assert [(s.category.code, s.question_count) for s in blueprint.sections.all()] == [("TWK", 1)]
    assert PassingRule.objects.exists() is False
    assert BlueprintItem.objects.exists() is False
    assert AuditEvent.objects.exists() is False


def test_a_blueprint_with_published_results_refuses_changes(hr_admin):
    blueprint = make_blueprint(sections=(("TWK", 1),))
    Blueprint.objects.filter(pk=blueprint.pk).update(results_published_at=timezone.now())
    with pytest.raises(ConflictError) as caught:
        parts.set_sections(blueprint=blueprint, sections=[SectionInput("TWK", 2)], actor=hr_admin)
    assert caught.value.message == (
        "Hasil kisi-kisi ini sudah diumumkan; kisi-kisi tidak dapat diubah lagi."
    )
