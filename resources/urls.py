from django.urls import path

from . import views

app_name = "resources"

urlpatterns = [
    path("plans/<uuid:plan>/resources/", views.page, name="page"),
    path("plans/<uuid:plan>/resources/allocation/", views.allocation, name="allocation"),
    views.settings.url("plans/<uuid:plan>/resources/settings/"),
    *views.members.urls(),
    *views.budget.urls(),
    *views.allocations.urls(),
]
