from simerit.recruitment.views import (
    announcements,
    applicant,
    board,
    dashboard,
    formasi_admin,
    verification,
)

app_name = "recruitment"

# Each part of recruitment keeps its own routes next to its views.
urlpatterns = [
    *board.urlpatterns,
    *applicant.urlpatterns,
    *formasi_admin.urlpatterns,
    *verification.urlpatterns,
    *announcements.urlpatterns,
    *dashboard.urlpatterns,
]
