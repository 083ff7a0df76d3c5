"""The plan's history: published versions and their comparison, the activity feed, and each
item's history with "bring back this version"."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from plans.concurrency import ConflictError, apply_validation_error
from plans.history import history_model, item_label
from plans.inputs import page_number, parse_int
from plans.models import PlanVersion
from plans.navigation import back
from plans.permissions import Capability, ModelFromURL, plan_view
from plans.sections import registry
from plans.sections.diff import compare_snapshots
from plans.selectors import plan_members
from plans.versions import PLAN, latest_version, plan_snapshot, version_publish

from . import entries as history_entries
from . import services
from .entries import model_label, section_models
from .forms import ActivityFilterForm, PublishForm

# --- versions -----------------------------------------------------------------------------


@plan_view(Capability.VIEW)
def versions(request, access):
    found = list(
        PlanVersion.objects.filter(plan=access.plan)
        .select_related("author")
        .defer("snapshot")
        .order_by("-number")[:200]
    )
    ctx = access.page_context(
        versions=found,
        can_publish=access.can(Capability.EDIT),
        form=PublishForm(),
        nav_active="versions",
    )
    return render(request, "history/versions.html", ctx)


@plan_view(Capability.EDIT, methods=["GET", "POST"])
def version_new(request, access):
    form = PublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = version_publish(plan=access.plan, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request, _("Version %(number)s has been published.") % {"number": version.number}
            )
            return redirect("history:versions", plan=access.plan.uuid)
    ctx = access.page_context(form=form, nav_active="versions")
    return render(request, "history/version_new.html", ctx, status=400 if form.errors else 200)


def _version(plan, value):
    if value in (None, "", "current"):
        return None
    number = parse_int(value)
    version = None
    if number is not None:
        version = PlanVersion.objects.select_related("author").filter(plan=plan, number=number)
        version = version.first()
    if version is None:
        raise Http404
    return version


@plan_view(Capability.VIEW, objects={"pk": PlanVersion})
def version_detail(request, access, pk):
    """A version is read beside the one before it (or beside now, for the first): numbers
    only, no snapshot is loaded here."""
    previous = (
        PlanVersion.objects.filter(plan=access.plan, number__lt=pk.number)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    url = reverse("history:compare", kwargs={"plan": access.plan.uuid})
    query = f"?a={previous}&b={pk.number}" if previous else f"?a={pk.number}&b=current"
    return redirect(url + query)


@plan_view(Capability.VIEW)
def compare(request, access):
    plan = access.plan
    last = latest_version(plan)
    a_value = request.GET.get("a") or (str(last.number) if last else "")
    b_value = request.GET.get("b") or "current"
    a = _version(plan, a_value)
    b = _version(plan, b_value)
    if a is None and b is None:
        if last is None:
            messages.info(request, _("No version has been published yet: publish one to compare."))
        return redirect("history:versions", plan=plan.uuid)
    old = a.snapshot if a else plan_snapshot(plan)
    new = b.snapshot if b else plan_snapshot(plan)
    sections = compare_snapshots(old, new, plan_item_type=PLAN)
    numbers = list(
        PlanVersion.objects.filter(plan=plan).order_by("-number").values_list("number", flat=True)
    )
    ctx = access.page_context(
        a=a,
        b=b,
        a_value=a_value,
        b_value=b_value,
        numbers=numbers,
        sections=sections,
        nothing=all(not s.rows for s in sections),
        nav_active="versions",
    )
    return render(request, "history/compare.html", ctx)


# --- history ------------------------------------------------------------------------------


@plan_view(Capability.VIEW)
def activity(request, access):
    plan = access.plan
    members = plan_members(plan=plan, by_name=True)
    form = ActivityFilterForm(request.GET or None, members=members)
    filters = {"section_key": None, "user_id": None, "kind": None}
    if form.is_valid():
        filters = {
            "section_key": form.cleaned_data["section"] or None,
            "user_id": form.cleaned_data["user"],
            "kind": form.cleaned_data["kind"] or None,
        }
    # Far past the last page is an empty page, not an offset the database cannot hold.
    page = page_number(request.GET.get("page"))
    entries, has_next = history_entries.activity(
        plan=plan, page=page, include_reviews=True, **filters
    )
    _mark_restorable(entries)
    query = request.GET.copy()
    query.pop("page", None)
    ctx = access.page_context(
        entries=entries,
        form=form,
        page=page,
        has_next=has_next,
        query=query.urlencode(),
        can_edit=access.can(Capability.EDIT),
        nav_active="activity",
    )
    return render(request, "history/activity.html", ctx)


def _mark_restorable(entries):
    """Deletion entries whose item is still gone can be restored (one query per model)."""
    by_model = {}
    for entry in entries:
        if entry.kind == "-":
            by_model.setdefault(entry.model, set()).add(entry.object_id)
    existing = {
        model: set(model._default_manager.filter(pk__in=ids).values_list("pk", flat=True))
        for model, ids in by_model.items()
    }
    for entry in entries:
        entry.restorable = entry.kind == "-" and entry.object_id not in existing.get(
            entry.model, set()
        )


def _history_models():
    """{model label: model} of every section model with a history (the URL's ``label``)."""
    return {model_label(m): m for _section, m in section_models()}


def _history_records():
    return {label: history_model(model) for label, model in _history_models().items()}


# One history page and one revert for every section model, the model named by the URL.
HISTORY_ITEMS = ModelFromURL("label", _history_models)
HISTORY_RECORDS = ModelFromURL("label", _history_records)


@plan_view(Capability.VIEW)
def item_history_list(request, access, label):
    """``history/<label>/``, the folder of an item type's histories: its section's activity."""
    model = HISTORY_ITEMS.resolve({"label": label})
    section = registry.section_for_model(model)
    url = reverse("history:activity", kwargs={"plan": access.plan.uuid})
    return redirect(f"{url}?section={section.key}")


# What the URL's keyword takes, for the tests that visit every plan URL.
item_history_list.plan_url_choices = {"label": HISTORY_ITEMS}


@plan_view(Capability.VIEW, objects={"pk": HISTORY_ITEMS})
def item_history(request, access, label, pk):
    model = type(pk)
    entries = history_entries.item_history(plan=access.plan, model=model, object_id=pk.pk)
    section = registry.section_for_model(model)
    ctx = access.page_context(
        item=pk,
        item_label=item_label(pk, model),
        entries=entries,
        section=section,
        can_edit=access.can(Capability.EDIT),
        nav_active=section.key,
    )
    return render(request, "history/item_history.html", ctx)


@plan_view(Capability.EDIT, methods=["POST"], objects={"pk": HISTORY_RECORDS})
def item_revert(request, access, label, pk):
    section = registry.section_for_model(HISTORY_ITEMS.resolve({"label": label}))
    try:
        item = services.item_revert(
            record=pk, user=request.user, expected_version=request.POST.get("version")
        )
    except ConflictError:
        messages.error(
            request,
            _("The item was changed by someone else meanwhile. Look at its history again."),
        )
    except ValidationError as error:
        messages.error(
            request,
            _("This version cannot be brought back: %(reason)s")
            % {"reason": " ".join(error.messages)},
        )
    else:
        messages.success(request, _("The item is back as it was; the change is in its history."))
        return redirect(item_history_url(item))
    return back(request, section.url(access.plan))


def item_history_url(item):
    return reverse(
        "history:item_history",
        kwargs={"plan": item.plan.uuid, "label": model_label(type(item)), "pk": item.pk},
    )
