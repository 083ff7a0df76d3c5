"""The one object of its kind a plan has (the plan itself, its scope, its budget settings),
edited in place with the same rules as a list's items.

    scope = InlineSingleton(
        name="scope", form_class=ScopeForm,                # the model is the form's
        # save=fn(*, plan, data, expected_version, user, reason) when the app has its own
        saved_message=_("The scope has been saved."),
    )

The section is the one whose models hold the model, the template (the object as the page
shows it) ``<app>/partials/<name>.html``: each unless named.
    urlpatterns = [..., scope.url()]                      # plans/<uuid>/objectives/scope/

One policy for all: the form 200, a refused form 400, a stale save 409 with both values side
by side, with or without htmx. The first save creates the object (under a lock on the plan, so
two first saves cannot both create one); the next ones go through the version check.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import path, reverse

from ..concurrency import save_versioned_form
from ..models import Plan
from ..permissions import Capability, plan_view
from .items import item_create, item_update


@transaction.atomic
def singleton_save(*, plan, model, data, expected_version, user, reason=None):
    """Create the plan's object on its first save, then update it under the version check."""
    Plan.objects.select_for_update().filter(pk=plan.pk).first()
    current = model.objects.filter(plan=plan).first()
    if current is None:
        return item_create(plan=plan, model=model, data=data, user=user, reason=reason)
    return item_update(
        instance=current, data=data, expected_version=expected_version, user=user, reason=reason
    )


@dataclass
class InlineSingleton:
    name: str
    form_class: type
    model: type | None = None  # the form's model when empty
    section_key: str = ""  # the section whose models hold ``model`` when empty
    # The object as the section page shows it, swapped in after a save:
    # ``<app>/partials/<name>.html`` when None.
    template: str | None = None
    form_template: str = "partials/inline/singleton_form.html"
    page_template: str = "partials/inline/singleton_page.html"
    title: Any = None  # "Edit scope"
    saved_message: Any = None
    # ``fn(plan) -> object or None``; the plan's only row of ``model`` by default.
    get_object: Callable | None = None
    # ``fn(*, plan, data, expected_version, user, reason)``; ``singleton_save`` by default.
    save: Callable | None = None
    # The page after a save without htmx: the section's, unless named.
    success_url_name: str = ""

    def __post_init__(self):
        if self.model is None:
            self.model = self.form_class._meta.model
        if not self.section_key:
            from .registry import registry

            self.section_key = registry.section_key_for(self.model, self.name)
        if self.template is None:
            self.template = f"{self.model._meta.app_label}/partials/{self.name}.html"

    @property
    def dom_id(self):
        return f"single-{self.section_key}-{self.name}"

    def object_for(self, plan):
        if self.get_object is not None:
            return self.get_object(plan)
        return self.model.objects.filter(plan=plan).first()

    def edit_url(self, plan):
        return reverse(f"{self.section_key}:{self.name}_edit", kwargs={"plan": plan.uuid})

    def context(self, access):
        """What ``template`` draws: the object (None until its first save) and its edit link."""
        obj = self.object_for(access.plan)
        return {
            "singleton": self,
            "object": obj,
            self.name: obj,
            "plan": access.plan,
            "access": access,
            "can_edit": access.can(Capability.EDIT),
            "edit_url": self.edit_url(access.plan),
        }

    def get_form(self, request, access, instance):
        return self.form_class(request.POST or None, instance=instance, plan=access.plan)

    def _success_url(self, plan):
        if self.success_url_name:
            return reverse(self.success_url_name, kwargs={"plan": plan.uuid})
        from .registry import registry

        return registry.get(self.section_key).url(plan)

    def _save(self, plan, form, user):
        kwargs = {
            "plan": plan,
            "data": form.item_data(),
            "expected_version": form.cleaned_data.get("version"),
            "user": user,
            "reason": form.reason,
        }
        if self.save is not None:
            return self.save(**kwargs)
        return singleton_save(model=self.model, **kwargs)

    def view_edit(self, request, access):
        plan = access.plan
        current = self.object_for(plan)
        instance = current if current is not None and current.pk else None
        form = self.get_form(request, access, instance)
        if instance is None:
            # Nothing to be stale against before the first save.
            form.add_version_field()
            form.fields["version"].required = False
        conflict = None
        status = 200
        if request.method == "POST":
            if form.is_valid():
                saved, conflict = save_versioned_form(
                    form, lambda: self._save(plan, form, request.user)
                )
                if saved:
                    if request.htmx:
                        return render(request, self.template, self.context(access))
                    if self.saved_message:
                        messages.success(request, self.saved_message)
                    return redirect(self._success_url(plan))
            status = 409 if conflict else 400
        context = {
            "singleton": self,
            "form": form,
            "plan": plan,
            "access": access,
            "conflict": conflict,
            "nav_active": self.section_key,
            "action_url": self.edit_url(plan),
            "cancel_url": self._success_url(plan),
        }
        template = self.form_template if request.htmx else self.page_template
        return render(request, template, context, status=status)

    def url(self, route=""):
        route = route or f"plans/<uuid:plan>/{self.section_key}/{self.name}/"
        view = plan_view(Capability.EDIT, methods=["GET", "POST"])(self._view)
        return path(route, view, name=f"{self.name}_edit")

    def _view(self, request, access):
        return self.view_edit(request, access)
