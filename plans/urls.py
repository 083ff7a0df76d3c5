from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("plans/new/", views.plan_create, name="create"),
    path("plans/<uuid:plan>/", views.overview, name="overview"),
    path("plans/<uuid:plan>/edit/", views.plan_edit, name="edit"),
    path("plans/<uuid:plan>/status/", views.plan_transition, name="transition"),
    path("plans/<uuid:plan>/members/", views.members, name="members"),
    path("plans/<uuid:plan>/members/<int:pk>/role/", views.member_role, name="member_role"),
    path("plans/<uuid:plan>/members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path(
        "plans/<uuid:plan>/invitations/<int:pk>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("plans/<uuid:plan>/history/", views.history, name="history"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
