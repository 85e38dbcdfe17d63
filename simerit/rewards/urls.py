from simerit.rewards.views import (
    awards,
    grants,
    nominations,
    satyalancana,
)

app_name = "rewards"

# Each part keeps its own routes next to its views.
urlpatterns = [
    *awards.urlpatterns,
    *nominations.urlpatterns,
    *satyalancana.urlpatterns,
    *grants.urlpatterns,
]
