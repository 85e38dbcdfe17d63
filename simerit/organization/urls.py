from django.urls import path

from simerit.organization import views

app_name = "organization"

urlpatterns = [
    path("unit/", views.unit_list, name="unit-list"),
    path("unit/<int:pk>/", views.unit_detail, name="unit-detail"),
]
