from django.urls import path

from . import pages, views

app_name = "monitoring"

urlpatterns = [
    path("plans/<uuid:plan>/monitoring/", views.page, name="page"),
    path("plans/<uuid:plan>/monitoring/dashboard/", pages.dashboard, name="dashboard"),
    path("plans/<uuid:plan>/monitoring/kpi/<int:pk>/", views.kpi_detail, name="kpi_detail"),
    path("plans/<uuid:plan>/monitoring/import/", pages.measurement_import, name="import"),
    path(
        "plans/<uuid:plan>/monitoring/import/template.csv",
        pages.import_template,
        name="import_template",
    ),
    path("lessons/", pages.lessons_search, name="lessons_search"),
    path("lessons/<int:pk>/copy/", pages.lesson_copy, name="lesson_copy"),
    *views.kpis.urls(),
    *views.measurements.urls(),
    *views.milestones.urls(),
    *views.findings.urls(),
    *views.lessons.urls(),
]
