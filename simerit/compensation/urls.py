from simerit.compensation.views import (
    runs,
    schemes,
)

app_name = "compensation"

# Each part keeps its own routes next to its views.
urlpatterns = [
    *schemes.urlpatterns,
    *runs.urlpatterns,
]
