from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("plans/<uuid:plan>/documents/", views.document_list, name="list"),
    path("plans/<uuid:plan>/documents/export/", views.document_export, name="export"),
    path("plans/<uuid:plan>/documents/<int:pk>/", views.document_detail, name="detail"),
    path("plans/<uuid:plan>/documents/<int:pk>/status/", views.document_status, name="status"),
    path("plans/<uuid:plan>/documents/<int:pk>/retry/", views.document_retry, name="retry"),
    path(
        "plans/<uuid:plan>/documents/<int:pk>/download/",
        views.document_download,
        name="download",
    ),
]
