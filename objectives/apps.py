from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObjectivesConfig(AppConfig):
    name = "objectives"
    verbose_name = _("Objectives & scope")

    def ready(self):
        from plans.sections import register

        from .section import section

        register(section)
