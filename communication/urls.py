from plans.sections.page import section_urls

from . import views

app_name = "communication"

urlpatterns = section_urls(
    views.page,
    ("calendar/", views.calendar, "calendar"),
    ("entries/<int:pk>/done/", views.entry_done, "entry_done"),
    ("engagements/<int:pk>/task/", views.follow_up_task, "follow_up_task"),
)
