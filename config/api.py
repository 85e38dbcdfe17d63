"""The JSON API at /api/v1/: authentication, the error shape, and one router per app."""

from django.http import HttpRequest
from ninja import NinjaAPI, Swagger
from ninja.security import HttpBearer

from simerit.accounts.models import User
from simerit.accounts.services import authenticate_api_token
from simerit.career.api import promotion as career_promotion_api
from simerit.career.api import talent as career_talent_api
from simerit.compensation.api import tpp as compensation_tpp_api
from simerit.core.api import BrowserSessionAuth, InvalidTokenError, install_error_handlers
from simerit.discipline.api import appeals as discipline_appeals_api
from simerit.discipline.api import attendance as discipline_attendance_api
from simerit.discipline.api import cases as discipline_cases_api
from simerit.employees import api as employees_api
from simerit.exams.api import analysis as exams_analysis_api
from simerit.exams.api import bank as exams_bank_api
from simerit.exams.api import blueprints as exams_blueprints_api
from simerit.exams.api import checkin as exams_checkin_api
from simerit.exams.api import practice as exams_practice_api
from simerit.exams.api import proctor as exams_proctor_api
from simerit.exams.api import results as exams_results_api
from simerit.exams.api import scoreboard as exams_scoreboard_api
from simerit.exams.api import sittings as exams_sittings_api
from simerit.exams.api import taking as exams_taking_api
from simerit.organization import api as organization_api
from simerit.performance.api import appraisal as performance_appraisal_api
from simerit.performance.api import bias as performance_bias_api
from simerit.performance.api import feedback360 as performance_feedback360_api
from simerit.performance.api import planning as performance_planning_api
from simerit.performance.api import realisation as performance_realisation_api
from simerit.recruitment.api import announcements as recruitment_announcements_api
from simerit.recruitment.api import applicant as recruitment_applicant_api
from simerit.recruitment.api import board as recruitment_board_api
from simerit.recruitment.api import conflicts as recruitment_conflicts_api
from simerit.recruitment.api import verification as recruitment_verification_api
from simerit.rewards.api import awards as rewards_awards_api
from simerit.selection.api import announcements as selection_announcements_api
from simerit.selection.api import appointments as selection_appointments_api
from simerit.selection.api import assessment as selection_assessment_api
from simerit.selection.api import integration as selection_integration_api
from simerit.selection.api import sanggah as selection_sanggah_api
from simerit.selection.api import setup as selection_setup_api
from simerit.selfservice.api import me as selfservice_me_api
from simerit.training.api import attendance as training_attendance_api
from simerit.training.api import catalogue as training_catalogue_api
from simerit.training.api import classes as training_classes_api
from simerit.training.api import completion as training_completion_api
from simerit.training.api import enrolment as training_enrolment_api
from simerit.training.api import evaluation as training_evaluation_api
from simerit.training.api import jp as training_jp_api
from simerit.training.api import needs as training_needs_api
from simerit.training.api import public as training_public_api
from simerit.training.api import records as training_records_api

DESCRIPTION = """API Sistem Informasi Merit ASN.

**Autentikasi**: token API pribadi (buat di menu *Token API*), dikirim sebagai
`Authorization: Bearer <token>`; atau sesi peramban (cookie login, ditambah header `X-CSRFToken`
untuk POST/PUT/PATCH/DELETE).

**Halaman**: setiap daftar memakai nomor halaman: parameter `page` (mulai 1) dan `page_size`
(1–100, bawaan 50); jawabannya `{"items": [...], "count": <jumlah semua>, "page": <nomor>,
"pages": <jumlah halaman>}`.

**Galat**: setiap jawaban 400/401/403/404/409/422 berbentuk
`{"detail": "<pesan>", "code": "<kode>", "errors": [{"field": "<kolom>", "message": "<pesan>"}]}`.
"""


class ApiTokenAuth(HttpBearer):
    """`Authorization: Bearer smr_...`: a personal API token. A wrong token is a 401, not a fallback."""

    def authenticate(self, request: HttpRequest, token: str) -> User:
        user = authenticate_api_token(token.strip())
        if user is None:
            raise InvalidTokenError
        return user


api = NinjaAPI(
    title="SiMerit API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=[ApiTokenAuth(), BrowserSessionAuth()],
    # The bundled Swagger UI (ninja's static files, "ninja" in INSTALLED_APPS): no CDN, and its
    # page loads only same-origin scripts, so the strict CSP needs no exception.
    docs=Swagger(settings={"persistAuthorization": False}),
)
install_error_handlers(api)
# The exam answer route first: ninja tries the routes in order, and this one is the hot path.
api.add_router("/exams/", exams_taking_api.router)
api.add_router("/employees/", employees_api.router)
api.add_router("/work-units/", organization_api.router)
api.add_router("/recruitment/", recruitment_board_api.router)
api.add_router("/recruitment/", recruitment_applicant_api.router)
api.add_router("/recruitment/", recruitment_verification_api.router)
api.add_router("/recruitment/", recruitment_conflicts_api.router)
api.add_router("/recruitment/", recruitment_announcements_api.router)
api.add_router("/exams/", exams_bank_api.router)
api.add_router("/exams/", exams_blueprints_api.router)
api.add_router("/exams/", exams_sittings_api.router)
api.add_router("/exams/", exams_checkin_api.router)
api.add_router("/exams/", exams_proctor_api.router)
api.add_router("/exams/", exams_scoreboard_api.router)
api.add_router("/exams/", exams_analysis_api.router)
api.add_router("/exams/", exams_results_api.router)
api.add_router("/exams/", exams_practice_api.router)
api.add_router("/selection/", selection_setup_api.router)
api.add_router("/selection/", selection_assessment_api.router)
api.add_router("/selection/", selection_integration_api.router)
api.add_router("/selection/", selection_announcements_api.router)
api.add_router("/selection/", selection_sanggah_api.router)
api.add_router("/selection/", selection_appointments_api.router)
api.add_router("/performance/", performance_planning_api.router)
api.add_router("/performance/", performance_realisation_api.router)
api.add_router("/performance/", performance_feedback360_api.router)
api.add_router("/performance/", performance_appraisal_api.router)
api.add_router("/performance/", performance_bias_api.router)
api.add_router("/training/", training_catalogue_api.router)
api.add_router("/training/", training_classes_api.router)
api.add_router("/training/", training_attendance_api.router)
api.add_router("/training/", training_completion_api.router)
api.add_router("/training/", training_enrolment_api.router)
api.add_router("/training/", training_records_api.router)
api.add_router("/training/", training_jp_api.router)
api.add_router("/training/", training_needs_api.router)
api.add_router("/training/", training_evaluation_api.router)
api.add_router("/training/", training_public_api.router)
api.add_router("/discipline/", discipline_cases_api.router)
api.add_router("/discipline/", discipline_appeals_api.router)
api.add_router("/discipline/", discipline_attendance_api.router)
api.add_router("/rewards/", rewards_awards_api.router)
api.add_router("/tpp/", compensation_tpp_api.router)
api.add_router("/career/", career_promotion_api.router)
api.add_router("/career/", career_talent_api.router)
api.add_router("/me/", selfservice_me_api.router)
