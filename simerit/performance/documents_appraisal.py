"""Documents of the appraisal: the evaluation document (dokumen evaluasi kinerja pegawai) as a PDF
and the training needs as a workbook.

The PDF is drawn from the stored appraisal each time it is asked for. It is deterministic
(ReportLab's invariant mode, and nothing of "now" printed): the same appraisal and keberatan give
the same bytes."""

from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet  # type: ignore[import-untyped]
from reportlab.lib.units import cm  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    Flowable,
    Paragraph,
    Spacer,
)

from simerit.core.dates import format_date_id, format_datetime_wib
from simerit.core.pdf import build_a4, escape_markup, facts_table, letterhead
from simerit.core.spreadsheets.writing import header_cells, safe_row, text_cell, workbook_bytes
from simerit.employees.models import Employee
from simerit.performance.models import Appraisal, Objection, Predikat, Rating, TrainingNeed
from simerit.performance.selectors.appraisal import evidence_rows, objection_deadline
from simerit.performance.selectors.credit import credit_for


def evaluation_filename(appraisal: Appraisal) -> str:
    skp = appraisal.skp
    return f"evaluasi-kinerja-{skp.year.year}-{skp.employee.nip}.pdf"


def _person(employee: Employee | None) -> str:
    if employee is None:
        return "—"
    return f"{employee.display_name} (NIP {employee.nip})"


def evaluation_pdf(
    appraisal: Appraisal, *, objection: Objection | None, show_evidence: bool
) -> bytes:
    """Header (employee, unit, position, pejabat penilai, atasan, period), the ratings, the
    predikat, the justification, the 360 evidence (only with `show_evidence`: the reader may see
    it, selectors.appraisal.may_see_stored_evidence) and the keberatan outcome if any."""
    skp = appraisal.skp
    year = skp.year
    styles = getSampleStyleSheet()
    cell = ParagraphStyle("cell", parent=styles["Normal"], fontSize=9, leading=11)
    header = [
        ("Pegawai yang dinilai", _person(skp.employee)),
        ("Jabatan", skp.position.name),
        ("Unit kerja", skp.work_unit.name),
        ("Pejabat penilai kinerja", _person(skp.evaluator)),
        ("Atasan pejabat penilai", _person(skp.evaluator_superior)),
        ("Periode penilaian", f"{format_date_id(year.starts_on)} – {format_date_id(year.ends_on)}"),
    ]
    rows, mean = evidence_rows(appraisal.evidence if show_evidence else {})
    evidence = [
        (row.label, f"{row.mean} ({row.answers} jawaban)" if row.mean else row.reason)
        for row in rows
    ]
    if mean:
        evidence.append(("Rata-rata masukan 360", mean))
    deadline = objection_deadline(appraisal)
    result = [
        ("Rating hasil kerja", Rating(appraisal.result_rating).label),
        ("Rating perilaku kerja", Rating(appraisal.behaviour_rating).label),
        ("Predikat kinerja", Predikat(appraisal.predikat).label),
        ("Justifikasi", appraisal.justification or "—"),
        ("Ditetapkan pada", format_datetime_wib(appraisal.decided_at)),
        ("Batas keberatan", format_date_id(deadline) if deadline else "—"),
    ]
    credit = credit_for(appraisal)
    if credit is not None:  # a jabatan fungsional (§5.8)
        result.append(("Angka kredit", credit.text))
    story: list[Flowable] = [
        *letterhead(
            title="Dokumen Evaluasi Kinerja Pegawai", subtitle=f"Penilaian kinerja {year.year}"
        ),
        Spacer(1, 0.3 * cm),
        facts_table(header, cell=cell),
        Spacer(1, 0.4 * cm),
        Paragraph("Hasil penilaian", styles["Heading4"]),
        facts_table(result, cell=cell),
    ]
    if evidence:
        story += [
            Spacer(1, 0.4 * cm),
            Paragraph("Masukan 360 (bukti pertimbangan, agregat per kelompok)", styles["Heading4"]),
            facts_table(evidence, cell=cell),
        ]
    if objection is not None:
        story += [
            Spacer(1, 0.4 * cm),
            Paragraph("Keberatan", styles["Heading4"]),
            facts_table(_objection_rows(objection), cell=cell),
        ]
    story.append(Spacer(1, 0.4 * cm))
    story.append(
        Paragraph(
            escape_markup(
                "Dokumen ini dicetak dari SiMerit berdasarkan data penilaian yang tersimpan "
                "(PermenPANRB 6/2022; keberatan menurut PP 30/2019 Pasal 59)."
            ),
            cell,
        )
    )
    return build_a4(
        story, title=f"Evaluasi kinerja {year.year} {skp.employee.display_name}", invariant=True
    )


def _objection_rows(objection: Objection) -> list[tuple[str, str]]:
    original = (
        f"{Rating(objection.original_result_rating).label} / "
        f"{Rating(objection.original_behaviour_rating).label} → "
        f"{Predikat(objection.original_predikat).label}"
    )
    rows = [
        ("Diajukan pada", format_datetime_wib(objection.filed_at)),
        ("Alasan", objection.reasons),
        ("Hasil semula (hasil kerja / perilaku)", original),
        ("Penjelasan pejabat penilai", objection.evaluator_statement or "—"),
        ("Penjelasan pegawai", objection.employee_statement or "—"),
        ("Keputusan atasan pejabat penilai", objection.get_status_display()),
    ]
    if objection.decided_at is not None:
        rows += [
            ("Pertimbangan", objection.decision_reason),
            ("Diputus pada", format_datetime_wib(objection.decided_at)),
        ]
    return rows


# --- Training needs workbook

TOTAL_HEADERS = ("Unit kerja", "Pegawai", "Dari predikat", "Dari panduan perilaku")
NEED_HEADERS = ("Unit kerja", "NIP", "Nama", "Sumber", "Panduan perilaku", "Nilai", "Rekomendasi")
NEED_WIDTHS = (36, 22, 32, 26, 12, 8, 80)


def training_needs_workbook(*, totals: list[dict[str, Any]], needs: list[TrainingNeed]) -> bytes:
    """Two sheets: totals per unit, then one row per need (names and unit names typed by users
    never become formulas)."""
    workbook = openpyxl.Workbook(write_only=True)
    per_unit = workbook.create_sheet("Per unit")
    per_unit.column_dimensions["A"].width = 40
    per_unit.append(header_cells(per_unit, TOTAL_HEADERS))
    for row in totals:
        per_unit.append(
            safe_row(
                per_unit,
                [row["skp__work_unit__name"], row["employees"], row["predikat"], row["indicator"]],
            )
        )
    per_need = workbook.create_sheet("Per pegawai")
    for index, width in enumerate(NEED_WIDTHS):
        per_need.column_dimensions[get_column_letter(index + 1)].width = width
    per_need.append(header_cells(per_need, NEED_HEADERS))
    for need in needs:
        skp = need.skp
        per_need.append(
            safe_row(
                per_need,
                [
                    skp.work_unit.name,
                    text_cell(per_need, skp.employee.nip, number_format="@"),
                    skp.employee.display_name,
                    need.get_source_display(),
                    need.indicator.code if need.indicator else "",
                    float(need.score) if need.score is not None else None,
                    need.recommendation,
                ],
            )
        )
    return workbook_bytes(workbook)
