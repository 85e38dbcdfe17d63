from django.apps import AppConfig


class CompensationConfig(AppConfig):
    name = "simerit.compensation"
    verbose_name = "Tambahan penghasilan pegawai (TPP)"
