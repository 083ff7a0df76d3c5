from django.urls import path

from . import views

app_name = "history"

P = "plans/<uuid:plan>/"

urlpatterns = [
    path(f"{P}versions/", views.versions, name="versions"),
    path(f"{P}versions/new/", views.version_new, name="version_new"),
    path(f"{P}versions/<int:pk>/", views.version_detail, name="version_detail"),
    path(f"{P}versions/compare/", views.compare, name="compare"),
    path(f"{P}activity/", views.activity, name="activity"),
    # An item's history and revert, for every section model (``label``: "objectives.goal"),
    # the model resolved through the section registry.
    path(f"{P}history/<str:label>/", views.item_history_list, name="item_history_list"),
    path(f"{P}history/<str:label>/<int:pk>/", views.item_history, name="item_history"),
    path(
        f"{P}history/<str:label>/records/<int:pk>/revert/",
        views.item_revert,
        name="item_revert",
    ),
]
