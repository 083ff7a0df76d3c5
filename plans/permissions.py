"""Who may do what in a plan. Views never check roles by hand: they go through ``plan_view``.

A non-member learns nothing about a plan: every plan-scoped URL answers 404 to them, whatever
the object. A member without the capability gets 403. Anonymous people are sent to sign in.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404

from .models import Membership, Plan, Role


class Capability:
    VIEW = "view"
    COMMENT = "comment"
    EDIT = "edit"
    APPROVE = "approve"
    EXPORT = "export"
    MANAGE = "manage"


CAPABILITIES = {
    Role.OWNER: {
        Capability.VIEW,
        Capability.COMMENT,
        Capability.EDIT,
        Capability.EXPORT,
        Capability.MANAGE,
    },
    Role.PLANNER: {Capability.VIEW, Capability.COMMENT, Capability.EDIT, Capability.EXPORT},
    Role.APPROVER: {Capability.VIEW, Capability.COMMENT, Capability.APPROVE, Capability.EXPORT},
    Role.STAKEHOLDER: {Capability.VIEW, Capability.COMMENT},
    Role.VIEWER: {Capability.VIEW},
}


def role_can(role, capability):
    return capability in CAPABILITIES.get(role, set())


def roles_with(capability):
    """The roles that grant ``capability``."""
    return [role for role in CAPABILITIES if role_can(role, capability)]


class PlanAccess:
    """The signed-in user's standing in one plan, handed to every plan-scoped view."""

    def __init__(self, plan, membership):
        self.plan = plan
        self.membership = membership
        self.role = membership.role
        self.user = membership.user

    def can(self, capability):
        return role_can(self.role, capability)

    @property
    def capabilities(self):
        return CAPABILITIES.get(self.role, set())

    def page_context(self, **context):
        """What every page of the plan is drawn with (the plan, this access), and ``context``."""
        return {"plan": self.plan, "access": self, **context}


def get_plan_access(user, plan_uuid):
    """The plan and the user's membership in it, or 404 for anyone who is not a member."""
    if not user.is_authenticated:
        raise Http404
    membership = (
        Membership.objects.select_related("plan", "user")
        .filter(plan__uuid=plan_uuid, user=user)
        .first()
    )
    if membership is None:
        raise Http404
    return PlanAccess(membership.plan, membership)


class ModelFromURL:
    """The model of a ``plan_view`` object named by a URL keyword (``kwarg``): ``choices()``
    gives ``{value: model}`` (the values the URL takes, the models they name); any other value
    is a 404. The keyword stays in the view's arguments."""

    def __init__(self, kwarg, choices):
        self.kwarg = kwarg
        self.choices = choices

    def resolve(self, kwargs):
        model = self.choices().get(kwargs.get(self.kwarg))
        if model is None:
            raise Http404
        return model


def plan_view(capability, *, methods=("GET", "HEAD"), objects=None):
    """Decorate a plan-scoped view: ``view(request, access, **kwargs)``.

    - ``capability``: what the member needs (see ``Capability``).
    - ``methods``: the HTTP methods the view answers; others get 405 (after the access check,
      so a non-member still only ever sees 404).
    - ``objects``: ``{"url_kwarg": Model}``; each object is loaded *within the plan* (404 if it
      belongs to another plan) and passed to the view in place of its id. The model may be a
      ``ModelFromURL`` instead, for one view over several models (an item's history): it names
      the model from another URL keyword (404 for any other), and lists the models it takes.

    The decorator records its settings on the view so the permission-matrix test can find
    every plan-scoped URL and the objects it needs by itself.
    """
    objects = objects or {}
    methods = tuple(m.upper() for m in methods)

    def decorator(view):
        @wraps(view)
        def wrapper(request, plan, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            access = get_plan_access(request.user, plan)
            if not access.can(capability):
                raise PermissionDenied
            if request.method not in methods:
                return HttpResponseNotAllowed(methods)
            for kwarg, model in objects.items():
                if isinstance(model, ModelFromURL):
                    model = model.resolve(kwargs)
                # A model may say how its rows are loaded (``plan_view_queryset``: without a
                # heavy column the views rarely need).
                rows = getattr(model, "plan_view_queryset", model._default_manager.all)()
                kwargs[kwarg] = get_object_or_404(rows, plan=access.plan, pk=kwargs[kwarg])
            request.plan_access = access
            return view(request, access, **kwargs)

        wrapper.plan_capability = capability
        wrapper.plan_methods = methods
        wrapper.plan_objects = dict(objects)
        return wrapper

    return decorator


def plans_for_user(user):
    return Plan.objects.filter(memberships__user=user)
