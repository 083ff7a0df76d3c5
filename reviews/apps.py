from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    """The former collaboration app, now split into ``discussions``, ``approvals``, ``history``
    and ``notifications``. It keeps only its migrations: they created the tables those apps use
    (under their old names), and the last one hands the models over to them."""

    name = "reviews"
    verbose_name = _("Reviews (former app)")
