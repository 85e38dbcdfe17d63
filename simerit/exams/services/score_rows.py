"""Checking the rows of a BKN score file (services/score_files.py read them): each row's
registration number (an MS application of the blueprint's period, once in the file, without a
result from CAT SiMerit or another blueprint), its scores (whole numbers within each section's
maximum, a matching total) or its absent mark. Every problem is kept for the row report; nothing
is written here (services/score_import.py writes).

Messages quote at most `spreadsheets.text.MAX_QUOTED` characters of what was typed.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from simerit.core.spreadsheets.cells import identifier_text, is_blank
from simerit.core.spreadsheets.rows import RowError, RowReader
from simerit.core.spreadsheets.text import excerpt
from simerit.exams.models import Blueprint, BlueprintSection, ExamKind, ExamResult
from simerit.exams.services import score_files
from simerit.exams.services.blueprint_sections import KIND_NAMES, section_maximum
from simerit.exams.services.score_files import NUMBER_COLUMN, TOTAL_COLUMN, ScoreFile
from simerit.recruitment.models import Application


@dataclass
class Planned:
    row: int
    number: str
    application: Application | None
    scores: dict[str, int]
    total: int
    errors: list[RowError]
    existing: ExamResult | None = None  # this blueprint's earlier result: a re-import
    absent: bool = False


@dataclass
class _Lookup:
    applications: dict[str, Application]
    results: dict[int, ExamResult]

    @classmethod
    def load(cls, blueprint: Blueprint, numbers: set[str]) -> "_Lookup":
        applications = {
            app.registration_number: app
            for app in Application.objects.filter(
                period_id=blueprint.period_id, registration_number__in=numbers
            ).select_related("formasi")
        }
        results = {
            result.application_id: result
            for result in ExamResult.objects.filter(
                application__in=list(applications.values()), kind=blueprint.kind
            ).select_related("blueprint")
        }
        return cls(applications=applications, results=results)


class _RowReader(RowReader):
    def absent(self, sections: Sequence[BlueprintSection], *, has_total: bool) -> bool:
        """Whether the row is marked absent; a marked row with a score is a problem."""
        columns = [section.category.code.casefold() for section in sections]
        if not any(score_files.is_absent_mark(self.cells.get(column)) for column in columns):
            return False
        for column in [*columns, TOTAL_COLUMN] if has_total else columns:
            value = self.cells.get(column)
            if not (is_blank(value) or score_files.is_absent_mark(value)):
                self.error(
                    column,
                    "Baris bertanda tidak hadir (TH) tidak boleh berisi nilai; kosongkan nilai "
                    "atau hapus tanda TH.",
                )
        return True

    def scores(self, sections: Sequence[BlueprintSection]) -> dict[str, int]:
        scores: dict[str, int] = {}
        for section in sections:
            code = section.category.code
            column = code.casefold()
            value = self.integer(column, required=True)
            maximum = section_maximum(section)
            if value is not None and not 0 <= value <= maximum:
                self.error(column, f"Nilai {code} harus 0 sampai {maximum}.")
            elif value is not None:
                scores[code] = value
        return scores


def check_rows(
    blueprint: Blueprint, score_file: ScoreFile, sections: Sequence[BlueprintSection]
) -> list[Planned]:
    columns = [NUMBER_COLUMN, *(s.category.code.casefold() for s in sections), TOTAL_COLUMN]
    numbers = {identifier_text(cells.get(NUMBER_COLUMN)) for _, cells in score_file.rows}
    lookup = _Lookup.load(blueprint, numbers - {""})
    first_row: dict[str, int] = {}
    planned = []
    for row_number, cells in score_file.rows:
        row = _RowReader(cells, columns=columns)
        number = row.identifier(NUMBER_COLUMN)
        application = _check_number(row, number, blueprint, lookup, first_row)
        first_row.setdefault(number, row_number)
        existing = lookup.results.get(application.pk) if application else None
        plan = Planned(row_number, excerpt(number), application, {}, 0, [], existing)
        if row.absent(sections, has_total=score_file.has_total):
            plan.absent = True
            if existing is not None:
                row.error(
                    NUMBER_COLUMN,
                    f"Lamaran {plan.number} sudah memiliki nilai dari impor sebelumnya; tanda "
                    "tidak hadir tidak dapat menggantikannya.",
                )
        else:
            plan.scores = row.scores(sections)
            plan.total = sum(plan.scores.values())
            _check_total(row, plan, len(sections), has_total=score_file.has_total)
        plan.errors = row.errors_at(row_number)
        planned.append(plan)
    return planned


def _check_total(row: _RowReader, plan: Planned, sections: int, *, has_total: bool) -> None:
    given = row.integer(TOTAL_COLUMN) if has_total else None
    if given is not None and len(plan.scores) == sections and given != plan.total:
        row.error(
            TOTAL_COLUMN,
            f"Total {given} tidak sama dengan jumlah nilai subtes ({plan.total}).",
        )


def _check_number(
    row: _RowReader,
    typed: str,
    blueprint: Blueprint,
    lookup: _Lookup,
    first_row: dict[str, int],
) -> Application | None:
    column, number = NUMBER_COLUMN, excerpt(typed)
    if column in row.failed:
        return None
    if not typed:
        row.error(column, "Nomor peserta wajib diisi.")
        return None
    if typed in first_row:
        row.error(column, f"Nomor {number} sudah ada di baris {first_row[typed]}.")
        return None
    application = lookup.applications.get(typed)
    if application is None:
        period = blueprint.period.name if blueprint.period else "-"
        row.error(column, f"Nomor {number} tidak terdaftar pada periode {period}.")
        return None
    if application.status != Application.Status.MS:
        row.error(
            column,
            f"Lamaran {number} berstatus {application.get_status_display()}; hanya pelamar yang "
            "memenuhi syarat (MS) yang dapat diberi nilai.",
        )
        return None
    existing = lookup.results.get(application.pk)
    kind = KIND_NAMES[ExamKind(blueprint.kind)]
    if existing is not None and existing.source == ExamResult.Source.SIMERIT:
        row.error(
            column,
            f"Lamaran {number} sudah memiliki hasil {kind} dari CAT SiMerit; nilai BKN tidak "
            "dapat menggantikannya.",
        )
        return None
    if existing is not None and existing.blueprint_id != blueprint.pk:
        row.error(
            column,
            f"Lamaran {number} sudah memiliki hasil {kind} dari kisi-kisi lain "
            f"({existing.blueprint.name}).",
        )
        return None
    return application
