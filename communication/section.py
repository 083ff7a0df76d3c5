"""The communication & engagement section: registered with the plan in ``apps.ready()``."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from plans.sections import Completeness, Section, none_lacking

from . import selectors
from .demo import demo
from .models import CommunicationEntry, Engagement

GUIDANCE = _(
    "Plan who needs to hear from the team, what they need to hear, through which channel and "
    "how often. Each audience is a stakeholder from the needs assessment or a wider group. "
    "Keep the key messages short and adapted to each audience, name the person who sends them, "
    "and say how the audience can answer: communication that never listens erodes trust.\n"
    "The calendar follows from the frequencies and flags what is late.\n"
    "Log every meeting, workshop and feedback session: who took part, what was said, the "
    "concerns raised and what must follow. A follow-up can become a task of the action plan in "
    "one click. Stakeholders who have not been engaged as often as the plan says are flagged."
)


UNDETERMINED = ngettext_lazy(
    "%(count)s communication has no owner or no first date yet.",
    "%(count)s communications have no owner or no first date yet.",
    "count",
)


def completeness(plan):
    stats = CommunicationEntry.objects.filter(plan=plan).aggregate(
        total=Count("id"),
        without_feedback=Count("id", filter=Q(feedback_mechanism="")),
        # Unknown owners and first dates are kept as unknown, and counted here as missing.
        undetermined=Count("id", filter=Q(owner="") | Q(start_date__isnull=True)),
        stakeholders=Count("audience_stakeholder", distinct=True),
    )
    engaged = Engagement.objects.filter(plan=plan).exists()
    return Completeness.of(
        (stats["total"], _("Plan at least one communication.")),
        (
            stats["stakeholders"],
            _("Address at least one stakeholder directly in the communication plan."),
        ),
        (
            stats["total"] and not stats["without_feedback"],
            _("Give every communication a feedback mechanism."),
        ),
        # Without any communication, "Plan at least one communication" already says it.
        none_lacking(stats["total"], stats["undetermined"], UNDETERMINED),
        (engaged, _("Log at least one engagement with stakeholders.")),
    )


section = Section(
    key="communication",
    title=_("Communication & engagement"),
    order=90,
    guidance=GUIDANCE,
    snapshot=selectors.snapshot,
    completeness=completeness,
    items=(selectors.ENTRY, selectors.ENGAGEMENT),
    demo=demo,
    # The demo addresses the stakeholders of the needs assessment (made by the assessments demo
    # today; by the stakeholders section's own, should it get one): those demos run first.
    demo_after=("assessments", "stakeholders"),
)
