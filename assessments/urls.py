from plans.sections.page import section_urls

from . import downloads, views

app_name = "assessments"

urlpatterns = section_urls(
    views.page,
    ("evidence/<int:pk>/download/", downloads.evidence_download, "evidence_download"),
)
