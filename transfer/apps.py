from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransferConfig(AppConfig):
    name = "transfer"
    verbose_name = _("Plan files: export, import and clone")

    def ready(self):
        from plans.sections.extensions import extensions

        from .extension import TransferExtension

        extensions.register(TransferExtension())
