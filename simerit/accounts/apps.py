from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "simerit.accounts"
    verbose_name = "Akun dan peran"
