from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Needs assessment")

    def ready(self):
        from plans.sections import register

        from .section import assessments_section, stakeholders_section

        register(assessments_section)
        register(stakeholders_section)
