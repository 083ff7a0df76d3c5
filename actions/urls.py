from django.urls import path

from . import calendar_views, raci_views, views

app_name = "actions"

urlpatterns = [
    path("plans/<uuid:plan>/actions/", views.page, name="page"),
    path("plans/<uuid:plan>/actions/raci/", raci_views.raci, name="raci"),
    path("plans/<uuid:plan>/actions/raci/<int:pk>/", raci_views.raci_row, name="raci_row"),
    path("plans/<uuid:plan>/actions/calendar/", calendar_views.calendar, name="calendar"),
    path(
        "plans/<uuid:plan>/actions/calendar/new/",
        calendar_views.calendar_renew,
        name="calendar_renew",
    ),
    path(
        "plans/<uuid:plan>/actions/calendar/revoke/",
        calendar_views.calendar_revoke,
        name="calendar_revoke",
    ),
    path("calendar/<str:token>.ics", calendar_views.calendar_feed, name="feed"),
    path("my-tasks/", calendar_views.my_tasks, name="my_tasks"),
    *views.tasks.urls(),
    *views.milestones.urls(),
]
