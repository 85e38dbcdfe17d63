from simerit.selfservice.views import (
    profile,
)

app_name = "selfservice"

# Each part keeps its own routes next to its views.
urlpatterns = [
    *profile.urlpatterns,
]
