"""The stakeholders section is a section of its own, with URLs of its own (``stakeholders:``)."""

from plans.sections.page import section_urls

from . import stakeholders_views as views

app_name = "stakeholders"

urlpatterns = section_urls(views.page)
