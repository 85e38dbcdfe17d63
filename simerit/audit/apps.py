from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "simerit.audit"
    verbose_name = "Jejak audit"
