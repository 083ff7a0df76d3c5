"""The needs assessment (order 30) and stakeholders (order 35) sections."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from plans.sections import Completeness, Section, none_lacking

from . import selectors
from .demo import demo, stakeholders_demo
from .models import Evidence, Need, Quadrant, Requirement, Stakeholder, SwotItem

GUIDANCE = _(
    "Find out what really needs to change before choosing what to do.\n"
    "Write each need as a gap felt by a named group, rate how severe it is and how urgent, and "
    "back it with evidence from more than one kind of source: counts and statistics say how "
    "big a problem is, interviews and observation say why it happens.\n"
    "The SWOT grid sets what you can build on (strengths, opportunities) against what works "
    "against you (weaknesses, threats); link its items to the needs they concern.\n"
    "The problem tree keeps asking “why?” under each need until you reach causes the plan can "
    "act on. A plan that treats symptoms only will see the need come back."
)

STAKEHOLDER_GUIDANCE = _(
    "List everyone who is affected by the plan or can affect it: the people it serves, those "
    "who fund or authorise it, partners, and the team.\n"
    "Score each one's interest in the outcome and influence over it from 1 to 5; the grid then "
    "says how to treat them: manage closely those with high stakes on both counts, keep the "
    "powerful satisfied, keep the interested informed, and monitor the rest.\n"
    "Write down what each expects and the concrete requirements they bring, with a priority and "
    "where each stands, so conflicts surface early rather than at approval time. The "
    "communication plan builds on this register."
)

NO_EVIDENCE = ngettext_lazy(
    "%(count)s need has no evidence yet.", "%(count)s needs have no evidence yet.", "count"
)
NO_APPROACH = ngettext_lazy(
    "%(count)s stakeholder has no engagement approach yet.",
    "%(count)s stakeholders have no engagement approach yet.",
    "count",
)


UNRATED_NEEDS = ngettext_lazy(
    "%(count)s need has no severity or priority yet.",
    "%(count)s needs have no severity or priority yet.",
    "count",
)
NO_REFERENCE = ngettext_lazy(
    "%(count)s evidence source has no reference or file yet.",
    "%(count)s evidence sources have no reference or file yet.",
    "count",
)
UNRATED_STAKEHOLDERS = ngettext_lazy(
    "%(count)s stakeholder has no interest or influence rating yet.",
    "%(count)s stakeholders have no interest or influence rating yet.",
    "count",
)


def completeness(plan):
    """What the needs assessment lacks: needs, their evidence, the SWOT quadrants, causes."""
    needs = Need.objects.filter(plan=plan).aggregate(
        total=Count("id", distinct=True),
        unsupported=Count("id", filter=Q(evidence__isnull=True), distinct=True),
        with_causes=Count("id", filter=Q(causes__isnull=False), distinct=True),
        unrated=Count(
            "id", filter=Q(severity__isnull=True) | Q(priority__isnull=True), distinct=True
        ),
    )
    quadrants = set(SwotItem.objects.filter(plan=plan).values_list("quadrant", flat=True))
    # A source known only by name is kept, and counted here as still missing its reference.
    sources = Evidence.objects.filter(plan=plan).aggregate(
        total=Count("id"), unsourced=Count("id", filter=Q(reference="", file=""))
    )
    return Completeness.of(
        (needs["total"], _("Describe at least one need.")),
        none_lacking(
            needs["total"], needs["unsupported"], NO_EVIDENCE, _("Back each need with evidence.")
        ),
        (len(quadrants) == len(Quadrant), _("Fill each of the four SWOT quadrants.")),
        (
            needs["with_causes"],
            _("Trace the causes of at least one need in the problem tree."),
        ),
        none_lacking(needs["total"], needs["unrated"], UNRATED_NEEDS),
        # Without any source, "Back each need with evidence" already says what to do.
        none_lacking(sources["total"], sources["unsourced"], NO_REFERENCE),
    )


def stakeholders_completeness(plan):
    """What the stakeholder register lacks: stakeholders, an approach for each, requirements."""
    counts = Stakeholder.objects.filter(plan=plan).aggregate(
        total=Count("id", distinct=True),
        no_approach=Count("id", filter=Q(engagement_approach=""), distinct=True),
        unrated=Count("id", filter=selectors.UNRATED, distinct=True),
    )
    return Completeness.of(
        (counts["total"], _("List the stakeholders of the plan.")),
        none_lacking(
            counts["total"],
            counts["no_approach"],
            NO_APPROACH,
            _("Say how you will engage each stakeholder."),
        ),
        none_lacking(
            counts["total"],
            counts["unrated"],
            UNRATED_STAKEHOLDERS,
            _("Rate the interest and influence of every stakeholder."),
        ),
        (
            Requirement.objects.filter(plan=plan).exists(),
            _("Record what the stakeholders require from the plan."),
        ),
    )


assessments_section = Section(
    key="assessments",
    title=_("Needs assessment"),
    order=30,
    guidance=GUIDANCE,
    snapshot=selectors.snapshot,
    completeness=completeness,
    items=selectors.ITEM_TYPES,
    derived=("swot_labels",),  # the quadrants' names, for the document
    demo=demo,
)

stakeholders_section = Section(
    key="stakeholders",
    title=_("Stakeholders"),
    order=35,
    guidance=STAKEHOLDER_GUIDANCE,
    snapshot=selectors.stakeholders_snapshot,
    completeness=stakeholders_completeness,
    document_template="assessments/stakeholders_document.html",
    items=selectors.STAKEHOLDER_ITEM_TYPES,
    demo=stakeholders_demo,
)
