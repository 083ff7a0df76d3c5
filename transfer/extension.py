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
