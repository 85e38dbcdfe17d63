from django.urls import path

from simerit.employees import views

app_name = "employees"

urlpatterns = [
    path("", views.employee_list, name="list"),
    path("ekspor/", views.employee_export, name="export"),
    path("tambah/", views.employee_create, name="create"),
    path("impor/", views.employee_import, name="import"),
    path("impor/templat/", views.import_template, name="import-template"),
    path("profil-saya/", views.my_profile, name="my-profile"),
    path("tim-saya/", views.team, name="team"),
    path("<int:pk>/", views.employee_detail, name="detail"),
    path("<int:pk>/ubah/", views.employee_edit, name="edit"),
]
