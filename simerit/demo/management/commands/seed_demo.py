import datetime as dt
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from simerit.compensation.rules.tpp import format_rupiah
from simerit.core.dates import MONTHS_ID
from simerit.core.exceptions import DomainError
from simerit.demo import data
from simerit.demo.career import CareerStoryResult
from simerit.demo.compensation import CompensationStoryResult
from simerit.demo.discipline import (
    ABSENT_DAYS,
    LADDER_ABSENT_DAYS,
    RECAP_MONTHS,
    SANCTION_TYPE,
    DisciplineStoryResult,
)
from simerit.demo.exam_sittings import pelamar_sitting
from simerit.demo.exams import ExamStoryResult
from simerit.demo.performance import PerformanceStoryResult, performance_to_try
from simerit.demo.performance_history import PerformanceHistoryResult
from simerit.demo.rewards import RewardsStoryResult
from simerit.demo.seed import SeedResult, seed_demo
from simerit.demo.selection import (
    SelectionStoryResult,
    appointments_open_at,
    casn_period,
    granted_applicant_email,
)
from simerit.demo.training import training_summary, training_to_try
from simerit.discipline.models import SanctionType
from simerit.exams.services.sittings import pin_closes_at
from simerit.performance.models import Predikat


class Command(BaseCommand):
    help = (
        "Isi basis data dengan data demo Pemerintah Kota Palembang (sekali saja; menjalankan "
        "ulang tidak mengubah apa pun) lalu tampilkan akun demo."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        try:
            result = seed_demo(today=timezone.localdate())
        except DomainError as error:
            raise CommandError(error.message) from error
        if result.created:
            self.stdout.write(
                f"Data demo dibuat dalam {time.monotonic() - started:.1f} detik: "
                f"{result.units} unit kerja, {result.positions} jabatan, "
                f"{result.employees} pegawai, {result.users} akun petugas."
            )
            story = result.recruitment
            if story is not None:
                self.stdout.write(
                    f"Rekrutmen: {story.periods} periode seleksi, {story.formasi} formasi, "
                    f"{story.applicants} pelamar, {story.applications} lamaran "
                    f"({story.refused} ditolak karena tidak memenuhi syarat), "
                    f"{story.announcements} pengumuman, {story.sanggah} sanggah."
                )
            if result.exams is not None:
                self.stdout.write(exam_summary(result.exams))
            if result.selection is not None:
                self.stdout.write(selection_summary(result.selection))
            if result.performance is not None:
                self.stdout.write(performance_summary(result.performance))
            if result.training is not None:
                self.stdout.write(training_summary(result.training))
            for line in merit_summary(result):
                self.stdout.write(line)
        else:
            self.stdout.write("Data demo sudah ada; tidak ada yang diubah.")
        self.stdout.write(account_table())
        selection = selection_to_try(now=timezone.now())
        if selection:
            self.stdout.write(selection)
        performance = performance_to_try()
        if performance:
            self.stdout.write(performance)
        training = training_to_try()
        if training:
            self.stdout.write(training)
        to_try = exam_to_try(now=timezone.now())
        if to_try:
            self.stdout.write(to_try)


def account_table() -> str:
    """The demo logins as a plain-text table: username, role, password."""
    rows = [("Nama pengguna", "Peran", "Kata sandi")]
    for account in data.DEMO_ACCOUNTS:
        roles = " + ".join(str(role.label) for role in account.roles)
        rows.append((account.username, roles, data.DEMO_PASSWORD))
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    lines = ["", "Akun demo:"]
    for index, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)


def exam_summary(exams: ExamStoryResult) -> str:
    return (
        f"Ujian (CAT): {exams.banks} bank soal ({exams.questions} soal), {exams.blueprints} "
        f"kisi-kisi, {exams.sittings} sesi, {exams.participants} peserta, "
        f"{exams.finished_attempts} pengerjaan selesai, {exams.published_results} hasil "
        "diumumkan."
    )


def selection_summary(selection: SelectionStoryResult) -> str:
    return (
        f"Seleksi kompetensi (SKB): {selection.candidates} peserta SKB di {selection.formasi} "
        f"formasi ({selection.bkn_applicants} pelamar Perawat ikut SKD di CAT BKN), "
        f"{selection.score_sheets} lembar nilai asesor, {selection.third_assessor + selection.panel} "
        f"selisih diselesaikan ({selection.third_assessor} asesor ketiga, {selection.panel} "
        f"keputusan panel), {selection.absent} tidak hadir, {selection.withdrawn} mengundurkan "
        f"diri, {selection.announcements} pengumuman hasil akhir ({selection.corrections} "
        f"koreksi), {selection.sanggah} sanggah hasil akhir."
    )


def performance_summary(performance: PerformanceStoryResult) -> str:
    return (
        f"Kinerja {performance.year}: {performance.skps} SKP disetujui ({performance.results} "
        f"RHK), {performance.realisations} realisasi, {performance.evidence} bukti dukung, "
        f"{performance.answers} jawaban penilaian perilaku 360, {performance.appraisals} "
        f"penilaian ditetapkan, {performance.objections} keberatan menunggu keputusan; "
        f"{performance.hired} pegawai dan {performance.accounts} akun ditambahkan."
    )


def merit_summary(result: SeedResult) -> list[str]:
    """The lines of issue #8's stories: the performance history, the discipline case, the TPP
    run, Satyalancana, the promotion list of the next period and the 9-box."""
    lines = []
    if result.history is not None:
        lines.append(history_summary(result.history))
    if result.discipline is not None:
        lines.append(discipline_summary(result.discipline))
    if result.compensation is not None:
        lines.append(compensation_summary(result.compensation))
    if result.rewards is not None:
        lines.append(satyalancana_summary(result.rewards, result.discipline))
    if result.career is not None:
        lines += career_summary(result.career, result.history)
    return lines


def history_summary(history: PerformanceHistoryResult) -> str:
    years = []
    for year, counts in history.predikats.items():
        spread = ", ".join(
            f"{counts[predikat]} {Predikat(predikat).label}"
            for predikat in Predikat.values
            if counts.get(predikat)
        )
        years.append(f"{year}: {spread}")
    first, last = history.years
    total = sum(sum(counts.values()) for counts in history.predikats.values())
    return (
        f"Riwayat kinerja {first}–{last} (Dinas Kesehatan): {total} penilaian final ("
        f"{'; '.join(years)}), {history.objections} keberatan diputus (hasil tetap); "
        f"{history.accounts} akun pegawai ditambahkan (nama pengguna NIP, kata sandi yang sama)."
    )


def discipline_summary(discipline: DisciplineStoryResult) -> str:
    period = ""
    if discipline.sanction_starts_on and discipline.sanction_ends_on:
        period = (
            f" ({discipline.sanction_starts_on:%d-%m-%Y} s.d. "
            f"{discipline.sanction_ends_on:%d-%m-%Y})"
        )
    return (
        f"Disiplin: kasus {discipline.case_number} ({discipline.employee}, tidak masuk "
        f"{ABSENT_DAYS} hari kerja) diputus hukuman sedang, {lower_first(SanctionType(SANCTION_TYPE).label)}"
        f"{period}, keberatannya menunggu keputusan; rekap kehadiran {RECAP_MONTHS} bulan "
        f"({discipline.attendance_rows} baris): {discipline.ladder_employee} tidak masuk "
        f"{LADDER_ABSENT_DAYS} hari bulan lalu, masuk tangga ketidakhadiran tanpa kasus."
    )


def compensation_summary(tpp: CompensationStoryResult) -> str:
    month = f"{MONTHS_ID[tpp.month.month - 1]} {tpp.month.year}" if tpp.month else ""
    return (
        f"TPP {month}: perhitungan final untuk {tpp.lines} pegawai, total "
        f"{format_rupiah(tpp.total_amount)}; {tpp.with_predikat} pegawai dengan tarif predikat "
        f"final, {tpp.lines - tpp.with_predikat} dengan tarif tanpa predikat final; potongan "
        f"hukuman disiplin pada {tpp.sanction_cuts} pegawai."
    )


def satyalancana_summary(
    rewards: RewardsStoryResult, discipline: DisciplineStoryResult | None
) -> str:
    excluded = f"{rewards.satyalancana_excluded} dikecualikan"
    if discipline is not None and discipline.employee:
        among = "di antaranya " if rewards.satyalancana_excluded > 1 else ""
        excluded += f" ({among}{discipline.employee}: hukuman disiplin sedang)"
    return (
        f"Satyalancana Karya Satya {rewards.year}: {rewards.satyalancana_eligible} pegawai "
        f"memenuhi syarat, {excluded}."
    )


def career_summary(
    career: CareerStoryResult, history: PerformanceHistoryResult | None
) -> list[str]:
    lines = []
    period = career.promotion_period
    if period is not None:
        line = (
            f"Kenaikan pangkat periode {period:%d-%m-%Y}: {career.promotion_eligible} dari "
            f"{career.promotion_checked} PNS aktif memenuhi syarat"
        )
        known = history.years if history is not None else ()
        pending = sorted(year for year in career.promotion_years if year not in known)
        if pending:
            years = " dan ".join(str(year) for year in pending)
            line += f" (predikat {years} belum final: penilaiannya masih berjalan)"
        sanction = [
            reason
            for reason in career.sanctioned_reasons
            if reason.startswith("Sedang menjalani hukuman disiplin")
        ]
        if sanction:
            others = len(career.sanctioned_reasons) - 1
            line += f"; {career.sanctioned} tidak: {lower_first(sanction[0].rstrip('.'))}"
            line += f" (dan {others} alasan lain)." if others else "."
        else:
            line += "."
        lines.append(line)
    successor = ""
    if career.successor:
        successor = f"; kelompok rencana suksesi {career.successor_position}: {career.successor}"
    lines.append(
        f"9-box: {career.talent_placed} pegawai ditempatkan ({career.talent_top} di kotak 7–9)"
        f"{successor}."
    )
    return lines


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def selection_to_try(*, now: dt.datetime) -> str:
    """Where to look at the competency selection, and when HR can appoint the winners."""
    period = casn_period()
    opens = appointments_open_at(period) if period is not None else None
    if period is None or opens is None:
        return ""
    lines = [
        "",
        "Seleksi kompetensi CASN 2026: admin.bkpsdm atau auditor di /seleksi-kompetensi/periode/ "
        "(pengaturan, rubrik, penilaian, pemeringkatan); publik di "
        "/seleksi-kompetensi/pengumuman-hasil/, /transparansi/ dan "
        "/seleksi-kompetensi/verifikasi-pengumuman/ (unggah PDF pengumuman).",
        "Antrean asesor kosong: semua kasus sudah dinilai (asesor, asesor.2, asesor.3 melihat "
        "riwayat penilaiannya).",
    ]
    email = granted_applicant_email(period)
    if email:
        lines.append(f"Hasil akhir sebagai pelamar (sanggah dikabulkan, versi 2): {email}.")
    when = (
        f"setelah masa sanggah hasil akhir berakhir, {opens:%d-%m-%Y %H.%M} WIB."
        if now < opens
        else f"sekarang (masa sanggah hasil akhir berakhir {opens:%d-%m-%Y %H.%M} WIB)."
    )
    lines.append(f"Pengangkatan (Angkat) pemenang dapat dicoba admin.bkpsdm {when}")
    return "\n".join(lines)


def exam_to_try(*, now: dt.datetime) -> str:
    """When the demo applicant's exam starts, and whether a PIN can still be issued for it."""
    email = next(account.username for account in data.DEMO_ACCOUNTS if account.applicant)
    sitting = pelamar_sitting(email)
    if sitting is None:
        return ""
    starts = timezone.localtime(sitting.starts_at)
    closes = timezone.localtime(pin_closes_at(sitting))
    if now < closes:
        return (
            f"\nCoba ujian sebagai {email}: sesi {sitting.code} mulai {starts:%d-%m-%Y %H.%M} "
            f"WIB; pengawas dapat menerbitkan PIN sampai {closes:%H.%M} WIB (langkahnya di "
            "README, bagian demo)."
        )
    return (
        f"\nSesi ujian {sitting.code} untuk {email} dijadwalkan {starts:%d-%m-%Y %H.%M} WIB. "
        "Untuk mencobanya, masuk sebagai admin.bkpsdm dan majukan jadwal sesi itu beberapa "
        "menit dari sekarang (README, bagian demo)."
    )
