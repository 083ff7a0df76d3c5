from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """Everyone's inbox and e-mails. Other apps never call it: they send ``plans.signals
    .plan_event`` and it listens; reminders come from the sections' and extensions' dues."""

    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from plans.signals import plan_event

        from .services import on_plan_event

        plan_event.connect(on_plan_event, dispatch_uid="notifications.plan_event")
