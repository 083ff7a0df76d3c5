from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    name = "compliance"
    verbose_name = _("Legal & ethical compliance")

    def ready(self):
        from plans.sections import register

        from .section import section

        register(section)
