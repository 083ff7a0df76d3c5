"""The project's URLs plus one view that fails, to see the 500 page as a visitor would."""

from django.urls import path

from planner.urls import urlpatterns as project


def fail(request):
    raise RuntimeError("a bug")


urlpatterns = [*project, path("fail/", fail)]
