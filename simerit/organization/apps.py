from django.apps import AppConfig


class OrganizationConfig(AppConfig):
    name = "simerit.organization"
    verbose_name = "Organisasi"
