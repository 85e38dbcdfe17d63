from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "simerit.notifications"
    verbose_name = "Notifikasi"
