from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RisksConfig(AppConfig):
    name = "risks"
    verbose_name = _("Risks & contingency")

    def ready(self):
        from plans.sections import register

        from .section import section

        register(section)
