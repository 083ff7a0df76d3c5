"""Where a plan page was asked about and where to go back to, read once for every app."""

from django.http import Http404
from django.shortcuts import redirect

from .inputs import local_url
from .sections import registry


def section_key(request):
    """The ``section`` the request names (GET or POST): a registered key, "" when none, 404
    for any other value."""
    key = request.GET.get("section") or request.POST.get("section") or ""
    if key and key not in registry:
        raise Http404
    return key


def safe_next(request):
    """The page to go back to (``next``), when it is a path of this site's (never another
    site, never a bare word that ``redirect`` would take for a URL name)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    return local_url(target, host=request.get_host())


def back(request, fallback):
    return redirect(safe_next(request) or fallback)
