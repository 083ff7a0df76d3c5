from plans.models import PlanVersion

from .models import PlanDocument


def documents_for_plan(plan):
    return (
        PlanDocument.objects.filter(plan=plan)
        .select_related("version", "requested_by")
        .order_by("-requested_at", "-id")
    )


def versions_for_export(plan):
    return PlanVersion.objects.filter(plan=plan).only("id", "number", "label", "created_at")
