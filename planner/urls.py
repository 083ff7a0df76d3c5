from django.contrib import admin
from django.urls import include, path

from .health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("", include("plans.urls")),
    path("", include("objectives.urls")),
    path("", include("assessments.urls")),
    path("", include("assessments.stakeholders_urls")),
    path("", include("strategy.urls")),
    path("", include("resources.urls")),
    path("", include("risks.urls")),
    path("", include("monitoring.urls")),
    path("", include("actions.urls")),
    path("", include("communication.urls")),
    path("", include("compliance.urls")),
    path("", include("discussions.urls")),
    path("", include("approvals.urls")),
    path("", include("history.urls")),
    path("", include("notifications.urls")),
    path("", include("documents.urls")),
    path("", include("transfer.urls")),
]
