from django.contrib import admin
from django.urls import include, path

from config.api import api
from simerit.core.views import healthz

admin.site.site_header = "SiMerit — Administrasi data referensi"
admin.site.site_title = "SiMerit"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("", include("simerit.dashboard.urls")),
    path("akun/", include("simerit.accounts.urls")),
    path("pegawai/", include("simerit.employees.urls")),
    path("organisasi/", include("simerit.organization.urls")),
    path("seleksi/", include("simerit.recruitment.urls")),
    path("ujian/", include("simerit.exams.urls")),
    path("seleksi-kompetensi/", include("simerit.selection.urls")),
    path("kinerja/", include("simerit.performance.urls")),
    path("pelatihan/", include("simerit.training.urls")),
    path("persiapan-seleksi/", include("simerit.training.urls_public")),
    path("disiplin/", include("simerit.discipline.urls")),
    path("penghargaan/", include("simerit.rewards.urls")),
    path("tpp/", include("simerit.compensation.urls")),
    path("karier/", include("simerit.career.urls")),
    path("saya/", include("simerit.selfservice.urls")),
    path("transparansi/", include("simerit.portal.urls")),
    path("notifikasi/", include("simerit.notifications.urls")),
    path("audit/", include("simerit.audit.urls")),
    path("bench/", include("simerit.bench.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
