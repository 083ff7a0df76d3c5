"""The risks & contingency section: registered with the plan in ``apps.ready()``."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from plans.sections import Completeness, Section
from plans.sections.reminders import due

from . import selectors
from .demo import demo
from .models import Risk, Status

GUIDANCE = _(
    "Ask what could stop the plan, before it happens.\n"
    "Rate each risk's likelihood and impact from 1 to 5: their product ranks the register and "
    "places the risk on the heat map. Give each one an owner, the early signs that would show "
    "it coming and a date to look at it again. Link the tasks that reduce it, then rate what "
    "is left once they are done.\n"
    "For the risks in the red, write a contingency plan: what sets it off, what the team does "
    "instead, what it keeps in reserve and who tells whom. Link risks to the assumptions they "
    "threaten and the indicators that would reveal them, so nothing is watched by no one."
)


def completeness(plan):
    risks = Risk.objects.filter(plan=plan)
    counts = risks.aggregate(
        total=Count("id"),
        unowned=Count(
            "id", filter=Q(owner__isnull=True, owner_stakeholder__isnull=True, owner_other="")
        ),
        unrated=Count("id", filter=selectors.UNRATED),
        no_review=Count(
            "id",
            filter=Q(review_date__isnull=True, status__in=[Status.OPEN, Status.MITIGATING]),
        ),
    )
    serious = risks.filter(score__gte=10)
    unmitigated = serious.annotate(n=Count("mitigations")).filter(n=0).exists()
    no_plan_b = serious.annotate(n=Count("contingency_plans")).filter(n=0).exists()
    has = counts["total"] > 0
    return Completeness.of(
        (has, _("Identify the risks that could stop the plan.")),
        (
            has and not counts["unrated"],
            ngettext(
                "%(count)s risk is not yet rated: give its likelihood and impact.",
                "%(count)s risks are not yet rated: give their likelihood and impact.",
                counts["unrated"],
            )
            % {"count": counts["unrated"]}
            if counts["unrated"]
            else _("Rate the likelihood and impact of every risk."),
        ),
        (has and not counts["unowned"], _("Give every risk an owner.")),
        (has and not unmitigated, _("Link a mitigation task to every risk scoring 10 or more.")),
        (has and not no_plan_b, _("Write a contingency plan for every risk scoring 10 or more.")),
        (has and not counts["no_review"], _("Set a review date for every open risk.")),
    )


REVIEW_SOON = _("Risk “%(what)s” is to be reviewed on %(when)s.")
REVIEW_LATE = _("Risk “%(what)s” was to be reviewed on %(when)s.")


def reminders(plan, *, today, until):
    """Risks still open whose review date comes by ``until``, for their owner's account."""
    risks = (
        Risk.objects.filter(plan=plan, review_date__lte=until, owner__user__isnull=False)
        .filter(status__in=(Status.OPEN, Status.MITIGATING))
        .select_related("owner__user")
        .order_by("review_date", "pk")
    )
    url = section.url(plan)
    return [
        due(
            r,
            when=r.review_date,
            today=today,
            soon=REVIEW_SOON,
            late=REVIEW_LATE,
            what=r.title,
            url=url,
            people=[r.owner.user],
        )
        for r in risks
    ]


section = Section(
    key="risks",
    title=_("Risks & contingency"),
    order=60,
    guidance=GUIDANCE,
    snapshot=selectors.snapshot,
    completeness=completeness,
    items=(selectors.RISK, selectors.CONTINGENCY),
    demo=demo,
    # The demo links risks to the action plan's tasks and to the KPIs that would reveal them.
    demo_after=("actions", "monitoring"),
    reminders=reminders,
)
