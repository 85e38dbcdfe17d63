"""The SKP document as a PDF (layout of the Lampiran PermenPANRB 6/2022, domain reference §5.2):
the header (pegawai yang dinilai, pejabat penilai kinerja, atasan pejabat penilai, periode), the
hasil kerja table (RHK pimpinan yang diintervensi, RHK, aspek, indikator, target, and perspektif for
JPT), the perilaku kerja table (the 7 BerAKHLAK values with their panduan perilaku and the
ekspektasi khusus pimpinan) and the signatures.

Deterministic (ReportLab's invariant mode, no clock read): the same SKP gives the same bytes."""

from collections.abc import Sequence
from decimal import Decimal

from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet  # type: ignore[import-untyped]
from reportlab.lib.units import cm  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    Flowable,
    Paragraph,
    Spacer,
    Table,
)

from simerit.core.dates import format_date_id, format_datetime_wib
from simerit.core.pdf import build_a4, escape_markup, grid_style, letterhead
from simerit.employees.models import Employee
from simerit.performance.models import Indicator, Skp, WorkResult
from simerit.performance.selectors import planning as selectors
from simerit.performance.services.planning_results import JPT_KINDS

# Landscape A4 with 1.5 cm margins leaves 26.7 cm.
RESULT_WIDTHS_CM = (1.0, 5.4, 5.4, 2.2, 7.6, 3.0)
PERSPECTIVE_WIDTH_CM = 2.1
BEHAVIOUR_WIDTHS_CM = (1.0, 15.2, 10.5)


def skp_filename(skp: Skp) -> str:
    return f"skp-{skp.year.year}-{skp.employee.nip}.pdf"


def format_number(value: Decimal) -> str:
    """1234567.50 -> "1.234.567,5"; 12.00 -> "12" (Indonesian separators, no trailing zeros)."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def _person_rows(employee: Employee | None, *, position: str, unit: str) -> list[str]:
    if employee is None:
        return ["—", "—", "—", "—", "—"]
    rank = str(employee.golongan) if employee.golongan else "—"
    return [employee.display_name, employee.nip, rank, position, unit]


def _header(skp: Skp, cell: ParagraphStyle, bold: ParagraphStyle) -> Table:
    evaluator, superior = skp.evaluator, skp.evaluator_superior
    columns = [
        _person_rows(skp.employee, position=skp.position.name, unit=skp.work_unit.name),
        _person_rows(evaluator, position=evaluator.position.name, unit=evaluator.work_unit.name),
        _person_rows(
            superior,
            position=superior.position.name if superior else "—",
            unit=superior.work_unit.name if superior else "—",
        ),
    ]
    labels = ["Nama", "NIP", "Pangkat/Gol.", "Jabatan", "Unit kerja"]
    titles = ["Pegawai yang dinilai", "Pejabat penilai kinerja", "Atasan pejabat penilai"]
    rows: list[list[Flowable | str]] = [
        [Paragraph("", bold), *(Paragraph(title, bold) for title in titles)]
    ]
    for index, label in enumerate(labels):
        rows.append(
            [
                Paragraph(label, bold),
                *(Paragraph(escape_markup(column[index]), cell) for column in columns),
            ]
        )
    table = Table(rows, colWidths=[3.0 * cm, 7.9 * cm, 7.9 * cm, 7.9 * cm], repeatRows=1)
    table.setStyle(grid_style(header=True, font_size=cell.fontSize))
    return table


def _results_table(
    skp: Skp, results: Sequence[WorkResult], cell: ParagraphStyle, bold: ParagraphStyle
) -> Table:
    jpt = skp.position.kind in JPT_KINDS
    heads = [
        "No.",
        "RHK pimpinan yang diintervensi",
        "Rencana hasil kerja",
        "Aspek",
        "Indikator kinerja individu",
        "Target",
    ]
    widths = list(RESULT_WIDTHS_CM)
    if jpt:
        heads.append("Perspektif")
        widths = [*widths[:4], widths[4] - PERSPECTIVE_WIDTH_CM, widths[5], PERSPECTIVE_WIDTH_CM]
    rows: list[list[Flowable | str]] = [[Paragraph(head, bold) for head in heads]]
    spans: list[tuple[str, tuple[int, int], tuple[int, int]]] = []
    for kind, label in WorkResult.Kind.choices:
        rows.append([Paragraph(f"Hasil kerja {label.lower()}", bold), *[""] * (len(heads) - 1)])
        spans.append(("SPAN", (0, len(rows) - 1), (-1, len(rows) - 1)))
        of_kind = [result for result in results if result.kind == kind]
        if not of_kind:
            rows.append([Paragraph("Tidak ada.", cell), *[""] * (len(heads) - 1)])
            spans.append(("SPAN", (0, len(rows) - 1), (-1, len(rows) - 1)))
        for result in of_kind:
            first = len(rows)
            indicators: list[Indicator | None] = [*result.indicators.all()] or [None]
            for position, indicator in enumerate(indicators):
                left: list[Flowable | str] = ["", "", ""]
                if position == 0:
                    parent = result.parent.text if result.parent else "—"
                    left = [
                        Paragraph(str(result.order), cell),
                        Paragraph(escape_markup(parent), cell),
                        Paragraph(escape_markup(result.text), cell),
                    ]
                if indicator is None:
                    right: list[Flowable | str] = [Paragraph("—", cell), Paragraph("—", cell), ""]
                else:
                    right = [
                        Paragraph(indicator.get_aspect_display(), cell),
                        Paragraph(escape_markup(indicator.text), cell),
                        Paragraph(
                            escape_markup(f"{format_number(indicator.target)} {indicator.unit}"),
                            cell,
                        ),
                    ]
                row = [*left, *right]
                if jpt:
                    row.append(
                        Paragraph(result.get_perspective_display() or "—", cell)
                        if position == 0
                        else ""
                    )
                rows.append(row)
            last = len(rows) - 1
            if last > first:
                for column in (0, 1, 2, *((len(heads) - 1,) if jpt else ())):
                    spans.append(("SPAN", (column, first), (column, last)))
    table = Table(rows, colWidths=[width * cm for width in widths], repeatRows=1)
    style = grid_style(header=True, font_size=cell.fontSize)
    for command in spans:
        style.add(*command)
    table.setStyle(style)
    return table


def _behaviour_table(skp: Skp, cell: ParagraphStyle, bold: ParagraphStyle) -> Table:
    rows: list[list[Flowable | str]] = [
        [
            Paragraph("No.", bold),
            Paragraph("Nilai dasar BerAKHLAK dan panduan perilaku", bold),
            Paragraph("Ekspektasi khusus pimpinan", bold),
        ]
    ]
    for row in selectors.behaviour_rows(skp):
        lines = [f"<b>{escape_markup(row.value.name)}</b>"] + [
            f"{escape_markup(indicator.code)}. {escape_markup(indicator.text)}"
            for indicator in row.indicators
        ]
        expectation = row.expectation.text if row.expectation else "—"
        rows.append(
            [
                Paragraph(row.value.code, cell),
                Paragraph("<br/>".join(lines), cell),
                Paragraph(escape_markup(expectation), cell),
            ]
        )
    table = Table(rows, colWidths=[width * cm for width in BEHAVIOUR_WIDTHS_CM], repeatRows=1)
    table.setStyle(grid_style(header=True, font_size=cell.fontSize))
    return table


def _signatures(skp: Skp, cell: ParagraphStyle) -> Table:
    approved = (
        f"Disetujui pada {format_datetime_wib(skp.approved_at)}"
        if skp.approved_at
        else f"Status: {skp.get_status_display()} (belum disetujui)"
    )
    evaluator, employee = skp.evaluator, skp.employee
    left = (
        f"Pegawai yang dinilai<br/><br/><br/><b>{escape_markup(employee.display_name)}</b>"
        f"<br/>NIP {employee.nip}"
    )
    right = (
        f"{approved}<br/>Pejabat penilai kinerja<br/><br/><b>{escape_markup(evaluator.display_name)}"
        f"</b><br/>NIP {evaluator.nip}"
    )
    table = Table([[Paragraph(left, cell), Paragraph(right, cell)]], colWidths=[13.3 * cm] * 2)
    return table


def skp_pdf(skp: Skp) -> bytes:
    """The SKP document of `skp` (any status: a draft prints as a draft)."""
    styles = getSampleStyleSheet()
    cell = ParagraphStyle("cell", parent=styles["Normal"], fontSize=8, leading=10)
    bold = ParagraphStyle("bold", parent=cell, fontName="Helvetica-Bold")
    heading = styles["Heading4"]
    year = skp.year
    period = f"{format_date_id(year.starts_on)} s.d. {format_date_id(year.ends_on)}"
    story: list[Flowable] = [
        *letterhead(title="Sasaran Kinerja Pegawai", subtitle=f"Periode penilaian: {period}"),
        Paragraph(
            escape_markup(
                f"Pendekatan: {skp.get_approach_display()} · Status: {skp.get_status_display()}"
            ),
            cell,
        ),
        Spacer(1, 0.3 * cm),
        _header(skp, cell, bold),
        Paragraph("Hasil kerja", heading),
        _results_table(skp, selectors.results_of(skp), cell, bold),
        Paragraph("Perilaku kerja", heading),
        _behaviour_table(skp, cell, bold),
        Spacer(1, 0.6 * cm),
        _signatures(skp, cell),
    ]
    return build_a4(
        story,
        title=f"SKP {year.year} {skp.employee.display_name}",
        landscape_pages=True,
        invariant=True,
        margin_cm=1.5,
    )
