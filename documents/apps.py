from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Plan documents")

    def ready(self):
        from plans.sections.extensions import extensions

        from .demo import DocumentsExtension

        extensions.register(DocumentsExtension())
