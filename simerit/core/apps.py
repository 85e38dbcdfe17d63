from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "simerit.core"
    verbose_name = "Inti"
