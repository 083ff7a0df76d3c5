from django.urls import path

from . import views

app_name = "resources"

urlpatterns = [
    path("plans/<uuid:plan>/resources/", views.page, name="page"),
    path("plans/<uuid:plan>/resources/allocation/", views.allocation, name="allocation"),
    path("plans/<uuid:plan>/resources/settings/", views.settings_edit, name="settings_edit"),
    *views.members.urls(),
    *views.budget.urls(),
    *views.allocations.urls(),
]
