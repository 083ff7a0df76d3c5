from plans.sections.extensions import PlanExtension


class TransferExtension(PlanExtension):
    name = "transfer"

    def version_published(self, version):
        """Keep the plan file of the version, as the plan stands when it is published."""
        from .models import VersionFile
        from .plan_file import plan_export

        data = plan_export(version.plan)
        data["source"]["version"] = version.number
        VersionFile.objects.create(version=version, data=data)

    def collection_context(self, request, access, collection, items):
        """In a next cycle, each drawn row's mark against the previous cycle (a badge)."""
        from .cycles import MARKS, compare

        comparison = compare(access.plan, collection.model, pks=[item.pk for item in items])
        if comparison is None:
            return {}
        return {
            "cycle_marks": comparison.marks,
            "cycle_to_review": comparison.to_review,
            "cycle_labels": MARKS,
            "row_badges": ["transfer/partials/cycle_mark.html"],
        }

    def list_filters(self):
        from .cycles import CycleFilter

        return (CycleFilter(),)

    def section_badges(self, plan, summaries):
        """In a next cycle, how many items of each section are new, modified and removed."""
        from .cycles import counts, cycle_of

        if cycle_of(plan) is None:
            return
        for summary in summaries:
            summary["cycle"] = counts(plan, summary["section"].models)
