from django.urls import path

from . import views

app_name = "transfer"

urlpatterns = [
    path("plans/import/", views.import_file, name="import"),
    path("plans/templates/", views.templates, name="templates"),
    path("plans/<uuid:plan>/plan-file/", views.plan_file, name="plan_file"),
    path("plans/<uuid:plan>/workbook/", views.workbook, name="workbook"),
    path(
        "plans/<uuid:plan>/versions/<int:pk>/plan-file/",
        views.version_file,
        name="version_file",
    ),
    path("plans/<uuid:plan>/import/", views.merge, name="merge"),
    path("plans/<uuid:plan>/clone/", views.clone, name="clone"),
    path("plans/<uuid:plan>/next-cycle/", views.next_cycle, name="next_cycle"),
    path("plans/<uuid:plan>/cycle/", views.cycle, name="cycle"),
    path("plans/<uuid:plan>/cycle/reviewed/", views.item_reviewed, name="item_reviewed"),
    path(
        "plans/<uuid:plan>/versions/<int:pk>/clone/",
        views.clone_version,
        name="clone_version",
    ),
    path("transfers/<int:pk>/", views.job_detail, name="job"),
    path("transfers/<int:pk>/status/", views.job_status, name="job_status"),
    path("transfers/<int:pk>/download/", views.job_download, name="job_download"),
]
