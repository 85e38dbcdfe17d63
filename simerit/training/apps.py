from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "simerit.training"
    verbose_name = "Pelatihan dan pengembangan kompetensi"
