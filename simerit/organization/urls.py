from django.urls import URLPattern, URLResolver

app_name = "organization"

urlpatterns: list[URLPattern | URLResolver] = []
