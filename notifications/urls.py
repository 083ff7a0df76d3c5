from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.inbox, name="inbox"),
    path("notifications/read/", views.inbox_read, name="inbox_read"),
    path("notifications/<int:pk>/", views.notification_open, name="notification_open"),
    path("notifications/settings/", views.preferences, name="preferences"),
]
