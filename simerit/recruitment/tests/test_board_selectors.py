"""Board selectors: public visibility, filters, counts, timeline, plain requirements, query counts."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from simerit.organization.models import EducationLevel
from simerit.organization.tests.factories import PositionFactory, WorkUnitFactory, golongan
from simerit.recruitment.models import (
    DocumentKind,
    FormasiDocument,
    FormasiEducation,
    Stage,
    StageWindow,
)
from simerit.recruitment.selectors import board as selectors
from simerit.recruitment.selectors.board import ApplicantCount, BoardFilters
from simerit.recruitment.tests.factories import (
    ApplicationFactory,
    FormasiFactory,
    SelectionPeriodFactory,
    open_windows,
)


@pytest.fixture
def period(db):
    return SelectionPeriodFactory.create(name="Seleksi CASN 2026")


def codes(formasi):
    return [f.code for f in formasi]


# --- visibility


def test_only_published_and_closed_formasi_of_public_periods_are_public(org):
    live = SelectionPeriodFactory.create(status="published")
    finished = SelectionPeriodFactory.create(status="finished")
    hidden = SelectionPeriodFactory.create(status="draft")
    for period, prefix in ((live, "L"), (finished, "F"), (hidden, "H")):
        for status in ("draft", "published", "closed"):
            FormasiFactory.create(period=period, code=f"{prefix}-{status}", status=status)

    assert sorted(codes(selectors.public_formasi())) == [
        "F-closed",
        "F-published",
        "L-closed",
        "L-published",
    ]
    # Newest first: same year, so the later one.
    assert list(selectors.public_periods()) == [finished, live]


def test_current_period_is_the_newest_published_else_the_newest_finished(db):
    old = SelectionPeriodFactory.create(status="finished", year=2024)
    assert selectors.current_period(list(selectors.public_periods())) == old
    new = SelectionPeriodFactory.create(status="published", year=2025)
    SelectionPeriodFactory.create(status="finished", year=2026)
    assert selectors.current_period(list(selectors.public_periods())) == new
    assert selectors.current_period([]) is None


# --- filters


@pytest.fixture
def board(org, period):
    """Three public formasi in Dinkes (one in its division) and Disdik, plus a draft."""
    puskesmas = WorkUnitFactory.create(name="Puskesmas Sukarami", parent=org.dinkes)
    nurse = FormasiFactory.create(
        period=period, code="DINKES-01", work_unit=puskesmas, position__name="Perawat Terampil"
    )
    doctor = FormasiFactory.create(
        period=period,
        code="DINKES-02",
        work_unit=org.dinkes_division,
        position__name="Dokter Ahli Pertama",
        track="cumlaude",
        requirements=False,
    )
    FormasiEducation.objects.create(
        formasi=doctor, level=EducationLevel.objects.get(code="S2"), majors=[]
    )
    teacher = FormasiFactory.create(
        period=period, code="DISDIK-01", work_unit=org.disdik, position__name="Guru Kelas"
    )
    FormasiFactory.create(period=period, code="DRAFT-01", status="draft", work_unit=org.disdik)
    other = SelectionPeriodFactory.create()
    FormasiFactory.create(period=other, code="LAIN-01", work_unit=org.disdik)
    return {"nurse": nurse, "doctor": doctor, "teacher": teacher, "puskesmas": puskesmas}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["DINKES-01", "DINKES-02", "DISDIK-01"]),
        ({"search": "perawat"}, ["DINKES-01"]),
        ({"search": "disdik"}, ["DISDIK-01"]),
        ({"search": "sukarami"}, ["DINKES-01"]),
        ({"search": "kesehatan ahli"}, ["DINKES-02"]),
        ({"level_code": "S2"}, ["DINKES-02"]),
        ({"level_code": "S1"}, ["DINKES-01", "DISDIK-01"]),
        ({"track": "cumlaude"}, ["DINKES-02"]),
        ({"search": "tidak ada"}, []),
    ],
)
def test_board_filters(period, board, filters, expected):
    result = selectors.list_board_formasi(period=period, filters=BoardFilters(**filters))
    assert codes(result) == expected


def test_unit_filter_includes_the_units_below(org, period, board):
    result = selectors.list_board_formasi(period=period, filters=BoardFilters(unit=org.dinkes))
    assert codes(result) == ["DINKES-01", "DINKES-02"]


def test_position_filter(period, board):
    position_id = board["teacher"].position_id
    result = selectors.list_board_formasi(
        period=period, filters=BoardFilters(position_id=position_id)
    )
    assert codes(result) == ["DISDIK-01"]


def test_choices_offer_only_what_the_period_shows(org, period, board):
    choices = selectors.board_choices(period=period)

    # The units with formasi and Dinkes above two of them; not the city, not units without formasi.
    assert sorted(u.name for u in choices.units) == [
        "Bidang Pelayanan Kesehatan",
        "Dinas Kesehatan",
        "Dinas Pendidikan",
        "Puskesmas Sukarami",
    ]
    assert [p.name for p in choices.positions] == [
        "Dokter Ahli Pertama",
        "Guru Kelas",
        "Perawat Terampil",
    ]
    assert [lv.code for lv in choices.levels][:3] == ["SD", "SMP", "SMA"]


# --- counts


def test_applicant_counts_split_submitted_from_drafts(period, board):
    nurse, doctor = board["nurse"], board["doctor"]
    for status in ("draft", "draft", "submitted", "ms", "tms", "tms_pending"):
        ApplicationFactory.create(formasi=nurse, status=status)
    ApplicationFactory.create(formasi=doctor, status="submitted")

    counts = selectors.applicant_counts([nurse.pk, doctor.pk, board["teacher"].pk])

    assert counts == {
        nurse.pk: ApplicantCount(submitted=4, drafts=2),
        doctor.pk: ApplicantCount(submitted=1, drafts=0),
    }
    assert selectors.formasi_counts(board["teacher"]) == ApplicantCount(0, 0)


def test_the_board_list_is_a_fixed_number_of_queries(period, board, django_assert_num_queries):
    # given: more formasi and applications do not add queries
    for n in range(12):
        formasi = FormasiFactory.create(period=period, code=f"EXTRA-{n:02d}")
        ApplicationFactory.create(formasi=formasi, status="submitted")

    # when / then: the page (with its education rules) and the counts of that page
    with django_assert_num_queries(3):
        page = list(selectors.list_board_formasi(period=period, filters=BoardFilters())[:10])
        shown = [
            (f.position.name, f.work_unit.name, [r.level.name for r in f.education.all()])
            for f in page
        ]
        selectors.applicant_counts(f.pk for f in page)
    assert len(shown) == 10
    with django_assert_num_queries(4):
        selectors.board_choices(period=period)


# --- timeline


def test_timeline_marks_past_current_next_and_upcoming(period):
    now = timezone.now()
    open_windows(period, now=now)

    steps = selectors.period_timeline(period, now=now)

    assert [(s.stage, s.state) for s in steps] == [
        ("registration", "current"),
        ("verification", "next"),
        ("announcement", "upcoming"),
        ("sanggah_filing", "upcoming"),
        ("sanggah_answer", "upcoming"),
        ("final_announcement", "upcoming"),
    ]
    later = selectors.period_timeline(period, now=now + dt.timedelta(days=22))
    assert [s.state for s in later] == ["past", "past", "past", "current", "next", "upcoming"]
    assert [s.label for s in later][:2] == ["Pendaftaran", "Verifikasi administrasi"]


def test_timeline_of_a_period_without_windows_is_empty(period):
    assert selectors.period_timeline(period, now=timezone.now()) == []


def test_period_summaries_count_public_formasi_and_quota(period, board):
    StageWindow.objects.create(
        period=period,
        stage=Stage.REGISTRATION,
        opens_at=timezone.now() - dt.timedelta(days=1),
        closes_at=timezone.now() + dt.timedelta(days=1),
    )

    summaries = {s.period.pk: s for s in selectors.list_period_summaries(now=timezone.now())}

    assert (summaries[period.pk].formasi_count, summaries[period.pk].quota_total) == (3, 6)
    assert [s.state for s in summaries[period.pk].timeline] == ["current"]


# --- requirements in plain Indonesian


def test_requirements_read_as_sentences(org, period):
    formasi = FormasiFactory.create(
        period=period,
        work_unit=org.dinkes,
        min_gpa=Decimal("3.25"),
        entry_golongan=golongan("III/a"),
        extra_requirements="Memiliki STR yang masih berlaku.",
        track="disabilitas",
        requirements=False,
    )
    FormasiEducation.objects.create(
        formasi=formasi,
        level=EducationLevel.objects.get(code="S1"),
        majors=["Keperawatan", "Ilmu Keperawatan"],
    )
    FormasiEducation.objects.create(formasi=formasi, level=EducationLevel.objects.get(code="D3"))
    ktp = DocumentKind.objects.get(code="ktp")
    FormasiDocument.objects.create(formasi=formasi, kind=ktp, formats=["jpg", "png"], max_kb=300)
    pendukung = DocumentKind.objects.get(code="pendukung")
    FormasiDocument.objects.create(
        formasi=formasi, kind=pendukung, formats=["pdf"], max_kb=800, is_required=False
    )

    text = selectors.describe_requirements(selectors.get_public_formasi(formasi_id=formasi.pk))

    assert text.age == (
        "Pada 1 Agustus 2026 usia Anda paling rendah 18 tahun dan paling tinggi 35 tahun, "
        "artinya lahir antara 1 Agustus 1991 dan 1 Agustus 2008."
    )
    assert text.education == [
        "Diploma III, semua program studi.",
        "Sarjana (S-1), program studi Keperawatan atau Ilmu Keperawatan.",
    ]
    assert text.track == "Formasi khusus untuk pelamar penyandang disabilitas."
    assert text.gpa == "IPK paling rendah 3,25."
    assert text.golongan == "Golongan awal: Penata Muda (III/a)."
    assert [(d.name, d.formats, d.max_kb, d.is_required) for d in text.documents] == [
        ("KTP", "JPG, PNG", 300, True),
        ("Dokumen pendukung lainnya", "PDF", 800, False),
    ]
    assert text.extra == "Memiliki STR yang masih berlaku."


@pytest.mark.parametrize(
    ("track", "sentence"),
    [
        ("umum", "Formasi umum: terbuka untuk semua pelamar yang memenuhi syarat."),
        ("cumlaude", "Formasi khusus untuk pelamar jalur Lulusan cumlaude."),
    ],
)
def test_track_sentence(period, track, sentence):
    formasi = FormasiFactory.create(period=period, track=track)
    assert selectors.describe_requirements(formasi).track == sentence


def test_a_draft_formasi_is_not_found_on_the_board(period):
    draft = FormasiFactory.create(period=period, status="draft")
    with pytest.raises(draft.DoesNotExist):
        selectors.get_public_formasi(formasi_id=draft.pk)


def test_detail_is_a_fixed_number_of_queries(period, django_assert_num_queries):
    formasi = FormasiFactory.create(period=period, position=PositionFactory.create())

    with django_assert_num_queries(3):
        found = selectors.get_public_formasi(formasi_id=formasi.pk)
        selectors.describe_requirements(found)
