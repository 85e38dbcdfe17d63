from simerit.training.views import (
    attendance,
    catalogue,
    certificates,
    classes,
    enrolment,
    evaluation,
    external,
    jp,
    needs,
    public_admin,
)

app_name = "training"

# Each part keeps its own routes next to its views.
urlpatterns = [
    *catalogue.urlpatterns,
    *classes.urlpatterns,
    *attendance.urlpatterns,
    *enrolment.urlpatterns,
    *certificates.urlpatterns,
    *external.urlpatterns,
    *jp.urlpatterns,
    *needs.urlpatterns,
    *evaluation.urlpatterns,
    *public_admin.urlpatterns,
]
