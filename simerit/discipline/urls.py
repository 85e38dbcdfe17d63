from simerit.discipline.views import (
    appeals,
    attendance,
    cases,
    decisions,
    procedure,
    sanctions,
)

app_name = "discipline"

# Each part keeps its own routes next to its views.
urlpatterns = [
    *cases.urlpatterns,
    *procedure.urlpatterns,
    *decisions.urlpatterns,
    *appeals.urlpatterns,
    *attendance.urlpatterns,
    *sanctions.urlpatterns,
]
