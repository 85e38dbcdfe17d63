"""Competency-based selection and final results (issue #5).

Sub-modules by part: setup (configuration per period), rubrics, components (the SKB of a formasi),
candidates (the SKD cut), assessment (assessors and component results), results (integration runs
and the ranking), announcements (published versions, sanggah on results), appointments (winners
become employees). Django's registry and the migrations read them from here.
"""

from simerit.selection.models.announcements import (
    ResultAnnouncement,
    ResultAnnouncementEntry,
    ResultSanggah,
)
from simerit.selection.models.appointments import Appointment
from simerit.selection.models.assessment import (
    AssessorAssignment,
    ComponentResult,
    CriterionScore,
)
from simerit.selection.models.candidates import SkbCandidate
from simerit.selection.models.components import Aggregation, SkbComponent
from simerit.selection.models.results import FinalResult, IntegrationRun
from simerit.selection.models.rubrics import Method, Rubric, RubricAnchor, RubricCriterion
from simerit.selection.models.setup import SelectionSetup

__all__ = [
    "Aggregation",
    "Appointment",
    "AssessorAssignment",
    "ComponentResult",
    "CriterionScore",
    "FinalResult",
    "IntegrationRun",
    "Method",
    "ResultAnnouncement",
    "ResultAnnouncementEntry",
    "ResultSanggah",
    "Rubric",
    "RubricAnchor",
    "RubricCriterion",
    "SelectionSetup",
    "SkbCandidate",
    "SkbComponent",
]
