from django.urls import path

from . import views

app_name = "objectives"

urlpatterns = [
    path("plans/<uuid:plan>/objectives/", views.page, name="page"),
    path("plans/<uuid:plan>/objectives/scope/", views.scope_edit, name="scope_edit"),
    *views.goals.urls(),
]
