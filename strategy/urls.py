from django.urls import path

from . import views

app_name = "strategy"

urlpatterns = [
    path("plans/<uuid:plan>/strategy/", views.page, name="page"),
    *[url for collection in views.COLLECTIONS for url in collection.urls()],
]
