from django.urls import URLPattern, URLResolver

app_name = "employees"

urlpatterns: list[URLPattern | URLResolver] = []
