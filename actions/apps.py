from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionsConfig(AppConfig):
    name = "actions"
    verbose_name = _("Action plan")

    def ready(self):
        from plans.sections import register

        from .section import section

        register(section)
