from django.apps import AppConfig


class EmployeesConfig(AppConfig):
    name = "simerit.employees"
    verbose_name = "Kepegawaian"
