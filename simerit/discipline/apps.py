from django.apps import AppConfig


class DisciplineConfig(AppConfig):
    name = "simerit.discipline"
    verbose_name = "Disiplin pegawai (PP 94/2021)"
