from django.apps import AppConfig


class ExamsConfig(AppConfig):
    name = "simerit.exams"
    verbose_name = "Ujian CAT"
