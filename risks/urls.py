from django.urls import path

from . import views

app_name = "risks"

urlpatterns = [
    path("plans/<uuid:plan>/risks/", views.page, name="page"),
    *views.risks.urls(),
    *views.contingency.urls(),
]
