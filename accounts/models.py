from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person using Planner. People sign in with their e-mail address as username."""

    display_name = models.CharField(_("display name"), max_length=150, blank=True)
    language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.name

    @property
    def name(self):
        return self.display_name or self.get_full_name() or self.email or self.username
