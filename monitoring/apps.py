from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("Monitoring & evaluation")

    def ready(self):
        from plans.sections import register

        from .section import section

        register(section)
