from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "simerit.bench"
    verbose_name = "Tolok ukur"
