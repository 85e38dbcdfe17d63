from simerit.exams.views import (
    analysis,
    bank,
    blueprints,
    checkin,
    practice,
    proctor,
    results,
    scoreboard,
    sittings,
    taking,
)

app_name = "exams"

# Each part of the CAT keeps its own routes next to its views.
urlpatterns = [
    *bank.urlpatterns,
    *blueprints.urlpatterns,
    *sittings.urlpatterns,
    *checkin.urlpatterns,
    *taking.urlpatterns,
    *proctor.urlpatterns,
    *scoreboard.urlpatterns,
    *analysis.urlpatterns,
    *results.urlpatterns,
    *practice.urlpatterns,
]
