from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunicationConfig(AppConfig):
    name = "communication"
    verbose_name = _("Communication & engagement")

    def ready(self):
        from plans.sections import register

        from .section import section

        register(section)
