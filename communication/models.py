import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plans.models import PlanScopedModel, optional_link, optional_links
from plans.periods import period_field, written_period


class Channel(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    EMAIL = "email", _("E-mail")
    NEWSLETTER = "newsletter", _("Newsletter")
    WORKSHOP = "workshop", _("Workshop")
    SOCIAL = "social_media", _("Social media")
    PRESS = "press", _("Press")
    WEBSITE = "website", _("Website")
    POSTAL = "postal_mail", _("Postal mail")
    TELEPHONE = "telephone", _("Telephone")
    REPORT = "published_report", _("Published report")
    OTHER = "other", _("Other (say which)")


class Frequency(models.TextChoices):
    ONCE = "once", _("Once")
    WEEKLY = "weekly", _("Weekly")
    FORTNIGHTLY = "fortnightly", _("Every two weeks")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    HALF_YEARLY = "half_yearly", _("Every six months")
    YEARLY = "yearly", _("Yearly")
    BIENNIAL = "every_two_years", _("Every two years")
    AS_NEEDED = "as_needed", _("As needed (irregular)")


MONTHS = {
    Frequency.MONTHLY: 1,
    Frequency.QUARTERLY: 3,
    Frequency.HALF_YEARLY: 6,
    Frequency.YEARLY: 12,
    Frequency.BIENNIAL: 24,
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
    Frequency.BIENNIAL: 731,
}
# Held once, or whenever needed: no recurring occurrences follow the first date.
UNSCHEDULED = (Frequency.ONCE, Frequency.AS_NEEDED)


def add_period(date, frequency, count=1):
    """``date`` moved ``count`` periods forward (months clamp to the month's last day)."""
    if frequency in DAYS:
        return date + datetime.timedelta(days=DAYS[frequency] * count)
    index = date.year * 12 + date.month - 1 + MONTHS[frequency] * count
    year, month = index // 12, index % 12 + 1
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return datetime.date(year, month, min(date.day, (following - datetime.timedelta(days=1)).day))


def channel_label(channel, label, other):
    """A channel's name, or for another channel the name the planner gave it."""
    if channel == Channel.OTHER and other:
        return _("Other: %(channel)s") % {"channel": other}
    return str(label)


class CommunicationEntry(PlanScopedModel):
    """One line of the communication plan: who hears what, how, how often, from whom."""

    # What a planner edits: the form's fields and, with what is derived, the snapshot's.
    EDITABLE_FIELDS = (
        "audience_stakeholder",
        "audience_group",
        "key_messages",
        "channel",
        "channel_other",
        "frequency",
        "period",
        "start_date",
        "owner",
        "feedback_mechanism",
        "last_done_on",
    )

    audience_stakeholder = optional_link(
        "assessments.Stakeholder",
        _("stakeholder"),
        related_name="communication_entries",
        help_text=_("A stakeholder of the plan…"),
    )
    audience_group = models.CharField(
        _("or a group"),
        max_length=500,
        blank=True,
        help_text=_("…or a group that is not a single stakeholder, e.g. “all parents”."),
    )
    key_messages = models.TextField(_("key messages"), help_text=_("One message per line."))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel)
    channel_other = models.CharField(
        _("which channel"),
        max_length=200,
        blank=True,
        help_text=_("Say which channel, when it is none of the list."),
    )
    # Empty when the plan does not say how often: shown "frequency not given", held once.
    frequency = models.CharField(_("frequency"), max_length=20, choices=Frequency, blank=True)
    # Unknown (empty) when the source does not say: shown "to be determined", and counted as
    # missing by the section's completeness, never replaced by an invented value.
    period = period_field(
        _("when"),
        _(
            "As the plan says it (2025, T1 2025, 2024-2025, année scolaire 2024-2025): it is held "
            "from the start of that period to its end. Leave it empty to give a first date."
        ),
    )
    start_date = models.DateField(
        _("first date"), null=True, blank=True, help_text=_("Leave empty if not yet known.")
    )
    # The last day of the period, when one is given: nothing falls due after it.
    end_date = models.DateField(_("until"), null=True, blank=True, editable=False)
    owner = models.CharField(
        _("owner"),
        max_length=200,
        blank=True,
        help_text=_("Who sends or holds it. Leave empty if not yet known."),
    )
    feedback_mechanism = models.TextField(
        _("feedback mechanism"),
        blank=True,
        help_text=_("How the audience can answer, and how the answers reach the team."),
    )
    last_done_on = models.DateField(_("last held on"), null=True, blank=True)

    class Meta(PlanScopedModel.Meta):
        verbose_name = _("communication")
        verbose_name_plural = _("communication plan")

    def __str__(self):
        return f"{self.audience} – {self.channel_label}"

    @property
    def channel_label(self):
        """The channel as the page and the document print it ("Other: local radio")."""
        return channel_label(self.channel, self.get_channel_display(), self.channel_other)

    @property
    def audience(self):
        return self.audience_stakeholder.name if self.audience_stakeholder else self.audience_group

    def clean(self):
        errors = {}
        if self.period:
            self.period, self.start_date, self.end_date = written_period(self.period)
        if not self.period:  # a first date, with no end
            self.end_date = None
        group = self.audience_group.strip()
        if self.audience_stakeholder_id and group:
            errors["audience_group"] = _("Choose a stakeholder or name a group, not both.")
        elif not self.audience_stakeholder_id and not group:
            errors["audience_stakeholder"] = _(
                "Say who the audience is: choose a stakeholder or name a group."
            )
        if self.channel == Channel.OTHER:
            self.channel_other = self.channel_other.strip()
            if not self.channel_other:
                errors["channel_other"] = _("Say which channel.")
        else:
            # The text belongs to "other" only: it is not kept beside a channel of the list.
            self.channel_other = ""
        if self.last_done_on and self.last_done_on > timezone.localdate():
            errors["last_done_on"] = _("This date is in the future.")
        if self.last_done_on and self.start_date and self.last_done_on < self.start_date:
            errors["last_done_on"] = (
                _("This date comes before the period.")
                if self.period
                else _("This date comes before the first date.")
            )
        if errors:
            raise ValidationError(errors)

    def next_due(self):
        """The next date this communication is due.

        None when it has no first date yet (not scheduled: no date is invented), once a one-off
        or an as-needed communication has been held, and once its period is over.
        """
        if self.start_date is None:
            return None
        if self.last_done_on is None:
            return self.start_date
        if self.frequency in UNSCHEDULED or not self.frequency:
            return None
        due, count = self.start_date, 0
        while due <= self.last_done_on:
            count += 1
            due = add_period(self.start_date, self.frequency, count)
        if self.end_date and due > self.end_date:
            return None
        return due


def follow_up_title(line):
    """The title of the task a follow-up becomes: the line, as much as a task title holds."""
    from django.apps import apps

    task = apps.get_model("actions", "Task")
    return line[: task._meta.get_field("title").max_length]


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
    title = models.CharField(_("title"), max_length=500)
    date = models.DateField(_("date"))
    participants = optional_links(
        "assessments.Stakeholder", _("participants"), related_name="engagement_logs"
    )
    summary = models.TextField(_("summary"))
    concerns = models.TextField(_("concerns raised"), blank=True)
    follow_ups = models.TextField(
        _("follow-ups"), blank=True, help_text=_("One follow-up per line; each can become a task.")
    )
    follow_up_tasks = models.ManyToManyField(
        "actions.Task", verbose_name=_("tasks created"), blank=True, related_name="+"
    )

    _history_m2m_fields = [
        "participants",
        "follow_up_tasks",
    ]

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
