from django.urls import path

from . import outside, views

app_name = "approvals"

P = "plans/<uuid:plan>/"

urlpatterns = [
    path(f"{P}approvals/", views.approvals, name="approvals"),
    path(f"{P}approvals/settings/", views.approval_rules, name="approval_rules"),
    path(f"{P}approvals/request/", views.review_request, name="review_request"),
    path(f"{P}approvals/decide/", views.decide, name="decide"),
    path(f"{P}approvals/changes/", views.section_changes, name="section_changes"),
    path(f"{P}review-links/new/", views.review_link_new, name="review_link_new"),
    path(f"{P}review-links/<int:pk>/revoke/", views.review_link_revoke, name="review_link_revoke"),
    path("review/<str:token>/", outside.outside, name="outside"),
]
