from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "simerit.recruitment"
    verbose_name = "Rekrutmen"
