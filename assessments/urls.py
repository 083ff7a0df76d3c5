from django.urls import path

from . import views

app_name = "assessments"

urlpatterns = [
    path("plans/<uuid:plan>/assessments/", views.page, name="page"),
    path(
        "plans/<uuid:plan>/assessments/evidence/<int:pk>/download/",
        views.evidence_download,
        name="evidence_download",
    ),
    path("plans/<uuid:plan>/stakeholders/", views.stakeholders_page, name="stakeholders"),
    *[url for collection in views.ASSESSMENT_COLLECTIONS for url in collection.urls()],
    *views.stakeholders.urls(),
    *views.requirements.urls(),
]
