import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from .dates import bounded_date_errors


def optional_link(to, verbose_name, **options):
    """A link a planner may leave empty, emptied (not deleted) when what it points to goes:
    a task's goal, a risk's owner, a document's requester."""
    return models.ForeignKey(
        to,
        verbose_name=verbose_name,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        **options,
    )


def optional_links(to, verbose_name, **options):
    """Links a planner may give or not: the goals a task serves, the risks a KPI watches."""
    return models.ManyToManyField(to, verbose_name=verbose_name, blank=True, **options)


class BackgroundWorkQuerySet(models.QuerySet):
    """The states of background work, read from the row's model (``plans.background``)."""

    def claim(self, pk, *, now=None):
        """Take the row for this worker in one UPDATE whose WHERE clause holds the state: its
        new ``started_at``, or None when another worker has it, it is finished, or it has used
        up its attempts. A row left running by a dead worker can be taken again once its lease
        (the task's time limit) is over."""
        model, now = self.model, now or timezone.now()
        claimed = (
            self.filter(pk=pk, attempts__lte=model.MAX_ATTEMPTS)
            .filter(
                Q(status=model.QUEUED) | Q(status=model.RUNNING, started_at__lt=now - model.lease())
            )
            .update(status=model.RUNNING, started_at=now, attempts=F("attempts") + 1)
        )
        return now if claimed == 1 else None

    def refused(self, pk, *, now=None):
        """Why ``claim`` gave nothing, and what the task should do: ``("skipped", 0)`` when the
        row is gone or finished, ``("busy", seconds)`` while another worker's lease holds (look
        again then), ``("failed", 0)`` when its attempts are used up (it is failed now)."""
        now = now or timezone.now()
        row = self.filter(pk=pk).only("status", "started_at", "attempts").first()
        if row is None or row.status != self.model.RUNNING:
            return "skipped", 0
        lease_end = row.started_at + self.model.lease()
        if lease_end > now:
            return "busy", max(1.0, (lease_end - now).total_seconds() + 1)
        self.fail(pk, row.started_at, GAVE_UP)
        return "failed", 0

    def still_mine(self, pk, started_at):
        """The row, if this worker's claim still holds (its lease may have run out)."""
        return self.filter(pk=pk, status=self.model.RUNNING, started_at=started_at)

    def fail(self, pk, started_at, reason, **fields):
        """Mark the row failed with the reason, if it is still this worker's."""
        return self.still_mine(pk, started_at).update(
            status="failed", error=str(reason)[:2000], finished_at=timezone.now(), **fields
        )

    def stale(self, *, now=None):
        """Rows still running after their lease: the worker that took them most likely
        stopped (the time limit would have ended the task by now)."""
        now = now or timezone.now()
        return self.filter(status=self.model.RUNNING, started_at__lt=now - self.model.lease())

    def requeue(self, pk, *, now=None, **fields):
        """Queue a failed row, or one left running past its lease, again with all its
        attempts: one UPDATE whose WHERE clause holds the state, so of two people asking at
        once only one queues it, and a worker that was only slow cannot store its result
        afterwards (its claim no longer holds). Returns whether it was queued."""
        model, now = self.model, now or timezone.now()
        stale = Q(status=model.RUNNING, started_at__lt=now - model.lease())
        return (
            self.filter(Q(status="failed") | stale, pk=pk).update(
                status=model.QUEUED,
                error="",
                attempts=0,
                enqueued_at=None,
                dispatch_error="",
                started_at=None,
                finished_at=None,
                **fields,
            )
            == 1
        )

    def _waiting(self, now):
        model = self.model
        return self.filter(
            Q(status=model.QUEUED, enqueued_at__isnull=True)
            | Q(status=model.QUEUED, enqueued_at__lt=now - model.REDISPATCH_AFTER)
            # Claimed by a worker that died and whose message was lost with the broker.
            | Q(status=model.RUNNING, started_at__lt=now - model.lease() - model.REDISPATCH_AFTER)
        )

    def to_redispatch(self, *, now=None):
        """The rows that should be queued but whose message never reached the broker or was
        lost, and that have attempts left."""
        return self._waiting(now or timezone.now()).filter(attempts__lte=self.model.MAX_ATTEMPTS)

    def give_up(self, *, now=None):
        """Fail the rows that are waiting again after using up their attempts (each worker that
        took them died): sending them again would kill the next one the same way. Returns how
        many."""
        now = now or timezone.now()
        return (
            self._waiting(now)
            .filter(attempts__gt=self.model.MAX_ATTEMPTS)
            .update(status="failed", error=str(GAVE_UP), finished_at=now)
        )


GAVE_UP = _(
    "The work was started several times and never finished (the worker stopped each time). "
    "Ask for it again; if it fails again, the plan may be too large for the worker's memory."
)


class BackgroundWork(models.Model):
    """What a row of background work has (``plans.background``: a PDF, a plan file, an import):
    who asked and when, its hand-over to the broker, its run and its attempts. The model adds
    its ``status`` (queued -> running or rendering -> ready | failed), names its running state,
    its time limit and attempts, and what it produces."""

    QUEUED = "queued"
    RUNNING = "running"
    TIME_LIMIT_SETTING = ""  # the setting of the task's time limit in seconds: its lease
    MAX_ATTEMPTS = 3  # retries after the first run
    # A queued row whose message was handed to the broker this long ago without being picked
    # up is sent again (the broker may have lost it). A duplicate message is harmless: the
    # claim lets only one through.
    REDISPATCH_AFTER = timedelta(minutes=10)

    requested_by = optional_link(settings.AUTH_USER_MODEL, _("requested by"), related_name="+")
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    # When the task was last handed to the broker; empty while the broker could not be reached.
    enqueued_at = models.DateTimeField(null=True, blank=True)
    dispatch_error = models.CharField(max_length=255, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    error = models.TextField(_("reason"), blank=True)

    objects = BackgroundWorkQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-requested_at", "-id"]

    @classmethod
    def lease(cls):
        return timedelta(seconds=getattr(settings, cls.TIME_LIMIT_SETTING))

    @property
    def is_finished(self):
        return self.status in ("ready", "failed")

    @property
    def is_stale(self):
        """Still running after its lease: its worker has most likely stopped."""
        return (
            self.status == self.RUNNING
            and self.started_at is not None
            and self.started_at < timezone.now() - self.lease()
        )

    @property
    def can_retry(self):
        return self.status == "failed" or self.is_stale

    @property
    def waiting_for_broker(self):
        return self.status == self.QUEUED and self.enqueued_at is None


class Sector(models.TextChoices):
    URBAN = "urban", _("Urban development")
    EDUCATION = "education", _("Education")
    HEALTH = "health", _("Public health")
    SAFETY = "safety", _("Public safety")
    EMERGENCY = "emergency", _("Emergency response")
    OTHER = "other", _("Other")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    APPROVED = "approved", _("Approved")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


# Statuses a plan reaches only after it was approved.
APPROVED_STATUSES = frozenset({PlanStatus.APPROVED, PlanStatus.ACTIVE, PlanStatus.CLOSED})


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    PLANNER = "planner", pgettext_lazy("role", "Planner")
    APPROVER = "approver", _("Approver")
    STAKEHOLDER = "stakeholder", _("Stakeholder")
    VIEWER = "viewer", _("Viewer")


class Plan(models.Model):
    # The fields a planner edits (the form, the update service and the snapshot's details).
    EDITABLE_FIELDS = (
        "title",
        "problem_statement",
        "sector",
        "organisation",
        "reference",
        "geographic_area",
        "start_date",
        "end_date",
        "language",
    )

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    problem_statement = models.TextField(
        _("problem statement"),
        blank=True,
        help_text=_("The situation this plan sets out to change, and why it matters now."),
    )
    sector = models.CharField(_("sector"), max_length=20, choices=Sector, default=Sector.OTHER)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    reference = models.CharField(
        _("reference"),
        max_length=100,
        blank=True,
        # In the database too: rows written by code that predates the field get "" as well.
        default="",
        db_default="",
        help_text=_("Your organisation's number for this plan, printed on the document's cover."),
    )
    geographic_area = models.CharField(_("geographic area"), max_length=200, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    language = models.CharField(
        _("document language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus, default=PlanStatus.DRAFT
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = optional_link(settings.AUTH_USER_MODEL, _("created by"), related_name="+")
    updated_by = optional_link(settings.AUTH_USER_MODEL, _("updated by"), related_name="+")
    # The plan of the cycle before, when this one was started as its next cycle: items are
    # then compared with what that plan held when this one started (transfer.Cycle).
    previous_cycle = optional_link(
        "self", _("previous cycle"), editable=False, related_name="next_cycles"
    )

    history = HistoricalRecords(excluded_fields=["updated_at", "updated_by", "version"])

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-updated_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gt=models.F("start_date")),
                name="plan_end_after_start",
            )
        ]

    def __str__(self):
        return self.title

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for name, problems in bounded_date_errors(self, exclude).items():
            errors.setdefault(name, problems)
        if errors:
            raise ValidationError(errors)

    def clean(self):
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            raise ValidationError({"end_date": _("The end date must come after the start date.")})


class Membership(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["plan", "user"], name="one_membership_per_user")
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()}"


class Invitation(models.Model):
    """An invitation to join a plan with a role. The link carries a signed token of its id."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=20, choices=Role)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return self.email

    @property
    def is_pending(self):
        return self.accepted_at is None and self.revoked_at is None


def outside_owner_field(verbose_name):
    """Who answers for an item when it is not a team member: an agency, a ministry, a person
    outside the team, as the plan names them (risks, tasks)."""
    return models.CharField(
        verbose_name,
        max_length=300,
        blank=True,
        help_text=_("An organisation or a person who is not on the team, as the plan names them."),
    )


# Fields that change on every save and say nothing to a reader of the history.
HISTORY_EXCLUDED_FIELDS = ["updated_at", "version"]


class PlanScopedModel(models.Model):
    """Base for every item of a plan section.

    Each row belongs to one plan (even nested rows, so every query can be filtered by plan),
    carries a version counter for conflict detection and a position for manual ordering. Every
    item type has its history (inherited: a new one cannot forget it); a model whose links to
    other items must be versioned with it names them in ``_history_m2m_fields``.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(default=0, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED_FIELDS, inherit=True)

    class Meta:
        abstract = True
        ordering = ["position", "id"]

    def clean_fields(self, exclude=None):
        """Field checks, and every link to another item points at an item of the same plan.

        Forms only offer the plan's items, but services are also called by imports, the demo
        and (later) the API: the rule is kept here once for every item type.
        """
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for name, problems in bounded_date_errors(self, exclude).items():
            errors.setdefault(name, problems)
        if self.plan_id is not None:
            for f in self._meta.concrete_fields:
                if not f.many_to_one or f.name == "plan" or f.name in errors:
                    continue
                if exclude and f.name in exclude:
                    continue
                if not other_plan_item(self, f):
                    continue
                errors[f.name] = [ValidationError(same_plan_message(f), code="other_plan")]
        if errors:
            raise ValidationError(errors)


def same_plan_message(field):
    return _("Choose for “%(field)s” an item of this plan.") % {"field": field.verbose_name}


def other_plan_item(instance, field):
    """True when ``instance``'s link ``field`` points at an item of another plan."""
    related = field.related_model
    if not issubclass(related, PlanScopedModel):
        return False
    value = getattr(instance, field.attname)
    if value is None:
        return False
    cached = field.get_cached_value(instance, None)
    if cached is not None and cached.pk == value:
        plan_id = cached.plan_id
    else:
        plan_id = (
            related._default_manager.filter(pk=value).values_list("plan_id", flat=True).first()
        )
    return plan_id != instance.plan_id


class ImmutableVersionError(Exception):
    """Raised on an attempt to change or delete a published version."""


class PlanVersion(models.Model):
    """An immutable published state of a plan: the snapshot of every section, hashed.

    Versions feed the PDF, comparisons between versions and the approval record. They are
    never edited; a new state is a new version. ``save()`` only inserts and ``delete()`` is
    refused. A version still goes when its plan is deleted (the cascade deletes rows in bulk,
    not through ``delete()``), and its author becomes empty when that account is deleted.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("number"))
    label = models.CharField(_("label"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)
    author = optional_link(settings.AUTH_USER_MODEL, _("author"), related_name="+")
    created_at = models.DateTimeField(_("published at"), auto_now_add=True)
    snapshot = models.JSONField(encoder=DjangoJSONEncoder)
    snapshot_hash = models.CharField(max_length=64, db_index=True)

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="one_number_per_plan_version")
        ]

    def __str__(self):
        return f"v{self.number}" + (f" – {self.label}" if self.label else "")

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableVersionError(
                f"Version {self.number} of plan {self.plan_id} is published and cannot be "
                "changed: publish a new version instead."
            )
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableVersionError(
            f"Version {self.number} of plan {self.plan_id} is published and cannot be deleted."
        )

    @classmethod
    def plan_view_queryset(cls):
        """How ``plan_view`` loads a version named by a URL: without its snapshot (megabytes
        of JSON for a large plan), read on first use by the views that need it."""
        return cls._default_manager.defer("snapshot")
