from django.urls import URLPattern, URLResolver

app_name = "bench"

urlpatterns: list[URLPattern | URLResolver] = []
