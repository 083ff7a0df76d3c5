from django.urls import path

from . import views

app_name = "compliance"

urlpatterns = [
    path("plans/<uuid:plan>/compliance/", views.page, name="page"),
    path("plans/<uuid:plan>/compliance/starters/", views.starters, name="starters"),
    *views.requirements.urls(),
    *views.data_records.urls(),
    *views.consents.urls(),
    *views.issues.urls(),
]
