from simerit.career.views import (
    credit,
    promotion,
    retirement,
    succession,
    talent,
)

app_name = "career"

# Each part keeps its own routes next to its views.
urlpatterns = [
    *promotion.urlpatterns,
    *credit.urlpatterns,
    *talent.urlpatterns,
    *succession.urlpatterns,
    *retirement.urlpatterns,
]
