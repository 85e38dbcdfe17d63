from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "simerit.demo"
    verbose_name = "Data demo"
