"""The stakeholders section is a section of its own, with URLs of its own (``stakeholders:``)."""

from django.urls import path

from . import stakeholders_views as views

app_name = "stakeholders"

urlpatterns = [
    path("plans/<uuid:plan>/stakeholders/", views.page, name="page"),
    *views.stakeholders.urls(),
    *views.requirements.urls(),
]
