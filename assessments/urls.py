from django.urls import path

from . import downloads, views

app_name = "assessments"

urlpatterns = [
    path("plans/<uuid:plan>/assessments/", views.page, name="page"),
    path(
        "plans/<uuid:plan>/assessments/evidence/<int:pk>/download/",
        downloads.evidence_download,
        name="evidence_download",
    ),
    *[url for collection in views.COLLECTIONS for url in collection.urls()],
]
