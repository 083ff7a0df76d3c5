import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models import stakeholder_owner_field
from plans.models import (
    Plan,
    PlanScopedModel,
    optional_link,
    optional_links,
    outside_owner_field,
)
from plans.periods import period_field, written_period


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    BLOCKED = "blocked", _("Blocked")
    DONE = "done", _("Done")


class Priority(models.IntegerChoices):
    LOW = 1, _("Low")
    MEDIUM = 2, _("Medium")
    HIGH = 3, _("High")
    CRITICAL = 4, _("Critical")


class Task(PlanScopedModel):
    """A task of the action plan."""

    # What a planner edits: the form's fields and, with what is derived, the snapshot's.
    EDITABLE_FIELDS = (
        "title",
        "description",
        "responsible",
        "responsible_stakeholder",
        "responsible_other",
        "period",
        "start_date",
        "due_date",
        "status",
        "priority",
        "progress",
        "depends_on",
        "goal",
        "method",
        "budget_lines",
        "allocations",
    )

    title = models.CharField(_("task"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    responsible = optional_link("resources.TeamMember", _("responsible"), related_name="tasks")
    responsible_stakeholder = stakeholder_owner_field(_("stakeholder who leads it"), "led_tasks")
    responsible_other = outside_owner_field(_("responsible outside the team"))
    period = period_field(
        _("when"),
        _(
            "As the plan says it (2025, T1 2025, 2023-2024, année scolaire 2024-2025): the start "
            "and due dates follow from it. Leave it empty to give the dates themselves."
        ),
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.NOT_STARTED
    )
    # Unknown (empty) when the plan does not rank its actions: shown "priority not set".
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority, null=True, blank=True
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"),
        null=True,
        blank=True,
        help_text=_("Leave it empty while nobody has reported the progress."),
        validators=[
            MinValueValidator(0, message=_("Progress is a percentage between 0 and 100.")),
            MaxValueValidator(100, message=_("Progress is a percentage between 0 and 100.")),
        ],
    )
    depends_on = optional_links(
        "self",
        _("depends on"),
        symmetrical=False,
        related_name="dependents",
        help_text=_("Tasks that must end before this one starts."),
    )
    goal = optional_link("objectives.Goal", _("goal it serves"), related_name="tasks")
    method = optional_link("strategy.Method", _("method it delivers"), related_name="tasks")
    # The action plan says which money and whose time go to each task: resources (people and
    # money) is the lower layer and knows nothing of tasks.
    budget_lines = optional_links(
        "resources.BudgetLine", _("budget lines that pay for it"), related_name="tasks"
    )
    allocations = optional_links(
        "resources.Allocation",
        _("team time given to it"),
        related_name="tasks",
        help_text=_("Team members' time, booked in the resources section, that goes to this task."),
    )

    _history_m2m_fields = ["depends_on", "budget_lines", "allocations"]

    class Meta(PlanScopedModel.Meta):
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        constraints = [
            models.CheckConstraint(
                condition=Q(due_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(due_date__gte=models.F("start_date")),
                name="task_due_not_before_start",
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="task_progress_at_most_100"
            ),
        ]

    def __str__(self):
        return self.title

    def is_late(self, today=None):
        today = today or timezone.localdate()
        return bool(self.due_date and self.due_date < today and self.status != Status.DONE)

    def clean(self):
        errors = {}
        if self.period:
            self.period, self.start_date, self.due_date = written_period(self.period)
            if not self.period:  # a single day is a due date
                self.start_date = None
        if self.start_date and self.due_date and self.due_date < self.start_date:
            errors["due_date"] = _("The due date cannot come before the start date.")
        plan = self.plan if self.plan_id else None
        if plan is not None:
            for name in ("start_date", "due_date"):
                value = getattr(self, name)
                if value and (
                    (plan.start_date and value < plan.start_date)
                    or (plan.end_date and value > plan.end_date)
                ):
                    errors.setdefault(name, _("The date must fall within the plan's dates."))
        if self.status == Status.DONE and self.progress != 100 and self.progress is not None:
            self.progress = 100
        if errors:
            raise ValidationError(errors)


class Milestone(PlanScopedModel):
    """A point in time the plan must reach: a decision, a delivery, a launch."""

    title = models.CharField(_("milestone"), max_length=500)
    period = period_field(
        _("when"),
        _(
            "As the plan says it (2025, T1 2025, 2023-2024): the milestone falls due at its end. "
            "Leave it empty to give the date itself."
        ),
    )
    period_start = models.DateField(_("period starts"), null=True, blank=True, editable=False)
    # Unknown (empty) while the plan gives no date: shown "date to be determined".
    date = models.DateField(
        _("date"), null=True, blank=True, help_text=_("Leave empty if not yet known.")
    )
    description = models.TextField(_("description"), blank=True)
    tasks = optional_links(Task, _("tasks that lead to it"), related_name="milestones")

    _history_m2m_fields = ["tasks"]

    class Meta(PlanScopedModel.Meta):
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return self.title

    def clean(self):
        if self.period:
            self.period, self.period_start, self.date = written_period(self.period)
        if not self.period:  # a date, not a period
            self.period_start = None
        plan = self.plan if self.plan_id else None
        outside = plan is not None and (
            (plan.start_date and self.date and self.date < plan.start_date)
            or (plan.end_date and self.date and self.date > plan.end_date)
        )
        if outside:
            field = "period" if self.period else "date"
            raise ValidationError({field: _("The date must fall within the plan's dates.")})


class Raci(models.TextChoices):
    RESPONSIBLE = "R", _("Responsible")
    ACCOUNTABLE = "A", _("Accountable")
    CONSULTED = "C", _("Consulted")
    INFORMED = "I", _("Informed")


class RaciAssignment(PlanScopedModel):
    """One cell of the RACI matrix: the part a team member plays in a task."""

    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="raci"
    )
    member = models.ForeignKey(
        "resources.TeamMember",
        verbose_name=_("team member"),
        on_delete=models.CASCADE,
        related_name="raci",
    )
    role = models.CharField(_("part"), max_length=1, choices=Raci)

    class Meta(PlanScopedModel.Meta):
        verbose_name = _("RACI assignment")
        verbose_name_plural = _("RACI assignments")
        constraints = [
            models.UniqueConstraint(fields=["task", "member"], name="one_raci_part_per_member"),
            models.UniqueConstraint(
                fields=["task"], condition=Q(role="A"), name="one_accountable_per_task"
            ),
        ]

    def __str__(self):
        return f"{self.task} – {self.member}: {self.role}"


def new_calendar_token():
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A secret address at which one person's calendar reads a plan's tasks and milestones.

    Anyone holding the address can read the feed, so it can be revoked; a revoked or
    replaced address stops working at once.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "user"],
                condition=Q(revoked_at__isnull=True),
                name="one_active_calendar_feed_per_member",
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.plan}"
