from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApprovalsConfig(AppConfig):
    name = "approvals"
    verbose_name = _("Approvals")

    def ready(self):
        from history import feed as activity_feed
        from plans.sections.extensions import extensions

        from . import feed
        from .extension import ApprovalsExtension

        extensions.register(ApprovalsExtension())
        activity_feed.register(feed.DECISIONS)
