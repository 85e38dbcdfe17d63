from django.apps import AppConfig


class RewardsConfig(AppConfig):
    name = "simerit.rewards"
    verbose_name = "Penghargaan"
