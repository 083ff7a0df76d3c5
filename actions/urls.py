from django.urls import path

from . import views

app_name = "actions"

urlpatterns = [
    path("plans/<uuid:plan>/actions/", views.page, name="page"),
    path("plans/<uuid:plan>/actions/raci/", views.raci, name="raci"),
    path("plans/<uuid:plan>/actions/raci/<int:pk>/", views.raci_row, name="raci_row"),
    path("plans/<uuid:plan>/actions/calendar/", views.calendar, name="calendar"),
    path("plans/<uuid:plan>/actions/calendar/new/", views.calendar_renew, name="calendar_renew"),
    path(
        "plans/<uuid:plan>/actions/calendar/revoke/",
        views.calendar_revoke,
        name="calendar_revoke",
    ),
    path("calendar/<str:token>.ics", views.calendar_feed, name="feed"),
    path("my-tasks/", views.my_tasks, name="my_tasks"),
    *views.tasks.urls(),
    *views.milestones.urls(),
]
