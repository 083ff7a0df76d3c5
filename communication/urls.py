from django.urls import path

from . import views

app_name = "communication"

urlpatterns = [
    path("plans/<uuid:plan>/communication/", views.page, name="page"),
    path("plans/<uuid:plan>/communication/calendar/", views.calendar, name="calendar"),
    path(
        "plans/<uuid:plan>/communication/entries/<int:pk>/done/",
        views.entry_done,
        name="entry_done",
    ),
    path(
        "plans/<uuid:plan>/communication/engagements/<int:pk>/task/",
        views.follow_up_task,
        name="follow_up_task",
    ),
    *views.entries.urls(),
    *views.engagements.urls(),
]
