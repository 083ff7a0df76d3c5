"""LEGACY: the list machinery before ``plans.sections``, removed once no phase app uses it.

Inline editing of a section's items with htmx: add, edit, delete and reorder in place.

A phase app describes each editable list once as an ``InlineCollection`` and gets its URLs,
views, services and templates from here, so every section behaves the same way: crispy forms,
errors next to the field, the version check against lost updates, history with the user.

    goals = InlineCollection(
        name="goals", model=Goal, form_class=GoalForm, section_key="objectives",
        row_template="objectives/partials/goal_row.html", label=_("goal"),
    )
    urlpatterns = [..., *goals.urls()]

and in the section page: ``{% include "partials/inline/collection.html" with c=goals_ctx %}``
where ``goals_ctx = goals.context(request, access)``.

Without htmx every URL still works as a plain page (progressive enhancement).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django_htmx.http import reswap, retarget

from .concurrency import ConflictError, apply_validation_error, save_versioned_form
from .permissions import Capability, plan_view
from .sections.extensions import extensions
from .sections.forms import PlanItemForm  # noqa: F401 - the legacy import path
from .sections.items import item_create, item_delete, item_move, item_update
from .sections.page import section_context as _section_context


def reason_required(plan, section_key):
    return extensions.reason_required(plan, section_key)


# --- the collection ----------------------------------------------------------------------


@dataclass
class InlineCollection:
    name: str
    model: type
    form_class: type
    section_key: str
    row_template: str
    label: Any
    add_label: Any = None  # "Add a goal": a whole sentence, so translations can agree in gender
    empty_label: Any = None  # "No goals yet."
    queryset: Callable | None = None  # queryset(plan, request) with select/prefetch
    orderable: bool = True
    extra_context: Callable | None = None  # extra_context(plan, items) -> dict
    # Rows drawn at first; the rest behind "Show all". A long list (300 tasks) otherwise costs
    # a page of seconds and megabytes. Totals, charts and hooks still see every item.
    page_size: int | None = 50
    create: Callable = item_create
    update: Callable = item_update
    delete: Callable = item_delete
    url_prefix: str = ""
    _names: dict = field(default_factory=dict)

    @property
    def dom_id(self):
        return f"coll-{self.section_key}-{self.name}"

    def items(self, plan, request=None):
        if self.queryset:
            return list(self.queryset(plan, request))
        return list(self.model.objects.filter(plan=plan).order_by("position", "id"))

    def url(self, action, plan, pk=None):
        kwargs = {"plan": plan.uuid}
        if pk is not None:
            kwargs["pk"] = pk
        return reverse(f"{self.section_key}:{self.name}_{action}", kwargs=kwargs)

    def context(self, request, access, items=None, show_all=False):
        plan = access.plan
        items = self.items(plan, request) if items is None else items
        show_all = show_all or (request is not None and request.GET.get("all") == self.dom_id)
        shown = items if show_all or not self.page_size else items[: self.page_size]
        ctx = {
            "collection": self,
            "items": items,
            "shown_items": shown,
            "hidden_count": len(items) - len(shown),
            "show_all_url": self._show_all_url(request, plan) if len(shown) < len(items) else "",
            "plan": plan,
            "access": access,
            "can_edit": access.can(Capability.EDIT),
            "add_url": self.url("add", plan),
            # A list opened in full stays in full when it refreshes.
            "refresh_url": self.section_url(plan) + (f"?all={self.dom_id}" if show_all else ""),
        }
        if self.extra_context:
            ctx.update(self.extra_context(plan, items))
        ctx.update(extensions.collection_context(request, access, self, items))
        return ctx

    def _show_all_url(self, request, plan):
        """The section page with this list's filters kept and every row shown."""
        query = request.GET.copy() if request is not None else QueryDict(mutable=True)
        query["all"] = self.dom_id
        return f"{self.section_url(plan)}?{query.urlencode()}"

    # views ---------------------------------------------------------------------------

    def render_collection(self, request, access, show_all=False):
        ctx = self.context(request, access, show_all=show_all)
        return render(request, "partials/inline/collection.html", {"c": ctx})

    def section_url(self, plan):
        from .sections import registry

        return registry.get(self.section_key).url(plan)

    def _form_response(self, request, access, form, item=None, conflict=None, status=200):
        ctx = {
            "c": self.context(request, access, items=[]),
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
        response = render(request, "partials/inline/form.html", ctx)
        return response

    def view_add(self, request, access):
        form = self.form_class(request.POST or None, request.FILES or None, plan=access.plan)
        if request.method == "POST":
            if form.is_valid():
                reason = form.cleaned_data.get("change_reason")
                extra = {"reason": reason} if reason else {}
                try:
                    self.create(
                        plan=access.plan,
                        model=self.model,
                        data=form.item_data(),
                        user=request.user,
                        **extra,
                    )
                except ValidationError as error:
                    apply_validation_error(form, error)
                else:
                    return self._done(request, access)
            response = self._form_response(request, access, form, status=400)
            if request.htmx:
                response = retarget(response, f"#{self.dom_id}-form")
                response = reswap(response, "innerHTML")
            return response
        response = self._form_response(request, access, form)
        return response

    def view_row(self, request, access, pk):
        items = self.items(access.plan, request)
        item = next((i for i in items if i.pk == pk.pk), pk)
        ctx = self.context(request, access, items=items)
        return render(request, "partials/inline/row.html", {"c": ctx, "item": item})

    def view_edit(self, request, access, pk):
        instance = pk
        form = self.form_class(
            request.POST or None, request.FILES or None, instance=instance, plan=access.plan
        )
        conflict = None
        if request.method == "POST":
            if form.is_valid():
                saved, conflict = save_versioned_form(
                    form,
                    lambda: self.update(
                        instance=instance,
                        data=form.item_data(),
                        expected_version=form.cleaned_data.get("version"),
                        user=request.user,
                        reason=form.cleaned_data.get("change_reason") or None,
                    ),
                )
                if saved:
                    return self._done(request, access)
            return self._form_response(
                request,
                access,
                form,
                item=instance,
                conflict=conflict,
                status=409 if conflict else 400,
            )
        return self._form_response(request, access, form, item=instance)

    def view_delete(self, request, access, pk):
        reason = (
            request.POST.get("change_reason") or request.headers.get("HX-Prompt") or ""
        ).strip()[:100]
        if not reason and reason_required(access.plan, self.section_key):
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
                return response
            return redirect(self.section_url(access.plan))
        except ValidationError as error:
            return HttpResponse(" ".join(error.messages), status=400)
        return self._done(request, access)

    def view_move(self, request, access, pk):
        direction = request.POST.get("direction")
        if direction in ("up", "down"):
            item_move(instance=pk, direction=direction, user=request.user)
        return self._done(request, access)

    def _done(self, request, access):
        if request.htmx:
            # Every row, so the item just added or moved is in sight even in a long list.
            response = self.render_collection(request, access, show_all=True)
            response = retarget(response, f"#{self.dom_id}")
            return reswap(response, "outerHTML")
        return redirect(self.section_url(access.plan))

    def urls(self):
        model = self.model
        prefix = self.url_prefix or f"plans/<uuid:plan>/{self.section_key}/{self.name}/"
        edit_methods = ["GET", "POST"]
        return [
            path(
                f"{prefix}add/",
                plan_view(Capability.EDIT, methods=edit_methods)(_bind(self.view_add)),
                name=f"{self.name}_add",
            ),
            path(
                f"{prefix}<int:pk>/",
                plan_view(Capability.VIEW, objects={"pk": model})(_bind(self.view_row)),
                name=f"{self.name}_row",
            ),
            path(
                f"{prefix}<int:pk>/edit/",
                plan_view(Capability.EDIT, methods=edit_methods, objects={"pk": model})(
                    _bind(self.view_edit)
                ),
                name=f"{self.name}_edit",
            ),
            path(
                f"{prefix}<int:pk>/delete/",
                plan_view(Capability.EDIT, methods=["POST"], objects={"pk": model})(
                    _bind(self.view_delete)
                ),
                name=f"{self.name}_delete",
            ),
            path(
                f"{prefix}<int:pk>/move/",
                plan_view(Capability.EDIT, methods=["POST"], objects={"pk": model})(
                    _bind(self.view_move)
                ),
                name=f"{self.name}_move",
            ),
        ]


def _bind(method):
    def view(request, access, **kwargs):
        return method(request, access, **kwargs)

    view.__name__ = method.__name__
    return view


def section_context(request, access, section_key, **collections):
    """The context every section page shares (legacy signature of ``sections.page``)."""
    context = _section_context(request, access, section_key)
    for name, collection in collections.items():
        context[name] = collection.context(request, access)
    return context
