from django.urls import path

from plans.sections.page import section_urls

from . import calendar_views, raci_views, views

app_name = "actions"

urlpatterns = [
    *section_urls(
        views.page,
        ("raci/", raci_views.raci, "raci"),
        ("raci/<int:pk>/", raci_views.raci_row, "raci_row"),
        ("calendar/", calendar_views.calendar, "calendar"),
        ("calendar/new/", calendar_views.calendar_renew, "calendar_renew"),
        ("calendar/revoke/", calendar_views.calendar_revoke, "calendar_revoke"),
    ),
    # The user's own feed and tasks, across plans.
    path("calendar/<str:token>.ics", calendar_views.calendar_feed, name="feed"),
    path("my-tasks/", calendar_views.my_tasks, name="my_tasks"),
]
