from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "simerit.portal"
    verbose_name = "Portal transparansi seleksi"
