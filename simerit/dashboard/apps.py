from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "simerit.dashboard"
    verbose_name = "Beranda"
