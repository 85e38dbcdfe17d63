from django.apps import AppConfig


class SelectionConfig(AppConfig):
    name = "simerit.selection"
    verbose_name = "Seleksi kompetensi dan hasil akhir"
