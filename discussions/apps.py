from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscussionsConfig(AppConfig):
    name = "discussions"
    verbose_name = _("Discussions")

    def ready(self):
        from history import feed as activity_feed
        from plans.sections.extensions import extensions

        from . import feed
        from .extension import DiscussionsExtension

        extensions.register(DiscussionsExtension())
        activity_feed.register(feed.COMMENTS)
