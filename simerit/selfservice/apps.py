from django.apps import AppConfig


class SelfserviceConfig(AppConfig):
    name = "simerit.selfservice"
    verbose_name = "Layanan mandiri pegawai"
