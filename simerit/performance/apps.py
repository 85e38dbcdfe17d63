from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "simerit.performance"
    verbose_name = "Manajemen kinerja"
