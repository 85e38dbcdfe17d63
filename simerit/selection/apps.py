from django.apps import AppConfig

from simerit.audit.integrity import register


class SelectionConfig(AppConfig):
    name = "simerit.selection"
    verbose_name = "Seleksi kompetensi dan hasil akhir"

    def ready(self) -> None:
        # The audit app sits below this one, so the check is handed to it here; the module reads
        # models, which exist only once the registry is ready.
        from simerit.selection.integrity import CHECK_NAME, check_announcements

        register(CHECK_NAME, check_announcements)
