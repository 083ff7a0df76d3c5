from django.urls import path

from . import outside, views

app_name = "reviews"

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
    path(f"{P}approvals/", views.approvals, name="approvals"),
    path(f"{P}approvals/settings/", views.approval_rules, name="approval_rules"),
    path(f"{P}approvals/request/", views.review_request, name="review_request"),
    path(f"{P}approvals/decide/", views.decide, name="decide"),
    path(f"{P}approvals/changes/", views.section_changes, name="section_changes"),
    path(f"{P}review-links/new/", views.review_link_new, name="review_link_new"),
    path(f"{P}review-links/<int:pk>/revoke/", views.review_link_revoke, name="review_link_revoke"),
    path("review/<str:token>/", outside.outside, name="outside"),
    path(f"{P}versions/", views.versions, name="versions"),
    path(f"{P}versions/new/", views.version_new, name="version_new"),
    path(f"{P}versions/<int:pk>/", views.version_detail, name="version_detail"),
    path(f"{P}versions/compare/", views.compare, name="compare"),
    path(f"{P}activity/", views.activity, name="activity"),
    path(f"{P}presence/", views.section_presence, name="presence"),
    # An item's history and revert, for every section model (``label``: "objectives.goal").
    path(f"{P}history/<str:label>/", views.item_history_list, name="item_history_list"),
    path(f"{P}history/<str:label>/<int:pk>/", views.item_history, name="item_history"),
    path(
        f"{P}history/<str:label>/records/<int:pk>/revert/",
        views.item_revert,
        name="item_revert",
    ),
    path("notifications/", views.inbox, name="inbox"),
    path("notifications/read/", views.inbox_read, name="inbox_read"),
    path("notifications/<int:pk>/", views.notification_open, name="notification_open"),
    path("notifications/settings/", views.preferences, name="preferences"),
]
