"""Project-wide request and response rules that no view should have to remember."""

from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from plans.inputs import has_nul


def _malformed(request):
    """The first place a NUL byte hides in the request's own values, or None.

    PostgreSQL refuses NUL in any text, so a NUL in a search, a filter or a form field would
    fail in the database (a 500) wherever the value goes; no page ever sends one.
    """
    for name, data in (("GET", request.GET), ("POST", request.POST)):
        for key, values in data.lists():
            if has_nul(key) or any(has_nul(v) for v in values):
                return name
    for uploaded in request.FILES.values():
        if has_nul(uploaded.name):
            return "FILES"
    for key, value in request.META.items():
        if key.startswith("HTTP_") and has_nul(value):
            return "headers"
    return None


class RejectMalformedInputMiddleware:
    """A request carrying a NUL byte is answered 400 before any view reads it.

    The check runs in ``process_view``, after the CSRF middleware has parsed the body (it reads
    ``request.POST`` for every POST), so it costs no second read of an upload.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if _malformed(request) is None:
            return None
        message = _("The request held a character that no form sends (a NUL byte).")
        # htmx swaps a 400 into the part of the page that asked: a message, not a whole page.
        template = "partials/bad_request.html" if getattr(request, "htmx", False) else "400.html"
        return render(request, template, {"message": message}, status=400)


class NoStoreWhenSignedInMiddleware:
    """Pages for a signed-in person are never kept by a browser or a proxy cache: after
    sign-out, the back button or a shared computer must not show a plan. Static files
    (served by WhiteNoise before this) and pages for anonymous visitors are left alone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
