from django.urls import URLPattern, URLResolver, path

from simerit.bench import views

app_name = "bench"

urlpatterns: list[URLPattern | URLResolver] = [
    path("limit-get/", views.limit_get, name="limit-get"),
    path("limit-upsert/", views.limit_upsert, name="limit-upsert"),
]
