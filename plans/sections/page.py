"""A section's page, declared: its lists, its singletons, its template and any extra context.

    page = section_page(
        "objectives", "objectives/page.html",
        collections=[goals], singletons=[scope],
        extra=lambda request, access, context: {...},  # optional: charts, choices
    )

When htmx asks for one list (its ``HX-Target`` is the list's id: a filter form, "Show all", a
live refresh), only that list is built and returned, before anything else on the page is
queried. Otherwise the page gets the context every section shares (the section, its guidance
and completeness, the extensions' panels), each list as ``<name>`` and each singleton as
``<name>`` (its context) plus what ``extra`` returns.

A section's ``urls.py`` is then one call: the page, its lists' and singletons' URLs, and the
section's other pages, each ``(route, view, name)`` below the page's own path::

    app_name = "compliance"
    urlpatterns = section_urls(views.page, ("starters/", views.starters, "starters"))
"""

from django.shortcuts import render
from django.urls import path

from ..permissions import Capability, plan_view
from .extensions import extensions
from .registry import registry


def collection_for_target(request, collections):
    """The list an htmx request targets, or None."""
    if not request.htmx:
        return None
    target = request.htmx.target
    return next((c for c in collections if c.dom_id == target), None)


def section_context(request, access, section_key, collections=(), singletons=()):
    """The context every section page shares: the section, its guidance and completeness."""
    section = registry.get(section_key)
    context = {
        "plan": access.plan,
        "access": access,
        "section": section,
        "nav_active": section_key,
        "completeness": section.completeness(access.plan),
        "can_edit": access.can(Capability.EDIT),
    }
    for collection in collections:
        context[collection.name] = collection.context(request, access)
    for singleton in singletons:
        context[singleton.name] = singleton.context(access)
    # The review panel, presence and anything else the extensions show on every section.
    context.update(extensions.section_context(request, access, section))
    return context


def section_page(section_key, template, *, collections=(), singletons=(), extra=None):
    """The plan-scoped view of a section's page."""
    collections = tuple(collections)

    @plan_view(Capability.VIEW)
    def page(request, access):
        wanted = collection_for_target(request, collections)
        if wanted is not None:
            return wanted.render_collection(request, access)
        context = section_context(request, access, section_key, collections, singletons)
        if extra is not None:
            context.update(extra(request, access, context))
        return render(request, template, context)

    page.__name__ = f"{section_key}_page"
    page.section_key = section_key
    page.collections = collections
    page.singletons = tuple(singletons)
    return page


def section_urls(page, *routes, lists=()):
    """A section's URL patterns: its page at ``plans/<uuid:plan>/<key>/`` (named "page"),
    ``routes`` below it (``(route, view, name)``), its singletons' and lists' URLs, and those
    of ``lists`` that another page of the section shows (a KPI's measurements)."""
    prefix = f"plans/<uuid:plan>/{page.section_key}/"
    patterns = [path(prefix, page, name="page")]
    patterns += [path(prefix + route, view, name=name) for route, view, name in routes]
    patterns += [singleton.url() for singleton in page.singletons]
    for collection in (*page.collections, *lists):
        patterns += collection.urls()
    registry.declare_editors((*page.collections, *lists, *page.singletons))
    return patterns
