from django.apps import AppConfig


class CareerConfig(AppConfig):
    name = "simerit.career"
    verbose_name = "Karier dan manajemen talenta"
