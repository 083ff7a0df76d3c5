from django.urls import path

from . import views

app_name = "discussions"

P = "plans/<uuid:plan>/"

urlpatterns = [
    path(f"{P}discussions/", views.threads, name="threads"),
    path(f"{P}discussions/new/", views.thread_new, name="thread_new"),
    path(f"{P}discussions/<int:pk>/", views.thread, name="thread"),
    path(f"{P}discussions/<int:pk>/reply/", views.thread_reply, name="thread_reply"),
    path(f"{P}discussions/<int:pk>/resolve/", views.thread_resolve, name="thread_resolve"),
    path(f"{P}comments/<int:pk>/edit/", views.comment_edit, name="comment_edit"),
    path(f"{P}comments/<int:pk>/delete/", views.comment_delete, name="comment_delete"),
    path(f"{P}comments/<int:pk>/history/", views.comment_history, name="comment_history"),
    path(f"{P}mentions/", views.mention_suggest, name="mention_suggest"),
    path(f"{P}presence/", views.section_presence, name="presence"),
]
