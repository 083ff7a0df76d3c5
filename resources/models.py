from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from plans.models import Membership, PlanScopedModel, optional_link
from plans.periods import period_field, period_or_error

ZERO = Decimal("0")
ONE = Decimal("1")


class Currency(models.TextChoices):
    EUR = "EUR", _("Euro (EUR)")
    USD = "USD", _("US dollar (USD)")
    GBP = "GBP", _("Pound sterling (GBP)")
    CHF = "CHF", _("Swiss franc (CHF)")
    CAD = "CAD", _("Canadian dollar (CAD)")


DEFAULT_CURRENCY = Currency.EUR


class Category(models.TextChoices):
    PERSONNEL = "personnel", _("Personnel")
    MATERIALS = "materials", _("Materials")
    EQUIPMENT = "equipment", _("Equipment")
    SERVICES = "services", _("Services")
    TRAVEL = "travel", _("Travel")
    CONTINGENCY = "contingency", _("Contingency")
    OTHER = "other", _("Other")


def _money_field(verbose_name, **kwargs):
    # 16 digits before the decimal mark: a national programme's budget in any currency fits.
    return models.DecimalField(
        verbose_name,
        max_digits=18,
        decimal_places=2,
        validators=[MinValueValidator(ZERO, message=_("An amount cannot be negative."))],
        **kwargs,
    )


class ResourcesSettings(PlanScopedModel):
    """The plan's budget settings: one currency for every amount, a ceiling, a reserve target."""

    currency = models.CharField(
        _("currency"),
        max_length=3,
        choices=Currency,
        default=DEFAULT_CURRENCY,
        help_text=_("Every budget line of the plan is in this currency."),
    )
    budget_ceiling = _money_field(
        _("budget ceiling"),
        null=True,
        blank=True,
        help_text=_("The most the plan may spend; the page warns when the budget goes over it."),
    )
    contingency_target = models.DecimalField(
        _("contingency reserve target (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("10"),
        validators=[
            MinValueValidator(ZERO, message=_("Enter a share between 0 and 100 %%.")),
            MaxValueValidator(Decimal("100"), message=_("Enter a share between 0 and 100 %%.")),
        ],
        help_text=_("The share of the total budget to keep in reserve for the unexpected."),
    )

    class Meta(PlanScopedModel.Meta):
        verbose_name = _("budget settings")
        verbose_name_plural = _("budget settings")
        constraints = [
            models.UniqueConstraint(fields=["plan"], name="one_resources_settings_per_plan")
        ]

    def __str__(self):
        return str(_("Budget settings"))


class TeamMember(PlanScopedModel):
    """A person working on the plan, with or without an account in Planner."""

    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role in the team"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    user = optional_link(
        settings.AUTH_USER_MODEL,
        _("account"),
        related_name="team_memberships",
        help_text=_("Link the person's account to show them their tasks."),
    )
    headcount = models.PositiveIntegerField(
        _("number of people"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1, message=_("A team line stands for one person or more."))],
        help_text=_("When the line stands for a group (“1 547 nurses”); empty for one person."),
    )
    availability = models.DecimalField(
        _("availability (FTE)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(Decimal("0.01"), message=_("Enter at least 0.01 FTE.")),
        ],
        help_text=_(
            "Full-time equivalents given to the plan (1 = one person full time); empty while "
            "not known."
        ),
    )
    as_needed = models.BooleanField(
        _("as needed"),
        default=False,
        help_text=_("Called on when needed, with no set share of time."),
    )
    cost_rate = _money_field(
        _("daily cost rate"), null=True, blank=True, help_text=_("Cost of one day of work.")
    )
    skills = models.CharField(
        _("skills"), max_length=500, blank=True, help_text=_("Separate skills with commas.")
    )

    class Meta(PlanScopedModel.Meta):
        verbose_name = _("team member")
        verbose_name_plural = _("team members")

    def __str__(self):
        return self.name

    @property
    def skill_list(self):
        return [s.strip() for s in self.skills.split(",") if s.strip()]

    @property
    def capacity(self):
        """The most FTE the line can give: one per person it stands for."""
        return Decimal(self.headcount or 1)

    def clean(self):
        if self.as_needed and self.availability is not None:
            raise ValidationError(
                {"availability": _("Leave the availability empty for someone called on as needed.")}
            )
        if self.availability is not None and self.availability > self.capacity:
            raise ValidationError(
                {
                    "availability": _(
                        "%(people)s person(s) can give at most %(fte)s FTE: enter the number of "
                        "people the line stands for, or a smaller share."
                    )
                    % {"people": self.headcount or 1, "fte": self.capacity}
                }
            )
        if (
            self.user_id
            and self.plan_id
            and not Membership.objects.filter(plan_id=self.plan_id, user_id=self.user_id).exists()
        ):
            raise ValidationError({"user": _("Choose the account of a member of this plan.")})


class BudgetLine(PlanScopedModel):
    """One line of the budget: what the money is for, where it comes from, how far it is spent."""

    category = models.CharField(
        _("category"), max_length=20, choices=Category, default=Category.OTHER
    )
    description = models.CharField(_("description"), max_length=300)
    amount = _money_field(
        _("planned amount"),
        null=True,
        blank=True,
        help_text=_("Leave it empty while the amount is not known: totals leave the line out."),
    )
    currency = models.CharField(_("currency"), max_length=3, choices=Currency)
    committed = _money_field(
        _("committed"), null=True, blank=True, help_text=_("Ordered or contracted, not yet paid.")
    )
    spent = _money_field(_("spent"), null=True, blank=True, help_text=_("Already paid."))
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sub_lines",
        help_text=_(
            "A line that details part of another (“of which …”): totals count the larger line only."
        ),
    )
    funding_source = models.CharField(_("funding source"), max_length=200, blank=True)
    # The years the amount is for, as the budget gives them ("2023-2024", "exercice 2024-2025").
    period = period_field(
        _("period"),
        _("The years the amount is for, as the budget writes them: 2024, 2023-2024…"),
    )
    period_start = models.DateField(_("period start"), null=True, blank=True, editable=False)
    period_end = models.DateField(_("period end"), null=True, blank=True, editable=False)
    # The tasks a line pays for are the action plan's ``Task.budget_lines`` (``line.tasks``).

    class Meta(PlanScopedModel.Meta):
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0) & Q(committed__gte=0) & Q(spent__gte=0),
                name="budget_amounts_not_negative",
            )
        ]

    def __str__(self):
        return self.description

    def clean(self):
        if self.period:  # kept as written; its first and last day for sorting and totals
            found = period_or_error(self.period)
            self.period_start, self.period_end = found.start, found.end
        else:
            self.period_start = self.period_end = None
        if self.parent_id is not None:
            if self.parent_id == self.pk:
                raise ValidationError({"parent": _("A budget line cannot be part of itself.")})
            if self.parent is not None and self.parent.parent_id is not None:
                raise ValidationError(
                    {"parent": _("Choose a line that is not itself part of another line.")}
                )
            if self.pk and BudgetLine.objects.filter(parent_id=self.pk).exists():
                raise ValidationError(
                    {"parent": _("This line has lines of its own: it cannot be part of another.")}
                )
        if self.plan_id and self.currency:
            expected = plan_currency(self.plan_id)
            if self.currency != expected:
                raise ValidationError(
                    {
                        "currency": _(
                            "This plan's budget is in %(currency)s: enter the amount in "
                            "%(currency)s."
                        )
                        % {"currency": expected}
                    }
                )


class Allocation(PlanScopedModel):
    """A share of a team member's time given to a piece of work over a period."""

    member = models.ForeignKey(
        TeamMember,
        verbose_name=_("team member"),
        on_delete=models.CASCADE,
        related_name="allocations",
    )
    # The tasks the time goes to are the action plan's ``Task.allocations`` (``allocation.tasks``);
    # the allocation itself says what the work is, so it reads without the action plan.
    label = models.CharField(_("work"), max_length=200, help_text=_("What the time is for."))
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"))
    fte = models.DecimalField(
        _("share of time (FTE)"),
        max_digits=4,
        decimal_places=2,
        validators=[
            MinValueValidator(Decimal("0.01"), message=_("Enter a share between 0.01 and 1.")),
            MaxValueValidator(ONE, message=_("Enter a share between 0.01 and 1.")),
        ],
        help_text=_("0.5 means half of a full-time week."),
    )

    class Meta(PlanScopedModel.Meta):
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="allocation_end_not_before_start",
            )
        ]

    def __str__(self):
        return f"{self.member} – {self.label}"

    @property
    def work(self):
        """The titles of the tasks the time goes to, else the work described.

        Reads ``tasks`` (the action plan's link): selectors prefetch it by name.
        """
        return ", ".join(task.title for task in self.tasks.all()) or self.label

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("The end date cannot come before the start date.")}
            )


def plan_currency(plan_id):
    value = (
        ResourcesSettings.objects.filter(plan_id=plan_id).values_list("currency", flat=True).first()
    )
    return value or DEFAULT_CURRENCY
