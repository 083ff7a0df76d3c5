from django.urls import path

from plans.sections.page import section_urls

from . import pages, views

app_name = "monitoring"

urlpatterns = [
    *section_urls(
        views.page,
        ("dashboard/", pages.dashboard, "dashboard"),
        ("kpi/<int:pk>/", views.kpi_detail, "kpi_detail"),
        ("import/", pages.measurement_import, "import"),
        ("import/template.csv", pages.import_template, "import_template"),
        lists=[views.measurements, views.milestones],  # on a KPI's page
    ),
    # The lessons of every plan the user is a member of.
    path("lessons/", pages.lessons_search, name="lessons_search"),
    path("lessons/<int:pk>/copy/", pages.lesson_copy, name="lesson_copy"),
]
