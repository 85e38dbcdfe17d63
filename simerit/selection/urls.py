from simerit.selection.views import (
    announcements,
    appointments,
    assessment,
    integration,
    sanggah,
    setup,
)

app_name = "selection"

# Each part of the selection keeps its own routes next to its views.
urlpatterns = [
    *setup.urlpatterns,
    *assessment.urlpatterns,
    *integration.urlpatterns,
    *announcements.urlpatterns,
    *sanggah.urlpatterns,
    *appointments.urlpatterns,
]
