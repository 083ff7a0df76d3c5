"""The legal & ethical compliance section: registered with the plan in ``apps.ready()``."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from plans.sections import Completeness, Section

from . import selectors
from .demo import demo
from .models import PersonalDataRecord, Requirement, RequirementStatus

GUIDANCE = _(
    "List the rules the intervention must respect: data protection (such as the GDPR), the "
    "rules of its sector and local law. For each, say how the plan complies, what proves it, "
    "who is responsible and when it will be checked again. Start from the list suggested for "
    "the plan's sector and adapt it.\n"
    "Describe each use of personal data: what is collected, why, on which legal basis, for how "
    "long and who can see it. Record consent by group and say where the proof is kept; the "
    "register itself holds no names, addresses or numbers.\n"
    "When a choice weighs one value against another (privacy against safety, one group's "
    "benefit against another's), write the dilemma down, the options, the principles at "
    "stake, the decision, its reasons, who took it and when."
)


def completeness(plan):
    stats = Requirement.objects.filter(plan=plan).aggregate(
        total=Count("id"),
        data_protection=Count("id", filter=Q(category="data_protection")),
        unassessed=Count("id", filter=Q(status=RequirementStatus.TO_ASSESS)),
        without_review=Count(
            "id",
            filter=Q(next_review__isnull=True) & ~Q(status=RequirementStatus.NOT_APPLICABLE),
        ),
    )
    has_data = PersonalDataRecord.objects.filter(plan=plan).exists()
    has = stats["total"] > 0
    return Completeness.of(
        (stats["data_protection"], _("List at least one data protection requirement.")),
        (has and not stats["unassessed"], _("Assess every requirement of the checklist.")),
        (
            has and not stats["without_review"],
            _("Give every applicable requirement a next review date."),
        ),
        (has_data, _("Describe the personal data the intervention uses, if any.")),
    )


section = Section(
    key="compliance",
    title=_("Legal & ethical compliance"),
    order=100,
    guidance=GUIDANCE,
    snapshot=selectors.snapshot,
    completeness=completeness,
    items=(
        selectors.REQUIREMENT,
        selectors.PERSONAL_DATA,
        selectors.CONSENT,
        selectors.ETHICAL_ISSUE,
    ),
    demo=demo,
)
