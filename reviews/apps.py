from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Reviews")

    def ready(self):
        from plans.sections.extensions import extensions
        from plans.signals import plan_event

        from .extension import ReviewsExtension
        from .notifications import on_plan_event

        extensions.register(ReviewsExtension())
        plan_event.connect(on_plan_event, dispatch_uid="reviews.notifications")
