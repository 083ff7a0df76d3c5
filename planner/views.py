"""Site-wide views that belong to no app."""

from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import render


def csrf_failure(request, reason=""):
    """A form refused by the CSRF check: the site's own 403 page, in the reader's language,
    saying what to do (Django's own page is bare and in English)."""
    context = {"no_cookie": reason == REASON_NO_CSRF_COOKIE}
    return render(request, "403_csrf.html", context, status=403)
