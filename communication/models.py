import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plans.models import HISTORY_EXCLUDED_FIELDS, PlanScopedModel


class Channel(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    EMAIL = "email", _("E-mail")
    NEWSLETTER = "newsletter", _("Newsletter")
    WORKSHOP = "workshop", _("Workshop")
    SOCIAL = "social_media", _("Social media")
    PRESS = "press", _("Press")
    WEBSITE = "website", _("Website")


class Frequency(models.TextChoices):
    ONCE = "once", _("Once")
    WEEKLY = "weekly", _("Weekly")
    FORTNIGHTLY = "fortnightly", _("Every two weeks")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    HALF_YEARLY = "half_yearly", _("Every six months")
    YEARLY = "yearly", _("Yearly")


MONTHS = {
    Frequency.MONTHLY: 1,
    Frequency.QUARTERLY: 3,
    Frequency.HALF_YEARLY: 6,
    Frequency.YEARLY: 12,
}
DAYS = {Frequency.WEEKLY: 7, Frequency.FORTNIGHTLY: 14}
# The longest a period of each frequency lasts, for "not engaged for too long".
PERIOD_DAYS = {
    Frequency.WEEKLY: 7,
    Frequency.FORTNIGHTLY: 14,
    Frequency.MONTHLY: 31,
    Frequency.QUARTERLY: 92,
    Frequency.HALF_YEARLY: 184,
    Frequency.YEARLY: 366,
}


def add_period(date, frequency, count=1):
    """``date`` moved ``count`` periods forward (months clamp to the month's last day)."""
    if frequency in DAYS:
        return date + datetime.timedelta(days=DAYS[frequency] * count)
    index = date.year * 12 + date.month - 1 + MONTHS[frequency] * count
    year, month = index // 12, index % 12 + 1
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return datetime.date(year, month, min(date.day, (following - datetime.timedelta(days=1)).day))


class CommunicationEntry(PlanScopedModel):
    """One line of the communication plan: who hears what, how, how often, from whom."""

    audience_stakeholder = models.ForeignKey(
        "assessments.Stakeholder",
        verbose_name=_("stakeholder"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="communication_entries",
        help_text=_("A stakeholder of the plan…"),
    )
    audience_group = models.CharField(
        _("or a group"),
        max_length=200,
        blank=True,
        help_text=_("…or a group that is not a single stakeholder, e.g. “all parents”."),
    )
    key_messages = models.TextField(_("key messages"), help_text=_("One message per line."))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel)
    frequency = models.CharField(
        _("frequency"), max_length=20, choices=Frequency, default=Frequency.MONTHLY
    )
    start_date = models.DateField(_("first date"))
    owner = models.CharField(_("owner"), max_length=200, help_text=_("Who sends or holds it."))
    feedback_mechanism = models.TextField(
        _("feedback mechanism"),
        blank=True,
        help_text=_("How the audience can answer, and how the answers reach the team."),
    )
    last_done_on = models.DateField(_("last held on"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED_FIELDS)

    class Meta(PlanScopedModel.Meta):
        verbose_name = _("communication")
        verbose_name_plural = _("communication plan")

    def __str__(self):
        return f"{self.audience} – {self.get_channel_display()}"

    @property
    def audience(self):
        return self.audience_stakeholder.name if self.audience_stakeholder else self.audience_group

    def clean(self):
        errors = {}
        group = self.audience_group.strip()
        if self.audience_stakeholder_id and group:
            errors["audience_group"] = _("Choose a stakeholder or name a group, not both.")
        elif not self.audience_stakeholder_id and not group:
            errors["audience_stakeholder"] = _(
                "Say who the audience is: choose a stakeholder or name a group."
            )
        if self.last_done_on and self.last_done_on > timezone.localdate():
            errors["last_done_on"] = _("This date is in the future.")
        if self.last_done_on and self.start_date and self.last_done_on < self.start_date:
            errors["last_done_on"] = _("This date comes before the first date.")
        if errors:
            raise ValidationError(errors)

    def next_due(self):
        """The next date this communication is due (None once a one-off has been held)."""
        if self.last_done_on is None:
            return self.start_date
        if self.frequency == Frequency.ONCE:
            return None
        due, count = self.start_date, 0
        while due <= self.last_done_on:
            count += 1
            due = add_period(self.start_date, self.frequency, count)
        return due


class EngagementKind(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    WORKSHOP = "workshop", _("Workshop")
    FEEDBACK = "feedback", _("Feedback session")
    INTERVIEW = "interview", _("Interview")
    VISIT = "visit", _("Site visit")
    OTHER = "other", _("Other")


class Engagement(PlanScopedModel):
    """What happened when the team met stakeholders, and what must follow."""

    kind = models.CharField(_("kind"), max_length=20, choices=EngagementKind)
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    participants = models.ManyToManyField(
        "assessments.Stakeholder",
        verbose_name=_("participants"),
        blank=True,
        related_name="engagement_logs",
    )
    summary = models.TextField(_("summary"))
    concerns = models.TextField(_("concerns raised"), blank=True)
    follow_ups = models.TextField(
        _("follow-ups"), blank=True, help_text=_("One follow-up per line; each can become a task.")
    )
    follow_up_tasks = models.ManyToManyField(
        "actions.Task", verbose_name=_("tasks created"), blank=True, related_name="+"
    )

    history = HistoricalRecords(
        excluded_fields=HISTORY_EXCLUDED_FIELDS, m2m_fields=["participants", "follow_up_tasks"]
    )

    class Meta(PlanScopedModel.Meta):
        verbose_name = _("engagement")
        verbose_name_plural = _("engagement log")
        ordering = ["-date", "-id"]

    def __str__(self):
        return self.title

    def clean(self):
        if self.date and self.date > timezone.localdate():
            raise ValidationError(
                {"date": _("The log records what has happened: the date cannot be in the future.")}
            )

    def follow_up_lines(self):
        return [line.strip() for line in self.follow_ups.splitlines() if line.strip()]
