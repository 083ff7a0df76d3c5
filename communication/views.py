from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans.concurrency import ConflictError
from plans.inline import InlineCollection, section_context
from plans.permissions import Capability, plan_view

from . import selectors, services
from .forms import CommunicationEntryForm, EngagementForm
from .models import Channel, CommunicationEntry, Engagement

entries = InlineCollection(
    name="entries",
    model=CommunicationEntry,
    form_class=CommunicationEntryForm,
    section_key="communication",
    row_template="communication/partials/entry_row.html",
    label=CommunicationEntry._meta.verbose_name,
    add_label=gettext_lazy("Add a communication"),
    empty_label=gettext_lazy("The communication plan is empty."),
    queryset=selectors.entries_for_plan,
    extra_context=selectors.entry_extra_context,
)
engagements = InlineCollection(
    name="engagements",
    model=Engagement,
    form_class=EngagementForm,
    section_key="communication",
    row_template="communication/partials/engagement_row.html",
    label=Engagement._meta.verbose_name,
    add_label=gettext_lazy("Log an engagement"),
    empty_label=gettext_lazy("No engagement logged yet."),
    queryset=selectors.engagements_for_plan,
    extra_context=selectors.engagement_extra_context,
    orderable=False,
)


@plan_view(Capability.VIEW)
def page(request, access):
    if request.htmx and request.htmx.target == entries.dom_id:
        return entries.render_collection(request, access)
    if request.htmx and request.htmx.target == engagements.dom_id:
        return engagements.render_collection(request, access)
    context = section_context(
        request, access, "communication", entries=entries, engagements=engagements
    )
    all_entries = selectors.with_due_dates(
        list(
            CommunicationEntry.objects.filter(plan=access.plan)
            .select_related("audience_stakeholder")
            .order_by("position", "id")
        )
    )
    context.update(
        q=request.GET.get("q", ""),
        channel=request.GET.get("channel", ""),
        eq=request.GET.get("eq", ""),
        channels=Channel.choices,
        upcoming=selectors.calendar(access.plan, all_entries, days=14)[:15],
        to_engage=selectors.stakeholders_to_engage(access.plan, all_entries),
    )
    return render(request, "communication/page.html", context)


@plan_view(Capability.VIEW)
def calendar(request, access):
    occurrences = selectors.calendar(access.plan)
    context = {
        "plan": access.plan,
        "access": access,
        "nav_active": "communication",
        "months": selectors.calendar_by_month(occurrences),
        "overdue_count": sum(1 for o in occurrences if o["overdue"]),
        "days": selectors.CALENDAR_DAYS,
        "can_edit": access.can(Capability.EDIT),
    }
    return render(request, "communication/calendar.html", context)


@plan_view(Capability.EDIT, methods=["POST"], objects={"pk": CommunicationEntry})
def entry_done(request, access, pk):
    try:
        services.communication_mark_done(
            entry=pk, expected_version=request.POST.get("version"), user=request.user
        )
    except ConflictError:
        messages.error(request, _("Someone else changed this communication. Check it again."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The communication has been marked as held today."))
    if request.htmx and request.POST.get("next") != "calendar":
        return entries.render_collection(request, access)
    target = (
        "communication:calendar" if request.POST.get("next") == "calendar" else "communication:page"
    )
    return redirect(target, plan=access.plan.uuid)


@plan_view(Capability.EDIT, methods=["POST"], objects={"pk": Engagement})
def follow_up_task(request, access, pk):
    raw = request.POST.get("index", "")
    index = int(raw) if raw.isdigit() else None
    try:
        task = services.follow_up_to_task(engagement=pk, index=index, user=request.user)
    except ValidationError as error:
        if request.htmx:
            response = engagements.render_collection(request, access)
            response.status_code = 400
            return response
        messages.error(request, " ".join(error.messages))
        return redirect("communication:page", plan=access.plan.uuid)
    if request.htmx:
        return engagements.render_collection(request, access)
    messages.success(
        request,
        _("The task “%(title)s” has been added to the action plan.") % {"title": task.title},
    )
    return redirect("communication:page", plan=access.plan.uuid)
