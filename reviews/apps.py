from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Reviews")

    def ready(self):
        from plans import demo, inline, selectors, services, versions
        from plans.signals import plan_event

        from . import demo as reviews_demo
        from . import hooks
        from .notifications import on_plan_event

        services.transition_guards.append(hooks.approval_guard)
        versions.snapshot_providers["approvals"] = hooks.approvals_snapshot
        inline.change_reason_hooks.append(hooks.reason_required)
        inline.section_context_hooks.append(hooks.section_context)
        inline.collection_context_hooks.append(hooks.collection_context)
        selectors.section_annotators.append(hooks.section_badges)
        demo.demo_providers.append(reviews_demo.demo)
        plan_event.connect(on_plan_event, dispatch_uid="reviews.notifications")
