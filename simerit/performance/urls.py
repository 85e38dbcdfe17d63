from simerit.performance.views import appraisal, bias, feedback360, planning, realisation

app_name = "performance"

# Each part keeps its own routes next to its views.
urlpatterns = [
    *planning.urlpatterns,
    *realisation.urlpatterns,
    *feedback360.urlpatterns,
    *appraisal.urlpatterns,
    *bias.urlpatterns,
]
