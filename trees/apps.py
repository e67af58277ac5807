from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TreesConfig(AppConfig):
    name = "trees"
    verbose_name = _("Tree inventory")
