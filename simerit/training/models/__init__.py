"""Training and competency development (PP 11/2017 Pasal 203–206; domain reference §6). Callers
import the models from here."""

from simerit.training.models.catalogue import (
    Competency,
    EmployeeCompetency,
    PositionCompetency,
    Programme,
)
from simerit.training.models.classes import Attendance, Enrolment, Meeting, TrainingClass
from simerit.training.models.config import (
    LEADERSHIP_KINDS,
    LeadershipRule,
    ProgrammeKind,
    TrainingYear,
)
from simerit.training.models.public import (
    InformationSession,
    ReadingMaterial,
    SessionRegistration,
)
from simerit.training.models.records import (
    Certificate,
    ExternalTraining,
    JpReminder,
    SurveyResponse,
    SurveySubmission,
)

__all__ = [
    "LEADERSHIP_KINDS",
    "Attendance",
    "Certificate",
    "Competency",
    "EmployeeCompetency",
    "Enrolment",
    "ExternalTraining",
    "InformationSession",
    "JpReminder",
    "LeadershipRule",
    "Meeting",
    "PositionCompetency",
    "Programme",
    "ProgrammeKind",
    "ReadingMaterial",
    "SessionRegistration",
    "SurveyResponse",
    "SurveySubmission",
    "TrainingClass",
    "TrainingYear",
]
