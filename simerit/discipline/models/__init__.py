from simerit.discipline.models.attendance import AttendanceImport, MonthlyAttendance
from simerit.discipline.models.cases import (
    Appeal,
    DisciplineCase,
    Examination,
    Level,
    Sanction,
    SanctionQuerySet,
    SanctionType,
    Summons,
    TeamMember,
)
from simerit.discipline.models.config import DisciplineArticle, DisciplineSettings, Holiday

__all__ = [
    "Appeal",
    "AttendanceImport",
    "DisciplineArticle",
    "DisciplineCase",
    "DisciplineSettings",
    "Examination",
    "Holiday",
    "Level",
    "MonthlyAttendance",
    "Sanction",
    "SanctionQuerySet",
    "SanctionType",
    "Summons",
    "TeamMember",
]
