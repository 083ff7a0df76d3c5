"""The communication & engagement section's page, its two lists and the calendar."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans.concurrency import ConflictError
from plans.inputs import parse_int
from plans.permissions import Capability, plan_view
from plans.sections.collection import InlineCollection
from plans.sections.filters import Exact, ListFilter
from plans.sections.page import section_page

from . import selectors, services
from .forms import CommunicationEntryForm, EngagementForm
from .models import CommunicationEntry, Engagement

entries = InlineCollection(
    name="entries",
    form_class=CommunicationEntryForm,
    add_label=gettext_lazy("Add a communication"),
    empty_label=gettext_lazy("The communication plan is empty."),
    queryset=selectors.entries_for_plan,
    extra_context=selectors.entry_extra_context,
    list_filter=ListFilter(
        search=("audience_group", "audience_stakeholder__name", "key_messages", "owner"),
        search_label=gettext_lazy("Search audiences, messages, owners"),
        exact=(Exact("channel", gettext_lazy("Channel"), all_label=gettext_lazy("All channels")),),
    ),
)
engagements = InlineCollection(
    name="engagements",
    title=gettext_lazy("Engagement log"),
    form_class=EngagementForm,
    add_label=gettext_lazy("Log an engagement"),
    empty_label=gettext_lazy("No engagement logged yet."),
    queryset=selectors.engagements_for_plan,
    extra_context=selectors.engagement_extra_context,
    orderable=False,
    list_filter=ListFilter(
        search=("title", "summary", "concerns", "follow_ups", "participants__name"),
        search_label=gettext_lazy("Search the engagement log"),
    ),
)

page = section_page(
    "communication",
    "communication/page.html",
    collections=[entries, engagements],
    extra=lambda request, access, context: selectors.page_overview(access.plan),
)


@plan_view(Capability.VIEW)
def calendar(request, access):
    context = access.page_context(nav_active="communication")
    context.update(can_edit=access.can(Capability.EDIT), **selectors.calendar_page(access.plan))
    return render(request, "communication/calendar.html", context)


@plan_view(Capability.EDIT, methods=["POST"], objects={"pk": CommunicationEntry})
def entry_done(request, access, pk):
    version = request.POST.get("version")
    try:
        services.communication_mark_done(entry=pk, expected_version=version, user=request.user)
        messages.success(request, _("The communication has been marked as held today."))
    except ConflictError:
        messages.error(request, _("Someone else changed this communication. Check it again."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    to_calendar = request.POST.get("next") == "calendar"
    if request.htmx and not to_calendar:
        return entries.render_collection(request, access)
    return redirect(f"communication:{'calendar' if to_calendar else 'page'}", plan=access.plan.uuid)


@plan_view(Capability.EDIT, methods=["POST"], objects={"pk": Engagement})
def follow_up_task(request, access, pk):
    index = parse_int(request.POST.get("index"))
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
    message = _("The task “%(title)s” has been added to the action plan.")
    messages.success(request, message % {"title": task.title})
    return redirect("communication:page", plan=access.plan.uuid)
