from django.urls import path

from . import views

app_name = "objectives"

urlpatterns = [
    path("plans/<uuid:plan>/objectives/", views.page, name="page"),
    views.scope.url("plans/<uuid:plan>/objectives/scope/"),
    *views.goals.urls(),
]
