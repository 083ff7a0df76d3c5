"""An editable list of a section's items, edited in place with htmx: add, edit, delete, reorder.

A phase app declares each list once; the declaration gives its URLs, views, templates and the
calls to the item services, so every list behaves the same way (crispy forms, errors next to
the field, the version check against lost updates, history with the acting user)::

    goals = InlineCollection(
        name="goals", form_class=GoalForm,                  # the model is the form's
        add_label=_("Add a goal"), empty_label=_("No goals yet."),
        queryset=selectors.goals_for_plan,                  # fn(plan, *, filters) -> QuerySet
        list_filter=ListFilter(search=("statement", "metric")),  # parameters "goals-..."
    )
    urlpatterns = section_urls(page)                        # the page's lists' URLs with it

The section is the one whose models hold the list's model, the row template
``<app>/partials/<model name>_row.html``, the queryset the plan's items in list order: each
unless named.

A list can live under one item of another list (a KPI's measurements): ``parent=Parent("kpi",
KPI, url_name="monitoring:kpi_detail")``. The parent's id travels with every request as a
parameter (the page wraps the list in ``hx-vals``), is resolved once per request against the
plan, and reaches the queryset (``parent=``), the new item's initial data and the reordering.

Hook methods to override in a subclass instead of reaching into the views:
``get_queryset``, ``get_rows``, ``get_items``, ``items_of``, ``page_of``, ``get_initial``,
``get_form``, ``page_url``.

A page loads only the rows it draws: the first ``page_size`` of the list, sliced in SQL, and
the number of all of them (one COUNT), unless the list is opened in full. What a list shows
besides its rows reaches ``extra_context(plan, shown, queryset)``: the rows drawn, to decorate
(a KPI's status, a budget line's warnings), and the whole filtered list as a queryset, never
loaded, for totals and chart data in SQL aggregates. The extensions' ``collection_context`` gets
the rows drawn only. The time of a page is then flat in the size of the plan.

Statuses, for every list and every singleton (``singleton.py``): a form shown 200, a refused
form 400, a stale save 409 (with both values side by side). htmx swaps all three
(``responseHandling`` in ``base.html``). Without htmx every URL still works as a plain page.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django_htmx.http import reswap, retarget

from ..concurrency import ConflictError, apply_validation_error, save_versioned_form
from ..inputs import parse_id
from ..permissions import Capability, plan_view
from .extensions import extensions
from .filters import ListFilter
from .items import item_create, item_delete, item_move, item_update

SHOW_ALL = "all"
_PK = 2147483647  # a stand-in pk, replaced by the item's in its URLs
capfirst_lazy = lazy(capfirst, str)


@dataclass(frozen=True)
class Parent:
    """The item a child list hangs under: ``name`` is both the request parameter and the child's
    foreign key; ``url_name`` the parent's own page (kwargs ``plan`` and ``pk``)."""

    name: str
    model: type
    url_name: str = ""

    def resolve(self, request, plan):
        pk = parse_id(request.POST.get(self.name) or request.GET.get(self.name))
        if pk is None:
            return None
        return self.model.objects.filter(plan=plan, pk=pk).first()


@dataclass
class InlineCollection:
    name: str
    form_class: type
    model: type | None = None  # the form's model when empty
    # The section the list belongs to: the one whose models hold ``model``, when only one does.
    section_key: str = ""
    # The row's template: ``<app>/partials/<model name>_row.html`` unless named.
    row_template: str = ""
    label: Any = None  # the item's name; the model's verbose name when empty
    title: Any = None  # the list's heading; the model's plural verbose name when empty
    intro: Any = None  # a sentence under the heading: what belongs in the list
    add_label: Any = None  # "Add a goal": a whole sentence, so translations can agree in gender
    empty_label: Any = None  # "No goals yet."
    queryset: Callable | None = None  # fn(plan, *, filters[, parent]) -> QuerySet
    list_filter: Any = None  # a filters.ListFilter (none: the extensions' filters only)
    parent: Parent | None = None
    # Field values every item of the list has (a SWOT quadrant's ``{"quadrant": "threat"}``):
    # the list shows only those items and a new one gets them as initial data.
    fixed: dict = field(default_factory=dict)
    orderable: bool = True
    # fn(plan, shown, queryset) -> dict: the rows drawn (a list, to decorate) and the whole
    # filtered list (a queryset, not loaded: totals and charts as SQL aggregates).
    extra_context: Callable | None = None
    # Rows drawn at first, the only ones loaded; the rest behind "Show all". A long list (300
    # tasks) otherwise costs a page of seconds and megabytes.
    page_size: int | None = 50
    # The services an add/edit/delete calls; the generic item services unless the app has its
    # own (same keyword arguments: ``plan, model, data, user, reason`` for create...).
    create: Callable = item_create
    update: Callable = item_update
    delete: Callable = item_delete
    url_prefix: str = ""

    def __post_init__(self):
        if self.model is None:
            self.model = self.form_class._meta.model
        # Every list has a filter: the extensions' filters (transfer's "compared with the
        # previous cycle") apply to lists that declare none.
        self.list_filter = (self.list_filter or ListFilter()).bound(
            prefix=self.name, model=self.model
        )
        if not self.section_key:
            from .registry import registry

            self.section_key = registry.section_key_for(self.model, self.name)
        if not self.row_template:
            meta = self.model._meta
            self.row_template = f"{meta.app_label}/partials/{meta.model_name}_row.html"
        if self.label is None:
            self.label = self.model._meta.verbose_name
        if self.title is None:
            self.title = capfirst_lazy(self.model._meta.verbose_name_plural)

    @property
    def dom_id(self):
        return f"coll-{self.section_key}-{self.name}"

    # hooks -----------------------------------------------------------------------------

    def get_queryset(self, plan, *, filters, parent=None):
        """The list's rows before its filter: the declared selector, or the plan's items."""
        kwargs = {"filters": filters}
        if self.parent is not None:
            kwargs["parent"] = parent
        if self.queryset is not None:
            return self.queryset(plan, **kwargs).filter(**self.fixed)
        qs = self.model.objects.filter(plan=plan, **self.fixed)
        if self.parent is not None:
            qs = qs.filter(**{self.parent.name: parent})
        return qs.order_by("position", "id")

    def get_rows(self, plan, *, filters=None, parent=None):
        """The list as filtered, a queryset not yet loaded (None: a child list without its
        parent, which has no rows)."""
        if self.parent is not None and parent is None:
            return None
        filters = filters or {}
        qs = self.get_queryset(plan, filters=filters, parent=parent)
        return self.list_filter.apply(qs, filters, plan=plan)

    def get_items(self, plan, *, filters=None, parent=None):
        """Every row as drawn, in list order (the list opened in full, its CSV)."""
        return self.items_of(self.get_rows(plan, filters=filters, parent=parent))

    def items_of(self, rows):
        """Every row of ``rows`` (``get_rows``'s queryset, or None), loaded in list order."""
        return [] if rows is None else list(rows)

    def page_of(self, rows, limit):
        """The first ``limit`` rows of ``rows`` and the number of all: ``(rows, total)``, two
        queries (and the rows' prefetches), whatever the length of the list."""
        if rows is None:
            return [], 0
        return list(rows[:limit]), rows.count()

    def get_initial(self, request, access, parent=None):
        initial = dict(self.fixed)
        if parent is not None:
            initial[self.parent.name] = parent.pk
        return initial

    def get_form(self, request, access, instance=None, parent=None):
        kwargs = {"plan": access.plan}
        if instance is not None:
            kwargs["instance"] = instance
        else:
            kwargs["initial"] = self.get_initial(request, access, parent)
        return self.form_class(request.POST or None, request.FILES or None, **kwargs)

    def page_url(self, plan, parent=None):
        """The page that shows the list (the section's, or the parent item's)."""
        if self.parent is not None and parent is not None and self.parent.url_name:
            return reverse(self.parent.url_name, kwargs={"plan": plan.uuid, "pk": parent.pk})
        from .registry import registry

        return registry.get(self.section_key).url(plan)

    # request state ---------------------------------------------------------------------

    def filters_from(self, request, plan):
        if request is None:
            return {}
        return self.list_filter.parse(request.GET, plan=plan)

    def parent_from(self, request, plan):
        if self.parent is None or request is None:
            return None
        cache = request.__dict__.setdefault("_collection_parents", {})
        if self.name not in cache:
            cache[self.name] = self.parent.resolve(request, plan)
        return cache[self.name]

    # context ---------------------------------------------------------------------------

    def url(self, action, plan, pk=None):
        name = f"{self.section_key}:{self.name}_{action}"
        if pk is None:
            return reverse(name, kwargs={"plan": plan.uuid})
        # An item's URL: reversed once per request and action, then filled in with the pk (a
        # page draws hundreds of rows with three links each). The plan object lives as long as
        # the request, and so does the cache.
        cache = plan.__dict__.setdefault("_collection_urls", {})
        if name not in cache:
            cache[name] = reverse(name, kwargs={"plan": plan.uuid, "pk": _PK}).rsplit(str(_PK), 1)
        head, tail = cache[name]
        return f"{head}{int(pk)}{tail}"

    def context(self, request, access, items=None, show_all=False, parent=None):
        """What ``partials/inline/collection.html`` draws. ``items``: the rows, when the caller
        has them already (a row drawn on its own, a KPI's prefetched measurements)."""
        plan = access.plan
        parent = parent if parent is not None else self.parent_from(request, plan)
        filters = self.filters_from(request, plan)
        show_all = show_all or (request is not None and request.GET.get(SHOW_ALL) == self.dom_id)
        limit = None if show_all or not self.page_size else self.page_size
        rows = None
        if items is not None:
            shown, total = (items if limit is None else items[:limit]), len(items)
        else:
            rows = self.get_rows(plan, filters=filters, parent=parent)
            if limit is None:
                shown = self.items_of(rows)
                total = len(shown)
            else:
                shown, total = self.page_of(rows, limit)
        page_url = self.page_url(plan, parent)
        query = self.list_filter.query(filters)
        if parent is not None:
            query[self.parent.name] = parent.pk
        add_url = self.url("add", plan)
        if parent is not None:
            add_url += f"?{self.parent.name}={parent.pk}"
        ctx = {
            "collection": self,
            "shown_items": shown,
            "total": total,
            "hidden_count": total - len(shown),
            "show_all_url": _with_query(page_url, {**query, SHOW_ALL: self.dom_id})
            if len(shown) < total
            else "",
            "plan": plan,
            "access": access,
            "can_edit": access.can(Capability.EDIT),
            "add_url": add_url,
            "parent": parent,
            "filters": filters,
            "filter_fields": self.list_filter.fields(plan, filters),
            "filter_active": self.list_filter.is_active(filters),
            "page_url": page_url,
            "csv_url": _with_query(self.url("csv", plan), query),
            # A list opened in full, or filtered, stays so when it refreshes live.
            "refresh_url": _with_query(
                page_url, {**query, **({SHOW_ALL: self.dom_id} if show_all else {})}
            ),
        }
        if self.extra_context:
            if items is not None:
                rows = self.get_rows(plan, filters=filters, parent=parent)
            queryset = rows if rows is not None else self.model.objects.none()
            ctx.update(self.extra_context(plan, shown, queryset))
        # Extensions add per-row facts about the rows drawn: discussion counts, history links.
        ctx.update(extensions.collection_context(request, access, self, shown))
        return ctx

    # views -----------------------------------------------------------------------------

    def view_csv(self, request, access):
        """The list as filtered on screen, every row of it, as CSV in the reader's language:
        the item type's fields by their names, choices by their labels, dates as the language
        writes them; ";" between values where the decimal mark is a comma (French)."""
        from .list_csv import list_csv

        plan = access.plan
        parent = self.parent_from(request, plan)
        items = self.get_items(plan, filters=self.filters_from(request, plan), parent=parent)
        response = HttpResponse(
            list_csv(self.section_key, self.model, items), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{self.name}.csv"'
        return response

    def render_collection(self, request, access, show_all=False):
        ctx = self.context(request, access, show_all=show_all)
        return render(request, "partials/inline/collection.html", {"c": ctx})

    def _form_response(self, request, access, form, item=None, conflict=None, status=200):
        parent = self.parent_from(request, access.plan)
        ctx = {
            "c": self.context(request, access, items=[], parent=parent),
            "form": form,
            "item": item,
            "conflict": conflict,
            "action_url": self.url("edit", access.plan, item.pk)
            if item
            else self.url("add", access.plan),
            "plan": access.plan,
            "access": access,
            "nav_active": self.section_key,
        }
        if not request.htmx:
            return render(request, "partials/inline/form_page.html", ctx, status=status)
        response = render(request, "partials/inline/form.html", ctx, status=status)
        if item is None and status != 200:
            # A refused new item stays in the list's form slot.
            response = reswap(retarget(response, f"#{self.dom_id}-form"), "innerHTML")
        return response

    def view_add(self, request, access):
        parent = self.parent_from(request, access.plan)
        if self.parent is not None and parent is None:
            raise Http404
        form = self.get_form(request, access, parent=parent)
        if request.method != "POST":
            return self._form_response(request, access, form)
        if form.is_valid():
            try:
                self.create(
                    plan=access.plan,
                    model=self.model,
                    data=form.item_data(),
                    user=request.user,
                    **({"reason": form.reason} if form.reason else {}),
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                return self._done(request, access)
        return self._form_response(request, access, form, status=400)

    def view_row(self, request, access, pk):
        """One row as the list draws it (with the selector's joins and annotations)."""
        parent = self.parent_from(request, access.plan)
        qs = self.get_queryset(access.plan, filters={}, parent=parent)
        item = qs.filter(pk=pk.pk).first() or pk
        ctx = self.context(request, access, items=[item], parent=parent)
        return render(request, "partials/inline/row.html", {"c": ctx, "item": item})

    def view_edit(self, request, access, pk):
        form = self.get_form(request, access, instance=pk)
        if request.method != "POST":
            return self._form_response(request, access, form, item=pk)
        conflict = None
        if form.is_valid():
            saved, conflict = save_versioned_form(
                form,
                lambda: self.update(
                    instance=pk,
                    data=form.item_data(),
                    expected_version=form.cleaned_data.get("version"),
                    user=request.user,
                    reason=form.reason,
                ),
            )
            if saved:
                return self._done(request, access)
        status = 409 if conflict else 400
        return self._form_response(request, access, form, item=pk, conflict=conflict, status=status)

    def view_delete(self, request, access, pk):
        reason = (
            request.POST.get("change_reason") or request.headers.get("HX-Prompt") or ""
        ).strip()[:100]
        if not reason and extensions.reason_required(access.plan, self.section_key):
            return HttpResponse(
                _("This section is approved: give a reason to delete an item."), status=400
            )
        try:
            self.delete(
                instance=pk,
                expected_version=request.POST.get("version"),
                user=request.user,
                reason=reason or None,
            )
        except ConflictError:
            if request.htmx:
                response = self.render_collection(request, access)
                response["HX-Trigger"] = "planner:conflict"
                return reswap(retarget(response, f"#{self.dom_id}"), "outerHTML")
            return redirect(self.page_url(access.plan, self.parent_from(request, access.plan)))
        except ValidationError as error:
            return HttpResponse(" ".join(error.messages), status=400)
        return self._done(request, access)

    def view_move(self, request, access, pk):
        direction = request.POST.get("direction")
        if direction in ("up", "down"):
            scope = {}
            if self.parent is not None:
                scope = {f"{self.parent.name}_id": getattr(pk, f"{self.parent.name}_id")}
            item_move(instance=pk, direction=direction, user=request.user, scope=scope)
        return self._done(request, access)

    def _done(self, request, access):
        if request.htmx:
            # Every row, so the item just added or moved is in sight even in a long list.
            response = self.render_collection(request, access, show_all=True)
            response = retarget(response, f"#{self.dom_id}")
            return reswap(response, "outerHTML")
        return redirect(self.page_url(access.plan, self.parent_from(request, access.plan)))

    def urls(self):
        model = self.model
        prefix = self.url_prefix or f"plans/<uuid:plan>/{self.section_key}/{self.name}/"
        edit = ["GET", "POST"]
        routes = [
            ("add/", self.view_add, Capability.EDIT, edit, None, "add"),
            ("<int:pk>/", self.view_row, Capability.VIEW, None, {"pk": model}, "row"),
            ("<int:pk>/edit/", self.view_edit, Capability.EDIT, edit, {"pk": model}, "edit"),
            (
                "<int:pk>/delete/",
                self.view_delete,
                Capability.EDIT,
                ["POST"],
                {"pk": model},
                "delete",
            ),
            ("<int:pk>/move/", self.view_move, Capability.EDIT, ["POST"], {"pk": model}, "move"),
            ("csv/", self.view_csv, Capability.VIEW, None, None, "csv"),
        ]
        patterns = []
        for route, method, capability, methods, objects, action in routes:
            options = {}
            if methods:
                options["methods"] = methods
            if objects:
                options["objects"] = objects
            view = plan_view(capability, **options)(_bind(method))
            patterns.append(path(f"{prefix}{route}", view, name=f"{self.name}_{action}"))
        return patterns


def _with_query(url, params):
    if not params:
        return url
    query = QueryDict(mutable=True)
    for key, value in params.items():
        query[key] = value
    return f"{url}?{query.urlencode()}"


def _bind(method):
    def view(request, access, **kwargs):
        return method(request, access, **kwargs)

    view.__name__ = method.__name__
    return view
