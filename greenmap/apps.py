from django.apps import AppConfig


class GreenmapConfig(AppConfig):
    name = "greenmap"
    verbose_name = "Green Bishkek site"
