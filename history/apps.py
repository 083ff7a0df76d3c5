from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HistoryConfig(AppConfig):
    """Versions, the activity feed, and each item's history and revert (no models of its own:
    it reads simple-history's tables and ``plans.PlanVersion``)."""

    name = "history"
    verbose_name = _("History")

    def ready(self):
        from plans.sections.extensions import extensions

        from .extension import HistoryExtension

        extensions.register(HistoryExtension())
