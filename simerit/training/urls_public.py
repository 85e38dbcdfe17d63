"""The public preparation pages (/persiapan-seleksi/): no login needed."""

from simerit.training.views import public

app_name = "preparation"

urlpatterns = [*public.urlpatterns]
